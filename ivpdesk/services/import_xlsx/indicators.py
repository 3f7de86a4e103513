"""Indicator tables: uitgangswaarde "3,5% [2017]", doelstellingen "≤ 3%", text targets.

Rules: the baseline's year is the year in brackets or parentheses after the value
("70 [2017]", "8,7% (2019)"), else the year in its column header ("waarde in 2017");
a target's year comes from its header ("doelstelling 2022", "UP-doelstelling 2020"),
else the plan's last year. Targets go through :meth:`Target.parse` (operators ``≤ < = ≥ >``
and their ASCII forms; a target that is no number, "≤ G32-gemiddelde van 2018", is kept
as text). Unit: the unit column, else "%" when a value has a percent sign, else from
the indicator's name ("per 1.000 inwoners", "rapportcijfer", "aantal"). Direction:
the target's operator (≤/< lower is better, ≥/> higher is better), else the target
compared with the baseline, else "rapportcijfer" is higher-is-better.
"""

from __future__ import annotations

import re

from ivpdesk.domain import Baseline, Direction, Operator, Target
from ivpdesk.domain.indicators import parse_dutch_number
from ivpdesk.services.import_xlsx.text import fold

_YEAR_SUFFIX = re.compile(r"[\[(]\s*((?:19|20)\d{2})\s*[\])]")
_YEAR_PREFIX = re.compile(r"^\s*((?:19|20)\d{2})\s*[:=]\s*")


def parse_baseline(text: str, header_year: int | None) -> Baseline:
    raw = " ".join(text.replace("\u00a0", " ").split())
    if not raw:
        return Baseline()
    year = header_year
    rest = raw
    match = _YEAR_SUFFIX.search(raw)
    if match:
        year = int(match.group(1))
        rest = (raw[: match.start()] + raw[match.end():]).strip()
    else:
        match = _YEAR_PREFIX.match(raw)
        if match:
            year = int(match.group(1))
            rest = raw[match.end():].strip()
    value = parse_dutch_number(rest.replace(" ", ""))
    return Baseline(value=value, year=year, raw=raw)


def parse_target(year: int, text: str) -> Target | None:
    raw = " ".join(text.replace("\u00a0", " ").split())
    if not raw or raw in ("-", "–", "n.v.t.", "nvt"):
        return None
    match = _YEAR_SUFFIX.search(raw)
    if match:
        year = int(match.group(1))
    target = Target.parse(year, raw)
    if target.value is None:
        # "≤ 10 %" or "≤ 3,5 % [2020]": retry without spaces and the year.
        compact = _YEAR_SUFFIX.sub("", raw).replace(" ", "")
        retry = Target.parse(year, compact)
        if retry.value is not None:
            return Target(year=year, operator=retry.operator, value=retry.value, raw=raw)
    return Target(year=year, operator=target.operator, value=target.value, raw=raw)


def guess_unit(name: str, texts: list[str]) -> str:
    if any("%" in t for t in texts) or fold(name).lstrip().startswith("%"):
        return "%"
    key = fold(name)
    if re.search(r"(?:per|p\.)\s*1\.?000", key):
        return "per 1.000 inwoners"
    if "rapportcijfer" in key or "cijfer" in key:
        return "rapportcijfer"
    if re.search(r"\b(aantal|totaal|incidenten|meldingen|aangiften)\b", key):
        return "aantal"
    return ""


def guess_direction(name: str, baseline: Baseline, targets: list[Target]) -> Direction:
    for target in targets:
        if target.operator in (Operator.LE, Operator.LT):
            return Direction.LOWER_IS_BETTER
        if target.operator in (Operator.GE, Operator.GT):
            return Direction.HIGHER_IS_BETTER
    for target in targets:
        if target.value is not None and baseline.value is not None and target.value != baseline.value:
            return (Direction.HIGHER_IS_BETTER if target.value > baseline.value
                    else Direction.LOWER_IS_BETTER)
    if "cijfer" in fold(name) or "tevreden" in fold(name):
        return Direction.HIGHER_IS_BETTER
    return Direction.LOWER_IS_BETTER
