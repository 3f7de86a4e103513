"""Bad input and hostile places: each gives a clear Dutch message (CLI and GUI) and loses nothing.

Not a database, a truncated database, a read-only file, a read-only folder, a full
disk (a real tiny tmpfs where we may mount one, and always a real file-size limit),
an unreachable drive, and a drive that disappears while the file is open.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ivpdesk.domain import Activity, DomainError, Section, Theme, ThemeKind
from ivpdesk.paths import Paths
from ivpdesk.services.database import ReadOnlyLocationError, open_database
from ivpdesk.services.demo import load_demo
from ivpdesk.services.plans import database_info
from ivpdesk.store.errors import StorageError
from ivpdesk.store.integrity import integrity_check
from ivpdesk.store.lock import lock_path_for
from ivpdesk.store.uow import Database
from tests.hostile import can_mount, fill_up, read_only_file, read_only_folder, small_filesystem

ROOT = Path(__file__).resolve().parent.parent.parent


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, IVPDESK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "ivpdesk", *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=ROOT)


def _one_dutch_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _demo(paths: Paths, path: Path) -> Path:
    db = open_database(path, paths)
    load_demo(db)
    db.dispose()
    return path


def _bulk_import(db: Database, count: int) -> None:
    """A large import in one unit of work, through the repositories."""
    with db.uow(source="import") as uow:
        plan_id = uow.plans.current_id()
        theme = uow.themes.add(Theme(name="Grote import", kind=ThemeKind.OTHER), plan_id)  # type: ignore[arg-type]
        section = uow.sections.add(Section(name="Alles"), theme.id)  # type: ignore[arg-type]
        for index in range(count):
            uow.activities.add(Activity(title=f"Rij {index}.", description="x" * 400, years=[2027]),
                               section.id, index)  # type: ignore[arg-type]
        uow.commit()


def _gui_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from ivpdesk.ui import lock_feature
    from ivpdesk.ui.app import create_application

    create_application()
    said: list[str] = []
    monkeypatch.setattr(lock_feature, "show_error", lambda parent, message: said.append(message))
    return said


# --------------------------------------------------------------------------- not a database


def test_not_a_database_cli_and_gui(paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ivpdesk.ui.lock_feature import open_interactively

    workbook = tmp_path / "plan.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    before = _sha(workbook)
    for args in (("info",), ("demo",), ("restore", str(workbook))):
        _one_dutch_line(cli("--db", str(workbook), *args, data=tmp_path / "d"), "geen IVP Desk-database")
    said = _gui_messages(monkeypatch)
    assert open_interactively(None, paths, workbook) is None
    assert said and "geen IVP Desk-database" in said[0]
    assert _sha(workbook) == before and not lock_path_for(workbook).exists()


def test_truncated_database_cli_and_gui(paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ivpdesk.ui import lock_feature

    path = _demo(paths, tmp_path / "plan.sqlite")
    path.write_bytes(path.read_bytes()[: 3 * 4096])  # a copy that stopped halfway
    before = _sha(path)
    line = _one_dutch_line(cli("--db", str(path), "info", data=tmp_path / "d"), "beschadigd")
    assert "geen goede back-up" in line
    _one_dutch_line(cli("--db", str(path), "demo", "--force", data=tmp_path / "d"), "beschadigd")
    _gui_messages(monkeypatch)
    asked: list[tuple[object, bool]] = []
    monkeypatch.setattr(lock_feature, "ask_damaged",
                        lambda parent, error, readable: asked.append((error.backup, readable)) or None)
    assert lock_feature.open_interactively(None, paths, path) is None
    assert asked == [(None, False)]  # no backup to offer, and not readable either
    assert _sha(path) == before and not lock_path_for(path).exists()


# --------------------------------------------------------------------------- read-only


def test_read_only_folder_cli_writes_refused_reads_work_gui_read_only(
        paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.ui import lock_feature
    from ivpdesk.ui.main_window import MainWindow

    share = tmp_path / "share"
    share.mkdir()
    path = _demo(paths, share / "plan.sqlite")
    before = _sha(path)
    with read_only_folder(share):
        _one_dutch_line(cli("--db", str(path), "demo", "--force", data=tmp_path / "d"), "alleen-lezen")
        info = cli("--db", str(path), "info", data=tmp_path / "d")
        assert info.returncode == 0 and "Activiteiten:       82" in info.stdout, info.stderr
        _gui_messages(monkeypatch)
        monkeypatch.setattr(lock_feature, "ask_read_only_location", lambda parent, error: True)
        db = lock_feature.open_interactively(None, paths, path)
        assert db is not None and db.read_only
        window = MainWindow(db)
        qtbot.addWidget(window)
        window.reload()
        assert window.read_only and window.bundle is not None and window.bundle.activity_count == 82
        banner = window.banner("read_only")
        assert banner is not None and "plan.sqlite kan niet worden gewijzigd" in banner.label.text()
        window.close()
        window.db.dispose()
    assert _sha(path) == before and not lock_path_for(path).exists()


def test_read_only_file_in_a_writable_folder(paths: Paths, tmp_path: Path) -> None:
    path = _demo(paths, tmp_path / "plan.sqlite")
    before = _sha(path)
    with read_only_file(path):
        with pytest.raises(ReadOnlyLocationError, match="alleen-lezen"):
            open_database(path, paths, lock=True)
        _one_dutch_line(cli("--db", str(path), "demo", "--force", data=tmp_path / "d"), "alleen-lezen")
        assert "Activiteiten:       82" in cli("--db", str(path), "info", data=tmp_path / "d").stdout
        db = open_database(path, paths, read_only=True)
        assert database_info(db).activities == 82
        db.dispose()
    assert _sha(path) == before
    assert not lock_path_for(path).exists()  # refused before a lock was written


def test_read_only_backup_folder_falls_back_and_cannot_be_chosen(paths: Paths, tmp_path: Path) -> None:
    from ivpdesk.services.backups import (
        BackupError,
        BackupSettings,
        backup_now,
        save_backup_settings,
    )

    path = _demo(paths, tmp_path / "plan.sqlite")
    second = tmp_path / "tweede"
    second.mkdir()
    db = open_database(path, paths, lock=True)
    try:
        save_backup_settings(db, BackupSettings(folder=second, keep=5))
        with read_only_folder(second):
            with pytest.raises(BackupError, match="geen back-ups schrijven"):
                save_backup_settings(db, BackupSettings(folder=second, keep=6))
            made = backup_now(db, paths, "voor import")  # the backup still happens …
            assert made is not None and made.parent == paths.backups_dir  # … in the standard folder
    finally:
        db.dispose()


# --------------------------------------------------------------------------- full disk


def _full_disk_checks(paths: Paths, share: Path, data: Path) -> None:
    path = _demo(paths, share / "plan.sqlite")
    db = open_database(path, paths, lock=True)
    before = database_info(db)
    filler = fill_up(share, leave=48 * 1024)
    try:
        with pytest.raises(StorageError, match="de schijf is vol") as caught:
            _bulk_import(db, 3000)
        assert "Er is niets half opgeslagen" in caught.value.message
        assert database_info(db) == before
        db.dispose()
        # The CLI: a writing command on the full drive, one Dutch line.
        _one_dutch_line(cli("--db", str(path), "demo", "--force", data=data), "vol")
        # A backup onto the full drive: refused in Dutch, no half backup left.
        from ivpdesk.store.backup import backup_database

        with pytest.raises(DomainError, match="De back-up kon niet worden gemaakt"):
            backup_database(path, share / "backups", "test")
        assert not (share / "backups").exists() or not list((share / "backups").iterdir())
        # An Excel export onto the (now completely) full drive: refused, no temporary file left.
        fill_up(share, name="rest.bin")
        out = cli("--db", str(path), "log", "--xlsx", str(share / "log.xlsx"), data=data)
        _one_dutch_line(out, "niet schrijven: de schijf is vol")
        assert sorted(p.name for p in share.iterdir() if p.name.endswith((".tmp", ".part"))) == []
    finally:
        filler.unlink()
        (share / "rest.bin").unlink(missing_ok=True)
    _reopened_intact(path, paths, before)


def _reopened_intact(path: Path, paths: Paths, before: object) -> None:
    """Open as the program does (SQLite rolls back what the failure left), then check."""
    again = open_database(path, paths, lock=True)
    try:
        assert database_info(again) == before  # nothing lost, nothing half-saved
    finally:
        again.dispose()
    assert integrity_check(path).ok


def test_full_disk_on_a_real_small_file_system(paths: Paths, tmp_path: Path) -> None:
    """A tiny tmpfs where we may mount one (root); else a real file-size limit in a child."""
    if can_mount(tmp_path):
        with small_filesystem(tmp_path / "share", "2m") as share:
            _full_disk_checks(paths, share, tmp_path / "d")
    else:
        _file_size_limit_child(paths, tmp_path)


FSIZE_CHILD = r"""
import resource, signal, sys
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # get EFBIG, like a full disk, instead of dying
from ivpdesk.domain import DomainError
from ivpdesk.store.uow import Database
from tests.unit.test_hostile_files import _bulk_import
path = Path(sys.argv[1])
db = Database.open_file(path)
limit = path.stat().st_size + 16 * 1024
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    _bulk_import(db, 3000)
    print("opgeslagen")
except DomainError as error:
    print("fout:", error.message)
"""


def _file_size_limit_child(paths: Paths, tmp_path: Path) -> None:
    path = _demo(paths, tmp_path / "plan.sqlite")
    db = open_database(path, paths)
    before = database_info(db)
    db.dispose()
    child = subprocess.run([sys.executable, "-c", FSIZE_CHILD, str(path)], capture_output=True,
                           text=True, timeout=120, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert child.returncode == 0, child.stderr
    line = child.stdout.strip()
    assert line.startswith("fout: De database kon niet worden gelezen of bijgewerkt"), line
    assert "schijf" in line and "Er is niets half opgeslagen" in line
    _reopened_intact(path, paths, before)


def test_full_disk_by_file_size_limit(paths: Paths, tmp_path: Path) -> None:
    """Runs everywhere (no root needed): the kernel refuses to let the file grow."""
    _file_size_limit_child(paths, tmp_path)


# --------------------------------------------------------------------------- unreachable drive


def test_unreachable_drive_cli_and_gui(paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ivpdesk.ui.lock_feature import open_interactively

    gone = tmp_path / "H-schijf-niet-verbonden" / "OOV" / "plan.sqlite"
    for args in (("info",), ("demo",), ("backup",)):
        _one_dutch_line(cli("--db", str(gone), *args, data=tmp_path / "d"), "niet bereikbaar")
    said = _gui_messages(monkeypatch)
    assert open_interactively(None, paths, gone) is None
    assert said and "niet bereikbaar" in said[0] and "netwerkschijf" in said[0]
    assert not gone.parent.exists()  # nothing was created on the way


def test_drive_that_disappears_while_open(paths: Paths, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.ui.app import create_application
    from ivpdesk.ui.lock_feature import LockController
    from ivpdesk.ui.main_window import MainWindow

    share = tmp_path / "share"
    share.mkdir()
    path = _demo(paths, share / "plan.sqlite")
    db = open_database(path, paths, lock=True)
    create_application()
    window = MainWindow(db)
    window.paths = paths  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    window.reload()
    controller = window.findChild(LockController)
    assert controller is not None
    activity_id = next(a.id for _t, _s, a in window.bundle.activities())  # type: ignore[union-attr]
    away = tmp_path / "weg"
    share.rename(away)  # the network drive drops out
    try:
        with pytest.raises(StorageError, match="niet meer bereikbaar: de netwerkschijf"), db.uow() as uow:
            activity = uow.activities.get(activity_id)  # type: ignore[arg-type]
            activity.description = "Niet op te slaan"
            uow.activities.update(activity)
            uow.commit()
        controller.tick()
        trouble = window.banner("lock_trouble")
        assert trouble is not None and "niet bereikbaar" in trouble.label.text()
    finally:
        away.rename(share)  # the connection is back
    controller.tick()
    assert window.banner("lock_trouble") is None and not window.read_only
    with db.uow() as uow:
        assert uow.activities.get(activity_id).description != "Niet op te slaan"  # type: ignore[arg-type]
    window.close()
    db.dispose()
    assert integrity_check(path).ok and not lock_path_for(path).exists()
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM activity").fetchone() == (82,)
    con.close()
