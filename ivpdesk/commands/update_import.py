"""``ivpdesk import --update FILE.xlsx``: take back an edited IVP Desk export.

Not a subcommand of its own: the ``import`` command (ivpdesk/commands/import_cmd.py)
calls :func:`run_update` when ``--update`` is given, and adds this module's options to
its parser (``--conflicts mijn|hun``, the values of :class:`Choice`).

The preview is printed first (per activity: field, old → new; conflicts; new rows;
rows deleted in Excel; problems). Without a terminal to ask, conflicts need a rule:
without ``--conflicts`` the command refuses with exit 1 and changes nothing; with
``--conflicts mijn`` IVP Desk's values stay, with ``--conflicts hun`` the file's
values are taken. ``--dry-run`` only prints. A workbook without IVP Desk keys is not
an export: it goes to the normal import.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ivpdesk.cli import EXIT_OK, AppContext, UserError, atomic_output
from ivpdesk.services.xlsx_update import (
    Choice,
    UpdatePreview,
    UpdateResult,
    analyse_update,
    apply_update,
    count,
    is_ivpdesk_export,
    resolve_all,
)


def _file_of(args: argparse.Namespace) -> Path:
    for name in ("file", "path", "bestand", "xlsx"):
        value = getattr(args, name, None)
        if value:
            return Path(value).expanduser()
    raise UserError("Geef het Excel-bestand op dat u wilt verwerken.")


def _quote(text: str) -> str:
    return f"'{text}'" if text else "(leeg)"


def preview_lines(preview: UpdatePreview) -> list[str]:
    """The preview as the CLI prints it (Dutch, one item per line)."""
    by = f" door {preview.exported_by}" if preview.exported_by else ""
    lines = [
        f"Wijzigingen uit {preview.path.name} (export van "
        f"{preview.exported_on.strftime('%d-%m-%Y')}{by}, uitvoeringsplan {preview.plan_label}):",
    ]
    for notice in preview.notices:
        lines.append(f"Let op: {notice}")
    changed = [u for u in preview.updates if u.changes]
    if changed:
        lines.append("")
        lines.append(f"Gewijzigd ({count(preview.change_count, 'veld', 'velden')} in "
                     f"{count(len(changed), 'activiteit', 'activiteiten')}):")
        for update in changed:
            lines.append(f"  {update.title} ({update.theme}, rij {update.row})")
            for change in update.changes:
                lines.append(f"    {change.label}: {_quote(change.old)} → {_quote(change.new)}")
    if preview.conflicts:
        lines.append("")
        lines.append(f"Conflicten ({len(preview.conflicts)}): gewijzigd in Excel én in IVP Desk sinds "
                     "de export")
        for update in (u for u in preview.updates if u.conflicts):
            lines.append(f"  {update.title} ({update.theme}, rij {update.row})")
            for conflict in update.conflicts:
                lines.append(
                    f"    {conflict.label}: bij export {_quote(conflict.exported)}; "
                    f"in IVP Desk (mijn) {_quote(conflict.mine)}; in Excel (hun) {_quote(conflict.theirs)}"
                )
    if preview.new_rows:
        lines.append("")
        lines.append(f"Nieuwe activiteiten ({len(preview.new_rows)}):")
        for new in preview.new_rows:
            section = new.section or "(zonder onderdeel)"
            extra = " (nieuw onderdeel)" if new.new_section else ""
            lines.append(f"  rij {new.row}: {new.theme} › {section}{extra}: {new.title}")
    if preview.deleted:
        lines.append("")
        lines.append(f"Verwijderd in Excel, niet verwijderd in IVP Desk ({len(preview.deleted)}):")
        for deleted in preview.deleted:
            lines.append(f"  {deleted.title} ({deleted.theme or 'bestaat niet meer'})")
    if preview.problems:
        lines.append("")
        lines.append(f"Meldingen ({len(preview.problems)}):")
        for problem in preview.problems:
            lines.append(f"  {problem.text()}")
    lines.append("")
    lines.append(f"Samengevat: {preview.summary()}; "
                 f"{count(preview.unchanged, 'activiteit', 'activiteiten')} ongewijzigd.")
    return lines


def preview_dict(preview: UpdatePreview, result: UpdateResult | None) -> dict[str, Any]:
    """The ``--report`` JSON of an update (Dutch keys, like the import report)."""
    return {
        "soort": "bijwerken",
        "bestand": str(preview.path),
        "export_id": preview.export_id,
        "uitvoeringsplan_id": preview.plan_id,
        "geexporteerd_op": preview.exported_on.isoformat(),
        "wijzigingen": [
            {"rij": u.row, "activiteit_id": u.activity_id, "activiteit": u.title, "veld": c.label,
             "oud": c.old, "nieuw": c.new}
            for u in preview.updates for c in u.changes
        ],
        "conflicten": [
            {"rij": u.row, "activiteit_id": u.activity_id, "activiteit": u.title, "veld": c.label,
             "bij_export": c.exported, "mijn": c.mine, "hun": c.theirs}
            for u, c in preview.conflicts
        ],
        "nieuw": [
            {"rij": n.row, "thema": n.theme, "onderdeel": n.section, "nieuw_onderdeel": n.new_section,
             "activiteit": n.title}
            for n in preview.new_rows
        ],
        "verwijderd_in_excel": [
            {"activiteit_id": d.activity_id, "activiteit": d.title, "thema": d.theme}
            for d in preview.deleted
        ],
        "meldingen": [{"rij": p.row, "melding": p.message} for p in preview.problems],
        "opmerkingen": list(preview.notices),
        "toegepast": result is not None,
        "samenvatting": result.summary() if result else preview.summary(),
        "back_up": str(result.backup) if result and result.backup else None,
    }


def _write_report(target: str | None, data: dict[str, Any]) -> None:
    if not target:
        return
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    atomic_output(Path(target), lambda out: out.write(text))


def run_update(args: argparse.Namespace, ctx: AppContext) -> int:
    """Handle ``ivpdesk import --update FILE.xlsx [--dry-run] [--report R] [--conflicts mijn|hun]``."""
    path = _file_of(args)
    dry_run = bool(getattr(args, "dry_run", False))
    report = getattr(args, "report", None)
    if not path.exists():
        raise UserError(f"Het bestand {path} bestaat niet.")
    if not is_ivpdesk_export(path):
        return _normal_import(args, ctx, path, dry_run, report)
    db = ctx.open_db(writes=not dry_run)
    try:
        preview = analyse_update(db, path)
        print("\n".join(preview_lines(preview)))
        if dry_run:
            _write_report(report, preview_dict(preview, None))
            print("Proefdraai: er is niets gewijzigd.")
            return EXIT_OK
        rule = getattr(args, "conflicts", None)
        if preview.conflicts and rule is None:
            _write_report(report, preview_dict(preview, None))
            raise UserError(
                f"{len(preview.conflicts)} conflicten: kies met --conflicts mijn (IVP Desk behouden) "
                "of --conflicts hun (Excel overnemen). Er is niets gewijzigd."
            )
        if not preview.has_work:
            _write_report(report, preview_dict(preview, None))
            print("Geen wijzigingen om te verwerken; de database is niet gewijzigd.")
            return EXIT_OK
        resolutions = resolve_all(preview, Choice(rule)) if rule else {}
        result = apply_update(db, preview, resolutions, paths=ctx.paths)
    finally:
        db.dispose()
    _write_report(report, preview_dict(preview, result))
    print(f"Verwerkt: {result.summary()}.")
    if result.backup:
        print(f"Back-up vooraf: {result.backup}")
    return EXIT_OK


def _normal_import(args: argparse.Namespace, ctx: AppContext, path: Path, dry_run: bool,
                   report: str | None) -> int:
    """A workbook without IVP Desk keys: the general Excel import handles it."""
    from ivpdesk.services.import_xlsx import import_workbook  # the importer (issue 4)

    print(f"{path.name} is geen Excel-export van IVP Desk (geen sleutelkolom); het wordt als "
          "gewone import verwerkt.", file=sys.stderr)
    db = ctx.open_db(writes=not dry_run)
    try:
        result = import_workbook(
            db, path, into_current=bool(getattr(args, "into_current", False)), dry_run=dry_run,
            paths=ctx.paths,
        )
    finally:
        db.dispose()
    if report:
        text = result.to_json()
        atomic_output(Path(report), lambda out: out.write(text))
    print(result.summary_line())
    return EXIT_OK
