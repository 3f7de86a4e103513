"""Run long work (import, PDF, export, backup) off the GUI thread with a progress dialog.

After Anki's ``CollectionOp``: the function runs on a worker thread and receives a
:class:`~ivpdesk.services.progress.Progress`; it must never touch widgets. Progress,
success and failure come back to the GUI thread through signals. Annuleren sets a
flag the service checks; the service then raises ``Cancelled`` and rolls back.

The worker function must open its own unit of work (sessions are never shared
across threads).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ivpdesk import APP_NAME
from ivpdesk.domain.errors import DomainError
from ivpdesk.services.progress import Cancelled, Progress

log = logging.getLogger(__name__)

_running: set[TaskHandle] = set()  # keep handles alive until they finish


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, func: Callable[[Progress], Any], cancel: threading.Event) -> None:
        super().__init__()
        self._func = func
        self._cancel = cancel

    @Slot()
    def run(self) -> None:
        progress = Progress(
            report=lambda done, total, what: self.progressed.emit(done, total, what),
            is_cancelled=self._cancel.is_set,
        )
        try:
            result = self._func(progress)
        except BaseException as error:  # noqa: BLE001 - handed to the GUI thread
            if not isinstance(error, DomainError):
                log.exception("background task failed")
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)


class TaskHandle(QObject):
    """A running background task; ``finished`` is True once success/failure was handled."""

    done = Signal()

    def __init__(self, parent: QWidget | None, title: str, func: Callable[[Progress], Any],
                 on_success: Callable[[Any], None], on_failure: Callable[[BaseException], None] | None,
                 cancellable: bool, show_dialog: bool) -> None:
        super().__init__()
        self.finished = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._on_success = on_success
        self._on_failure = on_failure
        self._parent = parent
        self._cancel = threading.Event()
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            dialog = QProgressDialog(title, "Annuleren" if cancellable else "", 0, 0, parent)
            dialog.setWindowTitle(APP_NAME)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(self.cancel)
            self.dialog = dialog
        self._thread = QThread()
        self._worker = _Worker(func, self._cancel)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progress)
        self._worker.succeeded.connect(self._on_succeeded)
        self._worker.failed.connect(self._on_failed)

    def start(self) -> None:
        _running.add(self)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()
        if self.dialog is not None:
            self.dialog.setLabelText("Bezig met afbreken…")

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, what: str) -> None:
        if self.dialog is None:
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if what:
            self.dialog.setLabelText(what)

    def _finish(self) -> None:
        self._thread.quit()
        self._thread.wait()
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.close()
            self.dialog.deleteLater()
        self.finished = True
        _running.discard(self)
        self.done.emit()

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        self.result = result
        self._finish()
        self._on_success(result)

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self.error = error
        self._finish()
        if self._on_failure is not None:
            self._on_failure(error)
        else:
            show_error(self._parent, error)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Dutch message for an error; Cancelled is quiet (the officer asked for it)."""
    if isinstance(error, Cancelled):
        return
    if isinstance(error, DomainError):
        QMessageBox.warning(parent, APP_NAME, error.message)
        return
    QMessageBox.critical(
        parent, APP_NAME,
        "Er ging iets onverwachts mis; er is niets half opgeslagen.\n\n"
        f"{type(error).__name__}: {error}\n\nDe details staan in het logbestand.",
    )


def run_task(
    parent: QWidget | None,
    title: str,
    func: Callable[[Progress], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    cancellable: bool = True,
    show_dialog: bool = True,
) -> TaskHandle:
    """Start ``func(progress)`` on a worker thread; callbacks run on the GUI thread."""
    handle = TaskHandle(parent, title, func, on_success, on_failure, cancellable, show_dialog)
    handle.start()
    return handle
