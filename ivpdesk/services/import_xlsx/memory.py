"""Remembering the officer's corrected column mapping for the next file with the same headers.

Stored in the database's settings table (so both officers share it) under
``import.kolommen.<signature>``, where the signature is a hash of the header row's
folded texts and their columns. When a new file has a row with the same signature
in its first rows, that row becomes the header row and the stored columns are used.
"""

from __future__ import annotations

import json

from ivpdesk.services.import_xlsx.headers import header_signature
from ivpdesk.services.import_xlsx.model import ImportAnalysis, ImportOverrides, SheetOverride
from ivpdesk.store.uow import UnitOfWork

SETTING_PREFIX = "import.kolommen."


def remembered_overrides(uow: UnitOfWork, analysis: ImportAnalysis) -> tuple[ImportOverrides, list[str]]:
    """Overrides from earlier corrections that fit this workbook, and the sheets they apply to."""
    overrides = ImportOverrides()
    applied: list[str] = []
    for sheet in analysis.sheets:
        for row, texts in sorted(sheet.top_rows.items()):
            if len(texts) < 2:
                continue
            stored = uow.settings.get(SETTING_PREFIX + header_signature(texts))
            if not stored:
                continue
            try:
                data = json.loads(stored)
                columns = {int(k): v for k, v in data["columns"].items()}
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
            overrides.sheets[sheet.name] = SheetOverride(header_row=row, columns=columns)
            applied.append(sheet.name)
            break
    return overrides, applied


def remember_overrides(uow: UnitOfWork, analysis: ImportAnalysis, sheet_names: list[str]) -> int:
    """Store the (corrected) columns of ``sheet_names`` as found in ``analysis``; returns count.

    The caller commits. ``analysis`` is the analysis made *with* the corrections.
    """
    stored = 0
    for name in sheet_names:
        sheet = analysis.sheet(name)
        if sheet is None or sheet.header_row is None:
            continue
        texts = sheet.top_rows.get(sheet.header_row) or {c.index: c.header for c in sheet.columns if c.header}
        if len(texts) < 2:
            continue
        columns = {str(c.index): c.field for c in sheet.columns if c.field}
        uow.settings.set(SETTING_PREFIX + header_signature(texts),
                         json.dumps({"columns": columns}, ensure_ascii=False))
        stored += 1
    return stored
