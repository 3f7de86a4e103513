"""Shared fixtures. Qt must run offscreen before any QApplication exists."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("IVPDESK_USER", "testgebruiker")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from ivpdesk.paths import Paths  # noqa: E402
from ivpdesk.services.database import open_database  # noqa: E402
from ivpdesk.store.uow import Database  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep QSettings and the data dir of every test inside its own tmp folder."""
    monkeypatch.setenv("IVPDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    result = Paths.from_environment(tmp_path / "data")
    result.ensure()
    return result


@pytest.fixture
def db(paths: Paths, tmp_path: Path) -> Iterator[Database]:
    """A fresh database built by running the real migrations."""
    database = open_database(tmp_path / "plan.sqlite", paths)
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db: Database) -> Database:
    from ivpdesk.services.demo import load_demo

    load_demo(db)
    return db
