"""The document machinery shared by both reports: page templates, footer, headings, outline.

Built in one pass. ReportLab's usual way to print "pagina X van Y" and a table of
contents with page numbers is ``multiBuild``, which lays the whole document out two
or three times. Here the canvas holds every finished page back (:class:`ReportCanvas`)
and, once the last page is known, draws what depends on it: the footer with the page
count, the running header, and the page numbers in the inhoudsopgave. Bookmarks are
replayed at that moment too, so each one points at its own page.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from ivpdesk import __version__
from ivpdesk.domain.errors import DomainError
from ivpdesk.services.atomic import write_atomically
from ivpdesk.services.progress import Progress
from ivpdesk.services.report_pdf.fonts import BOLD, REGULAR, register_fonts
from ivpdesk.services.report_pdf.styles import (
    ACCENT,
    LANDSCAPE,
    MARGIN_BOTTOM,
    MARGIN_BOTTOM_LANDSCAPE,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PORTRAIT,
    RULE,
    footer_y,
    frame_height,
    header_y,
)
from ivpdesk.services.report_pdf.text import Run, TextBlock, text_width

DeferredDraw = Callable[[Canvas, int, int], None]  # canvas, page number, page count
PROGRESS_INTERVAL = 0.1  # seconds between progress reports


class ReportError(DomainError):
    """The report could not be written (folder missing, file in use …); Dutch message."""


class ReportCanvas(Canvas):
    """A canvas that keeps its pages until ``save()`` so page-count-dependent text can be drawn.

    ``defer(draw)`` schedules ``draw(canvas, page_number, page_count)`` on the current
    page; ``bookmarkPage`` is replayed on the right page when the pages are written.
    """

    _OWN = ("_held_pages", "_held_bookmarks", "_held_draws", "page_decorator", "page_count",
            "_late_forms")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[tuple[dict[str, Any], list[tuple[str, dict[str, Any]]],
                                     list[DeferredDraw]]] = []
        self._held_bookmarks: list[tuple[str, dict[str, Any]]] = []
        self._held_draws: list[DeferredDraw] = []
        self.page_decorator: DeferredDraw | None = None
        self.page_count = 0
        self._late_forms: list[tuple[str, tuple[float, float, float, float],
                                     Callable[[Canvas], None]]] = []

    def defer(self, draw: DeferredDraw) -> None:
        self._held_draws.append(draw)

    def late_form(self, name: str, bbox: tuple[float, float, float, float],
                  draw: Callable[[Canvas], None]) -> None:
        """Use form XObject ``name`` here now; ``draw`` fills it in once all pages exist.

        Unlike :meth:`defer` the form sits at this point of the page's content, so text
        extraction reads it in place (page numbers of the inhoudsopgave).
        """
        self._late_forms.append((name, bbox, draw))
        self.doForm(name)

    def bookmarkPage(self, key: str, **kwargs: Any) -> str:  # noqa: N802 - ReportLab API
        self._held_bookmarks.append((key, kwargs))
        return key

    def showPage(self) -> None:  # noqa: N802 - ReportLab API
        state = {k: v for k, v in self.__dict__.items() if k not in self._OWN}
        self._held_pages.append((state, self._held_bookmarks, self._held_draws))
        self._held_bookmarks, self._held_draws = [], []
        self._startPage()

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        held, self._held_pages = self._held_pages, []
        total = self.page_count = len(held)
        for name, bbox, draw in self._late_forms:
            self.beginForm(name, *bbox)
            draw(self)
            self.endForm()
        for number, (state, bookmarks, draws) in enumerate(held, 1):
            self.__dict__.update(state)
            for key, kwargs in bookmarks:
                Canvas.bookmarkPage(self, key, **kwargs)
            for draw in draws:
                draw(self, number, total)
            if self.page_decorator is not None:
                self.page_decorator(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


@dataclass
class TocEntry:
    level: int
    title: str
    key: str


@dataclass
class DocumentInfo:
    """What the pages around the content show, and the PDF's metadata."""

    title: str
    author: str
    subject: str
    footer: str  # "Uitvoeringsplan Integrale Veiligheid Lindewaard 2027–2028"
    header_right: str = ""  # e.g. "Concept – versie 2 december 2026"
    keywords: Sequence[str] = field(default_factory=tuple)


class Heading(Paragraph):
    """A heading that registers itself for the inhoudsopgave, the outline and the page header."""

    def __init__(self, text: str, style: Any, *, key: str, level: int,
                 toc_title: str | None = None, chapter: bool = False) -> None:
        from xml.sax.saxutils import escape

        super().__init__(escape(text), style)
        self.key = key
        self.level = level
        self.toc_title = toc_title or text
        self.chapter = chapter

    def draw(self) -> None:
        doc = getattr(self.canv, "_doctemplate", None)
        if isinstance(doc, ReportDocument):
            doc.register_heading(self)
        super().draw()


class TableOfContents(Flowable):
    """Inhoudsopgave whose page numbers are drawn once the whole document is laid out.

    The entries are known before the layout starts (every veld and theme), and the
    layout never depends on the numbers, so one pass is enough.
    """

    NUMBER_WIDTH = 28.0
    INDENT = 16.0

    def __init__(self, entries: Sequence[TocEntry], *, continued: bool = False) -> None:
        super().__init__()
        self.entries = list(entries)
        self._blocks: list[TextBlock] = []
        self._heights: list[float] = []
        self._width = -1.0
        self.continued = continued

    def _measure(self, width: float) -> None:
        if abs(width - self._width) < 0.01:
            return
        self._blocks, self._heights = [], []
        for entry in self.entries:
            top_level = entry.level == 0
            block = TextBlock([Run(entry.title, BOLD if top_level else REGULAR)],
                              size=10 if top_level else 9.3, leading=14 if top_level else 13,
                              colour=ACCENT if top_level else Color(0.1, 0.1, 0.1))
            text_w = width - self.NUMBER_WIDTH - 12 - (self.INDENT if entry.level else 0)
            space_before = 7.0 if top_level else 0.0
            self._blocks.append(block)
            self._heights.append(block.height(text_w) + space_before + 1.5)
        self._width = width

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        self._measure(aW)
        self.width = aW
        self.height = sum(self._heights)
        return aW, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        self._measure(aW)
        used, count = 0.0, 0
        while count < len(self.entries) and used + self._heights[count] <= aH:
            used += self._heights[count]
            count += 1
        # Never leave a veld as the last line of a page without any of its themes.
        if 0 < count < len(self.entries) and self.entries[count - 1].level == 0:
            count -= 1
        if count == 0:
            return []
        return [TableOfContents(self.entries[:count]),
                TableOfContents(self.entries[count:], continued=True)]

    def draw(self) -> None:
        canv = self.canv
        doc = getattr(canv, "_doctemplate", None)
        width = self.width
        y = self.height
        for entry, block, height in zip(self.entries, self._blocks, self._heights, strict=True):
            top_level = entry.level == 0
            if top_level:
                y -= 7.0
            indent = self.INDENT if entry.level else 0.0
            text_w = width - self.NUMBER_WIDTH - 12 - indent
            block.draw(canv, indent, y, text_w)
            lines = block.lines(text_w)
            last_baseline = y - (len(lines) - 1) * block.leading - (
                block.leading - 0.73 * block.size) / 2 - 0.73 * block.size
            leader_start = indent + lines[-1].width + 4
            leader_end = width - self.NUMBER_WIDTH
            if leader_end > leader_start:
                canv.saveState()
                canv.setStrokeColor(RULE if not top_level else MUTED)
                canv.setLineWidth(0.9)
                canv.setLineCap(1)
                canv.setDash([0.01, 3.0])
                canv.line(leader_start, last_baseline + 1, leader_end, last_baseline + 1)
                canv.restoreState()
            canv.linkRect("", entry.key, (0, last_baseline - 3, width, y), relative=1, thickness=0)
            if isinstance(canv, ReportCanvas) and isinstance(doc, ReportDocument):
                canv.saveState()
                canv.translate(width, last_baseline)
                canv.late_form(f"tocnr-{entry.key}", (-self.NUMBER_WIDTH, -4, 2, 14),
                               _toc_number(doc, entry.key, block.size,
                                           BOLD if top_level else REGULAR))
                canv.restoreState()
            y -= height - (7.0 if top_level else 0.0)


def _toc_number(doc: ReportDocument, key: str, size: float,
                font: str) -> Callable[[Canvas], None]:
    def draw(canv: Canvas) -> None:
        page = doc.heading_pages.get(key)
        canv.setFont(font, size)
        canv.setFillColor(ACCENT if font == BOLD else Color(0.1, 0.1, 0.1))
        canv.drawRightString(0, 0, str(page) if page is not None else "")

    return draw


CoverPainter = Callable[[Canvas, "ReportDocument"], None]


class ReportDocument(BaseDocTemplate):
    """A4 document with a cover, portrait and landscape page templates, one pass."""

    def __init__(self, target: Any, info: DocumentInfo, *, cover: CoverPainter | None = None,
                 progress: Progress | None = None, total_items: int = 0) -> None:
        register_fonts()
        super().__init__(
            target,
            pagesize=PORTRAIT,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=info.title,
            author=info.author,
            subject=info.subject,
            creator=f"IVP Desk {__version__}",
            producer=f"IVP Desk {__version__} (ReportLab)",
            keywords=list(info.keywords),
            initialFontName=REGULAR,
            initialFontSize=9,
            initialLeading=11,
            lang="nl-NL",
            pageCompression=1,
            displayDocTitle=1,
        )
        self.info = info
        self.cover = cover
        self.progress = progress
        self.total_items = max(total_items, 1)
        self.items_done = 0
        self._last_report = 0.0
        self.heading_pages: dict[str, int] = {}
        self._chapter = ""
        self._chapter_page = 0
        self._page_chapters: dict[int, tuple[str, bool]] = {}
        portrait_frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, PORTRAIT[0] - MARGIN_LEFT - MARGIN_RIGHT,
                               PORTRAIT[1] - MARGIN_TOP - MARGIN_BOTTOM, id="portrait",
                               leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        landscape_frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM_LANDSCAPE,
                                LANDSCAPE[0] - MARGIN_LEFT - MARGIN_RIGHT,
                                frame_height(LANDSCAPE), id="landscape",
                                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover_frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, PORTRAIT[0] - MARGIN_LEFT - MARGIN_RIGHT,
                            PORTRAIT[1] - MARGIN_TOP - MARGIN_BOTTOM, id="cover",
                            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [cover_frame], onPage=self._on_cover, pagesize=PORTRAIT),
            PageTemplate("portrait", [portrait_frame], pagesize=PORTRAIT),
            PageTemplate("landscape", [landscape_frame], pagesize=LANDSCAPE),
        ])

    # ------------------------------------------------------------------ hooks

    def _on_cover(self, canv: Canvas, _doc: BaseDocTemplate) -> None:
        if self.cover is not None:
            self.cover(canv, self)

    def register_heading(self, heading: Heading) -> None:
        canv = self.canv
        self.heading_pages[heading.key] = self.page
        _x, top = canv.absolutePosition(0, heading.height)
        canv.bookmarkPage(heading.key, fit="XYZ", left=0, top=top + 6, zoom=0)
        canv.addOutlineEntry(heading.toc_title, heading.key, level=heading.level)
        if heading.chapter:
            self._chapter = heading.toc_title
            self._chapter_page = self.page

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab API
        if self.progress is not None:
            self.progress.check()

    def afterPage(self) -> None:  # noqa: N802 - ReportLab API
        started_here = self._chapter_page == self.page
        self._page_chapters[self.page] = (self._chapter, started_here)
        if self.progress is not None:
            self.progress.check()

    def items_drawn(self, count: int) -> None:
        """Called by tables as rows land on pages: progress for the GUI's progress bar.

        Reported at most every :data:`PROGRESS_INTERVAL` seconds: a progress bar needs no
        more, and every report crosses threads as a Qt signal (PySide6 6.12.0 also loses a
        reference to ``True`` on each ``Signal.emit``, so fewer emits keep it far from harm).
        """
        self.items_done += count
        if self.progress is None:
            return
        self.progress.check()
        now = time.monotonic()
        done = min(self.items_done, self.total_items)
        if now - self._last_report >= PROGRESS_INTERVAL or done == self.total_items:
            self._last_report = now
            self.progress.step(done, self.total_items, f"Pagina {self.page} opmaken…")

    # ------------------------------------------------------------------ page furniture

    def decorate_page(self, canv: Canvas, number: int, total: int) -> None:
        """Footer on every page; running header on content pages (drawn at save time)."""
        width, height = canv._pagesize
        on_cover = number == 1 and self.cover is not None
        canv.saveState()
        footer = f"{self.info.footer} — pagina {number} van {total}"
        if on_cover:
            canv.setFillColor(Color(1, 1, 1))
        else:
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(MARGIN_LEFT, footer_y(canv._pagesize) + 9, width - MARGIN_RIGHT,
                      footer_y(canv._pagesize) + 9)
            canv.setFillColor(MUTED)
        canv.setFont(REGULAR, 7.6)
        canv.drawRightString(width - MARGIN_RIGHT, footer_y(canv._pagesize), footer)
        if not on_cover:
            chapter, started_here = self._page_chapters.get(number, ("", False))
            y = header_y(canv._pagesize)
            canv.setFont(REGULAR, 7.6)
            canv.setFillColor(MUTED)
            if chapter and not started_here:
                canv.drawString(MARGIN_LEFT, y, _fit(chapter, REGULAR, 7.6, width / 2))
            if self.info.header_right:
                canv.setFont(BOLD, 7.6)
                canv.drawRightString(width - MARGIN_RIGHT, y, self.info.header_right)
        canv.restoreState()

    def build_story(self, story: list[Flowable]) -> int:
        """Lay out ``story``; returns the number of pages."""
        canvases: list[ReportCanvas] = []

        def canvas_maker(*args: Any, **kwargs: Any) -> ReportCanvas:
            canv = ReportCanvas(*args, **kwargs)
            canv.page_decorator = self.decorate_page
            canvases.append(canv)
            return canv

        self.build(story, canvasmaker=canvas_maker)
        return canvases[-1].page_count if canvases else 0


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``width`` (running header)."""
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def write_pdf_atomically(out: Path, produce: Callable[[io.BytesIO], int]) -> int:
    """Build the PDF in memory, then write it next to ``out`` and rename it into place.

    A cancelled or failed build leaves no file behind, and an existing file is only
    replaced by a complete new one.
    """
    out = Path(out).expanduser()
    if not out.resolve().parent.is_dir():
        raise ReportError(f"De map {out.resolve().parent} bestaat niet. Kies een andere map.")
    buffer = io.BytesIO()
    pages = produce(buffer)
    write_atomically(
        out, buffer.getbuffer(), error=ReportError,
        in_use_message=f"Het bestand {out.name} kan niet worden overschreven: het is alleen-lezen "
        "of nog geopend in een ander programma (PDF-lezer?). Sluit het en probeer het opnieuw.",
    )
    return pages


__all__ = [
    "DocumentInfo",
    "Heading",
    "ReportCanvas",
    "ReportDocument",
    "ReportError",
    "TableOfContents",
    "TocEntry",
    "write_pdf_atomically",
]
