"""Helpers for the Excel export / re-import tests: real files, real database dumps."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select

from ivpdesk.services.xlsx_layout import COLUMNS, RowKey
from ivpdesk.store.tables import Base
from ivpdesk.store.uow import Database

COL = {c.field: index for index, c in enumerate(COLUMNS, start=1)}  # field → 1-based column


def dump(db: Database) -> dict[str, dict[Any, dict[str, Any]]]:
    """Every row of every table, keyed by primary key: for 'nothing else changed' checks."""
    result: dict[str, dict[Any, dict[str, Any]]] = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = {}
            for row in connection.execute(select(table)):
                mapping = dict(row._mapping)
                key = tuple(mapping[c.name] for c in table.primary_key.columns)
                rows[key] = mapping
            result[table.name] = rows
    return result


def diff(before: dict[str, dict[Any, dict[str, Any]]],
         after: dict[str, dict[Any, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Per table: added and removed keys, and changed columns per key."""
    changes: dict[str, dict[str, Any]] = {}
    for table in before:
        old, new = before[table], after[table]
        added = sorted(set(new) - set(old))
        removed = sorted(set(old) - set(new))
        changed = {}
        for key in set(old) & set(new):
            columns = {c for c in old[key] if old[key][c] != new[key][c]}
            if columns:
                changed[key] = columns
        if added or removed or changed:
            changes[table] = {"added": added, "removed": removed, "changed": changed}
    return changes


def row_of(ws: Any) -> dict[int, int]:
    """activity id → sheet row number, read from the hidden key column."""
    found = {}
    for number in range(2, ws.max_row + 1):
        key = RowKey.parse(ws.cell(number, COL["sleutel"]).value)
        if key is not None:
            found[key.activity_id] = number
    return found


def edit(path: Path, changes: dict[tuple[int, str], Any], *, out: Path | None = None,
         append: list[dict[str, Any]] | None = None, delete: list[int] | None = None) -> Path:
    """Edit an export like a partner would (openpyxl): cells by (activity id, field)."""
    workbook = openpyxl.load_workbook(path)
    ws = workbook["Activiteiten"]
    rows = row_of(ws)
    for (activity_id, field), value in changes.items():
        ws.cell(rows[activity_id], COL[field]).value = value
    for values in append or []:
        number = ws.max_row + 1
        for field, value in values.items():
            ws.cell(number, COL[field]).value = value
    for activity_id in sorted(delete or [], key=lambda a: -rows[a]):
        ws.delete_rows(rows[activity_id])
    target = out or path
    workbook.save(target)
    return target


def soffice_convert(source: Path, target_dir: Path, fmt: str) -> Path:
    """Convert with LibreOffice headless in its own profile (as a partner's LibreOffice would)."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    assert binary, "LibreOffice (soffice) is required: apt-get install libreoffice-calc-nogui"
    profile = target_dir / "lo-profile"
    target_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, HOME=str(target_dir))
    subprocess.run(
        [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(target_dir), str(source)],
        check=True, capture_output=True, timeout=180, env=env,
    )
    extension = fmt.split(":")[0]
    converted = target_dir / f"{source.stem}.{extension}"
    assert converted.exists(), f"LibreOffice wrote no {converted.name}"
    return converted
