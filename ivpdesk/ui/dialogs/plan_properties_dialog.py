"""Planeigenschappen: the IVP (gemeente, looptijd, visie, hoofddoelstelling, vaststelling door
de raad) and the uitvoeringsplan (looptijd, status, vaststelling door het college, inleiding).

OK saves both in one unit of work as one undoable edit (see MainWindow).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ivpdesk.domain import ImplementationPlan, PlanBundle, PlanStatus, SafetyPlan, ValidationError
from ivpdesk.services.editing import PLAN_FIELDS, SAFETY_PLAN_FIELDS, FieldChange
from ivpdesk.ui.widgets.inputs import OptionalDateEdit, enum_data


def _year_spin() -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(2000, 2100)
    return spin


def _text(height: int = 110) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    return edit


class PlanPropertiesDialog(QDialog):
    def __init__(self, bundle: PlanBundle, parent: Any = None) -> None:
        super().__init__(parent)
        self.bundle = bundle
        self.setWindowTitle(self.tr("Planeigenschappen"))
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        safety = bundle.safety_plan
        ivp_page = QWidget()
        ivp_form = QFormLayout(ivp_page)
        self.municipality = QLineEdit(safety.municipality)
        self.ivp_start, self.ivp_end = _year_spin(), _year_spin()
        self.ivp_start.setValue(safety.start_year)
        self.ivp_end.setValue(safety.end_year)
        ivp_years = QHBoxLayout()
        ivp_years.addWidget(self.ivp_start)
        ivp_years.addWidget(QLabel(self.tr("tot en met")))
        ivp_years.addWidget(self.ivp_end)
        ivp_years.addStretch(1)
        self.ivp_adopted = OptionalDateEdit(self.tr("Vastgesteld door de raad op"))
        self.ivp_adopted.set_value(safety.adopted_on, date(safety.start_year - 1, 12, 1))
        self.vision = _text()
        self.vision.setPlainText(safety.vision)
        self.main_goal = _text(80)
        self.main_goal.setPlainText(safety.main_goal)
        for text, widget in ((self.tr("&Gemeente"), self.municipality),
                             (self.tr("&Looptijd IVP"), ivp_years),
                             (self.tr("Vaststelling"), self.ivp_adopted),
                             (self.tr("&Visie"), self.vision),
                             (self.tr("&Hoofddoelstelling"), self.main_goal)):
            label = QLabel(text)
            buddy = widget if isinstance(widget, QWidget) else self.ivp_start
            if isinstance(buddy, OptionalDateEdit):
                buddy = buddy.check
            label.setBuddy(buddy)
            if not buddy.accessibleName():
                buddy.setAccessibleName(text.replace("&", ""))
            ivp_form.addRow(label, widget)
        self.ivp_start.setAccessibleName(self.tr("Beginjaar IVP"))
        self.ivp_end.setAccessibleName(self.tr("Eindjaar IVP"))
        self.tabs.addTab(ivp_page, self.tr("Integraal Veiligheidsplan"))

        plan = bundle.plan
        up_page = QWidget()
        up_form = QFormLayout(up_page)
        self.up_start = _year_spin()
        self.up_start.setValue(plan.start_year)
        self.up_start.setAccessibleName(self.tr("Beginjaar uitvoeringsplan"))
        self.up_length = QComboBox()
        self.up_length.addItem(self.tr("Twee jaar (tweejaarlijks)"), 2)
        self.up_length.addItem(self.tr("Eén jaar"), 1)
        self.up_length.setCurrentIndex(0 if plan.end_year > plan.start_year else 1)
        self.up_length.setAccessibleName(self.tr("Looptijd uitvoeringsplan"))
        up_years = QHBoxLayout()
        up_years.addWidget(self.up_start)
        up_years.addWidget(self.up_length)
        up_years.addStretch(1)
        self.status = QComboBox()
        for status in PlanStatus:
            self.status.addItem(status.label, status)
        self.status.setCurrentIndex(max(self.status.findData(plan.status), 0))
        self.status.setAccessibleName(self.tr("Status"))
        self.adopted_on = OptionalDateEdit(self.tr("Vastgesteld door het college op"))
        self.adopted_on.set_value(plan.adopted_on, date(plan.start_year - 1, 12, 15))
        self.adopted_by = QLineEdit(plan.adopted_by)
        self.adopted_by.setPlaceholderText(self.tr("bijvoorbeeld College van burgemeester en wethouders"))
        self.introduction = _text(140)
        self.introduction.setPlainText(plan.introduction)
        for text, widget in ((self.tr("&Periode"), up_years), (self.tr("&Status"), self.status),
                             (self.tr("Vaststelling"), self.adopted_on),
                             (self.tr("Vastgesteld &door"), self.adopted_by),
                             (self.tr("&Inleiding"), self.introduction)):
            label = QLabel(text)
            buddy = widget if isinstance(widget, QWidget) else self.up_start
            if isinstance(buddy, OptionalDateEdit):
                buddy = buddy.check
            label.setBuddy(buddy)
            if not buddy.accessibleName():
                buddy.setAccessibleName(text.replace("&", ""))
            up_form.addRow(label, widget)
        self.tabs.addTab(up_page, self.tr("Uitvoeringsplan"))

        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.resize(720, 560)

    def _status_changed(self, _index: int) -> None:
        if enum_data(self.status, PlanStatus) is PlanStatus.ADOPTED and not self.adopted_on.check.isChecked():
            self.adopted_on.check.setChecked(True)

    def edited_plans(self) -> tuple[SafetyPlan, ImplementationPlan]:
        from dataclasses import replace

        safety = replace(
            self.bundle.safety_plan, municipality=self.municipality.text().strip(),
            start_year=self.ivp_start.value(), end_year=self.ivp_end.value(),
            vision=self.vision.toPlainText().strip(), main_goal=self.main_goal.toPlainText().strip(),
            adopted_on=self.ivp_adopted.value(),
        )
        start = self.up_start.value()
        plan = replace(
            self.bundle.plan, start_year=start, end_year=start + self.up_length.currentData() - 1,
            status=enum_data(self.status, PlanStatus), adopted_on=self.adopted_on.value(),
            adopted_by=self.adopted_by.text().strip(),
            introduction=self.introduction.toPlainText().strip(),
        )
        return safety, plan

    def accept(self) -> None:
        safety, plan = self.edited_plans()
        try:
            safety.validate()
            plan.validate(safety)
        except ValidationError as error:
            self.error.setText(error.message)
            return
        super().accept()

    def changes(self) -> list[FieldChange]:
        """The edit to save: changed fields of the IVP and the uitvoeringsplan."""
        safety, plan = self.edited_plans()
        old_safety, old_plan = self.bundle.safety_plan, self.bundle.plan
        result = []
        safety_values = {n: getattr(safety, n) for n in SAFETY_PLAN_FIELDS
                         if getattr(safety, n) != getattr(old_safety, n)}
        if safety_values and old_safety.id is not None:
            result.append(FieldChange("safety_plan", old_safety.id, safety_values,
                                      expected={n: getattr(old_safety, n) for n in safety_values}))
        plan_values = {n: getattr(plan, n) for n in PLAN_FIELDS
                       if getattr(plan, n) != getattr(old_plan, n)}
        if plan_values and old_plan.id is not None:
            result.append(FieldChange("plan", old_plan.id, plan_values, version=old_plan.version))
        return result


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)
