"""Text clean-up for cells typed by people: non-breaking spaces, curly quotes, stray spaces.

Two levels: :func:`clean_cell` keeps the text as written but without invisible noise
(it is what gets stored), :func:`norm_key` folds everything that does not change the
meaning (case, accents, punctuation, quotes) so headers and theme names can be compared.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009\u200b]+")
_CLEAN_ALREADY = re.compile(r"[^\s\u00a0\u2007\u202f\u2009\u200b]+(?: [^\s\u00a0\u2007\u202f\u2009\u200b]+)*")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "´": "'"})
_NON_WORD = re.compile(r"[^0-9a-z&%]+")


def clean_cell(value: str) -> str:
    """Collapse runs of spaces (incl. non-breaking) per line, strip lines and the whole text."""
    if _CLEAN_ALREADY.fullmatch(value):
        return value  # most cells: one line, no doubled or special spaces
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    # Drop leading/trailing empty lines, keep inner structure (bullets rely on it).
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


@lru_cache(maxsize=8192)
def one_line(value: str) -> str:
    """The text on one line (for names, trekkers): newlines become ', ' or a space."""
    if "\n" not in value and "\r" not in value:
        return clean_cell(value)
    parts = [p.strip() for p in clean_cell(value).split("\n") if p.strip()]
    joined = ""
    for part in parts:
        if not joined:
            joined = part
        elif joined.endswith((",", ";", ":")):
            joined += " " + part
        else:
            joined += ", " + part
    return joined


@lru_cache(maxsize=8192)
def fold(value: str) -> str:
    """Lower case without accents and with straight quotes (for comparing, never stored)."""
    text = value.translate(_QUOTES).replace("\u00a0", " ").lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=8192)
def norm_key(value: str) -> str:
    """'  Woninginbraak\u00a0 ' and 'woninginbraak' give the same key; punctuation ignored."""
    return " ".join(_NON_WORD.sub(" ", fold(value)).split())


def cell_text(value: Any, *, percent: bool = False) -> str:
    """How a grid cell reads to the officer: dates dd-mm-jjjj, numbers with a decimal comma.

    Text is returned as is: :mod:`.workbook` already cleaned it with :func:`clean_cell`.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value  # grid values are cleaned once, when the sheet is read
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime("%d-%m-%Y")
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int | float):
        number = float(value) * (100 if percent else 1)
        if number == int(number) and abs(number) < 1e15:
            text = str(int(number))
        else:
            text = f"{number:.6g}".replace(".", ",")
        return f"{text}%" if percent else text
    return clean_cell(str(value))
