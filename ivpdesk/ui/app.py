"""Start the desktop application: Qt set-up, Dutch translations, database, main window.

Order (Vorta's start-up): excepthook, QApplication, translations, open and migrate
the database (with a backup), then the window. ``--smoke-test`` runs the same path
offscreen, checks the window shows the plan, and exits 0.
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
    install_dutch(app)  # type: ignore[arg-type]
    return app


def run_gui(ctx: AppContext, *, smoke_test: bool = False) -> int:
    if smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _install_excepthook()
    app = create_application()

    from PySide6.QtWidgets import QMessageBox

    from ivpdesk.domain.errors import DomainError
    from ivpdesk.ui.main_window import MainWindow

    try:
        db = ctx.open_db()
    except DomainError as error:
        if smoke_test:
            raise
        QMessageBox.critical(None, APP_NAME, error.message)
        return 1
    if smoke_test:
        from ivpdesk.services.plans import database_info

        if not database_info(db).plans:
            from ivpdesk.services.demo import load_demo

            load_demo(db)
    window = MainWindow(db)
    window.reload()
    window.show()
    if smoke_test:
        return _smoke_check(app, window)
    code = app.exec()
    db.dispose()
    return int(code)


def _smoke_check(app, window) -> int:  # type: ignore[no-untyped-def]
    """Verify the window really shows a plan, then quit (used by packaging and CI)."""
    app.processEvents()
    rows = window.activity_model.activity_count()  # activities, not the onderdeel rows
    ok = window.isVisible() and window.bundle is not None and rows > 0
    print(
        f"smoke-test: venster {'zichtbaar' if window.isVisible() else 'NIET zichtbaar'}, "
        f"{rows} activiteiten in de tabel"
    )
    window.close()
    window.db.dispose()
    app.processEvents()
    return 0 if ok else 2
