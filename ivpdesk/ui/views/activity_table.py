"""The activity table: group rows spanning the width, activities with in-place editors.

Rows have one fixed height (no ``resizeRowsToContents``: measured, it takes seconds
for 10,000 rows); long texts wrap inside the row and show in full in the tooltip and
the detail panel. Group rows (thema, kop, onderdeel) span all columns and are painted
as bands. The editors per column: text, trekker with completion, partners with
completion per name, status with colour, plan years as checkboxes, onderdeel as a
choice (which moves the activity).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ivpdesk.domain import ActivityStatus
from ivpdesk.ui.models.activity_filter_proxy import ActivityFilterProxy
from ivpdesk.ui.models.activity_table_model import (
    ACTIVITY_ROLE,
    COL_ACTIVITY,
    COL_OFFICER,
    COL_PARTNERS,
    COL_POLITICAL,
    COL_SECTION,
    COL_STATUS,
    COL_YEARS,
    ROW_ACTIVITY,
    ROW_HEADING,
    ROW_KIND_ROLE,
    ROW_SECTION,
    ROW_THEME,
    SUBTEXT_ROLE,
    THEME_ROLE,
    section_label,
)
from ivpdesk.ui.widgets.inputs import StatusCombo, YearChecks

AnyIndex = QModelIndex | QPersistentModelIndex

BANDS = {
    ROW_THEME: ("#dce6f2", "#1d3557"),
    ROW_HEADING: ("#e9eef5", "#243b53"),
    ROW_SECTION: ("#f3f5f9", "#243b53"),
}
DEFAULT_COLUMN_WIDTHS = (140, 320, 130, 115, 160, 120, 118, 85)


def split_names(text: str) -> list[str]:
    """'Politie, Halt; RIEC' → ['Politie', 'Halt', 'RIEC']."""
    parts = text.replace(";", ",").replace("\n", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


class NamesLineEdit(QLineEdit):
    """Comma-separated names with completion for the name being typed."""

    def __init__(self, names: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._model = QStringListModel(list(names), self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._complete)

    def _current_token(self) -> str:
        return self.text()[: self.cursorPosition()].split(",")[-1].strip()

    def _complete(self, _text: str) -> None:
        token = self._current_token()
        if not token:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(token)
        self._completer.complete()

    def _insert(self, name: str) -> None:
        before = self.text()[: self.cursorPosition()]
        after = self.text()[self.cursorPosition():]
        head = before.rsplit(",", 1)[0] + ", " if "," in before else ""
        self.setText(f"{head}{name}{after}")
        self.setCursorPosition(len(head) + len(name))


class ActivityDelegate(QStyledItemDelegate):
    """Paints group bands and activity cells; creates the in-place editors."""

    def __init__(self, view: ActivityTableView) -> None:
        super().__init__(view)
        self.view = view
        self.owner_names: list[str] = []
        self.officer_names: list[str] = []
        self.partner_names: list[str] = []
        self.plan_years: list[int] = []

    # ------------------------------------------------------------------ painting

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        kind = index.data(ROW_KIND_ROLE)
        if kind is None or kind == ROW_ACTIVITY:
            self._paint_activity(painter, option, index)
            return
        self._paint_group(painter, option, index, kind)

    def _paint_group(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex,
                     kind: int) -> None:
        background, foreground = BANDS[kind]
        painter.save()
        rect = option.rect  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        painter.fillRect(rect, option.palette.highlight() if selected else QColor(background))  # type: ignore[attr-defined]
        if kind == ROW_THEME:
            painter.fillRect(QRect(rect.left(), rect.top(), 5, rect.height()), QColor("#1f6fb2"))
        indent = {ROW_THEME: 12, ROW_HEADING: 20, ROW_SECTION: 28}[kind]
        text_rect = rect.adjusted(indent, 3, -8, -3)
        font = QFont(option.font)  # type: ignore[attr-defined]
        font.setBold(True)
        if kind == ROW_THEME:
            font.setPointSizeF(font.pointSizeF() * 1.12)
        painter.setFont(font)
        colour = option.palette.highlightedText().color() if selected else QColor(foreground)  # type: ignore[attr-defined]
        painter.setPen(colour)
        title = index.data(Qt.ItemDataRole.DisplayRole) or ""
        metrics = QFontMetrics(font)
        sub = index.data(SUBTEXT_ROLE) or ""
        lines = max(1, rect.height() // max(metrics.lineSpacing(), 1))
        if kind == ROW_HEADING:
            title = title.upper()
        if sub and lines >= 2:
            title_rect = QRect(text_rect.left(), text_rect.top(), text_rect.width(), metrics.height())
            painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(title, Qt.TextElideMode.ElideRight, text_rect.width()))
            small = QFont(option.font)  # type: ignore[attr-defined]
            painter.setFont(small)
            if not selected:
                painter.setPen(QColor("#4a5563"))
            small_metrics = QFontMetrics(small)
            sub_rect = QRect(text_rect.left(), title_rect.bottom() + 2, text_rect.width(),
                             text_rect.bottom() - title_rect.bottom() - 2)
            painter.drawText(sub_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             small_metrics.elidedText(" ".join(sub.split()),
                                                      Qt.TextElideMode.ElideRight,
                                                      text_rect.width()))
        else:
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(title, Qt.TextElideMode.ElideRight, text_rect.width()))
        painter.setPen(QColor("#c5cfdb"))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

    def _paint_activity(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        column = index.column()
        style = opt.widget.style() if opt.widget else None  # type: ignore[attr-defined]
        text = opt.text  # type: ignore[attr-defined]
        opt.text = ""  # type: ignore[attr-defined]
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)  # type: ignore[attr-defined]
        painter.save()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        pen = opt.palette.color(role)  # type: ignore[attr-defined]
        rect = opt.rect.adjusted(6, 3, -6, -3)  # type: ignore[attr-defined]
        metrics = QFontMetrics(opt.font)  # type: ignore[attr-defined]
        lines = max(1, rect.height() // max(metrics.lineSpacing(), 1))
        rect.setHeight(lines * metrics.lineSpacing())
        if column == COL_STATUS:
            activity = index.data(ACTIVITY_ROLE)
            status: ActivityStatus = activity.status
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            dot = QRect(rect.left(), rect.top() + (metrics.height() - 10) // 2, 10, 10)
            painter.setBrush(QColor(status.colour))
            painter.setPen(QColor(status.colour).darker(130))
            painter.drawEllipse(dot)
            painter.setPen(pen if selected else QColor(status.colour).darker(115))
            bold = QFont(opt.font)  # type: ignore[attr-defined]
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(rect.adjusted(16, 0, 0, 0),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, status.label)
        elif column == COL_ACTIVITY:
            activity = index.data(ACTIVITY_ROLE)
            painter.setPen(pen)
            top = rect.top()
            remaining = lines
            if activity.title:
                bold = QFont(opt.font)  # type: ignore[attr-defined]
                bold.setBold(True)
                painter.setFont(bold)
                bold_metrics = QFontMetrics(bold)
                painter.drawText(QRect(rect.left(), top, rect.width(), metrics.lineSpacing()),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                                 bold_metrics.elidedText(activity.title, Qt.TextElideMode.ElideRight,
                                                         rect.width()))
                top += metrics.lineSpacing()
                remaining -= 1
                painter.setFont(opt.font)  # type: ignore[attr-defined]
            if remaining > 0 and activity.description:
                self._draw_wrapped(painter, QRect(rect.left(), top, rect.width(),
                                                  remaining * metrics.lineSpacing()),
                                   " ".join(activity.description.split()), metrics, remaining)
        else:
            painter.setPen(pen)
            self._draw_wrapped(painter, rect, " ".join(str(text).split()), metrics, lines)
        painter.restore()

    @staticmethod
    def _draw_wrapped(painter: QPainter, rect: QRect, text: str, metrics: QFontMetrics,
                      lines: int) -> None:
        """Wrap into at most ``lines`` lines; the last one ends in an ellipsis if needed."""
        width = rect.width()
        words = text.split(" ")
        out: list[str] = []
        number = 0
        while number < len(words) and len(out) < lines - 1:
            current = words[number]
            number += 1
            while number < len(words) and metrics.horizontalAdvance(
                    f"{current} {words[number]}") <= width:
                current = f"{current} {words[number]}"
                number += 1
            out.append(current)
        rest = " ".join(words[number:])
        if rest:
            out.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
        for row, line in enumerate(out):
            painter.drawText(QRect(rect.left(), rect.top() + row * metrics.lineSpacing(), width,
                                   metrics.lineSpacing()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, line)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        return QSize(DEFAULT_COLUMN_WIDTHS[index.column()] if index.column() < 8 else 100,
                     self.view.row_height)

    # ------------------------------------------------------------------ editing

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:  # noqa: N802
        column = index.column()
        if column == COL_SECTION:
            combo = QComboBox(parent)
            theme = index.data(THEME_ROLE)
            for section in theme.sections:
                combo.addItem(section_label(section) or self.tr("(zonder naam)"), section.id)
            combo.setAccessibleName(self.tr("Onderdeel"))
            return combo
        if column == COL_STATUS:
            status_combo = StatusCombo(parent)
            status_combo.setAccessibleName(self.tr("Status"))
            return status_combo
        if column == COL_YEARS:
            checks = YearChecks(parent)
            checks.setAutoFillBackground(True)
            checks.set_plan_years(self.plan_years)
            checks.years_changed.connect(lambda _y: self.commitData.emit(checks))
            return checks
        if column == COL_ACTIVITY:
            text = QPlainTextEdit(parent)
            text.setTabChangesFocus(True)
            text.setAccessibleName(self.tr("Omschrijving"))
            return text
        if column == COL_PARTNERS:
            names = NamesLineEdit(self.partner_names, parent)
            names.setAccessibleName(self.tr("Partners, gescheiden door komma's"))
            return names
        editor = QLineEdit(parent)
        if column in (COL_POLITICAL, COL_OFFICER):
            names_list = self.owner_names if column == COL_POLITICAL else self.officer_names
            completer = QCompleter(names_list, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            editor.setCompleter(completer)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, StatusCombo):
            editor.set_status(value)
        elif isinstance(editor, YearChecks):
            editor.set_years(value or [])
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value or "")
        elif isinstance(editor, NamesLineEdit):
            editor.setText(", ".join(value or []))
        elif isinstance(editor, QLineEdit):
            editor.setText(value or "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:  # noqa: N802
        if isinstance(editor, StatusCombo):
            value: Any = editor.status()
        elif isinstance(editor, YearChecks):
            value = editor.years()
        elif isinstance(editor, QComboBox):
            value = editor.currentData()
        elif isinstance(editor, QPlainTextEdit):
            value = editor.toPlainText()
        elif isinstance(editor, NamesLineEdit):
            value = split_names(editor.text())
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            return
        if value == index.data(Qt.ItemDataRole.EditRole):
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> None:  # noqa: N802
        rect = QRect(option.rect)  # type: ignore[attr-defined]
        if isinstance(editor, QPlainTextEdit):
            rect.setHeight(max(rect.height(), 6 * editor.fontMetrics().lineSpacing()))
            rect.setWidth(max(rect.width(), 360))
        elif isinstance(editor, YearChecks):
            rect.setWidth(max(rect.width(), 70 * max(len(self.plan_years), 1) + 10))
        editor.setGeometry(rect)


class ActivityTableView(QTableView):
    """The table with group spans, fixed row height and keyboard reordering."""

    context_menu_requested = Signal(object)  # QPoint (global)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines_per_row = 2
        self.row_height = 0
        self._resized: list[int] = []
        self.delegate = ActivityDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setSortingEnabled(True)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(
            lambda pos: self.context_menu_requested.emit(self.viewport().mapToGlobal(pos)))
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.set_lines_per_row(2)

    def set_lines_per_row(self, lines: int) -> None:
        self.lines_per_row = lines
        self.row_height = lines * self.fontMetrics().lineSpacing() + 10
        self.verticalHeader().setDefaultSectionSize(self.row_height)
        self.verticalHeader().setMinimumSectionSize(self.fontMetrics().lineSpacing() + 6)
        self._resized = []
        self.refresh_spans()

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802
        super().setModel(model)
        if isinstance(model, ActivityFilterProxy):
            model.modelReset.connect(self.refresh_spans)
            model.layoutChanged.connect(self.refresh_spans)
            model.counts_changed.connect(lambda *_: self.refresh_spans())
        for column, width in enumerate(DEFAULT_COLUMN_WIDTHS):
            self.setColumnWidth(column, width)
        if model is not None:
            model.modelReset.connect(self._apply_header_modes)
        self._apply_header_modes()

    def _apply_header_modes(self) -> None:
        """The activity text takes the room that is left, so all columns fit where possible.

        (A model reset gives every column its default mode again, hence after each reset.)
        """
        header = self.horizontalHeader()
        header.setMinimumSectionSize(60)
        if header.count() > COL_ACTIVITY:
            header.setSectionResizeMode(COL_ACTIVITY, QHeaderView.ResizeMode.Stretch)

    def refresh_spans(self) -> None:
        """Group rows span the whole width (recomputed after each filter or sort)."""
        model = self.model()
        if not isinstance(model, ActivityFilterProxy):
            return
        self.clearSpans()
        columns = model.columnCount()
        header = self.verticalHeader()
        for row in self._resized:
            if row < model.rowCount():
                header.resizeSection(row, self.row_height)
        self._resized = []
        one_line = self.fontMetrics().lineSpacing() + 10
        for row in model.group_rows():
            self.setSpan(row, 0, 1, columns)
            index = model.index(row, 0)
            # Kop rows and onderdelen without an ambitie need one line, not two.
            if index.data(ROW_KIND_ROLE) != ROW_THEME and not index.data(SUBTEXT_ROLE):
                if one_line < self.row_height:
                    header.resizeSection(row, one_line)
                    self._resized.append(row)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        # Enter on a row opens the detail panel's first field (the window connects this).
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        super().keyPressEvent(event)

    def copy_selection(self) -> None:
        """Selected activities as tab-separated text (for a mail or a Word table)."""
        from PySide6.QtWidgets import QApplication

        model = self.model()
        rows = sorted({i.row() for i in self.selectionModel().selectedIndexes()})
        lines = []
        for row in rows:
            if model.index(row, 0).data(ROW_KIND_ROLE) != ROW_ACTIVITY:
                continue
            cells = [str(model.index(row, c).data() or "").replace("\n", " ").replace("\t", " ")
                     for c in range(model.columnCount())]
            lines.append("\t".join(cells))
        if lines:
            QApplication.clipboard().setText("\n".join(lines))


__all__ = ["ROW_HEADING", "ROW_SECTION", "ActivityDelegate", "ActivityTableView", "split_names"]
