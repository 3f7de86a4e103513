"""``ivpdesk import FILE.xlsx`` and ``ivpdesk rollover``: Excel import and a new plan period.

Contract: ``ivpdesk import FILE.xlsx [--dry-run] [--report REPORT.json] [--into-current]
[--update]`` prints one Dutch summary line (themes, activities, indicators, skipped
rows) and exits 1 with one Dutch line on unusable input. ``--update`` belongs to the
re-import of an IVP Desk export and is handled by ``ivpdesk.commands.update_import``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ivpdesk.cli import EXIT_OK, AppContext, UserError, atomic_output, command


def register(subparsers: Any) -> None:
    imp = subparsers.add_parser(
        "import", help="importeer een uitvoeringsplan uit Excel (.xlsx) in een nieuw plan",
        description="Leest een Excel-uitvoeringsplan (ook zoals het ooit met de hand is gemaakt) "
        "en zet het in één keer in een nieuw uitvoeringsplan: alles of niets.",
    )
    imp.add_argument("file", metavar="BESTAND.xlsx", help="het Excel-bestand")
    imp.add_argument("--dry-run", action="store_true",
                     help="alleen proberen: laat zien wat er zou worden geïmporteerd, schrijf niets")
    imp.add_argument("--report", metavar="RAPPORT.json",
                     help="schrijf het volledige importrapport (ook overgeslagen rijen) als JSON")
    imp.add_argument("--into-current", action="store_true",
                     help="voeg toe aan het huidige uitvoeringsplan in plaats van een nieuw plan")
    imp.add_argument("--update", action="store_true",
                     help="werk het plan bij met een bewerkte IVP Desk-export")
    imp.add_argument("--gemeente", metavar="NAAM", help="naam van de gemeente (anders uit het bestand)")
    imp.add_argument("--start", type=int, metavar="JJJJ",
                     help="eerste jaar van het uitvoeringsplan (anders uit het bestand)")
    imp.add_argument("--end", type=int, metavar="JJJJ", help="laatste jaar van het uitvoeringsplan")
    # Options of --update, declared here so building the parser loads no Excel code;
    # ivpdesk.commands.update_import checks that the values match its Choice enum.
    imp.add_argument(
        "--conflicts", choices=["mijn", "hun"], default=None,
        help="bij --update: bij een conflict 'mijn' (IVP Desk behouden) of 'hun' (Excel "
        "overnemen); zonder deze optie stopt de opdracht bij conflicten",
    )

    roll = subparsers.add_parser(
        "rollover", help="nieuw uitvoeringsplan op basis van het huidige (lopende activiteiten mee)",
        description="Maakt een nieuw uitvoeringsplan voor de volgende periode met de thema's, "
        "onderdelen, indicatoren en alle activiteiten die niet gereed of vervallen zijn.",
    )
    roll.add_argument("--start", type=int, required=True, metavar="JJJJ", help="eerste jaar")
    roll.add_argument("--end", type=int, metavar="JJJJ", help="laatste jaar (standaard start + 1)")


@command("import")
def run_import(args: argparse.Namespace, ctx: AppContext) -> int:
    if getattr(args, "update", False):
        from ivpdesk.commands import update_import

        return int(update_import.run_update(args, ctx))
    from ivpdesk.services.import_xlsx import ImportOverrides, import_workbook

    path = Path(args.file).expanduser()
    overrides = ImportOverrides(municipality=args.gemeente, start_year=args.start,
                                end_year=args.end)
    if args.end and not args.start:
        raise UserError("Geef bij --end ook --start op.")
    if args.report:
        report_path = Path(args.report).expanduser().resolve()
        if not report_path.parent.exists():
            raise UserError(f"De map {report_path.parent} voor het rapport bestaat niet.")
    db = ctx.open_db(writes=True)
    try:
        _refuse_own_export(db, path)
        report = import_workbook(db, path, into_current=args.into_current, dry_run=args.dry_run,
                                 overrides=overrides, paths=ctx.paths)
    finally:
        db.dispose()
    if args.report:
        atomic_output(Path(args.report), lambda out: out.write(report.to_json()))
    print(report.summary_line())
    return EXIT_OK


def _refuse_own_export(db: Any, path: Path) -> None:
    """Importing this database's own export as a new plan would duplicate every activity."""
    from ivpdesk.services.xlsx_update import is_export_of

    if path.is_file() and is_export_of(db, path):
        raise UserError(
            f"{path.name} is een export uit deze database. Verwerk de wijzigingen met "
            f"'ivpdesk import --update {path.name}'; als nieuw plan importeren zou elke "
            "activiteit verdubbelen. Er is niets gewijzigd."
        )


@command("rollover")
def run_rollover(args: argparse.Namespace, ctx: AppContext) -> int:
    from ivpdesk.services.plans import database_info
    from ivpdesk.services.rollover import roll_over

    db = ctx.open_db(writes=True)
    try:
        with db.uow() as uow:
            plan_id = uow.plans.current_id()
        if plan_id is None:
            raise UserError("Er is nog geen uitvoeringsplan om op voort te bouwen.")
        end = args.end if args.end is not None else args.start + 1
        new_id = roll_over(db, plan_id, args.start, end, paths=ctx.paths)
        info = database_info(db)
    finally:
        db.dispose()
    print(f"Nieuw uitvoeringsplan {info.current_plan} (id {new_id}): {info.themes} thema's, "
          f"{info.activities} activiteiten meegenomen, {info.indicators} indicatoren.")
    return EXIT_OK
