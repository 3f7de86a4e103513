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
