"""The workspace: welcome page on an empty database, navigator, grouped activity table."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ivpdesk.store.uow import Database
from ivpdesk.ui.app import create_application
from ivpdesk.ui.main_window import MainWindow
from ivpdesk.ui.models.activity_table_model import (
    ACTIVITY_ROLE,
    COL_ACTIVITY,
    COL_STATUS,
    ROW_ACTIVITY,
    ROW_HEADING,
    ROW_KIND_ROLE,
    ROW_SECTION,
    ROW_THEME,
)
from ivpdesk.ui.models.navigator_model import STATUS_COUNTS_ROLE, THEME_ID_ROLE


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
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.splitter
    assert window.activity_model.activity_count() == 82
    assert len(window.visible_activity_ids()) == 82
    assert "Lindewaard" in window.windowTitle()
    ivp = window.navigator_model.item(0)
    assert ivp.text() == "IVP 2027–2030 – Lindewaard"
    plan = ivp.child(0)
    assert plan.text() == "Uitvoeringsplan 2027–2028 (82)"
    assert plan.rowCount() == 6  # five velden + overkoepelend
    first_field = plan.child(0)
    assert first_field.text().startswith("1. Veilige woon- en leefomgeving")
    theme_item = first_field.child(0)
    counts = theme_item.data(STATUS_COUNTS_ROLE)
    assert sum(counts.values()) > 0 and "loopt" in theme_item.toolTip()

    window.navigator.setCurrentIndex(theme_item.index())
    theme_id = theme_item.data(THEME_ID_ROLE)
    theme = next(t for t in window.bundle.themes if t.id == theme_id)  # type: ignore[union-attr]
    assert window.current_theme_id() == theme_id
    assert len(window.visible_activity_ids()) == theme.activity_count
    assert window.heading.text() == theme.name
    assert window.filter_bar.count_label.text() == f"{theme.activity_count} activiteiten"
    proxy = window.activity_proxy
    kinds = [proxy.index(r, 0).data(ROW_KIND_ROLE) for r in range(proxy.rowCount())]
    assert ROW_THEME not in kinds  # the heading names the theme already
    assert kinds[0] in (ROW_HEADING, ROW_SECTION) and ROW_SECTION in kinds  # grouped
    first_activity = kinds.index(ROW_ACTIVITY)
    assert proxy.index(first_activity, COL_ACTIVITY).data()
    assert proxy.index(first_activity, COL_STATUS).data() in {
        "Niet gestart", "Loopt", "Gereed", "Vertraagd", "Vervallen"}
    # Group rows span the whole width.
    assert window.table.columnSpan(0, 0) == proxy.columnCount()
    assert window.table.columnSpan(first_activity, 0) == 1


def test_whole_plan_shows_theme_rows_and_sorting_stays_within_onderdelen(window: MainWindow) -> None:
    window.load_demo()
    proxy = window.activity_proxy
    kinds = [proxy.index(r, 0).data(ROW_KIND_ROLE) for r in range(proxy.rowCount())]
    assert kinds[0] == ROW_THEME
    assert kinds.count(ROW_THEME) == len(window.bundle.themes)  # type: ignore[union-attr]

    def groups() -> list[list[str]]:
        result: list[list[str]] = []
        for r in range(proxy.rowCount()):
            kind = proxy.index(r, 0).data(ROW_KIND_ROLE)
            if kind != ROW_ACTIVITY:
                result.append([])
            else:
                result[-1].append(proxy.index(r, COL_STATUS).data())
        return result

    before = [sorted(g) for g in groups()]
    window.table.sortByColumn(COL_STATUS, Qt.SortOrder.DescendingOrder)
    after = groups()
    assert [sorted(g) for g in after] == before  # same activities in each onderdeel
    order = ["Niet gestart", "Loopt", "Gereed", "Vertraagd", "Vervallen"]
    for group in after:
        ranks = [order.index(s) for s in group]
        assert ranks == sorted(ranks, reverse=True)
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    blocks: list[list[int]] = []
    for r in range(proxy.rowCount()):
        if proxy.index(r, 0).data(ROW_KIND_ROLE) != ROW_ACTIVITY:
            blocks.append([])
        else:
            blocks[-1].append(proxy.index(r, 0).data(ACTIVITY_ROLE).position)
    assert all(block == sorted(block) for block in blocks)  # plan order again


def test_welcome_new_plan_opens_the_wizard(window: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.ui.dialogs import new_plan_wizard

    opened: list[object] = []
    monkeypatch.setattr(new_plan_wizard.NewPlanWizard, "exec",
                        lambda self: opened.append(self) or 0)
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and opened[0].windowTitle() == "Nieuw plan"  # type: ignore[attr-defined]
