"""Qt models for the indicators tab: the overview table and the per-year grid of one indicator.

The state per year (op koers / niet op koers / geen meting) always comes from
:func:`ivpdesk.domain.indicators.target_state`; a year without a measurement is grey,
never red.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ivpdesk.domain import Indicator, Measurement, PlanBundle, Target, TargetState, Theme
from ivpdesk.domain.formatting import format_value
from ivpdesk.domain.indicators import parse_dutch_number, target_state

AnyIndex = QModelIndex | QPersistentModelIndex
INDICATOR_ROLE = Qt.ItemDataRole.UserRole + 20
STATE_ROLE = Qt.ItemDataRole.UserRole + 21

STATE_COLOURS: dict[TargetState, tuple[str, str]] = {
    TargetState.ON_TRACK: ("#1b5e20", "#e3f1e4"),
    TargetState.OFF_TRACK: ("#a4161a", "#fbe4e2"),
    TargetState.NO_MEASUREMENT: ("#5b6470", "#f1f3f5"),
    TargetState.NOT_ASSESSABLE: ("#5b6470", "#f7f4ea"),
}
STATE_LABELS = {
    TargetState.ON_TRACK: "op koers",
    TargetState.OFF_TRACK: "niet op koers",
    TargetState.NO_MEASUREMENT: "geen meting",
    TargetState.NOT_ASSESSABLE: "niet te beoordelen",
}


def target_text(target: Target | None) -> str:
    if target is None:
        return ""
    if target.raw:
        return target.raw
    operator = target.operator.value + " " if target.operator is not None else ""
    return f"{operator}{format_value(target.value)}"


def measurement_text(measurement: Measurement | None, unit: str) -> str:
    if measurement is None:
        return ""
    return format_value(measurement.value, unit)


def baseline_text(indicator: Indicator) -> str:
    baseline = indicator.baseline
    if baseline.raw:
        return baseline.raw
    if baseline.value is None:
        return ""
    year = f" [{baseline.year}]" if baseline.year else ""
    return f"{format_value(baseline.value, indicator.unit)}{year}"


class IndicatorTableModel(QAbstractTableModel):
    """One row per indicator: thema, naam, bron, eenheid, uitgangswaarde, and per plan year
    the target, the measurement and the state; then the IVP end target."""

    FIXED = 5  # Thema, Indicator, Bron, Eenheid, Uitgangswaarde

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Indicator] = []
        self._themes: dict[int, Theme] = {}
        self.years: list[int] = []
        self.end_year: int | None = None
        self._theme_filter: int | None = None
        self._all: list[Indicator] = []

    def load(self, bundle: PlanBundle | None, theme_order: Sequence[Theme] = ()) -> None:
        self.beginResetModel()
        if bundle is None:
            self._all, self._themes, self.years, self.end_year = [], {}, [], None
        else:
            order = {t.id: n for n, t in enumerate(theme_order or bundle.themes)}
            self._themes = {t.id: t for t in bundle.themes if t.id is not None}
            self._all = sorted(bundle.indicators,
                               key=lambda i: (order.get(i.theme_id, len(order)), i.position, i.id or 0))
            self.years = bundle.plan.years
            end = bundle.safety_plan.end_year
            self.end_year = end if end not in self.years else None
        self._apply_filter()
        self.endResetModel()

    def set_theme_filter(self, theme_id: int | None) -> None:
        self.beginResetModel()
        self._theme_filter = theme_id
        self._apply_filter()
        self.endResetModel()

    def _apply_filter(self) -> None:
        if self._theme_filter is None:
            self._rows = list(self._all)
        else:
            self._rows = [i for i in self._all if i.theme_id == self._theme_filter]

    def replace(self, indicator: Indicator) -> None:
        for collection in (self._all, self._rows):
            for number, item in enumerate(collection):
                if item.id == indicator.id:
                    collection[number] = indicator
        for number, item in enumerate(self._rows):
            if item.id == indicator.id:
                self.dataChanged.emit(self.index(number, 0),
                                      self.index(number, self.columnCount() - 1))

    def indicator_at(self, row: int) -> Indicator:
        return self._rows[row]

    def row_of(self, indicator_id: int) -> int | None:
        return next((n for n, i in enumerate(self._rows) if i.id == indicator_id), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.FIXED + 3 * len(self.years) + (1 if self.end_year else 0)

    def _column(self, column: int) -> tuple[str, int | None]:
        """('theme'|'name'|…|'target'|'measured'|'state'|'end', year)."""
        fixed = ["theme", "name", "source", "unit", "baseline"]
        if column < self.FIXED:
            return fixed[column], None
        offset = column - self.FIXED
        if offset < 3 * len(self.years):
            year = self.years[offset // 3]
            return ["target", "measured", "state"][offset % 3], year
        return "end", self.end_year

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        kind, year = self._column(section)
        return {
            "theme": self.tr("Thema"), "name": self.tr("Indicator"), "source": self.tr("Bron"),
            "unit": self.tr("Eenheid"), "baseline": self.tr("Uitgangswaarde"),
            "target": self.tr("Doel %1").replace("%1", str(year)),
            "measured": self.tr("Meting %1").replace("%1", str(year)),
            "state": self.tr("Stand %1").replace("%1", str(year)),
            "end": self.tr("Doel %1 (einde IVP)").replace("%1", str(year)),
        }[kind]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        indicator = self._rows[index.row()]
        kind, year = self._column(index.column())
        if role == INDICATOR_ROLE:
            return indicator
        state = target_state(indicator, year) if kind == "state" and year is not None else None
        if role == STATE_ROLE:
            return state
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if kind == "theme":
                theme = self._themes.get(indicator.theme_id or -1)
                return theme.name if theme else self.tr("Overkoepelend")
            if kind == "name":
                return indicator.name
            if kind == "source":
                return indicator.source
            if kind == "unit":
                return indicator.unit
            if kind == "baseline":
                return baseline_text(indicator)
            if kind in ("target", "end") and year is not None:
                return target_text(indicator.target_for(year))
            if kind == "measured" and year is not None:
                return measurement_text(indicator.measurement_for(year), indicator.unit)
            if state is not None:
                return STATE_LABELS[state]
        if state is not None and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(STATE_COLOURS[state][0]))
        if state is not None and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATE_COLOURS[state][1]))
        if state is not None and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(state in (TargetState.ON_TRACK, TargetState.OFF_TRACK))
            font.setItalic(state is TargetState.NOT_ASSESSABLE)
            return font
        return None


class IndicatorYearsModel(QAbstractTableModel):
    """Jaar | Doelstelling | Meting | Stand for one indicator; edits go out as signals."""

    targets_edited = Signal(object)  # list[Target]
    measurements_edited = Signal(object)  # list[Measurement]
    invalid = Signal(str)

    COL_YEAR, COL_TARGET, COL_MEASURED, COL_STATE = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.indicator: Indicator | None = None
        self.years: list[int] = []
        self.plan_years: list[int] = []
        self.read_only = False

    def load(self, indicator: Indicator | None, plan_years: Sequence[int], ivp_years: Sequence[int]) -> None:
        self.beginResetModel()
        self.indicator = indicator
        self.plan_years = list(plan_years)
        years = set(ivp_years) | set(plan_years)
        if indicator is not None:
            years |= {t.year for t in indicator.targets} | {m.year for m in indicator.measurements}
            if indicator.baseline.year:
                years.add(indicator.baseline.year)
        self.years = list(range(min(years), max(years) + 1)) if years else []
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.indicator is None else len(self.years)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Jaar"), self.tr("Doelstelling"), self.tr("Meting"), self.tr("Stand")][section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.read_only and index.column() in (self.COL_TARGET, self.COL_MEASURED):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.indicator is None:
            return None
        year = self.years[index.row()]
        indicator = self.indicator
        column = index.column()
        state = target_state(indicator, year) if column == self.COL_STATE else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == self.COL_YEAR:
                marks = []
                if year in self.plan_years:
                    marks.append(self.tr("plan"))
                if indicator.baseline.year == year:
                    marks.append(self.tr("uitgangsjaar"))
                return f"{year}" + (f" ({', '.join(marks)})" if marks and role == Qt.ItemDataRole.DisplayRole else "")
            if column == self.COL_TARGET:
                return target_text(indicator.target_for(year))
            if column == self.COL_MEASURED:
                measurement = indicator.measurement_for(year)
                if role == Qt.ItemDataRole.EditRole:
                    return format_value(measurement.value) if measurement else ""
                return measurement_text(measurement, indicator.unit)
            if state is not None:
                return STATE_LABELS[state]
        if state is not None and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(STATE_COLOURS[state][0]))
        if state is not None and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATE_COLOURS[state][1]))
        if role == Qt.ItemDataRole.FontRole and column == self.COL_YEAR and year in self.plan_years:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if self.indicator is None or role != Qt.ItemDataRole.EditRole or self.read_only:
            return False
        year = self.years[index.row()]
        text = str(value or "").replace("\u00a0", " ").strip()
        if index.column() == self.COL_TARGET:
            targets = [t for t in self.indicator.targets if t.year != year]
            if text:
                targets.append(Target.parse(year, text))
            self.targets_edited.emit(sorted(targets, key=lambda t: t.year))
            return True
        if index.column() == self.COL_MEASURED:
            measurements = [m for m in self.indicator.measurements if m.year != year]
            if text:
                number = parse_dutch_number(text)
                if number is None:
                    self.invalid.emit(
                        self.tr("'%1' is geen getal; schrijf bijvoorbeeld 8,7 of 1.250.")
                        .replace("%1", text))
                    return False
                measurements.append(Measurement(year=year, value=number, raw=text))
            self.measurements_edited.emit(sorted(measurements, key=lambda m: m.year))
            return True
        return False
