"""Excel import: real-world uitvoeringsplan workbooks into a new plan, all or nothing.

Public API (other features code against these names):

* :func:`analyse_workbook` – read and interpret a workbook, write nothing;
* :func:`import_workbook` – write it into the database in one transaction;
* :class:`ImportAnalysis`, :class:`ImportReport`, :class:`ImportOverrides`.

Modules: ``workbook`` (file checks, bounded reading), ``headers`` (column names),
``themes`` (banners, kinds, catalogue), ``cells`` (bullets, titles, partners),
``indicators``, ``analyse`` (layout detection), ``report``, ``writer``, ``memory``
(remembered column mappings).
"""

from ivpdesk.services.import_xlsx.analyse import analyse_workbook
from ivpdesk.services.import_xlsx.errors import NothingToImportError, WorkbookError
from ivpdesk.services.import_xlsx.memory import remember_overrides, remembered_overrides
from ivpdesk.services.import_xlsx.model import (
    ImportAnalysis,
    ImportOverrides,
    RowNote,
    SheetAnalysis,
    SheetOverride,
)
from ivpdesk.services.import_xlsx.report import ImportReport
from ivpdesk.services.import_xlsx.writer import import_workbook, write_analysis

__all__ = [
    "ImportAnalysis",
    "ImportOverrides",
    "ImportReport",
    "NothingToImportError",
    "RowNote",
    "SheetAnalysis",
    "SheetOverride",
    "WorkbookError",
    "analyse_workbook",
    "import_workbook",
    "remember_overrides",
    "remembered_overrides",
    "write_analysis",
]
