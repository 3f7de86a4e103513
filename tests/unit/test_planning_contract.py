"""The planning contract: raw text kept, unknown text flagged, override wins."""

from __future__ import annotations

from datetime import date

from ivpdesk.domain import Activity
from ivpdesk.domain.planning import PlanningKind, activity_deadlines, parse_planning


def test_simple_forms() -> None:
    assert parse_planning("15-03-2027", [2027]).deadlines == (date(2027, 3, 15),)
    assert parse_planning(" Doorlopend. ", [2027]).kind is PlanningKind.ONGOING
    assert parse_planning("2028", [2027, 2028]).deadlines == (date(2028, 12, 31),)


def test_unknown_text_is_flagged_not_guessed() -> None:
    planning = parse_planning("als de wethouder terug is", [2027])
    assert planning.understood is False
    assert planning.deadlines == ()
    assert planning.raw == "als de wethouder terug is"


def test_override_wins() -> None:
    activity = Activity(description="x", planning_text="2027", deadline_override=date(2027, 5, 1))
    assert activity_deadlines(activity, [2027]) == [date(2027, 5, 1)]
    activity.deadline_override = None
    assert activity_deadlines(activity, [2027]) == [date(2027, 12, 31)]
