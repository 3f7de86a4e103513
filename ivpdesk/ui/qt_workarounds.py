"""Work around a reference-count bug in PySide6 6.12.0, detected at run time.

In PySide6 6.12.0 every ``SignalInstance.emit()`` and ``disconnect()`` called from
Python returns ``True`` without owning the reference it hands out. On Python 3.11
``True`` is an ordinary object with a few hundred references, so after some hundred
emits (a progress bar, a filter box) the interpreter aborts with
"bool_dealloc: deallocating True or False". Measured here: 100 emits, refcount of
``True`` down by exactly 100; signals emitted by Qt itself (clicked, textChanged …)
are not affected.

:func:`install` emits one probe signal; only when the count of ``True`` drops does it
wrap ``emit`` and ``disconnect`` so they add the missing reference. A fixed PySide6
(or Python ≥ 3.12, where ``True`` is immortal) is left alone.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

_installed = False


def _signal_leaks_true() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(4):
        probe.ping.emit()
    leaked = sys.getrefcount(True) < before
    probe.deleteLater()
    return leaked


def install() -> bool:
    """Patch SignalInstance when the leak is present; True when patched (idempotent)."""
    global _installed
    if _installed:
        return True
    if not _signal_leaks_true():
        return False
    from PySide6.QtCore import SignalInstance

    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    original_emit = SignalInstance.emit
    original_disconnect = SignalInstance.disconnect

    def emit(self: Any, *args: Any) -> Any:
        result = original_emit(self, *args)
        if result is True or result is False:
            incref(result)
        return result

    def disconnect(self: Any, *args: Any) -> Any:
        result = original_disconnect(self, *args)
        if result is True or result is False:
            incref(result)
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    SignalInstance.disconnect = disconnect  # type: ignore[method-assign]
    _installed = True
    return True
