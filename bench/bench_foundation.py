"""Foundation figures: migrate a new database, load the demo plan, read it, export JSON."""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

from ivpdesk.paths import Paths
from ivpdesk.services.database import open_database
from ivpdesk.services.demo import load_demo
from ivpdesk.services.export_json import write_json
from ivpdesk.services.plans import load_current


def timed(label: str, func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func()
    print(f"{label:<40} {1000 * (time.perf_counter() - start):8.1f} ms")
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths.from_environment(Path(tmp) / "data")
        paths.ensure()
        db = timed("migrate new database", lambda: open_database(Path(tmp) / "b.sqlite", paths))
        timed("load demo plan (82 activities)", lambda: load_demo(db))
        bundle = timed("read whole plan (PlanReader)", lambda: load_current(db))
        timed("JSON export to memory", lambda: write_json(bundle, io.StringIO()))
        db.dispose()


if __name__ == "__main__":
    main()
