"""Navigator tree: IVP → uitvoeringsplan → veiligheidsvelden → thema's, with counts.

Small (tens of items), so a QStandardItemModel is fine here; the large lists use
QAbstractTableModel. Each theme item carries its status counts (``STATUS_COUNTS_ROLE``)
so the navigator's delegate can draw a small status bar. Activities dragged from the
table onto a theme are moved there (``activities_dropped``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from ivpdesk.domain import ActivityStatus, PlanBundle, Theme
from ivpdesk.domain.catalogue import Catalogue
from ivpdesk.ui.models.activity_table_model import MIME_ACTIVITIES

THEME_ID_ROLE = Qt.ItemDataRole.UserRole + 10
FIELD_ROLE = Qt.ItemDataRole.UserRole + 11
STATUS_COUNTS_ROLE = Qt.ItemDataRole.UserRole + 12
NODE_ROLE = Qt.ItemDataRole.UserRole + 13
ALL_THEMES = -1

NODE_IVP, NODE_PLAN, NODE_FIELD, NODE_THEME = "ivp", "plan", "field", "theme"


def group_themes(bundle: PlanBundle) -> list[tuple[int | None, list[Theme]]]:
    """Themes per veiligheidsveld (1–5) in plan order; overkoepelend themes without a veld last."""
    groups: dict[int | None, list[Theme]] = {}
    for theme in bundle.themes:
        groups.setdefault(theme.field_number, []).append(theme)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    return [(number, sorted(themes, key=lambda t: (t.position, t.id or 0)))
            for number, themes in ordered]


def navigator_theme_order(bundle: PlanBundle) -> list[Theme]:
    """The themes in the order the navigator (and the table) shows them."""
    return [theme for _number, themes in group_themes(bundle) for theme in themes]


def status_counts(themes: Sequence[Theme]) -> dict[ActivityStatus, int]:
    counts: Counter[ActivityStatus] = Counter()
    for theme in themes:
        for activity in theme.activities():
            counts[activity.status] += 1
    return {status: counts.get(status, 0) for status in ActivityStatus}


def status_summary(counts: dict[ActivityStatus, int]) -> str:
    """'3 loopt, 1 vertraagd, 2 gereed' (statuses with zero left out)."""
    parts = [f"{n} {status.value}" for status, n in counts.items() if n]
    return ", ".join(parts) if parts else "geen activiteiten"


class NavigatorModel(QStandardItemModel):
    activities_dropped = Signal(list, int)  # activity ids, theme id

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.read_only = False
        self.setHorizontalHeaderLabels([self.tr("Plan")])

    def load(self, bundle: PlanBundle, catalogue: Catalogue) -> None:
        self.clear()
        self.setHorizontalHeaderLabels([self.tr("Plan")])
        bold = QFont()
        bold.setBold(True)
        ivp = QStandardItem(
            self.tr("IVP %1 – %2").replace("%1", bundle.safety_plan.period_label)
            .replace("%2", bundle.safety_plan.municipality)
        )
        ivp.setData(ALL_THEMES, THEME_ID_ROLE)
        ivp.setData(NODE_IVP, NODE_ROLE)
        ivp.setEditable(False)
        ivp.setToolTip(bundle.safety_plan.main_goal or bundle.safety_plan.vision)
        ivp.setDropEnabled(False)
        self.appendRow(ivp)
        plan_counts = status_counts(bundle.themes)
        root = QStandardItem(
            self.tr("Uitvoeringsplan %1 (%2)")
            .replace("%1", bundle.plan.period_label)
            .replace("%2", str(bundle.activity_count))
        )
        root.setData(ALL_THEMES, THEME_ID_ROLE)
        root.setData(NODE_PLAN, NODE_ROLE)
        root.setData(plan_counts, STATUS_COUNTS_ROLE)
        root.setToolTip(self.tr("Het hele uitvoeringsplan: %1").replace(
            "%1", status_summary(plan_counts)))
        root.setEditable(False)
        root.setFont(bold)
        root.setDropEnabled(False)
        ivp.appendRow(root)
        for number, themes in group_themes(bundle):
            if number is None:
                label = self.tr("Overkoepelend")
            else:
                label = f"{number}. {catalogue.field_name(number)}"
            count = sum(t.activity_count for t in themes)
            field_item = QStandardItem(f"{label} ({count})")
            field_item.setEditable(False)
            field_item.setDropEnabled(False)
            field_item.setData(number, FIELD_ROLE)
            field_item.setData(None, THEME_ID_ROLE)
            field_item.setData(NODE_FIELD, NODE_ROLE)
            field_counts = status_counts(themes)
            field_item.setData(field_counts, STATUS_COUNTS_ROLE)
            field_item.setToolTip(status_summary(field_counts))
            for theme in themes:
                item = QStandardItem(f"{theme.name} ({theme.activity_count})")
                item.setEditable(False)
                item.setDropEnabled(True)
                item.setData(theme.id, THEME_ID_ROLE)
                item.setData(NODE_THEME, NODE_ROLE)
                counts = status_counts([theme])
                item.setData(counts, STATUS_COUNTS_ROLE)
                tip = [theme.kind.label, status_summary(counts)]
                if theme.goal:
                    tip.append(theme.goal)
                item.setToolTip("\n".join(tip))
                item.setAccessibleText(f"{theme.name}, {theme.kind.label}, "
                                       f"{status_summary(counts)}")
                field_item.appendRow(item)
            root.appendRow(field_item)

    def refresh(self, bundle: PlanBundle, catalogue: Catalogue) -> None:
        """Update names, counts and status bars in place (keeps what the officer folded).

        Falls back to a full :meth:`load` when themes or velden were added or removed.
        """
        plan_item = self.item(0).child(0) if self.item(0) is not None else None
        groups = group_themes(bundle)
        if plan_item is None or plan_item.rowCount() != len(groups) or any(
            plan_item.child(n).rowCount() != len(themes)
            or [plan_item.child(n).child(r).data(THEME_ID_ROLE) for r in range(len(themes))]
            != [t.id for t in themes]
            for n, (_number, themes) in enumerate(groups)
        ):
            self.load(bundle, catalogue)
            return
        plan_counts = status_counts(bundle.themes)
        plan_item.setText(self.tr("Uitvoeringsplan %1 (%2)").replace("%1", bundle.plan.period_label)
                          .replace("%2", str(bundle.activity_count)))
        plan_item.setData(plan_counts, STATUS_COUNTS_ROLE)
        for n, (number, themes) in enumerate(groups):
            field_item = plan_item.child(n)
            label = self.tr("Overkoepelend") if number is None else f"{number}. {catalogue.field_name(number)}"
            field_item.setText(f"{label} ({sum(t.activity_count for t in themes)})")
            field_counts = status_counts(themes)
            field_item.setData(field_counts, STATUS_COUNTS_ROLE)
            field_item.setToolTip(status_summary(field_counts))
            for r, theme in enumerate(themes):
                item = field_item.child(r)
                counts = status_counts([theme])
                item.setText(f"{theme.name} ({theme.activity_count})")
                item.setData(counts, STATUS_COUNTS_ROLE)
                tip = [theme.kind.label, status_summary(counts)] + ([theme.goal] if theme.goal else [])
                item.setToolTip("\n".join(tip))

    def plan_index(self) -> QModelIndex:
        ivp = self.item(0)
        return ivp.child(0).index() if ivp is not None and ivp.child(0) is not None else QModelIndex()

    def theme_indexes(self) -> list[QModelIndex]:
        found: list[QModelIndex] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.rowCount(parent)):
                index = self.index(row, 0, parent)
                if index.data(NODE_ROLE) == NODE_THEME:
                    found.append(index)
                walk(index)

        walk(QModelIndex())
        return found

    def index_of_theme(self, theme_id: int | None) -> QModelIndex:
        if theme_id is None or theme_id == ALL_THEMES:
            return self.plan_index()
        for index in self.theme_indexes():
            if index.data(THEME_ID_ROLE) == theme_id:
                return index
        return QModelIndex()

    # ------------------------------------------------------------------ drops

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_ACTIVITIES]

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                        parent: QModelIndex | QPersistentModelIndex) -> bool:
        return (not self.read_only and data.hasFormat(MIME_ACTIVITIES) and parent.isValid()
                and parent.data(NODE_ROLE) == NODE_THEME)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        ids = [int(i) for i in json.loads(bytes(data.data(MIME_ACTIVITIES).data()).decode())]
        self.activities_dropped.emit(ids, int(parent.data(THEME_ID_ROLE)))
        return False
