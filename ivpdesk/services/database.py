"""Open (or create) a database the way the officer expects: locked, checked, migrated, backed up.

Turns the many ways a file can be wrong (not SQLite, damaged, unreachable folder,
read-only, newer schema, held by a colleague) into one
:class:`~ivpdesk.domain.errors.DomainError` with a Dutch message, and never writes
to a file it has not first checked:

1. the path must be a SQLite file (or not exist yet, in a reachable folder);
2. opening for writing takes the shared-file lock (:mod:`ivpdesk.store.lock`)
   first, so no two officers ever migrate or edit one file at the same time;
3. a transaction left by a crash is rolled back by SQLite, then
   ``PRAGMA quick_check``; a damaged file raises :class:`DamagedDatabaseError`
   naming the newest good backup, and is not touched;
4. a file of a newer IVP Desk is refused; an older one is migrated after a backup.

Opening read-only (a colleague has the file, or the officer chose to) never writes
the database nor the lock.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import timedelta
from pathlib import Path

from sqlalchemy.exc import DatabaseError, OperationalError

from ivpdesk.domain.errors import DomainError
from ivpdesk.paths import Paths
from ivpdesk.services.backups import (
    BackupSummary,
    ensure_daily_backup,
    load_backup_settings,
    newest_good_backup,
)
from ivpdesk.store.db import is_sqlite
from ivpdesk.store.errors import explain, os_error_text
from ivpdesk.store.integrity import (
    HotJournalError,
    has_hot_journal,
    quick_check,
    read_setting,
    recover,
    schema_revision,
)
from ivpdesk.store.lock import DEFAULT_STALE_AFTER, DatabaseLock, HeartbeatThread
from ivpdesk.store.migrate import head_revision, known_revision, newer_database_error, upgrade
from ivpdesk.store.uow import Database

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
LOCK_STALE_SETTING = "lock_stale_minutes"
DEFAULT_LOCK_STALE_MINUTES = int(DEFAULT_STALE_AFTER.total_seconds() // 60)
MIN_LOCK_STALE_MINUTES = 2
MAX_LOCK_STALE_MINUTES = 24 * 60


class DatabaseFileError(DomainError):
    """The chosen file cannot be used as an IVP Desk database."""


class DamagedDatabaseError(DatabaseFileError):
    """``PRAGMA quick_check`` failed: the file is not written to; ``backup`` is the way back."""

    def __init__(self, path: Path, problems: str, backup: BackupSummary | None) -> None:
        self.path = path
        self.problems = problems
        self.backup = backup
        text = (f"De database {path.name} kan niet worden geopend: het bestand is beschadigd "
                f"({problems}). Er is niets in geschreven.")
        if backup is not None:
            text += (f" De nieuwste goede back-up is van {backup.made_at_text} "
                     f"({backup.counts_text}): {backup.path}. Zet die terug met: "
                     f'ivpdesk --db "{path}" restore "{backup.path}"')
        else:
            text += " Er is geen goede back-up gevonden; neem contact op met uw beheerder."
        super().__init__(text)


class ReadOnlyLocationError(DatabaseFileError):
    """The file or its folder cannot be written: open it read-only instead."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"De database {path.name} staat in een map of bestand dat alleen-lezen is "
            f"({path.parent}). IVP Desk kan er niets in opslaan: open hem alleen-lezen, of "
            "vraag schrijfrechten op de map."
        )


class NeedsWritingError(DatabaseFileError):
    """A read-only opening is not enough: the file must first be created, recovered or updated."""


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise DatabaseFileError(f"{path} is een map, geen databasebestand. Kies een bestand.")
    if not path.exists():
        folder = path.parent
        if not folder.exists():
            raise DatabaseFileError(
                f"De map {folder} bestaat niet of is niet bereikbaar (netwerkschijf niet "
                "verbonden?). Controleer de verbinding of kies een andere map."
            )
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise DatabaseFileError(
            f"Het bestand {path} kan niet worden gelezen: {os_error_text(error)}. "
            "Controleer of u er rechten op hebt."
        ) from error
    if header and header != SQLITE_MAGIC:
        raise DatabaseFileError(
            f"{path.name} is geen IVP Desk-database (het is geen SQLite-bestand). "
            "Kies een ander bestand; het gekozen bestand is niet gewijzigd."
        )


def is_writable_location(path: Path) -> bool:
    """Whether SQLite can write ``path`` and create its journal beside it."""
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(path.parent, os.W_OK | os.X_OK)


def _has_content(path: Path) -> bool:
    try:
        return path.exists() and path.stat().st_size > 0
    except OSError:
        return False


def _check_contents(path: Path, paths: Paths) -> None:
    """Damaged or newer files are refused before anything writes to them."""
    if not _has_content(path):
        return
    check = quick_check(path)
    if not check.ok:
        raise DamagedDatabaseError(path, check.summary, newest_good_backup(path, paths))
    revision = schema_revision(path)
    if revision is not None and not known_revision(revision):
        raise newer_database_error(revision)


def lock_stale_after(path: Path | None) -> timedelta:
    """How long a colleague's lock may stay silent before it counts as stale (a setting)."""
    raw = read_setting(path, LOCK_STALE_SETTING) if path is not None and path.exists() else None
    try:
        minutes = int(raw) if raw else DEFAULT_LOCK_STALE_MINUTES
    except ValueError:
        minutes = DEFAULT_LOCK_STALE_MINUTES
    minutes = min(max(minutes, MIN_LOCK_STALE_MINUTES), MAX_LOCK_STALE_MINUTES)
    return timedelta(minutes=minutes)


def save_lock_stale_minutes(db: Database, minutes: int) -> None:
    if not MIN_LOCK_STALE_MINUTES <= minutes <= MAX_LOCK_STALE_MINUTES:
        raise DomainError(f"Kies tussen {MIN_LOCK_STALE_MINUTES} en {MAX_LOCK_STALE_MINUTES} minuten.")
    with db.uow(source="instellingen") as uow:
        uow.settings.set(LOCK_STALE_SETTING, str(minutes))
        uow.commit()
    if db.lock is not None:
        db.lock.set_stale_after(timedelta(minutes=minutes))


def open_read_only(path: Path, paths: Paths, *, check: bool = True) -> Database:
    """Open an existing file without writing anything: not the database, not the lock."""
    path = Path(path).expanduser().resolve()
    _check_sqlite_file(path)
    if not _has_content(path):
        raise NeedsWritingError(f"De database {path.name} bestaat nog niet of is leeg.")
    try:
        if check:
            _check_contents(path, paths)
        elif has_hot_journal(path):
            quick_check(path)  # raises HotJournalError if the journal is really hot
    except HotJournalError as error:
        raise NeedsWritingError(f"De database {path.name} kan nu niet worden gelezen: "
                                "de database is na een storing nog niet hersteld.") from error
    revision = schema_revision(path)
    if check and revision != head_revision():
        raise NeedsWritingError(
            f"De database {path.name} moet eerst worden bijgewerkt naar deze versie van "
            "IVP Desk; dat kan alleen wie hem met schrijfrechten opent."
        )
    return Database.open_file(path, read_only=True)


def open_database(
    target: str | Path | None,
    paths: Paths,
    *,
    read_only: bool = False,
    migrate: bool = True,
    backup_keep: int | None = None,
    lock: bool | DatabaseLock = False,
    daily_backup: bool = False,
) -> Database:
    """Open ``target`` (a file path, a SQLAlchemy URL, or None for the default file).

    New files are created; existing ones are checked and migrated to the current
    schema after a backup. ``lock=True`` (or an already held :class:`DatabaseLock`)
    takes the shared-file lock first and keeps it on the returned database until
    ``dispose()``; ``read_only=True`` writes nothing at all.
    """
    if target is None:
        paths.ensure()
        target = paths.default_db
    text = str(target)
    if "://" in text:
        db = Database(text, read_only=read_only)
        try:
            if migrate and not read_only:
                upgrade(db, None)
        except Exception:
            db.dispose()
            raise
        return db
    path = Path(text).expanduser().resolve()
    if read_only:
        return open_read_only(path, paths)
    _check_sqlite_file(path)
    db_lock: DatabaseLock | None = None
    if lock is not False:
        if not is_writable_location(path):
            raise ReadOnlyLocationError(path)
        db_lock = lock if isinstance(lock, DatabaseLock) else DatabaseLock(path)
        if not db_lock.held:
            db_lock.acquire()
    db: Database | None = None
    try:
        try:
            if _has_content(path) and (db_lock is not None or is_writable_location(path)):
                recover(path)  # SQLite rolls back what a crashed process left half-done
        except sqlite3.DatabaseError:
            pass  # quick_check below says what is wrong
        _check_contents(path, paths)
        db = Database.open_file(path)
        db.lock = db_lock
        if migrate:
            settings = load_backup_settings(db)
            upgrade(db, settings.target(paths) if is_sqlite(db.url) else None,
                    keep=backup_keep or settings.keep)
        if db_lock is not None:
            db_lock.set_stale_after(lock_stale_after(path))
            db_lock.heartbeat()
        if daily_backup:
            try:
                ensure_daily_backup(db, paths)
            except DomainError as error:
                log.warning("daily backup failed: %s", error.message)
                db.notices.append(f"De dagelijkse back-up is niet gelukt: {error.message}")
    except (DatabaseError, OperationalError, sqlite3.DatabaseError) as error:
        _close(db, db_lock)
        raise DatabaseFileError(
            f"De database {path} kan niet worden geopend: {explain(error)}"
        ) from error
    except HotJournalError as error:
        _close(db, db_lock)
        raise DatabaseFileError(
            f"De database {path} kan niet worden geopend: de database is na een storing nog niet "
            "hersteld en IVP Desk mag hem hier niet herstellen (alleen-lezen?)."
        ) from error
    except BaseException:
        _close(db, db_lock)
        raise
    return db


def _close(db: Database | None, db_lock: DatabaseLock | None) -> None:
    if db is not None:
        db.dispose()
    if db_lock is not None:
        db_lock.release()


def open_for_command(target: str | None, paths: Paths, *, writes: bool) -> Database:
    """What ``ivpdesk <opdracht>`` uses (see :meth:`ivpdesk.cli.AppContext.open_db`).

    Writing commands take the lock (and keep it alive from a thread while they run);
    another officer's lock makes them fail with her name. Reading commands open the
    file read-only and take no lock; only when the file must first be created,
    recovered or migrated do they take the lock for that.
    """
    if target is not None and "://" in str(target):
        return open_database(target, paths)
    if not writes:
        try:
            return open_read_only(Path(target) if target else _default(paths), paths)
        except NeedsWritingError:
            pass
    db = open_database(target, paths, lock=True)
    if db.lock is not None:
        db.add_dispose_hook(HeartbeatThread(db.lock).start().stop)
    return db


def _default(paths: Paths) -> Path:
    paths.ensure()
    return paths.default_db
