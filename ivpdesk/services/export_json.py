"""JSON export of an uitvoeringsplan: a stable contract other tools read.

Keys are Dutch and never renamed (add keys, never rename); the shape is documented in
the README and checked against tests/data/export_schema.json.
"""

from __future__ import annotations

import json
from typing import IO, Any

from ivpdesk.domain import Indicator, PlanBundle
from ivpdesk.domain.planning import activity_deadlines, activity_planning
from ivpdesk.paths import catalogue

SCHEMA_VERSION = 1


def _indicator(indicator: Indicator) -> dict[str, Any]:
    return {
        "naam": indicator.name,
        "bron": indicator.source,
        "eenheid": indicator.unit,
        "richting": indicator.direction.value,
        "baseline": {
            "getal": indicator.baseline.value,
            "jaar": indicator.baseline.year,
            "raw": indicator.baseline.raw,
        },
        "targets": [
            {
                "jaar": t.year,
                "operator": t.operator.value if t.operator else None,
                "getal": t.value,
                "raw": t.raw,
            }
            for t in sorted(indicator.targets, key=lambda t: t.year)
        ],
        "metingen": [
            {"jaar": m.year, "getal": m.value}
            for m in sorted(indicator.measurements, key=lambda m: m.year)
        ],
    }


def plan_to_dict(bundle: PlanBundle) -> dict[str, Any]:
    cat = catalogue()
    years = bundle.plan.years
    themes = []
    for theme in bundle.themes:
        activities = []
        for section in theme.sections:
            for activity in section.activities:
                activities.append({
                    "onderdeel": section.name or None,
                    "kop": section.heading or None,
                    "titel": activity.title or None,
                    "activiteit": activity.description,
                    "bestuurlijk_trekker": activity.political_owner,
                    "ambtelijk_trekker": activity.officer_owner,
                    "partners": list(activity.partners),
                    "planning": activity.planning_text,
                    "status": activity.status.value,
                    "jaren": sorted(activity.years),
                    "deadlines": [d.isoformat() for d in activity_deadlines(activity, years)],
                    "planning_soort": activity_planning(activity, years).kind.value,
                })
        themes.append({
            "veiligheidsveld": cat.field_name(theme.field_number) if theme.field_number else None,
            "veiligheidsveld_nummer": theme.field_number,
            "standaardthema": theme.standard_theme_code,
            "name": theme.name,
            "kind": theme.kind.value,
            "doelstelling": theme.goal,
            "aanpak": theme.approach,
            "activities": activities,
            "indicators": [_indicator(i) for i in bundle.indicators_of(theme.id)],
        })
    return {
        "schema_versie": SCHEMA_VERSION,
        "gemeente": bundle.safety_plan.municipality,
        "ivp": {"start": bundle.safety_plan.start_year, "end": bundle.safety_plan.end_year},
        "uitvoeringsplan": {
            "start": bundle.plan.start_year,
            "end": bundle.plan.end_year,
            "status": bundle.plan.status.value,
            "vastgesteld_op": bundle.plan.adopted_on.isoformat() if bundle.plan.adopted_on else None,
        },
        "themes": themes,
        "indicators": [_indicator(i) for i in bundle.indicators_of(None)],
    }


def write_json(bundle: PlanBundle, out: IO[str]) -> None:
    json.dump(plan_to_dict(bundle), out, ensure_ascii=False, indent=2)
    out.write("\n")
