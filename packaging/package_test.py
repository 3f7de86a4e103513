"""``make package-test``: run the *built* program the way an officer would, and check it.

Usage: ``python packaging/package_test.py [dist/ivpdesk]``. Exit 0 only when every check
passed. Each run starts the frozen executable from an unrelated working directory with
a clean environment (no virtualenv, no PYTHONPATH), so a path that depends on the
checkout or the current directory fails here. Checks, in order:

1. the bundle holds resources, migrations, version metadata, the Qt plugins and the
   Linux menu entry, and no QML/Quick or GTK theme;
2. ``--smoke-test`` on a fresh data folder: migrates a new database, loads the demo,
   shows the main window offscreen, writes the uitvoeringsplan PDF when the feature
   exists in this checkout (then "skipped" counts as a failure), exits 0;
3. ``--version`` matches pyproject.toml, and the CLI (info, export) works frozen;
4. first start on a clean account (HOME in a temp folder, no IVPDESK_DATA_DIR): the data
   folder, database and backups folder appear in platformdirs' places and the welcome
   page is shown; a second start brings that window forward and exits 0;
5. after the first process is killed (a crash) its stale socket does not block a new start.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def __call__(self, ok: bool, text: str) -> bool:
        print(f"  [{'ok' if ok else 'FOUT'}] {text}", flush=True)
        if not ok:
            self.failures.append(text)
        return ok


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a normal desktop session: nothing from our virtualenv or tests."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "IVPDESK_DATA_DIR"}
           and not k.startswith(("XDG_", "PYTEST", "QT_"))}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    env.update(extra)
    return env


def run(exe: Path, args: list[str], cwd: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    result = subprocess.run([str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=TIMEOUT, check=False)
    return result, time.perf_counter() - started


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def check_layout(check: Checks, bundle: Path) -> None:
    print("1. inhoud van de bundel")
    internal = bundle / "_internal"
    plugins = internal / "PySide6" / "Qt" / "plugins"
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    for relative in (
        "resources/kernbeleid_veiligheid.json", "resources/icons/ivpdesk.ico",
        "resources/icons/ivpdesk-256.png", "migrations/env.py", "migrations/versions/0001_initial.py",
        f"ivpdesk-{version}.dist-info/METADATA",
    ):
        check((internal / relative).is_file(), f"_internal/{relative}")
    for plugin in ("platforms/libqoffscreen.so", "platforms/libqxcb.so", "platforms/libqwayland.so",
                   "printsupport/libcupsprintersupport.so", "imageformats/libqico.so",
                   "imageformats/libqsvg.so", "imageformats/libqpdf.so", "iconengines/libqsvgicon.so"):
        check((plugins / plugin).is_file(), f"Qt-plugin {plugin}")
    check((internal / "PySide6" / "Qt" / "translations" / "qtbase_nl.qm").is_file(), "Qt-vertaling qtbase_nl.qm")
    unwanted = [p.name for p in internal.rglob("*") if p.name.startswith(("libQt6Qml", "libQt6Quick", "libqgtk3"))]
    check(not unwanted, f"geen QML/Quick/GTK-thema in de bundel {unwanted or ''}".strip())
    for name in ("ivpdesk.desktop", "install.sh", "LEESMIJ.txt"):
        check((bundle / name).is_file(), f"{name} in de bundel")


def check_smoke(check: Checks, exe: Path, tmp: Path) -> None:
    print("2. --smoke-test op een nieuwe gegevensmap, vanuit een andere map")
    data = tmp / "smoke-data"
    cwd = tmp / "elders"
    cwd.mkdir()
    env = clean_env(HOME=str(tmp / "smoke-home"), TMPDIR=str(tmp), QT_QPA_PLATFORM="offscreen")
    result, seconds = run(exe, ["--data-dir", str(data), "--smoke-test"], cwd, env)
    out = result.stdout
    print("\n".join(f"     {line}" for line in out.splitlines()))
    if result.returncode != 0:
        print(result.stderr[-3000:])
    check(result.returncode == 0, f"afsluitcode {result.returncode} na {seconds:.1f} s")
    check("nieuw aangemaakt en gemigreerd" in out, "nieuwe database gemigreerd in het bevroren programma")
    check((data / "ivpdesk.sqlite").is_file() and (data / "backups").is_dir(), "database en back-upmap aangemaakt")
    check("demoplan geladen" in out and "venster zichtbaar" in out, "demoplan geladen en venster getoond")
    services = ROOT / "ivpdesk" / "services"
    pdf_expected = (services / "report_pdf.py").is_file() or (services / "report_pdf" / "__init__.py").is_file()
    pdf = data / "smoke-test-uitvoeringsplan.pdf"
    if pdf_expected:
        check(pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-",
              "PDF van het uitvoeringsplan geschreven (report_pdf zit in de bundel)")
    else:
        check("PDF-stap overgeslagen" in out, "PDF-stap overgeslagen: report_pdf bestaat nog niet")
    check(not any(cwd.iterdir()), "niets geschreven in de werkmap")


def check_cli(check: Checks, exe: Path, tmp: Path) -> None:
    print("3. versie en opdrachtregel")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    env = clean_env(HOME=str(tmp / "smoke-home"), TMPDIR=str(tmp))
    result, _ = run(exe, ["--version"], tmp, env)
    check(result.stdout.strip() == f"IVP Desk {version}", f"--version: {result.stdout.strip()!r}")
    result, _ = run(exe, ["--data-dir", str(tmp / "smoke-data"), "export", "--format", "json", "-"], tmp, env)
    try:
        gemeente = json.loads(result.stdout)["gemeente"]
    except (ValueError, KeyError):
        gemeente = None
    check(result.returncode == 0 and gemeente == "Lindewaard", "export --format json - geeft het demoplan")
    result, _ = run(exe, ["--db", str(tmp / "geen-map" / "x.sqlite"), "info"], tmp, env)
    check(result.returncode == 1 and result.stderr.count("\n") == 1,
          f"gebruikersfout: afsluitcode 1 met één regel ({result.stderr.strip()[:70]}…)")


def check_first_start(check: Checks, exe: Path, tmp: Path) -> None:
    print("4. eerste start op een schoon account, en een tweede start")
    home = tmp / "schoon-account"
    home.mkdir()
    env = clean_env(HOME=str(home), TMPDIR=str(tmp), QT_QPA_PLATFORM="offscreen")
    data = home / ".local" / "share" / "ivpdesk"
    log = home / ".local" / "state" / "ivpdesk" / "log" / "ivpdesk.log"
    first = subprocess.Popen([str(exe)], cwd=tmp, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        shown = wait_for(lambda: log.is_file() and "main window shown" in log.read_text(encoding="utf-8"), 60)
        check(shown and "main window shown (welcome page)" in log.read_text(encoding="utf-8"),
              "welkomstscherm getoond (eerste start, lege database)")
        check((data / "ivpdesk.sqlite").is_file(), f"database in {data}")
        check((data / "backups").is_dir(), "map backups aangemaakt")
        sockets = [p for p in tmp.iterdir() if p.name.startswith("ivpdesk-") and p.is_socket()]
        check(len(sockets) == 1, f"één-exemplaar-socket {sockets[0].name if sockets else '-'}")
        second, seconds = run(exe, [], tmp, env)
        check(second.returncode == 0 and "al geopend" in second.stderr,
              f"tweede start stopt na {seconds:.1f} s: {second.stderr.strip()}")
        raised = wait_for(lambda: "brought to front" in log.read_text(encoding="utf-8"), 10)
        check(raised, "eerste venster naar voren gehaald")
        check(first.poll() is None, "eerste programma draait nog")
    finally:
        first.send_signal(signal.SIGKILL)  # simulate a crash: the socket file stays behind
        first.wait(30)
    print("5. na een crash: oude socket blokkeert de volgende start niet")
    check(any(p.name.startswith("ivpdesk-") and p.is_socket() for p in tmp.iterdir())
          and any(p.name.endswith(".lock") for p in tmp.iterdir()),
          "socket- en lockbestand achtergebleven na kill -9")
    result, seconds = run(exe, ["--smoke-test"], tmp, env)
    check(result.returncode == 0 and "geslaagd" in result.stdout,
          f"start na crash lukt (afsluitcode {result.returncode}, {seconds:.1f} s)")


def main(argv: list[str]) -> int:
    bundle = Path(argv[1] if len(argv) > 1 else ROOT / "dist" / "ivpdesk").resolve()
    exe = bundle / ("ivpdesk-cli.exe" if sys.platform == "win32" else "ivpdesk")
    if not exe.is_file():
        print(f"package-test: {exe} ontbreekt; draai eerst 'make package'.", file=sys.stderr)
        return 1
    check = Checks()
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="ivpdesk-pkgtest-"))
    try:
        check_layout(check, bundle)
        check_smoke(check, exe, tmp)
        check_cli(check, exe, tmp)
        if sys.platform.startswith("linux"):
            check_first_start(check, exe, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    took = time.perf_counter() - started
    if check.failures:
        print(f"package-test MISLUKT: {len(check.failures)} fout(en) in {took:.0f} s:")
        for failure in check.failures:
            print(f"  - {failure}")
        return 1
    print(f"package-test geslaagd ({took:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
