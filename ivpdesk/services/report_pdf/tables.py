"""The tables of the uitvoeringsplan: activities per theme, indicators, and the overview.

Column choices follow the plans officers write today (onderdeel | inzet/activiteiten |
bestuurlijk trekker | partners | planning), on landscape pages so every column stays
readable; the onderdeel column reads as one merged cell per onderdeel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ivpdesk.domain import Activity, Indicator, Section, Target, Theme
from ivpdesk.domain.formatting import format_money, format_value
from ivpdesk.services.report_pdf.fonts import BOLD, ITALIC, REGULAR
from ivpdesk.services.report_pdf.grid import GridRow, GridTable, RowKind
from ivpdesk.services.report_pdf.styles import ACCENT, ACCENT_LIGHT, MUTED, WHITE
from ivpdesk.services.report_pdf.text import Run, TextBlock

DASH = "–"

ACTIVITY_HEADER = (
    "Onderdeel",
    "Inzet / activiteiten",
    "Bestuurlijk trekker",
    "Ambtelijk trekker en partners",
    "Planning",
)
ACTIVITY_SHARES = (0.15, 0.38, 0.13, 0.22, 0.12)


def header_cells(labels: Sequence[str], aligns: Sequence[str] | None = None) -> list[TextBlock]:
    aligns = aligns or ["left"] * len(labels)
    return [TextBlock([Run(label, BOLD)], colour=WHITE, align=align)
            for label, align in zip(labels, aligns, strict=True)]


def band(runs: Sequence[Run] | str, *, keep_with_next: bool = True, context: object = None,
         fill: object = None) -> GridRow:
    block = TextBlock([Run(runs, BOLD)] if isinstance(runs, str) else runs, colour=ACCENT)
    return GridRow([block], kind=RowKind.BAND, keep_with_next=keep_with_next, context=context,
                   fill=fill or ACCENT_LIGHT)  # type: ignore[arg-type]


def text_or_dash(text: str, *, font: str = REGULAR) -> TextBlock:
    text = text.strip()
    if not text:
        return TextBlock([Run(DASH, REGULAR, MUTED)])
    return TextBlock([Run(text, font)])


# --------------------------------------------------------------------------- activities


@dataclass(frozen=True)
class ActivityContext:
    """Where a row stands, so a continued page can say so again."""

    theme: str
    heading: str | None
    section: str
    first_of_section: bool
    title: str = ""  # the activity's title, repeated above the rest of a split text


def section_cell(section: Section) -> TextBlock | None:
    runs = []
    if section.name.strip():
        runs.append(Run(section.name.strip(), BOLD))
    if section.ambition.strip():
        runs.append(Run(("\n" if runs else "") + section.ambition.strip(), ITALIC, MUTED))
    return TextBlock(runs) if runs else None


def activity_cell(activity: Activity) -> TextBlock:
    """Title in italics, then the text (as written; line breaks kept), then the budget."""
    runs: list[Run] = []
    title = (activity.title or "").strip()
    description = activity.description.strip()
    if title:
        runs.append(Run(title, ITALIC))
    if description:
        runs.append(Run((" " if title else "") + description))
    if activity.budget is not None:
        runs.append(Run(f"\nBudget: {format_money(activity.budget)}", REGULAR, MUTED))
    return TextBlock(runs or [Run(DASH, REGULAR, MUTED)])


def partners_cell(activity: Activity) -> TextBlock:
    runs: list[Run] = []
    if activity.officer_owner.strip():
        runs.append(Run(activity.officer_owner.strip(), BOLD))
    partners = [p.strip() for p in activity.partners if p.strip()]
    if partners:
        runs.append(Run(("\n" if runs else "") + ", ".join(partners)))
    return TextBlock(runs or [Run(DASH, REGULAR, MUTED)])


def planning_cell(activity: Activity, plan_years: Sequence[int]) -> TextBlock:
    runs = [Run(activity.planning_text.strip())] if activity.planning_text.strip() else []
    years = sorted(activity.years)
    if years and list(years) != list(plan_years) and len(plan_years) > 1:
        label = ", ".join(str(y) for y in years)
        if label not in activity.planning_text:
            runs.append(Run(("\n" if runs else "") + f"(alleen {label})", REGULAR, MUTED))
    return TextBlock(runs or [Run(DASH, REGULAR, MUTED)])


def _continued_section_cell(name: str) -> TextBlock:
    return TextBlock([Run(name, BOLD), Run(" (vervolg)", ITALIC, MUTED)])


def continuation_band(context: ActivityContext) -> GridRow:
    runs = [Run(context.theme, BOLD)]
    if context.heading:
        runs.append(Run(f" › {context.heading}", BOLD))
    runs.append(Run(" (vervolg)", ITALIC, MUTED))
    return band(runs, keep_with_next=True, context=context)


def continue_activity_rows(row: GridRow) -> list[GridRow]:
    """Rows at the top of a continued page: theme › kop (vervolg), and the onderdeel again."""
    context = row.context
    if not isinstance(context, ActivityContext):
        return [row]
    if row.kind is RowKind.BAND:  # a new kop opens the page: only the theme continues
        return [continuation_band(replace(context, heading=None)), row]
    rows = [continuation_band(context)]
    cells = list(row.cells)
    if cells[0] is None and context.section:
        cells[0] = _continued_section_cell(context.section)
    if row.is_rest and context.title and isinstance(cells[1], TextBlock):
        cells[1] = cells[1].with_leading_line([Run(context.title, ITALIC, MUTED),
                                               Run(" (vervolg)", ITALIC, MUTED)])
    return rows + [replace(row, cells=cells, height=-1.0, rule_from=0)]


def activity_table(
    theme: Theme,
    plan_years: Sequence[int],
    width: float,
    *,
    lead: Sequence[Flowable] = (),
    on_drawn: Callable[[int], None] | None = None,
) -> GridTable | None:
    """The theme's activities, per onderdeel (and kop); None when it has none."""
    rows: list[GridRow] = []
    previous_heading: str | None = None
    for section in theme.sections:
        if not section.activities:
            continue
        heading = section.heading.strip() if section.heading else None
        if heading and heading != previous_heading:
            rows.append(band(heading, context=ActivityContext(theme.name, heading, "", True)))
        previous_heading = heading
        for index, activity in enumerate(section.activities):
            first = index == 0
            rows.append(GridRow(
                [
                    section_cell(section) if first else None,
                    activity_cell(activity),
                    text_or_dash(activity.political_owner),
                    partners_cell(activity),
                    planning_cell(activity, plan_years),
                ],
                rule_from=0 if first else 1,
                strong_rule=first,
                context=ActivityContext(theme.name, heading, section.name.strip(), first,
                                        (activity.title or "").strip()),
                items=1,
            ))
    if not rows:
        return None
    widths = [share * width for share in ACTIVITY_SHARES]
    return GridTable(widths, header_cells(ACTIVITY_HEADER), rows, lead=lead,
                     continuation=continue_activity_rows, on_drawn=on_drawn)


# --------------------------------------------------------------------------- indicators


def baseline_text(indicator: Indicator) -> str:
    baseline = indicator.baseline
    if baseline.raw.strip():
        return baseline.raw.strip()
    if baseline.value is None:
        return DASH
    value = format_value(baseline.value, indicator.unit)
    return f"{value} [{baseline.year}]" if baseline.year else value


def target_text(target: Target | None, unit: str) -> str:
    if target is None:
        return DASH
    if target.raw.strip():
        return target.raw.strip()
    if target.value is None:
        return DASH
    operator = target.operator.value + " " if target.operator else ""
    return f"{operator}{format_value(target.value, unit)}"


def indicator_name_cell(indicator: Indicator) -> TextBlock:
    runs = [Run(indicator.name.strip(), BOLD)]
    unit = indicator.unit.strip()
    if unit and unit != "%" and unit.lower() not in indicator.name.lower():
        runs.append(Run(f"\n{unit}", REGULAR, MUTED))
    return TextBlock(runs)


def indicator_table(indicators: Sequence[Indicator], plan_years: Sequence[int], ivp_end: int,
                    width: float, *, lead: Sequence[Flowable] = ()) -> GridTable | None:
    """Indicator | bron | uitgangswaarde [jaar] | doel per plan year | doel at the end of the IVP."""
    if not indicators:
        return None
    years = list(plan_years)
    extra_ivp = ivp_end not in years
    labels = ["Indicator", "Bron", "Uitgangswaarde", *[f"Doel {y}" for y in years]]
    if extra_ivp:
        labels.append(f"Doel IVP ({ivp_end})")
    number_width = min(25 * mm, width * 0.12)
    baseline_width = min(31 * mm, width * 0.16)
    source_width = min(46 * mm, width * 0.2)
    name_width = width - source_width - baseline_width - number_width * (len(labels) - 3)
    widths = [name_width, source_width, baseline_width] + [number_width] * (len(labels) - 3)
    rows = []
    for indicator in indicators:
        cells: list[TextBlock | None] = [
            indicator_name_cell(indicator),
            text_or_dash(indicator.source),
            TextBlock(baseline_text(indicator)),
        ]
        for year in years:
            cells.append(TextBlock(target_text(indicator.target_for(year), indicator.unit)))
        if extra_ivp:
            cells.append(TextBlock(target_text(indicator.target_for(ivp_end), indicator.unit)))
        rows.append(GridRow(cells))
    return GridTable(widths, header_cells(labels), rows, lead=lead, min_rows=1)
