"""Extra → Back-up maken / terugzetten…, and the Back-ups and Gedeeld bestand settings pages."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from ivpdesk.domain import DomainError
from ivpdesk.paths import Paths
from ivpdesk.services.backups import backup_now, load_backup_settings
from ivpdesk.services.database import lock_stale_after, open_database
from ivpdesk.services.demo import load_demo
from ivpdesk.store.backup import list_backups
from ivpdesk.ui import backup_views
from ivpdesk.ui.app import create_application
from ivpdesk.ui.backup_views import BackupSettingsPage, RestoreDialog, SharingSettingsPage
from ivpdesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, paths: Paths, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    create_application()
    db = open_database(tmp_path / "plan.sqlite", paths, lock=True)
    load_demo(db)
    win = MainWindow(db)
    win.paths = paths  # type: ignore[attr-defined]
    qtbot.addWidget(win)
    win.reload()
    win.show()
    yield win
    win.close()
    win.db.dispose()


def _action(window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    return next(a for a in window.menu("tools").actions() if a.text() == text)


def test_back_up_maken_writes_a_backup_off_the_gui_thread(window: MainWindow, paths: Paths,
                                                          qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    handle = backup_views.make_backup(window)
    qtbot.waitUntil(lambda: handle.finished, timeout=10_000)
    (made,) = list_backups(paths.backups_dir, "plan")
    assert made.reason == "handmatig"
    assert said and str(made.path) in said[0]
    con = sqlite3.connect(made.path)
    assert con.execute("SELECT count(*) FROM activity").fetchone() == (82,)
    con.close()


def test_restore_lists_backups_with_counts_and_restores_after_confirmation(
        window: MainWindow, paths: Paths, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    good = backup_now(window.db, paths, "voor import")
    broken = backup_now(window.db, paths, "dagelijks")
    assert good is not None and broken is not None
    broken.write_bytes(broken.read_bytes()[:5000])
    with window.db.uow() as uow:
        for _theme, _section, activity in list(uow.reader.load(uow.plans.current_id()).activities())[:30]:  # type: ignore[arg-type]
            uow.activities.delete(activity.id)  # type: ignore[arg-type]
        uow.commit()
    window.reload()
    assert window.bundle is not None and window.bundle.activity_count == 52

    dialog = RestoreDialog(window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loading is not None and dialog.loading.finished, timeout=10_000)
    model = dialog.model
    assert model.rowCount() == 2
    texts = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(2)]
    assert texts[0][1] == "dagelijkse back-up" and texts[0][2].startswith("niet bruikbaar: beschadigd")
    assert texts[1][1] == "vóór import" and texts[1][2] == "Lindewaard, 2027–2028"
    assert texts[1][3:6] == ["17", "82", "14"]
    assert len(texts[1][0]) == len("dd-mm-jjjj hh:mm")
    assert dialog.selected() is not None and dialog.selected().path == good  # first good one
    assert dialog.restore_button.isEnabled()
    dialog.table.selectRow(0)
    assert not dialog.restore_button.isEnabled()  # a damaged backup cannot be chosen
    dialog.table.selectRow(1)

    monkeypatch.setattr(RestoreDialog, "confirm", lambda self, summary: False)
    dialog.restore_button.click()
    assert dialog.restoring is None and window.bundle.activity_count == 52

    said: list[str] = []
    monkeypatch.setattr(RestoreDialog, "confirm", lambda self, summary: True)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: dialog.restoring is not None and dialog.restoring.finished, timeout=20_000)
    assert window.bundle is not None and window.bundle.activity_count == 82
    assert said and "is teruggezet" in said[0]
    safety = [b for b in list_backups(paths.backups_dir, "plan") if b.reason == "voor-terugzetten"]
    assert len(safety) == 1
    con = sqlite3.connect(safety[0].path)
    assert con.execute("SELECT count(*) FROM activity").fetchone() == (52,)
    con.close()
    assert window.db.lock is not None and window.db.lock.held  # we still hold the file


def test_confirmation_shows_then_and_now(window: MainWindow, paths: Paths, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.services.backups import summarize_file

    made = backup_now(window.db, paths, "handmatig")
    assert made is not None
    captured: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        captured.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    dialog = RestoreDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.confirm(summarize_file(made)) is False
    text = captured[0].text() + "\n" + captured[0].informativeText()
    assert "In de back-up: 17 thema's, 82 activiteiten, 14 indicatoren." in text
    assert "Nu: 17 thema's, 82 activiteiten, 14 indicatoren." in text
    assert "back-up van de huidige stand" in text


def test_backup_settings_page_saves_folder_and_number(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = BackupSettingsPage(window)
    qtbot.addWidget(page)
    assert page.keep.value() == 30 and page.folder.text() == ""
    second = tmp_path / "tweede schijf" / "IVP"
    page.folder.setText(str(second))
    page.keep.setValue(12)
    page.apply()
    settings = load_backup_settings(window.db)
    assert settings.folder == second and settings.keep == 12 and second.is_dir()
    blocked = tmp_path / "een-bestand"
    blocked.write_text("x")
    page.folder.setText(str(blocked / "map"))
    with pytest.raises(DomainError, match="geen back-ups schrijven"):
        page.apply()
    page.folder.setText("relatief/pad")
    with pytest.raises(DomainError, match="volledige map"):
        page.apply()
    assert load_backup_settings(window.db).folder == second


def test_sharing_page_changes_when_a_lock_counts_as_stale(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = SharingSettingsPage(window)
    qtbot.addWidget(page)
    assert page.minutes.value() == 10
    assert "U hebt deze database in gebruik sinds" in page.status.text()
    page.minutes.setValue(25)
    page.apply()
    assert lock_stale_after(window.db.path) == timedelta(minutes=25)
    assert window.db.lock is not None and window.db.lock.stale_after == timedelta(minutes=25)
    window.db.lock.heartbeat()
    assert window.db.lock.read().stale_after == timedelta(minutes=25)  # type: ignore[union-attr]


def test_pages_are_disabled_while_read_only(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.set_read_only(True, "Alleen-lezen: test")
    page = BackupSettingsPage(window)
    qtbot.addWidget(page)
    assert not page.folder.isEnabled() and not page.keep.isEnabled()
    assert "alleen-lezen" in page.note.text()
    page.apply()  # does nothing, raises nothing
    assert not _action(window, "Back-up &terugzetten…").isEnabled()
    assert _action(window, "&Back-up maken").isEnabled()  # a backup only reads the database
