"""The fast PlanReader gives exactly what the repositories give, row by row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ivpdesk.domain import Activity
from ivpdesk.store.uow import Database


def test_bundle_activities_equal_repository_reads(demo_db: Database) -> None:
    with demo_db.uow() as uow:
        plan_id = uow.plans.current_id()
        section_id = uow.reader.load(plan_id).themes[0].sections[0].id  # type: ignore[arg-type]
        uow.activities.add(Activity(
            title="Met alles", description="Budget en deadline", budget=Decimal("1234.5"),
            deadline_override=date(2027, 10, 1), years=[2028], partners=["Halt"],
        ), section_id)  # type: ignore[arg-type]
        uow.commit()
    with demo_db.uow() as uow:
        bundle = uow.reader.load(plan_id)  # type: ignore[arg-type]
        loaded = list(bundle.activities())
        assert len(loaded) == 83
        for _theme, section, activity in loaded:
            assert activity == uow.activities.get(activity.id)  # type: ignore[arg-type]
            assert activity.section_id == section.id
        assert bundle.plan == uow.plans.get(plan_id)  # type: ignore[arg-type]
        assert bundle.safety_plan == uow.safety_plans.get(bundle.plan.safety_plan_id)  # type: ignore[arg-type]
        assert bundle.indicators == uow.indicators.list_for_plan(plan_id)  # type: ignore[arg-type]
        assert bundle.control_moments == uow.control_moments.list_for_plan(plan_id)  # type: ignore[arg-type]
        assert bundle.partners == uow.partners.list()
        assert [t.id for t in bundle.themes] == [t.id for t in uow.themes.list_for_plan(plan_id)]  # type: ignore[arg-type]
        for theme in bundle.themes:
            stored = uow.themes.get(theme.id)  # type: ignore[arg-type]
            assert (theme.name, theme.kind, theme.goal, theme.version) == (
                stored.name, stored.kind, stored.goal, stored.version)
            assert [s.id for s in theme.sections] == [
                s.id for s in uow.sections.list_for_theme(theme.id)]  # type: ignore[arg-type]
        special = next(a for _, _, a in loaded if a.title == "Met alles")
        assert special.budget == Decimal("1234.50")
        assert special.deadline_override == date(2027, 10, 1)
