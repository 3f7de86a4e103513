"""A generated 1,000-activity plan: nothing lost, headers repeated, long rows split cleanly."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from ivpdesk.domain import PlanBundle
from ivpdesk.paths import Paths
from ivpdesk.services.database import open_database
from ivpdesk.services.generated_plan import GeneratedPlan, load_generated_plan
from ivpdesk.services.plans import load_current
from ivpdesk.services.report_pdf import write_plan_pdf, write_progress_pdf
from tests.pdf_checks import assert_footers, normalise, page_texts, pdffonts, render_pages

HEADER = "Onderdeel Inzet / activiteiten Bestuurlijk trekker Ambtelijk trekker en partners Planning"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PlanBundle, GeneratedPlan, Path]]:
    folder = tmp_path_factory.mktemp("large")
    paths = Paths.from_environment(folder / "data")
    paths.ensure()
    db = open_database(folder / "large.sqlite", paths)
    generated = load_generated_plan(db, activities=1000)
    bundle = load_current(db)
    db.dispose()
    yield bundle, generated, folder


@pytest.fixture(scope="module")
def large_plan(large: tuple[PlanBundle, GeneratedPlan, Path]) -> tuple[Path, list[str]]:
    bundle, _generated, folder = large
    out = folder / "uitvoeringsplan.pdf"
    pages = write_plan_pdf(bundle, out)
    texts = page_texts(out)
    assert pages == len(texts)
    return out, texts


def test_generated_plan_has_1000_activities(large: tuple[PlanBundle, GeneratedPlan, Path]) -> None:
    bundle, generated, _folder = large
    assert bundle.activity_count == generated.activities == 1000
    assert len(generated.long_activity_titles) >= 10


def assert_words_in_order(words: list[str], document: list[str], start: int,
                          max_gap: int = 150) -> int:
    """Every word of ``words`` occurs in ``document`` from ``start`` on, in order.

    Page furniture (footer, header row, "(vervolg)" band) and the other cells of a
    split row may come in between, but never more than ``max_gap`` words.
    """
    position = start
    for word in words:
        found = None
        for index in range(position, min(position + max_gap, len(document))):
            if document[index] == word:
                found = index
                break
        assert found is not None, f"word {word!r} missing after {' '.join(document[position:position + 12])!r}"
        position = found + 1
    return position


def test_every_activity_is_printed_once_and_whole(large, large_plan) -> None:  # type: ignore[no-untyped-def]
    bundle, _generated, _folder = large
    _out, texts = large_plan
    whole = " ".join(texts)
    titles = re.findall(r"Activiteit \d{4}\.(?! \(vervolg\))", whole)
    assert len(titles) == 1000 and len(set(titles)) == 1000
    # a text split over pages repeats its title on the next page: "Activiteit 0014. (vervolg)"
    repeated = re.findall(r"Activiteit \d{4}\. \(vervolg\)", whole)
    assert len(repeated) >= 10
    for theme in bundle.themes:
        assert theme.name in whole
    document = whole.split()
    starts: dict[str, int] = {}
    for index in range(len(document) - 1):
        if document[index] == "Activiteit":
            starts.setdefault(document[index + 1], index)
    for _theme, _section, activity in bundle.activities():
        number = activity.title.split()[1]  # type: ignore[union-attr]
        # nothing truncated, nothing out of order, even when a row runs over pages
        assert_words_in_order(activity.description.split(), document, starts[number] + 2)


def test_footer_and_header_on_every_page(large_plan) -> None:  # type: ignore[no-untyped-def]
    out, texts = large_plan
    assert len(texts) > 150
    assert_footers(texts, "Uitvoeringsplan Integrale Veiligheid Oosterwolde 2027–2028")
    reader = PdfReader(str(out))
    table_pages = [i for i, text in enumerate(texts) if re.search(r"Activiteit \d{4}\.", text)]
    assert len(table_pages) > 100
    for index in table_pages:
        assert HEADER in texts[index], f"page {index + 1} lacks the header row"
        box = reader.pages[index].mediabox
        assert box.width > box.height


def test_continued_pages_repeat_theme_kop_and_onderdeel(large, large_plan) -> None:  # type: ignore[no-untyped-def]
    bundle, _generated, _folder = large
    _out, texts = large_plan
    continued = [t for t in texts if "(vervolg)" in t]
    assert len(continued) > 100
    names = [theme.name for theme in bundle.themes]
    for text in continued:
        # the header row opens the page (after "Activiteiten – <thema> (vervolg)" when the
        # table starts on a later page than its theme heading)
        assert text.startswith(HEADER) or re.match(r"Activiteiten – .+ \(vervolg\) " + re.escape(HEADER), text), text[:160]
        if not text.startswith(HEADER):
            label = text[:text.index(HEADER)]
            assert any(name in label for name in names)
            continue
        after_header = text[len(HEADER):].lstrip()
        # the first line under the header names the theme (and kop) and says (vervolg)
        assert any(after_header.startswith(name) for name in names), after_header[:120]
        assert "(vervolg)" in after_header[:160]
    # a kop is repeated too: "Thema › Aanpak (vervolg)"
    assert any(re.search(r"› (Aanpak|Preventie) \(vervolg\)", t) for t in continued)


def test_a_row_longer_than_a_page_continues_on_the_next(large, large_plan) -> None:  # type: ignore[no-untyped-def]
    bundle, generated, _folder = large
    _out, texts = large_plan
    activities = {a.title: a for _t, _s, a in bundle.activities()}
    for title in generated.long_activity_titles:
        activity = activities[title]
        text = normalise(activity.description)
        start = next(i for i, page in enumerate(texts) if title in page)
        end = next(i for i, page in enumerate(texts) if text[-30:] in page)
        for page in texts[start + 1:end + 1]:
            assert "(vervolg)" in page and HEADER in page
        # every paragraph of the long text is somewhere on those pages
        pages = " ".join(texts[start:end + 1])
        for paragraph in activity.description.split("\n\n"):
            assert normalise(paragraph)[:50] in pages


def test_fonts_embedded_and_pages_render(large_plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out, texts = large_plan
    assert all(f["emb"] == "yes" for f in pdffonts(out))
    middle = len(texts) // 2
    assert len(render_pages(out, tmp_path / "png", middle, middle + 2)) == 3


def test_large_progress_report(large, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bundle, _generated, _folder = large
    out = tmp_path / "voortgang.pdf"
    pages = write_progress_pdf(bundle, out, as_of=date(2028, 3, 1))
    texts = page_texts(out)
    assert pages == len(texts) > 150
    assert_footers(texts, "Voortgangsrapportage Integrale Veiligheid Oosterwolde 2027–2028, "
                          "peildatum 01-03-2028")
    whole = " ".join(texts)
    titles = set(re.findall(r"Activiteit \d{4}\.", whole))
    assert len(titles) == 1000
    for theme in bundle.themes:
        assert theme.name in whole
    assert "over tijd sinds" in whole
    assert all(f["emb"] == "yes" for f in pdffonts(out))
    assert len(render_pages(out, tmp_path / "png", 3, 5)) == 3
