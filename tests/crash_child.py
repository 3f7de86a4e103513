"""Children for the crash-safety tests, forked from one warm "zygote" process.

Starting Python and importing SQLAlchemy takes most of a second; fifty kills would
spend most of their time starting up. So the test starts this script once; it
imports everything and then, for each line ``<mode> <database>`` on stdin, forks a
child that opens the database itself (nothing is shared across the fork), takes the
shared-file lock like the real program, and works until it is killed. The child
reports ``ready`` and every ``commit <n>`` on stdout *after* the commit returned and
*before* it goes on; the zygote reports ``pid <n>`` and, once the child died,
``done <pid> <status>``.

Workloads:

* ``import`` – one unit of work per batch, each batch a theme with hundreds of
  activities added through the repositories (like an Excel import), then commit;
* ``edits`` – a burst of small units of work, each changing one activity and one
  theme through the repositories and a counter in the settings table.

A small page cache makes SQLite spill uncommitted pages into the database file
during the large transactions, so a kill really depends on the rollback journal.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sqlalchemy import event, func, select

from ivpdesk.domain import Activity, ActivityStatus, Section, Theme, ThemeKind
from ivpdesk.store import tables as t
from ivpdesk.store.lock import DatabaseLock
from ivpdesk.store.uow import Database

EDIT_ACTIVITY_SETTING = "crash_activity_id"
EDIT_THEME_SETTING = "crash_theme_id"
COUNTER_SETTING = "crash_counter"


def batch_size(batch: int) -> int:
    """Deterministic, varied batch sizes between 150 and 899 activities."""
    return 150 + (batch * 7919) % 750


def _say(text: str) -> None:
    os.write(1, (text + "\n").encode())


def _open(path: Path) -> Database:
    db = Database.open_file(path)

    @event.listens_for(db.engine, "connect")
    def _small_cache(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA cache_size=64")

    return db


def run_import(path: Path) -> None:
    lock = DatabaseLock(path)
    lock.acquire()  # the previous child's lock is stale at once: same user, machine, dead pid
    db = _open(path)
    with db.uow() as uow:
        plan_id = uow.plans.current_id()
        batch = int(uow.session.scalar(  # batches 0 … n-1 exist: continue with n
            select(func.count()).select_from(t.ThemeRow).where(t.ThemeRow.name.like("Batch %"))) or 0)
    _say("ready")
    assert plan_id is not None
    while True:
        with db.uow(source="import") as uow:
            theme = Theme(name=f"Batch {batch}", kind=ThemeKind.OTHER)
            uow.themes.add(theme, plan_id)
            section = Section(name=f"Import {batch}")
            uow.sections.add(section, theme.id)  # type: ignore[arg-type]
            for index in range(batch_size(batch)):
                uow.activities.add(
                    Activity(title=f"B{batch}-{index}.",
                             description=f"Geïmporteerde activiteit {index} van batch {batch}. " * 3,
                             political_owner="Burgemeester", officer_owner="Team OOV",
                             partners=["Politie", f"Partner {index % 7}"], planning_text="2027",
                             status=ActivityStatus.NOT_STARTED, years=[2027]),
                    section.id,  # type: ignore[arg-type]
                    index,
                )
            uow.commit()
        _say(f"commit {batch}")
        batch += 1


def run_edits(path: Path) -> None:
    lock = DatabaseLock(path)
    lock.acquire()
    db = _open(path)
    with db.uow() as uow:
        activity_id = int(uow.settings.get(EDIT_ACTIVITY_SETTING) or 0)
        theme_id = int(uow.settings.get(EDIT_THEME_SETTING) or 0)
        counter = int(uow.settings.get(COUNTER_SETTING, "-1") or -1) + 1
    _say("ready")
    while True:
        with db.uow(source="gui") as uow:
            activity = uow.activities.get(activity_id)
            activity.description = f"bewerking {counter}"
            activity.status = ActivityStatus.RUNNING if counter % 2 else ActivityStatus.DELAYED
            uow.activities.update(activity)
            theme = uow.themes.get(theme_id)
            theme.goal = f"doel {counter}"
            uow.themes.update(theme)
            uow.settings.set(COUNTER_SETTING, str(counter))
            uow.commit()
        _say(f"commit {counter}")
        counter += 1


def main() -> None:
    for line in sys.stdin:
        mode, database = line.split()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                (run_import if mode == "import" else run_edits)(Path(database))
            finally:
                os._exit(3)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"done {pid} {status}", flush=True)


if __name__ == "__main__":
    main()
