"""What the analysis found, before anything is written: drafts, per-sheet results, overrides."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ivpdesk.domain import Activity, Indicator, ThemeKind
from ivpdesk.services.import_xlsx.text import norm_key


@dataclass
class RowNote:
    """A row that was skipped (or flagged) and why, with its sheet and Excel row number."""

    sheet: str
    row: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"blad": self.sheet, "rij": self.row, "reden": self.reason}


@dataclass
class ActivityDraft:
    activity: Activity
    sheet: str
    row: int
    hidden: bool = False
    progress: str = ""  # a voortgang / stand-van-zaken cell: becomes a progress note


@dataclass
class SectionDraft:
    name: str
    ambition: str = ""
    heading: str | None = None
    activities: list[ActivityDraft] = field(default_factory=list)


@dataclass
class IndicatorDraft:
    indicator: Indicator
    sheet: str
    row: int
    theme_name: str = ""


@dataclass
class ThemeDraft:
    name: str
    kind: ThemeKind = ThemeKind.STRATEGIC
    field_number: int | None = None
    standard_theme_code: str | None = None
    goal: str = ""
    sheet: str = ""
    row: int = 0
    kind_found: bool = False
    link_note: str = ""
    sections: list[SectionDraft] = field(default_factory=list)
    indicators: list[IndicatorDraft] = field(default_factory=list)
    _by_key: dict[tuple[str, str], SectionDraft] = field(default_factory=dict, repr=False,
                                                         compare=False)

    @property
    def key(self) -> str:
        return norm_key(self.name)

    def section(self, name: str, heading: str | None, ambition: str = "") -> SectionDraft:
        """The onderdeel with this name under this kop, created when new."""
        wanted = (norm_key(name), norm_key(heading or ""))
        found = self._by_key.get(wanted)
        if found is not None and found in self.sections:
            if ambition and not found.ambition:
                found.ambition = ambition
            return found
        section = SectionDraft(name=name, ambition=ambition, heading=heading)
        self.sections.append(section)
        self._by_key[wanted] = section
        return section

    @property
    def activity_count(self) -> int:
        return sum(len(s.activities) for s in self.sections)


@dataclass
class ColumnInfo:
    """One column of a sheet's (first) table as the wizard shows it."""

    index: int
    letter: str
    header: str
    field: str | None  # the Dutch field label ("doelstelling 2022") or None = not used
    hidden: bool = False


INDICATOR_PREVIEW_COLUMNS = (
    "Rij", "Thema", "Indicator", "Bron", "Eenheid", "Uitgangswaarde", "Doelstellingen",
)
PREVIEW_COLUMNS = (
    "Rij", "Thema", "Kop", "Onderdeel", "Titel", "Activiteit", "Bestuurlijk trekker",
    "Ambtelijk trekker", "Partners", "Planning", "Status",
)


@dataclass
class SheetAnalysis:
    name: str
    kind: str = "plan"  # "plan", "indicatoren", "plan en indicatoren", "overgeslagen", "leeg"
    reason: str = ""
    header_row: int | None = None
    header_signature: str = ""
    columns: list[ColumnInfo] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    sections: int = 0
    activities: int = 0
    indicators: int = 0
    preview: list[tuple[str, ...]] = field(default_factory=list)
    indicator_preview: list[tuple[str, ...]] = field(default_factory=list)
    skipped: list[RowNote] = field(default_factory=list)
    flagged: list[RowNote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    hidden: bool = False
    max_row: int = 0
    max_column: int = 0
    top_rows: dict[int, dict[int, str]] = field(default_factory=dict)  # first rows, for the wizard

    @property
    def imported(self) -> bool:
        return self.kind not in ("overgeslagen", "leeg")


@dataclass
class SheetOverride:
    """The officer's corrections for one sheet (all optional)."""

    header_row: int | None = None
    columns: dict[int, str | None] | None = None  # column → field label, None = ignore
    theme: str | None = None  # every activity of the sheet into this theme
    skip: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "header_row": self.header_row,
            "columns": None if self.columns is None else {str(k): v for k, v in self.columns.items()},
            "theme": self.theme,
            "skip": self.skip,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SheetOverride:
        columns = data.get("columns")
        return cls(
            header_row=data.get("header_row"),
            columns=None if columns is None else {int(k): v for k, v in columns.items()},
            theme=data.get("theme"),
            skip=bool(data.get("skip", False)),
        )


@dataclass
class ImportOverrides:
    """Corrections from the wizard (or a test): per sheet, and the plan's gemeente/period."""

    sheets: dict[str, SheetOverride] = field(default_factory=dict)
    municipality: str | None = None
    start_year: int | None = None
    end_year: int | None = None

    def for_sheet(self, name: str) -> SheetOverride:
        return self.sheets.get(name) or SheetOverride()

    def sheet(self, name: str) -> SheetOverride:
        """The override of ``name``, created for editing."""
        return self.sheets.setdefault(name, SheetOverride())


@dataclass
class ImportAnalysis:
    """Everything the workbook holds as the importer understood it; nothing written yet."""

    path: Path
    sheets: list[SheetAnalysis] = field(default_factory=list)
    themes: list[ThemeDraft] = field(default_factory=list)
    plan_indicators: list[IndicatorDraft] = field(default_factory=list)
    municipality: str = ""
    municipality_found: bool = False
    start_year: int = 0
    end_year: int = 0
    ivp_start: int = 0
    ivp_end: int = 0
    period_found: bool = False
    notes: list[str] = field(default_factory=list)
    title: str = ""

    @property
    def activity_count(self) -> int:
        return sum(t.activity_count for t in self.themes)

    @property
    def section_count(self) -> int:
        return sum(len(t.sections) for t in self.themes)

    @property
    def indicator_count(self) -> int:
        return sum(len(t.indicators) for t in self.themes) + len(self.plan_indicators)

    @property
    def skipped(self) -> list[RowNote]:
        return [note for sheet in self.sheets for note in sheet.skipped]

    @property
    def flagged(self) -> list[RowNote]:
        return [note for sheet in self.sheets for note in sheet.flagged]

    @property
    def skipped_sheets(self) -> list[SheetAnalysis]:
        return [s for s in self.sheets if not s.imported]

    @property
    def usable(self) -> bool:
        return self.activity_count > 0 or self.indicator_count > 0

    def sheet(self, name: str) -> SheetAnalysis | None:
        return next((s for s in self.sheets if s.name == name), None)

    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))
