"""The report of ``ivpdesk deadlines``: Dutch text for people, stable JSON for scripts.

Kept out of the command module so that building the command-line parser (at every
start, the GUI's too) does not load the planning parser and its regular expressions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ivpdesk.domain import clock
from ivpdesk.domain.errors import DomainError
from ivpdesk.domain.formatting import format_date, parse_date
from ivpdesk.domain.reminders import (
    Overview,
    Reminder,
    ReminderGroup,
    ReminderSource,
    short_title,
)

JSON_SCHEMA_VERSION = 1
_JSON_GROUPS = {
    ReminderGroup.OVERDUE: "te_laat",
    ReminderGroup.THIS_WEEK: "deze_week",
    ReminderGroup.UPCOMING: "komende",
    ReminderGroup.UNRECOGNISED: "planning_niet_herkend",
}


def as_of_date(text: str | None) -> date:
    if not text:
        return clock.today()
    try:
        return parse_date(text)
    except ValueError as error:
        raise DomainError(str(error)) from None


def _item(reminder: Reminder) -> dict[str, Any]:
    return {
        "sleutel": reminder.key,
        "soort": reminder.source.value,
        "titel": reminder.title,
        "deadline": reminder.due_on.isoformat() if reminder.due_on else None,
        "dagen": reminder.days_left,
        "herinneren_vanaf": reminder.remind_on.isoformat() if reminder.remind_on else None,
        "activiteit_id": reminder.activity_id,
        "pc_moment_id": reminder.control_moment_id,
        "thema": reminder.theme if reminder.source is ReminderSource.ACTIVITY else None,
        "onderdeel": reminder.section or None,
        "bestuurlijk_trekker": reminder.political_owner or None,
        "ambtelijk_trekker": reminder.officer_owner or None,
        "planning": reminder.planning_text if reminder.source is ReminderSource.ACTIVITY else None,
        "uitleg": reminder.explanation or None,
        "status": reminder.status.value if reminder.status else None,
    }


def overview_to_dict(overview: Overview, municipality: str, start: int, end: int) -> dict[str, Any]:
    """The documented JSON of ``ivpdesk deadlines --json`` (keys are never renamed)."""
    result: dict[str, Any] = {
        "schema_versie": JSON_SCHEMA_VERSION,
        "peildatum": overview.today.isoformat(),
        "binnen_dagen": overview.within_days,
        "gemeente": municipality,
        "uitvoeringsplan": {"start": start, "end": end},
        "aantallen": {_JSON_GROUPS[g]: len(items) for g, items in overview.groups},
    }
    for group, items in overview.groups:
        result[_JSON_GROUPS[group]] = [_item(r) for r in items]
    return result


def report_text(overview: Overview, municipality: str, period: str) -> str:
    lines = [f"Deadlines uitvoeringsplan {period} ({municipality}), peildatum "
             f"{format_date(overview.today)}", ""]
    for group, items in overview.groups[:3]:
        lines.append(f"{group.label(overview.within_days)} ({len(items)})")
        for r in items:
            where = "P&C-kalender" if r.source is ReminderSource.CONTROL_MOMENT else r.theme
            who = f", {r.owner}" if r.owner else ""
            lines.append(f"  {format_date(r.due_on)}  {r.when:<18} {short_title(r.title, 70)} "
                         f"[{where}{who}]")
        if not items:
            lines.append("  -")
        lines.append("")
    unknown = len(overview.unrecognised)
    if unknown:
        noun = "activiteit heeft" if unknown == 1 else "activiteiten hebben"
        lines.append(f"Planning niet herkend: {unknown} {noun} een planning zonder deadline die "
                     "IVP Desk niet begrijpt (zie het Overzicht of --json).")
    return "\n".join(lines).rstrip() + "\n"
