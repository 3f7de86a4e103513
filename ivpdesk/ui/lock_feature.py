"""Two officers, one file, in the window: who has it, read-only viewing, take-over, switching files.

* Opening a database (at start, Bestand → Database openen…, Nieuwe database…) goes
  through :func:`open_interactively`: when a colleague holds the file, a dialog says
  who and since when and offers *Alleen-lezen openen*, *Overnemen…* (only when her
  lock is stale, after a warning) or *Annuleren*. A damaged file offers the newest
  good backup; a read-only folder offers read-only viewing.
* :class:`LockController` keeps the heartbeat going (QTimer) while this window holds
  the file, notices when someone took it over (then the window turns read-only),
  and while read-only watches for the colleague to close it (then *Nu bewerken*).
* ``install(window)`` also installs the change-log views and the backup actions.
"""

from __future__ import annotations

import hashlib
import html
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from ivpdesk import APP_NAME
from ivpdesk.domain.errors import DomainError
from ivpdesk.paths import Paths
from ivpdesk.services.database import (
    DamagedDatabaseError,
    ReadOnlyLocationError,
    open_database,
    open_read_only,
)
from ivpdesk.store.lock import DatabaseLock, DatabaseLockedError, LockError, LockInfo, format_local
from ivpdesk.store.uow import Database

if TYPE_CHECKING:
    from ivpdesk.cli import AppContext
    from ivpdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

READ_ONLY_POLL_MS = 30_000
DATABASE_FILTER = "IVP Desk-database (*.sqlite *.db *.ivpdesk);;Alle bestanden (*)"


def tr(text: str) -> str:
    return QApplication.translate("LockFeature", text)


def paths_of(window: Any) -> Paths:
    """The user's folders for this window (set by the start-up code; else from the environment)."""
    paths = getattr(window, "paths", None)
    return paths if isinstance(paths, Paths) else Paths.from_environment()


# --------------------------------------------------------------------------- dialogs


def ask_locked(parent: QWidget | None, error: DatabaseLockedError) -> str | None:
    """'read_only', 'take_over' or None (Annuleren)."""
    dialog = LockedDialog(error, parent)
    dialog.exec()
    return dialog.choice()


class LockedDialog(QMessageBox):
    """"plan.sqlite is geopend door annemarie op LT-OOV-01 sinds …": what now?"""

    def __init__(self, error: DatabaseLockedError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        holder = error.holder
        self.setWindowTitle(tr("Database in gebruik"))
        self.setIcon(QMessageBox.Icon.Warning)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText("<b>" + html.escape(
            tr("%1 is geopend door %2 op %3 sinds %4.")
            .replace("%1", error.database.name).replace("%2", holder.user)
            .replace("%3", holder.machine).replace("%4", holder.since_text)
        ) + "</b>")
        details = tr(
            "Tegelijk wijzigen kan niet: dan zou werk van één van u verloren gaan. U kunt de "
            "database alleen-lezen openen om te kijken; zodra uw collega hem sluit, kunt u gaan "
            "bewerken."
        )
        if holder.on_this_machine() and holder.pid:
            details += " " + tr("Dat programma draait op deze computer (proces %1).").replace(
                "%1", str(holder.pid))
        if error.stale:
            quiet = max(1, int((datetime.now(UTC) - holder.last_seen).total_seconds() // 60))
            details += "\n\n" + tr(
                "Van dat programma is al %1 minuten geen teken van leven gekomen: misschien is die "
                "computer vastgelopen of in slaapstand. Alleen als u zeker weet dat uw collega niet "
                "meer werkt, kunt u de database overnemen."
            ).replace("%1", str(quiet))
        else:
            details += "\n\n" + tr(
                "Overnemen kan pas als er %1 minuten geen teken van leven van dat programma is."
            ).replace("%1", str(int(holder.stale_after.total_seconds() // 60)))
        # Rich text (for the bold first line) applies to both texts: keep the paragraphs.
        self.setInformativeText(html.escape(details).replace("\n", "<br>"))
        self.read_only_button = self.addButton(tr("Alleen-lezen openen"), QMessageBox.ButtonRole.AcceptRole)
        self.take_over_button = None
        if error.stale:
            self.take_over_button = self.addButton(tr("Overnemen…"), QMessageBox.ButtonRole.DestructiveRole)
        self.cancel_button = self.addButton(tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.read_only_button)
        self.setEscapeButton(self.cancel_button)

    def choice(self) -> str | None:
        clicked = self.clickedButton()
        if clicked is self.read_only_button:
            return "read_only"
        if clicked is not None and clicked is self.take_over_button:
            return "take_over"
        return None


def confirm_take_over(parent: QWidget | None, holder: LockInfo) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("Database overnemen"))
    box.setText(tr("Weet u zeker dat u de database wilt overnemen van %1?").replace("%1", holder.user))
    box.setInformativeText(tr(
        "Werkt %1 toch nog, dan kan zij na het overnemen niets meer opslaan: haar programma meldt "
        "dat de database is overgenomen. Wat zij eerder opsloeg blijft bewaard; er wordt niets "
        "stil overschreven."
    ).replace("%1", holder.user))
    take = box.addButton(tr("Overnemen"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is take


def ask_damaged(parent: QWidget | None, error: DamagedDatabaseError, readable: bool) -> str | None:
    """'restore', 'read_only' or None."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("Database beschadigd"))
    box.setText(tr("De database %1 is beschadigd.").replace("%1", error.path.name))
    text = tr("IVP Desk schrijft er niets in, zodat er niets verder verloren gaat.")
    restore = None
    if error.backup is not None:
        text += "\n\n" + tr(
            "De nieuwste goede back-up is van %1 (%2). Bij terugzetten wordt het beschadigde "
            "bestand bewaard als kopie naast het origineel."
        ).replace("%1", error.backup.made_at_text).replace("%2", error.backup.counts_text)
        restore = box.addButton(tr("Back-up terugzetten"), QMessageBox.ButtonRole.AcceptRole)
    else:
        text += "\n\n" + tr("Er is geen goede back-up gevonden. Neem contact op met uw beheerder.")
    read_only = None
    if readable:
        read_only = box.addButton(tr("Alleen-lezen openen"), QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton(tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
    box.setInformativeText(text)
    box.setDetailedText(error.problems)
    box.setDefaultButton(restore or cancel)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return "restore"
    if read_only is not None and clicked is read_only:
        return "read_only"
    return None


def ask_read_only_location(parent: QWidget | None, error: ReadOnlyLocationError) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("Alleen-lezen"))
    box.setText(error.message)
    read_only = box.addButton(tr("Alleen-lezen openen"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is read_only


def show_error(parent: QWidget | None, message: str) -> None:
    QMessageBox.critical(parent, APP_NAME, message)


# --------------------------------------------------------------------------- opening


def read_only_reason(holder: LockInfo | None, path: Path) -> str:
    if holder is None:
        return tr("Alleen-lezen: %1 kan niet worden gewijzigd. U kunt kijken, niet bewerken.").replace(
            "%1", path.name)
    return tr(
        "Alleen-lezen: deze database is geopend door %1 op %2 sinds %3. U kunt kijken, niet "
        "bewerken; kies Vernieuwen voor de laatste stand."
    ).replace("%1", holder.user).replace("%2", holder.machine).replace("%3", holder.since_text)


def _probe_readable(path: Path, paths: Paths) -> bool:
    try:
        db = open_read_only(path, paths, check=False)
    except DomainError:
        return False
    try:
        from ivpdesk.services.plans import database_info

        database_info(db)
        return True
    except Exception:  # noqa: BLE001 - any failure means: not readable
        return False
    finally:
        db.dispose()


def open_interactively(parent: QWidget | None, paths: Paths, target: str | Path | None,
                       *, daily_backup: bool = False) -> Database | None:
    """Open ``target`` for writing, asking the officer what to do when that is not possible.

    Returns the opened database (possibly read-only, with ``read_only_reason`` set) or
    None when she cancelled or the file cannot be used at all (after telling her why).
    """
    lock: DatabaseLock | bool = True
    while True:
        try:
            return open_database(target, paths, lock=lock, daily_backup=daily_backup)
        except DatabaseLockedError as locked:
            choice = ask_locked(parent, locked)
            if choice == "read_only":
                return _open_read_only(parent, paths, locked.database, locked.holder)
            if choice != "take_over" or not confirm_take_over(parent, locked.holder):
                return None
            taker = DatabaseLock(locked.database)
            try:
                taker.take_over(locked.holder)
            except DomainError as error:
                show_error(parent, error.message)
                return None
            lock = taker  # and open with the lock we now hold
        except ReadOnlyLocationError as error:
            if not ask_read_only_location(parent, error):
                return None
            return _open_read_only(parent, paths, error.path, None)
        except DamagedDatabaseError as error:
            choice = ask_damaged(parent, error, _probe_readable(error.path, paths))
            if choice == "restore" and error.backup is not None:
                from ivpdesk.services.backups import replace_damaged_database

                try:
                    result = replace_damaged_database(error.path, error.backup.path, paths)
                except DomainError as failure:
                    show_error(parent, failure.message)
                    return None
                QMessageBox.information(parent, APP_NAME, tr(
                    "De back-up van %1 is teruggezet. Het beschadigde bestand is bewaard als %2."
                ).replace("%1", result.restored.made_at_text).replace("%2", str(result.damaged_copy)))
                lock = True
                continue
            if choice == "read_only":
                try:
                    db = open_read_only(error.path, paths, check=False)
                except DomainError as failure:
                    show_error(parent, failure.message)
                    return None
                db.read_only_reason = tr(
                    "Alleen-lezen: deze database is beschadigd. Zet een back-up terug via "
                    "Extra → Back-up terugzetten…"
                )
                return db
            return None
        except DomainError as error:
            show_error(parent, error.message)
            return None


def _open_read_only(parent: QWidget | None, paths: Paths, path: Path,
                    holder: LockInfo | None) -> Database | None:
    try:
        db = open_read_only(path, paths)
    except DomainError as error:
        extra = ""
        if holder is not None:
            extra = " " + tr("De database is geopend door %1.").replace("%1", holder.holder_text)
        show_error(parent, error.message + extra)
        return None
    db.read_only_reason = read_only_reason(holder, path)
    return db


def _remember_key(paths: Paths) -> str:
    digest = hashlib.sha1(str(paths.data_dir).encode("utf-8")).hexdigest()[:12]
    return f"database/last-{digest}"


def remember_database(paths: Paths, db: Database) -> None:
    """The next start opens this file again (per data folder, so tests never mix)."""
    if db.path is not None:
        QSettings().setValue(_remember_key(paths), str(db.path))


def remembered_database(paths: Paths) -> Path | None:
    value = QSettings().value(_remember_key(paths))
    return Path(str(value)) if value else None


def open_at_start(ctx: AppContext, *, smoke_test: bool = False) -> Database | None:
    """The database the window starts with: --db, else the last one used, else the default.

    None when the officer cancelled (or was told why the file cannot be used).
    """
    if smoke_test:
        return open_database(ctx.db_target, ctx.paths, lock=True)
    target: str | Path | None = ctx.db_target
    if target is None:
        last = remembered_database(ctx.paths)
        if last is not None and last != ctx.paths.default_db:
            while not last.exists():
                choice = ask_unreachable(last)
                if choice == "default":
                    break
                if choice != "retry":
                    return None
            else:
                target = last
    db = open_interactively(None, ctx.paths, target, daily_backup=True)
    if db is not None:
        remember_database(ctx.paths, db)
    return db


def ask_unreachable(last: Path) -> str | None:
    """The last database is gone (network drive not connected?): 'retry', 'default' or None."""
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(tr("De database %1 is niet bereikbaar.").replace("%1", str(last)))
    box.setInformativeText(tr(
        "Is de netwerkschijf verbonden? Probeer het opnieuw zodra de verbinding er is, of open "
        "de standaarddatabase op deze computer."
    ))
    again = box.addButton(tr("Opnieuw proberen"), QMessageBox.ButtonRole.AcceptRole)
    default = box.addButton(tr("Standaarddatabase openen"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(tr("Afsluiten"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(again)
    box.exec()
    clicked = box.clickedButton()
    if clicked is again:
        return "retry"
    if clicked is default:
        return "default"
    return None


# --------------------------------------------------------------------------- the window side


class LockController(QObject):
    """Heartbeat while this window holds the file; read-only state and its banner otherwise."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self._we_set_read_only = False
        window.database_changed.connect(self.sync)
        window.plan_loaded.connect(self.mark_title)
        self.sync()

    def mark_title(self) -> None:
        """"IVP Desk — Lindewaard, uitvoeringsplan 2027–2028 (alleen-lezen)" while read-only."""
        suffix = tr(" (alleen-lezen)")
        title = self.window.windowTitle().removesuffix(suffix)
        self.window.setWindowTitle(title + suffix if self.window.db.read_only else title)

    # ------------------------------------------------------------------ state

    def sync(self) -> None:
        """Match the window to its (new) database: editing with heartbeat, or read-only."""
        window, db = self.window, self.window.db
        for key in ("lock_free", "lock_trouble", "open_notice"):
            window.hide_banner(key)
        if db.read_only:
            reason = db.read_only_reason or read_only_reason(None, db.path or Path(db.display_name))
            window.set_read_only(True, reason)
            self._we_set_read_only = True
            self._show_read_only_banner(reason)
            self.timer.start(READ_ONLY_POLL_MS)
        else:
            if self._we_set_read_only and window.read_only:
                window.set_read_only(False)
            self._we_set_read_only = False
            if db.lock is not None and db.lock.held:
                self.timer.start(int(db.lock.heartbeat_interval.total_seconds() * 1000))
            else:
                self.timer.stop()
        if db.notices:
            window.show_banner("open_notice", " ".join(db.notices), "warning")
        self.mark_title()

    def _show_read_only_banner(self, reason: str) -> None:
        level = "error" if getattr(self.window.db, "lost_lock", False) else "warning"
        self.window.show_banner("read_only", reason, level, tr("Vernieuwen"), self.refresh)

    # ------------------------------------------------------------------ timer

    def tick(self) -> None:
        if self.window.db.read_only:
            self.check_free()
        else:
            self.beat()

    def beat(self) -> None:
        lock = self.window.db.lock
        if lock is None:
            return
        try:
            alive = lock.heartbeat()
        except LockError as error:
            self.window.show_banner("lock_trouble", tr(
                "De vergrendeling kan niet worden bijgewerkt: %1"
            ).replace("%1", error.message), "warning")
            return
        self.window.hide_banner("lock_trouble")
        if not alive and lock.lost_to is not None:
            self._lost(lock.lost_to)

    def _lost(self, holder: LockInfo) -> None:
        """Someone took the file over while we slept: from now on we only look."""
        db = self.window.db
        day, clock = format_local(holder.since).split(" ")
        reason = tr(
            "Alleen-lezen: %1 op %2 heeft de database op %3 om %4 overgenomen. Wat u eerder opsloeg "
            "is bewaard; nieuwe wijzigingen kunt u niet meer opslaan."
        ).replace("%1", holder.user).replace("%2", holder.machine).replace("%3", day).replace("%4", clock)
        log.warning("lock lost to %s", holder.holder_text)
        if db.path is None:
            self.window.set_read_only(True, reason)
            return
        try:
            replacement = open_read_only(db.path, paths_of(self.window))
        except DomainError:
            # Cannot even read now (e.g. being migrated): keep the data on screen, block edits.
            db.lock = None
            db.read_only = True
            db.read_only_reason = reason
            self.sync()
            return
        replacement.read_only_reason = reason
        replacement.lost_lock = True  # type: ignore[attr-defined]  # shown in red
        self.switch_to(replacement)

    def check_free(self) -> None:
        """While read-only: has the colleague closed the file, or gone silent?"""
        db = self.window.db
        if db.path is None or not db.path.exists():
            return
        probe = DatabaseLock(db.path)
        try:
            holder = probe.read()
        except LockError:
            return
        if holder is None:
            self.window.show_banner("lock_free", tr(
                "De database is niet meer in gebruik. U kunt nu gaan bewerken."
            ), "info", tr("Nu bewerken"), self.start_editing)
        elif probe.is_stale(holder):
            self.window.show_banner("lock_free", tr(
                "Van %1 is al lang geen teken van leven gekomen. Als u zeker weet dat hij of zij "
                "niet meer werkt, kunt u de database overnemen."
            ).replace("%1", holder.holder_text), "warning", tr("Overnemen…"), self.start_editing)
        else:
            self.window.hide_banner("lock_free")

    def refresh(self) -> None:
        """Vernieuwen: read the colleague's latest saved state, and see whether the file is free."""
        self.window.reload()
        self.check_free()

    def start_editing(self) -> None:
        db = self.window.db
        if db.path is None:
            return
        new = open_interactively(self.window, paths_of(self.window), db.path)
        if new is None:
            return
        if new.read_only:
            new.dispose()
            self.check_free()
            return
        self.switch_to(new)

    def switch_to(self, new: Database) -> None:
        old = self.window.db
        self.window.set_database(new)
        if old is not new:
            old.dispose()


def _controller(window: MainWindow) -> LockController:
    return window.findChild(LockController)  # type: ignore[return-value]


def open_database_dialog(window: MainWindow) -> None:
    """Bestand → Database openen…"""
    start = str(window.db.path.parent) if window.db.path is not None else ""
    name, _ = QFileDialog.getOpenFileName(window, tr("Database openen"), start, tr(DATABASE_FILTER))
    if not name:
        return
    path = Path(name).resolve()
    if window.db.path is not None and path == window.db.path.resolve():
        QMessageBox.information(window, APP_NAME, tr("Deze database is al geopend."))
        return
    paths = paths_of(window)
    new = open_interactively(window, paths, path)
    if new is None:
        return
    _controller(window).switch_to(new)
    remember_database(paths, new)


def new_database_dialog(window: MainWindow) -> None:
    """Bestand → Nieuwe database…: never overwrites an existing file."""
    start = str(window.db.path.parent / "ivp.sqlite") if window.db.path is not None else "ivp.sqlite"
    name, _ = QFileDialog.getSaveFileName(
        window, tr("Nieuwe database"), start, tr(DATABASE_FILTER),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not name:
        return
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(".sqlite")
    if path.exists():
        QMessageBox.warning(window, APP_NAME, tr(
            "%1 bestaat al. Kies Database openen… om het te openen, of kies een andere naam; "
            "een bestaand bestand wordt nooit overschreven."
        ).replace("%1", path.name))
        return
    paths = paths_of(window)
    new = open_interactively(window, paths, path)
    if new is None:
        return
    _controller(window).switch_to(new)
    remember_database(paths, new)


def install(window: MainWindow) -> None:
    LockController(window)
    open_action = QAction(tr("Database &openen…"), window)
    open_action.setShortcut(QKeySequence.StandardKey.Open)
    open_action.triggered.connect(lambda: open_database_dialog(window))
    window.add_menu_action("file", open_action, "database")
    new_action = QAction(tr("Nieuwe &database…"), window)
    new_action.triggered.connect(lambda: new_database_dialog(window))
    window.add_menu_action("file", new_action, "database")

    from ivpdesk.ui import backup_views, change_log_views

    change_log_views.install(window)
    backup_views.install(window)
