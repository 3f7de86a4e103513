"""The shared-file lock: atomic, names its holder, heartbeats, stale detection, take-over."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ivpdesk.store import lock as lock_module
from ivpdesk.store.lock import (
    DatabaseLock,
    DatabaseLockedError,
    HeartbeatThread,
    LockInfo,
    lock_path_for,
    pid_alive,
)


class Clock:
    """A clock the test moves forward by hand."""

    def __init__(self) -> None:
        self.now = datetime(2027, 3, 3, 8, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _annemarie(db: Path, clock: Clock | None = None, **kwargs: object) -> DatabaseLock:
    return DatabaseLock(db, user="annemarie", machine="LT-OOV-01", clock=clock or Clock(), **kwargs)  # type: ignore[arg-type]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not pid_alive(child.pid)
    return child.pid


def test_acquire_writes_a_readable_record_and_release_removes_it(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    lock = _annemarie(db)
    lock.acquire()
    path = lock_path_for(db)
    assert path == tmp_path / "plan.sqlite.lock"
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["user"] == "annemarie" and record["machine"] == "LT-OOV-01"
    assert record["pid"] == os.getpid()
    assert record["since"].startswith("2027-03-03T08:12")
    assert record["stale_after_s"] == 600
    assert record["app_version"]
    assert "IVP Desk" in record["uitleg"]
    assert [p.name for p in tmp_path.iterdir()] == ["plan.sqlite.lock"]  # no temp file left
    lock.release()
    assert not path.exists()


def test_second_officer_is_refused_with_the_holder_in_dutch(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    first = _annemarie(db)
    first.acquire()
    second = DatabaseLock(db, user="pieter", machine="LT-OOV-02")
    with pytest.raises(DatabaseLockedError) as caught:
        second.acquire()
    error = caught.value
    since = datetime(2027, 3, 3, 8, 12, tzinfo=UTC).astimezone().strftime("%d-%m-%Y %H:%M")
    assert f"is geopend door annemarie op LT-OOV-01 sinds {since}" in error.message
    assert error.holder.user == "annemarie" and not error.stale
    assert "alleen-lezen" in error.message
    # The refused officer's release must not remove Annemarie's record.
    second.release()
    assert first.read() is not None and first.is_mine(first.read())


def test_only_one_of_many_processes_gets_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    go = tmp_path / "go"
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from ivpdesk.store.lock import DatabaseLock, DatabaseLockedError\n"
        "while not Path(sys.argv[2]).exists(): time.sleep(0.002)\n"
        "lock = DatabaseLock(Path(sys.argv[1]), user='u' + str(os.getpid()), machine='m')\n"
        "try:\n    lock.acquire(); print('won'); time.sleep(1.5)\n"
        "except DatabaseLockedError: print('lost')\n"
    )
    children = [subprocess.Popen([sys.executable, "-c", script, str(db), str(go)],
                                 stdout=subprocess.PIPE, text=True) for _ in range(6)]
    time.sleep(1.0)  # let every child get to the starting line
    go.touch()
    results = [child.communicate(timeout=60)[0].strip() for child in children]
    assert sorted(results) == ["lost"] * 5 + ["won"]


def test_without_hard_links_exclusive_create_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*_args: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # FAT, some NAS shares

    monkeypatch.setattr(lock_module.os, "link", no_links)
    db = tmp_path / "plan.sqlite"
    first = _annemarie(db)
    first.acquire()
    assert json.loads(lock_path_for(db).read_text())["user"] == "annemarie"
    with pytest.raises(DatabaseLockedError):
        DatabaseLock(db, user="pieter", machine="LT-OOV-02").acquire()
    first.release()
    assert not lock_path_for(db).exists()


def test_heartbeat_keeps_since_and_moves_last_sign_of_life(tmp_path: Path) -> None:
    clock = Clock()
    db = tmp_path / "plan.sqlite"
    lock = _annemarie(db, clock)
    lock.acquire()
    clock.now += timedelta(minutes=3)
    assert lock.heartbeat()
    info = lock.read()
    assert info is not None
    assert info.since == datetime(2027, 3, 3, 8, 12, tzinfo=UTC)
    assert info.heartbeat == clock.now
    # Someone deleted the record by hand: the next beat puts it back.
    lock_path_for(db).unlink()
    assert lock.heartbeat() and lock.is_mine(lock.read())


def test_stale_after_silence_and_take_over_after_warning(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    annemarie_clock = Clock()
    annemarie = _annemarie(db, annemarie_clock)
    annemarie.acquire()
    past = time.time() - 3600  # the file itself was last written an hour ago too
    os.utime(lock_path_for(db), (past, past))
    pieter_clock = Clock()
    pieter_clock.now += timedelta(minutes=11)
    pieter = DatabaseLock(db, user="pieter", machine="LT-OOV-02", clock=pieter_clock)
    with pytest.raises(DatabaseLockedError) as caught:
        pieter.acquire()  # stale, but never taken without asking
    assert caught.value.stale
    assert "11 minuten geen teken van leven" in caught.value.message
    pieter.take_over(caught.value.holder)
    assert pieter.held and pieter.read().user == "pieter"  # type: ignore[union-attr]
    # Annemarie's laptop wakes up: her heartbeat notices and stops writing.
    assert annemarie.heartbeat() is False
    assert annemarie.lost_to is not None and annemarie.lost_to.user == "pieter"
    annemarie.release()
    assert pieter.is_mine(pieter.read())


def test_take_over_is_refused_when_the_holder_is_alive_again(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    clock = Clock()
    annemarie = _annemarie(db, clock)
    annemarie.acquire()
    past = time.time() - 3600
    os.utime(lock_path_for(db), (past, past))
    late = Clock()
    late.now += timedelta(minutes=30)
    pieter = DatabaseLock(db, user="pieter", machine="LT-OOV-02", clock=late)
    with pytest.raises(DatabaseLockedError) as caught:
        pieter.acquire()
    clock.now = late.now  # Annemarie's heartbeat comes in while Pieter reads the warning
    annemarie.heartbeat()
    with pytest.raises(DatabaseLockedError) as again:
        pieter.take_over(caught.value.holder)
    assert not again.value.stale and not pieter.held
    assert annemarie.is_mine(annemarie.read())


def test_recent_file_time_protects_a_holder_whose_clock_is_behind(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    slow = Clock()
    slow.now -= timedelta(hours=2)  # her clock is two hours behind
    _annemarie(db, slow).acquire()
    pieter = DatabaseLock(db, user="pieter", machine="LT-OOV-02")
    info = pieter.read()
    assert info is not None and not pieter.is_stale(info)  # the file was written just now


def test_crashed_process_of_same_user_and_machine_is_stale_at_once(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    _annemarie(db, pid=_dead_pid()).acquire()
    again = _annemarie(db)
    again.acquire()  # no question asked: it was her own crashed program
    assert again.read().pid == os.getpid()  # type: ignore[union-attr]


def test_live_process_of_same_user_and_machine_is_not_stale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IVPDESK_MACHINE", "LT-OOV-01")
    db = tmp_path / "plan.sqlite"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _annemarie(db, pid=sleeper.pid).acquire()
        with pytest.raises(DatabaseLockedError) as caught:
            _annemarie(db).acquire()
        assert not caught.value.stale
        assert f"Dat is op deze computer (IVP Desk, proces {sleeper.pid})" in caught.value.message
    finally:
        sleeper.kill()
        sleeper.wait()


def test_dead_pid_of_another_user_is_not_taken_silently(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    DatabaseLock(db, user="pieter", machine="LT-OOV-01", pid=_dead_pid()).acquire()
    with pytest.raises(DatabaseLockedError):
        _annemarie(db).acquire()


def test_unreadable_record_is_held_by_unknown_and_ages_by_file_time(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    lock_path_for(db).write_bytes(b"\x00\x01 half geschreven")
    lock = _annemarie(db, Clock())
    info = lock.read()
    assert info is not None and info.user == "onbekend" and not info.readable
    with pytest.raises(DatabaseLockedError) as caught:
        DatabaseLock(db, user="pieter", machine="x").acquire()
    assert "onbekend op onbekend" in caught.value.message and not caught.value.stale
    past = time.time() - 3600
    os.utime(lock_path_for(db), (past, past))
    pieter = DatabaseLock(db, user="pieter", machine="x")
    with pytest.raises(DatabaseLockedError) as stale:
        pieter.acquire()
    assert stale.value.stale
    pieter.take_over(stale.value.holder)
    assert pieter.is_mine(pieter.read())


def test_heartbeat_thread_beats_and_stops_without_recreating_a_released_lock(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    lock = DatabaseLock(db, stale_after=timedelta(seconds=5))  # beats every second
    lock.acquire()
    first = lock.read()
    thread = HeartbeatThread(lock).start()
    time.sleep(2.3)
    later = lock.read()
    assert first is not None and later is not None and later.heartbeat > first.heartbeat
    lock.release()
    thread.stop()
    time.sleep(1.2)
    assert not lock_path_for(db).exists()


def test_lock_info_from_garbage_fields_never_raises() -> None:
    now = datetime.now(UTC)
    info = LockInfo.from_text(json.dumps({"user": 5, "pid": "x", "since": "gisteren",
                                          "stale_after_s": "lang"}), now)
    assert (info.user, info.pid, info.since) == ("5", 0, now)
    assert info.stale_after == timedelta(minutes=10)
