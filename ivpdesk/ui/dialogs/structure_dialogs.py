"""Small dialogs for the plan's structure: a new theme, a new onderdeel, moving activities."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTreeView,
    QVBoxLayout,
)

from ivpdesk.domain import PlanBundle, Section, Theme, ThemeKind, ValidationError
from ivpdesk.paths import catalogue
from ivpdesk.ui.models.activity_table_model import section_label
from ivpdesk.ui.models.navigator_model import navigator_theme_order
from ivpdesk.ui.widgets.inputs import enum_data


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    return label


class ThemeDialog(QDialog):
    """A new theme: name, soort, veiligheidsveld and standard theme from Kernbeleid Veiligheid."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Thema toevoegen"))
        self.result_theme: Theme | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.standard = QComboBox()
        self.standard.addItem(self.tr("Eigen thema (niet uit de catalogus)"), None)
        for safety_field in catalogue().fields:
            for theme in safety_field.themes:
                self.standard.addItem(f"{theme.label}  ({safety_field.name})", theme.code)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("bijvoorbeeld Ondermijning"))
        self.kind = QComboBox()
        for kind in ThemeKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(1)
        self.field = QComboBox()
        self.field.addItem(self.tr("Geen (overkoepelend)"), None)
        for safety_field in catalogue().fields:
            self.field.addItem(safety_field.label, safety_field.number)
        self.goal = QPlainTextEdit()
        self.goal.setTabChangesFocus(True)
        self.goal.setMaximumHeight(90)
        for text, widget in ((self.tr("&Uit de catalogus"), self.standard),
                             (self.tr("&Naam"), self.name), (self.tr("&Soort"), self.kind),
                             (self.tr("&Veiligheidsveld"), self.field),
                             (self.tr("&Doelstelling"), self.goal)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, self.tr("Toevoegen")))
        self.standard.currentIndexChanged.connect(self._standard_chosen)
        self.resize(520, 320)

    def _standard_chosen(self, _index: int) -> None:
        code = self.standard.currentData()
        if code is None:
            return
        theme = catalogue().standard_theme(code)
        if theme is not None:
            self.name.setText(theme.name)
            self.field.setCurrentIndex(max(self.field.findData(theme.field_number), 0))

    def accept(self) -> None:
        code = self.standard.currentData()
        field_number = self.field.currentData()
        if code is not None and (field_number is None or not code.startswith(f"{field_number}.")):
            code = None
        theme = Theme(name=self.name.text().strip(),
                      kind=enum_data(self.kind, ThemeKind) or ThemeKind.STRATEGIC,
                      field_number=field_number, standard_theme_code=code,
                      goal=self.goal.toPlainText().strip())
        try:
            theme.validate()
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.result_theme = theme
        super().accept()


class SectionDialog(QDialog):
    """A new onderdeel in a theme: name, kop and ambitie."""

    def __init__(self, bundle: PlanBundle, theme_id: int | None, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Onderdeel toevoegen"))
        self.result_section: Section | None = None
        self.theme_id: int | None = theme_id
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.theme = QComboBox()
        for theme in navigator_theme_order(bundle):
            self.theme.addItem(theme.name, theme.id)
        self.theme.setCurrentIndex(max(self.theme.findData(theme_id), 0))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("bijvoorbeeld Casusaanpak"))
        self.heading = QLineEdit()
        self.heading.setPlaceholderText(self.tr("mag leeg blijven"))
        self.ambition = QPlainTextEdit()
        self.ambition.setTabChangesFocus(True)
        self.ambition.setMaximumHeight(90)
        for text, widget in ((self.tr("&Thema"), self.theme), (self.tr("&Naam"), self.name),
                             (self.tr("&Kop"), self.heading), (self.tr("&Ambitie"), self.ambition)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, self.tr("Toevoegen")))
        self.resize(480, 280)

    def accept(self) -> None:
        if self.theme.currentData() is None:
            self.error.setText(self.tr("Voeg eerst een thema toe."))
            return
        if not self.name.text().strip():
            self.error.setText(self.tr("Geef het onderdeel een naam."))
            return
        self.theme_id = self.theme.currentData()
        self.result_section = Section(name=self.name.text().strip(),
                                      heading=self.heading.text().strip() or None,
                                      ambition=self.ambition.toPlainText().strip())
        super().accept()


class MoveDialog(QDialog):
    """Choose the onderdeel (of any theme) to move activities to."""

    def __init__(self, bundle: PlanBundle, current_section_id: int | None, count: int,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Verplaatsen naar"))
        self.section_id: int | None = None
        layout = QVBoxLayout(self)
        text = (self.tr("Naar welk onderdeel wilt u de activiteit verplaatsen?") if count == 1
                else self.tr("Naar welk onderdeel wilt u de %1 activiteiten verplaatsen?")
                .replace("%1", str(count)))
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.model = QStandardItemModel(self)
        current_item: QStandardItem | None = None
        for theme in navigator_theme_order(bundle):
            theme_item = QStandardItem(theme.name)
            theme_item.setEditable(False)
            theme_item.setSelectable(False)
            for section in theme.sections:
                item = QStandardItem(section_label(section) or self.tr("(zonder naam)"))
                item.setEditable(False)
                item.setData(section.id, Qt.ItemDataRole.UserRole)
                if section.id == current_section_id:
                    item.setText(item.text() + self.tr("  (huidig)"))
                    current_item = item
                theme_item.appendRow(item)
            self.model.appendRow(theme_item)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Thema's en onderdelen"))
        self.tree.expandAll()
        self.tree.doubleClicked.connect(lambda _i: self.accept())
        if current_item is not None:
            self.tree.setCurrentIndex(current_item.index())
        layout.addWidget(self.tree, 1)
        self.error = _error_label()
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, self.tr("Verplaatsen")))
        self.resize(480, 520)

    def choose(self, section_id: int) -> None:
        for row in range(self.model.rowCount()):
            theme_item = self.model.item(row)
            for child in range(theme_item.rowCount()):
                item = theme_item.child(child)
                if item.data(Qt.ItemDataRole.UserRole) == section_id:
                    self.tree.setCurrentIndex(item.index())

    def accept(self) -> None:
        section_id = self.tree.currentIndex().data(Qt.ItemDataRole.UserRole)
        if section_id is None:
            self.error.setText(self.tr("Kies een onderdeel (niet een thema)."))
            return
        self.section_id = int(section_id)
        super().accept()
