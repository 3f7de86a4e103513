"""`ivpdesk import` and `import --update` route each workbook to the right path.

* an edited export of this database → the re-import (never a second copy of the plan);
* `--update` on a workbook without IVP Desk keys → the normal import;
* an export from another database → a plain workbook for the normal import.
"""

from __future__ import annotations

import json
from pathlib import Path

from ivpdesk.commands.update_import import Choice
from tests.unit.import_xlsx.builder import Book
from tests.unit.test_cli import run


def _info(db: Path, data: Path) -> dict[str, str]:
    out = run("--db", str(db), "info", data_dir=data, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines())}


def _foreign_workbook(path: Path) -> Path:
    book = Book()
    sheet = book.sheet("Plan")
    sheet.row("Uitvoeringsplan veiligheid gemeente Heemsteden 2027-2028", bold=True)
    sheet.banner("Prioriteit 1: Woninginbraak", 3)
    sheet.header("onderdeel", "activiteit", "planning")
    sheet.row("Preventie", "Inbraakscan. Gratis voor ouderen.", "2027")
    sheet.row("Nazorg", "Bezoek na inbraak.", "doorlopend")
    return book.save(path)


def test_conflict_choices_of_the_parser_match_the_service() -> None:
    assert sorted(c.value for c in Choice) == ["hun", "mijn"]


def test_update_with_a_foreign_workbook_goes_to_the_normal_import(tmp_path: Path) -> None:
    db, data = tmp_path / "plan.sqlite", tmp_path / "d"
    source = _foreign_workbook(tmp_path / "heemsteden.xlsx")
    result = run("--db", str(db), "import", "--update", str(source), data_dir=data)
    assert result.returncode == 0, result.stderr
    assert "geen export uit IVP Desk" in result.stdout or "Geïmporteerd" in result.stdout
    assert "2 activiteiten" in result.stdout
    assert _info(db, data)["Activiteiten"] == "2"


def test_plain_import_of_this_databases_export_is_refused(tmp_path: Path) -> None:
    db, data = tmp_path / "plan.sqlite", tmp_path / "d"
    run("--db", str(db), "demo", data_dir=data, check=True)
    export = tmp_path / "lindewaard.xlsx"
    run("--db", str(db), "export", "--format", "xlsx", str(export), data_dir=data, check=True)
    before = db.read_bytes()
    refused = run("--db", str(db), "import", str(export), data_dir=data)
    assert refused.returncode == 1
    assert "import --update" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == before
    # --update is the way: an unedited export changes nothing.
    update = run("--db", str(db), "import", "--update", str(export), data_dir=data, check=True)
    assert "Geen wijzigingen" in update.stdout
    assert _info(db, data)["Uitvoeringsplannen"] == "1"


def test_export_of_another_database_imports_as_a_new_plan(tmp_path: Path) -> None:
    data = tmp_path / "d"
    first, second = tmp_path / "lindewaard.sqlite", tmp_path / "nieuw.sqlite"
    run("--db", str(first), "demo", data_dir=data, check=True)
    export = tmp_path / "lindewaard.xlsx"
    run("--db", str(first), "export", "--format", "xlsx", str(export), data_dir=data, check=True)
    report = tmp_path / "rapport.json"
    result = run("--db", str(second), "import", str(export), "--report", str(report),
                 data_dir=data)
    assert result.returncode == 0, result.stderr
    counts = json.loads(report.read_text(encoding="utf-8"))["aantallen"]
    assert counts["activiteiten"] == 82 and counts["themas"] == 17
    exported = json.loads(run("--db", str(first), "export", "--format", "json", "-",
                              data_dir=data, check=True).stdout)
    imported = json.loads(run("--db", str(second), "export", "--format", "json", "-",
                              data_dir=data, check=True).stdout)
    def themes(data: dict) -> list[tuple]:  # type: ignore[type-arg]
        return [(t["name"], t["kind"], t["veiligheidsveld"]) for t in data["themes"]]

    assert themes(imported) == themes(exported)
    fields = ("onderdeel", "kop", "titel", "activiteit", "bestuurlijk_trekker",
              "ambtelijk_trekker", "partners", "planning", "status")

    def activities(data: dict) -> list[tuple]:  # type: ignore[type-arg]
        return [tuple(a[f] for f in fields) for t in data["themes"] for a in t["activities"]]

    # Every field the export carries comes back exactly (the plan years are not exported).
    assert activities(imported) == activities(exported)


def test_is_export_of_tells_this_database_from_another(tmp_path: Path, paths) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.services.database import open_database
    from ivpdesk.services.demo import load_demo
    from ivpdesk.services.export_xlsx import export_plan_xlsx
    from ivpdesk.services.xlsx_update import is_export_of

    mine, other = open_database(tmp_path / "a.sqlite", paths), open_database(tmp_path / "b.sqlite", paths)
    try:
        load_demo(mine)
        load_demo(other)  # the same plan, loaded separately: another database all the same
        export = tmp_path / "a.xlsx"
        export_plan_xlsx(mine, export)
        assert is_export_of(mine, export)
        assert not is_export_of(other, export)
        assert not is_export_of(mine, _foreign_workbook(tmp_path / "vreemd.xlsx"))
    finally:
        mine.dispose()
        other.dispose()
