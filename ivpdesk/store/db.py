"""Engine set-up: SQLite pragmas that keep two officers' edits safe, or a PostgreSQL URL.

Why these settings (see ../shared/platform-notes.md, measured here):

* pysqlite's default deferred ``BEGIN`` let two processes doing read-then-write
  transactions lose half their updates silently. We switch the driver's own
  transaction handling off and start every transaction with ``BEGIN IMMEDIATE``
  (SQLAlchemy's documented pysqlite recipe), plus a busy timeout, so a second
  writer waits instead of overwriting.
* The rollback journal (``journal_mode=DELETE``) rather than WAL: WAL needs shared
  memory and does not work on network file systems, where the officers keep the file.
* Foreign keys on, so deleting a theme deletes its onderdelen and activities.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_SECONDS = 15


def sqlite_url(path: Path, *, read_only: bool = False) -> str:
    resolved = Path(path).expanduser().resolve()
    if read_only:
        return f"sqlite:///file:{resolved.as_posix()}?mode=ro&uri=true"
    return f"sqlite:///{resolved.as_posix()}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, read_only: bool = False, echo: bool = False) -> Engine:
    """Create an engine for ``url``; SQLite files get the safe pragmas described above."""
    if not is_sqlite(url):
        return create_engine(url, echo=echo, pool_pre_ping=True)

    engine = create_engine(
        url,
        echo=echo,
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Stop pysqlite from issuing its own BEGIN; we emit BEGIN IMMEDIATE below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
            if not read_only:
                cursor.execute("PRAGMA journal_mode=DELETE")
                cursor.execute("PRAGMA synchronous=FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for memory or other databases)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    database = parsed.database
    if database.startswith("file:"):
        database = database[len("file:"):].split("?", 1)[0]
    if database in ("", ":memory:"):
        return None
    return Path(database)
