"""Frequencies in planning text: "4 maal per jaar", "2x per jaar", "maandelijks", "zes-wekelijks".

:func:`find_frequency` finds one frequency phrase and returns what is left of the text
("jaarlijks, voor 1 juni" → yearly, "voor 1 juni"), so the caller can read the rest as a
time. "Elke kern 1x per jaar" keeps "kern" as the unit the frequency applies to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ivpdesk.domain.planning_words import NUMBER_PATTERN, collapse_hyphen_words, number

MAX_TIMES_PER_YEAR = 366


@dataclass(frozen=True)
class Frequency:
    """``times_per_year`` (4 keer per jaar) or ``interval_days`` (elke 6 weken)."""

    times_per_year: float | None = None
    interval_days: int | None = None
    per: str = ""  # "kern" in "elke kern 1x per jaar"

    @property
    def label(self) -> str:
        """Dutch: '4 keer per jaar', 'elke 6 weken', 'eens per 2 jaar'."""
        if self.interval_days is not None:
            days = self.interval_days
            if days == 1:
                return "dagelijks"
            if days == 7:
                return "wekelijks"
            if days % 7 == 0:
                return f"elke {days // 7} weken"
            return f"elke {days} dagen"
        times = self.times_per_year or 0
        if times == 12:
            return "maandelijks"
        if times > 12 and times % 52 == 0:
            return f"{int(times // 52)} keer per week"
        if times > 12 and times % 12 == 0:
            return f"{int(times // 12)} keer per maand"
        if times >= 1 and times == int(times):
            return f"{int(times)} keer per jaar"
        if 0 < times < 1 and round(1 / times) == 1 / times:
            return f"eens per {round(1 / times)} jaar"
        return f"{times:g} keer per jaar".replace(".", ",")


# Times a unit fits in a year (for "N keer per <unit>"); weeks and days become intervals.
_PER_YEAR = {"jaar": 1.0, "kalenderjaar": 1.0, "halfjaar": 2.0, "half jaar": 2.0,
             "kwartaal": 4.0, "maand": 12.0}
_UNIT = r"(kalenderjaar|halfjaar|half jaar|jaar|kwartaal|maanden|maand|weken|week|dagen|dag)"
_NUM = rf"({NUMBER_PATTERN})"


def _per_unit(times: int, count: int, unit: str) -> Frequency:
    """``times`` occurrences per ``count`` ``unit``s."""
    if times < 1 or count < 1:
        raise ValueError("zero")
    unit = {"maanden": "maand", "weken": "week", "dagen": "dag"}.get(unit, unit)
    if unit in ("week", "dag"):
        days = (7 if unit == "week" else 1) * count
        if times == 1:
            return Frequency(interval_days=days)
        return Frequency(times_per_year=times * 365 / days if unit == "dag" else times * 52 / count)
    return Frequency(times_per_year=times * _PER_YEAR[unit] / count)


def _times(m: re.Match[str]) -> Frequency:
    # "4 maal per jaar", "2x per jaar", "1x per 6 weken", "viermaal per jaar"
    count = number(m.group(3)) if m.group(3) else 1
    return _per_unit(number(m.group(1)), count, m.group(4))


def _once(m: re.Match[str]) -> Frequency:
    # "eens per jaar", "eens in de twee jaar"
    count = number(m.group(1)) if m.group(1) else 1
    return _per_unit(1, count, m.group(2))


def _every(m: re.Match[str]) -> Frequency:
    # "elke maand", "iedere 6 weken", "om de week" (= every other week), "per kwartaal"
    count = number(m.group(2)) if m.group(2) else 1
    if m.group(1) in ("om de", "om het") and not m.group(2):
        count = 2
    return _per_unit(1, count, m.group(3))


_ADJECTIVES: dict[str, Frequency] = {
    "dagelijks": Frequency(interval_days=1),
    "wekelijks": Frequency(interval_days=7),
    "maandelijks": Frequency(times_per_year=12),
    "jaarlijks": Frequency(times_per_year=1),
    "halfjaarlijks": Frequency(times_per_year=2),
    "kwartaallijks": Frequency(times_per_year=4),
    "driemaandelijks": Frequency(times_per_year=4),
    "tweemaandelijks": Frequency(times_per_year=6),
    # Tweejaarlijks is "once every two years" (the tweejaarlijks uitvoeringsplan spans two).
    "tweejaarlijks": Frequency(times_per_year=0.5),
}


def _adjective(m: re.Match[str]) -> Frequency:
    word = m.group(0)
    if word in _ADJECTIVES:
        return _ADJECTIVES[word]
    count, unit = number(m.group(1)), m.group(2)
    if unit == "wekelijks":
        return Frequency(interval_days=7 * count)
    if unit in ("daags", "dagelijks"):
        return Frequency(interval_days=count)
    if unit == "maandelijks":
        return Frequency(times_per_year=12 / count)
    return Frequency(times_per_year=1 / count)


_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Frequency]]] = [
    (re.compile(rf"\b{_NUM}\s*(x|maal|keer)\s*(?:per|in het|in de|p\.?|elk|elke|ieder|iedere)\s*"
                rf"(?:{_NUM}\s*)?{_UNIT}\b"), _times),
    (re.compile(rf"\beens\s*(?:per|in de|in het)\s*(?:{_NUM}\s*)?{_UNIT}\b"), _once),
    (re.compile(rf"\b(?:({NUMBER_PATTERN})(wekelijks|maandelijks|jaarlijks|daags|dagelijks)"
                r"|halfjaarlijks|kwartaallijks|driemaandelijks|tweemaandelijks|tweejaarlijks"
                r"|dagelijks|wekelijks|maandelijks|jaarlijks)\b"), _adjective),
    (re.compile(rf"\b(elke|iedere|ieder|elk|om de|om het|per)\s*(?:{_NUM}\s*)?{_UNIT}\b"), _every),
]

_TIME_WORDS = {"jaar", "kalenderjaar", "halfjaar", "kwartaal", "maand", "maanden", "week",
               "weken", "dag", "dagen", "keer", "x", "maal"}
_QUALIFIER = re.compile(r"(?:^|(?<=\s)|(?<=,))(?:in |voor |bij |met )?(?:elke|iedere|ieder|elk|per)"
                        r"\s+([a-z]+)(?=$|[\s,;:)])")


def _qualifier(rest: str) -> tuple[str, str]:
    """Take 'elke kern' / 'per wijk' out of ``rest``; returns (per, rest)."""
    for match in _QUALIFIER.finditer(rest):
        word = match.group(1)
        if word in _TIME_WORDS or word.isdigit():
            continue
        return word, (rest[:match.start()] + " " + rest[match.end():])
    return "", rest


def find_frequency(key: str) -> tuple[Frequency, str] | None:
    """The frequency in ``key`` (normalised) and the rest of the text, or None.

    Raises ValueError for a frequency that makes no sense ("0 keer per jaar",
    "1000 keer per jaar").
    """
    text = collapse_hyphen_words(key)
    for pattern, build in _RULES:
        match = pattern.search(text)
        if match is None:
            continue
        frequency = build(match)
        times = frequency.times_per_year
        if times is not None and not (0 < times <= MAX_TIMES_PER_YEAR):
            raise ValueError("out of range")
        if frequency.interval_days is not None and not (1 <= frequency.interval_days <= 3660):
            raise ValueError("out of range")
        rest = text[:match.start()] + " " + text[match.end():]
        per, rest = _qualifier(rest)
        if per:
            frequency = Frequency(frequency.times_per_year, frequency.interval_days, per)
        return frequency, " ".join(rest.split()).strip(" ,;:-()")
    return None
