"""Packaging figures: bundle size, and start time of the frozen app vs the source app.

Start time = from process start until the main window is shown with the plan (the
``smoke-test: venster zichtbaar`` line, printed right after ``window.show()``), on a
database that already holds the demo plan, offscreen. Frozen and source runs alternate
in the same session so both see the same machine load. Needs ``make package`` first.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "ivpdesk"
RUNS = 5
SHOWN = "smoke-test: venster zichtbaar"


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def archive_size(bundle: Path) -> tuple[int, str]:
    existing = sorted(bundle.parent.glob("ivpdesk-*-linux-*.tar.gz"))
    if existing:
        return existing[-1].stat().st_size, existing[-1].name
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "ivpdesk.tar.gz"
        with tarfile.open(target, "w:gz", compresslevel=6) as tar:
            tar.add(bundle, arcname="ivpdesk")
        return target.stat().st_size, "(tijdelijk gemaakt)"


def time_start(command: list[str], data_dir: Path) -> tuple[float, float]:
    """Seconds until the window line appears, and until the process ended."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("IVPDESK_DATA_DIR", None)
    started = time.perf_counter()
    process = subprocess.Popen([*command, "--data-dir", str(data_dir), "--smoke-test"], env=env,
                               cwd=data_dir.parent, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)
    shown = float("nan")
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(SHOWN) and shown != shown:
            shown = time.perf_counter() - started
    code = process.wait()
    total = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"{command[0]} --smoke-test gaf afsluitcode {code}")
    return shown, total


def main() -> int:
    exe = BUNDLE / "ivpdesk"
    if not exe.is_file():
        print("bundle not built: run 'make package' first (no figures)")
        return 0
    size = folder_size(BUNDLE)
    packed, name = archive_size(BUNDLE)
    files = sum(1 for p in BUNDLE.rglob("*") if p.is_file())
    print(f"{'bundle dist/ivpdesk':<44} {size / 1e6:8.1f} MB  ({files} files)")
    print(f"{'bundle as tar.gz ' + name:<44} {packed / 1e6:8.1f} MB")
    frozen = [str(exe)]
    source = [sys.executable, "-m", "ivpdesk"]
    with tempfile.TemporaryDirectory() as tmp:
        for label, command in (("frozen", frozen), ("source", source)):
            shown, total = time_start(command, Path(tmp) / f"first-{label}")
            print(f"{'first start ' + label + ' (new db + demo)':<44} {shown * 1000:8.0f} ms to window"
                  f"  ({total * 1000:.0f} ms total)")
        data = Path(tmp) / "data"
        time_start(frozen, data)  # creates the database with the demo plan
        results: dict[str, list[tuple[float, float]]] = {"frozen": [], "source": []}
        for _ in range(RUNS):
            results["frozen"].append(time_start(frozen, data))
            results["source"].append(time_start(source, data))
    for label, runs in results.items():
        to_window = [r[0] for r in runs]
        to_exit = [r[1] for r in runs]
        print(f"{'start ' + label + ' to main window':<44} {statistics.median(to_window) * 1000:8.0f} ms"
              f"  (min {min(to_window) * 1000:.0f}, median total {statistics.median(to_exit) * 1000:.0f} ms,"
              f" {RUNS} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
