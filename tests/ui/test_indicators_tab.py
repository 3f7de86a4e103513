"""The indicators tab: state per year for every operator, editing everything, trend chart."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from ivpdesk.domain import (
    Baseline,
    Direction,
    Indicator,
    Measurement,
    Operator,
    PlanBundle,
    Target,
    TargetState,
)
from ivpdesk.services.plans import load_current
from ivpdesk.store.uow import Database
from ivpdesk.ui.main_window import MainWindow
from ivpdesk.ui.models.indicator_models import (
    STATE_COLOURS,
    STATE_ROLE,
    IndicatorTableModel,
    IndicatorYearsModel,
)
from ivpdesk.ui.widgets.trend_chart import TrendChart, nice_step
from tests.dumps import dump
from tests.ui.workspace_helpers import DialogAnswer, make_window


@pytest.fixture
def window(qtbot, demo_db: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    win = make_window(qtbot, demo_db)
    win.show_tab("indicators")
    return win


def _state_column(model: IndicatorTableModel, year: int) -> int:
    return next(c for c in range(model.columnCount())
                if model.headerData(c, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.Orientation.Horizontal)
                == f"Stand {year}")


@pytest.mark.parametrize(
    ("operator", "target", "measured", "state"),
    [
        (Operator.LE, 8.0, 8.0, TargetState.ON_TRACK),
        (Operator.LE, 8.0, 8.1, TargetState.OFF_TRACK),
        (Operator.LT, 4.0, 3.9, TargetState.ON_TRACK),
        (Operator.LT, 4.0, 4.0, TargetState.OFF_TRACK),
        (Operator.GE, 6.7, 6.7, TargetState.ON_TRACK),
        (Operator.GE, 6.7, 6.6, TargetState.OFF_TRACK),
        (Operator.GT, 70.0, 71.0, TargetState.ON_TRACK),
        (Operator.GT, 70.0, 70.0, TargetState.OFF_TRACK),
        (Operator.EQ, 10.0, 9.0, TargetState.ON_TRACK),  # lower is better: 9 beats "= 10"
        (Operator.EQ, 10.0, 11.0, TargetState.OFF_TRACK),
    ],
)
def test_state_per_year_for_each_operator(demo_db: Database, qtbot, operator: Operator,  # type: ignore[no-untyped-def]
                                          target: float, measured: float, state: TargetState) -> None:
    bundle = load_current(demo_db)
    indicator = Indicator(
        name="Proef", unit="%", direction=Direction.LOWER_IS_BETTER, id=999,
        targets=[Target(year=2027, operator=operator, value=target, raw=f"{operator.value} {target}")],
        measurements=[Measurement(year=2027, value=measured)],
    )
    bundle.indicators = [indicator]
    model = IndicatorTableModel()
    model.load(bundle)
    for year, expected in ((2027, state), (2028, TargetState.NO_MEASUREMENT)):
        index = model.index(0, _state_column(model, year))
        assert index.data(STATE_ROLE) == expected  # (Qt hands a StrEnum back as str)
        assert index.data() == {"op koers": "op koers", "niet op koers": "niet op koers",
                                "geen meting": "geen meting"}[expected.value]
    # A year without a measurement is grey, never red.
    empty = model.index(0, _state_column(model, 2028))
    assert empty.data(__import__("PySide6.QtCore", fromlist=["Qt"]).Qt.ItemDataRole.ForegroundRole).color() == QColor(
        STATE_COLOURS[TargetState.NO_MEASUREMENT][0])


def test_table_shows_targets_measurements_and_ivp_end(window: MainWindow) -> None:
    model = window.indicators.model
    headers = [model.headerData(c, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.Orientation.Horizontal)
               for c in range(model.columnCount())]
    assert headers[:5] == ["Thema", "Indicator", "Bron", "Eenheid", "Uitgangswaarde"]
    assert "Doel 2027" in headers and "Meting 2028" in headers and "Stand 2028" in headers
    assert "Doel 2030 (einde IVP)" in headers
    assert model.rowCount() == 14
    assert "op koers" in window.indicators.summary.text()
    # Choosing a theme in the navigator limits the list.
    theme = next(t for t in window.bundle.themes if window.bundle.indicators_of(t.id))  # type: ignore[union-attr]
    window.navigator.setCurrentIndex(window.navigator_model.index_of_theme(theme.id))
    assert model.rowCount() == len(window.bundle.indicators_of(theme.id))  # type: ignore[union-attr]
    assert theme.name in window.indicators.heading.text()


def test_edit_every_part_of_an_indicator_and_undo(window: MainWindow, demo_db: Database) -> None:
    tab = window.indicators
    tab.table.selectRow(0)
    indicator = tab.current_indicator()
    assert indicator is not None
    before = dump(demo_db)
    editor = tab.editor
    editor.name.setText("Woninginbraken per 1.000 huishoudens")
    editor.name.editingFinished.emit()
    editor.unit.setEditText("per 1.000 huishoudens")
    editor.unit.commit()
    editor.direction.setCurrentIndex(editor.direction.findData(Direction.HIGHER_IS_BETTER))
    editor.direction.activated.emit(editor.direction.currentIndex())
    editor.baseline.setText("3,4")
    editor.baseline_year.setValue(2024)
    editor.baseline.editingFinished.emit()
    years = editor.years_model
    row_2027 = years.years.index(2027)
    assert years.setData(years.index(row_2027, IndicatorYearsModel.COL_TARGET), "≥ 3,5")
    assert years.setData(years.index(row_2027, IndicatorYearsModel.COL_MEASURED), "3,6")
    assert not years.setData(years.index(row_2027 + 1, IndicatorYearsModel.COL_MEASURED), "veel")
    assert "geen getal" in editor.error.text()
    with demo_db.uow() as uow:
        stored = uow.indicators.get(indicator.id)  # type: ignore[arg-type]
    assert stored.name == "Woninginbraken per 1.000 huishoudens"
    assert stored.unit == "per 1.000 huishoudens"
    assert stored.direction is Direction.HIGHER_IS_BETTER
    assert (stored.baseline.value, stored.baseline.year) == (3.4, 2024)
    assert stored.target_for(2027).operator is Operator.GE  # type: ignore[union-attr]
    assert stored.measurement_for(2027).value == 3.6  # type: ignore[union-attr]
    assert stored.measurement_for(2028) is None
    assert stored.state_for(2027) is TargetState.ON_TRACK
    state_index = tab.model.index(0, _state_column(tab.model, 2027))
    assert state_index.data() == "op koers"
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert dump(demo_db) == before


def test_add_move_and_delete_indicators(window: MainWindow, demo_db: Database) -> None:
    tab = window.indicators
    before = dump(demo_db)
    tab.add_button.click()
    assert tab.model.rowCount() == 15
    assert tab.current_indicator().name == "Nieuwe indicator"  # type: ignore[union-attr]
    window.undo_stack.undo()
    assert dump(demo_db) == before
    tab.table.selectRow(0)
    first = tab.current_indicator()
    tab.down_button.click()
    assert tab.current_indicator().id == first.id  # type: ignore[union-attr]
    window.undo_stack.undo()
    assert dump(demo_db) == before
    tab.table.selectRow(0)
    answer = DialogAnswer("Verwijderen")
    tab.delete_button.click()
    answer.verify()
    assert tab.model.rowCount() == 13
    window.undo_stack.undo()
    assert dump(demo_db) == before


def test_trend_chart_draws_baseline_measurements_and_targets(demo_db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    bundle: PlanBundle = load_current(demo_db)
    indicator = Indicator(
        name="Onveiligheidsgevoel", unit="%", direction=Direction.LOWER_IS_BETTER,
        baseline=Baseline(value=18.5, year=2025),
        targets=[Target.parse(2027, "≤ 17"), Target.parse(2030, "≤ G32-gemiddelde")],
        measurements=[Measurement(2026, 18.0), Measurement(2027, 16.5)],
    )
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(480, 280)
    chart.set_indicator(indicator, list(range(2025, 2031)), bundle.plan.years)
    image = chart.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, 480, 3) for y in range(0, 280, 3)}
    assert "#1f6fb2" in colours or any(c.startswith("#1f6") for c in colours)  # measurement line
    assert "#2e7d32" in colours  # target (and the on-track dot)
    description = chart.describe()
    assert "uitgangswaarde 18,5 in 2025" in description and "meting 2027: 16,5" in description
    assert "doel 2030: ≤ G32-gemiddelde" in description
    empty = TrendChart()
    qtbot.addWidget(empty)
    empty.set_indicator(None, [], [])
    empty.grab()  # paints the hint without an indicator
    assert nice_step(7.3) == 2 and nice_step(0.4) == 0.1
