"""Opening a database: the lock, read-only openings that write nothing, damage, newer files."""

from __future__ import annotations

import hashlib
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ivpdesk.domain import DomainError
from ivpdesk.paths import Paths
from ivpdesk.services.backups import backup_now
from ivpdesk.services.database import (
    DamagedDatabaseError,
    NeedsWritingError,
    open_database,
    open_for_command,
    open_read_only,
)
from ivpdesk.services.demo import load_demo
from ivpdesk.services.plans import database_info
from ivpdesk.store.errors import StorageError
from ivpdesk.store.integrity import has_hot_journal, quick_check
from ivpdesk.store.lock import DatabaseLock, DatabaseLockedError, lock_path_for
from ivpdesk.store.migrate import NewerDatabaseError

DATA = Path(__file__).resolve().parent.parent / "data"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _demo_file(paths: Paths, path: Path) -> Path:
    db = open_database(path, paths)
    load_demo(db)
    db.dispose()
    return path


def test_writer_holds_the_lock_until_dispose(paths: Paths, tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    db = open_database(path, paths, lock=True)
    assert db.lock is not None and db.lock.held
    assert lock_path_for(path).exists()
    with pytest.raises(DatabaseLockedError):
        open_database(path, paths, lock=DatabaseLock(path, user="pieter", machine="LT-2"))
    db.dispose()
    assert not lock_path_for(path).exists()
    db.dispose()  # twice is harmless


def test_lock_is_refused_before_anything_is_written(paths: Paths, tmp_path: Path) -> None:
    path = _demo_file(paths, tmp_path / "plan.sqlite")
    other = DatabaseLock(path, user="annemarie", machine="LT-OOV-01")
    other.acquire()
    before = _sha(path)
    with pytest.raises(DatabaseLockedError, match="is geopend door annemarie op LT-OOV-01 sinds"):
        open_database(path, paths, lock=True)
    assert _sha(path) == before
    assert other.is_mine(other.read())


def test_read_only_opening_writes_neither_database_nor_lock(paths: Paths, tmp_path: Path) -> None:
    path = _demo_file(paths, tmp_path / "plan.sqlite")
    holder = DatabaseLock(path, user="annemarie", machine="LT-OOV-01")
    holder.acquire()
    lock_before = lock_path_for(path).read_bytes()
    lock_mtime = lock_path_for(path).stat().st_mtime_ns
    before, mtime = _sha(path), path.stat().st_mtime_ns
    db = open_database(path, paths, read_only=True)
    try:
        assert db.read_only and db.lock is None
        assert database_info(db).activities == 82
        with pytest.raises(StorageError, match="alleen-lezen"), db.uow() as uow:
            uow.settings.set("x", "y")
            uow.commit()
    finally:
        db.dispose()
    assert (_sha(path), path.stat().st_mtime_ns) == (before, mtime)
    assert lock_path_for(path).read_bytes() == lock_before
    assert lock_path_for(path).stat().st_mtime_ns == lock_mtime
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("plan")) == [
        "plan.sqlite", "plan.sqlite.lock"]


def test_damaged_database_is_refused_untouched_and_names_the_newest_good_backup(
        paths: Paths, tmp_path: Path) -> None:
    path = _demo_file(paths, tmp_path / "plan.sqlite")
    db = open_database(path, paths)
    good = backup_now(db, paths, "voor import")
    bad = backup_now(db, paths, "dagelijks")  # newer, but we break it below
    db.dispose()
    assert good is not None and bad is not None
    data = bytearray(bad.read_bytes())
    data[4096 * 2: 4096 * 4] = b"\xff" * 8192
    bad.write_bytes(bytes(data))
    damaged = bytearray(path.read_bytes())
    damaged[4096 * 3: 4096 * 5] = b"\x17" * 8192
    path.write_bytes(bytes(damaged))
    before = _sha(path)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(path, paths, lock=True)
    error = caught.value
    assert error.backup is not None and error.backup.path == good
    assert "kan niet worden geopend: het bestand is beschadigd" in error.message
    assert str(good) in error.message and "restore" in error.message
    assert _sha(path) == before
    assert not lock_path_for(path).exists()  # released again
    with pytest.raises(DamagedDatabaseError):
        open_database(path, paths, read_only=True)


def test_newer_database_stays_refused_and_untouched_in_every_mode(paths: Paths, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    shutil.copyfile(DATA / "ivpdesk-schema-0001.sqlite", newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = _sha(newer)
    for kwargs in ({}, {"lock": True}, {"read_only": True}):
        with pytest.raises(NewerDatabaseError, match="nieuwere versie van IVP Desk"):
            open_database(newer, paths, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(NewerDatabaseError):
        open_for_command(str(newer), paths, writes=False)
    assert _sha(newer) == before
    assert not lock_path_for(newer).exists()
    assert list(paths.backups_dir.iterdir()) == []  # not even a backup was attempted


def test_read_only_cannot_create_or_migrate(paths: Paths, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from ivpdesk.services import database as database_module

    with pytest.raises(NeedsWritingError, match="bestaat nog niet"):
        open_read_only(tmp_path / "bestaat-niet.sqlite", paths)
    old = tmp_path / "oud.sqlite"
    shutil.copyfile(DATA / "ivpdesk-schema-0001.sqlite", old)
    before = _sha(old)
    monkeypatch.setattr(database_module, "head_revision", lambda: "0002_pretend")
    with pytest.raises(NeedsWritingError, match="moet eerst worden bijgewerkt"):
        open_read_only(old, paths)
    assert _sha(old) == before


CRASHER = """
import os, signal, sys
from ivpdesk.store.uow import Database
db = Database.open_file(sys.argv[1])
conn = db.engine.raw_connection()
cur = conn.cursor()
cur.execute("BEGIN IMMEDIATE")
cur.execute("PRAGMA cache_size=5")
for i in range(3000):
    cur.execute("INSERT INTO setting(key, value) VALUES (?, ?)", (f"k{i}", "x" * 500))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_hot_journal_after_a_crash_is_rolled_back_by_the_next_writer(paths: Paths, tmp_path: Path) -> None:
    path = _demo_file(paths, tmp_path / "plan.sqlite")
    child = subprocess.run([sys.executable, "-c", CRASHER, str(path)], timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert has_hot_journal(path)
    with pytest.raises(NeedsWritingError, match="na een storing"):
        open_read_only(path, paths)  # a reader may not roll back; it says so
    db = open_for_command(str(path), paths, writes=False)  # a reading command recovers first
    try:
        assert database_info(db).activities == 82
    finally:
        db.dispose()
    assert not has_hot_journal(path)
    assert quick_check(path).ok
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM setting WHERE key LIKE 'k%'").fetchone() == (0,)
    con.close()


def test_daily_backup_once_a_day_on_first_start(paths: Paths, tmp_path: Path) -> None:
    from ivpdesk.store.backup import list_backups

    path = _demo_file(paths, tmp_path / "plan.sqlite")
    for _ in range(3):
        open_database(path, paths, lock=True, daily_backup=True).dispose()
    backups = list_backups(paths.backups_dir, "plan")
    assert [b.reason for b in backups] == ["dagelijks"]


def test_daily_backup_failure_is_a_notice_not_a_refusal(paths: Paths, tmp_path: Path) -> None:
    path = _demo_file(paths, tmp_path / "plan.sqlite")
    shutil.rmtree(paths.backups_dir)
    paths.backups_dir.write_text("in de weg")  # a file where the folder should be
    db = open_database(path, paths, lock=True, daily_backup=True)
    try:
        assert db.notices and "dagelijkse back-up is niet gelukt" in db.notices[0]
        assert database_info(db).activities == 82
    finally:
        db.dispose()


def test_storage_errors_in_a_unit_of_work_become_dutch(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught, db.uow() as uow:
        uow.session.connection().exec_driver_sql("PRAGMA query_only=1")
        uow.settings.set("a", "b")
        uow.commit()
    assert isinstance(caught.value, StorageError)
    assert "Er is niets half opgeslagen" in caught.value.message


SAVING = """
import sys, time
from ivpdesk.store.uow import Database
db = Database.open_file(sys.argv[1])
conn = db.engine.raw_connection()
cur = conn.cursor()
cur.execute("BEGIN IMMEDIATE")
cur.execute("DELETE FROM activity")  # a long save in progress: the journal is on disk
print("saving", flush=True)
time.sleep(3)
cur.execute("COMMIT")
"""


def test_reader_is_not_fooled_by_the_journal_of_a_colleague_who_is_saving(
        paths: Paths, tmp_path: Path) -> None:
    path = _demo_file(paths, tmp_path / "plan.sqlite")
    colleague = subprocess.Popen([sys.executable, "-c", SAVING, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert colleague.stdout is not None and colleague.stdout.readline().strip() == "saving"
        assert has_hot_journal(path)  # a journal exists, but it is not hot: she is alive
        db = open_read_only(path, paths)  # no "not recovered" error, no "damaged"
        try:
            assert database_info(db).activities == 82  # the last committed state
        finally:
            db.dispose()
    finally:
        colleague.wait(timeout=30)
    db = open_read_only(path, paths)
    try:
        assert database_info(db).activities == 0  # and her save arrived complete
    finally:
        db.dispose()
