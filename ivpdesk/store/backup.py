"""Backups with SQLite's online backup API, never a file copy of a live database.

A file copy taken while another process writes can be torn; ``Connection.backup``
copies a consistent snapshot page by page. Backups rotate: the newest ``keep`` of
each database stay.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ivpdesk.domain.errors import DomainError

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{12})-(?P<reason>[a-z0-9-]+)\.sqlite$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: datetime
    reason: str


def _safe(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "backup"


def backup_database(source: Path, folder: Path, reason: str, keep: int = 10) -> Path:
    """Copy ``source`` into ``folder`` as ``<stem>-<utc stamp>-<reason>.sqlite``; rotate."""
    if not source.exists():
        raise DomainError(f"De database {source} bestaat niet; er is geen back-up gemaakt.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Microseconds in the name: backups made in the same second still sort correctly.
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S%f")
        target = folder / f"{_safe(source.stem)}-{stamp}-{_safe(reason)}.sqlite"
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True, timeout=15)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except (OSError, sqlite3.Error) as error:
        raise DomainError(
            f"De back-up kon niet worden gemaakt in {folder}: {error}. "
            "Controleer of de map bestaat, schrijfbaar is en of de schijf vol is."
        ) from error
    rotate(folder, source.stem, keep)
    return target


def list_backups(folder: Path, stem: str | None = None) -> list[BackupFile]:
    """Backups in ``folder`` (of one database when ``stem`` is given), newest first."""
    found = []
    if not folder.exists():
        return []
    for path in folder.glob("*.sqlite"):
        match = _NAME.match(path.name)
        if not match or (stem is not None and match.group("stem") != _safe(stem)):
            continue
        made_at = datetime.strptime(match.group("stamp"), "%Y%m%d-%H%M%S%f").replace(tzinfo=UTC)
        found.append(BackupFile(path=path, made_at=made_at, reason=match.group("reason")))
    found.sort(key=lambda b: (b.made_at, b.path.name), reverse=True)
    return found


def rotate(folder: Path, stem: str, keep: int) -> None:
    for old in list_backups(folder, stem)[keep:]:
        old.path.unlink(missing_ok=True)
