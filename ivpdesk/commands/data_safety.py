"""``ivpdesk backup``, ``ivpdesk restore`` and ``ivpdesk log``: keeping the data safe.

* ``ivpdesk backup [DOEL] [--list]`` – a backup now (into the backup folder, or to
  the file or folder DOEL); ``--list`` shows the existing backups with their date and
  what is in them. A reading command: works while a colleague has the file open.
* ``ivpdesk restore BESTAND`` – puts a backup back, after backing up the current
  state. A writing command: refused while someone else holds the database. A
  damaged database is moved aside (``<naam>.beschadigd-<tijd>``) instead of written to.
* ``ivpdesk log [--since dd-mm-jjjj] [--until …] [--user NAAM] [--search TEKST]
  [--activity ID] [--xlsx UIT.xlsx]`` – the change log, on screen or as Excel.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from ivpdesk.cli import EXIT_OK, AppContext, UserError, command


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup", help="maak nu een back-up (in de back-upmap, of naar DOEL)")
    backup.add_argument("dest", metavar="DOEL", nargs="?",
                        help="bestand of map voor de back-up (standaard: de back-upmap)")
    backup.add_argument("--list", action="store_true",
                        help="toon de bestaande back-ups met datum en inhoud")

    restore = subparsers.add_parser(
        "restore", help="zet een back-up terug (de huidige stand wordt eerst geback-upt)")
    restore.add_argument("file", metavar="BESTAND", help="het back-upbestand (.sqlite)")

    log = subparsers.add_parser("log", help="toon het wijzigingslogboek (wie, wanneer, oud → nieuw)")
    log.add_argument("--since", metavar="DD-MM-JJJJ", help="alleen wijzigingen vanaf deze dag")
    log.add_argument("--until", metavar="DD-MM-JJJJ", help="alleen wijzigingen tot en met deze dag")
    log.add_argument("--user", metavar="NAAM", help="alleen wijzigingen van deze gebruiker")
    log.add_argument("--search", metavar="TEKST", help="alleen wijzigingen met deze tekst")
    log.add_argument("--activity", metavar="ID", type=int, help="de geschiedenis van één activiteit")
    log.add_argument("--xlsx", metavar="UIT.xlsx", help="schrijf het logboek als Excel-bestand")


def _date(text: str | None) -> date | None:
    if not text:
        return None
    from ivpdesk.domain.formatting import parse_date

    try:
        return parse_date(text)
    except ValueError as error:
        raise UserError(str(error)) from error


@command("backup")
def cmd_backup(args: argparse.Namespace, ctx: AppContext) -> int:
    from ivpdesk.services.backups import backup_folder, backup_now, backup_to, list_backup_summaries

    db = ctx.open_db()
    try:
        if db.path is None:
            raise UserError("Alleen een databasebestand kan worden geback-upt (geen server-database).")
        if args.list:
            summaries = list_backup_summaries(db, ctx.paths)
            if not summaries:
                print(f"Er zijn nog geen back-ups van {db.path.name}.")
                return EXIT_OK
            print(f"Back-ups van {db.path.name} (nieuwste eerst):")
            for summary in summaries:
                what = summary.counts_text if summary.ok else f"NIET BRUIKBAAR: {summary.problem}"
                print(f"  {summary.made_at_text}  {summary.reason_text:<26}  {what}")
                print(f"      {summary.path}")
            return EXIT_OK
        if args.dest:
            target = backup_to(db, Path(args.dest))
        else:
            folder, fallback = backup_folder(db, ctx.paths)
            target = backup_now(db, ctx.paths, "handmatig")
            if fallback:
                print(fallback)
            if target is None:
                raise UserError(f"De database {db.path.name} is leeg; er is niets om te back-uppen.")
    finally:
        db.dispose()
    print(f"Back-up gemaakt: {target}")
    return EXIT_OK


@command("restore")
def cmd_restore(args: argparse.Namespace, ctx: AppContext) -> int:
    from ivpdesk.services.backups import replace_damaged_database, restore_backup
    from ivpdesk.services.database import DamagedDatabaseError

    source = Path(args.file).expanduser()
    try:
        db = ctx.open_db(writes=True)
    except DamagedDatabaseError as damaged:
        result = replace_damaged_database(damaged.path, source, ctx.paths)
        print(
            f"Back-up van {result.restored.made_at_text} teruggezet ({result.restored.counts_text}). "
            f"Het beschadigde bestand is bewaard als {result.damaged_copy}."
        )
        return EXIT_OK
    try:
        result = restore_backup(db, ctx.paths, source)
    finally:
        db.dispose()
    line = f"Back-up van {result.restored.made_at_text} teruggezet ({result.restored.counts_text})."
    if result.safety_backup is not None:
        line += f" De stand van vóór het terugzetten staat in {result.safety_backup}."
    print(line)
    return EXIT_OK


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@command("log")
def cmd_log(args: argparse.Namespace, ctx: AppContext) -> int:
    from ivpdesk.services.change_log import (
        ChangeFilter,
        export_changes_xlsx,
        query_changes,
    )
    from ivpdesk.store.uow import current_user

    change_filter = ChangeFilter(
        since=_date(args.since), until=_date(args.until), actor=args.user or None,
        entity="activiteit" if args.activity is not None else None, entity_id=args.activity,
        text=args.search or None,
    )
    if change_filter.since and change_filter.until and change_filter.since > change_filter.until:
        raise UserError("De begindatum ligt na de einddatum.")
    db = ctx.open_db()
    try:
        entries = query_changes(db, change_filter)
        name = db.display_name
    finally:
        db.dispose()
    if args.xlsx:
        out = export_changes_xlsx(entries, Path(args.xlsx), database_name=name,
                                  filter_text=change_filter.describe(), exported_by=current_user())
        print(f"{len(entries)} wijzigingen geschreven naar {out}")
        return EXIT_OK
    if not entries:
        print(f"Geen wijzigingen gevonden ({change_filter.describe()}).")
        return EXIT_OK
    for entry in entries:
        subject = f" '{_clip(entry.subject, 50)}'" if entry.subject else ""
        if entry.field:
            what = f"{entry.field_text}: {_clip(entry.old_text) or '(leeg)'} → {_clip(entry.new_text) or '(leeg)'}"
        else:
            what = entry.field_text
        print(f"{entry.at_text}  {entry.actor:<14} {entry.entity_label}{subject}  {what}  "
              f"({entry.source_label})")
    return EXIT_OK
