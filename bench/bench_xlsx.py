"""Excel figures: export a 10,000-activity plan, analyse the file back, apply partners' edits.

The plan is built through the repositories (as an import would), in a temporary folder.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

import openpyxl

from ivpdesk.domain import (
    Activity,
    ActivityStatus,
    ImplementationPlan,
    ProgressNote,
    SafetyPlan,
    Section,
    Theme,
    ThemeKind,
)
from ivpdesk.paths import Paths
from ivpdesk.services.database import open_database
from ivpdesk.services.export_xlsx import export_plan_xlsx
from ivpdesk.services.plans import create_plan, load_current
from ivpdesk.services.xlsx_layout import COLUMNS, RowKey
from ivpdesk.services.xlsx_update import analyse_update, apply_update

THEMES, SECTIONS, ACTIVITIES = 20, 10, 50  # 10,000 activities
PLANNING = ["doorlopend", "2e kwartaal 2027", "2028", "15-06-2027", "Op verzoek", "medio 2027"]
STATUSES = list(ActivityStatus)


def timed(label: str, func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func()
    print(f"{label:<52} {1000 * (time.perf_counter() - start):9.1f} ms", flush=True)
    return result


def build(db) -> None:  # type: ignore[no-untyped-def]
    with db.uow(source="bench") as uow:
        safety = SafetyPlan(municipality="Benchdorp", start_year=2027, end_year=2030)
        plan = ImplementationPlan(safety_plan_id=None, start_year=2027, end_year=2028)
        plan_id = create_plan(uow, safety, plan)
        for t in range(THEMES):
            theme = Theme(name=f"Thema {t + 1}", kind=ThemeKind.PRIORITY if t < 3 else ThemeKind.STRATEGIC,
                          field_number=t % 5 + 1)
            uow.themes.add(theme, plan_id, t)
            for s in range(SECTIONS):
                section = Section(name=f"Onderdeel {t + 1}.{s + 1}", heading="Aanpak" if s % 3 == 0 else None)
                uow.sections.add(section, theme.id, s)  # type: ignore[arg-type]
                for a in range(ACTIVITIES):
                    number = (t * SECTIONS + s) * ACTIVITIES + a
                    notes = ([ProgressNote(text=f"Stand van zaken {number}: loopt volgens plan.",
                                           written_on=date(2027, 1, 15))]
                             if number % 4 == 0 else [])
                    uow.activities.add(Activity(
                        title=f"Activiteit {number}." if number % 2 else None,
                        description=f"Omschrijving van activiteit {number}, met partners en een "
                                    "planning zoals in een echt uitvoeringsplan staat beschreven.",
                        political_owner="Burgemeester" if number % 3 else "Wethouder Zorg & Welzijn",
                        officer_owner="Team OOV",
                        partners=["Politie basisteam", "Veiligheidshuis"] if number % 2 else ["RIEC"],
                        planning_text=PLANNING[number % len(PLANNING)],
                        status=STATUSES[number % len(STATUSES)], years=[2027, 2028],
                        progress_notes=notes,
                    ), section.id, a)  # type: ignore[arg-type]
        uow.commit()


def edit(path: Path, out: Path, changes: int) -> None:
    workbook = openpyxl.load_workbook(path)
    ws = workbook["Activiteiten"]
    status = next(i for i, c in enumerate(COLUMNS, start=1) if c.field == "status")
    note = next(i for i, c in enumerate(COLUMNS, start=1) if c.field == "voortgang")
    key = len(COLUMNS)
    for row in range(2, 2 + changes):
        assert RowKey.parse(ws.cell(row, key).value) is not None
        ws.cell(row, status).value = "Gereed"
        ws.cell(row, note).value = f"Afgerond (rij {row})."
    workbook.save(out)


def _read_all(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True)
    cells = sum(1 for ws in workbook.worksheets for row in ws.iter_rows() for _cell in row)
    workbook.close()
    return cells


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = Paths.from_environment(folder / "data")
        paths.ensure()
        db = open_database(folder / "bench.sqlite", paths)
        total = THEMES * SECTIONS * ACTIVITIES
        timed(f"build plan of {total:,} activities (repositories)", lambda: build(db))
        bundle = timed("read whole plan (PlanReader)", lambda: load_current(db))
        assert bundle.activity_count == total
        out = folder / "plan.xlsx"
        result = timed(f"export {total:,} activities to xlsx", lambda: export_plan_xlsx(db, out))
        print(f"{'  file size':<52} {out.stat().st_size / 1e6:9.1f} MB ({result.summary})")
        one = folder / "thema.xlsx"
        timed("export one theme (500 activities)", lambda: export_plan_xlsx(db, one, theme="Thema 1"))
        timed("openpyxl alone: read every cell of the export", lambda: _read_all(out))
        preview = timed("analyse unedited export (update preview)", lambda: analyse_update(db, out))
        assert preview.change_count == 0 and not preview.problems, preview.summary()
        edited = folder / "bewerkt.xlsx"
        edit(out, edited, 500)
        preview = timed("analyse export with 500 edited rows", lambda: analyse_update(db, edited))
        print(f"{'  preview':<52} {preview.summary()}")
        applied = timed(f"apply {preview.change_count} field changes (one transaction)",
                        lambda: apply_update(db, preview, {}, paths=paths))
        print(f"{'  result':<52} {applied.summary()}")
        again = timed("analyse the same file again (no-op)", lambda: analyse_update(db, edited))
        assert not again.has_work
        db.dispose()


if __name__ == "__main__":
    main()
