"""Search box and filters above the activity table, with the live 'n van m' count.

Typing filters at once (every keystroke; 10,000 activities stay under the 100 ms
target, see bench/bench_workspace.py). All criteria combine; "Filters wissen" (or
Escape in the search box) clears them in one go.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ivpdesk.domain import ActivityStatus, PlanBundle, ThemeKind
from ivpdesk.ui.models.activity_filter_proxy import OPEN_STATUSES, ActivityFilter
from ivpdesk.ui.widgets.inputs import colour_icon, enum_data


class SearchEdit(QLineEdit):
    """Escape clears the search (and then the other filters)."""

    escape_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class FilterBar(QWidget):
    filter_changed = Signal(object)  # ActivityFilter without theme (the window adds that)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        first = QHBoxLayout()
        first.setSpacing(6)
        second = QHBoxLayout()
        second.setSpacing(6)
        outer.addLayout(first)
        outer.addLayout(second)
        self.search = SearchEdit()
        self.search.setPlaceholderText(self.tr("Zoeken in alle tekst (Ctrl+F)…"))
        self.search.setAccessibleName(self.tr("Zoeken in activiteiten"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(120)
        self.owner = self._combo(self.tr("Trekker"))
        self.partner = self._combo(self.tr("Partner"))
        self.status = self._combo(self.tr("Status"))
        self.year = self._combo(self.tr("Jaar"))
        self.kind = self._combo(self.tr("Soort thema"))
        self.clear_button = QPushButton(self.tr("Filters &wissen"))
        self.clear_button.setAccessibleName(self.tr("Alle filters wissen"))
        self.clear_button.setEnabled(False)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Aantal getoonde activiteiten"))
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        first.addWidget(self.search, 1)
        first.addWidget(self.clear_button)
        first.addWidget(self.count_label)
        for combo, stretch in ((self.owner, 3), (self.partner, 3), (self.status, 3),
                               (self.year, 2), (self.kind, 3)):
            second.addWidget(combo, stretch)
        self.search.textChanged.connect(self._changed)
        self.search.escape_pressed.connect(self._escape)
        for combo in (self.owner, self.partner, self.status, self.year, self.kind):
            combo.currentIndexChanged.connect(self._changed)
        self.clear_button.clicked.connect(self.clear)
        self._loading = False

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(self.tr("Filter op %1").replace("%1", name.lower()))
        combo.setToolTip(self.tr("Filter op %1").replace("%1", name.lower()))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(2)
        return combo

    def set_choices(self, bundle: PlanBundle, owners: Sequence[str], partners: Sequence[str]) -> None:
        """Fill the drop-downs from the plan, keeping the officer's choices where possible."""
        self._loading = True
        current = self.criteria()
        self._fill(self.owner, self.tr("Alle trekkers"), [(o, o) for o in owners], current.owner)
        self._fill(self.partner, self.tr("Alle partners"), [(p, p) for p in partners],
                   current.partner)
        self.status.clear()
        self.status.addItem(self.tr("Alle statussen"), None)
        self.status.addItem(self.tr("Nog open (niet gereed)"), OPEN_STATUSES)
        for status in ActivityStatus:
            self.status.addItem(colour_icon(status.colour), status.label, status)
        self.status.setCurrentIndex(max(self.status.findData(current.status), 0)
                                    if current.status is not None else 0)
        self._fill(self.year, self.tr("Alle jaren"),
                   [(str(y), y) for y in bundle.plan.years], current.year)
        self._fill(self.kind, self.tr("Alle soorten"),
                   [(k.label, k) for k in ThemeKind], current.kind)
        self._loading = False
        self._changed()

    @staticmethod
    def _fill(combo: QComboBox, all_text: str, items: Sequence[tuple[str, Any]], current: Any) -> None:
        combo.clear()
        combo.addItem(all_text, None)
        for text, value in items:
            combo.addItem(text, value)
        index = combo.findData(current) if current not in (None, "") else 0
        combo.setCurrentIndex(max(index, 0))

    def criteria(self) -> ActivityFilter:
        return ActivityFilter(
            text=self.search.text(),
            owner=self.owner.currentData() or "",
            partner=self.partner.currentData() or "",
            status=(OPEN_STATUSES if self.status.currentData() == OPEN_STATUSES
                    else enum_data(self.status, ActivityStatus)),
            year=self.year.currentData(),
            kind=enum_data(self.kind, ThemeKind),
        )

    def _changed(self, *_args: Any) -> None:
        if self._loading:
            return
        criteria = self.criteria()
        self.clear_button.setEnabled(criteria.has_criteria)
        self.filter_changed.emit(criteria)

    def clear(self) -> None:
        self._loading = True
        self.search.clear()
        for combo in (self.owner, self.partner, self.status, self.year, self.kind):
            combo.setCurrentIndex(0)
        self._loading = False
        self._changed()

    def _escape(self) -> None:
        if self.search.text():
            self.search.clear()
        else:
            self.clear()

    def show_counts(self, visible: int, total: int) -> None:
        if visible == total:
            self.count_label.setText(self.tr("%1 activiteiten").replace("%1", str(total)))
        else:
            self.count_label.setText(self.tr("%1 van %2 activiteiten")
                                     .replace("%1", str(visible)).replace("%2", str(total)))
