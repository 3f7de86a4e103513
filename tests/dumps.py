"""Full table dumps, to check that an undo puts the database back exactly.

``version`` (the optimistic-lock counter must keep rising, or another officer's stale
copy would be accepted again) and ``updated_at`` are left out; so is the change log,
which records an edit *and* its undo, as verantwoording requires.
"""

from __future__ import annotations

from sqlalchemy import text

from ivpdesk.store.uow import Database

TABLES = ["safety_plan", "implementation_plan", "theme", "section", "activity",
          "activity_partner", "partner", "progress_note", "indicator", "indicator_target",
          "indicator_measurement", "control_moment"]
IGNORED = {"version", "updated_at"}


def dump(db: Database) -> dict[str, list[tuple]]:
    """Every row of every plan table, without the version counter and updated_at."""
    result = {}
    with db.engine.connect() as connection:
        for table in TABLES:
            rows = connection.execute(text(f"SELECT * FROM {table}")).mappings().all()
            result[table] = sorted(
                (tuple(sorted((k, v) for k, v in row.items() if k not in IGNORED)) for row in rows),
                key=repr,
            )
    return result
