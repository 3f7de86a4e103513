"""Fast wrapped text for table cells: runs of text in a few fonts, laid out once, drawn directly.

ReportLab's ``Paragraph`` parses markup and builds fragment objects for every cell;
for a 1,000-activity plan that is most of the build time. Table cells need much less:
left-aligned runs (an italic title followed by regular text, a bold first line),
hard line breaks, word wrap and a break inside words that are wider than the column.
:class:`TextBlock` does exactly that, caches its lines per width, and can be split
between lines so a row longer than a page continues cleanly on the next one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ivpdesk.services.report_pdf.fonts import REGULAR
from ivpdesk.services.report_pdf.styles import INK, TABLE_LEADING, TABLE_SIZE, WHITE

CAP_HEIGHT = 0.73  # DejaVu Sans cap height, in em
_BREAK_AFTER = "-/–"


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text in one font (and optionally one colour); ``\\n`` breaks the line."""

    text: str
    font: str = REGULAR
    colour: Color | None = None


Fragment = tuple[str, str, Color | None]  # text, font, colour


@dataclass(slots=True)
class Line:
    fragments: list[Fragment]
    width: float


@lru_cache(maxsize=200_000)
def _width_1pt(text: str, font: str) -> float:
    return stringWidth(text, font, 1.0)


def text_width(text: str, font: str, size: float) -> float:
    return _width_1pt(text, font) * size


_BREAK = object()


def _tokens(runs: Iterable[Run]) -> list[object]:
    """Words (lists of fragments) and line breaks; spaces separate words and are collapsed."""
    tokens: list[object] = []
    word: list[Fragment] = []
    for run in runs:
        if not run.text:
            continue
        for part_index, part in enumerate(run.text.split("\n")):
            if part_index:
                if word:
                    tokens.append(word)
                    word = []
                tokens.append(_BREAK)
            pieces = part.split(" ")
            for piece_index, piece in enumerate(pieces):
                if piece_index and word:
                    tokens.append(word)
                    word = []
                if piece:
                    word.append((piece, run.font, run.colour))
    if word:
        tokens.append(word)
    return tokens


def _break_long_word(word: list[Fragment], width: float, size: float) -> list[list[Fragment]]:
    """Split a word wider than the column, preferring a break after a hyphen or slash."""
    pieces: list[list[Fragment]] = []
    current: list[Fragment] = []
    current_width = 0.0
    for text, font, colour in word:
        start = 0
        index = 0
        last_break = -1
        while index < len(text):
            char_width = text_width(text[index], font, size)
            if current_width + char_width > width and (index > start or current):
                cut = last_break + 1 if last_break >= start else index
                if cut <= start and not current:
                    cut = index
                if cut > start:
                    current.append((text[start:cut], font, colour))
                pieces.append(current)
                current, current_width = [], 0.0
                start = cut
                index = cut
                last_break = -1
                continue
            if text[index] in _BREAK_AFTER:
                last_break = index
            current_width += char_width
            index += 1
        if start < len(text):
            current.append((text[start:], font, colour))
    if current:
        pieces.append(current)
    return pieces


def _word_width(word: Sequence[Fragment], size: float) -> float:
    if len(word) == 1:
        return _width_1pt(word[0][0], word[0][1]) * size
    return sum(_width_1pt(text, font) for text, font, _ in word) * size


def layout_runs(runs: Iterable[Run], width: float, size: float) -> list[Line]:
    """Greedy word wrap of ``runs`` into lines no wider than ``width`` points."""
    lines: list[Line] = []
    fragments: list[Fragment] = []
    line_width = 0.0

    def finish() -> None:
        nonlocal fragments, line_width
        lines.append(Line(fragments, line_width))
        fragments, line_width = [], 0.0

    def append(word: Sequence[Fragment], word_width: float, space: float) -> None:
        nonlocal line_width
        for position, (text, font, colour) in enumerate(word):
            if space and position == 0:
                text = " " + text
            if fragments and fragments[-1][1] == font and fragments[-1][2] == colour:
                last = fragments[-1]
                fragments[-1] = (last[0] + text, font, colour)
            else:
                fragments.append((text, font, colour))
        line_width += word_width + space

    for token in _tokens(runs):
        if token is _BREAK:
            finish()
            continue
        word: list[Fragment] = token  # type: ignore[assignment]
        word_width = _word_width(word, size)
        if fragments:
            space = _width_1pt(" ", word[0][1]) * size
            if line_width + space + word_width <= width:
                append(word, word_width, space)
                continue
            finish()
        if word_width <= width:
            append(word, word_width, 0.0)
            continue
        pieces = _break_long_word(word, width, size)
        for piece_index, piece in enumerate(pieces):
            if piece_index:
                finish()
            append(piece, _word_width(piece, size), 0.0)
    if fragments or not lines:
        finish()
    return lines


class TextBlock:
    """Cell content: runs laid out at a width once, drawn with one text object.

    ``badge`` paints the first line as a small coloured label with white text (status).
    """

    __slots__ = ("runs", "size", "leading", "colour", "align", "badge", "_lines", "_width")

    def __init__(
        self,
        runs: Sequence[Run] | str,
        *,
        size: float = TABLE_SIZE,
        leading: float = TABLE_LEADING,
        colour: Color = INK,
        align: str = "left",
        badge: Color | None = None,
    ) -> None:
        self.runs: tuple[Run, ...] = (Run(runs),) if isinstance(runs, str) else tuple(runs)
        self.size = size
        self.leading = leading
        self.colour = colour
        self.align = align
        self.badge = badge
        self._lines: list[Line] | None = None
        self._width = -1.0

    @classmethod
    def from_lines(cls, source: TextBlock, lines: list[Line]) -> TextBlock:
        """A block holding some of ``source``'s lines (a row split over two pages)."""
        block = cls(source.runs, size=source.size, leading=source.leading, colour=source.colour,
                    align=source.align, badge=source.badge)
        block._lines = lines
        block._width = source._width
        return block

    def with_leading_line(self, runs: Sequence[Run]) -> TextBlock:
        """A copy that starts with an extra line (e.g. "Activiteit 12 (vervolg)")."""
        if self._lines is None:
            return TextBlock([*runs, Run("\n"), *self.runs], size=self.size,
                             leading=self.leading, colour=self.colour, align=self.align,
                             badge=self.badge)
        first = layout_runs(runs, self._width, self.size)
        return TextBlock.from_lines(self, first + self._lines)

    @property
    def plain_text(self) -> str:
        return "".join(run.text for run in self.runs)

    def lines(self, width: float) -> list[Line]:
        if self._lines is None or abs(width - self._width) > 0.01:
            inner = width - (4.0 if self.badge is not None else 0.0)
            self._lines = layout_runs(self.runs, inner, self.size)
            self._width = width
        return self._lines

    def height(self, width: float) -> float:
        lines = self.lines(width)
        extra = 2.0 if self.badge is not None else 0.0
        return len(lines) * self.leading + extra

    def draw(self, canv: Canvas, x: float, top: float, width: float) -> None:
        """Draw with the first line's cap height centred in its leading below ``top``."""
        lines = self.lines(width)
        if not lines:
            return
        size, leading = self.size, self.leading
        first_baseline = top - (leading - CAP_HEIGHT * size) / 2 - CAP_HEIGHT * size
        if self.badge is not None:
            pad = 2.0
            canv.saveState()
            canv.setFillColor(self.badge)
            canv.roundRect(x, first_baseline - 0.28 * size - 1.0, lines[0].width + 2 * pad,
                           size * 1.02 + 2.0, 1.6, stroke=0, fill=1)
            canv.restoreState()
        text = canv.beginText()
        current_font: tuple[str, float] | None = None
        current_colour: Color | None = None
        for index, line in enumerate(lines):
            baseline = first_baseline - index * leading
            offset = 0.0
            if self.align == "right":
                offset = width - line.width
            elif self.align == "center":
                offset = (width - line.width) / 2
            if self.badge is not None:
                offset += 2.0
                if index:
                    baseline -= 2.0
            text.setTextOrigin(x + offset, baseline)
            for fragment_text, font, colour in line.fragments:
                if current_font != (font, size):
                    text.setFont(font, size, leading)
                    current_font = (font, size)
                wanted = colour or self.colour
                if index == 0 and self.badge is not None:
                    wanted = WHITE
                if wanted is not current_colour:
                    text.setFillColor(wanted)
                    current_colour = wanted
                text.textOut(fragment_text)
        canv.drawText(text)
