"""All deadlines and P&C moments as an iCalendar file (.ics) for Outlook or any other agenda.

Why it looks like this:

* **Stable UIDs** — ``<database id>-activiteit-<activity id>-<deadline index>@ivpdesk`` and
  ``<database id>-pc-<moment id>@ivpdesk``. The database id
  (:func:`ivpdesk.services.identity.database_identity`) is derived from the first
  uitvoeringsplan, so read-only exports, copies and restored backups keep their UIDs and a
  different database never collides. Importing the file again updates the appointments
  instead of duplicating them; ``SEQUENCE`` and ``DTSTAMP`` grow with every export so
  agenda programs accept the newer version.
* **All-day, free** appointments (a deadline does not block the officer's agenda), with a
  reminder (``VALARM``) at 09:00 on the first day of the lead time. Past and closed items
  keep their appointment (so a re-import marks them "[gereed]") but get no alarm.
* The description names the activity, theme, onderdeel, trekkers, partners and the
  planning as written, in Dutch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from ivpdesk import APP_NAME, __version__
from ivpdesk.domain import ActivityStatus, PlanBundle
from ivpdesk.domain.formatting import format_date
from ivpdesk.domain.planning import activity_deadlines, activity_planning
from ivpdesk.domain.reminders import DEFAULT_ACTIVITY_LEAD_DAYS, short_title
from ivpdesk.services.atomic import write_atomically
from ivpdesk.services.identity import database_identity
from ivpdesk.services.progress import Progress
from ivpdesk.store.uow import Database

UID_DOMAIN = "ivpdesk"
ALARM_HOUR = 9
_SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class CalendarEntry:
    """One appointment, before it becomes iCalendar text."""

    uid: str
    summary: str
    description: str
    due_on: date
    lead_days: int
    alarm: bool
    categories: tuple[str, ...]
    cancelled: bool = False


def activity_uid(database_id: str, activity_id: int | None, index: int) -> str:
    return f"{database_id}-activiteit-{activity_id}-{index}@{UID_DOMAIN}"


def control_moment_uid(database_id: str, moment_id: int | None) -> str:
    return f"{database_id}-pc-{moment_id}@{UID_DOMAIN}"


def calendar_entries(bundle: PlanBundle, database_id: str, today: date, *,
                     activity_lead_days: int = DEFAULT_ACTIVITY_LEAD_DAYS) -> Iterator[CalendarEntry]:
    """Every activity deadline and every P&C moment of ``bundle`` (pure)."""
    footer = (f"Uitvoeringsplan {bundle.plan.period_label} van de gemeente "
              f"{bundle.safety_plan.municipality}; uit {APP_NAME} op {format_date(today)}.")
    years = bundle.plan.years
    for theme, section, activity in bundle.activities():
        deadlines = activity_deadlines(activity, years)
        if not deadlines:
            continue
        planning = activity_planning(activity, years)
        title = short_title(activity.display_title)
        closed = activity.status.is_closed
        lines = [f"Activiteit: {title}"]
        if activity.description.strip() and short_title(activity.description) != title:
            lines.append(activity.description.strip())
        lines.append(f"Thema: {theme.name} ({theme.kind.label.lower()})")
        if section.name:
            lines.append(f"Onderdeel: {section.name}")
        lines.append(f"Bestuurlijk trekker: {activity.political_owner or '-'}")
        lines.append(f"Ambtelijk trekker: {activity.officer_owner or '-'}")
        if activity.partners:
            lines.append("Partners: " + ", ".join(activity.partners))
        if activity.deadline_override is not None:
            lines.append(f"Deadline ingesteld: {format_date(activity.deadline_override)} "
                         f"(planning: {activity.planning_text or '-'})")
        else:
            lines.append(f"Planning: {activity.planning_text} — {planning.explanation}")
        lines.append(f"Status: {activity.status.value}")
        prefix = f"[{activity.status.value}] " if closed else ""
        for index, due_on in enumerate(deadlines):
            extra = [f"Deadline {index + 1} van {len(deadlines)}: {format_date(due_on)}"] \
                if len(deadlines) > 1 else []
            yield CalendarEntry(
                uid=activity_uid(database_id, activity.id, index),
                summary=f"{prefix}Deadline: {short_title(title, 90)}",
                description="\n".join([*lines, *extra, "", footer]),
                due_on=due_on, lead_days=activity_lead_days,
                alarm=not closed and due_on >= today,
                categories=(APP_NAME, theme.name),
                cancelled=activity.status is ActivityStatus.CANCELLED,
            )
    for moment in bundle.control_moments:
        done = moment.done_on is not None
        remind = moment.due_on - timedelta(days=moment.lead_days)
        lines = [
            f"P&C-moment: {moment.name} ({moment.kind.value})",
            f"Voorbereiding: {moment.lead_days} dagen (herinnering vanaf {format_date(remind)})",
        ]
        if done:
            lines.append(f"Gereed op {format_date(moment.done_on)}")
        if moment.notes.strip():
            lines.append(f"Notities: {moment.notes.strip()}")
        yield CalendarEntry(
            uid=control_moment_uid(database_id, moment.id),
            summary=f"{'[gereed] ' if done else ''}P&C: {moment.name}",
            description="\n".join([*lines, "", footer]),
            due_on=moment.due_on, lead_days=moment.lead_days,
            alarm=not done and moment.due_on >= today,
            categories=(APP_NAME, "P&C-kalender"),
        )


def build_calendar(bundle: PlanBundle, database_id: str, *, now: datetime | None = None,
                   activity_lead_days: int = DEFAULT_ACTIVITY_LEAD_DAYS,
                   progress: Progress | None = None) -> tuple[Calendar, int]:
    """The iCalendar object and the number of appointments in it."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    today = now.astimezone().date()
    sequence = max(0, int((now - _SEQUENCE_EPOCH).total_seconds() // 60))
    calendar = Calendar()
    calendar.add("prodid", f"-//{APP_NAME}//{APP_NAME} {__version__}//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{APP_NAME} {bundle.safety_plan.municipality} {bundle.plan.period_label}"
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-caldesc", "Deadlines en P&C-momenten van het uitvoeringsplan")
    count = 0
    for entry in calendar_entries(bundle, database_id, today, activity_lead_days=activity_lead_days):
        if progress is not None and count % 200 == 0:
            progress.check()
            progress.step(count, 0, f"{count} afspraken gemaakt…")
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", now)
        event.add("last-modified", now)
        event.add("sequence", sequence)
        event.add("dtstart", entry.due_on)
        event.add("dtend", entry.due_on + timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("description", entry.description)
        event.add("categories", list(entry.categories))
        event.add("transp", "TRANSPARENT")
        event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        event.add("x-microsoft-cdo-busystatus", "FREE")
        event.add("x-microsoft-cdo-alldayevent", "TRUE")
        if entry.alarm:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(days=-entry.lead_days, hours=ALARM_HOUR))
            alarm.add("description", f"Herinnering: {entry.summary} op {format_date(entry.due_on)}")
            event.add_component(alarm)
        calendar.add_component(event)
        count += 1
    return calendar, count


@dataclass(frozen=True)
class CalendarExport:
    path: Path
    appointments: int


def export_ics(db: Database, bundle: PlanBundle, path: Path, *, now: datetime | None = None,
               progress: Progress | None = None) -> CalendarExport:
    """Write ``bundle``'s deadlines and P&C moments to ``path`` (atomically)."""
    from ivpdesk.services.reminders import activity_lead_days

    with db.uow() as uow:
        lead = activity_lead_days(uow)
    calendar, count = build_calendar(bundle, database_identity(db), now=now,
                                     activity_lead_days=lead, progress=progress)
    write_atomically(Path(path), calendar.to_ical())
    return CalendarExport(path=Path(path), appointments=count)
