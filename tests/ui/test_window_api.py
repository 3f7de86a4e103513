"""The feature API of the main window (ivpdesk.ui.features): features rely on it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from ivpdesk.store.uow import Database
from ivpdesk.ui.app import create_application
from ivpdesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_db: Database, monkeypatch) -> MainWindow:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("ivpdesk.ui.features.UI_FEATURES", [])  # the bare API, without features
    create_application()
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.reload()
    win.show()
    return win


def _texts(window: MainWindow, menu: str) -> list[str]:
    return [a.text() if not a.isSeparator() else "---" for a in window.menu(menu).actions()]


def test_menu_groups_keep_their_order_with_separators(window: MainWindow) -> None:
    window.add_menu_action("file", QAction("Exporteren als JSON…"), "export")
    window.add_menu_action("file", QAction("Importeren…"), "import")
    # Feature modules add their own actions to the file menu; compare only the known ones.
    known = {"&Nieuw plan…", "Importeren…", "Exporteren als JSON…", "&Afsluiten", "---"}
    texts: list[str] = []
    for text in _texts(window, "file"):
        if text in known and not (text == "---" and texts and texts[-1] == "---"):
            texts.append(text)
    assert texts == ["&Nieuw plan…", "---", "Importeren…", "---", "Exporteren als JSON…", "---",
                     "&Afsluiten"]
    with pytest.raises(KeyError):
        window.add_menu_action("file", QAction("x"), "nonsense")


def test_tabs_and_banners(window: MainWindow) -> None:
    window.add_tab("overview", QLabel("Overzicht"), "Overzicht", position=0)
    assert window.tabs.tabText(0) == "Overzicht"
    window.show_tab("activities")
    assert window.tabs.currentWidget() is window.tab("activities")
    banner = window.show_banner("tray", "Geen systeemvak: herinneringen staan hier.", "info",
                                "Bekijken", lambda: window.show_tab("overview"))
    assert window.banner_area.isVisible()
    assert banner.button is not None
    banner.button.click()
    assert window.tabs.currentIndex() == 0
    window.hide_banner("tray")
    assert not window.banner_area.isVisible()


def test_read_only_disables_edit_actions(window: MainWindow) -> None:
    seen: list[bool] = []
    window.read_only_changed.connect(seen.append)
    edit = QAction("Activiteit toevoegen")
    window.register_edit_action(edit)
    window.set_read_only(True, "Alleen-lezen: Annemarie heeft het plan open.")
    assert not edit.isEnabled() and not window.action_new_plan.isEnabled()
    assert window.banner("read_only") is not None
    assert "Annemarie" in window.banner("read_only").label.text()  # type: ignore[union-attr]
    window.set_read_only(False)
    assert edit.isEnabled() and seen == [True, False]


def test_show_activity_and_visible_ids(window: MainWindow) -> None:
    assert window.current_theme_id() is None
    assert len(window.visible_activity_ids()) == 82
    theme, _section, activity = list(window.bundle.activities())[40]  # type: ignore[union-attr]
    assert window.show_activity(activity.id)  # type: ignore[arg-type]
    assert window.current_theme_id() == theme.id
    assert activity.id in window.visible_activity_ids()
    selected = window.table.selectionModel().selectedRows()
    assert len(selected) == 1
    assert window.show_activity(999_999) is False


def test_set_database_switches_and_reloads(window: MainWindow, db: Database, tmp_path, paths) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.services.database import open_database

    other = open_database(tmp_path / "ander.sqlite", paths)
    try:
        window.set_database(other)
        assert window.bundle is None
        assert window.stack.currentWidget() is window.welcome
        assert "ander.sqlite" in window.db_label.text()
    finally:
        other.dispose()


def test_settings_pages_and_selection(window: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit

    from ivpdesk.domain.errors import DomainError
    from ivpdesk.ui.settings_dialog import SettingsDialog

    applied: list[str] = []

    class Page(QLineEdit):
        def apply(self) -> None:
            if not self.text():
                raise DomainError("Vul een map in.")
            applied.append(self.text())

    window.add_settings_page("backup", "Back-ups", Page)
    dialog = SettingsDialog(window._settings_pages, window)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.error.text() == "Vul een map in." and not applied
    dialog.pages["backup"].setText("/tmp/x")  # type: ignore[attr-defined]
    dialog.accept()
    assert applied == ["/tmp/x"]

    assert window.selected_activity_id() is None
    # The table groups activities under onderdeel rows, so view row 3 need not be the
    # fourth activity: select the row that shows it.
    wanted = window.visible_activity_ids()[3]
    window.table.selectRow(window.activity_proxy.proxy_row_of_activity(wanted))
    assert window.selected_activity_id() == wanted
    window.table.selectRow(0)  # a group row (the first theme): no activity selected
    assert window.selected_activity_id() is None


def test_no_two_window_actions_share_a_shortcut(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    """With every feature installed, a window-wide shortcut triggers exactly one action."""
    from PySide6.QtCore import Qt

    create_application()
    win = MainWindow(demo_db)  # all UI_FEATURES installed
    qtbot.addWidget(win)
    seen: dict[str, str] = {}
    clashes = []
    for action in win.findChildren(QAction):
        if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
            continue  # local to one widget (Alt+Up in the table vs. the navigator)
        for sequence in action.shortcuts():
            key = sequence.toString()
            if not key:
                continue
            if key in seen and seen[key] != action.text():
                clashes.append((key, seen[key], action.text()))
            seen.setdefault(key, action.text())
    assert clashes == []
