"""Two officers, one file: a stale edit shows both versions and loses nothing.
Read-only mode: no editing anywhere."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QMimeData, Qt

from ivpdesk.domain import ActivityStatus
from ivpdesk.services import editing
from ivpdesk.services.editing import FieldChange
from ivpdesk.store.uow import Database
from ivpdesk.ui.dialogs.stale_edit_dialog import StaleEditDialog
from ivpdesk.ui.main_window import MainWindow
from ivpdesk.ui.models.activity_table_model import COL_PLANNING, COL_STATUS, MIME_ACTIVITIES
from tests.ui.workspace_helpers import DialogAnswer, make_window, read_activity


@pytest.fixture
def window(qtbot, demo_db: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(qtbot, demo_db)


@pytest.fixture
def colleague(demo_db: Database):  # type: ignore[no-untyped-def]
    """A second Database object on the same file, as the other officer's program."""
    other = Database.open_file(demo_db.path, actor="collega")  # type: ignore[arg-type]
    yield other
    other.dispose()


def _colleague_sets(colleague: Database, activity_id: int, **values: object) -> None:
    current = read_activity(colleague, activity_id)
    editing.edit_fields(colleague, [FieldChange("activity", activity_id, values,
                                                version=current.version)])


def _rows(dialog: StaleEditDialog) -> dict[str, tuple[str, str, str]]:
    return {field: (before, now, mine) for field, before, now, mine, _ in dialog.rows}


def test_stale_edit_shows_both_versions_and_reapplies_mine(window: MainWindow, colleague: Database,
                                                         demo_db: Database) -> None:
    activity_id = window.visible_activity_ids()[0]
    window.show_activity(activity_id)
    original = read_activity(demo_db, activity_id)
    _colleague_sets(colleague, activity_id, status=ActivityStatus.DELAYED,
                    budget=Decimal("5000"))
    seen: dict[str, object] = {}

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, StaleEditDialog)
        assert dialog.windowTitle() == "Iemand anders heeft dit ook gewijzigd"
        seen["rows"] = _rows(dialog)
        labels = " ".join(w.text() for w in dialog.findChildren(type(dialog.reload_button))
                          if hasattr(w, "text"))
        assert "Opnieuw laden" in labels and "Mijn wijziging opnieuw toepassen" in labels

    answer = DialogAnswer("Mijn wijziging opnieuw toepassen", check=check)
    editor = window.detail.activity_editor
    editor.status.setCurrentIndex(list(ActivityStatus).index(ActivityStatus.DONE))
    editor.status.activated.emit(editor.status.currentIndex())
    answer.verify()
    rows = seen["rows"]
    assert rows["Status"] == (original.status.label, "Vertraagd", "Gereed")  # type: ignore[index]
    assert rows["Budget"][1] == "€ 5.000,00"  # type: ignore[index]  # their other change is shown
    stored = read_activity(demo_db, activity_id)
    assert stored.status is ActivityStatus.DONE  # mine, on top of theirs
    assert stored.budget == Decimal("5000.00")  # theirs kept
    assert window.undo_stack.canUndo()
    window.undo_stack.undo()
    assert read_activity(demo_db, activity_id).status is ActivityStatus.DELAYED


def test_stale_edit_reload_keeps_the_other_change(window: MainWindow, colleague: Database,
                                                  demo_db: Database) -> None:
    activity_id = window.visible_activity_ids()[1]
    _colleague_sets(colleague, activity_id, planning_text="eind 2028")
    row = window.activity_proxy.proxy_row_of_activity(activity_id)
    answer = DialogAnswer("Opnieuw laden")
    window.activity_proxy.setData(window.activity_proxy.index(row, COL_PLANNING), "medio 2027")  # type: ignore[arg-type]
    answer.verify()
    assert read_activity(demo_db, activity_id).planning_text == "eind 2028"
    row = window.activity_proxy.proxy_row_of_activity(activity_id)
    assert window.activity_proxy.index(row, COL_PLANNING).data() == "eind 2028"  # type: ignore[arg-type]
    assert not window.undo_stack.canUndo()


def test_dialog_names_who_changed_it(window: MainWindow, colleague: Database) -> None:
    activity_id = window.visible_activity_ids()[2]
    base = read_activity(colleague, activity_id)
    _colleague_sets(colleague, activity_id, officer_owner="Team Veiligheid")

    def check(dialog) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QLabel

        text = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "door collega" in text
        assert "nog niet" in text
        assert _rows(dialog)["Ambtelijk trekker"] == (base.officer_owner, "Team Veiligheid",
                                                      "Team Jeugd")

    answer = DialogAnswer("Opnieuw laden", check=check)
    row = window.activity_proxy.proxy_row_of_activity(activity_id)
    from ivpdesk.ui.models.activity_table_model import COL_OFFICER

    window.activity_proxy.setData(window.activity_proxy.index(row, COL_OFFICER), "Team Jeugd")  # type: ignore[arg-type]
    answer.verify()


def test_undo_after_a_colleague_changed_the_same_field(window: MainWindow, colleague: Database,
                                                       demo_db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    activity_id = window.visible_activity_ids()[0]
    row = window.activity_proxy.proxy_row_of_activity(activity_id)
    window.activity_proxy.setData(window.activity_proxy.index(row, COL_STATUS), ActivityStatus.DONE)  # type: ignore[arg-type]
    _colleague_sets(colleague, activity_id, status=ActivityStatus.CANCELLED)
    answer = DialogAnswer("Opnieuw laden")
    window.action_undo.trigger()
    answer.verify()
    qtbot.waitUntil(lambda: not window.undo_stack.canUndo(), timeout=2000)
    assert read_activity(demo_db, activity_id).status is ActivityStatus.CANCELLED  # theirs stays
    assert "geschiedenis" in window.statusBar().currentMessage()


def test_undo_conflict_can_reapply_mine(window: MainWindow, colleague: Database,
                                        demo_db: Database) -> None:
    activity_id = window.visible_activity_ids()[0]
    before = read_activity(demo_db, activity_id).status
    row = window.activity_proxy.proxy_row_of_activity(activity_id)
    window.activity_proxy.setData(window.activity_proxy.index(row, COL_STATUS), ActivityStatus.DONE)  # type: ignore[arg-type]
    _colleague_sets(colleague, activity_id, status=ActivityStatus.CANCELLED)
    answer = DialogAnswer("Mijn wijziging opnieuw toepassen")
    window.action_undo.trigger()
    answer.verify()
    assert read_activity(demo_db, activity_id).status is before  # the undo went through
    assert window.undo_stack.canRedo()


def test_deleting_an_activity_someone_changed_is_refused(window: MainWindow, colleague: Database,
                                                         demo_db: Database, conflict_answer) -> None:  # type: ignore[no-untyped-def]
    activity_id = window.visible_activity_ids()[0]
    window.show_activity(activity_id)
    _colleague_sets(colleague, activity_id, description="Net aangepast door collega")
    confirm = DialogAnswer("Verwijderen")
    window.action_delete.trigger()
    confirm.verify()
    assert len(conflict_answer) == 1  # the conflict dialog came next, and was answered
    assert read_activity(demo_db, activity_id).description == "Net aangepast door collega"
    assert activity_id in window.visible_activity_ids()


@pytest.fixture
def conflict_answer(monkeypatch):  # type: ignore[no-untyped-def]
    """Answer every conflict dialog with "Opnieuw laden", recording what it showed."""
    from ivpdesk.ui.dialogs import stale_edit_dialog

    shown: list[StaleEditDialog] = []
    real_exec = StaleEditDialog.exec

    def fake_exec(self):  # type: ignore[no-untyped-def]
        shown.append(self)
        self.choice = stale_edit_dialog.RELOAD
        return 0

    monkeypatch.setattr(StaleEditDialog, "exec", fake_exec)
    yield shown
    monkeypatch.setattr(StaleEditDialog, "exec", real_exec)


def test_read_only_allows_no_editing_anywhere(window: MainWindow, demo_db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.ui.models.activity_table_model import COL_STATUS as STATUS
    from tests.dumps import dump

    activity_id = window.visible_activity_ids()[0]
    window.show_activity(activity_id)
    before = dump(demo_db)
    window.set_read_only(True, "Alleen-lezen: Annemarie heeft het plan open sinds 09:12.")
    assert window.read_only
    proxy = window.activity_proxy
    index = proxy.index(proxy.proxy_row_of_activity(activity_id), STATUS)  # type: ignore[arg-type]
    assert not (proxy.flags(index) & Qt.ItemFlag.ItemIsEditable)
    assert not (proxy.flags(index) & Qt.ItemFlag.ItemIsDragEnabled)
    assert not proxy.setData(index, ActivityStatus.DONE)
    assert not window.table.dragEnabled() and not window.table.acceptDrops()
    assert not window.navigator.acceptDrops()
    data = QMimeData()
    data.setData(MIME_ACTIVITIES, b"[1]")
    assert not window.activity_model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, index)
    for action in (window.action_add_activity, window.action_delete, window.action_duplicate,
                   window.action_move, window.action_up, window.action_add_theme,
                   window.action_plan_properties, window.action_undo, window.action_add_indicator):
        assert not action.isEnabled(), action.text()
    editor = window.detail.activity_editor
    assert editor.title.isReadOnly() and editor.description.isReadOnly()
    assert not editor.status.isEnabled() and not editor.add_note_button.isEnabled()
    assert not editor.years.boxes()[2027].isEnabled()
    assert not editor.partners.input.isVisible()
    # Even when a signal slips through, nothing is saved.
    editor.changes_requested.emit({"planning_text": "nooit"})
    window.add_activity()
    window.step_selected(+1)
    assert not window.indicators.add_button.isEnabled()
    assert window.indicators.editor.years_model.read_only
    assert dump(demo_db) == before
    window.set_read_only(False)
    assert proxy.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert window.table.dragEnabled() and window.action_add_activity.isEnabled()
    assert not editor.title.isReadOnly() and editor.status.isEnabled()
