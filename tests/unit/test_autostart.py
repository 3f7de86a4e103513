"""Start at logon: the Windows .cmd and the XDG .desktop file, written to a temporary folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ivpdesk.services.autostart import (
    MINIMIZED_FLAG,
    Autostart,
    AutostartError,
    desktop_entry,
    launch_command,
    startup_folder,
    windows_cmd,
)

EXE = r"C:\Users\Anne-Marié\AppData\Local\Programs\IVP Desk\IVP Desk.exe"


def test_startup_folders_come_from_the_environment(tmp_path: Path) -> None:
    appdata = str(tmp_path / "Roaming")
    assert startup_folder("windows", {"APPDATA": appdata}) == \
        Path(appdata) / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
    assert startup_folder("linux", {"XDG_CONFIG_HOME": str(tmp_path / "cfg")}) == tmp_path / "cfg" / "autostart"
    assert startup_folder("linux", {"HOME": str(tmp_path)}) == tmp_path / ".config" / "autostart"
    with pytest.raises(AutostartError, match="APPDATA"):
        startup_folder("windows", {})
    with pytest.raises(AutostartError, match="niet ondersteund"):
        startup_folder("darwin", {})


def test_windows_cmd_file_starts_the_exe_minimized(tmp_path: Path) -> None:
    folder = tmp_path / "Startup"
    autostart = Autostart("windows", folder)
    assert not autostart.is_enabled()
    path = autostart.enable([EXE, MINIMIZED_FLAG])
    assert path == folder / "IVP Desk.cmd" and autostart.is_enabled()
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # no BOM: cmd.exe would choke on line one
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[0] == "@echo off"
    assert "chcp 65001 >nul" in lines
    assert f'start "" /min "{EXE}" --geminimaliseerd' in lines
    assert autostart.disable() and not path.exists()
    assert autostart.disable() is False


def test_windows_cmd_escapes_percent_and_quotes_arguments_with_spaces() -> None:
    text = windows_cmd([r"C:\100% zeker\ivp.exe", "--db", r"H:\OOV\plan 2027.sqlite", MINIMIZED_FLAG])
    assert r'start "" /min "C:\100%% zeker\ivp.exe" --db "H:\OOV\plan 2027.sqlite" --geminimaliseerd' in text


def test_linux_desktop_entry_follows_the_specification(tmp_path: Path) -> None:
    autostart = Autostart("linux", tmp_path / "config" / "autostart")
    path = autostart.enable(["/opt/ivp desk/ivpdesk", "--db", "/srv/oov/plan$1.sqlite", MINIMIZED_FLAG])
    assert path.name == "ivpdesk.desktop" and path.stat().st_mode & 0o100
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    assert "Type=Application" in lines and "Name=IVP Desk" in lines
    assert 'Exec="/opt/ivp desk/ivpdesk" --db "/srv/oov/plan\\\\$1.sqlite" --geminimaliseerd' in lines
    assert autostart.disable() and not autostart.is_enabled()


def test_desktop_entry_plain_arguments_stay_unquoted() -> None:
    assert "Exec=/usr/bin/ivpdesk --geminimaliseerd\n" in desktop_entry(["/usr/bin/ivpdesk", MINIMIZED_FLAG])
    assert "100%%" in desktop_entry(["/x/100%/ivpdesk"])


def test_launch_command_ends_with_the_minimized_flag(tmp_path: Path) -> None:
    command = launch_command()
    assert command[-1] == MINIMIZED_FLAG
    assert Path(command[0]).parent == Path(sys.executable).parent
    with_db = launch_command(tmp_path / "plan.sqlite")
    assert with_db[-3:] == ["--db", str(tmp_path / "plan.sqlite"), MINIMIZED_FLAG]


def test_enable_in_an_unwritable_place_is_a_dutch_error(tmp_path: Path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    with pytest.raises(AutostartError, match="Automatisch starten kan niet worden ingesteld"):
        Autostart("linux", blocker / "autostart").enable(["/usr/bin/ivpdesk"])
