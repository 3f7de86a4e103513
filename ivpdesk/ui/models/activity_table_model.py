"""Table model of the plan: group rows (thema, kop, onderdeel) with their activities below.

The model holds plain domain objects in display order. Group rows make the grouping
by onderdeel (and kop) visible like the officer's Excel, and serve as drop targets.
Sorting by a column (``sort``) reorders activities *within* their onderdeel, so the
grouping never falls apart. Filtering happens in
:class:`~ivpdesk.ui.models.activity_filter_proxy.ActivityFilterProxy`, which reads the
precomputed search texts of this model (10,000 activities filter in milliseconds).

Edits do not write to the database here: ``setData`` hands the change to
``edit_handler`` (the window's edit controller, which saves it through the services
and the undo stack) and the controller updates the row afterwards.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ivpdesk.domain import Activity, ActivityStatus, PlanBundle, Section, Theme
from ivpdesk.ui.i18n import format_date

(COL_SECTION, COL_ACTIVITY, COL_POLITICAL, COL_OFFICER, COL_PARTNERS, COL_PLANNING, COL_STATUS,
 COL_YEARS) = range(8)
COLUMN_COUNT = 8

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ACTIVITY_ROLE = Qt.ItemDataRole.UserRole + 2
THEME_ROLE = Qt.ItemDataRole.UserRole + 3
SECTION_ROLE = Qt.ItemDataRole.UserRole + 4
ROW_KIND_ROLE = Qt.ItemDataRole.UserRole + 5
STATUS_ROLE = Qt.ItemDataRole.UserRole + 6
SUBTEXT_ROLE = Qt.ItemDataRole.UserRole + 7

ROW_THEME, ROW_HEADING, ROW_SECTION, ROW_ACTIVITY = range(4)

MIME_ACTIVITIES = "application/x-ivpdesk-activities"

AnyIndex = QModelIndex | QPersistentModelIndex
Row = tuple[Theme, Section, Activity]

# Which column edits which field of an activity.
COLUMN_FIELDS = {
    COL_ACTIVITY: "description",
    COL_POLITICAL: "political_owner",
    COL_OFFICER: "officer_owner",
    COL_PARTNERS: "partners",
    COL_PLANNING: "planning_text",
    COL_STATUS: "status",
    COL_YEARS: "years",
}


@dataclass(slots=True)
class TableRow:
    """One row of the table: a group row (theme/kop/onderdeel) or an activity."""

    kind: int
    theme: Theme
    section: Section | None = None
    activity: Activity | None = None
    heading: str | None = None
    group: int = 0  # number of the onderdeel block the row belongs to
    last_group: int = 0  # for a kop: the last onderdeel block under it


def fold(text: str) -> str:
    """Lower case without accents, so 'geevalueerd' finds 'geëvalueerd'."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return "".join(c for c in unicodedata.normalize("NFKD", lowered)
                   if not unicodedata.combining(c))


def section_label(section: Section) -> str:
    if section.heading and section.name:
        return f"{section.heading} › {section.name}"
    return section.name or section.heading or ""


def years_label(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


def activity_haystack(theme: Theme, section: Section, activity: Activity) -> str:
    """Every text of the activity the search box should find, folded once."""
    parts = [
        activity.title or "", activity.description, activity.political_owner,
        activity.officer_owner, " ".join(activity.partners), activity.planning_text,
        activity.status.value, years_label(activity.years), section.name, section.heading or "",
        theme.name, format_date(activity.deadline_override),
    ]
    parts.extend(n.text + " " + n.moment for n in activity.progress_notes)
    return fold("\n".join(parts))


class ActivityTableModel(QAbstractTableModel):
    """Group rows and activity rows of one plan; see the module docstring."""

    move_requested = Signal(list, int, int)  # activity ids, target section id, index

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[TableRow] = []
        self._haystacks: list[str] | None = None
        self._row_of_activity: dict[int, int] = {}
        self._row_of_section: dict[int, int] = {}
        self._row_of_theme: dict[int, int] = {}
        self.read_only = False
        self.edit_handler: Callable[[Activity, dict[str, Any]], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] = (COL_SECTION, Qt.SortOrder.AscendingOrder)
        self._headers = [
            self.tr("Onderdeel"), self.tr("Activiteit"), self.tr("Bestuurlijk trekker"),
            self.tr("Ambtelijk trekker"), self.tr("Partners"), self.tr("Planning"),
            self.tr("Status"), self.tr("Jaren"),
        ]
        bold = QFont()
        bold.setBold(True)
        self._bold = bold
        big = QFont()
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.15)
        self._big = big

    # ------------------------------------------------------------------ loading

    def load(self, bundle: PlanBundle | None, theme_order: Sequence[Theme] | None = None) -> None:
        """Rows for the whole plan (filters pick the theme); ``theme_order`` as the navigator."""
        self.beginResetModel()
        rows: list[TableRow] = []
        if bundle is not None:
            group = 0
            for theme in theme_order if theme_order is not None else bundle.themes:
                rows.append(TableRow(ROW_THEME, theme, group=group))
                last_heading: str | None = None
                heading_row: TableRow | None = None
                for section in theme.sections:
                    group += 1
                    if section.heading and section.heading != last_heading:
                        heading_row = TableRow(ROW_HEADING, theme, section,
                                               heading=section.heading, group=group)
                        rows.append(heading_row)
                    if heading_row is not None and section.heading == heading_row.heading:
                        heading_row.last_group = group
                    last_heading = section.heading
                    if section.name:
                        rows.append(TableRow(ROW_SECTION, theme, section, group=group))
                    for activity in section.activities:
                        rows.append(TableRow(ROW_ACTIVITY, theme, section, activity, group=group))
                group += 1
        self._rows = rows
        self._apply_sort()
        self._reindex()
        self.endResetModel()

    def set_rows(self, rows: list[Row]) -> None:
        """Activities without a bundle (kept for callers of the first version)."""
        self.beginResetModel()
        self._rows = [TableRow(ROW_ACTIVITY, t, s, a, group=i) for i, (t, s, a) in enumerate(rows)]
        self._reindex()
        self.endResetModel()

    def _reindex(self) -> None:
        self._row_of_activity.clear()
        self._row_of_section.clear()
        self._row_of_theme.clear()
        for number, row in enumerate(self._rows):
            if row.kind == ROW_ACTIVITY:
                assert row.activity is not None
                self._row_of_activity[row.activity.id or -number] = number
            elif row.kind == ROW_SECTION and row.section is not None:
                self._row_of_section[row.section.id or -number] = number
            elif row.kind == ROW_THEME:
                self._row_of_theme[row.theme.id or -number] = number
        # Search texts are made when first needed (the first search, or shortly after
        # start-up by warm_up), so that opening a plan of 10,000 activities stays quick.
        self._haystacks = None

    # ------------------------------------------------------------------ access

    @property
    def rows(self) -> list[TableRow]:
        return self._rows

    @property
    def haystacks(self) -> list[str]:
        """Per row the folded text the search box looks in ("" for group rows)."""
        if self._haystacks is None:
            self._haystacks = [
                activity_haystack(r.theme, r.section, r.activity)  # type: ignore[arg-type]
                if r.kind == ROW_ACTIVITY else "" for r in self._rows
            ]
        return self._haystacks

    def warm_up(self) -> None:
        """Prepare the search texts ahead of the first keystroke."""
        _ = self.haystacks

    def row_at(self, row: int) -> TableRow:
        return self._rows[row]

    def activity_count(self) -> int:
        return len(self._row_of_activity)

    def row_of_activity(self, activity_id: int) -> int | None:
        return self._row_of_activity.get(activity_id)

    def row_of_section(self, section_id: int) -> int | None:
        return self._row_of_section.get(section_id)

    def row_of_theme(self, theme_id: int) -> int | None:
        return self._row_of_theme.get(theme_id)

    def replace_activity(self, activity: Activity) -> bool:
        """Show the saved state of one activity (after an edit) without a reset."""
        number = self._row_of_activity.get(activity.id or 0)
        if number is None:
            return False
        row = self._rows[number]
        assert row.section is not None
        old = row.activity
        row.activity = activity
        # Keep the bundle the window holds in step with what is shown.
        for position, item in enumerate(row.section.activities):
            if item is old or item.id == activity.id:
                row.section.activities[position] = activity
                break
        if self._haystacks is not None:
            self._haystacks[number] = activity_haystack(row.theme, row.section, activity)
        self.dataChanged.emit(self.index(number, 0), self.index(number, COLUMN_COUNT - 1))
        return True

    def refresh_group_rows(self) -> None:
        """Repaint group rows after a theme or onderdeel was renamed in place."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    # ------------------------------------------------------------------ Qt API

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def _group_text(self, row: TableRow) -> tuple[str, str]:
        if row.kind == ROW_THEME:
            theme = row.theme
            field = f"{theme.field_number}. " if theme.field_number else ""
            return (f"{theme.name}", f"{field}{theme.kind.label}"
                    + (f" · {theme.goal}" if theme.goal else ""))
        if row.kind == ROW_HEADING:
            return (row.heading or "", "")
        assert row.section is not None
        ambition = row.section.ambition.strip()
        return (row.section.name, self.tr("Ambitie: %1").replace("%1", ambition) if ambition else "")

    def _display(self, row: TableRow, column: int) -> str:
        activity = row.activity
        assert activity is not None and row.section is not None
        if column == COL_SECTION:
            return row.section.name or row.section.heading or ""
        if column == COL_ACTIVITY:
            if activity.title and activity.description:
                return f"{activity.title}\n{activity.description}"
            return activity.title or activity.description
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
            return years_label(activity.years)
        return ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ROW_KIND_ROLE:
            return row.kind
        if role == THEME_ROLE:
            return row.theme
        if role == SECTION_ROLE:
            return row.section
        if role == ACTIVITY_ROLE:
            return row.activity
        if row.kind != ROW_ACTIVITY:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.AccessibleTextRole):
                if column != 0:
                    return None
                title, sub = self._group_text(row)
                return f"{title}\n{sub}".strip() if role != Qt.ItemDataRole.DisplayRole else title
            if role == SUBTEXT_ROLE and column == 0:
                return self._group_text(row)[1]
            if role == Qt.ItemDataRole.FontRole:
                return self._big if row.kind == ROW_THEME else self._bold
            if role == Qt.ItemDataRole.EditRole and column == 0:
                return self._group_text(row)[0]
            return None
        activity = row.activity
        assert activity is not None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == COL_SECTION:
                return row.section.id if row.section else None
            if column == COL_ACTIVITY:
                return activity.description
            if column == COL_PARTNERS:
                return list(activity.partners)
            if column == COL_STATUS:
                return activity.status
            if column == COL_YEARS:
                return list(activity.years)
            return self._display(row, column)
        if role == STATUS_ROLE:
            return activity.status
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS:
            return QBrush(QColor(activity.status.colour))
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if not self.read_only else Qt.ItemFlag.NoItemFlags
        row = self._rows[index.row()]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.read_only:
            return flags
        if row.kind == ROW_ACTIVITY:
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
            if index.column() in COLUMN_FIELDS or index.column() == COL_SECTION:
                flags |= Qt.ItemFlag.ItemIsEditable
        elif row.kind == ROW_SECTION:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.read_only:
            return False
        row = self._rows[index.row()]
        if row.kind != ROW_ACTIVITY or row.activity is None:
            return False
        if index.column() == COL_SECTION:
            if value == (row.section.id if row.section else None) or value is None:
                return False
            self.move_requested.emit([row.activity.id], int(value), -1)
            return True
        field = COLUMN_FIELDS.get(index.column())
        if field is None or self.edit_handler is None:
            return False
        return self.edit_handler(row.activity, {field: value})

    # ------------------------------------------------------------------ sorting

    def _sort_key(self, row: TableRow, column: int) -> Any:
        activity = row.activity
        assert activity is not None
        if column == COL_SECTION:
            return activity.position
        if column == COL_STATUS:
            return list(ActivityStatus).index(activity.status)
        if column == COL_YEARS:
            return sorted(activity.years)
        return fold(self._display(row, column))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort activities within each onderdeel; group rows stay where they are."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old_rows = list(self._rows)
        persistent = self.persistentIndexList()
        haystacks = dict(zip(map(id, old_rows), self._haystacks, strict=True)) \
            if self._haystacks is not None else None
        self._apply_sort()
        new_position = {id(r): n for n, r in enumerate(self._rows)}
        self._reindex()
        if haystacks is not None:
            self._haystacks = [haystacks[id(r)] for r in self._rows]
        self.changePersistentIndexList(
            persistent,
            [self.index(new_position[id(old_rows[p.row()])], p.column()) for p in persistent],
        )
        self.layoutChanged.emit()

    @property
    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort

    def _apply_sort(self) -> None:
        column, order = self._sort
        reverse = order == Qt.SortOrder.DescendingOrder
        if column == COL_SECTION and not reverse:
            key: Callable[[TableRow], Any] = lambda r: (r.activity.position, r.activity.id or 0)  # type: ignore[union-attr]  # noqa: E731
        else:
            key = lambda r: (self._sort_key(r, column), r.activity.position)  # type: ignore[union-attr]  # noqa: E731
        result: list[TableRow] = []
        block: list[TableRow] = []
        for row in self._rows:
            if row.kind == ROW_ACTIVITY:
                block.append(row)
                continue
            if block:
                result.extend(sorted(block, key=key, reverse=reverse))
                block = []
            result.append(row)
        if block:
            result.extend(sorted(block, key=key, reverse=reverse))
        self._rows = result

    # ------------------------------------------------------------------ drag and drop

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_ACTIVITIES]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        ids: list[int] = []
        for index in sorted(indexes, key=lambda i: i.row()):
            activity = self._rows[index.row()].activity
            if activity is not None and activity.id is not None and activity.id not in ids:
                ids.append(activity.id)
        data = QMimeData()
        data.setData(MIME_ACTIVITIES, json.dumps(ids).encode())
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                        parent: AnyIndex) -> bool:
        return not self.read_only and data.hasFormat(MIME_ACTIVITIES)

    def drop_target(self, row: int, parent: AnyIndex,
                    moving: Sequence[int] = ()) -> tuple[int, int] | None:
        """(section id, index among its other activities) for a drop on or between rows.

        The index counts the onderdeel's activities in plan order that are not being
        moved, which is what :func:`ivpdesk.services.editing.move_activities` expects.
        """
        target = parent.row() if parent.isValid() else row
        if target < 0 or target >= len(self._rows):
            # Below the last row: at the end of the last onderdeel.
            for item in reversed(self._rows):
                if item.section is not None:
                    rest = [a for a in item.section.activities if a.id not in moving]
                    return (item.section.id or 0, len(rest))
            return None
        item = self._rows[target]
        if item.kind == ROW_ACTIVITY:
            assert item.section is not None and item.activity is not None
            before = 0
            for activity in item.section.activities:
                if activity.id == item.activity.id:
                    break
                if activity.id not in moving:
                    before += 1
            return (item.section.id or 0, before)
        if item.kind == ROW_SECTION and item.section is not None:
            return (item.section.id or 0, 0)
        # A theme or kop row: the first onderdeel below it.
        for following in self._rows[target + 1:]:
            if following.section is not None:
                return (following.section.id or 0, 0)
        return None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: AnyIndex) -> bool:
        if self.read_only or not data.hasFormat(MIME_ACTIVITIES):
            return False
        ids = [int(i) for i in json.loads(bytes(data.data(MIME_ACTIVITIES).data()).decode())]
        target = self.drop_target(row, parent, ids)
        if not ids or target is None:
            return False
        section_id, position = target
        self.move_requested.emit(ids, section_id, position)
        # False: the view must not remove the dragged rows; the move reloads the plan.
        return False
