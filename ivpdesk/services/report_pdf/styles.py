"""House style of the reports: page geometry, colours, type sizes, paragraph styles.

One sober style for both documents (uitvoeringsplan and voortgangsrapportage): dark
blue headings, black body text, thin rules, generous margins, so the document reads
like something the gemeente publishes rather than a table dump.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from ivpdesk.services.report_pdf.fonts import BOLD, ITALIC, REGULAR, register_fonts

PORTRAIT = A4
LANDSCAPE = landscape(A4)

MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 22 * mm
FOOTER_Y = 11 * mm  # baseline of the footer text
HEADER_Y_FROM_TOP = 12 * mm  # baseline of the running header, measured from the top edge
# Landscape pages are short: tighter margins there give the tables room.
MARGIN_TOP_LANDSCAPE = 17 * mm
MARGIN_BOTTOM_LANDSCAPE = 16 * mm
FOOTER_Y_LANDSCAPE = 8 * mm
HEADER_Y_FROM_TOP_LANDSCAPE = 10 * mm

# Colours
INK = HexColor("#1a1a1a")
ACCENT = HexColor("#1d3a5f")  # headings, header rows, cover band
ACCENT_LIGHT = HexColor("#e6edf5")  # kop bands, boxes
ACCENT_MID = HexColor("#9db3cc")
RULE = HexColor("#c3ccd6")
MUTED = HexColor("#5a6470")
WHITE = HexColor("#ffffff")
ON_TRACK = HexColor("#2e7d32")
OFF_TRACK = HexColor("#b3261e")
NEUTRAL = HexColor("#8a8f98")

BODY_SIZE = 9.5
BODY_LEADING = 13.8
TABLE_SIZE = 8.2
TABLE_LEADING = 10.4
SMALL_SIZE = 7.4
SMALL_LEADING = 9.2


def hex_colour(value: str) -> Color:
    return HexColor(value)


def frame_width(pagesize: tuple[float, float]) -> float:
    return pagesize[0] - MARGIN_LEFT - MARGIN_RIGHT


def is_landscape(pagesize: tuple[float, float]) -> bool:
    return pagesize[0] > pagesize[1]


def frame_height(pagesize: tuple[float, float]) -> float:
    if is_landscape(pagesize):
        return pagesize[1] - MARGIN_TOP_LANDSCAPE - MARGIN_BOTTOM_LANDSCAPE
    return pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM


def footer_y(pagesize: tuple[float, float]) -> float:
    return FOOTER_Y_LANDSCAPE if is_landscape(pagesize) else FOOTER_Y


def header_y(pagesize: tuple[float, float]) -> float:
    """Baseline of the running header, from the bottom edge."""
    return pagesize[1] - (HEADER_Y_FROM_TOP_LANDSCAPE if is_landscape(pagesize)
                          else HEADER_Y_FROM_TOP)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_muted: ParagraphStyle
    lead: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    label: ParagraphStyle
    kind: ParagraphStyle
    small: ParagraphStyle
    box_title: ParagraphStyle
    box_text: ParagraphStyle
    toc_title: ParagraphStyle
    kicker: ParagraphStyle


@cache
def styles() -> Styles:
    """Paragraph styles (fonts registered first); built once per process."""
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=BODY_SIZE, leading=BODY_LEADING, textColor=INK,
        alignment=TA_LEFT, spaceAfter=6, allowWidows=0, allowOrphans=0,
    )
    return Styles(
        body=body,
        body_muted=ParagraphStyle("body_muted", parent=body, textColor=MUTED),
        lead=ParagraphStyle("lead", parent=body, fontSize=10.5, leading=15.5, spaceAfter=8),
        h1=ParagraphStyle(
            "h1", fontName=BOLD, fontSize=19, leading=24, textColor=ACCENT, spaceBefore=0,
            spaceAfter=10, keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "h2", fontName=BOLD, fontSize=14, leading=18, textColor=ACCENT, spaceBefore=6,
            spaceAfter=2, keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "h3", fontName=BOLD, fontSize=10.5, leading=14, textColor=ACCENT, spaceBefore=8,
            spaceAfter=3, keepWithNext=1,
        ),
        label=ParagraphStyle(
            "label", fontName=BOLD, fontSize=9, leading=12, textColor=ACCENT, spaceBefore=8,
            spaceAfter=3, keepWithNext=1,
        ),
        kind=ParagraphStyle(
            "kind", fontName=ITALIC, fontSize=9, leading=12, textColor=MUTED, spaceAfter=8,
            keepWithNext=1,
        ),
        small=ParagraphStyle(
            "small", fontName=REGULAR, fontSize=SMALL_SIZE, leading=SMALL_LEADING, textColor=MUTED,
        ),
        box_title=ParagraphStyle(
            "box_title", fontName=BOLD, fontSize=8.6, leading=11.5, textColor=ACCENT, spaceAfter=2,
        ),
        box_text=ParagraphStyle(
            "box_text", fontName=REGULAR, fontSize=9, leading=12.6, textColor=INK,
            allowWidows=0, allowOrphans=0,
        ),
        toc_title=ParagraphStyle(
            "toc_title", fontName=BOLD, fontSize=19, leading=24, textColor=ACCENT, spaceAfter=14,
        ),
        kicker=ParagraphStyle(
            "kicker", fontName=BOLD, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=2,
            keepWithNext=1,
        ),
    )
