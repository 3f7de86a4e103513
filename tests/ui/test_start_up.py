"""The source app started as an officer starts it: real processes, a clean account, any cwd."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ivpdesk.paths import migrations_dir, resource

ROOT = Path(__file__).resolve().parents[2]


def officer_env(home: Path, tmp: Path, **extra: str) -> dict[str, str]:
    """A desktop session: HOME set, no XDG overrides, no IVPDESK_DATA_DIR, offscreen Qt."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "PYTEST")) and k not in {"IVPDESK_DATA_DIR", "PYTHONPATH"}}
    env.update(HOME=str(home), TMPDIR=str(tmp), QT_QPA_PLATFORM="offscreen", **extra)
    return env


def ivpdesk(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ivpdesk", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


def test_resources_and_migrations_are_absolute_and_independent_of_cwd(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resource("kernbeleid_veiligheid.json").is_absolute()
    assert resource("kernbeleid_veiligheid.json").is_file()
    assert resource("icons", "ivpdesk.ico").is_file()
    assert (migrations_dir() / "env.py").is_file()
    # in a frozen bundle the same accessor points into PyInstaller's folder
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle" / "_internal"), raising=False)
    assert resource("icons", "x.png") == tmp_path / "bundle" / "_internal" / "resources" / "icons" / "x.png"
    assert migrations_dir() == tmp_path / "bundle" / "_internal" / "migrations"


def test_smoke_test_from_another_folder_migrates_loads_and_shows(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    data = tmp_path / "gegevens"
    result = ivpdesk("--data-dir", str(data), "--smoke-test", cwd=elsewhere,
                     env=officer_env(tmp_path / "home", tmp_path))
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert f"smoke-test: gegevensmap {data}" in out
    assert f"smoke-test: database {data / 'ivpdesk.sqlite'} (nieuw)" in out
    assert "migratie: database nieuw aangemaakt en gemigreerd, schema 0001" in out
    assert "demoplan geladen" in out
    assert "venster zichtbaar (offscreen), 82 activiteiten in de tabel" in out
    assert "programmapictogram in 7 formaten" in out
    assert ("PDF-stap overgeslagen" in out) != ("PDF uitvoeringsplan" in out)
    assert out.rstrip().endswith("smoke-test: geslaagd")
    assert list(elsewhere.iterdir()) == []
    # a second run finds the existing database and does not load the demo twice
    again = ivpdesk("--data-dir", str(data), "--smoke-test", cwd=elsewhere,
                    env=officer_env(tmp_path / "home", tmp_path))
    assert again.returncode == 0
    assert "(bestaat al)" in again.stdout and "demoplan geladen" not in again.stdout


@pytest.mark.slow
def test_first_start_on_a_clean_account_then_a_second_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = officer_env(home, tmp_path)
    data = home / ".local" / "share" / "ivpdesk"
    log = home / ".local" / "state" / "ivpdesk" / "log" / "ivpdesk.log"
    first = subprocess.Popen([sys.executable, "-m", "ivpdesk"], cwd=tmp_path, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: log.is_file() and "main window shown" in log.read_text(), 60)
        assert "main window shown (welcome page)" in log.read_text()
        assert (data / "ivpdesk.sqlite").is_file()
        assert (data / "backups").is_dir()
        second = ivpdesk(cwd=tmp_path, env=env)
        assert second.returncode == 0
        assert second.stderr.strip() == (
            "ivpdesk: IVP Desk is al geopend op deze database; dat venster staat nu vooraan.")
        assert wait_for(lambda: "window brought to front" in log.read_text(), 10)
        assert first.poll() is None
        # another database is a different writer: it starts normally beside the first
        other = ivpdesk("--db", str(tmp_path / "ander.sqlite"), "--smoke-test", cwd=tmp_path, env=env)
        assert other.returncode == 0, other.stdout + other.stderr
        # the smoke test refuses to run beside a live instance of the same database
        busy = ivpdesk("--smoke-test", cwd=tmp_path, env=env)
        assert busy.returncode == 1 and "al geopend" in busy.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(30)
        first.communicate()
