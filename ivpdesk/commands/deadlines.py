"""``ivpdesk deadlines`` (what is late and due, for people and scheduled tasks) and ``ivpdesk ics``.

``deadlines`` always exits 0 when it could read the plan, also when something is late:
a script decides itself what to do with the list (the JSON shape is in the README).
Both commands only read the plan; ``ics`` may store the database's calendar id once.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ivpdesk.cli import EXIT_OK, AppContext, UserError, command

# The default of --within; equal to ivpdesk.domain.reminders.DEFAULT_WITHIN_DAYS (tested),
# not imported from there so that building the parser stays cheap.
DEFAULT_WITHIN_DAYS = 30


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


@command("deadlines")
def cmd_deadlines(args: argparse.Namespace, ctx: AppContext) -> int:
    from ivpdesk.services.deadline_report import as_of_date, overview_to_dict, report_text
    from ivpdesk.services.reminders import current_overview

    if not 0 <= args.within <= 3660:
        raise UserError("--within moet tussen 0 en 3660 dagen liggen.")
    today = as_of_date(args.peildatum)
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
        sys.stdout.write(report_text(overview, municipality, bundle.plan.period_label))
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
