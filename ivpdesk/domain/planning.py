"""Planning text as written in the plan → structured planning (deadlines, recurrence).

The raw text is always kept on the activity; this module only interprets it. What is
not understood is flagged (``understood=False``), never guessed.

This is the contract other parts use (reminders, PDF, exports):
``parse_planning(text, plan_years) -> Planning`` and
``activity_deadlines(activity, plan_years) -> list[date]`` (an officer's override wins).
The foundation understands only the simplest forms; the deadlines issue extends the
parser to the full range of Dutch planning phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from ivpdesk.domain.model import Activity


class PlanningKind(StrEnum):
    DATE = "datum"
    PERIOD = "periode"
    FROM_YEAR = "vanaf-jaar"
    ONGOING = "doorlopend"
    RECURRING = "terugkerend"
    AD_HOC = "ad hoc"
    UNKNOWN = "onbekend"


@dataclass(frozen=True)
class Recurrence:
    """How often something recurs: ``times_per_year`` or every ``interval_days`` days."""

    times_per_year: float | None = None
    interval_days: int | None = None


@dataclass(frozen=True)
class Planning:
    raw: str
    kind: PlanningKind
    deadlines: tuple[date, ...] = field(default_factory=tuple)
    recurrence: Recurrence | None = None
    understood: bool = True


_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YEAR = re.compile(r"^(20\d{2})$")


def _normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").lower().split()).strip(" .;")


def parse_planning(text: str, plan_years: list[int]) -> Planning:
    """Interpret ``text``; the deadline of a period is its last day."""
    key = _normalise(text)
    if not key:
        return Planning(raw=text, kind=PlanningKind.UNKNOWN, understood=False)
    if key == "doorlopend":
        return Planning(raw=text, kind=PlanningKind.ONGOING)
    match = _DATE.match(key)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return Planning(raw=text, kind=PlanningKind.DATE, deadlines=(date(year, month, day),))
        except ValueError:
            pass
    match = _YEAR.match(key)
    if match:
        return Planning(raw=text, kind=PlanningKind.PERIOD,
                        deadlines=(date(int(match.group(1)), 12, 31),))
    return Planning(raw=text, kind=PlanningKind.UNKNOWN, understood=False)


def activity_deadlines(activity: Activity, plan_years: list[int]) -> list[date]:
    """The activity's deadlines: the officer's override if set, else from the planning text."""
    if activity.deadline_override is not None:
        return [activity.deadline_override]
    return list(parse_planning(activity.planning_text, plan_years).deadlines)
