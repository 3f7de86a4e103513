"""The uitvoeringsplan as the college and the raad receive it.

Cover, inhoudsopgave, inleiding (with the IVP's visie and hoofddoelstelling and a
leeswijzer) and an overview on portrait pages; then per veiligheidsveld, on landscape
pages, every theme with its kind, doelstelling, aanpak, indicators and activities.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Table,
    TableStyle,
)

from ivpdesk.domain import PlanBundle, PlanStatus, Theme
from ivpdesk.domain.clock import today
from ivpdesk.domain.formatting import format_date_long
from ivpdesk.services.progress import Progress
from ivpdesk.services.report_pdf.common import (
    FieldGroup,
    count_label,
    footer_title,
    group_by_field,
    paragraphs,
    plan_title,
    standard_theme_label,
    status_sentence,
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
from ivpdesk.services.report_pdf.fonts import BOLD, REGULAR
from ivpdesk.services.report_pdf.grid import GridRow, GridTable, RowKind
from ivpdesk.services.report_pdf.styles import (
    ACCENT,
    ACCENT_LIGHT,
    LANDSCAPE,
    MUTED,
    PORTRAIT,
    frame_height,
    frame_width,
    styles,
)
from ivpdesk.services.report_pdf.tables import (
    activity_table,
    band,
    header_cells,
    indicator_table,
)
from ivpdesk.services.report_pdf.text import Run, TextBlock

LEESWIJZER = (
    "Per veiligheidsveld van de methode Kernbeleid Veiligheid staan de thema’s van dit plan. "
    "Bij elk thema leest u eerst de doelstelling en de aanpak op hoofdlijnen, daarna de "
    "indicatoren waarmee we meten of we het doel halen (met de uitgangswaarde en de "
    "doelstelling per jaar) en ten slotte de activiteiten: wat we doen, wie bestuurlijk "
    "en ambtelijk trekt, met welke partners en wanneer. Het overzicht op de volgende "
    "pagina laat in één oogopslag zien welke thema’s het plan kent."
)


def plan_document_info(bundle: PlanBundle, version_date: date) -> DocumentInfo:
    municipality = bundle.safety_plan.municipality
    concept = bundle.plan.status is PlanStatus.CONCEPT
    header = (f"Concept – versie {format_date_long(version_date)}" if concept
              else f"Vastgesteld {format_date_long(bundle.plan.adopted_on)}"
              if bundle.plan.adopted_on else "")
    return DocumentInfo(
        title=f"{plan_title(bundle)} – gemeente {municipality}",
        author=f"Gemeente {municipality}",
        subject=(f"Uitvoering van het Integraal Veiligheidsplan "
                 f"{bundle.safety_plan.period_label} van de gemeente {municipality}"),
        footer=footer_title(bundle),
        header_right=header,
        keywords=("integrale veiligheid", "uitvoeringsplan", municipality),
    )


def plan_cover(bundle: PlanBundle, version_date: date, logo: bytes | None) -> CoverContent:
    concept = bundle.plan.status is PlanStatus.CONCEPT
    return CoverContent(
        municipality=bundle.safety_plan.municipality,
        title=plan_title(bundle),
        subtitle=f"Uitwerking van het Integraal Veiligheidsplan {bundle.safety_plan.period_label}",
        status=status_sentence(bundle),
        details=(("Versie", format_date_long(version_date)),),
        logo=logo,
        badge="CONCEPT" if concept else "",
    )


# --------------------------------------------------------------------------- front matter


def _toc_entries(bundle: PlanBundle, groups: Sequence[FieldGroup]) -> list[TocEntry]:
    entries = [TocEntry(0, "Inleiding", "inleiding"), TocEntry(0, "Overzicht", "overzicht")]
    index = 0
    for group in groups:
        entries.append(TocEntry(0, group.toc_title, group.key))
        for theme in group.themes:
            entries.append(TocEntry(1, theme.name, theme_key(theme, index)))
            index += 1
    return entries


def _introduction(bundle: PlanBundle) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [Heading("Inleiding", s.h1, key="inleiding", level=0, chapter=True)]
    story += paragraphs(bundle.plan.introduction, "lead")
    safety = bundle.safety_plan
    if safety.vision.strip():
        story.append(Paragraph(f"Visie uit het Integraal Veiligheidsplan {safety.period_label}",
                               s.h3))
        story += paragraphs(safety.vision)
    if safety.main_goal.strip():
        story.append(Paragraph("Hoofddoelstelling", s.h3))
        story += paragraphs(safety.main_goal)
    story.append(Paragraph("Leeswijzer", s.h3))
    story += paragraphs(LEESWIJZER)
    return story


def summary_table(groups: Sequence[FieldGroup], bundle: PlanBundle, width: float) -> GridTable:
    """Themes per veld with their kind and the number of activities and indicators."""
    labels = ["Thema", "Kernbeleid", "Soort", "Activiteiten", "Indicatoren"]
    widths = [width * 0.43, width * 0.12, width * 0.21, width * 0.12, width * 0.12]
    aligns = ["left", "left", "left", "right", "right"]
    rows: list[GridRow] = []
    for group in groups:
        rows.append(band(group.toc_title))
        for theme in group.themes:
            rows.append(GridRow([
                TextBlock(theme.name),
                TextBlock(theme.standard_theme_code or "–", colour=MUTED),
                TextBlock(theme.kind.label),
                TextBlock(str(theme.activity_count), align="right"),
                TextBlock(str(len(bundle.indicators_of(theme.id))), align="right"),
            ]))
    rows.append(GridRow([
        TextBlock([Run(f"Totaal ({count_label(len(bundle.themes), 'thema', 'thema’s')})", BOLD)]),
        None,
        None,
        TextBlock([Run(str(bundle.activity_count), BOLD)], align="right"),
        TextBlock([Run(str(len(bundle.indicators)), BOLD)], align="right"),
    ], kind=RowKind.TOTAL, keep_with_previous=True))
    overarching = len(bundle.indicators_of(None))
    if overarching:
        rows.append(GridRow([
            TextBlock([Run("waarvan overkoepelend (bij geen thema)", REGULAR, MUTED)]),
            None, None, None,
            TextBlock([Run(str(overarching), REGULAR, MUTED)], align="right"),
        ], keep_with_previous=True))
    return GridTable(widths, header_cells(labels, aligns), rows, min_rows=1)


def _overview(bundle: PlanBundle, groups: Sequence[FieldGroup]) -> list[Flowable]:
    s = styles()
    width = frame_width(PORTRAIT)
    fields = [g for g in groups if g.number is not None]
    sentence = (
        f"Dit uitvoeringsplan telt {count_label(len(bundle.themes), 'thema', 'thema’s')}"
        f"{' in ' + count_label(len(fields), 'veiligheidsveld', 'veiligheidsvelden') if fields else ''}"
        f", met samen {count_label(bundle.activity_count, 'activiteit', 'activiteiten')} en "
        f"{count_label(len(bundle.indicators), 'indicator', 'indicatoren')}."
    )
    priorities = [t.name for t in bundle.themes if t.kind.value == "prioriteit"]
    if priorities:
        names = ", ".join(priorities[:-1]) + (" en " if len(priorities) > 1 else "") + priorities[-1]
        sentence += f" De prioriteiten zijn {names}."
    story: list[Flowable] = [
        Heading("Overzicht", s.h1, key="overzicht", level=0, chapter=True),
        Paragraph(escape(sentence), s.body),
        TopGap(4 * mm),
        summary_table(groups, bundle, width),
    ]
    overarching = bundle.indicators_of(None)
    if overarching:
        table = indicator_table(
            overarching, bundle.plan.years, bundle.safety_plan.end_year, width,
            lead=[Paragraph("Overkoepelende indicatoren", s.h3),
                  Paragraph("Deze indicatoren gelden voor het plan als geheel.", s.body_muted)],
        )
        if table is not None:
            story += [TopGap(6 * mm), table]
    return story


# --------------------------------------------------------------------------- themes


def goal_and_approach(theme: Theme, width: float, max_height: float) -> list[Flowable]:
    """Doelstelling and aanpak side by side in a light box; one under the other if long."""
    s = styles()
    parts = [(title, text) for title, text in (("Doelstelling", theme.goal),
                                              ("Aanpak op hoofdlijnen", theme.approach))
             if text.strip()]
    if not parts:
        return []
    cells = [[Paragraph(title, s.box_title), *paragraphs(text, "box_text")] for title, text in parts]
    column = width / len(parts)
    table = Table([cells], colWidths=[column] * len(parts))
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LINEABOVE", (0, 0), (-1, 0), 1.4, ACCENT),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.6, ACCENT_LIGHT),
    ]))
    _w, height = table.wrap(width, 10_000)
    if height <= max_height:
        return [table, TopGap(2 * mm, always=True)]
    flowables: list[Flowable] = []
    for title, text in parts:
        flowables.append(Paragraph(title, s.label))
        flowables += paragraphs(text, "box_text")
    return flowables


def theme_flowables(theme: Theme, key: str, bundle: PlanBundle, doc: ReportDocument,
                    width: float) -> list[Flowable]:
    s = styles()
    standard = standard_theme_label(theme)
    kind_line = " · ".join(part for part in (
        theme.kind.label,
        standard,
        count_label(theme.activity_count, "activiteit", "activiteiten"),
    ) if part)
    lead: list[Flowable] = [
        Heading(theme.name, s.h2, key=key, level=1),
        Paragraph(escape(kind_line), s.kind),
    ]
    lead += goal_and_approach(theme, width, frame_height(LANDSCAPE) * 0.45)
    indicators = bundle.indicators_of(theme.id)
    table = indicator_table(indicators, bundle.plan.years, bundle.safety_plan.end_year, width,
                            lead=[Paragraph("Indicatoren", s.label)])
    story: list[Flowable] = []
    if table is not None:
        # Theme text and indicators form one block; the activities may start on the next page.
        story.append(KeepTogether(lead + [table, TopGap(3 * mm, always=True)]))
        lead = []
    lead.append(ContextLabel("Activiteiten", theme.name, key, s.label))
    activities = activity_table(theme, bundle.plan.years, width, lead=lead,
                                on_drawn=doc.items_drawn)
    if activities is None:
        note = Paragraph("Voor dit thema zijn (nog) geen activiteiten opgenomen.", s.body_muted)
        return story + [KeepTogether(lead[:-1] + [note])]
    return story + [activities]


def _field_chapters(bundle: PlanBundle, groups: Sequence[FieldGroup],
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
            story += theme_flowables(theme, theme_key(theme, index), bundle, doc, width)
            index += 1
    return story


# --------------------------------------------------------------------------- entry point


def build_plan(bundle: PlanBundle, target: object, *, logo: bytes | None = None,
               progress: Progress | None = None, version_date: date | None = None) -> int:
    """Lay out the uitvoeringsplan into ``target`` (file name or binary stream); page count."""
    version_date = version_date or today()
    groups = group_by_field(bundle)
    cover = plan_cover(bundle, version_date, logo)
    doc = ReportDocument(target, plan_document_info(bundle, version_date),
                         cover=lambda canv, _doc: draw_cover(canv, cover), progress=progress,
                         total_items=bundle.activity_count)
    s = styles()
    story: list[Flowable] = [NextPageTemplate("portrait"), PageBreak()]
    story += [Paragraph("Inhoudsopgave", s.toc_title), TableOfContents(_toc_entries(bundle, groups))]
    story += [PageBreak(), *_introduction(bundle)]
    story += [PageBreak(), *_overview(bundle, groups)]
    story += _field_chapters(bundle, groups, doc)
    if progress is not None:
        progress.step(0, max(bundle.activity_count, 1), "Uitvoeringsplan opmaken…")
    return doc.build_story(story)


def write_plan_pdf(bundle: PlanBundle, out: Path, *, logo: bytes | None = None,
                   progress: Progress | None = None, version_date: date | None = None) -> int:
    """Write the uitvoeringsplan PDF to ``out`` (atomically); returns the number of pages."""
    return write_pdf_atomically(
        out, lambda stream: build_plan(bundle, stream, logo=logo, progress=progress,
                                       version_date=version_date)
    )


__all__ = ["build_plan", "write_plan_pdf"]
