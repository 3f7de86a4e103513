"""The import report: counts, every skipped row with its reason, the one-line summary."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ivpdesk.services.import_xlsx.model import ImportAnalysis, RowNote


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass
class SkippedSheet:
    name: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"blad": self.name, "reden": self.reason}


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    path: Path
    dry_run: bool = False
    into_current: bool = False
    plan_id: int | None = None
    municipality: str = ""
    period: str = ""
    themes: int = 0
    sections: int = 0
    activities: int = 0
    indicators: int = 0
    partners_new: int = 0
    skipped_rows: list[RowNote] = field(default_factory=list)
    flagged_rows: list[RowNote] = field(default_factory=list)
    skipped_sheets: list[SkippedSheet] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    backup: Path | None = None
    imported_themes: list[tuple[str, str, int, int, int]] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        """Number of skipped rows (the count in the summary line)."""
        return len(self.skipped_rows)

    @classmethod
    def from_analysis(cls, analysis: ImportAnalysis, *, dry_run: bool, into_current: bool) -> ImportReport:
        return cls(
            path=analysis.path, dry_run=dry_run, into_current=into_current,
            municipality=analysis.municipality,
            period=f"{analysis.start_year}–{analysis.end_year}",
            skipped_rows=list(analysis.skipped), flagged_rows=list(analysis.flagged),
            skipped_sheets=[SkippedSheet(s.name, s.reason) for s in analysis.skipped_sheets],
            notes=list(analysis.notes) + [
                f"Blad '{s.name}': {n}" for s in analysis.sheets for n in s.notes
            ],
        )

    def summary_line(self) -> str:
        """The Dutch one-line summary the CLI prints."""
        what = (
            f"{_count(self.themes, 'thema', 'thema' + chr(39) + 's')}, "
            f"{_count(self.activities, 'activiteit', 'activiteiten')}, "
            f"{_count(self.indicators, 'indicator', 'indicatoren')}; "
            f"{_count(self.skipped, 'rij', 'rijen')} overgeslagen"
        )
        target = "het huidige uitvoeringsplan" if self.into_current else (
            f"uitvoeringsplan {self.period} ({self.municipality})"
        )
        sheets = ""
        if self.skipped_sheets:
            sheets = f", {_count(len(self.skipped_sheets), 'werkblad', 'werkbladen')} overgeslagen"
        if self.dry_run:
            return f"Proefimport, niets opgeslagen: {what}{sheets} (naar {target})."
        return f"Geïmporteerd in {target}: {what}{sheets}."

    def to_dict(self) -> dict[str, Any]:
        return {
            "bestand": str(self.path),
            "proef": self.dry_run,
            "in_huidig_plan": self.into_current,
            "uitvoeringsplan_id": self.plan_id,
            "gemeente": self.municipality,
            "periode": self.period,
            "aantallen": {
                "themas": self.themes,
                "onderdelen": self.sections,
                "activiteiten": self.activities,
                "indicatoren": self.indicators,
                "nieuwe_partners": self.partners_new,
                "overgeslagen": self.skipped,
                "gemarkeerd": len(self.flagged_rows),
            },
            "overgeslagen": [n.to_dict() for n in self.skipped_rows],
            "gemarkeerd": [n.to_dict() for n in self.flagged_rows],
            "overgeslagen_bladen": [s.to_dict() for s in self.skipped_sheets],
            "themas": [
                {"naam": name, "soort": kind, "onderdelen": sections, "activiteiten": activities,
                 "indicatoren": indicators}
                for name, kind, sections, activities, indicators in self.imported_themes
            ],
            "opmerkingen": list(self.notes),
            "back_up": str(self.backup) if self.backup else None,
            "samenvatting": self.summary_line(),
        }

    def to_json(self) -> str:
        """The report as JSON text (``ivpdesk import --report``, "Rapport opslaan…")."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
