"""The P&C-kalender tab: the moments of the planning & control cycle, editable by the officer.

Add, change (name, kind, date, lead time, notes), mark done or open again, delete, and add
the usual moments a plan lacks. Every change goes through
:mod:`ivpdesk.services.control_moments` (one unit of work, change log) and reloads the plan,
so the Overzicht and the agenda export follow.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ivpdesk import APP_NAME
from ivpdesk.domain import ControlMoment, ControlMomentKind, clock
from ivpdesk.domain.control_calendar import DEFAULT_LEAD_DAYS
from ivpdesk.domain.errors import DomainError, ValidationError
from ivpdesk.domain.formatting import format_date
from ivpdesk.services import control_moments as service

if TYPE_CHECKING:
    from ivpdesk.ui.main_window import MainWindow
    from ivpdesk.ui.reminders_feature import ReminderController

MOMENT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
COL_DUE, COL_NAME, COL_KIND, COL_LEAD, COL_DONE, COL_NOTES = range(6)
HEADERS = ["Datum", "Moment", "Soort", "Voorbereiding", "Gereed op", "Notities"]
Index = QModelIndex | QPersistentModelIndex


def kind_label(kind: ControlMomentKind) -> str:
    return kind.value[:1].upper() + kind.value[1:]


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ControlMomentTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.moments: list[ControlMoment] = []
        self.today = clock.today()

    def set_rows(self, moments: list[ControlMoment], today: date) -> None:
        self.beginResetModel()
        self.moments = list(moments)
        self.today = today
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.moments)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        moment = self.moments[index.row()]
        column = index.column()
        remind = moment.due_on - timedelta(days=moment.lead_days)
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                COL_DUE: format_date(moment.due_on),
                COL_NAME: moment.name,
                COL_KIND: kind_label(moment.kind),
                COL_LEAD: f"{moment.lead_days} dagen (vanaf {format_date(remind)})",
                COL_DONE: format_date(moment.done_on) if moment.done_on else "",
                COL_NOTES: " ".join(moment.notes.split()),
            }[column]
        if role == SORT_ROLE:
            return {
                COL_DUE: moment.due_on.toordinal(), COL_NAME: moment.name.lower(),
                COL_KIND: moment.kind.value, COL_LEAD: moment.lead_days,
                COL_DONE: moment.done_on.toordinal() if moment.done_on else 0,
                COL_NOTES: moment.notes.lower(),
            }[column]
        if role == MOMENT_ROLE:
            return moment
        if role == Qt.ItemDataRole.ForegroundRole:
            if moment.done_on is not None:
                return QBrush(QColor("#80868b"))
            if moment.due_on < self.today and column == COL_DUE:
                return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{moment.name}\n{kind_label(moment.kind)}, herinnering vanaf {format_date(remind)}"
            return f"{tip}\n{moment.notes}" if moment.notes else tip
        return None


class _DoneFilter(QSortFilterProxyModel):
    hide_done = False

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        if not self.hide_done:
            return True
        model = self.sourceModel()
        moment = model.index(row, 0, parent).data(MOMENT_ROLE)
        return moment is None or moment.done_on is None


class ControlMomentDialog(QDialog):
    """Nieuw / bewerk P&C-moment."""

    def __init__(self, moment: ControlMoment | None, today: date, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("P&C-moment bewerken") if moment else self.tr("Nieuw P&C-moment"))
        self.original = moment
        self.result_moment: ControlMoment | None = None
        self.name = QLineEdit(moment.name if moment else "")
        self.name.setPlaceholderText(self.tr("bijvoorbeeld Tussenrapportage aan de raad"))
        self.kind = QComboBox()
        for kind in ControlMomentKind:
            self.kind.addItem(kind_label(kind), kind)
        self.kind.setCurrentIndex(list(ControlMomentKind).index(moment.kind if moment else ControlMomentKind.OTHER))
        self.due = QDateEdit(_qdate(moment.due_on if moment else today))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd-MM-yyyy")
        self.lead = QSpinBox()
        self.lead.setRange(0, 365)
        self.lead.setSuffix(self.tr(" dagen"))
        self.lead.setValue(moment.lead_days if moment else DEFAULT_LEAD_DAYS)
        self.remind = QLabel()
        self.done_box = QCheckBox(self.tr("Gereed op"))
        self.done_on = QDateEdit(_qdate(moment.done_on if moment and moment.done_on else today))
        self.done_on.setCalendarPopup(True)
        self.done_on.setDisplayFormat("dd-MM-yyyy")
        self.done_box.setChecked(bool(moment and moment.done_on))
        self.done_on.setEnabled(self.done_box.isChecked())
        self.done_box.toggled.connect(self.done_on.setEnabled)
        done_row = QHBoxLayout()
        done_row.addWidget(self.done_box)
        done_row.addWidget(self.done_on)
        done_row.addStretch(1)
        self.notes = QPlainTextEdit(moment.notes if moment else "")
        self.notes.setPlaceholderText(self.tr("Afspraken, wie levert wat aan, link naar het stuk …"))
        self.notes.setTabChangesFocus(True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Naam:"), self.name)
        form.addRow(self.tr("&Soort:"), self.kind)
        form.addRow(self.tr("&Datum:"), self.due)
        form.addRow(self.tr("&Voorbereiding:"), self.lead)
        form.addRow("", self.remind)
        form.addRow(self.tr("Status:"), done_row)
        form.addRow(self.tr("N&otities:"), self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.due.dateChanged.connect(self._update_remind)
        self.lead.valueChanged.connect(self._update_remind)
        self._update_remind()
        self.resize(520, 420)

    def _update_remind(self) -> None:
        remind = _pydate(self.due.date()) - timedelta(days=self.lead.value())
        self.remind.setText(self.tr("Herinnering vanaf %1").replace("%1", format_date(remind)))

    def accept(self) -> None:
        moment = ControlMoment(
            name=self.name.text().strip(),
            due_on=_pydate(self.due.date()),
            kind=ControlMomentKind(self.kind.currentData()),
            lead_days=self.lead.value(),
            done_on=_pydate(self.done_on.date()) if self.done_box.isChecked() else None,
            notes=self.notes.toPlainText().strip(),
            id=self.original.id if self.original else None,
            implementation_plan_id=self.original.implementation_plan_id if self.original else None,
        )
        try:
            moment.validate()
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.result_moment = moment
        super().accept()


class ControlCalendarPage(QWidget):
    def __init__(self, window: MainWindow, controller: ReminderController) -> None:
        super().__init__()
        self.window_ = window
        self.controller = controller
        self.setAccessibleName(self.tr("P&C-kalender"))
        title = QLabel(self.tr("P&C-kalender"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(self.tr(
            "De vaste momenten van de planning & control-cyclus, elk met een voorbereidingstijd. "
            "Ze staan ook in het Overzicht, in de dagelijkse melding en in de agenda-export."))
        intro.setWordWrap(True)

        self.model = ControlMomentTableModel(self)
        self.proxy = _DoneFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("P&C-momenten"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_DUE, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_DUE, 100), (COL_KIND, 180), (COL_LEAD, 200), (COL_DONE, 100),
                              (COL_NOTES, 190)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())

        self.action_add = QAction(self.tr("Nieuw moment…"), self)
        self.action_add.triggered.connect(self.add)
        self.action_edit = QAction(self.tr("Bewerken…"), self)
        self.action_edit.triggered.connect(self.edit_selected)
        self.action_done = QAction(self.tr("Gereed"), self)
        self.action_done.triggered.connect(self.toggle_done)
        self.action_delete = QAction(self.tr("Verwijderen"), self)
        self.action_delete.triggered.connect(self.delete_selected)
        self.action_defaults = QAction(self.tr("Standaardmomenten toevoegen"), self)
        self.action_defaults.setToolTip(self.tr(
            "Voeg de gebruikelijke momenten toe die dit plan nog niet heeft"))
        self.action_defaults.triggered.connect(self.add_defaults)
        self.edit_actions = [self.action_add, self.action_edit, self.action_done,
                             self.action_delete, self.action_defaults]
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.edit_actions:
            toolbar.addAction(action)
            window.register_edit_action(action)
        self.hide_done = QCheckBox(self.tr("Afgeronde momenten verbergen"))
        self.hide_done.toggled.connect(self._set_hide_done)
        bar = QHBoxLayout()
        bar.addWidget(toolbar, 1)
        bar.addWidget(self.hide_done)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        window.plan_loaded.connect(self.load)
        window.read_only_changed.connect(lambda _ro: self._update_actions())
        self._update_actions()

    # ------------------------------------------------------------------ state

    def load(self) -> None:
        bundle = self.window_.bundle
        selected = self.selected()
        self.model.set_rows(bundle.control_moments if bundle else [], self.controller.today())
        if selected is not None and selected.id is not None:
            self.select_moment(selected.id)
        self._update_actions()

    def _set_hide_done(self, hide: bool) -> None:
        self.proxy.hide_done = hide
        self.proxy.invalidate()

    def selected(self) -> ControlMoment | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(MOMENT_ROLE) if rows else None

    def select_moment(self, moment_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            moment = index.data(MOMENT_ROLE)
            if moment is not None and moment.id == moment_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return True
        return False

    def _update_actions(self) -> None:
        editable = not self.window_.read_only
        moment = self.selected()
        self.action_add.setEnabled(editable and self.window_.bundle is not None)
        self.action_defaults.setEnabled(editable and self.window_.bundle is not None)
        for action in (self.action_edit, self.action_delete, self.action_done):
            action.setEnabled(editable and moment is not None)
        self.action_done.setText(self.tr("Weer openzetten") if moment and moment.done_on
                                 else self.tr("Gereed"))

    # ------------------------------------------------------------------ actions

    def _apply(self, work: Any, select_id: int | None = None) -> bool:
        try:
            result = work()
        except DomainError as error:
            QMessageBox.warning(self, APP_NAME, error.message)
            self.window_.reload()
            return False
        self.window_.reload()
        target = select_id if select_id is not None else getattr(result, "id", None)
        if target is not None:
            self.select_moment(target)
        return True

    def add(self) -> None:
        bundle = self.window_.bundle
        if bundle is None or self.window_.read_only:
            return
        dialog = ControlMomentDialog(None, self.controller.today(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_moment is not None:
            plan_id = bundle.plan.id
            assert plan_id is not None
            moment = dialog.result_moment
            self._apply(lambda: service.add_moment(self.window_.db, plan_id, moment))

    def edit_selected(self) -> None:
        moment = self.selected()
        if moment is None or self.window_.read_only:
            return
        dialog = ControlMomentDialog(moment, self.controller.today(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_moment is not None:
            changed = dialog.result_moment
            self._apply(lambda: service.update_moment(self.window_.db, changed))

    def toggle_done(self) -> None:
        moment = self.selected()
        if moment is None or moment.id is None or self.window_.read_only:
            return
        done_on = None if moment.done_on else self.controller.today()
        moment_id = moment.id
        self._apply(lambda: service.set_done(self.window_.db, moment_id, done_on))

    def delete_selected(self, *, confirm: bool = True) -> None:
        moment = self.selected()
        if moment is None or moment.id is None or self.window_.read_only:
            return
        if confirm:
            answer = QMessageBox.question(
                self, APP_NAME,
                self.tr("P&C-moment ‘%1’ (%2) verwijderen?").replace("%1", moment.name)
                .replace("%2", format_date(moment.due_on)))
            if answer != QMessageBox.StandardButton.Yes:
                return
        moment_id = moment.id
        self._apply(lambda: service.delete_moment(self.window_.db, moment_id))

    def add_defaults(self) -> None:
        bundle = self.window_.bundle
        if bundle is None or self.window_.read_only:
            return
        plan = bundle.plan
        added: list[ControlMoment] = []

        def work() -> None:
            added.extend(service.add_missing_defaults(self.window_.db, plan))

        if self._apply(work):
            message = (self.tr("%1 standaardmomenten toegevoegd.").replace("%1", str(len(added)))
                       if added else self.tr("Alle standaardmomenten staan er al."))
            self.window_.statusBar().showMessage(message, 6000)


def install_calendar(window: MainWindow, controller: ReminderController) -> ControlCalendarPage:
    page = ControlCalendarPage(window, controller)
    window.add_tab("calendar", page, page.tr("P&&C-kalender"))  # && shows one ampersand
    show = QAction(page.tr("&P&&C-kalender"), page)
    show.setShortcut(QKeySequence("Ctrl+4"))  # the fourth tab: Ctrl+1 Overzicht … Ctrl+4
    show.triggered.connect(lambda: window.show_tab("calendar"))
    window.add_menu_action("plan", show, "calendar")
    add = QAction(page.tr("Nieuw P&&C-moment…"), page)
    add.triggered.connect(lambda: (window.show_tab("calendar"), page.add()))
    window.add_menu_action("plan", add, "calendar")
    window.register_edit_action(add)
    return page
