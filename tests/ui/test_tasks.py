"""Background tasks: results and errors come back on the GUI thread; cancel stops the work."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from ivpdesk.domain.errors import DomainError
from ivpdesk.services.progress import Cancelled, Progress
from ivpdesk.ui.tasks import run_task


def test_result_arrives_on_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def work(progress: Progress) -> int:
        seen["worker_thread"] = threading.current_thread().name
        for i in range(5):
            progress.step(i + 1, 5, f"stap {i + 1}")
        return 42

    def success(value: object) -> None:
        seen["value"] = value
        seen["on_gui_thread"] = QThread.currentThread() is QApplication.instance().thread()

    handle = run_task(None, "Bezig…", work, success, show_dialog=False)
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    assert seen["value"] == 42
    assert seen["on_gui_thread"] is True
    assert seen["worker_thread"] != threading.main_thread().name


def test_cancel_raises_cancelled_in_the_worker(qtbot) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()

    def work(progress: Progress) -> None:
        started.set()
        for _ in range(500):
            progress.check()
            time.sleep(0.01)

    errors: list[BaseException] = []
    handle = run_task(None, "Bezig…", work, lambda _: None, errors.append, show_dialog=False)
    assert started.wait(5)
    handle.cancel()
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    assert errors[0].message == "Afgebroken; er is niets gewijzigd."


def test_domain_error_reaches_failure_callback(qtbot) -> None:  # type: ignore[no-untyped-def]
    def work(progress: Progress) -> None:
        raise DomainError("Het bestand is geen Excel-bestand.")

    errors: list[BaseException] = []
    handle = run_task(None, "Bezig…", work, lambda _: None, errors.append, show_dialog=False)
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    assert isinstance(errors[0], DomainError)
    assert errors[0].message == "Het bestand is geen Excel-bestand."
