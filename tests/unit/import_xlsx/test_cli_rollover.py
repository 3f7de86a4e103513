"""`ivpdesk import` and `ivpdesk rollover` as real processes; roll-over rules; remembered mappings."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from ivpdesk.domain import ActivityStatus
from ivpdesk.paths import Paths
from ivpdesk.services.import_xlsx import (
    ImportOverrides,
    SheetOverride,
    analyse_workbook,
    remember_overrides,
    remembered_overrides,
)
from ivpdesk.services.rollover import roll_over
from ivpdesk.store import tables as t
from ivpdesk.store.uow import Database
from tests.unit.import_xlsx.builder import Book
from tests.unit.import_xlsx.conftest import dump
from tests.unit.test_cli import run


def _workbook(path: Path) -> Path:
    book = Book()
    sheet = book.sheet("Plan")
    sheet.row("Uitvoeringsplan veiligheid gemeente Heemsteden 2025-2026", bold=True)
    sheet.banner("Prioriteit 1: Woninginbraak", 3)
    sheet.header("onderdeel", "activiteit", "planning")
    sheet.row("Preventie", "Inbraakscan. Gratis voor ouderen.", "2025")
    sheet.row("Preventie", None, "2026")
    sheet.row("Nazorg", "Bezoek na inbraak.", "doorlopend")
    return book.save(path)


def test_cli_import_prints_summary_and_writes_report(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    source = _workbook(tmp_path / "plan.xlsx")
    report_path = tmp_path / "rapport.json"
    result = run("--db", str(db), "import", str(source), "--report", str(report_path),
                 data_dir=tmp_path / "d", check=True)
    assert result.stdout.strip() == (
        "Geïmporteerd in uitvoeringsplan 2025–2026 (Heemsteden): 1 thema, 2 activiteiten, "
        "0 indicatoren; 1 rij overgeslagen."
    )
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["aantallen"] == {"themas": 1, "onderdelen": 2, "activiteiten": 2, "indicatoren": 0,
                                   "nieuwe_partners": 0, "overgeslagen": 1, "gemarkeerd": 0}
    assert report["overgeslagen"] == [
        {"blad": "Plan", "rij": 5, "reden": "geen activiteit (alleen planning ingevuld)"}]
    export = json.loads(run("--db", str(db), "export", "--format", "json", "-",
                            data_dir=tmp_path / "d", check=True).stdout)
    assert export["gemeente"] == "Heemsteden"
    assert [a["titel"] for a in export["themes"][0]["activities"]] == ["Inbraakscan.", None]


def test_cli_dry_run_and_bad_input(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    run("--db", str(db), "demo", data_dir=tmp_path / "d", check=True)
    before = db.read_bytes()
    source = _workbook(tmp_path / "plan.xlsx")
    dry = run("--db", str(db), "import", str(source), "--dry-run", data_dir=tmp_path / "d", check=True)
    assert dry.stdout.startswith("Proefimport, niets opgeslagen: 1 thema, 2 activiteiten")
    assert db.read_bytes() == before
    old = tmp_path / "oud.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    bad = run("--db", str(db), "import", str(old), data_dir=tmp_path / "d")
    assert bad.returncode == 1
    assert bad.stderr.count("\n") == 1 and "sla het op als Excel-werkmap (.xlsx)" in bad.stderr
    missing = run("--db", str(db), "import", str(tmp_path / "weg.xlsx"), data_dir=tmp_path / "d")
    assert missing.returncode == 1 and "bestaat niet" in missing.stderr
    assert db.read_bytes() == before


def test_cli_rollover(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    run("--db", str(db), "demo", data_dir=tmp_path / "d", check=True)
    result = run("--db", str(db), "rollover", "--start", "2029", data_dir=tmp_path / "d", check=True)
    assert result.stdout.startswith("Nieuw uitvoeringsplan 2029–2030")
    assert "81 activiteiten meegenomen" in result.stdout


def test_roll_over_carries_open_activities_and_keeps_history(demo_db: Database, paths: Paths) -> None:
    with demo_db.uow() as uow:
        old_id = uow.plans.current_id()
        assert old_id is not None
        old = uow.reader.load(old_id)
    before_old = [(a.id, a.status) for _t, _s, a in old.activities()]
    new_id = roll_over(demo_db, old_id, 2029, 2030, paths=paths)
    with demo_db.uow() as uow:
        new = uow.reader.load(new_id)
        carried = dict(uow.session.execute(
            select(t.ActivityRow.id, t.ActivityRow.carried_from_id)
            .where(t.ActivityRow.id.in_([a.id for _t, _s, a in new.activities()]))
        ).all())
        again = uow.reader.load(old_id)
    open_old = [a for _t, _s, a in old.activities() if not a.status.is_closed]
    new_activities = [a for _t, _s, a in new.activities()]
    assert len(new_activities) == len(open_old) == 81
    assert {a.status for a in new_activities} == {ActivityStatus.NOT_STARTED}
    assert all(a.years == [2029, 2030] for a in new_activities)
    assert sorted(carried.values()) == sorted(a.id for a in open_old)
    by_old = {a.id: a for a in open_old}
    for activity in new_activities:
        source = by_old[carried[activity.id]]
        assert (activity.title, activity.description, activity.partners, activity.planning_text,
                activity.officer_owner) == (source.title, source.description, source.partners,
                                            source.planning_text, source.officer_owner)
        assert activity.progress_notes == []
    assert [(th.name, th.kind, [(s.name, s.heading, s.ambition) for s in th.sections])
            for th in new.themes] == [
        (th.name, th.kind, [(s.name, s.heading, s.ambition) for s in th.sections]) for th in old.themes]
    assert [(i.name, [(x.year, x.raw) for x in i.targets], i.baseline.raw) for i in new.indicators] == [
        (i.name, [(x.year, x.raw) for x in i.targets], i.baseline.raw) for i in old.indicators]
    assert new.plan.safety_plan_id == old.plan.safety_plan_id  # 2029–2030 lies in IVP 2027–2030
    assert {m.due_on.year for m in new.control_moments} >= {2029, 2030}
    assert [(a.id, a.status) for _t, _s, a in again.activities()] == before_old
    assert any(p.name.endswith(".sqlite") or "voor-nieuw-plan" in p.name for p in paths.backups_dir.iterdir())


def test_roll_over_outside_the_ivp_starts_a_new_ivp(demo_db: Database, paths: Paths) -> None:
    with demo_db.uow() as uow:
        old_id = uow.plans.current_id()
    assert old_id is not None
    new_id = roll_over(demo_db, old_id, 2031, 2032, paths=paths)
    with demo_db.uow() as uow:
        plan = uow.plans.get(new_id)
        safety = uow.safety_plans.get(plan.safety_plan_id)
    assert (safety.municipality, safety.start_year, safety.end_year) == ("Lindewaard", 2031, 2034)


def test_roll_over_failure_changes_nothing(demo_db: Database, paths: Paths) -> None:
    import pytest

    from ivpdesk.domain.errors import DomainError

    with demo_db.uow() as uow:
        old_id = uow.plans.current_id()
    assert old_id is not None
    before = dump(demo_db)
    with pytest.raises(DomainError):
        roll_over(demo_db, old_id, 2029, 2031, paths=paths)  # three years: refused
    assert dump(demo_db) == before


def test_corrected_mapping_is_remembered_for_the_next_file(tmp_path: Path, db: Database) -> None:
    def workbook(path: Path, text: str) -> Path:
        book = Book()
        sheet = book.sheet("Lijst")
        sheet.row("Uitvoering 2025")
        sheet.row("Wat", "Door", "Klaar in")  # headers the importer does not know
        sheet.row(text, "Team OOV", "2025")
        return book.save(path)

    first = workbook(tmp_path / "a.xlsx", "Schouw in de wijk.")
    assert not analyse_workbook(first).usable
    overrides = ImportOverrides(sheets={"Lijst": SheetOverride(
        header_row=2, columns={1: "activiteit", 2: "ambtelijk trekker", 3: "planning"})})
    corrected = analyse_workbook(first, overrides=overrides)
    assert corrected.activity_count == 1
    with db.uow() as uow:
        assert remember_overrides(uow, corrected, ["Lijst"]) == 1
        uow.commit()
    second = workbook(tmp_path / "b.xlsx", "Buurtpreventie.")
    fresh = analyse_workbook(second)
    with db.uow() as uow:
        remembered, applied = remembered_overrides(uow, fresh)
    assert applied == ["Lijst"]
    result = analyse_workbook(second, overrides=remembered)
    activity = result.themes[0].sections[0].activities[0].activity
    assert (activity.description, activity.officer_owner, activity.planning_text) == (
        "Buurtpreventie.", "Team OOV", "2025")


def test_sheet_to_theme_override(tmp_path: Path) -> None:
    book = Book()
    sheet = book.sheet("Blad1")
    sheet.banner("Prioriteit 1: Drugs", 2)
    sheet.header("onderdeel", "activiteit")
    sheet.row("Preventie", "Voorlichting.")
    path = book.save(tmp_path / "x.xlsx")
    analysis = analyse_workbook(path, overrides=ImportOverrides(
        sheets={"Blad1": SheetOverride(theme="Middelengebruik")}))
    assert [(th.name, [s.heading for s in th.sections]) for th in analysis.themes] == [
        ("Middelengebruik", ["Prioriteit 1: Drugs"])]
