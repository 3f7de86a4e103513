"""Edit use cases: every edit saved in one unit of work, undo restores the database exactly.

"Exactly" is checked with full dumps of every plan table (see tests/dumps.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ivpdesk.domain import (
    Activity,
    ActivityStatus,
    Baseline,
    DomainError,
    Indicator,
    Measurement,
    PlanStatus,
    ProgressNote,
    Section,
    StaleEditError,
    Target,
    Theme,
    ThemeKind,
    ValidationError,
)
from ivpdesk.services import editing
from ivpdesk.services.editing import FieldChange
from ivpdesk.store.tables import ActivityRow, ChangeLogRow
from ivpdesk.store.uow import Database
from tests.dumps import dump
from tests.helpers import make_plan


def _plan_with_activities(db: Database) -> dict[str, int]:
    ids = make_plan(db)
    with db.uow() as uow:
        for n in range(3):
            uow.activities.add(Activity(
                title=f"Activiteit {n}", description=f"Omschrijving {n}",
                political_owner="Burgemeester", officer_owner="Team OOV",
                partners=["Politie", "Halt"][: n + 1], planning_text="2e kwartaal 2027",
                status=ActivityStatus.RUNNING, years=[2027, 2028],
                progress_notes=[ProgressNote(text=f"Notitie {n}", written_on=date(2027, 3, 1))],
                budget=Decimal("1000.00"),
            ), ids["section"])
        other = uow.sections.add(Section(name="Tweede onderdeel"), ids["theme"])
        uow.activities.add(Activity(title="Ander", description="In het tweede onderdeel"),
                           other.id)  # type: ignore[arg-type]
        uow.indicators.add(Indicator(
            name="Overlast jeugd", unit="aantal", theme_id=ids["theme"],
            baseline=Baseline(value=40, year=2025, raw="40 [2025]"),
            targets=[Target.parse(2027, "≤ 35")], measurements=[Measurement(year=2026, value=38)],
        ), ids["plan"])
        uow.commit()
        ids["other_section"] = other.id  # type: ignore[assignment]
    with db.uow() as uow:
        ids["activities"] = [a.id for a in uow.activities.list_for_section(ids["section"])]  # type: ignore[assignment]
    return ids


def _activity(db: Database, activity_id: int) -> Activity:
    with db.uow() as uow:
        return uow.activities.get(activity_id)


def test_edit_field_is_stored_and_undo_restores_exactly(db: Database) -> None:
    ids = _plan_with_activities(db)
    first = _activity(db, ids["activities"][0])
    before = dump(db)
    edits = editing.edit_fields(db, [FieldChange("activity", first.id, {  # type: ignore[arg-type]
        "status": ActivityStatus.DELAYED, "political_owner": "Wethouder Jeugd",
        "partners": ["Politie", "Nieuwe Partner BV"], "budget": Decimal("2500.50"),
        "deadline_override": date(2027, 9, 1),
    }, version=first.version)])
    stored = _activity(db, first.id)  # type: ignore[arg-type]
    assert stored.status is ActivityStatus.DELAYED
    assert stored.partners == ["Politie", "Nieuwe Partner BV"]
    assert stored.budget == Decimal("2500.50")
    assert stored.version == first.version + 1
    assert edits[0].before["status"] is ActivityStatus.RUNNING
    after = dump(db)
    assert after != before
    editing.revert_edits(db, edits)
    assert dump(db) == before  # the new partner left the register again
    editing.reapply_edits(db, edits)
    assert dump(db) == after  # same partner id as the first time
    assert _activity(db, first.id).status is ActivityStatus.DELAYED  # type: ignore[arg-type]


def test_unchanged_values_make_no_edit_and_validation_saves_nothing(db: Database) -> None:
    ids = _plan_with_activities(db)
    first = _activity(db, ids["activities"][0])
    assert editing.edit_fields(db, [FieldChange(
        "activity", first.id, {"officer_owner": " Team OOV "}, version=first.version)]) == []  # type: ignore[arg-type]
    before = dump(db)
    with pytest.raises(ValidationError, match="valt buiten het uitvoeringsplan"):
        editing.edit_fields(db, [FieldChange("activity", first.id, {"years": [2031]},  # type: ignore[arg-type]
                                             version=first.version)])
    assert dump(db) == before


def test_stale_edit_is_refused_with_the_current_row(db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ids = _plan_with_activities(db)
    mine = _activity(db, ids["activities"][0])
    other = Database.open_file(db.path)  # type: ignore[arg-type]
    try:
        editing.edit_fields(other, [FieldChange("activity", mine.id, {"status": ActivityStatus.DONE},  # type: ignore[arg-type]
                                                version=mine.version)])
    finally:
        other.dispose()
    with pytest.raises(StaleEditError) as caught:
        editing.edit_fields(db, [FieldChange("activity", mine.id, {"status": ActivityStatus.DELAYED},  # type: ignore[arg-type]
                                             version=mine.version)])
    assert caught.value.current.status is ActivityStatus.DONE  # type: ignore[attr-defined]
    saved = editing.force_fields(db, "activity", mine.id, {"status": ActivityStatus.DELAYED})  # type: ignore[arg-type]
    assert saved.status is ActivityStatus.DELAYED


def test_undo_refuses_when_someone_changed_the_same_field_but_keeps_other_fields(db: Database) -> None:
    ids = _plan_with_activities(db)
    first = _activity(db, ids["activities"][0])
    edits = editing.edit_fields(db, [FieldChange("activity", first.id, {"status": ActivityStatus.DONE},  # type: ignore[arg-type]
                                                 version=first.version)])
    # Someone else changes another field: undo still works and keeps their change.
    current = _activity(db, first.id)  # type: ignore[arg-type]
    editing.edit_fields(db, [FieldChange("activity", first.id, {"planning_text": "medio 2027"},  # type: ignore[arg-type]
                                         version=current.version)])
    editing.revert_edits(db, edits)
    reverted = _activity(db, first.id)  # type: ignore[arg-type]
    assert (reverted.status, reverted.planning_text) == (ActivityStatus.RUNNING, "medio 2027")
    # Someone else changes the same field: redo is refused.
    editing.edit_fields(db, [FieldChange("activity", first.id, {"status": ActivityStatus.DELAYED},  # type: ignore[arg-type]
                                         version=reverted.version)])
    with pytest.raises(StaleEditError):
        editing.reapply_edits(db, edits)
    assert _activity(db, first.id).status is ActivityStatus.DELAYED  # type: ignore[arg-type]


def test_section_without_version_is_checked_by_its_values(db: Database) -> None:
    ids = _plan_with_activities(db)
    with db.uow() as uow:
        section = uow.sections.get(ids["section"])
    editing.edit_fields(db, [FieldChange("section", section.id, {"name": "Door collega"},  # type: ignore[arg-type]
                                         expected={"name": section.name})])
    with pytest.raises(StaleEditError) as caught:
        editing.edit_fields(db, [FieldChange("section", section.id, {"name": "Door mij"},  # type: ignore[arg-type]
                                             expected={"name": section.name})])
    assert caught.value.current.name == "Door collega"  # type: ignore[attr-defined]


def test_add_duplicate_delete_activity_undo_exactly(db: Database) -> None:
    ids = _plan_with_activities(db)
    before = dump(db)
    added = editing.add_activity(db, ids["section"], Activity(title="Nieuw", description="x",
                                                             partners=["Geheel Nieuw"]), index=1)
    with db.uow() as uow:
        titles = [a.title for a in uow.activities.list_for_section(ids["section"])]
    assert titles == ["Activiteit 0", "Nieuw", "Activiteit 1", "Activiteit 2"]
    after_add = dump(db)
    editing.undo_structure(db, added)
    assert dump(db) == before
    editing.redo_structure(db, added)
    assert dump(db) == after_add

    duplicate = editing.duplicate_activities(db, [ids["activities"][0]])
    with db.uow() as uow:
        listed = uow.activities.list_for_section(ids["section"])
    assert [a.title for a in listed][:2] == ["Activiteit 0", "Activiteit 0"]
    assert listed[1].partners == ["Politie"] and listed[1].progress_notes == []
    editing.undo_structure(db, duplicate)
    assert dump(db) == after_add

    state = dump(db)
    removed = editing.delete_activities(db, ids["activities"][:2])
    with db.uow() as uow:
        assert [a.title for a in uow.activities.list_for_section(ids["section"])] == [
            "Nieuw", "Activiteit 2"]
    editing.undo_structure(db, removed)
    assert dump(db) == state  # notes, partner links and positions are back
    editing.redo_structure(db, removed)
    editing.undo_structure(db, removed)
    assert dump(db) == state


def test_undo_of_add_refuses_when_someone_edited_the_new_activity(db: Database) -> None:
    ids = _plan_with_activities(db)
    added = editing.add_activity(db, ids["section"], Activity(title="Nieuw", description="x"))
    new_id = added.focus[1]  # type: ignore[index]
    current = _activity(db, new_id)
    editing.edit_fields(db, [FieldChange("activity", new_id, {"description": "Door collega"},
                                         version=current.version)])
    with pytest.raises(StaleEditError):
        editing.undo_structure(db, added)
    assert _activity(db, new_id).description == "Door collega"


def test_move_and_step_undo_exactly(db: Database) -> None:
    ids = _plan_with_activities(db)
    before = dump(db)
    moved = editing.move_activities(db, [ids["activities"][1]], ids["other_section"], index=0)
    with db.uow() as uow:
        assert [a.title for a in uow.activities.list_for_section(ids["other_section"])] == [
            "Activiteit 1", "Ander"]
        assert [a.title for a in uow.activities.list_for_section(ids["section"])] == [
            "Activiteit 0", "Activiteit 2"]
    editing.undo_structure(db, moved)
    assert dump(db) == before
    step = editing.step_activity(db, ids["activities"][0], +1)
    with db.uow() as uow:
        assert [a.title for a in uow.activities.list_for_section(ids["section"])] == [
            "Activiteit 1", "Activiteit 0", "Activiteit 2"]
    editing.undo_structure(db, step)
    assert dump(db) == before
    # Past the end of its onderdeel it goes into the next onderdeel of the theme.
    edge = editing.step_activity(db, ids["activities"][2], +1)
    with db.uow() as uow:
        assert [a.title for a in uow.activities.list_for_section(ids["other_section"])] == [
            "Activiteit 2", "Ander"]
    editing.undo_structure(db, edge)
    assert dump(db) == before
    with pytest.raises(DomainError, match="bovenaan"):
        editing.step_activity(db, ids["activities"][0], -1)


def test_delete_theme_restores_tree_and_indicator_link(db: Database) -> None:
    ids = _plan_with_activities(db)
    before = dump(db)
    removed = editing.delete_theme(db, ids["theme"])
    with db.uow() as uow:
        assert uow.session.scalars(select(ActivityRow)).all() == []
        assert uow.indicators.list_for_plan(ids["plan"])[0].theme_id is None
    editing.undo_structure(db, removed)
    assert dump(db) == before
    with db.uow() as uow:
        logged = {(r.entity, r.old_value, r.new_value) for r in uow.session.scalars(
            select(ChangeLogRow).where(ChangeLogRow.entity == "thema"))}
    assert ("thema", "Jeugd", None) in logged and ("thema", None, "Jeugd") in logged


def test_themes_and_sections_add_rename_reorder(db: Database) -> None:
    ids = _plan_with_activities(db)
    before = dump(db)
    added = editing.add_theme(db, ids["plan"], Theme(name="Ondermijning", kind=ThemeKind.PRIORITY,
                                                     field_number=5), index=0)
    with db.uow() as uow:
        themes = uow.themes.list_for_plan(ids["plan"])
        assert [t.name for t in themes] == ["Ondermijning", "Jeugd"]
        assert len(uow.sections.list_for_theme(themes[0].id)) == 1  # type: ignore[arg-type]
    after_add = dump(db)
    step = editing.step_theme(db, ids["theme"], -1)
    with db.uow() as uow:
        assert [t.name for t in uow.themes.list_for_plan(ids["plan"])] == ["Jeugd", "Ondermijning"]
    editing.undo_structure(db, step)
    assert dump(db) == after_add
    editing.undo_structure(db, added)
    assert dump(db) == before

    theme = editing.read_entity(db, "theme", ids["theme"])
    renamed = editing.edit_fields(db, [FieldChange("theme", ids["theme"], {"name": "Jeugd en veiligheid"},
                                                   version=theme.version)])
    assert editing.read_entity(db, "theme", ids["theme"]).name == "Jeugd en veiligheid"
    editing.revert_edits(db, renamed)
    assert dump(db) == before

    section_add = editing.add_section(db, ids["theme"], Section(name="Preventie"), index=0)
    section_step = editing.step_section(db, section_add.focus[1], +1)  # type: ignore[index]
    with db.uow() as uow:
        assert [s.name for s in uow.sections.list_for_theme(ids["theme"])] == [
            "Groepen", "Preventie", "Tweede onderdeel"]
    editing.undo_structure(db, section_step)
    editing.undo_structure(db, section_add)
    assert dump(db) == before
    removed = editing.delete_section(db, ids["section"])
    editing.undo_structure(db, removed)
    assert dump(db) == before


def test_notes_indicators_and_plan_properties(db: Database) -> None:
    ids = _plan_with_activities(db)
    before = dump(db)
    note = editing.add_note(db, ids["activities"][0], editing.new_note("Loopt goed", "Q2 2027",
                                                                        date(2027, 6, 20)))
    assert [n.text for n in _activity(db, ids["activities"][0]).progress_notes] == [
        "Notitie 0", "Loopt goed"]
    editing.undo_structure(db, note)
    assert dump(db) == before
    note_id = _activity(db, ids["activities"][0]).progress_notes[0].id
    gone = editing.delete_note(db, note_id)  # type: ignore[arg-type]
    editing.undo_structure(db, gone)
    assert dump(db) == before

    with db.uow() as uow:
        indicator = uow.indicators.list_for_plan(ids["plan"])[0]
    edits = editing.edit_fields(db, [FieldChange("indicator", indicator.id, {  # type: ignore[arg-type]
        "targets": [Target.parse(2027, "≤ 30"), Target.parse(2028, "≤ 25")],
        "measurements": [Measurement(year=2026, value=38), Measurement(year=2027, value=31)],
    }, version=indicator.version)])
    stored = editing.read_entity(db, "indicator", indicator.id)  # type: ignore[arg-type]
    assert [t.raw for t in stored.targets] == ["≤ 30", "≤ 25"]
    after = dump(db)
    editing.revert_edits(db, edits)
    assert dump(db) == before  # the target and measurement rows keep their ids
    editing.reapply_edits(db, edits)
    assert dump(db) == after
    editing.revert_edits(db, edits)
    assert dump(db) == before
    added = editing.add_indicator(db, ids["plan"], Indicator(name="Woninginbraken", theme_id=ids["theme"]))
    editing.undo_structure(db, added)
    assert dump(db) == before

    plan = editing.read_entity(db, "plan", ids["plan"])
    plan_edits = editing.edit_fields(db, [
        FieldChange("plan", ids["plan"], {"status": PlanStatus.ADOPTED,
                                          "adopted_on": date(2027, 1, 26),
                                          "introduction": "Inleiding"}, version=plan.version),
        FieldChange("safety_plan", ids["safety"], {"municipality": "Nieuwstad"},
                    expected={"municipality": "Teststad"}),
    ])
    assert editing.read_entity(db, "safety_plan", ids["safety"]).municipality == "Nieuwstad"
    editing.revert_edits(db, plan_edits)
    assert dump(db) == before
