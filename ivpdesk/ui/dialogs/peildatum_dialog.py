"""Asks the peildatum of a voortgangsrapportage (a Dutch date field, dd-MM-jjjj)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ivpdesk.ui.i18n import DUTCH


class PeildatumDialog(QDialog):
    def __init__(self, initial: date, plan_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Voortgangsrapportage"))
        intro = QLabel(self.tr(
            "De voortgangsrapportage van het uitvoeringsplan %1 toont de stand van zaken op de "
            "peildatum: de status van elke activiteit, wat over tijd is, de laatste voortgang en "
            "de metingen van de indicatoren tot en met dat jaar."
        ).replace("%1", plan_label))
        intro.setWordWrap(True)
        self.date_edit = QDateEdit(QDate(initial.year, initial.month, initial.day))
        self.date_edit.setLocale(DUTCH)
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumDate(QDate(2000, 1, 1))
        self.date_edit.setMaximumDate(QDate(2100, 12, 31))
        self.date_edit.setAccessibleName(self.tr("Peildatum"))
        form = QFormLayout()
        form.addRow(self.tr("&Peildatum:"), self.date_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Rapportage maken"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def peildatum(self) -> date:
        value = self.date_edit.date()
        return date(value.year(), value.month(), value.day())
