"""Where IVP Desk keeps its files, and where it finds its own resources.

One accessor, :func:`resource`, serves both a source checkout and a frozen
PyInstaller bundle, so no path ever depends on the current working directory.
User data lives in platformdirs' locations unless ``--data-dir`` or
``IVPDESK_DATA_DIR`` points elsewhere (tests, portable use).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import platformdirs

from ivpdesk import APP_ID

DB_FILENAME = "ivpdesk.sqlite"


def _bundle_root() -> Path:
    """Folder that holds resources/ and migrations/: the bundle when frozen, else the repo."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resource(*parts: str) -> Path:
    """Path of a shipped file under resources/, e.g. ``resource("kernbeleid_veiligheid.json")``."""
    return _bundle_root().joinpath("resources", *parts)


def migrations_dir() -> Path:
    return _bundle_root() / "migrations"


@cache
def catalogue():  # type: ignore[no-untyped-def]
    """The Kernbeleid Veiligheid catalogue shipped in resources/ (read once)."""
    from ivpdesk.domain.catalogue import load_catalogue

    return load_catalogue(resource("kernbeleid_veiligheid.json"))


@dataclass(frozen=True)
class Paths:
    """The user's folders. Pass this object around instead of module globals."""

    data_dir: Path
    log_dir: Path

    @property
    def default_db(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    def ensure(self) -> None:
        for folder in (self.data_dir, self.log_dir, self.backups_dir):
            folder.mkdir(parents=True, exist_ok=True)

    @classmethod
    def from_environment(cls, data_dir: str | os.PathLike[str] | None = None) -> Paths:
        chosen = data_dir or os.environ.get("IVPDESK_DATA_DIR")
        if chosen:
            base = Path(chosen).expanduser().resolve()
            return cls(data_dir=base, log_dir=base / "logs")
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_ID, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
        )

