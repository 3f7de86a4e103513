"""The streaming xlsx reader against openpyxl (the reference) and hand-written OOXML."""

from __future__ import annotations

import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font, PatternFill

from ivpdesk.services.import_xlsx.text import clean_cell
from ivpdesk.services.import_xlsx.workbook import load_grids
from tests.unit.import_xlsx.builder import Book, raw_xlsx

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _reference(path: Path) -> list[dict[str, Any]]:
    """What openpyxl's normal load sees: values, bold, fill, merges, hidden rows/columns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in workbook.worksheets:
        values, bold, filled = {}, set(), set()
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None or (isinstance(value, str) and not clean_cell(value)):
                    continue
                values[(cell.row, cell.column)] = clean_cell(value) if isinstance(value, str) else value
                if cell.font is not None and cell.font.b:
                    bold.add((cell.row, cell.column))
                if cell.fill is not None and cell.fill.fill_type not in (None, "none"):
                    filled.add((cell.row, cell.column))
        sheets.append({
            "name": ws.title, "values": values, "bold": bold, "filled": filled,
            "merged": {(m.min_row, m.min_col): (m.max_row - m.min_row + 1, m.max_col - m.min_col + 1)
                       for m in ws.merged_cells.ranges},
            "hidden_rows": {i for i, d in ws.row_dimensions.items() if d.hidden},
            "hidden_columns": {c for d in ws.column_dimensions.values() if d.hidden
                               for c in range(d.min, d.max + 1)},
            "state": ws.sheet_state,
        })
    return sheets


def _ours(path: Path) -> list[dict[str, Any]]:
    return [{
        "name": g.name,
        "values": {(r, c): v for r, cells in g.cells.items() for c, v in cells.items()},
        "bold": g.bold, "filled": g.filled, "merged": g.merge_size,
        "hidden_rows": g.hidden_rows, "hidden_columns": g.hidden_columns, "state": g.state,
    } for g in load_grids(path).sheets]


def test_reader_matches_openpyxl(tmp_path: Path) -> None:
    book = Book()
    sheet = book.sheet("Plan")
    sheet.row("Titel  met\u00a0spaties ", bold=True, merge_across=4)
    sheet.banner("Prioriteit 1: Drugs", 4)
    sheet.header("onderdeel", "activiteit", "planning", "budget")
    first = sheet.row("Preventie", "Regel één\nRegel twee", datetime(2026, 3, 1), 1250.5)
    sheet.row(None, "Tweede", datetime(2026, 3, 1, 14, 30), 0.35)
    sheet.merge_down(1, first, first + 1)
    sheet.ws.cell(first + 1, 4).number_format = "0%"
    sheet.row("Bool", True, 7, -3)
    sheet.hide_row(first)
    sheet.hide_column(3)
    other = book.sheet("Verborgen")
    other.row("x", "y")
    other.ws.sheet_state = "hidden"
    red = book.sheet("Kleur")
    cell = red.ws.cell(2, 2, "gevuld")
    cell.fill = PatternFill("solid", fgColor="FF0000")
    cell.font = Font(bold=True, italic=True)
    path = book.save(tmp_path / "vergelijk.xlsx")

    assert _ours(path) == _reference(path)
    grid = load_grids(path).sheets[0]
    assert (first + 1, 4) in grid.percent


def test_shared_strings_rich_text_escapes_styles_and_1904_dates(tmp_path: Path) -> None:
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {MAIN} count="4" uniqueCount="4">'
        "<si><t>activiteit</t></si>"
        '<si><r><rPr><b/></rPr><t>Rijke </t></r><r><t xml:space="preserve">tekst</t></r>'
        "<rPh><t>FONETISCH</t></rPh></si>"
        "<si><t>regel_x000D_\nnieuw &amp; oud</t></si>"
        "<si><t>planning</t></si></sst>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {MAIN}>'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        '<fonts count="2"><font/><font><b/></font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFF4B183"/></patternFill></fill></fills>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="2"/><xf numFmtId="164" fontId="0" fillId="0"/>'
        '<xf numFmtId="10" fontId="0" fillId="0"/></cellXfs></styleSheet>'
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {MAIN}><sheetData>'
        '<row r="1"><c r="A1" t="s" s="1"><v>0</v></c><c r="B1" t="s"><v>3</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="2"><v>0</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" s="3"><v>0.035</v></c></row>'
        '<row r="4"><c r="A4" t="e"><v>#REF!</v></c><c r="B4" t="str"><f>A1</f><v>berekend</v></c>'
        '<c r="C4"><f>1+1</f></c></row>'
        '</sheetData><mergeCells count="1"><mergeCell ref="C1:D1"/></mergeCells></worksheet>'
    )
    path = raw_xlsx(tmp_path / "hand.xlsx", sheet, extra={
        "xl/sharedStrings.xml": shared, "xl/styles.xml": styles,
    }, workbook_pr='<workbookPr date1904="1"/>')
    grid = load_grids(path).sheets[0]
    assert grid.cells == {
        1: {1: "activiteit", 2: "planning"},
        2: {1: "Rijke tekst", 2: datetime(1904, 1, 1)},
        3: {1: "regel\nnieuw & oud", 2: 0.035},
        4: {2: "berekend"},
    }
    assert grid.bold == {(1, 1)} and grid.filled == {(1, 1)}
    assert grid.percent == {(3, 2)}
    assert grid.formulas_without_value == {(4, 3)}
    assert grid.merge_size == {(1, 3): (1, 2)}


def test_doctype_in_a_part_is_refused(tmp_path: Path) -> None:
    import pytest

    from ivpdesk.services.import_xlsx import WorkbookError

    sheet = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet {MAIN}>'
             "<sheetData/></worksheet>")
    path = raw_xlsx(tmp_path / "dtd.xlsx", sheet)
    with pytest.raises(WorkbookError) as caught:
        load_grids(path)
    assert "beschadigd of geen geldige Excel-werkmap" in caught.value.message
