"""Trim PyInstaller's table of contents (TOC) so the bundle holds what IVP Desk uses.

PyInstaller's Qt hooks collect every plugin of the modules we import, and on Linux
every system library those plugins link to. Some are useless for a desktop program
(framebuffer and VNC platforms, eglfs input drivers) and one is harmful: the GTK3
platform theme drags in half of the build machine's GTK stack (cairo, pango, …),
which then mixes with the officer's own GTK libraries at run time. These helpers run
inside ``ivpdesk.spec``; they take TOC lists of ``(dest_name, src_path, typecode)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

TocEntry = tuple[str, str, str]

# Qt plugins we never need: relative to ".../Qt/plugins/", matched as path prefixes.
UNUSED_QT_PLUGINS = (
    "platformthemes/libqgtk3",  # mixes bundled and system GTK; xdgdesktopportal stays
    "platforms/libqeglfs", "platforms/libqlinuxfb", "platforms/libqvnc",
    "platforms/libqvkkhrdisplay", "platforms/libqminimalegl",
    "egldeviceintegrations/", "generic/",  # embedded-device input and EGL back-ends
    "qmltooling/", "sqldrivers/", "tls/", "networkinformation/", "designer/",
)
KEEP_QT_LANGUAGES = ("_nl.qm", "_en.qm")


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def qt_plugin(dest: str) -> str | None:
    """'PySide6/Qt/plugins/platforms/libqxcb.so' → 'platforms/libqxcb.so' (None if no plugin)."""
    marker = "/plugins/"
    path = _posix(dest)
    if not path.startswith("PySide6/") or marker not in path:
        return None
    return path.split(marker, 1)[1]


def drop_unused_plugins(binaries: Iterable[TocEntry],
                        unused: tuple[str, ...] = UNUSED_QT_PLUGINS) -> list[TocEntry]:
    kept = []
    for entry in binaries:
        plugin = qt_plugin(entry[0])
        if plugin is not None and plugin.startswith(unused):
            continue
        kept.append(entry)
    return kept


def keep_dutch_qt_translations(datas: Iterable[TocEntry]) -> list[TocEntry]:
    """Qt ships ~40 languages; keep Dutch (and English as fallback), drop the rest."""
    kept = []
    for entry in datas:
        path = PurePosixPath(_posix(entry[0]))
        is_qt_translation = path.parts[:1] == ("PySide6",) and "translations" in path.parts
        if is_qt_translation and not path.name.endswith(KEEP_QT_LANGUAGES):
            continue
        kept.append(entry)
    return kept


def _is_root(dest: str) -> bool:
    """Binaries Python or Qt load by themselves: extension modules and Qt plugins."""
    path = _posix(dest)
    name = PurePosixPath(path).name
    return (
        ".cpython-" in name or name.endswith(".abi3.so") or "/lib-dynload/" in f"/{path}"
        or qt_plugin(dest) is not None or name.startswith("libpython")
    )


def prune_unreferenced_libraries(
    binaries: Iterable[TocEntry],
    imports_of: Callable[[str], Iterable[tuple[str, str | None]]],
) -> tuple[list[TocEntry], list[str]]:
    """Drop shared libraries that no extension module or kept plugin needs any more.

    ``imports_of(src)`` returns the libraries a binary needs (PyInstaller's
    ``bindepend.get_imports``; on Linux that is ldd's full transitive list, so one pass
    finds everything reachable). Returns the kept entries and the dropped names.
    """
    entries = list(binaries)
    needed: set[str] = set()
    for dest, src, _kind in entries:
        if _is_root(dest):
            for name, full in imports_of(src):
                needed.add(PurePosixPath(_posix(name)).name)
                if full:
                    needed.add(PurePosixPath(_posix(full)).name)
    kept, dropped = [], []
    for entry in entries:
        name = PurePosixPath(_posix(entry[0])).name
        if _is_root(entry[0]) or name in needed or not name.startswith("lib") or ".so" not in name:
            kept.append(entry)
        else:
            dropped.append(entry[0])
    return kept, dropped
