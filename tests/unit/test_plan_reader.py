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
        special = next(a for _, _, a in loaded if a.title == "Met alles")
        assert special.budget == Decimal("1234.50")
        assert special.deadline_override == date(2027, 10, 1)
