"""The navigator view: the plan tree with a small status bar per theme and veld."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
)

from ivpdesk.domain import ActivityStatus
from ivpdesk.ui.models.navigator_model import STATUS_COUNTS_ROLE

BAR_WIDTH = 46


class StatusBarDelegate(QStyledItemDelegate):
    """Draws the item text and, at the right, the share of each status as a stacked bar."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        counts: dict[ActivityStatus, int] | None = index.data(STATUS_COUNTS_ROLE)
        if not counts:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        rect = QRect(opt.rect)  # type: ignore[attr-defined]
        opt.rect = rect.adjusted(0, 0, -(BAR_WIDTH + 8), 0)  # type: ignore[attr-defined]
        style = opt.widget.style() if opt.widget else None  # type: ignore[attr-defined]
        if style is not None:
            background = QStyleOptionViewItem(option)
            background.text = ""  # type: ignore[attr-defined]
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, background, painter,
                                opt.widget)  # type: ignore[attr-defined]
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)  # type: ignore[attr-defined]
        total = sum(counts.values())
        if total <= 0:
            return
        bar = QRect(rect.right() - BAR_WIDTH - 4, rect.center().y() - 4, BAR_WIDTH, 8)
        painter.save()
        x = bar.left()
        for status in ActivityStatus:
            n = counts.get(status, 0)
            if not n:
                continue
            width = max(1, round(BAR_WIDTH * n / total))
            width = min(width, bar.right() - x + 1)
            painter.fillRect(QRect(x, bar.top(), width, bar.height()), QColor(status.colour))
            x += width
        painter.setPen(QColor("#9aa5b1"))
        painter.drawRect(bar.adjusted(0, 0, -1, -1))
        painter.restore()


class NavigatorView(QTreeView):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setItemDelegate(StatusBarDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setUniformRowHeights(True)
        self.setIndentation(14)
        self.setAccessibleName(self.tr("Plannavigator"))
