"""``ivpdesk --smoke-test``: prove that a build really works, then exit (0 = all checks passed).

Used by ``make package-test`` on the frozen bundle and by CI. It runs the normal start
path offscreen and checks what breaks first in a bad bundle: the data folder, the
migrations shipped in the bundle, the demo plan (resources), the main window with its
icon, and the uitvoeringsplan PDF (fonts, ReportLab) when that feature is present.
Every line it prints starts with ``smoke-test:`` so scripts can read it.
"""

from __future__ import annotations

import importlib
import importlib.util
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ivpdesk.cli import AppContext

PDF_MODULE = "ivpdesk.services.report_pdf"
PDF_NAME = "smoke-test-uitvoeringsplan.pdf"


def say(text: str) -> None:
    print(f"smoke-test: {text}", flush=True)


@dataclass
class SmokeRun:
    """What the smoke test saw before the database was opened, and what failed since."""

    database_file: Path | None
    existed_before: bool
    revision_before: str | None = None
    failures: list[str] = field(default_factory=list)

    def check(self, ok: bool, good: str, bad: str) -> bool:
        say(good if ok else f"FOUT: {bad}")
        if not ok:
            self.failures.append(bad)
        return ok


def before_open(ctx: AppContext) -> SmokeRun:
    """Call before ``ctx.open_db()``: remembers whether the database file is new."""
    target = ctx.db_target
    say(f"gegevensmap {ctx.paths.data_dir}")
    if target is not None and "://" in target:
        say(f"database {target}")
        return SmokeRun(None, True)
    path = ctx.paths.default_db if target is None else Path(target).expanduser().resolve()
    say(f"database {path} ({'bestaat al' if path.exists() else 'nieuw'})")
    return SmokeRun(path, path.exists(), _stored_revision(path))


def _stored_revision(path: Path) -> str | None:
    """The schema revision in an existing file, read without changing it."""
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else str(row[0])


def check_database(run: SmokeRun, ctx: AppContext, db: Any) -> None:
    """The schema is at head (so the bundled migrations ran) and the folders exist."""
    from ivpdesk.store.migrate import current_revision, head_revision

    with db.engine.connect() as connection:
        revision = current_revision(connection)
    head = head_revision()
    if not run.existed_before:
        action = f"database nieuw aangemaakt en gemigreerd, schema {revision}"
    elif run.revision_before != revision:
        action = f"database bijgewerkt van schema {run.revision_before} naar {revision}"
    else:
        action = f"bestaande database al op schema {revision}"
    run.check(revision == head, f"migratie: {action}",
              f"database staat op schema {revision}, verwacht {head}")
    if ctx.db_target is None:  # the default database: its data folder is complete at first start
        run.check(ctx.paths.backups_dir.is_dir(), f"back-upmap {ctx.paths.backups_dir}",
                  f"back-upmap {ctx.paths.backups_dir} ontbreekt")


def check_window(run: SmokeRun, app: Any, window: Any) -> None:
    app.processEvents()
    rows = window.activity_model.activity_count()  # activities, not group rows
    shows_plan = window.bundle is not None and window.stack.currentWidget() is not window.welcome
    run.check(window.isVisible() and shows_plan and rows > 0,
              f"venster zichtbaar ({app.platformName()}), {rows} activiteiten in de tabel",
              f"venster toont het plan niet (zichtbaar: {window.isVisible()}, {rows} activiteiten)")
    sizes = sorted(size.width() for size in app.windowIcon().availableSizes())
    run.check(len(sizes) >= 5, f"programmapictogram in {len(sizes)} formaten",
              "het programmapictogram ontbreekt (resources/icons)")


def check_pdf(run: SmokeRun, ctx: AppContext, db: Any) -> None:
    """Write the uitvoeringsplan PDF into the data folder, when the feature exists.

    ``find_spec`` tells "feature not built yet" apart from "feature broken in this
    bundle": an ImportError inside an existing module is a failure, not a skip.
    """
    if importlib.util.find_spec(PDF_MODULE) is None:
        say("PDF-stap overgeslagen: de PDF-functie (ivpdesk.services.report_pdf) is er nog niet")
        return
    try:
        module = importlib.import_module(PDF_MODULE)
        from ivpdesk.services.plans import load_current

        out = ctx.paths.data_dir / PDF_NAME
        pages = module.write_plan_pdf(load_current(db), out)
        head = out.read_bytes()[:5] if out.exists() else b""
        size = out.stat().st_size if out.exists() else 0
    except Exception as error:  # noqa: BLE001 - report, do not crash the smoke test
        run.check(False, "", f"PDF van het uitvoeringsplan mislukt: {type(error).__name__}: {error}")
        return
    run.check(head == b"%PDF-" and size > 0 and int(pages) > 0,
              f"PDF uitvoeringsplan {out} ({pages} pagina's, {size // 1024} kB)",
              f"PDF {out} is leeg of geen PDF ({size} bytes, {pages} pagina's)")


def finish(run: SmokeRun) -> int:
    if run.failures:
        say(f"MISLUKT ({len(run.failures)} fout{'en' if len(run.failures) > 1 else ''})")
        return 2
    say("geslaagd")
    return 0
