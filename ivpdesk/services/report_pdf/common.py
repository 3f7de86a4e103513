"""What both reports share: themes grouped per veiligheidsveld, labels, cover and page texts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph, Spacer

from ivpdesk.domain import PlanBundle, PlanStatus, Theme, ThemeKind
from ivpdesk.domain.formatting import format_date_long
from ivpdesk.paths import catalogue
from ivpdesk.services.report_pdf.styles import styles


@dataclass
class FieldGroup:
    """One chapter: a veiligheidsveld (or the overkoepelende themes) with its themes."""

    number: int | None
    name: str
    themes: list[Theme] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"veld-{self.number if self.number is not None else 'overig'}"

    @property
    def kicker(self) -> str:
        return f"Veiligheidsveld {self.number}" if self.number is not None else "Integraal"

    @property
    def toc_title(self) -> str:
        if self.number is None:
            return self.name
        return f"Veiligheidsveld {self.number} – {self.name}"


def group_by_field(bundle: PlanBundle) -> list[FieldGroup]:
    """Themes per veld in Kernbeleid order; themes without a veld come last."""
    cat = catalogue()
    groups: dict[int | None, FieldGroup] = {}
    for theme in bundle.themes:
        number = theme.field_number
        if number not in groups:
            groups[number] = FieldGroup(number, cat.field_name(number) if number else "")
        groups[number].themes.append(theme)
    loose = groups.get(None)
    if loose is not None:
        all_overarching = all(t.kind is ThemeKind.OVERARCHING for t in loose.themes)
        loose.name = "Overkoepelende thema’s" if all_overarching else "Thema’s zonder veiligheidsveld"
    return [groups[n] for n in sorted(n for n in groups if n is not None)] + (
        [loose] if loose is not None else []
    )


def theme_key(theme: Theme, index: int) -> str:
    return f"thema-{theme.id if theme.id is not None else f'n{index}'}"


def standard_theme_label(theme: Theme) -> str:
    """"Kernbeleid Veiligheid 1.3 Objectieve veiligheid …" or empty."""
    if not theme.standard_theme_code:
        return ""
    standard = catalogue().standard_theme(theme.standard_theme_code)
    if standard is None:
        return f"standaardthema {theme.standard_theme_code}"
    return f"Kernbeleid Veiligheid {standard.code} {standard.name}"


def count_label(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def plan_title(bundle: PlanBundle) -> str:
    return f"Uitvoeringsplan Integrale Veiligheid {bundle.plan.period_label}"


def footer_title(bundle: PlanBundle) -> str:
    return (f"Uitvoeringsplan Integrale Veiligheid {bundle.safety_plan.municipality} "
            f"{bundle.plan.period_label}")


def adopting_body(text: str) -> str:
    """"College van burgemeester en wethouders" → "het college van burgemeester en wethouders"."""
    who = " ".join(text.split()) or "college van burgemeester en wethouders"
    lowered = who[0].lower() + who[1:]
    if lowered.startswith(("het ", "de ")):
        return lowered
    if lowered.startswith(("college", "bestuur")):
        return "het " + lowered
    if lowered.startswith(("gemeenteraad", "raad", "burgemeester")):
        return "de " + lowered
    return who


def status_sentence(bundle: PlanBundle) -> str:
    plan = bundle.plan
    if plan.status is PlanStatus.ADOPTED and plan.adopted_on is not None:
        return (f"Vastgesteld door {adopting_body(plan.adopted_by)} op "
                f"{format_date_long(plan.adopted_on)}")
    return "Concept – nog niet vastgesteld"


def paragraphs(text: str, style_name: str = "body") -> list[Flowable]:
    """Officer-written text (blank lines separate paragraphs) as Paragraphs, escaped."""
    style = getattr(styles(), style_name)
    result: list[Flowable] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        block = block.strip()
        if block:
            result.append(Paragraph(escape(block).replace("\n", "<br/>"), style))
    return result


def spacer(height: float) -> Spacer:
    return Spacer(1, height)


def version_text(version_date: date) -> str:
    return format_date_long(version_date)
