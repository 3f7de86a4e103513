"""Planning text as written in the plan → structured planning (deadlines, recurrence).

The raw text is always kept on the activity; this module only interprets it. What is
not understood is flagged (``understood=False``, "planning niet herkend"), never guessed:
every word of the text must be known to the grammar.

This is the contract other parts use (reminders, PDF, exports, the detail panel):
``parse_planning(text, plan_years) -> Planning`` and
``activity_deadlines(activity, plan_years) -> list[date]`` (an officer's override wins).
:func:`activity_planning` gives the whole :class:`Planning` of an activity the way
:func:`activity_deadlines` reads it (a planning without a year uses the activity's own
years). The rules are listed in the README ("Planning lezen"); in short:

* a period's deadline is its last day ("2e kwartaal 2027" → 30-06-2027);
* begin/medio/eind of a year: first quarter / June / last quarter (31-03, 30-06, 31-12);
  of a month: 1–10 / the 15th / 21–last day; of a quarter or season: its first month /
  the 15th of its middle month / its last month;
* seasons: voorjaar maart–mei, zomer juni–augustus, najaar september–november; "winter"
  needs two years ("winter 2027/2028");
* a list ("Juni en november 2027", "2027, 2028") gives one deadline per item; a range or
  choice ("3e/4e kwartaal", "2027/2028", "juni t/m augustus") gives one, at its end;
* no year written: one deadline per year of the activity (else of the plan);
* "N keer per jaar" with N = 1, 2, 3 or 4: a deadline at the end of each equal part of
  the year (4 → each quarter); more often than quarterly is routine, without deadlines;
* "vanaf 2028", "2027 e.v.": a start, no deadline; "doorlopend" and ad hoc phrases:
  understood, no deadline.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache

from ivpdesk.domain.formatting import format_date
from ivpdesk.domain.model import MAX_YEAR, MIN_YEAR, Activity
from ivpdesk.domain.planning_recurrence import Frequency, find_frequency
from ivpdesk.domain.planning_time import PlanningError, TimeExpression, parse_time
from ivpdesk.domain.planning_words import normalise

NOT_UNDERSTOOD = "planning niet herkend"
WINDOW_YEARS = 10
"""Written years further than this from the plan years are flagged (a typo like 2207)."""


class PlanningKind(StrEnum):
    DATE = "datum"
    PERIOD = "periode"
    FROM_YEAR = "vanaf-jaar"
    ONGOING = "doorlopend"
    RECURRING = "terugkerend"
    AD_HOC = "ad hoc"
    UNKNOWN = "onbekend"

    @property
    def label(self) -> str:
        """How the UI names the kind."""
        return {
            PlanningKind.DATE: "Datum",
            PlanningKind.PERIOD: "Periode",
            PlanningKind.FROM_YEAR: "Vanaf",
            PlanningKind.ONGOING: "Doorlopend",
            PlanningKind.RECURRING: "Terugkerend",
            PlanningKind.AD_HOC: "Ad hoc",
            PlanningKind.UNKNOWN: "Planning niet herkend",
        }[self]


@dataclass(frozen=True)
class Recurrence:
    """How often something recurs: ``times_per_year`` or every ``interval_days`` days."""

    times_per_year: float | None = None
    interval_days: int | None = None

    @property
    def label(self) -> str:
        """Dutch: '4 keer per jaar', 'elke 6 weken', 'maandelijks'."""
        return Frequency(self.times_per_year, self.interval_days).label


@dataclass(frozen=True)
class Planning:
    raw: str
    kind: PlanningKind
    deadlines: tuple[date, ...] = field(default_factory=tuple)
    recurrence: Recurrence | None = None
    understood: bool = True
    explanation: str = ""
    """One or two Dutch sentences saying how the text was read (shown to the officer)."""
    start: date | None = None
    """First day of the period (or of "vanaf"), when the text names one."""

    @property
    def label(self) -> str:
        return self.kind.label


# ------------------------------------------------------------------------- phrases

_UNDECIDED = re.compile(
    r"^(n\.?\s?t\.?\s?b\.?|nog te bepalen|nader te bepalen|wordt nog bepaald|wordt nader bepaald"
    r"|nog niet bekend|nog niet bepaald|nog onbekend|onbekend|volgt|volgt nog|p\.?\s?m\.?"
    r"|n\.?\s?v\.?\s?t\.?|niet van toepassing|in overleg te bepalen|\?+|-+|x)$"
)
_AD_HOC = re.compile(
    r"^(indien nodig|zo nodig|waar nodig|wanneer nodig|als het nodig is|als dat nodig is"
    r"|wanneer dat nodig is|waar dat nodig is|indien gewenst|op verzoek|op aanvraag|op afroep"
    r"|op initiatief|op basis van signalen|bij twijfel|bij behoefte|naar behoefte|bij signalen"
    r"|bij signaal|bij incidenten|bij een incident|bij calamiteiten|bij een calamiteit"
    r"|bij melding|bij meldingen|bij aanvragen|bij een aanvraag|bij aanvraag|ad[ -]?hoc"
    r"|incidenteel|afhankelijk van|n\.?a\.?v\.?|naar aanleiding van|casusgericht"
    r"|vraaggestuurd|zodra|als er aanleiding is|bij aanleiding)\b"
)
_ONGOING_WORDS = r"(?:doorlopend|continu|continue|permanent|structureel|voortdurend|lopend)"
_ONGOING = re.compile(
    rf"^({_ONGOING_WORDS}|(?:het |de )?(?:hele|gehele|heel het) jaar(?: door| rond)?"
    r"|gedurende het (?:hele |gehele )?jaar|(?:gedurende |tijdens )?de (?:hele |gehele )?"
    r"(?:plan)?periode|(?:hele|gehele) (?:plan)?periode|altijd|het hele jaar door)$"
)
_ONGOING_WITH_TIME = [
    re.compile(rf"^{_ONGOING_WORDS}\b[\s,:]*(?:in|gedurende|tijdens|van)?\s*(?P<rest>.+)$"),
    re.compile(rf"^(?P<rest>.+?)[\s,:]*\b{_ONGOING_WORDS}$"),
]
_FROM = [
    re.compile(r"^(?:vanaf|v\.\s?a\.?|va|m\.\s?i\.\s?v\.?|miv|met ingang van|sinds"
               rf"|(?:{_ONGOING_WORDS}|start(?:en|end)?|loopt)\s+vanaf)\s+(?P<rest>.+?)"
               rf"(?:[\s,]+{_ONGOING_WORDS})?$"),
    re.compile(r"^(?P<rest>.+?)[\s,]*(?:e\.?\s?v\.?|en verder|en later|en volgende jaren"
               rf"|en daarna|en de jaren daarna|en doorlopend|(?:en )?{_ONGOING_WORDS} daarna)$"),
]


def _dates(days: tuple[date, ...] | list[date]) -> str:
    """'30-06-2027', '30-06-2027 en 30-11-2027', 'a, b en c'; long lists shortened."""
    texts = [format_date(d) for d in days]
    if len(texts) > 6:
        return ", ".join(texts[:4]) + f" … ({len(texts)} in totaal)"
    if len(texts) <= 1:
        return "".join(texts)
    return ", ".join(texts[:-1]) + " en " + texts[-1]


def _years_text(years: list[int]) -> str:
    texts = [str(y) for y in years]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " en " + texts[-1]


def _default_year_note(used: bool, years: list[int]) -> str:
    if not used:
        return ""
    return f" Zonder jaartal gelezen voor {'' if len(years) == 1 else 'elk jaar: '}{_years_text(years)}."


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _spread(frequency: Frequency, years: list[int]) -> tuple[tuple[date, ...], str]:
    """Deadlines of "N keer per jaar" without a time: the end of each equal part of the year."""
    times = frequency.times_per_year
    if times is None or not years:
        return (), "Routinewerk met een vaste herhaling: geen aparte deadlines."
    if times in (1, 2, 3, 4):
        step = 12 // int(times)
        months = list(range(step, 13, step))
        deadlines = tuple(_month_end(y, m) for y in years for m in months)
        where = {
            1: "op 31 december",
            2: "aan het eind van elk halfjaar (30 juni en 31 december)",
            3: "aan het eind van april, augustus en december",
            4: "aan het eind van elk kwartaal",
        }[int(times)]
        return deadlines, f"Deadline telkens {where}: {_dates(deadlines)}."
    if times < 1 and abs(1 / times - round(1 / times)) < 1e-9:
        every = round(1 / times)
        deadlines = tuple(date(y, 12, 31) for i, y in enumerate(years) if (i + 1) % every == 0)
        if not deadlines:
            return (), f"Eens per {every} jaar: valt niet binnen de jaren {_years_text(years)}."
        return deadlines, f"Deadline op 31 december van elk {every}e jaar: {_dates(deadlines)}."
    return (), "Vaker dan eens per kwartaal: routinewerk, zonder aparte deadlines."


def _describe_time(expression: TimeExpression, years: list[int]) -> tuple[PlanningKind, str]:
    spans = expression.spans
    single_days = all(s.start == s.end for s in spans)
    deadlines = tuple(s.end for s in spans)
    if single_days:
        kind = PlanningKind.DATE
        text = f"Datum: {_dates(deadlines)}." if len(spans) == 1 else f"Data: {_dates(deadlines)}."
    elif len(spans) == 1:
        kind = PlanningKind.PERIOD
        span = spans[0]
        text = (f"Periode {format_date(span.start)} t/m {format_date(span.end)}: de deadline is "
                f"de laatste dag, {format_date(span.end)}.")
    else:
        kind = PlanningKind.PERIOD
        text = f"{len(spans)} momenten; de deadline is telkens de laatste dag: {_dates(deadlines)}."
    return kind, text + _default_year_note(expression.used_default_years, years)


def _unknown(raw: str, reason: str) -> Planning:
    return Planning(
        raw=raw, kind=PlanningKind.UNKNOWN, understood=False,
        explanation=f"Planning niet herkend: {reason}. Stel zelf een deadline in.",
    )


def _interpret(raw: str, key: str, years: list[int], window: tuple[int, int]) -> Planning:
    if not key:
        return _unknown(raw, "er is geen planning ingevuld")
    if _UNDECIDED.match(key):
        return _unknown(raw, "de planning is nog niet bepaald")
    if _AD_HOC.match(key):
        return Planning(raw=raw, kind=PlanningKind.AD_HOC,
                        explanation="Ad hoc: alleen wanneer het nodig is of op verzoek; geen deadline.")
    if _ONGOING.match(key):
        return Planning(raw=raw, kind=PlanningKind.ONGOING, explanation="Doorlopend: geen deadline.")

    for pattern in _FROM:
        match = pattern.match(key)
        if match:
            expression = parse_time(match.group("rest"), years, window)
            start = min(s.start for s in expression.spans)
            return Planning(raw=raw, kind=PlanningKind.FROM_YEAR, start=start,
                            explanation=f"Vanaf {format_date(start)}, daarna doorlopend: geen deadline.")

    for pattern in _ONGOING_WITH_TIME:
        match = pattern.match(key)
        if match:
            try:
                expression = parse_time(match.group("rest"), years, window)
            except PlanningError:
                continue
            start = min(s.start for s in expression.spans)
            end = max(s.end for s in expression.spans)
            return Planning(raw=raw, kind=PlanningKind.ONGOING, start=start,
                            explanation=f"Doorlopend van {format_date(start)} t/m "
                                        f"{format_date(end)}: geen deadline.")

    try:
        found = find_frequency(key)
    except ValueError:
        return _unknown(raw, "deze herhaling kan niet (te vaak of nul keer)")
    if found is not None:
        frequency, rest = found
        recurrence = Recurrence(frequency.times_per_year, frequency.interval_days)
        head = f"Terugkerend, {frequency.label}" + (f" (per {frequency.per})" if frequency.per else "")
        if rest:
            expression = parse_time(rest, years, window)
            if expression.only_years:
                deadlines, detail = _spread(frequency, list(expression.years))
            else:
                deadlines = tuple(s.end for s in expression.spans)
                days = all(s.start == s.end for s in expression.spans)
                detail = ("Deadlines: " if days else "Deadline telkens de laatste dag van de periode: ") \
                    + f"{_dates(deadlines)}." + _default_year_note(expression.used_default_years, years)
            start = min(s.start for s in expression.spans)
        else:
            deadlines, detail = _spread(frequency, years)
            start = None
        return Planning(raw=raw, kind=PlanningKind.RECURRING, deadlines=deadlines,
                        recurrence=recurrence, start=start, explanation=f"{head}. {detail}")

    expression = parse_time(key, years, window)
    kind, explanation = _describe_time(expression, years)
    return Planning(raw=raw, kind=kind, deadlines=tuple(s.end for s in expression.spans),
                    start=min(s.start for s in expression.spans), explanation=explanation)


@lru_cache(maxsize=16384)
def _parse(text: str, plan_years: tuple[int, ...], default_years: tuple[int, ...] | None) -> Planning:
    years = sorted(set(plan_years))
    window = ((max(MIN_YEAR, years[0] - WINDOW_YEARS), min(MAX_YEAR, years[-1] + WINDOW_YEARS))
              if years else (MIN_YEAR, MAX_YEAR))
    defaults = sorted(set(default_years)) if default_years else years
    try:
        planning = _interpret(text, normalise(text), defaults, window)
    except PlanningError as error:
        return _unknown(text, error.reason)
    deadlines = tuple(sorted(set(planning.deadlines)))
    if deadlines != planning.deadlines:
        planning = Planning(planning.raw, planning.kind, deadlines, planning.recurrence,
                            planning.understood, planning.explanation, planning.start)
    return planning


def parse_planning(
    text: str, plan_years: list[int], *, default_years: list[int] | None = None
) -> Planning:
    """Interpret ``text``; the deadline of a period is its last day.

    ``plan_years`` are the years of the uitvoeringsplan. A text without a year is read
    for each of ``default_years`` (default: the plan years); written years far outside
    the plan years are flagged as not understood.
    """
    return _parse(text or "", tuple(plan_years),
                  tuple(default_years) if default_years else None)


def activity_planning(activity: Activity, plan_years: list[int]) -> Planning:
    """The activity's planning text, read with its own years for a text without a year."""
    own = [y for y in activity.years if not plan_years or y in plan_years]
    return parse_planning(activity.planning_text, plan_years, default_years=own or None)


def activity_deadlines(activity: Activity, plan_years: list[int]) -> list[date]:
    """The activity's deadlines: the officer's override if set, else from the planning text."""
    if activity.deadline_override is not None:
        return [activity.deadline_override]
    return list(activity_planning(activity, plan_years).deadlines)
