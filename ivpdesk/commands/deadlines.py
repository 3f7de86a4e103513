"""``ivpdesk deadlines`` (what is late and due, for people and scheduled tasks) and ``ivpdesk ics``.

``deadlines`` always exits 0 when it could read the plan, also when something is late:
a script decides itself what to do with the list (the JSON shape is in the README).
Both commands only read the plan; ``ics`` may store the database's calendar id once.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ivpdesk.cli import EXIT_OK, AppContext, UserError, command
from ivpdesk.domain import clock
from ivpdesk.domain.formatting import format_date, parse_date
from ivpdesk.domain.reminders import (
    DEFAULT_WITHIN_DAYS,
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


def register(subparsers: Any) -> None:
    deadlines = subparsers.add_parser(
        "deadlines", help="toon wat te laat is en wat eraan komt (voor een geplande taak)",
        description="Toont wat te laat is, wat deze week en wat binnenkort af moet, en welke "
        "planning niet herkend is. Afsluitcode 0, ook als er iets te laat is.",
    )
    deadlines.add_argument(
        "--within", "--binnen", dest="within", type=int, default=DEFAULT_WITHIN_DAYS, metavar="DAGEN",
        help=f"hoeveel dagen vooruit (standaard {DEFAULT_WITHIN_DAYS}; langer als de "
        "voorbereidingstijd langer is)",
    )
    deadlines.add_argument("--json", action="store_true", help="uitvoer als JSON (voor scripts)")
    deadlines.add_argument("--peildatum", metavar="DATUM",
                           help="bekijk de stand op een andere dag (dd-mm-jjjj), standaard vandaag")

    ics = subparsers.add_parser(
        "ics", help="exporteer alle deadlines en P&C-momenten als agenda (.ics, voor Outlook)",
        description="Schrijft alle deadlines en P&C-momenten als iCalendar-bestand. Opnieuw "
        "importeren in Outlook werkt de afspraken bij in plaats van ze te verdubbelen.",
    )
    ics.add_argument("out", metavar="UIT.ics", help="bestand om te schrijven, of - voor de uitvoer")


def _as_of(text: str | None) -> date:
    if not text:
        return clock.today()
    try:
        return parse_date(text)
    except ValueError as error:
        raise UserError(str(error)) from None


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


def _text(overview: Overview, municipality: str, period: str) -> str:
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


@command("deadlines")
def cmd_deadlines(args: argparse.Namespace, ctx: AppContext) -> int:
    from ivpdesk.services.reminders import current_overview

    if not 0 <= args.within <= 3660:
        raise UserError("--within moet tussen 0 en 3660 dagen liggen.")
    today = _as_of(args.peildatum)
    db = ctx.open_db()
    try:
        bundle, overview = current_overview(db, today, within_days=args.within)
    finally:
        db.dispose()
    municipality = bundle.safety_plan.municipality
    if args.json:
        data = overview_to_dict(overview, municipality, bundle.plan.start_year, bundle.plan.end_year)
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_text(overview, municipality, bundle.plan.period_label))
    sys.stdout.flush()
    return EXIT_OK


@command("ics")
def cmd_ics(args: argparse.Namespace, ctx: AppContext) -> int:
    from ivpdesk.services.calendar_ics import build_calendar, database_identity, export_ics
    from ivpdesk.services.plans import load_current
    from ivpdesk.services.reminders import activity_lead_days

    db = ctx.open_db()
    try:
        bundle = load_current(db)
        if args.out == "-":
            with db.uow() as uow:
                lead = activity_lead_days(uow)
            calendar, _count = build_calendar(bundle, database_identity(db), activity_lead_days=lead)
            sys.stdout.buffer.write(calendar.to_ical())
            sys.stdout.flush()
            return EXIT_OK
        result = export_ics(db, bundle, Path(args.out))
    finally:
        db.dispose()
    print(f"Agenda geschreven naar {args.out}: {result.appointments} afspraken "
          "(deadlines en P&C-momenten).")
    return EXIT_OK
