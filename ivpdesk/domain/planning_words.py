"""The Dutch words of planning text: months, numbers, ordinals, seasons, and normalising.

Kept apart from the grammar (:mod:`ivpdesk.domain.planning_time`,
:mod:`ivpdesk.domain.planning_recurrence`) so a new spelling found in a real plan is a
one-line change here.
"""

from __future__ import annotations

import re
import unicodedata

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1,
    "februari": 2, "febr": 2, "feb": 2,
    "maart": 3, "mrt": 3, "mar": 3, "maa": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

# Longest first, so "maart" wins over "mar" and "juni" over "jun".
MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))

NUMBERS: dict[str, int] = {
    "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12,
}
NUMBER_PATTERN = r"\d{1,4}|" + "|".join(sorted(NUMBERS, key=len, reverse=True))

ORDINALS: dict[str, int] = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4}

# Seasons as the officer means them: voorjaar = maart t/m mei, zomer = juni t/m augustus,
# najaar = september t/m november (meteorological seasons, which follow the months).
SEASONS: dict[str, tuple[int, int]] = {
    "voorjaar": (3, 5), "lente": (3, 5),
    "zomer": (6, 8),
    "najaar": (9, 11), "herfst": (9, 11),
}

MONTH_NAMES = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u00b4`"), "'")


def number(word: str) -> int:
    """'4' or 'vier' → 4."""
    return int(word) if word.isdigit() else NUMBERS[word]


def normalise(text: str) -> str:
    """Lower case, no accents (vóór → voor, één → een), one space, no outer punctuation.

    Plans write the same thing in many ways ("Q2 2027.", " q2  2027", "2e kwartaal 2027;");
    the grammar only needs to know one of them.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("\u00a0", " ").replace("\u2026", "...").translate(_DASHES).translate(_QUOTES)
    plain = " ".join(plain.lower().split())
    return plain.strip(" .;:,!*")


def collapse_hyphen_words(text: str) -> str:
    """'zes-wekelijks' → 'zeswekelijks', '2-wekelijks' → '2wekelijks' (frequencies only)."""
    return re.sub(r"(\w)-(wekelijks|maandelijks|jaarlijks|daags|dagelijks)", r"\1\2", text)
