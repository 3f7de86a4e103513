"""Reminders as use cases: read the overview, mark done, snooze a week, undo, remember notices.

The grouping itself is the pure :func:`ivpdesk.domain.reminders.reminders`; this module
adds what needs the database: the done/snooze states (``reminder_state``), the lead time
for activity deadlines (a setting), and the day of the last notification per user.
Marking an activity done goes through the activity repository, so the change log
records it, and refuses a stale edit instead of overwriting someone else's change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.exc import SQLAlchemyError

from ivpdesk.domain import ActivityStatus, PlanBundle, StaleEditError
from ivpdesk.domain.errors import DomainError
from ivpdesk.domain.formatting import format_date
from ivpdesk.domain.reminders import (
    DEFAULT_ACTIVITY_LEAD_DAYS,
    DEFAULT_WITHIN_DAYS,
    Overview,
    Reminder,
    ReminderSource,
    ReminderState,
    reminders,
)
from ivpdesk.services.plans import load_current
from ivpdesk.store.uow import Database, UnitOfWork

ACTIVITY_LEAD_SETTING = "reminders.activity_lead_days"
LAST_NOTIFIED_SETTING = "reminders.last_notified"
SNOOZE_DAYS = 7


def read_states(uow: UnitOfWork) -> dict[str, ReminderState]:
    return {key: ReminderState(*value) for key, value in uow.reminders.all().items()}


def activity_lead_days(uow: UnitOfWork) -> int:
    """Days before an activity deadline that the notification starts naming it."""
    value = uow.settings.get(ACTIVITY_LEAD_SETTING)
    if value is not None and value.isdigit():
        return min(int(value), 365)
    return DEFAULT_ACTIVITY_LEAD_DAYS


def set_activity_lead_days(db: Database, days: int) -> None:
    if not 0 <= days <= 365:
        raise DomainError("De voorbereidingstijd ligt tussen 0 en 365 dagen.")
    with db.uow() as uow:
        uow.settings.set(ACTIVITY_LEAD_SETTING, str(days))
        uow.commit()


def overview_for(db: Database, bundle: PlanBundle, today: date, *,
                 within_days: int = DEFAULT_WITHIN_DAYS) -> Overview:
    """The overview of ``bundle`` on ``today`` with the stored done/snooze states."""
    with db.uow() as uow:
        states = read_states(uow)
        lead = activity_lead_days(uow)
    return reminders(today, bundle, states, within_days=within_days, activity_lead_days=lead)


def current_overview(db: Database, today: date, *,
                     within_days: int = DEFAULT_WITHIN_DAYS) -> tuple[PlanBundle, Overview]:
    """The current plan and its overview (for the CLI); raises NoPlanError without a plan."""
    bundle = load_current(db)
    return bundle, overview_for(db, bundle, today, within_days=within_days)


@dataclass(frozen=True)
class ReminderAction:
    """What "Gereed" or "Week uitstellen" changed, so it can be undone."""

    message: str
    key: str
    previous_state: ReminderState | None
    activity_id: int | None = None
    previous_status: ActivityStatus | None = None
    version_after: int | None = None
    control_moment_id: int | None = None
    previous_done_on: date | None = None
    closed_activity: bool = False


def mark_done(db: Database, reminder: Reminder, today: date, *, source: str = "gui") -> ReminderAction:
    """Gereed: the P&C moment gets a done date; an activity's last open deadline sets it gereed.

    An earlier deadline of an activity with more deadlines ("juni en november") or an
    occurrence of a recurring activity is only ticked off; the activity stays open.
    """
    with db.uow(source=source) as uow:
        previous = read_states(uow).get(reminder.key)
        if reminder.source is ReminderSource.CONTROL_MOMENT:
            assert reminder.control_moment_id is not None
            moment = uow.control_moments.get(reminder.control_moment_id)
            before = moment.done_on
            moment.done_on = today
            uow.control_moments.update(moment)
            uow.commit()
            return ReminderAction(
                message=f"P&C-moment ‘{moment.name}’ is afgevinkt (gereed op {format_date(today)}).",
                key=reminder.key, previous_state=previous,
                control_moment_id=moment.id, previous_done_on=before,
            )
        assert reminder.activity_id is not None
        activity = uow.activities.get(reminder.activity_id)
        if reminder.closes_activity:
            if reminder.activity_version is not None and activity.version != reminder.activity_version:
                raise StaleEditError(
                    f"‘{activity.display_title}’ is intussen door iemand anders gewijzigd; de "
                    "activiteit is niet gereed gemeld. Het overzicht is opnieuw geladen: kijk "
                    "of ze nog gereed gemeld moet worden.",
                    current=activity,
                )
            before_status = activity.status
            activity.status = ActivityStatus.DONE
            updated = uow.activities.update(activity)
            uow.reminders.set(reminder.key, done_on=today)
            uow.commit()
            return ReminderAction(
                message=f"‘{activity.display_title}’ is gereed gemeld.",
                key=reminder.key, previous_state=previous, activity_id=activity.id,
                previous_status=before_status, version_after=updated.version,
                closed_activity=True,
            )
        uow.reminders.set(reminder.key, done_on=today)
        uow.commit()
    due = format_date(reminder.due_on)
    return ReminderAction(
        message=f"Deadline {due} van ‘{reminder.title}’ is afgevinkt; de activiteit loopt door.",
        key=reminder.key, previous_state=previous, activity_id=reminder.activity_id,
    )


def snooze(db: Database, reminder: Reminder, today: date, *, days: int = SNOOZE_DAYS) -> ReminderAction:
    """Week uitstellen: hide the reminder until ``today + days``."""
    until = today + timedelta(days=days)
    with db.uow() as uow:
        previous = read_states(uow).get(reminder.key)
        uow.reminders.set(reminder.key, snoozed_until=until)
        uow.commit()
    return ReminderAction(
        message=f"‘{reminder.title}’ is uitgesteld tot {format_date(until)}.",
        key=reminder.key, previous_state=previous,
    )


def undo(db: Database, action: ReminderAction, *, source: str = "gui") -> None:
    """Put back what ``action`` changed (refused when someone changed the activity since)."""
    with db.uow(source=source) as uow:
        previous = action.previous_state or ReminderState()
        uow.reminders.set(action.key, done_on=previous.done_on, snoozed_until=previous.snoozed_until)
        if action.control_moment_id is not None:
            moment = uow.control_moments.get(action.control_moment_id)
            moment.done_on = action.previous_done_on
            uow.control_moments.update(moment)
        if action.closed_activity and action.activity_id is not None:
            activity = uow.activities.get(action.activity_id)
            if activity.version != action.version_after:
                raise StaleEditError(
                    f"‘{activity.display_title}’ is intussen opnieuw gewijzigd; ongedaan maken "
                    "kan niet meer. Zet de status zo nodig zelf terug.",
                    current=activity,
                )
            activity.status = action.previous_status or ActivityStatus.RUNNING
            uow.activities.update(activity)
        uow.commit()


def _notified_key(user: str) -> str:
    return f"{LAST_NOTIFIED_SETTING}:{user}"


def last_notified(db: Database) -> date | None:
    """The day this user last got the daily notification (None: never)."""
    try:
        with db.uow() as uow:
            value = uow.settings.get(_notified_key(db.actor))
    except SQLAlchemyError:
        return None
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def remember_notified(db: Database, day: date) -> bool:
    """Store the notification day; False when the database cannot be written (read-only)."""
    if db.read_only:
        return False
    try:
        with db.uow() as uow:
            uow.settings.set(_notified_key(db.actor), day.isoformat())
            uow.commit()
    except SQLAlchemyError:
        return False
    return True
