"""A short dialog for a new, empty plan: gemeente and the two periods."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from ivpdesk.domain import ImplementationPlan, SafetyPlan, ValidationError
from ivpdesk.domain.clock import today
from ivpdesk.services.plans import new_concept_plan


class NewPlanDialog(QDialog):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nieuw plan"))
        next_year = today().year + 1
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.municipality = QLineEdit()
        self.municipality.setPlaceholderText(self.tr("bijvoorbeeld Lindewaard"))
        self.ivp_start = QSpinBox()
        self.ivp_start.setRange(2000, 2100)
        self.ivp_start.setValue(next_year)
        self.ivp_end = QSpinBox()
        self.ivp_end.setRange(2000, 2100)
        self.ivp_end.setValue(next_year + 3)
        self.up_start = QSpinBox()
        self.up_start.setRange(2000, 2100)
        self.up_start.setValue(next_year)
        self.up_length = QComboBox()
        self.up_length.addItems([self.tr("Twee jaar (tweejaarlijks)"), self.tr("Eén jaar")])
        for label, widget in (
            (self.tr("&Gemeente:"), self.municipality),
            (self.tr("IVP &vanaf:"), self.ivp_start),
            (self.tr("IVP &tot en met:"), self.ivp_end),
            (self.tr("&Uitvoeringsplan vanaf:"), self.up_start),
            (self.tr("&Looptijd uitvoeringsplan:"), self.up_length),
        ):
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(label, widget)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.result_plans: tuple[SafetyPlan, ImplementationPlan] | None = None

    def accept(self) -> None:
        up_start = self.up_start.value()
        up_end = up_start + (1 if self.up_length.currentIndex() == 0 else 0)
        try:
            self.result_plans = new_concept_plan(
                self.municipality.text(), self.ivp_start.value(), self.ivp_end.value(),
                up_start, up_end,
            )
        except ValidationError as error:
            self.error.setText(error.message)
            return
        super().accept()
