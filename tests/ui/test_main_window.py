"""The first GUI: welcome page on an empty database, navigator and activity table."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from ivpdesk.store.uow import Database
from ivpdesk.ui.app import create_application
from ivpdesk.ui.main_window import MainWindow
from ivpdesk.ui.models.activity_table_model import COL_ACTIVITY, COL_STATUS
from ivpdesk.ui.models.navigator_model import THEME_ID_ROLE


@pytest.fixture
def window(qtbot, db: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    create_application()
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.reload()
    win.show()
    return win


def test_empty_database_shows_three_choices(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.welcome
    buttons = [window.welcome.new_button, window.welcome.import_button, window.welcome.demo_button]
    assert [b.text() for b in buttons] == [
        "Nieuw plan maken", "Excel van vorig jaar importeren", "Demoplan openen"]
    assert window.welcome.demo_button.isEnabled()
    assert "plan.sqlite" in window.db_label.text()


def test_demo_choice_loads_the_plan_into_navigator_and_table(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.welcome.demo_button, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.splitter
    assert window.activity_model.rowCount() == 82
    assert "Lindewaard" in window.windowTitle()
    root = window.navigator_model.item(0)
    assert root.rowCount() == 6  # five velden + overkoepelend
    first_field = root.child(0)
    assert first_field.text().startswith("1. Veilige woon- en leefomgeving")
    theme_item = first_field.child(0)
    window.navigator.setCurrentIndex(theme_item.index())
    theme_id = theme_item.data(THEME_ID_ROLE)
    theme = next(t for t in window.bundle.themes if t.id == theme_id)  # type: ignore[union-attr]
    assert window.activity_model.rowCount() == theme.activity_count
    assert window.heading.text() == theme.name
    first = window.activity_proxy.index(0, COL_ACTIVITY).data()
    assert first
    assert window.activity_proxy.index(0, COL_STATUS).data() in {
        "Niet gestart", "Loopt", "Gereed", "Vertraagd", "Vervallen"}


def test_new_plan_dialog_validates_in_dutch(window: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.ui.dialogs.new_plan_dialog import NewPlanDialog

    dialog = NewPlanDialog(window)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.error.text() == "Vul de naam van de gemeente in."
    dialog.municipality.setText("Bergeijk aan Zee")
    dialog.ivp_start.setValue(2027)
    dialog.ivp_end.setValue(2030)
    dialog.up_start.setValue(2027)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuleren"
    dialog.accept()
    assert dialog.result_plans is not None
    safety, plan = dialog.result_plans
    assert (safety.municipality, plan.start_year, plan.end_year) == ("Bergeijk aan Zee", 2027, 2028)
