"""Two real processes on one file: a stale save is refused in Dutch and nothing is ever lost.

Each officer is a separate Python process with its own engine, like two laptops on
the network drive. They read the same activity, theme or indicator; the first saves;
the second's save is refused with the Dutch message (showing the first officer's
change), she reloads and re-applies, and in the end both changes are in the
database and in the change log. The burst test has two processes doing
read-then-write units of work as fast as they can (BEGIN IMMEDIATE serialises
them): not one update is lost.
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ivpdesk.domain import Activity, Baseline, Indicator, Target
from ivpdesk.store import tables as t
from ivpdesk.store.uow import Database
from tests.helpers import make_plan

ROOT = Path(__file__).resolve().parent.parent.parent

OFFICER = r"""
import sys
from ivpdesk.domain import StaleEditError
from ivpdesk.store.uow import Database

path, kind, row_id, field, value = sys.argv[1:6]
db = Database.open_file(path)
repo_name = {"activity": "activities", "theme": "themes", "indicator": "indicators"}[kind]

def load():
    with db.uow() as uow:
        return getattr(uow, repo_name).get(int(row_id))

mine = load()
print(f"read {mine.version}", flush=True)
assert sys.stdin.readline().strip() == "go"
setattr(mine, field, value)
try:
    with db.uow() as uow:
        saved = getattr(uow, repo_name).update(mine)
        uow.commit()
    print(f"saved {saved.version}", flush=True)
except StaleEditError as error:
    other = getattr(error.current, "source" if kind == "indicator" else "political_owner" if kind == "activity" else "approach")
    print(f"stale {error.message} | now: {other}", flush=True)
    fresh = load()                 # reload: the colleague's change is in it …
    setattr(fresh, field, value)   # … and hers goes on top
    with db.uow() as uow:
        saved = getattr(uow, repo_name).update(fresh)
        uow.commit()
    print(f"reapplied {saved.version}", flush=True)
db.dispose()
"""

CASES = {
    # kind: (first officer's field and value, second officer's field and value)
    "activity": (("political_owner", "Wethouder Zorg"), ("officer_owner", "Team Veiligheid")),
    "theme": (("approach", "Integrale aanpak met de wijkteams"), ("goal", "Minder overlast in 2028")),
    "indicator": (("source", "Politie (BVI)"), ("unit", "per 1.000 inwoners")),
}


def _officer(path: Path, kind: str, row_id: int, field: str, value: str, user: str) -> subprocess.Popen[str]:
    env = dict(os.environ, IVPDESK_USER=user, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", OFFICER, str(path), kind, str(row_id), field, value],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)


def _make_rows(db: Database) -> dict[str, int]:
    ids = make_plan(db)
    with db.uow() as uow:
        activity = uow.activities.add(Activity(title="Buurtbemiddeling.", description="In alle kernen.",
                                               political_owner="Burgemeester", officer_owner="Team OOV",
                                               years=[2027]), ids["section"])
        indicator = uow.indicators.add(
            Indicator(name="Woninginbraken", source="Politie", unit="aantal",
                      baseline=Baseline(value=40, year=2025, raw="40 [2025]"),
                      targets=[Target.parse(2027, "≤ 35")], theme_id=ids["theme"]), ids["plan"])
        uow.commit()
    return {"activity": activity.id, "theme": ids["theme"], "indicator": indicator.id}  # type: ignore[dict-item]


@pytest.mark.parametrize("kind", sorted(CASES))
def test_stale_save_in_a_second_process_is_refused_then_reapplied(db: Database, kind: str) -> None:
    row_id = _make_rows(db)[kind]
    path = db.path
    assert path is not None
    (first_field, first_value), (second_field, second_value) = CASES[kind]
    annemarie = _officer(path, kind, row_id, first_field, first_value, "annemarie")
    pieter = _officer(path, kind, row_id, second_field, second_value, "pieter")
    try:
        for officer in (annemarie, pieter):
            assert officer.stdout is not None
            assert officer.stdout.readline().split() == ["read", "1"]  # both read version 1
        out_a, err_a = annemarie.communicate("go\n", timeout=60)
        assert out_a.split() == ["saved", "2"], err_a
        out_p, err_p = pieter.communicate("go\n", timeout=60)
        assert pieter.returncode == 0, err_p
    finally:
        for officer in (annemarie, pieter):
            if officer.poll() is None:
                officer.kill()
    stale_line, reapplied = out_p.strip().splitlines()
    assert stale_line.startswith("stale ")
    assert "is intussen door iemand anders gewijzigd. Uw wijziging is niet opgeslagen" in stale_line
    assert f"now: {first_value}" in stale_line  # the refusal shows Annemarie's change
    assert reapplied == "reapplied 3"
    repo = {"activity": "activities", "theme": "themes", "indicator": "indicators"}[kind]
    with db.uow() as uow:
        final = getattr(uow, repo).get(row_id)
        log = list(uow.session.execute(
            select(t.ChangeLogRow.actor, t.ChangeLogRow.field, t.ChangeLogRow.new_value)
            .where(t.ChangeLogRow.entity_id == row_id, t.ChangeLogRow.field != "",
                   t.ChangeLogRow.entity == {"activity": "activiteit", "theme": "thema",
                                             "indicator": "indicator"}[kind])
            .order_by(t.ChangeLogRow.id)))
    assert getattr(final, first_field) == first_value  # nothing lost …
    assert getattr(final, second_field) == second_value  # … from either officer
    assert final.version == 3
    assert [tuple(row) for row in log] == [("annemarie", first_field, first_value),
                                           ("pieter", second_field, second_value)]


BURST = r"""
import sys
from decimal import Decimal
from ivpdesk.store.uow import Database
db = Database.open_file(sys.argv[1])
for _ in range(int(sys.argv[3])):
    with db.uow() as uow:
        activity = uow.activities.get(int(sys.argv[2]))   # read …
        activity.budget = (activity.budget or Decimal(0)) + 1
        uow.activities.update(activity)                    # … then write, one transaction
        uow.commit()
db.dispose()
"""


def test_two_writers_bursting_on_one_activity_lose_no_update(db: Database) -> None:
    activity_id = _make_rows(db)["activity"]
    path = db.path
    assert path is not None
    rounds = 120
    workers = [
        subprocess.Popen([sys.executable, "-c", BURST, str(path), str(activity_id), str(rounds)],
                         stderr=subprocess.PIPE, text=True,
                         env=dict(os.environ, IVPDESK_USER=user, PYTHONPATH=str(ROOT)))
        for user in ("annemarie", "pieter")
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err
    with db.uow() as uow:
        activity = uow.activities.get(activity_id)
        per_actor = dict(uow.session.execute(
            select(t.ChangeLogRow.actor, func.count())
            .where(t.ChangeLogRow.entity_id == activity_id, t.ChangeLogRow.field == "budget")
            .group_by(t.ChangeLogRow.actor)).all())
    assert activity.budget == Decimal(2 * rounds)
    assert activity.version == 2 * rounds + 1
    assert per_actor == {"annemarie": rounds, "pieter": rounds}
