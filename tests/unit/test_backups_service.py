"""backup_now: a consistent copy with the plan in it, in the backups folder."""

from __future__ import annotations

import sqlite3

from ivpdesk.paths import Paths
from ivpdesk.services.backups import backup_now
from ivpdesk.store.uow import Database


def test_backup_now_copies_the_plan(demo_db: Database, paths: Paths) -> None:
    target = backup_now(demo_db, paths, "voor import")
    assert target is not None and target.parent == paths.backups_dir
    assert "voor-import" in target.name
    with sqlite3.connect(target) as conn:
        assert conn.execute("select count(*) from activity").fetchone()[0] == 82
