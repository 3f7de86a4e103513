"""Work around a reference-count bug of PySide6 6.12 wheels on CPython 3.10/3.11.

Measured here (PySide6-Essentials 6.12.0, cp310-abi3 wheel, CPython 3.11.7): every call of
a Qt method that returns nothing (``label.setText(...)``) releases one reference to
``None`` that it never took, and ``signal.emit(...)`` does the same to ``True``/``False``.
CPython 3.12+ makes these objects immortal, so nothing happens there; on 3.11 their count
runs down and after a few thousand calls the interpreter aborts with
"Fatal Python error: none_dealloc: deallocating None" (in the middle of work, or at exit).

The guard gives these three singletons the practically infinite reference count that
3.12 gives them by design. They are statically allocated and never freed, so a high
count changes nothing else. It runs once, when ``ivpdesk.ui`` is imported (before any
Qt call), and does nothing on 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 60  # far beyond any number of calls; far below the 2**63 overflow


def make_singletons_immortal() -> bool:
    """Raise the reference counts of None, True and False (CPython < 3.12 only)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    for obj in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field
        if refcount.value < _HEADROOM // 2:
            refcount.value += _HEADROOM
    return True
