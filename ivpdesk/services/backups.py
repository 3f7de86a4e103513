"""Backups as a use case: "make a backup of this database now, because …".

Importers, roll-over and restore call :func:`backup_now` before they write, so the
officer can always go back. Where the backups go and how many are kept is decided
here (the locking/backup issue makes both configurable); callers only give a reason.
"""

from __future__ import annotations

from pathlib import Path

from ivpdesk.paths import Paths
from ivpdesk.store.backup import backup_database
from ivpdesk.store.uow import Database

DEFAULT_KEEP = 10


def backup_now(db: Database, paths: Paths, reason: str) -> Path | None:
    """Back up ``db`` with SQLite's backup API; None for a non-file database or a new one."""
    path = db.path
    if path is None or not path.exists() or path.stat().st_size == 0:
        return None
    return backup_database(path, paths.backups_dir, reason, DEFAULT_KEEP)
