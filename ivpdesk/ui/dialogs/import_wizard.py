"""Importwizard: choose a file → what was found → preview and corrections → import → report.

Nothing is written before the officer presses "Importeren"; analysis and import run off
the GUI thread through :func:`ivpdesk.ui.tasks.run_task`, the import in one transaction
that Annuleren rolls back. Corrected column mappings are remembered (settings table)
for the next file with the same headers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ivpdesk import APP_NAME
from ivpdesk.domain import ThemeKind
from ivpdesk.domain.errors import DomainError
from ivpdesk.paths import Paths, catalogue
from ivpdesk.services.import_xlsx import (
    ImportAnalysis,
    ImportOverrides,
    ImportReport,
    analyse_workbook,
    remember_overrides,
    remembered_overrides,
    write_analysis,
)
from ivpdesk.services.import_xlsx.headers import YEAR_FIELDS, Field
from ivpdesk.services.import_xlsx.model import (
    INDICATOR_PREVIEW_COLUMNS,
    PREVIEW_COLUMNS,
    SheetOverride,
)
from ivpdesk.services.import_xlsx.report import _count
from ivpdesk.services.progress import Progress
from ivpdesk.store.errors import os_error_text
from ivpdesk.store.uow import Database
from ivpdesk.ui.tasks import TaskHandle, run_task, show_error

Index = QModelIndex | QPersistentModelIndex
AUTO_THEME = "(automatisch herkend)"
NOT_USED = "(niet gebruiken)"


class RowsModel(QAbstractTableModel):
    """A read-only table of text rows (preview, sheets, skipped rows): no widget copies."""

    def __init__(self, headers: tuple[str, ...] | list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple[str, ...]] = []

    def set_headers(self, headers: list[str]) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = []
        self.endResetModel()

    def set_rows(self, rows: list[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self._rows = [tuple("" if v is None else str(v) for v in row) for row in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return value if len(value) <= 160 else value[:157] + "…"
        if role == Qt.ItemDataRole.ToolTipRole and len(value) > 60:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    return view


def _fit_columns(view: QTableView, limit: int = 260) -> None:
    view.resizeColumnsToContents()
    for column in range(view.model().columnCount() - 1):
        view.setColumnWidth(column, min(view.columnWidth(column), limit))


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Excel-bestand kiezen"))
        self.setSubTitle(self.tr(
            "Kies het uitvoeringsplan van vorig jaar. IVP Desk leest het eerst alleen in en "
            "laat zien wat het herkent; er wordt pas iets opgeslagen als u op Importeren drukt."
        ))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("bijvoorbeeld C:\\Users\\…\\Uitvoeringsplan 2025.xlsx"))
        self.path_edit.setAccessibleName(self.tr("Bestand"))
        self.path_edit.textChanged.connect(self.completeChanged)
        browse = QPushButton(self.tr("&Bladeren…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        hint = QLabel(self.tr(
            "Werkt met .xlsx en .xlsm (macro's worden nooit uitgevoerd). Een oud .xls-bestand "
            "slaat u eerst in Excel op als .xlsx. Het bestand zelf wordt niet gewijzigd."
        ))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        layout.addStretch(1)

    def _browse(self) -> None:
        folder = str(QSettings().value("import/last_folder", str(Path.home())))
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Excel-bestand kiezen"), folder,
            self.tr("Excel-werkmappen (*.xlsx *.xlsm);;Alle bestanden (*)"),
        )
        if name:
            self.path_edit.setText(name)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        if self._wizard.analysis is not None and self._wizard.path == self.chosen_path():
            return True
        self._wizard.file_chosen(self.chosen_path())
        return False  # the wizard moves on when the analysis arrives

    def chosen_path(self) -> Path:
        return Path(self.path_edit.text().strip().strip('"')).expanduser()


class OverviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Wat er in het bestand staat"))
        layout = QVBoxLayout(self)
        plan_box = QGroupBox(self.tr("Nieuw uitvoeringsplan"))
        form = QGridLayout(plan_box)
        self.municipality = QLineEdit()
        self.municipality.setAccessibleName(self.tr("Gemeente"))
        self.start_year = QSpinBox()
        self.start_year.setRange(2000, 2100)
        self.start_year.setAccessibleName(self.tr("Uitvoeringsplan vanaf"))
        self.length = QComboBox()
        self.length.addItems([self.tr("twee jaar"), self.tr("één jaar")])
        self.into_current = QCheckBox(self.tr("Toevoegen aan het huidige uitvoeringsplan in plaats "
                                              "van een nieuw plan"))
        self.into_current.toggled.connect(self._into_current_toggled)
        form.addWidget(QLabel(self.tr("&Gemeente:")), 0, 0)
        form.addWidget(self.municipality, 0, 1)
        form.addWidget(QLabel(self.tr("&Vanaf:")), 0, 2)
        form.addWidget(self.start_year, 0, 3)
        form.addWidget(QLabel(self.tr("&Looptijd:")), 0, 4)
        form.addWidget(self.length, 0, 5)
        form.addWidget(self.into_current, 1, 0, 1, 6)
        for column, widget in ((0, self.municipality), (2, self.start_year), (4, self.length)):
            label = form.itemAtPosition(0, column).widget()
            if isinstance(label, QLabel):
                label.setBuddy(widget)
        form.setColumnStretch(1, 1)
        layout.addWidget(plan_box)
        layout.addWidget(QLabel(self.tr("<b>Per werkblad</b>")))
        self.sheets_model = RowsModel([self.tr("Werkblad"), self.tr("Gelezen als"), self.tr("Thema's"),
                                       self.tr("Activiteiten"), self.tr("Indicatoren"),
                                       self.tr("Kopregel"), self.tr("Opmerking")], self)
        self.sheets_view = _table(self.sheets_model, self.tr("Werkbladen"))
        layout.addWidget(self.sheets_view, 1)
        layout.addWidget(QLabel(self.tr("<b>Herkende thema's</b>")))
        self.themes_model = RowsModel([self.tr("Thema"), self.tr("Soort"), self.tr("Veiligheidsveld"),
                                       self.tr("Onderdelen"), self.tr("Activiteiten"),
                                       self.tr("Indicatoren"), self.tr("Werkblad")], self)
        self.themes_view = _table(self.themes_model, self.tr("Herkende thema's"))
        layout.addWidget(self.themes_view, 2)
        layout.addWidget(QLabel(self.tr("<b>Wat wordt overgeslagen of valt op, en waarom</b>")))
        self.notes_model = RowsModel([self.tr("Werkblad"), self.tr("Rij"), self.tr("Wat"),
                                      self.tr("Reden")], self)
        self.notes_view = _table(self.notes_model, self.tr("Overgeslagen en opvallende rijen"))
        layout.addWidget(self.notes_view, 2)

    def _into_current_toggled(self, checked: bool) -> None:
        for widget in (self.municipality, self.start_year, self.length):
            widget.setEnabled(not checked)

    def initializePage(self) -> None:  # noqa: N802
        self.refresh()

    def refresh(self) -> None:
        analysis = self._wizard.analysis
        if analysis is None:
            return
        self.setSubTitle(self.tr("%1: %2 thema's, %3 activiteiten en %4 indicatoren herkend.")
                         .replace("%1", analysis.path.name)
                         .replace("%2", str(len(analysis.themes)))
                         .replace("%3", str(analysis.activity_count))
                         .replace("%4", str(analysis.indicator_count)))
        self.municipality.setText(analysis.municipality)
        self.start_year.setValue(analysis.start_year)
        self.length.setCurrentIndex(0 if analysis.end_year > analysis.start_year else 1)
        self.into_current.setEnabled(self._wizard.has_current_plan)
        self.sheets_model.set_rows([
            (s.name, s.kind, len(s.themes) if s.themes else "", s.activities, s.indicators,
             s.header_row or "", s.reason or "; ".join(s.notes[:2]))
            for s in analysis.sheets
        ])
        fields = {f.number: f.label for f in catalogue().fields}
        self.themes_model.set_rows([
            (t.name, t.kind.label, (fields.get(t.field_number, "") if t.field_number else self.tr("—"))
             + (f" ({t.standard_theme_code})" if t.standard_theme_code else ""),
             len(t.sections), t.activity_count, len(t.indicators), t.sheet)
            for t in analysis.themes
        ])
        notes: list[tuple[Any, ...]] = []
        for sheet in analysis.sheets:
            if not sheet.imported:
                notes.append((sheet.name, "", self.tr("werkblad overgeslagen"), sheet.reason))
            notes.extend((n.sheet, n.row, self.tr("rij overgeslagen"), n.reason) for n in sheet.skipped)
            notes.extend((n.sheet, n.row, self.tr("let op"), n.reason) for n in sheet.flagged)
        notes.extend(("", "", self.tr("opmerking"), note) for note in analysis.notes)
        self.notes_model.set_rows(notes)
        for view in (self.sheets_view, self.themes_view, self.notes_view):
            _fit_columns(view, 360 if view is self.themes_view else 260)

    def overrides(self, base: ImportOverrides) -> ImportOverrides:
        base.municipality = self.municipality.text().strip() or None
        base.start_year = self.start_year.value()
        base.end_year = self.start_year.value() + (1 if self.length.currentIndex() == 0 else 0)
        return base


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._column_boxes: dict[int, QComboBox] = {}
        self.setTitle(self.tr("Voorbeeld en correcties"))
        self.setSubTitle(self.tr(
            "Controleer per werkblad hoe de kolommen zijn gelezen. Klopt iets niet, kies dan de "
            "rij met kolomkoppen, wat elke kolom bevat of het thema, en druk op Opnieuw lezen."
        ))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.sheet_box = QComboBox()
        self.sheet_box.setAccessibleName(self.tr("Werkblad"))
        self.sheet_box.currentIndexChanged.connect(self._show_sheet)
        self.header_row = QSpinBox()
        self.header_row.setRange(0, 1_000_000)
        self.header_row.setSpecialValueText(self.tr("automatisch"))
        self.header_row.setAccessibleName(self.tr("Rij met kolomkoppen"))
        self.theme_box = QComboBox()
        self.theme_box.setEditable(True)
        self.theme_box.setAccessibleName(self.tr("Thema voor dit werkblad"))
        self.theme_box.setMinimumWidth(220)
        self.skip_box = QCheckBox(self.tr("Werkblad overslaan"))
        self.reread = QPushButton(self.tr("&Opnieuw lezen"))
        self.reread.clicked.connect(self._reread)
        for label, widget in ((self.tr("&Werkblad:"), self.sheet_box),
                              (self.tr("&Kopregel:"), self.header_row),
                              (self.tr("&Thema:"), self.theme_box)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            top.addWidget(caption)
            top.addWidget(widget, 1 if widget is self.theme_box else 0)
        top.addWidget(self.skip_box)
        top.addWidget(self.reread)
        layout.addLayout(top)
        self.columns_area = QScrollArea()
        self.columns_area.setWidgetResizable(True)
        self.columns_area.setMinimumHeight(96)
        self.columns_area.setMaximumHeight(130)
        self.columns_widget = QWidget()
        self.columns_layout = QGridLayout(self.columns_widget)
        self.columns_layout.setContentsMargins(6, 4, 6, 4)
        self.columns_layout.setHorizontalSpacing(8)
        self.columns_layout.setVerticalSpacing(4)
        self.columns_area.setWidget(self.columns_widget)
        self.columns_area.setAccessibleName(self.tr("Kolomindeling"))
        layout.addWidget(self.columns_area)
        self.preview_model = RowsModel(list(PREVIEW_COLUMNS), self)
        self.preview_view = _table(self.preview_model, self.tr("Voorbeeld van de activiteiten"))
        layout.addWidget(self.preview_view, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

    def initializePage(self) -> None:  # noqa: N802
        self.refresh()

    def refresh(self) -> None:
        analysis = self._wizard.analysis
        if analysis is None:
            return
        current = self.sheet_box.currentText()
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        for sheet in analysis.sheets:
            self.sheet_box.addItem(sheet.name)
        index = self.sheet_box.findText(current)
        self.sheet_box.setCurrentIndex(max(index, 0))
        self.sheet_box.blockSignals(False)
        self._show_sheet()

    def _show_sheet(self) -> None:
        analysis = self._wizard.analysis
        if analysis is None:
            return
        sheet = analysis.sheet(self.sheet_box.currentText())
        if sheet is None:
            return
        override = self._wizard.overrides.for_sheet(sheet.name)
        self.header_row.setValue(override.header_row or sheet.header_row or 0)
        self.skip_box.setChecked(override.skip)
        self.theme_box.clear()
        self.theme_box.addItem(AUTO_THEME)
        for theme in analysis.themes:
            self.theme_box.addItem(theme.name)
        self.theme_box.setCurrentText(override.theme or AUTO_THEME)
        while self.columns_layout.count():
            item = self.columns_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self._column_boxes.clear()
        labels = [NOT_USED] + [f.value for f in Field if f not in YEAR_FIELDS]
        for field in YEAR_FIELDS:
            labels.append(field.value + " <jaar>")
        for column in sheet.columns[:30]:
            box = QComboBox()
            options = list(labels)
            if column.field and column.field not in options:
                options.insert(1, column.field)
            box.addItems(options)
            box.setEditable(True)
            box.setCurrentText(column.field or NOT_USED)
            caption = f"{column.letter}: {column.header or self.tr('(leeg)')}"
            if column.hidden:
                caption += self.tr(" (verborgen)")
            box.setAccessibleName(caption)
            label = QLabel(caption if len(caption) <= 34 else caption[:33] + "…")
            label.setToolTip(caption)
            label.setBuddy(box)
            position = len(self._column_boxes)
            grid_row, grid_column = divmod(position, 3)
            self.columns_layout.addWidget(label, grid_row, grid_column * 2)
            self.columns_layout.addWidget(box, grid_row, grid_column * 2 + 1)
            self._column_boxes[column.index] = box
        for grid_column in range(3):
            self.columns_layout.setColumnStretch(grid_column * 2 + 1, 1)
        self.columns_area.setVisible(bool(sheet.columns))
        indicators_only = not sheet.preview and bool(sheet.indicator_preview)
        self.preview_model.set_headers(list(INDICATOR_PREVIEW_COLUMNS if indicators_only
                                            else PREVIEW_COLUMNS))
        self.preview_model.set_rows(list(sheet.indicator_preview if indicators_only else sheet.preview))
        _fit_columns(self.preview_view, 240)
        self.preview_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        shown = len(sheet.preview)
        text = self.tr("Werkblad '%1': %2 activiteiten, %3 indicatoren").replace("%1", sheet.name) \
            .replace("%2", str(sheet.activities)).replace("%3", str(sheet.indicators))
        if shown < sheet.activities:
            text += self.tr(" (de eerste %1 staan hierboven)").replace("%1", str(shown))
        if not sheet.imported:
            text += self.tr(" — overgeslagen: %1").replace("%1", sheet.reason)
        self.count_label.setText(text)

    def current_override(self) -> tuple[str, SheetOverride]:
        analysis = self._wizard.analysis
        assert analysis is not None
        name = self.sheet_box.currentText()
        sheet = analysis.sheet(name)
        override = SheetOverride()
        if self.header_row.value():
            override.header_row = self.header_row.value()
        columns = {index: (None if box.currentText() == NOT_USED else box.currentText().replace(" <jaar>", ""))
                   for index, box in self._column_boxes.items()}
        detected = {c.index: c.field for c in sheet.columns} if sheet else {}
        if columns != detected or (override.header_row and sheet and override.header_row != sheet.header_row):
            override.columns = columns if columns != detected or sheet is None or sheet.columns else None
        theme = self.theme_box.currentText().strip()
        override.theme = None if theme in ("", AUTO_THEME) else theme
        override.skip = self.skip_box.isChecked()
        return name, override

    def _reread(self) -> None:
        name, override = self.current_override()
        self._wizard.overrides.sheets[name] = override
        if override.columns is not None or override.header_row is not None:
            self._wizard.corrected_sheets.add(name)
        self._wizard.analyse()


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Importeren"))
        self.setSubTitle(self.tr("Controleer de samenvatting en start de import."))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Importeren"))

    def initializePage(self) -> None:  # noqa: N802
        analysis = self._wizard.analysis
        if analysis is None:
            return
        overview = self._wizard.overview_page
        target = (self.tr("het huidige uitvoeringsplan") if overview.into_current.isChecked() else
                  self.tr("een nieuw uitvoeringsplan %1–%2 van de gemeente %3")
                  .replace("%1", str(overview.start_year.value()))
                  .replace("%2", str(overview.start_year.value() + (1 if overview.length.currentIndex() == 0 else 0)))
                  .replace("%3", overview.municipality.text().strip() or "?"))
        skipped = len(analysis.skipped)
        self.summary.setText(self.tr(
            "<p>IVP Desk zet <b>%1, %2 en %3</b> in %4.</p>"
            "<p>%5</p>"
            "<p>Vóór het importeren maakt IVP Desk een back-up van de database. Het importeren "
            "gebeurt in één keer: breekt u het af of gaat er iets mis, dan blijft de database "
            "precies zoals hij was.</p>"
        ).replace("%1", _count(len(analysis.themes), "thema", "thema's"))
         .replace("%2", _count(analysis.activity_count, "activiteit", "activiteiten"))
         .replace("%3", _count(analysis.indicator_count, "indicator", "indicatoren"))
         .replace("%4", target)
         .replace("%5", self.tr("%1 zonder activiteit of indicator worden overgeslagen; u ziet ze "
                                "straks in het rapport.").replace("%1", _count(skipped, "rij", "rijen").capitalize())
                  if skipped else self.tr("Er worden geen rijen overgeslagen.")))

    def validatePage(self) -> bool:  # noqa: N802
        if self._wizard.report is not None:
            return True
        self._wizard.run_import()
        return False


class ReportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Rapport"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("<b>Geïmporteerd</b>")))
        self.themes_model = RowsModel([self.tr("Thema"), self.tr("Soort"), self.tr("Onderdelen"),
                                       self.tr("Activiteiten"), self.tr("Indicatoren")], self)
        self.themes_view = _table(self.themes_model, self.tr("Geïmporteerde thema's"))
        layout.addWidget(self.themes_view, 1)
        layout.addWidget(QLabel(self.tr("<b>Overgeslagen, opvallend en opmerkingen</b>")))
        self.rows_model = RowsModel([self.tr("Werkblad"), self.tr("Rij"), self.tr("Wat"),
                                     self.tr("Reden")], self)
        self.rows_view = _table(self.rows_model, self.tr("Overgeslagen rijen"))
        layout.addWidget(self.rows_view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("Rapport &opslaan…"))
        self.save_button.clicked.connect(self._save)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def initializePage(self) -> None:  # noqa: N802
        report = self._wizard.report
        if report is None:
            return
        self.setSubTitle(report.summary_line())
        lines = [
            self.tr("Geïmporteerd: %1 thema's, %2 onderdelen, %3 activiteiten, %4 indicatoren "
                    "(%5 nieuwe partners).")
            .replace("%1", str(report.themes)).replace("%2", str(report.sections))
            .replace("%3", str(report.activities)).replace("%4", str(report.indicators))
            .replace("%5", str(report.partners_new)),
        ]
        if report.backup is not None:
            lines.append(self.tr("Back-up vooraf: %1").replace("%1", report.backup.name))
        self.summary.setText("\n".join(lines))
        rows: list[tuple[Any, ...]] = [(s.name, "", self.tr("werkblad overgeslagen"), s.reason)
                                       for s in report.skipped_sheets]
        rows += [(n.sheet, n.row, self.tr("overgeslagen"), n.reason) for n in report.skipped_rows]
        rows += [(n.sheet, n.row, self.tr("let op"), n.reason) for n in report.flagged_rows]
        rows += [("", "", self.tr("opmerking"), note) for note in report.notes]
        self.rows_model.set_rows(rows)
        _fit_columns(self.rows_view)
        kinds = {k.value: k.label for k in ThemeKind}
        self.themes_model.set_rows([(name, kinds.get(kind, kind), sections, activities, indicators)
                                    for name, kind, sections, activities, indicators
                                    in report.imported_themes])
        _fit_columns(self.themes_view, 420)

    def _save(self) -> None:
        report = self._wizard.report
        if report is None:
            return
        suggestion = str(report.path.with_name(report.path.stem + " - importrapport.json"))
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Rapport opslaan"), suggestion,
                                              self.tr("JSON (*.json)"))
        if name:
            self._wizard.save_report(Path(name))


class ImportWizard(QWizard):
    """The wizard; ``file_chosen(path)`` is the single entry point after choosing a file."""

    def __init__(self, db: Database, parent: Any = None, *, has_current_plan: bool = False,
                 paths: Paths | None = None,
                 on_ivpdesk_export: Callable[[Path], Any] | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.paths = paths
        # Called with the path when the officer chooses to process an IVP Desk export as
        # changes to the current plan (the re-import of issue 8) instead of a new import.
        self.on_ivpdesk_export = on_ivpdesk_export
        self.has_current_plan = has_current_plan
        self.path: Path | None = None
        self.analysis: ImportAnalysis | None = None
        self.overrides = ImportOverrides()
        self.corrected_sheets: set[str] = set()
        self.report: ImportReport | None = None
        self.task: TaskHandle | None = None
        self.remembered: list[str] = []
        self.setWindowTitle(self.tr("Importeren uit Excel"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(1100, 700)
        self.file_page = FilePage(self)
        self.overview_page = OverviewPage(self)
        self.preview_page = PreviewPage(self)
        self.confirm_page = ConfirmPage(self)
        self.report_page = ReportPage(self)
        for page in (self.file_page, self.overview_page, self.preview_page, self.confirm_page,
                     self.report_page):
            self.addPage(page)
        # The same words as the new-plan wizard (qtbase_nl says "< Terug").
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Vorige"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Volgende >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Sluiten"))

    # ------------------------------------------------------------------ steps

    def file_chosen(self, path: Path) -> None:
        """The officer chose ``path``: read it (off the GUI thread), then show what was found.

        An IVP Desk export is usually a partner's edited copy: importing it as a new plan
        would duplicate every activity, so the officer is asked first.
        """
        if self.on_ivpdesk_export is not None and self._is_ivpdesk_export(path):
            if self._process_as_update(path):
                return
        self.path = path
        self.analysis = None
        self.report = None
        self.overrides = ImportOverrides()
        self.corrected_sheets = set()
        QSettings().setValue("import/last_folder", str(path.parent))
        self.analyse(first=True)

    def _is_ivpdesk_export(self, path: Path) -> bool:
        """An export of a plan in this database (an export of another one imports plainly)."""
        from ivpdesk.services.xlsx_update import is_export_of

        try:
            return path.is_file() and is_export_of(self.db, path)
        except Exception:  # noqa: BLE001 - an unreadable file gets the importer's own message
            return False

    def _process_as_update(self, path: Path) -> bool:
        """Ask what to do with an IVP Desk export; True when it went to the re-import."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Export uit IVP Desk"))
        box.setText(self.tr("%1 is een Excel-bestand dat uit deze database is geëxporteerd.")
                    .replace("%1", path.name))
        box.setInformativeText(self.tr(
            "Stuurde een partner het bewerkt terug, verwerk dan de wijzigingen: u ziet eerst "
            "precies wat er verandert, en er ontstaan geen dubbele activiteiten. Als nieuw plan "
            "importeren maakt een tweede exemplaar van elke activiteit."
        ))
        update = box.addButton(self.tr("&Wijzigingen verwerken…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Als &nieuw plan importeren"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(update)
        box.exec()
        clicked = box.clickedButton()
        if clicked is update:
            assert self.on_ivpdesk_export is not None
            self.reject()
            self.on_ivpdesk_export(path)
            return True
        return clicked is cancel

    def analyse(self, *, first: bool = False) -> None:
        if self.path is None:
            return
        path, db = self.path, self.db
        overrides = self._current_overrides()

        def work(progress: Progress) -> tuple[ImportAnalysis, list[str], ImportOverrides]:
            analysis = analyse_workbook(path, overrides=overrides, progress=progress)
            applied: list[str] = []
            if first:
                with db.uow() as uow:
                    remembered, applied = remembered_overrides(uow, analysis)
                if applied:
                    analysis = analyse_workbook(path, overrides=remembered, progress=progress)
                    return analysis, applied, remembered
            return analysis, applied, overrides

        self.task = run_task(self, self.tr("Het Excel-bestand wordt gelezen…"), work,
                             lambda result: self._analysed(result, first), self._failed)

    def _current_overrides(self) -> ImportOverrides:
        overrides = self.overrides
        if self.analysis is not None:
            self.overview_page.overrides(overrides)
        return overrides

    def _analysed(self, result: tuple[ImportAnalysis, list[str], ImportOverrides], first: bool) -> None:
        self.analysis, applied, self.overrides = result
        if applied:
            self.remembered = applied
            self.analysis.notes.insert(0, self.tr(
                "De eerder door u gecorrigeerde kolomindeling is gebruikt voor: %1."
            ).replace("%1", ", ".join(applied)))
        if first:
            if self.currentPage() is self.file_page:
                self.next()
        else:
            self.overview_page.refresh()
            self.preview_page.refresh()

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)

    def run_import(self) -> None:
        analysis = self.analysis
        if analysis is None:
            return
        overview = self.overview_page
        analysis.municipality = overview.municipality.text().strip() or analysis.municipality
        start = overview.start_year.value()
        end = start + (1 if overview.length.currentIndex() == 0 else 0)
        if (start, end) != (analysis.start_year, analysis.end_year):
            analysis.start_year, analysis.end_year = start, end
            if not (analysis.ivp_start <= start and end <= analysis.ivp_end):
                analysis.ivp_start, analysis.ivp_end = start, start + 3
        into_current = overview.into_current.isChecked()
        db = self.db

        def work(progress: Progress) -> ImportReport:
            return write_analysis(db, analysis, into_current=into_current, progress=progress,
                                  paths=self.paths)

        self.task = run_task(self, self.tr("Importeren…"), work, self._imported, self._failed)

    def _imported(self, report: ImportReport) -> None:
        self.report = report
        sheets = sorted(self.corrected_sheets)
        if sheets and self.analysis is not None:
            try:
                with self.db.uow(source="import") as uow:
                    remember_overrides(uow, self.analysis, sheets)
                    uow.commit()
            except DomainError as error:  # remembering is a convenience, never a failure
                QMessageBox.information(self, APP_NAME, error.message)
        self.next()

    def save_report(self, path: Path) -> None:
        assert self.report is not None
        try:
            path.write_text(self.report.to_json(), encoding="utf-8")
        except OSError as error:
            QMessageBox.warning(self, APP_NAME, self.tr("Het rapport kan niet worden opgeslagen: %1")
                                .replace("%1", os_error_text(error)))
