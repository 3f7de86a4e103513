"""Packaging pieces that can be checked without building: version resource, TOC trimming,
the Linux menu entry and its installer, the bundle archive, the Windows installer script."""

from __future__ import annotations

import configparser
import importlib.util
import ntpath
import re
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

import platformdirs.windows
import pytest

import ivpdesk
from ivpdesk import APP_ID

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


version_info = load(PACKAGING / "version_info.py")
spec_helpers = load(PACKAGING / "spec_helpers.py")
make_bundle = load(PACKAGING / "linux" / "make_bundle.py")


# ------------------------------------------------------------------ version resource


@pytest.mark.parametrize(("version", "numbers"), [
    ("0.1.0", (0, 1, 0, 0)), ("1.2.3rc1", (1, 2, 3, 0)), ("0.1.0.dev3", (0, 1, 0, 0)),
    ("2.0", (2, 0, 0, 0)), ("1.2.3.4.5+local", (1, 2, 3, 4)), ("onzin", (0, 0, 0, 0)),
])
def test_version_tuple(version: str, numbers: tuple[int, ...]) -> None:
    assert version_info.version_tuple(version) == numbers


def test_windows_version_file_is_a_valid_expression_with_our_version() -> None:
    """Evaluate the file with recording stand-ins for PyInstaller's classes (pefile is Windows-only)."""
    def record(kind: str):  # type: ignore[no-untyped-def]
        return lambda *args, **kwargs: (kind, args, kwargs)

    names = {n: record(n) for n in ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
                                    "StringStruct", "VarFileInfo", "VarStruct")}
    text = version_info.windows_version_info("1.4.2")
    _kind, _args, info = eval(text, names)  # noqa: S307 - our own generated file
    assert info["ffi"][2]["filevers"] == (1, 4, 2, 0)
    table = info["kids"][0][1][0][0][1][1]
    strings = {entry[1][0]: entry[1][1] for entry in table}
    assert strings["ProductVersion"] == "1.4.2"
    assert strings["OriginalFilename"] == "ivpdesk.exe"
    assert strings["ProductName"] == "IVP Desk"


def test_version_comes_from_the_package_metadata() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{ivpdesk.__version__}"' in pyproject
    out = subprocess.run([sys.executable, str(PACKAGING / "version_info.py"), "--numeric"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ".".join(map(str, version_info.version_tuple(ivpdesk.__version__)))


# ------------------------------------------------------------------ TOC trimming


def test_unused_qt_plugins_are_dropped_and_needed_ones_kept() -> None:
    base = "PySide6/Qt/plugins/"
    toc = [(base + name, "/src/" + name, "BINARY") for name in (
        "platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/libqwayland.so",
        "platforms/libqvnc.so", "platforms/libqeglfs.so", "platformthemes/libqgtk3.so",
        "platformthemes/libqxdgdesktopportal.so", "printsupport/libcupsprintersupport.so",
        "imageformats/libqpdf.so", "generic/libqevdevmouseplugin.so", "tls/libqopensslbackend.so",
        "styles/qmodernwindowsstyle.dll")]
    toc.append(("libfoo.so.1", "/usr/lib/libfoo.so.1", "BINARY"))
    kept = {dest.removeprefix(base) for dest, _s, _k in spec_helpers.drop_unused_plugins(toc)}
    assert kept == {"platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/libqwayland.so",
                    "platformthemes/libqxdgdesktopportal.so", "printsupport/libcupsprintersupport.so",
                    "imageformats/libqpdf.so", "styles/qmodernwindowsstyle.dll", "libfoo.so.1"}


def test_only_dutch_and_english_qt_translations_stay() -> None:
    toc = [(f"PySide6/Qt/translations/qtbase_{lang}.qm", "x", "DATA") for lang in ("nl", "en", "de", "fr")]
    toc.append(("resources/translations/ivpdesk_de.qm", "y", "DATA"))
    kept = [dest for dest, _s, _k in spec_helpers.keep_dutch_qt_translations(toc)]
    assert kept == ["PySide6/Qt/translations/qtbase_nl.qm", "PySide6/Qt/translations/qtbase_en.qm",
                    "resources/translations/ivpdesk_de.qm"]


def ldd_imports(src: str) -> list[tuple[str, str | None]]:
    """What the dynamic loader resolves for ``src`` (the same tool PyInstaller uses on Linux)."""
    out = subprocess.run(["ldd", src], capture_output=True, text=True, check=False).stdout
    found = []
    for line in out.splitlines():
        match = re.match(r"\s*(\S+) => (\S+)", line)
        if match:
            found.append((match.group(1), None if match.group(2) == "not" else match.group(2)))
    return found


def test_pruning_keeps_what_extension_modules_need_on_real_binaries() -> None:
    import PySide6

    qt = Path(PySide6.__file__).parent
    core_ext = next(qt.glob("QtCore*.so"))
    lib = qt / "Qt" / "lib"
    toc = [
        (f"PySide6/{core_ext.name}", str(core_ext), "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Core.so.6", str(lib / "libQt6Core.so.6"), "BINARY"),
        ("PySide6/Qt/lib/libicuuc.so.73", str(next(lib.glob("libicuuc.so.*"))), "BINARY"),
        # needed by nothing we keep: only by the eglfs plugins we dropped
        ("PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
         str(lib / "libQt6EglFSDeviceIntegration.so.6"), "BINARY"),
    ]
    kept, dropped = spec_helpers.prune_unreferenced_libraries(toc, ldd_imports)
    assert [dest for dest, _s, _k in kept] == [entry[0] for entry in toc[:3]]
    assert dropped == ["PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6"]


# ------------------------------------------------------------------ Linux menu entry


def desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def test_desktop_file_has_the_keys_menus_need() -> None:
    entry = desktop_entry(PACKAGING / "linux" / "ivpdesk.desktop")
    assert entry["Type"] == "Application"
    assert entry["Name"] == "IVP Desk"
    assert entry["Icon"] == APP_ID and entry["StartupWMClass"] == APP_ID
    assert entry["Exec"] == "ivpdesk" and entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"]
    assert "veiligheid" in entry["Keywords"]


def fake_bundle(folder: Path) -> Path:
    """A bundle folder laid out like dist/ivpdesk, with a tiny ivpdesk program."""
    icons = folder / "_internal" / "resources" / "icons"
    icons.mkdir(parents=True)
    for png in (ROOT / "resources" / "icons").glob("*.png"):
        (icons / png.name).write_bytes(png.read_bytes())
    program = folder / "ivpdesk"
    program.write_text("#!/bin/sh\necho IVP Desk\n")
    program.chmod(0o755)
    (folder / "_internal" / "libQt6Core.so.6").symlink_to("PySide6/Qt/lib/libQt6Core.so.6")
    return folder


def test_install_sh_adds_and_removes_the_menu_entry_without_touching_data(tmp_path: Path) -> None:
    bundle = make_bundle.finish_bundle(fake_bundle(tmp_path / "Mijn programma's" / "ivpdesk"), "9.8.7")
    folder = bundle.parent / "ivpdesk"
    data_home = tmp_path / "share"
    (data_home / "ivpdesk").mkdir(parents=True)
    (data_home / "ivpdesk" / "ivpdesk.sqlite").write_bytes(b"SQLite format 3\x00")
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(data_home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([str(folder / "install.sh")], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "programmamenu" in done.stdout
    entry = desktop_entry(data_home / "applications" / "ivpdesk.desktop")
    assert entry["Exec"] == f'"{folder}/ivpdesk"'  # quoted: the folder name has a space and a quote
    for size in (16, 48, 256):
        icon = data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "ivpdesk.png"
        assert icon.read_bytes() == (ROOT / "resources" / "icons" / f"ivpdesk-{size}.png").read_bytes()
    removed = subprocess.run([str(folder / "install.sh"), "--verwijderen"], env=env,
                             capture_output=True, text=True, check=False)
    assert removed.returncode == 0 and "bewaard" in removed.stdout
    assert not (data_home / "applications" / "ivpdesk.desktop").exists()
    assert not list((data_home / "icons").rglob("ivpdesk.png"))
    assert (data_home / "ivpdesk" / "ivpdesk.sqlite").is_file()


def test_bundle_archive_keeps_symlinks_modes_and_the_extras(tmp_path: Path) -> None:
    folder = fake_bundle(tmp_path / "dist" / "ivpdesk")
    archive = make_bundle.finish_bundle(folder, "9.8.7")
    assert archive.name.startswith("ivpdesk-9.8.7-linux-") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert members["ivpdesk/ivpdesk"].mode & 0o111
    assert members["ivpdesk/install.sh"].mode & 0o111
    assert members["ivpdesk/_internal/libQt6Core.so.6"].issym()
    assert {"ivpdesk/ivpdesk.desktop", "ivpdesk/LEESMIJ.txt"} <= set(members)
    assert "9.8.7" in (folder / "LEESMIJ.txt").read_text(encoding="utf-8")


# ------------------------------------------------------------------ Windows installer


def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in (PACKAGING / "windows" / "ivpdesk.iss").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections[current] = []
        else:
            sections.setdefault(current, []).append(line)
    return sections


def test_inno_setup_installs_per_user_in_dutch_with_shortcuts() -> None:
    sections = iss_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # never offers elevation
    assert setup["DefaultDirName"] == r"{autopf}\{#AppName}"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])  # {{ escapes {
    assert setup["UninstallDisplayIcon"] == r"{app}\{#AppExe}"
    assert (PACKAGING / "windows" / setup["SetupIconFile"].replace("\\", "/")).resolve() == \
        ROOT / "resources" / "icons" / "ivpdesk.ico"
    assert sections["Languages"] == ['Name: "nl"; MessagesFile: "compiler:Languages\\Dutch.isl"']
    icons = "\n".join(sections["Icons"])
    assert "{autoprograms}" in icons and "{autodesktop}" in icons
    assert any("desktopicon" in t and "unchecked" in t for t in sections["Tasks"])
    files = "\n".join(sections["Files"])
    assert "recursesubdirs" in files and "{#Bundle}" in files


def test_uninstall_never_removes_the_data_folder() -> None:
    """Data (platformdirs on Windows) lies outside the install folder and out of every delete."""
    sections = iss_sections()
    deletes = sections["InstallDelete"] + sections["UninstallDelete"]
    assert deletes and all(r"{app}\_internal" in line for line in deletes)
    local = r"C:\Users\annemarie\AppData\Local"
    folders = {"CSIDL_LOCAL_APPDATA": local, "CSIDL_APPDATA": local.replace("Local", "Roaming")}
    original = platformdirs.windows.get_win_folder
    platformdirs.windows.get_win_folder = folders.__getitem__  # type: ignore[assignment]
    try:
        dirs = platformdirs.windows.Windows(appname=APP_ID, appauthor=False)
        data_dir, log_dir = dirs.user_data_dir.replace("/", "\\"), dirs.user_log_dir.replace("/", "\\")
    finally:
        platformdirs.windows.get_win_folder = original  # type: ignore[assignment]
    install_dir = ntpath.join(local, "Programs", "IVP Desk")  # {autopf} for a per-user install
    assert data_dir == ntpath.join(local, "ivpdesk")
    for folder in (data_dir, log_dir):
        assert not ntpath.normcase(folder).startswith(ntpath.normcase(install_dir))
    # and the uninstaller tells the officer where her data stayed
    assert r"ExpandConstant('{localappdata}\ivpdesk')" in "\n".join(sections["Code"])
