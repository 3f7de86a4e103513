"""Search and filters: combinable, live "n van m activiteiten", cleared in one click."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ivpdesk.domain import ActivityStatus, ThemeKind
from ivpdesk.store.uow import Database
from ivpdesk.ui.main_window import MainWindow
from ivpdesk.ui.models.activity_filter_proxy import OPEN_STATUSES
from ivpdesk.ui.models.activity_table_model import ROW_ACTIVITY, ROW_KIND_ROLE, fold
from tests.ui.workspace_helpers import make_window


@pytest.fixture
def window(qtbot, demo_db: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(qtbot, demo_db)


def _activities(window: MainWindow):  # type: ignore[no-untyped-def]
    return [a for _, _, a in window.bundle.activities()]  # type: ignore[union-attr]


def _select(combo, value) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def test_free_text_search_finds_every_text_field(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = window.filter_bar
    window.focus_search()
    QTest.keyClicks(bar.search, "veiligheidshuis")
    expected = {a.id for t, s, a in window.bundle.activities()  # type: ignore[union-attr]
                if "veiligheidshuis" in fold(" ".join([a.title or "", a.description, *a.partners,
                                                        a.political_owner, a.officer_owner]))}
    assert expected and set(window.visible_activity_ids()) == expected
    assert bar.count_label.text() == f"{len(expected)} van 82 activiteiten"
    assert bar.clear_button.isEnabled()
    # Two words must both occur; case and accents do not matter.
    bar.search.setText("POLITIE doorlopend")
    both = {a.id for a in _activities(window)
            if "politie" in fold(" ".join([a.description, *a.partners, a.title or ""]))
            and a.planning_text.lower().strip() == "doorlopend"}
    assert set(window.visible_activity_ids()) >= both and both
    # Progress notes are searched too.
    note = next(n for a in _activities(window) for n in a.progress_notes)
    word = max(note.text.split(), key=len).strip(".,")
    bar.search.setText(word)
    assert any(n.text == note.text for i in window.visible_activity_ids()
               for a in _activities(window) if a.id == i for n in a.progress_notes)
    # Escape clears the search.
    QTest.keyClick(bar.search, Qt.Key.Key_Escape)
    assert bar.search.text() == "" and len(window.visible_activity_ids()) == 82


def test_filters_combine_and_clear_in_one_click(window: MainWindow) -> None:
    bar = window.filter_bar
    activities = _activities(window)
    _select(bar.status, ActivityStatus.RUNNING)
    running = {a.id for a in activities if a.status is ActivityStatus.RUNNING}
    assert set(window.visible_activity_ids()) == running
    _select(bar.owner, "Burgemeester")
    both = {a.id for a in activities if a.status is ActivityStatus.RUNNING
            and "Burgemeester" in (a.political_owner, a.officer_owner)}
    assert set(window.visible_activity_ids()) == both
    _select(bar.year, 2028)
    three = {a.id for a in activities if a.status is ActivityStatus.RUNNING
             and "Burgemeester" in (a.political_owner, a.officer_owner) and 2028 in a.years}
    assert set(window.visible_activity_ids()) == three
    assert bar.count_label.text() == f"{len(three)} van 82 activiteiten"
    bar.clear_button.click()
    assert len(window.visible_activity_ids()) == 82
    assert bar.count_label.text() == "82 activiteiten"
    assert not bar.clear_button.isEnabled()
    assert bar.status.currentIndex() == 0 and bar.owner.currentIndex() == 0


def test_partner_kind_and_open_status_filters(window: MainWindow) -> None:
    bar = window.filter_bar
    activities = _activities(window)
    _select(bar.partner, "Halt")
    assert set(window.visible_activity_ids()) == {a.id for a in activities if "Halt" in a.partners}
    bar.clear()
    _select(bar.kind, ThemeKind.PRIORITY)
    priority = {a.id for t, _s, a in window.bundle.activities() if t.kind is ThemeKind.PRIORITY}  # type: ignore[union-attr]
    assert priority and set(window.visible_activity_ids()) == priority
    bar.clear()
    _select(bar.status, OPEN_STATUSES)
    assert set(window.visible_activity_ids()) == {a.id for a in activities if not a.status.is_closed}


def test_filters_and_theme_choice_work_together(window: MainWindow) -> None:
    theme = next(t for t in window.bundle.themes if t.activity_count > 3)  # type: ignore[union-attr]
    window.navigator.setCurrentIndex(window.navigator_model.index_of_theme(theme.id))
    assert window.filter_bar.count_label.text() == f"{theme.activity_count} activiteiten"
    status = theme.sections[0].activities[0].status
    _select(window.filter_bar.status, status)
    expected = {a.id for a in theme.activities() if a.status is status}
    assert set(window.visible_activity_ids()) == expected
    assert window.filter_bar.count_label.text() == (
        f"{len(expected)} van {theme.activity_count} activiteiten")
    # Groups without hits disappear; every shown group row has an activity below it.
    proxy = window.activity_proxy
    kinds = [proxy.index(r, 0).data(ROW_KIND_ROLE) for r in range(proxy.rowCount())]
    assert kinds[-1] == ROW_ACTIVITY
    assert window.table.columnSpan(0, 0) == proxy.columnCount()


def test_an_edit_that_leaves_the_filter_hides_the_row(window: MainWindow) -> None:
    _select(window.filter_bar.status, ActivityStatus.RUNNING)
    visible = window.visible_activity_ids()
    target = visible[0]
    from ivpdesk.ui.models.activity_table_model import COL_STATUS

    row = window.activity_proxy.proxy_row_of_activity(target)
    window.activity_proxy.setData(window.activity_proxy.index(row, COL_STATUS), ActivityStatus.DONE)  # type: ignore[arg-type]
    assert target not in window.visible_activity_ids()
    assert len(window.visible_activity_ids()) == len(visible) - 1
