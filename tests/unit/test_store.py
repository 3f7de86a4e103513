"""Round trips of every entity through a real SQLite file, unit of work, stale edits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ivpdesk.domain import (
    Activity,
    ActivityStatus,
    Baseline,
    ControlMoment,
    ControlMomentKind,
    Direction,
    Indicator,
    Measurement,
    NotFoundError,
    Operator,
    PartnerKind,
    PlanStatus,
    ProgressNote,
    Section,
    StaleEditError,
    Target,
    Theme,
    ThemeKind,
    ValidationError,
)
from ivpdesk.store.tables import ActivityRow, ChangeLogRow, SectionRow
from ivpdesk.store.uow import Database
from tests.helpers import make_plan


def _activity(**overrides: object) -> Activity:
    values: dict[str, object] = dict(
        title="Buurtbemiddeling.",
        description="Voortzetting van buurtbemiddeling in alle kernen.",
        political_owner="Burgemeester",
        officer_owner="Team OOV",
        partners=["Politie", "Woonstichting De Linde"],
        planning_text="2e kwartaal 2027",
        deadline_override=date(2027, 6, 1),
        status=ActivityStatus.RUNNING,
        years=[2028, 2027],
        progress_notes=[ProgressNote(text="Gestart.", written_on=date(2027, 2, 1), moment="Q1")],
        budget=Decimal("12500.50"),
    )
    values.update(overrides)
    return Activity(**values)  # type: ignore[arg-type]


def test_safety_plan_and_plan_round_trip(db: Database) -> None:
    ids = make_plan(db)
    with db.uow() as uow:
        safety = uow.safety_plans.get(ids["safety"])
        assert (safety.municipality, safety.start_year, safety.end_year) == ("Teststad", 2027, 2030)
        plan = uow.plans.get(ids["plan"])
        assert plan.years == [2027, 2028]
        plan.status = PlanStatus.ADOPTED
        plan.adopted_on = date(2027, 1, 20)
        plan.adopted_by = "College van B&W"
        plan.introduction = "Inleiding\nmet twee regels"
        uow.plans.update(plan)
        safety.vision = "Samen veilig"
        uow.safety_plans.update(safety)
        uow.commit()
    with db.uow() as uow:
        plan = uow.plans.get(ids["plan"])
        assert (plan.status, plan.adopted_on, plan.adopted_by) == (
            PlanStatus.ADOPTED, date(2027, 1, 20), "College van B&W")
        assert plan.introduction == "Inleiding\nmet twee regels"
        assert plan.version == 2
        assert uow.safety_plans.get(ids["safety"]).vision == "Samen veilig"
        assert uow.plans.current_id() == ids["plan"]


def test_theme_and_section_round_trip(db: Database) -> None:
    ids = make_plan(db)
    with db.uow() as uow:
        theme = uow.themes.get(ids["theme"])
        assert (theme.name, theme.kind, theme.field_number, theme.standard_theme_code) == (
            "Jeugd", ThemeKind.PRIORITY, 3, "3.1")
        theme.goal = "Minder jeugdoverlast"
        theme.approach = "Groepsaanpak"
        theme.kind = ThemeKind.OTHER
        uow.themes.update(theme)
        section = uow.sections.get(ids["section"])
        assert (section.name, section.ambition, section.heading) == ("Groepen", "Minder overlast", "Aanpak")
        uow.sections.add(Section(name="Preventie\u00a0 "), ids["theme"])
        uow.commit()
    with db.uow() as uow:
        theme = uow.themes.get(ids["theme"])
        assert (theme.goal, theme.approach, theme.kind, theme.version) == (
            "Minder jeugdoverlast", "Groepsaanpak", ThemeKind.OTHER, 2)
        names = [s.name for s in uow.sections.list_for_theme(ids["theme"])]
        assert names == ["Groepen", "Preventie"]


def test_activity_round_trip_keeps_every_field(db: Database) -> None:
    ids = make_plan(db)
    with db.uow() as uow:
        stored = uow.activities.add(_activity(), ids["section"])
        uow.commit()
    with db.uow() as uow:
        loaded = uow.activities.get(stored.id)  # type: ignore[arg-type]
    assert loaded.title == "Buurtbemiddeling."
    assert loaded.description == "Voortzetting van buurtbemiddeling in alle kernen."
    assert (loaded.political_owner, loaded.officer_owner) == ("Burgemeester", "Team OOV")
    assert loaded.partners == ["Politie", "Woonstichting De Linde"]
    assert loaded.planning_text == "2e kwartaal 2027"
    assert loaded.deadline_override == date(2027, 6, 1)
    assert loaded.status is ActivityStatus.RUNNING
    assert loaded.years == [2027, 2028]
    assert loaded.budget == Decimal("12500.50")
    assert [(n.text, n.written_on, n.moment) for n in loaded.progress_notes] == [
        ("Gestart.", date(2027, 2, 1), "Q1")]
    assert loaded.section_id == ids["section"]


def test_planning_text_is_stored_exactly_as_written(db: Database) -> None:
    ids = make_plan(db)
    raw = "  3e/4e kwartaal 2027 —\nin overleg  "
    with db.uow() as uow:
        activity = uow.activities.add(_activity(planning_text=raw), ids["section"])
        uow.commit()
    with db.uow() as uow:
        assert uow.activities.get(activity.id).planning_text == raw  # type: ignore[arg-type]


def test_partner_register_is_shared_and_case_insensitive(db: Database) -> None:
    ids = make_plan(db)
    with db.uow() as uow:
        uow.partners.get_or_create("Gemeente team Handhaving", PartnerKind.INTERNAL)
        uow.activities.add(_activity(partners=["politie", "Gemeente team handhaving"]), ids["section"])
        uow.activities.add(_activity(partners=["Politie"]), ids["section"])
        uow.commit()
    with db.uow() as uow:
        partners = uow.partners.list()
    names = sorted(p.name for p in partners)
    # The first spelling seen is kept; later spellings reuse the same register entry.
    assert names == ["Gemeente team Handhaving", "politie"]
    assert next(p for p in partners if p.name == "Gemeente team Handhaving").kind is PartnerKind.INTERNAL
    assert len([p for p in partners if p.name.lower() == "politie"]) == 1


def test_indicator_round_trip(db: Database) -> None:
    ids = make_plan(db)
    indicator = Indicator(
        name="Woninginbraken per 1.000 woningen", source="Politie", unit="per 1.000 woningen",
        direction=Direction.LOWER_IS_BETTER, baseline=Baseline(3.5, 2017, "3,5 [2017]"),
        targets=[Target.parse(2027, "≤ 3"), Target.parse(2028, "≤ G32-gemiddelde van 2018")],
        measurements=[Measurement(2027, 2.9)], theme_id=ids["theme"],
    )
    with db.uow() as uow:
        uow.indicators.add(indicator, ids["plan"])
        uow.commit()
    with db.uow() as uow:
        loaded = uow.indicators.get(indicator.id)  # type: ignore[arg-type]
        assert loaded.baseline == Baseline(3.5, 2017, "3,5 [2017]")
        assert [(t.year, t.operator, t.value, t.raw) for t in loaded.targets] == [
            (2027, Operator.LE, 3.0, "≤ 3"), (2028, Operator.LE, None, "≤ G32-gemiddelde van 2018")]
        assert [(m.year, m.value) for m in loaded.measurements] == [(2027, 2.9)]
        assert loaded.theme_id == ids["theme"]
        loaded.measurements.append(Measurement(2028, 2.7))
        loaded.targets[0] = Target.parse(2027, "< 3,2")
        uow.indicators.update(loaded)
        uow.commit()
    with db.uow() as uow:
        again = uow.indicators.get(indicator.id)  # type: ignore[arg-type]
    assert [(m.year, m.value) for m in again.measurements] == [(2027, 2.9), (2028, 2.7)]
    assert again.targets[0].operator is Operator.LT and again.targets[0].value == 3.2
    assert again.version == 2


def test_control_moment_round_trip(db: Database) -> None:
    ids = make_plan(db)
    with db.uow() as uow:
        moment = uow.control_moments.add(
            ControlMoment(name="Voortgangsrapportage 2027", due_on=date(2027, 6, 30),
                          kind=ControlMomentKind.PROGRESS_REPORT, lead_days=21), ids["plan"])
        uow.commit()
    with db.uow() as uow:
        (loaded,) = uow.control_moments.list_for_plan(ids["plan"])
        assert (loaded.name, loaded.due_on, loaded.kind, loaded.lead_days) == (
            "Voortgangsrapportage 2027", date(2027, 6, 30), ControlMomentKind.PROGRESS_REPORT, 21)
        loaded.done_on = date(2027, 6, 28)
        uow.control_moments.update(loaded)
        uow.commit()
    with db.uow() as uow:
        assert uow.control_moments.list_for_plan(ids["plan"])[0].done_on == date(2027, 6, 28)
        assert moment.id is not None


def test_settings_and_reminder_state(db: Database) -> None:
    with db.uow() as uow:
        uow.settings.set("reminder_lead_days", "21")
        uow.reminders.set("activity:1:2027-06-30", snoozed_until=date(2027, 6, 7))
        uow.commit()
    with db.uow() as uow:
        assert uow.settings.get("reminder_lead_days") == "21"
        assert uow.settings.get("missing", "x") == "x"
        assert uow.reminders.all() == {"activity:1:2027-06-30": (None, date(2027, 6, 7))}


def test_unit_of_work_rolls_back_on_error(db: Database) -> None:
    ids = make_plan(db)
    with pytest.raises(RuntimeError), db.uow() as uow:
        uow.activities.add(_activity(), ids["section"])
        uow.themes.add(Theme(name="Halverwege"), ids["plan"])
        raise RuntimeError("stroomstoring")
    with db.uow() as uow:
        assert uow.activities.list_for_section(ids["section"]) == []
        assert [t.name for t in uow.themes.list_for_plan(ids["plan"])] == ["Jeugd"]


def test_unit_of_work_without_commit_changes_nothing(db: Database) -> None:
    ids = make_plan(db)
    with db.uow() as uow:
        uow.activities.add(_activity(), ids["section"])
    with db.uow() as uow:
        assert uow.activities.list_for_section(ids["section"]) == []


def test_validation_error_in_repository_stores_nothing(db: Database) -> None:
    ids = make_plan(db)
    with pytest.raises(ValidationError, match="Jaar 2030 valt buiten"), db.uow() as uow:
        uow.activities.add(_activity(years=[2030]), ids["section"])
        uow.commit()
    with db.uow() as uow:
        assert uow.activities.list_for_section(ids["section"]) == []


def test_stale_update_is_refused_and_shows_the_other_change(db: Database) -> None:
    ids = make_plan(db)
    with db.uow() as uow:
        original = uow.activities.add(_activity(), ids["section"])
        uow.commit()
    mine = _activity(id=original.id, version=original.version, status=ActivityStatus.DONE)
    theirs = _activity(id=original.id, version=original.version, status=ActivityStatus.DELAYED)
    with db.uow() as uow:
        uow.activities.update(theirs)
        uow.commit()
    with pytest.raises(StaleEditError) as caught, db.uow() as uow:
        uow.activities.update(mine)
    assert "intussen door iemand anders gewijzigd" in caught.value.message
    assert caught.value.current.status is ActivityStatus.DELAYED  # type: ignore[attr-defined]
    with db.uow() as uow:
        assert uow.activities.get(original.id).status is ActivityStatus.DELAYED  # type: ignore[arg-type]


def test_change_log_records_old_and_new(db: Database) -> None:
    ids = make_plan(db)
    with db.uow() as uow:
        activity = uow.activities.add(_activity(), ids["section"])
        uow.commit()
    activity.status = ActivityStatus.DONE
    activity.partners = ["Politie"]
    with db.uow(source="gui") as uow:
        uow.activities.update(activity)
        uow.commit()
    with db.uow() as uow:
        rows = uow.session.scalars(
            select(ChangeLogRow).where(ChangeLogRow.entity == "activiteit", ChangeLogRow.field != "")
        ).all()
        changes = {(r.field, r.old_value, r.new_value, r.actor, r.source) for r in rows}
    assert ("status", "loopt", "gereed", "testgebruiker", "gui") in changes
    assert ("partners", "Politie, Woonstichting De Linde", "Politie", "testgebruiker", "gui") in changes


def test_move_reorder_and_delete(db: Database) -> None:
    ids = make_plan(db)
    with db.uow() as uow:
        first = uow.activities.add(_activity(title="Eerste"), ids["section"])
        second = uow.activities.add(_activity(title="Tweede"), ids["section"])
        other = uow.sections.add(Section(name="Ander onderdeel"), ids["theme"])
        uow.commit()
    with db.uow() as uow:
        uow.activities.reorder(ids["section"], [second.id, first.id])  # type: ignore[list-item]
        uow.commit()
    with db.uow() as uow:
        assert [a.title for a in uow.activities.list_for_section(ids["section"])] == ["Tweede", "Eerste"]
        uow.activities.move(first.id, other.id)  # type: ignore[arg-type]
        uow.commit()
    with db.uow() as uow:
        assert [a.title for a in uow.activities.list_for_section(other.id)] == ["Eerste"]  # type: ignore[arg-type]
        removed = uow.activities.delete(second.id)  # type: ignore[arg-type]
        uow.commit()
    with db.uow() as uow:
        with pytest.raises(NotFoundError, match="De activiteit bestaat niet"):
            uow.activities.get(second.id)  # type: ignore[arg-type]
        uow.activities.restore(removed)
        uow.commit()
    with db.uow() as uow:
        assert uow.activities.get(second.id).title == "Tweede"  # type: ignore[arg-type]


def test_deleting_a_theme_cascades(db: Database) -> None:
    ids = make_plan(db)
    with db.uow() as uow:
        uow.activities.add(_activity(), ids["section"])
        uow.commit()
    with db.uow() as uow:
        uow.themes.delete(ids["theme"])
        uow.commit()
    with db.uow() as uow:
        assert uow.session.scalars(select(ActivityRow)).all() == []
        assert uow.session.scalars(select(SectionRow)).all() == []


def test_plan_reader_loads_the_whole_tree(demo_db: Database) -> None:
    with demo_db.uow() as uow:
        bundle = uow.reader.load(uow.plans.current_id())  # type: ignore[arg-type]
    assert bundle.safety_plan.municipality == "Lindewaard"
    assert bundle.activity_count >= 80
    assert {t.field_number for t in bundle.themes} >= {1, 2, 3, 4, 5}
    positions = [[a.position for a in s.activities] for t in bundle.themes for s in t.sections]
    assert all(p == sorted(p) for p in positions)
    assert any(a.partners for _, _, a in bundle.activities())
    assert any(a.progress_notes for _, _, a in bundle.activities())
    assert len(bundle.indicators) >= 10
