"""``ivpdesk deadlines`` and ``ivpdesk ics`` on real database files; the .ics read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
from icalendar import Calendar

from ivpdesk.cli import main
from ivpdesk.services.calendar_ics import build_calendar, database_identity, export_ics
from ivpdesk.services.database import open_database
from ivpdesk.services.plans import load_current
from ivpdesk.store.uow import Database
from tests.reminder_plan import build_reminder_plan

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "data" / "deadlines_schema.json").read_text())


@pytest.fixture
def plan_file(db: Database) -> Path:
    build_reminder_plan(db)
    assert db.path is not None
    return db.path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_deadlines_text_lists_groups_at_the_peildatum(plan_file: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "--db", str(plan_file), "deadlines", "--peildatum", "14-06-2027")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Deadlines uitvoeringsplan 2027–2028 (Teststad), peildatum 14-06-2027"
    assert "Te laat (2)" in lines and "Deze week (2)" in lines and "Komende 30 dagen (4)" in lines
    assert "  31-03-2027  75 dagen te laat   Cameratoezicht [Jeugd, Team OOV]" in lines
    assert "  15-06-2027  morgen             Keurmerk [Jeugd, Team OOV]" in lines
    assert "  30-06-2027  over 16 dagen      Voortgangsrapportage 2027 [P&C-kalender]" in lines
    assert lines[-1].startswith("Planning niet herkend: 1 activiteit heeft een planning")


def test_deadlines_json_has_the_documented_shape(plan_file: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = run(capsys, "--db", str(plan_file), "deadlines", "--json",
                          "--peildatum", "14-06-2027", "--within", "20")
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert data["peildatum"] == "2027-06-14" and data["binnen_dagen"] == 20
    assert data["aantallen"] == {"te_laat": 2, "deze_week": 2, "komende": 4, "planning_niet_herkend": 1}
    first = data["te_laat"][0]
    assert first["titel"] == "Cameratoezicht" and first["deadline"] == "2027-03-31"
    assert first["dagen"] == -75 and first["thema"] == "Jeugd" and first["status"] == "loopt"
    assert first["sleutel"] == f"activiteit:{first['activiteit_id']}:2027-03-31"
    assert data["planning_niet_herkend"][0]["planning"] == "als de wethouder terug is"
    pc = data["komende"][0]
    assert pc["soort"] == "pc-moment" and pc["pc_moment_id"] and pc["thema"] is None


def test_deadlines_today_with_nothing_due_exits_zero(plan_file: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = run(capsys, "--db", str(plan_file), "deadlines", "--peildatum", "01-01-2020")
    assert code == 0
    assert "Te laat (0)\n  -" in out


@pytest.mark.parametrize(("args", "message"), [
    (("deadlines", "--within", "-3"), "--within moet tussen 0 en 3660 dagen liggen."),
    (("deadlines", "--peildatum", "31-02-2027"), "'31-02-2027' is geen geldige datum"),
])
def test_bad_arguments_give_one_dutch_line(plan_file: Path, capsys, args, message) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "--db", str(plan_file), *args)
    assert code == 1 and out == ""
    assert err.startswith("ivpdesk: ") and message in err and err.count("\n") == 1


def test_deadlines_on_an_empty_database_is_a_user_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run(capsys, "--db", str(tmp_path / "leeg.sqlite"), "deadlines")
    assert code == 1 and "nog geen uitvoeringsplan" in err


def test_deadlines_as_a_real_process_for_a_scheduled_task(plan_file: Path, tmp_path: Path) -> None:
    env = dict(os.environ, IVPDESK_DATA_DIR=str(tmp_path / "d"), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "ivpdesk", "--db", str(plan_file), "deadlines", "--json",
         "--peildatum", "14-06-2027"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["aantallen"]["te_laat"] == 2


def _events(path: Path) -> dict[str, object]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_ics_export_reads_back_with_stable_uids(plan_file: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    code, out, _err = run(capsys, "--db", str(plan_file), "ics", str(first))
    assert code == 0 and "afspraken" in out
    assert run(capsys, "--db", str(plan_file), "ics", str(second))[0] == 0
    events_a, events_b = _events(first), _events(second)
    assert events_a.keys() == events_b.keys()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []

    db = open_database(plan_file, __import__("ivpdesk.paths", fromlist=["Paths"]).Paths.from_environment())
    try:
        bundle = load_current(db)
        identity = database_identity(db)
    finally:
        db.dispose()
    # Deadlines of every activity (also closed ones, marked) and every P&C moment.
    activity = {a.title: a for _t, _s, a in bundle.activities()}
    expected = {f"{identity}-activiteit-{activity['Driehoek'].id}-{i}@ivpdesk" for i in range(8)}
    expected |= {f"{identity}-pc-{m.id}@ivpdesk" for m in bundle.control_moments}
    assert expected <= events_a.keys()
    # Driehoek 8, Mystery shopping 2, five with one deadline, three P&C moments; none for
    # doorlopend or an unknown planning.
    assert len(events_a) == 8 + 2 + 5 + 3

    keurmerk = events_a[f"{identity}-activiteit-{activity['Keurmerk'].id}-0@ivpdesk"]
    assert str(keurmerk["summary"]) == "Deadline: Keurmerk"  # type: ignore[index]
    assert keurmerk.decoded("dtstart").isoformat() == "2027-06-15"  # type: ignore[attr-defined]
    description = str(keurmerk["description"])  # type: ignore[index]
    for part in ("Activiteit: Keurmerk", "Thema: Jeugd (prioriteit)", "Onderdeel: Groepen",
                 "Bestuurlijk trekker: Burgemeester", "Ambtelijk trekker: Team OOV",
                 "Partners: Politie", "Planning: 15-06-2027 — Datum: 15-06-2027.",
                 "Status: niet gestart"):
        assert part in description
    alarms = keurmerk.walk("VALARM")  # type: ignore[attr-defined]
    assert len(alarms) == 1 and alarms[0].decoded("trigger") == timedelta(days=-14, hours=9)
    done = events_a[f"{identity}-activiteit-{activity['Al klaar'].id}-0@ivpdesk"]
    assert str(done["summary"]).startswith("[gereed] ")  # type: ignore[index]
    assert done.walk("VALARM") == []  # type: ignore[attr-defined]
    cancelled = events_a[f"{identity}-activiteit-{activity['Geschrapt'].id}-0@ivpdesk"]
    assert str(cancelled["status"]) == "CANCELLED"  # type: ignore[index]
    evaluation = next(e for e in events_a.values() if str(e["summary"]) == "P&C: Evaluatie")  # type: ignore[index]
    assert evaluation.walk("VALARM")[0].decoded("trigger") == timedelta(days=-60, hours=9)  # type: ignore[attr-defined]


def test_ics_sequence_grows_and_identity_differs_per_database(db: Database, paths, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build_reminder_plan(db)
    bundle = load_current(db)
    identity = database_identity(db)
    assert identity == database_identity(db)
    from ivpdesk.services.database import open_read_only

    assert db.path is not None
    before = db.path.read_bytes()
    reader = open_read_only(db.path, paths)  # as `ivpdesk ics` opens it: same UIDs, no write
    try:
        assert database_identity(reader) == identity
    finally:
        reader.dispose()
    assert db.path.read_bytes() == before
    early, _n = build_calendar(bundle, identity, now=datetime(2027, 1, 1, 8, tzinfo=UTC))
    late, count = build_calendar(bundle, identity, now=datetime(2027, 1, 2, 8, tzinfo=UTC))
    assert count == 18
    seq = [int(e["sequence"]) for c in (early, late) for e in c.walk("VEVENT")[:1]]
    assert seq[1] > seq[0]
    other = open_database(tmp_path / "ander.sqlite", paths)
    try:
        assert database_identity(other) != identity
    finally:
        other.dispose()
    result = export_ics(db, bundle, tmp_path / "agenda.ics")
    assert result.appointments == 18 and (tmp_path / "agenda.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_ics_to_a_missing_folder_is_a_user_error(plan_file: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run(capsys, "--db", str(plan_file), "ics", str(tmp_path / "geen" / "a.ics"))
    assert code == 1 and "bestaat niet" in err


def test_minimized_option_is_global(capsys) -> None:  # type: ignore[no-untyped-def]
    from ivpdesk.cli import build_parser

    args = build_parser().parse_args(["--geminimaliseerd"])
    assert args.minimized is True and args.command is None
    assert build_parser().parse_args([]).minimized is False


def test_json_export_gains_deadlines_and_planning_soort(plan_file: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    export_schema = json.loads(
        (Path(__file__).resolve().parent.parent / "data" / "export_schema.json").read_text())
    code, out, _err = run(capsys, "--db", str(plan_file), "export", "--format", "json", "-")
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, export_schema)
    by_title = {a["titel"]: a for t in data["themes"] for a in t["activities"]}
    assert by_title["Mystery shopping"]["deadlines"] == ["2027-06-30", "2027-11-30"]
    assert by_title["Mystery shopping"]["planning_soort"] == "periode"
    assert by_title["Keurmerk"]["planning_soort"] == "datum"
    assert by_title["Doorlopend"] == {**by_title["Doorlopend"], "deadlines": [], "planning_soort": "doorlopend"}
    assert by_title["Onduidelijk"]["planning_soort"] == "onbekend" and by_title["Onduidelijk"]["deadlines"] == []
    # The officer's deadline wins; the kind still describes the text as written.
    assert by_title["Met deadline"]["deadlines"] == ["2027-06-20"]
    assert by_title["Met deadline"]["planning_soort"] == "onbekend"
    assert len(by_title["Driehoek"]["deadlines"]) == 8


def test_ics_to_stdout(plan_file: Path, capsysbinary) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(plan_file), "ics", "-"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert len(Calendar.from_ical(data).walk("VEVENT")) == 18


def test_parser_default_matches_the_reminder_rules() -> None:
    from ivpdesk.commands.deadlines import DEFAULT_WITHIN_DAYS
    from ivpdesk.domain.reminders import DEFAULT_WITHIN_DAYS as RULE

    assert DEFAULT_WITHIN_DAYS == RULE
