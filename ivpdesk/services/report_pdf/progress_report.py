"""The voortgangsrapportage: where every activity and indicator stands at a peildatum.

A summary page (status per theme, indicators on and off track), then per
veiligheidsveld and theme: the count per status, every activity with its coloured
status and latest progress note (over tijd first), and every indicator with its
measured values against the targets and a small chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Table,
    TableStyle,
)

from ivpdesk.domain import ActivityStatus, Indicator, PlanBundle, TargetState, Theme
from ivpdesk.domain.clock import today
from ivpdesk.domain.formatting import format_date, format_date_long, format_value
from ivpdesk.services.progress import Progress
from ivpdesk.services.report_pdf.charts import indicator_chart
from ivpdesk.services.report_pdf.common import (
    FieldGroup,
    count_label,
    group_by_field,
    theme_key,
)
from ivpdesk.services.report_pdf.cover import CoverContent, draw_cover
from ivpdesk.services.report_pdf.document import (
    DocumentInfo,
    Heading,
    ReportDocument,
    TableOfContents,
    TocEntry,
    write_pdf_atomically,
)
from ivpdesk.services.report_pdf.flowables import ContextLabel, TopGap
from ivpdesk.services.report_pdf.fonts import BOLD, ITALIC, REGULAR
from ivpdesk.services.report_pdf.grid import GridRow, GridTable, RowKind
from ivpdesk.services.report_pdf.progress_rules import (
    ActivityProgress,
    current_state,
    indicator_years,
    measured_until,
    next_deadline,
    state_counts,
    status_counts,
    theme_progress,
    year_cells,
)
from ivpdesk.services.report_pdf.styles import (
    INK,
    LANDSCAPE,
    MUTED,
    NEUTRAL,
    OFF_TRACK,
    ON_TRACK,
    PORTRAIT,
    TABLE_LEADING,
    frame_width,
    hex_colour,
    styles,
)
from ivpdesk.services.report_pdf.tables import band, header_cells
from ivpdesk.services.report_pdf.text import Run, TextBlock

STATE_COLOURS: dict[TargetState, Color] = {
    TargetState.ON_TRACK: ON_TRACK,
    TargetState.OFF_TRACK: OFF_TRACK,
    TargetState.NO_MEASUREMENT: NEUTRAL,
    TargetState.NOT_ASSESSABLE: NEUTRAL,
}
PROGRESS_HEADER = ("Status", "Activiteit", "Trekker", "Planning", "Laatste voortgang")
PROGRESS_SHARES = (0.12, 0.36, 0.15, 0.12, 0.25)


def status_colour(status: ActivityStatus) -> Color:
    return hex_colour(status.colour)


def progress_title(bundle: PlanBundle) -> str:
    return f"Voortgangsrapportage Integrale Veiligheid {bundle.plan.period_label}"


def progress_footer(bundle: PlanBundle, as_of: date) -> str:
    return (f"Voortgangsrapportage Integrale Veiligheid {bundle.safety_plan.municipality} "
            f"{bundle.plan.period_label}, peildatum {format_date(as_of)}")


# --------------------------------------------------------------------------- small pieces


class StatusBar:
    """A horizontal bar split in the status colours (the summary table's last column)."""

    leading = TABLE_LEADING

    def __init__(self, counts: dict[ActivityStatus, int]) -> None:
        self.counts = counts

    def height(self, width: float) -> float:
        return TABLE_LEADING

    def draw(self, canv: Canvas, x: float, top: float, width: float) -> None:
        total = sum(self.counts.values())
        if not total:
            return
        y = top - TABLE_LEADING + 2.2
        canv.saveState()
        for status, count in self.counts.items():
            if not count:
                continue
            part = width * count / total
            canv.setFillColor(status_colour(status))
            canv.rect(x, y, part, TABLE_LEADING - 3.4, stroke=0, fill=1)
            x += part
        canv.restoreState()


def status_runs(counts: dict[ActivityStatus, int], overdue: int) -> list[Run]:
    """"3 loopt · 1 vertraagd · 5 niet gestart — 2 over tijd" with coloured numbers."""
    runs: list[Run] = []
    for status, count in counts.items():
        if not count:
            continue
        if runs:
            runs.append(Run(" · ", REGULAR, MUTED))
        runs.append(Run(f"■ {count} {status.value}", BOLD, status_colour(status)))
    if overdue:
        runs.append(Run("  —  ", REGULAR, MUTED))
        runs.append(Run(count_label(overdue, "activiteit", "activiteiten") + " over tijd", BOLD,
                        OFF_TRACK))
    return runs or [Run("Geen activiteiten.", ITALIC, MUTED)]


def _status_cell(item: ActivityProgress) -> TextBlock:
    runs = [Run(item.activity.status.label, BOLD)]
    if item.overdue_since is not None:
        runs.append(Run(f"\nover tijd sinds {format_date(item.overdue_since)}", BOLD, OFF_TRACK))
    return TextBlock(runs, badge=status_colour(item.activity.status))


def _activity_cell(item: ActivityProgress) -> TextBlock:
    activity = item.activity
    runs: list[Run] = []
    if item.section.name.strip():
        runs.append(Run(item.section.name.strip() + "\n", REGULAR, MUTED))
    title = (activity.title or "").strip()
    if title:
        runs.append(Run(title, ITALIC))
    if activity.description.strip():
        runs.append(Run((" " if title else "") + activity.description.strip()))
    return TextBlock(runs)


def _owner_cell(item: ActivityProgress) -> TextBlock:
    runs = []
    if item.activity.political_owner.strip():
        runs.append(Run(item.activity.political_owner.strip()))
    if item.activity.officer_owner.strip():
        runs.append(Run(("\n" if runs else "") + item.activity.officer_owner.strip(), REGULAR,
                        MUTED))
    return TextBlock(runs or [Run("–", REGULAR, MUTED)])


def _planning_cell(item: ActivityProgress, as_of: date) -> TextBlock:
    runs = []
    if item.activity.planning_text.strip():
        runs.append(Run(item.activity.planning_text.strip()))
    if item.overdue_since is None:
        ahead = next_deadline(item.deadlines, as_of)
        if ahead is not None and not item.activity.status.is_closed:
            runs.append(Run(("\n" if runs else "") + f"volgende: {format_date(ahead)}", REGULAR,
                            MUTED))
    return TextBlock(runs or [Run("–", REGULAR, MUTED)])


def _note_cell(item: ActivityProgress, as_of: date) -> TextBlock:
    notes = [n for n in item.activity.progress_notes if n.written_on <= as_of]
    if not notes:
        return TextBlock([Run("Nog geen voortgang gemeld.", ITALIC, MUTED)])
    note = max(notes, key=lambda n: (n.written_on, n.id or 0))
    head = format_date(note.written_on) + (f" · {note.moment.strip()}" if note.moment.strip() else "")
    return TextBlock([Run(head + "\n", BOLD, MUTED), Run(note.text.strip())])


def _continue_progress_rows(row: GridRow) -> list[GridRow]:
    theme = row.context
    if not isinstance(theme, str):
        return [row]
    return [band([Run(theme, BOLD), Run(" (vervolg)", ITALIC, MUTED)], context=theme), row]


def progress_table(theme: Theme, items: Sequence[ActivityProgress], as_of: date, width: float,
                   *, lead: Sequence[Flowable], on_drawn: object) -> GridTable | None:
    if not items:
        return None
    rows = []
    for index, item in enumerate(items):
        rows.append(GridRow(
            [_status_cell(item), _activity_cell(item), _owner_cell(item),
             _planning_cell(item, as_of), _note_cell(item, as_of)],
            # a heavier rule where the over-tijd activities end
            strong_rule=index > 0 and items[index - 1].is_overdue and not item.is_overdue,
            context=theme.name,
            items=1,
        ))
    widths = [share * width for share in PROGRESS_SHARES]
    return GridTable(widths, header_cells(PROGRESS_HEADER), rows, lead=lead,
                     continuation=_continue_progress_rows, on_drawn=on_drawn)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- indicators


def _state_text(state: TargetState | None) -> TextBlock:
    if state is None:
        return TextBlock("")
    font = BOLD if state in (TargetState.ON_TRACK, TargetState.OFF_TRACK) else ITALIC
    return TextBlock([Run(state.value, font, STATE_COLOURS[state])])


def indicator_block(indicator: Indicator, bundle: PlanBundle, as_of: date,
                    width: float) -> Flowable:
    """Name, source and state; a year table (doel, meting, stand); the chart on the right."""
    s = styles()
    years = indicator_years(indicator, bundle)
    known = measured_until(indicator, as_of)
    chart_w, chart_h = 92 * mm, 44 * mm
    table_w = width - chart_w - 6 * mm
    state = current_state(indicator, as_of)
    state_runs = [Run("Stand: ", REGULAR, MUTED)]
    if state is None:
        state_runs.append(Run("nog geen meting", ITALIC, NEUTRAL))
    else:
        year, value = state
        state_runs.append(Run(f"{value.value} (meting {year})", BOLD, STATE_COLOURS[value]))
    meta = [f"bron: {indicator.source.strip()}"] if indicator.source.strip() else []
    if indicator.unit.strip() and indicator.unit.strip() != "%":
        meta.append(indicator.unit.strip())
    label_w = 22 * mm
    year_w = (table_w - label_w) / max(len(years), 1)
    header = ["", *[
        (f"{y} (basis)" if y == indicator.baseline.year else
         f"{y} (IVP)" if y == bundle.safety_plan.end_year and y not in bundle.plan.years
         else str(y)) for y in years
    ]]
    cells = year_cells(indicator, years, as_of)
    target_row: list[TextBlock | None] = [TextBlock([Run("Doel", BOLD)])]
    measured_row: list[TextBlock | None] = [TextBlock([Run("Meting", BOLD)])]
    state_row: list[TextBlock | None] = [TextBlock([Run("Stand", BOLD)])]
    for cell in cells:
        target_row.append(TextBlock(cell.target or "–", colour=INK if cell.target else MUTED))
        if cell.year == indicator.baseline.year and indicator.baseline.value is not None \
                and cell.measured is None:
            measured_row.append(TextBlock(format_value(indicator.baseline.value, indicator.unit)))
            state_row.append(TextBlock(""))
            continue
        if cell.measured is not None:
            measured_row.append(TextBlock([Run(format_value(cell.measured, indicator.unit), BOLD)]))
        else:
            measured_row.append(TextBlock("–", colour=MUTED))
        state_row.append(_state_text(cell.state if cell.measured is not None or
                                     cell.state is None else TargetState.NO_MEASUREMENT)
                         if cell.year <= as_of.year else TextBlock(""))
    table = GridTable([label_w] + [year_w] * len(years), header_cells(header),
                      [GridRow(target_row), GridRow(measured_row), GridRow(state_row)],
                      min_rows=1)
    left: list[Flowable] = [
        Paragraph(_escape(indicator.name), s.h3),
        TableText(TextBlock(state_runs + [Run(f" · {part}", REGULAR, MUTED) for part in meta],
                            size=8.2, leading=12)),
        TopGap(2 * mm, always=True),
        table,
    ]
    chart = indicator_chart(known, years, chart_w, chart_h)
    block = Table([[left, chart]], colWidths=[table_w + 6 * mm, chart_w])
    block.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, 0), 6 * mm),
        ("RIGHTPADDING", (1, 0), (1, 0), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return block


class TableText(Flowable):
    """A :class:`TextBlock` as a flowable (one or two lines between other flowables)."""

    def __init__(self, block: TextBlock) -> None:
        super().__init__()
        self.block = block

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        self.width = aW
        self.height = self.block.height(aW)
        return aW, self.height

    def draw(self) -> None:
        self.block.draw(self.canv, 0, self.height, self.width)


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


# --------------------------------------------------------------------------- the document


def _summary(bundle: PlanBundle, groups: Sequence[FieldGroup], as_of: date) -> list[Flowable]:
    s = styles()
    width = frame_width(PORTRAIT)
    all_activities = [a for _t, _s, a in bundle.activities()]
    counts = status_counts(all_activities)
    overdue_total = 0
    per_theme: dict[int, tuple[dict[ActivityStatus, int], int]] = {}
    for index, theme in enumerate(bundle.themes):
        items = theme_progress(theme, bundle.plan.years, as_of)
        overdue = sum(1 for i in items if i.is_overdue)
        overdue_total += overdue
        per_theme[index] = (status_counts(i.activity for i in items), overdue)
    total = len(all_activities)
    sentence = (
        f"Op {format_date_long(as_of)} telt het uitvoeringsplan "
        f"{count_label(total, 'activiteit', 'activiteiten')}. Status: "
        + ", ".join(f"{n} {status.value}" for status, n in counts.items() if n) + ". "
        + (f"{count_label(overdue_total, 'activiteit is', 'activiteiten zijn')} over tijd: "
           "de deadline is verstreken terwijl de activiteit niet gereed is."
           if overdue_total else "Er zijn geen activiteiten over tijd.")
    )
    story: list[Flowable] = [
        Heading("Samenvatting", s.h1, key="samenvatting", level=0, chapter=True),
        Paragraph(sentence, s.lead),
        TableText(TextBlock(status_runs(counts, overdue_total), size=9, leading=13)),
        TopGap(5 * mm, always=True),
    ]
    labels = ["Thema", *[st.label for st in ActivityStatus], "Over tijd", "Verdeling"]
    widths = [width * 0.38] + [width * 0.085] * len(ActivityStatus) + [width * 0.085,
                                                                         width * 0.11]
    rows: list[GridRow] = []
    by_theme = {id(t): i for i, t in enumerate(bundle.themes)}
    for group in groups:
        rows.append(band(group.toc_title))
        for theme in group.themes:
            theme_counts, overdue = per_theme[by_theme[id(theme)]]
            cells: list[object] = [TextBlock(theme.name)]
            cells += [TextBlock(str(n) if n else "–", align="right",
                                colour=INK if n else MUTED) for n in theme_counts.values()]
            cells.append(TextBlock([Run(str(overdue) if overdue else "–",
                                        BOLD if overdue else REGULAR,
                                        OFF_TRACK if overdue else MUTED)], align="right"))
            cells.append(StatusBar(theme_counts))
            rows.append(GridRow(cells))  # type: ignore[arg-type]
    rows.append(GridRow(
        [TextBlock([Run("Totaal", BOLD)])]
        + [TextBlock([Run(str(n), BOLD)], align="right") for n in counts.values()]
        + [TextBlock([Run(str(overdue_total), BOLD, OFF_TRACK if overdue_total else INK)],
                     align="right"), StatusBar(counts)],
        kind=RowKind.TOTAL, keep_with_previous=True))
    aligns = ["left"] + ["right"] * (len(ActivityStatus) + 1) + ["left"]
    story.append(GridTable(widths, header_cells(labels, aligns), rows, min_rows=1))

    states = state_counts(bundle.indicators, as_of)
    if bundle.indicators:
        unmeasured = states.pop(TargetState.NO_MEASUREMENT)
        parts = [f"{n} {state.value}" for state, n in states.items() if n]
        text = (f"Stand van de {count_label(len(bundle.indicators), 'indicator', 'indicatoren')} "
                f"bij de laatste meting tot en met {as_of.year}: " + (", ".join(parts) or "–"))
        if unmeasured:
            text += (f"; van {count_label(unmeasured, 'indicator', 'indicatoren')} is nog geen "
                     "meting bekend")
        text += ". Per thema staan de metingen naast de doelstellingen, met een grafiek."
        story += [TopGap(6 * mm), Paragraph("Indicatoren", s.h3), Paragraph(text, s.body)]
    return story


def _theme_flowables(theme: Theme, key: str, bundle: PlanBundle, as_of: date,
                     doc: ReportDocument, width: float) -> list[Flowable]:
    s = styles()
    items = theme_progress(theme, bundle.plan.years, as_of)
    counts = status_counts(i.activity for i in items)
    overdue = sum(1 for i in items if i.is_overdue)
    lead: list[Flowable] = [
        Heading(theme.name, s.h2, key=key, level=1),
        Paragraph(f"{theme.kind.label} · {count_label(len(items), 'activiteit', 'activiteiten')}",
                  s.kind),
        TableText(TextBlock(status_runs(counts, overdue), size=8.6, leading=12)),
        TopGap(3 * mm, always=True),
    ]
    story: list[Flowable] = []
    table = progress_table(theme, items, as_of, width, lead=lead, on_drawn=doc.items_drawn)
    if table is None:
        story.append(KeepTogether(lead + [Paragraph("Voor dit thema zijn geen activiteiten "
                                                    "opgenomen.", s.body_muted)]))
    else:
        story.append(table)
    indicators = bundle.indicators_of(theme.id)
    for position, indicator in enumerate(indicators):
        block = indicator_block(indicator, bundle, as_of, width)
        if position == 0:
            story.append(KeepTogether([TopGap(5 * mm),
                                       ContextLabel("Indicatoren", theme.name, key, s.label),
                                       block]))
        else:
            story.append(block)
    return story


def _chapters(bundle: PlanBundle, groups: Sequence[FieldGroup], as_of: date,
              doc: ReportDocument) -> list[Flowable]:
    s = styles()
    width = frame_width(LANDSCAPE)
    story: list[Flowable] = [NextPageTemplate("landscape")]
    index = 0
    for group in groups:
        story.append(PageBreak())
        story.append(Paragraph(group.kicker.upper(), s.kicker))
        story.append(Heading(group.name, s.h1, key=group.key, level=0,
                             toc_title=group.toc_title, chapter=True))
        for position, theme in enumerate(group.themes):
            if position:
                story.append(TopGap(9 * mm))
            story += _theme_flowables(theme, theme_key(theme, index), bundle, as_of, doc, width)
            index += 1
    overarching = bundle.indicators_of(None)
    if overarching:
        story.append(PageBreak())
        story.append(Heading("Overkoepelende indicatoren", s.h1, key="indicatoren", level=0,
                             chapter=True))
        for indicator in overarching:
            story.append(indicator_block(indicator, bundle, as_of, width))
    return story


def _toc(bundle: PlanBundle, groups: Sequence[FieldGroup]) -> list[TocEntry]:
    entries = [TocEntry(0, "Samenvatting", "samenvatting")]
    index = 0
    for group in groups:
        entries.append(TocEntry(0, group.toc_title, group.key))
        for theme in group.themes:
            entries.append(TocEntry(1, theme.name, theme_key(theme, index)))
            index += 1
    if bundle.indicators_of(None):
        entries.append(TocEntry(0, "Overkoepelende indicatoren", "indicatoren"))
    return entries


def build_progress(bundle: PlanBundle, target: object, *, as_of: date,
                   logo: bytes | None = None, progress: Progress | None = None) -> int:
    municipality = bundle.safety_plan.municipality
    groups = group_by_field(bundle)
    cover = CoverContent(
        municipality=municipality,
        title=progress_title(bundle),
        subtitle=f"Stand van zaken van het uitvoeringsplan op {format_date_long(as_of)}",
        status=f"Peildatum {format_date_long(as_of)}",
        details=(("Opgesteld", format_date_long(today())),),
        logo=logo,
        badge="VOORTGANG",
    )
    info = DocumentInfo(
        title=f"{progress_title(bundle)} – gemeente {municipality}",
        author=f"Gemeente {municipality}",
        subject=f"Voortgang van het uitvoeringsplan op {format_date_long(as_of)}",
        footer=progress_footer(bundle, as_of),
        header_right=f"Peildatum {format_date_long(as_of)}",
        keywords=("integrale veiligheid", "voortgangsrapportage", municipality),
    )
    doc = ReportDocument(target, info, cover=lambda canv, _doc: draw_cover(canv, cover),
                         progress=progress, total_items=bundle.activity_count)
    s = styles()
    story: list[Flowable] = [NextPageTemplate("portrait"), PageBreak(),
                             Paragraph("Inhoudsopgave", s.toc_title),
                             TableOfContents(_toc(bundle, groups)),
                             PageBreak()]
    story += _summary(bundle, groups, as_of)
    story += _chapters(bundle, groups, as_of, doc)
    if progress is not None:
        progress.step(0, max(bundle.activity_count, 1), "Voortgangsrapportage opmaken…")
    return doc.build_story(story)


def write_progress_pdf(bundle: PlanBundle, out: Path, *, as_of: date, logo: bytes | None = None,
                       progress: Progress | None = None) -> int:
    """Write the voortgangsrapportage at peildatum ``as_of`` to ``out``; returns the page count."""
    return write_pdf_atomically(
        out, lambda stream: build_progress(bundle, stream, as_of=as_of, logo=logo,
                                           progress=progress)
    )
