"""Small indicator charts for the voortgangsrapportage: baseline, measurements, target line.

Drawn with ReportLab graphics shapes (not the chart widgets) so every string uses the
embedded font and the chart stays legible at 9 × 4 cm: one line for the measurements
from the baseline on, a dashed line through the numeric targets, and the years below.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String

from ivpdesk.domain import Indicator
from ivpdesk.domain.formatting import format_number
from ivpdesk.services.report_pdf.fonts import REGULAR
from ivpdesk.services.report_pdf.styles import ACCENT, MUTED, ON_TRACK, RULE, WHITE

FONT_SIZE = 6.3


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering low..high (1, 2, 2,5 or 5 times a power of ten)."""
    if math.isclose(low, high):
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.5 and len(ticks) < 8:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _string(x: float, y: float, text: str, *, anchor: str = "start", colour=MUTED,
            size: float = FONT_SIZE) -> String:
    return String(x, y, text, fontName=REGULAR, fontSize=size, fillColor=colour,
                  textAnchor=anchor)


def indicator_chart(indicator: Indicator, years: list[int], width: float,
                    height: float) -> Drawing:
    """Chart of ``indicator`` over ``years`` (measurements after the peildatum left out)."""
    drawing = Drawing(width, height)
    # ReportLab graphics would otherwise select Helvetica (unembedded) before any text.
    drawing.initialFontName = REGULAR
    drawing.initialFontSize = FONT_SIZE
    baseline = indicator.baseline
    measured = sorted((m.year, m.value) for m in indicator.measurements if m.year in years)
    targets = sorted((t.year, t.value) for t in indicator.targets
                     if t.value is not None and t.year in years)
    values = [v for _, v in measured] + [v for _, v in targets]
    if baseline.value is not None and baseline.year in years:
        values.append(baseline.value)
    if not values or len(years) < 1:
        drawing.add(_string(width / 2, height / 2, "Geen getallen om te tonen", anchor="middle"))
        return drawing

    ticks = _nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    left, right, bottom, top = 30.0, 10.0, 27.0, 11.0
    plot_w, plot_h = width - left - right, height - bottom - top
    first, last = years[0], years[-1]

    def x_of(year: int) -> float:
        if last == first:
            return left + plot_w / 2
        return left + plot_w * (year - first) / (last - first)

    def y_of(value: float) -> float:
        return bottom + plot_h * (value - low) / (high - low)

    drawing.add(Rect(left, bottom, plot_w, plot_h, fillColor=WHITE, strokeColor=None))
    for tick in ticks:
        y = y_of(tick)
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=RULE, strokeWidth=0.4))
        drawing.add(_string(left - 3, y - 2.2, format_number(tick), anchor="end"))
    for year in years:
        drawing.add(_string(x_of(year), bottom - 10, str(year), anchor="middle"))
    drawing.add(Line(left, bottom, left + plot_w, bottom, strokeColor=MUTED, strokeWidth=0.6))

    if targets:
        points: list[float] = []
        for year, value in targets:
            points += [x_of(year), y_of(value)]
        if len(targets) == 1:
            points = [x_of(targets[0][0]) - 8, points[1], x_of(targets[0][0]) + 8, points[1]]
        drawing.add(PolyLine(points, strokeColor=ON_TRACK, strokeWidth=1.1,
                             strokeDashArray=[3, 2]))
        for year, value in targets:
            drawing.add(Rect(x_of(year) - 1.8, y_of(value) - 1.8, 3.6, 3.6, fillColor=ON_TRACK,
                             strokeColor=None))

    series: list[tuple[int, float]] = []
    if baseline.value is not None and baseline.year in years:
        series.append((baseline.year, baseline.value))
    series += [(y, v) for y, v in measured if y != baseline.year or baseline.value is None]
    series.sort()
    if len(series) > 1:
        points = []
        for year, value in series:
            points += [x_of(year), y_of(value)]
        drawing.add(PolyLine(points, strokeColor=ACCENT, strokeWidth=1.4))
    for year, value in series:
        is_base = baseline.value is not None and year == baseline.year
        drawing.add(Circle(x_of(year), y_of(value), 2.3,
                           fillColor=WHITE if is_base else ACCENT, strokeColor=ACCENT,
                           strokeWidth=1.0))
        drawing.add(_string(x_of(year), y_of(value) + 4, format_number(value), anchor="middle",
                            colour=ACCENT))

    # Legend under the years.
    y = 3.0
    x = left
    drawing.add(Line(x, y + 2, x + 10, y + 2, strokeColor=ACCENT, strokeWidth=1.4))
    drawing.add(_string(x + 13, y, "meting"))
    x += 46
    drawing.add(Circle(x + 3, y + 2, 2.1, fillColor=WHITE, strokeColor=ACCENT, strokeWidth=1.0))
    drawing.add(_string(x + 8, y, "uitgangswaarde"))
    x += 68
    drawing.add(Line(x, y + 2, x + 10, y + 2, strokeColor=ON_TRACK, strokeWidth=1.1,
                     strokeDashArray=[3, 2]))
    drawing.add(_string(x + 13, y, "doel"))
    return drawing
