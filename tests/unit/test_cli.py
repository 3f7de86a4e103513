"""The ivpdesk command line as other tools use it: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "data" / "export_schema.json").read_text())


def run(*args: str, data_dir: Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, IVPDESK_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "ivpdesk", *args], capture_output=True, text=True, env=env, timeout=120
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_demo_then_json_export_has_the_documented_shape(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    demo = run("--db", str(db), "demo", data_dir=tmp_path / "d", check=True)
    assert "Demoplan geladen" in demo.stdout
    export = run("--db", str(db), "export", "--format", "json", "-", data_dir=tmp_path / "d", check=True)
    data = json.loads(export.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["gemeente"] == "Lindewaard"
    assert data["ivp"] == {"start": 2027, "end": 2030}
    assert data["uitvoeringsplan"]["start"] == 2027 and data["uitvoeringsplan"]["end"] == 2028
    themes = data["themes"]
    kinds = [t["kind"] for t in themes]
    assert kinds.count("prioriteit") == 3
    assert kinds.count("strategisch") >= 8
    assert len({t["veiligheidsveld"] for t in themes if t["veiligheidsveld"]}) == 5
    activities = [a for t in themes for a in t["activities"]]
    assert 75 <= len(activities) <= 90
    indicators = [i for t in themes for i in t["indicators"]] + data["indicators"]
    assert len(indicators) >= 10
    for indicator in indicators:
        years = {t["jaar"] for t in indicator["targets"]}
        assert {2027, 2028} <= years, indicator["naam"]
        assert indicator["baseline"]["getal"] is not None
    assert any(a["kop"] for a in activities)
    assert any(a["titel"] for a in activities)
    assert all(isinstance(y, int) for a in activities for y in a["jaren"])
    text_target = [t for i in indicators for t in i["targets"] if t["getal"] is None]
    assert text_target and all(t["raw"] for t in text_target)


def test_export_to_file_writes_atomically_and_equals_stdout(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    run("--db", str(db), "demo", data_dir=tmp_path / "d", check=True)
    out = tmp_path / "plan.json"
    run("--db", str(db), "export", "--format", "json", str(out), data_dir=tmp_path / "d", check=True)
    stdout = run("--db", str(db), "export", "--format", "json", "-", data_dir=tmp_path / "d", check=True)
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(stdout.stdout)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_info_prints_counts(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    run("--db", str(db), "demo", data_dir=tmp_path / "d", check=True)
    info = run("--db", str(db), "info", data_dir=tmp_path / "d", check=True)
    assert "Gemeente:           Lindewaard" in info.stdout
    assert "Activiteiten:       82" in info.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export", "--format", "pdf", "-"), "ongeldige keuze"),
        (("onzin",), "ongeldige keuze"),
        (("export",), "deze argumenten ontbreken"),
    ],
)
def test_bad_arguments_exit_1_with_one_dutch_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args, data_dir=tmp_path / "d")
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_of_empty_database_is_a_user_error(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "leeg.sqlite"), "export", "--format", "json", "-",
                 data_dir=tmp_path / "d")
    assert result.returncode == 1
    assert result.stderr.startswith("ivpdesk: Deze database bevat nog geen uitvoeringsplan")
    assert len(result.stderr.strip().splitlines()) == 1


def test_not_a_database_is_a_user_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notities.txt"
    bogus.write_text("boodschappen: melk, brood\n", encoding="utf-8")
    result = run("--db", str(bogus), "info", data_dir=tmp_path / "d")
    assert result.returncode == 1
    assert "geen IVP Desk-database" in result.stderr
    assert bogus.read_text(encoding="utf-8") == "boodschappen: melk, brood\n"


def test_demo_twice_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    run("--db", str(db), "demo", data_dir=tmp_path / "d", check=True)
    again = run("--db", str(db), "demo", data_dir=tmp_path / "d")
    assert again.returncode == 1
    assert "bevat al een uitvoeringsplan" in again.stderr


def test_internal_error_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    from ivpdesk import cli

    def explode(args, ctx):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("oeps")

    monkeypatch.setitem(cli.COMMANDS, "info", explode)
    code = cli.main(["--data-dir", str(tmp_path / "d"), "info"])
    assert code == 2
    assert "interne fout" in capsys.readouterr().err


def test_smoke_test_exits_0_with_plan_in_window(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "smoke.sqlite"), "--smoke-test", data_dir=tmp_path / "d")
    assert result.returncode == 0, result.stderr
    assert "82 activiteiten in de tabel" in result.stdout


def test_services_and_cli_do_not_load_qt() -> None:
    code = (
        "import sys, ivpdesk.services.database, ivpdesk.services.demo, ivpdesk.services.export_json, "
        "ivpdesk.services.plans, ivpdesk.cli, ivpdesk.store.uow, ivpdesk.domain;"
        "import pkgutil, importlib, ivpdesk.services as s;"
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(s.__path__, 'ivpdesk.services.')];"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
