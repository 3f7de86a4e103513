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

import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from ivpdesk.services.import_xlsx.errors import WorkbookError
from ivpdesk.services.import_xlsx.text import clean_cell
from ivpdesk.store.errors import os_error_text

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 250 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
MAX_ROWS_PER_SHEET = 25_000
MAX_ROWS_TOTAL = 60_000
MAX_SHEETS = 200

_ERRORS = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB".replace(".", ",")


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass
class SheetSource:
    """A worksheet as found in the zip: its name, XML part and visibility."""

    name: str
    part: str
    state: str = "visible"


@dataclass
class WorkbookParts:
    """Where the parts of a checked workbook are."""

    sheets: list[SheetSource]
    shared_strings: str | None = None
    styles: str | None = None
    date1904: bool = False


def check_file(path: Path) -> WorkbookParts:
    """Check ``path`` and return where its parts are; raises WorkbookError with a Dutch message."""
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
            f"Het bestand {name} kan niet worden gelezen: {os_error_text(error)}. "
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


def _check_archive(archive: zipfile.ZipFile, name: str) -> WorkbookParts:
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
    parts = _sheet_parts(archive, name)
    if len(parts.sheets) > MAX_SHEETS:
        raise WorkbookError(f"Het bestand {name} heeft {len(parts.sheets)} werkbladen; dat is te veel.")
    return parts


def too_many_rows(sheet: str, rows: int | None) -> WorkbookError:
    counted = f"{_thousands(rows)} rijen" if rows else f"meer dan {_thousands(MAX_ROWS_PER_SHEET)} rijen"
    return WorkbookError(
        f"Werkblad '{sheet}' heeft {counted}; IVP Desk leest hoogstens "
        f"{_thousands(MAX_ROWS_PER_SHEET)} rijen per werkblad. Verwijder lege of overbodige rijen "
        "(of zet de gegevens op meer werkbladen) en probeer het opnieuw. Er is niets ingelezen."
    )


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


def _sheet_parts(archive: zipfile.ZipFile, name: str) -> WorkbookParts:
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
    targets: dict[str | None, str] = {}
    shared = styles = None
    for rel in rels:
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        targets[rel.get("Id")] = part
        kind = rel.get("Type", "")
        if kind.endswith("/sharedStrings"):
            shared = part
        elif kind.endswith("/styles"):
            styles = part
    sheets = []
    date1904 = False
    for element in workbook.iter():
        local = element.tag.rsplit("}", 1)[-1]
        if local == "workbookPr":
            date1904 = element.get("date1904", "0").lower() in ("1", "true")
        if local != "sheet":
            continue
        part = next((targets.get(v, "") for k, v in element.attrib.items() if k.endswith("}id")), "")
        if not part or "worksheets/" not in part:
            continue  # chart sheets and dialog sheets hold no table
        sheets.append(SheetSource(name=element.get("name", ""), part=part,
                                  state=element.get("state", "visible")))
    return WorkbookParts(sheets=sheets, shared_strings=shared, styles=styles, date1904=date1904)


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
    row_elements: int = 0
    emphasis: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    max_row: int = 0
    max_column: int = 0

    def accept(self, row: int, column: int, value: Any, *, bold: bool, filled: bool,
               percent: bool) -> bool:
        """Store one non-empty cell as read from the file; False when it is noise."""
        if isinstance(value, str):
            if value.startswith("#") and value in _ERRORS:
                return False
            value = clean_cell(value)
            if not value:
                return False
        self.cells.setdefault(row, {})[column] = value
        if bold:
            self.bold.add((row, column))
        if filled:
            self.filled.add((row, column))
        if percent:
            self.percent.add((row, column))
        return True

    def add_merge(self, min_row: int, min_col: int, max_row: int, max_col: int) -> None:
        origin = (min_row, min_col)
        rows = max_row - min_row + 1
        columns = max_col - min_col + 1
        if rows < 1 or columns < 1:
            return
        self.merge_size[origin] = (rows, columns)
        if rows * columns > 5000:
            rows = max(1, 5000 // columns)
        for r in range(min_row, min_row + rows):
            for c in range(min_col, min(max_col, min_col + 5000) + 1):
                if (r, c) != origin:
                    self.merged_into[(r, c)] = origin

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
    """Check the file, then stream every worksheet into a :class:`SheetGrid`."""
    from ivpdesk.services.import_xlsx import xlsx_reader

    parts = check_file(path)
    grids = []
    total_rows = 0
    try:
        with zipfile.ZipFile(path) as archive:
            strings = xlsx_reader.read_shared_strings(archive, parts.shared_strings)
            styles = xlsx_reader.read_styles(archive, parts.styles)
            for index, sheet in enumerate(parts.sheets):
                if progress is not None:
                    progress(index, len(parts.sheets), f"Werkblad '{sheet.name}' lezen…")
                grid = SheetGrid(name=sheet.name, state=sheet.state)
                if sheet.part in archive.NameToInfo:
                    try:
                        xlsx_reader.read_sheet(archive, sheet.part, strings, styles,
                                               parts.date1904, grid, max_rows=MAX_ROWS_PER_SHEET)
                    except xlsx_reader.TooManyRows as error:
                        raise too_many_rows(sheet.name, error.rows) from error
                total_rows += grid.row_elements
                if total_rows > MAX_ROWS_TOTAL:
                    raise WorkbookError(
                        f"Het bestand {path.name} heeft meer dan {_thousands(MAX_ROWS_TOTAL)} rijen; "
                        "IVP Desk leest hoogstens zoveel rijen per bestand. Er is niets ingelezen."
                    )
                grids.append(grid)
    except WorkbookError:
        raise
    except (xlsx_reader.ReaderError, xlsx_reader.ParseError, zipfile.BadZipFile, OSError, EOFError,
            ValueError, KeyError, zlib.error, NotImplementedError) as error:
        raise WorkbookError(
            f"Het bestand {path.name} is beschadigd of geen geldige Excel-werkmap "
            f"({type(error).__name__}). Open het in Excel, sla het opnieuw op als .xlsx en "
            "probeer het nog eens."
        ) from error
    return WorkbookData(path=path, sheets=grids)
