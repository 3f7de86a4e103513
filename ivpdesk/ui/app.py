"""Start the desktop application: Qt set-up, Dutch translations, database, main window.

Order (Vorta's start-up): excepthook, QApplication, translations, single instance,
open and migrate the database (with a backup), then the window. ``--smoke-test`` runs
the same path offscreen, checks it (see :mod:`ivpdesk.ui.smoke`) and exits 0 when all is well.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from ivpdesk import APP_ID, APP_NAME, __version__

if TYPE_CHECKING:
    from ivpdesk.cli import AppContext

log = logging.getLogger(__name__)


def _install_excepthook() -> None:
    """Log unexpected errors and tell the officer in Dutch instead of dying silently."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            QMessageBox.critical(
                None, APP_NAME,
                "Er ging iets onverwachts mis. Uw opgeslagen gegevens zijn veilig.\n\n"
                f"{type(error).__name__}: {error}\n\nDe details staan in het logbestand.",
            )

    sys.excepthook = hook


def create_application(argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The QApplication with organisation names (for QSettings) and Dutch translations."""
    from PySide6.QtWidgets import QApplication

    from ivpdesk.ui.i18n import install_dutch

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setOrganizationName(APP_ID)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(application_icon())
    app.setDesktopFileName(APP_ID)  # Linux: matches ivpdesk.desktop (taskbar icon on Wayland)
    install_dutch(app)  # type: ignore[arg-type]
    return app


def application_icon():  # type: ignore[no-untyped-def]
    """The IVP Desk shield in every size shipped in resources/icons (window, tray, dialogs)."""
    from PySide6.QtGui import QIcon

    from ivpdesk.paths import resource

    icon = QIcon()
    for png in sorted(resource("icons").glob("ivpdesk-*.png")):
        icon.addFile(str(png))
    return icon


def run_gui(ctx: AppContext, *, smoke_test: bool = False, minimized: bool = False) -> int:
    if smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _install_excepthook()
    app = create_application()

    from ivpdesk.ui import smoke
    from ivpdesk.ui.lock_feature import open_at_start
    from ivpdesk.ui.main_window import MainWindow
    from ivpdesk.ui.single_instance import (
        Claim,
        SingleInstance,
        bring_to_front,
        second_start_message,
    )

    # One window per user and database: a second start raises the first and stops here.
    guard = SingleInstance.for_database(ctx.db_target, ctx.paths, parent=app)
    claim = guard.claim(activate_other=not smoke_test)
    if claim is not Claim.PRIMARY:
        return _second_start(claim, second_start_message(claim), smoke_test)

    run = smoke.before_open(ctx) if smoke_test else None
    # Locked by a colleague, damaged, read-only …: asks the officer (raises in smoke tests).
    db = open_at_start(ctx, smoke_test=smoke_test)
    if db is None:
        guard.release()
        return 1
    if run is not None:
        smoke.check_database(run, ctx, db)
        from ivpdesk.services.plans import database_info

        if not database_info(db).plans:
            from ivpdesk.services.demo import load_demo

            load_demo(db)
            smoke.say("demoplan geladen")
    window = MainWindow(db)
    window.paths = ctx.paths  # type: ignore[attr-defined]  # backups and Database openen use it
    window.reload()
    if minimized and not smoke_test:
        window.showMinimized()  # started at logon: reminders come from the tray or the banner
    else:
        window.show()
    guard.activation_requested.connect(lambda: bring_to_front(window))
    from ivpdesk.ui.reminders_feature import start_reminders

    start_reminders(window)  # tray icon, notification now and once a day
    log.info("main window shown (%s)",
             "welcome page" if window.stack.currentWidget() is window.welcome else "plan")
    if run is not None:
        code = _smoke_check(app, window, ctx, run)
        guard.release()
        return code
    code = app.exec()
    window.db.dispose()  # the database in use now (maybe switched): releases its lock
    guard.release()
    return int(code)


def _second_start(claim, message: str, smoke_test: bool) -> int:  # type: ignore[no-untyped-def]
    """Exit quietly when the first window came forward; otherwise say why we stop."""
    from ivpdesk.ui.single_instance import Claim

    log.info("second start (%s): %s", claim.value, message)
    print(f"ivpdesk: {message}", file=sys.stderr)
    if claim is Claim.ACTIVATED:
        return 0
    if not smoke_test and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(None, APP_NAME, message)
    return 1


def _smoke_check(app, window, ctx, run) -> int:  # type: ignore[no-untyped-def]
    """Verify the window, the icon and the PDF, then quit (used by packaging and CI)."""
    from ivpdesk.ui import smoke

    smoke.check_window(run, app, window)
    smoke.check_pdf(run, ctx, window.db)
    window.close()
    window.db.dispose()
    app.processEvents()
    return smoke.finish(run)
