"""Printing from the main window: Afdrukken…, Exporteren als PDF…, Voortgangsrapportage….

The PDF is always built off the GUI thread (``run_task``: progress bar, Annuleren) from
a fresh read of the database, then shown in the in-app preview. Bewerken →
Instellingen → Rapport holds the logo for the covers (stored in the database).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ivpdesk.domain.clock import today
from ivpdesk.domain.errors import DomainError
from ivpdesk.domain.formatting import format_date
from ivpdesk.services.progress import Progress
from ivpdesk.ui.dialogs.pdf_preview import PdfPreviewDialog, last_folder, remember_folder
from ivpdesk.ui.tasks import TaskHandle, run_task

if TYPE_CHECKING:
    from ivpdesk.ui.main_window import MainWindow


def _pdf():  # type: ignore[no-untyped-def]
    """The PDF service, imported on first use: ReportLab costs ~0.1 s at start-up."""
    from ivpdesk.services import report_pdf

    return report_pdf


def plan_file_name(municipality: str, period: str) -> str:
    return f"Uitvoeringsplan IV {municipality} {period.replace('–', '-')}.pdf"


def progress_file_name(municipality: str, as_of: date) -> str:
    return f"Voortgangsrapportage IV {municipality} {format_date(as_of)}.pdf"


class ReportFeature(QObject):
    """Owns the report actions of one main window (a child object of the window)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.task: TaskHandle | None = None
        self.preview: PdfPreviewDialog | None = None
        self._temp_folders: list[Path] = []
        app = QCoreApplication.instance()
        if app is not None:  # previews still open at quit leave no files behind
            app.aboutToQuit.connect(self.remove_temp_folders)

        self.action_print = QAction(self.tr("Af&drukken…"), window)
        self.action_print.setShortcut(QKeySequence.StandardKey.Print)
        self.action_print.setStatusTip(self.tr("Afdrukvoorbeeld van het uitvoeringsplan, daarna "
                                               "afdrukken of opslaan als PDF"))
        self.action_print.triggered.connect(self.print_plan)
        self.action_progress = QAction(self.tr("&Voortgangsrapportage…"), window)
        self.action_progress.setStatusTip(self.tr("De stand van zaken op een peildatum, als PDF"))
        self.action_progress.triggered.connect(self.print_progress)
        self.action_export = QAction(self.tr("Exporteren als &PDF…"), window)
        self.action_export.setStatusTip(self.tr("Het uitvoeringsplan als PDF-bestand opslaan"))
        self.action_export.triggered.connect(self.export_plan)
        window.add_menu_action("file", self.action_export, "export")
        window.add_menu_action("file", self.action_print, "print")
        window.add_menu_action("file", self.action_progress, "print")
        window.add_settings_page("report", self.tr("Rapport"), lambda: ReportSettingsPage(window))
        window.plan_loaded.connect(self._update_actions)
        window.database_changed.connect(self._update_actions)
        self._update_actions()

    def _update_actions(self) -> None:
        has_plan = self.window.bundle is not None
        for action in (self.action_print, self.action_progress, self.action_export):
            action.setEnabled(has_plan)

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.finished

    # ------------------------------------------------------------------ building

    def _names(self) -> tuple[str, str]:
        bundle = self.window.bundle
        if bundle is None:
            return "", ""
        return bundle.safety_plan.municipality, bundle.plan.period_label

    def build_in_background(self, title: str, out: Path, *, as_of: date | None,
                            on_done: Any) -> TaskHandle | None:
        """Build the plan (``as_of`` None) or the progress report into ``out`` off the GUI thread."""
        if self.busy:
            return None
        db = self.window.db

        def work(progress: Progress) -> int:
            source = _pdf().load_report_source(db)  # its own unit of work, in this thread
            if as_of is None:
                return _pdf().write_plan_pdf(source.bundle, out, logo=source.logo, progress=progress)
            return _pdf().write_progress_pdf(source.bundle, out, as_of=as_of, logo=source.logo,
                                      progress=progress)

        def failed(error: BaseException) -> None:
            from ivpdesk.ui.tasks import show_error

            show_error(self.window, error)

        self.task = run_task(self.window, title, work, on_done, failed)
        return self.task

    def _temp_pdf(self, name: str) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="ivpdesk-afdruk-"))
        self._temp_folders.append(folder)
        return folder / name

    def remove_temp_folders(self) -> None:
        for folder in self._temp_folders:
            _remove_folder(folder)
        self._temp_folders.clear()

    def show_preview(self, path: Path, title: str, suggested: str) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(path, title, suggested, owns_file=True, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(lambda _r: _remove_folder(path.parent))
        dialog.printed.connect(lambda pages: self.window.statusBar().showMessage(
            self.tr("%1 pagina's naar de printer gestuurd.").replace("%1", str(pages)), 8000))
        self.preview = dialog
        dialog.show()
        return dialog

    # ------------------------------------------------------------------ actions

    def print_plan(self) -> TaskHandle | None:
        municipality, period = self._names()
        if not municipality:
            return None
        suggested = plan_file_name(municipality, period)
        path = self._temp_pdf(suggested)
        title = self.tr("Uitvoeringsplan Integrale Veiligheid %1").replace("%1", period)
        return self.build_in_background(
            self.tr("Uitvoeringsplan opmaken…"), path, as_of=None,
            on_done=lambda _pages: self.show_preview(path, title, suggested))

    def ask_peildatum(self) -> date | None:
        from ivpdesk.ui.dialogs.peildatum_dialog import PeildatumDialog

        _municipality, period = self._names()
        dialog = PeildatumDialog(today(), period, self.window)
        if dialog.exec() != PeildatumDialog.DialogCode.Accepted:
            return None
        return dialog.peildatum()

    def print_progress(self, as_of: date | None = None) -> TaskHandle | None:
        municipality, period = self._names()
        if not municipality:
            return None
        as_of = as_of or self.ask_peildatum()
        if as_of is None:
            return None
        suggested = progress_file_name(municipality, as_of)
        path = self._temp_pdf(suggested)
        title = self.tr("Voortgangsrapportage %1, peildatum %2").replace("%1", period).replace(
            "%2", format_date(as_of))
        return self.build_in_background(
            self.tr("Voortgangsrapportage opmaken…"), path, as_of=as_of,
            on_done=lambda _pages: self.show_preview(path, title, suggested))

    def export_plan(self, target: Path | None = None) -> TaskHandle | None:
        municipality, period = self._names()
        if not municipality:
            return None
        if target is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self.window, self.tr("Exporteren als PDF"),
                str(Path(last_folder()) / plan_file_name(municipality, period)),
                self.tr("PDF-bestanden (*.pdf)"))
            if not chosen:
                return None
            target = Path(chosen)
            if target.suffix.lower() != ".pdf":
                target = target.with_name(target.name + ".pdf")
        out = target
        remember_folder(out)

        def done(pages: Any) -> None:
            self.window.statusBar().showMessage(
                self.tr("Uitvoeringsplan opgeslagen als %1 (%2 pagina's).")
                .replace("%1", str(out)).replace("%2", str(pages)), 10000)

        return self.build_in_background(self.tr("Uitvoeringsplan opmaken…"), out, as_of=None,
                                        on_done=done)


def _remove_folder(folder: Path) -> None:
    import shutil

    if folder.name.startswith("ivpdesk-afdruk-"):
        shutil.rmtree(folder, ignore_errors=True)


class ReportSettingsPage(QWidget):
    """Bewerken → Instellingen → Rapport: the logo on the covers (kept in the database)."""

    PREVIEW_SIZE = (260, 120)

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.pending: bytes | None = None
        self.changed = False
        with window.db.uow() as uow:
            self.current = _pdf().load_logo(uow)
        title = QLabel(self.tr("<b>Logo op de voorkant</b>"))
        explanation = QLabel(self.tr(
            "Het logo staat op de voorkant van het uitvoeringsplan en van de "
            "voortgangsrapportage. Kies een PNG- of JPEG-afbeelding van hoogstens %1 MB. Het logo "
            "wordt in de database bewaard, zodat uw collega dezelfde voorkant afdrukt."
        ).replace("%1", str(_pdf().MAX_LOGO_BYTES // (1024 * 1024))))
        explanation.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setAccessibleName(self.tr("Voorbeeld van het logo"))
        self.preview.setFixedSize(*self.PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("QLabel { background: white; border: 1px solid #c3ccd6; }")
        self.choose_button = QPushButton(self.tr("Logo &kiezen…"))
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(self.tr("Logo &verwijderen"))
        self.remove_button.clicked.connect(self.remove)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.preview)
        row.addLayout(buttons)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explanation)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        if window.read_only:
            self.choose_button.setEnabled(False)
            self.remove_button.setEnabled(False)
            self.message.setText(self.tr("Alleen-lezen: het logo kan nu niet worden gewijzigd."))
        self._show(self.current)

    def shown_logo(self) -> bytes | None:
        return self.pending if self.changed else self.current

    def _show(self, data: bytes | None) -> None:
        if not data:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("Geen logo gekozen:\nde naam van de gemeente\nstaat op de voorkant."))
            self.remove_button.setEnabled(False)
            return
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        width, height = self.PREVIEW_SIZE
        self.preview.setPixmap(pixmap.scaled(width - 16, height - 16,
                                             Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))
        self.remove_button.setEnabled(not self.window.read_only)

    def choose(self, path: Path | None = None) -> bool:
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, self.tr("Logo kiezen"), last_folder(),
                self.tr("Afbeeldingen (*.png *.jpg *.jpeg)"))
            if not chosen:
                return False
            path = Path(chosen)
        try:
            data = _pdf().read_logo_file(path)
        except DomainError as error:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(error.message)
            return False
        self.pending, self.changed = data, True
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Nieuw logo gekozen; het wordt bewaard als u op OK klikt."))
        self._show(data)
        return True

    def remove(self) -> None:
        self.pending, self.changed = None, True
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Het logo wordt verwijderd als u op OK klikt."))
        self._show(None)

    def apply(self) -> None:
        """Called on OK: store or remove the logo in one unit of work."""
        if not self.changed or self.window.read_only:
            return
        with self.window.db.uow() as uow:
            if self.pending is None:
                _pdf().clear_logo(uow)
            else:
                _pdf().save_logo(uow, self.pending)
            uow.commit()
        self.current, self.changed = self.pending, False
        self.message.setText("")


def install(window: MainWindow) -> None:
    """Add the report actions and the Rapport settings page (the window owns the feature)."""
    ReportFeature(window)


def feature_of(window: MainWindow) -> ReportFeature | None:
    return window.findChild(ReportFeature)


__all__ = ["ReportFeature", "ReportSettingsPage", "feature_of", "install"]
