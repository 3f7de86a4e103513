"""Roll-over: "Nieuw uitvoeringsplan op basis van het vorige".

Rules:

* the new plan covers ``start_year … end_year`` (one or two years) in the same IVP when
  the IVP covers that period, else in a new IVP of four years (same gemeente, visie and
  hoofddoelstelling) starting at ``start_year``;
* every theme and onderdeel is copied (names, kinds, velden, doelstelling, aanpak,
  ambitie, kop), in the same order;
* every activity that is not gereed or vervallen is carried over: status reset to
  *niet gestart*, ``carried_from_id`` pointing at the original (so its history and
  voortgangsnotities stay reachable in the old plan), years moved to the new period,
  planning text, trekkers, partners and budget kept;
* indicators are copied with baseline, targets and measurements;
* the default P&C moments of the new period are added;
* a backup is made first and everything happens in one unit of work (source "rollover").
"""

from __future__ import annotations

from dataclasses import replace

from ivpdesk.domain import (
    ActivityStatus,
    ImplementationPlan,
    PlanStatus,
    SafetyPlan,
    Section,
    Theme,
)
from ivpdesk.domain.errors import ValidationError
from ivpdesk.paths import Paths
from ivpdesk.services.backups import backup_now
from ivpdesk.services.plans import create_plan
from ivpdesk.store.uow import Database


def roll_over(db: Database, plan_id: int, start_year: int, end_year: int, *,
              paths: Paths | None = None) -> int:
    """Create the next uitvoeringsplan from ``plan_id``; returns the new plan's id."""
    if end_year < start_year:
        raise ValidationError("end_year", "Het eindjaar ligt vóór het beginjaar.")
    backup_now(db, paths or Paths.from_environment(), "voor-nieuw-plan")
    with db.uow(source="rollover") as uow:
        bundle = uow.reader.load(plan_id)
        old = bundle.safety_plan
        if old.start_year <= start_year and end_year <= old.end_year:
            safety = old
        else:
            safety = SafetyPlan(municipality=old.municipality, start_year=start_year,
                                end_year=max(start_year + 3, end_year), vision=old.vision,
                                main_goal=old.main_goal)
        plan = ImplementationPlan(
            safety_plan_id=None, start_year=start_year, end_year=end_year,
            status=PlanStatus.CONCEPT, adopted_by=bundle.plan.adopted_by,
            introduction=bundle.plan.introduction,
        )
        new_id = create_plan(uow, safety, plan)
        years = plan.years
        theme_ids: dict[int | None, int | None] = {None: None}
        items = []
        carried = []
        for theme in bundle.themes:
            copy = Theme(name=theme.name, kind=theme.kind, field_number=theme.field_number,
                         standard_theme_code=theme.standard_theme_code, goal=theme.goal,
                         approach=theme.approach)
            uow.themes.add(copy, new_id, theme.position)
            theme_ids[theme.id] = copy.id
            for section in theme.sections:
                section_copy = Section(name=section.name, ambition=section.ambition,
                                       heading=section.heading)
                assert copy.id is not None
                uow.sections.add(section_copy, copy.id, section.position)
                assert section_copy.id is not None
                position = 0
                for activity in section.activities:
                    if activity.status.is_closed:
                        continue
                    items.append((
                        replace(activity, id=None, section_id=None, status=ActivityStatus.NOT_STARTED,
                                years=list(years), progress_notes=[], partners=list(activity.partners),
                                deadline_override=None, version=1),
                        section_copy.id, position,
                    ))
                    carried.append(activity.id)
                    position += 1
        uow.activities.add_many(items, carried_from=carried)
        for indicator in bundle.indicators:
            uow.indicators.add(
                replace(indicator, id=None, theme_id=theme_ids.get(indicator.theme_id),
                        implementation_plan_id=None, targets=list(indicator.targets),
                        measurements=list(indicator.measurements), version=1),
                new_id, indicator.position,
            )
        uow.commit()
    return new_id
