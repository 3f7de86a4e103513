"""Reading what a report needs in one unit of work: the current plan and the logo."""

from __future__ import annotations

from dataclasses import dataclass

from ivpdesk.domain import PlanBundle
from ivpdesk.services.plans import NoPlanError
from ivpdesk.services.report_pdf.logo import load_logo
from ivpdesk.store.uow import Database


@dataclass(frozen=True)
class ReportSource:
    bundle: PlanBundle
    logo: bytes | None


def load_report_source(db: Database) -> ReportSource:
    """The current uitvoeringsplan and the stored logo; raises NoPlanError without a plan."""
    with db.uow(source="rapport") as uow:
        plan_id = uow.plans.current_id()
        if plan_id is None:
            raise NoPlanError()
        return ReportSource(bundle=uow.reader.load(plan_id), logo=load_logo(uow))
