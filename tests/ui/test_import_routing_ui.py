"""The import wizard sends an IVP Desk export to the re-import, unless told otherwise."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ivpdesk.services.export_xlsx import export_plan_xlsx
from ivpdesk.store.uow import Database
from ivpdesk.ui.app import create_application
from ivpdesk.ui.dialogs.import_wizard import ImportWizard


def _answer(button_text: str) -> None:
    """Click ``button_text`` in the question box as soon as it is shown."""

    def click() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                for button in widget.buttons():
                    if button.text().replace("&", "") == button_text:
                        button.click()
                        return
        QTimer.singleShot(20, click)

    QTimer.singleShot(20, click)


def test_export_goes_to_the_update_dialog(qtbot, demo_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    create_application()
    exported = tmp_path / "terug.xlsx"
    export_plan_xlsx(demo_db, exported)
    routed: list[Path] = []
    wizard = ImportWizard(demo_db, has_current_plan=True, on_ivpdesk_export=routed.append)
    qtbot.addWidget(wizard)
    wizard.show()
    _answer("Wijzigingen verwerken…")
    wizard.file_page.path_edit.setText(str(exported))
    wizard.next()  # as the officer does: Volgende on the file page
    assert routed == [exported]
    assert wizard.analysis is None and not wizard.isVisible()


def test_export_can_still_be_imported_as_a_new_plan(qtbot, demo_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    create_application()
    exported = tmp_path / "ander.xlsx"
    export_plan_xlsx(demo_db, exported)
    routed: list[Path] = []
    wizard = ImportWizard(demo_db, has_current_plan=True, on_ivpdesk_export=routed.append)
    qtbot.addWidget(wizard)
    wizard.show()
    _answer("Als nieuw plan importeren")
    wizard.file_page.path_edit.setText(str(exported))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.analysis is not None, timeout=20000)
    assert routed == []
    assert wizard.analysis.activity_count == 82  # type: ignore[union-attr]
