"""The smoke test's PDF step tells "feature absent" from "feature broken" and checks the file.

The PDF feature is built elsewhere (``ivpdesk.services.report_pdf``); here small stand-in
modules with the same contract (``write_plan_pdf(bundle, out_path) -> pages``) are put
on ``sys.path`` so every branch of the check runs against real files.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from ivpdesk.cli import AppContext
from ivpdesk.paths import Paths
from ivpdesk.store.uow import Database
from ivpdesk.ui import smoke

MODULES = {
    "ivq_pdf_ok": """
        from reportlab.pdfgen.canvas import Canvas
        def write_plan_pdf(bundle, out_path):
            canvas = Canvas(str(out_path))
            for theme in bundle.themes:
                canvas.drawString(72, 720, theme.name)
                canvas.showPage()
            canvas.save()
            return len(bundle.themes)
    """,
    "ivq_pdf_garbage": """
        def write_plan_pdf(bundle, out_path):
            out_path.write_bytes(b"<html>geen pdf</html>")
            return 1
    """,
    "ivq_pdf_broken_import": """
        import reportlab_that_is_not_bundled  # what a PyInstaller bundle missing a module looks like
        def write_plan_pdf(bundle, out_path):
            return 1
    """,
}


@pytest.fixture
def run_pdf_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_db: Database, paths: Paths):  # type: ignore[no-untyped-def]
    for name, source in MODULES.items():
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    ctx = AppContext(paths=paths, db_target=None)

    def check(module: str) -> tuple[smoke.SmokeRun, Path]:
        monkeypatch.setattr(smoke, "PDF_MODULE", module)
        sys.modules.pop(module, None)
        run = smoke.SmokeRun(None, False)
        smoke.check_pdf(run, ctx, demo_db)
        return run, paths.data_dir / smoke.PDF_NAME

    return check


def test_real_pdf_passes(run_pdf_check, capsys) -> None:  # type: ignore[no-untyped-def]
    run, pdf = run_pdf_check("ivq_pdf_ok")
    assert run.failures == []
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert "PDF uitvoeringsplan" in capsys.readouterr().out
    assert smoke.finish(run) == 0


def test_missing_feature_is_skipped_not_failed(run_pdf_check, capsys) -> None:  # type: ignore[no-untyped-def]
    run, pdf = run_pdf_check("ivq_pdf_does_not_exist")
    assert run.failures == [] and not pdf.exists()
    assert "PDF-stap overgeslagen" in capsys.readouterr().out


def test_file_that_is_no_pdf_fails(run_pdf_check) -> None:  # type: ignore[no-untyped-def]
    run, _pdf = run_pdf_check("ivq_pdf_garbage")
    assert len(run.failures) == 1 and "geen PDF" in run.failures[0]
    assert smoke.finish(run) == 2


def test_broken_import_inside_the_feature_fails_instead_of_skipping(run_pdf_check) -> None:  # type: ignore[no-untyped-def]
    run, _pdf = run_pdf_check("ivq_pdf_broken_import")
    assert len(run.failures) == 1
    assert "ModuleNotFoundError" in run.failures[0]
