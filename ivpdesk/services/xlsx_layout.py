"""The shape of an IVP Desk Excel export, shared by the writer and the re-import.

Both sides must agree on every detail: which columns exist, which ones partners may
change, how a value looks in a cell (partners one per line, status as its label, the
deadline as a date), how a row key is written, and how two cell values are compared.
Keeping all of that here means the export and the re-import can never drift apart.

No openpyxl and no Qt here: plain values in, plain values out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ivpdesk.domain import Activity, ActivityStatus, Section, Theme
from ivpdesk.domain.catalogue import Catalogue
from ivpdesk.domain.formatting import format_date
from ivpdesk.domain.model import clean_text
from ivpdesk.domain.planning import activity_deadlines

FORMAT_VERSION = 1
MARKER = "IVP Desk export"

ACTIVITIES_SHEET = "Activiteiten"
INDICATORS_SHEET = "Indicatoren"
CONTROL_SHEET = "Planning & control"
NOTES_SHEET = "Toelichting"
META_SHEET = "_ivpdesk"  # very hidden: export metadata and the exported values per row

KEY_HEADER = "Sleutel (niet wijzigen)"
# IVPD1/<source>/<plan id>/<activity id>/v<version>; <source> identifies the plan's database.
_KEY = re.compile(r"^IVPD(?P<format>\d+)/(?P<source>[0-9a-z-]+)/(?P<plan>\d+)/(?P<activity>\d+)/v(?P<version>\d+)$")

TEXT, MULTILINE, DATE, STATUS = "text", "multiline", "date", "status"


@dataclass(frozen=True)
class Column:
    """One column of the Activiteiten sheet."""

    field: str  # internal name, also used in the hidden sheet and the preview
    header: str  # Dutch header as the partner sees it
    width: float  # Excel column width (characters of the default font)
    kind: str  # TEXT, MULTILINE, DATE or STATUS
    editable: bool  # partners may change it on existing rows
    for_new_rows: bool  # read from a new row (without key) to place the new activity
    explanation: str  # for the Toelichting sheet


COLUMNS: tuple[Column, ...] = (
    Column("veiligheidsveld", "Veiligheidsveld", 14, TEXT, False, False,
           "Veld uit Kernbeleid Veiligheid waar het thema onder valt; volgt uit het thema."),
    Column("thema", "Thema", 15, TEXT, False, True,
           "Thema van het plan. Bij een nieuwe rij: kies het thema uit de lijst (de thema's "
           "staan onderaan dit blad)."),
    Column("soort", "Soort", 10, TEXT, False, False,
           "Prioriteit, strategisch, overig of overkoepelend thema; volgt uit het thema."),
    Column("kop", "Kop", 11, TEXT, False, True,
           "Kop boven het onderdeel (als het plan die heeft)."),
    Column("onderdeel", "Onderdeel", 14, TEXT, False, True,
           "Onderdeel binnen het thema. Bij een nieuwe rij: een bestaand onderdeel, of een "
           "nieuwe naam voor een nieuw onderdeel."),
    Column("titel", "Titel", 16, MULTILINE, True, True, "Korte titel van de activiteit (mag leeg)."),
    Column("activiteit", "Activiteit", 38, MULTILINE, True, True,
           "Wat er gebeurt: de omschrijving van de activiteit."),
    Column("bestuurlijk_trekker", "Bestuurlijk trekker", 12, MULTILINE, True, True,
           "Portefeuillehouder: burgemeester of wethouder."),
    Column("ambtelijk_trekker", "Ambtelijk trekker", 12, MULTILINE, True, True,
           "Team of persoon die het werk trekt."),
    Column("partners", "Partners", 18, MULTILINE, True, True,
           "Interne en externe partners, één per regel (Alt+Enter voor een nieuwe regel)."),
    Column("planning", "Planning", 11, MULTILINE, True, True,
           "Planning zoals geschreven, bijvoorbeeld 'doorlopend' of '2e kwartaal 2027'."),
    Column("deadline", "Deadline", 11, DATE, True, True,
           "Eerstvolgende deadline als datum (dd-mm-jjjj). Een nieuwe datum wordt de vaste "
           "deadline van de activiteit."),
    Column("status", "Status", 11, STATUS, True, True,
           "Niet gestart, Loopt, Gereed, Vertraagd of Vervallen (kies uit de lijst)."),
    Column("voortgang", "Voortgang", 30, MULTILINE, True, True,
           "Laatste voortgangsnotitie. Schrijf de nieuwe stand hier; IVP Desk bewaart hem als "
           "nieuwe notitie en houdt de oude."),
    Column("sleutel", KEY_HEADER, 14, TEXT, False, False,
           "Verborgen kolom waarmee IVP Desk de rij herkent. Niet wijzigen of kopiëren."),
)
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
EDITABLE_FIELDS: tuple[str, ...] = tuple(c.field for c in COLUMNS if c.editable)
# Kept per row on the hidden sheet: the exported value of every visible column.
STORED_FIELDS: tuple[str, ...] = tuple(c.field for c in COLUMNS if c.field != "sleutel")
KEY_COLUMN = len(COLUMNS)  # 1-based index of the key column (the last one)

FIELD_LABELS = {c.field: c.header for c in COLUMNS}

STATUS_LABELS = [s.label for s in ActivityStatus]


# --------------------------------------------------------------------------- keys


@dataclass(frozen=True)
class RowKey:
    source: str
    plan_id: int
    activity_id: int
    version: int

    def text(self) -> str:
        return f"IVPD{FORMAT_VERSION}/{self.source}/{self.plan_id}/{self.activity_id}/v{self.version}"

    @classmethod
    def parse(cls, text: Any) -> RowKey | None:
        if not isinstance(text, str):
            return None
        match = _KEY.match(text.strip())
        if match is None or int(match.group("format")) != FORMAT_VERSION:
            return None
        return cls(
            source=match.group("source"),
            plan_id=int(match.group("plan")),
            activity_id=int(match.group("activity")),
            version=int(match.group("version")),
        )


# --------------------------------------------------------------------------- cell values


def deadline_cell(activity: Activity, plan_years: list[int], as_of: date) -> date | None:
    """The one date shown for an activity: the first deadline on or after ``as_of``, else the last.

    Deterministic for a given ``as_of`` (the export date), so the re-import can recompute
    what the export showed and tell a real change from the passing of time.
    """
    deadlines = sorted(activity_deadlines(activity, plan_years))
    if not deadlines:
        return None
    upcoming = [d for d in deadlines if d >= as_of]
    return upcoming[0] if upcoming else deadlines[-1]


def field_label(catalogue: Catalogue, theme: Theme) -> str:
    if theme.field_number is None:
        return "Overkoepelend"
    try:
        return catalogue.field(theme.field_number).label
    except KeyError:
        return f"Veiligheidsveld {theme.field_number}"


def activity_values(
    catalogue: Catalogue,
    theme: Theme,
    section: Section,
    activity: Activity,
    plan_years: list[int],
    as_of: date,
) -> dict[str, Any]:
    """Every column's value for one activity, as written into the cells (key excluded)."""
    note = activity.latest_note
    return {
        "veiligheidsveld": field_label(catalogue, theme),
        "thema": theme.name,
        "soort": theme.kind.label,
        "kop": section.heading or "",
        "onderdeel": section.name,
        "titel": activity.title or "",
        "activiteit": activity.description,
        "bestuurlijk_trekker": activity.political_owner,
        "ambtelijk_trekker": activity.officer_owner,
        "partners": "\n".join(activity.partners),
        "planning": activity.planning_text,
        "deadline": deadline_cell(activity, plan_years, as_of),
        "status": activity.status.label,
        "voortgang": note.text if note is not None else "",
    }


# --------------------------------------------------------------------------- reading cells back


def cell_text(value: Any) -> str:
    """A cell value as text the way the officer reads it (numbers without '.0', dates dd-mm-jjjj)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(value).replace(".", ",")
    return str(value)


def normalise_text(text: str) -> str:
    """Text as compared: same line breaks, no non-breaking or trailing spaces, no outer blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def normalise_line(text: str) -> str:
    """Single-line comparison form: inner whitespace collapsed (trekker names, theme names)."""
    return " ".join(text.replace("\u00a0", " ").split())


_PARTNER_SPLIT = re.compile(r"[\n;]+")


def split_partners(text: str, known: Iterable[str] = ()) -> list[str]:
    """Partners from a cell: one per line (or separated by ';').

    A line with commas is split on the commas too, unless the whole line is the name of
    a partner in the register (names such as "Politie, basisteam Oost" stay whole).
    """
    known_keys = {normalise_line(k).lower() for k in known}
    names: list[str] = []
    for piece in _PARTNER_SPLIT.split(text.replace("\r", "\n")):
        piece = normalise_line(piece).strip(" ,•-*")
        if not piece:
            continue
        if "," in piece and piece.lower() not in known_keys:
            names.extend(p for p in (normalise_line(x).strip(" •-*") for x in piece.split(",")) if p)
        else:
            names.append(piece)
    seen: set[str] = set()
    unique = []
    for name in names:
        if name.lower() not in seen:
            seen.add(name.lower())
            unique.append(name)
    return unique


def parse_deadline(value: Any) -> date | None:
    """A deadline cell: a real date, a dd-mm-jjjj text, or empty. Raises ValueError (Dutch)."""
    from ivpdesk.domain.formatting import parse_date

    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value).strip()
    if not text:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return date.fromisoformat(text)
    return parse_date(text)


def comparable(field: str, value: Any, known_partners: Iterable[str] = ()) -> Any:
    """The form in which two values of ``field`` are compared (old export, database, file)."""
    if field == "deadline":
        return value
    if field == "partners":
        if isinstance(value, list):
            names = [normalise_line(clean_text(v)) for v in value if clean_text(v)]
        else:
            names = split_partners(str(value or ""), known_partners)
        return tuple(n.lower() for n in names)
    if field == "status":
        text = normalise_line(cell_text(value))
        try:
            return ActivityStatus.parse(text)
        except Exception:  # noqa: BLE001 - an unknown status compares as its own text
            return text.lower()
    if field in ("bestuurlijk_trekker", "ambtelijk_trekker", "thema", "onderdeel", "kop"):
        return normalise_line(cell_text(value))
    return normalise_text(cell_text(value))


def display(field: str, value: Any) -> str:
    """A value as shown in the preview (one line; partners separated by commas)."""
    if value is None or value == "":
        return ""
    if field == "deadline":
        return format_date(value) if isinstance(value, date) else cell_text(value)
    if field == "partners":
        if isinstance(value, (list, tuple)):
            return ", ".join(value)
        return ", ".join(split_partners(str(value)))
    if isinstance(value, ActivityStatus):
        return value.label
    return " ".join(cell_text(value).split())
