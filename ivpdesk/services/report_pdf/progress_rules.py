"""What the voortgangsrapportage says about activities and indicators at a peildatum.

Pure rules (no ReportLab), so they can be tested on their own and reused by the GUI.
Deadlines come only from :func:`ivpdesk.domain.planning.activity_deadlines`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ivpdesk.domain import (
    Activity,
    ActivityStatus,
    Indicator,
    PlanBundle,
    Section,
    TargetState,
    Theme,
    target_state,
)
from ivpdesk.domain.planning import activity_deadlines


def overdue_since(activity: Activity, deadlines: Sequence[date], as_of: date) -> date | None:
    """The deadline since which an activity is over tijd at ``as_of``, or None.

    * gereed or vervallen: never over tijd;
    * no deadline before the peildatum: not over tijd;
    * "loopt" with a deadline still ahead (recurring work, "voorjaar en najaar"): not
      over tijd; "loopt" after its last deadline: over tijd since that last deadline;
    * niet gestart or vertraagd: over tijd since the first deadline that passed.
    """
    if activity.status.is_closed:
        return None
    passed = sorted(d for d in deadlines if d < as_of)
    if not passed:
        return None
    if activity.status is ActivityStatus.RUNNING:
        if any(d >= as_of for d in deadlines):
            return None
        return passed[-1]
    return passed[0]


@dataclass(frozen=True)
class ActivityProgress:
    theme: Theme
    section: Section
    activity: Activity
    deadlines: tuple[date, ...]
    overdue_since: date | None

    @property
    def is_overdue(self) -> bool:
        return self.overdue_since is not None


def next_deadline(deadlines: Sequence[date], as_of: date) -> date | None:
    ahead = sorted(d for d in deadlines if d >= as_of)
    return ahead[0] if ahead else None


def theme_progress(theme: Theme, plan_years: list[int], as_of: date) -> list[ActivityProgress]:
    """The theme's activities, over tijd first (longest over tijd first), then plan order."""
    items = []
    for section in theme.sections:
        for activity in section.activities:
            deadlines = tuple(activity_deadlines(activity, plan_years))
            items.append(ActivityProgress(theme, section, activity, deadlines,
                                          overdue_since(activity, deadlines, as_of)))
    overdue = sorted((i for i in items if i.is_overdue), key=lambda i: i.overdue_since or as_of)
    rest = [i for i in items if not i.is_overdue]
    return overdue + rest


def status_counts(activities: Iterable[Activity]) -> dict[ActivityStatus, int]:
    """Count per status, every status present (in the order of the enum)."""
    counter = Counter(a.status for a in activities)
    return {status: counter.get(status, 0) for status in ActivityStatus}


@dataclass(frozen=True)
class YearCell:
    year: int
    target: str  # as written, or ""
    measured: float | None
    state: TargetState | None  # None for a year after the peildatum


def indicator_years(indicator: Indicator, bundle: PlanBundle) -> list[int]:
    """Years to show: baseline, measurements, plan years and targets (up to the IVP end)."""
    years = set(bundle.plan.years)
    if indicator.baseline.year:
        years.add(indicator.baseline.year)
    years.update(m.year for m in indicator.measurements)
    years.update(t.year for t in indicator.targets)
    return sorted(years)


def measured_until(indicator: Indicator, as_of: date) -> Indicator:
    """The indicator as known at the peildatum: measurements after its year left out."""
    return replace(indicator,
                   measurements=[m for m in indicator.measurements if m.year <= as_of.year])


def year_cells(indicator: Indicator, years: Sequence[int], as_of: date) -> list[YearCell]:
    known = measured_until(indicator, as_of)
    cells = []
    for year in years:
        target = known.target_for(year)
        measurement = known.measurement_for(year)
        if year > as_of.year:
            state = None
        else:
            state = target_state(known, year)
        cells.append(YearCell(year, target.raw if target else "",
                              measurement.value if measurement else None, state))
    return cells


def current_state(indicator: Indicator, as_of: date) -> tuple[int, TargetState] | None:
    """State of the latest measured year at the peildatum, or None without a measurement."""
    known = measured_until(indicator, as_of)
    if not known.measurements:
        return None
    year = max(m.year for m in known.measurements)
    return year, target_state(known, year)


def state_counts(indicators: Iterable[Indicator], as_of: date) -> dict[TargetState, int]:
    counter: Counter[TargetState] = Counter()
    for indicator in indicators:
        found = current_state(indicator, as_of)
        counter[found[1] if found else TargetState.NO_MEASUREMENT] += 1
    return {state: counter.get(state, 0) for state in TargetState}
