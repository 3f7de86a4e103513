"""A small trend chart of one indicator, drawn with QPainter (no QtCharts in the installer).

Shows the baseline (grey diamond), the measurements (blue line with dots, each dot
coloured by its state), and the targets (green dashes per year joined by a dashed line,
with the operator). Numbers use the decimal comma. Text targets ("≤ G32-gemiddelde")
cannot be drawn and are listed under the chart instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ivpdesk.domain import Indicator, TargetState
from ivpdesk.domain.formatting import format_number
from ivpdesk.domain.indicators import target_state

BLUE = QColor("#1f6fb2")
GREEN = QColor("#2e7d32")
RED = QColor("#a4161a")
GREY = QColor("#8a8f98")
GRID = QColor("#e3e7ec")


def nice_step(span: float) -> float:
    """A round step for about five grid lines over ``span`` (1, 2, 2,5 or 5 × 10ⁿ)."""
    if span <= 0:
        return 1.0
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


class TrendChart(QWidget):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.indicator: Indicator | None = None
        self.years: list[int] = []
        self.plan_years: list[int] = []
        self.setMinimumSize(220, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Trendgrafiek van de indicator"))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(440, 260)

    def set_indicator(self, indicator: Indicator | None, years: Sequence[int],
                      plan_years: Sequence[int]) -> None:
        self.indicator = indicator
        self.years = list(years)
        self.plan_years = list(plan_years)
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        """The chart in words (for screen readers and the tooltip)."""
        indicator = self.indicator
        if indicator is None:
            return ""
        parts = []
        if indicator.baseline.value is not None:
            parts.append(f"uitgangswaarde {format_number(indicator.baseline.value)}"
                         + (f" in {indicator.baseline.year}" if indicator.baseline.year else ""))
        for m in sorted(indicator.measurements, key=lambda m: m.year):
            parts.append(f"meting {m.year}: {format_number(m.value)}")
        for t in sorted(indicator.targets, key=lambda t: t.year):
            parts.append(f"doel {t.year}: {t.raw or format_number(t.value)}")
        return "; ".join(parts)

    def _points(self) -> tuple[list[tuple[int, float]], list[tuple[int, float, str]], str]:
        indicator = self.indicator
        assert indicator is not None
        measured = [(m.year, m.value) for m in sorted(indicator.measurements, key=lambda m: m.year)]
        targets = [(t.year, t.value, t.operator.value if t.operator else "")
                   for t in sorted(indicator.targets, key=lambda t: t.year) if t.value is not None]
        texts = [f"{t.year}: {t.raw}" for t in indicator.targets if t.value is None and t.raw]
        return measured, targets, "; ".join(texts)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        indicator = self.indicator
        metrics = QFontMetrics(self.font())
        if indicator is None or not self.years:
            painter.setPen(GREY)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             self.tr("Kies een indicator om de trend te zien."))
            return
        measured, targets, text_targets = self._points()
        values = [v for _, v in measured] + [v for _, v, _ in targets]
        if indicator.baseline.value is not None:
            values.append(indicator.baseline.value)
        legend_height = metrics.lineSpacing() + 6
        note_height = metrics.lineSpacing() + 4 if text_targets else 0
        if not values:
            painter.setPen(GREY)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.tr("Nog geen getallen om te tekenen.")
                             + (f"\n{text_targets}" if text_targets else ""))
            return
        low, high = min(values), max(values)
        if indicator.unit.strip() == "%" or low >= 0:
            low = 0.0 if low >= 0 and low < (high - low) * 2 else low
        step = nice_step(high - low or abs(high) or 1)
        low = math.floor(low / step) * step
        high = math.ceil(high / step) * step
        if high == low:
            high = low + step
        label_width = max(metrics.horizontalAdvance(format_number(v))
                          for v in (low, high, low + step)) + 10
        plot = QRectF(label_width + 6, 14, self.width() - label_width - 44,
                      self.height() - 14 - metrics.lineSpacing() - 10 - legend_height - note_height)
        if plot.width() < 40 or plot.height() < 40:
            return
        first, last = self.years[0], self.years[-1]
        span = max(last - first, 1)

        def x_of(year: float) -> float:
            return plot.left() + (year - first) / span * plot.width()

        def y_of(value: float) -> float:
            return plot.bottom() - (value - low) / (high - low) * plot.height()

        # Plan years shaded, grid, axes.
        for year in self.plan_years:
            left = x_of(year - 0.5 if year > first else year)
            right = x_of(year + 0.5 if year < last else year)
            painter.fillRect(QRectF(left, plot.top(), right - left, plot.height()), QColor("#f2f7fc"))
        painter.setPen(QPen(GRID, 1))
        value = low
        while value <= high + step / 1000:
            y = y_of(value)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(GREY)
            painter.drawText(QRectF(0, y - metrics.height() / 2, label_width, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             format_number(round(value, 6)))
            painter.setPen(QPen(GRID, 1))
            value += step
        painter.setPen(GREY)
        every = max(1, math.ceil(len(self.years) * 42 / max(plot.width(), 1)))
        for n, year in enumerate(self.years):
            if n % every:
                continue
            x = x_of(year)
            painter.drawText(QRectF(x - 24, plot.bottom() + 4, 48, metrics.lineSpacing()),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(year))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))

        # Targets: dashed line through the target values, a tick per year.
        if targets:
            pen = QPen(GREEN, 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            path = QPainterPath()
            for n, (year, target, _op) in enumerate(targets):
                point = QPointF(x_of(year), y_of(target))
                path.moveTo(point) if n == 0 else path.lineTo(point)
            painter.drawPath(path)
            painter.setPen(QPen(GREEN, 3))
            small = QFont(self.font())
            small.setPointSizeF(small.pointSizeF() * 0.9)
            painter.setFont(small)
            for year, target, operator in targets:
                x, y = x_of(year), y_of(target)
                painter.drawLine(QPointF(x - 9, y), QPointF(x + 9, y))
                left = min(max(x - 40, 0), self.width() - 80)  # keep the label inside the widget
                painter.drawText(QRectF(left, y - metrics.lineSpacing() - 2, 80, metrics.lineSpacing()),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                                 f"{operator} {format_number(target)}".strip())
            painter.setFont(self.font())

        # Baseline.
        base = indicator.baseline
        if base.value is not None and base.year is not None and first <= base.year <= last:
            x, y = x_of(base.year), y_of(base.value)
            diamond = QPainterPath()
            diamond.moveTo(x, y - 6)
            diamond.lineTo(x + 6, y)
            diamond.lineTo(x, y + 6)
            diamond.lineTo(x - 6, y)
            diamond.closeSubpath()
            painter.setPen(QPen(GREY.darker(130), 1))
            painter.setBrush(GREY)
            painter.drawPath(diamond)

        # Measurements.
        if measured:
            painter.setPen(QPen(BLUE, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath()
            for n, (year, measurement) in enumerate(measured):
                point = QPointF(x_of(year), y_of(measurement))
                path.moveTo(point) if n == 0 else path.lineTo(point)
            painter.drawPath(path)
            for year, measurement in measured:
                state = target_state(indicator, year)
                colour = {TargetState.ON_TRACK: GREEN, TargetState.OFF_TRACK: RED}.get(state, BLUE)
                painter.setPen(QPen(colour.darker(120), 1))
                painter.setBrush(colour)
                painter.drawEllipse(QPointF(x_of(year), y_of(measurement)), 4.5, 4.5)

        # Legend and text targets.
        painter.setBrush(Qt.BrushStyle.NoBrush)
        y = self.height() - legend_height - note_height + 2
        x = plot.left()
        for label, colour, style in ((self.tr("Meting"), BLUE, Qt.PenStyle.SolidLine),
                                     (self.tr("Doel"), GREEN, Qt.PenStyle.DashLine),
                                     (self.tr("Uitgangswaarde"), GREY, Qt.PenStyle.SolidLine)):
            painter.setPen(QPen(colour, 2, style))
            painter.drawLine(QPointF(x, y + metrics.height() / 2), QPointF(x + 18, y + metrics.height() / 2))
            painter.setPen(QColor("#333a44"))
            painter.drawText(QPointF(x + 24, y + metrics.ascent()), label)
            x += 24 + metrics.horizontalAdvance(label) + 18
        if text_targets:
            painter.setPen(QColor("#5b6470"))
            painter.drawText(QRectF(plot.left(), self.height() - note_height, plot.width(), note_height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(self.tr("Doel als tekst: %1").replace("%1", text_targets),
                                                Qt.TextElideMode.ElideRight, int(plot.width())))
        painter.end()
