"""Deadline figures: parse planning text, group 10,000 activities, build the agenda, draw the tree."""

from __future__ import annotations

import os
import random
import time
from datetime import UTC, date, datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ivpdesk.domain import (  # noqa: E402
    Activity,
    ActivityStatus,
    ImplementationPlan,
    PlanBundle,
    SafetyPlan,
    Section,
    Theme,
)
from ivpdesk.domain.control_calendar import default_control_moments  # noqa: E402
from ivpdesk.domain.planning import _parse, parse_planning  # noqa: E402
from ivpdesk.domain.reminders import reminders  # noqa: E402
from ivpdesk.services.calendar_ics import build_calendar  # noqa: E402

PHRASES = [
    "2e kwartaal {y}", "Q3 {y}", "3e/4e kwartaal {y}", "medio {y}", "begin {y}", "eind {y}",
    "eerste helft van {y}", "Juni en november {y}", "Start augustus {y}", "{d}-03-{y}",
    "{d} maart {y}", "{y}", "{y} e.v.", "vanaf {y}", "doorlopend", "4 maal per jaar", "2x per jaar",
    "maandelijks", "zes-wekelijks", "Elke kern 1x per jaar", "Indien nodig", "Op verzoek",
    "Voorjaar en najaar", "December", "jaarlijks, voor 1 juni", "wordt nog bepaald",
    "als de wethouder terug is", "september {y}, september {y}",
]


def timed(label: str, func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func()
    print(f"{label:<52} {1000 * (time.perf_counter() - start):8.1f} ms")
    return result


def texts(count: int) -> list[str]:
    rng = random.Random(6)
    return [rng.choice(PHRASES).format(y=rng.choice([2027, 2028]), d=rng.randint(1, 28))
            for _ in range(count)]


def big_bundle(count: int) -> PlanBundle:
    plan = ImplementationPlan(safety_plan_id=1, start_year=2027, end_year=2028, id=1)
    themes = []
    planning = texts(count)
    for t in range(20):
        sections = []
        for s in range(5):
            activities = [
                Activity(id=t * 10_000 + s * 1000 + i, title=f"Activiteit {t}.{s}.{i}",
                         description="Omschrijving van de activiteit.", planning_text=planning.pop(),
                         status=ActivityStatus.RUNNING, years=[2027, 2028], officer_owner="Team OOV")
                for i in range(count // 100)
            ]
            sections.append(Section(name=f"Onderdeel {s}", activities=activities, id=t * 10 + s))
        themes.append(Theme(name=f"Thema {t}", sections=sections, id=t))
    moments = default_control_moments(2027, 2028)
    for number, moment in enumerate(moments, 1):
        moment.id = number
    return PlanBundle(safety_plan=SafetyPlan("Lindewaard", 2027, 2030, id=1), plan=plan,
                      themes=themes, control_moments=moments)


def main() -> None:
    sample = texts(10_000)
    distinct = [f"{d} {m} {y}" for y in range(2020, 2036) for m in
                ("januari", "maart", "juni", "sept.", "december") for d in range(1, 26)]
    _parse.cache_clear()
    timed(f"parse {len(distinct):,} different dates (no cache hits)",
          lambda: [parse_planning(t, [2027, 2028]) for t in distinct])
    _parse.cache_clear()
    timed("parse 10,000 planning texts (cold cache)", lambda: [parse_planning(t, [2027, 2028]) for t in sample])
    timed("parse 10,000 planning texts (warm cache)", lambda: [parse_planning(t, [2027, 2028]) for t in sample])
    bundle = big_bundle(10_000)
    _parse.cache_clear()
    overview = timed("overview of 10,000 activities (cold cache)", lambda: reminders(date(2027, 6, 20), bundle))
    timed("overview of 10,000 activities (warm cache)", lambda: reminders(date(2027, 6, 20), bundle))
    print(f"{'  groups':<52} " + ", ".join(f"{g.value} {n}" for g, n in overview.counts.items()))
    calendar, count = timed("build agenda (.ics object) for 10,000 activities",
                            lambda: build_calendar(bundle, "bench", now=datetime(2027, 6, 20, tzinfo=UTC)))
    data = timed(f"serialise agenda ({count} appointments)", calendar.to_ical)
    print(f"{'  .ics size':<52} {len(data) / 1_000_000:8.1f} MB")

    from ivpdesk.ui.app import create_application
    from ivpdesk.ui.models.reminder_model import ReminderTreeModel

    create_application()
    model = ReminderTreeModel()
    timed("Overzicht model reset with the 10,000-activity overview", lambda: model.set_overview(overview))


if __name__ == "__main__":
    main()
