"""A table flowable built for long plan tables: split anywhere, never truncate, say where you are.

ReportLab's ``Table`` re-measures every remaining cell at each page break and cannot
split a row, so a 1,000-activity plan is slow and a long activity text overflows the
page. :class:`GridTable` measures each cell once (:class:`~.text.TextBlock`), fills a
page with as many rows as fit, repeats the header row on every page, splits a row
that is too tall between two lines (the rest continues on the next page), and asks
its ``continuation`` function which rows to put at the top of a continued page (for
the activity table: the kop and the onderdeel with "(vervolg)").

Headings and short texts that belong to the table (``lead``) are drawn with its first
rows, so a theme heading never ends up alone at the bottom of a page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, Protocol

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ivpdesk.services.report_pdf.styles import ACCENT, ACCENT_LIGHT, ACCENT_MID, RULE
from ivpdesk.services.report_pdf.text import TextBlock, text_width

PAD_X = 4.0
PAD_Y = 3.2
MIN_SPLIT_LINES = 2  # lines a split cell carries over to the next page, at least
MIN_HEAD_LINES = 4  # lines a split cell keeps on the first page, at least
SHORT_CELL_LINES = 6  # cells up to this many lines are never split


class RowKind(Enum):
    BODY = "body"
    BAND = "band"  # one cell across the whole table (a kop, a veld, a group)
    TOTAL = "total"


class CellGraphic(Protocol):
    """Anything a cell can hold besides text: a fixed-height drawing (status bar)."""

    leading: float

    def height(self, width: float) -> float: ...

    def draw(self, canv: Canvas, x: float, top: float, width: float) -> None: ...


Cell = TextBlock | CellGraphic


@dataclass(eq=False)
class GridRow:
    cells: Sequence[Cell | None]
    kind: RowKind = RowKind.BODY
    rule_from: int = 0  # first column the rule above the row crosses (1: first column "merged")
    strong_rule: bool = False
    fill: Color | None = None
    keep_with_next: bool = False
    keep_with_previous: bool = False  # a total row never starts a page on its own
    context: Any = None  # whatever the table's continuation function needs
    items: int = 0  # activities this row stands for (progress reporting)
    is_rest: bool = False  # the second part of a row split over two pages
    height: float = field(default=-1.0, repr=False)


Continuation = Callable[[GridRow], list[GridRow]]


def _lead_height(flowable: Flowable, width: float, first: bool) -> float:
    _w, h = flowable.wrap(width, 10_000)
    before = 0.0 if first else flowable.getSpaceBefore()
    return before + h + flowable.getSpaceAfter()


class GridTable(Flowable):
    """A table that fills pages row by row; see the module docstring."""

    def __init__(
        self,
        col_widths: Sequence[float],
        header: Sequence[TextBlock] | None,
        rows: Sequence[GridRow],
        *,
        lead: Sequence[Flowable] = (),
        continuation: Continuation | None = None,
        on_drawn: Callable[[int], None] | None = None,
        min_rows: int = 2,
        header_fill: Color = ACCENT,
    ) -> None:
        super().__init__()
        self.col_widths = list(col_widths)
        self.total_width = sum(self.col_widths)
        self.header = list(header) if header else None
        self.rows = list(rows)
        self.lead = list(lead)
        self.continuation = continuation
        self.on_drawn = on_drawn
        self.min_rows = min_rows
        self.header_fill = header_fill
        self._header_height = -1.0
        self._lead_height = -1.0
        self._lead_width = -1.0
        if self.header is not None:
            self._fit_header_words()

    def _fit_header_words(self) -> None:
        """Widen columns whose header would break inside a word, taking room from the widest."""
        assert self.header is not None
        needed = []
        for cell in self.header:
            widest = 0.0
            for run in cell.runs:
                for word in run.text.split():
                    widest = max(widest, text_width(word, run.font, cell.size))
            needed.append(widest + 2 * PAD_X + 0.5)
        widths = self.col_widths
        for column, want in enumerate(needed):
            deficit = want - widths[column]
            if deficit <= 0:
                continue
            donor = max(range(len(widths)), key=lambda i: widths[i] - needed[i])
            room = widths[donor] - needed[donor]
            if donor == column or room <= 0:
                continue
            take = min(deficit, room)
            widths[donor] -= take
            widths[column] += take

    # ------------------------------------------------------------------ measuring

    def _cell_width(self, row: GridRow, column: int) -> float:
        if row.kind is RowKind.BAND:
            return self.total_width - 2 * PAD_X
        return self.col_widths[column] - 2 * PAD_X

    def row_height(self, row: GridRow) -> float:
        if row.height < 0:
            tallest = 0.0
            for column, cell in enumerate(row.cells):
                if cell is not None:
                    tallest = max(tallest, cell.height(self._cell_width(row, column)))
            row.height = tallest + 2 * PAD_Y
        return row.height

    def header_height(self) -> float:
        if self._header_height < 0:
            if self.header is None:
                self._header_height = 0.0
            else:
                self._header_height = 2 * PAD_Y + max(
                    cell.height(width - 2 * PAD_X)
                    for cell, width in zip(self.header, self.col_widths, strict=True)
                )
        return self._header_height

    def lead_height(self, width: float) -> float:
        if self._lead_height < 0 or abs(width - self._lead_width) > 0.01:
            self._lead_height = sum(
                _lead_height(f, width, index == 0) for index, f in enumerate(self.lead)
            )
            self._lead_width = width
        return self._lead_height

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        self.width = max(self.total_width, aW if self.lead else 0)
        self.height = (
            self.lead_height(aW) + self.header_height()
            + sum(self.row_height(r) for r in self.rows)
        )
        self._avail_width = aW
        return self.width, self.height

    # ------------------------------------------------------------------ splitting

    def _frame_height(self, aH: float) -> tuple[float, bool]:  # noqa: N803
        """Height of a whole frame (a fresh page) and whether we stand at its top."""
        frame = getattr(self, "_frame", None)
        if frame is None:
            return aH, True
        return float(frame._aH), bool(frame._atTop)

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - ReportLab API
        full_height, at_top = self._frame_height(aH)
        lead_h = self.lead_height(aW)
        head_h = self.header_height()
        if self.lead and lead_h + head_h + self._min_first_height() > full_height:
            # The texts before the table are longer than a page: let them flow on their own.
            return [*self.lead, self._copy(self.rows, lead=())]
        avail = aH - lead_h - head_h
        rows = self.rows
        used = 0.0
        count = 0
        while count < len(rows) and used + self.row_height(rows[count]) <= avail + 1e-6:
            used += self.row_height(rows[count])
            count += 1
        kept = count
        while kept > 0 and (rows[kept - 1].keep_with_next or
                            (kept < len(rows) and rows[kept].keep_with_previous)):
            kept -= 1
        if kept or not at_top:
            used -= sum(self.row_height(r) for r in rows[kept:count])
            count = kept
        # Orphan control: never leave a single row of a longer table for the next page.
        if (count >= 3 and len(rows) - count == 1 and rows[-1].kind is RowKind.BODY
                and not rows[-1].is_rest):
            count -= 1
            used -= self.row_height(rows[count])
        first = list(rows[:count])
        rest = list(rows[count:])
        if rest and rest[0].kind is RowKind.BODY:
            candidate = rest[0]
            row_h = self.row_height(candidate)
            fresh_room = full_height - head_h - self._continuation_height(candidate)
            space_left = avail - used
            must_split = row_h > fresh_room
            worth_split = row_h > 0.45 * fresh_room and space_left > 5 * self._leading(candidate)
            if must_split or worth_split:
                parts = self._split_row(candidate, space_left)
                if parts is not None:
                    first.append(parts[0])
                    rest[0] = parts[1]
        body_rows = sum(1 for r in first if r.kind is RowKind.BODY)
        wanted = min(self.min_rows if self.lead else 1,
                     sum(1 for r in self.rows if r.kind is RowKind.BODY))
        if not first or (body_rows < wanted and not at_top):
            return []
        chunk = GridChunk(self, first, self.lead)
        if not rest:
            return [chunk]
        if self.continuation is not None:
            rest = self.continuation(rest[0]) + rest[1:]
        return [chunk, self._copy(rest, lead=())]

    def _min_first_height(self) -> float:
        heights = [self.row_height(r) for r in self.rows if r.kind is RowKind.BODY][:1]
        if not heights:
            return 0.0
        return min(heights[0], 6 * self._leading(self.rows[0]) + 2 * PAD_Y)

    @staticmethod
    def _leading(row: GridRow) -> float:
        leadings = [c.leading for c in row.cells if c is not None]
        return max(leadings) if leadings else 10.0

    def _continuation_height(self, row: GridRow) -> float:
        if self.continuation is None:
            return 0.0
        return sum(self.row_height(r) for r in self.continuation(row)) - self.row_height(row)

    def _split_row(self, row: GridRow, space: float) -> tuple[GridRow, GridRow] | None:
        """Split ``row`` between lines so that its first part fits ``space`` points.

        Only long cells are split (at least :data:`MIN_HEAD_LINES` lines before the break
        and :data:`MIN_SPLIT_LINES` after it); short cells such as the partners stay whole,
        so a row is moved to the next page rather than broken into scraps.
        """
        text_room = space - 2 * PAD_Y
        heads: list[Cell | None] = []
        tails: list[Cell | None] = []
        split_any = False
        for column, cell in enumerate(row.cells):
            if cell is None:
                heads.append(None)
                tails.append(None)
                continue
            width = self._cell_width(row, column)
            if not isinstance(cell, TextBlock) or cell.badge is not None:
                if cell.height(width) > text_room:  # drawings and badges stay whole
                    return None
                heads.append(cell)
                tails.append(None)
                continue
            lines = cell.lines(width)
            room = math.floor(text_room / cell.leading)
            if len(lines) <= room:
                heads.append(cell)
                tails.append(None)
                continue
            fit = min(room, len(lines) - MIN_SPLIT_LINES)
            if len(lines) <= SHORT_CELL_LINES or fit < MIN_HEAD_LINES:
                return None
            heads.append(TextBlock.from_lines(cell, lines[:fit]))
            tails.append(TextBlock.from_lines(cell, lines[fit:]))
            split_any = True
        if not split_any:
            return None
        head = replace(row, cells=heads, height=-1.0)
        tail = replace(row, cells=tails, height=-1.0, items=0, is_rest=True,
                       strong_rule=False, keep_with_next=False, keep_with_previous=False)
        return head, tail

    def _copy(self, rows: list[GridRow], lead: Sequence[Flowable]) -> GridTable:
        table = GridTable(self.col_widths, self.header, rows, lead=lead,
                          continuation=self.continuation, on_drawn=self.on_drawn,
                          min_rows=self.min_rows, header_fill=self.header_fill)
        table._header_height = self._header_height
        return table

    # ------------------------------------------------------------------ drawing

    def draw(self) -> None:
        chunk = GridChunk(self, self.rows, self.lead)
        chunk.wrap(self._avail_width, self.height)
        chunk.drawOn(self.canv, 0, 0)


class GridChunk(Flowable):
    """The part of a :class:`GridTable` that is drawn on one page."""

    def __init__(self, table: GridTable, rows: list[GridRow], lead: Sequence[Flowable]) -> None:
        super().__init__()
        self.table = table
        self.rows = rows
        self.lead = list(lead)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        table = self.table
        self._aw = aW
        self.width = max(table.total_width, aW if self.lead else 0)
        self.height = (
            sum(_lead_height(f, aW, i == 0) for i, f in enumerate(self.lead))
            + table.header_height()
            + sum(table.row_height(r) for r in self.rows)
        )
        return self.width, self.height

    def draw(self) -> None:
        canv: Canvas = self.canv
        table = self.table
        width = table.total_width
        y = self.height
        for index, flowable in enumerate(self.lead):
            if index:
                y -= flowable.getSpaceBefore()
            _w, h = flowable.wrap(self._aw, 10_000)
            flowable.drawOn(canv, 0, y - h)
            y -= h + flowable.getSpaceAfter()
        if table.header is not None:
            head_h = table.header_height()
            canv.setFillColor(table.header_fill)
            canv.rect(0, y - head_h, width, head_h, stroke=0, fill=1)
            x = 0.0
            for cell, col_width in zip(table.header, table.col_widths, strict=True):
                cell.draw(canv, x + PAD_X, y - PAD_Y, col_width - 2 * PAD_X)
                x += col_width
            y -= head_h
        starts = [0.0]
        for col_width in table.col_widths:
            starts.append(starts[-1] + col_width)
        items = 0
        for index, row in enumerate(self.rows):
            row_h = table.row_height(row)
            if row.kind is RowKind.BAND:
                canv.setFillColor(row.fill or ACCENT_LIGHT)
                canv.rect(0, y - row_h, width, row_h, stroke=0, fill=1)
            elif row.fill is not None:
                canv.setFillColor(row.fill)
                canv.rect(0, y - row_h, width, row_h, stroke=0, fill=1)
            if index and row.kind is not RowKind.BAND and self.rows[index - 1].kind is not RowKind.BAND:
                canv.setStrokeColor(ACCENT_MID if row.strong_rule else RULE)
                canv.setLineWidth(0.7 if row.strong_rule else 0.4)
                canv.line(starts[row.rule_from], y, width, y)
            if row.kind is RowKind.TOTAL:
                canv.setStrokeColor(ACCENT)
                canv.setLineWidth(0.8)
                canv.line(0, y, width, y)
            if row.kind is RowKind.BAND:
                cell = row.cells[0]
                if cell is not None:
                    cell.draw(canv, PAD_X, y - PAD_Y, width - 2 * PAD_X)
            else:
                for column, cell in enumerate(row.cells):
                    if cell is not None:
                        cell.draw(canv, starts[column] + PAD_X, y - PAD_Y,
                                  table.col_widths[column] - 2 * PAD_X)
            y -= row_h
            items += row.items
        canv.setStrokeColor(ACCENT)
        canv.setLineWidth(0.8)
        canv.line(0, y, width, y)
        if table.on_drawn is not None and items:
            table.on_drawn(items)
