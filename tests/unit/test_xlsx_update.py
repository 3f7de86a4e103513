"""Re-import of an edited export: exactly the edits, new rows, deleted rows, conflicts, twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from ivpdesk.domain import ActivityStatus, DomainError, ProgressNote, StaleEditError
from ivpdesk.paths import Paths
from ivpdesk.services.demo import load_demo
from ivpdesk.services.export_xlsx import export_plan_xlsx
from ivpdesk.services.plans import load_current
from ivpdesk.services.xlsx_layout import deadline_cell
from ivpdesk.services.xlsx_update import (
    Choice,
    ForeignDatabaseError,
    NotAnExportError,
    UpdateFileError,
    analyse_update,
    apply_update,
    is_ivpdesk_export,
    resolve_all,
)
from ivpdesk.store.tables import ChangeLogRow
from ivpdesk.store.uow import Database
from tests.xlsx_helpers import diff, dump, edit, soffice_convert


@pytest.fixture
def exported(demo_db: Database, tmp_path: Path) -> Path:
    out = tmp_path / "plan.xlsx"
    export_plan_xlsx(demo_db, out)
    return out


def _ids(db: Database) -> list[int]:
    return [a.id for _t, _s, a in load_current(db).activities()]  # type: ignore[misc]


def _activity(db: Database, activity_id: int):  # type: ignore[no-untyped-def]
    with db.uow() as uow:
        return uow.activities.get(activity_id)


def _shown_deadline(activity) -> str:  # type: ignore[no-untyped-def]
    """The deadline the export showed for ``activity`` (derived from its planning text)."""
    shown = deadline_cell(activity, [2027, 2028], date.today())
    return shown.strftime("%d-%m-%Y") if shown else ""


def _changes(preview) -> list[tuple[int, str, str, str]]:  # type: ignore[no-untyped-def]
    return [(u.activity_id, c.field, c.old, c.new) for u in preview.updates for c in u.changes]


def test_unedited_export_changes_nothing(demo_db: Database, exported: Path, paths: Paths) -> None:
    assert is_ivpdesk_export(exported)
    before = dump(demo_db)
    preview = analyse_update(demo_db, exported)
    assert preview.updates == [] and preview.new_rows == [] and preview.deleted == []
    assert preview.problems == [] and preview.notices == []
    assert preview.matched == preview.unchanged == 82
    result = apply_update(demo_db, preview, {}, paths=paths)
    assert result.fields_changed == 0 and result.backup is None
    assert dump(demo_db) == before


def test_edits_change_exactly_those_fields_and_nothing_else(
        demo_db: Database, exported: Path, paths: Paths) -> None:
    a, b, c, d, e = _ids(demo_db)[:5]
    old_b = _activity(demo_db, b)
    edit(exported, {
        (a, "status"): "Gereed",
        (a, "voortgang"): "Afgerond in februari; 31 signalen.",
        (b, "partners"): f"{old_b.partners[0]}\nStichting Nieuw Licht",
        (c, "planning"): "3e kwartaal 2027",
        (c, "deadline"): date(2027, 9, 15),
        (d, "titel"): "Nieuwe titel.",
        (d, "activiteit"): "Een herschreven omschrijving\nover twee regels.",
        (e, "bestuurlijk_trekker"): "Wethouder Jeugd",
        (e, "ambtelijk_trekker"): " Team  Jeugd ",
    })
    before = dump(demo_db)
    preview = analyse_update(demo_db, exported)
    assert preview.problems == [] and preview.conflicts == [] and preview.new_rows == []
    old = {i: _activity(demo_db, i) for i in (a, b, c, d, e)}
    assert sorted(_changes(preview)) == sorted([
        (a, "status", old[a].status.label, "Gereed"),
        (a, "voortgang", old[a].latest_note.text if old[a].latest_note else "",
         "Afgerond in februari; 31 signalen."),
        (b, "partners", ", ".join(old[b].partners), f"{old_b.partners[0]}, Stichting Nieuw Licht"),
        (c, "planning", old[c].planning_text, "3e kwartaal 2027"),
        (c, "deadline", _shown_deadline(old[c]), "15-09-2027"),
        (d, "titel", old[d].title or "", "Nieuwe titel."),
        (d, "activiteit", " ".join(old[d].description.split()),
         "Een herschreven omschrijving over twee regels."),
        (e, "bestuurlijk_trekker", old[e].political_owner, "Wethouder Jeugd"),
        (e, "ambtelijk_trekker", old[e].officer_owner, "Team Jeugd"),
    ])
    assert any("Stichting Nieuw Licht" in n for n in preview.notices)

    result = apply_update(demo_db, preview, {}, paths=paths)
    assert (result.activities_changed, result.fields_changed, result.notes_added) == (5, 9, 1)
    assert result.backup is not None and result.backup.exists()

    after = dump(demo_db)
    changes = diff(before, after)
    assert set(changes) == {"activity", "activity_partner", "partner", "progress_note",
                            "change_log", "setting"}
    activity = changes["activity"]
    assert activity["added"] == [] and activity["removed"] == []
    bookkeeping = {"version", "updated_at"}
    assert {k[0]: v - bookkeeping for k, v in activity["changed"].items()} == {
        a: {"status"}, b: set(), c: {"planning_text", "deadline_override"},
        d: {"title", "description"}, e: {"political_owner", "officer_owner"},
    }
    row = {k[0]: v for k, v in after["activity"].items()}
    assert row[a]["status"] == "gereed"
    assert row[c]["deadline_override"] == date(2027, 9, 15)
    assert row[d]["description"] == "Een herschreven omschrijving\nover twee regels."
    assert row[e]["officer_owner"] == "Team Jeugd"
    assert _activity(demo_db, b).partners == [old_b.partners[0], "Stichting Nieuw Licht"]
    notes = changes["progress_note"]
    assert len(notes["added"]) == 1 and not notes["changed"] and not notes["removed"]
    note = after["progress_note"][notes["added"][0]]
    assert note["activity_id"] == a and note["text"] == "Afgerond in februari; 31 signalen."
    assert note["moment"].startswith("Terugkoppeling via Excel")
    assert [after["partner"][k]["name"] for k in changes["partner"]["added"]] == ["Stichting Nieuw Licht"]
    log = [after["change_log"][k] for k in changes["change_log"]["added"]]
    assert {entry["source"] for entry in log} == {"reimport"}
    assert {(entry["entity_id"], entry["field"]) for entry in log} >= {
        (a, "status"), (a, "voortgang"), (b, "partners"), (c, "planning_text"),
        (c, "deadline_override"), (d, "title"), (d, "description"), (e, "political_owner"),
        (e, "officer_owner"),
    }
    assert changes["setting"]["added"] and not changes["setting"]["changed"]


def test_applying_the_same_file_twice_changes_nothing_the_second_time(
        demo_db: Database, exported: Path, paths: Paths) -> None:
    a, b = _ids(demo_db)[:2]
    load = load_current(demo_db)
    theme = load.themes[0]
    edit(exported, {(a, "status"): "Vertraagd", (b, "voortgang"): "Nieuwe stand."}, append=[
        {"thema": theme.name, "onderdeel": theme.sections[0].name, "activiteit": "Nieuw via Excel.",
         "status": "Loopt", "voortgang": "Gestart."},
    ])
    first = apply_update(demo_db, analyse_update(demo_db, exported), {}, paths=paths)
    assert (first.fields_changed, first.activities_added) == (2, 1)
    after_first = dump(demo_db)
    again = analyse_update(demo_db, exported)
    assert again.updates == [] and again.new_rows == [] and not again.has_work
    assert any("al eens verwerkt" in n for n in again.notices)
    assert any("niet opnieuw toegevoegd" in p.message for p in again.problems)
    second = apply_update(demo_db, again, {}, paths=paths)
    assert second.fields_changed == 0 and second.activities_added == 0
    assert dump(demo_db) == after_first


def test_a_note_dated_in_the_future_does_not_break_applying_twice(
        demo_db: Database, tmp_path: Path, paths: Paths) -> None:
    a = _ids(demo_db)[0]
    with demo_db.uow() as uow:  # "latest" is by date: today's new note will not be the latest
        uow.activities.add_note(a, ProgressNote(text="Gepland verslag.", written_on=date(2099, 1, 1)))
        uow.commit()
    out = tmp_path / "plan.xlsx"
    export_plan_xlsx(demo_db, out)
    edit(out, {(a, "voortgang"): "Nieuwe stand van vandaag."})
    first = apply_update(demo_db, analyse_update(demo_db, out), {}, paths=paths)
    assert first.notes_added == 1
    after = dump(demo_db)
    again = analyse_update(demo_db, out)
    assert not again.has_work
    apply_update(demo_db, again, {}, paths=paths)
    assert dump(demo_db) == after


def test_new_rows_become_activities_in_the_named_theme_and_onderdeel(
        demo_db: Database, exported: Path, paths: Paths) -> None:
    bundle = load_current(demo_db)
    theme = bundle.themes[2]
    section = theme.sections[0]
    existing = section.activities[0]
    edit(exported, {}, append=[
        {"thema": theme.name.upper() + "  ", "onderdeel": section.name, "titel": "Extra.",
         "activiteit": "Extra controles in de zomer.", "bestuurlijk_trekker": "Burgemeester",
         "partners": "Politie basisteam Lindewaard-Oost\nNieuwe Buurtvereniging", "planning": "zomer 2027",
         "deadline": date(2027, 8, 31), "status": "loopt", "voortgang": "Voorbereiding gestart."},
        {"thema": theme.name, "kop": "Nieuwe kop", "onderdeel": "Nieuw onderdeel",
         "activiteit": "Eerste activiteit in een nieuw onderdeel."},
        {"thema": theme.name, "kop": "Nieuwe kop", "onderdeel": "Nieuw onderdeel",
         "activiteit": "Tweede activiteit in hetzelfde nieuwe onderdeel."},
        {"thema": theme.name, "onderdeel": section.name, "titel": existing.title,
         "activiteit": existing.description},  # already there: no duplicate
        {"thema": theme.name, "onderdeel": section.name, "activiteit": "Dubbel in het bestand."},
        {"thema": theme.name, "onderdeel": section.name, "activiteit": "Dubbel in het bestand."},
        {"thema": "Bestaat niet", "activiteit": "Komt nergens."},
        {"onderdeel": section.name, "activiteit": "Zonder thema."},
        {"thema": theme.name, "activiteit": "Met rare status.", "status": "half af"},
    ])
    preview = analyse_update(demo_db, exported)
    assert [(n.theme, n.section, n.new_section, n.title) for n in preview.new_rows] == [
        (theme.name, section.name, False, "Extra. Extra controles in de zomer."),
        (theme.name, "Nieuw onderdeel", True, "Eerste activiteit in een nieuw onderdeel."),
        (theme.name, "Nieuw onderdeel", True, "Tweede activiteit in hetzelfde nieuwe onderdeel."),
        (theme.name, section.name, False, "Dubbel in het bestand."),
        (theme.name, "", not any(s.name == "" for s in theme.sections), "Met rare status."),
    ]
    messages = [p.text() for p in preview.problems]
    assert any("rij 87" in m and "al in" in m for m in messages)  # the existing activity
    assert any("rij 89" in m and "rij 88" in m for m in messages)  # duplicate in the file
    assert any("rij 90" in m and "'Bestaat niet' bestaat niet" in m for m in messages)
    assert any("rij 91" in m and "zonder thema" in m for m in messages)
    assert any("rij 92" in m and "half af" in m for m in messages)
    count_before = load_current(demo_db).activity_count
    result = apply_update(demo_db, preview, {}, paths=paths)
    assert result.activities_added == 5 and result.notes_added == 1
    bundle = load_current(demo_db)
    assert bundle.activity_count == count_before + 5
    theme_after = next(t for t in bundle.themes if t.id == theme.id)
    new_section = next(s for s in theme_after.sections if s.name == "Nieuw onderdeel")
    assert new_section.heading == "Nieuwe kop"
    assert [a.description for a in new_section.activities] == [
        "Eerste activiteit in een nieuw onderdeel.", "Tweede activiteit in hetzelfde nieuwe onderdeel."]
    extra = next(a for a in theme_after.activities() if a.title == "Extra.")
    assert extra.status is ActivityStatus.RUNNING and extra.planning_text == "zomer 2027"
    assert extra.partners == ["Politie basisteam Lindewaard-Oost", "Nieuwe Buurtvereniging"]
    assert extra.deadline_override == date(2027, 8, 31) and extra.years == bundle.plan.years
    assert [n.text for n in extra.progress_notes] == ["Voorbereiding gestart."]
    odd = next(a for a in theme_after.activities() if a.description == "Met rare status.")
    assert odd.status is ActivityStatus.NOT_STARTED


def test_partners_fill_an_empty_plan(db: Database, tmp_path: Path, paths: Paths) -> None:
    from tests.helpers import make_plan

    make_plan(db)
    out = tmp_path / "leeg.xlsx"
    export_plan_xlsx(db, out)
    edit(out, {}, append=[{"thema": "Jeugd", "onderdeel": "Groepen", "activiteit": "Straatcoaches.",
                           "ambtelijk_trekker": "Team Jeugd", "status": "Loopt"}])
    assert is_ivpdesk_export(out)
    preview = analyse_update(db, out)
    assert [(n.theme, n.section, n.new_section) for n in preview.new_rows] == [("Jeugd", "Groepen", False)]
    apply_update(db, preview, {}, paths=paths)
    (activity,) = [a for _t, _s, a in load_current(db).activities()]
    assert (activity.description, activity.officer_owner, activity.status) == (
        "Straatcoaches.", "Team Jeugd", ActivityStatus.RUNNING)


def test_rows_deleted_in_excel_are_reported_not_deleted(
        demo_db: Database, exported: Path, paths: Paths) -> None:
    ids = _ids(demo_db)
    workbook = openpyxl.load_workbook(exported)
    workbook["Activiteiten"].protection.sheet = False  # a partner unprotected and deleted rows
    workbook.save(exported)
    edit(exported, {}, delete=[ids[3], ids[10]])
    preview = analyse_update(demo_db, exported)
    assert sorted(d.activity_id for d in preview.deleted) == sorted([ids[3], ids[10]])
    assert all(d.title and d.theme for d in preview.deleted)
    assert not preview.has_work
    apply_update(demo_db, preview, {}, paths=paths)
    assert set(_ids(demo_db)) == set(ids)


def _conflict_setup(db: Database, exported: Path) -> int:
    """Both sides change activity a: status (both, differently), planning (mine only),
    voortgang (theirs only), ambtelijk trekker (both, to the same value)."""
    a = _ids(db)[0]
    with db.uow(source="gui") as uow:
        activity = uow.activities.get(a)
        activity.status = ActivityStatus.DELAYED
        activity.planning_text = "eind 2027"
        activity.officer_owner = "Team Veiligheid"
        uow.activities.update(activity)
        uow.commit()
    edit(exported, {(a, "status"): "Gereed", (a, "voortgang"): "Klaar.",
                    (a, "ambtelijk_trekker"): "Team Veiligheid"})
    return a


@pytest.mark.parametrize("choice", [Choice.MINE, Choice.THEIRS])
def test_conflicts_are_per_field_and_both_resolutions_work(
        demo_db: Database, exported: Path, paths: Paths, choice: Choice) -> None:
    a = _conflict_setup(demo_db, exported)
    preview = analyse_update(demo_db, exported)
    (update,) = preview.updates
    assert update.activity_id == a and update.changed_since_export
    assert [(c.field, c.exported, c.mine, c.theirs) for c in update.conflicts] == [
        ("status", "Loopt", "Vertraagd", "Gereed")]
    assert [(c.field, c.new) for c in update.changes] == [("voortgang", "Klaar.")]
    before = dump(demo_db)
    with pytest.raises(DomainError, match="conflict"):
        apply_update(demo_db, preview, {}, paths=paths)
    assert dump(demo_db) == before
    apply_update(demo_db, preview, resolve_all(preview, choice), paths=paths)
    activity = _activity(demo_db, a)
    expected = ActivityStatus.DELAYED if choice is Choice.MINE else ActivityStatus.DONE
    assert activity.status is expected
    assert activity.planning_text == "eind 2027"  # changed only in IVP Desk: kept
    assert activity.officer_owner == "Team Veiligheid"
    assert activity.latest_note is not None and activity.latest_note.text == "Klaar."


def test_a_change_after_the_preview_makes_apply_refuse(
        demo_db: Database, exported: Path, paths: Paths) -> None:
    a = _ids(demo_db)[0]
    edit(exported, {(a, "status"): "Gereed"})
    preview = analyse_update(demo_db, exported)
    with demo_db.uow() as uow:
        activity = uow.activities.get(a)
        activity.planning_text = "zojuist gewijzigd"
        uow.activities.update(activity)
        uow.commit()
    before = dump(demo_db)
    with pytest.raises(StaleEditError, match="voorvertoning opnieuw"):
        apply_update(demo_db, preview, {}, paths=paths)
    assert dump(demo_db) == before


def test_problems_are_reported_per_row_and_the_rest_is_applied(
        demo_db: Database, tmp_path: Path, paths: Paths) -> None:
    a, b, c, d = _ids(demo_db)[:4]
    with demo_db.uow() as uow:
        uow.activities.add_note(c, ProgressNote(text="Eerste stand.", written_on=date(2027, 1, 4)))
        uow.commit()
    exported = tmp_path / "plan.xlsx"
    export_plan_xlsx(demo_db, exported)
    edit(exported, {
        (a, "status"): "half klaar", (a, "planning"): "voorjaar 2028",
        (b, "deadline"): "eind maart", (c, "voortgang"): None,
        (d, "titel"): None, (d, "activiteit"): None,
    })
    preview = analyse_update(demo_db, exported)
    rows = {p.row: p.message for p in preview.problems}
    assert "Onbekende status 'half klaar'" in rows[2]
    assert "Deadline" in rows[3] and "geen geldige datum" in rows[3]
    assert "omschrijving" in rows[5]
    assert [(u.activity_id, c.field) for u in preview.updates for c in u.changes] == [(a, "planning")]
    assert "nooit verwijderd" in rows[4]
    apply_update(demo_db, preview, {}, paths=paths)
    assert _activity(demo_db, a).planning_text == "voorjaar 2028"
    assert _activity(demo_db, d).description
    assert [n.text for n in _activity(demo_db, c).progress_notes] == ["Eerste stand."]


def test_a_formula_typed_by_a_partner_is_taken_as_its_text(
        demo_db: Database, exported: Path, paths: Paths) -> None:
    a = _ids(demo_db)[0]
    edit(exported, {(a, "planning"): "=DATE(2027;6;30)"})  # openpyxl stores this as a formula
    preview = analyse_update(demo_db, exported)
    assert any("formule" in p.message for p in preview.problems)
    assert _changes(preview)[0][1:] == ("planning", _activity(demo_db, a).planning_text,
                                        "=DATE(2027;6;30)")
    apply_update(demo_db, preview, {}, paths=paths)
    assert _activity(demo_db, a).planning_text == "=DATE(2027;6;30)"
    again = exported.with_name("opnieuw.xlsx")
    export_plan_xlsx(demo_db, again)
    cell = openpyxl.load_workbook(again)["Activiteiten"]["K2"]
    assert cell.value == "=DATE(2027;6;30)" and cell.data_type == "s"  # exported back as text


def test_a_copied_row_is_a_new_activity_not_a_second_match(
        demo_db: Database, exported: Path) -> None:
    workbook = openpyxl.load_workbook(exported)
    ws = workbook["Activiteiten"]
    copied = [cell.value for cell in ws[2]]
    copied[6] = "Een variant van de eerste activiteit."
    ws.append(copied)
    workbook.save(exported)
    preview = analyse_update(demo_db, exported)
    assert [n.title for n in preview.new_rows][0].endswith("Een variant van de eerste activiteit.")
    assert any("kopie van rij 2" in p.message for p in preview.problems)
    assert preview.updates == []


def test_a_foreign_workbook_is_recognised_as_foreign(demo_db: Database, tmp_path: Path) -> None:
    foreign = tmp_path / "oud-plan.xlsx"
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["Uitvoeringsplan Integrale Veiligheid 2025"])
    ws.append(["onderdeel", "inzet/activiteiten", "bestuurlijk trekker", "partners", "planning"])
    ws.append(["Casusaanpak", "o Persoonsgerichte aanpak", "Bgm", "Politie", "doorlopend"])
    workbook.save(foreign)
    assert not is_ivpdesk_export(foreign)
    with pytest.raises(NotAnExportError, match="gewone import"):
        analyse_update(demo_db, foreign)
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(b"geen zip")
    assert not is_ivpdesk_export(broken)
    with pytest.raises(UpdateFileError, match="kan niet worden gelezen"):
        analyse_update(demo_db, broken)


def test_an_export_from_another_database_is_refused(exported: Path, tmp_path: Path,
                                                    paths: Paths) -> None:
    from ivpdesk.services.database import open_database

    other = open_database(tmp_path / "ander.sqlite", paths)
    try:
        load_demo(other)
        with pytest.raises(ForeignDatabaseError, match="andere IVP Desk-database"):
            analyse_update(other, exported)
    finally:
        other.dispose()


def test_without_the_hidden_sheet_the_key_still_matches_rows(
        demo_db: Database, exported: Path) -> None:
    a, b = _ids(demo_db)[:2]
    shown_before = _shown_deadline(_activity(demo_db, b))
    workbook = openpyxl.load_workbook(exported)
    del workbook["_ivpdesk"]
    workbook.save(exported)
    with demo_db.uow() as uow:  # b changes in IVP Desk: its version no longer matches the key
        activity = uow.activities.get(b)
        activity.planning_text = "gewijzigd"
        uow.activities.update(activity)
        uow.commit()
    edit(exported, {(a, "status"): "Gereed", (b, "status"): "Gereed"})
    assert is_ivpdesk_export(exported)
    preview = analyse_update(demo_db, exported)
    by_id = {u.activity_id: u for u in preview.updates}
    assert [c.field for c in by_id[a].changes] == ["status"] and not by_id[a].conflicts
    # Without the exported values every difference on a changed activity is a conflict;
    # the shown deadline follows the planning text, so it differs when the planning did.
    deadline_moved = _shown_deadline(_activity(demo_db, b)) != shown_before
    assert {c.field for c in by_id[b].conflicts} == {"status", "planning"} | (
        {"deadline"} if deadline_moved else set())


def test_a_file_saved_by_libreoffice_still_round_trips(
        demo_db: Database, exported: Path, tmp_path: Path, paths: Paths) -> None:
    saved = soffice_convert(exported, tmp_path / "lo", "xlsx:Calc MS Excel 2007 XML")
    assert is_ivpdesk_export(saved)
    preview = analyse_update(demo_db, saved)
    assert preview.updates == [] and preview.problems == [] and preview.deleted == []
    a = _ids(demo_db)[0]
    edit(saved, {(a, "status"): "Gereed"})
    preview = analyse_update(demo_db, saved)
    assert _changes(preview) == [(a, "status", "Loopt", "Gereed")]
    apply_update(demo_db, preview, {}, paths=paths)
    assert _activity(demo_db, a).status is ActivityStatus.DONE


def test_change_log_names_the_reimport(demo_db: Database, exported: Path, paths: Paths) -> None:
    a = _ids(demo_db)[0]
    edit(exported, {(a, "planning"): "najaar 2027"})
    apply_update(demo_db, analyse_update(demo_db, exported), {}, paths=paths)
    with demo_db.uow() as uow:
        sources = uow.session.execute(
            select(ChangeLogRow.source, func.count()).where(ChangeLogRow.entity_id == a)
            .where(ChangeLogRow.field == "planning_text").group_by(ChangeLogRow.source)
        ).all()
    assert sources == [("reimport", 1)]
