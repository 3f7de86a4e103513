"""Backups in the window: Extra → Back-up maken / Back-up terugzetten…, and two settings pages.

Restoring shows every backup with its date and what is inside (read from the
backup itself), asks for confirmation with the counts of now and then, backs up
the current state and restores through the service, off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ivpdesk import APP_NAME
from ivpdesk.domain.errors import DomainError
from ivpdesk.services.backups import (
    MAX_KEEP,
    MIN_KEEP,
    BackupSettings,
    BackupSummary,
    backup_folder,
    backup_now,
    list_backup_summaries,
    load_backup_settings,
    restore_backup,
    save_backup_settings,
    summarize_file,
)
from ivpdesk.services.database import (
    MAX_LOCK_STALE_MINUTES,
    MIN_LOCK_STALE_MINUTES,
    lock_stale_after,
    save_lock_stale_minutes,
)
from ivpdesk.services.progress import Progress
from ivpdesk.ui.lock_feature import paths_of
from ivpdesk.ui.tasks import TaskHandle, run_task

if TYPE_CHECKING:
    from ivpdesk.ui.main_window import MainWindow

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QApplication.translate("Backups", text)


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} kB"


class BackupListModel(QAbstractTableModel):
    HEADERS = ["Gemaakt op", "Soort", "Plan", "Thema's", "Activiteiten", "Indicatoren", "Grootte"]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.summaries: list[BackupSummary] = []

    def set_summaries(self, summaries: list[BackupSummary]) -> None:
        self.beginResetModel()
        self.summaries = list(summaries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.summaries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self.summaries[index.row()]
        column = index.column()
        if role == SUMMARY_ROLE:
            return summary
        if role == Qt.ItemDataRole.ForegroundRole and not summary.ok:
            return QColor("#8a1c1c")
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(summary.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4, 5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return summary.made_at_text
        if column == 1:
            return summary.reason_text
        if column == 2:
            if not summary.ok:
                return tr("niet bruikbaar: %1").replace("%1", summary.problem)
            parts = [p for p in (summary.municipality, summary.plan_label) if p]
            return ", ".join(parts) if parts else tr("(nog geen plan)")
        if column == 6:
            return _size(summary.size)
        if not summary.ok:
            return ""
        return str((summary.themes, summary.activities, summary.indicators)[column - 3])


class RestoreDialog(QDialog):
    """Pick a backup (date, kind, counts) and restore it after confirmation."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(tr("Back-up terugzetten"))
        self.resize(900, 460)
        intro = QLabel(tr(
            "Kies de back-up die u wilt terugzetten. IVP Desk maakt eerst een back-up van de "
            "huidige stand, zodat ook het terugzetten ongedaan kan worden gemaakt."
        ))
        intro.setWordWrap(True)
        self.model = BackupListModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Back-ups"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.status = QLabel(tr("Back-ups worden gelezen…"))
        self.status.setWordWrap(True)
        self.other_button = QPushButton(tr("Ander bestand…"))
        self.other_button.clicked.connect(self.choose_file)
        self.restore_button = QPushButton(tr("Terugzetten…"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.loading: TaskHandle | None = None
        self.restoring: TaskHandle | None = None
        self.load()

    def load(self) -> None:
        db, paths = self.window_.db, paths_of(self.window_)
        self.loading = run_task(self, tr("Back-ups lezen"),
                                lambda progress: list_backup_summaries(db, paths, progress),
                                self._loaded, self._load_failed, show_dialog=False)

    def _loaded(self, summaries: list[BackupSummary]) -> None:
        if not isValid(self):  # closed before the list was read
            return
        self.model.set_summaries(summaries)
        if not summaries:
            self.status.setText(tr("Er zijn nog geen back-ups van deze database. Kies zo nodig "
                                   "Ander bestand… om een back-up van elders te gebruiken."))
            return
        folder = summaries[0].path.parent
        text = tr("1 back-up in %2.") if len(summaries) == 1 else tr("%1 back-ups in %2.")
        self.status.setText(text.replace("%1", str(len(summaries))).replace("%2", str(folder)))
        first_good = next((row for row, s in enumerate(summaries) if s.ok), None)
        if first_good is not None:
            self.table.selectRow(first_good)

    def _load_failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self.status.setText(error.message if isinstance(error, DomainError) else str(error))

    def selected(self) -> BackupSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(SUMMARY_ROLE) if rows else None

    def _selection_changed(self) -> None:
        summary = self.selected()
        self.restore_button.setEnabled(summary is not None and summary.ok)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Back-up kiezen"), "",
                                              tr("IVP Desk-back-up (*.sqlite *.db);;Alle bestanden (*)"))
        if not name:
            return
        summary = summarize_file(Path(name))
        if not summary.ok:
            QMessageBox.warning(self, APP_NAME, tr("%1 kan niet worden teruggezet: %2.")
                                .replace("%1", Path(name).name).replace("%2", summary.problem))
            return
        self.restore(summary)

    def restore_selected(self) -> None:
        summary = self.selected()
        if summary is not None and summary.ok:
            self.restore(summary)

    def confirm(self, summary: BackupSummary) -> bool:
        bundle = self.window_.bundle
        now = ""
        if bundle is not None:
            now = tr("Nu: %1 thema's, %2 activiteiten, %3 indicatoren.").replace(
                "%1", str(len(bundle.themes))).replace("%2", str(bundle.activity_count)).replace(
                "%3", str(len(bundle.indicators)))
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Back-up terugzetten"))
        box.setText(tr("De back-up van %1 terugzetten?").replace("%1", summary.made_at_text))
        box.setInformativeText(
            tr("In de back-up: %1.").replace("%1", summary.counts_text) + "\n" + now + "\n\n"
            + tr("Alles wat daarna is gewijzigd verdwijnt uit de database, maar blijft bewaard in de "
                 "back-up van de huidige stand die IVP Desk eerst maakt.")
        )
        go = box.addButton(tr("Terugzetten"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go

    def restore(self, summary: BackupSummary) -> None:
        if self.window_.read_only:
            QMessageBox.warning(self, APP_NAME, tr("De database is alleen-lezen geopend; terugzetten "
                                                   "kan nu niet."))
            return
        if not self.confirm(summary):
            return
        db, paths = self.window_.db, paths_of(self.window_)
        self.restoring = run_task(
            self, tr("Back-up terugzetten…"),
            lambda progress: restore_backup(db, paths, summary.path, progress),
            self._restored, cancellable=False,
        )

    def _restored(self, result: Any) -> None:
        self.window_.reload()
        message = tr("De back-up van %1 is teruggezet.").replace("%1", result.restored.made_at_text)
        if result.safety_backup is not None:
            message += " " + tr("De stand van daarvoor staat in %1.").replace("%1", str(result.safety_backup))
        QMessageBox.information(self, APP_NAME, message)
        self.accept()


def make_backup(window: MainWindow) -> TaskHandle:
    db, paths = window.db, paths_of(window)

    def work(progress: Progress) -> tuple[Path | None, str | None]:
        progress.step(0, 1, tr("Back-up maken…"))
        _folder, fallback = backup_folder(db, paths)
        return backup_now(db, paths, "handmatig"), fallback

    def done(result: tuple[Path | None, str | None]) -> None:
        target, fallback = result
        if target is None:
            QMessageBox.information(window, APP_NAME, tr("Deze database is nog leeg; er is niets om te "
                                                         "back-uppen."))
            return
        text = tr("Back-up gemaakt: %1").replace("%1", str(target))
        if fallback:
            text += "\n\n" + fallback
        window.statusBar().showMessage(tr("Back-up gemaakt"), 5000)
        QMessageBox.information(window, APP_NAME, text)

    return run_task(window, tr("Back-up maken…"), work, done, cancellable=False)


def open_restore(window: MainWindow) -> RestoreDialog:
    dialog = RestoreDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# --------------------------------------------------------------------------- settings pages


class BackupSettingsPage(QWidget):
    """Instellingen → Back-ups: folder (e.g. a second network drive) and how many to keep."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        paths = paths_of(window)
        settings = load_backup_settings(window.db)
        self.folder = QLineEdit(str(settings.folder) if settings.folder else "")
        self.folder.setPlaceholderText(str(paths.backups_dir))
        self.folder.setAccessibleName(tr("Back-upmap"))
        browse = QPushButton(tr("Bladeren…"))
        browse.clicked.connect(self._browse)
        standard = QPushButton(tr("Standaardmap"))
        standard.clicked.connect(lambda: self.folder.setText(""))
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        row.addWidget(standard)
        self.keep = QSpinBox()
        self.keep.setRange(MIN_KEEP, MAX_KEEP)
        self.keep.setValue(settings.keep)
        self.keep.setSuffix(tr(" back-ups"))
        self.keep.setAccessibleName(tr("Aantal te bewaren back-ups"))
        self.keep.setMaximumWidth(180)
        explain = QLabel(tr(
            "IVP Desk maakt elke dag bij de eerste start een back-up, en ook vóór elke import, elk "
            "nieuw uitvoeringsplan, elke bijwerking van de database en elk terugzetten. De oudste "
            "verdwijnen als er meer zijn dan het aantal hieronder. Leeg = de standaardmap op deze "
            "computer (%1). Kies voor extra zekerheid een map op een andere schijf."
        ).replace("%1", str(paths.backups_dir)))
        explain.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Back-upmap:"), row)
        form.addRow(tr("Bewaren:"), self.keep)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addStretch(1)
        if window.read_only:
            for widget in (self.folder, browse, standard, self.keep):
                widget.setEnabled(False)
            self.note.setText(tr("De database is alleen-lezen geopend; deze instellingen kunnen nu "
                                 "niet worden gewijzigd."))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Back-upmap kiezen"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def settings(self) -> BackupSettings:
        text = self.folder.text().strip()
        return BackupSettings(folder=Path(text) if text else None, keep=self.keep.value())

    def apply(self) -> None:
        if self.window_.read_only:
            return
        if self.settings() != load_backup_settings(self.window_.db):
            save_backup_settings(self.window_.db, self.settings())


class SharingSettingsPage(QWidget):
    """Instellingen → Gedeeld bestand: when a silent colleague's lock may be taken over."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        current = int(lock_stale_after(window.db.path).total_seconds() // 60)
        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_LOCK_STALE_MINUTES, MAX_LOCK_STALE_MINUTES)
        self.minutes.setValue(current)
        self.minutes.setSuffix(tr(" minuten"))
        self.minutes.setAccessibleName(tr("Vergrendeling verloopt na"))
        self.minutes.setMaximumWidth(180)
        explain = QLabel(tr(
            "Wie de database opent, houdt hem vast zolang IVP Desk open is; een collega kan dan "
            "alleen kijken. Komt er van dat programma zo lang geen teken van leven (computer "
            "vastgelopen, in slaapstand of van het netwerk), dan mag een collega de database na een "
            "waarschuwing overnemen."
        ))
        explain.setWordWrap(True)
        self.status = QLabel(self._status())
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Overnemen mogelijk na:"), self.minutes)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.minutes.setEnabled(not window.read_only)

    def _status(self) -> str:
        db = self.window_.db
        if db.lock is not None and db.lock.held and db.lock.since is not None:
            from ivpdesk.store.lock import format_local

            return tr("U hebt deze database in gebruik sinds %1.").replace("%1", format_local(db.lock.since))
        if db.read_only:
            return db.read_only_reason
        return ""

    def apply(self) -> None:
        if self.window_.read_only:
            return
        current = int(lock_stale_after(self.window_.db.path).total_seconds() // 60)
        if self.minutes.value() != current:
            save_lock_stale_minutes(self.window_.db, self.minutes.value())


def install(window: MainWindow) -> None:
    backup = QAction(tr("&Back-up maken"), window)
    backup.triggered.connect(lambda: make_backup(window))
    window.add_menu_action("tools", backup, "backup")
    restore = QAction(tr("Back-up &terugzetten…"), window)
    restore.triggered.connect(lambda: open_restore(window))
    window.add_menu_action("tools", restore, "backup")
    window.register_edit_action(restore)
    window.add_settings_page("backups", tr("Back-ups"), lambda: BackupSettingsPage(window))
    window.add_settings_page("sharing", tr("Gedeeld bestand"), lambda: SharingSettingsPage(window))
