"""Effectindicatoren: baseline, targets per year, measurements, and whether a year is on track.

A target is either numeric (operator + number, "≤ 8%") or text the officer wrote that
cannot be computed ("≤ G32-gemiddelde van 2018"); the raw text is always kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ivpdesk.domain.enums import Direction, Operator, TargetState
from ivpdesk.domain.errors import ValidationError

_NUMBER = re.compile(r"^[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^[-+]?\d+(?:[,.]\d+)?$")
_OPERATOR_PREFIX = re.compile(r"^\s*(<=|>=|=<|=>|≤|≥|<|>|=)\s*")


def parse_dutch_number(text: str) -> float | None:
    """'8,7' → 8.7, '1.234,5' → 1234.5, '3,5%' → 3.5; None when it is not a plain number."""
    cleaned = text.replace("\u00a0", " ").strip().rstrip("%").strip()
    cleaned = cleaned.replace(" ", "")
    if not cleaned or not _NUMBER.match(cleaned):
        return None
    if re.match(r"^[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$", cleaned):
        cleaned = cleaned.replace(".", "")
    return float(cleaned.replace(",", "."))


@dataclass
class Baseline:
    """Uitgangswaarde: value in a year ("3,5% [2017]")."""

    value: float | None = None
    year: int | None = None
    raw: str = ""


@dataclass
class Target:
    """Doelstelling for one year: numeric with an operator, or text kept as written."""

    year: int
    operator: Operator | None = None
    value: float | None = None
    raw: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.value is not None

    @classmethod
    def parse(cls, year: int, text: str) -> Target:
        """Read '≤ 8%', '< 4,0', '>= 6,7', '70' or a text target such as '≤ G32-gemiddelde'."""
        raw = text.replace("\u00a0", " ").strip()
        operator: Operator | None = None
        rest = raw
        match = _OPERATOR_PREFIX.match(raw)
        if match:
            operator = Operator.parse(match.group(1))
            rest = raw[match.end():]
        value = parse_dutch_number(rest)
        if value is None:
            return cls(year=year, operator=operator, value=None, raw=raw)
        return cls(year=year, operator=operator or Operator.EQ, value=value, raw=raw)


@dataclass
class Measurement:
    """Meting: the measured value of an indicator in a year."""

    year: int
    value: float
    raw: str = ""


@dataclass
class Indicator:
    """Effectindicator with its source, unit, baseline, targets and measurements."""

    name: str
    source: str = ""
    unit: str = ""
    direction: Direction = Direction.LOWER_IS_BETTER
    baseline: Baseline = field(default_factory=Baseline)
    targets: list[Target] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    position: int = 0
    id: int | None = None
    theme_id: int | None = None
    implementation_plan_id: int | None = None
    version: int = 1

    def validate(self) -> None:
        if not self.name.strip():
            raise ValidationError("name", "Een indicator heeft een naam nodig.")
        years = [t.year for t in self.targets]
        if len(set(years)) != len(years):
            raise ValidationError("targets", "Er staat twee keer een doelstelling voor hetzelfde jaar.")
        years = [m.year for m in self.measurements]
        if len(set(years)) != len(years):
            raise ValidationError("measurements", "Er staat twee keer een meting voor hetzelfde jaar.")
        for target in self.targets:
            if target.value is None and not target.raw.strip():
                raise ValidationError("targets", f"De doelstelling voor {target.year} is leeg.")

    def target_for(self, year: int) -> Target | None:
        for target in self.targets:
            if target.year == year:
                return target
        return None

    def measurement_for(self, year: int) -> Measurement | None:
        for measurement in self.measurements:
            if measurement.year == year:
                return measurement
        return None

    def state_for(self, year: int) -> TargetState:
        return target_state(self, year)


def _governing_target(indicator: Indicator, year: int) -> Target | None:
    """The target of that year, else the first later one (e.g. the IVP end target)."""
    exact = indicator.target_for(year)
    if exact is not None:
        return exact
    later = sorted((t for t in indicator.targets if t.year > year), key=lambda t: t.year)
    return later[0] if later else None


def target_state(indicator: Indicator, year: int) -> TargetState:
    """Op koers / niet op koers for a year; a year without a measurement is never red.

    Rules: compare the measurement with that year's target (or the next later target)
    using its operator; "=" counts as met when the value is at least as good as the
    target in the indicator's direction. Without any target, compare with the baseline
    in the indicator's direction. A text target cannot be computed.
    """
    measurement = indicator.measurement_for(year)
    if measurement is None:
        return TargetState.NO_MEASUREMENT
    target = _governing_target(indicator, year)
    if target is None:
        base = indicator.baseline.value
        if base is None:
            return TargetState.NOT_ASSESSABLE
        better = (
            measurement.value >= base
            if indicator.direction is Direction.HIGHER_IS_BETTER
            else measurement.value <= base
        )
        return TargetState.ON_TRACK if better else TargetState.OFF_TRACK
    if target.value is None:
        return TargetState.NOT_ASSESSABLE
    operator = target.operator or Operator.EQ
    if operator is Operator.EQ:
        operator = Operator.GE if indicator.direction is Direction.HIGHER_IS_BETTER else Operator.LE
    return TargetState.ON_TRACK if operator.holds(measurement.value, target.value) else TargetState.OFF_TRACK
