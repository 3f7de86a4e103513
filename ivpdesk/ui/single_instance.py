"""One IVP Desk window per user and database: a second start brings the first to the front.

Pattern of Vorta's ``qt_single_application.py``: the first start listens on a
QLocalServer (a named pipe on Windows, a socket file in the temp folder on Linux);
a later start connects to it, asks the running instance to show its window and
exits, so two processes never write one database from the same account. The name is
keyed on the user *and* the database path, so the officer may still have two
different databases open side by side.

Who is first is decided by a QLockFile next to the socket (two starts at the same
moment cannot both win). After a crash the lock file and, on Linux, the socket file
stay behind; the lock names a process that no longer exists, so it counts as stale,
and the new owner removes the old socket before it listens.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import re
import sys
import time
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget

from ivpdesk.paths import Paths

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
ACKNOWLEDGE = b"ok\n"
CONNECT_TIMEOUT_MS = 3000
ANSWER_TIMEOUT_MS = 3000


class Claim(Enum):
    """Outcome of :meth:`SingleInstance.claim`."""

    PRIMARY = "primary"  # we listen now: open the database and the window
    ACTIVATED = "activated"  # another instance showed its window: exit 0
    BUSY = "busy"  # another instance holds the name but did not answer in time
    RUNNING = "running"  # another instance runs; it was left alone (smoke test)


def database_key(db_target: str | None, paths: Paths) -> str:
    """The database as one normalised string: an absolute, case-folded path or the URL."""
    if db_target is not None and "://" in db_target:
        return db_target
    path = paths.default_db if db_target is None else Path(db_target).expanduser()
    return os.path.normcase(str(path.resolve()))


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (service account, odd container)
        return f"uid{os.getuid()}" if hasattr(os, "getuid") else "gebruiker"


def server_name(db_target: str | None, paths: Paths, user: str | None = None) -> str:
    """``ivpdesk-<user>-<hash of user and database>``: short enough for a Unix socket path."""
    user = user or current_user()
    digest = hashlib.sha256(f"{user}\0{database_key(db_target, paths)}".encode()).hexdigest()
    readable = re.sub(r"[^A-Za-z0-9_.-]", "_", user)[:24]
    return f"ivpdesk-{readable}-{digest[:16]}"


class SingleInstance(QObject):
    """Owns the local server of the first instance; see :meth:`claim`."""

    activation_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server: QLocalServer | None = None
        self._lock: QLockFile | None = None
        self.connect_timeout_ms = CONNECT_TIMEOUT_MS
        self.answer_timeout_ms = ANSWER_TIMEOUT_MS

    @classmethod
    def for_database(cls, db_target: str | None, paths: Paths,
                     parent: QObject | None = None) -> SingleInstance:
        return cls(server_name(db_target, paths), parent)

    # ------------------------------------------------------------------ second start

    def _connect(self) -> QLocalSocket | None:
        """Connect to the running instance; it may still be starting, so retry briefly."""
        deadline = time.monotonic() + self.connect_timeout_ms / 1000
        while True:
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(200):
                return socket
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.1)

    def _ask_running_instance(self, activate: bool) -> Claim:
        socket = self._connect()
        if socket is None:
            return Claim.BUSY  # holds the lock but does not listen: hung or broken
        if not activate:
            socket.abort()
            return Claim.RUNNING
        if sys.platform == "win32":
            # The user just started us, so we may hand the foreground to the first window.
            import ctypes

            ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
        socket.write(ACTIVATE)
        socket.waitForBytesWritten(self.answer_timeout_ms)
        answer = b""
        while ACKNOWLEDGE not in answer and socket.waitForReadyRead(self.answer_timeout_ms):
            answer += bytes(socket.readAll().data())
        socket.abort()
        return Claim.ACTIVATED if ACKNOWLEDGE in answer else Claim.BUSY

    # ------------------------------------------------------------------ first start

    def _listen(self) -> bool:
        # We hold the lock, so any socket under our name is left by a crashed instance.
        leftover = Path(QDir.tempPath()) / self.name  # Linux; Windows pipes leave no file
        if leftover.exists():
            log.info("single instance: removing socket %s left by a crashed instance", leftover)
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("single instance: cannot listen on %s: %s", self.name, server.errorString())
            return False
        server.newConnection.connect(self._on_new_connection)
        self.server = server
        log.info("single instance: listening on %s", server.fullServerName())
        return True

    def claim(self, *, activate_other: bool = True) -> Claim:
        """Become the instance for this database, or hand over to the one that runs.

        A lock file decides who is first, race-free: QLockFile stores the owner's process
        id and treats the lock of a process that no longer exists as stale, so a crash
        never blocks the next start. The local server is only the message channel.
        If the temp folder is unusable we still start: refusing to open the officer's
        plan would be worse than the (locked) database the store guards anyway.
        """
        lock = QLockFile(str(Path(QDir.tempPath()) / f"{self.name}.lock"))
        lock.setStaleLockTime(0)  # stale only when the owner process is gone, never by age
        if lock.tryLock(0):
            self._lock = lock
            self._listen()
            return Claim.PRIMARY
        if lock.error() != QLockFile.LockError.LockFailedError:
            log.warning("single instance: cannot use lock file %s (%s); starting anyway",
                        lock.fileName(), lock.error())
            return Claim.PRIMARY
        return self._ask_running_instance(activate_other)

    def _on_new_connection(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._on_ready_read(c))
            connection.disconnected.connect(connection.deleteLater)

    def _on_ready_read(self, connection: QLocalSocket) -> None:
        message = bytes(connection.readAll().data())
        if ACTIVATE in message:
            connection.write(ACKNOWLEDGE)
            connection.flush()
            log.info("single instance: second start on the same database, window brought to front")
            self.activation_requested.emit()
        connection.disconnectFromServer()

    def release(self) -> None:
        """Stop listening (removes the socket file on Linux) and give up the lock."""
        if self.server is not None:
            self.server.close()
            self.server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


def bring_to_front(window: QWidget) -> None:
    """Show ``window`` un-minimised on top, or its open dialog when one is modal."""
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        window.setWindowState((state & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
    modal = QApplication.activeModalWidget()
    if modal is not None and modal is not window:
        modal.raise_()
        modal.activateWindow()


def second_start_message(claim: Claim) -> str:
    """The Dutch line for the officer (stderr, or a message box when not activated)."""
    if claim is Claim.ACTIVATED:
        return "IVP Desk is al geopend op deze database; dat venster staat nu vooraan."
    if claim is Claim.RUNNING:
        return "IVP Desk is al geopend op deze database."
    return (
        "IVP Desk is al geopend op deze database, maar dat venster reageert niet. "
        "Wacht even en probeer het opnieuw, of sluit het andere venster."
    )
