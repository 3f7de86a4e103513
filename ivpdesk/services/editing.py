"""Edit use cases of the workspace: each call is one unit of work, undoable exactly.

The GUI's undo commands call these functions and keep what they return:

* field edits (:func:`edit_fields`) return :class:`FieldEdit` values with the fields
  before and after; :func:`revert_edits` / :func:`reapply_edits` undo and redo them;
* structural edits (add, duplicate, delete, move, reorder) return a
  :class:`StructureChange` with snapshots of the rows that appeared or disappeared
  and the positions before and after; :func:`undo_structure` / :func:`redo_structure`
  put the database back exactly (same ids, positions, partners and notes).

Conflicts with another officer: a new edit passes the version (or, for rows without a
version, the values) it read, and a changed row raises
:class:`~ivpdesk.domain.errors.StaleEditError` carrying the row as it is now. Undo and
redo only check the fields they touch: if someone else changed those fields since,
they raise StaleEditError too; changes to other fields are kept. :func:`force_fields`
applies the officer's values on top of the current row ("Mijn wijziging opnieuw
toepassen").
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from sqlalchemy import func, select

from ivpdesk.domain import (
    Activity,
    ActivityStatus,
    Direction,
    DomainError,
    ImplementationPlan,
    Indicator,
    NotFoundError,
    Partner,
    PlanStatus,
    ProgressNote,
    SafetyPlan,
    Section,
    StaleEditError,
    Theme,
    ThemeKind,
)
from ivpdesk.domain.model import clean_text
from ivpdesk.store.repositories import Arrangement, Snapshot, TreeSnapshots
from ivpdesk.store.tables import PartnerRow
from ivpdesk.store.uow import Database, UnitOfWork

SOURCE = "gui"

ACTIVITY_FIELDS = (
    "title", "description", "political_owner", "officer_owner", "partners", "planning_text",
    "deadline_override", "status", "years", "budget",
)
THEME_FIELDS = ("name", "kind", "field_number", "standard_theme_code", "goal", "approach")
SECTION_FIELDS = ("name", "ambition", "heading")
INDICATOR_FIELDS = (
    "name", "source", "unit", "direction", "baseline", "targets", "measurements", "theme_id",
)
PLAN_FIELDS = ("start_year", "end_year", "status", "adopted_on", "adopted_by", "introduction")
SAFETY_PLAN_FIELDS = ("municipality", "start_year", "end_year", "vision", "main_goal", "adopted_on")

# Dutch names of fields, for the stale-edit dialog and undo texts.
FIELD_LABELS = {
    "title": "Titel", "description": "Omschrijving", "political_owner": "Bestuurlijk trekker",
    "officer_owner": "Ambtelijk trekker", "partners": "Partners", "planning_text": "Planning",
    "deadline_override": "Eigen deadline", "status": "Status", "years": "Jaren",
    "budget": "Budget", "name": "Naam", "kind": "Soort", "field_number": "Veiligheidsveld",
    "standard_theme_code": "Standaardthema", "goal": "Doelstelling", "approach": "Aanpak",
    "ambition": "Ambitie", "heading": "Kop", "source": "Bron", "unit": "Eenheid",
    "direction": "Richting", "baseline": "Uitgangswaarde", "targets": "Doelstellingen",
    "measurements": "Metingen", "theme_id": "Thema", "start_year": "Beginjaar",
    "end_year": "Eindjaar", "adopted_on": "Vastgesteld op", "adopted_by": "Vastgesteld door",
    "introduction": "Inleiding", "municipality": "Gemeente", "vision": "Visie",
    "main_goal": "Hoofddoelstelling",
}


# --------------------------------------------------------------------------- entities


@dataclass(frozen=True)
class _Kind:
    fields: tuple[str, ...]
    versioned: bool
    what: str  # Dutch subject for messages


_KINDS: dict[str, _Kind] = {
    "activity": _Kind(ACTIVITY_FIELDS, True, "Deze activiteit"),
    "theme": _Kind(THEME_FIELDS, True, "Dit thema"),
    "section": _Kind(SECTION_FIELDS, False, "Dit onderdeel"),
    "indicator": _Kind(INDICATOR_FIELDS, True, "Deze indicator"),
    "plan": _Kind(PLAN_FIELDS, True, "Het uitvoeringsplan"),
    "safety_plan": _Kind(SAFETY_PLAN_FIELDS, False, "Het IVP"),
}


def _get(uow: UnitOfWork, kind: str, entity_id: int) -> Any:
    if kind == "activity":
        return uow.activities.get(entity_id)
    if kind == "theme":
        return uow.themes.get(entity_id)
    if kind == "section":
        return uow.sections.get(entity_id)
    if kind == "indicator":
        return uow.indicators.get(entity_id)
    if kind == "plan":
        return uow.plans.get(entity_id)
    if kind == "safety_plan":
        return uow.safety_plans.get(entity_id)
    raise KeyError(kind)


def _save(uow: UnitOfWork, kind: str, obj: Any) -> Any:
    if kind == "activity":
        return uow.activities.update(obj)
    if kind == "theme":
        return uow.themes.update(obj)
    if kind == "section":
        return uow.sections.update(obj)
    if kind == "indicator":
        return uow.indicators.update(obj)
    if kind == "plan":
        return uow.plans.update(obj)
    return uow.safety_plans.update(obj)


_MULTILINE = {"description", "planning_text", "introduction", "goal", "approach", "ambition",
              "vision", "main_goal"}


def _normalise(kind: str, name: str, value: Any) -> Any:
    """Values as the store gives them back, so 'still the same?' compares like with like."""
    if kind == "indicator" and name in ("targets", "measurements"):
        return sorted((copy.copy(v) for v in value), key=lambda v: v.year)
    if name == "partners":
        return [clean_text(p).lower() for p in value if clean_text(p)]
    if name == "years":
        return sorted(value)
    if name in ("title", "heading"):
        return clean_text(value) or None
    if isinstance(value, str):
        return value.replace("\u00a0", " ").strip() if name in _MULTILINE else clean_text(value)
    return value


def _same(kind: str, name: str, a: Any, b: Any) -> bool:
    a, b = _coerce(kind, name, a), _coerce(kind, name, b)
    return bool(_normalise(kind, name, a) == _normalise(kind, name, b))


def _values(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {n: copy.deepcopy(getattr(obj, n)) for n in names}


@dataclass(frozen=True)
class FieldChange:
    """What the officer wants changed on one row, and what she read before changing it.

    ``version`` is the version she read (versioned rows); ``expected`` the values she
    read for rows without a version column (onderdelen, the IVP).
    """

    kind: str
    entity_id: int
    values: Mapping[str, Any]
    version: int | None = None
    expected: Mapping[str, Any] | None = None


@dataclass
class FieldEdit:
    """A saved field edit: the values before and after, and the row as now stored."""

    kind: str
    entity_id: int
    before: dict[str, Any]
    after: dict[str, Any]
    saved: Any
    new_partners: Snapshot = field(default_factory=Snapshot)
    # An indicator's target and measurement rows before and after (kept with their ids).
    children_before: Snapshot | None = None
    children_after: Snapshot | None = None

    @property
    def label(self) -> str:
        names = [FIELD_LABELS.get(n, n).lower() for n in self.after]
        return ", ".join(names)


def _stale_error(kind: str, current: Any) -> StaleEditError:
    return StaleEditError(
        f"{_KINDS[kind].what} is intussen door iemand anders gewijzigd. Uw wijziging is niet "
        "opgeslagen.",
        current=current,
    )


def _check_values(kind: str, current: Any, expected: Mapping[str, Any]) -> None:
    for name, value in expected.items():
        if not _same(kind, name, getattr(current, name), value):
            raise _stale_error(kind, current)


def _new_partner_names(uow: UnitOfWork, names: Iterable[str]) -> list[str]:
    wanted = [clean_text(n) for n in names if clean_text(n)]
    if not wanted:
        return []
    known = set(uow.session.scalars(
        select(func.lower(PartnerRow.name)).where(func.lower(PartnerRow.name).in_(
            [n.lower() for n in wanted]))
    ))
    return [n for n in wanted if n.lower() not in known]


_ENUM_FIELDS: dict[tuple[str, str], type[Enum]] = {
    ("activity", "status"): ActivityStatus,
    ("theme", "kind"): ThemeKind,
    ("indicator", "direction"): Direction,
    ("plan", "status"): PlanStatus,
}


def _coerce(kind: str, name: str, value: Any) -> Any:
    """Enum fields may arrive as their Dutch value (Qt turns a StrEnum into a plain str)."""
    enum = _ENUM_FIELDS.get((kind, name))
    if enum is not None and value is not None and not isinstance(value, enum):
        return enum(value)
    return value


def _apply(uow: UnitOfWork, kind: str, current: Any, values: Mapping[str, Any]) -> Any:
    unknown = set(values) - set(_KINDS[kind].fields)
    if unknown:
        raise KeyError(f"not editable: {sorted(unknown)}")
    values = {n: _coerce(kind, n, v) for n, v in values.items()}
    edited = dataclasses.replace(current, **copy.deepcopy(values))
    return _save(uow, kind, edited)


def _partner_snapshot(uow: UnitOfWork, names: Sequence[str]) -> Snapshot:
    if not names:
        return Snapshot()
    ids = list(uow.session.scalars(
        select(PartnerRow.id).where(func.lower(PartnerRow.name).in_([n.lower() for n in names]))
    ))
    return TreeSnapshots(uow.session, uow.changes).capture(partners=ids)


def edit_fields(db: Database, changes: Sequence[FieldChange]) -> list[FieldEdit]:
    """Save the changes in one unit of work; stale rows raise StaleEditError, nothing saved."""
    with db.uow(source=SOURCE) as uow:
        edits = []
        for change in changes:
            current = _get(uow, change.kind, change.entity_id)
            if change.version is not None and current.version != change.version:
                raise _stale_error(change.kind, current)
            if change.expected is not None:
                _check_values(change.kind, current, change.expected)
            names = [n for n in change.values if not _same(change.kind, n, getattr(current, n),
                                                              change.values[n])]
            if not names:
                continue
            values = {n: _coerce(change.kind, n, change.values[n]) for n in names}
            created = _new_partner_names(uow, values.get("partners", []))
            children = change.kind == "indicator" and bool({"targets", "measurements"} & set(names))
            snapshots = TreeSnapshots(uow.session, uow.changes)
            children_before = snapshots.capture(indicators=[change.entity_id]) if children else None
            saved = _apply(uow, change.kind, current, values)
            children_after = snapshots.capture(indicators=[change.entity_id]) if children else None
            edits.append(FieldEdit(
                kind=change.kind, entity_id=change.entity_id,
                before=_values(current, names), after=_values(saved, names), saved=saved,
                new_partners=_partner_snapshot(uow, created),
                children_before=children_before, children_after=children_after,
            ))
        uow.commit()
    return edits


def _swap(db: Database, edits: Sequence[FieldEdit], *, undo: bool) -> list[FieldEdit]:
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        order = list(reversed(edits)) if undo else list(edits)
        # The IVP first, both ways: the uitvoeringsplan is validated against its period.
        order.sort(key=lambda e: e.kind != "safety_plan")
        for edit in order:
            expected, wanted = (edit.after, edit.before) if undo else (edit.before, edit.after)
            current = _get(uow, edit.kind, edit.entity_id)
            _check_values(edit.kind, current, expected)
            if not undo and not edit.new_partners.is_empty:
                snapshots.restore(edit.new_partners)
            edit.saved = _apply(uow, edit.kind, current, wanted)
            children = edit.children_before if undo else edit.children_after
            if children is not None:
                snapshots.replace_indicator_children(edit.entity_id, children)
            if undo and not edit.new_partners.is_empty:
                snapshots.delete(edit.new_partners, check_versions=False)
        uow.commit()
    return list(edits)


def revert_edits(db: Database, edits: Sequence[FieldEdit]) -> list[FieldEdit]:
    """Undo: put the before-values back (if nobody else changed those fields since)."""
    return _swap(db, edits, undo=True)


def reapply_edits(db: Database, edits: Sequence[FieldEdit]) -> list[FieldEdit]:
    """Redo: put the after-values back (if nobody else changed those fields since)."""
    return _swap(db, edits, undo=False)


def force_fields(db: Database, kind: str, entity_id: int, values: Mapping[str, Any]) -> Any:
    """Apply ``values`` on top of the row as it is now (after a conflict was shown)."""
    with db.uow(source=SOURCE) as uow:
        current = _get(uow, kind, entity_id)
        saved = _apply(uow, kind, current, values)
        uow.commit()
    return saved


_LOG_NAMES = {"activity": "activiteit", "theme": "thema", "section": "onderdeel",
              "indicator": "indicator", "plan": "uitvoeringsplan", "safety_plan": "ivp"}


@dataclass(frozen=True)
class LastChange:
    actor: str
    at: Any  # aware datetime (UTC)
    source: str


def last_change(db: Database, kind: str, entity_id: int) -> LastChange | None:
    """Who last changed the row, and when (from the change log), for the conflict dialog."""
    from ivpdesk.store.tables import ChangeLogRow

    with db.uow(source=SOURCE) as uow:
        row = uow.session.scalars(
            select(ChangeLogRow)
            .where(ChangeLogRow.entity == _LOG_NAMES.get(kind, kind),
                   ChangeLogRow.entity_id == entity_id)
            .order_by(ChangeLogRow.at.desc(), ChangeLogRow.id.desc())
            .limit(1)
        ).first()
        return None if row is None else LastChange(row.actor, row.at, row.source)


def read_entity(db: Database, kind: str, entity_id: int) -> Any:
    with db.uow(source=SOURCE) as uow:
        return _get(uow, kind, entity_id)


# --------------------------------------------------------------------------- structure


@dataclass
class StructureChange:
    """A structural edit: rows that appeared, rows that went, positions before and after."""

    label: str
    created: Snapshot = field(default_factory=Snapshot)
    deleted: Snapshot = field(default_factory=Snapshot)
    before: dict[str, Arrangement] = field(default_factory=dict)
    after: dict[str, Arrangement] = field(default_factory=dict)
    focus: tuple[str, int] | None = None  # the row the view should select afterwards

    @property
    def created_ids(self) -> dict[str, list[int]]:
        return {name: self.created.ids(name) for name in self.created.rows if self.created.rows[name]
                and name != "activity_partner"}


def _arrange(snapshots: TreeSnapshots, arrangements: Mapping[str, Arrangement],
             *, strict: bool) -> None:
    for table, wanted in arrangements.items():
        if not strict:
            present = snapshots.arrangement(table, wanted)
            wanted = {k: v for k, v in wanted.items() if k in present}
        snapshots.arrange(table, wanted)


def undo_structure(db: Database, change: StructureChange, *, force: bool = False) -> None:
    """Put the database back as it was before ``change``, in one unit of work.

    Refuses (StaleEditError) when someone else changed a row the undo would delete,
    unless ``force`` (the officer saw the other change and chose to go ahead).
    """
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        snapshots.delete(change.created, check_versions=not force)
        snapshots.restore(change.deleted)
        _arrange(snapshots, change.before, strict=False)
        uow.commit()


def redo_structure(db: Database, change: StructureChange, *, force: bool = False) -> None:
    """Do ``change`` again after an undo, with the same ids (``force`` as for undo)."""
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        snapshots.delete(change.deleted, check_versions=not force)
        snapshots.restore(change.created)
        _arrange(snapshots, change.after, strict=False)
        uow.commit()


def _insert_order(siblings: list[int], moving: Sequence[int], index: int | None) -> list[int]:
    """``siblings`` with ``moving`` (taken out first) inserted at ``index`` (None = end)."""
    rest = [s for s in siblings if s not in set(moving)]
    if index is None or index > len(rest):
        index = len(rest)
    index = max(index, 0)
    return rest[:index] + list(moving) + rest[index:]


def _numbered(order: Sequence[int], parent_id: int | None) -> Arrangement:
    return {row_id: (parent_id, position) for position, row_id in enumerate(order)}


def _track(snapshots: TreeSnapshots, change: StructureChange, table: str,
           after: Arrangement) -> None:
    """Record ``after`` for ``table`` with the current arrangement as 'before', and apply it."""
    before = snapshots.arrangement(table, after)
    change.before.setdefault(table, {}).update(
        {k: v for k, v in before.items() if k not in change.before.get(table, {})})
    change.after.setdefault(table, {}).update(after)
    snapshots.arrange(table, after)


def _section_of(uow: UnitOfWork, activity_id: int) -> int:
    activity = uow.activities.get(activity_id)
    assert activity.section_id is not None
    return activity.section_id


def add_activity(db: Database, section_id: int, activity: Activity,
                 index: int | None = None) -> StructureChange:
    """A new activity in an onderdeel, at ``index`` among its activities (None = last)."""
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        change = StructureChange(label="Activiteit toevoegen")
        siblings = snapshots.siblings("activity", section_id)
        created_partners = _new_partner_names(uow, activity.partners)
        activity.id = None
        uow.activities.add(activity, section_id, len(siblings) + 1000)
        assert activity.id is not None
        _track(snapshots, change, "activity",
               _numbered(_insert_order(siblings, [activity.id], index), section_id))
        change.created = snapshots.capture(activities=[activity.id])
        if created_partners:
            change.created.rows["partner"] = _partner_snapshot(uow, created_partners).rows["partner"]
        change.before["activity"].pop(activity.id, None)
        change.after["activity"].pop(activity.id, None)
        change.focus = ("activity", activity.id)
        uow.commit()
    return change


def add_activity_to_theme(db: Database, theme_id: int, activity: Activity) -> StructureChange:
    """A new activity at the end of the theme's last onderdeel (made if it has none)."""
    with db.uow(source=SOURCE) as uow:
        sections = uow.sections.list_for_theme(theme_id)
        if sections:
            section_id = sections[-1].id
        else:
            section_id = None
    if section_id is not None:
        return add_activity(db, section_id, activity)
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        uow.themes.get(theme_id)
        section = uow.sections.add(Section(name=""), theme_id, 0)
        assert section.id is not None
        activity.id = None
        uow.activities.add(activity, section.id, 0)
        assert activity.id is not None
        change = StructureChange(label="Activiteit toevoegen", focus=("activity", activity.id),
                                 created=snapshots.capture(sections=[section.id]))
        uow.commit()
    return change


def duplicate_activities(db: Database, activity_ids: Sequence[int]) -> StructureChange:
    """A copy of each activity right below it (without its progress notes)."""
    if not activity_ids:
        raise DomainError("Kies eerst de activiteit die u wilt dupliceren.")
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        change = StructureChange(label="Activiteit dupliceren" if len(activity_ids) == 1
                                 else f"{len(activity_ids)} activiteiten dupliceren")
        created: list[int] = []
        for activity_id in activity_ids:
            original = uow.activities.get(activity_id)
            assert original.section_id is not None
            siblings = snapshots.siblings("activity", original.section_id)
            duplicate = dataclasses.replace(
                original, id=None, version=1, progress_notes=[], partners=list(original.partners),
                years=list(original.years),
            )
            uow.activities.add(duplicate, original.section_id, len(siblings) + 1000)
            assert duplicate.id is not None
            created.append(duplicate.id)
            order = [s for s in siblings]
            order.insert(order.index(activity_id) + 1, duplicate.id)
            _track(snapshots, change, "activity", _numbered(order, original.section_id))
        for table in change.before:
            for row_id in created:
                change.before[table].pop(row_id, None)
                change.after[table].pop(row_id, None)
        change.created = snapshots.capture(activities=created)
        change.focus = ("activity", created[-1])
        uow.commit()
    return change


def delete_activities(db: Database, activity_ids: Sequence[int],
                      versions: Mapping[int, int] | None = None) -> StructureChange:
    """Delete activities with their notes; the snapshot keeps everything for undo.

    ``versions`` (id → version read) refuses to delete an activity someone else changed
    since the officer looked at it.
    """
    if not activity_ids:
        raise DomainError("Kies eerst de activiteit die u wilt verwijderen.")
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        for activity_id in activity_ids:
            current = uow.activities.get(activity_id)  # NotFoundError when already deleted
            if versions and activity_id in versions and versions[activity_id] != current.version:
                raise _stale_error("activity", current)
        change = StructureChange(
            label="Activiteit verwijderen" if len(activity_ids) == 1
            else f"{len(activity_ids)} activiteiten verwijderen",
            deleted=snapshots.capture(activities=activity_ids),
        )
        snapshots.delete(change.deleted, check_versions=False)
        uow.commit()
    return change


def move_activities(db: Database, activity_ids: Sequence[int], section_id: int,
                    index: int | None = None) -> StructureChange:
    """Move activities (in this order) into an onderdeel, possibly of another theme."""
    if not activity_ids:
        raise DomainError("Kies eerst de activiteit die u wilt verplaatsen.")
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        uow.sections.get(section_id)
        sources = {_section_of(uow, a) for a in activity_ids}
        change = StructureChange(
            label="Activiteit verplaatsen" if len(activity_ids) == 1
            else f"{len(activity_ids)} activiteiten verplaatsen",
            focus=("activity", activity_ids[0]),
        )
        wanted: Arrangement = {}
        for source in sources - {section_id}:
            rest = [a for a in snapshots.siblings("activity", source) if a not in activity_ids]
            wanted.update(_numbered(rest, source))
        target = snapshots.siblings("activity", section_id)
        wanted.update(_numbered(_insert_order(target, activity_ids, index), section_id))
        _track(snapshots, change, "activity", wanted)
        uow.commit()
    return change


def step_activity(db: Database, activity_id: int, delta: int) -> StructureChange:
    """One place up (delta -1) or down (+1); past the edge of its onderdeel it moves into
    the neighbouring onderdeel of the same theme (Alt+Up/Down)."""
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        section_id = _section_of(uow, activity_id)
        siblings = snapshots.siblings("activity", section_id)
        change = StructureChange(label="Activiteit verplaatsen", focus=("activity", activity_id))
        index = siblings.index(activity_id) + delta
        if 0 <= index < len(siblings):
            order = [s for s in siblings if s != activity_id]
            order.insert(index, activity_id)
            _track(snapshots, change, "activity", _numbered(order, section_id))
        else:
            section = uow.sections.get(section_id)
            assert section.theme_id is not None
            sections = snapshots.siblings("section", section.theme_id)
            neighbour = sections.index(section_id) + delta
            if not 0 <= neighbour < len(sections):
                raise DomainError(
                    "De activiteit staat al bovenaan." if delta < 0
                    else "De activiteit staat al onderaan.")
            target = sections[neighbour]
            target_siblings = snapshots.siblings("activity", target)
            wanted = _numbered([s for s in siblings if s != activity_id], section_id)
            order = [activity_id] + target_siblings if delta > 0 else target_siblings + [activity_id]
            wanted.update(_numbered(order, target))
            _track(snapshots, change, "activity", wanted)
        uow.commit()
    return change


def add_note(db: Database, activity_id: int, note: ProgressNote) -> StructureChange:
    """A progress note on an activity (undo removes it again)."""
    with db.uow(source=SOURCE) as uow:
        uow.activities.add_note(activity_id, note)
        assert note.id is not None
        change = StructureChange(
            label="Voortgangsnotitie toevoegen",
            created=TreeSnapshots(uow.session, uow.changes).capture(notes=[note.id]),
            focus=("activity", activity_id),
        )
        uow.commit()
    return change


def delete_note(db: Database, note_id: int) -> StructureChange:
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        snap = snapshots.capture(notes=[note_id])
        if snap.is_empty:
            raise NotFoundError("De voortgangsnotitie bestaat niet (meer).")
        activity_id = snap.rows["progress_note"][0]["activity_id"]
        snapshots.delete(snap, check_versions=False)
        uow.commit()
    return StructureChange(label="Voortgangsnotitie verwijderen", deleted=snap,
                           focus=("activity", activity_id))


def add_theme(db: Database, plan_id: int, theme: Theme, index: int | None = None,
              *, first_section: str | None = "") -> StructureChange:
    """A new theme (with one onderdeel to put activities in unless ``first_section`` is None)."""
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        siblings = snapshots.siblings("theme", plan_id)
        theme.id = None
        uow.themes.add(theme, plan_id, len(siblings) + 1000)
        assert theme.id is not None
        if first_section is not None:
            uow.sections.add(Section(name=first_section), theme.id, 0)
        change = StructureChange(label="Thema toevoegen", focus=("theme", theme.id))
        _track(snapshots, change, "theme",
               _numbered(_insert_order(siblings, [theme.id], index), None))
        change.before["theme"].pop(theme.id, None)
        change.after["theme"].pop(theme.id, None)
        change.created = snapshots.capture(themes=[theme.id])
        uow.commit()
    return change


def delete_theme(db: Database, theme_id: int) -> StructureChange:
    """Delete a theme with its onderdelen and activities; its indicators stay, unlinked."""
    with db.uow(source=SOURCE) as uow:
        uow.themes.get(theme_id)
        snapshots = TreeSnapshots(uow.session, uow.changes)
        snap = snapshots.capture(themes=[theme_id])
        snapshots.delete(snap, check_versions=False)
        uow.commit()
    return StructureChange(label="Thema verwijderen", deleted=snap)


def step_theme(db: Database, theme_id: int, delta: int) -> StructureChange:
    with db.uow(source=SOURCE) as uow:
        theme = uow.themes.get(theme_id)
        assert theme.implementation_plan_id is not None
        snapshots = TreeSnapshots(uow.session, uow.changes)
        siblings = snapshots.siblings("theme", theme.implementation_plan_id)
        index = siblings.index(theme_id) + delta
        if not 0 <= index < len(siblings):
            raise DomainError("Het thema staat al bovenaan." if delta < 0
                              else "Het thema staat al onderaan.")
        order = [s for s in siblings if s != theme_id]
        order.insert(index, theme_id)
        change = StructureChange(label="Thema verplaatsen", focus=("theme", theme_id))
        _track(snapshots, change, "theme", _numbered(order, None))
        uow.commit()
    return change


def reorder_themes(db: Database, plan_id: int, ordered_ids: Sequence[int],
                   focus_id: int | None = None) -> StructureChange:
    """Give the plan's themes this order (all of them)."""
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        if sorted(snapshots.siblings("theme", plan_id)) != sorted(ordered_ids):
            raise NotFoundError("De thema's zijn intussen gewijzigd; laad het plan opnieuw.")
        change = StructureChange(label="Thema verplaatsen",
                                 focus=("theme", focus_id) if focus_id else None)
        _track(snapshots, change, "theme", _numbered(list(ordered_ids), None))
        uow.commit()
    return change


def add_section(db: Database, theme_id: int, section: Section,
                index: int | None = None) -> StructureChange:
    with db.uow(source=SOURCE) as uow:
        snapshots = TreeSnapshots(uow.session, uow.changes)
        uow.themes.get(theme_id)
        siblings = snapshots.siblings("section", theme_id)
        section.id = None
        uow.sections.add(section, theme_id, len(siblings) + 1000)
        assert section.id is not None
        change = StructureChange(label="Onderdeel toevoegen", focus=("section", section.id))
        _track(snapshots, change, "section",
               _numbered(_insert_order(siblings, [section.id], index), theme_id))
        change.before["section"].pop(section.id, None)
        change.after["section"].pop(section.id, None)
        change.created = snapshots.capture(sections=[section.id])
        uow.commit()
    return change


def delete_section(db: Database, section_id: int) -> StructureChange:
    with db.uow(source=SOURCE) as uow:
        uow.sections.get(section_id)
        snapshots = TreeSnapshots(uow.session, uow.changes)
        snap = snapshots.capture(sections=[section_id])
        snapshots.delete(snap, check_versions=False)
        uow.commit()
    return StructureChange(label="Onderdeel verwijderen", deleted=snap)


def move_section(db: Database, section_id: int, theme_id: int,
                 index: int | None = None) -> StructureChange:
    """Move an onderdeel (with its activities) to another place or theme."""
    with db.uow(source=SOURCE) as uow:
        section = uow.sections.get(section_id)
        uow.themes.get(theme_id)
        assert section.theme_id is not None
        snapshots = TreeSnapshots(uow.session, uow.changes)
        wanted: Arrangement = {}
        if section.theme_id != theme_id:
            rest = [s for s in snapshots.siblings("section", section.theme_id) if s != section_id]
            wanted.update(_numbered(rest, section.theme_id))
        target = snapshots.siblings("section", theme_id)
        wanted.update(_numbered(_insert_order(target, [section_id], index), theme_id))
        change = StructureChange(label="Onderdeel verplaatsen", focus=("section", section_id))
        _track(snapshots, change, "section", wanted)
        uow.commit()
    return change


def step_section(db: Database, section_id: int, delta: int) -> StructureChange:
    with db.uow(source=SOURCE) as uow:
        section = uow.sections.get(section_id)
        assert section.theme_id is not None
        siblings = TreeSnapshots(uow.session, uow.changes).siblings("section", section.theme_id)
    index = siblings.index(section_id) + delta
    if not 0 <= index < len(siblings):
        raise DomainError("Het onderdeel staat al bovenaan." if delta < 0
                          else "Het onderdeel staat al onderaan.")
    return move_section(db, section_id, section.theme_id, index)


def add_indicator(db: Database, plan_id: int, indicator: Indicator) -> StructureChange:
    with db.uow(source=SOURCE) as uow:
        indicator.id = None
        uow.indicators.add(indicator, plan_id)
        assert indicator.id is not None
        change = StructureChange(
            label="Indicator toevoegen", focus=("indicator", indicator.id),
            created=TreeSnapshots(uow.session, uow.changes).capture(indicators=[indicator.id]),
        )
        uow.commit()
    return change


def delete_indicator(db: Database, indicator_id: int) -> StructureChange:
    with db.uow(source=SOURCE) as uow:
        uow.indicators.get(indicator_id)
        snapshots = TreeSnapshots(uow.session, uow.changes)
        snap = snapshots.capture(indicators=[indicator_id])
        snapshots.delete(snap, check_versions=False)
        uow.commit()
    return StructureChange(label="Indicator verwijderen", deleted=snap)


def step_indicator(db: Database, indicator_id: int, delta: int) -> StructureChange:
    """Move an indicator up or down among the indicators of its theme."""
    with db.uow(source=SOURCE) as uow:
        indicator = uow.indicators.get(indicator_id)
        assert indicator.implementation_plan_id is not None
        all_ids = TreeSnapshots(uow.session, uow.changes).siblings(
            "indicator", indicator.implementation_plan_id)
        same_theme = {i.id for i in uow.indicators.list_for_plan(indicator.implementation_plan_id)
                      if i.theme_id == indicator.theme_id}
        group = [i for i in all_ids if i in same_theme]
        index = group.index(indicator_id) + delta
        if not 0 <= index < len(group):
            raise DomainError("De indicator staat al bovenaan." if delta < 0
                              else "De indicator staat al onderaan.")
        other = group[index]
        order = list(all_ids)
        a, b = order.index(indicator_id), order.index(other)
        order[a], order[b] = order[b], order[a]
        change = StructureChange(label="Indicator verplaatsen", focus=("indicator", indicator_id))
        _track(TreeSnapshots(uow.session, uow.changes), change, "indicator", _numbered(order, None))
        uow.commit()
    return change


# --------------------------------------------------------------------------- helpers for views


def new_activity(plan_years: Sequence[int]) -> Activity:
    """The blank activity 'Activiteit toevoegen' creates: all plan years, not started."""
    return Activity(description="", title="Nieuwe activiteit", years=list(plan_years))


def new_note(text: str, moment: str = "", written_on: date | None = None) -> ProgressNote:
    from ivpdesk.domain.clock import today

    return ProgressNote(text=text, moment=moment, written_on=written_on or today())


def partner_names(db: Database) -> list[Partner]:
    """The partner register, alphabetical."""
    with db.uow(source=SOURCE) as uow:
        return uow.partners.list()


__all__ = [
    "ACTIVITY_FIELDS", "FIELD_LABELS", "FieldChange", "FieldEdit", "ImplementationPlan",
    "SafetyPlan", "StructureChange", "add_activity", "add_indicator", "add_note", "add_section",
    "add_activity_to_theme", "add_theme", "delete_activities", "delete_indicator", "delete_note", "delete_section",
    "delete_theme", "duplicate_activities", "edit_fields", "force_fields", "move_activities",
    "move_section", "new_activity", "new_note", "read_entity", "reapply_edits", "redo_structure",
    "reorder_themes", "revert_edits", "step_activity", "step_indicator", "step_section", "step_theme",
    "undo_structure",
]
