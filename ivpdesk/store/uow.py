"""Unit of work: one session and one transaction per user action.

Following Cosmic Python's pattern: repositories never commit; the caller does
``with db.uow() as uow: ...; uow.commit()``. Leaving the block without commit (or
with an exception) rolls everything back, so an import is all or nothing.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ivpdesk.store.db import make_engine, sqlite_path, sqlite_url
from ivpdesk.store.errors import is_storage_error, storage_error
from ivpdesk.store.repositories import (
    ActivityRepository,
    ChangeRecorder,
    ControlMomentRepository,
    ImplementationPlanRepository,
    IndicatorRepository,
    PartnerRepository,
    PlanReader,
    ReminderStateRepository,
    SafetyPlanRepository,
    SectionRepository,
    SettingsRepository,
    ThemeRepository,
)

if TYPE_CHECKING:
    from ivpdesk.store.lock import DatabaseLock


def current_user() -> str:
    """The login name of the person using the program (Windows or Unix)."""
    for variable in ("IVPDESK_USER", "USERNAME", "USER", "LOGNAME"):
        value = os.environ.get(variable)
        if value:
            return value
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not worth crashing for
        return "onbekend"


class UnitOfWork:
    """Repositories sharing one session; commit explicitly, roll back otherwise."""

    session: Session

    def __init__(self, session_factory: sessionmaker[Session], actor: str, source: str) -> None:
        self._session_factory = session_factory
        self.actor = actor
        self.source = source

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        changes = ChangeRecorder(self.session, self.actor, self.source)
        self.changes = changes
        self.safety_plans = SafetyPlanRepository(self.session, changes)
        self.plans = ImplementationPlanRepository(self.session, changes)
        self.themes = ThemeRepository(self.session, changes)
        self.sections = SectionRepository(self.session, changes)
        self.partners = PartnerRepository(self.session, changes)
        self.activities = ActivityRepository(self.session, changes, self.partners)
        self.indicators = IndicatorRepository(self.session, changes)
        self.control_moments = ControlMomentRepository(self.session, changes)
        self.settings = SettingsRepository(self.session)
        self.reminders = ReminderStateRepository(self.session)
        self.reader = PlanReader(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            try:
                self.session.rollback()  # no-op after commit; undoes anything uncommitted
            finally:
                self.session.close()
        except DBAPIError as cleanup_error:
            if exc is None:
                raise storage_error(cleanup_error) from cleanup_error
        # A full disk, a lost network drive or a read-only file: tell the officer in
        # Dutch (SQLite has rolled the transaction back; nothing is half-saved).
        if exc is not None and isinstance(exc, DBAPIError) and is_storage_error(exc):
            raise storage_error(exc) from exc

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class Database:
    """An opened database: engine, session factory and the unit-of-work entry point."""

    def __init__(self, url: str, *, read_only: bool = False, actor: str | None = None) -> None:
        self.url = url
        self.read_only = read_only
        self.actor = actor or current_user()
        self.engine: Engine = make_engine(url, read_only=read_only)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # The shared-file lock held while this database is open for writing (released
        # by dispose()); why it was opened read-only; notes for the officer from opening
        # (e.g. "the daily backup failed"). Set by ivpdesk.services.database.
        self.lock: DatabaseLock | None = None
        self.read_only_reason = ""
        self.notices: list[str] = []
        self._dispose_hooks: list[Callable[[], None]] = []

    @classmethod
    def open_file(cls, path: Path, *, read_only: bool = False, actor: str | None = None) -> Database:
        return cls(sqlite_url(path, read_only=read_only), read_only=read_only, actor=actor)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for another kind of database."""
        return sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        path = self.path
        return str(path) if path is not None else self.engine.url.render_as_string(hide_password=True)

    def uow(self, source: str = "gui") -> UnitOfWork:
        return UnitOfWork(self._sessions, self.actor, source)

    def add_dispose_hook(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` (once) when the database is disposed, before the lock is released."""
        self._dispose_hooks.append(hook)

    def dispose(self) -> None:
        """Close every connection and release the shared-file lock (idempotent)."""
        hooks, self._dispose_hooks = self._dispose_hooks, []
        for hook in hooks:
            hook()
        self.engine.dispose()
        lock, self.lock = self.lock, None
        if lock is not None:
            lock.release()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.dispose()
