"""Time expressions in planning text ("Juni en november 2027", "3e/4e kwartaal 2027") → periods.

A small tokenizer plus grammar. Every word must be known: a word the grammar does not
know makes the whole expression fail with a Dutch reason, so nothing is guessed.

Grammar (after :func:`~ivpdesk.domain.planning_words.normalise`)::

    expression := item (("," | "en" | ";" | "&" | "+") item)*
    item       := atom (("t/m" | "tot en met" | "-" | "/" | "of" | "tot") atom)?
    atom       := [begin | medio | eind] (date | day month | month | quarter | half
                  | season | week | schooljaar | winter jjjj/jjjj | year) [year]

Filler words that do not change the meaning ("uiterlijk", "voor", "in", "van", "start",
"gereed" …) are skipped. A year written after the last item applies to the items before it
that have none ("juni en november 2027"); an expression without any year is evaluated for
each of the years it is given (the plan years). A period's deadline is its last day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ivpdesk.domain.planning_words import MONTH_PATTERN, MONTHS, ORDINALS, SEASONS


class PlanningError(Exception):
    """Text that cannot be read as a time; ``reason`` says why, in Dutch."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Span:
    """A period from ``start`` to ``end`` inclusive (one day when equal)."""

    start: date
    end: date


@dataclass(frozen=True)
class TimeExpression:
    spans: tuple[Span, ...]
    used_default_years: bool
    only_years: bool
    """True when the text names whole years only ("2027", "2027 en 2028", "2027/2028")."""
    years: tuple[int, ...]
    """The calendar years the spans touch (for recurrences "4 keer per jaar in 2027")."""


@dataclass(frozen=True)
class _Token:
    kind: str
    groups: tuple[str | None, ...]
    text: str


@dataclass(frozen=True)
class _Atom:
    kind: str  # date, daymonth, month, quarter, half, season, year, week, schoolyear, winter
    value: int = 0
    day: int = 0
    year: int | None = None
    year2: int | None = None
    written: bool = False
    modifier: str | None = None
    text: str = ""


_MODIFIERS = {
    "begin": "begin", "medio": "medio", "midden": "medio", "halverwege": "medio",
    "half": "medio", "eind": "eind", "einde": "eind",
}
_FILLERS = (
    "van", "in", "het", "de", "uiterlijk", "voor", "op", "rond", "rondom", "omstreeks",
    "circa", "ca", "gereed", "klaar", "afgerond", "afronding", "start", "starten", "gestart",
    "opleveren", "oplevering", "deadline", "planning", "jaar", "tijdens", "gedurende", "per",
    "ergens", "maand", "in de loop van",
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(regex))
    for name, regex in [
        ("iso", r"(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),
        ("date", r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?![\d/.-])"),
        ("schoolyear", r"schooljaar\s*(\d{4})\s*[/-]\s*(\d{4}|\d{2})(?!\d)"),
        ("winter", r"winter\s*(\d{4})\s*[/-]\s*(\d{4}|\d{2})(?!\d)"),
        ("winter_bare", r"winter\b"),
        ("yq", r"(\d{4})\s*[-/]?\s*(?:q|kw)\s*([1-4])\b"),
        ("qy", r"(?:q|kw\.?)\s*([1-4])\s*[-/]\s*(\d{4})(?!\d)"),
        ("my", rf"({MONTH_PATTERN})\.?\s*[-/]\s*(\d{{4}})(?!\d)"),
        ("my", r"(\d{1,2})[-/](\d{4})(?!\d)"),
        ("week", r"(?:week|wk)\.?\s*(\d{1,2})\b"),
        ("quarter", r"(?:q|kw\.?)\s*([1-4])\b"),
        ("quarter", r"kwartaal\s*([1-4])\b"),
        ("half", r"h\s*([12])\b"),
        ("daymonth", rf"(\d{{1,2}})\s*({MONTH_PATTERN})\b\.?"),
        ("ordinal", r"([1-4])\s*(?:e|ste|de)\b"),
        ("ordinal", r"(eerste|tweede|derde|vierde)\b"),
        ("unit", r"(kwartaal|helft|halfjaar|half\s+jaar)\b"),
        ("month", rf"({MONTH_PATTERN})\b\.?"),
        ("year", r"'(\d{2})\b"),
        ("year", r"(\d{4})(?!\d)"),
        ("season", r"(voorjaar|lente|zomer|najaar|herfst)\b"),
        ("thisyear", r"(?:het|dit|dat)\s+(?:kalender)?jaar\b"),
        ("modifier", r"(begin|medio|midden|halverwege|eind|einde|half)\b"),
        ("range", r"(t/m|t\.m\.?|tm\b|tot en met\b|tot\b|of\b|-|/)"),
        ("list", r"(,|;|&|\+|en\b|alsmede\b|alsook\b)"),
        ("filler", r"(?:" + "|".join(sorted(_FILLERS, key=len, reverse=True)) + r")\b\.?"),
        ("filler", r"[():.]"),
    ]
]


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        for kind, pattern in _PATTERNS:
            match = pattern.match(text, position)
            if match and match.end() > position:
                tokens.append(_Token(kind, match.groups(), match.group(0)))
                position = match.end()
                break
        else:
            word = text[position:].split()[0]
            raise PlanningError(f"het woord '{word}' ken ik niet")
    return tokens


def _year(text: str) -> int:
    """'2027' → 2027; '27' (from '27 or 15-03-27) → 2027."""
    value = int(text)
    return 2000 + value if len(text) == 2 else value


def _second_year(first: int, text: str) -> int:
    """The year after a slash: '2027/2028' or '2027/28'."""
    second = (first // 100) * 100 + int(text) if len(text) == 2 else int(text)
    if second != first + 1:
        raise PlanningError(f"{first}/{text} zijn geen twee opeenvolgende jaren")
    return second


def _atoms(tokens: list[_Token]) -> list[_Atom | str]:
    """Tokens → atoms and separators ('list' / 'range'), with ordinals and years attached."""
    elements: list[_Atom | str] = []
    pending_modifier: str | None = None
    meaningful = [t for t in tokens if t.kind != "filler"]
    index = 0
    while index < len(meaningful):
        token = meaningful[index]
        index += 1
        atom: _Atom | None = None
        g = token.groups
        if token.kind in ("list", "range"):
            if pending_modifier is not None:
                raise PlanningError(f"'{pending_modifier}' staat los van een tijd")
            elements.append(token.kind)
            continue
        if token.kind == "modifier":
            if pending_modifier is not None:
                raise PlanningError("twee keer begin/medio/eind achter elkaar")
            pending_modifier = _MODIFIERS[str(g[0])]
            continue
        if token.kind == "winter_bare":
            raise PlanningError(
                "'winter' is dubbelzinnig (januari–februari of december–februari); "
                "schrijf bijvoorbeeld 'winter 2027/2028'"
            )
        if token.kind == "unit":
            raise PlanningError(f"'{token.text}' zonder nummer (bijvoorbeeld '2e kwartaal')")
        if token.kind == "iso":
            atom = _Atom("date", value=int(str(g[1])), day=int(str(g[2])), year=int(str(g[0])),
                         written=True, text=token.text)
        elif token.kind == "date":
            atom = _Atom("date", value=int(str(g[1])), day=int(str(g[0])), year=_year(str(g[2])),
                         written=True, text=token.text)
        elif token.kind in ("schoolyear", "winter"):
            first = int(str(g[0]))
            atom = _Atom(token.kind, year=first, year2=_second_year(first, str(g[1])),
                         written=True, text=token.text)
        elif token.kind == "yq":
            atom = _Atom("quarter", value=int(str(g[1])), year=int(str(g[0])), written=True,
                         text=token.text)
        elif token.kind == "qy":
            atom = _Atom("quarter", value=int(str(g[0])), year=int(str(g[1])), written=True,
                         text=token.text)
        elif token.kind == "my":
            month = MONTHS.get(str(g[0])) or int(str(g[0]))
            if not 1 <= month <= 12:
                raise PlanningError(f"{token.text} is geen maand")
            atom = _Atom("month", value=month, year=int(str(g[1])), written=True, text=token.text)
        elif token.kind == "week":
            atom = _Atom("week", value=int(str(g[0])), text=token.text)
        elif token.kind == "quarter":
            atom = _Atom("quarter", value=int(str(g[0])), text=token.text)
        elif token.kind == "half":
            atom = _Atom("half", value=int(str(g[0])), text=token.text)
        elif token.kind == "daymonth":
            atom = _Atom("daymonth", value=MONTHS[str(g[1])], day=int(str(g[0])), text=token.text)
        elif token.kind == "month":
            atom = _Atom("month", value=MONTHS[str(g[0])], text=token.text)
        elif token.kind == "thisyear":
            atom = _Atom("year", text=token.text)  # "eind van het jaar": each plan year
        elif token.kind == "season":
            atom = _Atom("season", value=list(SEASONS).index(str(g[0])), text=token.text)
        elif token.kind == "ordinal":
            word = str(g[0])
            number = ORDINALS.get(word) or int(word)
            unit = _unit_for_ordinal(meaningful, index)
            if unit is None:
                raise PlanningError(f"'{token.text}' zonder 'kwartaal' of 'helft'")
            if index < len(meaningful) and meaningful[index].kind == "unit":
                index += 1  # the unit belongs to this ordinal
            if unit == "kwartaal":
                atom = _Atom("quarter", value=number, text=token.text)
            else:
                if number > 2:
                    raise PlanningError(f"een jaar heeft geen {token.text} helft")
                atom = _Atom("half", value=number, text=token.text)
        elif token.kind == "year":
            year = _year(str(g[0]))
            previous = elements[-1] if elements else None
            if isinstance(previous, _Atom) and previous.year is None:
                elements[-1] = replace(previous, year=year, written=True)
                continue
            atom = _Atom("year", year=year, written=True, text=token.text)
        if atom is None:  # pragma: no cover - every token kind is handled above
            raise PlanningError(f"'{token.text}' ken ik niet")
        if pending_modifier is not None:
            atom = replace(atom, modifier=pending_modifier)
            pending_modifier = None
        elements.append(atom)
    if pending_modifier is not None:
        raise PlanningError(f"'{pending_modifier}' zonder tijd erna")
    return elements


def _unit_for_ordinal(tokens: list[_Token], index: int) -> str | None:
    """The unit of '3e' in '3e/4e kwartaal': the next unit, across ordinals and separators."""
    for token in tokens[index:]:
        if token.kind == "unit":
            word = str(token.groups[0])
            return "kwartaal" if word == "kwartaal" else "helft"
        if token.kind not in ("ordinal", "list", "range"):
            return None
    return None


def _items(elements: list[_Atom | str]) -> list[list[_Atom]]:
    """Split on list separators; an item is one atom or a range of two."""
    items: list[list[_Atom]] = []
    current: list[_Atom | str] = []
    for element in [*elements, "list"]:
        if element != "list":
            current.append(element)
            continue
        while current and current[0] == "range":  # "t/m juni", "tot 1 juni": until
            current.pop(0)
        if current and current[-1] == "range":
            raise PlanningError("een periode zonder einde")
        if current:
            atoms = [a for a in current if isinstance(a, _Atom)]
            separators = len(current) - len(atoms)
            if len(atoms) > 2:
                raise PlanningError("te veel tijden in één periode")
            if len(atoms) == 2 and separators != 1:
                raise PlanningError("twee tijden achter elkaar zonder 'en' of 't/m'")
            if len(atoms) == 1 and separators:
                raise PlanningError("een periode zonder einde")
            items.append(atoms)
        current = []
    return items


def _propagate_years(items: list[list[_Atom]]) -> list[list[_Atom]]:
    """'Juni en november 2027': a year applies to earlier items without one, else to later."""
    flat = [atom for item in items for atom in item]
    resolved: list[_Atom] = []
    for position, atom in enumerate(flat):
        if atom.year is None:
            right = next((a.year for a in flat[position + 1:] if a.written), None)
            left = next((a.year for a in reversed(flat[:position]) if a.written), None)
            year = right if right is not None else left
            if year is not None:
                atom = replace(atom, year=year)
        resolved.append(atom)
    out: list[list[_Atom]] = []
    position = 0
    for item in items:
        out.append(resolved[position:position + len(item)])
        position += len(item)
    return out


def _month_span(year: int, first_month: int, last_month: int) -> Span:
    return Span(date(year, first_month, 1),
                date(year, last_month, calendar.monthrange(year, last_month)[1]))


def _three_months(year: int, first_month: int, modifier: str | None) -> Span:
    """A quarter or a season, with begin (first month), medio (15th of the middle) or eind."""
    if modifier == "begin":
        return _month_span(year, first_month, first_month)
    if modifier == "medio":
        middle = date(year, first_month + 1, 15)
        return Span(middle, middle)
    if modifier == "eind":
        return _month_span(year, first_month + 2, first_month + 2)
    return _month_span(year, first_month, first_month + 2)


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise PlanningError(f"de datum {text.strip()} bestaat niet") from None


def _span(atom: _Atom, default_year: int | None) -> Span:
    year = atom.year if atom.year is not None else default_year
    if year is None:
        raise PlanningError("er staat geen jaartal bij")
    kind, modifier = atom.kind, atom.modifier
    if modifier and kind in ("date", "daymonth", "half", "week", "schoolyear", "winter"):
        raise PlanningError(f"'{modifier} {atom.text}' ken ik niet")
    if kind in ("date", "daymonth"):
        day = _day(year, atom.value, atom.day, atom.text if kind == "date" else
                   f"{atom.day} {atom.text.split()[-1]} {year}")
        return Span(day, day)
    if kind == "month":
        last = calendar.monthrange(year, atom.value)[1]
        if modifier == "begin":
            return Span(date(year, atom.value, 1), date(year, atom.value, 10))
        if modifier == "medio":
            return Span(date(year, atom.value, 15), date(year, atom.value, 15))
        if modifier == "eind":
            return Span(date(year, atom.value, 21), date(year, atom.value, last))
        return Span(date(year, atom.value, 1), date(year, atom.value, last))
    if kind == "quarter":
        return _three_months(year, 3 * atom.value - 2, modifier)
    if kind == "season":
        first, _last = list(SEASONS.values())[atom.value]
        return _three_months(year, first, modifier)
    if kind == "half":
        return _month_span(year, 1, 6) if atom.value == 1 else _month_span(year, 7, 12)
    if kind == "year":
        if modifier == "begin":
            return _month_span(year, 1, 3)
        if modifier == "medio":
            return _month_span(year, 6, 6)
        if modifier == "eind":
            return _month_span(year, 10, 12)
        return _month_span(year, 1, 12)
    if kind == "week":
        try:
            monday = date.fromisocalendar(year, atom.value, 1)
        except ValueError:
            raise PlanningError(f"{year} heeft geen week {atom.value}") from None
        return Span(monday, monday + timedelta(days=6))
    if kind == "schoolyear":
        assert atom.year2 is not None
        return Span(date(year, 8, 1), date(atom.year2, 7, 31))
    if kind == "winter":
        assert atom.year2 is not None
        return Span(date(year, 12, 1), date(atom.year2, 2, calendar.monthrange(atom.year2, 2)[1]))
    raise PlanningError(f"'{atom.text}' ken ik niet")  # pragma: no cover


def parse_time(text: str, default_years: list[int], window: tuple[int, int]) -> TimeExpression:
    """Read ``text`` (normalised) as one or more periods; raises PlanningError otherwise.

    ``default_years`` are used when no year is written; written years must lie inside
    ``window`` (first, last year), so a typo such as "2207" is flagged, not believed.
    """
    elements = _atoms(_tokenize(text))
    items = _propagate_years(_items(elements))
    if not items:
        raise PlanningError("er staat geen tijd in")
    low, high = window
    for item in items:
        for atom in item:
            for year in (atom.year, atom.year2):
                if atom.written and year is not None and not (low <= year <= high):
                    raise PlanningError(f"het jaar {year} ligt ver buiten de planperiode")
    needs_default = any(atom.year is None for item in items for atom in item)
    if needs_default and not default_years:
        raise PlanningError("er staat geen jaartal bij en het plan heeft geen jaren")
    spans: list[Span] = []
    for default_year in (default_years if needs_default else [None]):
        for item in items:
            first = _span(item[0], default_year)
            if len(item) == 1:
                spans.append(first)
                continue
            last = _span(item[1], default_year)
            if first.start > last.end and not item[0].written:
                # "december t/m februari 2028": the start belongs to the year before.
                first = _span(replace(item[0], year=(item[0].year or default_year or 0) - 1), None)
            if first.start > last.end:
                raise PlanningError("de periode loopt achteruit")
            spans.append(Span(first.start, last.end))
    only_years = all(a.kind == "year" and a.modifier is None for item in items for a in item)
    years = sorted({y for s in spans for y in range(s.start.year, s.end.year + 1)})
    ordered = tuple(sorted(set(spans), key=lambda s: (s.end, s.start)))
    return TimeExpression(spans=ordered, used_default_years=needs_default,
                          only_years=only_years, years=tuple(years))
