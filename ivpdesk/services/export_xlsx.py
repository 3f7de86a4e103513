"""Excel export of an uitvoeringsplan that partners can read, print, edit and send back.

The workbook has four visible sheets (Activiteiten, Indicatoren, Planning & control,
Toelichting) and one very hidden sheet (``_ivpdesk``) with the export's identity and
the exported value of every editable field per row. The hidden sheet is what lets the
re-import (:mod:`ivpdesk.services.xlsx_update`) tell a partner's edit from a change the
officer made in IVP Desk meanwhile, field by field.

Choices that matter to the people using the file:

* one row per activity with a Thema column, not banner rows per theme: a filtered or
  sorted sheet keeps every row complete (a banner row would be filtered away or
  sorted into the data), and the re-import reads every row the same way. Rows stay in
  plan order and a darker line above the first row of each theme keeps the themes
  visible on paper;
* context columns of existing rows are grey and locked; what partners may change is
  white. The key column is hidden and locked; the sheet is protected without a password
  (protection prevents accidents, it is not a secret);
* every text cell that starts with ``=``, ``+``, ``-`` or ``@`` is stored as text with a
  quote prefix, never as a formula, also after a partner edits it in Excel;
* the file is written to a temporary file in the same folder and renamed into place.

Rows are written with ``ws.append`` of pre-styled cells (shared style arrays): styling
cell by cell through ``ws[row]`` is quadratic in openpyxl.
"""

from __future__ import annotations

import io
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ivpdesk import __version__
from ivpdesk.domain import Indicator, PlanBundle, Section, Theme
from ivpdesk.domain.clock import now_local
from ivpdesk.domain.errors import DomainError
from ivpdesk.domain.formatting import format_date, format_value
from ivpdesk.domain.model import Activity
from ivpdesk.paths import catalogue
from ivpdesk.services.atomic import write_atomically
from ivpdesk.services.progress import Progress
from ivpdesk.services.xlsx_layout import (
    ACTIVITIES_SHEET,
    COLUMNS,
    CONTROL_SHEET,
    DATE,
    FORMAT_VERSION,
    INDICATORS_SHEET,
    KEY_COLUMN,
    MARKER,
    META_SHEET,
    NOTES_SHEET,
    STATUS,
    STATUS_LABELS,
    STORED_FIELDS,
    TEXT,
    RowKey,
    activity_values,
    normalise_line,
)

FORMULA_STARTS = ("=", "+", "-", "@")
MAX_CELL_TEXT = 32_000  # Excel's limit is 32,767 characters per cell
LAST_ROW = 1_048_576
BODY_FONT = "Calibri"
BODY_SIZE = 10
LINE_HEIGHT = 13.0  # points per wrapped line of 10 pt text (Excel uses 12.75 for Calibri 10)
EXCEL_DATE = "dd-mm-yyyy"  # shown as dd-mm-jjjj by a Dutch Excel

_GRID = Side(style="thin", color="BFC5CC")
_THEME_LINE = Side(style="medium", color="3A4A5C")
_HEADER_FILL = PatternFill("solid", start_color="DCE6F0", end_color="DCE6F0")
_LOCKED_FILL = PatternFill("solid", start_color="F1F2F4", end_color="F1F2F4")
_NOTES_TITLE = Font(name=BODY_FONT, size=14, bold=True, color="1F3B57")


class ExportError(DomainError):
    """The export cannot be made as asked (unknown theme, nothing selected, file in use)."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    activity_count: int
    indicator_count: int
    control_moment_count: int
    export_id: str
    selection: str  # Dutch description of what was exported ("hele plan", "thema X")

    @property
    def summary(self) -> str:
        return (
            f"{self.activity_count} activiteiten, {self.indicator_count} indicatoren en "
            f"{self.control_moment_count} P&C-momenten"
        )


@dataclass
class _Selection:
    rows: list[tuple[Theme, Section, Activity]] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    label: str = "hele plan"
    whole_plan: bool = True


# --------------------------------------------------------------------------- selection


def find_theme(bundle: PlanBundle, name: str) -> Theme:
    """The plan's theme called ``name`` (case and spacing ignored), or a Dutch error."""
    wanted = normalise_line(name).lower()
    for theme in bundle.themes:
        if normalise_line(theme.name).lower() == wanted:
            return theme
    choices = "; ".join(t.name for t in bundle.themes) or "(geen)"
    raise ExportError(f"Thema '{name}' bestaat niet in dit uitvoeringsplan. Kies uit: {choices}.")


def _select(
    bundle: PlanBundle,
    activity_ids: set[int] | None,
    theme: str | None,
    trekker: str | None,
) -> _Selection:
    chosen_theme = find_theme(bundle, theme) if theme else None
    wanted_trekker = normalise_line(trekker).lower() if trekker else None
    selection = _Selection()
    labels = []
    if activity_ids is not None:
        labels.append(f"selectie van {len(activity_ids)} activiteiten")
    if chosen_theme is not None:
        labels.append(f"thema {chosen_theme.name}")
    if trekker:
        labels.append(f"trekker '{normalise_line(trekker)}'")
    selection.whole_plan = not labels
    selection.label = ", ".join(labels) if labels else "hele plan"
    for theme_obj, section, activity in bundle.activities():
        if activity_ids is not None and activity.id not in activity_ids:
            continue
        if chosen_theme is not None and theme_obj.id != chosen_theme.id:
            continue
        if wanted_trekker is not None:
            owners = (normalise_line(activity.political_owner).lower(),
                      normalise_line(activity.officer_owner).lower())
            if not any(wanted_trekker in owner for owner in owners):
                continue
        selection.rows.append((theme_obj, section, activity))
    seen: set[int | None] = set()
    for theme_obj, _section, _activity in selection.rows:
        if theme_obj.id not in seen:
            seen.add(theme_obj.id)
            selection.themes.append(theme_obj)
    if chosen_theme is not None and chosen_theme not in selection.themes:
        selection.themes.append(chosen_theme)
    # An empty plan or theme may be exported on purpose (partners fill in new rows); an
    # empty result of a trekker or selection filter is a mistake worth telling.
    if not selection.rows and (wanted_trekker is not None or activity_ids is not None):
        raise ExportError(
            f"Er zijn geen activiteiten voor deze keuze ({selection.label}); er is geen bestand "
            "geschreven."
        )
    return selection


# --------------------------------------------------------------------------- styles


class _Styles:
    """Style arrays registered once in the workbook and shared by every cell that uses them."""

    def __init__(self, ws: Worksheet, *, shade_locked: bool = True) -> None:
        self._ws = ws
        self._shade_locked = shade_locked
        self._cache: dict[tuple[Any, ...], Any] = {}

    def get(self, kind: str, *, locked: bool, guard: bool = False, first: bool = False,
            header: bool = False, size: int = BODY_SIZE, bold: bool = False,
            borders: bool = True, wrap: bool = True) -> Any:
        key = (kind, locked, guard, first, header, size, bold, borders, wrap)
        found = self._cache.get(key)
        if found is not None:
            return found
        cell = Cell(self._ws)
        cell.font = Font(name=BODY_FONT, size=size, bold=bold or header,
                         color="6B7480" if kind == "key" else None)
        horizontal = "center" if kind in (DATE, STATUS) and not header else "left"
        cell.alignment = Alignment(wrap_text=wrap, vertical="center" if header else "top",
                                   horizontal=horizontal)
        if borders:
            cell.border = Border(left=_GRID, right=_GRID, bottom=_GRID,
                                 top=_THEME_LINE if first else _GRID)
        if header:
            cell.fill = _HEADER_FILL
        elif locked and kind != "key" and self._shade_locked:
            cell.fill = _LOCKED_FILL
        cell.number_format = EXCEL_DATE if kind == DATE else ("General" if kind == "number" else "@")
        cell.protection = Protection(locked=locked)
        if guard:
            cell.quotePrefix = True
        self._cache[key] = cell._style
        return cell._style


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > MAX_CELL_TEXT:
            value = value[:MAX_CELL_TEXT]
    return value


def _cell(ws: Worksheet, value: Any, styles: _Styles, kind: str, *, locked: bool,
          first: bool = False, header: bool = False) -> Cell:
    """A styled cell; text that Excel would read as a formula stays text (quote prefix)."""
    value = _clean(value)
    if isinstance(value, str) and value == "":
        value = None
    guard = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    cell = Cell(ws, value=value,
                style_array=styles.get(kind, locked=locked, guard=guard, first=first, header=header))
    if guard:
        cell.data_type = "s"
    return cell


def _text_cell(ws: Worksheet, value: Any) -> Cell:
    """An unstyled cell that is always text (hidden sheet)."""
    value = _clean(value)
    cell = Cell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


CHARS_PER_WIDTH = 1.2  # 10 pt Calibri characters per unit of column width (11 pt "0"), with margin


def _lines(text: str, width: float) -> int:
    """Wrapped lines of ``text`` in a column ``width`` wide: greedy word wrap, as Excel does.

    Excel and LibreOffice do not grow rows to fit wrapped text written by openpyxl, so
    the height is set from this estimate (calibrated on Calibri/Carlito at 10 pt).
    """
    if not text:
        return 1
    per_line = max(4, int(width * CHARS_PER_WIDTH))
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > per_line:
                lines += 1
                used = 0
            if size > per_line:  # a long word breaks over several lines
                extra, used = divmod(size, per_line)
                lines += extra - (1 if used == 0 else 0)
                used = used or per_line
            else:
                used += size + (1 if used else 0)
    return max(1, lines)


def _header_footer_text(text: str) -> str:
    return text.replace("&", "&&")


def _print_setup(ws: Worksheet, title: str, exported: str, *, title_rows: str | None = "1:1") -> None:
    """Landscape A4, fit to the page width, header row repeated, page numbers and date."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25
    if title_rows:
        ws.print_title_rows = title_rows
    for part in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        part.left.text = _header_footer_text(title)
        part.left.size = 9
        part.right.text = "&A"
        part.right.size = 9
    for part in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        part.left.text = _header_footer_text(f"Geëxporteerd op {exported}")
        part.left.size = 8
        part.center.text = "Pagina &P van &N"
        part.center.size = 8
        part.right.text = "IVP Desk"
        part.right.size = 8


def _protect(ws: Worksheet) -> None:
    """Sheet protection without a password: locked cells are safe, filtering still works."""
    protection = ws.protection
    protection.sheet = True
    protection.autoFilter = False  # False = allowed
    protection.sort = False
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


# --------------------------------------------------------------------------- sheets


def _activities_sheet(ws: Worksheet, bundle: PlanBundle, selection: _Selection, as_of: date,
                      source_id: str, theme_list_row: int,
                      progress: Progress) -> list[tuple[str, dict[str, Any]]]:
    """Fill Activiteiten; returns (key, exported values) per row for the hidden sheet."""
    styles = _Styles(ws)
    cat = catalogue()
    plan_years = bundle.plan.years
    plan_id = bundle.plan.id or 0
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        dimension = ws.column_dimensions[letter]
        dimension.width = column.width
        # Column style: what a partner types into an empty row below the table.
        dimension.alignment = Alignment(wrap_text=True, vertical="top")
        dimension.protection = Protection(locked=not column.for_new_rows)
        dimension.number_format = EXCEL_DATE if column.kind == DATE else "@"
        dimension.font = Font(name=BODY_FONT, size=BODY_SIZE)
    ws.column_dimensions[get_column_letter(KEY_COLUMN)].hidden = True

    ws.append([_cell(ws, c.header, styles, c.kind, locked=True, header=True) for c in COLUMNS])
    ws.row_dimensions[1].height = 2 * LINE_HEIGHT + 4

    exported: list[tuple[str, dict[str, Any]]] = []
    total = len(selection.rows)
    previous_theme: int | None = None
    for number, (theme, section, activity) in enumerate(selection.rows, start=1):
        if number % 250 == 0:
            progress.check()
            progress.step(number, total, f"Activiteiten schrijven ({number} van {total})…")
        values = activity_values(cat, theme, section, activity, plan_years, as_of)
        key = RowKey(source_id, plan_id, activity.id or 0, activity.version).text()
        first = previous_theme is not None and theme.id != previous_theme
        previous_theme = theme.id
        cells = []
        lines = 1
        for column in COLUMNS:
            value = key if column.field == "sleutel" else values[column.field]
            kind = "key" if column.field == "sleutel" else column.kind
            cells.append(_cell(ws, value, styles, kind, locked=not column.editable, first=first))
            if isinstance(value, str) and column.field != "sleutel":
                lines = max(lines, _lines(value, column.width))
        ws.append(cells)
        # Row number kept by hand: ws.max_row scans every cell, which made this loop quadratic.
        ws.row_dimensions[number + 1].height = min(409.0, lines * LINE_HEIGHT + 4)
        exported.append((key, {f: values[f] for f in STORED_FIELDS}))
    progress.step(total, total, "Opmaak en controles toevoegen…")

    last = max(total + 1, 2)
    last_letter = get_column_letter(KEY_COLUMN)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last_letter}{last}"
    status_letter = get_column_letter(_index("status"))
    deadline_letter = get_column_letter(_index("deadline"))
    theme_letter = get_column_letter(_index("thema"))

    status_rule = DataValidation(
        type="list", formula1='"' + ",".join(STATUS_LABELS) + '"', allow_blank=True,
        showErrorMessage=True, errorStyle="stop", errorTitle="Onbekende status",
        error="Kies een status uit de lijst: " + ", ".join(STATUS_LABELS) + ".",
        showInputMessage=True, promptTitle="Status", prompt="Kies uit de lijst.",
    )
    status_rule.add(f"{status_letter}2:{status_letter}{LAST_ROW}")
    deadline_rule = DataValidation(
        type="date", operator="between", formula1="36526", formula2="73415", allow_blank=True,
        showErrorMessage=True, errorStyle="stop", errorTitle="Geen datum",
        error="Vul een datum in als dd-mm-jjjj, bijvoorbeeld 15-03-2027.",
    )
    deadline_rule.add(f"{deadline_letter}2:{deadline_letter}{LAST_ROW}")
    ws.add_data_validation(status_rule)
    ws.add_data_validation(deadline_rule)
    theme_count = len(bundle.themes)
    if theme_count:
        first_row = theme_list_row
        theme_rule = DataValidation(
            type="list",
            formula1=f"'{NOTES_SHEET}'!$A${first_row}:$A${first_row + theme_count - 1}",
            allow_blank=True, showErrorMessage=True, errorStyle="warning",
            errorTitle="Onbekend thema",
            error="Dit thema staat niet in het plan. Kies een thema uit de lijst.",
        )
        theme_rule.add(f"{theme_letter}2:{theme_letter}{LAST_ROW}")
        ws.add_data_validation(theme_rule)

    for status in _status_colours():
        label, colour = status
        ws.conditional_formatting.add(
            f"{status_letter}2:{status_letter}{LAST_ROW}",
            CellIsRule(operator="equal", formula=[f'"{label}"'], font=Font(color=colour, bold=True)),
        )
    ws.conditional_formatting.add(
        f"{deadline_letter}2:{deadline_letter}{LAST_ROW}",
        FormulaRule(
            formula=[f'AND(ISNUMBER({deadline_letter}2),{deadline_letter}2<TODAY(),'
                     f'{status_letter}2<>"Gereed",{status_letter}2<>"Vervallen")'],
            fill=PatternFill("solid", start_color="FBE3CF", end_color="FBE3CF"),
            font=Font(color="8A3B00", bold=True),
        ),
    )
    _protect(ws)
    return exported


def _status_colours() -> list[tuple[str, str]]:
    from ivpdesk.domain import ActivityStatus

    return [(s.label, s.colour.lstrip("#").upper()) for s in ActivityStatus]


def _index(field_name: str) -> int:
    return next(i for i, c in enumerate(COLUMNS, start=1) if c.field == field_name)


def _indicator_columns(indicators: list[Indicator], plan_years: list[int]) -> list[tuple[int, str]]:
    """(year, "doel"/"meting") columns: targets where any exist; measurements where any exist
    and for every plan year (the ones partners will report on)."""
    target_years = {t.year for i in indicators for t in i.targets}
    measured_years = {m.year for i in indicators for m in i.measurements} | set(plan_years)
    columns = []
    for year in sorted(target_years | measured_years):
        if year in target_years:
            columns.append((year, "doel"))
        if year in measured_years:
            columns.append((year, "meting"))
    return columns


def _indicators_sheet(ws: Worksheet, bundle: PlanBundle, selection: _Selection) -> int:
    styles = _Styles(ws, shade_locked=False)
    theme_ids = {t.id for t in selection.themes}
    theme_names = {t.id: t.name for t in bundle.themes}
    indicators = [i for i in bundle.indicators
                  if (i.theme_id in theme_ids) or (selection.whole_plan and i.theme_id is None)]
    order = {t.id: n for n, t in enumerate(bundle.themes)}
    indicators.sort(key=lambda i: (-1 if i.theme_id is None else order.get(i.theme_id, 0), i.position))
    year_columns = _indicator_columns(indicators, bundle.plan.years)
    headers = [("Thema", 18, TEXT), ("Indicator", 34, TEXT), ("Bron", 16, TEXT),
               ("Eenheid", 11, TEXT), ("Richting", 11, TEXT), ("Uitgangswaarde", 13, "number"),
               ("Jaar", 7, "number")]
    for year, what in year_columns:
        if what == "doel":
            headers.append((f"Doel {year}", 13, TEXT))
        else:
            headers.append((f"Meting {year}", 9, "number"))
    headers.append(("Stand", 16, TEXT))
    for index, (_title, width, _kind) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.append([_cell(ws, h, styles, kind, locked=True, header=True) for h, _w, kind in headers])
    ws.row_dimensions[1].height = 2 * LINE_HEIGHT + 4
    for row_number, indicator in enumerate(indicators, start=2):
        theme_name = theme_names.get(indicator.theme_id, "") if indicator.theme_id else "Hele plan"
        base = indicator.baseline
        values: list[tuple[Any, str]] = [
            (theme_name, TEXT), (indicator.name, TEXT), (indicator.source, TEXT),
            (indicator.unit, TEXT), (indicator.direction.value, TEXT),
            (base.value if base.value is not None else (base.raw or None),
             "number" if base.value is not None else TEXT),
            (base.year, "number"),
        ]
        for year, what in year_columns:
            if what == "doel":
                target = indicator.target_for(year)
                values.append(((target.raw or format_value(target.value, indicator.unit))
                               if target else None, TEXT))
            else:
                measurement = indicator.measurement_for(year)
                values.append((measurement.value if measurement else None, "number"))
        values.append((_state_text(indicator), TEXT))
        ws.append([_cell(ws, v, styles, kind, locked=True) for v, kind in values])
        lines = max(_lines(str(v or ""), headers[n][1]) for n, (v, _k) in enumerate(values))
        ws.row_dimensions[row_number].height = min(409.0, lines * LINE_HEIGHT + 4)
    last = max(len(indicators) + 1, 2)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"
    _protect(ws)
    return len(indicators)


def _state_text(indicator: Indicator) -> str:
    if not indicator.measurements:
        return "geen meting"
    year = max(m.year for m in indicator.measurements)
    return f"{indicator.state_for(year).value} ({year})"


def _control_sheet(ws: Worksheet, bundle: PlanBundle) -> int:
    styles = _Styles(ws, shade_locked=False)
    headers = [("P&C-moment", 40, TEXT), ("Soort", 24, TEXT), ("Datum", 12, DATE),
               ("Voorbereiden vanaf", 13, DATE), ("Gereed op", 12, DATE), ("Toelichting", 50, TEXT)]
    for index, (_title, width, _kind) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.append([_cell(ws, h, styles, kind, locked=True, header=True) for h, _w, kind in headers])
    ws.row_dimensions[1].height = 2 * LINE_HEIGHT + 4
    moments = sorted(bundle.control_moments, key=lambda m: (m.due_on, m.name))
    for row_number, moment in enumerate(moments, start=2):
        values = [(moment.name, TEXT), (moment.kind.value.capitalize(), TEXT), (moment.due_on, DATE),
                  (moment.due_on - timedelta(days=moment.lead_days), DATE), (moment.done_on, DATE),
                  (moment.notes, TEXT)]
        ws.append([_cell(ws, v, styles, kind, locked=True) for v, kind in values])
        lines = max(_lines(str(v or ""), headers[n][1]) for n, (v, k) in enumerate(values)
                    if k == TEXT)
        ws.row_dimensions[row_number].height = min(409.0, lines * LINE_HEIGHT + 4)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:F{max(len(moments) + 1, 2)}"
    _protect(ws)
    return len(moments)


def _notes_sheet(ws: Worksheet, bundle: PlanBundle, selection: _Selection, exported_on: str,
                 exported_by: str) -> int:
    """Fill Toelichting; returns the first row of the theme list (data validation source)."""
    styles = _Styles(ws, shade_locked=False)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 16
    plan = bundle.plan
    municipality = bundle.safety_plan.municipality

    def add(values: list[Any], *, bold: bool = False, size: int = BODY_SIZE, header: bool = False,
            borders: bool = True, wrap: bool = True) -> None:
        cells = []
        for value in values:
            style = styles.get(TEXT, locked=True, header=header, size=size, bold=bold,
                               borders=borders, wrap=wrap)
            cell = Cell(ws, value=_clean(value) or None, style_array=style)
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
            cells.append(cell)
        ws.append(cells)
        widths = (30, 80, 16)
        lines = max([_lines(str(v or ""), widths[i]) for i, v in enumerate(values)] or [1])
        if not wrap:
            lines = 1
        per_line = LINE_HEIGHT if size <= BODY_SIZE else size * 1.45
        ws.row_dimensions[ws.max_row].height = min(409.0, lines * per_line + 4)

    def heading(text: str) -> None:
        ws.append([])
        add([text], bold=True, size=12, borders=False, wrap=False)

    def prose(label: str, text: str) -> None:
        add([label, text], borders=False)

    ws.append([Cell(ws, value="Toelichting bij deze Excel-export")])
    ws["A1"].font = _NOTES_TITLE
    ws.row_dimensions[1].height = 24
    by = f" door {exported_by}" if exported_by else ""
    prose("Plan", f"Uitvoeringsplan {plan.period_label} van de gemeente {municipality}")
    prose("Geëxporteerd", f"Op {exported_on}{by}, met IVP Desk {__version__}")
    prose("Inhoud", f"{selection.label.capitalize()}: {len(selection.rows)} activiteiten")
    heading("Zo geeft u wijzigingen door")
    steps = [
        "Werk op het blad Activiteiten. Witte cellen mag u wijzigen: titel, activiteit, trekkers, "
        "partners, planning, deadline, status en voortgang. Grijze cellen (veiligheidsveld, thema, "
        "soort, kop, onderdeel) zijn vergrendeld; vraag de beleidsmedewerker als een activiteit "
        "naar een ander thema of onderdeel moet.",
        "Status: kies uit de lijst (Niet gestart, Loopt, Gereed, Vertraagd, Vervallen). Gaat een "
        "activiteit niet door, zet dan de status op Vervallen; verwijder geen rijen.",
        "Voortgang: schrijf de nieuwe stand van zaken in de kolom Voortgang (u mag de oude tekst "
        "vervangen). IVP Desk bewaart hem als nieuwe voortgangsnotitie; eerdere notities blijven "
        "bewaard.",
        "Nieuwe activiteit: vul een lege rij onder de tabel. Kies het thema uit de lijst (zie "
        "hieronder), vul het onderdeel en de activiteit in, en zo nodig de andere kolommen.",
        "Sla het bestand op als Excel-werkmap (.xlsx), niet als .xls of .csv, en stuur het terug"
        + (f" aan {exported_by}." if exported_by else " aan de beleidsmedewerker OOV."),
        "De beleidsmedewerker verwerkt het bestand in IVP Desk met Bestand → Wijzigingen uit "
        "Excel verwerken… en ziet vooraf precies wat er verandert. Is een activiteit intussen "
        "ook in IVP Desk gewijzigd, dan kiest zij per veld welke versie blijft.",
    ]
    for number, step in enumerate(steps, start=1):
        prose(f"Stap {number}", step)
    heading("Goed om te weten")
    prose("Waarom een kolom Thema?", (
        "Elke rij noemt zijn eigen thema in plaats van een tussenregel per thema. Zo blijft elke "
        "rij compleet als u filtert of sorteert, en leest IVP Desk het bestand zonder misverstand "
        "terug. De rijen staan in de volgorde van het plan; op papier begint elk thema met een "
        "donkere lijn."))
    prose("Verborgen sleutelkolom", (
        "De laatste kolom van het blad Activiteiten is verborgen en vergrendeld. Daarmee herkent "
        "IVP Desk elke rij, zodat een wijziging nooit een dubbele activiteit oplevert. Wijzig of "
        "kopieer die kolom niet. Het blad is beveiligd zonder wachtwoord, alleen tegen vergissingen."))
    prose("Andere bladen", (
        "Indicatoren en Planning & control zijn ter informatie. Wijzigingen daarop worden niet "
        "teruggelezen: geef nieuwe metingen door in de kolom Voortgang of per e-mail."))
    heading("De kolommen van het blad Activiteiten")
    add(["Kolom", "Betekenis", "Wijzigen?"], header=True)
    for column in COLUMNS:
        if column.field == "sleutel":
            continue
        if column.editable:
            may = "ja"
        elif column.for_new_rows:
            may = "alleen nieuwe rij"
        else:
            may = "nee"
        add([column.header, column.explanation, may])
    heading("Thema's en onderdelen van het plan")
    add(["Thema", "Onderdelen", "Soort"], header=True)
    first_theme_row = ws.max_row + 1
    for theme in bundle.themes:
        sections = "; ".join(
            (f"{s.heading} › {s.name}" if s.heading and s.name else (s.name or s.heading or "(zonder naam)"))
            for s in theme.sections
        )
        add([theme.name, sections, theme.kind.label])
    ws.freeze_panes = None
    ws.sheet_properties.tabColor = "F0B55C"
    _print_setup(ws, f"Uitvoeringsplan {plan.period_label} — gemeente {municipality}",
                 exported_on, title_rows=None)
    ws.page_setup.orientation = "portrait"
    _protect(ws)
    return first_theme_row


def _meta_sheet(ws: Worksheet, meta: list[tuple[str, Any]],
                exported: list[tuple[str, dict[str, Any]]]) -> None:
    ws.sheet_state = "veryHidden"
    ws.append([_text_cell(ws, MARKER), Cell(ws, value=FORMAT_VERSION)])
    for name, value in meta:
        ws.append([_text_cell(ws, name), _text_cell(ws, value)])
    ws.append([])
    # One JSON cell per row instead of a cell per field: a third of the cells to write and read.
    ws.append([_text_cell(ws, "sleutel"), _text_cell(ws, "waarden")])
    for key, values in exported:
        stored = {}
        for field_name in STORED_FIELDS:
            value = values[field_name]
            stored[field_name] = value.isoformat() if isinstance(value, date) else (value or "")
        ws.append([_text_cell(ws, key),
                   _text_cell(ws, json.dumps(stored, ensure_ascii=False, separators=(",", ":")))])
    _protect(ws)


# --------------------------------------------------------------------------- writing


def _atomic_save(workbook: Workbook, out: Path) -> None:
    """Build the workbook in memory, then write it atomically (temporary file, rename)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomically(
        out, buffer.getbuffer(), error=ExportError,
        in_use_message=f"{out.name} kan niet worden overschreven: het bestand is waarschijnlijk "
        "geopend in Excel. Sluit het bestand en probeer het opnieuw, of kies een andere naam.",
    )


def write_plan_xlsx(
    bundle: PlanBundle,
    out: Path,
    *,
    activity_ids: set[int] | None = None,
    theme: str | None = None,
    trekker: str | None = None,
    progress: Progress | None = None,
    source_id: str = "0",
    exported_by: str = "",
    now: datetime | None = None,
) -> ExportResult:
    """Write the plan (or a selection of it) as an editable, printable Excel workbook.

    ``activity_ids`` keeps only those activities (the GUI's current filter), ``theme``
    one theme by name, ``trekker`` activities whose bestuurlijk or ambtelijk trekker
    contains that text. ``source_id`` identifies the database the plan lives in (see
    :func:`export_source_id`); the re-import refuses a file from another database.
    """
    progress = progress or Progress.silent()
    out = Path(out).expanduser()
    if out.suffix.lower() != ".xlsx":
        raise ExportError(f"Geef een bestandsnaam die eindigt op .xlsx (niet '{out.name}').")
    selection = _select(bundle, activity_ids, theme, trekker)
    moment = now or now_local()
    as_of = moment.date()
    exported_on = format_date(as_of)
    title = f"Uitvoeringsplan {bundle.plan.period_label} — gemeente {bundle.safety_plan.municipality}"
    export_id = uuid.uuid4().hex
    progress.step(0, len(selection.rows), "Excel-bestand opbouwen…")

    workbook = Workbook()
    workbook.properties.creator = f"IVP Desk {__version__}"
    workbook.properties.title = title
    activities = workbook.active
    assert activities is not None
    activities.title = ACTIVITIES_SHEET
    indicators = workbook.create_sheet(INDICATORS_SHEET)
    control = workbook.create_sheet(CONTROL_SHEET)
    notes = workbook.create_sheet(NOTES_SHEET)
    meta_ws = workbook.create_sheet(META_SHEET)

    theme_list_row = _notes_sheet(notes, bundle, selection, exported_on, exported_by)
    exported = _activities_sheet(activities, bundle, selection, as_of, source_id, theme_list_row,
                                 progress)
    indicator_count = _indicators_sheet(indicators, bundle, selection)
    moment_count = _control_sheet(control, bundle)
    for ws in (activities, indicators, control):
        _print_setup(ws, title, exported_on)
    meta = [
        ("export_id", export_id),
        ("bron", source_id),
        ("uitvoeringsplan_id", str(bundle.plan.id or 0)),
        ("uitvoeringsplan", bundle.plan.period_label),
        ("gemeente", bundle.safety_plan.municipality),
        ("geexporteerd_op", moment.isoformat(timespec="seconds")),
        ("peildatum", as_of.isoformat()),
        ("geexporteerd_door", exported_by),
        ("programma", f"IVP Desk {__version__}"),
        ("selectie", selection.label),
    ]
    _meta_sheet(meta_ws, meta, exported)
    workbook.active = 0
    progress.check()
    progress.step(len(selection.rows), len(selection.rows), "Bestand opslaan…")
    _atomic_save(workbook, out)
    return ExportResult(
        path=out,
        activity_count=len(selection.rows),
        indicator_count=indicator_count,
        control_moment_count=moment_count,
        export_id=export_id,
        selection=selection.label,
    )


# --------------------------------------------------------------------------- with a database


def export_source_id(db: Any, plan_id: int) -> str:
    """The plan's identity in the keys of an export (see ivpdesk.services.identity)."""
    from ivpdesk.services.identity import plan_identity

    return plan_identity(db, plan_id)


def export_plan_xlsx(
    db: Any,
    out: Path,
    *,
    activity_ids: set[int] | None = None,
    theme: str | None = None,
    trekker: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Load the current plan from ``db`` and write it with :func:`write_plan_xlsx`.

    Opens its own unit of work, so the GUI can call it from a worker thread.
    """
    from ivpdesk.services.plans import load_current

    bundle = load_current(db)
    assert bundle.plan.id is not None
    return write_plan_xlsx(
        bundle, out, activity_ids=activity_ids, theme=theme, trekker=trekker, progress=progress,
        source_id=export_source_id(db, bundle.plan.id), exported_by=db.actor,
    )


__all__ = [
    "ExportError",
    "ExportResult",
    "export_plan_xlsx",
    "export_source_id",
    "find_theme",
    "write_plan_xlsx",
]
