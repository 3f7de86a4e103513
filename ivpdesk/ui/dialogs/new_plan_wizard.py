"""New plan wizard: gemeente, IVP period, uitvoeringsplan period, and the themes.

Pages: gemeente and IVP → uitvoeringsplan (one or two years) → prioriteiten from the
Kernbeleid Veiligheid catalogue → strategische (or overige) thema's from the catalogue
plus the officer's own themes → summary. Voltooien creates everything in one unit of
work with :func:`ivpdesk.services.plans.create_plan` (with the usual P&C-moments).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from ivpdesk.domain import DomainError, Theme, ThemeKind, ValidationError
from ivpdesk.domain.catalogue import Catalogue
from ivpdesk.domain.clock import today
from ivpdesk.paths import catalogue
from ivpdesk.services.plans import create_plan, new_concept_plan
from ivpdesk.store.uow import Database
from ivpdesk.ui.widgets.inputs import enum_data

CODE_ROLE = Qt.ItemDataRole.UserRole + 30


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    return label


class CatalogueTree(QTreeView):
    """The Kernbeleid catalogue with a checkbox per standard theme."""

    def __init__(self, source: Catalogue, parent: Any = None) -> None:
        super().__init__(parent)
        self.model_ = QStandardItemModel(self)
        for safety_field in source.fields:
            field_item = QStandardItem(safety_field.label)
            field_item.setEditable(False)
            field_item.setSelectable(False)
            for theme in safety_field.themes:
                item = QStandardItem(theme.label)
                item.setEditable(False)
                item.setCheckable(True)
                item.setData(theme.code, CODE_ROLE)
                item.setToolTip(theme.description)
                field_item.appendRow(item)
            self.model_.appendRow(field_item)
        self.setModel(self.model_)
        self.setHeaderHidden(True)
        self.expandAll()

    def items(self) -> list[QStandardItem]:
        found = []
        for row in range(self.model_.rowCount()):
            field_item = self.model_.item(row)
            for child in range(field_item.rowCount()):
                found.append(field_item.child(child))
        return found

    def checked_codes(self) -> list[str]:
        return [i.data(CODE_ROLE) for i in self.items()
                if i.isEnabled() and i.checkState() == Qt.CheckState.Checked]

    def set_checked(self, codes: list[str]) -> None:
        for item in self.items():
            item.setCheckState(Qt.CheckState.Checked if item.data(CODE_ROLE) in codes
                               else Qt.CheckState.Unchecked)

    def disable(self, codes: list[str], note: str) -> None:
        for item in self.items():
            code = item.data(CODE_ROLE)
            base = item.text().split("  (")[0]
            if code in codes:
                item.setEnabled(False)
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setText(f"{base}  ({note})")
            else:
                item.setEnabled(True)
                item.setText(base)


class MunicipalityPage(QWizardPage):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Gemeente en Integraal Veiligheidsplan"))
        self.setSubTitle(self.tr("Voor welke gemeente is het plan, en welke jaren beslaat het IVP?"))
        form = QFormLayout(self)
        self.municipality = QLineEdit()
        self.municipality.setPlaceholderText(self.tr("bijvoorbeeld Lindewaard"))
        start = today().year + 1
        self.ivp_start = QSpinBox()
        self.ivp_start.setRange(2000, 2100)
        self.ivp_start.setValue(start)
        self.ivp_end = QSpinBox()
        self.ivp_end.setRange(2000, 2100)
        self.ivp_end.setValue(start + 3)
        years = QHBoxLayout()
        years.addWidget(self.ivp_start)
        years.addWidget(QLabel(self.tr("tot en met")))
        years.addWidget(self.ivp_end)
        years.addStretch(1)
        label = QLabel(self.tr("&Gemeente:"))
        label.setBuddy(self.municipality)
        form.addRow(label, self.municipality)
        label = QLabel(self.tr("&Looptijd IVP:"))
        label.setBuddy(self.ivp_start)
        form.addRow(label, years)
        self.municipality.setAccessibleName(self.tr("Gemeente"))
        self.ivp_start.setAccessibleName(self.tr("Beginjaar IVP"))
        self.ivp_end.setAccessibleName(self.tr("Eindjaar IVP"))
        hint = QLabel(self.tr("Een IVP beslaat meestal vier jaar en wordt vastgesteld door de raad."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5b6470;")
        form.addRow(hint)
        self.error = _error_label()
        form.addRow(self.error)
        self.ivp_start.valueChanged.connect(lambda v: self.ivp_end.setValue(max(self.ivp_end.value(), v)))
        self.registerField("municipality*", self.municipality)

    def validatePage(self) -> bool:  # noqa: N802
        try:
            new_concept_plan(self.municipality.text(), self.ivp_start.value(),
                             self.ivp_end.value(), self.ivp_start.value(), self.ivp_start.value())
        except ValidationError as error:
            self.error.setText(error.message)
            return False
        self.error.clear()
        return True


class PeriodPage(QWizardPage):
    def __init__(self, wizard: NewPlanWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle(self.tr("Uitvoeringsplan"))
        self.setSubTitle(self.tr("Het uitvoeringsplan zet het IVP om in activiteiten, meestal voor "
                                 "twee jaar (tweejaarlijks)."))
        form = QFormLayout(self)
        self.start = QSpinBox()
        self.start.setRange(2000, 2100)
        self.two_years = QRadioButton(self.tr("&Twee jaar (tweejaarlijks)"))
        self.one_year = QRadioButton(self.tr("&Eén jaar"))
        self.two_years.setChecked(True)
        label = QLabel(self.tr("&Beginjaar:"))
        label.setBuddy(self.start)
        self.start.setAccessibleName(self.tr("Beginjaar uitvoeringsplan"))
        form.addRow(label, self.start)
        form.addRow(self.tr("Looptijd:"), self.two_years)
        form.addRow("", self.one_year)
        self.period = QLabel()
        form.addRow(self.period)
        self.error = _error_label()
        form.addRow(self.error)
        for signal in (self.start.valueChanged, self.two_years.toggled):
            signal.connect(self._show_period)

    def initializePage(self) -> None:  # noqa: N802
        first = self.wizard_.municipality_page.ivp_start.value()
        self.start.setValue(max(self.start.value(), first) if self.start.value() >= first
                            and self.start.value() <= self.wizard_.municipality_page.ivp_end.value()
                            else first)
        self._show_period()

    def years(self) -> tuple[int, int]:
        start = self.start.value()
        return start, start + (1 if self.two_years.isChecked() else 0)

    def _show_period(self, *_args: Any) -> None:
        start, end = self.years()
        self.period.setText(self.tr("Uitvoeringsplan %1").replace(
            "%1", f"{start}–{end}" if end != start else str(start)))

    def validatePage(self) -> bool:  # noqa: N802
        page = self.wizard_.municipality_page
        start, end = self.years()
        try:
            new_concept_plan(page.municipality.text(), page.ivp_start.value(), page.ivp_end.value(),
                             start, end)
        except ValidationError as error:
            self.error.setText(error.message)
            return False
        self.error.clear()
        return True


class PrioritiesPage(QWizardPage):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Prioriteiten"))
        self.setSubTitle(self.tr("Welke thema's uit Kernbeleid Veiligheid hebben in dit IVP "
                                 "prioriteit? Meestal zijn dat er drie tot vijf."))
        layout = QVBoxLayout(self)
        self.tree = CatalogueTree(catalogue())
        self.tree.setAccessibleName(self.tr("Prioriteiten uit de catalogus"))
        layout.addWidget(self.tree)


class OtherThemesPage(QWizardPage):
    def __init__(self, wizard: NewPlanWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle(self.tr("Overige thema's"))
        self.setSubTitle(self.tr("Kies de andere thema's uit de catalogus en voeg zo nodig eigen "
                                 "thema's toe."))
        layout = QVBoxLayout(self)
        naming = QHBoxLayout()
        naming.addWidget(QLabel(self.tr("Noem ze:")))
        self.strategic = QRadioButton(self.tr("&Strategisch thema"))
        self.other = QRadioButton(self.tr("&Overig thema"))
        self.strategic.setChecked(True)
        naming.addWidget(self.strategic)
        naming.addWidget(self.other)
        naming.addStretch(1)
        layout.addLayout(naming)
        self.tree = CatalogueTree(catalogue())
        self.tree.setAccessibleName(self.tr("Overige thema's uit de catalogus"))
        layout.addWidget(self.tree, 2)
        layout.addWidget(QLabel(self.tr("Eigen thema's:")))
        own = QHBoxLayout()
        self.own_name = QLineEdit()
        self.own_name.setPlaceholderText(self.tr("naam, bijvoorbeeld Zorg en veiligheid"))
        self.own_name.setAccessibleName(self.tr("Naam van het eigen thema"))
        self.own_field = QComboBox()
        self.own_field.setAccessibleName(self.tr("Veiligheidsveld van het eigen thema"))
        self.own_field.addItem(self.tr("Overkoepelend (geen veld)"), None)
        for safety_field in catalogue().fields:
            self.own_field.addItem(safety_field.label, safety_field.number)
        self.own_kind = QComboBox()
        self.own_kind.setAccessibleName(self.tr("Soort van het eigen thema"))
        for kind in ThemeKind:
            self.own_kind.addItem(kind.label, kind)
        self.own_kind.setCurrentIndex(list(ThemeKind).index(ThemeKind.OVERARCHING))
        self.add_own = QPushButton(self.tr("&Toevoegen"))
        self.remove_own = QPushButton(self.tr("&Verwijderen"))
        layout.addWidget(self.own_name)
        for widget in (self.own_field, self.own_kind):
            own.addWidget(widget, 1)
        own.addWidget(self.add_own)
        own.addWidget(self.remove_own)
        layout.addLayout(own)
        self.own_list = QListWidget()
        self.own_list.setAccessibleName(self.tr("Eigen thema's"))
        self.own_list.setMaximumHeight(90)
        layout.addWidget(self.own_list)
        self.error = _error_label()
        layout.addWidget(self.error)
        self.own_themes: list[Theme] = []
        self.add_own.clicked.connect(self._add_own)
        self.own_name.returnPressed.connect(self._add_own)
        self.remove_own.clicked.connect(self._remove_own)
        self.own_field.currentIndexChanged.connect(self._field_changed)

    def _field_changed(self, _index: int) -> None:
        overarching = self.own_field.currentData() is None
        kind = ThemeKind.OVERARCHING if overarching else ThemeKind.STRATEGIC
        self.own_kind.setCurrentIndex(list(ThemeKind).index(kind))

    def initializePage(self) -> None:  # noqa: N802
        self.tree.disable(self.wizard_.priorities_page.tree.checked_codes(), self.tr("prioriteit"))

    def add_own_theme(self, name: str, field_number: int | None, kind: ThemeKind) -> bool:
        theme = Theme(name=name.strip(), kind=kind, field_number=field_number)
        try:
            theme.validate()
        except ValidationError as error:
            self.error.setText(error.message)
            return False
        if any(t.name.lower() == theme.name.lower() for t in self.own_themes):
            self.error.setText(self.tr("Het thema '%1' staat al in de lijst.").replace("%1", theme.name))
            return False
        self.error.clear()
        self.own_themes.append(theme)
        field = f"{field_number}. " if field_number else ""
        item = QListWidgetItem(f"{theme.name} — {field}{kind.label}")
        self.own_list.addItem(item)
        return True

    def _add_own(self) -> None:
        if not self.own_name.text().strip():
            self.error.setText(self.tr("Typ eerst de naam van het eigen thema."))
            return
        if self.add_own_theme(self.own_name.text(), self.own_field.currentData(),
                              enum_data(self.own_kind, ThemeKind) or ThemeKind.OVERARCHING):
            self.own_name.clear()

    def _remove_own(self) -> None:
        row = self.own_list.currentRow()
        if row >= 0:
            self.own_list.takeItem(row)
            del self.own_themes[row]

    def other_kind(self) -> ThemeKind:
        return ThemeKind.STRATEGIC if self.strategic.isChecked() else ThemeKind.OTHER


class SummaryPage(QWizardPage):
    def __init__(self, wizard: NewPlanWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle(self.tr("Samenvatting"))
        self.setSubTitle(self.tr("Controleer de gegevens. Met Voltooien wordt het plan aangemaakt; "
                                 "alles blijft daarna te wijzigen."))
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setAccessibleName(self.tr("Samenvatting van het nieuwe plan"))
        layout.addWidget(self.text)
        self.error = _error_label()
        layout.addWidget(self.error)

    def initializePage(self) -> None:  # noqa: N802
        wizard = self.wizard_
        page = wizard.municipality_page
        start, end = wizard.period_page.years()
        themes = wizard.themes()
        lines = [
            f"<p><b>{_escape(page.municipality.text().strip())}</b><br>"
            f"IVP {page.ivp_start.value()}–{page.ivp_end.value()}<br>"
            f"Uitvoeringsplan {start}{'–' + str(end) if end != start else ''} (concept)</p>",
        ]
        plurals = {ThemeKind.PRIORITY: "Prioriteiten", ThemeKind.STRATEGIC: "Strategische thema's",
                   ThemeKind.OTHER: "Overige thema's", ThemeKind.OVERARCHING: "Overkoepelende thema's"}
        for kind in ThemeKind:
            chosen = [t for t in themes if t.kind is kind]
            if chosen:
                items = "".join(f"<li>{_escape(t.name)}</li>" for t in chosen)
                lines.append(f"<p><b>{plurals[kind]}</b> ({len(chosen)})</p><ul>{items}</ul>")
        if not themes:
            lines.append("<p>Nog geen thema's gekozen; u kunt ze later toevoegen.</p>")
        lines.append("<p>De gebruikelijke P&amp;C-momenten (voortgangsrapportage, "
                     "raadsinformatiebrief, jaarverslag …) worden klaargezet.</p>")
        self.text.setHtml("".join(lines))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class NewPlanWizard(QWizard):
    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.created_plan_id: int | None = None
        self.setWindowTitle(self.tr("Nieuw plan"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        # qtbase_nl says "< Terug"; "Vorige" is what Dutch Windows wizards say.
        for button, text in ((QWizard.WizardButton.BackButton, self.tr("< &Vorige")),
                             (QWizard.WizardButton.NextButton, self.tr("&Volgende >")),
                             (QWizard.WizardButton.FinishButton, self.tr("&Voltooien")),
                             (QWizard.WizardButton.CancelButton, self.tr("Annuleren"))):
            self.setButtonText(button, text)
        self.municipality_page = MunicipalityPage(self)
        self.period_page = PeriodPage(self)
        self.priorities_page = PrioritiesPage(self)
        self.other_page = OtherThemesPage(self)
        self.summary_page = SummaryPage(self)
        for page in (self.municipality_page, self.period_page, self.priorities_page,
                     self.other_page, self.summary_page):
            self.addPage(page)
        self.resize(720, 600)

    def themes(self) -> list[Theme]:
        """Prioriteiten, then the other catalogue themes, then the officer's own themes."""
        source = catalogue()
        result: list[Theme] = []
        for codes, kind in ((self.priorities_page.tree.checked_codes(), ThemeKind.PRIORITY),
                            (self.other_page.tree.checked_codes(), self.other_page.other_kind())):
            for code in codes:
                standard = source.standard_theme(code)
                if standard is None:
                    continue
                result.append(Theme(name=standard.name, kind=kind,
                                    field_number=standard.field_number, standard_theme_code=code))
        result.extend(Theme(name=t.name, kind=t.kind, field_number=t.field_number)
                      for t in self.other_page.own_themes)
        return result

    def accept(self) -> None:
        page = self.municipality_page
        start, end = self.period_page.years()
        try:
            safety, plan = new_concept_plan(page.municipality.text(), page.ivp_start.value(),
                                            page.ivp_end.value(), start, end)
            with self.db.uow(source="gui") as uow:
                self.created_plan_id = create_plan(uow, safety, plan, self.themes())
                uow.commit()
        except DomainError as error:
            self.summary_page.error.setText(error.message)
            return
        super().accept()
