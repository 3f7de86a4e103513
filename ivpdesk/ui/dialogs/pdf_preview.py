"""Afdrukvoorbeeld: the finished PDF inside the program, with Afdrukken… and Opslaan als PDF….

QtPdf (the small PySide6-Pdf wheel) shows the real file, so what the officer sees is
exactly what the college receives. Printing goes through the system's print dialog
and runs off the GUI thread (:mod:`ivpdesk.ui.printing`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ivpdesk import APP_NAME
from ivpdesk.store.errors import os_error_text
from ivpdesk.ui.printing import print_pdf
from ivpdesk.ui.tasks import TaskHandle, run_task

ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)
LAST_FOLDER_KEY = "report/last_folder"


def last_folder() -> str:
    value = QSettings().value(LAST_FOLDER_KEY, "")
    folder = str(value) if value else ""
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(path: Path) -> None:
    QSettings().setValue(LAST_FOLDER_KEY, str(path.parent))


def copy_atomically(source: Path, target: Path) -> None:
    """Copy next to ``target`` and rename, so a half-written file never carries the name."""
    from ivpdesk.services.atomic import write_atomically

    write_atomically(target, source.read_bytes())


class PdfPreviewDialog(QDialog):
    """Shows ``pdf_path``; deletes it on close when ``owns_file`` (a temporary preview file)."""

    printed = Signal(int)

    def __init__(self, pdf_path: Path, title: str, suggested_name: str, *,
                 owns_file: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf_path = pdf_path
        self.suggested_name = suggested_name
        self.owns_file = owns_file
        self.print_task: TaskHandle | None = None
        self.setWindowTitle(self.tr("Afdrukvoorbeeld – %1").replace("%1", title))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1000, 760)
        if parent is not None:
            self.resize(max(800, int(parent.width() * 0.9)), max(600, int(parent.height() * 0.92)))

        self.document = QPdfDocument(self)
        self.document.load(str(pdf_path))
        self.view = QPdfView(self)
        self.view.setAccessibleName(self.tr("Afdrukvoorbeeld"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("background: #7d8590;")
        navigator = self.view.pageNavigator()
        navigator.currentPageChanged.connect(self._on_page_changed)

        self.previous_button = QToolButton(text=self.tr("◀ Vorige"))
        self.previous_button.setToolTip(self.tr("Vorige pagina (PgUp)"))
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button = QToolButton(text=self.tr("Volgende ▶"))
        self.next_button.setToolTip(self.tr("Volgende pagina (PgDn)"))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName(self.tr("Paginanummer"))
        self.page_box.setRange(1, max(1, self.page_count))
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(lambda value: self.go_to_page(value - 1))
        self.page_total = QLabel(self.tr("van %1").replace("%1", str(self.page_count)))

        self.zoom_out_button = QToolButton(text="−")
        self.zoom_out_button.setToolTip(self.tr("Verkleinen (Ctrl+-)"))
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_in_button = QToolButton(text="+")
        self.zoom_in_button.setToolTip(self.tr("Vergroten (Ctrl++)"))
        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(1))
        self.fit_width_button = QToolButton(text=self.tr("Paginabreedte"))
        self.fit_width_button.setCheckable(True)
        self.fit_width_button.clicked.connect(
            lambda: self.set_zoom_mode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page_button = QToolButton(text=self.tr("Hele pagina"))
        self.fit_page_button.setCheckable(True)
        self.fit_page_button.setChecked(True)
        self.fit_page_button.clicked.connect(
            lambda: self.set_zoom_mode(QPdfView.ZoomMode.FitInView))
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(48)

        self.save_button = QPushButton(self.tr("Opslaan als PDF…"))
        self.save_button.clicked.connect(self.save_as)
        self.print_button = QPushButton(self.tr("Afdrukken…"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_document)
        close_button = QPushButton(self.tr("Sluiten"))
        close_button.clicked.connect(self.reject)

        bar = QHBoxLayout()
        for widget in (self.previous_button, self.next_button, QLabel(self.tr("Pagina")),
                       self.page_box, self.page_total):
            bar.addWidget(widget)
        bar.addSpacing(18)
        for widget in (self.zoom_out_button, self.zoom_in_button, self.zoom_label,
                       self.fit_width_button, self.fit_page_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.save_button, self.print_button, close_button):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        for sequence, handler in (
            (QKeySequence.StandardKey.ZoomIn, lambda: self.step_zoom(1)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.step_zoom(-1)),
            (QKeySequence.StandardKey.Print, self.print_document),
            (QKeySequence.StandardKey.Save, self.save_as),
        ):
            QShortcut(QKeySequence(sequence), self, activated=handler)
        self._update_controls()

    # ------------------------------------------------------------------ navigation and zoom

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        page = max(0, min(page, self.page_count - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_controls()

    def _on_page_changed(self, _page: int) -> None:
        self._update_controls()

    def set_zoom_mode(self, mode: QPdfView.ZoomMode) -> None:
        self.view.setZoomMode(mode)
        self._update_controls()

    def step_zoom(self, direction: int) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            current = self._effective_zoom()
        if direction > 0:
            factor = next((z for z in ZOOM_STEPS if z > current + 0.01), ZOOM_STEPS[-1])
        else:
            factor = next((z for z in reversed(ZOOM_STEPS) if z < current - 0.01), ZOOM_STEPS[0])
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self._update_controls()

    def _effective_zoom(self) -> float:
        """The zoom a fit mode shows, measured from the first page and the view's width."""
        if self.page_count == 0:
            return 1.0
        page_width = self.document.pagePointSize(0).width() * self.logicalDpiX() / 72
        return max(0.1, (self.view.viewport().width() - 24) / max(page_width, 1))

    def _update_controls(self) -> None:
        page = self.current_page()
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < self.page_count - 1)
        mode = self.view.zoomMode()
        self.fit_width_button.setChecked(mode == QPdfView.ZoomMode.FitToWidth)
        self.fit_page_button.setChecked(mode == QPdfView.ZoomMode.FitInView)
        self.zoom_label.setText(
            f"{round(self.view.zoomFactor() * 100)}%" if mode == QPdfView.ZoomMode.Custom else ""
        )

    # ------------------------------------------------------------------ save and print

    def save_as(self) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Opslaan als PDF"), str(Path(last_folder()) / self.suggested_name),
            self.tr("PDF-bestanden (*.pdf)"),
        )
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            copy_atomically(self.pdf_path, target)
        except OSError as error:
            QMessageBox.warning(self, APP_NAME, self.tr(
                "Het bestand kon niet worden opgeslagen: %1. Is het nog geopend in een ander "
                "programma, of is de map alleen-lezen?").replace("%1", os_error_text(error)))
            return None
        remember_folder(target)
        return target

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested_name.removesuffix(".pdf"))
        printer.setFromTo(1, self.page_count)
        return printer

    def print_document(self) -> None:
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Afdrukken"))
        dialog.setMinMax(1, self.page_count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.start_printing(printer)

    def start_printing(self, printer: QPrinter) -> TaskHandle:
        """Print on ``printer`` in the background (the dialog stays responsive)."""
        self.print_button.setEnabled(False)
        self._printer = printer  # kept alive while the worker paints on it

        def done(pages: Any) -> None:
            self.print_button.setEnabled(True)
            self.printed.emit(int(pages))

        def failed(error: BaseException) -> None:
            self.print_button.setEnabled(True)
            from ivpdesk.ui.tasks import show_error

            show_error(self, error)

        self.print_task = run_task(self, self.tr("Afdrukken…"),
                                   lambda progress: print_pdf(self.pdf_path, printer, progress),
                                   done, failed)
        return self.print_task

    # ------------------------------------------------------------------ closing

    def done(self, result: int) -> None:  # noqa: D102 - QDialog API
        if self.print_task is not None and not self.print_task.finished:
            return  # still printing from this file: Annuleren in the progress dialog stops it
        self.document.close()
        if self.owns_file:
            self.pdf_path.unlink(missing_ok=True)
        super().done(result)
