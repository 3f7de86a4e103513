"""``ivpdesk export --format xlsx`` as a real process, and ``run_update`` (import --update)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from ivpdesk.cli import AppContext, UserError, build_parser
from ivpdesk.commands.update_import import run_update
from ivpdesk.domain import ActivityStatus
from ivpdesk.paths import Paths
from ivpdesk.services.export_xlsx import export_plan_xlsx
from ivpdesk.services.plans import load_current
from ivpdesk.store.uow import Database
from tests.xlsx_helpers import COL, dump, edit


def ivpdesk(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, IVPDESK_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "ivpdesk", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_export_xlsx_command_and_its_errors(tmp_path: Path) -> None:
    db, data = str(tmp_path / "plan.sqlite"), tmp_path / "d"
    assert ivpdesk("--db", db, "demo", data_dir=data).returncode == 0
    out = tmp_path / "uit.xlsx"
    done = ivpdesk("--db", db, "export", "--format", "xlsx", str(out), data_dir=data)
    assert done.returncode == 0, done.stderr
    assert "82 activiteiten" in done.stdout and out.exists()
    assert openpyxl.load_workbook(out)["Activiteiten"].max_row == 83

    theme = ivpdesk("--db", db, "export", "--format", "xlsx", str(tmp_path / "t.xlsx"),
                    "--theme", "ondermijning", data_dir=data)
    assert theme.returncode == 0, theme.stderr
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Activiteiten"]
    assert {ws.cell(r, COL["thema"]).value for r in range(2, ws.max_row + 1)} == {"Ondermijning"}

    trekker = ivpdesk("--db", db, "export", "--format", "xlsx", str(tmp_path / "w.xlsx"),
                      "--trekker", "Wethouder", data_dir=data)
    assert trekker.returncode == 0 and "trekker 'Wethouder'" in trekker.stdout

    for args, message in [
        (["--theme", "Onbekend thema"], "Thema 'Onbekend thema' bestaat niet"),
        (["--trekker", "niemand"], "geen activiteiten"),
    ]:
        failed = ivpdesk("--db", db, "export", "--format", "xlsx", str(tmp_path / "x.xlsx"), *args,
                         data_dir=data)
        assert failed.returncode == 1 and message in failed.stderr
        assert len(failed.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "x.xlsx").exists()
    for args, message in [
        (["--format", "xlsx", "-"], "niet naar het scherm"),
        (["--format", "xlsx", str(tmp_path / "plan.csv")], "eindigt op .xlsx"),
        (["--format", "json", "--theme", "Ondermijning", "-"], "alleen met --format xlsx"),
        (["--format", "xlsx", str(tmp_path / "geen-map" / "x.xlsx")], "bestaat niet"),
    ]:
        failed = ivpdesk("--db", db, "export", *args, data_dir=data)
        assert failed.returncode == 1 and message in failed.stderr, failed.stderr


class _ImportParser:
    """Parses the arguments of ``ivpdesk import …`` with the real command-line parser."""

    def parse_args(self, argv: list[str]) -> argparse.Namespace:
        return build_parser().parse_args(["import", *argv])


def _parser() -> _ImportParser:
    return _ImportParser()


@pytest.fixture
def ctx(demo_db: Database, paths: Paths) -> AppContext:
    assert demo_db.path is not None
    return AppContext(paths=paths, db_target=str(demo_db.path))


def test_run_update_dry_run_then_apply_with_report(
        demo_db: Database, ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.xlsx"
    export_plan_xlsx(demo_db, out)
    first = next(load_current(demo_db).activities())[2]
    edit(out, {(first.id, "status"): "Gereed"}, append=[  # type: ignore[arg-type]
        {"thema": "Ondermijning", "onderdeel": "Informatiepositie", "activiteit": "Nieuw punt."}])
    before = dump(demo_db)
    assert run_update(_parser().parse_args([str(out), "--update", "--dry-run"]), ctx) == 0
    printed = capsys.readouterr().out
    assert f"{first.title} (Ondermijning, rij 2)" in printed
    assert "Status: 'Loopt' → 'Gereed'" in printed
    assert "rij 84: Ondermijning › Informatiepositie: Nieuw punt." in printed
    assert "Proefdraai: er is niets gewijzigd." in printed
    assert dump(demo_db) == before

    report = tmp_path / "rapport.json"
    assert run_update(_parser().parse_args([str(out), "--update", "--report", str(report)]), ctx) == 0
    printed = capsys.readouterr().out
    assert "Verwerkt: 1 veld in 1 activiteit bijgewerkt, 1 activiteit toegevoegd" in printed
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["toegepast"] is True and data["back_up"]
    assert data["wijzigingen"] == [{"rij": 2, "activiteit_id": first.id, "activiteit": first.title,
                                    "veld": "Status", "oud": "Loopt", "nieuw": "Gereed"}]
    assert [n["activiteit"] for n in data["nieuw"]] == ["Nieuw punt."]
    with demo_db.uow() as uow:
        assert uow.activities.get(first.id).status is ActivityStatus.DONE  # type: ignore[arg-type]

    assert run_update(_parser().parse_args([str(out), "--update"]), ctx) == 0
    assert "Geen wijzigingen om te verwerken" in capsys.readouterr().out


def test_run_update_refuses_conflicts_without_a_rule(
        demo_db: Database, ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.xlsx"
    export_plan_xlsx(demo_db, out)
    first = next(load_current(demo_db).activities())[2]
    with demo_db.uow() as uow:
        activity = uow.activities.get(first.id)  # type: ignore[arg-type]
        activity.status = ActivityStatus.DELAYED
        uow.activities.update(activity)
        uow.commit()
    edit(out, {(first.id, "status"): "Gereed"})  # type: ignore[arg-type]
    before = dump(demo_db)
    with pytest.raises(UserError, match="--conflicts mijn .* --conflicts hun"):
        run_update(_parser().parse_args([str(out), "--update"]), ctx)
    assert "Status: bij export 'Loopt'; in IVP Desk (mijn) 'Vertraagd'; in Excel (hun) 'Gereed'" in (
        capsys.readouterr().out)
    assert dump(demo_db) == before
    assert run_update(_parser().parse_args([str(out), "--update", "--conflicts", "mijn"]), ctx) == 0
    with demo_db.uow() as uow:
        assert uow.activities.get(first.id).status is ActivityStatus.DELAYED  # type: ignore[arg-type]
    assert run_update(_parser().parse_args([str(out), "--update", "--conflicts", "hun"]), ctx) == 0
    with demo_db.uow() as uow:
        assert uow.activities.get(first.id).status is ActivityStatus.DONE  # type: ignore[arg-type]


def test_run_update_on_a_missing_file(ctx: AppContext, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="bestaat niet"):
        run_update(_parser().parse_args([str(tmp_path / "weg.xlsx"), "--update"]), ctx)
