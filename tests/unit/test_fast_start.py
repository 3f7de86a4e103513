"""Start-up shortcuts stay correct: the head read from the revision files is Alembic's head,
and opening an up-to-date database does not need Alembic at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ivpdesk.paths import Paths
from ivpdesk.services.database import open_database
from ivpdesk.store import migrate


def test_head_from_files_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    assert migrate._single_head_from_files() == ScriptDirectory.from_config(
        migrate.alembic_config()).get_current_head()


def test_up_to_date_database_opens_without_importing_alembic(tmp_path: Path, paths: Paths) -> None:
    open_database(tmp_path / "plan.sqlite", paths).dispose()  # creates and migrates
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ivpdesk.paths import Paths\n"
        "from ivpdesk.services.database import open_database\n"
        f"db = open_database(Path({str(tmp_path / 'plan.sqlite')!r}), Paths.from_environment({str(tmp_path / 'd')!r}))\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_new_database_still_migrates_with_alembic(tmp_path: Path, paths: Paths) -> None:
    db = open_database(tmp_path / "nieuw.sqlite", paths)
    try:
        assert migrate._stored_revision(db) == migrate.head_revision()
    finally:
        db.dispose()
