"""The Excel feature in the window: export dialog and the re-import preview, driven by pytest-qt."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ivpdesk.domain import ActivityStatus
from ivpdesk.services.export_xlsx import export_plan_xlsx
from ivpdesk.services.xlsx_layout import RowKey
from ivpdesk.store.uow import Database
from ivpdesk.ui.app import create_application
from ivpdesk.ui.main_window import MainWindow
from ivpdesk.ui.xlsx_feature import ConflictsModel, UpdatePreviewDialog, open_update_dialog
from tests.xlsx_helpers import COL, edit


@pytest.fixture
def window(qtbot, demo_db: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    create_application()
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.reload()
    win.show()
    return win


def _menu_texts(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menu("file").actions() if not a.isSeparator()]


def test_menu_actions_and_read_only(window: MainWindow) -> None:
    feature = window.xlsx_feature  # type: ignore[attr-defined]
    assert "Exporteren naar &Excel…" in _menu_texts(window)
    assert "Wijzigingen uit Excel &verwerken…" in _menu_texts(window)
    window.set_read_only(True, "Alleen-lezen")
    assert not feature.update_action.isEnabled()
    assert feature.export_action.isEnabled()  # exporting only reads
    window.set_read_only(False)
    assert feature.update_action.isEnabled()


def test_export_one_theme_and_the_current_filter(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    feature = window.xlsx_feature  # type: ignore[attr-defined]
    bundle = window.bundle
    assert bundle is not None
    theme = bundle.themes[1]
    window.show_theme(theme.id)  # type: ignore[arg-type]
    target = tmp_path / "thema"  # without .xlsx: the suffix is added
    asked: list[str] = []

    def save_name(_parent, _title, suggested, _filter):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(target), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    feature.export_action.trigger()
    dialog = feature.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.one_theme.isChecked() and dialog.theme_combo.currentData() == theme.id
    assert dialog.suggested_name() == f"Uitvoeringsplan 2027-2028 Lindewaard - {theme.name}.xlsx"
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: feature.last_task is not None and feature.last_task.finished, timeout=15000)
    assert asked and asked[0].endswith(f"{theme.name}.xlsx")
    written = tmp_path / "thema.xlsx"
    ws = openpyxl.load_workbook(written)["Activiteiten"]
    assert ws.max_row - 1 == theme.activity_count
    assert {ws.cell(r, COL["thema"]).value for r in range(2, ws.max_row + 1)} == {theme.name}
    assert feature.last_message is not None and "thema.xlsx" in feature.last_message.text()
    feature.last_message.close()

    # The current filter: what the table shows, exported as such.
    target = tmp_path / "selectie.xlsx"
    feature.export_action.trigger()
    dialog = feature.dialog
    dialog.filtered.setChecked(True)
    dialog.trekker.setText("Burgemeester")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: feature.last_task.finished and target.exists(), timeout=15000)
    ws = openpyxl.load_workbook(target)["Activiteiten"]
    keys = {RowKey.parse(ws.cell(r, COL["sleutel"]).value).activity_id for r in range(2, ws.max_row + 1)}  # type: ignore[union-attr]
    visible = set(window.visible_activity_ids())
    expected = {a.id for t, _s, a in bundle.activities() if a.id in visible and "burgemeester" in (
        a.political_owner + " " + a.officer_owner).lower()}
    assert keys == expected and keys
    feature.last_message.close()


def _find_dialog(window: MainWindow) -> UpdatePreviewDialog | None:
    return window.findChild(UpdatePreviewDialog)


def test_preview_dialog_shows_changes_and_resolves_conflicts(
        qtbot, window: MainWindow, demo_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bundle = window.bundle
    assert bundle is not None
    rows = list(bundle.activities())
    a, b, c = (rows[i][2] for i in range(3))
    theme = rows[0][0]
    out = tmp_path / "plan.xlsx"
    export_plan_xlsx(demo_db, out)
    with demo_db.uow() as uow:  # the officer changes b's status after the export
        activity = uow.activities.get(b.id)  # type: ignore[arg-type]
        activity.status = ActivityStatus.DELAYED
        uow.activities.update(activity)
        uow.commit()
    edit(out, {(a.id, "status"): "Gereed", (b.id, "status"): "Gereed",  # type: ignore[dict-item]
               (c.id, "status"): "bijna klaar"}, append=[  # type: ignore[dict-item]
        {"thema": theme.name, "onderdeel": "Informatiepositie", "activiteit": "Eerste nieuwe."},
        {"thema": theme.name, "onderdeel": "Informatiepositie", "activiteit": "Tweede nieuwe."},
    ])
    open_update_dialog(window, out)
    qtbot.waitUntil(lambda: _find_dialog(window) is not None, timeout=15000)
    dialog = _find_dialog(window)
    assert dialog is not None and dialog.isVisible()
    changes = dialog.changes_model
    assert changes.rowCount() == 1
    assert [changes.index(0, col).data() for col in range(5)] == [
        a.display_title, theme.name, "Status", "Loopt", "Gereed"]
    conflicts = dialog.conflicts_model
    assert conflicts.rowCount() == 1
    assert [conflicts.index(0, col).data() for col in range(6)] == [
        b.display_title, "Status", b.status.label, "Vertraagd", "Gereed", "— kies —"]
    assert dialog.tabs.currentIndex() == 1  # conflicts first
    assert dialog.new_model.rowCount() == 2 and dialog.problems_model.rowCount() == 1
    assert "bijna klaar" in dialog.problems_model.index(0, 1).data()
    assert not dialog.apply_button.isEnabled() and "1 conflict" in dialog.status.text()

    choice = conflicts.index(0, ConflictsModel.CHOICE_COLUMN)
    assert conflicts.flags(choice) & Qt.ItemFlag.ItemIsEditable
    assert conflicts.setData(choice, "hun")
    assert conflicts.index(0, ConflictsModel.CHOICE_COLUMN).data() == "Hun overnemen"
    assert dialog.apply_button.isEnabled()
    dialog.all_mine.click()
    assert conflicts.index(0, ConflictsModel.CHOICE_COLUMN).data() == "Mijn behouden"
    second = dialog.new_model.index(1, 0)
    assert dialog.new_model.setData(second, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)

    count_before = bundle.activity_count
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=15000)
    assert not dialog.isVisible()
    assert dialog.done_message is not None and "Verwerkt: 1 veld in 1 activiteit" in dialog.done_message.text()
    dialog.done_message.close()
    with demo_db.uow() as uow:
        assert uow.activities.get(a.id).status is ActivityStatus.DONE  # type: ignore[arg-type]
        assert uow.activities.get(b.id).status is ActivityStatus.DELAYED  # type: ignore[arg-type]
        assert uow.activities.get(c.id).status is c.status  # type: ignore[arg-type]
    assert window.bundle is not None and window.bundle.activity_count == count_before + 1
    descriptions = {x.description for _t, _s, x in window.bundle.activities()}
    assert "Eerste nieuwe." in descriptions and "Tweede nieuwe." not in descriptions


def test_nothing_to_do_and_foreign_files(qtbot, window: MainWindow, demo_db: Database,  # type: ignore[no-untyped-def]
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "plan.xlsx"
    export_plan_xlsx(demo_db, out)
    open_update_dialog(window, out)
    qtbot.waitUntil(lambda: _find_dialog(window) is not None, timeout=15000)
    dialog = _find_dialog(window)
    assert dialog is not None
    assert not dialog.apply_button.isEnabled() and dialog.close_button.text() == "Sluiten"
    assert "niets te verwerken" in dialog.status.text()
    dialog.close()

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    foreign = tmp_path / "ander.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["onderdeel", "activiteit"])
    workbook.save(foreign)
    handle = open_update_dialog(window, foreign)
    qtbot.waitUntil(lambda: handle.finished, timeout=15000)
    assert shown and "geen Excel-export van IVP Desk" in shown[0]
