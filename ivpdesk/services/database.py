"""Open (or create) a database the way the officer expects: checked, migrated, backed up.

Turns the many ways a file can be wrong (not SQLite, unreachable folder, newer
schema) into one :class:`~ivpdesk.domain.errors.DomainError` with a Dutch message.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import DatabaseError, OperationalError

from ivpdesk.domain.errors import DomainError
from ivpdesk.paths import Paths
from ivpdesk.store.db import is_sqlite
from ivpdesk.store.migrate import upgrade
from ivpdesk.store.uow import Database

SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseFileError(DomainError):
    """The chosen file cannot be used as an IVP Desk database."""


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
            f"Het bestand {path} kan niet worden gelezen: {error.strerror or error}. "
            "Controleer of u er rechten op hebt."
        ) from error
    if header and header != SQLITE_MAGIC:
        raise DatabaseFileError(
            f"{path.name} is geen IVP Desk-database (het is geen SQLite-bestand). "
            "Kies een ander bestand; het gekozen bestand is niet gewijzigd."
        )


def open_database(
    target: str | Path | None,
    paths: Paths,
    *,
    read_only: bool = False,
    migrate: bool = True,
    backup_keep: int = 10,
) -> Database:
    """Open ``target`` (a file path, a SQLAlchemy URL, or None for the default file).

    New files are created; existing ones are migrated to the current schema after a
    backup into the backups folder.
    """
    if target is None:
        paths.ensure()
        target = paths.default_db
    text = str(target)
    if "://" in text:
        db = Database(text, read_only=read_only)
    else:
        path = Path(text).expanduser().resolve()
        _check_sqlite_file(path)
        db = Database.open_file(path, read_only=read_only)
    try:
        if migrate:
            upgrade(db, paths.backups_dir if is_sqlite(db.url) else None, keep=backup_keep)
    except (DatabaseError, OperationalError, sqlite3.DatabaseError) as error:
        db.dispose()
        raise DatabaseFileError(
            f"De database {db.display_name} kan niet worden geopend: {_explain(error)}"
        ) from error
    except Exception:
        db.dispose()
        raise
    return db


def _explain(error: Exception) -> str:
    text = str(getattr(error, "orig", error)).lower()
    if "not a database" in text or "malformed" in text:
        return "het bestand is beschadigd of geen database. Zet een back-up terug."
    if "readonly" in text or "read-only" in text:
        return "het bestand is alleen-lezen. Open het alleen-lezen of vraag schrijfrechten."
    if "locked" in text or "busy" in text:
        return "een ander programma houdt de database bezet. Probeer het over een minuut opnieuw."
    if "unable to open" in text:
        return "het bestand of de map is niet bereikbaar. Controleer de (netwerk)schijf."
    if "disk" in text and "full" in text:
        return "de schijf is vol. Maak ruimte vrij en probeer het opnieuw."
    return f"{error}"
