"""Opening a workbook safely: format checks, zip-bomb and size limits, then a light grid.

Everything that can be wrong with the file is found here, before openpyxl parses it
and long before anything is written:

* not a zip at all: an old ``.xls`` or a password-protected file (both OLE compound
  files; encryption is recognised by its ``EncryptedPackage`` stream), a CSV, a PDF …;
* a zip that is not an Excel workbook (an ``.ods`` or ``.docx``) or is damaged;
* a zip bomb: the sizes in the zip directory are added up and compared with the
  limits *before* anything is decompressed, and a sheet is never inflated past the
  size its directory entry declared;
* too many rows: the row elements of every sheet are counted in the raw XML and a
  sheet above :data:`MAX_ROWS_PER_SHEET` is refused with a clear message.

Macros are never run: openpyxl reads cell values only, and ``.xlsm`` files are read
like ``.xlsx`` with their VBA project dropped (``keep_vba=False``).
"""

from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from ivpdesk.services.import_xlsx.errors import WorkbookError
from ivpdesk.services.import_xlsx.text import clean_cell

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 250 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
MAX_ROWS_PER_SHEET = 25_000
MAX_ROWS_TOTAL = 60_000
MAX_SHEETS = 200

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL = re.compile(rb"<c\b([^>]*?)(/>|>(.*?)</c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB".replace(".", ",")


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass
class SheetSource:
    """A worksheet as found in the zip: its name, XML part, row count, formula gaps."""

    name: str
    part: str
    rows: int = 0
    state: str = "visible"
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ch - 64)
    return index


def check_file(path: Path) -> list[SheetSource]:
    """Check ``path`` and return its worksheets; raises WorkbookError with a Dutch message."""
    name = path.name
    if not path.exists():
        raise WorkbookError(f"Het bestand {path} bestaat niet (meer).")
    if path.is_dir():
        raise WorkbookError(f"{path} is een map, geen Excel-bestand.")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise WorkbookError(
            f"Het bestand {name} kan niet worden gelezen: {error.strerror or error}. "
            "Is het nog geopend in een ander programma of staat het op een niet-verbonden schijf?"
        ) from error
    if size == 0:
        raise WorkbookError(f"Het bestand {name} is leeg (0 bytes).")
    if size > MAX_FILE_BYTES:
        raise WorkbookError(
            f"Het bestand {name} is {_size(size)}; IVP Desk leest Excel-bestanden tot "
            f"{_size(MAX_FILE_BYTES)}. Een uitvoeringsplan is meestal kleiner dan 1 MB: "
            "controleer of u het goede bestand koos."
        )
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        if _ENCRYPTED_MARK in data:
            raise WorkbookError(
                f"Het bestand {name} is beveiligd met een wachtwoord. Open het in Excel, "
                "verwijder het wachtwoord (Bestand → Info → Werkmap beveiligen) en sla het "
                "opnieuw op; importeer daarna die kopie."
            )
        raise WorkbookError(
            f"Het bestand {name} is een oud Excel-bestand (.xls). Open het in Excel en sla "
            "het op als Excel-werkmap (.xlsx); importeer daarna het .xlsx-bestand."
        )
    if not head.startswith(ZIP_MAGIC):
        hint = "Kies een Excel-werkmap (.xlsx)."
        if path.suffix.lower() in (".csv", ".txt"):
            hint = "Dit is een tekstbestand: open het in Excel en sla het op als .xlsx."
        elif head.startswith(b"%PDF"):
            hint = "Dit is een PDF-bestand; IVP Desk leest alleen Excel-werkmappen (.xlsx)."
        raise WorkbookError(f"Het bestand {name} is geen Excel-bestand. {hint}")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise WorkbookError(
            f"Het bestand {name} is beschadigd (geen geldig zip/xlsx-bestand). Open het in "
            "Excel, laat Excel het herstellen en sla het opnieuw op."
        ) from error
    with archive:
        return _check_archive(archive, name)


def _check_archive(archive: zipfile.ZipFile, name: str) -> list[SheetSource]:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        if "mimetype" in names and b"opendocument" in _read(archive, "mimetype", 200):
            raise WorkbookError(
                f"Het bestand {name} is een OpenDocument-rekenblad (.ods). Open het in "
                "LibreOffice of Excel en sla het op als Excel-werkmap (.xlsx)."
            )
        if "EncryptedPackage" in names:
            raise WorkbookError(f"Het bestand {name} is beveiligd met een wachtwoord.")
        raise WorkbookError(
            f"Het bestand {name} is geen Excel-werkmap (er staat geen werkboek in). "
            "Kies een .xlsx-bestand."
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES or len(infos) > 5000:
        raise WorkbookError(
            f"Het bestand {name} wordt uitgepakt {_size(total)} groot; IVP Desk weigert "
            f"bestanden boven {_size(MAX_UNCOMPRESSED_BYTES)} om uw computer te beschermen "
            "(mogelijk een 'zip-bom'). Er is niets ingelezen."
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise WorkbookError(
                f"Het bestand {name} bevat een onderdeel dat {info.file_size // max(info.compress_size, 1)}"
                " keer zo groot wordt bij uitpakken; zo'n bestand ('zip-bom') wordt niet "
                "ingelezen. Er is niets ingelezen."
            )
    sheets = _sheet_parts(archive, name)
    if len(sheets) > MAX_SHEETS:
        raise WorkbookError(f"Het bestand {name} heeft {len(sheets)} werkbladen; dat is te veel.")
    grand_total = 0
    for sheet in sheets:
        if sheet.part not in names:
            continue
        data = _read(archive, sheet.part, archive.getinfo(sheet.part).file_size)
        sheet.rows = data.count(b"<row ") + data.count(b"<row>")
        grand_total += sheet.rows
        if sheet.rows > MAX_ROWS_PER_SHEET:
            raise WorkbookError(
                f"Werkblad '{sheet.name}' heeft {_thousands(sheet.rows)} rijen; IVP Desk leest "
                f"hoogstens {_thousands(MAX_ROWS_PER_SHEET)} rijen per werkblad. Verwijder "
                "lege of overbodige rijen (of zet de gegevens op meer werkbladen) en probeer "
                "het opnieuw. Er is niets ingelezen."
            )
        if b"<f" in data:
            sheet.formulas_without_value = _formulas_without_value(data)
    if grand_total > MAX_ROWS_TOTAL:
        raise WorkbookError(
            f"Het bestand {name} heeft samen {_thousands(grand_total)} rijen; IVP Desk leest "
            f"hoogstens {_thousands(MAX_ROWS_TOTAL)} rijen per bestand. Er is niets ingelezen."
        )
    return sheets


def _read(archive: zipfile.ZipFile, member: str, declared: int) -> bytes:
    """Read a member, never inflating more than it declared (a lying header stops here)."""
    try:
        with archive.open(member) as handle:
            data = handle.read(declared + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, zlib.error) as error:
        raise WorkbookError(
            f"Het bestand {archive.filename and Path(archive.filename).name} is beschadigd "
            f"(onderdeel {member} is onleesbaar). Open het in Excel en sla het opnieuw op."
        ) from error
    if len(data) > declared:
        raise WorkbookError(
            "Het bestand is ongeldig: een onderdeel is groter dan het zelf aangeeft "
            "(mogelijk een 'zip-bom'). Er is niets ingelezen."
        )
    return data


def _sheet_parts(archive: zipfile.ZipFile, name: str) -> list[SheetSource]:
    try:
        workbook = ElementTree.fromstring(
            _read(archive, "xl/workbook.xml", archive.getinfo("xl/workbook.xml").file_size)
        )
        rels_name = "xl/_rels/workbook.xml.rels"
        rels = ElementTree.fromstring(_read(archive, rels_name, archive.getinfo(rels_name).file_size))
    except (KeyError, ElementTree.ParseError) as error:
        raise WorkbookError(
            f"Het bestand {name} is beschadigd (de lijst met werkbladen is onleesbaar). Open het "
            "in Excel en sla het opnieuw op."
        ) from error
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = str(PurePosixPath("xl") / target)
        targets[rel.get("Id")] = part
    result = []
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        part = targets.get(sheet.get(f"{_NS_REL}id"), "")
        if "worksheets/" not in part:
            continue  # chart sheets and dialog sheets hold no table
        result.append(SheetSource(name=sheet.get("name", ""), part=part,
                                  state=sheet.get("state", "visible")))
    return result


def _formulas_without_value(data: bytes) -> set[tuple[int, int]]:
    """Cells with a formula but no stored result (the file was never calculated by Excel)."""
    missing: set[tuple[int, int]] = set()
    for match in _CELL.finditer(data):
        inner = match.group(3) or b""
        if b"<f" not in inner:
            continue
        if b"<v>" in inner and b"<v></v>" not in inner:
            continue
        ref = _REF.search(match.group(1))
        if ref:
            missing.add((int(ref.group(2)), _column_index(ref.group(1))))
    return missing


# --------------------------------------------------------------------------- grid


@dataclass
class SheetGrid:
    """One worksheet reduced to what the importer needs (1-based rows and columns).

    ``cells`` holds non-empty values only: cleaned text, numbers, dates. ``merged_into``
    maps every non-origin cell of a merged range to the range's top-left cell.
    """

    name: str
    cells: dict[int, dict[int, Any]] = field(default_factory=dict)
    bold: set[tuple[int, int]] = field(default_factory=set)
    filled: set[tuple[int, int]] = field(default_factory=set)
    percent: set[tuple[int, int]] = field(default_factory=set)
    merged_into: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    merge_size: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    state: str = "visible"
    max_row: int = 0
    max_column: int = 0

    def raw(self, row: int, column: int) -> Any:
        return self.cells.get(row, {}).get(column)

    def value(self, row: int, column: int) -> Any:
        """The value shown in the cell, taking merged ranges into account."""
        found = self.cells.get(row, {}).get(column)
        if found is not None:
            return found
        origin = self.merged_into.get((row, column))
        if origin is not None:
            return self.cells.get(origin[0], {}).get(origin[1])
        return None

    def is_vertically_merged(self, row: int, column: int) -> bool:
        """True when the cell belongs to a merged range spanning more than one row."""
        origin = self.merged_into.get((row, column), (row, column))
        size = self.merge_size.get(origin)
        return size is not None and size[0] > 1

    def merge_origin(self, row: int, column: int) -> tuple[int, int]:
        return self.merged_into.get((row, column), (row, column))

    def span(self, row: int, column: int) -> int:
        """How many columns the (merged) cell spans."""
        size = self.merge_size.get((row, column))
        return size[1] if size else 1

    @property
    def is_empty(self) -> bool:
        return not self.cells


@dataclass
class WorkbookData:
    path: Path
    sheets: list[SheetGrid]


def load_grids(path: Path, progress: Callable[[int, int, str], None] | None = None) -> WorkbookData:
    """Check the file, then read every worksheet into a :class:`SheetGrid`."""
    sources = check_file(path)
    by_name = {s.name: s for s in sources}
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(
                path, data_only=True, keep_vba=False, keep_links=False, rich_text=False
            )
    except WorkbookError:
        raise
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        raise WorkbookError(
            f"Het bestand {path.name} kan niet als Excel-werkmap worden gelezen "
            f"({type(error).__name__}). Open het in Excel, sla het opnieuw op als .xlsx en "
            "probeer het nog eens."
        ) from error
    try:
        bold_fonts = [bool(getattr(font, "b", False)) for font in workbook._fonts]
        fills = [_is_filled(fill) for fill in workbook._fills]
        grids = []
        sheets = workbook.worksheets
        for index, sheet in enumerate(sheets):
            if progress is not None:
                progress(index, len(sheets), f"Werkblad '{sheet.title}' lezen…")
            source = by_name.get(sheet.title)
            grids.append(_grid(sheet, bold_fonts, fills, source))
    finally:
        workbook.close()
    return WorkbookData(path=path, sheets=grids)


def _is_filled(fill: Any) -> bool:
    pattern = getattr(fill, "patternType", None)
    if pattern in (None, "none"):
        return bool(getattr(fill, "stop", None))  # a gradient fill
    colour = getattr(getattr(fill, "fgColor", None), "rgb", None)
    return not (isinstance(colour, str) and colour.upper() in ("FFFFFFFF", "00FFFFFF"))


def _grid(sheet: Any, bold_fonts: list[bool], fills: list[bool], source: SheetSource | None) -> SheetGrid:
    grid = SheetGrid(name=sheet.title, state=getattr(sheet, "sheet_state", "visible") or "visible")
    cells = grid.cells
    raw_cells = getattr(sheet, "_cells", None)
    items = raw_cells.items() if raw_cells is not None else (
        ((c.row, c.column), c) for row in sheet.iter_rows() for c in row
    )
    max_row = max_col = 0
    for (row, column), cell in items:
        value = cell._value if hasattr(cell, "_value") else cell.value
        if value is None:
            continue
        if isinstance(value, str):
            if not value.strip() or value.strip() == "\u00a0":
                continue
            if value.startswith("#") and value in ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!"):
                continue
            value = clean_cell(value)
            if not value:
                continue
        style = getattr(cell, "_style", None)
        if style is not None:
            if bold_fonts[style.fontId] if style.fontId < len(bold_fonts) else False:
                grid.bold.add((row, column))
            if fills[style.fillId] if style.fillId < len(fills) else False:
                grid.filled.add((row, column))
        if isinstance(value, int | float) and not isinstance(value, bool):
            if "%" in (cell.number_format or ""):
                grid.percent.add((row, column))
        cells.setdefault(row, {})[column] = value
        max_row = max(max_row, row)
        max_col = max(max_col, column)
    for merged in sheet.merged_cells.ranges:
        origin = (merged.min_row, merged.min_col)
        rows = merged.max_row - merged.min_row + 1
        columns = merged.max_col - merged.min_col + 1
        grid.merge_size[origin] = (rows, columns)
        if rows * columns > 5000:
            rows = max(1, 5000 // columns)
        for r in range(merged.min_row, merged.min_row + rows):
            for c in range(merged.min_col, merged.max_col + 1):
                if (r, c) != origin:
                    grid.merged_into[(r, c)] = origin
    for index, dimension in sheet.row_dimensions.items():
        if dimension.hidden:
            grid.hidden_rows.add(index)
    for dimension in sheet.column_dimensions.values():
        if dimension.hidden and dimension.min:
            grid.hidden_columns.update(range(dimension.min, (dimension.max or dimension.min) + 1))
    if source is not None:
        grid.formulas_without_value = source.formulas_without_value
    grid.max_row, grid.max_column = max_row, max_col
    return grid
