"""Domain rules and their Dutch messages; no database, no Qt."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ivpdesk.domain import (
    Activity,
    ActivityStatus,
    Baseline,
    ControlMoment,
    Direction,
    ImplementationPlan,
    Indicator,
    Measurement,
    Operator,
    PlanStatus,
    SafetyPlan,
    Target,
    TargetState,
    Theme,
    ValidationError,
)
from ivpdesk.domain.control_calendar import default_control_moments
from ivpdesk.domain.enums import ControlMomentKind
from ivpdesk.domain.formatting import format_date, format_number, format_value, parse_date
from ivpdesk.domain.indicators import parse_dutch_number
from ivpdesk.paths import catalogue


@pytest.mark.parametrize(
    ("obj", "field", "message"),
    [
        (SafetyPlan(municipality=" ", start_year=2027, end_year=2030), "municipality", "Vul de naam van de gemeente in."),
        (SafetyPlan(municipality="X", start_year=2030, end_year=2027), "end_year", "Het eindjaar van het IVP ligt vóór het beginjaar."),
        (ImplementationPlan(None, 2027, 2029), "end_year", "Een uitvoeringsplan beslaat één of twee jaar."),
        (ImplementationPlan(None, 2027, 2028, status=PlanStatus.ADOPTED), "adopted_on",
         "Een vastgesteld uitvoeringsplan heeft een datum van vaststelling."),
        (Activity(description="  "), "description", "Een activiteit heeft een omschrijving nodig."),
        (Activity(description="x", budget=Decimal("-1")), "budget", "Het budget kan niet negatief zijn."),
        (Activity(description="x", partners=["Politie", "politie "]), "partners", "Een partner staat dubbel bij de activiteit."),
        (Theme(name=""), "name", "Een thema heeft een naam nodig."),
        (Theme(name="X", field_number=6), "field_number", "Een veiligheidsveld is genummerd van 1 tot en met 5."),
        (Theme(name="X", field_number=1, standard_theme_code="3.1"), "standard_theme_code",
         "Standaardthema 3.1 hoort niet bij veiligheidsveld 1."),
        (Indicator(name=""), "name", "Een indicator heeft een naam nodig."),
        (Indicator(name="x", targets=[Target(2027, Operator.LE, 3.0, "≤ 3"), Target(2027, None, None, "x")]),
         "targets", "Er staat twee keer een doelstelling voor hetzelfde jaar."),
        (ControlMoment(name="x", due_on=date(2027, 1, 1), lead_days=400), "lead_days",
         "De voorbereidingstijd ligt tussen 0 en 365 dagen."),
    ],
)
def test_validation_errors_are_typed_and_dutch(obj: object, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        obj.validate()  # type: ignore[attr-defined]
    assert caught.value.field == field
    assert caught.value.message == message


def test_activity_years_must_lie_in_the_plan() -> None:
    with pytest.raises(ValidationError, match="Jaar 2031 valt buiten het uitvoeringsplan"):
        Activity(description="x", years=[2027, 2031]).validate([2027, 2028])


def test_plan_must_lie_within_ivp() -> None:
    ivp = SafetyPlan(municipality="X", start_year=2027, end_year=2030)
    with pytest.raises(ValidationError, match="valt buiten de looptijd van het IVP"):
        ImplementationPlan(None, 2030, 2031).validate(ivp)
    ImplementationPlan(None, 2029, 2030).validate(ivp)


@pytest.mark.parametrize(
    ("text", "status"),
    [("Loopt", ActivityStatus.RUNNING), ("afgerond.", ActivityStatus.DONE),
     ("In uitvoering", ActivityStatus.RUNNING), ("VERVALLEN", ActivityStatus.CANCELLED),
     ("", ActivityStatus.NOT_STARTED), ("niet\u00a0gestart", ActivityStatus.NOT_STARTED)],
)
def test_status_parse(text: str, status: ActivityStatus) -> None:
    assert ActivityStatus.parse(text) is status


def test_status_parse_unknown_names_choices() -> None:
    with pytest.raises(ValidationError, match="Onbekende status 'misschien'"):
        ActivityStatus.parse("misschien")


@pytest.mark.parametrize(
    ("text", "value"),
    [("8,7", 8.7), ("3,5%", 3.5), ("1.234,5", 1234.5), ("70", 70.0), ("6.7", 6.7), ("abc", None),
     ("", None), ("12 %", 12.0)],
)
def test_parse_dutch_number(text: str, value: float | None) -> None:
    assert parse_dutch_number(text) == value


@pytest.mark.parametrize(
    ("text", "operator", "value"),
    [("≤ 8%", Operator.LE, 8.0), ("< 4,0", Operator.LT, 4.0), (">= 6,7", Operator.GE, 6.7),
     ("≥ 6,7", Operator.GE, 6.7), ("70", Operator.EQ, 70.0), ("> 2", Operator.GT, 2.0)],
)
def test_target_parse_numeric(text: str, operator: Operator, value: float) -> None:
    target = Target.parse(2027, text)
    assert (target.operator, target.value, target.raw) == (operator, value, text)


def test_target_parse_text_kept_as_written() -> None:
    target = Target.parse(2028, "≤ G32-gemiddelde van 2018")
    assert target.operator is Operator.LE
    assert target.value is None
    assert target.raw == "≤ G32-gemiddelde van 2018"


def _indicator(direction: Direction, targets: list[Target], measured: dict[int, float],
               baseline: float | None = 10.0) -> Indicator:
    return Indicator(name="i", direction=direction, baseline=Baseline(baseline, 2025),
                     targets=targets,
                     measurements=[Measurement(y, v) for y, v in measured.items()])


@pytest.mark.parametrize(
    ("operator", "target", "value", "state"),
    [
        (Operator.LE, 8.0, 8.0, TargetState.ON_TRACK),
        (Operator.LE, 8.0, 8.1, TargetState.OFF_TRACK),
        (Operator.LT, 4.0, 4.0, TargetState.OFF_TRACK),
        (Operator.LT, 4.0, 3.9, TargetState.ON_TRACK),
        (Operator.GE, 6.7, 6.7, TargetState.ON_TRACK),
        (Operator.GE, 6.7, 6.6, TargetState.OFF_TRACK),
        (Operator.GT, 6.7, 6.7, TargetState.OFF_TRACK),
        (Operator.GT, 6.7, 6.8, TargetState.ON_TRACK),
    ],
)
def test_target_state_per_operator(operator: Operator, target: float, value: float,
                                   state: TargetState) -> None:
    indicator = _indicator(Direction.LOWER_IS_BETTER, [Target(2027, operator, target, "")], {2027: value})
    assert indicator.state_for(2027) is state


def test_equal_target_uses_direction() -> None:
    lower = _indicator(Direction.LOWER_IS_BETTER, [Target(2027, Operator.EQ, 70, "70")], {2027: 65})
    higher = _indicator(Direction.HIGHER_IS_BETTER, [Target(2027, Operator.EQ, 70, "70")], {2027: 65})
    assert lower.state_for(2027) is TargetState.ON_TRACK
    assert higher.state_for(2027) is TargetState.OFF_TRACK


def test_year_without_measurement_is_not_red() -> None:
    indicator = _indicator(Direction.LOWER_IS_BETTER, [Target(2027, Operator.LE, 8, "≤ 8")], {})
    assert indicator.state_for(2027) is TargetState.NO_MEASUREMENT


def test_text_target_is_not_assessable_and_later_target_governs() -> None:
    text = _indicator(Direction.LOWER_IS_BETTER, [Target(2027, Operator.LE, None, "≤ G32")], {2027: 3})
    assert text.state_for(2027) is TargetState.NOT_ASSESSABLE
    later = _indicator(Direction.LOWER_IS_BETTER, [Target(2028, Operator.LE, 5, "≤ 5")], {2026: 6})
    assert later.state_for(2026) is TargetState.OFF_TRACK


def test_no_target_compares_with_baseline_in_direction() -> None:
    assert _indicator(Direction.HIGHER_IS_BETTER, [], {2027: 11}).state_for(2027) is TargetState.ON_TRACK
    assert _indicator(Direction.LOWER_IS_BETTER, [], {2027: 11}).state_for(2027) is TargetState.OFF_TRACK


def test_dutch_formatting() -> None:
    assert format_date(date(2027, 3, 5)) == "05-03-2027"
    assert parse_date("5-3-2027") == date(2027, 3, 5)
    assert format_number(1234.5) == "1.234,5"
    assert format_number(8.7) == "8,7"
    assert format_number(70.0) == "70"
    assert format_value(3.5, "%") == "3,5%"
    with pytest.raises(ValueError, match="geen geldige datum"):
        parse_date("31-02-2027")


def test_catalogue_has_five_fields_with_numbered_themes() -> None:
    cat = catalogue()
    assert [f.number for f in cat.fields] == [1, 2, 3, 4, 5]
    assert cat.field(1).name == "Veilige woon- en leefomgeving"
    assert cat.standard_theme("1.1").name == "Sociale kwaliteit"  # type: ignore[union-attr]
    assert cat.standard_theme("5.5").name == "Ambtelijke en bestuurlijke integriteit"  # type: ignore[union-attr]
    for safety_field in cat.fields:
        assert safety_field.themes
        assert all(t.code.startswith(f"{safety_field.number}.") for t in safety_field.themes)


def test_default_control_moments_cover_the_cycle() -> None:
    moments = default_control_moments(2027, 2028)
    kinds = {m.kind for m in moments}
    assert {ControlMomentKind.PROGRESS_REPORT, ControlMomentKind.COUNCIL_LETTER,
            ControlMomentKind.ANNUAL_REPORT, ControlMomentKind.EVALUATION,
            ControlMomentKind.NEXT_PLAN, ControlMomentKind.SAFETY_MONITOR,
            ControlMomentKind.TRIANGLE_MEETING} <= kinds
    progress = [m.due_on for m in moments if m.kind is ControlMomentKind.PROGRESS_REPORT]
    assert progress == [date(2027, 6, 30), date(2028, 6, 30)]
    monitor = [m.due_on for m in moments if m.kind is ControlMomentKind.SAFETY_MONITOR]
    assert monitor == [date(2028, 3, 10)]
    assert all(m.lead_days == 14 for m in moments)
    assert [m.due_on for m in moments] == sorted(m.due_on for m in moments)
