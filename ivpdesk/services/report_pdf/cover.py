"""The cover page: gemeente (logo or name), title, status and version, drawn on the canvas."""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ivpdesk.services.report_pdf.fonts import BOLD, REGULAR
from ivpdesk.services.report_pdf.styles import (
    ACCENT,
    ACCENT_LIGHT,
    ACCENT_MID,
    INK,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MUTED,
)
from ivpdesk.services.report_pdf.text import Run, TextBlock

log = logging.getLogger(__name__)

LOGO_MAX_WIDTH = 62 * mm
LOGO_MAX_HEIGHT = 30 * mm
BAND_HEIGHT = 24 * mm


@dataclass
class CoverContent:
    municipality: str
    title: str  # "Uitvoeringsplan Integrale Veiligheid 2027–2028"
    subtitle: str = ""  # "Uitwerking van het Integraal Veiligheidsplan 2027–2030"
    status: str = ""  # "Concept" / "Vastgesteld door het college … op 12 maart 2027"
    details: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (label, value)
    logo: bytes | None = None
    badge: str = ""  # short word in a box above the title ("CONCEPT")


def _logo_reader(data: bytes | None) -> ImageReader | None:
    if not data:
        return None
    try:
        return ImageReader(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - a bad logo must never stop the print
        log.warning("logo could not be read; cover printed without it", exc_info=True)
        return None


def draw_cover(canv: Canvas, content: CoverContent) -> None:
    width, height = canv._pagesize
    left = MARGIN_LEFT
    text_width = width - MARGIN_LEFT - MARGIN_RIGHT
    canv.saveState()

    # Thin accent strip at the top edge and the band at the bottom (footer sits in it).
    canv.setFillColor(ACCENT)
    canv.rect(0, height - 6 * mm, width, 6 * mm, stroke=0, fill=1)
    canv.rect(0, 0, width, BAND_HEIGHT, stroke=0, fill=1)
    canv.setFillColor(ACCENT_MID)
    canv.rect(0, BAND_HEIGHT, width, 1.2 * mm, stroke=0, fill=1)

    # Gemeente: the logo if there is one, else the name set in type.
    top = height - 26 * mm
    reader = _logo_reader(content.logo)
    if reader is not None:
        image_w, image_h = reader.getSize()
        scale = min(LOGO_MAX_WIDTH / image_w, LOGO_MAX_HEIGHT / image_h)
        draw_w, draw_h = image_w * scale, image_h * scale
        canv.drawImage(reader, left, top - draw_h, draw_w, draw_h, mask="auto")
    else:
        canv.setFillColor(ACCENT)
        canv.setFont(REGULAR, 11)
        canv.drawString(left, top - 11, "Gemeente")
        canv.setFont(BOLD, 20)
        canv.drawString(left, top - 34, content.municipality)

    # Title block, a little above the middle of the page.
    y = height * 0.60
    if content.badge:
        canv.setFont(BOLD, 9)
        badge_w = canv.stringWidth(content.badge, BOLD, 9) + 14
        canv.setFillColor(ACCENT_LIGHT)
        canv.roundRect(left, y + 14, badge_w, 17, 2, stroke=0, fill=1)
        canv.setFillColor(ACCENT)
        canv.drawString(left + 7, y + 19.5, content.badge)
    if reader is not None:  # without a logo the name already stands at the top
        canv.setFillColor(MUTED)
        canv.setFont(REGULAR, 11)
        canv.drawString(left, y, f"Gemeente {content.municipality}")
    y -= 12
    title = TextBlock([Run(content.title, BOLD)], size=30, leading=36, colour=ACCENT)
    title.draw(canv, left, y, text_width)
    y -= title.height(text_width) + 10
    canv.setStrokeColor(ACCENT)
    canv.setLineWidth(2.2)
    canv.line(left, y, left + 40 * mm, y)
    y -= 22
    if content.subtitle:
        subtitle = TextBlock([Run(content.subtitle)], size=12.5, leading=17, colour=INK)
        subtitle.draw(canv, left, y + 12, text_width)
        y -= subtitle.height(text_width) + 4

    # Status and version, lower on the page.
    y = BAND_HEIGHT + 58 * mm
    if content.status:
        status = TextBlock([Run(content.status, BOLD)], size=11, leading=15, colour=ACCENT)
        status.draw(canv, left, y, text_width)
        y -= status.height(text_width) + 6
    label_w = max((canv.stringWidth(label, REGULAR, 9.5) for label, _ in content.details),
                  default=0) + 10
    for label, value in content.details:
        canv.setFont(REGULAR, 9.5)
        canv.setFillColor(MUTED)
        canv.drawString(left, y - 10, label)
        block = TextBlock([Run(value)], size=9.5, leading=13, colour=INK)
        block.draw(canv, left + label_w, y, text_width - label_w)
        y -= block.height(text_width - label_w) + 2
    canv.restoreState()
