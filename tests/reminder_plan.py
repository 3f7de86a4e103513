"""A small plan with deadlines in every reminder group at 14-06-2027 (shared by tests)."""

from __future__ import annotations

from datetime import date

from ivpdesk.domain import Activity, ActivityStatus, ControlMoment, ControlMomentKind
from ivpdesk.store.uow import Database
from tests.helpers import make_plan

TODAY = date(2027, 6, 14)  # a Monday inside the plan period

ACTIVITIES = [
    # (title, planning, status, override)
    ("Cameratoezicht", "Q1 2027", ActivityStatus.RUNNING, None),
    ("Keurmerk", "15-06-2027", ActivityStatus.NOT_STARTED, None),
    ("Mystery shopping", "Juni en november 2027", ActivityStatus.NOT_STARTED, None),
    ("Onduidelijk", "als de wethouder terug is", ActivityStatus.NOT_STARTED, None),
    ("Met deadline", "wordt nog bepaald", ActivityStatus.RUNNING, date(2027, 6, 20)),
    ("Doorlopend", "doorlopend", ActivityStatus.RUNNING, None),
    ("Al klaar", "15-06-2027", ActivityStatus.DONE, None),
    ("Geschrapt", "2e kwartaal 2027", ActivityStatus.CANCELLED, None),
    ("Driehoek", "4 maal per jaar", ActivityStatus.RUNNING, None),
]

MOMENTS = [
    # (name, due, lead days, done on)
    ("Voortgangsrapportage 2027", date(2027, 6, 30), 14, None),
    ("Evaluatie", date(2027, 8, 1), 60, None),
    ("Al gedaan", date(2027, 6, 10), 14, date(2027, 6, 9)),
]


def build_reminder_plan(db: Database) -> dict[str, int]:
    """Plan 2027–2028 (theme Jeugd) with ACTIVITIES and MOMENTS; returns make_plan's ids."""
    ids = make_plan(db)
    with db.uow() as uow:
        for title, planning, status, override in ACTIVITIES:
            uow.activities.add(Activity(title=title, description=f"{title}.", planning_text=planning,
                                        status=status, deadline_override=override,
                                        political_owner="Burgemeester", officer_owner="Team OOV",
                                        partners=["Politie"]), ids["section"])
        for name, due, lead, done in MOMENTS:
            uow.control_moments.add(ControlMoment(name=name, due_on=due, lead_days=lead, done_on=done,
                                                  kind=ControlMomentKind.PROGRESS_REPORT), ids["plan"])
        uow.commit()
    return ids
