"""The one place that asks the system for the date, so tests can inject a clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

Clock = Callable[[], date]


def now_local() -> datetime:
    """Aware local time (the officer's wall clock)."""
    return datetime.now(UTC).astimezone()


def today() -> date:
    """Today's date on the officer's machine."""
    return now_local().date()
