"""``ivpdesk report``: files written, page counts printed, Dutch errors with exit code 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from ivpdesk.cli import main
from ivpdesk.store.uow import Database


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as stop:  # argparse errors leave through SystemExit
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_uitvoeringsplan(demo_db: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "plan.pdf"
    code, stdout, _ = run(capsys, "--db", str(demo_db.path), "report", "uitvoeringsplan", str(out),
                          "--versiedatum", "01-12-2026")
    pages = len(PdfReader(str(out)).pages)
    assert code == 0
    assert stdout.strip() == f"Uitvoeringsplan 2027–2028 opgeslagen als {out} ({pages} pagina's)."
    assert "1 december 2026" in (PdfReader(str(out)).pages[0].extract_text() or "")


def test_voortgang_with_peildatum(demo_db: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "voortgang.pdf"
    code, stdout, _ = run(capsys, "--db", str(demo_db.path), "report", "voortgang", str(out),
                          "--peildatum", "30-06-2027")
    assert code == 0
    assert "peildatum 30-06-2027" in stdout
    assert "Peildatum 30 juni 2027" in (PdfReader(str(out)).pages[0].extract_text() or "")


def test_voortgang_default_peildatum_is_today(demo_db: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.domain.clock import today
    from ivpdesk.domain.formatting import format_date

    code, stdout, _ = run(capsys, "--db", str(demo_db.path), "report", "voortgang",
                          str(tmp_path / "v.pdf"))
    assert code == 0 and f"peildatum {format_date(today())}" in stdout


@pytest.mark.parametrize("bad", ["31-02-2027", "2027-06-30", "morgen"])
def test_bad_peildatum_exit_1(demo_db: Database, tmp_path: Path, capsys, bad: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "v.pdf"
    code, _, stderr = run(capsys, "--db", str(demo_db.path), "report", "voortgang", str(out),
                          "--peildatum", bad)
    assert code == 1
    assert stderr.startswith("ivpdesk: Ongeldige peildatum:") and "dd-mm-jjjj" in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_user_errors_exit_1(db: Database, demo_db: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, stderr = run(capsys, "--db", str(demo_db.path), "report", "uitvoeringsplan",
                          str(tmp_path / "nergens" / "plan.pdf"))
    assert code == 1 and "bestaat niet" in stderr
    code, _, stderr = run(capsys, "--db", str(tmp_path / "leeg.sqlite"), "report",
                          "uitvoeringsplan", str(tmp_path / "plan.pdf"))
    assert code == 1 and "geen uitvoeringsplan" in stderr
    code, _, stderr = run(capsys, "--db", str(demo_db.path), "report")
    assert code == 1 and "ontbreken" in stderr
    code, _, stderr = run(capsys, "--db", str(demo_db.path), "report", "jaarverslag", "x.pdf")
    assert code == 1 and "ongeldige keuze" in stderr
