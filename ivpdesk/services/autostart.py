"""Start IVP Desk at logon, minimized: a file in the Windows Startup folder or XDG autostart.

Why these files:

* **Windows**: a small ``IVP Desk.cmd`` in ``%APPDATA%\\Microsoft\\Windows\\Start Menu\\
  Programs\\Startup``. Every user may write there (no admin rights), Windows runs what is
  in it at logon, and a .cmd needs nothing else: a shortcut (.lnk) can only be made
  through COM (pywin32 or PowerShell), a .url cannot pass ``--geminimaliseerd``, and
  VBScript (.vbs) is being removed from Windows and is often blocked by gemeente IT.
  The price is a console window that flashes for a moment at logon; ``start /min``
  keeps it small and IVP Desk minimizes itself.
* **Linux**: ``$XDG_CONFIG_HOME/autostart/ivpdesk.desktop`` (default ``~/.config``), the
  freedesktop.org autostart file every desktop environment reads.

Switching it off deletes the file. The folder is injectable so tests write both
variants to a temporary folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ivpdesk import APP_NAME
from ivpdesk.domain.errors import DomainError
from ivpdesk.services.atomic import FileWriteError, write_atomically
from ivpdesk.store.errors import os_error_text

MINIMIZED_FLAG = "--geminimaliseerd"
WINDOWS_FILE = "IVP Desk.cmd"
LINUX_FILE = "ivpdesk.desktop"


class AutostartError(DomainError):
    """Automatic start cannot be switched on or off here."""


def current_platform() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform.startswith("linux"):
        return "linux"
    return sys.platform


def startup_folder(platform: str, env: Mapping[str, str] | None = None) -> Path:
    """The folder whose files start at logon, for ``platform`` ('windows' or 'linux')."""
    env = os.environ if env is None else env
    if platform == "windows":
        appdata = env.get("APPDATA")
        if not appdata:
            raise AutostartError("De map Opstarten is niet te vinden (APPDATA ontbreekt).")
        return Path(appdata) / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
    if platform == "linux":
        config = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or Path.home()) / ".config")
        return Path(config) / "autostart"
    raise AutostartError("Automatisch starten bij aanmelden wordt op dit systeem niet ondersteund.")


def launch_command(db_path: Path | None = None) -> list[str]:
    """How to start this installation minimized (the frozen exe, else Python with -m)."""
    executable = Path(sys.executable)
    if getattr(sys, "frozen", False):
        command = [str(executable)]
    else:
        windowless = executable.with_name("pythonw.exe")
        script = executable.with_name("ivpdesk")
        if current_platform() == "windows" and windowless.exists():
            command = [str(windowless), "-m", "ivpdesk"]
        elif script.exists():
            command = [str(script)]
        else:
            command = [str(executable), "-m", "ivpdesk"]
    if db_path is not None:
        command += ["--db", str(db_path)]
    return [*command, MINIMIZED_FLAG]


def _cmd_argument(value: str) -> str:
    # Inside double quotes cmd.exe only expands %; a Windows path cannot contain '"'.
    value = value.replace("%", "%%")
    return f'"{value}"' if (" " in value or not value or "&" in value or "^" in value) else value


def windows_cmd(command: list[str]) -> str:
    """The .cmd text (CRLF, UTF-8 without BOM: chcp 65001 makes cmd read the path right)."""
    program, *arguments = command
    line = "start \"\" /min " + " ".join([f'"{program.replace("%", "%%")}"',
                                          *(_cmd_argument(a) for a in arguments)])
    lines = [
        "@echo off",
        f"rem {APP_NAME} starten bij aanmelden (geminimaliseerd).",
        f"rem Gemaakt door {APP_NAME}: Bewerken, Instellingen, Herinneringen. "
        "Verwijder dit bestand om het uit te zetten.",
        "chcp 65001 >nul",
        line,
    ]
    return "\r\n".join(lines) + "\r\n"


_RESERVED = set(' \t\n"\'\\><~|&;$*?#()`')


def _exec_argument(value: str) -> str:
    """Quote one Exec argument as the Desktop Entry Specification says."""
    value = value.replace("%", "%%")
    if value and not (_RESERVED & set(value)):
        return value
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in value)
    return '"' + quoted.replace("\\", "\\\\") + '"'  # string-value escaping comes on top


def desktop_entry(command: list[str]) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        f"Name={APP_NAME}",
        "Comment=Herinneringen voor het uitvoeringsplan, gestart bij aanmelden",
        "Exec=" + " ".join(_exec_argument(a) for a in command),
        "Icon=ivpdesk",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])


@dataclass(frozen=True)
class Autostart:
    """The autostart file of one platform inside ``folder``."""

    platform: str
    folder: Path

    @classmethod
    def for_this_machine(cls, env: Mapping[str, str] | None = None) -> Autostart:
        platform = current_platform()
        return cls(platform, startup_folder(platform, env))

    @property
    def path(self) -> Path:
        return self.folder / (WINDOWS_FILE if self.platform == "windows" else LINUX_FILE)

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def render(self, command: list[str]) -> bytes:
        if self.platform == "windows":
            return windows_cmd(command).encode("utf-8")
        return desktop_entry(command).encode("utf-8")

    def enable(self, command: list[str]) -> Path:
        """Write the file (atomically); returns its path."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, self.render(command))
        except FileWriteError as error:
            raise AutostartError(f"Automatisch starten kan niet worden ingesteld: {error.message}") from error
        except OSError as error:
            raise AutostartError("Automatisch starten kan niet worden ingesteld: "
                                 f"{os_error_text(error)}.") from error
        if self.platform != "windows":
            self.path.chmod(0o755)  # some desktops only start trusted (executable) entries
        return self.path

    def disable(self) -> bool:
        """Remove the file; False when it was not there."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        except OSError as error:
            raise AutostartError(
                f"{self.path} kan niet worden verwijderd: {os_error_text(error)}.") from error
        return True
