"""Printing from the window: built off the GUI thread, previewed with QtPdf, printed on a QPrinter."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from ivpdesk.services.report_pdf import load_report_source
from ivpdesk.store.uow import Database
from ivpdesk.ui.app import create_application
from ivpdesk.ui.dialogs.pdf_preview import PdfPreviewDialog
from ivpdesk.ui.main_window import MainWindow
from ivpdesk.ui.printing import print_pdf
from ivpdesk.ui.report_feature import ReportFeature, ReportSettingsPage, feature_of
from tests.unit.test_report_pdf import png_logo


@pytest.fixture
def window(qtbot, demo_db: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    create_application()
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.reload()
    win.show()
    return win


@pytest.fixture
def feature(window: MainWindow) -> ReportFeature:
    found = feature_of(window)
    assert found is not None
    return found


def _texts(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menu("file").actions() if not a.isSeparator()]


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # then the format: see platform notes
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def open_preview(qtbot, feature: ReportFeature) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: feature.preview is not None and feature.preview.isVisible(),
                    timeout=20_000)
    assert feature.preview is not None
    return feature.preview


def test_menu_actions(window: MainWindow, feature: ReportFeature) -> None:
    texts = _texts(window)
    assert texts.index("Exporteren als &PDF…") < texts.index("Af&drukken…") < texts.index(
        "&Voortgangsrapportage…")
    assert feature.action_print.shortcut().toString() == "Ctrl+P"
    assert all(a.isEnabled() for a in (feature.action_print, feature.action_export,
                                       feature.action_progress))


def test_actions_disabled_without_plan(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    create_application()
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.reload()
    feature = feature_of(win)
    assert feature is not None
    assert not feature.action_print.isEnabled() and not feature.action_export.isEnabled()
    assert feature.print_plan() is None


def test_print_builds_off_the_gui_thread_then_previews(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                       feature: ReportFeature) -> None:
    threads: list[str] = []
    import ivpdesk.services.report_pdf as module  # the feature calls it through _pdf()

    original = module.write_plan_pdf

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    module.write_plan_pdf = spy  # type: ignore[assignment]
    try:
        handle = feature.action_print.trigger() or feature.task
        assert handle is not None and not handle.finished  # returned before the PDF was made
        preview = open_preview(qtbot, feature)
    finally:
        module.write_plan_pdf = original  # type: ignore[assignment]
    assert threads and threads[0] != threading.main_thread().name
    pages = len(PdfReader(str(preview.pdf_path)).pages)
    assert preview.page_count == pages > 15
    assert preview.page_total.text() == f"van {pages}"
    assert "Uitvoeringsplan Integrale Veiligheid 2027–2028" in preview.windowTitle()
    preview.next_button.click()
    qtbot.waitUntil(lambda: preview.current_page() == 1)
    preview.go_to_page(5)
    qtbot.waitUntil(lambda: preview.page_box.value() == 6)
    preview.step_zoom(1)
    assert preview.zoom_label.text().endswith("%")
    preview.set_zoom_mode(preview.view.ZoomMode.FitToWidth)
    assert preview.fit_width_button.isChecked() and not preview.fit_page_button.isChecked()
    path = preview.pdf_path
    preview.close()
    assert not path.exists()  # the temporary preview file is cleaned up


def test_print_path_renders_onto_a_qprinter(qtbot, window: MainWindow, feature: ReportFeature,  # type: ignore[no-untyped-def]
                                            tmp_path: Path) -> None:
    feature.print_plan()
    preview = open_preview(qtbot, feature)
    out = tmp_path / "afgedrukt.pdf"
    printed: list[int] = []
    preview.printed.connect(printed.append)
    handle = preview.start_printing(pdf_printer(out))
    qtbot.waitUntil(lambda: handle.finished, timeout=60_000)
    assert handle.error is None, handle.error
    assert printed == [preview.page_count]
    reader = PdfReader(str(out))
    assert len(reader.pages) == preview.page_count
    # each page carries the rendered page as an image
    assert "/XObject" in reader.pages[3]["/Resources"]
    first, table = reader.pages[0].mediabox, reader.pages[6].mediabox
    assert first.width < first.height and table.width > table.height
    preview.close()


def test_print_dialog_page_range(qtbot, window: MainWindow, feature: ReportFeature,  # type: ignore[no-untyped-def]
                                 tmp_path: Path, monkeypatch) -> None:
    feature.print_plan()
    preview = open_preview(qtbot, feature)
    out = tmp_path / "bereik.pdf"

    def make_printer() -> QPrinter:
        printer = pdf_printer(out)
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 4)
        return printer

    monkeypatch.setattr(preview, "make_printer", make_printer)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    preview.print_document()
    assert preview.print_task is not None
    qtbot.waitUntil(lambda: preview.print_task.finished, timeout=60_000)
    assert len(PdfReader(str(out)).pages) == 3
    preview.close()


def test_print_pdf_can_be_cancelled(qtbot, window: MainWindow, feature: ReportFeature,  # type: ignore[no-untyped-def]
                                    tmp_path: Path) -> None:
    from ivpdesk.services.progress import Cancelled, Progress

    feature.print_plan()
    preview = open_preview(qtbot, feature)
    checks = {"count": 0}

    def cancelled_after_two_pages() -> bool:
        checks["count"] += 1
        return checks["count"] > 2

    progress = Progress(lambda d, t, w: None, cancelled_after_two_pages)
    with pytest.raises(Cancelled):
        print_pdf(preview.pdf_path, pdf_printer(tmp_path / "half.pdf"), progress)
    preview.close()


def test_save_as_from_the_preview(qtbot, window: MainWindow, feature: ReportFeature,  # type: ignore[no-untyped-def]
                                  tmp_path: Path, monkeypatch) -> None:
    feature.print_plan()
    preview = open_preview(qtbot, feature)
    target = tmp_path / "Uitvoeringsplan"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    saved = preview.save_as()
    assert saved == tmp_path / "Uitvoeringsplan.pdf"
    assert saved.read_bytes() == preview.pdf_path.read_bytes()
    preview.close()


def test_export_as_pdf(qtbot, window: MainWindow, feature: ReportFeature, tmp_path: Path,  # type: ignore[no-untyped-def]
                       monkeypatch) -> None:
    target = tmp_path / "export.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    handle = feature.export_plan()
    assert handle is not None
    qtbot.waitUntil(lambda: handle.finished, timeout=20_000)
    assert len(PdfReader(str(target)).pages) == handle.result
    assert "opgeslagen als" in window.statusBar().currentMessage()


def test_voortgang_asks_peildatum_then_previews(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                feature: ReportFeature, monkeypatch) -> None:
    from ivpdesk.ui.dialogs.peildatum_dialog import PeildatumDialog

    def accept_with_date(dialog: PeildatumDialog) -> int:
        assert dialog.date_edit.displayFormat() == "dd-MM-yyyy"
        dialog.date_edit.setDate(QDate(2027, 6, 30))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PeildatumDialog, "exec", accept_with_date)
    feature.action_progress.trigger()
    preview = open_preview(qtbot, feature)
    first_page = PdfReader(str(preview.pdf_path)).pages[0].extract_text() or ""
    assert "Peildatum 30 juni 2027" in first_page
    assert "peildatum 30-06-2027" in preview.windowTitle()
    assert preview.suggested_name == "Voortgangsrapportage IV Lindewaard 30-06-2027.pdf"
    preview.close()
    monkeypatch.setattr(PeildatumDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert feature.print_progress() is None


def test_peildatum_dialog_is_dutch(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.ui.dialogs.peildatum_dialog import PeildatumDialog

    create_application()
    dialog = PeildatumDialog(date(2027, 6, 30), "2027–2028")
    qtbot.addWidget(dialog)
    assert dialog.date_edit.text() == "30-06-2027"
    assert dialog.peildatum() == date(2027, 6, 30)


def test_logo_settings_page(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = ReportSettingsPage(window)
    qtbot.addWidget(page)
    assert "Geen logo" in page.preview.text()
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"niet echt een plaatje")
    assert page.choose(bad) is False
    assert "PNG- of JPEG" in page.message.text()
    good = tmp_path / "goed.png"
    good.write_bytes(png_logo())
    assert page.choose(good) is True
    assert not page.preview.pixmap().isNull()
    assert load_report_source(window.db).logo is None  # only stored on OK
    page.apply()
    assert load_report_source(window.db).logo == png_logo()
    again = ReportSettingsPage(window)
    qtbot.addWidget(again)
    assert not again.preview.pixmap().isNull() and again.remove_button.isEnabled()
    again.remove()
    again.apply()
    assert load_report_source(window.db).logo is None


def test_logo_page_read_only(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.set_read_only(True, "Alleen-lezen voor de test.")
    page = ReportSettingsPage(window)
    qtbot.addWidget(page)
    assert not page.choose_button.isEnabled() and not page.remove_button.isEnabled()
    assert "Alleen-lezen" in page.message.text()
    # printing still works read-only: it changes nothing
    assert feature_of(window).action_print.isEnabled()  # type: ignore[union-attr]


def test_settings_dialog_has_the_rapport_page(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.ui.settings_dialog import SettingsDialog

    shown: list[SettingsDialog] = []

    def capture(dialog: SettingsDialog) -> int:
        shown.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SettingsDialog, "exec", capture)
    assert window.open_settings("report") is False
    dialog = shown[0]
    assert isinstance(dialog.pages["report"], ReportSettingsPage)
    assert dialog.stack.currentWidget() is dialog.pages["report"]
    assert dialog.list.currentItem().text() == "Rapport"
