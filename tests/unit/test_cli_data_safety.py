"""CLI and the shared file: writers refused while a colleague holds it, readers not; backup, restore, log."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ivpdesk.store.lock import DatabaseLock, lock_path_for


def run(*args: str, data_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, IVPDESK_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([sys.executable, "-m", "ivpdesk", *args], capture_output=True, text=True,
                          env=full_env, timeout=120)


def ok(*args: str, data_dir: Path) -> str:
    result = run(*args, data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.sqlite"
    ok("--db", str(path), "demo", data_dir=tmp_path / "d")
    assert not lock_path_for(path).exists()  # released when the command ended
    return path


def test_writing_commands_are_refused_while_a_colleague_has_the_file(plan: Path, tmp_path: Path) -> None:
    holder = DatabaseLock(plan, user="annemarie", machine="LT-OOV-01")
    holder.acquire()
    before = _sha(plan)
    backup = tmp_path / "kopie.sqlite"
    ok("--db", str(plan), "backup", str(backup), data_dir=tmp_path / "d")
    for args in (("demo", "--force"), ("restore", str(backup)), ("migrate",)):
        result = run("--db", str(plan), *args, data_dir=tmp_path / "d")
        assert result.returncode == 1, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "is geopend door annemarie op LT-OOV-01 sinds " in lines[0]
    assert _sha(plan) == before
    # Reading commands keep working and leave the colleague's lock alone.
    assert "Activiteiten:       82" in ok("--db", str(plan), "info", data_dir=tmp_path / "d")
    assert '"gemeente": "Lindewaard"' in ok("--db", str(plan), "export", "--format", "json", "-",
                                            data_dir=tmp_path / "d")
    assert "Back-up gemaakt" in ok("--db", str(plan), "backup", data_dir=tmp_path / "d")
    assert "aangemaakt" in ok("--db", str(plan), "log", data_dir=tmp_path / "d")
    assert holder.is_mine(holder.read())
    assert _sha(plan) == before


HOLDER = """
import sys, time
from pathlib import Path
from ivpdesk.store.lock import DatabaseLock, HeartbeatThread
lock = DatabaseLock(Path(sys.argv[1]))
lock.acquire()
HeartbeatThread(lock).start()
print("holding", flush=True)
time.sleep(60)
"""


def test_a_killed_holder_of_the_same_user_is_taken_over_at_once(plan: Path, tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(plan)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        refused = run("--db", str(plan), "demo", "--force", data_dir=tmp_path / "d")
        assert refused.returncode == 1
        assert f"Dat is op deze computer (IVP Desk, proces {holder.pid})" in refused.stderr
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        assert lock_path_for(plan).exists()  # left behind by the crash
        again = run("--db", str(plan), "demo", "--force", data_dir=tmp_path / "d")
        assert again.returncode == 0, again.stderr
        assert not lock_path_for(plan).exists()
    finally:
        holder.kill()
        holder.wait()


def test_lock_is_released_after_a_refused_command_too(plan: Path, tmp_path: Path) -> None:
    again = run("--db", str(plan), "demo", data_dir=tmp_path / "d")
    assert again.returncode == 1 and "bevat al een uitvoeringsplan" in again.stderr
    assert not lock_path_for(plan).exists()


def test_backup_list_and_restore_round_trip(plan: Path, tmp_path: Path) -> None:
    data = tmp_path / "d"
    made = ok("--db", str(plan), "backup", data_dir=data)
    backup = Path(made.strip().split(": ", 1)[1])
    assert backup.parent == data / "backups" and backup.exists()
    listing = ok("--db", str(plan), "backup", "--list", data_dir=data)
    assert "handmatig gemaakt" in listing and "17 thema's, 82 activiteiten, 14 indicatoren" in listing
    folder = tmp_path / "usb"
    folder.mkdir()
    assert "Back-up gemaakt" in ok("--db", str(plan), "backup", str(folder), data_dir=data)
    assert len(list(folder.glob("plan-*-handmatig.sqlite"))) == 1
    existing = tmp_path / "bestaat.sqlite"
    existing.write_bytes(b"iets")
    refused = run("--db", str(plan), "backup", str(existing), data_dir=data)
    assert refused.returncode == 1 and "bestaat al" in refused.stderr
    assert existing.read_bytes() == b"iets"

    con = sqlite3.connect(plan)
    con.execute("DELETE FROM activity")
    con.commit()
    con.close()
    restored = ok("--db", str(plan), "restore", str(backup), data_dir=data)
    assert "teruggezet (17 thema's, 82 activiteiten, 14 indicatoren)" in restored
    assert "De stand van vóór het terugzetten staat in" in restored
    assert "Activiteiten:       82" in ok("--db", str(plan), "info", data_dir=data)
    safety = [p for p in (data / "backups").iterdir() if "voor-terugzetten" in p.name]
    assert len(safety) == 1
    con = sqlite3.connect(safety[0])
    assert con.execute("SELECT count(*) FROM activity").fetchone() == (0,)  # the state before
    con.close()
    assert "back-up teruggezet" in ok("--db", str(plan), "log", "--search", "teruggezet", data_dir=data)


def test_restore_refuses_what_is_not_a_good_backup(plan: Path, tmp_path: Path) -> None:
    data = tmp_path / "d"
    before = _sha(plan)
    text = tmp_path / "notities.sqlite"
    text.write_text("geen database")
    for source, message in ((text, "geen IVP Desk-database"),
                            (tmp_path / "weg.sqlite", "bestaat niet")):
        result = run("--db", str(plan), "restore", str(source), data_dir=data)
        assert result.returncode == 1 and message in result.stderr, result.stderr
    assert _sha(plan) == before


def test_damaged_database_names_its_backup_and_restore_moves_it_aside(plan: Path, tmp_path: Path) -> None:
    data = tmp_path / "d"
    ok("--db", str(plan), "backup", data_dir=data)
    broken = bytearray(plan.read_bytes())
    broken[4096 * 2: 4096 * 6] = b"\x42" * (4096 * 4)
    plan.write_bytes(bytes(broken))
    damaged_sha = _sha(plan)
    info = run("--db", str(plan), "info", data_dir=data)
    assert info.returncode == 1
    assert "beschadigd" in info.stderr and "De nieuwste goede back-up is van" in info.stderr
    assert "restore" in info.stderr
    assert _sha(plan) == damaged_sha
    backup = next((data / "backups").glob("plan-*.sqlite"))
    restored = ok("--db", str(plan), "restore", str(backup), data_dir=data)
    assert "Het beschadigde bestand is bewaard als" in restored
    aside = list(tmp_path.glob("plan.sqlite.beschadigd-*"))
    assert len(aside) == 1 and _sha(aside[0]) == damaged_sha
    assert "Activiteiten:       82" in ok("--db", str(plan), "info", data_dir=data)


def test_log_on_screen_and_as_excel_with_formula_guard(plan: Path, tmp_path: Path) -> None:
    from ivpdesk.paths import Paths
    from ivpdesk.services.database import open_database

    db = open_database(plan, Paths.from_environment(tmp_path / "d"))
    with db.uow() as uow:
        activity = next(a for _t, _s, a in uow.reader.load(uow.plans.current_id()).activities())  # type: ignore[arg-type]
        activity.title = "=HYPERLINK(\"http://example.invalid\",\"klik\")"
        activity.status = activity.status.__class__("gereed")
        uow.activities.update(activity)
        uow.commit()
    db.dispose()
    data = tmp_path / "d"
    today = time.strftime("%d-%m-%Y")
    screen = ok("--db", str(plan), "log", "--since", today, "--activity", str(activity.id), data_dir=data)
    assert "status:" in screen and "→ gereed" in screen
    assert "titel:" in screen
    out = tmp_path / "verantwoording.xlsx"
    printed = ok("--db", str(plan), "log", "--xlsx", str(out), data_dir=data)
    assert "wijzigingen geschreven naar" in printed
    workbook = load_workbook(out)
    sheet = workbook["Wijzigingen"]
    assert [c.value for c in sheet[1]] == ["Datum en tijd", "Gebruiker", "Bron", "Soort", "Onderwerp",
                                          "Veld", "Oude waarde", "Nieuwe waarde"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:H")
    assert sheet.column_dimensions["G"].width >= 40
    formula_cells = [c for row in sheet.iter_rows(min_row=2) for c in row
                     if isinstance(c.value, str) and c.value.startswith("=")]
    assert formula_cells and all(c.data_type == "s" for c in formula_cells)
    assert sheet.cell(2, 1).number_format == "dd-mm-yyyy hh:mm"
    assert workbook["Verantwoording"]["B4"].value == str(sheet.max_row - 1)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    bad = run("--db", str(plan), "log", "--since", "31-02-2027", data_dir=data)
    assert bad.returncode == 1 and "geen geldige datum" in bad.stderr
