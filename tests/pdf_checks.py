"""Reading back the PDFs we write: text per page (pypdf), fonts (pdffonts), rendering (pdftoppm)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader

FOOTER = re.compile(r"pagina (\d+) van (\d+)")


def normalise(text: str) -> str:
    return " ".join(text.split())


def page_texts(path: Path) -> list[str]:
    """Extracted text of every page, whitespace collapsed to single spaces."""
    return [normalise(page.extract_text() or "") for page in PdfReader(str(path)).pages]


def pdffonts(path: Path) -> list[dict[str, str]]:
    """The font table of ``pdffonts`` (poppler-utils) as dicts: name, type, emb, sub."""
    assert shutil.which("pdffonts"), "poppler-utils (pdffonts) is not installed; see .ci/run"
    output = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                            text=True).stdout.splitlines()
    rows = []
    for line in output[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object ID: read from the right
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4]})
    return rows


def embedded_font_files(path: Path) -> dict[str, bool]:
    """Per font in the PDF's resources (pypdf): whether its descriptor embeds a font file."""
    found: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for font in fonts.get_object().values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font.get("/BaseFont"))] = embedded
    return found


def render_pages(path: Path, out_dir: Path, first: int, last: int, dpi: int = 40) -> list[Path]:
    """Render pages with pdftoppm (a validity check); returns the PNG files."""
    assert shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is not installed; see .ci/run"
    out_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", str(first), "-l", str(last), str(path),
         str(out_dir / "page")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Syntax Error" not in result.stderr, result.stderr
    return sorted(out_dir.glob("page-*.png"))


def assert_footers(texts: list[str], prefix: str) -> None:
    """Every page carries '<prefix> — pagina X van Y' with X its number and Y the page count."""
    total = len(texts)
    for number, text in enumerate(texts, 1):
        expected = f"{prefix} — pagina {number} van {total}"
        assert expected in text, f"page {number}: footer missing: {expected!r} in {text[-300:]!r}"
