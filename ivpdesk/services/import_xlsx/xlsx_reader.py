"""A lean, streaming reader for the parts of an .xlsx the importer needs.

Why not openpyxl's normal load: it builds a full object model (every cell a Python
object with styles) and took about five times longer than reading the same sheet XML
with ``iterparse``; its read-only mode has no merged cells. This reader streams each
worksheet, clears every row after use (memory stays bounded by the size limits in
:mod:`.workbook`), and keeps only what the layout rules use: values (shared and inline
strings, numbers, booleans, dates via the number format), cached formula results,
bold font, cell fill, percent formats, merged ranges and hidden rows/columns.
Macros are never touched: ``vbaProject.bin`` is not read at all.

The test suite checks this reader against openpyxl on every fixture.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime, time, timedelta
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError, iterparse

_LOCAL = re.compile(r"^\{[^}]*\}")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
_DATE_CODES = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_EPOCH_1900 = datetime(1899, 12, 30)  # noqa: DTZ001 - Excel serials are naive
_EPOCH_1904 = datetime(1904, 1, 1)  # noqa: DTZ001


class ReaderError(Exception):
    """The XML of a part is not what an .xlsx holds (the caller turns it into Dutch)."""


class TooManyRows(Exception):  # noqa: N818 - a condition, not a bug
    """A sheet has more rows than the limit; ``rows`` is the count when it is known."""

    def __init__(self, rows: int | None) -> None:
        super().__init__(rows)
        self.rows = rows


_LOCAL_NAMES: dict[str, str] = {}
_CELL_PARTS = frozenset({"v", "t", "is", "f", "r", "rPr", "rPh"})


def _local(tag: str) -> str:
    """'{namespace}c' → 'c' (any namespace: transitional and strict OOXML alike)."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = _LOCAL_NAMES[tag] = tag.rsplit("}", 1)[-1]
    return name


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index


def _split_ref(ref: str) -> tuple[int, int]:
    match = _REF.match(ref.replace("$", ""))
    if not match:
        raise ReaderError(f"bad cell reference {ref!r}")
    return int(match.group(2)), column_index(match.group(1))


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _emphasised(properties: Element | None) -> bool:
    if properties is None:
        return False
    for flag in properties:
        if _local(flag.tag) in ("b", "i", "u") and flag.get("val", "1").lower() not in ("0", "false", "none"):
            return True
    return False


def _text_of(element: Element) -> tuple[str, tuple[str, ...]]:
    """Text of a shared/inline string (all <t> runs, no phonetic <rPh> runs), and the runs
    written in bold, italic or underline: officers mark an activity's title that way."""
    parts: list[str] = []
    emphasis: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            properties = None
            for run in child:
                run_name = _local(run.tag)
                if run_name == "rPr":
                    properties = run
                elif run_name == "t":
                    text = run.text or ""
                    parts.append(text)
                    if text.strip() and _emphasised(properties):
                        emphasis.append(" ".join(_unescape(text).split()))
    return _unescape("".join(parts)), tuple(emphasis)


def _iter(handle: IO[bytes]) -> Any:
    head = handle.peek(512)[:512] if hasattr(handle, "peek") else b""
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ReaderError("DTDs are not allowed in an .xlsx part")
    return iterparse(handle, events=("end",))


def read_shared_strings(archive: zipfile.ZipFile,
                        part: str | None) -> list[tuple[str, tuple[str, ...]]]:
    if not part or part not in archive.NameToInfo:
        return []
    strings: list[tuple[str, tuple[str, ...]]] = []
    with archive.open(part) as handle:
        for _event, element in _iter(handle):
            if _local(element.tag) == "si":
                strings.append(_text_of(element))
                element.clear()
    return strings


class Styles:
    """Per cell-format index: bold font, filled, date format, percent format."""

    def __init__(self) -> None:
        self.bold: list[bool] = []
        self.filled: list[bool] = []
        self.date: list[bool] = []
        self.time_only: list[bool] = []
        self.percent: list[bool] = []

    def flags(self, index: int) -> tuple[bool, bool, bool, bool, bool]:
        if 0 <= index < len(self.bold):
            return (self.bold[index], self.filled[index], self.date[index], self.time_only[index],
                    self.percent[index])
        return False, False, False, False, False


def _is_date_format(code: str) -> tuple[bool, bool]:
    cleaned = _FORMAT_NOISE.sub("", code).lower()
    if not cleaned or cleaned == "general":
        return False, False
    has_date = any(ch in cleaned for ch in "dy") or ("m" in cleaned and "h" not in cleaned and "s" not in cleaned)
    has_time = any(ch in cleaned for ch in "hs")
    return has_date or has_time, has_time and not any(ch in cleaned for ch in "dy")


def read_styles(archive: zipfile.ZipFile, part: str | None) -> Styles:
    styles = Styles()
    if not part or part not in archive.NameToInfo:
        return styles
    formats: dict[int, str] = {}
    fonts: list[bool] = []
    fills: list[bool] = []
    xfs: list[tuple[int, int, int]] = []
    section = ""
    with archive.open(part) as handle:
        for event, element in iterparse(handle, events=("start", "end")):
            name = _local(element.tag)
            if event == "start":
                if name in ("fonts", "fills", "cellXfs", "cellStyleXfs", "numFmts", "dxfs"):
                    section = name
                continue
            if name == "numFmt" and section == "numFmts":
                try:
                    formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
                except ValueError:
                    pass
            elif name == "font" and section == "fonts":
                bold = False
                for child in element:
                    if _local(child.tag) == "b":
                        bold = child.get("val", "1").lower() not in ("0", "false")
                fonts.append(bold)
                element.clear()
            elif name == "fill" and section == "fills":
                fills.append(_fill_is_visible(element))
                element.clear()
            elif name == "xf" and section == "cellXfs":
                try:
                    xfs.append((int(element.get("numFmtId", "0")), int(element.get("fontId", "0")),
                                int(element.get("fillId", "0"))))
                except ValueError:
                    xfs.append((0, 0, 0))
                element.clear()
            elif name in ("fonts", "fills", "cellXfs", "cellStyleXfs", "numFmts", "dxfs"):
                section = ""
    for number_format, font, fill in xfs:
        code = formats.get(number_format, "")
        is_date, time_only = (number_format in _DATE_CODES, number_format in (18, 19, 20, 21, 45, 46, 47))
        if code:
            is_date, time_only = _is_date_format(code)
        styles.bold.append(fonts[font] if 0 <= font < len(fonts) else False)
        styles.filled.append(fills[fill] if 0 <= fill < len(fills) else False)
        styles.date.append(is_date)
        styles.time_only.append(time_only)
        styles.percent.append("%" in code if code else number_format in (9, 10))
    return styles


def _fill_is_visible(fill: Element) -> bool:
    for child in fill:
        name = _local(child.tag)
        if name == "gradientFill":
            return True
        if name == "patternFill":
            pattern = child.get("patternType")
            if pattern in (None, "none"):
                return False
            for colour in child:
                if _local(colour.tag) == "fgColor":
                    rgb = (colour.get("rgb") or "").upper()
                    if rgb in ("FFFFFFFF", "00FFFFFF"):
                        return False
            return True
    return False


def _number(text: str) -> int | float:
    if "." in text or "e" in text or "E" in text:
        value = float(text)
        return value
    return int(text)


def _as_datetime(serial: float, date1904: bool, time_only: bool) -> datetime | time:
    epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
    moment = epoch + timedelta(milliseconds=round(serial * 86_400_000))  # Excel keeps ms
    if time_only and serial < 1:
        return moment.time()
    return moment


def read_sheet(archive: zipfile.ZipFile, part: str, strings: list[tuple[str, tuple[str, ...]]],
               styles: Styles,
               date1904: bool, grid: Any, *, max_rows: int) -> None:
    """Stream one worksheet part into ``grid`` (a :class:`~.workbook.SheetGrid`).

    Raises :class:`TooManyRows` as soon as the sheet's dimension or its row count passes
    ``max_rows``, so a huge sheet never fills memory.
    """
    cells = grid.cells
    rows_seen = 0
    max_row = max_col = 0
    row_number = 0
    names = _LOCAL_NAMES
    flags = styles.flags
    with archive.open(part) as handle:
        for _event, element in _iter(handle):
            tag = element.tag
            name = names.get(tag) or _local(tag)
            if name in _CELL_PARTS:
                continue  # <v>, <t>, <is>, <f>: read with their cell
            if name == "c":
                ref = element.get("r")
                if ref:
                    row, column = _split_ref(ref)
                    row_number = row
                else:  # rare writers omit r: the cell follows the previous one
                    row = row_number
                    column = max(cells.get(row, {}), default=0) + 1
                kind = element.get("t", "n")
                value: Any = None
                formula = False
                raw: str | None = None
                inline: Element | None = None
                for child in element:
                    child_name = names.get(child.tag) or _local(child.tag)
                    if child_name == "v":
                        raw = child.text
                    elif child_name == "f":
                        formula = True
                    elif child_name == "is":
                        inline = child
                style = int(element.get("s", "0") or 0)
                bold, filled, is_date, time_only, percent = flags(style)
                if formula and (raw is None or raw == ""):
                    grid.formulas_without_value.add((row, column))
                emphasis: tuple[str, ...] = ()
                if kind == "inlineStr" and inline is not None:
                    value, emphasis = _text_of(inline)
                elif raw is not None and raw != "":
                    if kind == "s":
                        try:
                            value, emphasis = strings[int(raw)]
                        except (ValueError, IndexError):
                            value = None
                    elif kind in ("str", "inlineStr"):
                        value = _unescape(raw)
                    elif kind == "b":
                        value = raw.strip() in ("1", "true")
                    elif kind == "e":
                        value = None
                    elif kind == "d":
                        try:
                            value = datetime.fromisoformat(raw.rstrip("Z"))  # noqa: DTZ007
                        except ValueError:
                            value = raw
                    else:
                        try:
                            value = _number(raw)
                        except ValueError:
                            value = None
                        if value is not None and is_date:
                            try:
                                value = _as_datetime(float(value), date1904, time_only)
                            except (OverflowError, ValueError):
                                pass
                element.clear()
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                if grid.accept(row, column, value, bold=bold, filled=filled,
                               percent=percent and isinstance(value, int | float)):
                    max_row = max(max_row, row)
                    max_col = max(max_col, column)
                    if emphasis:
                        grid.emphasis[(row, column)] = emphasis
            elif name == "row":
                rows_seen += 1
                if rows_seen > max_rows:
                    raise TooManyRows(None)
                number = element.get("r")
                if number and number.isdigit():
                    row_number = int(number)
                else:
                    row_number += 1
                if element.get("hidden") in ("1", "true"):
                    grid.hidden_rows.add(row_number)
                element.clear()
            elif name == "mergeCell":
                ref = element.get("ref", "")
                if ":" in ref:
                    first, last = ref.split(":", 1)
                    grid.add_merge(*_split_ref(first), *_split_ref(last))
            elif name == "col":
                if element.get("hidden") in ("1", "true"):
                    try:
                        low, high = int(element.get("min", "0")), int(element.get("max", "0"))
                    except ValueError:
                        continue
                    grid.hidden_columns.update(range(low, min(high, 16384) + 1))
            elif name == "dimension":
                ref = element.get("ref", "")
                if ":" in ref:
                    first, last = ref.split(":", 1)
                    rows = _split_ref(last)[0] - _split_ref(first)[0] + 1
                    if rows > max_rows:
                        raise TooManyRows(rows)
            elif name == "sheetData":
                element.clear()
    grid.row_elements = rows_seen
    grid.max_row, grid.max_column = max(grid.max_row, max_row), max(grid.max_column, max_col)


__all__ = ["ParseError", "ReaderError", "read_shared_strings", "read_sheet", "read_styles"]
