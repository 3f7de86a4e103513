"""Errors of the Excel import, each with a Dutch message the officer can act on."""

from __future__ import annotations

from ivpdesk.domain.errors import DomainError


class WorkbookError(DomainError):
    """The file cannot be read as an Excel workbook (wrong format, damaged, too big …).

    Raised before anything is written, so the database is always exactly as before.
    """


class NothingToImportError(DomainError):
    """The workbook was read, but no activity or indicator was recognised in it."""
