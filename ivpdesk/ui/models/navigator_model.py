"""Navigator tree: veiligheidsvelden → thema's, with activity counts.

Small (tens of items), so a QStandardItemModel is fine here; the large lists use
QAbstractTableModel.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from ivpdesk.domain import PlanBundle, Theme
from ivpdesk.domain.catalogue import Catalogue

THEME_ID_ROLE = Qt.ItemDataRole.UserRole + 10
FIELD_ROLE = Qt.ItemDataRole.UserRole + 11
ALL_THEMES = -1


def group_themes(bundle: PlanBundle) -> list[tuple[int | None, list[Theme]]]:
    """Themes per veiligheidsveld (1–5), overkoepelend themes without a veld last."""
    groups: dict[int | None, list[Theme]] = {}
    for theme in bundle.themes:
        groups.setdefault(theme.field_number, []).append(theme)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    return [(number, sorted(themes, key=lambda t: (t.kind.sort_order, t.position))) for number, themes in ordered]


class NavigatorModel(QStandardItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels([self.tr("Plan")])

    def load(self, bundle: PlanBundle, catalogue: Catalogue) -> None:
        self.clear()
        self.setHorizontalHeaderLabels([self.tr("Plan")])
        root = QStandardItem(
            self.tr("Uitvoeringsplan %1 (%2 activiteiten)")
            .replace("%1", bundle.plan.period_label)
            .replace("%2", str(bundle.activity_count))
        )
        root.setData(ALL_THEMES, THEME_ID_ROLE)
        root.setEditable(False)
        bold = QFont()
        bold.setBold(True)
        root.setFont(bold)
        self.appendRow(root)
        for number, themes in group_themes(bundle):
            if number is None:
                label = self.tr("Overkoepelend")
            else:
                label = f"{number}. {catalogue.field_name(number)}"
            count = sum(t.activity_count for t in themes)
            field_item = QStandardItem(f"{label} ({count})")
            field_item.setEditable(False)
            field_item.setData(number, FIELD_ROLE)
            field_item.setData(None, THEME_ID_ROLE)
            for theme in themes:
                item = QStandardItem(f"{theme.name} ({theme.activity_count})")
                item.setEditable(False)
                item.setData(theme.id, THEME_ID_ROLE)
                item.setToolTip(f"{theme.kind.label}\n{theme.goal}".strip())
                field_item.appendRow(item)
            root.appendRow(field_item)
