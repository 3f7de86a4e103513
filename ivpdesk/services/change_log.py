"""The change log for verantwoording: who changed what, when, old → new.

Repositories write one row per changed field (table ``change_log``) for every
change, whatever made it (the window, an Excel import, roll-over, re-import, a
restore). This module reads those rows for people: Dutch names for entities and
fields, the name of the activity or theme a row is about (also after it was
deleted), filters by period, user, kind and text, and an Excel export that can be
handed to the raad or the auditor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select

from ivpdesk.domain.errors import DomainError
from ivpdesk.domain.formatting import format_money
from ivpdesk.services.progress import Progress
from ivpdesk.store import tables as t
from ivpdesk.store.uow import Database

ENTITY_LABELS = {
    "activiteit": "Activiteit",
    "thema": "Thema",
    "onderdeel": "Onderdeel",
    "indicator": "Indicator",
    "uitvoeringsplan": "Uitvoeringsplan",
    "ivp": "IVP",
    "pc-moment": "P&C-moment",
    "partner": "Partner",
    "database": "Database",
}

_FIELDS = {
    "title": "titel",
    "description": "omschrijving",
    "political_owner": "bestuurlijk trekker",
    "officer_owner": "ambtelijk trekker",
    "partners": "partners",
    "planning_text": "planning",
    "deadline_override": "deadline",
    "status": "status",
    "years": "jaren",
    "budget": "budget",
    "section_id": "onderdeel",
    "theme_id": "thema",
    "voortgang": "voortgangsnotitie",
    "position": "volgorde",
    "name": "naam",
    "kind": "soort",
    "field_number": "veiligheidsveld",
    "standard_theme_code": "standaardthema",
    "goal": "doelstelling",
    "approach": "aanpak",
    "ambition": "ambitie",
    "heading": "kop",
    "source": "bron",
    "unit": "eenheid",
    "direction": "richting",
    "baseline": "uitgangswaarde",
    "targets": "doelstellingen",
    "measurements": "metingen",
    "start_year": "beginjaar",
    "end_year": "eindjaar",
    "adopted_on": "vastgesteld op",
    "adopted_by": "vastgesteld door",
    "introduction": "inleiding",
    "municipality": "gemeente",
    "vision": "visie",
    "main_goal": "hoofddoelstelling",
    "due_on": "datum",
    "lead_days": "dagen vooraf",
    "done_on": "afgerond op",
    "notes": "notities",
}
_FIELD_OVERRIDES = {("pc-moment", "kind"): "soort moment", ("thema", "goal"): "doelstelling"}

SOURCE_LABELS = {
    "gui": "programma",
    "demo": "demoplan",
    "import": "Excel-import",
    "reimport": "terug uit Excel",
    "update": "terug uit Excel",
    "roll-over": "nieuw uitvoeringsplan",
    "rollover": "nieuw uitvoeringsplan",
    "cli": "opdrachtregel",
    "terugzetten": "back-up teruggezet",
    "instellingen": "instellingen",
    "migratie": "bijwerken database",
}


def field_label(entity: str, field: str) -> str:
    return _FIELD_OVERRIDES.get((entity, field)) or _FIELDS.get(field, field.replace("_", " "))


@dataclass(slots=True)
class ChangeEntry:
    """One change-log row, ready to show (slots, not frozen: 50,000 of them load fast)."""

    id: int
    at: datetime  # aware UTC
    actor: str
    source: str
    plan_id: int | None
    entity: str
    entity_id: int | None
    field: str
    old: str | None
    new: str | None
    subject: str = ""

    @property
    def at_local(self) -> datetime:
        return self.at.astimezone()

    @property
    def at_text(self) -> str:
        return self.at_local.strftime("%d-%m-%Y %H:%M")

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def action(self) -> str:
        if self.field:
            return "gewijzigd"
        if self.old is None and self.new is not None:
            return "aangemaakt"
        if self.new is None:
            return "verwijderd"
        return "gewijzigd"

    @property
    def field_text(self) -> str:
        """'status', or 'aangemaakt' / 'verwijderd' for a whole row."""
        return field_label(self.entity, self.field) if self.field else self.action

    @property
    def old_text(self) -> str:
        return self._value(self.old)

    @property
    def new_text(self) -> str:
        return self._value(self.new)

    def _value(self, value: str | None) -> str:
        if value is None:
            return ""
        if not self.field and value == self.subject:
            return ""  # "aangemaakt" of X: the subject column already says X
        return _display(self.field, value)

    def matches(self, text: str) -> bool:
        needle = text.casefold()
        return any(needle in (part or "").casefold() for part in (
            self.actor, self.subject, self.field_text, self.old_text, self.new_text,
            self.entity_label, self.source_label,
        ))


def _display(field: str, value: str) -> str:
    if field == "budget":
        try:
            return format_money(Decimal(value))
        except InvalidOperation:
            return value
    return value


@dataclass(frozen=True)
class ChangeFilter:
    """What to show. Dates are the officer's local days, both ends included."""

    since: date | None = None
    until: date | None = None
    actor: str | None = None
    entity: str | None = None
    entity_id: int | None = None
    plan_id: int | None = None  # rows of this plan and rows that belong to no plan
    text: str | None = None
    limit: int | None = None

    def describe(self) -> str:
        parts = []
        if self.since and self.until:
            parts.append(f"van {self.since:%d-%m-%Y} tot en met {self.until:%d-%m-%Y}")
        elif self.since:
            parts.append(f"vanaf {self.since:%d-%m-%Y}")
        elif self.until:
            parts.append(f"tot en met {self.until:%d-%m-%Y}")
        if self.actor:
            parts.append(f"door {self.actor}")
        if self.entity:
            parts.append(f"soort: {ENTITY_LABELS.get(self.entity, self.entity)}")
        if self.text:
            parts.append(f"met de tekst '{self.text}'")
        return ", ".join(parts) if parts else "alle wijzigingen"


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


def _chunks(values: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


_NAME_SOURCES = {
    "activiteit": (t.ActivityRow, None),
    "thema": (t.ThemeRow, t.ThemeRow.name),
    "onderdeel": (t.SectionRow, t.SectionRow.name),
    "indicator": (t.IndicatorRow, t.IndicatorRow.name),
    "pc-moment": (t.ControlMomentRow, t.ControlMomentRow.name),
    "partner": (t.PartnerRow, t.PartnerRow.name),
}


def _short(text: str | None, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _current_names(session, entity: str, ids: Sequence[int]) -> dict[int, str]:  # type: ignore[no-untyped-def]
    names: dict[int, str] = {}
    if entity == "activiteit":
        for chunk in _chunks(ids):
            for row_id, title, description in session.execute(
                select(t.ActivityRow.id, t.ActivityRow.title, t.ActivityRow.description)
                .where(t.ActivityRow.id.in_(chunk))
            ):
                names[row_id] = _short(title or description)
        return names
    if entity == "uitvoeringsplan":
        for chunk in _chunks(ids):
            for row_id, start, end in session.execute(
                select(t.ImplementationPlanRow.id, t.ImplementationPlanRow.start_year,
                       t.ImplementationPlanRow.end_year).where(t.ImplementationPlanRow.id.in_(chunk))
            ):
                names[row_id] = f"uitvoeringsplan {start}" if start == end else f"uitvoeringsplan {start}–{end}"
        return names
    if entity == "ivp":
        for chunk in _chunks(ids):
            for row_id, municipality, start, end in session.execute(
                select(t.SafetyPlanRow.id, t.SafetyPlanRow.municipality, t.SafetyPlanRow.start_year,
                       t.SafetyPlanRow.end_year).where(t.SafetyPlanRow.id.in_(chunk))
            ):
                names[row_id] = f"IVP {municipality} {start}–{end}"
        return names
    source = _NAME_SOURCES.get(entity)
    if source is None or source[1] is None:
        return names
    table, column = source
    for chunk in _chunks(ids):
        for row_id, name in session.execute(select(table.id, column).where(table.id.in_(chunk))):
            names[row_id] = _short(name)
    return names


def _remembered_names(session, entity: str, ids: Sequence[int]) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """Names from the log's own create/delete rows, for rows that no longer exist."""
    names: dict[int, str] = {}
    for chunk in _chunks(ids):
        for row_id, old, new in session.execute(
            select(t.ChangeLogRow.entity_id, t.ChangeLogRow.old_value, t.ChangeLogRow.new_value)
            .where(t.ChangeLogRow.entity == entity, t.ChangeLogRow.field == "",
                   t.ChangeLogRow.entity_id.in_(chunk))
            .order_by(t.ChangeLogRow.id)
        ):
            names[row_id] = _short(new or old)
    return names


def _resolve_subjects(session, rows: list[Any]) -> dict[tuple[str, int], str]:  # type: ignore[no-untyped-def]
    wanted: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        if row.entity_id is not None:
            wanted[row.entity].add(row.entity_id)
        if row.field in ("section_id", "theme_id"):
            target = "onderdeel" if row.field == "section_id" else "thema"
            for value in (row.old_value, row.new_value):
                if value and value.isdigit():
                    wanted[target].add(int(value))
    subjects: dict[tuple[str, int], str] = {}
    for entity, id_set in wanted.items():
        ids = sorted(id_set)
        remembered = _remembered_names(session, entity, ids)
        current = _current_names(session, entity, ids)
        for row_id in ids:
            name = current.get(row_id) or remembered.get(row_id)
            if name:
                subjects[(entity, row_id)] = name
    return subjects


def _reference(subjects: dict[tuple[str, int], str], field: str, value: str | None) -> str | None:
    if value is None or not value.isdigit() or field not in ("section_id", "theme_id"):
        return value
    entity = "onderdeel" if field == "section_id" else "thema"
    return subjects.get((entity, int(value)), f"#{value}")


def query_changes(db: Database, change_filter: ChangeFilter | None = None) -> list[ChangeEntry]:
    """Log rows matching ``change_filter``, newest first."""
    flt = change_filter or ChangeFilter()
    log_table = t.ChangeLogRow
    query = select(log_table.id, log_table.at, log_table.actor, log_table.source,
                   log_table.implementation_plan_id, log_table.entity, log_table.entity_id,
                   log_table.field, log_table.old_value, log_table.new_value)
    if flt.since is not None:
        query = query.where(log_table.at >= _local_midnight_utc(flt.since))
    if flt.until is not None:
        query = query.where(log_table.at < _local_midnight_utc(flt.until + timedelta(days=1)))
    if flt.actor:
        query = query.where(log_table.actor == flt.actor)
    if flt.entity:
        query = query.where(log_table.entity == flt.entity)
    if flt.entity_id is not None:
        query = query.where(log_table.entity_id == flt.entity_id)
    if flt.plan_id is not None:
        query = query.where(or_(log_table.implementation_plan_id == flt.plan_id,
                                log_table.implementation_plan_id.is_(None)))
    query = query.order_by(log_table.at.desc(), log_table.id.desc())
    if flt.limit is not None and not flt.text:
        query = query.limit(flt.limit)
    with db.uow() as uow:
        # The UTCDateTime column type turns the stored naive UTC into aware datetimes.
        rows = list(uow.session.execute(query))
        subjects = _resolve_subjects(uow.session, rows)
    entries = [
        ChangeEntry(
            id=row.id, at=row.at, actor=row.actor, source=row.source,
            plan_id=row.implementation_plan_id, entity=row.entity, entity_id=row.entity_id,
            field=row.field, old=_reference(subjects, row.field, row.old_value),
            new=_reference(subjects, row.field, row.new_value),
            subject=subjects.get((row.entity, row.entity_id), "") if row.entity_id is not None else "",
        )
        for row in rows
    ]
    if flt.text:
        entries = [e for e in entries if e.matches(flt.text)]
        if flt.limit is not None:
            entries = entries[: flt.limit]
    return entries


def activity_history(db: Database, activity_id: int) -> list[ChangeEntry]:
    """Everything that happened to one activity, newest first (also after a delete)."""
    return query_changes(db, ChangeFilter(entity="activiteit", entity_id=activity_id))


def actors(db: Database) -> list[str]:
    """Everyone who appears in the log, for the user filter."""
    with db.uow() as uow:
        names = uow.session.scalars(select(t.ChangeLogRow.actor).distinct())
        return sorted({n for n in names if n}, key=str.casefold)


def entities_present(db: Database) -> list[str]:
    with db.uow() as uow:
        found = set(uow.session.scalars(select(t.ChangeLogRow.entity).distinct()))
    return [e for e in ENTITY_LABELS if e in found] + sorted(found - set(ENTITY_LABELS))


# --------------------------------------------------------------------------- Excel

EXCEL_HEADERS = ["Datum en tijd", "Gebruiker", "Bron", "Soort", "Onderwerp", "Veld",
                 "Oude waarde", "Nieuwe waarde"]
EXCEL_WIDTHS = [17, 16, 18, 15, 42, 20, 48, 48]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 32_000  # Excel's limit is 32,767 characters per cell


WRAP_FROM = 45  # longer texts wrap inside their column; short ones stay plain (fast)


def _excel_text(ws, value: str | None, styles: dict[str, object]):  # type: ignore[no-untyped-def]
    """A text cell that Excel never treats as a formula.

    Plain strings are by far the fastest to write, so only texts that need it get a
    styled cell: those starting with a formula character (forced to text, with a
    quote prefix so Excel keeps them text when edited) and long ones (wrapped).
    """
    from openpyxl.cell import WriteOnlyCell

    text = (value or "")[:MAX_CELL]
    guarded = text.startswith(_FORMULA_START)
    if not guarded and len(text) <= WRAP_FROM and "\n" not in text:
        return text
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"  # never a formula, even when it starts with '='
    if guarded:
        cell.quotePrefix = True
    if len(text) > WRAP_FROM or "\n" in text:
        cell.alignment = styles["wrap"]
    return cell


def export_changes_xlsx(
    entries: Sequence[ChangeEntry],
    out: Path,
    *,
    database_name: str = "",
    filter_text: str = "alle wijzigingen",
    exported_by: str = "",
    progress: Progress | None = None,
) -> Path:
    """Write ``entries`` to an .xlsx for verantwoording; atomic (temporary file, rename).

    About 10,000 rows a second here (bench/bench_lock.py); ``progress`` is told every
    1,000 rows and may cancel (then nothing is written).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    out = Path(out).expanduser()
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    if not out.parent.exists():
        raise DomainError(f"De map {out.parent} bestaat niet of is niet bereikbaar.")
    styles = {"wrap": Alignment(wrap_text=True, vertical="top")}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Wijzigingen")
    for index, width in enumerate(EXCEL_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(EXCEL_HEADERS))}{len(entries) + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddFooter.center.text = "Pagina &P van &N"
    sheet.oddFooter.left.text = f"Wijzigingslogboek IVP Desk, {datetime.now():%d-%m-%Y}"  # noqa: DTZ005
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F3")
    header = []
    for title in EXCEL_HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = bold, fill
        header.append(cell)
    sheet.append(header)
    for done, entry in enumerate(entries):
        if progress is not None and done % 1000 == 0:
            progress.check()
            progress.step(done, len(entries), "Wijzigingen naar Excel schrijven…")
        when = WriteOnlyCell(sheet, value=entry.at_local.replace(tzinfo=None, microsecond=0))
        when.number_format = "dd-mm-yyyy hh:mm"
        sheet.append([
            when,
            *(_excel_text(sheet, value, styles) for value in (
                entry.actor, entry.source_label, entry.entity_label, entry.subject,
                entry.field_text, entry.old_text, entry.new_text,
            )),
        ])
    about = workbook.create_sheet("Verantwoording")
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 80
    for label, value in (
        ("Overzicht", "Wijzigingslogboek van IVP Desk"),
        ("Database", database_name),
        ("Selectie", filter_text),
        ("Aantal wijzigingen", str(len(entries))),
        ("Geëxporteerd op", f"{datetime.now():%d-%m-%Y %H:%M}"),  # noqa: DTZ005
        ("Geëxporteerd door", exported_by),
        ("Toelichting", "Elke regel is één gewijzigd veld: wie, wanneer, oude en nieuwe waarde. "
                        "Tijden zijn lokale tijd. 'Bron' zegt hoe de wijziging is gemaakt "
                        "(in het programma, door een Excel-import, bij een nieuw uitvoeringsplan …)."),
    ):
        key = WriteOnlyCell(about, value=label)
        key.font = bold
        about.append([key, _excel_text(about, value, styles)])
    _save_atomically(workbook, out)
    return out


def _save_atomically(workbook, out: Path) -> None:  # type: ignore[no-untyped-def]
    """Build the file in memory (keeps openpyxl's zip writer away from a full disk, where it
    would fail again while being garbage-collected), then write it atomically."""
    import io

    from ivpdesk.services.atomic import write_atomically

    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomically(
        out, buffer.getbuffer(), error=DomainError,
        in_use_message=f"Kan {out} niet schrijven: het bestand is alleen-lezen of geopend in "
        "Excel. Er is geen half bestand achtergebleven.",
    )
