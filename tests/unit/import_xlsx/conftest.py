"""Helpers for the import tests: import a workbook and read the plan back as JSON."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ivpdesk.paths import Paths
from ivpdesk.services.export_json import plan_to_dict
from ivpdesk.services.import_xlsx import ImportReport, import_workbook
from ivpdesk.services.plans import load_current
from ivpdesk.store.uow import Database


def dump(db: Database) -> list[str]:
    """Every row of the database as SQL text (to prove nothing changed)."""
    path = db.path
    assert path is not None
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


class Importer:
    def __init__(self, db: Database, paths: Paths) -> None:
        self.db = db
        self.paths = paths
        self.report: ImportReport | None = None

    def __call__(self, path: Path, **kwargs: Any) -> dict[str, Any]:
        self.report = import_workbook(self.db, path, paths=self.paths, **kwargs)
        return plan_to_dict(load_current(self.db))


@pytest.fixture
def run_import(db: Database, paths: Paths) -> Importer:
    return Importer(db, paths)


def themes_by_name(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in plan["themes"]}


def rows(theme: dict[str, Any], *keys: str) -> list[tuple[Any, ...]]:
    return [tuple(a[k] for k in keys) for a in theme["activities"]]
