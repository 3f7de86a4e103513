"""Repositories: read and write domain objects; never commit (the unit of work does).

Every change to an activity, theme, indicator or plan is written to the change log
(who, when, which field, old → new) through :class:`ChangeRecorder`, whatever the
caller (GUI, import, roll-over, re-import). Updates check the ``version`` the caller
read; a stale version raises :class:`~ivpdesk.domain.errors.StaleEditError` so no
edit is silently overwritten.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from ivpdesk.domain import (
    Activity,
    ActivityStatus,
    Baseline,
    ControlMoment,
    ControlMomentKind,
    Direction,
    ImplementationPlan,
    Indicator,
    Measurement,
    NotFoundError,
    Operator,
    Partner,
    PartnerKind,
    PlanBundle,
    PlanStatus,
    ProgressNote,
    SafetyPlan,
    Section,
    StaleEditError,
    Target,
    Theme,
    ThemeKind,
)
from ivpdesk.domain.model import clean_text
from ivpdesk.store.tables import (
    ActivityPartnerRow,
    ActivityRow,
    Base,
    ChangeLogRow,
    ControlMomentRow,
    ImplementationPlanRow,
    IndicatorMeasurementRow,
    IndicatorRow,
    IndicatorTargetRow,
    PartnerRow,
    ProgressNoteRow,
    ReminderStateRow,
    SafetyPlanRow,
    SectionRow,
    SettingRow,
    ThemeRow,
    utcnow,
)

CURRENT_PLAN_SETTING = "current_plan_id"


def _text(value: Any) -> str | None:
    """How a value is written into the change log."""
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


class ChangeRecorder:
    """Collects change-log rows for one unit of work."""

    def __init__(self, session: Session, actor: str, source: str) -> None:
        self.session = session
        self.actor = actor
        self.source = source

    def record(
        self,
        entity: str,
        entity_id: int | None,
        field: str,
        old: Any,
        new: Any,
        plan_id: int | None,
    ) -> None:
        self.session.add(
            ChangeLogRow(
                at=utcnow(),
                actor=self.actor,
                source=self.source,
                implementation_plan_id=plan_id,
                entity=entity,
                entity_id=entity_id,
                field=field,
                old_value=_text(old),
                new_value=_text(new),
            )
        )

    def diff(
        self,
        entity: str,
        entity_id: int | None,
        old: dict[str, Any],
        new: dict[str, Any],
        plan_id: int | None,
    ) -> list[str]:
        """Record every field that differs; returns the names of the changed fields."""
        changed = []
        for key, new_value in new.items():
            old_value = old.get(key)
            if _text(old_value) != _text(new_value):
                changed.append(key)
                self.record(entity, entity_id, key, old_value, new_value, plan_id)
        return changed


def _stale(what: str, current: object) -> StaleEditError:
    return StaleEditError(
        f"{what} is intussen door iemand anders gewijzigd. Uw wijziging is niet opgeslagen: "
        "laad de nieuwe gegevens opnieuw en breng uw wijziging daarna opnieuw aan.",
        current=current,
    )


# --------------------------------------------------------------------------- plans


def _safety_plan(row: SafetyPlanRow) -> SafetyPlan:
    return SafetyPlan(
        id=row.id,
        municipality=row.municipality,
        start_year=row.start_year,
        end_year=row.end_year,
        vision=row.vision,
        main_goal=row.main_goal,
        adopted_on=row.adopted_on,
    )


def _implementation_plan(row: ImplementationPlanRow) -> ImplementationPlan:
    return ImplementationPlan(
        id=row.id,
        safety_plan_id=row.safety_plan_id,
        start_year=row.start_year,
        end_year=row.end_year,
        status=PlanStatus(row.status),
        adopted_on=row.adopted_on,
        adopted_by=row.adopted_by,
        introduction=row.introduction,
        version=row.version,
    )


class SafetyPlanRepository:
    def __init__(self, session: Session, changes: ChangeRecorder) -> None:
        self.session = session
        self.changes = changes

    def get(self, safety_plan_id: int) -> SafetyPlan:
        row = self.session.get(SafetyPlanRow, safety_plan_id)
        if row is None:
            raise NotFoundError("Het veiligheidsplan bestaat niet (meer).")
        return _safety_plan(row)

    def list(self) -> list[SafetyPlan]:
        rows = self.session.scalars(select(SafetyPlanRow).order_by(SafetyPlanRow.start_year))
        return [_safety_plan(r) for r in rows]

    def add(self, plan: SafetyPlan) -> SafetyPlan:
        plan.validate()
        row = SafetyPlanRow(
            municipality=clean_text(plan.municipality),
            start_year=plan.start_year,
            end_year=plan.end_year,
            vision=plan.vision,
            main_goal=plan.main_goal,
            adopted_on=plan.adopted_on,
        )
        self.session.add(row)
        self.session.flush()
        plan.id = row.id
        self.changes.record("ivp", row.id, "", None, row.municipality, None)
        return plan

    def update(self, plan: SafetyPlan) -> SafetyPlan:
        plan.validate()
        row = self.session.get(SafetyPlanRow, plan.id)
        if row is None:
            raise NotFoundError("Het veiligheidsplan bestaat niet (meer).")
        fields = {
            "municipality": clean_text(plan.municipality),
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "vision": plan.vision,
            "main_goal": plan.main_goal,
            "adopted_on": plan.adopted_on,
        }
        old = {k: getattr(row, k) for k in fields}
        self.changes.diff("ivp", row.id, old, fields, None)
        for key, value in fields.items():
            setattr(row, key, value)
        self.session.flush()
        return _safety_plan(row)


class ImplementationPlanRepository:
    def __init__(self, session: Session, changes: ChangeRecorder) -> None:
        self.session = session
        self.changes = changes

    def get(self, plan_id: int) -> ImplementationPlan:
        row = self.session.get(ImplementationPlanRow, plan_id)
        if row is None:
            raise NotFoundError("Het uitvoeringsplan bestaat niet (meer).")
        return _implementation_plan(row)

    def list(self) -> list[ImplementationPlan]:
        rows = self.session.scalars(
            select(ImplementationPlanRow).order_by(
                ImplementationPlanRow.start_year, ImplementationPlanRow.id
            )
        )
        return [_implementation_plan(r) for r in rows]

    def add(self, plan: ImplementationPlan) -> ImplementationPlan:
        safety = None
        if plan.safety_plan_id is not None:
            safety = SafetyPlanRepository(self.session, self.changes).get(plan.safety_plan_id)
        plan.validate(safety)
        row = ImplementationPlanRow(
            safety_plan_id=plan.safety_plan_id,
            start_year=plan.start_year,
            end_year=plan.end_year,
            status=plan.status.value,
            adopted_on=plan.adopted_on,
            adopted_by=plan.adopted_by,
            introduction=plan.introduction,
            version=1,
        )
        self.session.add(row)
        self.session.flush()
        plan.id = row.id
        plan.version = row.version
        self.changes.record("uitvoeringsplan", row.id, "", None, plan.period_label, row.id)
        return plan

    def update(self, plan: ImplementationPlan) -> ImplementationPlan:
        row = self.session.get(ImplementationPlanRow, plan.id)
        if row is None:
            raise NotFoundError("Het uitvoeringsplan bestaat niet (meer).")
        if row.version != plan.version:
            raise _stale("Het uitvoeringsplan", _implementation_plan(row))
        plan.validate(SafetyPlanRepository(self.session, self.changes).get(row.safety_plan_id))
        fields = {
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "status": plan.status.value,
            "adopted_on": plan.adopted_on,
            "adopted_by": plan.adopted_by,
            "introduction": plan.introduction,
        }
        old = {k: getattr(row, k) for k in fields}
        self.changes.diff("uitvoeringsplan", row.id, old, fields, row.id)
        for key, value in fields.items():
            setattr(row, key, value)
        row.version = row.version + 1
        self.session.flush()
        return _implementation_plan(row)

    def delete(self, plan_id: int) -> None:
        row = self.session.get(ImplementationPlanRow, plan_id)
        if row is None:
            return
        self.changes.record("uitvoeringsplan", plan_id, "", f"{row.start_year}", None, plan_id)
        self.session.delete(row)
        self.session.flush()

    def current_id(self) -> int | None:
        """The plan the officer last worked on; else the newest one.

        Plain SQL: this runs at every start, before anything else has warmed up.
        """
        value = self.session.execute(
            text("SELECT value FROM setting WHERE key = :k"), {"k": CURRENT_PLAN_SETTING}
        ).scalar()
        if value is not None and str(value).isdigit():
            found = self.session.execute(
                text("SELECT id FROM implementation_plan WHERE id = :p"), {"p": int(value)}
            ).scalar()
            if found is not None:
                return int(found)
        newest = self.session.execute(
            text("SELECT id FROM implementation_plan ORDER BY start_year DESC, id DESC LIMIT 1")
        ).scalar()
        return None if newest is None else int(newest)

    def set_current(self, plan_id: int) -> None:
        SettingsRepository(self.session).set(CURRENT_PLAN_SETTING, str(plan_id))


# --------------------------------------------------------------------------- themes


def _theme(row: ThemeRow) -> Theme:
    return Theme(
        id=row.id,
        implementation_plan_id=row.implementation_plan_id,
        name=row.name,
        kind=ThemeKind(row.kind),
        field_number=row.field_number,
        standard_theme_code=row.standard_theme_code,
        goal=row.goal,
        approach=row.approach,
        position=row.position,
        version=row.version,
    )


def _insert_many(session: Session, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` and return their new ids, in order, in as few statements as possible.

    On SQLite the write transaction (BEGIN IMMEDIATE) holds the database, so the next ids
    are known and a plain executemany suffices; RETURNING with a guaranteed order would
    cost one statement per row there. Other databases use INSERT … RETURNING.
    """
    if session.get_bind().dialect.name == "sqlite":
        start = int(session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1
        ids = list(range(start, start + len(rows)))
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id
        _bulk_rows(session, table, rows)
        return ids
    return list(session.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
    ).scalars())


def _bulk_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """executemany of ``rows`` (all with the same keys): the column types' own bind processors,
    without Core's per-row statement compilation, which dominated a 5,000-row import."""
    if not rows:
        return
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        session.execute(insert(table), rows)
        return
    names = list(rows[0])
    for name in names:
        processor = table.c[name].type._cached_bind_processor(dialect)
        if processor is None:
            continue
        memo: dict[Any, Any] = {}  # the same timestamp on every row is processed once
        for row in rows:
            value = row[name]
            key = (type(value), tuple(value)) if isinstance(value, list) else value
            try:
                row[name] = memo[key]
            except KeyError:
                row[name] = memo[key] = processor(value)
            except TypeError:  # unhashable
                row[name] = processor(value)
    pick = itemgetter(*names)
    values = list(map(pick, rows)) if len(names) > 1 else [(pick(row),) for row in rows]
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    session.connection().exec_driver_sql(
        f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', values
    )


def _next_position(session: Session, column: Any, parent_column: Any, parent_id: int) -> int:
    current = session.scalar(select(func.max(column)).where(parent_column == parent_id))
    return 0 if current is None else int(current) + 1


class ThemeRepository:
    def __init__(self, session: Session, changes: ChangeRecorder) -> None:
        self.session = session
        self.changes = changes

    def _row(self, theme_id: int | None) -> ThemeRow:
        row = self.session.get(ThemeRow, theme_id) if theme_id is not None else None
        if row is None:
            raise NotFoundError("Het thema bestaat niet (meer).")
        return row

    def get(self, theme_id: int) -> Theme:
        return _theme(self._row(theme_id))

    def list_for_plan(self, plan_id: int) -> list[Theme]:
        rows = self.session.scalars(
            select(ThemeRow)
            .where(ThemeRow.implementation_plan_id == plan_id)
            .order_by(ThemeRow.position, ThemeRow.id)
        )
        return [_theme(r) for r in rows]

    def add(self, theme: Theme, plan_id: int, position: int | None = None) -> Theme:
        theme.validate()
        if position is None:
            position = _next_position(
                self.session, ThemeRow.position, ThemeRow.implementation_plan_id, plan_id
            )
        row = ThemeRow(
            implementation_plan_id=plan_id,
            name=clean_text(theme.name),
            kind=theme.kind.value,
            field_number=theme.field_number,
            standard_theme_code=theme.standard_theme_code,
            goal=theme.goal,
            approach=theme.approach,
            position=position,
            version=1,
        )
        self.session.add(row)
        self.session.flush()
        theme.id, theme.implementation_plan_id = row.id, plan_id
        theme.position, theme.version = position, 1
        self.changes.record("thema", row.id, "", None, row.name, plan_id)
        return theme

    def update(self, theme: Theme) -> Theme:
        theme.validate()
        row = self._row(theme.id)
        if row.version != theme.version:
            raise _stale(f"Thema '{row.name}'", _theme(row))
        fields = {
            "name": clean_text(theme.name),
            "kind": theme.kind.value,
            "field_number": theme.field_number,
            "standard_theme_code": theme.standard_theme_code,
            "goal": theme.goal,
            "approach": theme.approach,
        }
        old = {k: getattr(row, k) for k in fields}
        self.changes.diff("thema", row.id, old, fields, row.implementation_plan_id)
        for key, value in fields.items():
            setattr(row, key, value)
        row.version = row.version + 1
        self.session.flush()
        return _theme(row)

    def delete(self, theme_id: int) -> None:
        row = self._row(theme_id)
        plan_id = row.implementation_plan_id
        self.changes.record("thema", row.id, "", row.name, None, plan_id)
        sections = [(section_id, name) for section_id, name in self.session.execute(
            select(SectionRow.id, SectionRow.name).where(SectionRow.theme_id == row.id))]
        for section_id, name in sections:
            self.changes.record("onderdeel", section_id, "", name, None, plan_id)
        _record_contents_deleted(self.session, self.changes, [s for s, _ in sections], plan_id,
                                 f"thema '{row.name}'")
        self.session.delete(row)
        self.session.flush()

    def reorder(self, plan_id: int, ordered_ids: Sequence[int]) -> None:
        """Give the plan's themes the positions of ``ordered_ids`` (all of them, in order)."""
        _reorder(self.session, ThemeRow, ThemeRow.implementation_plan_id, plan_id, ordered_ids,
                 changes=self.changes, entity="thema", plan_id=plan_id)


def _reorder(
    session: Session, table: Any, parent_column: Any, parent_id: int, ordered_ids: Sequence[int],
    *, changes: ChangeRecorder | None = None, entity: str = "", plan_id: int | None = None,
) -> None:
    existing = {
        row_id: position
        for row_id, position in session.execute(
            select(table.id, table.position).where(parent_column == parent_id))
    }
    if set(ordered_ids) != set(existing) or len(ordered_ids) != len(existing):
        raise NotFoundError("De volgorde past niet meer bij de gegevens; laad opnieuw.")
    for position, row_id in enumerate(ordered_ids):
        if existing[row_id] == position:
            continue
        if changes is not None:
            # 1-based in the log: "volgorde 3 → 1" is what the officer sees on screen.
            changes.record(entity, row_id, "position", existing[row_id] + 1, position + 1, plan_id)
        session.execute(
            update(table).where(table.id == row_id).values(position=position),
            execution_options={"synchronize_session": False},
        )
    session.flush()
    session.expire_all()


def _record_contents_deleted(
    session: Session, changes: ChangeRecorder, section_ids: Sequence[int], plan_id: int | None,
    cause: str,
) -> None:
    """Log every onderdeel and activity a cascade removes, so each keeps its own history."""
    if not section_ids:
        return
    for activity_id, title, description in session.execute(
        select(ActivityRow.id, ActivityRow.title, ActivityRow.description)
        .where(ActivityRow.section_id.in_(section_ids))
    ):
        label = clean_text(title or description)[:200]
        changes.record("activiteit", activity_id, "", f"{label} (met {cause})", None, plan_id)


# --------------------------------------------------------------------------- sections


def _section(row: SectionRow) -> Section:
    return Section(
        id=row.id,
        theme_id=row.theme_id,
        name=row.name,
        ambition=row.ambition,
        heading=row.heading,
        position=row.position,
    )


class SectionRepository:
    def __init__(self, session: Session, changes: ChangeRecorder) -> None:
        self.session = session
        self.changes = changes

    def _row(self, section_id: int | None) -> SectionRow:
        row = self.session.get(SectionRow, section_id) if section_id is not None else None
        if row is None:
            raise NotFoundError("Het onderdeel bestaat niet (meer).")
        return row

    def _plan_id(self, theme_id: int) -> int | None:
        return self.session.scalar(
            select(ThemeRow.implementation_plan_id).where(ThemeRow.id == theme_id)
        )

    def get(self, section_id: int) -> Section:
        return _section(self._row(section_id))

    def list_for_theme(self, theme_id: int) -> list[Section]:
        rows = self.session.scalars(
            select(SectionRow)
            .where(SectionRow.theme_id == theme_id)
            .order_by(SectionRow.position, SectionRow.id)
        )
        return [_section(r) for r in rows]

    def add(self, section: Section, theme_id: int, position: int | None = None) -> Section:
        section.validate()
        if position is None:
            position = _next_position(self.session, SectionRow.position, SectionRow.theme_id, theme_id)
        row = SectionRow(
            theme_id=theme_id,
            name=clean_text(section.name),
            ambition=section.ambition,
            heading=clean_text(section.heading) if section.heading else None,
            position=position,
        )
        self.session.add(row)
        self.session.flush()
        section.id, section.theme_id, section.position = row.id, theme_id, position
        self.changes.record("onderdeel", row.id, "", None, row.name, self._plan_id(theme_id))
        return section

    def add_many(self, items: Sequence[tuple[Section, int, int]]) -> None:
        """Add many onderdelen (section, theme id, position) in one statement, as :meth:`add`."""
        if not items:
            return
        self.session.flush()
        theme_ids = {theme_id for _s, theme_id, _p in items}
        plan_of = dict(self.session.execute(
            select(ThemeRow.id, ThemeRow.implementation_plan_id).where(ThemeRow.id.in_(theme_ids))
        ).all())
        rows = []
        for section, theme_id, position in items:
            section.validate()
            rows.append({
                "theme_id": theme_id, "name": clean_text(section.name), "ambition": section.ambition,
                "heading": clean_text(section.heading) if section.heading else None,
                "position": position,
            })
        ids = _insert_many(self.session, SectionRow.__table__, rows)
        now = utcnow()
        log = []
        for (section, theme_id, position), section_id, row in zip(items, ids, rows, strict=True):
            section.id, section.theme_id, section.position = section_id, theme_id, position
            log.append({
                "at": now, "actor": self.changes.actor, "source": self.changes.source,
                "implementation_plan_id": plan_of.get(theme_id), "entity": "onderdeel",
                "entity_id": section_id, "field": "", "old_value": None, "new_value": row["name"],
            })
        _bulk_rows(self.session, ChangeLogRow.__table__, log)

    def update(self, section: Section) -> Section:
        section.validate()
        row = self._row(section.id)
        fields = {
            "name": clean_text(section.name),
            "ambition": section.ambition,
            "heading": clean_text(section.heading) if section.heading else None,
        }
        old = {k: getattr(row, k) for k in fields}
        self.changes.diff("onderdeel", row.id, old, fields, self._plan_id(row.theme_id))
        for key, value in fields.items():
            setattr(row, key, value)
        self.session.flush()
        return _section(row)

    def move(self, section_id: int, theme_id: int, position: int | None = None) -> None:
        row = self._row(section_id)
        if row.theme_id != theme_id:
            self.changes.record(
                "onderdeel", row.id, "theme_id", row.theme_id, theme_id, self._plan_id(theme_id)
            )
            row.theme_id = theme_id
        row.position = (
            position
            if position is not None
            else _next_position(self.session, SectionRow.position, SectionRow.theme_id, theme_id)
        )
        self.session.flush()

    def delete(self, section_id: int) -> None:
        row = self._row(section_id)
        plan_id = self._plan_id(row.theme_id)
        self.changes.record("onderdeel", row.id, "", row.name, None, plan_id)
        _record_contents_deleted(self.session, self.changes, [row.id], plan_id,
                                 f"onderdeel '{row.name}'")
        self.session.delete(row)
        self.session.flush()

    def reorder(self, theme_id: int, ordered_ids: Sequence[int]) -> None:
        _reorder(self.session, SectionRow, SectionRow.theme_id, theme_id, ordered_ids,
                 changes=self.changes, entity="onderdeel", plan_id=self._plan_id(theme_id))


# --------------------------------------------------------------------------- partners


class PartnerRepository:
    def __init__(self, session: Session, changes: ChangeRecorder) -> None:
        self.session = session
        self.changes = changes
        self._cache: dict[str, PartnerRow] = {}

    def list(self) -> list[Partner]:
        rows = self.session.scalars(select(PartnerRow).order_by(func.lower(PartnerRow.name)))
        return [Partner(id=r.id, name=r.name, kind=PartnerKind(r.kind)) for r in rows]

    def find(self, name: str) -> PartnerRow | None:
        key = clean_text(name).lower()
        if key in self._cache:
            return self._cache[key]
        row = self.session.scalar(select(PartnerRow).where(func.lower(PartnerRow.name) == key))
        if row is not None:
            self._cache[key] = row
        return row

    def get_or_create(self, name: str, kind: PartnerKind = PartnerKind.EXTERNAL) -> PartnerRow:
        """The register entry with this name (case-insensitive), created when new."""
        row = self.find(name)
        if row is None:
            partner = Partner(name=clean_text(name), kind=kind)
            partner.validate()
            row = PartnerRow(name=partner.name, kind=kind.value)
            self.session.add(row)
            self.session.flush()
            self._cache[partner.name.lower()] = row
            self.changes.record("partner", row.id, "", None, row.name, None)
        return row

    def update(self, partner: Partner) -> None:
        partner.validate()
        row = self.session.get(PartnerRow, partner.id)
        if row is None:
            raise NotFoundError("De partner bestaat niet (meer).")
        fields = {"name": clean_text(partner.name), "kind": partner.kind.value}
        old = {k: getattr(row, k) for k in fields}
        self.changes.diff("partner", row.id, old, fields, None)
        row.name, row.kind = fields["name"], fields["kind"]
        self._cache.clear()
        self.session.flush()


# --------------------------------------------------------------------------- activities


def _note(row: ProgressNoteRow) -> ProgressNote:
    return ProgressNote(
        id=row.id,
        activity_id=row.activity_id,
        written_on=row.written_on,
        moment=row.moment,
        text=row.text,
        author=row.author,
    )


def _activity(row: ActivityRow) -> Activity:
    return Activity(
        id=row.id,
        section_id=row.section_id,
        title=row.title,
        description=row.description,
        political_owner=row.political_owner,
        officer_owner=row.officer_owner,
        partners=[link.partner.name for link in row.partner_links],
        planning_text=row.planning_text,
        deadline_override=row.deadline_override,
        status=ActivityStatus(row.status),
        years=list(row.years or []),
        progress_notes=[_note(n) for n in row.notes],
        budget=row.budget,
        position=row.position,
        version=row.version,
    )


def _activity_fields(activity: Activity) -> dict[str, Any]:
    """Column values of an activity, as stored (text as written, only outer spaces cleaned)."""
    title = clean_text(activity.title) if activity.title else None
    return {
        "title": title or None,
        "description": activity.description.replace("\u00a0", " ").strip(),
        "political_owner": clean_text(activity.political_owner),
        "officer_owner": clean_text(activity.officer_owner),
        "planning_text": activity.planning_text,
        "deadline_override": activity.deadline_override,
        "status": activity.status.value,
        "years": sorted(activity.years),
        "budget": activity.budget,
    }


class ActivityRepository:
    def __init__(
        self, session: Session, changes: ChangeRecorder, partners: PartnerRepository
    ) -> None:
        self.session = session
        self.changes = changes
        self.partners = partners

    def _row(self, activity_id: int | None) -> ActivityRow:
        row = self.session.get(ActivityRow, activity_id) if activity_id is not None else None
        if row is None:
            raise NotFoundError("De activiteit bestaat niet (meer).")
        return row

    def _plan_of_section(self, section_id: int) -> tuple[int, list[int]]:
        found = self.session.execute(
            select(
                ImplementationPlanRow.id,
                ImplementationPlanRow.start_year,
                ImplementationPlanRow.end_year,
            )
            .join(ThemeRow, ThemeRow.implementation_plan_id == ImplementationPlanRow.id)
            .join(SectionRow, SectionRow.theme_id == ThemeRow.id)
            .where(SectionRow.id == section_id)
        ).one_or_none()
        if found is None:
            raise NotFoundError("Het onderdeel bestaat niet (meer).")
        plan_id, start, end = found
        return plan_id, list(range(start, end + 1))

    def get(self, activity_id: int) -> Activity:
        return _activity(self._row(activity_id))

    def list_for_section(self, section_id: int) -> list[Activity]:
        rows = self.session.scalars(
            select(ActivityRow)
            .where(ActivityRow.section_id == section_id)
            .order_by(ActivityRow.position, ActivityRow.id)
        )
        return [_activity(r) for r in rows]

    def _set_partners(self, row: ActivityRow, names: Iterable[str]) -> None:
        wanted = [clean_text(n) for n in names if clean_text(n)]
        links = []
        for position, name in enumerate(wanted):
            partner = self.partners.get_or_create(name)
            links.append(ActivityPartnerRow(partner_id=partner.id, partner=partner, position=position))
        row.partner_links = links

    def add(
        self,
        activity: Activity,
        section_id: int,
        position: int | None = None,
        *,
        carried_from_id: int | None = None,
    ) -> Activity:
        plan_id, plan_years = self._plan_of_section(section_id)
        activity.validate(plan_years)
        if position is None:
            position = _next_position(
                self.session, ActivityRow.position, ActivityRow.section_id, section_id
            )
        fields = _activity_fields(activity)
        row = ActivityRow(section_id=section_id, position=position, version=1,
                          carried_from_id=carried_from_id, **fields)
        self._set_partners(row, activity.partners)
        for note in activity.progress_notes:
            note.validate()
            row.notes.append(ProgressNoteRow(
                written_on=note.written_on, moment=note.moment, text=note.text, author=note.author
            ))
        self.session.add(row)
        self.session.flush()
        activity.id, activity.section_id = row.id, section_id
        activity.position, activity.version = position, 1
        self.changes.record("activiteit", row.id, "", None, activity.display_title[:200], plan_id)
        return activity

    def add_many(
        self,
        items: Sequence[tuple[Activity, int, int]],
        *,
        carried_from: Sequence[int | None] | None = None,
        validated: bool = False,
    ) -> None:
        """Add many activities (activity, section id, position) in a few statements.

        Same rules and change-log rows as :meth:`add` (without progress notes), but with
        set-based inserts: an import or roll-over of thousands of activities stays fast.
        Ids are set on the given activities. ``validated`` says the caller already ran
        ``Activity.validate`` against the plan's years (the importer does, per Excel row).
        """
        if not items:
            return
        self.session.flush()
        plans: dict[int, tuple[int, list[int]]] = {
            section_id: (plan_id, list(range(start, end + 1)))
            for section_id, plan_id, start, end in self.session.execute(
                select(SectionRow.id, ImplementationPlanRow.id, ImplementationPlanRow.start_year,
                       ImplementationPlanRow.end_year)
                .join(ThemeRow, ThemeRow.id == SectionRow.theme_id)
                .join(ImplementationPlanRow, ImplementationPlanRow.id == ThemeRow.implementation_plan_id)
                .where(SectionRow.id.in_({section_id for _a, section_id, _p in items}))
            )
        }
        rows = []
        now = utcnow()
        for index, (activity, section_id, position) in enumerate(items):
            if section_id not in plans:
                plans[section_id] = self._plan_of_section(section_id)  # raises NotFoundError
            if not validated:
                activity.validate(plans[section_id][1])
            rows.append({
                "section_id": section_id, "position": position, "version": 1,
                "carried_from_id": carried_from[index] if carried_from else None,
                "created_at": now, "updated_at": now, **_activity_fields(activity),
            })
        ids = _insert_many(self.session, ActivityRow.__table__, rows)
        links = []
        log = []
        partner_ids: dict[str, int] = {}
        for (activity, section_id, position), activity_id in zip(items, ids, strict=True):
            activity.id, activity.section_id = activity_id, section_id
            activity.position, activity.version = position, 1
            seen: set[int] = set()
            for name in activity.partners:
                partner_id = partner_ids.get(name)
                if partner_id is None:
                    cleaned = clean_text(name)
                    if not cleaned:
                        continue
                    partner_id = partner_ids[name] = self.partners.get_or_create(cleaned).id
                if partner_id in seen:
                    continue
                seen.add(partner_id)
                links.append({"activity_id": activity_id, "partner_id": partner_id,
                              "position": len(seen) - 1})
            log.append({
                "at": now, "actor": self.changes.actor, "source": self.changes.source,
                "implementation_plan_id": plans[section_id][0], "entity": "activiteit",
                "entity_id": activity_id, "field": "", "old_value": None,
                "new_value": _text(activity.display_title[:200]),
            })
        _bulk_rows(self.session, ActivityPartnerRow.__table__, links)
        _bulk_rows(self.session, ChangeLogRow.__table__, log)

    def update(self, activity: Activity) -> Activity:
        """Save every field of ``activity``; refuses when someone saved it since it was read."""
        row = self._row(activity.id)
        if row.version != activity.version:
            raise _stale("Deze activiteit", _activity(row))
        plan_id, plan_years = self._plan_of_section(row.section_id)
        activity.validate(plan_years)
        fields = _activity_fields(activity)
        old = {k: getattr(row, k) for k in fields}
        old["partners"] = [link.partner.name for link in row.partner_links]
        new = dict(fields)
        new["partners"] = [clean_text(p) for p in activity.partners if clean_text(p)]
        changed = self.changes.diff("activiteit", row.id, old, new, plan_id)
        if not changed:
            return _activity(row)
        for key, value in fields.items():
            setattr(row, key, value)
        if "partners" in changed:
            self._set_partners(row, activity.partners)
        row.updated_at = utcnow()
        row.version = row.version + 1
        self.session.flush()
        return _activity(row)

    def delete(self, activity_id: int) -> Activity:
        """Delete and return the activity as it was (so an undo can put it back)."""
        row = self._row(activity_id)
        before = _activity(row)
        plan_id, _ = self._plan_of_section(row.section_id)
        self.changes.record("activiteit", row.id, "", before.display_title[:200], None, plan_id)
        self.session.delete(row)
        self.session.flush()
        return before

    def restore(self, activity: Activity) -> Activity:
        """Put a deleted activity back with its old id (undo of delete)."""
        if activity.id is None or activity.section_id is None:
            raise NotFoundError("De activiteit kan niet worden teruggezet.")
        plan_id, _ = self._plan_of_section(activity.section_id)
        row = ActivityRow(id=activity.id, section_id=activity.section_id,
                          position=activity.position, version=activity.version + 1,
                          **_activity_fields(activity))
        self._set_partners(row, activity.partners)
        for note in activity.progress_notes:
            row.notes.append(ProgressNoteRow(id=note.id, written_on=note.written_on,
                                             moment=note.moment, text=note.text, author=note.author))
        self.session.add(row)
        self.session.flush()
        self.changes.record("activiteit", row.id, "", None, activity.display_title[:200], plan_id)
        activity.version = row.version
        return activity

    def move(self, activity_id: int, section_id: int, position: int | None = None) -> Activity:
        """Move to another onderdeel (possibly in another theme), at the end or at ``position``."""
        row = self._row(activity_id)
        plan_id, _ = self._plan_of_section(section_id)
        if row.section_id != section_id:
            self.changes.record("activiteit", row.id, "section_id", row.section_id, section_id, plan_id)
            row.section_id = section_id
        row.position = (
            position
            if position is not None
            else _next_position(self.session, ActivityRow.position, ActivityRow.section_id, section_id)
        )
        row.version = row.version + 1
        self.session.flush()
        return _activity(row)

    def reorder(self, section_id: int, ordered_ids: Sequence[int]) -> None:
        plan_id, _ = self._plan_of_section(section_id)
        _reorder(self.session, ActivityRow, ActivityRow.section_id, section_id, ordered_ids,
                 changes=self.changes, entity="activiteit", plan_id=plan_id)

    def add_note(self, activity_id: int, note: ProgressNote) -> ProgressNote:
        note.validate()
        row = self._row(activity_id)
        plan_id, _ = self._plan_of_section(row.section_id)
        note_row = ProgressNoteRow(
            activity_id=activity_id, written_on=note.written_on, moment=note.moment,
            text=note.text, author=note.author or self.changes.actor,
        )
        self.session.add(note_row)
        row.version = row.version + 1
        self.session.flush()
        self.changes.record("activiteit", activity_id, "voortgang", None, note.text[:500], plan_id)
        note.id, note.activity_id = note_row.id, activity_id
        return note


# --------------------------------------------------------------------------- indicators


def _indicator(row: IndicatorRow) -> Indicator:
    return Indicator(
        id=row.id,
        implementation_plan_id=row.implementation_plan_id,
        theme_id=row.theme_id,
        name=row.name,
        source=row.source,
        unit=row.unit,
        direction=Direction(row.direction),
        baseline=Baseline(value=row.baseline_value, year=row.baseline_year, raw=row.baseline_raw),
        targets=[
            Target(year=t.year, operator=Operator(t.operator) if t.operator else None,
                   value=t.value, raw=t.raw)
            for t in row.targets
        ],
        measurements=[Measurement(year=m.year, value=m.value, raw=m.raw) for m in row.measurements],
        position=row.position,
        version=row.version,
    )


def _number(value: float | None) -> str:
    """4, 4.0 and Decimal('4') read the same, so an unchanged value never looks changed."""
    return "" if value is None else f"{float(value):g}"


def _indicator_snapshot(indicator: Indicator) -> dict[str, Any]:
    baseline = indicator.baseline
    return {
        "name": indicator.name.strip(),
        "source": indicator.source.strip(),
        "unit": indicator.unit.strip(),
        "direction": indicator.direction.value,
        "theme_id": indicator.theme_id,
        "baseline": f"{_number(baseline.value)} [{baseline.year or ''}] {baseline.raw}".strip(),
        "targets": [f"{t.year}: {t.raw or _number(t.value)}"
                    for t in sorted(indicator.targets, key=lambda t: t.year)],
        "measurements": [f"{m.year}: {_number(m.value)}"
                         for m in sorted(indicator.measurements, key=lambda m: m.year)],
    }


class IndicatorRepository:
    def __init__(self, session: Session, changes: ChangeRecorder) -> None:
        self.session = session
        self.changes = changes

    def _row(self, indicator_id: int | None) -> IndicatorRow:
        row = self.session.get(IndicatorRow, indicator_id) if indicator_id is not None else None
        if row is None:
            raise NotFoundError("De indicator bestaat niet (meer).")
        return row

    def get(self, indicator_id: int) -> Indicator:
        return _indicator(self._row(indicator_id))

    def list_for_plan(self, plan_id: int) -> list[Indicator]:
        rows = self.session.scalars(
            select(IndicatorRow)
            .where(IndicatorRow.implementation_plan_id == plan_id)
            .order_by(IndicatorRow.position, IndicatorRow.id)
        )
        return [_indicator(r) for r in rows]

    def _write_children(self, row: IndicatorRow, indicator: Indicator) -> None:
        row.targets = [
            IndicatorTargetRow(year=t.year, operator=t.operator.value if t.operator else None,
                               value=t.value, raw=t.raw)
            for t in sorted(indicator.targets, key=lambda t: t.year)
        ]
        row.measurements = [
            IndicatorMeasurementRow(year=m.year, value=m.value, raw=m.raw)
            for m in sorted(indicator.measurements, key=lambda m: m.year)
        ]

    def add(self, indicator: Indicator, plan_id: int, position: int | None = None) -> Indicator:
        indicator.validate()
        if position is None:
            position = _next_position(
                self.session, IndicatorRow.position, IndicatorRow.implementation_plan_id, plan_id
            )
        row = IndicatorRow(
            implementation_plan_id=plan_id,
            theme_id=indicator.theme_id,
            name=indicator.name.strip(),
            source=indicator.source.strip(),
            unit=indicator.unit.strip(),
            direction=indicator.direction.value,
            baseline_value=indicator.baseline.value,
            baseline_year=indicator.baseline.year,
            baseline_raw=indicator.baseline.raw,
            position=position,
            version=1,
        )
        self._write_children(row, indicator)
        self.session.add(row)
        self.session.flush()
        indicator.id, indicator.implementation_plan_id = row.id, plan_id
        indicator.position, indicator.version = position, 1
        self.changes.record("indicator", row.id, "", None, row.name[:200], plan_id)
        return indicator

    def update(self, indicator: Indicator) -> Indicator:
        indicator.validate()
        row = self._row(indicator.id)
        if row.version != indicator.version:
            raise _stale(f"Indicator '{row.name}'", _indicator(row))
        old = _indicator_snapshot(_indicator(row))
        changed = self.changes.diff(
            "indicator", row.id, old, _indicator_snapshot(indicator), row.implementation_plan_id
        )
        if not changed:
            return _indicator(row)
        row.name = indicator.name.strip()
        row.source = indicator.source.strip()
        row.unit = indicator.unit.strip()
        row.direction = indicator.direction.value
        row.theme_id = indicator.theme_id
        row.baseline_value = indicator.baseline.value
        row.baseline_year = indicator.baseline.year
        row.baseline_raw = indicator.baseline.raw
        if "targets" in changed or "measurements" in changed:
            # Delete first so the unique (indicator, year) constraint never sees two rows.
            row.targets = []
            row.measurements = []
            self.session.flush()
            self._write_children(row, indicator)
        row.version = row.version + 1
        self.session.flush()
        return _indicator(row)

    def delete(self, indicator_id: int) -> Indicator:
        row = self._row(indicator_id)
        before = _indicator(row)
        self.changes.record("indicator", row.id, "", row.name[:200], None, row.implementation_plan_id)
        self.session.delete(row)
        self.session.flush()
        return before

    def reorder(self, plan_id: int, ordered_ids: Sequence[int]) -> None:
        _reorder(self.session, IndicatorRow, IndicatorRow.implementation_plan_id, plan_id, ordered_ids,
                 changes=self.changes, entity="indicator", plan_id=plan_id)


# --------------------------------------------------------------------------- P&C moments


def _control_moment(row: ControlMomentRow) -> ControlMoment:
    return ControlMoment(
        id=row.id,
        implementation_plan_id=row.implementation_plan_id,
        kind=ControlMomentKind(row.kind),
        name=row.name,
        due_on=row.due_on,
        lead_days=row.lead_days,
        done_on=row.done_on,
        notes=row.notes,
    )


class ControlMomentRepository:
    def __init__(self, session: Session, changes: ChangeRecorder) -> None:
        self.session = session
        self.changes = changes

    def get(self, moment_id: int) -> ControlMoment:
        row = self.session.get(ControlMomentRow, moment_id)
        if row is None:
            raise NotFoundError("Het P&C-moment bestaat niet (meer).")
        return _control_moment(row)

    def list_for_plan(self, plan_id: int) -> list[ControlMoment]:
        rows = self.session.scalars(
            select(ControlMomentRow)
            .where(ControlMomentRow.implementation_plan_id == plan_id)
            .order_by(ControlMomentRow.due_on, ControlMomentRow.id)
        )
        return [_control_moment(r) for r in rows]

    def add(self, moment: ControlMoment, plan_id: int) -> ControlMoment:
        moment.validate()
        row = ControlMomentRow(
            implementation_plan_id=plan_id, kind=moment.kind.value, name=moment.name.strip(),
            due_on=moment.due_on, lead_days=moment.lead_days, done_on=moment.done_on,
            notes=moment.notes,
        )
        self.session.add(row)
        self.session.flush()
        moment.id, moment.implementation_plan_id = row.id, plan_id
        self.changes.record("pc-moment", row.id, "", None, row.name, plan_id)
        return moment

    def update(self, moment: ControlMoment) -> ControlMoment:
        moment.validate()
        row = self.session.get(ControlMomentRow, moment.id)
        if row is None:
            raise NotFoundError("Het P&C-moment bestaat niet (meer).")
        fields = {
            "kind": moment.kind.value, "name": moment.name.strip(), "due_on": moment.due_on,
            "lead_days": moment.lead_days, "done_on": moment.done_on, "notes": moment.notes,
        }
        old = {k: getattr(row, k) for k in fields}
        self.changes.diff("pc-moment", row.id, old, fields, row.implementation_plan_id)
        for key, value in fields.items():
            setattr(row, key, value)
        self.session.flush()
        return _control_moment(row)

    def delete(self, moment_id: int) -> None:
        row = self.session.get(ControlMomentRow, moment_id)
        if row is None:
            return
        self.changes.record("pc-moment", row.id, "", row.name, None, row.implementation_plan_id)
        self.session.delete(row)
        self.session.flush()


# --------------------------------------------------------------------------- settings etc.


class SettingsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self.session.get(SettingRow, key)
        return row.value if row is not None else default

    def set(self, key: str, value: str) -> None:
        row = self.session.get(SettingRow, key)
        if row is None:
            self.session.add(SettingRow(key=key, value=value))
        else:
            row.value = value
        self.session.flush()

    def delete(self, key: str) -> None:
        self.session.execute(delete(SettingRow).where(SettingRow.key == key))


class ReminderStateRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> dict[str, tuple[date | None, date | None]]:
        rows = self.session.scalars(select(ReminderStateRow))
        return {r.reminder_key: (r.done_on, r.snoozed_until) for r in rows}

    def set(self, key: str, *, done_on: date | None = None, snoozed_until: date | None = None) -> None:
        row = self.session.scalar(select(ReminderStateRow).where(ReminderStateRow.reminder_key == key))
        if row is None:
            row = ReminderStateRow(reminder_key=key)
            self.session.add(row)
        row.done_on = done_on
        row.snoozed_until = snoozed_until
        self.session.flush()


# --------------------------------------------------------------------------- whole plan


def _as_date(value: Any) -> date | None:
    """A Date column read without SQLAlchemy's processing (ISO text on SQLite)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_money(value: Any) -> Decimal | None:
    """A Numeric(14, 2) column read raw, as the ORM would give it (two decimals)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01"))
    return Decimal(f"{float(value):.2f}")


class PlanReader:
    """Reads one uitvoeringsplan completely with a handful of set-based queries.

    The ORM would issue a query per relationship per row; for 10,000 activities plain
    selects are several times faster, and views need the whole tree anyway. The queries
    are plain SQL text (standard SQL, the same on SQLite and PostgreSQL): compiling the
    equivalent SQLAlchemy expressions cost more than running them at start-up. Values
    are converted here (ISO dates, JSON years, two-decimal budgets) instead of per value.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self, sql: str, **params: Any) -> Any:
        """All rows at once (one fetchall instead of a fetch per row)."""
        return self.session.execute(text(sql), params).all()

    def load(self, plan_id: int) -> PlanBundle:
        rows = self._rows
        plan_row = rows(
            "SELECT id, safety_plan_id, start_year, end_year, status, adopted_on, adopted_by, "
            "introduction, version FROM implementation_plan WHERE id = :p", p=plan_id)
        plan_row = plan_row[0] if plan_row else None
        if plan_row is None:
            raise NotFoundError("Het uitvoeringsplan bestaat niet (meer).")
        plan = ImplementationPlan(
            id=plan_row.id, safety_plan_id=plan_row.safety_plan_id,
            start_year=plan_row.start_year, end_year=plan_row.end_year,
            status=PlanStatus(plan_row.status), adopted_on=_as_date(plan_row.adopted_on),
            adopted_by=plan_row.adopted_by or "", introduction=plan_row.introduction or "",
            version=plan_row.version,
        )
        safety_row = rows(
            "SELECT id, municipality, start_year, end_year, vision, main_goal, adopted_on "
            "FROM safety_plan WHERE id = :s", s=plan_row.safety_plan_id)[0]
        safety = SafetyPlan(
            id=safety_row.id, municipality=safety_row.municipality,
            start_year=safety_row.start_year, end_year=safety_row.end_year,
            vision=safety_row.vision or "", main_goal=safety_row.main_goal or "",
            adopted_on=_as_date(safety_row.adopted_on),
        )
        kinds = {k.value: k for k in ThemeKind}
        themes = [
            Theme(id=r.id, implementation_plan_id=plan_id, name=r.name, kind=kinds[r.kind],
                  field_number=r.field_number, standard_theme_code=r.standard_theme_code,
                  goal=r.goal or "", approach=r.approach or "", position=r.position,
                  version=r.version)
            for r in rows(
                "SELECT id, name, kind, field_number, standard_theme_code, goal, approach, "
                "position, version FROM theme WHERE implementation_plan_id = :p "
                "ORDER BY position, id", p=plan_id)
        ]
        theme_by_id = {t.id: t for t in themes}
        sections: dict[int, Section] = {}
        for r in rows(
            "SELECT s.id, s.theme_id, s.name, s.ambition, s.heading, s.position FROM section s "
            "JOIN theme t ON t.id = s.theme_id WHERE t.implementation_plan_id = :p "
            "ORDER BY s.position, s.id", p=plan_id):
            section = Section(id=r.id, theme_id=r.theme_id, name=r.name or "",
                              ambition=r.ambition or "", heading=r.heading, position=r.position)
            sections[r.id] = section
            theme_by_id[r.theme_id].sections.append(section)

        in_plan = ("SELECT a.id FROM activity a JOIN section s ON s.id = a.section_id "
                   "JOIN theme t ON t.id = s.theme_id WHERE t.implementation_plan_id = :p")
        partners_of: dict[int, list[str]] = defaultdict(list)
        for activity_id, name in rows(
            "SELECT ap.activity_id, pa.name FROM activity_partner ap "
            "JOIN partner pa ON pa.id = ap.partner_id "
            f"WHERE ap.activity_id IN ({in_plan}) ORDER BY ap.activity_id, ap.position",
            p=plan_id):
            partners_of[activity_id].append(name)
        notes_of: dict[int, list[ProgressNote]] = defaultdict(list)
        for r in rows(
            "SELECT id, activity_id, written_on, moment, text, author FROM progress_note "
            f"WHERE activity_id IN ({in_plan}) ORDER BY written_on, id", p=plan_id):
            notes_of[r.activity_id].append(
                ProgressNote(id=r.id, activity_id=r.activity_id,
                             written_on=_as_date(r.written_on),  # type: ignore[arg-type]
                             moment=r.moment or "", text=r.text, author=r.author or "")
            )
        statuses = {s.value: s for s in ActivityStatus}
        years_cache: dict[str, list[int]] = {}
        for (a_id, section_id, title, description, political, officer, planning, status,
             position, version, years, budget, deadline) in rows(
            "SELECT a.id, a.section_id, a.title, a.description, a.political_owner, "
            "a.officer_owner, a.planning_text, a.status, a.position, a.version, a.years, "
            "a.budget, a.deadline_override FROM activity a "
            "JOIN section s ON s.id = a.section_id JOIN theme t ON t.id = s.theme_id "
            "WHERE t.implementation_plan_id = :p ORDER BY a.position, a.id", p=plan_id):
            if isinstance(years, str):
                cached = years_cache.get(years)
                if cached is None:
                    cached = years_cache[years] = [int(y) for y in json.loads(years)]
                years = cached
            sections[section_id].activities.append(
                Activity(
                    id=a_id, section_id=section_id, title=title, description=description or "",
                    political_owner=political or "", officer_owner=officer or "",
                    partners=partners_of.get(a_id, []), planning_text=planning or "",
                    deadline_override=_as_date(deadline), status=statuses[status],
                    years=list(years or []), progress_notes=notes_of.get(a_id, []),
                    budget=_as_money(budget), position=position, version=version,
                )
            )
        return PlanBundle(safety_plan=safety, plan=plan, themes=themes,
                          indicators=self._indicators(plan_id),
                          control_moments=self._control_moments(plan_id),
                          partners=self._partners())

    def _indicators(self, plan_id: int) -> list[Indicator]:
        targets: dict[int, list[Target]] = defaultdict(list)
        in_plan = "SELECT id FROM indicator WHERE implementation_plan_id = :p"
        operators = {o.value: o for o in Operator}
        for r in self._rows(
            "SELECT indicator_id, year, operator, value, raw FROM indicator_target "
            f"WHERE indicator_id IN ({in_plan}) ORDER BY year", p=plan_id):
            targets[r.indicator_id].append(Target(
                year=r.year, operator=operators[r.operator] if r.operator else None,
                value=r.value, raw=r.raw or ""))
        measured: dict[int, list[Measurement]] = defaultdict(list)
        for r in self._rows(
            "SELECT indicator_id, year, value, raw FROM indicator_measurement "
            f"WHERE indicator_id IN ({in_plan}) ORDER BY year", p=plan_id):
            measured[r.indicator_id].append(Measurement(year=r.year, value=r.value,
                                                        raw=r.raw or ""))
        directions = {d.value: d for d in Direction}
        return [
            Indicator(
                id=r.id, implementation_plan_id=plan_id, theme_id=r.theme_id, name=r.name,
                source=r.source or "", unit=r.unit or "", direction=directions[r.direction],
                baseline=Baseline(value=r.baseline_value, year=r.baseline_year,
                                  raw=r.baseline_raw or ""),
                targets=targets.get(r.id, []), measurements=measured.get(r.id, []),
                position=r.position, version=r.version,
            )
            for r in self._rows(
                "SELECT id, theme_id, name, source, unit, direction, baseline_value, "
                "baseline_year, baseline_raw, position, version FROM indicator "
                "WHERE implementation_plan_id = :p ORDER BY position, id", p=plan_id)
        ]

    def _control_moments(self, plan_id: int) -> list[ControlMoment]:
        kinds = {k.value: k for k in ControlMomentKind}
        return [
            ControlMoment(id=r.id, implementation_plan_id=plan_id, kind=kinds[r.kind],
                          name=r.name, due_on=_as_date(r.due_on),  # type: ignore[arg-type]
                          lead_days=r.lead_days, done_on=_as_date(r.done_on),
                          notes=r.notes or "")
            for r in self._rows(
                "SELECT id, kind, name, due_on, lead_days, done_on, notes FROM control_moment "
                "WHERE implementation_plan_id = :p ORDER BY due_on, id", p=plan_id)
        ]

    def _partners(self) -> list[Partner]:
        kinds = {k.value: k for k in PartnerKind}
        return [Partner(id=r.id, name=r.name, kind=kinds[r.kind])
                for r in self._rows("SELECT id, name, kind FROM partner ORDER BY lower(name)")]


class _NullRecorder(ChangeRecorder):
    """For read-only helpers that never write."""

    def __init__(self) -> None:  # noqa: D107 - no session needed
        self.actor = ""
        self.source = ""

    def record(self, *args: Any, **kwargs: Any) -> None:  # pragma: no cover - never called
        raise RuntimeError("read-only")


# --------------------------------------------------------------------------- undo support


@dataclass
class Snapshot:
    """Raw rows of a part of the plan, taken so that it can be put back exactly (undo).

    ``rows`` maps a table name to its rows as column dicts (same ids, positions,
    versions, timestamps); ``refs`` are columns of rows *outside* the snapshot that point
    into it and are nulled by the database when it is deleted (an indicator's theme, an
    activity carried over from a deleted one), so a restore can point them back.
    """

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    refs: list[tuple[str, int, str, int]] = field(default_factory=list)

    def ids(self, table: str) -> list[int]:
        return [r["id"] for r in self.rows.get(table, [])]

    @property
    def is_empty(self) -> bool:
        return not any(self.rows.values())


# Insert order respects foreign keys; deletes go the other way round.
_SNAPSHOT_TABLES: tuple[str, ...] = (
    "partner", "theme", "section", "activity", "activity_partner", "progress_note",
    "indicator", "indicator_target", "indicator_measurement",
)
_VERSIONED = {"theme": "Het thema", "activity": "De activiteit", "indicator": "De indicator"}
_LOG_ENTITY = {
    "theme": "thema", "section": "onderdeel", "activity": "activiteit", "indicator": "indicator",
    "progress_note": "voortgang", "partner": "partner",
}
# Arrangeable tables: (ORM class, parent column name or None).
_ARRANGE = {
    "theme": (ThemeRow, None),
    "section": (SectionRow, "theme_id"),
    "activity": (ActivityRow, "section_id"),
    "indicator": (IndicatorRow, None),
}

Arrangement = dict[int, tuple[int | None, int]]
"""Where rows of one table stand: id → (parent id or None, position)."""


class TreeSnapshots:
    """Capture, delete and restore parts of the plan with the same ids (for undo/redo).

    Everything goes through the change recorder, so an undone deletion shows in the
    change log as a deletion followed by a restore.
    """

    def __init__(self, session: Session, changes: ChangeRecorder) -> None:
        self.session = session
        self.changes = changes

    def _table(self, name: str) -> Any:
        return Base.metadata.tables[name]

    def _select(self, name: str, column: str, ids: Iterable[int]) -> list[dict[str, Any]]:
        ids = sorted(set(ids))
        if not ids:
            return []
        table = self._table(name)
        order = [table.c.id] if "id" in table.c else [table.c.activity_id, table.c.position]
        rows = self.session.execute(select(table).where(table.c[column].in_(ids)).order_by(*order))
        return [dict(r._mapping) for r in rows]

    def capture(
        self,
        *,
        themes: Iterable[int] = (),
        sections: Iterable[int] = (),
        activities: Iterable[int] = (),
        notes: Iterable[int] = (),
        indicators: Iterable[int] = (),
        partners: Iterable[int] = (),
    ) -> Snapshot:
        """The named rows and everything the database would delete with them."""
        self.session.flush()
        snap = Snapshot()
        theme_rows = self._select("theme", "id", themes)
        theme_ids = [r["id"] for r in theme_rows]
        section_rows = {r["id"]: r for r in self._select("section", "theme_id", theme_ids)}
        for r in self._select("section", "id", sections):
            section_rows.setdefault(r["id"], r)
        activity_rows = {r["id"]: r for r in self._select("activity", "section_id", section_rows)}
        for r in self._select("activity", "id", activities):
            activity_rows.setdefault(r["id"], r)
        note_rows = {r["id"]: r for r in self._select("progress_note", "activity_id", activity_rows)}
        for r in self._select("progress_note", "id", notes):
            note_rows.setdefault(r["id"], r)
        indicator_rows = self._select("indicator", "id", indicators)
        indicator_ids = [r["id"] for r in indicator_rows]
        snap.rows = {
            "partner": self._select("partner", "id", partners),
            "theme": theme_rows,
            "section": sorted(section_rows.values(), key=lambda r: r["id"]),
            "activity": sorted(activity_rows.values(), key=lambda r: r["id"]),
            "activity_partner": self._select("activity_partner", "activity_id", activity_rows),
            "progress_note": sorted(note_rows.values(), key=lambda r: r["id"]),
            "indicator": indicator_rows,
            "indicator_target": self._select("indicator_target", "indicator_id", indicator_ids),
            "indicator_measurement": self._select(
                "indicator_measurement", "indicator_id", indicator_ids
            ),
        }
        # Columns outside the snapshot that ON DELETE SET NULL would clear.
        if theme_ids:
            for ind_id, theme_id in self.session.execute(
                select(IndicatorRow.id, IndicatorRow.theme_id).where(
                    IndicatorRow.theme_id.in_(theme_ids), IndicatorRow.id.not_in(indicator_ids)
                )
            ):
                snap.refs.append(("indicator", ind_id, "theme_id", theme_id))
        if activity_rows:
            for act_id, source_id in self.session.execute(
                select(ActivityRow.id, ActivityRow.carried_from_id).where(
                    ActivityRow.carried_from_id.in_(list(activity_rows)),
                    ActivityRow.id.not_in(list(activity_rows)),
                )
            ):
                snap.refs.append(("activity", act_id, "carried_from_id", source_id))
        return snap

    def _check_unchanged(self, snap: Snapshot) -> None:
        """Refuse to delete rows whose content someone changed since the snapshot was taken.

        Content, not the version number, is compared: the officer's own edits that were
        undone in between bump the version but leave the content as it was.
        """
        ignored = {"version", "updated_at", "position"}
        for name, what in _VERSIONED.items():
            rows = snap.rows.get(name, [])
            if not rows:
                continue
            table = self._table(name)
            now = {r.id: dict(r._mapping) for r in self.session.execute(
                select(table).where(table.c.id.in_([row["id"] for row in rows])))}
            for row in rows:
                current_row = now.get(row["id"])
                if current_row is None:
                    continue  # already gone: nothing to protect
                if any(current_row[k] != v for k, v in row.items() if k not in ignored):
                    current: object
                    if name == "activity":
                        current = _activity(self.session.get(ActivityRow, row["id"]))  # type: ignore[arg-type]
                    elif name == "theme":
                        current = _theme(self.session.get(ThemeRow, row["id"]))  # type: ignore[arg-type]
                    else:
                        current = _indicator(self.session.get(IndicatorRow, row["id"]))  # type: ignore[arg-type]
                    raise _stale(what, current)

    def delete(self, snap: Snapshot, *, check_versions: bool = True) -> None:
        """Delete the snapshot's rows (children go with their parents)."""
        if check_versions:
            self._check_unchanged(snap)
        for name in reversed(_SNAPSHOT_TABLES):
            rows = snap.rows.get(name, [])
            if not rows:
                continue
            table = self._table(name)
            if name == "activity_partner":
                for r in rows:
                    self.session.execute(delete(table).where(
                        table.c.activity_id == r["activity_id"], table.c.partner_id == r["partner_id"]))
                continue
            ids = [r["id"] for r in rows]
            present = set(self.session.scalars(select(table.c.id).where(table.c.id.in_(ids))))
            if name == "partner":
                used = set(self.session.scalars(
                    select(ActivityPartnerRow.partner_id).where(ActivityPartnerRow.partner_id.in_(ids))
                ))
                present -= used  # a partner someone linked meanwhile stays in the register
            for r in rows:
                if r["id"] in present:
                    self._log(name, r, _label(name, r), None)
            if present:
                self.session.execute(delete(table).where(table.c.id.in_(present)))
        self.session.flush()
        self.session.expire_all()

    def restore(self, snap: Snapshot) -> None:
        """Insert the snapshot's rows again with their own ids and point references back."""
        for name in _SNAPSHOT_TABLES:
            rows = snap.rows.get(name, [])
            if not rows:
                continue
            table = self._table(name)
            if name == "partner":
                rows = [r for r in rows if self.session.get(PartnerRow, r["id"]) is None]
                if not rows:
                    continue
            if name == "activity":
                rows = [dict(r) for r in rows]
                wanted = {r["carried_from_id"] for r in rows if r["carried_from_id"] is not None}
                exists = set(self.session.scalars(
                    select(ActivityRow.id).where(ActivityRow.id.in_(wanted)))) if wanted else set()
                own = {r["id"] for r in rows}
                for r in rows:
                    if r["carried_from_id"] not in exists | own:
                        r["carried_from_id"] = None
            self.session.execute(table.insert(), rows)
            for r in rows:
                self._log(name, r, None, _label(name, r))
        for name, row_id, column, value in snap.refs:
            table = self._table(name)
            self.session.execute(
                update(table).where(table.c.id == row_id, table.c[column].is_(None)).values({column: value})
            )
        self.session.flush()
        self.session.expire_all()

    def _log(self, name: str, row: dict[str, Any], old: str | None, new: str | None) -> None:
        if name == "progress_note":
            # Notes are logged on their activity, as ActivityRepository.add_note does.
            plan_id = self._plan_of("activity", {"section_id": self.session.scalar(
                select(ActivityRow.section_id).where(ActivityRow.id == row["activity_id"]))})
            self.changes.record("activiteit", row["activity_id"], "voortgang", old, new, plan_id)
        elif name in _LOG_ENTITY:
            self.changes.record(_LOG_ENTITY[name], row["id"], "", old, new, self._plan_of(name, row))

    def _plan_of(self, name: str, row: dict[str, Any]) -> int | None:
        if name in ("theme", "indicator"):
            return row.get("implementation_plan_id")
        if name == "section":
            return self.session.scalar(
                select(ThemeRow.implementation_plan_id).where(ThemeRow.id == row["theme_id"]))
        if name == "activity":
            return self.session.scalar(
                select(ThemeRow.implementation_plan_id)
                .join(SectionRow, SectionRow.theme_id == ThemeRow.id)
                .where(SectionRow.id == row["section_id"]))
        return None

    def replace_indicator_children(self, indicator_id: int, snap: Snapshot) -> None:
        """Give an indicator exactly the target and measurement rows of ``snap`` (same ids).

        The repository rewrites these rows on every change; undo puts the old rows back
        as they were, ids included.
        """
        for name in ("indicator_target", "indicator_measurement"):
            table = self._table(name)
            self.session.execute(delete(table).where(table.c.indicator_id == indicator_id))
            rows = [r for r in snap.rows.get(name, []) if r["indicator_id"] == indicator_id]
            if rows:
                self.session.execute(table.insert(), rows)
        self.session.flush()
        self.session.expire_all()

    # ------------------------------------------------------------------ positions

    def arrangement(self, table_name: str, ids: Iterable[int]) -> Arrangement:
        """Where the rows stand now (parent and position)."""
        table, parent = _ARRANGE[table_name]
        ids = list(ids)
        if not ids:
            return {}
        parent_col = getattr(table, parent) if parent else None
        columns = [table.id, table.position] + ([parent_col] if parent_col is not None else [])
        result: Arrangement = {}
        for row in self.session.execute(select(*columns).where(table.id.in_(ids))):
            result[row[0]] = (row[2] if parent_col is not None else None, row[1])
        return result

    def siblings(self, table_name: str, parent_id: int) -> list[int]:
        """Ids under ``parent_id`` in their order (plan id for themes and indicators)."""
        table, parent = _ARRANGE[table_name]
        parent_col = getattr(table, parent) if parent else table.implementation_plan_id
        return list(self.session.scalars(
            select(table.id).where(parent_col == parent_id).order_by(table.position, table.id)
        ))

    def arrange(self, table_name: str, wanted: Arrangement) -> None:
        """Put rows at the given parent and position; a changed parent is logged."""
        table, parent = _ARRANGE[table_name]
        current = self.arrangement(table_name, wanted)
        missing = set(wanted) - set(current)
        if missing:
            raise NotFoundError(
                "Een deel van het plan bestaat niet meer (door iemand anders verwijderd?). "
                "Laad het plan opnieuw."
            )
        entity = _LOG_ENTITY[table_name]
        for row_id, (parent_id, position) in wanted.items():
            old_parent, old_position = current[row_id]
            values: dict[str, Any] = {}
            if old_position != position:
                values["position"] = position
            if parent is not None and parent_id is not None and old_parent != parent_id:
                values[parent] = parent_id
                plan_id = self._plan_of(table_name, {parent: parent_id})
                self.changes.record(entity, row_id, parent, old_parent, parent_id, plan_id)
                if table_name == "activity":
                    values["version"] = table.version + 1
            if values:
                self.session.execute(
                    update(table).where(table.id == row_id).values(values),
                    execution_options={"synchronize_session": False},
                )
        self.session.flush()
        self.session.expire_all()


def _label(name: str, row: dict[str, Any]) -> str:
    """How a deleted or restored row is named in the change log."""
    if name == "activity":
        return (row.get("title") or row.get("description") or "").strip()[:200]
    if name == "progress_note":
        return (row.get("text") or "")[:500]
    return str(row.get("name") or "")[:200]
