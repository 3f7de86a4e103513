"""Fill a database with the demo plan of the fictional gemeente Lindewaard."""

from __future__ import annotations

from datetime import date

from ivpdesk.domain import (
    Activity,
    ActivityStatus,
    Baseline,
    Direction,
    ImplementationPlan,
    Indicator,
    Measurement,
    PartnerKind,
    PlanStatus,
    ProgressNote,
    SafetyPlan,
    Section,
    Target,
    Theme,
    ThemeKind,
)
from ivpdesk.domain.formatting import format_number, parse_date
from ivpdesk.services import demo_data as data
from ivpdesk.services.plans import create_plan
from ivpdesk.store.uow import Database


def load_demo(db: Database) -> int:
    """Add the demo IVP 2027–2030 with uitvoeringsplan 2027–2028; returns the plan id.

    Runs in one unit of work: either the whole demo is there, or nothing changed.
    """
    with db.uow(source="demo") as uow:
        for name, kind in data.PARTNERS:
            uow.partners.get_or_create(name, PartnerKind(kind))
        safety = SafetyPlan(
            municipality=data.MUNICIPALITY, start_year=2027, end_year=2030,
            vision=data.VISION, main_goal=data.MAIN_GOAL, adopted_on=date(2026, 11, 12),
        )
        plan = ImplementationPlan(
            safety_plan_id=None, start_year=2027, end_year=2028, status=PlanStatus.CONCEPT,
            adopted_by="College van burgemeester en wethouders", introduction=data.INTRODUCTION,
        )
        plan_id = create_plan(uow, safety, plan)
        theme_ids: dict[str, int] = {}
        for position, spec in enumerate(data.THEMES):
            theme = Theme(
                name=spec["name"], kind=ThemeKind(spec["kind"]), field_number=spec["field"],
                standard_theme_code=spec["code"], goal=spec["goal"], approach=spec["approach"],
            )
            uow.themes.add(theme, plan_id, position)
            assert theme.id is not None
            theme_ids[theme.name] = theme.id
            for section_position, (name, ambition, heading, activities) in enumerate(spec["sections"]):
                section = Section(name=name, ambition=ambition, heading=heading)
                uow.sections.add(section, theme.id, section_position)
                assert section.id is not None
                for activity_position, row in enumerate(activities):
                    title, description, political, officer, partners, planning, status, years = row
                    notes = [
                        ProgressNote(text=text, written_on=parse_date(day), moment=moment,
                                     author="Demo")
                        for day, moment, text in data.PROGRESS_NOTES.get(title or "", [])
                    ]
                    uow.activities.add(
                        Activity(
                            title=title, description=description, political_owner=political,
                            officer_owner=officer, partners=list(partners), planning_text=planning,
                            status=ActivityStatus(status), years=list(years), progress_notes=notes,
                        ),
                        section.id,
                        activity_position,
                    )
        for position, row in enumerate(data.INDICATORS):
            theme_name, name, source, unit, direction, base, base_year, targets, measured = row
            indicator = Indicator(
                name=name, source=source, unit=unit, direction=Direction(direction),
                baseline=Baseline(value=float(base), year=base_year,
                                  raw=f"{format_number(base)}{'%' if unit == '%' else ''} [{base_year}]"),
                targets=[Target.parse(year, text) for year, text in targets.items()],
                measurements=[Measurement(year=y, value=float(v)) for y, v in measured.items()],
                theme_id=theme_ids[theme_name] if theme_name else None,
            )
            uow.indicators.add(indicator, plan_id, position)
        uow.commit()
    return plan_id
