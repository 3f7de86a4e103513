"""Input widgets that speak the officer's language: status with colour, plan years,
euro amounts with a decimal comma, text that saves when you leave it, and the partner
picker over the partner register.

Each widget emits one signal when the officer is done with a value, so the detail
panel can turn it into exactly one saved (and undoable) edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeVar

from PySide6.QtCore import QDate, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QIcon, QKeyEvent, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ivpdesk.domain import ActivityStatus
from ivpdesk.domain.formatting import format_number
from ivpdesk.domain.model import clean_text
from ivpdesk.ui.i18n import DUTCH

E = TypeVar("E", bound=Enum)


def enum_data(combo: QComboBox, enum: type[E]) -> E | None:
    """The current item's enum value (Qt hands a StrEnum back as a plain str)."""
    value = combo.currentData()
    if value is None or isinstance(value, enum):
        return value
    try:
        return enum(value)
    except ValueError:
        return None


def colour_icon(colour: str, size: int = 12) -> QIcon:
    """A round swatch in a status colour (so the colour shows in combos and lists)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(QColor(colour).darker(130))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class StatusCombo(QComboBox):
    """The five statuses, each with its colour."""

    status_chosen = Signal(object)  # ActivityStatus

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        for status in ActivityStatus:
            self.addItem(colour_icon(status.colour), status.label, status)
        self.activated.connect(lambda _i: self.status_chosen.emit(self.status()))

    def status(self) -> ActivityStatus:
        return enum_data(self, ActivityStatus) or ActivityStatus.NOT_STARTED

    def set_status(self, status: ActivityStatus) -> None:
        self.blockSignals(True)
        self.setCurrentIndex(list(ActivityStatus).index(status))
        self.blockSignals(False)


class YearChecks(QWidget):
    """A checkbox per plan year; ``years_changed`` after every click."""

    years_changed = Signal(object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._boxes: dict[int, QCheckBox] = {}
        self._extra: list[int] = []

    def set_plan_years(self, years: Sequence[int]) -> None:
        if list(self._boxes) == list(years):
            return
        for box in self._boxes.values():
            self._layout.removeWidget(box)
            box.deleteLater()
        self._boxes = {}
        for year in years:
            box = QCheckBox(str(year))
            box.setAccessibleName(self.tr("Jaar %1").replace("%1", str(year)))
            box.toggled.connect(self._toggled)
            self._layout.addWidget(box)
            self._boxes[year] = box
        self._layout.addStretch(1)

    def boxes(self) -> dict[int, QCheckBox]:
        return self._boxes

    def years(self) -> list[int]:
        return sorted([y for y, box in self._boxes.items() if box.isChecked()] + self._extra)

    def set_years(self, years: Sequence[int]) -> None:
        for year, box in self._boxes.items():
            box.blockSignals(True)
            box.setChecked(year in years)
            box.blockSignals(False)
        # Years outside the plan (from an import) are kept, never silently dropped.
        self._extra = [y for y in years if y not in self._boxes]

    def set_read_only(self, read_only: bool) -> None:
        for box in self._boxes.values():
            box.setEnabled(not read_only)

    def _toggled(self, _checked: bool) -> None:
        self.years_changed.emit(self.years())


def parse_money(text: str) -> Decimal | None:
    """'€ 12.500,50' → 12500.50; '' → None; raises ValueError with a Dutch message."""
    cleaned = text.replace("€", "").replace("\u00a0", " ").strip().replace(" ", "")
    if not cleaned:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") == 1 and len(cleaned.split(".")[1]) == 3:
        cleaned = cleaned.replace(".", "")  # 12.500 is twaalfduizend vijfhonderd
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(
            f"'{text.strip()}' is geen bedrag; schrijf bijvoorbeeld 12.500 of 1.250,50."
        ) from None
    if value < 0:
        raise ValueError("Een budget kan niet negatief zijn.")
    return value.quantize(Decimal("0.01"))


def format_money_plain(value: Decimal | None) -> str:
    """12500.5 → '12.500,50' (without the euro sign, for the input field)."""
    return "" if value is None else format_number(value, 2)


class MoneyEdit(QLineEdit):
    """Euro amount with a decimal comma; ``value_committed`` with a Decimal or None."""

    value_committed = Signal(object)
    invalid = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("bijvoorbeeld 12.500,00"))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.editingFinished.connect(self._finish)
        self._value: Decimal | None = None

    def set_value(self, value: Decimal | None) -> None:
        self._value = value
        self.setText(format_money_plain(value))
        self.setStyleSheet("")
        self.setToolTip("")

    def value(self) -> Decimal | None:
        return parse_money(self.text())

    def _finish(self) -> None:
        try:
            value = parse_money(self.text())
        except ValueError as error:
            self.setStyleSheet("border: 1px solid #b00020;")
            self.setToolTip(str(error))
            self.invalid.emit(str(error))
            return
        self.setStyleSheet("")
        self.setToolTip("")
        self.setText(format_money_plain(value))
        if value != self._value:
            self._value = value
            self.value_committed.emit(value)


class CommitTextEdit(QPlainTextEdit):
    """Multi-line text that is saved when the officer leaves it (or presses Ctrl+Enter)."""

    committed = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._saved = ""
        self.setTabChangesFocus(True)

    def set_saved_text(self, text: str) -> None:
        self._saved = text
        if self.toPlainText() != text:
            self.setPlainText(text)

    def is_dirty(self) -> bool:
        return self.toPlainText() != self._saved

    def commit(self) -> None:
        if self.is_dirty() and not self.isReadOnly():
            self._saved = self.toPlainText()
            self.committed.emit(self._saved)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.commit()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.commit()
            return
        if event.key() == Qt.Key.Key_Escape and self.is_dirty():
            self.setPlainText(self._saved)
            return
        super().keyPressEvent(event)


class CommitLineEdit(QLineEdit):
    """One line that is saved on Enter or when leaving it; Escape restores the saved text."""

    committed = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._saved = ""
        self.editingFinished.connect(self.commit)

    def set_saved_text(self, text: str) -> None:
        self._saved = text
        if self.text() != text:
            self.setText(text)
            self.setCursorPosition(0)

    def is_dirty(self) -> bool:
        return self.text() != self._saved

    def commit(self) -> None:
        if self.is_dirty() and not self.isReadOnly():
            self._saved = self.text()
            self.committed.emit(self._saved)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.is_dirty():
            self.setText(self._saved)
            return
        super().keyPressEvent(event)


class OwnerCombo(QComboBox):
    """Editable combo for a trekker: pick a name used elsewhere in the plan, or type one."""

    committed = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._saved = ""
        line = self.lineEdit()
        assert line is not None
        line.editingFinished.connect(self.commit)
        self.activated.connect(lambda _i: self.commit())
        completer = self.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)

    def set_choices(self, names: Sequence[str]) -> None:
        text = self.currentText()
        self.blockSignals(True)
        self.clear()
        self.addItems(list(names))
        self.setEditText(text)
        self.blockSignals(False)

    def set_saved_text(self, text: str) -> None:
        self._saved = text
        self.blockSignals(True)
        self.setEditText(text)
        self.blockSignals(False)

    def is_dirty(self) -> bool:
        return self.currentText() != self._saved

    def commit(self) -> None:
        line = self.lineEdit()
        if self.is_dirty() and line is not None and not line.isReadOnly():
            self._saved = self.currentText()
            self.committed.emit(self._saved)


class PartnerPicker(QWidget):
    """The activity's partners, picked from the register; typing a new name adds it.

    ``partners_changed`` carries the whole new list after each add or remove.
    """

    partners_changed = Signal(object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._register: list[str] = []
        self._partners: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Partners van de activiteit"))
        self.list.setMaximumHeight(100)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.input = QLineEdit()
        self.input.setPlaceholderText(self.tr("Partner zoeken of nieuwe naam typen…"))
        self.input.setAccessibleName(self.tr("Partner toevoegen"))
        self._completion = QStringListModel(self)
        completer = QCompleter(self._completion, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.input.setCompleter(completer)
        self.input.returnPressed.connect(self.add_typed)
        completer.activated.connect(lambda _text: self.add_typed())
        self.add_button = QPushButton(self.tr("Toevoegen"))
        self.add_button.setAccessibleName(self.tr("Partner toevoegen"))
        self.add_button.clicked.connect(self.add_typed)
        self.remove_button = QPushButton(self.tr("Verwijderen"))
        self.remove_button.setAccessibleName(self.tr("Gekozen partner verwijderen"))
        self.remove_button.clicked.connect(self.remove_selected)
        layout.addWidget(self.input)
        row.addStretch(1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #5b6470;")
        layout.addWidget(self.hint)
        self.hint.hide()
        self.list.installEventFilter(self)

    def set_register(self, names: Sequence[str]) -> None:
        self._register = list(names)
        self._completion.setStringList(self._register)

    def set_partners(self, partners: Sequence[str]) -> None:
        self._partners = list(partners)
        self.list.clear()
        known = {n.lower() for n in self._register}
        for name in self._partners:
            item = QListWidgetItem(name)
            if name.lower() not in known:
                item.setToolTip(self.tr("Nieuw in het partnerregister"))
            self.list.addItem(item)

    def partners(self) -> list[str]:
        return list(self._partners)

    def set_read_only(self, read_only: bool) -> None:
        self.input.setVisible(not read_only)
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)

    def add_typed(self) -> None:
        name = clean_text(self.input.text())
        if not name:
            return
        existing = next((n for n in self._register if n.lower() == name.lower()), None)
        chosen = existing or name
        self.input.clear()
        if any(p.lower() == chosen.lower() for p in self._partners):
            self.hint.setText(self.tr("%1 staat al bij deze activiteit.").replace("%1", chosen))
            self.hint.show()
            return
        if existing is None:
            self.hint.setText(self.tr("%1 is nieuw en wordt aan het partnerregister toegevoegd.")
                              .replace("%1", chosen))
            self.hint.show()
        else:
            self.hint.hide()
        self.partners_changed.emit(self._partners + [chosen])

    def remove_selected(self) -> None:
        rows = {self.list.row(item) for item in self.list.selectedItems()}
        if not rows:
            return
        self.partners_changed.emit([p for n, p in enumerate(self._partners) if n not in rows])

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        if (watched is self.list and event.type() == event.Type.KeyPress
                and event.matches(QKeySequence.StandardKey.Delete)
                and self.remove_button.isVisible()):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)


class OptionalDateEdit(QWidget):
    """A date that may be empty: checkbox 'Eigen deadline' plus a dd-mm-jjjj date field."""

    date_committed = Signal(object)  # date or None

    def __init__(self, label: str, parent: Any = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(label)
        self.edit = QDateEdit()
        self.edit.setDisplayFormat("dd-MM-yyyy")
        self.edit.setCalendarPopup(True)
        self.edit.setLocale(DUTCH)
        self.edit.setAccessibleName(label)
        self.edit.setMinimumWidth(120)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self._value: date | None = None
        self.check.toggled.connect(self._toggled)
        self.edit.editingFinished.connect(self._finish)

    def set_value(self, value: date | None, default: date | None = None) -> None:
        self._value = value
        self.check.blockSignals(True)
        self.check.setChecked(value is not None)
        self.check.blockSignals(False)
        shown = value or default
        if shown is not None:
            self.edit.blockSignals(True)
            self.edit.setDate(QDate(shown.year, shown.month, shown.day))
            self.edit.blockSignals(False)
        self.edit.setEnabled(value is not None and self.check.isEnabled())

    def value(self) -> date | None:
        if not self.check.isChecked():
            return None
        qdate = self.edit.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_read_only(self, read_only: bool) -> None:
        self.check.setEnabled(not read_only)
        self.edit.setEnabled(not read_only and self.check.isChecked())

    def _toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        self._finish()

    def _finish(self) -> None:
        value = self.value()
        if value != self._value:
            self._value = value
            self.date_committed.emit(value)
