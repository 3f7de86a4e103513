"""Qt tree model of the Overzicht: four groups (Te laat …) with their reminders as children.

Holds an :class:`~ivpdesk.domain.reminders.Overview` and nothing else; ``set_overview``
swaps it inside a model reset. Group rows have internal id 0, child rows carry their
group's number + 1, so ``parent()`` needs no lookup tables.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ivpdesk.domain.formatting import format_date
from ivpdesk.domain.reminders import Overview, Reminder, ReminderGroup, ReminderSource

REMINDER_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2

COL_DUE, COL_WHEN, COL_WHAT, COL_THEME, COL_OWNER, COL_PLANNING = range(6)
HEADERS = ["Deadline", "Wanneer", "Wat", "Thema", "Trekker", "Planning"]

GROUP_COLOURS = {
    ReminderGroup.OVERDUE: "#b00020",
    ReminderGroup.THIS_WEEK: "#a35200",
    ReminderGroup.UPCOMING: "#1f5fa8",
    ReminderGroup.UNRECOGNISED: "#5f6368",
}

Index = QModelIndex | QPersistentModelIndex


class ReminderTreeModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.overview: Overview | None = None
        self._groups: list[tuple[ReminderGroup, tuple[Reminder, ...]]] = []

    def set_overview(self, overview: Overview | None) -> None:
        self.beginResetModel()
        self.overview = overview
        self._groups = overview.groups if overview is not None else []
        self.endResetModel()

    # ------------------------------------------------------------------ structure

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        group = child.internalId()
        if group == 0:
            return QModelIndex()
        return self.createIndex(group - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # ------------------------------------------------------------------ data

    def reminder(self, index: Index) -> Reminder | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def group_index(self, group: ReminderGroup) -> QModelIndex:
        for row, (candidate, _items) in enumerate(self._groups):
            if candidate is group:
                return self.index(row, 0)
        return QModelIndex()

    def index_of_key(self, key: str) -> QModelIndex:
        for row, (_group, items) in enumerate(self._groups):
            for child, reminder in enumerate(items):
                if reminder.key == key:
                    return self.index(child, 0, self.index(row, 0))
        return QModelIndex()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(index, role)
        reminder = self.reminder(index)
        assert reminder is not None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(reminder, column)
        if role == REMINDER_ROLE:
            return reminder
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(reminder)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_WHEN:
            return QBrush(QColor(GROUP_COLOURS[reminder.group]))
        if role == Qt.ItemDataRole.FontRole and column == COL_WHEN and reminder.group is ReminderGroup.OVERDUE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{reminder.title}, {reminder.when or reminder.group.value}"
        return None

    def _group_data(self, index: Index, role: int) -> Any:
        group, items = self._groups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            within = self.overview.within_days if self.overview else 30
            return f"{group.label(within)} ({len(items)})"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(GROUP_COLOURS[group]))
        if role == GROUP_ROLE:
            return group
        return None

    @staticmethod
    def _text(reminder: Reminder, column: int) -> str:
        if column == COL_DUE:
            return format_date(reminder.due_on) if reminder.due_on else "–"
        if column == COL_WHEN:
            return reminder.when
        if column == COL_WHAT:
            if reminder.source is ReminderSource.CONTROL_MOMENT:
                return f"P&C: {reminder.title}"
            return reminder.title
        if column == COL_THEME:
            return reminder.theme
        if column == COL_OWNER:
            return reminder.owner
        if column == COL_PLANNING:
            return reminder.planning_text if reminder.source is ReminderSource.ACTIVITY else ""
        return ""

    @staticmethod
    def _tooltip(reminder: Reminder) -> str:
        lines = [reminder.title]
        if reminder.source is ReminderSource.ACTIVITY:
            lines.append(f"Thema: {reminder.theme}" + (f" – {reminder.section}" if reminder.section else ""))
            if reminder.political_owner:
                lines.append(f"Bestuurlijk trekker: {reminder.political_owner}")
            if reminder.officer_owner:
                lines.append(f"Ambtelijk trekker: {reminder.officer_owner}")
            lines.append(f"Planning: {reminder.planning_text or '–'}")
        if reminder.explanation:
            lines.append(reminder.explanation)
        if reminder.remind_on is not None:
            lines.append(f"Voorbereiding {reminder.lead_days} dagen: herinnering vanaf "
                         f"{format_date(reminder.remind_on)}")
        return "\n".join(lines)
