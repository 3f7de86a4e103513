"""Repositories: read and write domain objects; never commit (the unit of work does).

Every change to an activity, theme, indicator or plan is written to the change log
(who, when, which field, old → new) through :class:`ChangeRecorder`, whatever the
caller (GUI, import, roll-over, re-import). Updates check the ``version`` the caller
read; a stale version raises :class:`~ivpdesk.domain.errors.StaleEditError` so no
edit is silently overwritten.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any

from sqlalchemy import delete, func, insert, select, update
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
        """The plan the officer last worked on; else the newest one."""
        setting = self.session.get(SettingRow, CURRENT_PLAN_SETTING)
        if setting is not None and setting.value.isdigit():
            if self.session.get(ImplementationPlanRow, int(setting.value)) is not None:
                return int(setting.value)
        return self.session.scalar(
            select(ImplementationPlanRow.id)
            .order_by(ImplementationPlanRow.start_year.desc(), ImplementationPlanRow.id.desc())
            .limit(1)
        )

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
        self.changes.record("thema", row.id, "", row.name, None, row.implementation_plan_id)
        self.session.delete(row)
        self.session.flush()

    def reorder(self, plan_id: int, ordered_ids: Sequence[int]) -> None:
        """Give the plan's themes the positions of ``ordered_ids`` (all of them, in order)."""
        _reorder(self.session, ThemeRow, ThemeRow.implementation_plan_id, plan_id, ordered_ids)


def _reorder(
    session: Session, table: Any, parent_column: Any, parent_id: int, ordered_ids: Sequence[int]
) -> None:
    existing = set(session.scalars(select(table.id).where(parent_column == parent_id)))
    if set(ordered_ids) != existing or len(ordered_ids) != len(existing):
        raise NotFoundError("De volgorde past niet meer bij de gegevens; laad opnieuw.")
    for position, row_id in enumerate(ordered_ids):
        session.execute(
            update(table).where(table.id == row_id).values(position=position),
            execution_options={"synchronize_session": False},
        )
    session.flush()
    session.expire_all()


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
        self.changes.record("onderdeel", row.id, "", row.name, None, self._plan_id(row.theme_id))
        self.session.delete(row)
        self.session.flush()

    def reorder(self, theme_id: int, ordered_ids: Sequence[int]) -> None:
        _reorder(self.session, SectionRow, SectionRow.theme_id, theme_id, ordered_ids)


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
        _reorder(self.session, ActivityRow, ActivityRow.section_id, section_id, ordered_ids)

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


def _indicator_snapshot(indicator: Indicator) -> dict[str, Any]:
    return {
        "name": indicator.name.strip(),
        "source": indicator.source.strip(),
        "unit": indicator.unit.strip(),
        "direction": indicator.direction.value,
        "theme_id": indicator.theme_id,
        "baseline": f"{indicator.baseline.value} [{indicator.baseline.year}] {indicator.baseline.raw}",
        "targets": [f"{t.year}: {t.raw or t.value}" for t in sorted(indicator.targets, key=lambda t: t.year)],
        "measurements": [f"{m.year}: {m.value}" for m in sorted(indicator.measurements, key=lambda m: m.year)],
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
        _reorder(self.session, IndicatorRow, IndicatorRow.implementation_plan_id, plan_id, ordered_ids)


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


class PlanReader:
    """Reads one uitvoeringsplan completely with a handful of set-based queries.

    The ORM would issue a query per relationship per row; for 10,000 activities
    plain selects are several times faster, and views need the whole tree anyway.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def load(self, plan_id: int) -> PlanBundle:
        plan_row = self.session.get(ImplementationPlanRow, plan_id)
        if plan_row is None:
            raise NotFoundError("Het uitvoeringsplan bestaat niet (meer).")
        plan = _implementation_plan(plan_row)
        safety_row = self.session.get(SafetyPlanRow, plan_row.safety_plan_id)
        assert safety_row is not None
        safety = _safety_plan(safety_row)

        themes = [
            Theme(id=r.id, implementation_plan_id=plan_id, name=r.name, kind=ThemeKind(r.kind),
                  field_number=r.field_number, standard_theme_code=r.standard_theme_code,
                  goal=r.goal, approach=r.approach, position=r.position, version=r.version)
            for r in self.session.execute(
                select(ThemeRow.__table__).where(ThemeRow.implementation_plan_id == plan_id)
                .order_by(ThemeRow.position, ThemeRow.id)
            )
        ]
        theme_by_id = {t.id: t for t in themes}
        sections: dict[int, Section] = {}
        section_table = SectionRow.__table__
        for r in self.session.execute(
            select(section_table)
            .join(ThemeRow.__table__, ThemeRow.id == section_table.c.theme_id)
            .where(ThemeRow.implementation_plan_id == plan_id)
            .order_by(section_table.c.position, section_table.c.id)
        ):
            section = Section(id=r.id, theme_id=r.theme_id, name=r.name, ambition=r.ambition,
                              heading=r.heading, position=r.position)
            sections[r.id] = section
            theme_by_id[r.theme_id].sections.append(section)

        activity_table = ActivityRow.__table__
        in_plan = (
            select(activity_table.c.id)
            .join(section_table, section_table.c.id == activity_table.c.section_id)
            .join(ThemeRow.__table__, ThemeRow.id == section_table.c.theme_id)
            .where(ThemeRow.implementation_plan_id == plan_id)
        )
        partners_of: dict[int, list[str]] = defaultdict(list)
        for activity_id, name in self.session.execute(
            select(ActivityPartnerRow.activity_id, PartnerRow.name)
            .join(PartnerRow, PartnerRow.id == ActivityPartnerRow.partner_id)
            .where(ActivityPartnerRow.activity_id.in_(in_plan))
            .order_by(ActivityPartnerRow.activity_id, ActivityPartnerRow.position)
        ):
            partners_of[activity_id].append(name)
        notes_of: dict[int, list[ProgressNote]] = defaultdict(list)
        for r in self.session.execute(
            select(ProgressNoteRow.__table__)
            .where(ProgressNoteRow.activity_id.in_(in_plan))
            .order_by(ProgressNoteRow.written_on, ProgressNoteRow.id)
        ):
            notes_of[r.activity_id].append(
                ProgressNote(id=r.id, activity_id=r.activity_id, written_on=r.written_on,
                             moment=r.moment, text=r.text, author=r.author)
            )
        for r in self.session.execute(
            select(activity_table)
            .join(section_table, section_table.c.id == activity_table.c.section_id)
            .join(ThemeRow.__table__, ThemeRow.id == section_table.c.theme_id)
            .where(ThemeRow.implementation_plan_id == plan_id)
            .order_by(activity_table.c.position, activity_table.c.id)
        ):
            sections[r.section_id].activities.append(
                Activity(
                    id=r.id, section_id=r.section_id, title=r.title, description=r.description,
                    political_owner=r.political_owner, officer_owner=r.officer_owner,
                    partners=partners_of.get(r.id, []), planning_text=r.planning_text,
                    deadline_override=r.deadline_override, status=ActivityStatus(r.status),
                    years=list(r.years or []), progress_notes=notes_of.get(r.id, []),
                    budget=r.budget, position=r.position, version=r.version,
                )
            )

        indicators = IndicatorRepository(self.session, _NullRecorder()).list_for_plan(plan_id)
        moments = ControlMomentRepository(self.session, _NullRecorder()).list_for_plan(plan_id)
        partners = PartnerRepository(self.session, _NullRecorder()).list()
        return PlanBundle(safety_plan=safety, plan=plan, themes=themes, indicators=indicators,
                          control_moments=moments, partners=partners)


class _NullRecorder(ChangeRecorder):
    """For read-only helpers that never write."""

    def __init__(self) -> None:  # noqa: D107 - no session needed
        self.actor = ""
        self.source = ""

    def record(self, *args: Any, **kwargs: Any) -> None:  # pragma: no cover - never called
        raise RuntimeError("read-only")
