"""Migrations: chain, models == migrated schema, upgrade of stored old files, safety nets."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ivpdesk.domain import ActivityStatus, DomainError, PlanStatus
from ivpdesk.paths import Paths
from ivpdesk.services.database import open_database
from ivpdesk.store import migrate as migrate_module
from ivpdesk.store.backup import list_backups
from ivpdesk.store.migrate import NewerDatabaseError, alembic_config, head_revision
from ivpdesk.store.tables import Base

DATA = Path(__file__).resolve().parent.parent / "data"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_revision_chain_is_linear_with_one_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    assert revisions[-1].down_revision is None
    assert revisions[-1].revision == "0001"


def test_upgraded_empty_database_matches_the_models(paths: Paths, tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.sqlite", paths)
    try:
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diffs = compare_metadata(context, Base.metadata)
            assert diffs == []
            assert context.get_current_revision() == head_revision()
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()
    assert list_backups(paths.backups_dir) == []  # nothing to back up for a new file


def test_database_from_first_migration_upgrades_with_its_data(paths: Paths, tmp_path: Path) -> None:
    old = tmp_path / "officer.sqlite"
    shutil.copyfile(DATA / "ivpdesk-schema-0001.sqlite", old)
    db = open_database(old, paths)
    try:
        with db.uow() as uow:
            bundle = uow.reader.load(1)
    finally:
        db.dispose()
    assert bundle.safety_plan.municipality == "Oudewater-Zuid"
    assert bundle.plan.status is PlanStatus.ADOPTED
    (theme,) = bundle.themes
    (_, section, activity), = list(bundle.activities())
    assert (theme.name, section.name, activity.title) == ("Woninginbraak", "Preventie", "Buurtpreventie.")
    assert activity.status is ActivityStatus.RUNNING
    assert activity.partners == ["Politie"]
    assert activity.years == [2025, 2026]
    assert activity.progress_notes[0].text == "Vier groepen actief"
    assert bundle.indicators[0].targets[0].raw == "≤ 70"
    if head_revision() != "0001":
        backups = list_backups(paths.backups_dir, "officer")
        assert backups and backups[0].reason.startswith("voor-migratie-0001")


def test_database_of_a_newer_version_is_refused_and_untouched(paths: Paths, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    shutil.copyfile(DATA / "ivpdesk-schema-0001.sqlite", newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = _sha(newer)
    with pytest.raises(NewerDatabaseError, match="nieuwere versie van IVP Desk"):
        open_database(newer, paths)
    assert _sha(newer) == before


def test_failed_migration_restores_the_backup(paths: Paths, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.sqlite"
    shutil.copyfile(DATA / "ivpdesk-schema-0001.sqlite", path)

    def broken_upgrade(config, revision):  # type: ignore[no-untyped-def]
        connection = config.attributes["connection"]
        connection.exec_driver_sql("DELETE FROM activity")
        connection.commit()
        raise RuntimeError("kapotte migratie")

    monkeypatch.setattr(migrate_module, "head_revision", lambda: "0002_pretend")
    monkeypatch.setattr(migrate_module.command, "upgrade", broken_upgrade)
    with pytest.raises(DomainError, match="back-up van vlak daarvoor is teruggezet"):
        open_database(path, paths)
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT title FROM activity").fetchall() == [("Buurtpreventie.",)]
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()
    assert list_backups(paths.backups_dir, "plan")


def test_not_a_database_gives_a_dutch_message(paths: Paths, tmp_path: Path) -> None:
    bogus = tmp_path / "plan.xlsx.sqlite"
    bogus.write_bytes(b"PK\x03\x04 this is a zip, not sqlite")
    with pytest.raises(DomainError, match="geen IVP Desk-database"):
        open_database(bogus, paths)
    assert bogus.read_bytes().startswith(b"PK")


def test_truncated_database_gives_a_dutch_message(paths: Paths, tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    data = (DATA / "ivpdesk-schema-0001.sqlite").read_bytes()
    broken.write_bytes(data[:3000])
    with pytest.raises(DomainError, match="kan niet worden geopend"):
        open_database(broken, paths)
