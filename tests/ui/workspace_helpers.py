"""Helpers for the workspace tests: a window on a real database, and real dialogs answered
the way a person would (by clicking a button of the dialog once it is open)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from ivpdesk.domain import Activity
from ivpdesk.store.uow import Database
from ivpdesk.ui.app import create_application
from ivpdesk.ui.main_window import MainWindow


def make_window(qtbot: Any, db: Database) -> MainWindow:
    create_application()
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.reload()
    window.show()
    return window


def read_activity(db: Database, activity_id: int) -> Activity:
    with db.uow() as uow:
        return uow.activities.get(activity_id)


class DialogAnswer:
    """Clicks ``button`` in the next modal dialog; ``check`` may look at it first."""

    def __init__(self, button: str, check: Callable[[QWidget], None] | None = None) -> None:
        self.button = button
        self.check = check
        self.dialog: QWidget | None = None
        self.error: BaseException | None = None
        self.tries = 0
        QTimer.singleShot(0, self._click)

    def _click(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            self.tries += 1
            if self.tries < 200:
                QTimer.singleShot(10, self._click)
            return
        self.dialog = widget
        try:
            if self.check is not None:
                self.check(widget)
            for button in widget.findChildren(QAbstractButton):
                if button.text().replace("&", "") == self.button and button.isVisible():
                    button.click()
                    return
            raise AssertionError(f"no button {self.button!r} in {widget.windowTitle()!r}: "
                                 + ", ".join(b.text() for b in widget.findChildren(QAbstractButton)))
        except BaseException as error:  # noqa: BLE001 - reported by verify()
            self.error = error
            widget.close()

    def verify(self) -> QWidget:
        if self.error is not None:
            raise self.error
        assert self.dialog is not None, "the dialog never opened"
        return self.dialog
