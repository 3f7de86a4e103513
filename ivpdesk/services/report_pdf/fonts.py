"""The fonts of every IVP Desk PDF: DejaVu Sans, shipped in resources/fonts and embedded.

ReportLab's own standard fonts (Helvetica and friends) are never embedded and miss
glyphs such as ≤ and ≥, so a file that uses them cannot be archived (PDF/A) and may
print boxes. Everything we draw names one of the four faces below, and the canvas
is started with :data:`REGULAR` as its initial font (ReportLab would otherwise put
Helvetica into every page's resources).
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ivpdesk.paths import resource

FAMILY = "IVPSans"
REGULAR = "IVPSans"
BOLD = "IVPSans-Bold"
ITALIC = "IVPSans-Oblique"
BOLD_ITALIC = "IVPSans-BoldOblique"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_lock = threading.Lock()
_registered = False


class FontMissingError(RuntimeError):
    """The shipped font files are missing: the installation is incomplete."""


def register_fonts() -> None:
    """Register the four faces with ReportLab once per process (thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            path = resource("fonts", filename)
            if not path.exists():
                raise FontMissingError(f"font file missing: {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _registered = True
