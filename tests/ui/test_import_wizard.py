"""The import wizard driven like the officer does: choose, look, correct, import, save the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWizard

from ivpdesk.services.plans import database_info
from ivpdesk.store.uow import Database
from ivpdesk.ui.app import create_application
from ivpdesk.ui.dialogs.import_wizard import ImportWizard
from ivpdesk.ui.import_feature import RolloverDialog, open_import_wizard
from ivpdesk.ui.main_window import MainWindow
from tests.unit.import_xlsx.builder import Book


def _workbook(path: Path) -> Path:
    book = Book()
    sheet = book.sheet("Plan")
    sheet.row("Uitvoeringsplan gemeente Zandhoven 2026-2027", bold=True)
    sheet.banner("Prioriteit 1: Jeugdoverlast", 4)
    sheet.header("onderdeel", "activiteit", "Mensen", "planning")
    sheet.row("Groepen", "Shortlist jeugdgroepen.", "Team OOV", "2026")
    sheet.row("Groepen", "Gesprekken met ouders.", "Team OOV", "doorlopend")
    sheet.row("Groepen", None, None, "2027")
    notes = book.sheet("Toelichting")
    notes.row("Besproken in de driehoek.")
    return book.save(path)


@pytest.fixture
def window(qtbot, db: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    create_application()
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.reload()
    win.show()
    return win


def test_welcome_page_and_file_menu_open_the_wizard(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert window.welcome.import_button.isEnabled()
    texts = [a.text() for a in window.menu("file").actions()]
    assert "&Importeren uit Excel…" in texts
    wizard = open_import_wizard(window)
    qtbot.addWidget(wizard)
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    wizard.reject()


def test_full_wizard_run_with_a_correction_and_report(window: MainWindow, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    source = _workbook(tmp_path / "plan.xlsx")
    wizard = ImportWizard(window.db, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(source))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.overview_page, timeout=10_000)
    overview = wizard.overview_page
    assert overview.municipality.text() == "Zandhoven"
    assert overview.start_year.value() == 2026
    sheets = [[overview.sheets_model.index(r, c).data() for c in range(3)]
              for r in range(overview.sheets_model.rowCount())]
    assert sheets == [["Plan", "plan", "1"], ["Toelichting", "overgeslagen", ""]]
    assert overview.themes_model.index(0, 0).data() == "Jeugdoverlast"
    assert overview.themes_model.index(0, 1).data() == "Prioriteit"
    assert overview.themes_model.index(0, 2).data() == "3. Jeugd en veiligheid (3.1)"
    notes = [[overview.notes_model.index(r, c).data() for c in range(4)]
             for r in range(overview.notes_model.rowCount())]
    assert ["Plan", "6", "rij overgeslagen", "geen activiteit (alleen planning ingevuld)"] in notes
    wizard.next()
    preview = wizard.preview_page
    assert preview.preview_model.rowCount() == 2
    assert preview.preview_model.index(0, 5).data() == "Shortlist jeugdgroepen."
    assert preview.preview_model.index(0, 7).data() == ""  # "Mensen" not recognised
    # The officer says column C is the ambtelijk trekker and reads the sheet again.
    preview._column_boxes[3].setCurrentText("ambtelijk trekker")
    preview._reread()
    qtbot.waitUntil(lambda: preview.preview_model.index(0, 7).data() == "Team OOV", timeout=10_000)
    assert "Plan" in wizard.corrected_sheets
    wizard.next()
    assert "2 activiteiten" in wizard.confirm_page.summary.text()
    wizard.next()  # Importeren
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.report_page, timeout=15_000)
    report = wizard.report
    assert report is not None and report.activities == 2
    rows = [[wizard.report_page.rows_model.index(r, c).data() for c in range(4)]
            for r in range(wizard.report_page.rows_model.rowCount())]
    assert ["Plan", "6", "overgeslagen", "geen activiteit (alleen planning ingevuld)"] in rows
    assert ["Toelichting", "", "werkblad overgeslagen",
            "geen plan: geen kolomkoppen herkend (bijvoorbeeld een toelichting of samenvatting)"] in rows
    target = tmp_path / "rapport.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    wizard.report_page.save_button.click()
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["aantallen"]["activiteiten"] == 2
    info = database_info(window.db)
    assert (info.municipality, info.current_plan, info.activities) == ("Zandhoven", "2026–2027", 2)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    # The corrected mapping is remembered: the next file with these headers needs no correction.
    again = ImportWizard(window.db, window)
    qtbot.addWidget(again)
    again.show()
    again.file_page.path_edit.setText(str(_workbook(tmp_path / "plan2.xlsx")))
    again.next()
    qtbot.waitUntil(lambda: again.currentPage() is again.overview_page, timeout=10_000)
    assert again.remembered == ["Plan"]
    assert again.analysis is not None
    officers = {d.activity.officer_owner for t in again.analysis.themes for s in t.sections
                for d in s.activities}
    assert officers == {"Team OOV"}
    again.reject()


def test_bad_file_shows_a_dutch_message_and_stays(window: MainWindow, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "oud.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    shown: list[str] = []
    monkeypatch.setattr("ivpdesk.ui.tasks.QMessageBox.warning",
                        lambda parent, title, text: shown.append(text))
    wizard = ImportWizard(window.db, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(bad))
    wizard.next()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "sla het op als Excel-werkmap (.xlsx)" in shown[0]
    assert wizard.currentPage() is wizard.file_page
    assert database_info(window.db).plans == 0


def test_rollover_dialog_defaults_to_the_next_period(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    create_application()
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.reload()
    dialog = RolloverDialog(win)
    qtbot.addWidget(dialog)
    assert dialog.period == (2029, 2030)
    dialog.length.setCurrentIndex(1)
    assert dialog.period == (2029, 2029)
    texts = [a.text() for a in win.menu("plan").actions()]
    assert "Nieuw uitvoeringsplan op basis van het &vorige…" in texts
