"""Figures for the shared-file lock, integrity check, backups and the change log (printed only).

Builds a database with 10,000 activities over 40 themes and 50,000 change-log rows,
then times what the officer waits for: opening (lock + quick_check), a heartbeat,
a backup, a restore, reading the whole log and exporting it to Excel.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from ivpdesk.paths import Paths  # noqa: E402
from ivpdesk.services.backups import backup_now, list_backup_summaries, restore_backup  # noqa: E402
from ivpdesk.services.change_log import ChangeFilter, export_changes_xlsx, query_changes  # noqa: E402
from ivpdesk.services.database import open_database  # noqa: E402
from ivpdesk.store import tables as t  # noqa: E402
from ivpdesk.store.integrity import quick_check  # noqa: E402
from ivpdesk.store.lock import DatabaseLock  # noqa: E402
from tests.helpers import make_plan  # noqa: E402

ACTIVITIES = 10_000
THEMES = 40
LOG_ROWS = 50_000


def timed(func, repeat: int = 1) -> float:  # type: ignore[no-untyped-def]
    """Median wall time in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def build(folder: Path, paths: Paths) -> Path:
    path = folder / "groot.sqlite"
    db = open_database(path, paths)
    ids = make_plan(db)
    now = datetime.now(UTC)
    with db.uow() as uow:
        session = uow.session
        theme_rows = [{"implementation_plan_id": ids["plan"], "name": f"Thema {n}", "kind": "overig",
                       "position": n, "version": 1, "goal": "", "approach": ""} for n in range(THEMES)]
        session.execute(insert(t.ThemeRow), theme_rows)
        theme_ids = [r.id for r in session.query(t.ThemeRow).order_by(t.ThemeRow.id)][-THEMES:]
        session.execute(insert(t.SectionRow), [{"theme_id": tid, "name": "Onderdeel", "ambition": "",
                                                "position": 0} for tid in theme_ids])
        section_ids = [r.id for r in session.query(t.SectionRow).order_by(t.SectionRow.id)][-THEMES:]
        session.execute(insert(t.ActivityRow), [
            {"section_id": section_ids[n % THEMES], "title": f"Activiteit {n}.",
             "description": "Een beschrijving van een activiteit met partners en planning. " * 3,
             "political_owner": "Burgemeester", "officer_owner": "Team OOV", "planning_text": "2027",
             "status": "loopt", "years": [2027], "position": n, "version": 1,
             "created_at": now, "updated_at": now}
            for n in range(ACTIVITIES)
        ])
        session.execute(insert(t.ChangeLogRow), [
            {"at": now - timedelta(minutes=n), "actor": ("annemarie", "pieter")[n % 2], "source": "gui",
             "implementation_plan_id": ids["plan"], "entity": "activiteit", "entity_id": 1 + n % ACTIVITIES,
             "field": "status", "old_value": "niet gestart", "new_value": "loopt"}
            for n in range(LOG_ROWS)
        ])
        uow.commit()
    db.dispose()
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = Paths.from_environment(folder / "data")
        paths.ensure()
        started = time.perf_counter()
        path = build(folder, paths)
        print(f"database: {ACTIVITIES} activities, {THEMES} themes, {LOG_ROWS} log rows, "
              f"{path.stat().st_size / 1e6:.1f} MB (built in {time.perf_counter() - started:.1f} s)")

        lock = DatabaseLock(path)
        print(f"lock acquire + release:      {timed(lambda: (lock.acquire(), lock.release()), 200):7.2f} ms")
        lock.acquire()
        print(f"heartbeat:                   {timed(lock.heartbeat, 200):7.2f} ms")
        lock.release()
        print(f"PRAGMA quick_check:          {timed(lambda: quick_check(path), 5):7.1f} ms")
        print(f"open for writing (all checks):{timed(lambda: open_database(path, paths, lock=True).dispose(), 5):6.1f} ms")
        print(f"open read-only:              {timed(lambda: open_database(path, paths, read_only=True).dispose(), 5):7.1f} ms")

        db = open_database(path, paths, lock=True)
        try:
            print(f"backup (backup API):         {timed(lambda: backup_now(db, paths, 'bench'), 3):7.1f} ms")
            summaries: list = []
            print(f"list 3 backups with counts:  {timed(lambda: summaries.extend(list_backup_summaries(db, paths)), 1):7.1f} ms")
            print(f"restore (incl. safety copy): {timed(lambda: restore_backup(db, paths, summaries[0].path), 1):7.1f} ms")
            entries: list = []
            print(f"read whole log ({LOG_ROWS}):     {timed(lambda: entries.extend(query_changes(db)), 1):7.1f} ms")
            print(f"log filtered to one user:    {timed(lambda: query_changes(db, ChangeFilter(actor='pieter')), 1):7.1f} ms")
            out = folder / "log.xlsx"
            print(f"Excel export of {len(entries)} rows: {timed(lambda: export_changes_xlsx(entries, out), 1):7.1f} ms "
                  f"({out.stat().st_size / 1e6:.1f} MB)")
        finally:
            db.dispose()


if __name__ == "__main__":
    main()
