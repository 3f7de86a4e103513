"""Reading a whole workbook into drafts: layout detection per sheet, rows → activities.

How a sheet is read, top to bottom (the rules the README lists):

1. A row is a **header row** when :func:`~.headers.recognise_header` says so (anywhere on
   the sheet; the first one must lie in the first :data:`HEADER_SEARCH_ROWS` rows unless
   the officer chose the header row). A repeated header starts a new table with the
   same columns.
2. Rows above a table are **titles**. A document title ("Uitvoeringsplan … 2019-2022")
   gives gemeente and years; a title naming a veiligheidsveld gives the veld of the
   sheet's themes; the nearest other short title names the **theme** of the table below.
   Without a title the theme comes from a thema column, else from the theme already
   running on the sheet, else from the sheet name.
3. A **block label** ("Inzet: …", "Ambitie: …", "Doel …", with or without colon, text
   in the same or the next cell) above a table makes that table one onderdeel named by
   its Inzet, with the Ambitie as its ambition. Several blocks may follow each other in
   one theme; a table without its own header after a block reuses the last header seen
   in the workbook.
4. Inside a table, a row with a single filled cell is a **theme banner** when it names a
   kind ("Prioriteit 1: …", "Strategisch thema 3: …") or is merged across most of the
   table; otherwise, in the first columns, it is a **kop** (heading) for the rows below.
5. Other rows are **activities**. An empty onderdeel cell, or a vertically merged one,
   continues the onderdeel; merged trekker/partners/planning cells carry their value
   to every row they span. Bullets in one cell are one activity each (see
   :mod:`.cells`).
6. **Indicator tables** (an indicator column plus bron/uitgangswaarde/doelstelling) give
   indicators of the theme named in their thema column, or of the theme above them, or
   of the plan as a whole ("Overkoepelend").
7. Sheets without a recognised table are skipped and named in the report: empty sheets,
   summaries, pivot-like count tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ivpdesk.domain import Activity, ActivityStatus, Indicator, Measurement, ThemeKind
from ivpdesk.domain.catalogue import Catalogue
from ivpdesk.domain.clock import today
from ivpdesk.domain.errors import ValidationError
from ivpdesk.domain.indicators import parse_dutch_number
from ivpdesk.paths import catalogue
from ivpdesk.services.import_xlsx.cells import activities_in_cell, split_partners, split_who
from ivpdesk.services.import_xlsx.errors import WorkbookError
from ivpdesk.services.import_xlsx.headers import (
    ColumnMap,
    Field,
    HeaderMatch,
    header_signature,
    header_years,
    match_header,
    parse_field_label,
    recognise_header,
)
from ivpdesk.services.import_xlsx.indicators import (
    guess_direction,
    guess_unit,
    parse_baseline,
    parse_target,
)
from ivpdesk.services.import_xlsx.model import (
    ActivityDraft,
    ColumnInfo,
    ImportAnalysis,
    ImportOverrides,
    IndicatorDraft,
    RowNote,
    SectionDraft,
    SheetAnalysis,
    ThemeDraft,
)
from ivpdesk.services.import_xlsx.text import cell_text, fold, norm_key, one_line
from ivpdesk.services.import_xlsx.themes import (
    has_kind_word,
    kind_from_sheet_name,
    kind_from_word,
    link_catalogue,
    match_field,
    read_theme_title,
    theme_key,
)
from ivpdesk.services.import_xlsx.workbook import SheetGrid, load_grids
from ivpdesk.services.progress import Progress

HEADER_SEARCH_ROWS = 30
PREVIEW_LIMIT = 400
TITLE_MAX_CHARS = 150

_DOCUMENT_WORDS = ("uitvoeringsplan", "uitvoeringsprogramma", "veiligheidsplan", "integrale veiligheid",
                   "integraal veiligheid", "jaarplan", "actieplan", "ivp ", "ivp-", "doelstellingen en indicatoren",
                   "veiligheidsprogramma", "jaarschijf")
_GENERIC_SHEET = re.compile(
    r"^(?:blad|sheet|tabel|werkblad|tab)\s*\d*$|^(?:uitvoeringsplan|up|ivp|plan|activiteiten|overzicht|"
    r"data|gegevens|totaal|actieplan|jaarplan|uitvoeringsprogramma)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(?P<label>inzet|ambitie|ambities|doel|doelen|doelstelling|doelstellingen|onderdeel|"
    r"beoogd resultaat|beoogd effect)\b\s*(?::|-|–)?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_YEARS_IN_TEXT = re.compile(r"\b((?:19|20)\d{2})(?:\s*(?:-|–|/|t/m|tot en met)\s*((?:19|20)\d{2}|\d{2}))?\b")
_MUNICIPALITY_STOP = {
    "uitvoeringsplan", "uitvoeringsprogramma", "integrale", "integraal", "veiligheid", "veiligheidsplan",
    "ivp", "up", "plan", "van", "de", "het", "gemeente", "doelstellingen", "en", "indicatoren",
    "jaarschijf", "actieplan", "jaarplan", "openbare", "orde", "oov", "voorbeeld", "concept", "definitief",
    "versie", "v", "xlsx", "kopie", "integraalveiligheidsplan", "veiligheidsprogramma", "voor", "bijlage",
    "tweejaarlijks", "tweejarig", "overzicht", "activiteiten", "final", "def", "nieuw", "oud",
}
_STRUCTURAL = (Field.THEME, Field.CLUSTER, Field.SECTION)
_NUMBERING = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?|[a-zA-Z][.)]|[IVX]{1,5}\.?)$")


def _letter(column: int) -> str:
    return get_column_letter(column)


class _WorkbookState:
    """What one sheet passes to the next: themes by key, the last header, titles, years."""

    def __init__(self, analysis: ImportAnalysis, cat: Catalogue, overrides: ImportOverrides) -> None:
        self.analysis = analysis
        self.catalogue = cat
        self.overrides = overrides
        self.last_header: ColumnMap | None = None
        self.last_header_where = ""
        self.themes: dict[str, ThemeDraft] = {}
        self.document_titles: list[str] = []
        self.header_years: list[int] = []
        self.indicators: list[IndicatorDraft] = []
        self.theme_fields: dict[str, int] = {}

    def theme(self, text: str, sheet: str, row: int, *, default_kind: ThemeKind | None,
              field_number: int | None) -> ThemeDraft:
        title = read_theme_title(text)
        key = norm_key(title.name)
        found = self.themes.get(key)
        if found is not None:
            if title.kind is not None and not found.kind_found:
                found.kind, found.kind_found = title.kind, True
            return found
        kind = title.kind or default_kind
        theme = ThemeDraft(
            name=title.name, kind=kind or ThemeKind.STRATEGIC, sheet=sheet, row=row,
            kind_found=kind is not None, standard_theme_code=title.code,
            field_number=field_number,
        )
        self.themes[key] = theme
        self.analysis.themes.append(theme)
        return theme


def _is_document_title(text: str) -> bool:
    key = fold(text) + " "
    return any(word in key for word in _DOCUMENT_WORDS) and bool(_YEARS_IN_TEXT.search(text)) or (
        key.startswith(("uitvoeringsplan", "integraal veiligheidsplan", "ivp "))
    )


class _SheetReader:
    """Reads one sheet (see the module docstring for the rules)."""

    def __init__(self, grid: SheetGrid, state: _WorkbookState) -> None:
        self.grid = grid
        self.state = state
        self.override = state.overrides.for_sheet(grid.name)
        self.result = SheetAnalysis(
            name=grid.name, hidden=grid.state != "visible", max_row=grid.max_row,
            max_column=grid.max_column,
        )
        self.sheet_kind = kind_from_sheet_name(grid.name)
        self.sheet_field = match_field(grid.name, state.catalogue)
        self.table: ColumnMap | None = None
        self.theme: ThemeDraft | None = None
        self.heading: str | None = None
        self.section: SectionDraft | None = None
        self.pending_titles: list[tuple[int, str]] = []
        self.block_name: str | None = None
        self.block_ambition = ""
        self.block_open = False
        self.block_used = False
        self.first_table_signature: str | None = None
        self.plan_tables = 0
        self.indicator_tables = 0
        self.theme_names: list[str] = []
        self.hidden_columns_noted = False
        self.counts_only = 0
        self.last_made: list[ActivityDraft] = []

    # ------------------------------------------------------------------ entry

    def read(self) -> SheetAnalysis:
        grid, result = self.grid, self.result
        if self.override.skip:
            result.kind, result.reason = "overgeslagen", "overgeslagen op uw verzoek"
            return result
        if grid.is_empty:
            result.kind, result.reason = "leeg", "leeg werkblad"
            return result
        ordered = sorted(grid.cells)
        for row in ordered[:HEADER_SEARCH_ROWS + 10]:
            result.top_rows[row] = self._texts(row)
        # Which row follows which (for "a title right above the next header").
        self.next_row = dict(zip(ordered, ordered[1:], strict=False))
        self.row_texts = {r: self._texts(r) for r in ordered}
        self.recognised = {r: recognise_header(t) for r, t in self.row_texts.items() if len(t) >= 2}
        self.header_rows = {r for r, found in self.recognised.items() if found is not None}
        self.consumed: set[int] = set()
        if self.override.theme:
            self.theme = self._theme(self.override.theme, 0)
        for row in sorted(grid.cells):
            self._row(row)
        self._close_block()
        if self.counts_only and not result.activities and not self.indicator_tables:
            result.kind = "overgeslagen"
            result.reason = "geen plan: een telling of samenvatting (alleen getallen als activiteit)"
            result.skipped = []
            return result
        if not self.plan_tables and not self.indicator_tables:
            result.kind = "overgeslagen"
            result.reason = self._skip_reason()
            result.skipped = []
            return result
        if self.plan_tables and self.indicator_tables:
            result.kind = "plan en indicatoren"
        elif self.indicator_tables:
            result.kind = "indicatoren"
        result.themes = list(dict.fromkeys(self.theme_names))
        if result.hidden:
            result.notes.append("Dit werkblad is verborgen in Excel; het is wel ingelezen.")
        return result

    def _skip_reason(self) -> str:
        columns: dict[int, list[Any]] = {}
        for cells in self.grid.cells.values():
            for column, value in cells.items():
                columns.setdefault(column, []).append(value)
        texts = [v for values in columns.values() for v in values if isinstance(v, str)]
        short_texts = not texts or sum(len(t) for t in texts) / len(texts) < 40
        counting = any(
            sum(isinstance(v, int | float) for v in values) >= 2
            and sum(isinstance(v, int | float) for v in values) * 5 >= len(values) * 3
            for values in columns.values()
        )
        if counting and short_texts:
            return "geen plan: een telling of samenvatting (vooral getallen, geen kolom 'activiteit')"
        if self.state.last_header is None:
            return "geen tabel met een kolom voor activiteiten of indicatoren gevonden"
        return "geen plan: geen kolomkoppen herkend (bijvoorbeeld een toelichting of samenvatting)"

    # ------------------------------------------------------------------ helpers

    def _texts(self, row: int) -> dict[int, str]:
        grid = self.grid
        return {c: cell_text(v, percent=(row, c) in grid.percent)
                for c, v in grid.cells.get(row, {}).items()}

    def _theme(self, text: str, row: int) -> ThemeDraft:
        theme = self.state.theme(text, self.grid.name, row, default_kind=self.sheet_kind,
                                 field_number=self.sheet_field)
        self.theme_names.append(theme.name)
        return theme

    def _skip(self, row: int, reason: str) -> None:
        self.result.skipped.append(RowNote(self.grid.name, row, reason))

    def _flag(self, row: int, reason: str) -> None:
        self.result.flagged.append(RowNote(self.grid.name, row, reason))

    def _value(self, row: int, column: int | None) -> Any:
        if column is None:
            return None
        return self.grid.value(row, column)

    def _text(self, row: int, column: int | None) -> str:
        if column is None:
            return ""
        value = self.grid.value(row, column)
        origin = self.grid.merge_origin(row, column)
        return cell_text(value, percent=origin in self.grid.percent)

    # ------------------------------------------------------------------ rows

    def _row(self, row: int) -> None:
        texts = self.row_texts[row]
        if not texts or row in self.consumed:
            return
        header = self._header(row, texts)
        if header is not None:
            self._start_table(row, header)
            return
        label = self._block_label(texts)
        if label is not None:
            self._apply_label(row, *label)
            return
        if self.table is None:
            reuse = self._reusable_header(row, texts)
            if reuse is None:
                self._outside_table(row, texts)
                return
            self._start_table(row, reuse, reused=True)
        assert self.table is not None
        if self.table.is_indicator_table:
            self._indicator_row(row, texts)
        else:
            self._plan_row(row, texts)

    def _header(self, row: int, texts: dict[int, str]) -> ColumnMap | None:
        override = self.override
        if override.header_row is not None:
            if row < override.header_row:
                return None
            if row == override.header_row:
                found = recognise_header(texts)
                columns = dict(found.columns) if found else {}
                if override.columns is not None:
                    columns = self._columns_from_override(override.columns)
                elif not columns:
                    indicator = any((m := match_header(t)) is not None and m.field is Field.INDICATOR
                                    for t in texts.values())
                    columns = {c: m for c, t in texts.items()
                               if (m := match_header(t, indicator_table=indicator)) is not None}
                return ColumnMap(columns=columns, header_row=row, texts=texts)
        found = self.recognised.get(row)
        if found is None:
            return None
        if self.table is None and self.plan_tables + self.indicator_tables == 0 and (
            row > HEADER_SEARCH_ROWS and override.header_row is None
            and row - min(self.grid.cells) >= HEADER_SEARCH_ROWS
        ):
            return None
        if override.columns is not None and (
            self.first_table_signature is None or found.signature == self.first_table_signature
        ):
            found = ColumnMap(columns=self._columns_from_override(override.columns),
                              header_row=row, texts=found.texts)
        return self._with_subheader(replace(found, header_row=row))

    def _with_subheader(self, header: ColumnMap) -> ColumnMap:
        """A second header row ("2019 | 2020" under a merged "doelstelling", or "bestuurlijk |
        ambtelijk" under "trekker") refines the columns of the row above it."""
        assert header.header_row is not None
        below = self.next_row.get(header.header_row)
        if below is None or below in self.header_rows:
            return header
        texts = self.row_texts.get(below, {})
        if len(texts) < 2 or any(len(t) > 30 or t.endswith(".") for t in texts.values()):
            return header
        for text in texts.values():
            year_only = bool(header_years(text)) and not norm_key(_YEARS_IN_TEXT.sub(" ", text))
            if not year_only and match_header(text, indicator_table=header.is_indicator_table) is None:
                return header  # a data row, not a second header row
        columns = dict(header.columns)
        for column, text in texts.items():
            origin = self.grid.merge_origin(header.header_row, column)
            parent = header.texts.get(origin[1], "") if origin[0] == header.header_row else ""
            parent = parent or header.texts.get(column, "")
            indicator = header.is_indicator_table
            combined = (match_header(f"{text} {parent}", indicator_table=indicator)
                        or match_header(f"{parent} {text}", indicator_table=indicator)
                        or match_header(text, indicator_table=indicator))
            if combined is None:
                return header  # a data row after all
            columns[column] = combined
        self.consumed.add(below)
        merged_texts = {c: " ".join(p for p in (header.texts.get(c, ""), texts.get(c, "")) if p)
                        for c in set(header.texts) | set(texts)}
        return ColumnMap(columns=columns, header_row=header.header_row, texts=merged_texts)

    @staticmethod
    def _columns_from_override(columns: dict[int, str | None]) -> dict[int, HeaderMatch]:
        result = {}
        for column, label in columns.items():
            if not label:
                continue
            match = parse_field_label(label)
            if match is not None:
                result[column] = match
        return result

    def _start_table(self, row: int, header: ColumnMap, *, reused: bool = False) -> None:
        self.table = header
        self.section = None
        if not reused:
            self.state.last_header = header
            self.state.last_header_where = f"blad '{self.grid.name}' rij {row}"
        else:
            self.result.notes.append(
                f"Rij {row}: tabel zonder eigen kolomkoppen; de kolomkoppen van "
                f"{self.state.last_header_where} zijn gebruikt."
            )
        if self.first_table_signature is None:
            self.first_table_signature = header.signature
            self.result.header_row = header.header_row if not reused else None
            self.result.header_signature = header.signature
            self.result.columns = self._column_infos(header)
        if header.is_indicator_table:
            self.indicator_tables += 1
        else:
            self.plan_tables += 1
            activity = header.first(Field.ACTIVITY)
            if activity is not None:
                self.state.header_years.extend(header.columns[activity].years)
        self._titles_to_theme(header)
        if not self.hidden_columns_noted:
            hidden = sorted(c for c in header.columns if c in self.grid.hidden_columns)
            if hidden:
                self.hidden_columns_noted = True
                names = ", ".join(f"{_letter(c)} ({header.columns[c].label})" for c in hidden)
                self.result.notes.append(f"Verborgen kolom(men) {names} zijn wel ingelezen.")

    def _column_infos(self, header: ColumnMap) -> list[ColumnInfo]:
        last = max([*header.texts, *header.columns, 1])
        infos = []
        for column in range(1, max(last, self.grid.max_column) + 1):
            match = header.columns.get(column)
            infos.append(ColumnInfo(
                index=column, letter=_letter(column), header=header.texts.get(column, ""),
                field=match.label if match else None, hidden=column in self.grid.hidden_columns,
            ))
        return infos

    def _titles_to_theme(self, header: ColumnMap) -> None:
        titles, self.pending_titles = self.pending_titles, []
        theme_title: tuple[int, str] | None = None
        for row, text in titles:
            if _is_document_title(text):
                self.state.document_titles.append(text)
                continue
            field_number = match_field(text, self.state.catalogue)
            if field_number is not None and not has_kind_word(text) and link_catalogue(
                text, self.state.catalogue
            ).code is None and norm_key(text) != "":
                self.sheet_field = field_number
                continue
            if len(text) > TITLE_MAX_CHARS:
                if theme_title is not None or self.theme is not None:
                    target = self.theme
                    if theme_title is not None:
                        target = self._theme(theme_title[1], theme_title[0])
                    if target is not None and not target.goal:
                        target.goal = text
                        continue
                self._skip(row, "lange tekst boven de tabel (geen thema of kop herkend)")
                continue
            if theme_title is not None:
                self._skip(theme_title[0], "tekst boven de tabel niet gebruikt (een latere regel "
                                           "noemt het thema)")
            theme_title = (row, text)
        if self.override.theme:
            if theme_title is not None:
                self.heading = theme_title[1]
            return
        if theme_title is not None:
            if header.is_indicator_table and self.theme is not None and not has_kind_word(theme_title[1]):
                # A caption such as "Indicatoren" above the theme's own indicator table.
                if "indicator" in fold(theme_title[1]):
                    return
            self.theme = self._theme(theme_title[1], theme_title[0])
            self.heading = None
            self.block_used = False

    def _block_label(self, texts: dict[int, str]) -> tuple[str, str] | None:
        first_column = min(texts)
        first = texts[first_column]
        match = _LABEL.match(first)
        if not match:
            return None
        label = match.group("label").lower()
        rest = match.group("rest").strip()
        others = [t for c, t in sorted(texts.items()) if c != first_column]
        if self.table is not None and not self.table.is_indicator_table:
            # Inside a plan table only a label that clearly stands alone counts: "Inzet: …"
            # with a colon, or the bare word with its text in the next cell.
            has_colon = ":" in first[: len(label) + 2]
            if len(texts) > 2 or not (has_colon or (not rest and len(texts) == 2)):
                return None
        if self.table is not None and self.table.is_indicator_table and len(texts) > 2:
            return None
        if not rest and others:
            rest = " ".join(others)
        elif len(texts) > 2:
            return None
        return label, rest

    def _apply_label(self, row: int, label: str, text: str) -> None:
        if label in ("inzet", "onderdeel"):
            self._close_block()
            self.block_name = text
            self.block_ambition = ""
            self.block_open = True
            self.block_used = False
            self.table = None if self.table is not None and not self.table.is_indicator_table else self.table
            if self.table is not None and self.table.is_indicator_table:
                self.table = None
            if not text:
                self._flag(row, "'Inzet' zonder tekst: onderdeel zonder naam")
            return
        # ambitie / doel / doelstelling / beoogd resultaat
        if self.block_open and self.block_name is not None:
            self.block_ambition = f"{self.block_ambition}\n{text}".strip() if self.block_ambition else text
            if self.block_used and self.section is not None and not self.section.ambition:
                self.section.ambition = self.block_ambition
            return
        if self.table is None or self.table.is_indicator_table:
            theme = self.theme
            if theme is None and self.pending_titles:
                pending = [t for t in self.pending_titles if not _is_document_title(t[1])]
                if pending:
                    self.pending_titles = [t for t in self.pending_titles if t not in pending[-1:]]
                    theme = self.theme = self._theme(pending[-1][1], pending[-1][0])
            if theme is not None:
                theme.goal = f"{theme.goal}\n{text}".strip() if theme.goal else text
                return
        # An Ambitie line with no Inzet: it opens an unnamed block.
        self._close_block()
        self.block_name = ""
        self.block_ambition = text
        self.block_open = True
        self.block_used = False
        if self.table is not None and not self.table.is_indicator_table:
            self.table = None

    def _close_block(self) -> None:
        if self.block_open and not self.block_used and self.block_name:
            self.result.notes.append(
                f"Blok 'Inzet: {self.block_name}' heeft geen activiteiten; overgeslagen."
            )
        self.block_open = False

    def _reusable_header(self, row: int, texts: dict[int, str]) -> ColumnMap | None:
        last = self.state.last_header
        if last is None or last.is_indicator_table:
            return None
        if not (self.block_open or (self.plan_tables and self.pending_titles)):
            return None
        activity = last.first(Field.ACTIVITY)
        if activity is None or activity not in texts:
            return None
        if any(c > max(last.columns) + 1 for c in texts):
            return None
        # Titles seen after the previous table name this table's theme.
        self._titles_to_theme(last)
        return replace(last, header_row=None)

    def _outside_table(self, row: int, texts: dict[int, str]) -> None:
        if len(texts) == 1 or self._is_single_merged(row, texts):
            text = next(iter(texts.values())) if len(texts) == 1 else texts[min(texts)]
            self.pending_titles.append((row, one_line(text) if len(text) <= TITLE_MAX_CHARS else text))
            return
        if self.plan_tables + self.indicator_tables:
            self._skip(row, "rij buiten een tabel")
        else:
            self._skip(row, "rij boven de kolomkoppen (geen tabel)")

    def _is_single_merged(self, row: int, texts: dict[int, str]) -> bool:
        first = min(texts)
        return self.grid.span(row, first) > 1 and all(
            self.grid.merge_origin(row, c) == (row, first) for c in texts
        )

    # ------------------------------------------------------------------ plan rows

    def _single_cell_row(self, row: int, texts: dict[int, str]) -> bool:
        """Handle banner and kop rows; True when the row was one of them."""
        table = self.table
        assert table is not None
        column, text = next(iter(texts.items()))
        field = table.columns.get(column)
        span = self.grid.span(row, column)
        banner = has_kind_word(text) or (span >= min(3, max(table.width, 2)) and span * 2 >= table.width)
        if banner and len(text) <= TITLE_MAX_CHARS:
            if self.override.theme:
                self.heading = one_line(text)
            else:
                self.theme = self._theme(one_line(text), row)
                self.heading = None
            self.section = None
            return True
        if field is not None and field.field is Field.THEME:
            if not self.override.theme:
                self.theme = self._theme(text, row)
                self.heading = None
                self.section = None
            return True
        if field is not None and field.field is Field.SECTION and self.grid.is_vertically_merged(row, column):
            return False  # an onderdeel whose activities follow in the merged rows
        activity_column = table.first(Field.ACTIVITY) or 0
        if (row, column) in self.grid.bold and len(text) <= 80 and not text.endswith(".") \
                and "\n" not in text:
            self.heading = one_line(text)  # a bold line on its own: a kop, in any column
            self.section = None
            return True
        if column < activity_column or (field is not None and field.field in (Field.SECTION, Field.CLUSTER)) \
                or (field is None and column <= table.first_column):
            if len(text) <= TITLE_MAX_CHARS:
                self.heading = one_line(text)
                self.section = None
                return True
        return False

    def _plan_row(self, row: int, texts: dict[int, str]) -> None:
        table = self.table
        assert table is not None
        grid = self.grid
        own = {c: t for c, t in texts.items()
               if c in table.columns or not _NUMBERING.match(t)}  # "1.2" in a Nr. column
        if not own:
            return
        if len(own) == 1:
            if self.next_row.get(row) in self.header_rows and self.override.header_row is None:
                # A title right above the next table's header names that table's theme.
                self.table = None
                self.pending_titles.append((row, one_line(next(iter(own.values())))))
                return
            if self._single_cell_row(row, own):
                return
        cols = table
        # Theme column (flat lists): every row names its theme.
        theme_column = cols.first(Field.THEME)
        if theme_column is not None and not self.override.theme:
            value = self._text(row, theme_column)
            if value:
                theme = self._theme(one_line(value), row)
                if theme is not self.theme:
                    self.theme, self.heading, self.section = theme, None, None
        kind_column = cols.first(Field.KIND)
        if kind_column is not None and self.theme is not None and not self.theme.kind_found:
            kind = kind_from_word(self._text(row, kind_column))
            if kind is not None:  # a 'soort' column names the theme's kind on every row
                self.theme.kind, self.theme.kind_found = kind, True
        # Cluster / groep / veiligheidsveld / kop columns: a veld name links the theme to
        # that veld ("Overkoepelend": no veld); any other text is the kop of the rows.
        cluster_heading: str | None = None
        empty_kop_cell = False
        for cluster_column, _match in cols.all(Field.CLUSTER):
            value = one_line(self._text(row, cluster_column))
            if not value:
                empty_kop_cell = empty_kop_cell or (
                    grid.merge_origin(row, cluster_column) == (row, cluster_column))
                continue
            field_number = match_field(value, self.state.catalogue)
            if field_number is not None and link_catalogue(value, self.state.catalogue).code is None:
                if self.theme is not None and self.theme.field_number is None:
                    self.theme.field_number = field_number
            elif fold(value) in _NO_FIELD:
                continue
            elif cluster_heading is None:
                cluster_heading = value
        if cluster_heading is not None and cluster_heading != self.heading:
            self.heading, self.section = cluster_heading, None
        elif cluster_heading is None and empty_kop_cell and theme_column is not None \
                and self.heading is not None:
            # A flat list names everything on every row: an empty kop cell means no kop.
            self.heading, self.section = None, None
        if self.theme is None:
            self.theme = self._theme(self.grid.name, row)
            if _GENERIC_SHEET.match(self.grid.name.strip()):
                self.result.notes.append(
                    f"Geen themanaam gevonden; de activiteiten staan in thema '{self.grid.name}' "
                    "(naar het werkblad). Pas dit zo nodig aan."
                )
        theme = self.theme
        # Onderdeel: own cell, merged cell, or the running one (empty first cell).
        section_column = cols.first(Field.SECTION)
        block_heading = None
        section_name = ""
        if self.block_open:
            self.block_used = True
            if section_column is not None:
                block_heading = self.block_name or None
            else:
                section_name = self.block_name or ""
        heading = block_heading if block_heading is not None else self.heading
        if section_column is not None:
            value = one_line(self._text(row, section_column))
            if value:
                if self.section is None or norm_key(value) != norm_key(self.section.name) \
                        or self.section.heading != heading:
                    self.section = theme.section(value, heading, self.block_ambition if block_heading else "")
            elif self.section is None:
                self.section = theme.section("", heading, self.block_ambition if block_heading else "")
        elif self.section is None or self.section not in theme.sections or (
            self.block_open and self.section.name != section_name
        ) or self.section.heading != heading:
            self.section = theme.section(section_name, heading,
                                         self.block_ambition if self.block_open else "")
        section = self.section
        if self.block_open and not block_heading and self.block_ambition and not section.ambition:
            section.ambition = self.block_ambition
        ambition_column = cols.first(Field.AMBITION)
        if ambition_column is not None:
            ambition = self._text(row, ambition_column)
            if ambition and not section.ambition:
                section.ambition = ambition
        # The activity itself.
        activity_column = cols.first(Field.ACTIVITY)
        assert activity_column is not None
        if grid.raw(row, activity_column) is None:
            origin = grid.merge_origin(row, activity_column)
            if origin != (row, activity_column):
                self._continue_merged_activity(row)  # the same (merged) activity goes on
                return
            structural = {c for c, m in cols.columns.items() if m.field in _STRUCTURAL}
            rest = [c for c in own if c not in structural]
            if rest:
                named = ", ".join(
                    cols.columns[c].label if c in cols.columns else f"kolom {_letter(c)}" for c in rest
                )
                missing = self._missing_formula(row, activity_column)
                reason = missing or f"geen activiteit (alleen {named} ingevuld)"
                self._skip(row, reason)
            return
        value = grid.raw(row, activity_column)
        if isinstance(value, int | float) and not isinstance(value, bool) and not (
            isinstance(value, int) and 1990 <= value <= 2100
        ):
            self._skip(row, "alleen een getal in de kolom activiteit (een telling?)")
            self.counts_only += 1
            return
        text = self._text(row, activity_column)
        self._make_activities(row, text, section)

    def _continue_merged_activity(self, row: int) -> None:
        """Extra trekkers or partners on the rows of a merged activity cell belong to it."""
        cols = self.table
        if cols is None or not self.last_made:
            return
        partners: list[str] = []
        for column, _match in cols.all(Field.PARTNERS):
            if self.grid.raw(row, column) is not None:
                partners.extend(split_partners(self._text(row, column)))
        political = one_line(self._text(row, cols.first(Field.POLITICAL))) \
            if cols.first(Field.POLITICAL) and self.grid.raw(row, cols.first(Field.POLITICAL) or 0) else ""
        officer = one_line(self._text(row, cols.first(Field.OFFICER))) \
            if cols.first(Field.OFFICER) and self.grid.raw(row, cols.first(Field.OFFICER) or 0) else ""
        for draft in self.last_made:
            activity = draft.activity
            known = {p.casefold() for p in activity.partners}
            activity.partners.extend(p for p in partners if p.casefold() not in known)
            if political and political.casefold() not in activity.political_owner.casefold():
                activity.political_owner = ", ".join(x for x in (activity.political_owner, political) if x)
            if officer and officer.casefold() not in activity.officer_owner.casefold():
                activity.officer_owner = ", ".join(x for x in (activity.officer_owner, officer) if x)

    def _missing_formula(self, row: int, column: int) -> str:
        if (row, column) in self.grid.formulas_without_value:
            return ("formule zonder opgeslagen uitkomst (het bestand is niet in Excel opgeslagen); "
                    "open het in Excel, sla het op en importeer opnieuw")
        return ""

    def _make_activities(self, row: int, text: str, section: SectionDraft) -> None:
        cols = self.table
        assert cols is not None
        political = one_line(self._text(row, cols.first(Field.POLITICAL)))
        officer = one_line(self._text(row, cols.first(Field.OFFICER)))
        partners: list[str] = []
        for column, _match in cols.all(Field.PARTNERS):
            partners.extend(split_partners(self._text(row, column)))
        who_text = self._text(row, cols.first(Field.WHO))
        if who_text:
            who = split_who(who_text)
            political = political or who.political_owner
            officer = officer or who.officer_owner
            partners.extend(who.partners)
        seen: set[str] = set()
        partners = [p for p in partners if not (p.casefold() in seen or seen.add(p.casefold()))]
        planning = self._text(row, cols.first(Field.PLANNING))
        status = ActivityStatus.NOT_STARTED
        status_text = one_line(self._text(row, cols.first(Field.STATUS)))
        if status_text:
            try:
                status = ActivityStatus.parse(status_text)
            except ValidationError:
                status = _status_from_words(status_text)
                if status is None:
                    status = ActivityStatus.NOT_STARTED
                    self._flag(row, f"onbekende status '{status_text}'; 'niet gestart' gebruikt")
                else:
                    self._flag(row, f"status '{status_text}' gelezen als '{status.value}'")
        budget = None
        budget_text = self._text(row, cols.first(Field.BUDGET))
        if budget_text:
            number = parse_dutch_number(budget_text.replace("€", "").replace("EUR", "").strip())
            if number is None or number < 0:
                self._flag(row, f"budget '{budget_text}' is geen bedrag; niet overgenomen")
            else:
                try:
                    budget = Decimal(str(round(number, 2)))
                except InvalidOperation:
                    budget = None
        note = self._text(row, cols.first(Field.NOTE))
        progress = self._text(row, cols.first(Field.PROGRESS))
        title_text = one_line(self._text(row, cols.first(Field.TITLE)))
        hidden = row in self.grid.hidden_rows
        if hidden:
            self._flag(row, "verborgen rij; wel geïmporteerd")
        for column in cols.columns:
            if (row, column) in self.grid.formulas_without_value:
                self._flag(row, f"formule zonder opgeslagen uitkomst in kolom {_letter(column)}; "
                                "leeg gelaten")
        activity_column = cols.first(Field.ACTIVITY)
        emphasis = self.grid.emphasis.get(self.grid.merge_origin(row, activity_column)) \
            if activity_column is not None else None
        found = activities_in_cell(text, emphasis or ())
        if not found:
            return
        assert self.theme is not None
        self.last_made = []
        for item in found:
            description = item.full_description()
            if note:
                description = f"{description}\n\n{note}" if description else note
            title = item.title
            if title_text and len(found) == 1:
                # A titel column names the activity; a title read from the cell's own
                # lead phrase then belongs back in the description.
                if item.title and item.title != title_text:
                    description = f"{item.title} {description}".strip()
                title = title_text[:500]
            activity = Activity(
                title=title, description=description, political_owner=political[:300],
                officer_owner=officer[:300], partners=list(partners), planning_text=planning,
                status=status, budget=budget,
            )
            draft = ActivityDraft(activity, self.grid.name, row, hidden, progress=progress)
            section.activities.append(draft)
            self.last_made.append(draft)
            self.result.activities += 1
            if len(self.result.preview) < PREVIEW_LIMIT:
                self.result.preview.append((
                    str(row), self.theme.name, section.heading or "", section.name,
                    item.title or "", description, political, officer, ", ".join(partners),
                    planning, status.value,
                ))
        if len(found) > 1:
            self.result.notes.append(f"Rij {row}: {len(found)} activiteiten (opsomming in één cel).")

    # ------------------------------------------------------------------ indicator rows

    def _indicator_row(self, row: int, texts: dict[int, str]) -> None:
        cols = self.table
        assert cols is not None
        name_column = cols.first(Field.INDICATOR)
        name = one_line(self._text(row, name_column))
        if not name:
            if len(texts) == 1:
                text = next(iter(texts.values()))
                if len(text) <= TITLE_MAX_CHARS and not self.override.theme:
                    self.theme = self._theme(one_line(text), row)
                    return
            self._skip(row, "geen indicatornaam")
            return
        theme_name = one_line(self._text(row, cols.first(Field.THEME)))
        if not theme_name and self.theme is not None:
            theme_name = self.theme.name
        if self.override.theme:
            theme_name = self.override.theme
        baseline_columns = cols.all(Field.BASELINE)
        baseline_texts = []
        baseline = parse_baseline("", None)
        if baseline_columns:
            column, match = baseline_columns[0]
            raw = self._text(row, column)
            baseline_texts.append(raw)
            baseline = parse_baseline(raw, match.year)
        targets = []
        target_texts = []
        for column, match in cols.all(Field.TARGET):
            raw = self._text(row, column)
            if not raw:
                continue
            target_texts.append(raw)
            year = match.year or 0
            target = parse_target(year, raw)
            if target is None:
                continue
            if any(t.year == target.year for t in targets):
                self._flag(row, f"tweede doelstelling voor {target.year or 'onbekend jaar'} "
                                f"('{raw}') niet overgenomen")
                continue
            targets.append(target)
        measurements = []
        for column, match in cols.all(Field.MEASUREMENT):
            raw = self._text(row, column)
            value = parse_dutch_number(raw.replace(" ", "")) if raw else None
            if value is None or match.year is None:
                if raw:
                    self._flag(row, f"meting '{raw}' zonder getal of jaar; niet overgenomen")
                continue
            if any(m.year == match.year for m in measurements):
                continue
            measurements.append(Measurement(year=match.year, value=value, raw=raw))
        unit = one_line(self._text(row, cols.first(Field.UNIT))) or guess_unit(
            name, baseline_texts + target_texts
        )
        indicator = Indicator(
            name=name, source=one_line(self._text(row, cols.first(Field.SOURCE)))[:300],
            unit=unit[:100], direction=guess_direction(name, baseline, targets), baseline=baseline,
            targets=targets, measurements=measurements,
        )
        if row in self.grid.hidden_rows:
            self._flag(row, "verborgen rij; wel geïmporteerd")
        draft = IndicatorDraft(indicator, self.grid.name, row, theme_name)
        self.state.indicators.append(draft)
        self.result.indicators += 1
        if len(self.result.indicator_preview) < PREVIEW_LIMIT:
            self.result.indicator_preview.append((
                str(row), theme_name, name, indicator.source, indicator.unit, baseline.raw,
                "; ".join(f"{t.year or '?'}: {t.raw}" for t in targets),
            ))


# --------------------------------------------------------------------------- workbook


def _status_from_words(text: str) -> ActivityStatus | None:
    """'Loopt, zie toelichting' → loopt: the first one or two words as a status."""
    words = re.findall(r"[a-zà-ÿ]+", fold(text))
    for size in (2, 1):
        if len(words) >= size:
            try:
                return ActivityStatus.parse(" ".join(words[:size]))
            except ValidationError:
                continue
    return None


def _ranges(text: str) -> list[tuple[int, int]]:
    found = []
    for match in _YEARS_IN_TEXT.finditer(text):
        first = int(match.group(1))
        second = match.group(2)
        if second:
            last = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
            if first <= last <= first + 8:
                found.append((first, last))
                continue
        found.append((first, first))
    return found


def _plan_period(analysis: ImportAnalysis, state: _WorkbookState, overrides: ImportOverrides) -> None:
    ivp: tuple[int, int] | None = None
    up: tuple[int, int] | None = None
    source = ""
    header_years = sorted(set(state.header_years))
    if header_years:
        up = (header_years[0], min(header_years[-1], header_years[0] + 1))
        source = "de kolomkoppen"
    for texts, where in ((state.document_titles, "de titel"),
                         ([s.name for s in analysis.sheets], "de namen van de werkbladen"),
                         ([analysis.path.stem.replace("_", " ")], "de bestandsnaam")):
        ranges = [r for text in texts for r in _ranges(text)]
        long_ranges = [r for r in ranges if r[1] - r[0] >= 2]
        short_ranges = [r for r in ranges if r[1] - r[0] <= 1]
        if ivp is None and long_ranges:
            ivp = (long_ranges[0][0], min(long_ranges[0][1], long_ranges[0][0] + 7))
        if up is None and short_ranges:
            up, source = short_ranges[0], where
        elif up is None and long_ranges:
            up, source = (long_ranges[0][0], long_ranges[0][0] + 1), where
        if up is not None and ivp is not None:
            break
    found = up is not None
    if overrides.start_year:
        end = overrides.end_year or overrides.start_year + 1
        up, found, source = (overrides.start_year, end), True, "uw keuze"
    if up is None:
        start = today().year + 1
        up = (start, start + 1)
    if up[1] - up[0] > 1:
        up = (up[0], up[0] + 1)
    if ivp is None or not (ivp[0] <= up[0] and up[1] <= ivp[1]):
        ivp = (up[0], max(up[0] + 3, up[1]))
    analysis.start_year, analysis.end_year = up
    analysis.ivp_start, analysis.ivp_end = ivp
    analysis.period_found = found
    if found:
        analysis.notes.append(
            f"Periode van het uitvoeringsplan {up[0]}–{up[1]} (uit {source}); "
            f"IVP {ivp[0]}–{ivp[1]}."
        )
    else:
        analysis.notes.append(
            f"Geen jaartallen gevonden; het uitvoeringsplan krijgt de periode {up[0]}–{up[1]}. "
            "Pas die zo nodig aan."
        )


def _municipality(analysis: ImportAnalysis, state: _WorkbookState, overrides: ImportOverrides) -> None:
    if overrides.municipality:
        analysis.municipality, analysis.municipality_found = overrides.municipality.strip(), True
        return
    candidates = [(t, "de titel") for t in state.document_titles]
    candidates.append((analysis.path.stem.replace("_", " ").replace("-", " "), "de bestandsnaam"))
    for text, where in candidates:
        match = re.search(r"\bgemeente\s+([A-Z][\w'’\-]+(?:[- ](?:aan|op|en|de|den)?[- ]?[A-Z][\w\-]+)*)", text)
        name = match.group(1) if match else ""
        if not name:
            words = re.findall(r"[A-Za-zÀ-ÿ'’\-]+", _YEARS_IN_TEXT.sub(" ", text))
            rest = [w for w in words if fold(w) not in _MUNICIPALITY_STOP and len(w) > 2]
            name = rest[-1] if rest else ""
            if name and where == "de titel" and not name[0].isupper():
                name = ""
        if name:
            analysis.municipality = name[0].upper() + name[1:]
            analysis.municipality_found = True
            analysis.notes.append(f"Gemeente '{analysis.municipality}' (uit {where}).")
            return
    analysis.municipality = "Onbekend"
    analysis.notes.append("Geen gemeentenaam gevonden; vul die zelf in (nu 'Onbekend').")


def _similar_theme(key: str, themes: dict[str, ThemeDraft]) -> ThemeDraft | None:
    """'Woninginbraak' → the one theme 'Woninginbraak en andere vermogenscriminaliteit'."""
    if len(key) < 4:
        return None
    found = [t for k, t in themes.items() if k.startswith(key + " ") or key.startswith(k + " ")]
    if len(found) == 1:
        return found[0]
    from difflib import SequenceMatcher

    close = [t for k, t in themes.items() if SequenceMatcher(None, key, k).ratio() >= 0.88]
    return close[0] if len(close) == 1 else None


# Veld cells that say "no veld" (an overkoepelend theme), not a kop.
_NO_FIELD = {"overkoepelend", "overkoepelend thema", "geen", "geen veld", "n v t", "nvt", "-"}

# Theme cells of indicator tables that mean "the plan as a whole", not a theme.
_PLAN_WIDE = ("algemeen", "alle thema", "hele plan", "het hele plan", "gehele plan",
              "plan breed", "planbreed", "geen thema", "overkoepelend")


def _attach_indicators(analysis: ImportAnalysis, state: _WorkbookState) -> None:
    for draft in state.indicators:
        name = draft.theme_name
        if not name:
            analysis.plan_indicators.append(draft)
            continue
        theme = state.themes.get(theme_key(name)) or state.themes.get(norm_key(name))
        if theme is None:
            theme = _similar_theme(theme_key(name), state.themes)
        if theme is None:
            title = read_theme_title(name)
            if title.kind is ThemeKind.OVERARCHING or fold(name).startswith(_PLAN_WIDE):
                analysis.plan_indicators.append(draft)
                continue
            theme = state.theme(name, draft.sheet, draft.row, default_kind=None, field_number=None)
            analysis.notes.append(
                f"Thema '{theme.name}' staat alleen bij de indicatoren (blad '{draft.sheet}'); "
                "aangemaakt als thema zonder activiteiten."
            )
        theme.indicators.append(draft)


def _finish_themes(analysis: ImportAnalysis, state: _WorkbookState) -> None:
    kept = []
    for theme in analysis.themes:
        if not theme.activity_count and not theme.indicators:
            analysis.notes.append(f"Thema '{theme.name}' (blad '{theme.sheet}') heeft geen "
                                  "activiteiten of indicatoren; niet overgenomen.")
            continue
        theme.sections = [s for s in theme.sections if s.activities]
        link = link_catalogue(theme.name, state.catalogue, theme.standard_theme_code)
        if theme.field_number is None:
            theme.field_number = link.field_number
            theme.standard_theme_code = link.code
        elif link.code and link.field_number == theme.field_number:
            theme.standard_theme_code = link.code
        else:
            theme.standard_theme_code = None
        if theme.field_number is not None:
            code = f" (standaardthema {theme.standard_theme_code})" if theme.standard_theme_code else ""
            theme.link_note = f"veiligheidsveld {theme.field_number}{code}"
        elif theme.kind is not ThemeKind.OVERARCHING:
            analysis.notes.append(
                f"Thema '{theme.name}': geen veiligheidsveld herkend; kies het zelf na de import."
            )
        if not theme.kind_found:
            analysis.notes.append(
                f"Thema '{theme.name}': soort niet vermeld; 'strategisch thema' gebruikt."
            )
        kept.append(theme)
    analysis.themes = kept
    for sheet in analysis.sheets:
        names = set(sheet.themes)
        sheet.sections = sum(len(t.sections) for t in kept if t.name in names and t.sheet == sheet.name)


def analyse_workbook(
    path: str | Path,
    *,
    overrides: ImportOverrides | None = None,
    progress: Progress | None = None,
) -> ImportAnalysis:
    """Read and interpret ``path`` without writing anything (see the module rules).

    Raises :class:`WorkbookError` for a file that cannot be used at all; a workbook
    without any recognised table gives an analysis with ``usable`` False.
    """
    path = Path(path)
    overrides = overrides or ImportOverrides()
    progress = progress or Progress.silent()
    report: Callable[[int, int, str], None] = lambda done, total, what: (  # noqa: E731
        progress.check(), progress.step(done, max(total, 1) * 2, what)
    )
    data = load_grids(path, report)
    if not data.sheets or all(grid.is_empty for grid in data.sheets):
        raise WorkbookError(
            f"De werkmap {path.name} is leeg: geen enkel werkblad bevat gegevens. Er is niets "
            "ingelezen."
        )
    analysis = ImportAnalysis(path=path)
    state = _WorkbookState(analysis, catalogue(), overrides)
    total = len(data.sheets)
    for index, grid in enumerate(data.sheets):
        progress.check()
        progress.step(total + index, total * 2, f"Werkblad '{grid.name}' herkennen…")
        analysis.sheets.append(_SheetReader(grid, state).read())
    _attach_indicators(analysis, state)
    _finish_themes(analysis, state)
    analysis.title = state.document_titles[0] if state.document_titles else ""
    _plan_period(analysis, state, overrides)
    _municipality(analysis, state, overrides)
    for sheet in analysis.sheets:
        for note in sheet.flagged:
            if note.reason.startswith("verborgen rij"):
                break
    if not analysis.usable:
        analysis.notes.append(
            "Geen activiteiten of indicatoren herkend. Kies in de wizard de rij met kolomkoppen "
            "en wat elke kolom bevat."
        )
    return analysis


def sheet_header_texts(analysis: ImportAnalysis, sheet_name: str) -> dict[int, str]:
    sheet = analysis.sheet(sheet_name)
    if sheet is None:
        return {}
    return {c.index: c.header for c in sheet.columns if c.header}


__all__ = ["analyse_workbook", "header_signature", "header_years", "sheet_header_texts"]
