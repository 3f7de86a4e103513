"""History of an activity and the filterable log of the plan, in the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ivpdesk.domain import ActivityStatus
from ivpdesk.paths import Paths
from ivpdesk.store.uow import Database
from ivpdesk.ui.app import create_application
from ivpdesk.ui.change_log_views import (
    ActivityHistoryDialog,
    ChangeLogDialog,
    ChangeLogTableModel,
    open_change_log,
)
from ivpdesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_db: Database, paths: Paths) -> MainWindow:  # type: ignore[no-untyped-def]
    create_application()
    win = MainWindow(demo_db)
    win.paths = paths  # type: ignore[attr-defined]
    qtbot.addWidget(win)
    win.reload()
    win.show()
    return win


def _edit(db: Database, actor: str, activity_id: int, **fields: object) -> None:
    db.actor = actor
    try:
        with db.uow() as uow:
            activity = uow.activities.get(activity_id)
            for key, value in fields.items():
                setattr(activity, key, value)
            uow.activities.update(activity)
            uow.commit()
    finally:
        db.actor = "testgebruiker"


def _first_activity(window: MainWindow) -> int:
    assert window.bundle is not None
    return next(a.id for _t, _s, a in window.bundle.activities())  # type: ignore[misc]


def test_history_of_the_selected_activity(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    activity_id = _first_activity(window)
    _edit(window.db, "annemarie", activity_id, status=ActivityStatus.DELAYED)
    _edit(window.db, "pieter", activity_id, officer_owner="Team Veiligheid", budget=None)
    window.reload()
    window.show_activity(activity_id)
    action = next(a for a in window.menu("plan").actions() if "Geschiedenis" in a.text())
    action.trigger()
    (dialog,) = window.findChildren(ActivityHistoryDialog)
    qtbot.addWidget(dialog)
    model = dialog.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert model.columns == ["at", "actor", "field", "old", "new", "source"]
    assert [r[1] for r in rows] == ["pieter", "annemarie", "testgebruiker"]
    assert rows[0][2:5] == ["ambtelijk trekker", "Team OOV", "Team Veiligheid"]
    assert rows[1][2:5] == ["status", "loopt", "vertraagd"]
    assert rows[2][2] == "aangemaakt" and rows[2][5] == "demoplan"
    assert dialog.heading.text().startswith("Meldpunt ondermijning")
    assert "3 wijzigingen" in dialog.count.text()


def test_history_without_selection_explains_what_to_do(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    window.table.clearSelection()
    next(a for a in window.menu("plan").actions() if "Geschiedenis" in a.text()).trigger()
    assert said and "Selecteer eerst een activiteit" in said[0]


def test_plan_log_filters_by_user_kind_text_and_period(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    activity_id = _first_activity(window)
    _edit(window.db, "annemarie", activity_id, status=ActivityStatus.DONE)
    _edit(window.db, "annemarie", activity_id, planning_text="=1+1 in het vierde kwartaal")
    window.reload()
    dialog = open_change_log(window)
    qtbot.addWidget(dialog)

    def settled() -> None:
        qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)

    settled()
    total = dialog.model.rowCount()
    assert total > 180  # the demo's creations plus our two edits
    assert dialog.count.text() == f"{total} wijzigingen"
    dialog.actor.setCurrentIndex(dialog.actor.findData("annemarie"))
    settled()
    assert dialog.model.rowCount() == 2
    assert {dialog.model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).field
            for r in range(2)} == {"status", "planning_text"}
    dialog.actor.setCurrentIndex(0)
    dialog.entity.setCurrentIndex(dialog.entity.findData("indicator"))
    settled()
    assert dialog.model.rowCount() == 14
    dialog.entity.setCurrentIndex(0)
    settled()
    dialog.search.setText("vierde kwartaal")
    qtbot.waitUntil(lambda: dialog.proxy.rowCount() == 1, timeout=2000)
    assert dialog.count.text() == f"1 van {total} wijzigingen"
    dialog.search.clear()
    qtbot.waitUntil(lambda: dialog.proxy.rowCount() == total, timeout=2000)
    dialog.period.setCurrentIndex(1)  # Vandaag
    settled()
    assert dialog.model.rowCount() == total
    dialog.period.setCurrentIndex(5)  # Kies de periode
    dialog.since.setDate(QDate(2020, 1, 1))
    dialog.until.setDate(QDate(2020, 12, 31))
    settled()
    assert dialog.model.rowCount() == 0
    dialog.since.setDate(QDate(2021, 1, 1))
    assert "begindatum ligt na de einddatum" in dialog.count.text()


def test_plan_log_exports_what_is_shown_and_opens_activities(
        window: MainWindow, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    activity_id = _first_activity(window)
    _edit(window.db, "annemarie", activity_id, status=ActivityStatus.DONE)
    window.reload()
    dialog = ChangeLogDialog(window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)
    dialog.search.setText("gereed")
    qtbot.waitUntil(lambda: dialog.proxy.rowCount() == 1, timeout=2000)
    out = tmp_path / "log.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.export_task is not None and dialog.export_task.finished, timeout=10_000)
    sheet = load_workbook(out)["Wijzigingen"]
    assert sheet.max_row == 2
    assert [sheet.cell(2, c).value for c in range(2, 9)] == [
        "annemarie", "programma", "Activiteit", "Meldpunt ondermijning.", "status", "loopt", "gereed"]
    assert said and "1 wijziging opgeslagen" in said[0]
    window.show_tab("activities")
    window.table.clearSelection()
    dialog.table.doubleClicked.emit(dialog.proxy.index(0, 0))
    assert window.selected_activity_id() == activity_id


def test_model_shows_one_line_and_full_text_in_the_tooltip(window: MainWindow) -> None:
    from ivpdesk.services.change_log import query_changes

    activity_id = _first_activity(window)
    long_text = "Regel één\n" + "lang " * 100
    _edit(window.db, "annemarie", activity_id, description=long_text)
    entries = [e for e in query_changes(window.db) if e.field == "description"]
    model = ChangeLogTableModel()
    model.set_entries(entries)
    new_column = model.columns.index("new")
    shown = model.index(0, new_column).data()
    assert "\n" not in shown and shown.endswith("…") and len(shown) <= 300
    assert model.index(0, new_column).data(Qt.ItemDataRole.ToolTipRole) == long_text.strip()
