"""The P&C calendar as use cases: add, change, tick off and delete moments, add the defaults.

Every change goes through the control-moment repository (so the change log records it),
one unit of work per action.
"""

from __future__ import annotations

from datetime import date

from ivpdesk.domain import ControlMoment, ImplementationPlan
from ivpdesk.domain.control_calendar import default_control_moments
from ivpdesk.store.uow import Database


def add_moment(db: Database, plan_id: int, moment: ControlMoment) -> ControlMoment:
    with db.uow() as uow:
        added = uow.control_moments.add(moment, plan_id)
        uow.commit()
    return added


def update_moment(db: Database, moment: ControlMoment) -> ControlMoment:
    with db.uow() as uow:
        updated = uow.control_moments.update(moment)
        uow.commit()
    return updated


def set_done(db: Database, moment_id: int, done_on: date | None) -> ControlMoment:
    """Gereed (a date) or open again (None)."""
    with db.uow() as uow:
        moment = uow.control_moments.get(moment_id)
        moment.done_on = done_on
        updated = uow.control_moments.update(moment)
        uow.commit()
    return updated


def delete_moment(db: Database, moment_id: int) -> None:
    with db.uow() as uow:
        uow.control_moments.delete(moment_id)
        uow.commit()


def add_missing_defaults(db: Database, plan: ImplementationPlan) -> list[ControlMoment]:
    """Add the usual moments that the plan does not have yet (same kind on the same date).

    For plans made before the calendar existed, or whose moments were deleted by mistake.
    """
    assert plan.id is not None
    with db.uow() as uow:
        present = {(m.kind, m.due_on) for m in uow.control_moments.list_for_plan(plan.id)}
        added = [uow.control_moments.add(m, plan.id)
                 for m in default_control_moments(plan.start_year, plan.end_year)
                 if (m.kind, m.due_on) not in present]
        uow.commit()
    return added
