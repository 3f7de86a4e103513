"""The indicators tab: all indicators with their yearly state, and one indicator in full.

Top: the overview (per plan year: doel, meting, stand; and the IVP end target), limited
to the theme chosen in the navigator. Bottom: everything of the selected indicator,
editable (naam, bron, eenheid, richting, thema, uitgangswaarde, doelstellingen and
metingen per jaar) next to its trend chart. Every change is one undoable edit through
the window's edit controller.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ivpdesk import APP_NAME
from ivpdesk.domain import Baseline, Direction, Indicator, PlanBundle
from ivpdesk.domain.indicators import parse_dutch_number
from ivpdesk.services import editing
from ivpdesk.services.editing import FieldChange
from ivpdesk.ui.models.indicator_models import (
    INDICATOR_ROLE,
    IndicatorTableModel,
    IndicatorYearsModel,
    baseline_text,
)
from ivpdesk.ui.models.navigator_model import navigator_theme_order
from ivpdesk.ui.widgets.inputs import CommitLineEdit, OwnerCombo, enum_data
from ivpdesk.ui.widgets.trend_chart import TrendChart

if TYPE_CHECKING:
    from ivpdesk.ui.main_window import MainWindow

SOURCES = ["Veiligheidsmonitor", "Politie (BVI)", "GIDS / BVI", "Eigen registratie", "Halt",
           "Veilig Thuis", "Brandweer / veiligheidsregio", "CBS", "Burgerpeiling"]
UNITS = ["%", "aantal", "per 1.000 inwoners", "rapportcijfer", "score"]


class IndicatorEditor(QWidget):
    """Every field of one indicator."""

    def __init__(self, tab: IndicatorsTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.indicator: Indicator | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = CommitLineEdit()
        self.source = OwnerCombo()
        self.source.set_choices(SOURCES)
        self.unit = OwnerCombo()
        self.unit.set_choices(UNITS)
        self.direction = QComboBox()
        for direction in Direction:
            self.direction.addItem(direction.value.capitalize(), direction)
        self.theme = QComboBox()
        self.baseline = CommitLineEdit()
        self.baseline.setPlaceholderText(self.tr("bijvoorbeeld 8,7"))
        self.baseline_year = QSpinBox()
        self.baseline_year.setRange(1999, 2100)
        self.baseline_year.setSpecialValueText(self.tr("geen jaar"))
        self.baseline_year.setAccessibleName(self.tr("Jaar van de uitgangswaarde"))
        baseline_row = QHBoxLayout()
        baseline_row.addWidget(self.baseline, 1)
        baseline_row.addWidget(QLabel(self.tr("in")))
        baseline_row.addWidget(self.baseline_year)
        for text, widget in ((self.tr("&Naam"), self.name), (self.tr("&Bron"), self.source),
                             (self.tr("&Eenheid"), self.unit), (self.tr("&Richting"), self.direction),
                             (self.tr("&Thema"), self.theme)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        baseline_label = QLabel(self.tr("&Uitgangswaarde"))
        baseline_label.setBuddy(self.baseline)
        self.baseline.setAccessibleName(self.tr("Uitgangswaarde"))
        form.addRow(baseline_label, baseline_row)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Doelstellingen en metingen per jaar (dubbelklik of F2 "
                                        "om te wijzigen):")))
        self.years_model = IndicatorYearsModel(self)
        self.years_table = QTableView()
        self.years_table.setModel(self.years_model)
        self.years_table.setAccessibleName(self.tr("Doelstellingen en metingen per jaar"))
        self.years_table.verticalHeader().setVisible(False)
        self.years_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.years_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                         | QAbstractItemView.EditTrigger.EditKeyPressed
                                         | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.years_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.years_table, 1)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)

        self.name.committed.connect(lambda text: self._request(name=text))
        self.source.committed.connect(lambda text: self._request(source=text))
        self.unit.committed.connect(lambda text: self._request(unit=text))
        self.direction.activated.connect(
            lambda _i: self._request(direction=enum_data(self.direction, Direction)))
        self.theme.activated.connect(lambda _i: self._request(theme_id=self.theme.currentData()))
        self.baseline.committed.connect(lambda _text: self._baseline_changed())
        self.baseline_year.editingFinished.connect(self._baseline_changed)
        self.years_model.targets_edited.connect(lambda targets: self._request(targets=targets))
        self.years_model.measurements_edited.connect(
            lambda measurements: self._request(measurements=measurements))
        self.years_model.invalid.connect(self.error.setText)

    def set_themes(self, bundle: PlanBundle) -> None:
        self.theme.clear()
        self.theme.addItem(self.tr("Geen (overkoepelend)"), None)
        for theme in navigator_theme_order(bundle):
            self.theme.addItem(theme.name, theme.id)

    def show_indicator(self, indicator: Indicator | None, bundle: PlanBundle | None) -> None:
        self.indicator = indicator
        self.error.clear()
        enabled = indicator is not None
        for widget in (self.name, self.source, self.unit, self.direction, self.theme,
                       self.baseline, self.baseline_year, self.years_table):
            widget.setEnabled(enabled)
        if indicator is None or bundle is None:
            self.years_model.load(None, [], [])
            return
        self.name.set_saved_text(indicator.name)
        self.source.set_saved_text(indicator.source)
        self.unit.set_saved_text(indicator.unit)
        self.direction.setCurrentIndex(max(self.direction.findData(indicator.direction), 0))
        self.theme.setCurrentIndex(max(self.theme.findData(indicator.theme_id), 0))
        baseline = indicator.baseline
        self.baseline.set_saved_text(baseline.raw.split("[")[0].strip() if baseline.raw else
                                     baseline_text(indicator))
        self.baseline_year.blockSignals(True)
        self.baseline_year.setValue(baseline.year or self.baseline_year.minimum())
        self.baseline_year.blockSignals(False)
        safety = bundle.safety_plan
        self.years_model.load(indicator, bundle.plan.years,
                              list(range(safety.start_year, safety.end_year + 1)))

    def _baseline_changed(self) -> None:
        if self.indicator is None:
            return
        text = self.baseline.text().strip()
        year = self.baseline_year.value()
        year_value = None if year == self.baseline_year.minimum() else year
        value = parse_dutch_number(text) if text else None
        if text and value is None:
            self.error.setText(self.tr("De uitgangswaarde '%1' is geen getal; hij wordt als tekst "
                                       "bewaard.").replace("%1", text))
        raw = f"{text} [{year_value}]" if text and year_value else text
        baseline = Baseline(value=value, year=year_value, raw=raw)
        if baseline != self.indicator.baseline:
            self._request(baseline=baseline)

    def _request(self, **changes: Any) -> None:
        if self.indicator is None or self.tab.read_only:
            return
        self.error.clear()
        self.tab.edit_indicator(self.indicator, changes)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.name, self.baseline):
            widget.setReadOnly(read_only)
        for combo in (self.source, self.unit, self.direction, self.theme):
            combo.setEnabled(not read_only and self.indicator is not None)
        self.baseline_year.setReadOnly(read_only)
        self.years_model.read_only = read_only


class IndicatorsTab(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.bundle: PlanBundle | None = None
        self.read_only = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        self.heading = QLabel(self.tr("Indicatoren"))
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.heading.setFont(font)
        top.addWidget(self.heading, 1)
        self.add_button = QPushButton(self.tr("Indicator &toevoegen"))
        self.delete_button = QPushButton(self.tr("&Verwijderen…"))
        self.up_button = QPushButton(self.tr("Om&hoog"))
        self.down_button = QPushButton(self.tr("Om&laag"))
        for button in (self.add_button, self.delete_button, self.up_button, self.down_button):
            top.addWidget(button)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setStyleSheet("color: #4a5563;")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.model = IndicatorTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Indicatoren met stand per jaar"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().lineSpacing() + 8)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._on_current())

        self.editor = IndicatorEditor(self)
        self.chart = TrendChart()
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.editor)
        bottom.addWidget(self.chart)
        bottom.setStretchFactor(0, 1)
        bottom.setStretchFactor(1, 1)
        self.bottom_splitter = bottom
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)

        self.add_button.clicked.connect(self.add_indicator)
        self.delete_button.clicked.connect(self.delete_indicator)
        self.up_button.clicked.connect(lambda: self.step(-1))
        self.down_button.clicked.connect(lambda: self.step(+1))
        self._theme_id: int | None = None
        self._header_state: QByteArray | None = None
        self._header_count = -1
        self._update_buttons()

    # ------------------------------------------------------------------ data

    def load(self, bundle: PlanBundle | None) -> None:
        selected = self.current_indicator()
        self.bundle = bundle
        self.model.load(bundle, navigator_theme_order(bundle) if bundle else ())
        self._size_columns()
        if bundle is not None:
            self.editor.set_themes(bundle)
        self.show_theme(self._theme_id if bundle is not None and any(
            t.id == self._theme_id for t in bundle.themes) else None)
        if selected is not None and selected.id is not None:
            self.select_indicator(selected.id)
        self._on_current()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        if self._header_state is not None and header.count() == self._header_count:
            header.restoreState(self._header_state)
            return
        widths = [150, 300, 130, 90, 120]
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, widths[column] if column < len(widths) else 88)
        if self.model.end_year is not None:
            self.table.setColumnWidth(self.model.columnCount() - 1, 150)

    def show_theme(self, theme_id: int | None) -> None:
        self._theme_id = theme_id
        self.model.set_theme_filter(theme_id)
        theme = next((t for t in self.bundle.themes if t.id == theme_id), None) if self.bundle else None
        self.heading.setText(self.tr("Indicatoren: %1").replace("%1", theme.name) if theme
                             else self.tr("Indicatoren van het hele plan"))
        self._summarise()
        if self.model.rowCount():
            self.table.selectRow(0)
        self._on_current()

    def _summarise(self) -> None:
        from ivpdesk.domain import TargetState

        if self.bundle is None:
            self.summary.clear()
            return
        parts = [self.tr("%1 indicatoren").replace("%1", str(self.model.rowCount()))]
        for year in self.bundle.plan.years:
            states = [self.model.indicator_at(r).state_for(year) for r in range(self.model.rowCount())]
            on = sum(s is TargetState.ON_TRACK for s in states)
            off = sum(s is TargetState.OFF_TRACK for s in states)
            none = sum(s is TargetState.NO_MEASUREMENT for s in states)
            parts.append(self.tr("%1: %2 op koers, %3 niet op koers, %4 zonder meting")
                         .replace("%1", str(year)).replace("%2", str(on))
                         .replace("%3", str(off)).replace("%4", str(none)))
        self.summary.setText(" · ".join(parts))

    def current_indicator(self) -> Indicator | None:
        index = self.table.currentIndex()
        return index.data(INDICATOR_ROLE) if index.isValid() else None

    def select_indicator(self, indicator_id: int) -> bool:
        row = self.model.row_of(indicator_id)
        if row is None and self._theme_id is not None:
            self.show_theme(None)
            row = self.model.row_of(indicator_id)
        if row is None:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _on_current(self) -> None:
        indicator = self.current_indicator()
        self.editor.show_indicator(indicator, self.bundle)
        if indicator is not None and self.bundle is not None:
            self.chart.set_indicator(indicator, self.editor.years_model.years, self.bundle.plan.years)
        else:
            self.chart.set_indicator(None, [], [])
        self._update_buttons()

    def indicator_saved(self, indicator: Indicator) -> None:
        """Show a saved edit (called by the window after the edit controller saved it)."""
        if self.bundle is not None:
            self.bundle.indicators = [indicator if i.id == indicator.id else i
                                      for i in self.bundle.indicators]
        theme_changed = any(i.id == indicator.id and i.theme_id != indicator.theme_id
                            for i in self.model._all)
        if theme_changed:
            self.load(self.bundle)
            self.select_indicator(indicator.id or 0)
            return
        self.model.replace(indicator)
        self._summarise()
        if self.editor.indicator is not None and self.editor.indicator.id == indicator.id:
            self._on_current()

    # ------------------------------------------------------------------ editing

    def edit_indicator(self, indicator: Indicator, changes: dict[str, Any]) -> None:
        assert indicator.id is not None
        self.window_.edits.edit(
            [FieldChange("indicator", indicator.id, changes, version=indicator.version)],
            base={("indicator", indicator.id): indicator})

    def add_indicator(self) -> None:
        if self.bundle is None or self.read_only:
            return
        self.window_.show_tab("indicators")
        indicator = Indicator(name=self.tr("Nieuwe indicator"), theme_id=self._theme_id,
                              direction=Direction.LOWER_IS_BETTER)
        change = self.window_.edits.structure(editing.add_indicator, self.bundle.plan.id, indicator)
        if change is not None:
            self.editor.name.setFocus()
            self.editor.name.selectAll()

    def delete_indicator(self) -> None:
        indicator = self.current_indicator()
        if indicator is None or self.read_only:
            return
        box = QMessageBox(QMessageBox.Icon.Question, APP_NAME,
                          self.tr("Indicator '%1' verwijderen?").replace("%1", indicator.name),
                          parent=self)
        box.setInformativeText(self.tr("Met alle doelstellingen en metingen. U kunt dit ongedaan "
                                       "maken met Ctrl+Z."))
        yes = box.addButton(self.tr("Verwijderen"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        if box.clickedButton() is yes:
            self.window_.edits.structure(editing.delete_indicator, indicator.id)

    def step(self, delta: int) -> None:
        indicator = self.current_indicator()
        if indicator is None or self.read_only:
            return
        self.window_.edits.structure(editing.step_indicator, indicator.id, delta)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.editor.set_read_only(read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current_indicator() is not None
        writable = self.bundle is not None and not self.read_only
        self.add_button.setEnabled(writable)
        for button in (self.delete_button, self.up_button, self.down_button):
            button.setEnabled(writable and has)

    # ------------------------------------------------------------------ state

    def restore_state(self, settings: QSettings) -> None:
        for key, splitter in (("indicators/splitter", self.splitter),
                              ("indicators/bottom", self.bottom_splitter)):
            state = settings.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        header = settings.value("indicators/header")
        count = settings.value("indicators/header_columns")
        if isinstance(header, QByteArray) and count is not None:
            self._header_state, self._header_count = header, int(count)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("indicators/splitter", self.splitter.saveState())
        settings.setValue("indicators/bottom", self.bottom_splitter.saveState())
        header = self.table.horizontalHeader()
        if header.count():
            settings.setValue("indicators/header", header.saveState())
            settings.setValue("indicators/header_columns", header.count())


__all__ = ["IndicatorsTab", "replace"]
