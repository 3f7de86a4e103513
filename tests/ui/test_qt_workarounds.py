"""Emitting signals from Python must not eat references to True (PySide6 6.12.0 bug)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    changed = Signal(int, str)


def test_many_emits_and_disconnects_keep_true_alive() -> None:
    import ivpdesk.ui  # noqa: F401 - installs the workaround

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
    assert sys.getrefcount(True) >= before


def test_a_process_that_emits_thousands_of_times_exits_cleanly() -> None:
    script = textwrap.dedent("""
        import ivpdesk.ui
        from PySide6.QtCore import QObject, Signal
        class S(QObject):
            s = Signal()
        s = S()
        for _ in range(20000):
            s.s.emit()
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
