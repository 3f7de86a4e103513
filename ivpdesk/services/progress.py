"""How long-running services report progress and notice cancellation, without Qt.

Services take a :class:`Progress` (or ``None``) and call ``progress.step(...)`` and
``progress.check()``; the GUI passes one that feeds a progress dialog from a worker
thread, the CLI passes ``Progress.silent()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ivpdesk.domain.errors import DomainError

ProgressFn = Callable[[int, int, str], None]  # done, total, what is happening (Dutch)


class Cancelled(DomainError):
    """The officer pressed Annuleren; the work was rolled back."""

    def __init__(self, message: str = "Afgebroken; er is niets gewijzigd.") -> None:
        super().__init__(message)


@dataclass
class Progress:
    report: ProgressFn
    is_cancelled: Callable[[], bool]

    def step(self, done: int, total: int, what: str = "") -> None:
        self.report(done, total, what)

    def check(self) -> None:
        """Raise :class:`Cancelled` when the officer asked to stop."""
        if self.is_cancelled():
            raise Cancelled()

    @classmethod
    def silent(cls) -> Progress:
        return cls(report=lambda done, total, what: None, is_cancelled=lambda: False)
