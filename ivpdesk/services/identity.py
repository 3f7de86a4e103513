"""Stable identities of a plan and of a database, read without writing anything.

Excel exports carry the plan's identity in their keys (so a file from another database
is refused), and agenda files carry the database's in their UIDs (so Outlook updates
instead of duplicating). Both are derived from the plan's id and creation time, which a
copy or restored backup keeps and another database practically never shares. Exports
are reading commands: they must work while a colleague holds the file, so nothing is
stored for this.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from ivpdesk.store.tables import ImplementationPlanRow
from ivpdesk.store.uow import Database


def plan_identity(db: Database, plan_id: int) -> str:
    """16 hex digits that name this uitvoeringsplan in this database."""
    with db.uow(source="export") as uow:
        created = uow.session.scalar(
            select(ImplementationPlanRow.created_at).where(ImplementationPlanRow.id == plan_id)
        )
    stamp = created.isoformat() if created is not None else ""
    return hashlib.sha1(f"{plan_id}|{stamp}".encode()).hexdigest()[:16]


def database_identity(db: Database) -> str:
    """The identity of the database: that of its first uitvoeringsplan (or of its path)."""
    with db.uow(source="export") as uow:
        first = uow.session.scalar(select(ImplementationPlanRow.id).order_by(ImplementationPlanRow.id))
    if first is None:
        return hashlib.sha1(f"ivpdesk:{db.display_name}".encode()).hexdigest()[:16]
    return plan_identity(db, first)
