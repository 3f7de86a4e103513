"""Two processes writing one SQLite file: BEGIN IMMEDIATE + busy timeout lose nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ivpdesk.store.uow import Database

WORKER = """
import sys
from ivpdesk.store.uow import Database
db = Database.open_file(sys.argv[1])
for _ in range(int(sys.argv[2])):
    with db.uow() as uow:
        value = int(uow.settings.get("counter", "0"))   # read ...
        uow.settings.set("counter", str(value + 1))    # ... then write, in one transaction
        uow.commit()
db.dispose()
"""


def test_two_writers_lose_no_updates(db: Database) -> None:
    path = db.path
    assert path is not None
    with db.uow() as uow:
        uow.settings.set("counter", "0")
        uow.commit()
    rounds = 60
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(path), str(rounds)],
                         stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    with db.uow() as uow:
        assert uow.settings.get("counter") == str(2 * rounds)


def test_backup_api_copy_is_consistent_and_rotates(demo_db: Database, tmp_path: Path) -> None:
    from ivpdesk.store.backup import backup_database, list_backups

    path = demo_db.path
    assert path is not None
    folder = tmp_path / "backups"
    made = [backup_database(path, folder, "test", keep=3) for _ in range(5)]
    kept = list_backups(folder, path.stem)
    assert len(kept) == 3
    assert kept[0].path == made[-1]
    copy = Database.open_file(kept[0].path, read_only=True)
    try:
        with copy.uow() as uow:
            bundle = uow.reader.load(uow.plans.current_id())  # type: ignore[arg-type]
        assert bundle.activity_count == 82
    finally:
        copy.dispose()
