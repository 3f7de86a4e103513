"""Reading an (edited) IVP Desk Excel export: rows by column header, the hidden export record.

Kept apart from the comparison in :mod:`ivpdesk.services.xlsx_update` so that "what is
in the file" and "what it means for the database" stay two small, separate steps. The
workbook is opened read-only (streamed), never evaluated: a formula a partner typed is
read as its text and flagged.
"""

from __future__ import annotations

import json
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ivpdesk.domain.errors import DomainError
from ivpdesk.services.progress import Progress
from ivpdesk.services.xlsx_layout import (
    ACTIVITIES_SHEET,
    COLUMNS,
    MARKER,
    META_SHEET,
    STORED_FIELDS,
    RowKey,
    cell_text,
    normalise_line,
)

MAX_ROWS = 100_000


class UpdateFileError(DomainError):
    """The file cannot be read as an edited IVP Desk export."""


class NotAnExportError(UpdateFileError):
    """The workbook has no IVP Desk key column: it belongs to the normal import."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path.name} is geen Excel-export van IVP Desk (er is geen sleutelkolom). Gebruik "
            "de gewone import (Bestand → Importeren) voor dit bestand."
        )


@dataclass
class SheetRow:
    """One non-empty row of the Activiteiten sheet."""

    number: int
    values: dict[str, Any]  # field → raw cell value
    formulas: list[str]


@dataclass
class ExportFile:
    """What an edited export holds: its rows, its columns, and the hidden export record."""

    rows: list[SheetRow]
    present: set[str]  # fields whose column exists in the sheet
    meta: dict[str, str]
    exported: dict[str, dict[str, Any]] | None  # key → field → exported cell value


def open_workbook(path: Path) -> Any:
    from openpyxl import load_workbook

    if not path.exists():
        raise UpdateFileError(f"Het bestand {path} bestaat niet.")
    if path.suffix.lower() == ".xls":
        raise UpdateFileError(
            f"{path.name} is een oud Excel-bestand (.xls). Open het in Excel en sla het op als "
            "Excel-werkmap (.xlsx); verwerk dan dat bestand."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension is not supported" from LibreOffice files
            return load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UpdateFileError(
            f"{path.name} kan niet worden gelezen als Excel-werkmap (.xlsx): het bestand is "
            "beschadigd, beveiligd met een wachtwoord of geen Excel-bestand."
        ) from error


def _header_map(cells: Iterable[Any]) -> dict[int, str]:
    by_header = {normalise_line(c.header).lower(): c.field for c in COLUMNS}
    found: dict[int, str] = {}
    for index, value in enumerate(cells):
        text = normalise_line(cell_text(value)).lower()
        if text in by_header:
            found[index] = by_header[text]
        elif text.startswith("sleutel"):
            found[index] = "sleutel"
    return found


def _activities_sheet(workbook: Any) -> Any | None:
    if ACTIVITIES_SHEET in workbook.sheetnames:
        return workbook[ACTIVITIES_SHEET]
    for ws in workbook.worksheets:
        if ws.title == META_SHEET:
            continue
        first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
        if "sleutel" in _header_map(first).values():
            return ws
    return None


def _read_meta(workbook: Any) -> tuple[dict[str, str], dict[str, dict[str, Any]] | None]:
    if META_SHEET not in workbook.sheetnames:
        return {}, None
    ws = workbook[META_SHEET]
    meta: dict[str, str] = {}
    exported: dict[str, dict[str, Any]] = {}
    in_table = False
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if number == 1:
            if not row or row[0] != MARKER:
                return {}, None
            continue
        if not in_table:
            if not row or row[0] is None:
                continue
            if row[0] == "sleutel":
                in_table = True
                continue
            meta[str(row[0])] = cell_text(row[1] if len(row) > 1 else None)
            continue
        if not row or not row[0] or len(row) < 2:
            continue
        try:
            stored = json.loads(str(row[1]))
        except ValueError:
            continue  # damaged: this row is compared without its exported values
        if not isinstance(stored, dict):
            continue
        values: dict[str, Any] = {name: str(stored.get(name) or "") for name in STORED_FIELDS}
        try:
            values["deadline"] = date.fromisoformat(values["deadline"]) if values["deadline"] else None
        except ValueError:
            values["deadline"] = None
        exported[str(row[0])] = values
    return meta, exported


def read_export(path: Path, progress: Progress) -> ExportFile:
    workbook = open_workbook(path)
    try:
        ws = _activities_sheet(workbook)
        if ws is None:
            raise NotAnExportError(path)
        rows_iter = ws.iter_rows()
        header_cells = next(rows_iter, ())
        columns = _header_map(c.value for c in header_cells)
        if "sleutel" not in columns.values():
            raise NotAnExportError(path)
        meta, exported = _read_meta(workbook)
        rows: list[SheetRow] = []
        for number, cells in enumerate(rows_iter, start=2):
            if number > MAX_ROWS:
                raise UpdateFileError(
                    f"{path.name} heeft meer dan {MAX_ROWS:,} rijen; dat is geen bewerkte export "
                    "van IVP Desk. Er is niets gewijzigd.".replace(",", ".")
                )
            if number % 1000 == 0:
                progress.check()
                progress.step(number, 0, f"Rijen lezen ({number})…")
            values: dict[str, Any] = {}
            formulas: list[str] = []
            for index, cell in enumerate(cells):
                name = columns.get(index)
                if name is None:
                    continue
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f":
                    formulas.append(name)  # a formula typed by a partner: kept as its text
                if isinstance(value, str):
                    value = value if value.strip() else None
                values[name] = value
            if any(v is not None for v in values.values()):
                rows.append(SheetRow(number, values, formulas))
        return ExportFile(rows=rows, present=set(columns.values()), meta=meta, exported=exported)
    finally:
        workbook.close()


def export_origin(path: Path) -> tuple[str, int] | None:
    """(source, plan id) an IVP Desk export says it comes from, read from its first keys.

    Reads a few hundred rows at most, so "is this file from this database?" does not
    cost a full read of a large workbook. None for a file without IVP Desk keys.
    """
    try:
        workbook = open_workbook(Path(path))
    except DomainError:
        return None
    try:
        ws = _activities_sheet(workbook)
        if ws is None:
            return None
        rows = ws.iter_rows(values_only=True)
        columns = _header_map(next(rows, ()))
        key_index = next((i for i, f in columns.items() if f == "sleutel"), None)
        if key_index is None:
            return None
        for number, row in enumerate(rows):
            if number > 200:
                break
            key = RowKey.parse(row[key_index]) if key_index < len(row) else None
            if key is not None:
                return key.source, key.plan_id
        return None
    except Exception:  # noqa: BLE001 - any unreadable workbook is simply not ours
        return None
    finally:
        workbook.close()


def is_ivpdesk_export(path: Path) -> bool:
    """True when ``path`` is an xlsx exported by IVP Desk (our record sheet, or our keys)."""
    try:
        workbook = open_workbook(Path(path))
    except DomainError:
        return False
    try:
        if META_SHEET in workbook.sheetnames:
            first = next(workbook[META_SHEET].iter_rows(min_row=1, max_row=1, values_only=True), ())
            if first and first[0] == MARKER:
                return True
    except Exception:  # noqa: BLE001 - any unreadable workbook is simply not ours
        return False
    finally:
        workbook.close()
    return export_origin(path) is not None
