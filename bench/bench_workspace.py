"""Workspace figures on a plan of 10,000 activities over 40 themes.

(a) Start-up: from process start to the main window shown with that plan loaded (the
    real ``ivpdesk --db`` program, which prints the moment its window is on screen when
    IVPDESK_EXIT_WHEN_SHOWN is set), against a bare PySide6 window started the same way
    in the same run. Target: at most 2.5 times the bare window.
(b) One filter keystroke in the search box until the table is repainted, median over many
    keystrokes (typing and deleting words). Target: at most 100 ms.
Also printed: one page of scrolling through the 10,000 rows (repainted), median.

Run with ``make bench`` (offscreen) or ``python bench/bench_workspace.py``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACTIVITIES = 10_000
THEMES = 40
ROUNDS = 5

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 760)
window.show()
def shown():
    print(f"shown {time.monotonic():.6f}", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def build_database(path: Path, data_dir: Path) -> None:
    """IVP with 40 themes × 10 onderdelen × 25 activities, partners, notes and indicators."""
    sys.path.insert(0, str(ROOT))
    from datetime import date

    from ivpdesk.domain import (
        Activity,
        ActivityStatus,
        ImplementationPlan,
        Indicator,
        Measurement,
        ProgressNote,
        SafetyPlan,
        Section,
        Target,
        Theme,
        ThemeKind,
    )
    from ivpdesk.paths import Paths
    from ivpdesk.services.database import open_database
    from ivpdesk.services.plans import create_plan

    paths = Paths.from_environment(data_dir)
    paths.ensure()
    db = open_database(path, paths)
    statuses = list(ActivityStatus)
    owners = ["Burgemeester", "Wethouder Zorg & Welzijn", "Wethouder Jeugd en Onderwijs",
              "Wethouder Economie"]
    teams = ["Team OOV", "Team Handhaving", "Wijkteam", "Team Vergunningen"]
    partners = ["Politie basisteam", "Openbaar Ministerie", "RIEC Noord", "Veiligheidshuis",
                "Woonstichting De Linde", "Halt", "GGD", "Brandweer"]
    plannings = ["doorlopend", "2e kwartaal 2027", "2028", "medio 2027", "4 maal per jaar",
                 "15-09-2027", "Op verzoek"]
    per_section = ACTIVITIES // (THEMES * 10)
    with db.uow(source="bench") as uow:
        plan_id = create_plan(
            uow, SafetyPlan(municipality="Bankstad", start_year=2027, end_year=2030),
            ImplementationPlan(safety_plan_id=None, start_year=2027, end_year=2028))
        number = 0
        for t in range(THEMES):
            theme = Theme(name=f"Thema {t + 1:02d}", field_number=t % 5 + 1,
                          kind=ThemeKind.PRIORITY if t < 5 else ThemeKind.STRATEGIC,
                          goal="Minder overlast en meer veiligheid in alle kernen.")
            uow.themes.add(theme, plan_id, t)
            assert theme.id is not None
            for s in range(10):
                section = Section(name=f"Onderdeel {t + 1}.{s + 1}", ambition="Samen veiliger.",
                                  heading=f"Kop {s // 5 + 1}" if t % 2 else None)
                uow.sections.add(section, theme.id, s)
                assert section.id is not None
                for a in range(per_section):
                    number += 1
                    uow.activities.add(Activity(
                        title=f"Activiteit {number}",
                        description=f"Omschrijving van activiteit {number}: buurtpreventie, "
                                    "jeugdoverlast en ondermijning aanpakken met partners.",
                        political_owner=owners[number % len(owners)],
                        officer_owner=teams[number % len(teams)],
                        partners=partners[number % 5: number % 5 + 2],
                        planning_text=plannings[number % len(plannings)],
                        status=statuses[number % len(statuses)], years=[2027, 2028],
                        progress_notes=[ProgressNote(text=f"Stand van zaken {number}.",
                                                     written_on=date(2027, 6, 1))]
                        if number % 4 == 0 else [],
                    ), section.id, a)
            uow.indicators.add(Indicator(
                name=f"Indicator van thema {t + 1}", unit="%", theme_id=theme.id,
                targets=[Target.parse(2027, "≤ 8"), Target.parse(2028, "≤ 7")],
                measurements=[Measurement(2027, 7.5)]), plan_id)
        uow.commit()
    db.dispose()


def _shown_after(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the process to its 'shown <monotonic>' line."""
    start = time.monotonic()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300,
                            check=False)
    line = next((x for x in result.stdout.splitlines() if x.startswith("shown ")), None)
    if line is None:
        raise RuntimeError(f"no 'shown' line: {result.stdout}\n{result.stderr}")
    return float(line.split()[1]) - start


def startup(db_path: Path, tmp: Path) -> tuple[float, float]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["IVPDESK_DATA_DIR"] = str(tmp / "data")
    env["XDG_CONFIG_HOME"] = str(tmp / "config")
    env["IVPDESK_EXIT_WHEN_SHOWN"] = "1"
    # An installed program runs from compiled bytecode; let the warm-up run write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    program = [sys.executable, "-m", "ivpdesk", "--db", str(db_path)]
    bare = [sys.executable, "-c", BARE_WINDOW]
    _shown_after(program, env)  # warm the file cache (the officer's second start)
    _shown_after(bare, env)
    ours, plain = [], []
    for _ in range(ROUNDS):
        plain.append(_shown_after(bare, env))
        ours.append(_shown_after(program, env))
    return statistics.median(ours), statistics.median(plain)


def keystrokes(db_path: Path) -> tuple[list[float], list[float]]:
    """Milliseconds per keystroke in the search box until the table is repainted, and per
    page of scrolling."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from ivpdesk.store.uow import Database
    from ivpdesk.ui.app import create_application
    from ivpdesk.ui.main_window import MainWindow

    app = create_application()
    db = Database.open_file(db_path)
    window = MainWindow(db)
    window.reload()
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    search = window.filter_bar.search
    search.setFocus()
    times: list[float] = []
    for word in ("buurtpreventie", "jeugd 12", "activiteit 99", "zzz"):
        for char in word:
            start = time.perf_counter()
            QTest.keyClick(search, char)
            window.table.viewport().repaint()
            QApplication.processEvents()
            times.append(1000 * (time.perf_counter() - start))
        for _ in word:
            start = time.perf_counter()
            QTest.keyClick(search, Qt.Key.Key_Backspace)
            window.table.viewport().repaint()
            QApplication.processEvents()
            times.append(1000 * (time.perf_counter() - start))
    assert window.activity_proxy.visible_count == ACTIVITIES
    scrolls: list[float] = []
    bar = window.table.verticalScrollBar()
    for value in range(0, bar.maximum(), max(bar.pageStep(), 1) * 25):
        start = time.perf_counter()
        bar.setValue(value)
        window.table.viewport().repaint()
        QApplication.processEvents()
        scrolls.append(1000 * (time.perf_counter() - start))
    window.close()
    db.dispose()
    app.processEvents()
    return times, scrolls


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db_path = tmp / "groot.sqlite"
        start = time.perf_counter()
        build_database(db_path, tmp / "data")
        print(f"database with {ACTIVITIES} activities over {THEMES} themes built in "
              f"{time.perf_counter() - start:.1f} s")
        ours, plain = startup(db_path, tmp)
        print(f"(a) start-up to window shown with the plan   {1000 * ours:8.0f} ms (median of {ROUNDS})")
        print(f"    bare PySide6 window, same run             {1000 * plain:8.0f} ms")
        print(f"    ratio                                     {ours / plain:8.2f} x   (target <= 2.5)")
        times, scrolls = keystrokes(db_path)
        print(f"(b) filter keystroke to view updated, median  {statistics.median(times):8.1f} ms"
              f"   (target <= 100; {len(times)} keystrokes, max {max(times):.1f} ms)")
        print(f"    one page of scrolling, repainted, median  {statistics.median(scrolls):8.1f} ms"
              f"   ({len(scrolls)} jumps through the table)")


if __name__ == "__main__":
    main()
