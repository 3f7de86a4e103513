"""``ivpdesk report``: the uitvoeringsplan and the voortgangsrapportage as print-ready PDF.

Contract (kept exactly):

* ``ivpdesk report uitvoeringsplan OUT.pdf [--versiedatum dd-mm-jjjj]``
* ``ivpdesk report voortgang OUT.pdf [--peildatum dd-mm-jjjj]`` (default: today)

Exit 0 with one Dutch line naming the file and its page count; exit 1 with one Dutch
line on stderr for a bad date, a missing folder, a file in use or a database without
a plan.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from ivpdesk.cli import EXIT_OK, AppContext, DutchArgumentParser, UserError, command
from ivpdesk.domain.clock import today
from ivpdesk.domain.formatting import format_date, parse_date


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report", help="maak een PDF van het uitvoeringsplan of van de voortgangsrapportage"
    )
    kinds = report.add_subparsers(dest="report_kind", metavar="soort", required=True,
                                  parser_class=DutchArgumentParser)
    plan = kinds.add_parser("uitvoeringsplan", help="het uitvoeringsplan voor college en raad")
    plan.add_argument("out", metavar="UITVOER.pdf", help="het PDF-bestand om te schrijven")
    plan.add_argument("--versiedatum", metavar="dd-mm-jjjj",
                      help="versiedatum op de voorkant (standaard vandaag)")
    progress = kinds.add_parser("voortgang", help="de voortgangsrapportage op een peildatum")
    progress.add_argument("out", metavar="UITVOER.pdf", help="het PDF-bestand om te schrijven")
    progress.add_argument("--peildatum", metavar="dd-mm-jjjj",
                          help="stand van zaken op deze datum (standaard vandaag)")


def _date_argument(text: str | None, what: str) -> date:
    if text is None:
        return today()
    try:
        return parse_date(text)
    except ValueError as error:
        raise UserError(f"Ongeldige {what}: {error}") from None


@command("report")
def cmd_report(args: argparse.Namespace, ctx: AppContext) -> int:
    from ivpdesk.services.report_pdf import (
        load_report_source,
        write_plan_pdf,
        write_progress_pdf,
    )

    out = Path(args.out)
    if args.report_kind == "uitvoeringsplan":
        version_date = _date_argument(args.versiedatum, "versiedatum")
    else:
        as_of = _date_argument(args.peildatum, "peildatum")
    db = ctx.open_db()
    try:
        source = load_report_source(db)
    finally:
        db.dispose()
    if args.report_kind == "uitvoeringsplan":
        pages = write_plan_pdf(source.bundle, out, logo=source.logo, version_date=version_date)
        print(f"Uitvoeringsplan {source.bundle.plan.period_label} opgeslagen als {out} "
              f"({pages} pagina's).")
    else:
        pages = write_progress_pdf(source.bundle, out, as_of=as_of, logo=source.logo)
        print(f"Voortgangsrapportage (peildatum {format_date(as_of)}) opgeslagen als {out} "
              f"({pages} pagina's).")
    return EXIT_OK
