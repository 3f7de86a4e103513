"""Is this file a healthy IVP Desk database? Checked before anything writes to it.

* :func:`recover` lets SQLite roll back a *hot journal* left by a crash (a process
  killed in the middle of a transaction). That is SQLite's own recovery and must
  happen before a read-only connection can read the file at all.
* :func:`quick_check` runs ``PRAGMA quick_check`` on a read-only connection: a
  damaged database is reported, never written to.
* :func:`schema_revision` reads the Alembic revision without SQLAlchemy, so a file
  of a newer IVP Desk is recognised before any migration code touches it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

JOURNAL_SUFFIX = "-journal"


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True, timeout=15)


class HotJournalError(Exception):
    """A crashed writer left a transaction to roll back; a read-only connection cannot."""


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + JOURNAL_SUFFIX)


def has_hot_journal(path: Path) -> bool:
    """A journal file exists. (Hot only if no live writer holds it: SQLite decides that.)"""
    journal = journal_path(path)
    try:
        return journal.exists() and journal.stat().st_size > 0
    except OSError:
        return False


def recover(path: Path) -> None:
    """Roll back a transaction a crashed process left behind (needs write access)."""
    if not has_hot_journal(path):
        return
    connection = sqlite3.connect(path, timeout=15)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    problems: list[str]

    @property
    def summary(self) -> str:
        if self.ok:
            return "in orde"
        first = self.problems[0] if self.problems else "onbekende fout"
        more = f" (en {len(self.problems) - 1} andere meldingen)" if len(self.problems) > 1 else ""
        return f"{first}{more}"


def _check(path: Path, pragma: str) -> CheckResult:
    """Run the check read-only; raises HotJournalError when a crash must be rolled back first.

    A journal beside the file while a colleague is saving is *not* hot: SQLite then just
    waits for her commit and checks the result.
    """
    try:
        connection = _read_only(path)
        try:
            rows = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}").fetchall()]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
            raise HotJournalError(str(error)) from error
        return CheckResult(False, [str(error)])
    if rows == ["ok"]:
        return CheckResult(True, [])
    return CheckResult(False, rows or ["geen antwoord van de controle"])


def quick_check(path: Path) -> CheckResult:
    """``PRAGMA quick_check`` (structure of every page and index, no index contents)."""
    return _check(path, "quick_check")


def integrity_check(path: Path) -> CheckResult:
    """The thorough ``PRAGMA integrity_check`` (used by tests and the crash benchmark)."""
    return _check(path, "integrity_check")


def schema_revision(path: Path) -> str | None:
    """The Alembic revision stored in the file, or None (new or not an IVP Desk file)."""
    try:
        connection = _read_only(path)
        try:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None


def read_setting(path: Path, key: str) -> str | None:
    """One value from the settings table without SQLAlchemy (before migrations run)."""
    try:
        connection = _read_only(path)
        try:
            row = connection.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return None
    return None if row is None else str(row[0])
