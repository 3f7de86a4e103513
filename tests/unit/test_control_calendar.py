"""The default P&C calendar follows the gemeentelijke cycle described in the issue."""

from __future__ import annotations

from datetime import date

from ivpdesk.domain import ControlMomentKind as K
from ivpdesk.domain.control_calendar import DEFAULT_LEAD_DAYS, default_control_moments
from ivpdesk.services.control_moments import add_missing_defaults
from ivpdesk.services.plans import load_current
from ivpdesk.store.uow import Database
from tests.helpers import make_plan


def _dates(moments, kind):  # type: ignore[no-untyped-def]
    return [m.due_on for m in moments if m.kind is kind]


def test_two_year_plan_gets_the_whole_cycle() -> None:
    moments = default_control_moments(2027, 2028)
    # Voortgangsrapportage in Q2 of each plan year, then a raadsinformatiebrief.
    assert _dates(moments, K.PROGRESS_REPORT) == [date(2027, 6, 30), date(2028, 6, 30)]
    assert _dates(moments, K.COUNCIL_LETTER) == [date(2027, 9, 15), date(2028, 9, 15)]
    assert _dates(moments, K.ANNUAL_REPORT) == [date(2028, 1, 31), date(2029, 1, 31)]
    # Evaluation and the next uitvoeringsplan in Q4 of the last plan year.
    assert _dates(moments, K.EVALUATION) == [date(2028, 10, 31)]
    assert _dates(moments, K.NEXT_PLAN) == [date(2028, 12, 15)]
    # Veiligheidsmonitor: early March of the even years.
    assert _dates(moments, K.SAFETY_MONITOR) == [date(2028, 3, 10)]
    assert len(_dates(moments, K.TRIANGLE_MEETING)) == 8
    assert {m.lead_days for m in moments} == {DEFAULT_LEAD_DAYS} == {14}
    assert all(m.name for m in moments)


def test_one_year_plan_in_an_even_year() -> None:
    moments = default_control_moments(2030, 2030)
    assert _dates(moments, K.SAFETY_MONITOR) == [date(2030, 3, 10)]
    assert _dates(moments, K.EVALUATION) == [date(2030, 10, 31)]
    assert [m.name for m in moments if m.kind is K.EVALUATION] == ["Evaluatie uitvoeringsplan 2030"]


def test_missing_defaults_are_added_once(db: Database) -> None:
    make_plan(db)  # a plan made without moments
    plan = load_current(db).plan
    assert len(add_missing_defaults(db, plan)) == 17
    assert add_missing_defaults(db, plan) == []
    assert len(load_current(db).control_moments) == 17
