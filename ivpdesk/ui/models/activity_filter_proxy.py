"""Combined filters and free-text search over the activity table, fast enough for 10,000 rows.

Qt asks ``filterAcceptsRow`` once per source row; answering that from Python for every
row and every criterion would cost tens of milliseconds per keystroke. So
:meth:`ActivityFilterProxy.set_filter` computes the verdict for all rows at once (list
comprehensions over the model's precomputed, folded search texts), and
``filterAcceptsRow`` only looks it up. Group rows stay visible while any of their
activities does (and, without criteria, also when empty, so new activities can be
added to an empty onderdeel).

Sorting is the source model's (within onderdelen); :meth:`sort` forwards to it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal

from ivpdesk.domain import ActivityStatus, ThemeKind
from ivpdesk.ui.models.activity_table_model import (
    ROW_ACTIVITY,
    ROW_HEADING,
    ROW_SECTION,
    ROW_THEME,
    ActivityTableModel,
    fold,
)

OPEN_STATUSES = "open"  # a status filter value: everything not gereed or vervallen


@dataclass(frozen=True)
class ActivityFilter:
    """What the officer filters on; empty values mean 'all'."""

    text: str = ""
    owner: str = ""  # bestuurlijk or ambtelijk trekker
    partner: str = ""
    status: ActivityStatus | str | None = None  # a status, OPEN_STATUSES or None
    year: int | None = None
    kind: ThemeKind | None = None
    theme_id: int | None = None  # None: the whole plan

    @property
    def has_criteria(self) -> bool:
        """True when something beyond the theme choice narrows the list."""
        return bool(self.text.strip() or self.owner or self.partner or self.status is not None
                    or self.year is not None or self.kind is not None)

    def cleared(self) -> ActivityFilter:
        return ActivityFilter(theme_id=self.theme_id)


class ActivityFilterProxy(QSortFilterProxyModel):
    counts_changed = Signal(int, int)  # visible activities, activities in the chosen scope

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._filter = ActivityFilter()
        self._accepted: list[bool] = []
        self.visible_count = 0
        self.scope_count = 0
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model: ActivityTableModel) -> None:  # type: ignore[override]  # noqa: N802
        super().setSourceModel(model)
        model.modelReset.connect(self._recompute)
        model.layoutChanged.connect(self._recompute)
        model.dataChanged.connect(self._on_data_changed)
        self._recompute()

    @property
    def source(self) -> ActivityTableModel:
        model = self.sourceModel()
        assert isinstance(model, ActivityTableModel)
        return model

    @property
    def current_filter(self) -> ActivityFilter:
        return self._filter

    def set_filter(self, criteria: ActivityFilter) -> None:
        if criteria == self._filter:
            return
        self._filter = criteria
        self._recompute()

    def update_filter(self, **changes: Any) -> None:
        self.set_filter(replace(self._filter, **changes))

    def _on_data_changed(self, *args: Any) -> None:
        # An edit may move a row in or out of the filter; re-deciding all rows is cheap.
        if self._filter.has_criteria:
            self._recompute()

    def _recompute(self) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+: the documented way
            self.beginFilterChange()
            self._accepted = self._decide()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older PySide6
            self._accepted = self._decide()
            self.invalidateRowsFilter()
        self.counts_changed.emit(self.visible_count, self.scope_count)

    def _decide(self) -> list[bool]:
        model = self.sourceModel()
        if not isinstance(model, ActivityTableModel):
            return []
        rows = model.rows
        criteria = self._filter
        theme_id = criteria.theme_id
        in_scope = [theme_id is None or r.theme.id == theme_id for r in rows]
        is_activity = [r.kind == ROW_ACTIVITY for r in rows]
        ok = [a and s for a, s in zip(is_activity, in_scope, strict=True)]
        words = [fold(w) for w in criteria.text.split() if w.strip()]
        if words:
            haystacks = model.haystacks
            for word in words:
                ok = [o and word in h for o, h in zip(ok, haystacks, strict=True)]
        if criteria.owner:
            owner = criteria.owner.lower()
            ok = [o and r.activity is not None and (r.activity.political_owner.lower() == owner
                                                   or r.activity.officer_owner.lower() == owner)
                  for o, r in zip(ok, rows, strict=True)]
        if criteria.partner:
            partner = criteria.partner.lower()
            ok = [o and r.activity is not None and any(p.lower() == partner
                                                      for p in r.activity.partners)
                  for o, r in zip(ok, rows, strict=True)]
        if criteria.status == OPEN_STATUSES:
            ok = [o and r.activity is not None and not r.activity.status.is_closed
                  for o, r in zip(ok, rows, strict=True)]
        elif criteria.status is not None:
            status = criteria.status
            ok = [o and r.activity is not None and r.activity.status is status
                  for o, r in zip(ok, rows, strict=True)]
        if criteria.year is not None:
            year = criteria.year
            ok = [o and r.activity is not None and year in r.activity.years
                  for o, r in zip(ok, rows, strict=True)]
        if criteria.kind is not None:
            kind = criteria.kind
            ok = [o and r.theme.kind is kind for o, r in zip(ok, rows, strict=True)]
        self.visible_count = sum(ok)
        self.scope_count = sum(a and s for a, s in zip(is_activity, in_scope, strict=True))

        # Group rows: shown when one of their activities is, or (without criteria) always.
        show_empty = not criteria.has_criteria
        accepted = list(ok)
        groups_with_hits = {r.group for r, o in zip(rows, ok, strict=True) if o}
        themes_with_hits = {r.theme.id for r, o in zip(rows, ok, strict=True) if o}
        kind_ok = criteria.kind
        for number, row in enumerate(rows):
            if row.kind == ROW_ACTIVITY or not in_scope[number]:
                continue
            if row.kind == ROW_THEME:
                # A single theme is named above the table; no header row needed.
                accepted[number] = theme_id is None and (
                    row.theme.id in themes_with_hits
                    or (show_empty and (kind_ok is None or row.theme.kind is kind_ok)))
            elif row.kind == ROW_SECTION:
                accepted[number] = row.group in groups_with_hits or show_empty
            elif row.kind == ROW_HEADING:
                accepted[number] = show_empty or any(
                    g in groups_with_hits for g in range(row.group, row.last_group + 1))
        return accepted

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        return source_row < len(self._accepted) and self._accepted[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort within onderdelen (the source model keeps the grouping)."""
        if isinstance(self.sourceModel(), ActivityTableModel):
            self.source.sort(column, order)

    def proxy_row_of_activity(self, activity_id: int) -> int | None:
        source_row = self.source.row_of_activity(activity_id)
        if source_row is None:
            return None
        index = self.mapFromSource(self.source.index(source_row, 0))
        return index.row() if index.isValid() else None

    def group_rows(self) -> list[int]:
        """Proxy rows of the visible group rows (for the view's spans)."""
        result = []
        source = self.source
        accepted = self._accepted
        for number, row in enumerate(source.rows):
            if row.kind == ROW_ACTIVITY or number >= len(accepted) or not accepted[number]:
                continue
            index = self.mapFromSource(source.index(number, 0))
            if index.isValid():
                result.append(index.row())
        return result


__all__ = ["OPEN_STATUSES", "ROW_HEADING", "ROW_SECTION", "ActivityFilter", "ActivityFilterProxy"]
