"""A small builder for test workbooks: rows, merges, bold/filled cells, hidden rows.

Every fixture in these tests is generated here with openpyxl (fictional gemeenten, our
own words), so each layout rule has a workbook that shows exactly that layout.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

BANNER_FILL = PatternFill("solid", fgColor="F4B183")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")


class SheetBuilder:
    def __init__(self, sheet: Any) -> None:
        self.ws = sheet
        self.current = 0

    def row(self, *values: Any, bold: bool = False, fill: PatternFill | None = None,
            merge_across: int | None = None, at: int | None = None) -> int:
        """Write ``values`` from column A on the next row (or row ``at``); returns its number."""
        self.current = at if at is not None else self.current + 1
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = self.ws.cell(row=self.current, column=column, value=value)
            if bold:
                cell.font = Font(bold=True)
            if fill is not None:
                cell.fill = fill
        if merge_across:
            self.ws.merge_cells(start_row=self.current, start_column=1, end_row=self.current,
                                end_column=merge_across)
        return self.current

    def blank(self, count: int = 1) -> None:
        self.current += count

    def header(self, *names: str) -> int:
        return self.row(*names, bold=True, fill=HEADER_FILL)

    def banner(self, text: str, width: int, *, fill: PatternFill | None = BANNER_FILL) -> int:
        return self.row(text, bold=True, fill=fill, merge_across=width)

    def merge_down(self, column: int, first: int, last: int) -> None:
        self.ws.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)

    def hide_row(self, row: int) -> None:
        self.ws.row_dimensions[row].hidden = True

    def hide_column(self, column: int) -> None:
        self.ws.column_dimensions[get_column_letter(column)].hidden = True


class Book:
    def __init__(self) -> None:
        self.wb = Workbook()
        self._first = True

    def sheet(self, title: str) -> SheetBuilder:
        if self._first:
            ws = self.wb.active
            ws.title = title
            self._first = False
        else:
            ws = self.wb.create_sheet(title)
        return SheetBuilder(ws)

    def save(self, path: Path) -> Path:
        self.wb.save(path)
        return path


def raw_xlsx(path: Path, sheet_xml: str | bytes, *, compress: int = zipfile.ZIP_DEFLATED,
             extra: dict[str, str] | None = None, workbook_pr: str = "") -> Path:
    """A minimal .xlsx written by hand (huge sheets, formulas, shared strings, styles, bombs).

    ``extra`` adds parts: "xl/sharedStrings.xml" and "xl/styles.xml" are linked from the
    workbook's relationships.
    """
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
        'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="'
        '/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/'
        'workbook.xml"/></Relationships>'
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships">{workbook_pr}<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets>'
        '</workbook>'
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
        'sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", compress) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return path


def sheet_xml(rows: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    )


def inline_row(row: int, *values: str) -> str:
    cells = "".join(
        f'<c r="{get_column_letter(i)}{row}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values, start=1) if v
    )
    return f'<row r="{row}">{cells}</row>'
