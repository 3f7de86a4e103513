"""Backups with SQLite's online backup API, never a file copy of a live database.

A file copy taken while another process writes can be torn; ``Connection.backup``
copies a consistent snapshot page by page. Backups rotate: the newest ``keep`` of
each database stay. Restoring goes the same way in the other direction
(:func:`restore_database`): SQLite writes the destination in one transaction, so a
crash halfway leaves the old database, never a mixture, and other connections see
the restored data at once instead of a file swapped under them.
"""

from __future__ import annotations

import contextlib
import os
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
    """Copy ``source`` into ``folder`` as ``<stem>-<utc stamp>-<reason>.sqlite``; rotate.

    The copy is made under a ``.part`` name and renamed when complete, so a full disk
    or a crash never leaves half a backup that a restore could later pick.
    """
    if not source.exists():
        raise DomainError(f"De database {source} bestaat niet; er is geen back-up gemaakt.")
    # Microseconds in the name: backups made in the same second still sort correctly.
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S%f")
    target = folder / f"{_safe(source.stem)}-{stamp}-{_safe(reason)}.sqlite"
    partial = target.with_name(target.name + ".part")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _copy(source, partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        from ivpdesk.store.errors import explain, os_error_text

        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        reason_text = (
            explain(error) if isinstance(error, sqlite3.Error) else os_error_text(error)
        )
        raise DomainError(
            f"De back-up kon niet worden gemaakt in {folder}: {reason_text} "
            "Controleer of de map bestaat, schrijfbaar is en of de schijf vol is. "
            "De database zelf is niet gewijzigd."
        ) from error
    rotate(folder, source.stem, keep)
    return target


def _copy(source: Path, target: Path) -> None:
    """Copy a consistent snapshot of ``source`` into ``target`` with the backup API."""
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True, timeout=15)
    try:
        dst = sqlite3.connect(target, timeout=15)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def restore_database(source: Path, target: Path) -> None:
    """Replace the contents of ``target`` by those of the backup ``source`` (backup API).

    Never a file copy over a live database: SQLite takes an exclusive lock on
    ``target``, writes it inside a journalled transaction and readers that have it
    open see the new contents on their next transaction.
    """
    try:
        _copy(source, target)
    except (OSError, sqlite3.Error) as error:
        from ivpdesk.store.errors import explain

        raise DomainError(
            f"De back-up kon niet worden teruggezet in {target}: {explain(error)} "
            "De database is ongewijzigd gebleven."
        ) from error


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
