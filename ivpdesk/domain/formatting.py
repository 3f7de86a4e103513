"""Dutch formatting without Qt: dates dd-mm-jjjj, decimal comma, quarter words.

Used by the CLI, the PDF and Excel exports; the UI uses a Dutch QLocale which gives
the same results.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]
QUARTER_WORDS = ["eerste", "tweede", "derde", "vierde"]


def format_date(value: date | None) -> str:
    """15-03-2027; empty for None."""
    return value.strftime("%d-%m-%Y") if value else ""


def format_date_long(value: date) -> str:
    """15 maart 2027."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def parse_date(text: str) -> date:
    """Read dd-mm-jjjj (also with / or .); raises ValueError with a Dutch message."""
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    parts = cleaned.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        day, month, year = (int(p) for p in parts)
        if year < 100:
            year += 2000
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise ValueError(f"'{text}' is geen geldige datum; gebruik dd-mm-jjjj, bijvoorbeeld 15-03-2027.")


def format_number(value: float | Decimal | None, decimals: int | None = None) -> str:
    """8.7 → '8,7'; 1234.5 → '1.234,5'; whole numbers without decimals unless asked."""
    if value is None:
        return ""
    number = float(value)
    if decimals is None:
        decimals = 0 if number == int(number) else len(repr(number).split(".")[1]) if "." in repr(number) else 0
        decimals = min(decimals, 3)
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_value(value: float | None, unit: str = "") -> str:
    """A value with its unit the Dutch way: '8,7%', '6,7', '70'."""
    if value is None:
        return ""
    text = format_number(value)
    if unit.strip() == "%":
        return f"{text}%"
    return text


def quarter_label(quarter: int, year: int | None = None) -> str:
    """'tweede kwartaal 2027'."""
    word = QUARTER_WORDS[quarter - 1]
    return f"{word} kwartaal {year}" if year else f"{word} kwartaal"


def format_money(value: Decimal | float | None) -> str:
    """€ 12.500,00."""
    if value is None:
        return ""
    return f"€ {format_number(value, 2)}"
