"""Backups as a use case: make one now, every day, before risky work; restore one.

Importers, roll-over and restore call :func:`backup_now` before they write, so the
officer can always go back. Where backups go and how many are kept is a setting of
the database itself (table ``setting``: both officers of a shared file use the same
folder, e.g. a second network drive); the default is the ``backups`` folder in the
user's data folder, keeping the newest 30.

Every copy uses SQLite's backup API (a consistent snapshot even while a colleague
reads the file), and a restore goes back the same way into the live database,
never as a file copy over it. Before a restore the current state is backed up too,
so a restore can itself be undone.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from ivpdesk.domain.errors import DomainError
from ivpdesk.paths import Paths
from ivpdesk.services.progress import Progress
from ivpdesk.store.backup import BackupFile, backup_database, list_backups, restore_database
from ivpdesk.store.errors import os_error_text
from ivpdesk.store.integrity import (
    HotJournalError,
    journal_path,
    quick_check,
    read_setting,
    schema_revision,
)
from ivpdesk.store.uow import Database

log = logging.getLogger(__name__)

DEFAULT_KEEP = 30
MIN_KEEP = 1
MAX_KEEP = 999
FOLDER_SETTING = "backup_folder"
KEEP_SETTING = "backup_keep"
DAILY_REASON = "dagelijks"


class BackupError(DomainError):
    """A backup or restore could not be done; the database is unchanged."""


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class BackupSettings:
    """Where backups go (None = the standard folder) and how many are kept."""

    folder: Path | None = None
    keep: int = DEFAULT_KEEP

    def target(self, paths: Paths) -> Path:
        return self.folder if self.folder is not None else paths.backups_dir


def _parse_settings(folder: str | None, keep: str | None) -> BackupSettings:
    try:
        count = int(keep) if keep else DEFAULT_KEEP
    except ValueError:
        count = DEFAULT_KEEP
    count = min(max(count, MIN_KEEP), MAX_KEEP)
    return BackupSettings(folder=Path(folder) if folder and folder.strip() else None, keep=count)


def load_backup_settings(db: Database) -> BackupSettings:
    """The database's backup settings; defaults when there are none (or no tables yet)."""
    path = db.path
    if path is not None:
        # Raw read: works before migrations and on a file opened read-only.
        if not path.exists():
            return BackupSettings()
        return _parse_settings(read_setting(path, FOLDER_SETTING), read_setting(path, KEEP_SETTING))
    try:
        with db.uow() as uow:
            return _parse_settings(uow.settings.get(FOLDER_SETTING), uow.settings.get(KEEP_SETTING))
    except Exception:  # noqa: BLE001 - a missing table or unreachable server means defaults
        return BackupSettings()


def check_folder(folder: Path) -> None:
    """Raise a Dutch BackupError unless backups can be written into ``folder``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".ivpdesk-probe-{os.getpid()}"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as error:
        raise BackupError(
            f"In de map {folder} kan IVP Desk geen back-ups schrijven: "
            f"{os_error_text(error)}. Kies een andere map of controleer de (netwerk)schijf."
        ) from error


def save_backup_settings(db: Database, settings: BackupSettings) -> None:
    """Store the settings after checking the folder is usable and the number sensible."""
    if not MIN_KEEP <= settings.keep <= MAX_KEEP:
        raise BackupError(f"Bewaar tussen {MIN_KEEP} en {MAX_KEEP} back-ups.")
    if settings.folder is not None:
        if not settings.folder.is_absolute():
            raise BackupError("Kies een volledige map (bijvoorbeeld H:\\Back-ups\\IVP), geen deel ervan.")
        check_folder(settings.folder)
    with db.uow(source="instellingen") as uow:
        uow.settings.set(FOLDER_SETTING, str(settings.folder) if settings.folder else "")
        uow.settings.set(KEEP_SETTING, str(settings.keep))
        uow.commit()


def backup_folder(db: Database, paths: Paths) -> tuple[Path, str | None]:
    """The folder to back up into now, and why the standard one is used instead (or None).

    When the chosen folder (a second network drive) cannot be reached, the backup goes
    to the standard folder rather than not at all.
    """
    settings = load_backup_settings(db)
    if settings.folder is None:
        return paths.backups_dir, None
    try:
        check_folder(settings.folder)
    except BackupError as error:
        log.warning("backup folder unusable, using the standard folder: %s", error.message)
        return paths.backups_dir, (
            f"De gekozen back-upmap {settings.folder} is niet bereikbaar; de back-up staat in "
            f"{paths.backups_dir}."
        )
    return settings.folder, None


def backup_folders(db: Database, paths: Paths) -> list[Path]:
    """Every folder where backups of ``db`` may be: the chosen one and the standard one."""
    settings = load_backup_settings(db)
    folders = [settings.target(paths)]
    if paths.backups_dir not in folders:
        folders.append(paths.backups_dir)
    return folders


# --------------------------------------------------------------------------- making backups


def _has_content(path: Path | None) -> bool:
    return path is not None and path.exists() and path.stat().st_size > 0


def backup_now(db: Database, paths: Paths, reason: str) -> Path | None:
    """Back up ``db`` with SQLite's backup API; None for a non-file database or a new one."""
    path = db.path
    if not _has_content(path):
        return None
    assert path is not None
    folder, _fallback = backup_folder(db, paths)
    target = backup_database(path, folder, reason, load_backup_settings(db).keep)
    log.info("backup made (%s): %s", reason, target)
    return target


def backup_to(db: Database, destination: Path) -> Path:
    """A one-off backup to a file or folder the officer names (``ivpdesk backup DEST``)."""
    path = db.path
    if path is None or not path.exists():
        raise BackupError("Alleen een databasebestand kan worden geback-upt.")
    destination = destination.expanduser()
    if destination.is_dir():
        return backup_database(path, destination, "handmatig", keep=MAX_KEEP)
    if destination.exists():
        raise BackupError(f"{destination} bestaat al; kies een nieuwe bestandsnaam of een map.")
    if not destination.parent.exists():
        raise BackupError(f"De map {destination.parent} bestaat niet of is niet bereikbaar.")
    partial = destination.with_name(destination.name + ".part")
    try:
        source = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, timeout=15)
        try:
            target = sqlite3.connect(partial)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        os.replace(partial, destination)
    except (OSError, sqlite3.Error) as error:
        from ivpdesk.store.errors import explain

        partial.unlink(missing_ok=True)
        text = explain(error) if isinstance(error, sqlite3.Error) else (os_error_text(error))
        raise BackupError(f"De back-up kon niet worden geschreven naar {destination}: {text}") from error
    return destination


def ensure_daily_backup(db: Database, paths: Paths, today: date | None = None) -> Path | None:
    """The first opening of the day makes a backup (None when one exists already)."""
    path = db.path
    if not _has_content(path):
        return None
    assert path is not None
    today = today or datetime.now().date()  # noqa: DTZ005 - the officer's local day
    for folder in backup_folders(db, paths):
        for backup in list_backups(folder, path.stem):
            if backup.made_at.astimezone().date() == today:
                return None
    return backup_now(db, paths, DAILY_REASON)


# --------------------------------------------------------------------------- looking inside


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, read from the file itself (opened read-only)."""

    path: Path
    made_at: datetime
    reason: str
    size: int
    ok: bool
    problem: str = ""
    revision: str | None = None
    municipality: str | None = None
    plan_label: str | None = None
    themes: int = 0
    activities: int = 0
    indicators: int = 0

    @property
    def made_at_text(self) -> str:
        return self.made_at.astimezone().strftime("%d-%m-%Y %H:%M")

    @property
    def reason_text(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason.replace("-", " "))

    @property
    def counts_text(self) -> str:
        return (f"{self.themes} thema's, {self.activities} activiteiten, "
                f"{self.indicators} indicatoren")


REASON_LABELS = {
    "dagelijks": "dagelijkse back-up",
    "handmatig": "handmatig gemaakt",
    "voor-import": "vóór import",
    "voor-terugzetten": "vóór terugzetten",
    "voor-roll-over": "vóór nieuw uitvoeringsplan",
}


def _counts(connection: sqlite3.Connection) -> tuple[str | None, str | None, int, int, int]:
    def one(sql: str, *args: object) -> object:
        row = connection.execute(sql, args).fetchone()
        return None if row is None else row[0]

    plan_id = None
    current = one("SELECT value FROM setting WHERE key = 'current_plan_id'")
    if isinstance(current, str) and current.isdigit() and one(
        "SELECT id FROM implementation_plan WHERE id = ?", int(current)
    ) is not None:
        plan_id = int(current)
    if plan_id is None:
        found = one("SELECT id FROM implementation_plan ORDER BY start_year DESC, id DESC LIMIT 1")
        plan_id = int(found) if isinstance(found, int) else None
    if plan_id is None:
        return None, None, 0, 0, 0
    row = connection.execute(
        "SELECT p.start_year, p.end_year, s.municipality FROM implementation_plan p "
        "JOIN safety_plan s ON s.id = p.safety_plan_id WHERE p.id = ?", (plan_id,)
    ).fetchone()
    label = None
    municipality = None
    if row is not None:
        label = str(row[0]) if row[0] == row[1] else f"{row[0]}–{row[1]}"
        municipality = row[2]
    themes = one("SELECT count(*) FROM theme WHERE implementation_plan_id = ?", plan_id)
    activities = one(
        "SELECT count(*) FROM activity a JOIN section s ON s.id = a.section_id "
        "JOIN theme t ON t.id = s.theme_id WHERE t.implementation_plan_id = ?", plan_id)
    indicators = one("SELECT count(*) FROM indicator WHERE implementation_plan_id = ?", plan_id)
    return municipality, label, int(themes or 0), int(activities or 0), int(indicators or 0)


def summarize_file(path: Path, made_at: datetime | None = None, reason: str = "") -> BackupSummary:
    """Open ``path`` read-only, check it and count the current plan's contents."""
    from ivpdesk.store.migrate import known_revision

    try:
        stat = path.stat()
    except OSError as error:
        return BackupSummary(path=path, made_at=made_at or datetime.now(UTC), reason=reason,
                             size=0, ok=False, problem=f"niet leesbaar: {os_error_text(error)}")
    made = made_at or datetime.fromtimestamp(stat.st_mtime, UTC)
    base = {"path": path, "made_at": made, "reason": reason, "size": stat.st_size}
    try:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return BackupSummary(**base, ok=False, problem="geen IVP Desk-database")
    except OSError as error:
        return BackupSummary(**base, ok=False, problem=f"niet leesbaar: {os_error_text(error)}")
    try:
        check = quick_check(path)
    except HotJournalError:
        return BackupSummary(**base, ok=False, problem="onvolledig (een afgebroken kopie)")
    if not check.ok:
        return BackupSummary(**base, ok=False, problem=f"beschadigd ({check.summary})")
    revision = schema_revision(path)
    if revision is None:
        return BackupSummary(**base, ok=False, problem="geen IVP Desk-database")
    if not known_revision(revision):
        return BackupSummary(**base, ok=False, revision=revision,
                             problem="gemaakt met een nieuwere versie van IVP Desk")
    try:
        connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, timeout=15)
        try:
            municipality, label, themes, activities, indicators = _counts(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return BackupSummary(**base, ok=False, problem=f"niet leesbaar: {error}")
    return BackupSummary(**base, ok=True, revision=revision, municipality=municipality,
                         plan_label=label, themes=themes, activities=activities,
                         indicators=indicators)


def summarize(backup: BackupFile) -> BackupSummary:
    return summarize_file(backup.path, backup.made_at, backup.reason)


def database_backups(db_path: Path, folders: list[Path]) -> list[BackupFile]:
    """Backups of the database at ``db_path`` in ``folders``, newest first."""
    seen: set[Path] = set()
    found: list[BackupFile] = []
    for folder in folders:
        for backup in list_backups(folder, db_path.stem):
            resolved = backup.path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.append(backup)
    found.sort(key=lambda b: (b.made_at, b.path.name), reverse=True)
    return found


def list_backup_summaries(db: Database, paths: Paths,
                          progress: Progress | None = None) -> list[BackupSummary]:
    """Every backup of ``db`` with date and counts, newest first (reads each read-only)."""
    path = db.path
    if path is None:
        return []
    backups = database_backups(path, backup_folders(db, paths))
    result = []
    for done, backup in enumerate(backups):
        if progress is not None:
            progress.check()
            progress.step(done, len(backups), "Back-ups worden gelezen…")
        result.append(summarize(backup))
    return result


def folders_for_path(path: Path, paths: Paths) -> list[Path]:
    """Backup folders of a database that cannot be opened normally (read its setting raw)."""
    folders = []
    chosen = read_setting(path, FOLDER_SETTING) if path.exists() else None
    if chosen and chosen.strip():
        folders.append(Path(chosen))
    folders.append(paths.backups_dir)
    return folders


def newest_good_backup(path: Path, paths: Paths) -> BackupSummary | None:
    """The newest backup of ``path`` that passes the integrity check, or None."""
    for backup in database_backups(path, folders_for_path(path, paths)):
        summary = summarize(backup)
        if summary.ok:
            return summary
    return None


# --------------------------------------------------------------------------- restoring


@dataclass
class RestoreResult:
    restored: BackupSummary
    safety_backup: Path | None = None
    damaged_copy: Path | None = None
    notes: list[str] = field(default_factory=list)


def _usable_backup(source: Path) -> BackupSummary:
    source = source.expanduser()
    if not source.exists():
        raise BackupError(f"Het back-upbestand {source} bestaat niet of is niet bereikbaar.")
    match = next((b for b in list_backups(source.parent) if b.path.name == source.name), None)
    summary = summarize(match) if match else summarize_file(source)
    if not summary.ok:
        raise BackupError(f"{source.name} kan niet worden teruggezet: {summary.problem}. "
                          "Er is niets gewijzigd.")
    return summary


def _record_restore(db: Database, summary: BackupSummary, safety: Path | None) -> None:
    with db.uow(source="terugzetten") as uow:
        kept = f"; de stand daarvoor is bewaard in {safety.name}" if safety else ""
        uow.changes.record(
            "database", None, "back-up teruggezet", None,
            f"back-up van {summary.made_at_text} ({summary.counts_text}){kept}", None,
        )
        uow.commit()


def _upgrade_restored(db: Database, paths: Paths) -> None:
    from ivpdesk.store.migrate import upgrade

    settings = load_backup_settings(db)
    upgrade(db, settings.target(paths), keep=settings.keep)


def restore_backup(db: Database, paths: Paths, source: Path,
                   progress: Progress | None = None) -> RestoreResult:
    """Put the backup ``source`` back into the open database ``db``.

    Checks the backup first (readable, healthy, not from a newer IVP Desk), backs up
    the current state, restores with the backup API and brings an older backup up to
    the current schema. The caller must hold the database for writing.
    """
    progress = progress or Progress.silent()
    if db.read_only:
        raise BackupError("Deze database is alleen-lezen geopend; terugzetten kan nu niet.")
    if db.lock is not None and not db.lock.held:
        raise BackupError("IVP Desk heeft deze database niet (meer) in gebruik; open hem opnieuw.")
    target = db.path
    if target is None:
        raise BackupError("Terugzetten kan alleen bij een databasebestand.")
    progress.step(0, 3, "Back-up controleren…")
    summary = _usable_backup(source)
    if summary.path.resolve() == target.resolve():
        raise BackupError("Dat is de database zelf, geen back-up.")
    progress.check()
    progress.step(1, 3, "Huidige stand veiligstellen…")
    safety = backup_now(db, paths, "voor-terugzetten")
    progress.check()
    progress.step(2, 3, "Back-up terugzetten…")
    db.engine.dispose()  # no pooled connection of ours in the way
    restore_database(summary.path, target)
    _upgrade_restored(db, paths)
    _record_restore(db, summary, safety)
    progress.step(3, 3, "Klaar")
    log.info("restored %s into %s (safety copy %s)", summary.path, target, safety)
    return RestoreResult(restored=summary, safety_backup=safety)


def replace_damaged_database(path: Path, source: Path, paths: Paths) -> RestoreResult:
    """A damaged database is never written to: move it aside, restore the backup in its place.

    Takes the shared-file lock for the time of the swap. The damaged file (and any
    journal that belongs to it) is kept as ``<name>.beschadigd-<tijd>``.
    """
    from ivpdesk.store.lock import DatabaseLock

    summary = _usable_backup(source)
    lock = DatabaseLock(path)
    lock.acquire()
    try:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - local, for the officer
        aside = path.with_name(f"{path.name}.beschadigd-{stamp}")
        try:
            os.replace(path, aside)
            journal = journal_path(path)
            if journal.exists():
                # A journal left by the damaged file must never be "rolled back" into the new one.
                os.replace(journal, journal_path(aside))
        except OSError as error:
            raise BackupError(
                f"Het beschadigde bestand {path.name} kan niet opzij worden gezet: "
                f"{os_error_text(error)}. Sluit IVP Desk bij uw collega en probeer het opnieuw."
            ) from error
        restore_database(summary.path, path)
        db = Database.open_file(path)
        try:
            _upgrade_restored(db, paths)
            _record_restore(db, summary, None)
        finally:
            db.engine.dispose()
    finally:
        lock.release()
    log.warning("damaged database %s moved to %s; restored %s", path, aside, summary.path)
    return RestoreResult(restored=summary, damaged_copy=aside)
