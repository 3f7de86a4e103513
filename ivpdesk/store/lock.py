"""Who has this database open for writing: a small lock record next to the file.

Two officers share one SQLite file on the gemeente's network drive. SQLite's own
byte-range locks protect single transactions, but not a whole working session: the
second officer must be told *before* she starts typing that Annemarie has the plan
open, and since when. So while IVP Desk has a database open for writing it keeps
``<database>.lock`` beside it, a JSON record::

    {"user": "annemarie", "machine": "LT-OOV-01", "pid": 4120,
     "since": "2027-03-03T08:12:00+00:00", "heartbeat": "…", "stale_after_s": 600, …}

Why a file beside the database and not a row inside it: a read-only opening must
never write the database, the record has to be readable while a transaction holds
the database, and a heartbeat row would change the file (and its backups) every
minute.

Atomic creation, also on network drives:

* The record is written to a temporary file first and then *hard-linked* to the
  lock name. ``link()`` fails when the name exists, atomically on local disks, NFS
  and SMB2/3 servers with NTFS (CreateHardLink). On NFS a lost reply can make a
  successful link look like a failure, so a failure is double-checked through the
  link count of the temporary file (the classic NFS-safe lock file recipe).
* Where the file system has no hard links (FAT, some NAS shares), creation falls
  back to ``open(O_CREAT | O_EXCL)``, which an SMB server executes atomically as
  ``CREATE_NEW``. A reader that meets the file in the moment before its content is
  written sees an unreadable record and treats it as held by "onbekend".
* Heartbeats and take-overs replace the whole record (temporary file, then
  ``os.replace``), so a reader never sees half a record.

Staleness: a record is stale when its heartbeat *and* the file's modification time
are older than ``stale_after`` (the holder writes its own value into the record, so
both sides agree; default 10 minutes; using the later of the two protects against a
holder whose clock runs behind). A record of the same user on the same machine
whose process is gone is stale at once (the program crashed or was killed).

Known limits (documented in the README): clocks of the two machines should agree
to within a few minutes (domain-joined Windows machines do); between reading and
replacing a record during a take-over there is a window of milliseconds in which
two officers taking over the same stale lock at the same moment could both think
they won: after replacing, the record is read back and the loser is told.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from ivpdesk.domain.errors import DomainError
from ivpdesk.store.errors import os_error_text

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
DEFAULT_STALE_AFTER = timedelta(minutes=10)
MAX_RECORD_BYTES = 64 * 1024
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV,
                  errno.EMLINK, errno.EINVAL}

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def lock_path_for(database: Path) -> Path:
    """``plan.sqlite`` → ``plan.sqlite.lock`` in the same folder."""
    return database.with_name(database.name + LOCK_SUFFIX)


def current_user() -> str:
    from ivpdesk.store.uow import current_user as user

    return user()


def machine_name() -> str:
    """The computer's name as colleagues know it (Windows COMPUTERNAME, else host name)."""
    for variable in ("IVPDESK_MACHINE", "COMPUTERNAME"):
        value = os.environ.get(variable)
        if value:
            return value
    return socket.gethostname() or "onbekend"


def app_version() -> str:
    from ivpdesk import __version__

    return __version__


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this machine.

    Never ``os.kill(pid, 0)`` on Windows: there it *terminates* the process.
    """
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def format_local(moment: datetime) -> str:
    """dd-mm-jjjj hh:mm in the machine's local time."""
    return moment.astimezone().strftime("%d-%m-%Y %H:%M")


def _parse_time(value: Any, fallback: datetime) -> datetime:
    if not isinstance(value, str):
        return fallback
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return fallback
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True)
class LockInfo:
    """One lock record: who holds the database, where, since when, last sign of life."""

    user: str
    machine: str
    pid: int
    since: datetime
    heartbeat: datetime
    token: str
    stale_after: timedelta = DEFAULT_STALE_AFTER
    app_version: str = ""
    database: str = ""
    file_mtime: datetime | None = None
    readable: bool = True

    @property
    def last_seen(self) -> datetime:
        """The later of the recorded heartbeat and the file's modification time."""
        if self.file_mtime is None:
            return self.heartbeat
        return max(self.heartbeat, self.file_mtime)

    @property
    def since_text(self) -> str:
        return format_local(self.since)

    @property
    def holder_text(self) -> str:
        """"annemarie op LT-OOV-01 sinds 03-03-2027 09:12"."""
        return f"{self.user} op {self.machine} sinds {self.since_text}"

    def on_this_machine(self) -> bool:
        return self.machine.casefold() == machine_name().casefold()

    def to_json(self) -> str:
        return json.dumps(
            {
                "app": "IVP Desk",
                "uitleg": "Dit bestand laat zien wie deze database in IVP Desk open heeft. "
                "IVP Desk verwijdert het zelf bij het sluiten.",
                "user": self.user,
                "machine": self.machine,
                "pid": self.pid,
                "since": self.since.isoformat(),
                "heartbeat": self.heartbeat.isoformat(),
                "stale_after_s": int(self.stale_after.total_seconds()),
                "app_version": self.app_version,
                "database": self.database,
                "token": self.token,
            },
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_text(cls, text: str, mtime: datetime) -> LockInfo:
        """Parse a record; anything unreadable becomes a holder called "onbekend"."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except ValueError:
            return cls(user="onbekend", machine="onbekend", pid=0, since=mtime, heartbeat=mtime,
                       token="", file_mtime=mtime, readable=False)
        try:
            stale_seconds = float(data.get("stale_after_s") or DEFAULT_STALE_AFTER.total_seconds())
        except (TypeError, ValueError):
            stale_seconds = DEFAULT_STALE_AFTER.total_seconds()
        try:
            pid = int(data.get("pid") or 0)
        except (TypeError, ValueError):
            pid = 0
        return cls(
            user=str(data.get("user") or "onbekend"),
            machine=str(data.get("machine") or "onbekend"),
            pid=pid,
            since=_parse_time(data.get("since"), mtime),
            heartbeat=_parse_time(data.get("heartbeat"), mtime),
            token=str(data.get("token") or ""),
            stale_after=timedelta(seconds=max(stale_seconds, 0.05)),
            app_version=str(data.get("app_version") or ""),
            database=str(data.get("database") or ""),
            file_mtime=mtime,
        )


class DatabaseLockedError(DomainError):
    """Someone else has the database open for writing; ``holder`` says who."""

    def __init__(self, database: Path, holder: LockInfo, stale: bool, now: datetime | None = None) -> None:
        self.database = database
        self.holder = holder
        self.stale = stale
        text = f"De database {database.name} is geopend door {holder.holder_text}."
        if holder.on_this_machine() and holder.pid:
            text += f" Dat is op deze computer (IVP Desk, proces {holder.pid})."
        if stale:
            quiet = max(1, int(((now or _utcnow()) - holder.last_seen).total_seconds() // 60))
            text += (
                f" Er is al {quiet} minuten geen teken van leven; open IVP Desk om de database "
                "na een waarschuwing over te nemen."
            )
        else:
            text += " Probeer het later opnieuw, of open de database in IVP Desk alleen-lezen."
        super().__init__(text)


class LockError(DomainError):
    """The lock record could not be written or removed (rights, full disk, lost drive)."""


def _explain_os_error(error: OSError, folder: Path) -> str:
    code = error.errno
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"IVP Desk mag in de map {folder} niet schrijven (alleen-lezen). Open de database "
                "alleen-lezen, of vraag schrijfrechten op de map.")
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"De schijf van {folder} is vol. Maak ruimte vrij en probeer het opnieuw."
    if code in (errno.ENOENT, errno.ENOTDIR, errno.EHOSTDOWN, errno.EHOSTUNREACH,
                errno.ENETUNREACH, errno.ETIMEDOUT, errno.ESTALE):
        return (f"De map {folder} is niet bereikbaar (netwerkschijf niet verbonden?). "
                "Controleer de verbinding en probeer het opnieuw.")
    return f"De vergrendeling in {folder} kan niet worden bijgewerkt: {os_error_text(error)}."


class DatabaseLock:
    """The lock of one database file, as seen by this process.

    ``acquire()`` creates the record or raises :class:`DatabaseLockedError`;
    ``heartbeat()`` refreshes it (False once someone took it over); ``release()``
    removes it if it is still ours. Usable as a context manager.
    """

    def __init__(
        self,
        database: Path,
        *,
        user: str | None = None,
        machine: str | None = None,
        pid: int | None = None,
        stale_after: timedelta = DEFAULT_STALE_AFTER,
        clock: Clock = _utcnow,
    ) -> None:
        self.database = Path(database)
        self.path = lock_path_for(self.database)
        self.user = user or current_user()
        self.machine = machine or machine_name()
        self.pid = os.getpid() if pid is None else pid
        self.stale_after = stale_after
        self.clock = clock
        self.token = uuid.uuid4().hex
        self.since: datetime | None = None
        self.held = False
        self.lost_to: LockInfo | None = None
        # Heartbeats may come from a thread; never let one re-create a record that
        # release() is removing.
        self._mutex = threading.RLock()

    # ------------------------------------------------------------------ reading

    def read(self) -> LockInfo | None:
        """The current record, or None when nobody holds the database."""
        try:
            with self.path.open("rb") as handle:
                raw = handle.read(MAX_RECORD_BYTES)
                mtime = datetime.fromtimestamp(os.fstat(handle.fileno()).st_mtime, UTC)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise LockError(_explain_os_error(error, self.path.parent)) from error
        return LockInfo.from_text(raw.decode("utf-8", "replace"), mtime)

    def is_mine(self, info: LockInfo | None) -> bool:
        return info is not None and bool(info.token) and info.token == self.token

    def crashed_here(self, info: LockInfo) -> bool:
        """Same user, same machine, and its process is gone: left behind by a crash."""
        return (
            info.readable
            and info.user.casefold() == self.user.casefold()
            and info.machine.casefold() == self.machine.casefold()
            and info.pid != os.getpid()
            and not pid_alive(info.pid)
        )

    def is_stale(self, info: LockInfo, now: datetime | None = None) -> bool:
        if self.crashed_here(info):
            return True
        return (now or self.clock()) - info.last_seen > info.stale_after

    @property
    def heartbeat_interval(self) -> timedelta:
        """How often the holder refreshes: a fifth of the stale time, 1 s … 2 min."""
        seconds = min(max(self.stale_after.total_seconds() / 5, 1.0), 120.0)
        return timedelta(seconds=seconds)

    # ------------------------------------------------------------------ writing

    def _record(self) -> LockInfo:
        now = self.clock()
        if self.since is None:
            self.since = now
        return LockInfo(user=self.user, machine=self.machine, pid=self.pid, since=self.since,
                        heartbeat=now, token=self.token, stale_after=self.stale_after,
                        app_version=app_version(), database=self.database.name)

    def _temp_path(self) -> Path:
        return self.path.with_name(f".{self.path.name}.{self.token}.tmp")

    def _write_temp(self, record: LockInfo) -> Path:
        temp = self._temp_path()
        data = record.to_json().encode("utf-8")
        try:
            with temp.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise LockError(_explain_os_error(error, self.path.parent)) from error
        return temp

    def _create(self, record: LockInfo) -> bool:
        """Create the record only if no record exists; True when it is now ours."""
        temp = self._write_temp(record)
        try:
            try:
                os.link(temp, self.path)
                return True
            except FileExistsError:
                with contextlib.suppress(OSError):
                    if os.stat(temp).st_nlink == 2:  # NFS: the link was made, the reply lost
                        return True
                return False
            except (OSError, NotImplementedError, AttributeError) as error:
                if isinstance(error, OSError) and error.errno not in _NO_HARD_LINKS:
                    raise LockError(_explain_os_error(error, self.path.parent)) from error
            # No hard links here: an exclusive create (SMB CREATE_NEW) is atomic too.
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                             0o644)
            except FileExistsError:
                return False
            except OSError as error:
                raise LockError(_explain_os_error(error, self.path.parent)) from error
            try:
                os.write(fd, record.to_json().encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
            return True
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()

    def _replace(self, record: LockInfo) -> None:
        temp = self._write_temp(record)
        try:
            for attempt in range(5):
                try:
                    os.replace(temp, self.path)
                    return
                except PermissionError:
                    # Windows refuses while a reader has the file open for a moment.
                    if attempt == 4:
                        raise
                    time.sleep(0.05 * (attempt + 1))
        except OSError as error:
            raise LockError(_explain_os_error(error, self.path.parent)) from error
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()

    def acquire(self) -> None:
        """Take the lock, or raise :class:`DatabaseLockedError` naming the holder.

        A record left behind by a crash of this user on this machine is taken over
        at once; any other record, stale or not, needs :meth:`take_over`.
        """
        if self.held:
            return
        for _attempt in range(3):
            if self._create(self._record()):
                self.held, self.lost_to = True, None
                log.info("lock taken: %s", self.path)
                return
            holder = self.read()
            if holder is None:
                continue  # released between our attempt and our look
            if self.crashed_here(holder):
                log.warning("taking over the lock left by crashed process %s", holder.pid)
                self._take()
                return
            raise DatabaseLockedError(self.database, holder, self.is_stale(holder), self.clock())
        raise LockError(f"De vergrendeling van {self.database.name} wisselt steeds; probeer het opnieuw.")

    def take_over(self, holder: LockInfo) -> None:
        """Replace ``holder``'s record by ours, if it is still that record and still stale."""
        current = self.read()
        if current is None:
            self.acquire()
            return
        if current.token != holder.token or current.pid != holder.pid:
            raise DatabaseLockedError(self.database, current, self.is_stale(current), self.clock())
        if not self.is_stale(current):
            raise DatabaseLockedError(self.database, current, False, self.clock())
        log.warning("taking over stale lock of %s", current.holder_text)
        self._take()

    def _take(self) -> None:
        self._replace(self._record())
        time.sleep(0.05)  # let a competing take-over land, then see who won
        now = self.read()
        if not self.is_mine(now):
            if now is None:
                raise LockError(f"De vergrendeling van {self.database.name} verdween tijdens het overnemen; "
                                "probeer het opnieuw.")
            raise DatabaseLockedError(self.database, now, False, self.clock())
        self.held, self.lost_to = True, None

    def heartbeat(self) -> bool:
        """Refresh our record; False (and ``lost_to`` set) when someone else took over.

        Raises :class:`LockError` when the folder cannot be reached right now; the
        caller keeps trying on the next beat.
        """
        with self._mutex:
            return self._heartbeat()

    def _heartbeat(self) -> bool:
        if not self.held:
            return False
        current = self.read()
        if current is None:
            # Someone removed our record; put it back unless another got there first.
            if self._create(self._record()):
                return True
            current = self.read()
        if current is not None and not self.is_mine(current):
            self.held, self.lost_to = False, current
            log.warning("lock lost to %s", current.holder_text)
            return False
        self._replace(self._record())
        return True

    def set_stale_after(self, stale_after: timedelta) -> None:
        """Use another stale time from now on (written at the next heartbeat)."""
        self.stale_after = stale_after

    def release(self) -> None:
        """Remove our record (never someone else's); errors are logged, not raised."""
        with self._mutex:
            self._release()

    def _release(self) -> None:
        if not self.held:
            return
        self.held = False
        try:
            current = self.read()
            if self.is_mine(current):
                self.path.unlink()
                log.info("lock released: %s", self.path)
        except (OSError, LockError) as error:
            log.warning("could not remove lock %s: %s", self.path, error)

    def info(self) -> LockInfo:
        """Our own record as it would be written now."""
        return replace(self._record())

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


class HeartbeatThread:
    """Keeps a lock alive from a daemon thread (long CLI commands; the GUI uses a QTimer)."""

    def __init__(self, lock: DatabaseLock) -> None:
        self.lock = lock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ivpdesk-lock-heartbeat", daemon=True)

    def start(self) -> HeartbeatThread:
        self._thread.start()
        return self

    def _run(self) -> None:
        interval = self.lock.heartbeat_interval.total_seconds()
        while not self._stop.wait(interval):
            try:
                if not self.lock.heartbeat():
                    return
            except LockError as error:
                log.warning("heartbeat failed: %s", error)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)
