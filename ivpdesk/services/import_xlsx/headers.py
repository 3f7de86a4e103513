"""Recognising column headers: Dutch column names, their variants and year suffixes.

Rule: a header cell is folded (case, accents, punctuation, quotes) and stripped of
years ("resultaten/activiteiten 2015/2016" → "resultaten activiteiten", year 2015–2016);
then the longest known alias that equals the text, or that the text starts or ends
with as whole words, names the field. A row is a header row when at least two of its
cells name different fields and one of them is the activity column (a plan table) or
the indicator column (an indicator table).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache

from ivpdesk.services.import_xlsx.text import norm_key


class Field(StrEnum):
    """What a column holds. The values are the Dutch labels shown in the wizard."""

    THEME = "thema"
    KIND = "soort thema"
    CLUSTER = "cluster / groep"
    SECTION = "onderdeel"
    TITLE = "titel"
    ACTIVITY = "activiteit"
    POLITICAL = "bestuurlijk trekker"
    OFFICER = "ambtelijk trekker"
    WHO = "wie (trekker en partners)"
    PARTNERS = "partners"
    PLANNING = "planning"
    STATUS = "status"
    BUDGET = "budget"
    AMBITION = "ambitie"
    NOTE = "toelichting"
    PROGRESS = "voortgang"
    INDICATOR = "indicator"
    SOURCE = "bron"
    UNIT = "eenheid"
    BASELINE = "uitgangswaarde"
    TARGET = "doelstelling"
    MEASUREMENT = "meting"


PLAN_FIELDS = (
    Field.THEME, Field.KIND, Field.CLUSTER, Field.SECTION, Field.TITLE, Field.ACTIVITY,
    Field.POLITICAL, Field.OFFICER, Field.WHO, Field.PARTNERS, Field.PLANNING, Field.STATUS, Field.BUDGET, Field.AMBITION,
    Field.NOTE, Field.PROGRESS,
)
INDICATOR_FIELDS = (
    Field.THEME, Field.INDICATOR, Field.SOURCE, Field.UNIT, Field.BASELINE, Field.TARGET,
    Field.MEASUREMENT,
)
YEAR_FIELDS = (Field.BASELINE, Field.TARGET, Field.MEASUREMENT)

# Folded aliases (see norm_key); the longest matching alias wins.
ALIASES: dict[Field, tuple[str, ...]] = {
    Field.THEME: ("thema", "themas", "thema s", "veiligheidsthema",
                  "speerpunt", "beleidsthema"),
    Field.KIND: ("soort", "soort thema", "type thema", "themasoort", "thema soort",
                 "soort prioriteit", "prioriteit strategisch"),
    Field.CLUSTER: ("cluster", "groep", "veiligheidsveld", "veld", "domein", "categorie", "kop",
                    "kopje", "hoofdgroep"),
    Field.SECTION: ("onderdeel", "onderdelen", "item", "items", "item actiepunt", "subthema",
                    "aandachtspunt", "deelonderwerp", "onderwerp"),
    Field.ACTIVITY: ("inzet", "inzet activiteiten", "activiteit", "activiteiten",
                     "resultaten activiteiten", "resultaat activiteit", "maatregel",
                     "maatregelen", "hoe", "actie", "acties", "actiepunt", "actiepunten",
                     "inzet maatregelen", "wat gaan we doen", "wat doen we", "omschrijving",
                     "activiteiten maatregelen", "uitvoering"),
    Field.POLITICAL: ("bestuurlijk trekker", "bestuurlijke trekker", "portefeuillehouder",
                      "bestuurlijk verantwoordelijk", "bestuurlijk eigenaar",
                      "bestuurlijk verantwoordelijke", "portefeuille", "bestuurder", "bestuurlijk"),
    Field.OFFICER: ("trekker", "ambtelijk trekker", "ambtelijke trekker", "ambtelijk",
                    "ambtelijk verantwoordelijk", "verantwoordelijke", "eigenaar",
                    "ambtelijk eigenaar", "regie", "coordinator", "uitvoerder", "trekker intern",
                    "verantwoordelijk", "verantwoordelijk team", "verantwoordelijke afdeling",
                    "afdeling", "team", "ambtelijk verantwoordelijke", "uitvoerende afdeling"),
    Field.WHO: ("wie", "door wie", "wie doet het", "betrokkenen"),
    Field.PARTNERS: ("partners", "partner", "interne en externe partners",
                     "interne externe partners", "betrokken partijen", "betrokken partners",
                     "samenwerkingspartners", "ketenpartners", "partijen", "met wie",
                     "externe partners", "interne partners", "samenwerking"),
    Field.PLANNING: ("planning", "termijn", "wanneer", "deadline", "tijdpad", "periode",
                     "looptijd", "datum", "tijdsplanning", "jaar", "start"),
    Field.STATUS: ("status", "stand van zaken status", "voortgang status", "stand"),
    Field.BUDGET: ("budget", "kosten", "middelen", "financien", "dekking", "bedrag"),
    Field.AMBITION: ("ambitie", "doel", "doelen", "beoogd resultaat", "beoogd effect",
                     "resultaat", "doelstelling activiteit"),
    Field.TITLE: ("titel", "korte titel", "titel activiteit", "naam activiteit"),
    Field.NOTE: ("toelichting", "opmerking", "opmerkingen", "bijzonderheden"),
    Field.PROGRESS: ("voortgang", "stand van zaken", "toelichting voortgang", "voortgangsnotitie",
                     "laatste voortgang", "voortgang toelichting", "rapportage"),
    Field.INDICATOR: ("indicator", "indicatoren", "effectindicator", "effectindicatoren",
                      "prestatie indicator", "prestatieindicator", "kpi", "meetbare indicator"),
    Field.SOURCE: ("bron", "bronnen", "meetbron", "bron meting"),
    Field.UNIT: ("eenheid", "meeteenheid"),
    Field.BASELINE: ("uitgangswaarde", "uitgangssituatie", "nulmeting", "waarde in",
                     "startwaarde", "basiswaarde", "beginwaarde", "referentiewaarde", "waarde"),
    Field.TARGET: ("doelstelling", "doelstellingen", "up doelstelling", "mjp doelstelling",
                   "ivp doelstelling", "streefwaarde", "streefcijfer", "norm", "ambitie",
                   "doel"),
    Field.MEASUREMENT: ("meting", "realisatie", "gemeten", "stand", "resultaat", "actueel",
                        "meetwaarde"),
}

_YEAR_RANGE = re.compile(r"\b((?:19|20)\d{2})(?:\s*(?:/|-|–|t/m|tot en met)\s*((?:19|20)?\d{2}))?\b")


@dataclass(frozen=True)
class HeaderMatch:
    field: Field
    years: tuple[int, ...] = ()

    @property
    def year(self) -> int | None:
        return self.years[-1] if self.years else None

    @property
    def label(self) -> str:
        """How the wizard shows the choice, with its year ("doelstelling 2022")."""
        if self.field in YEAR_FIELDS and self.years:
            return f"{self.field.value} {self.years[-1]}"
        return self.field.value


def header_years(text: str) -> tuple[int, ...]:
    """Years written in a header: '2015/2016' → (2015, 2016), 'waarde in 2017' → (2017,)."""
    years: list[int] = []
    for match in _YEAR_RANGE.finditer(text):
        first = int(match.group(1))
        years.append(first)
        if match.group(2):
            second = int(match.group(2))
            if second < 100:
                second += (first // 100) * 100
            if first < second <= first + 8:
                years.extend(range(first + 1, second + 1))
    return tuple(years)


def _without_years(text: str) -> str:
    return _YEAR_RANGE.sub(" ", text)


_INDICATOR_ONLY = (Field.BASELINE, Field.TARGET, Field.MEASUREMENT, Field.INDICATOR, Field.SOURCE,
                   Field.UNIT)
_BY_ALIAS: dict[str, list[Field]] = {}
for _field, _aliases in ALIASES.items():
    for _alias in _aliases:
        _BY_ALIAS.setdefault(_alias, []).append(_field)


def match_header(text: str, *, indicator_table: bool | None = None) -> HeaderMatch | None:
    """The field a header cell names, or None. ``indicator_table`` resolves 'doelstelling'."""
    if not text or len(text) > 80:
        return None
    return _match_header(text, indicator_table)


@lru_cache(maxsize=4096)
def _match_header(text: str, indicator_table: bool | None) -> HeaderMatch | None:
    stripped = text.strip()
    if stripped.endswith(".") and not stripped.endswith(("e.d.", "etc.")):
        return None  # a sentence, not a column name
    years = header_years(text)
    key = norm_key(_without_years(text))
    words = key.split()
    if not key or any(ch.isdigit() for ch in key) or len(words) > 6:
        return None
    if words[0] in ("aantal", "totaal", "som", "count", "percentage", "gemiddelde"):
        return None  # a count column of a summary, not a plan field
    # Candidates: the whole text, and the first or last 1–4 words (alias at start or end).
    candidates = {key: 1}
    for size in range(1, min(len(words), 5)):
        candidates.setdefault(" ".join(words[:size]), 0)
        candidates.setdefault(" ".join(words[-size:]), 0)
    best: tuple[int, Field] | None = None
    for alias, exact in candidates.items():
        for field in _BY_ALIAS.get(alias, ()):
            if indicator_table is True and field not in INDICATOR_FIELDS:
                continue
            if indicator_table is False and field in _INDICATOR_ONLY:
                continue
            score = len(alias) * 2 + exact
            if best is None or score > best[0]:
                best = (score, field)
    if best is None:
        return None
    field = best[1]
    # Without a year and outside an indicator table "doelstelling"/"doel" is the ambition.
    if field is Field.TARGET and not years and indicator_table is not True:
        field = Field.AMBITION
    if field is Field.AMBITION and years and indicator_table is not False:
        field = Field.TARGET
    if field is Field.PLANNING and key in ("jaar", "start", "datum") and indicator_table:
        return None
    return HeaderMatch(field, years)


@dataclass(frozen=True)
class ColumnMap:
    """Which column (1-based) holds which field in one table."""

    columns: dict[int, HeaderMatch]
    header_row: int | None
    texts: dict[int, str]

    @property
    def is_indicator_table(self) -> bool:
        return any(m.field is Field.INDICATOR for m in self.columns.values())

    @cached_property
    def _first_columns(self) -> dict[Field, int]:
        firsts: dict[Field, int] = {}
        for column, found in sorted(self.columns.items()):
            firsts.setdefault(found.field, column)
        return firsts

    def first(self, field: Field) -> int | None:
        return self._first_columns.get(field)

    def all(self, field: Field) -> list[tuple[int, HeaderMatch]]:
        return [(c, m) for c, m in sorted(self.columns.items()) if m.field is field]

    @property
    def signature(self) -> str:
        return header_signature(self.texts)

    @property
    def first_column(self) -> int:
        return min(self.columns) if self.columns else 1

    @property
    def width(self) -> int:
        if not self.columns:
            return 0
        return max(self.columns) - min(self.columns) + 1


def header_signature(texts: dict[int, str]) -> str:
    """Short stable key of a header row (folded texts in column order) for remembering."""
    joined = "|".join(f"{c}:{norm_key(t)}" for c, t in sorted(texts.items()) if norm_key(t))
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def recognise_header(cells: dict[int, str]) -> ColumnMap | None:
    """A ColumnMap when the row (column → text) is a header row of a plan or indicator table."""
    texts = {c: t for c, t in cells.items() if t}
    if len(texts) < 2 or sum(1 for t in texts.values() if len(t) <= 80) < 2:
        return None
    plain = {c: match_header(t) for c, t in texts.items()}
    is_indicator = any(m is not None and m.field is Field.INDICATOR for m in plain.values())
    matches = {
        c: match_header(t, indicator_table=is_indicator) for c, t in texts.items()
    }
    found = {c: m for c, m in matches.items() if m is not None}
    fields = {m.field for m in found.values()}
    if len(fields) < 2:
        return None
    if is_indicator:
        if not fields & {Field.BASELINE, Field.TARGET, Field.SOURCE, Field.MEASUREMENT}:
            return None
    elif Field.ACTIVITY not in fields:
        return None
    # Long texts are data, not headers: a header row has mostly short labels.
    if sum(1 for t in texts.values() if len(t) > 60) > len(texts) // 2:
        return None
    unknown = len(texts) - len(found)
    if unknown > len(found):
        return None
    return ColumnMap(columns=_dedupe(found), header_row=None, texts=texts)


def _dedupe(found: dict[int, HeaderMatch]) -> dict[int, HeaderMatch]:
    """Two columns for one single-valued field: keep the first (the wizard shows the rest).

    Partners, cluster/veld/kop and the per-year indicator columns may repeat.
    """
    seen: set[Field] = set()
    result: dict[int, HeaderMatch] = {}
    for column, match in sorted(found.items()):
        if match.field in YEAR_FIELDS or match.field in (Field.PARTNERS, Field.CLUSTER):
            # several partner columns add up; a veld column next to a kop column both count
            result[column] = match
            continue
        if match.field in seen:
            if match.field is Field.ACTIVITY and Field.SECTION not in seen:
                # "inzet" next to "activiteiten": the first one is the onderdeel.
                first = next(c for c, m in result.items() if m.field is Field.ACTIVITY)
                result[first] = HeaderMatch(Field.SECTION, result[first].years)
                result[column] = match
                seen.add(Field.SECTION)
            continue
        seen.add(match.field)
        result[column] = match
    return result


def parse_field_label(label: str) -> HeaderMatch | None:
    """An officer's choice from the wizard ('doelstelling 2022', 'partners') as a HeaderMatch."""
    years = header_years(label)
    key = norm_key(_without_years(label))
    for field in Field:
        if norm_key(field.value) == key:
            return HeaderMatch(field, years)
    return match_header(label)
