"""The change log: every change through the repositories is recorded; queries and Excel for people."""

from __future__ import annotations

import inspect
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from ivpdesk.domain import (
    Activity,
    ActivityStatus,
    Baseline,
    ControlMoment,
    ControlMomentKind,
    ImplementationPlan,
    Indicator,
    Partner,
    PartnerKind,
    ProgressNote,
    Section,
    Target,
    Theme,
    ThemeKind,
)
from ivpdesk.services.change_log import (
    ChangeEntry,
    ChangeFilter,
    activity_history,
    actors,
    export_changes_xlsx,
    query_changes,
)
from ivpdesk.store import repositories
from ivpdesk.store import tables as t
from ivpdesk.store.uow import Database
from tests.helpers import make_plan

# Every public method of a repository that changes data, and the test below that checks it
# is logged. A new mutating method fails test_no_repository_method_escapes_the_log until it
# is added here (and to the walk-through), so nothing can bypass the log unnoticed.
LOGGED = {
    "SafetyPlanRepository": {"add", "update"},
    "ImplementationPlanRepository": {"add", "update", "delete"},
    "ThemeRepository": {"add", "update", "delete", "reorder"},
    "SectionRepository": {"add", "add_many", "update", "move", "delete", "reorder"},
    "PartnerRepository": {"get_or_create", "update"},
    "ActivityRepository": {"add", "add_many", "update", "delete", "restore", "move", "reorder",
                           "add_note"},
    "IndicatorRepository": {"add", "update", "delete", "reorder"},
    "ControlMomentRepository": {"add", "update", "delete"},
}
READING = {"get", "list", "list_for_plan", "list_for_theme", "list_for_section", "find",
           "current_id", "load", "all"}
NOT_LOGGED = {  # settings and reminder state are not plan content
    "ImplementationPlanRepository": {"set_current"},
    "SettingsRepository": {"set", "delete"},
    "ReminderStateRepository": {"set"},
}


def test_no_repository_method_escapes_the_log() -> None:
    for name, cls in inspect.getmembers(repositories, inspect.isclass):
        if not name.endswith("Repository") or cls.__module__ != repositories.__name__:
            continue
        public = {m for m, _ in inspect.getmembers(cls, inspect.isfunction) if not m.startswith("_")}
        unaccounted = public - READING - LOGGED.get(name, set()) - NOT_LOGGED.get(name, set())
        assert not unaccounted, f"{name}.{sorted(unaccounted)}: record it in the change log and test it"


def test_bulk_adds_log_exactly_what_single_adds_log(db: Database) -> None:
    """The importer's add_many writes the same log rows as add, one per created row."""
    from ivpdesk.domain import Activity

    ids = make_plan(db)
    log = Log(db)
    log.new()
    with db.uow(source="import") as uow:
        section = uow.sections.add(Section(name="Preventie", ambition="Vroeg"), ids["theme"], 5)
        one = Activity(description="Buurtbemiddeling inzetten", political_owner="Burgemeester",
                       partners=["Politie"], years=[2027])
        uow.activities.add(one, section.id)  # type: ignore[arg-type]
        uow.commit()
    single = log.new()
    with db.uow(source="import") as uow:
        sections = [(Section(name="Preventie", ambition="Vroeg"), ids["theme"], 6)]
        uow.sections.add_many(sections)
        two = Activity(description="Buurtbemiddeling inzetten", political_owner="Burgemeester",
                       partners=["Brandweer"], years=[2027])  # a new partner, as in round one
        uow.activities.add_many([(two, sections[0][0].id, 0)])  # type: ignore[list-item]
        uow.commit()
    bulk = log.new()
    assert single and sorted(bulk, key=str) == sorted(  # same rows; order within one commit is free
        [(e, f, o, "Brandweer" if n == "Politie" else n) for e, f, o, n in single], key=str)
    with db.uow() as uow:
        sources = set(uow.session.scalars(select(t.ChangeLogRow.source)
                                          .where(t.ChangeLogRow.entity_id == two.id)))
    assert sources == {"import"}


class Log:
    """Reads the change-log rows written since the last look."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.seen = 0

    def new(self) -> list[tuple[str, str, str | None, str | None]]:
        with self.db.uow() as uow:
            rows = list(uow.session.execute(
                select(t.ChangeLogRow.id, t.ChangeLogRow.entity, t.ChangeLogRow.field,
                       t.ChangeLogRow.old_value, t.ChangeLogRow.new_value)
                .where(t.ChangeLogRow.id > self.seen).order_by(t.ChangeLogRow.id)))
        if rows:
            self.seen = rows[-1][0]
        return [(r[1], r[2], r[3], r[4]) for r in rows]


def test_every_kind_of_change_through_the_repositories_is_logged(db: Database) -> None:
    ids = make_plan(db)
    log = Log(db)
    log.new()
    with db.uow() as uow:
        safety = uow.safety_plans.get(ids["safety"])
        safety.vision = "Samen veilig"
        uow.safety_plans.update(safety)
        plan = uow.plans.get(ids["plan"])
        plan.introduction = "Inleiding"
        uow.plans.update(plan)
        uow.commit()
    assert log.new() == [("ivp", "vision", "", "Samen veilig"),
                         ("uitvoeringsplan", "introduction", "", "Inleiding")]
    with db.uow() as uow:
        second = uow.themes.add(Theme(name="Ondermijning", kind=ThemeKind.PRIORITY), ids["plan"])
        theme = uow.themes.get(ids["theme"])
        theme.goal = "Minder overlast"
        uow.themes.update(theme)
        uow.themes.reorder(ids["plan"], [second.id, ids["theme"]])  # type: ignore[list-item]
        uow.commit()
    assert log.new() == [("thema", "", None, "Ondermijning"), ("thema", "goal", "", "Minder overlast"),
                         ("thema", "position", "2", "1"), ("thema", "position", "1", "2")]
    with db.uow() as uow:
        section = uow.sections.add(Section(name="Preventie"), ids["theme"])
        section.ambition = "Vroeg erbij"
        uow.sections.update(section)
        uow.sections.reorder(ids["theme"], [section.id, ids["section"]])  # type: ignore[list-item]
        uow.sections.move(section.id, second.id)  # type: ignore[arg-type]
        uow.commit()
    assert log.new() == [("onderdeel", "", None, "Preventie"), ("onderdeel", "ambition", "", "Vroeg erbij"),
                         ("onderdeel", "position", "2", "1"), ("onderdeel", "position", "1", "2"),
                         ("onderdeel", "theme_id", str(ids["theme"]), str(second.id))]
    with db.uow() as uow:
        partner = uow.partners.get_or_create("Politie", PartnerKind.EXTERNAL)
        uow.partners.update(Partner(id=partner.id, name="Politie Oost", kind=PartnerKind.EXTERNAL))
        uow.commit()
    assert log.new() == [("partner", "", None, "Politie"), ("partner", "name", "Politie", "Politie Oost")]
    with db.uow() as uow:
        first = uow.activities.add(Activity(title="Buurtpreventie.", description="", years=[2027]), ids["section"])
        other = uow.activities.add(Activity(title="Wijkschouw.", description="", years=[2027]), ids["section"])
        first.status = ActivityStatus.RUNNING
        first.budget = Decimal("1500")
        first = uow.activities.update(first)
        uow.activities.reorder(ids["section"], [other.id, first.id])  # type: ignore[list-item]
        uow.activities.move(other.id, section.id)  # type: ignore[arg-type]
        uow.activities.add_note(first.id, ProgressNote(text="Gestart", written_on=date(2027, 2, 1)))  # type: ignore[arg-type]
        gone = uow.activities.delete(other.id)  # type: ignore[arg-type]
        uow.activities.restore(gone)
        uow.commit()
    assert log.new() == [
        ("activiteit", "", None, "Buurtpreventie."), ("activiteit", "", None, "Wijkschouw."),
        ("activiteit", "status", "niet gestart", "loopt"), ("activiteit", "budget", None, "1500.00"),
        ("activiteit", "position", "2", "1"), ("activiteit", "position", "1", "2"),
        ("activiteit", "section_id", str(ids["section"]), str(section.id)),
        ("activiteit", "voortgang", None, "Gestart"),
        ("activiteit", "", "Wijkschouw.", None), ("activiteit", "", None, "Wijkschouw."),
    ]
    with db.uow() as uow:
        indicator = uow.indicators.add(Indicator(name="Inbraken", baseline=Baseline(value=4, year=2025),
                                                 targets=[Target.parse(2027, "≤ 3")]), ids["plan"])
        extra = uow.indicators.add(Indicator(name="Overlast"), ids["plan"])
        indicator.source = "Politie"
        indicator = uow.indicators.update(indicator)
        uow.indicators.reorder(ids["plan"], [extra.id, indicator.id])  # type: ignore[list-item]
        uow.indicators.delete(extra.id)  # type: ignore[arg-type]
        uow.commit()
    assert log.new() == [("indicator", "", None, "Inbraken"), ("indicator", "", None, "Overlast"),
                         ("indicator", "source", "", "Politie"),
                         ("indicator", "position", "2", "1"), ("indicator", "position", "1", "2"),
                         ("indicator", "", "Overlast", None)]
    with db.uow() as uow:
        moment = uow.control_moments.add(ControlMoment(kind=ControlMomentKind.PROGRESS_REPORT,
                                                       name="Voortgang", due_on=date(2027, 6, 1)), ids["plan"])
        moment.lead_days = 30
        uow.control_moments.update(moment)
        uow.control_moments.delete(moment.id)  # type: ignore[arg-type]
        uow.commit()
    assert [row[:2] for row in log.new()] == [("pc-moment", ""), ("pc-moment", "lead_days"), ("pc-moment", "")]
    with db.uow() as uow:
        uow.themes.delete(second.id)  # type: ignore[arg-type]  # with onderdeel Preventie and Wijkschouw
        uow.commit()
    assert log.new() == [("thema", "", "Ondermijning", None), ("onderdeel", "", "Preventie", None),
                         ("activiteit", "", "Wijkschouw. (met thema 'Ondermijning')", None)]
    with db.uow() as uow:
        later = uow.plans.add(ImplementationPlan(safety_plan_id=ids["safety"], start_year=2029, end_year=2030))
        uow.plans.delete(later.id)  # type: ignore[arg-type]
        uow.commit()
    assert [row[:2] for row in log.new()] == [("uitvoeringsplan", ""), ("uitvoeringsplan", "")]


def test_history_of_a_deleted_activity_keeps_its_name_and_every_step(db: Database) -> None:
    ids = make_plan(db)
    with db.uow() as uow:
        activity = uow.activities.add(Activity(title="Cameratoezicht.", description="", years=[2027]), ids["section"])
        activity.status = ActivityStatus.DONE
        uow.activities.update(activity)
        uow.commit()
    with db.uow() as uow:
        uow.activities.delete(activity.id)  # type: ignore[arg-type]
        uow.commit()
    history = activity_history(db, activity.id)  # type: ignore[arg-type]
    assert [e.field_text for e in history] == ["verwijderd", "status", "aangemaakt"]
    assert {e.subject for e in history} == {"Cameratoezicht."}
    assert history[1].old_text == "niet gestart" and history[1].new_text == "gereed"
    assert history[2].new_text == ""  # "aangemaakt": the name is already the subject


def test_moves_show_names_not_numbers(db: Database) -> None:
    ids = make_plan(db)
    with db.uow() as uow:
        target = uow.sections.add(Section(name="Handhaving"), ids["theme"])
        activity = uow.activities.add(Activity(title="Controles.", description="", years=[2027]), ids["section"])
        uow.activities.move(activity.id, target.id)  # type: ignore[arg-type]
        activity = uow.activities.get(activity.id)  # type: ignore[arg-type]
        activity.budget = Decimal("12500.5")
        uow.activities.update(activity)
        uow.commit()
    budget, moved = (e for e in activity_history(db, activity.id) if e.field)  # type: ignore[arg-type]  # newest first
    assert (budget.field_text, budget.new_text) == ("budget", "€ 12.500,50")
    assert (moved.field_text, moved.old_text, moved.new_text) == ("onderdeel", "Groepen", "Handhaving")


def _backdate(db: Database, days: int, actor: str | None = None) -> None:
    """Move every row so far ``days`` into the past (and give them an author)."""
    with db.uow() as uow:
        values: dict[str, object] = {"at": datetime.now(UTC) - timedelta(days=days)}
        if actor:
            values["actor"] = actor
        uow.session.execute(update(t.ChangeLogRow).values(**values))
        uow.commit()


def test_filters_by_local_day_user_kind_text_and_plan(db: Database) -> None:
    ids = make_plan(db)
    _backdate(db, 40, "annemarie")
    db.actor = "pieter"
    with db.uow() as uow:
        activity = uow.activities.add(Activity(title="Keurmerk Veilig Ondernemen.", description="", years=[2027]), ids["section"])
        uow.commit()
    today = datetime.now().date()  # noqa: DTZ005
    assert actors(db) == ["annemarie", "pieter"]
    assert [e.subject for e in query_changes(db, ChangeFilter(since=today))] == ["Keurmerk Veilig Ondernemen."]
    old = query_changes(db, ChangeFilter(until=today - timedelta(days=30)))
    assert old and all(e.actor == "annemarie" for e in old)
    assert query_changes(db, ChangeFilter(actor="pieter"))[0].entity_id == activity.id
    assert {e.entity for e in query_changes(db, ChangeFilter(entity="thema"))} == {"thema"}
    assert [e.subject for e in query_changes(db, ChangeFilter(text="KEURMERK"))] == ["Keurmerk Veilig Ondernemen."]
    assert query_changes(db, ChangeFilter(plan_id=ids["plan"] + 99, entity="activiteit")) == []
    assert len(query_changes(db, ChangeFilter(limit=2))) == 2
    flt = ChangeFilter(since=date(2027, 1, 1), until=date(2027, 3, 31), actor="pieter", text="x")
    assert flt.describe() == "van 01-01-2027 tot en met 31-03-2027, door pieter, met de tekst 'x'"


def _entry(**values: object) -> ChangeEntry:
    base: dict[str, object] = dict(id=1, at=datetime(2027, 3, 3, 8, 12, tzinfo=UTC), actor="annemarie",
                                   source="gui", plan_id=1, entity="activiteit", entity_id=7,
                                   field="title", old="Oud", new="Nieuw", subject="Cameratoezicht.")
    base.update(values)
    return ChangeEntry(**base)  # type: ignore[arg-type]


def test_excel_export_is_readable_printable_and_never_runs_formulas(tmp_path: Path) -> None:
    hostile = ["=HYPERLINK(\"http://x.invalid\")", "+31 6 12345678", "-1", "@SUM(A1)", "\tTAB"]
    entries = [_entry(id=i, new=text, actor=text if i == 0 else "annemarie")
               for i, text in enumerate(hostile)] + [_entry(id=99, new="x" * 40_000)]
    out = export_changes_xlsx(entries, tmp_path / "verantwoording", database_name="plan.sqlite",
                              filter_text="alle wijzigingen", exported_by="annemarie")
    assert out.name == "verantwoording.xlsx"
    workbook = load_workbook(out)
    sheet = workbook["Wijzigingen"]
    assert sheet.max_row == len(entries) + 1
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:H7"
    widths = [sheet.column_dimensions[c].width for c in "ABCDEFGH"]
    assert min(widths) >= 15 and widths[6] >= 40
    when = sheet["A2"].value
    assert isinstance(when, datetime) and sheet["A2"].number_format == "dd-mm-yyyy hh:mm"
    assert when == datetime(2027, 3, 3, 8, 12, tzinfo=UTC).astimezone().replace(tzinfo=None)
    for row, text in enumerate(hostile, start=2):
        cell = sheet.cell(row, 8)
        assert cell.value == text and cell.data_type == "s"
        assert cell.quotePrefix
    assert sheet.cell(2, 2).data_type == "s"  # the user name column is guarded too
    assert len(sheet.cell(7, 8).value) == 32_000  # clipped to what Excel can hold
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml  # not a single formula in the file
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0 and sheet.print_title_rows == "$1:$1"
    about = workbook["Verantwoording"]
    assert about["B2"].value == "plan.sqlite" and about["B4"].value == str(len(entries))
    assert [p.name for p in tmp_path.iterdir()] == ["verantwoording.xlsx"]


def test_excel_export_to_a_missing_folder_is_a_dutch_error(tmp_path: Path) -> None:
    from ivpdesk.domain import DomainError

    with pytest.raises(DomainError, match="bestaat niet"):
        export_changes_xlsx([_entry()], tmp_path / "nergens" / "log.xlsx")
