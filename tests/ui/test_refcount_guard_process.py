"""Emitting signals from Python must not kill the process (PySide6 6.12.0 refcount bug).

See ivpdesk/ui/refcount_guard.py: each emit/disconnect releases a reference to True
it never took, each void Qt call one to None; on Python 3.11 that aborts the process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    changed = Signal(int, str)


def test_many_emits_and_disconnects_keep_true_alive() -> None:
    import ivpdesk.ui  # noqa: F401 - installs the guard

    sender = _Sender()
    seen: list[int] = []

    def slot(number: int, _text: str) -> None:
        seen.append(number)

    sender.changed.connect(slot)
    before = sys.getrefcount(True)
    for number in range(5000):  # far more than the few hundred references True has
        sender.changed.emit(number, "x")
    for _ in range(500):
        sender.changed.connect(slot)
        sender.changed.disconnect(slot)
    assert len(seen) == 5000
    # Whatever PySide6 does to the count, True keeps an astronomically safe margin.
    assert sys.getrefcount(True) > 1 << 58 and sys.getrefcount(True) >= before - 10_000


def test_a_process_that_emits_thousands_of_times_exits_cleanly() -> None:
    script = textwrap.dedent("""
        import ivpdesk.ui
        from PySide6.QtCore import QObject, Signal
        class S(QObject):
            s = Signal()
        s = S()
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel()
        for _ in range(20000):
            s.s.emit()
            label.setText("x")  # a void Qt call: releases a reference to None
        print("ok")
    """)
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
