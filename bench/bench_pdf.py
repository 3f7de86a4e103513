"""PDF figures: the demo plan and a 1,000-activity plan, against today's Excel → LibreOffice path.

Officers today print their uitvoeringsplan by exporting it to Excel and printing that
to PDF. This script times ``write_plan_pdf`` and ``write_progress_pdf`` and, in the
same run, the plan's own Excel export (ivpdesk export --format xlsx: landscape, fit to
width, repeated header, wrapped cells and row heights) converted by ``soffice --headless --convert-to pdf``. It prints the ratio (target:
at least 3x faster on the 1,000-activity plan) and a cProfile summary of our build.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import shutil
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

from ivpdesk.domain import PlanBundle
from ivpdesk.paths import Paths
from ivpdesk.services.database import open_database
from ivpdesk.services.demo import load_demo
from ivpdesk.services.export_xlsx import write_plan_xlsx
from ivpdesk.services.generated_plan import load_generated_plan
from ivpdesk.services.plans import load_current
from ivpdesk.services.report_pdf import write_plan_pdf, write_progress_pdf
from ivpdesk.services.report_pdf.plan_report import build_plan

COLUMNS = [("Onderdeel", 22), ("Inzet / activiteiten", 70), ("Bestuurlijk trekker", 20),
           ("Ambtelijk trekker en partners", 30), ("Planning", 16)]


def best_of(func, runs: int = 3) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """Fastest of ``runs``: on a shared 2-core machine the minimum is the least noisy figure."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def write_xlsx(bundle: PlanBundle, path: Path) -> None:
    """The plan's own Excel export (issue 8): landscape, fit to width, repeated header."""
    write_plan_xlsx(bundle, path)


def soffice_convert(xlsx: Path, out_dir: Path, profile: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", "pdf", "--outdir", str(out_dir), str(xlsx)],
        check=True, capture_output=True, timeout=600,
    )
    return time.perf_counter() - start


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def profile_summary(bundle: PlanBundle) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    build_plan(bundle, io.BytesIO())
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    groups = {
        "cell text drawn (TextBlock.draw, incl. ReportLab textOut)": ("text.py", "draw"),
        "  of which ReportLab's TrueType encoding (splitString)": ("ttfonts.py", "splitString"),
        "cell text wrapped (text.layout_runs)": ("text.py", "layout_runs"),
        "story built from the plan (tables.activity_table)": ("tables.py", "activity_table"),
        "pages written and compressed (ReportCanvas.save)": ("document.py", "save"),
    }
    print(f"  cProfile of the 1,000-activity plan build ({total:.2f} s under the profiler):")
    for label, (filename, function) in groups.items():
        cumulative = sum(
            value[3] for key, value in stats.stats.items()  # type: ignore[attr-defined]
            if key[0].endswith(filename) and key[2] == function
        )
        print(f"    {label:<58} {cumulative:6.2f} s  ({100 * cumulative / total:4.0f}%)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        paths = Paths.from_environment(tmp / "data")
        paths.ensure()
        demo_db = open_database(tmp / "demo.sqlite", paths)
        load_demo(demo_db)
        demo = load_current(demo_db)
        large_db = open_database(tmp / "large.sqlite", paths)
        start = time.perf_counter()
        load_generated_plan(large_db, activities=1000)
        print(f"{'generate 1,000-activity plan (repositories)':<52} "
              f"{time.perf_counter() - start:8.2f} s")
        large = load_current(large_db)

        for label, bundle, name in (("demo plan", demo, "demo"), ("1,000 activities", large, "large")):
            seconds, count = best_of(lambda b=bundle, n=name: write_plan_pdf(b, tmp / f"{n}.pdf"))
            print(f"{'uitvoeringsplan PDF, ' + label:<52} {seconds:8.2f} s  ({count} pagina's)")
            seconds, count = best_of(lambda b=bundle, n=name: write_progress_pdf(
                b, tmp / f"{n}-voortgang.pdf", as_of=date(2028, 3, 1)))
            print(f"{'voortgangsrapportage PDF, ' + label:<52} {seconds:8.2f} s  ({count} pagina's)")

        if shutil.which("soffice") is None:
            print("soffice not found: LibreOffice comparison skipped")
        else:
            profile = tmp / "lo-profile"
            for label, bundle, name in (("demo plan", demo, "demo"),
                                        ("1,000 activities", large, "large")):
                xlsx = tmp / f"{name}.xlsx"
                xlsx_seconds, _ = best_of(lambda b=bundle, x=xlsx: write_xlsx(b, x), runs=1)
                out_dir = tmp / f"lo-{name}"
                out_dir.mkdir()
                cold = soffice_convert(xlsx, out_dir, profile) if name == "demo" else None
                warm = min(soffice_convert(xlsx, out_dir, profile) for _ in range(3))
                ours, _ = best_of(lambda b=bundle, n=name: write_plan_pdf(b, tmp / f"{n}.pdf"), 5)
                lo_total = xlsx_seconds + warm
                print(f"{'Excel + LibreOffice, ' + label:<52} {lo_total:8.2f} s  "
                      f"(xlsx {xlsx_seconds:.2f} s + soffice {warm:.2f} s"
                      f"{f', first start {cold:.2f} s' if cold else ''}; "
                      f"{pages(out_dir / (name + '.pdf'))} pagina's)")
                print(f"{'  ratio LibreOffice / IVP Desk (' + f'{ours:.2f} s), ' + label:<52} "
                      f"{lo_total / ours:8.1f}x"
                      f"  (target ≥ 3x, ambition 5x)")
        profile_summary(large)
        demo_db.dispose()
        large_db.dispose()


if __name__ == "__main__":
    main()
