"""New plan wizard; Dutch throughout (Qt's own strings too); keyboard; remembered layout."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWizard

from ivpdesk.domain import ThemeKind
from ivpdesk.services.plans import load_current
from ivpdesk.store.uow import Database
from ivpdesk.ui.dialogs.new_plan_wizard import NewPlanWizard
from ivpdesk.ui.main_window import MainWindow
from tests.ui.workspace_helpers import make_window


@pytest.fixture
def window(qtbot, db: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(qtbot, db)


def _check(tree, codes: list[str]) -> None:  # type: ignore[no-untyped-def]
    for item in tree.items():
        if item.data(Qt.ItemDataRole.UserRole + 30) in codes:
            item.setCheckState(Qt.CheckState.Checked)


def test_wizard_creates_a_plan_with_the_chosen_themes(window: MainWindow, db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    wizard = NewPlanWizard(db, window)
    qtbot.addWidget(wizard)
    wizard.show()
    assert [wizard.buttonText(b) for b in (QWizard.WizardButton.BackButton,
                                          QWizard.WizardButton.NextButton,
                                          QWizard.WizardButton.FinishButton,
                                          QWizard.WizardButton.CancelButton)] == [
        "< &Vorige", "&Volgende >", "&Voltooien", "Annuleren"]
    page = wizard.municipality_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # gemeente required
    page.municipality.setText("Bergeijk aan Zee")
    page.ivp_start.setValue(2029)
    page.ivp_end.setValue(2032)
    wizard.next()
    assert wizard.currentPage() is wizard.period_page
    wizard.period_page.start.setValue(2033)  # outside the IVP: refused in Dutch
    wizard.next()
    assert wizard.currentPage() is wizard.period_page
    assert "valt buiten de looptijd van het IVP" in wizard.period_page.error.text()
    wizard.period_page.start.setValue(2029)
    wizard.period_page.one_year.setChecked(True)
    assert wizard.period_page.period.text() == "Uitvoeringsplan 2029"
    wizard.period_page.two_years.setChecked(True)
    wizard.next()
    _check(wizard.priorities_page.tree, ["5.2", "1.3"])
    wizard.next()
    other = wizard.other_page
    # Prioriteiten cannot be chosen again as an other theme.
    chosen_before = [i for i in other.tree.items() if i.data(Qt.ItemDataRole.UserRole + 30) == "5.2"][0]
    assert not chosen_before.isEnabled() and "prioriteit" in chosen_before.text()
    _check(other.tree, ["3.1", "4.1", "5.2"])
    other.other.setChecked(True)  # this gemeente calls them "overig"
    assert other.add_own_theme("Zorg en veiligheid", None, ThemeKind.OVERARCHING)
    assert not other.add_own_theme("zorg en veiligheid", None, ThemeKind.OVERARCHING)
    assert "staat al in de lijst" in other.error.text()
    assert not other.add_own_theme("  ", 1, ThemeKind.STRATEGIC)
    assert other.error.text() == "Een thema heeft een naam nodig."
    wizard.next()
    summary = wizard.summary_page.text.toPlainText()
    assert "Bergeijk aan Zee" in summary and "Uitvoeringsplan 2029–2030" in summary
    assert "Zorg en veiligheid" in summary
    wizard.accept()
    assert wizard.created_plan_id is not None

    bundle = load_current(db)
    assert bundle.plan.id == wizard.created_plan_id
    assert (bundle.safety_plan.municipality, bundle.safety_plan.start_year,
            bundle.safety_plan.end_year) == ("Bergeijk aan Zee", 2029, 2032)
    assert (bundle.plan.start_year, bundle.plan.end_year) == (2029, 2030)
    themes = [(t.name, t.kind, t.field_number, t.standard_theme_code) for t in bundle.themes]
    assert themes[0][1:] == (ThemeKind.PRIORITY, 1, "1.3")
    assert themes[1][1:] == (ThemeKind.PRIORITY, 5, "5.2")
    assert {(t[3], t[1]) for t in themes[2:4]} == {("3.1", ThemeKind.OTHER), ("4.1", ThemeKind.OTHER)}
    assert themes[4] == ("Zorg en veiligheid", ThemeKind.OVERARCHING, None, None)
    assert len(themes) == 5
    assert bundle.control_moments  # the usual P&C moments are there

    window.reload()
    assert window.stack.currentWidget() is window.splitter
    assert "Bergeijk aan Zee" in window.windowTitle()


def test_qt_standard_buttons_and_numbers_are_dutch(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate, QLocale

    from ivpdesk.ui.i18n import format_date, format_number

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Yes
                               | QDialogButtonBox.StandardButton.No)
    texts = {b.text().replace("&", "") for b in buttons.buttons()}
    assert texts == {"OK", "Annuleren", "Ja", "Nee"}
    box = QMessageBox()
    assert box.addButton(QMessageBox.StandardButton.Cancel).text() == "Annuleren"
    assert QLocale().toString(QDate(2027, 3, 15), "d MMMM yyyy") == "15 maart 2027"
    assert format_date(__import__("datetime").date(2027, 3, 5)) == "05-03-2027"
    assert format_number(1234.5) == "1.234,5"
    menu = window.filter_bar.search.createStandardContextMenu()
    assert any(a.text().startswith("&Ongedaan maken") for a in menu.actions())


def test_menus_shortcuts_and_accessible_names(window: MainWindow) -> None:
    window.load_demo()
    texts = [a.text() for a in window.menu("edit").actions() if not a.isSeparator()]
    assert texts[0].startswith("&Ongedaan maken") and texts[1].startswith("Opnie&uw")
    assert window.action_undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert {s.toString() for s in window.action_redo.shortcuts()} == {"Ctrl+Y", "Ctrl+Shift+Z"}
    assert window.action_find.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert window.action_up.shortcut().toString() == "Alt+Up"
    plan_menu = [a.text().replace("&", "") for a in window.menu("plan").actions() if not a.isSeparator()]
    for wanted in ("Planeigenschappen…", "Thema toevoegen…", "Onderdeel toevoegen…",
                   "Activiteit toevoegen", "Activiteit dupliceren", "Activiteit verwijderen…",
                   "Verplaatsen naar…", "Omhoog", "Omlaag", "Indicator toevoegen"):
        assert wanted in plan_menu
    # Every editing action is switched off in read-only mode (registered).
    window.set_read_only(True)
    assert not any(a.isEnabled() for a in (window.action_add_activity, window.action_add_theme,
                                           window.action_rename, window.action_theme_up))
    window.set_read_only(False)
    window.focus_search()
    assert window.filter_bar.search.hasFocus() or window.tabs.currentWidget() is window.tab("activities")
    for widget in (window.navigator, window.table, window.filter_bar.search, window.detail,
                   window.detail.activity_editor.title, window.detail.activity_editor.status,
                   window.detail.activity_editor.partners.input, window.indicators.table,
                   window.indicators.chart):
        assert widget.accessibleName(), widget


def test_layout_is_remembered(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    first = make_window(qtbot, demo_db)
    first.table.setColumnWidth(4, 244)  # partners (the activity column stretches)
    first.indicators.table.setColumnWidth(1, 333)
    first.action_tall_rows.setChecked(True)
    first._toggle_tall_rows()
    first.action_detail.setChecked(False)
    first._toggle_detail()
    splitters = (first.splitter.saveState(), first.work_splitter.saveState(),
                 first.indicators.splitter.saveState())
    first.close()
    settings = QSettings()
    assert settings.value("main/geometry") is not None
    assert (settings.value("main/splitter"), settings.value("main/work_splitter"),
            settings.value("indicators/splitter")) == splitters
    second = make_window(qtbot, demo_db)
    assert second.table.columnWidth(4) == 244
    assert second.indicators.table.columnWidth(1) == 333
    assert second.action_tall_rows.isChecked() and second.table.lines_per_row == 3
    assert not second.action_detail.isChecked() and not second.detail.isVisible()


def test_refcount_guard_keeps_none_alive_through_many_qt_calls(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    import ivpdesk.ui  # noqa: F401 - installs the guard

    label = QLabel()
    qtbot.addWidget(label)
    for _ in range(50_000):  # without the guard CPython 3.11 aborts after a few thousand
        label.setText("x")
        label.windowTitleChanged.emit("y")
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 2**58
