"""Typed errors that carry a Dutch message for the officer.

Core code raises these; the UI and the CLI show ``message`` as is. The English
``str()`` of an error is never shown to the user.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class: an error the officer can understand and act on (CLI exit code 1)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """A value breaks a rule of the domain; ``field`` names the offending attribute."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(DomainError):
    """The requested plan, theme or activity does not exist (any more)."""


class StaleEditError(DomainError):
    """Someone else saved the same row since it was read: the edit is refused, not lost.

    ``current`` holds the row as it is now in the database (a domain object), so the
    UI can show the other change and let the officer reload or re-apply hers.
    """

    def __init__(self, message: str, current: object | None = None) -> None:
        super().__init__(message)
        self.current = current
