"""Creating plans and reading what is in a database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ivpdesk.domain import ImplementationPlan, PlanBundle, PlanStatus, SafetyPlan, Theme
from ivpdesk.domain.control_calendar import default_control_moments
from ivpdesk.domain.errors import DomainError
from ivpdesk.store import tables as t
from ivpdesk.store.uow import Database, UnitOfWork


class NoPlanError(DomainError):
    """The database holds no uitvoeringsplan yet."""

    def __init__(self) -> None:
        super().__init__(
            "Deze database bevat nog geen uitvoeringsplan. Maak een nieuw plan, importeer een "
            "Excel-bestand of laad het demoplan (ivpdesk demo)."
        )


def create_plan(
    uow: UnitOfWork,
    safety_plan: SafetyPlan,
    plan: ImplementationPlan,
    themes: list[Theme] | None = None,
    *,
    with_control_moments: bool = True,
) -> int:
    """Store a new IVP (unless it has an id) and uitvoeringsplan; returns the plan's id.

    The caller commits. The new plan becomes the current one.
    """
    if safety_plan.id is None:
        uow.safety_plans.add(safety_plan)
    plan.safety_plan_id = safety_plan.id
    uow.plans.add(plan)
    assert plan.id is not None
    for position, theme in enumerate(themes or []):
        uow.themes.add(theme, plan.id, position)
    if with_control_moments:
        for moment in default_control_moments(plan.start_year, plan.end_year):
            uow.control_moments.add(moment, plan.id)
    uow.plans.set_current(plan.id)
    return plan.id


def load_current(db: Database) -> PlanBundle:
    """The whole current uitvoeringsplan; raises NoPlanError when there is none."""
    with db.uow() as uow:
        plan_id = uow.plans.current_id()
        if plan_id is None:
            raise NoPlanError()
        return uow.reader.load(plan_id)


def new_concept_plan(municipality: str, ivp_start: int, ivp_end: int, up_start: int,
                     up_end: int) -> tuple[SafetyPlan, ImplementationPlan]:
    """Validated, unsaved IVP and uitvoeringsplan (status concept) for a new plan."""
    safety = SafetyPlan(municipality=municipality, start_year=ivp_start, end_year=ivp_end)
    safety.validate()
    plan = ImplementationPlan(safety_plan_id=None, start_year=up_start, end_year=up_end,
                              status=PlanStatus.CONCEPT)
    plan.validate(safety)
    return safety, plan


@dataclass(frozen=True)
class DatabaseInfo:
    municipality: str | None
    plans: int
    current_plan: str | None
    themes: int
    sections: int
    activities: int
    indicators: int
    partners: int
    control_moments: int


def database_info(db: Database) -> DatabaseInfo:
    """Counts for ``ivpdesk info`` and the status bar (of the current plan)."""
    with db.uow() as uow:
        session = uow.session
        plan_id = uow.plans.current_id()
        plans = session.scalar(select(func.count()).select_from(t.ImplementationPlanRow)) or 0
        partners = session.scalar(select(func.count()).select_from(t.PartnerRow)) or 0
        if plan_id is None:
            return DatabaseInfo(None, plans, None, 0, 0, 0, 0, partners, 0)
        plan = uow.plans.get(plan_id)
        safety = uow.safety_plans.get(plan.safety_plan_id) if plan.safety_plan_id else None
        theme_ids = select(t.ThemeRow.id).where(t.ThemeRow.implementation_plan_id == plan_id)
        section_ids = select(t.SectionRow.id).where(t.SectionRow.theme_id.in_(theme_ids))

        def count(query: object) -> int:
            return int(session.scalar(query) or 0)  # type: ignore[arg-type]

        return DatabaseInfo(
            municipality=safety.municipality if safety else None,
            plans=plans,
            current_plan=plan.period_label,
            themes=count(select(func.count()).where(t.ThemeRow.implementation_plan_id == plan_id)),
            sections=count(select(func.count()).where(t.SectionRow.theme_id.in_(theme_ids))),
            activities=count(select(func.count()).where(t.ActivityRow.section_id.in_(section_ids))),
            indicators=count(
                select(func.count()).where(t.IndicatorRow.implementation_plan_id == plan_id)
            ),
            partners=partners,
            control_moments=count(
                select(func.count()).where(t.ControlMomentRow.implementation_plan_id == plan_id)
            ),
        )
