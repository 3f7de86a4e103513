"""The change log in the window: history of one activity, and the filterable log of the plan.

Both read through :mod:`ivpdesk.services.change_log` and show rows in a
:class:`ChangeLogTableModel` (a ``QAbstractTableModel``; the text filter runs in a
``QSortFilterProxyModel`` so typing never re-queries the database). Both can be
exported to Excel for verantwoording.

* Plan → *Geschiedenis van activiteit…* (or :func:`open_activity_history` from the
  detail panel) for the selected activity;
* Extra → *Wijzigingslogboek…* for the whole plan: period, user, kind and text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ivpdesk import APP_NAME
from ivpdesk.services.change_log import (
    ENTITY_LABELS,
    ChangeEntry,
    ChangeFilter,
    activity_history,
    actors,
    entities_present,
    export_changes_xlsx,
    query_changes,
)
from ivpdesk.store.uow import current_user
from ivpdesk.ui.tasks import TaskHandle, run_task

if TYPE_CHECKING:
    from ivpdesk.ui.main_window import MainWindow

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_SHOWN = 300

Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QApplication.translate("ChangeLog", text)


COLUMNS = {
    "at": "Wanneer",
    "actor": "Wie",
    "source": "Bron",
    "entity": "Soort",
    "subject": "Onderwerp",
    "field": "Veld",
    "old": "Oude waarde",
    "new": "Nieuwe waarde",
}
PLAN_COLUMNS = ["at", "actor", "entity", "subject", "field", "old", "new", "source"]
HISTORY_COLUMNS = ["at", "actor", "field", "old", "new", "source"]
WIDTHS = {"at": 118, "actor": 95, "source": 125, "entity": 95, "subject": 220, "field": 130,
          "old": 210, "new": 210}


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


class ChangeLogTableModel(QAbstractTableModel):
    """Change-log entries; column keys from :data:`COLUMNS`."""

    def __init__(self, columns: Sequence[str] = PLAN_COLUMNS, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.entries: list[ChangeEntry] = []

    def set_entries(self, entries: Sequence[ChangeEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(COLUMNS[self.columns[section]])
        return None

    def text(self, entry: ChangeEntry, key: str) -> str:
        return {
            "at": entry.at_text,
            "actor": entry.actor,
            "source": entry.source_label,
            "entity": entry.entity_label,
            "subject": entry.subject,
            "field": entry.field_text,
            "old": entry.old_text,
            "new": entry.new_text,
        }[key]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        key = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _one_line(self.text(entry, key))
        if role == Qt.ItemDataRole.ToolTipRole and key in ("old", "new", "subject"):
            full = self.text(entry, key)
            return full if len(full) > 40 or "\n" in full else None
        if role == ENTRY_ROLE:
            return entry
        if role == SORT_ROLE:
            return entry.at.timestamp() if key == "at" else self.text(entry, key).casefold()
        return None


class TextFilterProxy(QSortFilterProxyModel):
    """Case-insensitive search in every shown text of an entry."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.needle = ""
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.10; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self.needle = text.strip()
            self.endFilterChange()
        else:  # pragma: no cover - older Qt
            self.needle = text.strip()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self.needle:
            return True
        model = self.sourceModel()
        assert isinstance(model, ChangeLogTableModel)
        return model.entries[source_row].matches(self.needle)

    def entries(self) -> list[ChangeEntry]:
        return [self.index(row, 0).data(ENTRY_ROLE) for row in range(self.rowCount())]


def _table(proxy: QSortFilterProxyModel, columns: Sequence[str], name: str) -> QTableView:
    view = QTableView()
    view.setModel(proxy)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, key in enumerate(columns):
        view.setColumnWidth(column, WIDTHS[key])
    return view


def export_entries(parent: QWidget, entries: Sequence[ChangeEntry], database_name: str,
                   filter_text: str, suggested: str) -> TaskHandle | None:
    """Ask for a file name and write the entries to Excel off the GUI thread."""
    if not entries:
        QMessageBox.information(parent, APP_NAME, tr("Er zijn geen wijzigingen om te exporteren."))
        return None
    name, _ = QFileDialog.getSaveFileName(parent, tr("Wijzigingen exporteren"), suggested,
                                          tr("Excel-werkmap (*.xlsx)"))
    if not name:
        return None
    rows = list(entries)
    user = current_user()

    def done(out: Path) -> None:
        text = tr("1 wijziging opgeslagen in %2.") if len(rows) == 1 else tr(
            "%1 wijzigingen opgeslagen in %2.")
        QMessageBox.information(parent, APP_NAME, text.replace("%1", str(len(rows))).replace("%2", str(out)))

    return run_task(parent, tr("Wijzigingen exporteren…"),
                    lambda progress: export_changes_xlsx(rows, Path(name), database_name=database_name,
                                                         filter_text=filter_text, exported_by=user,
                                                         progress=progress),
                    done)


# --------------------------------------------------------------------------- one activity


class ActivityHistoryDialog(QDialog):
    """Everything that happened to one activity: who, when, field, old → new."""

    def __init__(self, window: MainWindow, activity_id: int) -> None:
        super().__init__(window)
        self.window_ = window
        self.activity_id = activity_id
        self.export_task: TaskHandle | None = None
        self.setWindowTitle(tr("Geschiedenis van de activiteit"))
        self.resize(1000, 520)
        self.model = ChangeLogTableModel(HISTORY_COLUMNS, self)
        self.proxy = TextFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.count = QLabel()
        self.table = _table(self.proxy, HISTORY_COLUMNS, tr("Geschiedenis"))
        self.export_button = QPushButton(tr("Exporteren naar Excel…"))
        self.export_button.clicked.connect(self.export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        entries = activity_history(self.window_.db, self.activity_id)
        self.model.set_entries(entries)
        subject = next((e.subject for e in entries if e.subject), "")
        self.subject = subject or tr("activiteit %1").replace("%1", str(self.activity_id))
        self.heading.setText(self.subject)
        if len(entries) == 1:
            self.count.setText(tr("1 wijziging."))
        elif entries:
            self.count.setText(tr("%1 wijzigingen, de nieuwste bovenaan.").replace("%1", str(len(entries))))
        else:
            self.count.setText(tr("Van deze activiteit zijn nog geen wijzigingen vastgelegd."))
        self.table.resizeRowsToContents()

    def export(self) -> None:
        self.export_task = export_entries(self, self.proxy.entries(), self.window_.db.display_name,
                       tr("geschiedenis van activiteit '%1'").replace("%1", self.subject),
                       f"geschiedenis-activiteit-{self.activity_id}.xlsx")


def open_activity_history(window: MainWindow, activity_id: int) -> ActivityHistoryDialog:
    """Show the history of ``activity_id`` (non-modal); the detail panel may call this."""
    dialog = ActivityHistoryDialog(window, activity_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def _history_of_selection(window: MainWindow) -> None:
    activity_id = window.selected_activity_id()
    if activity_id is None:
        QMessageBox.information(window, APP_NAME, tr(
            "Selecteer eerst een activiteit in de tabel; dan ziet u wie daar wat aan veranderde."))
        return
    open_activity_history(window, activity_id)


# --------------------------------------------------------------------------- the plan's log

PERIODS = ["Alles", "Vandaag", "Afgelopen 7 dagen", "Afgelopen 30 dagen", "Dit jaar", "Kies de periode"]


class ChangeLogDialog(QDialog):
    """Extra → Wijzigingslogboek…: every change in the plan, filterable and exportable."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(tr("Wijzigingslogboek"))
        self.resize(1240, 640)
        self.model = ChangeLogTableModel(PLAN_COLUMNS, self)
        self.proxy = TextFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.period = QComboBox()
        self.period.addItems([tr(p) for p in PERIODS])
        self.period.setAccessibleName(tr("Periode"))
        self.since = QDateEdit()
        self.until = QDateEdit()
        for edit, name in ((self.since, tr("Vanaf")), (self.until, tr("Tot en met"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setDate(QDate.currentDate())
            edit.setAccessibleName(name)
            edit.setEnabled(False)
        self.since.setDate(QDate.currentDate().addDays(-30))
        self.actor = QComboBox()
        self.actor.setAccessibleName(tr("Gebruiker"))
        self.entity = QComboBox()
        self.entity.setAccessibleName(tr("Soort"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Zoek in namen en waarden…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(tr("Zoeken"))
        self.count = QLabel()

        filters = QHBoxLayout()
        for label, widget in ((tr("Periode:"), self.period), (tr("van"), self.since),
                              (tr("t/m"), self.until), (tr("Gebruiker:"), self.actor),
                              (tr("Soort:"), self.entity)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)

        self.table = _table(self.proxy, PLAN_COLUMNS, tr("Wijzigingen"))
        self.table.doubleClicked.connect(self._open_row)
        self.export_button = QPushButton(tr("Exporteren naar Excel…"))
        self.export_button.clicked.connect(self.export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)

        hint = QLabel(tr("Dubbelklik op een activiteit om haar in het plan te tonen. "
                         "Tijden zijn de tijd op deze computer."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(150)
        self._text_timer.timeout.connect(lambda: self._apply_text())
        self.search.textChanged.connect(lambda _text: self._text_timer.start())
        self.period.currentIndexChanged.connect(self._period_changed)
        for widget in (self.since, self.until):
            widget.dateChanged.connect(lambda _d: self.load())
        self.actor.currentIndexChanged.connect(lambda _i: self.load())
        self.entity.currentIndexChanged.connect(lambda _i: self.load())
        self._filling = False
        self._generation = 0
        self.loading: TaskHandle | None = None
        self.export_task: TaskHandle | None = None
        self.fill_choices()
        self.load()

    # ------------------------------------------------------------------ filters

    def fill_choices(self) -> None:
        self._filling = True
        try:
            keep_actor, keep_entity = self.actor.currentData(), self.entity.currentData()
            self.actor.clear()
            self.actor.addItem(tr("Iedereen"), None)
            for name in actors(self.window_.db):
                self.actor.addItem(name, name)
            self.entity.clear()
            self.entity.addItem(tr("Alles"), None)
            for entity in entities_present(self.window_.db):
                self.entity.addItem(ENTITY_LABELS.get(entity, entity), entity)
            for combo, value in ((self.actor, keep_actor), (self.entity, keep_entity)):
                found = combo.findData(value)
                combo.setCurrentIndex(found if found >= 0 else 0)
        finally:
            self._filling = False

    def _period_changed(self, index: int) -> None:
        custom = index == len(PERIODS) - 1
        self.since.setEnabled(custom)
        self.until.setEnabled(custom)
        self.load()

    def period_range(self) -> tuple[date | None, date | None]:
        today = datetime.now().date()  # noqa: DTZ005 - the officer's local day
        index = self.period.currentIndex()
        if index == 1:
            return today, today
        if index == 2:
            return today - timedelta(days=6), today
        if index == 3:
            return today - timedelta(days=29), today
        if index == 4:
            return date(today.year, 1, 1), today
        if index == 5:
            return self.since.date().toPython(), self.until.date().toPython()  # type: ignore[return-value]
        return None, None

    def current_filter(self) -> ChangeFilter:
        since, until = self.period_range()
        bundle = self.window_.bundle
        return ChangeFilter(
            since=since, until=until, actor=self.actor.currentData(), entity=self.entity.currentData(),
            plan_id=bundle.plan.id if bundle is not None else None,
            text=self.search.text().strip() or None,
        )

    def load(self) -> None:
        """Query in the background (a long log must not freeze the window); newest wins."""
        if self._filling:
            return
        flt = self.current_filter()
        if flt.since and flt.until and flt.since > flt.until:
            self.model.set_entries([])
            self.count.setText(tr("De begindatum ligt na de einddatum."))
            return
        self._generation += 1
        generation = self._generation
        db = self.window_.db
        query = ChangeFilter(since=flt.since, until=flt.until, actor=flt.actor, entity=flt.entity,
                             plan_id=flt.plan_id)
        self.count.setText(tr("Wijzigingen worden gelezen…"))

        def loaded(entries: list[ChangeEntry]) -> None:
            if generation == self._generation:
                self.model.set_entries(entries)
                self._apply_text()

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.count.setText(getattr(error, "message", str(error)))

        self.loading = run_task(self, tr("Wijzigingen lezen"), lambda _p: query_changes(db, query),
                                loaded, failed, show_dialog=False)

    @property
    def busy(self) -> bool:
        return self.loading is not None and not self.loading.finished

    def _apply_text(self) -> None:
        self.proxy.set_text(self.search.text())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            text = tr("1 wijziging") if total == 1 else tr("%1 wijzigingen")
            self.count.setText(text.replace("%1", str(total)))
        else:
            self.count.setText(tr("%1 van %2 wijzigingen").replace("%1", str(shown)).replace("%2", str(total)))

    def refresh(self) -> None:
        self.fill_choices()
        self.load()

    # ------------------------------------------------------------------ actions

    def _open_row(self, index: QModelIndex) -> None:
        entry = index.data(ENTRY_ROLE)
        if entry is None or entry.entity != "activiteit" or entry.entity_id is None:
            return
        if not self.window_.show_activity(entry.entity_id):
            open_activity_history(self.window_, entry.entity_id)

    def export(self) -> None:
        stamp = datetime.now().strftime("%d-%m-%Y")  # noqa: DTZ005
        self.export_task = export_entries(self, self.proxy.entries(), self.window_.db.display_name,
                                          self.current_filter().describe(),
                                          f"wijzigingslogboek-{stamp}.xlsx")


def open_change_log(window: MainWindow) -> ChangeLogDialog:
    dialog = getattr(window, "_change_log_dialog", None)
    if not isinstance(dialog, ChangeLogDialog):
        dialog = ChangeLogDialog(window)
        window._change_log_dialog = dialog  # type: ignore[attr-defined]
        window.plan_loaded.connect(lambda: dialog.refresh() if dialog.isVisible() else None)
    else:
        dialog.refresh()
    dialog.show()
    dialog.raise_()
    return dialog


def install(window: MainWindow) -> None:
    history = QAction(tr("&Geschiedenis van activiteit…"), window)
    history.setShortcut(QKeySequence("Ctrl+Shift+H"))
    history.triggered.connect(lambda: _history_of_selection(window))
    window.add_menu_action("plan", history, "activities")
    log_action = QAction(tr("&Wijzigingslogboek…"), window)
    log_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
    log_action.triggered.connect(lambda: open_change_log(window))
    window.add_menu_action("tools", log_action, "log")
