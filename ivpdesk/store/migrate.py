"""Bring a database to the current schema at start, with a backup first.

Pattern from Vorta/Mealie: build the Alembic Config in code (the packaged
migrations/ folder, never a CWD-relative alembic.ini), check "at head?" and only
then upgrade. An existing SQLite file is backed up with the backup API before any
migration; if the upgrade fails, the backup is put back and a Dutch error raised.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from ivpdesk.domain.errors import DomainError
from ivpdesk.paths import migrations_dir
from ivpdesk.store.backup import backup_database, restore_database
from ivpdesk.store.uow import Database

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)


class NewerDatabaseError(DomainError):
    """The file was written by a newer IVP Desk; we refuse rather than damage it."""


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def head_revision() -> str:
    fast = _single_head_from_files()
    if fast is not None:
        return fast
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revision(revision: str | None) -> bool:
    """Whether this IVP Desk knows ``revision`` (None = an empty database, also fine)."""
    if revision is None or revision == head_revision():  # the usual case: no Alembic import
        return True
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several kinds for unknown ids
        return False


def newer_database_error(revision: str) -> NewerDatabaseError:
    return NewerDatabaseError(
        "Deze database is gemaakt met een nieuwere versie van IVP Desk "
        f"(schema {revision}). Installeer de nieuwste versie; de database is niet gewijzigd."
    )


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(?:[\"']([^\"']+)[\"']|None)", re.MULTILINE)


def _single_head_from_files() -> str | None:
    """The head revision read from the revision files, or None when not simply linear.

    Lets a start on an up-to-date database skip importing Alembic (a good part of the
    start-up time); anything unusual (several heads, merges, unreadable files) returns
    None and the caller asks Alembic itself.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for path in (migrations_dir() / "versions").glob("*.py"):
            source = path.read_text(encoding="utf-8")
            revision, down = _REVISION.search(source), _DOWN.search(source)
            if revision is None or down is None:
                return None
            revisions.add(revision.group(1))
            if down.group(1):
                parents.add(down.group(1))
    except OSError:
        return None
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(db: Database) -> str | None:
    """The revision in alembic_version, read with plain SQL (None when not simply one)."""
    try:
        with db.engine.connect() as connection:
            versions = [r[0] for r in connection.execute(text("SELECT version_num FROM alembic_version"))]
            connection.rollback()
    except Exception:  # noqa: BLE001 - no version table (new file) or unreadable: Alembic decides
        return None
    return versions[0] if len(versions) == 1 else None


def __getattr__(name: str) -> object:
    """``migrate.command`` stays available (imported on first use, not at start-up)."""
    if name == "command":
        from alembic import command

        return command
    raise AttributeError(name)


def _raw_pragma(connection: Connection, statement: str) -> None:
    """Run a PRAGMA outside any transaction (foreign_keys cannot change inside one)."""
    connection.connection.driver_connection.execute(statement)  # type: ignore[union-attr]


def upgrade(db: Database, backups_dir: Path | None = None, keep: int = 10) -> MigrationResult:
    """Upgrade ``db`` to head. Backs up an existing, non-empty SQLite file first."""
    head = head_revision()
    if _stored_revision(db) == head:  # the usual start: nothing to do, Alembic not needed
        return MigrationResult(head, head, None)
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    with db.engine.connect() as connection:
        revision = current_revision(connection)
        has_tables = bool(inspect(connection).get_table_names())
        connection.rollback()
    if revision == head:
        return MigrationResult(revision, head, None)
    if revision is not None:
        try:
            script.get_revision(revision)
        except Exception as error:  # noqa: BLE001 - alembic raises several kinds here
            raise newer_database_error(revision) from error
    if db.read_only:
        raise DomainError(
            "Deze database moet worden bijgewerkt naar de nieuwe versie, maar is alleen-lezen "
            "geopend. Open hem met schrijfrechten om hem bij te werken."
        )
    backup: Path | None = None
    path = db.path
    if path is not None and has_tables and backups_dir is not None:
        backup = backup_database(path, backups_dir, f"voor-migratie-{revision or 'leeg'}", keep)
    config = alembic_config()
    try:
        with db.engine.connect() as connection:
            is_sqlite = connection.dialect.name == "sqlite"
            if is_sqlite:
                _raw_pragma(connection, "PRAGMA foreign_keys=OFF")
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
            if is_sqlite:
                _raw_pragma(connection, "PRAGMA foreign_keys=ON")
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                connection.rollback()
                if problems:
                    raise DomainError(
                        f"Na het bijwerken klopt de samenhang van de gegevens niet ({len(problems)} fouten)."
                    )
    except Exception as error:
        log.exception("migration failed")
        if backup is not None and path is not None:
            # Close our connections (not the lock: we still hold the file) and put the
            # backup back through SQLite's backup API, never a file copy.
            db.engine.dispose()
            restore_database(backup, path)
            raise DomainError(
                "Het bijwerken van de database is mislukt; de back-up van vlak daarvoor is "
                f"teruggezet. Er is niets verloren gegaan. (Technisch: {error})"
            ) from error
        raise
    log.info("database migrated from %s to %s", revision, head)
    return MigrationResult(revision, head, backup)
