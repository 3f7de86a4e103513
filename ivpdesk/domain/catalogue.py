"""The VNG Kernbeleid Veiligheid catalogue: five veiligheidsvelden and their standard themes.

The catalogue ships as editable JSON in resources/; the caller passes its path (see
:func:`ivpdesk.paths.resource`), so this module stays free of file-location logic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class StandardTheme:
    code: str
    name: str
    description: str = ""

    @property
    def field_number(self) -> int:
        return int(self.code.split(".")[0])

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class SafetyField:
    number: int
    name: str
    themes: tuple[StandardTheme, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return f"{self.number}. {self.name}"


@dataclass(frozen=True)
class Catalogue:
    fields: tuple[SafetyField, ...]

    def field(self, number: int) -> SafetyField:
        for safety_field in self.fields:
            if safety_field.number == number:
                return safety_field
        raise KeyError(number)

    def field_name(self, number: int | None) -> str:
        if number is None:
            return "Overkoepelend"
        try:
            return self.field(number).name
        except KeyError:
            return f"Veiligheidsveld {number}"

    def standard_theme(self, code: str) -> StandardTheme | None:
        for safety_field in self.fields:
            for theme in safety_field.themes:
                if theme.code == code:
                    return theme
        return None

    def all_themes(self) -> list[StandardTheme]:
        return [t for f in self.fields for t in f.themes]


def load_catalogue(path: Path) -> Catalogue:
    data = json.loads(path.read_text(encoding="utf-8"))
    fields = tuple(
        SafetyField(
            number=int(f["nummer"]),
            name=f["naam"],
            themes=tuple(
                StandardTheme(code=t["code"], name=t["naam"], description=t.get("omschrijving", ""))
                for t in f.get("themas", [])
            ),
        )
        for f in data["velden"]
    )
    return Catalogue(fields=fields)
