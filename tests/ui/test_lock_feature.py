"""The shared file in the window: who has it, read-only viewing, take-over, heartbeat, switching."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ivpdesk.paths import Paths
from ivpdesk.services.database import open_database
from ivpdesk.services.demo import load_demo
from ivpdesk.store.lock import DatabaseLock, DatabaseLockedError, lock_path_for
from ivpdesk.ui import lock_feature
from ivpdesk.ui.app import create_application
from ivpdesk.ui.lock_feature import LockController, LockedDialog, open_interactively
from ivpdesk.ui.main_window import MainWindow


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plan(paths: Paths, tmp_path: Path) -> Path:
    path = tmp_path / "plan.sqlite"
    db = open_database(path, paths)
    load_demo(db)
    db.dispose()
    return path


def _window(qtbot, db, paths: Paths) -> MainWindow:  # type: ignore[no-untyped-def]
    create_application()
    window = MainWindow(db)
    window.paths = paths  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    window.reload()
    window.show()
    return window


def _controller(window: MainWindow) -> LockController:
    found = window.findChild(LockController)
    assert found is not None
    return found


def _stale_holder(path: Path, user: str = "annemarie") -> DatabaseLock:
    """A colleague whose program went silent an hour ago."""
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    holder = DatabaseLock(path, user=user, machine="LT-OOV-01", clock=lambda: hour_ago)
    holder.acquire()
    past = time.time() - 3600
    os.utime(lock_path_for(path), (past, past))
    return holder


def test_locked_dialog_names_the_holder_and_offers_take_over_only_when_stale(qtbot, plan: Path) -> None:  # type: ignore[no-untyped-def]
    create_application()
    holder = DatabaseLock(plan, user="annemarie", machine="LT-OOV-01")
    holder.acquire()
    error = DatabaseLockedError(plan, holder.read(), stale=False)  # type: ignore[arg-type]
    dialog = LockedDialog(error)
    qtbot.addWidget(dialog)
    assert "plan.sqlite is geopend door annemarie op LT-OOV-01 sinds" in dialog.text()
    assert dialog.take_over_button is None
    assert "Overnemen kan pas als er 10 minuten" in dialog.informativeText()
    assert [b.text() for b in dialog.buttons()] == ["Alleen-lezen openen", "Annuleren"]
    dialog.read_only_button.click()
    assert dialog.choice() == "read_only"

    stale = LockedDialog(DatabaseLockedError(plan, holder.read(), stale=True))  # type: ignore[arg-type]
    qtbot.addWidget(stale)
    assert stale.take_over_button is not None
    assert "geen teken van leven" in stale.informativeText()
    stale.take_over_button.click()
    assert stale.choice() == "take_over"
    cancel = LockedDialog(error)
    qtbot.addWidget(cancel)
    cancel.cancel_button.click()
    assert cancel.choice() is None


def test_read_only_window_is_marked_disables_edits_and_writes_nothing(
        qtbot, plan: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    holder = DatabaseLock(plan, user="annemarie", machine="LT-OOV-01")
    holder.acquire()
    lock_bytes, before = lock_path_for(plan).read_bytes(), _sha(plan)
    monkeypatch.setattr(lock_feature, "ask_locked", lambda parent, error: "read_only")
    db = open_interactively(None, paths, plan)
    assert db is not None and db.read_only
    window = _window(qtbot, db, paths)
    try:
        assert window.read_only
        banner = window.banner("read_only")
        assert banner is not None and banner.button is not None
        assert "geopend door annemarie op LT-OOV-01 sinds" in banner.label.text()
        assert banner.button.text() == "Vernieuwen"
        restore = next(a for a in window.menu("tools").actions() if a.text().startswith("Back-up &terug"))
        assert not restore.isEnabled() and not window.action_new_plan.isEnabled()
        assert window.bundle is not None and window.bundle.activity_count == 82
        assert window.windowTitle().endswith("uitvoeringsplan 2027–2028 (alleen-lezen)")
        banner.button.click()  # Vernieuwen: reloads, still held
        assert window.banner("lock_free") is None
        assert window.windowTitle().count("(alleen-lezen)") == 1
    finally:
        window.close()
        window.db.dispose()
    assert _sha(plan) == before and lock_path_for(plan).read_bytes() == lock_bytes


def test_colleague_closes_then_nu_bewerken_switches_to_editing(
        qtbot, plan: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    holder = DatabaseLock(plan, user="annemarie", machine="LT-OOV-01")
    holder.acquire()
    monkeypatch.setattr(lock_feature, "ask_locked", lambda parent, error: "read_only")
    window = _window(qtbot, open_interactively(None, paths, plan), paths)
    try:
        controller = _controller(window)
        assert controller.timer.interval() == lock_feature.READ_ONLY_POLL_MS
        holder.release()
        controller.tick()
        banner = window.banner("lock_free")
        assert banner is not None and banner.button is not None and banner.button.text() == "Nu bewerken"
        old = window.db
        banner.button.click()
        assert window.db is not old and not window.db.read_only and not window.read_only
        assert window.db.lock is not None and window.db.lock.held
        assert window.banner("read_only") is None
        assert "alleen-lezen" not in window.windowTitle()
        assert controller.timer.interval() == int(window.db.lock.heartbeat_interval.total_seconds() * 1000)
    finally:
        window.close()
        window.db.dispose()
    assert not lock_path_for(plan).exists()


def test_stale_lock_is_taken_over_after_the_warning_only(
        plan: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    create_application()
    holder = _stale_holder(plan)
    monkeypatch.setattr(lock_feature, "ask_locked", lambda parent, error: "take_over")
    monkeypatch.setattr(lock_feature, "confirm_take_over", lambda parent, holder: False)
    assert open_interactively(None, paths, plan) is None
    assert holder.is_mine(holder.read())  # warning declined: nothing changed
    monkeypatch.setattr(lock_feature, "confirm_take_over", lambda parent, holder: True)
    db = open_interactively(None, paths, plan)
    assert db is not None and not db.read_only and db.lock is not None
    try:
        assert db.lock.is_mine(db.lock.read())
        assert holder.heartbeat() is False  # her program learns it lost the file
    finally:
        db.dispose()


def test_heartbeat_while_open_and_lost_lock_turns_the_window_read_only(
        qtbot, plan: Path, paths: Paths) -> None:  # type: ignore[no-untyped-def]
    db = open_database(plan, paths, lock=True)
    window = _window(qtbot, db, paths)
    try:
        controller = _controller(window)
        assert controller.timer.isActive()
        first = db.lock.read()  # type: ignore[union-attr]
        time.sleep(0.01)
        controller.tick()
        assert db.lock.read().heartbeat > first.heartbeat  # type: ignore[union-attr]
        # Her laptop slept an hour; Pieter took over meanwhile.
        past = time.time() - 3600
        os.utime(lock_path_for(plan), (past, past))
        later = datetime.now(UTC) + timedelta(hours=1)
        pieter = DatabaseLock(plan, user="pieter", machine="LT-OOV-02", clock=lambda: later)
        info = pieter.read()
        assert info is not None
        pieter.take_over(info)
        controller.tick()
        assert window.read_only and window.db.read_only and window.db is not db
        banner = window.banner("read_only")
        assert banner is not None and "pieter op LT-OOV-02 heeft de database" in banner.label.text()
        assert pieter.is_mine(pieter.read())  # nothing of ours overwrote his record
    finally:
        window.close()
        window.db.dispose()


def test_open_and_new_database_switch_files_and_release_the_old_lock(
        qtbot, plan: Path, paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db = open_database(tmp_path / "eerste.sqlite", paths, lock=True)
    window = _window(qtbot, db, paths)
    try:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(plan), ""))
        open_action = next(a for a in window.menu("file").actions() if a.text() == "Database &openen…")
        open_action.trigger()
        assert window.db.path == plan.resolve() and window.bundle is not None
        assert not lock_path_for(tmp_path / "eerste.sqlite").exists()
        assert lock_path_for(plan).exists()
        assert lock_feature.remembered_database(paths) == plan.resolve()

        messages: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: messages.append(text))
        before = _sha(plan)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(plan), ""))
        new_action = next(a for a in window.menu("file").actions() if a.text() == "Nieuwe &database…")
        new_action.trigger()
        assert messages and "bestaat al" in messages[0] and _sha(plan) == before
        assert window.db.path == plan.resolve()

        fresh = tmp_path / "nieuw"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(fresh), ""))
        new_action.trigger()
        assert window.db.path == fresh.with_suffix(".sqlite").resolve()
        assert window.bundle is None and window.stack.currentWidget() is window.welcome
        assert not lock_path_for(plan).exists()
    finally:
        window.close()
        window.db.dispose()


def test_damaged_file_at_open_restores_the_newest_good_backup(
        plan: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    from ivpdesk.services.backups import backup_now
    from ivpdesk.services.plans import database_info

    create_application()
    db = open_database(plan, paths)
    backup_now(db, paths, "dagelijks")
    db.dispose()
    broken = bytearray(plan.read_bytes())
    broken[8192:8192 * 3] = b"\x13" * 16384
    plan.write_bytes(bytes(broken))
    seen: list[object] = []
    monkeypatch.setattr(lock_feature, "ask_damaged",
                        lambda parent, error, readable: seen.append(error.backup) or "restore")
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    restored = open_interactively(None, paths, plan)
    assert restored is not None and seen and seen[0] is not None
    try:
        assert database_info(restored).activities == 82
    finally:
        restored.dispose()
    assert len(list(plan.parent.glob("plan.sqlite.beschadigd-*"))) == 1


def test_remembered_database_is_opened_at_the_next_start(plan: Path, paths: Paths) -> None:
    from ivpdesk.cli import AppContext

    create_application()
    db = open_database(plan, paths)
    lock_feature.remember_database(paths, db)
    db.dispose()
    started = lock_feature.open_at_start(AppContext(paths=paths, db_target=None))
    assert started is not None
    try:
        assert started.path == plan.resolve() and started.lock is not None
    finally:
        started.dispose()


def test_unreachable_remembered_database_asks_before_falling_back(
        plan: Path, paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ivpdesk.cli import AppContext

    create_application()
    gone = tmp_path / "H" / "plan.sqlite"
    monkeypatch.setattr(lock_feature, "remembered_database", lambda p: gone)
    answers = iter(["retry", "retry", None])
    asked: list[Path] = []
    monkeypatch.setattr(lock_feature, "ask_unreachable", lambda last: asked.append(last) or next(answers))
    assert lock_feature.open_at_start(AppContext(paths=paths, db_target=None)) is None
    assert asked == [gone, gone, gone]  # tried again twice, then the officer chose to stop
    assert not paths.default_db.exists()  # and nothing was created behind her back
    monkeypatch.setattr(lock_feature, "ask_unreachable", lambda last: "default")
    db = lock_feature.open_at_start(AppContext(paths=paths, db_target=None))
    assert db is not None
    try:
        assert db.path == paths.default_db.resolve()
    finally:
        db.dispose()


def test_restore_dialog_closed_before_its_list_is_read(qtbot, plan: Path, paths: Paths) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.services.backups import backup_now
    from ivpdesk.ui.backup_views import RestoreDialog

    db = open_database(plan, paths, lock=True)
    for _ in range(3):
        backup_now(db, paths, "handmatig")
    window = _window(qtbot, db, paths)
    try:
        dialog = RestoreDialog(window)
        handle = dialog.loading
        dialog.deleteLater()  # the officer closes it at once
        qtbot.waitUntil(lambda: handle is not None and handle.finished, timeout=10_000)
    finally:
        window.close()
        window.db.dispose()
