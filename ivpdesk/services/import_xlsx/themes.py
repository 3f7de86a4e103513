"""Theme names: the kind written in a banner, and the link to the Kernbeleid catalogue.

Kind rules: a banner, title or thema value that starts with "Prioriteit",
"Strategisch thema", "Overig thema" or "Overkoepelend" (optionally numbered, with a
colon, dash or full stop) gives that kind, and the text after it is the theme's name.
"Thema 3: …" or a numbered "1.3 …" gives only the name. A sheet named after a kind
("Prioriteiten", "Overige thema's") gives that kind to its themes.

Catalogue rules (never a silent guess): a theme is linked to a standard theme when
its name equals the standard name, contains it, or is nearly the same word for word
(≥ 90 % alike); to a veiligheidsveld alone when every standard theme it mentions lies
in one veld, or when the text names the veld itself. A number such as "1.3" at the
start links that standard theme. Anything else stays empty and the report says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ivpdesk.domain import ThemeKind
from ivpdesk.domain.catalogue import Catalogue
from ivpdesk.services.import_xlsx.text import norm_key

_SEP = r"\s*(?:\d+[a-z]?)?\s*(?:[:.\-–—]\s*|\s+|$)"
_KIND_PATTERNS: list[tuple[re.Pattern[str], ThemeKind]] = [
    (re.compile(r"^(?:prioriteit|prio|speerpunt)(?:en)?" + _SEP, re.IGNORECASE), ThemeKind.PRIORITY),
    (re.compile(r"^strategisch(?:e)?\s+thema(?:'s|s)?" + _SEP, re.IGNORECASE), ThemeKind.STRATEGIC),
    (re.compile(r"^overig(?:e)?\s+thema(?:'s|s)?" + _SEP, re.IGNORECASE), ThemeKind.OTHER),
    (re.compile(r"^overkoepelend(?:e)?(?:\s+thema(?:'s|s)?)?" + _SEP, re.IGNORECASE),
     ThemeKind.OVERARCHING),
]
_PLAIN_THEME = re.compile(r"^(?:veiligheids)?thema\s*\d*[a-z]?\s*[:.\-–—]\s*", re.IGNORECASE)
_CODE = re.compile(r"^\s*([1-5])\.([1-9])\.?\s+(?=\S)")
_STOP = {"en", "de", "het", "van", "een", "in", "op", "met", "voor", "bij", "om", "rond", "aan",
         "veilig", "veilige", "veiligheid"}


@dataclass(frozen=True)
class ThemeTitle:
    name: str
    kind: ThemeKind | None
    code: str | None = None


@lru_cache(maxsize=2048)
def read_theme_title(text: str) -> ThemeTitle:
    """'Prioriteit 1: Woninginbraak' → ThemeTitle('Woninginbraak', PRIORITY)."""
    text = " ".join(text.replace("\u00a0", " ").split())
    for pattern, kind in _KIND_PATTERNS:
        match = pattern.match(text)
        if match:
            rest = text[match.end():].strip(" :-–—.")
            return ThemeTitle(rest or text, kind)
    match = _PLAIN_THEME.match(text)
    if match and text[match.end():].strip():
        return ThemeTitle(text[match.end():].strip(), None)
    code = _CODE.match(text)
    if code:
        return ThemeTitle(text[code.end():].strip(), None, f"{code.group(1)}.{code.group(2)}")
    return ThemeTitle(text.strip(" :"), None)


def has_kind_word(text: str) -> bool:
    stripped = " ".join(text.split())
    return any(p.match(stripped) for p, _kind in _KIND_PATTERNS) or bool(
        _PLAIN_THEME.match(stripped) and stripped[_PLAIN_THEME.match(stripped).end():].strip()  # type: ignore[union-attr]
    )


def kind_from_sheet_name(name: str) -> ThemeKind | None:
    key = norm_key(name)
    if key.startswith("prioriteit") or key.startswith("speerpunt"):
        return ThemeKind.PRIORITY
    if key.startswith("strategisch"):
        return ThemeKind.STRATEGIC
    if key.startswith("overig"):
        return ThemeKind.OTHER
    if key.startswith("overkoepelend"):
        return ThemeKind.OVERARCHING
    return None


def kind_from_word(text: str) -> ThemeKind | None:
    """A 'soort' cell: 'Prioriteit', 'Strategisch thema', 'Overig', 'Overkoepelend thema'."""
    return kind_from_sheet_name(text.strip())


def theme_key(name: str) -> str:
    """Key that makes 'Woninginbraak ', 'woninginbraak' and 'Prioriteit 2: Woninginbraak' one."""
    return norm_key(read_theme_title(name).name)


@dataclass(frozen=True)
class CatalogueLink:
    field_number: int | None
    code: str | None
    note: str


def _words(text: str) -> set[str]:
    return {w for w in norm_key(text).split() if len(w) >= 5 and w not in _STOP}


@lru_cache(maxsize=2048)
def match_field(text: str, catalogue: Catalogue) -> int | None:
    """The veiligheidsveld a sheet name or title names ('Veld 3 Jeugd en veiligheid' → 3)."""
    key = norm_key(text)
    if not key:
        return None
    for safety_field in catalogue.fields:
        name = norm_key(safety_field.name)
        if key == name or name in key:
            return safety_field.number
        if SequenceMatcher(None, key, name).ratio() >= 0.9:
            return safety_field.number
    match = re.match(r"^(?:veiligheids)?veld\s*([1-5])\b", key)
    if match:
        return int(match.group(1))
    return None


@lru_cache(maxsize=2048)
def link_catalogue(name: str, catalogue: Catalogue, code_hint: str | None = None) -> CatalogueLink:
    """Link a theme name to the catalogue following the module's rules."""
    if code_hint and catalogue.standard_theme(code_hint) is not None:
        standard = catalogue.standard_theme(code_hint)
        assert standard is not None
        return CatalogueLink(standard.field_number, standard.code, f"nummer {standard.code}")
    key = norm_key(name)
    if not key:
        return CatalogueLink(None, None, "")
    exact, contained, similar, overlap = [], [], [], []
    words = _words(name)
    for standard in catalogue.all_themes():
        alternatives = [norm_key(a) for a in standard.name.split("/") if norm_key(a)]
        if any(key == a for a in alternatives):
            exact.append(standard)
        elif any(re.search(rf"\b{re.escape(a)}\b", key) for a in alternatives):
            contained.append(standard)
        elif any(SequenceMatcher(None, key, a).ratio() >= 0.9 for a in alternatives):
            similar.append(standard)
        elif len(words & _words(standard.name)) >= 2:
            overlap.append(standard)
    for group in (exact, contained + similar, overlap):
        if len(group) == 1:
            standard = group[0]
            return CatalogueLink(standard.field_number, standard.code, standard.label)
        if len(group) > 1:
            fields = {s.field_number for s in group}
            if len(fields) == 1:
                number = fields.pop()
                return CatalogueLink(number, None, f"veld {number} ({', '.join(s.code for s in group)})")
            return CatalogueLink(None, None, "")
    number = match_field(name, catalogue)
    if number is not None:
        return CatalogueLink(number, None, f"veld {number}")
    return CatalogueLink(None, None, "")
