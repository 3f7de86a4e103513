"""Table model of activities: one row per activity, the plan's columns.

Holds plain domain objects; ``set_rows`` swaps the whole list inside
begin/endResetModel (Vorta's archive table pattern). Views sort and filter through a
QSortFilterProxyModel using ``SORT_ROLE``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ivpdesk.domain import Activity, Section, Theme

COL_SECTION, COL_ACTIVITY, COL_POLITICAL, COL_OFFICER, COL_PARTNERS, COL_PLANNING, COL_STATUS, COL_YEARS = range(8)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ACTIVITY_ROLE = Qt.ItemDataRole.UserRole + 2
THEME_ROLE = Qt.ItemDataRole.UserRole + 3
SECTION_ROLE = Qt.ItemDataRole.UserRole + 4

Row = tuple[Theme, Section, Activity]
AnyIndex = QModelIndex | QPersistentModelIndex


class ActivityTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._headers = [
            self.tr("Onderdeel"),
            self.tr("Activiteit"),
            self.tr("Bestuurlijk trekker"),
            self.tr("Ambtelijk trekker"),
            self.tr("Partners"),
            self.tr("Planning"),
            self.tr("Status"),
            self.tr("Jaren"),
        ]

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    @staticmethod
    def section_label(section: Section) -> str:
        if section.heading and section.name:
            return f"{section.heading} › {section.name}"
        return section.name or section.heading or ""

    def _display(self, row: Row, column: int) -> str:
        _theme, section, activity = row
        if column == COL_SECTION:
            return self.section_label(section)
        if column == COL_ACTIVITY:
            if activity.title:
                return f"{activity.title} {activity.description}".strip()
            return activity.description
        if column == COL_POLITICAL:
            return activity.political_owner
        if column == COL_OFFICER:
            return activity.officer_owner
        if column == COL_PARTNERS:
            return ", ".join(activity.partners)
        if column == COL_PLANNING:
            return activity.planning_text
        if column == COL_STATUS:
            return activity.status.label
        if column == COL_YEARS:
            return ", ".join(str(y) for y in sorted(activity.years))
        return ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(row, column)
        if role == SORT_ROLE:
            if column == COL_SECTION:
                return (row[0].position, row[1].position, row[2].position)
            if column == COL_STATUS:
                return list(type(row[2].status)).index(row[2].status)
            return self._display(row, column).lower()
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS:
            return QBrush(QColor(row[2].status.colour))
        if role == ACTIVITY_ROLE:
            return row[2]
        if role == THEME_ROLE:
            return row[0]
        if role == SECTION_ROLE:
            return row[1]
        return None
