"""Finish the Linux bundle after PyInstaller: menu entry, installer script, tar.gz.

``make package`` runs this on ``dist/ivpdesk``. The result is one archive an officer
unpacks anywhere in her home folder; ``./install.sh`` then adds IVP Desk to her own
applications menu (no root). The archive keeps PyInstaller's symlinks and file modes.
"""

from __future__ import annotations

import platform
import shutil
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

README = """IVP Desk {version} voor Linux
==========================

Starten:      dubbelklik op 'ivpdesk' in deze map, of start ./ivpdesk
In het menu:  ./install.sh   (zet IVP Desk in uw programmamenu; geen beheerdersrechten nodig)
Verwijderen:  ./install.sh --verwijderen   en daarna deze map weggooien.

Uw database en back-ups staan NIET in deze map maar in ~/.local/share/ivpdesk/
(ivpdesk.sqlite en de map backups). Die blijven bewaard als u het programma verwijdert
of een nieuwe versie uitpakt.
"""


def archive_name(version: str) -> str:
    machine = platform.machine().lower() or "x86_64"
    return f"ivpdesk-{version}-linux-{machine}.tar.gz"


def finish_bundle(bundle: Path, version: str) -> Path:
    """Copy the .desktop file, install.sh and LEESMIJ.txt into ``bundle``; return the archive."""
    if not (bundle / "ivpdesk").is_file():
        raise SystemExit(f"make_bundle: {bundle}/ivpdesk ontbreekt; draai eerst PyInstaller.")
    shutil.copy2(HERE / "ivpdesk.desktop", bundle / "ivpdesk.desktop")
    shutil.copy2(HERE / "install.sh", bundle / "install.sh")
    (bundle / "install.sh").chmod(0o755)
    (bundle / "LEESMIJ.txt").write_text(README.format(version=version), encoding="utf-8")
    archive = bundle.parent / archive_name(version)
    for old in bundle.parent.glob("ivpdesk-*-linux-*.tar.gz"):
        old.unlink()
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname="ivpdesk")
    return archive


def main(argv: list[str]) -> int:
    from importlib.metadata import version

    bundle = Path(argv[1] if len(argv) > 1 else ROOT / "dist" / "ivpdesk").resolve()
    started = time.perf_counter()
    archive = finish_bundle(bundle, version("ivpdesk"))
    size = archive.stat().st_size / 1_000_000
    print(f"Linux-bundel klaar: {bundle} en {archive.name} ({size:.0f} MB, "
          f"{time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
