"""The P&C-kalender tab: add, edit, tick off, delete and add the defaults, all logged."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from ivpdesk.domain import ControlMomentKind
from ivpdesk.store.tables import ChangeLogRow
from ivpdesk.store.uow import Database
from ivpdesk.ui.app import create_application
from ivpdesk.ui.control_calendar_page import (
    COL_LEAD,
    COL_NAME,
    ControlCalendarPage,
    ControlMomentDialog,
)
from ivpdesk.ui.main_window import MainWindow
from ivpdesk.ui.reminders_feature import controller_of
from tests.reminder_plan import TODAY, build_reminder_plan


@pytest.fixture
def page(qtbot, db: Database) -> ControlCalendarPage:  # type: ignore[no-untyped-def]
    build_reminder_plan(db)
    create_application()
    win = MainWindow(db)
    qtbot.addWidget(win)
    controller_of(win).set_clock(lambda: TODAY)  # type: ignore[union-attr]
    win.reload()
    win.show()
    win.show_tab("calendar")
    calendar = win.tab("calendar")
    assert isinstance(calendar, ControlCalendarPage)
    return calendar


def _names(page: ControlCalendarPage) -> list[str]:
    return [page.proxy.index(r, COL_NAME).data() for r in range(page.proxy.rowCount())]


def _log(db: Database) -> list[tuple[str, str, str | None]]:
    with db.uow() as uow:
        return [(r.entity, r.field, r.new_value) for r in uow.session.scalars(
            select(ChangeLogRow).where(ChangeLogRow.entity == "pc-moment").order_by(ChangeLogRow.id))]


def _answer(monkeypatch, fill) -> None:  # type: ignore[no-untyped-def]
    """Let ControlMomentDialog.exec fill the form as the officer would, then press OK."""
    def exec_(dialog: ControlMomentDialog) -> int:
        fill(dialog)
        dialog.accept()
        return QDialog.DialogCode.Accepted if dialog.result_moment else QDialog.DialogCode.Rejected

    monkeypatch.setattr(ControlMomentDialog, "exec", exec_)


def test_tab_and_menu(page: ControlCalendarPage) -> None:
    win = page.window_
    assert "P&&C-kalender" in [win.tabs.tabText(i) for i in range(win.tabs.count())]
    assert [a.text() for a in win.menu("plan").actions() if not a.isSeparator()][-2:] == [
        "&P&&C-kalender", "Nieuw P&&C-moment…"]
    assert _names(page) == ["Al gedaan", "Voortgangsrapportage 2027", "Evaluatie"]
    assert page.proxy.index(1, COL_LEAD).data() == "14 dagen (vanaf 16-06-2027)"


def test_add_edit_done_delete(page: ControlCalendarPage, db: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fill_new(dialog: ControlMomentDialog) -> None:
        dialog.name.setText("Tussenrapportage raad")
        dialog.kind.setCurrentIndex(list(ControlMomentKind).index(ControlMomentKind.INTERIM_REPORT))
        dialog.due.setDate(QDate(2027, 7, 10))
        dialog.lead.setValue(21)
        dialog.notes.setPlainText("Aanleveren bij de griffie.")

    _answer(monkeypatch, fill_new)
    page.action_add.trigger()
    assert _names(page) == ["Al gedaan", "Voortgangsrapportage 2027", "Tussenrapportage raad", "Evaluatie"]
    assert page.selected().name == "Tussenrapportage raad"  # type: ignore[union-attr]
    added = page.selected()
    assert added.lead_days == 21 and added.kind is ControlMomentKind.INTERIM_REPORT  # type: ignore[union-attr]
    # It is in the Overzicht at once (26 days ahead, lead 21 days).
    overview = controller_of(page.window_).overview  # type: ignore[union-attr]
    assert "Tussenrapportage raad" in [r.title for r in overview.upcoming]  # type: ignore[union-attr]

    _answer(monkeypatch, lambda d: (d.lead.setValue(30), d.due.setDate(QDate(2027, 7, 17))))
    page.action_edit.trigger()
    changed = page.selected()
    assert changed.due_on == date(2027, 7, 17) and changed.lead_days == 30  # type: ignore[union-attr]

    page.action_done.trigger()
    assert page.selected().done_on == TODAY  # type: ignore[union-attr]
    assert page.action_done.text() == "Weer openzetten"
    page.hide_done.setChecked(True)
    assert "Tussenrapportage raad" not in _names(page) and "Al gedaan" not in _names(page)
    page.hide_done.setChecked(False)
    page.select_moment(changed.id)  # type: ignore[union-attr, arg-type]
    page.delete_selected(confirm=False)
    assert "Tussenrapportage raad" not in _names(page)
    fields = [(entity, field) for entity, field, _new in _log(db)]
    assert ("pc-moment", "lead_days") in fields and ("pc-moment", "done_on") in fields
    assert _log(db)[-1] == ("pc-moment", "", None)  # the deletion


def test_dialog_refuses_a_moment_without_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    create_application()
    dialog = ControlMomentDialog(None, TODAY)
    qtbot.addWidget(dialog)
    dialog.name.setText("  ")
    dialog.accept()
    assert dialog.result_moment is None
    assert dialog.error.text() == "Een P&C-moment heeft een naam nodig."
    dialog.due.setDate(QDate(2027, 6, 30))
    dialog.lead.setValue(10)
    assert dialog.remind.text() == "Herinnering vanaf 20-06-2027"


def test_standard_moments_are_added_once(page: ControlCalendarPage) -> None:
    page.action_defaults.trigger()
    # 17 defaults, minus the Voortgangsrapportage 2027 the plan already has on that date.
    assert len(_names(page)) == 3 + 16
    assert "16 standaardmomenten toegevoegd." in page.window_.statusBar().currentMessage()
    page.action_defaults.trigger()
    assert len(_names(page)) == 19
    assert page.window_.statusBar().currentMessage() == "Alle standaardmomenten staan er al."
