"""The PySide6 user interface: thin views over the services. Only this package imports Qt."""

from ivpdesk.ui.refcount_guard import make_singletons_immortal

make_singletons_immortal()  # PySide6 6.12 on CPython 3.11 (see refcount_guard)
