"""Herinneringen: what is late, due this week, due in the coming 30 days, or not understood.

A pure function of (today, plan, states): :func:`reminders` reads the activity deadlines
(:func:`~ivpdesk.domain.planning.activity_deadlines`) and the P&C moments of a
:class:`~ivpdesk.domain.PlanBundle` and groups them for the Overzicht, the
``ivpdesk deadlines`` command and the daily notification. Nothing here asks the system
for the date: the caller passes ``today`` (from :mod:`ivpdesk.domain.clock`).

Rules (also in the README, "Herinneringen"):

* closed activities (gereed, vervallen) and P&C moments with a done date are left out;
* Te laat: the deadline has passed; Deze week: today and the next six days;
  Komende 30 dagen: up to 30 days ahead, or earlier when the lead time is longer;
* Planning niet herkend: open activities whose planning text was not understood and that
  have no deadline set by the officer;
* a reminder marked done or snoozed (``states``, keyed by :attr:`Reminder.key`) stays away
  until the snooze date. Keys contain the deadline itself, so a changed deadline is a new
  reminder and is not hidden by an old snooze.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from ivpdesk.domain.enums import ActivityStatus, ControlMomentKind
from ivpdesk.domain.formatting import format_date
from ivpdesk.domain.model import PlanBundle
from ivpdesk.domain.planning import PlanningKind, activity_deadlines, activity_planning

DEFAULT_WITHIN_DAYS = 30
THIS_WEEK_DAYS = 7
DEFAULT_ACTIVITY_LEAD_DAYS = 14


class ReminderGroup(StrEnum):
    OVERDUE = "te laat"
    THIS_WEEK = "deze week"
    UPCOMING = "komende dagen"
    UNRECOGNISED = "planning niet herkend"

    def label(self, within_days: int = DEFAULT_WITHIN_DAYS) -> str:
        return {
            ReminderGroup.OVERDUE: "Te laat",
            ReminderGroup.THIS_WEEK: "Deze week",
            ReminderGroup.UPCOMING: f"Komende {within_days} dagen",
            ReminderGroup.UNRECOGNISED: "Planning niet herkend",
        }[self]


class ReminderSource(StrEnum):
    ACTIVITY = "activiteit"
    CONTROL_MOMENT = "pc-moment"


class ReminderState(NamedTuple):
    """What the officer did with a reminder (stored per key in ``reminder_state``)."""

    done_on: date | None = None
    snoozed_until: date | None = None


def deadline_key(activity_id: int | None, due_on: date) -> str:
    return f"activiteit:{activity_id}:{due_on.isoformat()}"


def control_moment_key(moment_id: int | None, due_on: date) -> str:
    return f"pc-moment:{moment_id}:{due_on.isoformat()}"


def planning_key(activity_id: int | None) -> str:
    return f"planning:{activity_id}"


def short_title(text: str, limit: int | None = None) -> str:
    """An activity's title for a list: no closing full stop ("Meldpunt." → "Meldpunt"),
    cut at ``limit`` characters with an ellipsis."""
    text = " ".join(text.split()).rstrip(" .")
    if limit is not None and len(text) > limit:
        return text[: limit - 1].rstrip(" ,;:") + "…"
    return text


def describe_days(days: int | None) -> str:
    """'vandaag', 'morgen', 'over 5 dagen', 'gisteren', '3 dagen te laat'."""
    if days is None:
        return ""
    if days == 0:
        return "vandaag"
    if days == 1:
        return "morgen"
    if days == -1:
        return "gisteren"
    if days < 0:
        return f"{-days} dagen te laat"
    return f"over {days} dagen"


@dataclass(frozen=True)
class Reminder:
    """One row of the Overzicht: an activity deadline, a P&C moment or a planning to check."""

    key: str
    group: ReminderGroup
    source: ReminderSource
    title: str
    due_on: date | None = None
    days_left: int | None = None
    lead_days: int = DEFAULT_ACTIVITY_LEAD_DAYS
    activity_id: int | None = None
    activity_version: int | None = None
    control_moment_id: int | None = None
    control_kind: ControlMomentKind | None = None
    theme: str = ""
    section: str = ""
    political_owner: str = ""
    officer_owner: str = ""
    planning_text: str = ""
    explanation: str = ""
    status: ActivityStatus | None = None
    closes_activity: bool = False
    """True when "Gereed" on this row closes the activity (its last open deadline)."""
    deadline_index: int | None = None

    @property
    def remind_on(self) -> date | None:
        """The first day of the lead time: from then on the daily notification names it."""
        return None if self.due_on is None else self.due_on - timedelta(days=self.lead_days)

    @property
    def when(self) -> str:
        return describe_days(self.days_left)

    @property
    def owner(self) -> str:
        return self.officer_owner or self.political_owner


@dataclass(frozen=True)
class Overview:
    today: date
    within_days: int = DEFAULT_WITHIN_DAYS
    overdue: tuple[Reminder, ...] = field(default_factory=tuple)
    this_week: tuple[Reminder, ...] = field(default_factory=tuple)
    upcoming: tuple[Reminder, ...] = field(default_factory=tuple)
    unrecognised: tuple[Reminder, ...] = field(default_factory=tuple)

    @property
    def groups(self) -> list[tuple[ReminderGroup, tuple[Reminder, ...]]]:
        return [
            (ReminderGroup.OVERDUE, self.overdue),
            (ReminderGroup.THIS_WEEK, self.this_week),
            (ReminderGroup.UPCOMING, self.upcoming),
            (ReminderGroup.UNRECOGNISED, self.unrecognised),
        ]

    def items(self, group: ReminderGroup) -> tuple[Reminder, ...]:
        return dict(self.groups)[group]

    @property
    def counts(self) -> dict[ReminderGroup, int]:
        return {group: len(items) for group, items in self.groups}

    def find(self, key: str) -> Reminder | None:
        return next((r for _g, items in self.groups for r in items if r.key == key), None)

    @property
    def needs_attention(self) -> tuple[Reminder, ...]:
        """What the daily notification names: late, or inside its lead time."""
        soon = [r for r in (*self.this_week, *self.upcoming)
                if r.remind_on is not None and r.remind_on <= self.today]
        return (*self.overdue, *soon)


def _group(days: int, lead_days: int, within_days: int) -> ReminderGroup | None:
    if days < 0:
        return ReminderGroup.OVERDUE
    if days > max(within_days, lead_days):
        return None
    if days < THIS_WEEK_DAYS:
        return ReminderGroup.THIS_WEEK
    return ReminderGroup.UPCOMING


def _hidden(state: ReminderState | tuple[date | None, date | None] | None, today: date) -> bool:
    if state is None:
        return False
    done_on, snoozed_until = state
    return done_on is not None or (snoozed_until is not None and snoozed_until > today)


def reminders(
    today: date,
    bundle: PlanBundle,
    states: Mapping[str, ReminderState | tuple[date | None, date | None]] | None = None,
    *,
    within_days: int = DEFAULT_WITHIN_DAYS,
    activity_lead_days: int = DEFAULT_ACTIVITY_LEAD_DAYS,
) -> Overview:
    """Group the plan's deadlines for ``today`` (see the module docstring for the rules)."""
    states = states or {}
    plan_years = bundle.plan.years
    grouped: dict[ReminderGroup, list[Reminder]] = {g: [] for g in ReminderGroup}

    for theme, section, activity in bundle.activities():
        if activity.status.is_closed:
            continue
        planning = activity_planning(activity, plan_years)
        common = dict(
            source=ReminderSource.ACTIVITY, title=short_title(activity.display_title),
            activity_id=activity.id, activity_version=activity.version, theme=theme.name,
            section=section.name, political_owner=activity.political_owner,
            officer_owner=activity.officer_owner, planning_text=activity.planning_text,
            explanation=planning.explanation, status=activity.status,
            lead_days=activity_lead_days,
        )
        if activity.deadline_override is None and not planning.understood:
            key = planning_key(activity.id)
            if not _hidden(states.get(key), today):
                grouped[ReminderGroup.UNRECOGNISED].append(
                    Reminder(key=key, group=ReminderGroup.UNRECOGNISED, closes_activity=True,
                             **common)  # type: ignore[arg-type]
                )
            continue
        deadlines = activity_deadlines(activity, plan_years)
        if activity.deadline_override is not None:
            common["explanation"] = (
                f"Deadline {format_date(activity.deadline_override)} ingesteld door de "
                f"beleidsmedewerker (planning: {activity.planning_text or '-'})."
            )
        open_deadlines = [d for d in deadlines if not _done(states.get(deadline_key(activity.id, d)))]
        recurring = planning.kind is PlanningKind.RECURRING and activity.deadline_override is None
        last_open = max(open_deadlines) if open_deadlines else None
        for index, due_on in enumerate(deadlines):
            key = deadline_key(activity.id, due_on)
            if _hidden(states.get(key), today):
                continue
            days = (due_on - today).days
            group = _group(days, activity_lead_days, within_days)
            if group is None:
                continue
            grouped[group].append(Reminder(
                key=key, group=group, due_on=due_on, days_left=days, deadline_index=index,
                closes_activity=not recurring and due_on == last_open,
                **common,  # type: ignore[arg-type]
            ))

    for moment in bundle.control_moments:
        if moment.done_on is not None:
            continue
        key = control_moment_key(moment.id, moment.due_on)
        if _hidden(states.get(key), today):
            continue
        days = (moment.due_on - today).days
        group = _group(days, moment.lead_days, within_days)
        if group is None:
            continue
        grouped[group].append(Reminder(
            key=key, group=group, source=ReminderSource.CONTROL_MOMENT, title=moment.name,
            due_on=moment.due_on, days_left=days, lead_days=moment.lead_days,
            control_moment_id=moment.id, control_kind=moment.kind, theme="P&C-kalender",
            explanation=moment.notes,
        ))

    def by_date(items: list[Reminder]) -> tuple[Reminder, ...]:
        return tuple(sorted(items, key=lambda r: (r.due_on or today, r.source != ReminderSource.CONTROL_MOMENT,
                                                  r.title.lower())))

    return Overview(
        today=today, within_days=within_days,
        overdue=by_date(grouped[ReminderGroup.OVERDUE]),
        this_week=by_date(grouped[ReminderGroup.THIS_WEEK]),
        upcoming=by_date(grouped[ReminderGroup.UPCOMING]),
        unrecognised=tuple(grouped[ReminderGroup.UNRECOGNISED]),
    )


def _done(state: ReminderState | tuple[date | None, date | None] | None) -> bool:
    return state is not None and state[0] is not None


def notification_text(overview: Overview, last_notified: date | None = None) -> str | None:
    """The daily notification in Dutch, or None when nothing needs attention.

    ``last_notified`` is the day of the previous notification: deadlines that passed
    since then (while IVP Desk was closed, for instance) are named, so nothing is missed.
    """
    attention = overview.needs_attention
    if not attention:
        return None
    late = len(overview.overdue)
    soon = len(attention) - late
    parts = []
    if late:
        parts.append(f"{late} te laat")
    if soon:
        parts.append(f"{soon} binnenkort")
    if len(attention) == 1:
        text = "1 deadline vraagt aandacht: " + parts[0] + "."
    else:
        text = f"{len(attention)} deadlines vragen aandacht: " + " en ".join(parts) + "."
    if last_notified is not None and last_notified < overview.today:
        missed = [r for r in overview.overdue if r.due_on is not None and r.due_on >= last_notified]
        if missed:
            names = ", ".join(f"‘{short_title(r.title, 45)}’" for r in missed[:2])
            more = f" en {len(missed) - 2} meer" if len(missed) > 2 else ""
            text += f" Verlopen sinds {format_date(last_notified)}: {names}{more}."
    first = attention[0]
    if first.due_on is not None:
        text += f" Eerst: ‘{short_title(first.title, 45)}’ ({format_date(first.due_on)}, {first.when})."
    return text
