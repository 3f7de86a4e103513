"""Small flowables the reports need beyond ReportLab's own."""

from __future__ import annotations

from reportlab.platypus import Flowable


class TopGap(Flowable):
    """Vertical space that disappears at the top of a page (unless ``always``).

    A plain Spacer before a theme would push the theme heading down on a fresh page.
    """

    def __init__(self, height: float, *, always: bool = False) -> None:
        super().__init__()
        self.gap = height
        self.always = always

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        frame = getattr(self, "_frame", None)
        at_top = bool(frame is not None and frame._atTop)
        self.width = 0
        self.height = 0.0 if (at_top and not self.always) else min(self.gap, aH)
        return 0, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - ReportLab API
        return []

    def draw(self) -> None:
        pass


class ContextLabel(Flowable):
    """A small label that names its theme again when it lands on a later page than the heading.

    "Activiteiten" right under the theme heading; "Activiteiten – Veiligheidsbeleving
    (vervolg)" at the top of the next page, so no table stands on a page without saying
    which theme it belongs to.
    """

    def __init__(self, text: str, theme: str, heading_key: str, style: object) -> None:
        super().__init__()
        from xml.sax.saxutils import escape

        from reportlab.platypus import Paragraph

        self.short = Paragraph(escape(text), style)
        self.long = Paragraph(f"{escape(text)} – {escape(theme)} <i>(vervolg)</i>", style)
        self.heading_key = heading_key
        self.style = style

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        _w, short_h = self.short.wrap(aW, aH)
        _w, long_h = self.long.wrap(aW, aH)
        self.width, self.height = aW, max(short_h, long_h)
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab API
        return self.short.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802 - ReportLab API
        return self.short.getSpaceAfter()

    def draw(self) -> None:
        doc = getattr(self.canv, "_doctemplate", None)
        pages = getattr(doc, "heading_pages", {})
        same_page = pages.get(self.heading_key) == getattr(doc, "page", None)
        chosen = self.short if same_page else self.long
        _w, h = chosen.wrap(self.width, self.height)
        chosen.drawOn(self.canv, 0, self.height - h)
