"""Re-import of an IVP Desk Excel export that partners edited: preview first, then apply.

The export (:mod:`ivpdesk.services.export_xlsx`) gives every row a key (database,
plan, activity id, version) and keeps the exported value of every column on a very
hidden sheet. For each field that gives three values:

* **exported** – what the partner received,
* **theirs** – what the file says now,
* **mine** – what the database says now.

A field only the partner changed is taken over; a field only the officer changed
stays; a field both changed to different values is a conflict the officer resolves
(keep mine / take theirs). A field both changed to the same value is no change.
This is also why applying the same file twice changes nothing the second time.

Rows without a key become new activities in the named theme and onderdeel (unless an
activity with the same text is already there: never a duplicate). Rows that
disappeared from the file are reported, never deleted. Everything that cannot be
used (unknown status, bad date, unknown theme, unreadable key) is reported with its
row number; the rest of the file is still processed.

Applying runs in one unit of work (source ``reimport`` in the change log) after a
backup; a database that changed since the preview makes the apply refuse instead of
overwriting.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from ivpdesk.domain import Activity, ActivityStatus, PlanBundle, ProgressNote, Section, Theme
from ivpdesk.domain.clock import now_local, today
from ivpdesk.domain.errors import DomainError, NotFoundError, StaleEditError, ValidationError
from ivpdesk.domain.formatting import format_date
from ivpdesk.paths import Paths, catalogue
from ivpdesk.services.progress import Progress
from ivpdesk.services.xlsx_layout import (
    COLUMN_BY_FIELD,
    EDITABLE_FIELDS,
    FIELD_LABELS,
    RowKey,
    activity_values,
    cell_text,
    comparable,
    display,
    normalise_line,
    normalise_text,
    parse_deadline,
    split_partners,
)
from ivpdesk.services.xlsx_read import (
    ExportFile,
    NotAnExportError,
    SheetRow,
    UpdateFileError,
    is_ivpdesk_export,
    read_export,
)
from ivpdesk.store.uow import Database

SOURCE = "reimport"
APPLIED_SETTING = "xlsx_update."
CONTEXT_FIELDS = ("thema", "onderdeel", "kop")
NOTE_MOMENT = "Terugkoppeling via Excel"


class ForeignDatabaseError(UpdateFileError):
    """The export was made from another database; its ids mean nothing here."""


class Choice(StrEnum):
    """How a conflict is resolved."""

    MINE = "mijn"  # keep what is in IVP Desk
    THEIRS = "hun"  # take what is in the Excel file


# --------------------------------------------------------------------------- preview


def count(number: int, one: str, many: str) -> str:
    """'1 conflict', '3 conflicten'."""
    return f"{number} {one if number == 1 else many}"


@dataclass
class FieldChange:
    field: str
    old: str  # as shown: the database now
    new: str  # as shown: the file
    value: Any  # parsed value to store

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass
class FieldConflict:
    field: str
    exported: str
    mine: str
    theirs: str
    value: Any  # parsed "theirs" value, stored when the officer takes theirs

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass
class RowUpdate:
    """A matched row with what changes (and what conflicts) for its activity."""

    row: int
    activity_id: int
    theme: str
    title: str
    exported_version: int
    current_version: int
    changes: list[FieldChange] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)

    @property
    def changed_since_export(self) -> bool:
        return self.current_version != self.exported_version


@dataclass
class NewActivity:
    """A row without a key: becomes a new activity (``include`` can be switched off)."""

    row: int
    theme_id: int
    theme: str
    section_id: int | None  # None: a new onderdeel called ``section`` is made
    section: str
    heading: str | None
    values: dict[str, Any]
    include: bool = True

    @property
    def title(self) -> str:
        """Titel and activiteit as one line (as the activity table shows them)."""
        text = f"{self.values.get('titel') or ''} {self.values.get('activiteit') or ''}"
        return " ".join(text.split())

    @property
    def new_section(self) -> bool:
        return self.section_id is None


@dataclass
class DeletedRow:
    activity_id: int
    theme: str
    title: str


@dataclass
class Problem:
    row: int | None
    message: str

    def text(self) -> str:
        return f"rij {self.row}: {self.message}" if self.row else self.message


@dataclass
class UpdatePreview:
    path: Path
    export_id: str
    plan_id: int
    plan_label: str
    exported_on: date
    exported_by: str
    updates: list[RowUpdate] = field(default_factory=list)
    new_rows: list[NewActivity] = field(default_factory=list)
    deleted: list[DeletedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    unchanged: int = 0
    matched: int = 0

    @property
    def conflicts(self) -> list[tuple[RowUpdate, FieldConflict]]:
        return [(u, c) for u in self.updates for c in u.conflicts]

    @property
    def change_count(self) -> int:
        return sum(len(u.changes) for u in self.updates)

    @property
    def has_work(self) -> bool:
        return bool(self.change_count or self.conflicts or any(n.include for n in self.new_rows))

    def summary(self) -> str:
        parts = [
            f"{count(self.change_count, 'wijziging', 'wijzigingen')} in "
            f"{count(sum(1 for u in self.updates if u.changes), 'activiteit', 'activiteiten')}",
            count(len(self.new_rows), "nieuwe activiteit", "nieuwe activiteiten"),
            count(len(self.conflicts), "conflict", "conflicten"),
            count(len(self.deleted), "rij", "rijen") + " verwijderd in Excel",
            count(len(self.problems), "melding", "meldingen"),
        ]
        return ", ".join(parts)


@dataclass(frozen=True)
class UpdateResult:
    activities_changed: int
    fields_changed: int
    activities_added: int
    sections_added: int
    notes_added: int
    conflicts_kept: int
    conflicts_taken: int
    backup: Path | None

    def summary(self) -> str:
        text = (
            f"{count(self.fields_changed, 'veld', 'velden')} in "
            f"{count(self.activities_changed, 'activiteit', 'activiteiten')} bijgewerkt, "
            f"{count(self.activities_added, 'activiteit', 'activiteiten')} toegevoegd"
        )
        if self.sections_added:
            text += f" (in {count(self.sections_added, 'nieuw onderdeel', 'nieuwe onderdelen')})"
        text += f", {count(self.notes_added, 'voortgangsnotitie', 'voortgangsnotities')}"
        if self.conflicts_taken or self.conflicts_kept:
            text += (f"; conflicten: {self.conflicts_taken} uit Excel overgenomen, "
                     f"{self.conflicts_kept} eigen waarden behouden")
        return text


# --------------------------------------------------------------------------- analysis


def _file_value(name: str, raw: Any, known_partners: Iterable[str]) -> Any:
    """The value to store for a field, parsed from the cell (raises ValueError in Dutch)."""
    if name == "deadline":
        return parse_deadline(raw)
    text = cell_text(raw)
    if name == "status":
        return ActivityStatus.parse(text)
    if name == "partners":
        return split_partners(text, known_partners)
    if name in ("bestuurlijk_trekker", "ambtelijk_trekker"):
        return normalise_line(text)
    if name == "titel":
        return normalise_text(text) or None
    return normalise_text(text)


def _as_cell(name: str, value: Any) -> Any:
    """A parsed value back in cell form, for comparing and showing."""
    if name == "partners":
        return "\n".join(value)
    if name == "status":
        return value.label
    if name == "titel":
        return value or ""
    return value


def _context(values: dict[str, Any]) -> dict[str, str]:
    return {f: normalise_line(cell_text(values.get(f))) for f in CONTEXT_FIELDS}


class _Analyser:
    def __init__(self, db: Database, path: Path, content: ExportFile, progress: Progress) -> None:
        self.db = db
        self.path = path
        self.content = content
        self.progress = progress

    def run(self) -> UpdatePreview:
        from ivpdesk.services.export_xlsx import export_source_id

        content = self.content
        meta = content.meta
        keys = [RowKey.parse(r.values.get("sleutel")) for r in content.rows]
        plan_id = int(meta["uitvoeringsplan_id"]) if meta.get("uitvoeringsplan_id", "").isdigit() else None
        if plan_id is None:
            plan_id = next((k.plan_id for k in keys if k is not None), None)
        if plan_id is None:
            raise NotAnExportError(self.path)
        source = meta.get("bron") or next((k.source for k in keys if k is not None), "0")
        with self.db.uow() as uow:
            try:
                bundle = uow.reader.load(plan_id)
            except NotFoundError:
                raise ForeignDatabaseError(
                    f"Het uitvoeringsplan waaruit {self.path.name} is geëxporteerd, staat niet in "
                    "deze database. Open de database waaruit het bestand komt."
                ) from None
            current_plan = uow.plans.current_id()
            applied = uow.settings.get(APPLIED_SETTING + meta.get("export_id", "-"))
            known_partners = [p.name for p in uow.partners.list()]
        if source != "0" and source != export_source_id(self.db, plan_id):
            raise ForeignDatabaseError(
                f"{self.path.name} is geëxporteerd uit een andere IVP Desk-database. Open de "
                "database waaruit het bestand komt, of importeer het als nieuw plan via "
                "Bestand → Importeren. Er is niets gewijzigd."
            )
        as_of = _meta_date(meta.get("peildatum")) or today()
        preview = UpdatePreview(
            path=self.path,
            export_id=meta.get("export_id", ""),
            plan_id=plan_id,
            plan_label=bundle.plan.period_label,
            exported_on=as_of,
            exported_by=meta.get("geexporteerd_door", ""),
        )
        if current_plan is not None and current_plan != plan_id:
            preview.notices.append(
                f"Dit bestand hoort bij uitvoeringsplan {bundle.plan.period_label}, niet bij het "
                "plan dat nu open is. De wijzigingen komen in uitvoeringsplan "
                f"{bundle.plan.period_label}."
            )
        if applied:
            try:
                info = json.loads(applied)
                when = format_date(datetime.fromisoformat(info["op"]).date())
                by = f" door {info['door']}" if info.get("door") else ""
            except (ValueError, KeyError, TypeError):
                when, by = "eerder", ""
            preview.notices.append(
                f"Deze export is al eens verwerkt op {when}{by}. Wat toen al is verwerkt, wordt "
                "niet nog eens toegevoegd of gewijzigd."
            )
        missing = [COLUMN_BY_FIELD[f].header for f in EDITABLE_FIELDS if f not in content.present]
        if missing:
            preview.notices.append(
                "Deze kolommen ontbreken in het bestand en worden niet verwerkt: "
                + ", ".join(missing) + "."
            )
        self._rows(bundle, preview, keys, as_of, known_partners)
        return preview

    # ---------------------------------------------------------------- rows

    def _rows(self, bundle: PlanBundle, preview: UpdatePreview, keys: list[RowKey | None],
              as_of: date, known_partners: list[str]) -> None:
        cat = catalogue()
        plan_years = bundle.plan.years
        by_id = {a.id: (t, s, a) for t, s, a in bundle.activities()}
        exported = self.content.exported
        seen: dict[str, int] = {}
        new_partners: set[str] = set()
        known_lower = {p.lower() for p in known_partners}
        new_texts: dict[tuple[Any, ...], int] = {}
        total = len(self.content.rows)
        for index, (sheet_row, key) in enumerate(zip(self.content.rows, keys, strict=True)):
            if index % 500 == 0:
                self.progress.check()
                self.progress.step(index, total, f"Rijen vergelijken ({index} van {total})…")
            raw_key = sheet_row.values.get("sleutel")
            number = sheet_row.number
            if raw_key is not None and key is None:
                preview.problems.append(Problem(
                    number, "de sleutel in de verborgen kolom is onleesbaar; de rij is niet verwerkt."
                ))
                continue
            if key is not None and key.text() in seen:
                preview.problems.append(Problem(
                    number, f"kopie van rij {seen[key.text()]} (dezelfde sleutel); behandeld als "
                    "nieuwe activiteit."
                ))
                key = None
            if key is None:
                self._new_row(bundle, preview, sheet_row, known_partners, new_texts)
                continue
            seen[key.text()] = number
            if key.plan_id != preview.plan_id:
                preview.problems.append(Problem(
                    number, "de rij hoort bij een ander uitvoeringsplan; niet verwerkt."
                ))
                continue
            found = by_id.get(key.activity_id)
            if found is None:
                preview.problems.append(Problem(
                    number, "deze activiteit bestaat niet meer in IVP Desk (verwijderd na de "
                    "export); de rij is niet verwerkt."
                ))
                continue
            theme, section, activity = found
            preview.matched += 1
            mine_values = activity_values(cat, theme, section, activity, plan_years, as_of)
            if exported is not None and key.text() in exported:
                base: dict[str, Any] | None = exported[key.text()]
            elif activity.version == key.version:
                base = mine_values  # unchanged since the export: mine is what was exported
            else:
                base = None  # unknown: every difference is a conflict
            update = RowUpdate(
                row=number, activity_id=activity.id or 0, theme=theme.name,
                title=activity.display_title, exported_version=key.version,
                current_version=activity.version,
            )
            if base is not None:
                moved = [f for f in CONTEXT_FIELDS
                         if f in sheet_row.values and f in base
                         and _context(sheet_row.values)[f] != normalise_line(cell_text(base[f]))]
                if moved:
                    preview.problems.append(Problem(
                        number, "thema, onderdeel of kop is gewijzigd; verplaatsen gaat niet via "
                        "Excel (doe het in IVP Desk). De andere wijzigingen in de rij worden wel "
                        "verwerkt."
                    ))
            for name in sheet_row.formulas:
                if name in EDITABLE_FIELDS:
                    preview.problems.append(Problem(
                        number, f"{FIELD_LABELS[name]} bevat een formule; de tekst van de formule "
                        "wordt overgenomen, de formule wordt niet uitgerekend."
                    ))
            self._compare(update, activity, sheet_row, base, mine_values, known_partners, preview)
            if update.changes or update.conflicts:
                if not self._valid(update, activity, plan_years, preview):
                    continue
                preview.updates.append(update)
                for change in update.changes:
                    if change.field == "partners":
                        new_partners.update(p for p in change.value if p.lower() not in known_lower)
                for conflict in update.conflicts:
                    if conflict.field == "partners":
                        new_partners.update(p for p in conflict.value if p.lower() not in known_lower)
            else:
                preview.unchanged += 1
        for new in preview.new_rows:
            new_partners.update(p for p in new.values.get("partners", []) if p.lower() not in known_lower)
        if new_partners:
            preview.notices.append(
                "Nieuw in het partnerregister (als u toepast): " + ", ".join(sorted(new_partners)) + "."
            )
        if exported is not None:
            for key_text in exported:
                if key_text in seen:
                    continue
                key = RowKey.parse(key_text)
                if key is None:
                    continue
                found = by_id.get(key.activity_id)
                title = found[2].display_title if found else exported[key_text].get("titel", "")
                theme_name = found[0].name if found else ""
                preview.deleted.append(DeletedRow(key.activity_id, theme_name, title))

    def _compare(self, update: RowUpdate, activity: Activity, sheet_row: SheetRow,
                 base: dict[str, Any] | None, mine_values: dict[str, Any],
                 known: list[str], preview: UpdatePreview) -> None:
        number = sheet_row.number
        for name in EDITABLE_FIELDS:
            if name not in self.content.present:
                continue
            raw = sheet_row.values.get(name)
            if name == "status" and raw is None:
                if comparable(name, mine_values[name]) != ActivityStatus.NOT_STARTED:
                    preview.problems.append(Problem(number, "de status is leeg; niet gewijzigd."))
                continue
            try:
                value = _file_value(name, raw, known)
            except ValidationError as error:
                preview.problems.append(Problem(number, f"{error.message} De status is niet gewijzigd."))
                continue
            except ValueError as error:
                preview.problems.append(Problem(number, f"{FIELD_LABELS[name]}: {error} Niet gewijzigd."))
                continue
            theirs = comparable(name, _as_cell(name, value), known)
            mine = comparable(name, mine_values[name], known)
            if theirs == mine:
                continue
            exported = comparable(name, base[name], known) if base is not None else None
            theirs_changed = base is None or theirs != exported
            mine_changed = base is None or mine != exported
            if not theirs_changed:
                continue  # only the officer changed it: keep hers
            if name == "voortgang" and value and normalise_text(value).lower() in {
                    normalise_text(n.text).lower() for n in activity.progress_notes}:
                continue  # already recorded as a note (e.g. this file was applied before)
            if name == "voortgang" and not value:
                preview.problems.append(Problem(
                    number, "de voortgang is leeggemaakt; voortgangsnotities worden nooit "
                    "verwijderd. Niet gewijzigd."
                ))
                continue
            if name == "deadline" and value is None and activity.deadline_override is None:
                preview.problems.append(Problem(
                    number, "de deadline is leeggemaakt, maar hij volgt uit de planning; pas "
                    "daarvoor de planning aan. Niet gewijzigd."
                ))
                continue
            if mine_changed:
                update.conflicts.append(FieldConflict(
                    field=name,
                    exported=display(name, base[name]) if base is not None else "(onbekend)",
                    mine=display(name, mine_values[name]),
                    theirs=display(name, _as_cell(name, value)),
                    value=value,
                ))
            else:
                update.changes.append(FieldChange(
                    field=name, old=display(name, mine_values[name]),
                    new=display(name, _as_cell(name, value)), value=value,
                ))

    def _valid(self, update: RowUpdate, activity: Activity, plan_years: list[int],
               preview: UpdatePreview) -> bool:
        candidate = replace(activity, partners=list(activity.partners))
        for item in [*update.changes, *update.conflicts]:
            _set_field(candidate, item.field, item.value)
        try:
            candidate.validate(plan_years)
        except ValidationError as error:
            preview.problems.append(Problem(update.row, f"{error.message} De rij is niet verwerkt."))
            return False
        return True

    def _new_row(self, bundle: PlanBundle, preview: UpdatePreview, sheet_row: SheetRow,
                 known: list[str], new_texts: dict[tuple[Any, ...], int]) -> None:
        number = sheet_row.number
        values = sheet_row.values
        theme_name = normalise_line(cell_text(values.get("thema")))
        if not theme_name:
            preview.problems.append(Problem(
                number, "nieuwe rij zonder thema; vul de kolom Thema in. Niet toegevoegd."
            ))
            return
        theme = _find_theme(bundle.themes, theme_name)
        if theme is None or theme.id is None:
            preview.problems.append(Problem(
                number, f"thema '{theme_name}' bestaat niet in dit plan; niet toegevoegd. Kies uit: "
                + "; ".join(t.name for t in bundle.themes) + "."
            ))
            return
        parsed: dict[str, Any] = {}
        for name in EDITABLE_FIELDS:
            raw = values.get(name)
            try:
                parsed[name] = _file_value(name, raw, known)
            except ValidationError as error:
                parsed[name] = ActivityStatus.NOT_STARTED
                preview.problems.append(Problem(
                    number, f"{error.message} De nieuwe activiteit krijgt status niet gestart."
                ))
            except ValueError as error:
                parsed[name] = None
                preview.problems.append(Problem(
                    number, f"{FIELD_LABELS[name]}: {error} Dit veld blijft leeg."
                ))
        section_name = normalise_line(cell_text(values.get("onderdeel")))
        heading = normalise_line(cell_text(values.get("kop"))) or None
        section = _find_section(theme, section_name, heading)
        activity = _new_activity(parsed, bundle.plan.years)
        try:
            activity.validate(bundle.plan.years)
        except ValidationError as error:
            preview.problems.append(Problem(number, f"{error.message} Niet toegevoegd."))
            return
        text_key = (theme.id, section.id if section else section_name.lower(),
                    normalise_text(activity.description).lower(),
                    normalise_text(activity.title or "").lower())
        if text_key in new_texts:
            preview.problems.append(Problem(
                number, f"dezelfde nieuwe activiteit als rij {new_texts[text_key]}; één keer "
                "toegevoegd."
            ))
            return
        new_texts[text_key] = number
        if section is not None and _same_text_exists(section, activity):
            preview.problems.append(Problem(
                number, f"deze activiteit staat al in {theme.name} › {section.name or '(onderdeel)'}; "
                "niet opnieuw toegevoegd."
            ))
            return
        preview.new_rows.append(NewActivity(
            row=number, theme_id=theme.id, theme=theme.name,
            section_id=section.id if section else None,
            section=section.name if section else section_name,
            heading=section.heading if section else heading, values=parsed,
        ))


def _meta_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _find_theme(themes: list[Theme], name: str) -> Theme | None:
    wanted = name.lower()
    return next((t for t in themes if normalise_line(t.name).lower() == wanted), None)


def _find_section(theme: Theme, name: str, heading: str | None) -> Section | None:
    wanted = name.lower()
    candidates = [s for s in theme.sections if normalise_line(s.name).lower() == wanted]
    if heading and len(candidates) > 1:
        with_heading = [s for s in candidates
                        if normalise_line(s.heading or "").lower() == heading.lower()]
        candidates = with_heading or candidates
    return candidates[0] if candidates else None


def _same_text_exists(section: Section, activity: Activity) -> bool:
    description = normalise_text(activity.description).lower()
    title = normalise_text(activity.title or "").lower()
    return any(
        normalise_text(a.description).lower() == description
        and normalise_text(a.title or "").lower() == title
        for a in section.activities
    )


def _new_activity(values: dict[str, Any], plan_years: list[int]) -> Activity:
    status = values.get("status")
    return Activity(
        title=values.get("titel") or None,
        description=values.get("activiteit") or "",
        political_owner=values.get("bestuurlijk_trekker") or "",
        officer_owner=values.get("ambtelijk_trekker") or "",
        partners=list(values.get("partners") or []),
        planning_text=values.get("planning") or "",
        deadline_override=values.get("deadline"),
        status=status if isinstance(status, ActivityStatus) else ActivityStatus.NOT_STARTED,
        years=list(plan_years),
    )


def _set_field(activity: Activity, name: str, value: Any) -> None:
    """Put a parsed file value on the activity (voortgang is handled as a new note)."""
    if name == "titel":
        activity.title = value or None
    elif name == "activiteit":
        activity.description = value
    elif name == "bestuurlijk_trekker":
        activity.political_owner = value
    elif name == "ambtelijk_trekker":
        activity.officer_owner = value
    elif name == "partners":
        activity.partners = list(value)
    elif name == "planning":
        activity.planning_text = value
    elif name == "deadline":
        activity.deadline_override = value
    elif name == "status":
        activity.status = value


def is_export_of(db: Database, path: Path) -> bool:
    """True when ``path`` is an IVP Desk export of a plan in this very database.

    Such a file is a partner's edited copy: importing it as a new plan would duplicate
    every activity, so the import paths send it to the re-import instead.
    """
    from ivpdesk.services.export_xlsx import export_source_id
    from ivpdesk.services.xlsx_read import export_origin

    origin = export_origin(path)
    if origin is None:
        return False
    source, plan_id = origin
    with db.uow() as uow:
        if plan_id not in {p.id for p in uow.plans.list()}:
            return False
    return source == export_source_id(db, plan_id)


def analyse_update(db: Database, path: Path, *, progress: Progress | None = None) -> UpdatePreview:
    """Read an edited export and work out exactly what would change; writes nothing."""
    progress = progress or Progress.silent()
    path = Path(path).expanduser()
    content = read_export(path, progress)
    return _Analyser(db, path, content, progress).run()


# --------------------------------------------------------------------------- applying


ConflictKey = tuple[int, str]  # (activity id, field)


def resolve_all(preview: UpdatePreview, choice: Choice) -> dict[ConflictKey, Choice]:
    """The same choice for every conflict (the CLI's ``--conflicts mijn|hun``)."""
    return {(u.activity_id, c.field): choice for u, c in preview.conflicts}


def apply_update(
    db: Database,
    preview: UpdatePreview,
    resolutions: Mapping[ConflictKey, Choice | str],
    *,
    paths: Paths | None = None,
    progress: Progress | None = None,
) -> UpdateResult:
    """Apply ``preview`` in one transaction after a backup; ``resolutions`` per conflict.

    Refuses (and changes nothing) when a conflict has no resolution or when an activity
    changed in the database after the preview was made.
    """
    from ivpdesk.services.backups import backup_now

    progress = progress or Progress.silent()
    if not preview.has_work:
        # Nothing to do (e.g. the same file a second time): no backup, no write at all.
        return UpdateResult(0, 0, 0, 0, 0, 0, 0, None)
    chosen = {k: Choice(v) for k, v in resolutions.items()}
    open_conflicts = [(u, c) for u, c in preview.conflicts if (u.activity_id, c.field) not in chosen]
    if open_conflicts:
        raise DomainError(
            f"Nog {len(open_conflicts)} conflicten zonder keuze. Kies per conflict 'mijn behouden' "
            "of 'hun overnemen'; er is niets gewijzigd."
        )
    backup = backup_now(db, paths or Paths.from_environment(), SOURCE)
    written_on = today()
    moment = f"{NOTE_MOMENT} (export van {format_date(preview.exported_on)})"
    changed = fields = added = sections_added = notes = kept = taken = 0
    with db.uow(source=SOURCE) as uow:
        total = len(preview.updates) + len(preview.new_rows)
        for number, update in enumerate(preview.updates):
            if number % 200 == 0:
                progress.check()
                progress.step(number, total, "Wijzigingen verwerken…")
            try:
                activity = uow.activities.get(update.activity_id)
            except NotFoundError:
                raise StaleEditError(
                    f"Activiteit '{update.title}' is verwijderd sinds de voorvertoning. Open de "
                    "voorvertoning opnieuw; er is niets gewijzigd."
                ) from None
            if activity.version != update.current_version:
                raise StaleEditError(
                    f"Activiteit '{update.title}' is gewijzigd sinds de voorvertoning. Open de "
                    "voorvertoning opnieuw; er is niets gewijzigd.",
                    current=activity,
                )
            items: list[tuple[str, Any]] = [(c.field, c.value) for c in update.changes]
            for conflict in update.conflicts:
                if chosen[(update.activity_id, conflict.field)] is Choice.THEIRS:
                    items.append((conflict.field, conflict.value))
                    taken += 1
                else:
                    kept += 1
            note_text = None
            for name, value in items:
                if name == "voortgang":
                    note_text = value
                else:
                    _set_field(activity, name, value)
            if any(name != "voortgang" for name, _v in items):
                uow.activities.update(activity)
            if note_text:
                uow.activities.add_note(
                    update.activity_id,
                    ProgressNote(text=note_text, written_on=written_on, moment=moment),
                )
                notes += 1
            if items:
                changed += 1
                fields += len(items)
        made_sections: dict[tuple[int, str, str | None], int] = {}
        plan_years = uow.plans.get(preview.plan_id).years
        for new in preview.new_rows:
            if not new.include:
                continue
            section_id = new.section_id
            if section_id is None:
                cache_key = (new.theme_id, new.section.lower(), (new.heading or "").lower() or None)
                section_id = made_sections.get(cache_key)
                if section_id is None:
                    section = Section(name=new.section, heading=new.heading)
                    uow.sections.add(section, new.theme_id)
                    assert section.id is not None
                    section_id = made_sections[cache_key] = section.id
                    sections_added += 1
            activity = _new_activity(new.values, plan_years)
            existing = uow.activities.list_for_section(section_id)
            probe = Section(name="", activities=existing)
            if _same_text_exists(probe, activity):
                continue  # added meanwhile (e.g. the same file applied twice at once)
            note_text = new.values.get("voortgang")
            if note_text:
                activity.progress_notes = [ProgressNote(text=note_text, written_on=written_on,
                                                        moment=moment, author=uow.actor)]
                notes += 1
            uow.activities.add(activity, section_id)
            added += 1
        if preview.export_id:
            uow.settings.set(APPLIED_SETTING + preview.export_id, json.dumps({
                "op": now_local().isoformat(timespec="seconds"),
                "door": uow.actor,
                "bestand": preview.path.name,
            }))
        progress.step(total, total, "Opslaan…")
        uow.commit()
    return UpdateResult(
        activities_changed=changed, fields_changed=fields, activities_added=added,
        sections_added=sections_added, notes_added=notes, conflicts_kept=kept,
        conflicts_taken=taken, backup=backup,
    )


__all__ = [
    "Choice",
    "DeletedRow",
    "FieldChange",
    "FieldConflict",
    "ForeignDatabaseError",
    "NewActivity",
    "NotAnExportError",
    "Problem",
    "RowUpdate",
    "UpdateFileError",
    "UpdatePreview",
    "UpdateResult",
    "analyse_update",
    "apply_update",
    "is_ivpdesk_export",
    "resolve_all",
]
