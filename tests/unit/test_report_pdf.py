"""The uitvoeringsplan and voortgangsrapportage PDFs of the demo plan, read back and checked."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.rl_accel import fp_str

from ivpdesk.domain import ActivityStatus, PlanBundle, PlanStatus, ThemeKind
from ivpdesk.services.plans import load_current
from ivpdesk.services.progress import Cancelled, Progress
from ivpdesk.services.report_pdf import ReportError, write_plan_pdf, write_progress_pdf
from ivpdesk.services.report_pdf.common import group_by_field
from ivpdesk.store.uow import Database
from tests.pdf_checks import (
    assert_footers,
    embedded_font_files,
    normalise,
    page_texts,
    pdffonts,
    render_pages,
)

FOOTER = "Uitvoeringsplan Integrale Veiligheid Lindewaard 2027–2028"


def png_logo(width: int = 120, height: int = 60) -> bytes:
    """A small valid PNG (solid blue) written by hand, so the test needs no image library."""
    raw = b"".join(b"\x00" + b"\x1d\x3a\x5f" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


@pytest.fixture
def bundle(demo_db: Database) -> PlanBundle:
    return load_current(demo_db)


@pytest.fixture
def plan_pdf(bundle: PlanBundle, tmp_path: Path) -> Path:
    out = tmp_path / "uitvoeringsplan.pdf"
    pages = write_plan_pdf(bundle, out, version_date=date(2026, 12, 1))
    assert pages == len(PdfReader(str(out)).pages)
    return out


def test_every_activity_and_theme_heading_is_in_the_plan(bundle: PlanBundle, plan_pdf: Path) -> None:
    texts = page_texts(plan_pdf)
    whole = " ".join(texts)
    for theme in bundle.themes:
        assert theme.name in whole
    for _theme, _section, activity in bundle.activities():
        text = normalise(activity.description)
        assert text[:70] in whole and text[-70:] in whole, activity.description
        if activity.title:
            assert activity.title in whole
        assert activity.planning_text.strip() in whole
    for group in group_by_field(bundle):
        assert group.name in whole


def test_footer_on_every_page_with_the_page_count(plan_pdf: Path) -> None:
    texts = page_texts(plan_pdf)
    assert len(texts) > 15
    assert_footers(texts, FOOTER)


def test_all_fonts_embedded_none_standard(plan_pdf: Path) -> None:
    fonts = pdffonts(plan_pdf)
    assert fonts, "no fonts listed"
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert not any("Helvetica" in f["name"] or "Times" in f["name"] for f in fonts)
    assert all("DejaVuSans" in f["name"] for f in fonts)
    files = embedded_font_files(plan_pdf)
    assert files and all(files.values()), files


def test_special_characters_render(bundle: PlanBundle, tmp_path: Path) -> None:
    bundle.plan.introduction = "Doel ≤ 8% en ≥ 6,7; budget € 12.500; ‘coördinatie’ – geëvalueerd."
    out = tmp_path / "tekens.pdf"
    write_plan_pdf(bundle, out)
    whole = " ".join(page_texts(out))
    assert "Doel ≤ 8% en ≥ 6,7; budget € 12.500; ‘coördinatie’ – geëvalueerd." in whole
    assert all(f["emb"] == "yes" for f in pdffonts(out))


def test_markup_characters_in_names_are_printed_as_written(bundle: PlanBundle,
                                                           tmp_path: Path) -> None:
    theme = bundle.themes[0]
    theme.name = "Zorg & Veiligheid <2027>"
    theme.kind = ThemeKind.PRIORITY
    section = theme.sections[0]
    section.heading = "Aanpak & <preventie>"
    section.activities[0].political_owner = "Wethouder Zorg & Welzijn"
    for out, writer in ((tmp_path / "p.pdf", lambda o: write_plan_pdf(bundle, o)),
                        (tmp_path / "v.pdf",
                         lambda o: write_progress_pdf(bundle, o, as_of=date(2027, 6, 30)))):
        writer(out)
        whole = " ".join(page_texts(out))
        assert "Zorg & Veiligheid <2027>" in whole
        assert "Wethouder Zorg & Welzijn" in whole
    assert "Aanpak & <preventie>" in " ".join(page_texts(tmp_path / "p.pdf"))


def test_cover_metadata_and_toc(bundle: PlanBundle, plan_pdf: Path) -> None:
    reader = PdfReader(str(plan_pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Uitvoeringsplan Integrale Veiligheid 2027–2028 – gemeente Lindewaard"
    assert meta.author == "Gemeente Lindewaard"
    texts = page_texts(plan_pdf)
    cover = texts[0]
    assert "Uitvoeringsplan Integrale Veiligheid 2027–2028" in cover
    assert "Lindewaard" in cover and "Concept" in cover and "1 december 2026" in cover
    assert texts[1].startswith("Inhoudsopgave") or "Inhoudsopgave" in texts[1]
    # Each theme's page number in the inhoudsopgave is the page its heading is on.
    toc = texts[1]
    for theme in bundle.themes:
        position = toc.index(theme.name)
        number = int(toc[position + len(theme.name):].split()[0])
        assert theme.name in texts[number - 1]


def test_outline_has_every_veld_and_theme(bundle: PlanBundle, plan_pdf: Path) -> None:
    reader = PdfReader(str(plan_pdf))
    titles: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                titles.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    top = [t for level, t, _ in titles if level == 0]
    assert top[:2] == ["Inleiding", "Overzicht"]
    for group in group_by_field(bundle):
        assert group.toc_title in top
    second = {t: page for level, t, page in titles if level == 1}
    texts = page_texts(plan_pdf)
    for theme in bundle.themes:
        assert theme.name in texts[second[theme.name]], theme.name


def test_activity_tables_are_on_landscape_pages(plan_pdf: Path) -> None:
    reader = PdfReader(str(plan_pdf))
    texts = page_texts(plan_pdf)
    table_pages = [i for i, t in enumerate(texts) if "Inzet / activiteiten" in t]
    assert table_pages
    for index in table_pages:
        box = reader.pages[index].mediabox
        assert box.width > box.height
    first = reader.pages[0].mediabox
    assert first.width < first.height  # the cover is portrait


def test_status_and_adoption_on_cover(bundle: PlanBundle, tmp_path: Path) -> None:
    bundle.plan.status = PlanStatus.ADOPTED
    bundle.plan.adopted_on = date(2027, 3, 14)
    out = tmp_path / "vastgesteld.pdf"
    write_plan_pdf(bundle, out)
    cover = page_texts(out)[0]
    assert "Vastgesteld door het college van burgemeester en wethouders op 14 maart 2027" in cover
    assert "CONCEPT" not in cover


def test_logo_is_placed_on_the_cover(bundle: PlanBundle, tmp_path: Path) -> None:
    out = tmp_path / "logo.pdf"
    write_plan_pdf(bundle, out, logo=png_logo())
    reader = PdfReader(str(out))
    def images(page: int) -> list[object]:
        xobjects = reader.pages[page]["/Resources"].get("/XObject", {})
        return [x for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]

    assert len(images(0)) == 1
    assert images(1) == [] and images(2) == []


def test_pages_render_with_pdftoppm(plan_pdf: Path, tmp_path: Path) -> None:
    pngs = render_pages(plan_pdf, tmp_path / "png", 1, 8)
    assert len(pngs) == 8
    assert all(p.stat().st_size > 2000 for p in pngs)


def test_written_atomically_and_cancel_leaves_nothing(bundle: PlanBundle, tmp_path: Path) -> None:
    folder = tmp_path / "uit"
    folder.mkdir()
    out = folder / "plan.pdf"
    out.write_bytes(b"oude versie")
    calls: list[int] = []

    def cancel_after_a_while() -> bool:
        calls.append(1)
        return len(calls) > 30

    with pytest.raises(Cancelled):
        write_plan_pdf(bundle, out, progress=Progress(lambda d, t, w: None, cancel_after_a_while))
    assert out.read_bytes() == b"oude versie"
    assert [p.name for p in folder.iterdir()] == ["plan.pdf"]
    with pytest.raises(ReportError, match="bestaat niet"):
        write_plan_pdf(bundle, tmp_path / "geen-map" / "plan.pdf")


def test_progress_is_reported(bundle: PlanBundle, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    write_plan_pdf(bundle, tmp_path / "p.pdf",
                   progress=Progress(lambda d, t, w: seen.append((d, t, w)), lambda: False))
    assert seen[-1][0] == seen[-1][1] == bundle.activity_count
    assert any(what.startswith("Pagina ") for _d, _t, what in seen)


# --------------------------------------------------------------------------- voortgang


def test_progress_report_of_the_demo(bundle: PlanBundle, tmp_path: Path) -> None:
    out = tmp_path / "voortgang.pdf"
    pages = write_progress_pdf(bundle, out, as_of=date(2028, 3, 1))
    texts = page_texts(out)
    assert pages == len(texts)
    assert_footers(texts, "Voortgangsrapportage Integrale Veiligheid Lindewaard 2027–2028, "
                          "peildatum 01-03-2028")
    whole = " ".join(texts)
    assert "Peildatum 1 maart 2028" in texts[0]
    for theme in bundle.themes:
        assert theme.name in whole
    for _theme, _section, activity in bundle.activities():
        assert normalise(activity.description)[:60] in whole
    # The latest progress note of an activity is shown with its date.
    assert "10-11-2026 · Driehoeksoverleg" in whole
    assert "Camera's geplaatst; meldingen in het park halveerden in oktober." in whole
    for indicator in bundle.indicators:
        assert indicator.name in whole
    assert all(f["emb"] == "yes" for f in pdffonts(out))
    assert not any("Helvetica" in name for name in embedded_font_files(out))
    assert len(render_pages(out, tmp_path / "png", 3, 6)) == 4


def test_overdue_activities_come_first_with_colour(bundle: PlanBundle, tmp_path: Path) -> None:
    theme = bundle.themes[0]
    last = theme.sections[-1].activities[-1]
    last.deadline_override = date(2027, 4, 1)
    last.status = ActivityStatus.NOT_STARTED
    out = tmp_path / "voortgang.pdf"
    write_progress_pdf(bundle, out, as_of=date(2027, 6, 30))
    texts = page_texts(out)
    page = next(t for t in texts if theme.name in t and "Laatste voortgang" in t)
    table = page[page.index("Laatste voortgang"):]
    first_row = table[:400]
    assert "over tijd sinds 01-04-2027" in first_row
    assert normalise(last.description)[:40] in first_row
    # Each status label sits on a badge in the status colour (a filled rectangle).
    reader = PdfReader(str(out))
    content = reader.pages[texts.index(page)].get_contents().get_data().decode("latin-1")
    grey = fp_str(0x8a / 255, 0x8f / 255, 0x98 / 255) + " rg"  # niet gestart
    assert grey in content


def test_progress_report_with_logo_and_cancel(bundle: PlanBundle, tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    write_progress_pdf(bundle, out, as_of=date(2027, 6, 30), logo=png_logo())
    xobjects = PdfReader(str(out)).pages[0]["/Resources"]["/XObject"]
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
    with pytest.raises(Cancelled):
        write_progress_pdf(bundle, tmp_path / "x.pdf", as_of=date(2027, 6, 30),
                           progress=Progress(lambda d, t, w: None, lambda: True))
    assert not (tmp_path / "x.pdf").exists()


def test_build_to_a_stream(bundle: PlanBundle) -> None:
    from ivpdesk.services.report_pdf.plan_report import build_plan

    buffer = io.BytesIO()
    pages = build_plan(bundle, buffer)
    assert buffer.getvalue().startswith(b"%PDF-") and pages == len(PdfReader(buffer).pages)


def test_empty_and_small_plans_still_print(db: Database, tmp_path: Path) -> None:
    from ivpdesk.domain import Activity, ImplementationPlan, SafetyPlan, Section, Theme
    from ivpdesk.services.plans import create_plan

    with db.uow() as uow:
        safety = SafetyPlan(municipality="Leegdorp", start_year=2027, end_year=2030)
        plan = ImplementationPlan(safety_plan_id=None, start_year=2027, end_year=2027)
        create_plan(uow, safety, plan, with_control_moments=False)
        uow.commit()
    empty = load_current(db)
    for writer in (lambda o: write_plan_pdf(empty, o),
                   lambda o: write_progress_pdf(empty, o, as_of=date(2027, 6, 30))):
        out = tmp_path / "leeg.pdf"
        assert writer(out) >= 3
        texts = page_texts(out)
        assert "Leegdorp" in texts[0] and "pagina 1 van" in texts[0]

    with db.uow() as uow:
        plan_id = uow.plans.current_id()
        assert plan_id is not None
        theme = Theme(name="Zonder activiteiten", field_number=2)
        uow.themes.add(theme, plan_id)
        other = Theme(name="Zonder naam van onderdeel", field_number=None)
        uow.themes.add(other, plan_id)
        assert other.id is not None
        section = Section(name="")
        uow.sections.add(section, other.id)
        assert section.id is not None
        uow.activities.add(Activity(description="Een activiteit zonder titel of trekker."),
                           section.id)
        uow.commit()
    small = load_current(db)
    out = tmp_path / "klein.pdf"
    write_plan_pdf(small, out)
    whole = " ".join(page_texts(out))
    assert "Voor dit thema zijn (nog) geen activiteiten opgenomen." in whole
    assert "Een activiteit zonder titel of trekker." in whole
    assert "Uitvoeringsplan Integrale Veiligheid 2027" in whole
    write_progress_pdf(small, tmp_path / "klein-v.pdf", as_of=date(2027, 6, 30))
