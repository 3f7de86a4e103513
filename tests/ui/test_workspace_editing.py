"""Editing in the workspace: in the table, in the detail panel, structure; undo and redo.

Every check of "undo" compares full dumps of the database (tests/dumps.py).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem

from ivpdesk.domain import ActivityStatus
from ivpdesk.store.uow import Database
from ivpdesk.ui.main_window import MainWindow
from ivpdesk.ui.models.activity_table_model import (
    ACTIVITY_ROLE,
    COL_PARTNERS,
    COL_PLANNING,
    COL_POLITICAL,
    COL_SECTION,
    COL_STATUS,
    COL_YEARS,
    MIME_ACTIVITIES,
    ROW_ACTIVITY,
    ROW_KIND_ROLE,
    ROW_SECTION,
)
from tests.dumps import dump
from tests.ui.workspace_helpers import DialogAnswer, make_window, read_activity


@pytest.fixture
def window(qtbot, demo_db: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(qtbot, demo_db)


def _cell(window: MainWindow, activity_id: int, column: int) -> QModelIndex:
    row = window.activity_proxy.proxy_row_of_activity(activity_id)
    assert row is not None
    return window.activity_proxy.index(row, column)


def _first_activity(window: MainWindow) -> int:
    return window.visible_activity_ids()[0]


def test_edit_a_cell_is_stored_and_undo_redo_restore_exactly(window: MainWindow, demo_db: Database) -> None:
    activity_id = _first_activity(window)
    before = dump(demo_db)
    assert window.activity_proxy.setData(_cell(window, activity_id, COL_PLANNING), "medio 2027")
    assert read_activity(demo_db, activity_id).planning_text == "medio 2027"
    assert _cell(window, activity_id, COL_PLANNING).data() == "medio 2027"
    after = dump(demo_db)
    assert window.action_undo.isEnabled()
    assert window.action_undo.text() == "&Ongedaan maken: Planning van activiteit wijzigen"
    window.action_undo.trigger()
    assert dump(demo_db) == before
    assert _cell(window, activity_id, COL_PLANNING).data() != "medio 2027"
    window.action_redo.trigger()
    assert dump(demo_db) == after
    assert read_activity(demo_db, activity_id).planning_text == "medio 2027"


def test_cell_editors_for_status_years_partners_and_trekker(window: MainWindow, demo_db: Database) -> None:
    activity_id = _first_activity(window)
    proxy = window.activity_proxy
    before = dump(demo_db)
    proxy.setData(_cell(window, activity_id, COL_STATUS), ActivityStatus.DELAYED)
    proxy.setData(_cell(window, activity_id, COL_YEARS), [2028])
    proxy.setData(_cell(window, activity_id, COL_PARTNERS), ["Halt", "Stichting Nieuw Perspectief"])
    proxy.setData(_cell(window, activity_id, COL_POLITICAL), "Wethouder Jeugd en Onderwijs")
    stored = read_activity(demo_db, activity_id)
    assert stored.status is ActivityStatus.DELAYED
    assert stored.years == [2028]
    assert stored.partners == ["Halt", "Stichting Nieuw Perspectief"]
    assert stored.political_owner == "Wethouder Jeugd en Onderwijs"
    assert window.undo_stack.count() == 4
    for _ in range(4):
        window.undo_stack.undo()
    assert dump(demo_db) == before  # the new partner left the register again

    # The editors the delegate makes for these columns put the value through.
    delegate = window.table.delegate
    index = _cell(window, activity_id, COL_STATUS)
    editor = delegate.createEditor(window.table.viewport(), QStyleOptionViewItem(), index)
    delegate.setEditorData(editor, index)
    editor.set_status(ActivityStatus.DONE)  # type: ignore[attr-defined]
    delegate.setModelData(editor, proxy, index)
    assert read_activity(demo_db, activity_id).status is ActivityStatus.DONE


def test_detail_panel_edits_every_field(window: MainWindow, demo_db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    activity_id = _first_activity(window)
    window.show_activity(activity_id)
    editor = window.detail.activity_editor
    assert window.detail.current_kind() == "activity"
    assert editor.activity is not None and editor.activity.id == activity_id
    before = dump(demo_db)

    editor.title.setText("Buurtpreventie 2.0")
    editor.title.editingFinished.emit()
    editor.description.setPlainText("Eerste regel\nTweede regel")
    editor.description.commit()
    editor.planning.setText("2e kwartaal 2027")
    editor.planning.editingFinished.emit()
    editor.status.setCurrentIndex(list(ActivityStatus).index(ActivityStatus.DONE))
    editor.status.activated.emit(editor.status.currentIndex())
    editor.years.boxes()[2027].setChecked(False)
    editor.budget.setText("12.500,50")
    editor.budget.editingFinished.emit()
    editor.deadline.check.setChecked(True)
    editor.partners.input.setText("Nieuwe Buurtvereniging")
    editor.partners.add_typed()
    stored = read_activity(demo_db, activity_id)
    assert stored.title == "Buurtpreventie 2.0"
    assert stored.description == "Eerste regel\nTweede regel"
    assert stored.planning_text == "2e kwartaal 2027"
    assert stored.status is ActivityStatus.DONE
    assert stored.years == [2028]
    assert stored.budget == Decimal("12500.50")
    assert stored.deadline_override is not None
    assert stored.partners[-1] == "Nieuwe Buurtvereniging"
    # The panel shows what the planning text means.
    assert "30-06-2027" in editor.deadline_info.text() or "Eigen deadline" in editor.deadline_info.text()
    editor.budget.setText("twaalf euro")
    editor.budget.editingFinished.emit()
    assert "geen bedrag" in editor.budget.toolTip()
    assert read_activity(demo_db, activity_id).budget == Decimal("12500.50")

    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert dump(demo_db) == before
    assert editor.title.text() != "Buurtpreventie 2.0"


def test_pending_detail_text_is_saved_when_the_selection_moves(window: MainWindow, demo_db: Database) -> None:
    first, second = window.visible_activity_ids()[:2]
    window.show_activity(first)
    window.detail.activity_editor.planning.setText("najaar 2027")  # typed, not yet left
    window.show_activity(second)
    assert read_activity(demo_db, first).planning_text == "najaar 2027"


def test_progress_notes_add_and_delete_with_undo(window: MainWindow, demo_db: Database) -> None:
    activity_id = _first_activity(window)
    window.show_activity(activity_id)
    editor = window.detail.activity_editor
    before = dump(demo_db)
    count = len(read_activity(demo_db, activity_id).progress_notes)
    editor.note_text.setPlainText("Overleg met politie gevoerd.")
    editor.note_moment.setEditText("Voortgangsrapportage 2027")
    editor.add_note_button.click()
    notes = read_activity(demo_db, activity_id).progress_notes
    assert len(notes) == count + 1
    assert notes[-1].text == "Overleg met politie gevoerd."
    assert notes[-1].moment == "Voortgangsrapportage 2027"
    assert editor.notes.count() == count + 1
    window.undo_stack.undo()
    assert dump(demo_db) == before
    # Delete a note (confirmed in the real dialog), then undo.
    editor.notes.setCurrentRow(0)
    answer = DialogAnswer("Verwijderen")
    editor.delete_note_button.click()
    answer.verify()
    assert len(read_activity(demo_db, activity_id).progress_notes) == count - 1
    window.undo_stack.undo()
    assert dump(demo_db) == before


def test_add_duplicate_delete_activity(window: MainWindow, demo_db: Database) -> None:
    first = _first_activity(window)
    window.show_activity(first)
    before = dump(demo_db)
    window.action_add_activity.trigger()
    new_id = window.selected_activity_id()
    assert new_id is not None and new_id != first
    added = read_activity(demo_db, new_id)
    assert added.title == "Nieuwe activiteit" and added.years == [2027, 2028]
    assert read_activity(demo_db, first).section_id == added.section_id
    assert window.visible_activity_ids().index(new_id) == window.visible_activity_ids().index(first) + 1
    assert window.activity_model.activity_count() == 83
    window.undo_stack.undo()
    assert dump(demo_db) == before
    assert window.activity_model.activity_count() == 82

    window.show_activity(first)
    window.action_duplicate.trigger()
    copy_id = window.selected_activity_id()
    assert copy_id is not None and copy_id != first
    assert read_activity(demo_db, copy_id).description == read_activity(demo_db, first).description
    window.undo_stack.undo()
    assert dump(demo_db) == before

    window.show_activity(first)
    answer = DialogAnswer("Annuleren")
    window.action_delete.trigger()
    answer.verify()
    assert dump(demo_db) == before  # cancelled: nothing changed
    answer = DialogAnswer("Verwijderen", check=lambda d: _assert_text_in(d, "Deze activiteit verwijderen?"))
    window.action_delete.trigger()
    answer.verify()
    assert first not in window.visible_activity_ids()
    window.undo_stack.undo()
    assert dump(demo_db) == before
    assert first in window.visible_activity_ids()


def _assert_text_in(dialog, text: str) -> None:  # type: ignore[no-untyped-def]
    assert text in dialog.text()


def test_move_between_onderdelen_and_themes(window: MainWindow, demo_db: Database) -> None:
    bundle = window.bundle
    assert bundle is not None
    theme_a, theme_b = bundle.themes[0], bundle.themes[1]
    activity = theme_a.sections[0].activities[0]
    target = theme_b.sections[0]
    before = dump(demo_db)
    # Through the table's onderdeel column (a section of the same theme).
    other_section = theme_a.sections[1]
    window.activity_proxy.setData(_cell(window, activity.id, COL_SECTION), other_section.id)  # type: ignore[arg-type]
    QTest.qWait(10)  # the move runs right after the editor closed
    assert read_activity(demo_db, activity.id).section_id == other_section.id  # type: ignore[arg-type]
    window.undo_stack.undo()
    assert dump(demo_db) == before
    # Through "Verplaatsen naar…" into another theme.
    window.show_activity(activity.id)  # type: ignore[arg-type]

    def choose(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.choose(target.id)

    answer = DialogAnswer("Verplaatsen", check=choose)
    window.action_move.trigger()
    answer.verify()
    moved = read_activity(demo_db, activity.id)  # type: ignore[arg-type]
    assert moved.section_id == target.id
    assert window.current_theme_id() == theme_b.id  # the view follows the activity
    window.undo_stack.undo()
    assert dump(demo_db) == before
    # Dropped on a theme in the navigator.
    theme_index = window.navigator_model.index_of_theme(theme_b.id)
    data = QMimeData()
    data.setData(MIME_ACTIVITIES, json.dumps([activity.id]).encode())
    window.navigator_model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, theme_index)
    QTest.qWait(10)
    assert read_activity(demo_db, activity.id).section_id == theme_b.sections[-1].id  # type: ignore[arg-type]
    window.undo_stack.undo()
    assert dump(demo_db) == before


def test_reorder_by_keyboard_and_drag_and_drop(window: MainWindow, demo_db: Database) -> None:
    bundle = window.bundle
    assert bundle is not None
    section = bundle.themes[0].sections[0]
    first, second, third = (a.id for a in section.activities[:3])
    before = dump(demo_db)
    window.show_activity(first)  # type: ignore[arg-type]
    window.table.setFocus()
    QTest.keyClick(window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    with demo_db.uow() as uow:
        order = [a.id for a in uow.activities.list_for_section(section.id)]  # type: ignore[arg-type]
    assert order[:3] == [second, first, third]
    assert window.selected_activity_id() == first
    QTest.keyClick(window.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    with demo_db.uow() as uow:
        order = [a.id for a in uow.activities.list_for_section(section.id)]  # type: ignore[arg-type]
    assert order[:3] == [first, second, third]
    assert window.undo_stack.count() == 2
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert dump(demo_db) == before

    # Drag the first activity onto the third (as the view drops on an item: row and
    # column -1, the item as parent): it lands just above it.
    source = window.activity_model
    data = source.mimeData([source.index(source.row_of_activity(first), 0)])  # type: ignore[arg-type]
    target_row = window.activity_proxy.proxy_row_of_activity(third)  # type: ignore[arg-type]
    window.activity_proxy.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1,
                                       window.activity_proxy.index(target_row, 0))  # type: ignore[arg-type]
    QTest.qWait(10)
    with demo_db.uow() as uow:
        order = [a.id for a in uow.activities.list_for_section(section.id)]  # type: ignore[arg-type]
    assert order[:3] == [second, first, third]
    window.undo_stack.undo()
    assert dump(demo_db) == before
    # Between two rows (the view passes the row below the gap): the third goes on top.
    first_row = window.activity_proxy.proxy_row_of_activity(first)  # type: ignore[arg-type]
    data = source.mimeData([source.index(source.row_of_activity(third), 0)])  # type: ignore[arg-type]
    window.activity_proxy.dropMimeData(data, Qt.DropAction.MoveAction, first_row, 0, QModelIndex())
    QTest.qWait(10)
    with demo_db.uow() as uow:
        order = [a.id for a in uow.activities.list_for_section(section.id)]  # type: ignore[arg-type]
    assert order[:3] == [third, first, second]
    window.undo_stack.undo()
    assert dump(demo_db) == before


def test_themes_and_onderdelen_add_rename_reorder(window: MainWindow, demo_db: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bundle = window.bundle
    assert bundle is not None
    before = dump(demo_db)

    def fill_theme(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.standard.setCurrentIndex(dialog.standard.findData("2.3"))
        assert dialog.name.text() == "Veilig uitgaan"
        dialog.name.setText("Uitgaan en horeca")

    answer = DialogAnswer("Toevoegen", check=fill_theme)
    window.action_add_theme.trigger()
    answer.verify()
    with demo_db.uow() as uow:
        themes = uow.themes.list_for_plan(bundle.plan.id)  # type: ignore[arg-type]
    added = themes[-1]
    assert (added.name, added.field_number, added.standard_theme_code) == ("Uitgaan en horeca", 2, "2.3")
    assert any(t.id == added.id for t in window.bundle.themes)  # type: ignore[union-attr]
    window.undo_stack.undo()
    assert dump(demo_db) == before

    # Rename a theme in the detail panel (theme row selected in the table).
    window.table.selectRow(0)
    assert window.detail.current_kind() == "theme"
    theme = window.detail.theme_editor.theme
    assert theme is not None
    window.detail.theme_editor.name.setText("Woninginbraak en overvallen")
    window.detail.theme_editor.name.editingFinished.emit()
    with demo_db.uow() as uow:
        assert uow.themes.get(theme.id).name == "Woninginbraak en overvallen"  # type: ignore[arg-type]
    assert "Woninginbraak en overvallen" in window.navigator_model.index_of_theme(theme.id).data()
    window.undo_stack.undo()
    assert dump(demo_db) == before

    # Rename an onderdeel by selecting its row.
    row = next(r for r in range(window.activity_proxy.rowCount())
               if window.activity_proxy.index(r, 0).data(ROW_KIND_ROLE) == ROW_SECTION)
    window.table.selectRow(row)
    assert window.detail.current_kind() == "section"
    section = window.detail.section_editor.section
    window.detail.section_editor.name.setText("Inbraakpreventie")
    window.detail.section_editor.name.editingFinished.emit()
    with demo_db.uow() as uow:
        assert uow.sections.get(section.id).name == "Inbraakpreventie"  # type: ignore[union-attr, arg-type]
    window.undo_stack.undo()
    assert dump(demo_db) == before

    # A new onderdeel.
    def fill_section(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.theme.setCurrentIndex(dialog.theme.findData(theme.id))
        dialog.name.setText("Voorlichting")
        dialog.ambition.setPlainText("Iedereen weet hoe je inbraak voorkomt.")

    answer = DialogAnswer("Toevoegen", check=fill_section)
    window.action_add_section.trigger()
    answer.verify()
    with demo_db.uow() as uow:
        names = [s.name for s in uow.sections.list_for_theme(theme.id)]  # type: ignore[arg-type]
    assert names[-1] == "Voorlichting"
    window.undo_stack.undo()
    assert dump(demo_db) == before

    # Reorder themes from the navigator (Alt+Down on a theme: within its veiligheidsveld).
    field_themes = [t for t in bundle.themes if t.field_number == theme.field_number]
    assert len(field_themes) >= 2
    window.navigator.setCurrentIndex(window.navigator_model.index_of_theme(field_themes[0].id))
    window.action_theme_down.trigger()
    from ivpdesk.ui.models.navigator_model import navigator_theme_order

    order = [t.id for t in navigator_theme_order(window.bundle) if t.field_number == theme.field_number]  # type: ignore[arg-type]
    assert order[:2] == [field_themes[1].id, field_themes[0].id]
    window.undo_stack.undo()
    assert dump(demo_db) == before


def test_delete_theme_and_onderdeel_with_confirmation(window: MainWindow, demo_db: Database) -> None:
    bundle = window.bundle
    assert bundle is not None
    theme = bundle.themes[0]
    before = dump(demo_db)
    window.navigator.setCurrentIndex(window.navigator_model.index_of_theme(theme.id))
    answer = DialogAnswer("Verwijderen", check=lambda d: _assert_text_in(d, theme.name))
    window.action_delete_theme.trigger()
    answer.verify()
    assert all(t.id != theme.id for t in window.bundle.themes)  # type: ignore[union-attr]
    window.undo_stack.undo()
    assert dump(demo_db) == before

    row = next(r for r in range(window.activity_proxy.rowCount())
               if window.activity_proxy.index(r, 0).data(ROW_KIND_ROLE) == ROW_SECTION)
    window.table.selectRow(row)
    answer = DialogAnswer("Verwijderen")
    window.action_delete_section.trigger()
    answer.verify()
    assert window.activity_model.activity_count() < 82
    window.undo_stack.undo()
    assert dump(demo_db) == before


def test_plan_properties_dialog_saves_and_undoes(window: MainWindow, demo_db: Database) -> None:
    before = dump(demo_db)

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.municipality.setText("Lindewaard-Noord")
        dialog.status.setCurrentIndex(1)  # vastgesteld: the date switches on by itself
        assert dialog.adopted_on.check.isChecked()
        dialog.introduction.setPlainText("Nieuwe inleiding.")

    answer = DialogAnswer("OK", check=fill)
    window.action_plan_properties.trigger()
    answer.verify()
    assert window.bundle.safety_plan.municipality == "Lindewaard-Noord"  # type: ignore[union-attr]
    assert window.bundle.plan.introduction == "Nieuwe inleiding."  # type: ignore[union-attr]
    assert "Lindewaard-Noord" in window.windowTitle()
    window.undo_stack.undo()
    assert dump(demo_db) == before
    assert "Lindewaard-Noord" not in window.windowTitle()


def test_wrong_input_gets_a_dutch_message_and_saves_nothing(window: MainWindow, demo_db: Database) -> None:
    untitled = next(a for _, _, a in window.bundle.activities() if not a.title)  # type: ignore[union-attr]
    before = dump(demo_db)
    answer = DialogAnswer("OK", check=lambda d: _assert_text_in(
        d, "Een activiteit heeft een omschrijving nodig."))
    assert not window.activity_proxy.setData(_cell(window, untitled.id, 1), "   ")  # type: ignore[arg-type]
    answer.verify()
    assert dump(demo_db) == before
    assert not window.undo_stack.canUndo()


def test_reload_keeps_undo_for_the_same_plan_and_clears_it_for_another(window: MainWindow, demo_db: Database) -> None:
    activity_id = _first_activity(window)
    window.activity_proxy.setData(_cell(window, activity_id, COL_PLANNING), "medio 2027")
    window.show_activity(activity_id)
    window.reload()  # e.g. after another feature changed something
    assert window.undo_stack.canUndo()
    assert window.selected_activity_id() == activity_id  # selection kept
    from ivpdesk.domain import ImplementationPlan, SafetyPlan
    from ivpdesk.services.plans import create_plan

    with demo_db.uow() as uow:
        create_plan(uow, SafetyPlan(municipality="Anders", start_year=2031, end_year=2034),
                    ImplementationPlan(safety_plan_id=None, start_year=2031, end_year=2032))
        uow.commit()
    window.reload()  # another plan is current now
    assert not window.undo_stack.canUndo()
    assert "Anders" in window.windowTitle()


def test_activity_rows_are_activities_in_view_order(window: MainWindow) -> None:
    proxy = window.activity_proxy
    ids = [proxy.index(r, 0).data(ACTIVITY_ROLE).id for r in range(proxy.rowCount())
           if proxy.index(r, 0).data(ROW_KIND_ROLE) == ROW_ACTIVITY]
    assert ids == window.visible_activity_ids()
    assert date.today()  # noqa: DTZ011 - keeps the import honest


def test_in_place_editor_driven_by_the_keyboard(window: MainWindow, demo_db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    activity_id = _first_activity(window)
    index = _cell(window, activity_id, COL_PLANNING)
    window.activateWindow()
    window.table.setFocus()
    window.table.setCurrentIndex(index)
    QTest.keyClick(window.table, Qt.Key.Key_F2)
    editor = window.table.indexWidget(index) or window.table.focusWidget()
    assert editor is not None and editor is not window.table
    editor.selectAll()  # type: ignore[attr-defined]
    QTest.keyClicks(editor, "3e kwartaal 2028")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: read_activity(demo_db, activity_id).planning_text == "3e kwartaal 2028",
                    timeout=2000)
    assert window.undo_stack.count() == 1


def test_status_edit_updates_navigator_counts_in_place(window: MainWindow) -> None:
    from ivpdesk.ui.models.navigator_model import STATUS_COUNTS_ROLE

    theme = window.bundle.themes[0]  # type: ignore[union-attr]
    activity = theme.sections[0].activities[0]
    theme_index = window.navigator_model.index_of_theme(theme.id)
    field_index = theme_index.parent()
    window.navigator.collapse(field_index)  # the officer folded this veld
    done_before = theme_index.data(STATUS_COUNTS_ROLE)[ActivityStatus.DONE]
    new_status = ActivityStatus.DONE if activity.status is not ActivityStatus.DONE else ActivityStatus.RUNNING
    window.activity_proxy.setData(_cell(window, activity.id, COL_STATUS), new_status)  # type: ignore[arg-type]
    theme_index = window.navigator_model.index_of_theme(theme.id)
    done_after = theme_index.data(STATUS_COUNTS_ROLE)[ActivityStatus.DONE]
    assert done_after == done_before + (1 if new_status is ActivityStatus.DONE else -1)
    assert not window.navigator.isExpanded(theme_index.parent())  # still folded
