"""Crash safety: SIGKILL at random moments loses no committed change and keeps no uncommitted one.

A warm zygote (tests/crash_child.py) forks real child processes that import batches
of hundreds of activities, or make a burst of small edits, through the
repositories, and report every commit on stdout before going on. The test kills
each child with SIGKILL after a random time, then opens the database the way the
program does (lock taken over from the dead process, hot journal rolled back,
quick_check) and checks with ``PRAGMA integrity_check`` and by counting that every
reported commit is there, complete, and that nothing of the interrupted
transaction is. Set ``IVPDESK_CRASH_SEED`` to replay a failing run.
"""

from __future__ import annotations

import os
import random
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ivpdesk.paths import Paths
from ivpdesk.services.database import open_database
from ivpdesk.store import tables as t
from ivpdesk.store.integrity import has_hot_journal, integrity_check
from ivpdesk.store.lock import DatabaseLock
from tests.crash_child import COUNTER_SETTING, EDIT_ACTIVITY_SETTING, EDIT_THEME_SETTING, batch_size
from tests.helpers import make_plan

ROOT = Path(__file__).resolve().parent.parent.parent
KILLS_PER_WORKLOAD = 30


class Zygote:
    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "crash_child.py")], cwd=ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0,
        )
        assert self.process.stdout is not None and self.process.stdin is not None
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.process.stdout, selectors.EVENT_READ)
        self.buffer = b""

    def lines(self, deadline: float) -> Iterator[str]:
        """Lines as they arrive, until ``deadline`` (monotonic seconds)."""
        while True:
            if b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                yield line.decode()
                continue
            timeout = deadline - time.monotonic()
            if timeout <= 0 or not self.selector.select(timeout):
                return
            chunk = os.read(self.process.stdout.fileno(), 65536)  # type: ignore[union-attr]
            if not chunk:
                raise AssertionError("the zygote stopped")
            self.buffer += chunk

    def run_and_kill(self, mode: str, database: Path, delay: float) -> tuple[list[int], int]:
        """Start a child, let it work ``delay`` s after 'ready', SIGKILL it; its reported commits."""
        self.process.stdin.write(f"{mode} {database}\n".encode())  # type: ignore[union-attr]
        commits: list[int] = []
        pid: int | None = None
        ready_at: float | None = None

        def handle(line: str) -> None:
            nonlocal pid, ready_at
            if line.startswith("pid "):
                pid = int(line.split()[1])
            elif line == "ready":
                ready_at = time.monotonic()
            elif line.startswith("commit "):
                commits.append(int(line.split()[1]))
            elif line.startswith("done "):
                raise AssertionError(f"child ended by itself: {line}")

        give_up = time.monotonic() + 30
        while pid is None or ready_at is None:
            for line in self.lines(give_up):
                handle(line)
                if pid is not None and ready_at is not None:
                    break
            if time.monotonic() > give_up:
                raise AssertionError("the child never became ready")
        for line in self.lines(ready_at + delay):  # the child works until the kill moment
            handle(line)
        os.kill(pid, signal.SIGKILL)
        for line in self.lines(time.monotonic() + 30):
            if line.startswith("commit "):
                commits.append(int(line.split()[1]))  # written just before the kill landed
            elif line.startswith("done "):
                status = int(line.split()[2])
                assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, line
                return commits, pid
        raise AssertionError("the killed child was never reaped")

    def close(self) -> None:
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.wait(timeout=30)


@pytest.fixture
def zygote() -> Iterator[Zygote]:
    started = Zygote()
    yield started
    started.close()


def _seed() -> int:
    return int(os.environ.get("IVPDESK_CRASH_SEED") or time.time_ns() % 1_000_000)


def _reopen(path: Path, paths: Paths, killed_pid: int, note: str,
            hot: list[bool]):  # type: ignore[no-untyped-def]
    """Open as the program does after a crash; the dead child's lock is taken over at once."""
    hot.append(has_hot_journal(path))
    left = DatabaseLock(path).read()
    assert left is not None and left.pid == killed_pid, note
    assert DatabaseLock(path).is_stale(left), note
    db = open_database(path, paths, lock=True)
    check = integrity_check(path)
    assert check.ok, f"{note}: {check.problems}"
    return db


@pytest.mark.slow
def test_sigkill_during_large_imports_keeps_exactly_the_committed_batches(
        zygote: Zygote, paths: Paths, tmp_path: Path) -> None:
    seed = _seed()
    rng = random.Random(seed)
    path = tmp_path / "import.sqlite"
    db = open_database(path, paths)
    make_plan(db)
    db.dispose()
    hot: list[bool] = []  # per kill: did it leave a half-written transaction behind?
    committed_before = 0  # batches 0 … committed_before-1 are known to be in the database
    for round_number in range(KILLS_PER_WORKLOAD):
        delay = rng.uniform(0.0, 0.9)
        note = f"seed {seed}, round {round_number}, kill after {delay:.3f} s"
        commits, pid = zygote.run_and_kill("import", path, delay)
        assert commits == list(range(committed_before, committed_before + len(commits))), note
        db = _reopen(path, paths, pid, note, hot)
        try:
            with db.uow() as uow:
                rows = uow.session.execute(
                    select(t.ThemeRow.name, func.count(t.ActivityRow.id))
                    .join(t.SectionRow, t.SectionRow.theme_id == t.ThemeRow.id)
                    .outerjoin(t.ActivityRow, t.ActivityRow.section_id == t.SectionRow.id)
                    .where(t.ThemeRow.name.like("Batch %"))
                    .group_by(t.ThemeRow.id)
                ).all()
                logged = uow.session.scalar(
                    select(func.count()).select_from(t.ChangeLogRow)
                    .where(t.ChangeLogRow.entity == "activiteit", t.ChangeLogRow.source == "import"))
        finally:
            db.dispose()
        present = {int(name.split()[1]): count for name, count in rows}
        last_reported = commits[-1] if commits else committed_before - 1
        # The batch whose commit returned just before the kill may not have been reported yet.
        assert max(present, default=-1) in (last_reported, last_reported + 1), note
        assert sorted(present) == list(range(len(present))), note
        for batch, count in present.items():
            assert count == batch_size(batch), f"{note}: batch {batch} is incomplete ({count})"
        assert logged == sum(present.values()), f"{note}: change log and activities disagree"
        committed_before = len(present)
    assert committed_before > 0, f"seed {seed}: not a single batch was committed"
    print(f"import: {committed_before} batches, {sum(hot)} of {len(hot)} kills left a hot journal")
    # Most kills must land inside a large transaction, or the test proves little.
    assert sum(hot) >= len(hot) // 3, f"seed {seed}: only {sum(hot)} kills mid-transaction"


@pytest.mark.slow
def test_sigkill_during_a_burst_of_edits_keeps_every_committed_edit(
        zygote: Zygote, paths: Paths, tmp_path: Path) -> None:
    from ivpdesk.domain import Activity

    seed = _seed() + 1
    rng = random.Random(seed)
    path = tmp_path / "edits.sqlite"
    db = open_database(path, paths)
    ids = make_plan(db)
    with db.uow() as uow:
        activity = uow.activities.add(Activity(title="Doelwit.", description="begin", years=[2027]),
                                      ids["section"])
        uow.settings.set(EDIT_ACTIVITY_SETTING, str(activity.id))
        uow.settings.set(EDIT_THEME_SETTING, str(ids["theme"]))
        uow.commit()
    db.dispose()
    hot: list[bool] = []
    counter = -1  # the last edit known to be committed
    for round_number in range(KILLS_PER_WORKLOAD):
        delay = rng.uniform(0.0, 0.6)
        note = f"seed {seed}, round {round_number}, kill after {delay:.3f} s"
        commits, pid = zygote.run_and_kill("edits", path, delay)
        assert commits == list(range(counter + 1, counter + 1 + len(commits))), note
        db = _reopen(path, paths, pid, note, hot)
        try:
            with db.uow() as uow:
                stored = int(uow.settings.get(COUNTER_SETTING, "-1") or -1)
                activity = uow.activities.get(activity.id)  # type: ignore[arg-type]
                theme = uow.themes.get(ids["theme"])
                edits_logged = uow.session.scalar(
                    select(func.count()).select_from(t.ChangeLogRow)
                    .where(t.ChangeLogRow.entity == "activiteit",
                           t.ChangeLogRow.entity_id == activity.id,
                           t.ChangeLogRow.field == "description"))
        finally:
            db.dispose()
        last_reported = commits[-1] if commits else counter
        assert stored in (last_reported, last_reported + 1), note
        if stored >= 0:
            # Every part of the last committed unit of work, and nothing of the killed one.
            assert activity.description == f"bewerking {stored}", note
            assert theme.goal == f"doel {stored}", note
        assert activity.version == stored + 2, note  # 1 at creation, +1 per committed edit
        assert theme.version == stored + 2, note
        assert edits_logged == stored + 1, note
        counter = stored
    assert counter >= 0, f"seed {seed}: not a single edit was committed"
    print(f"edits: {counter + 1} edits, {sum(hot)} of {len(hot)} kills left a hot journal")
    assert sum(hot) >= 1, f"seed {seed}: no kill landed inside a transaction"
