"""The PySide6 user interface: thin views over the services. Only this package imports Qt."""

from ivpdesk.ui import qt_workarounds

qt_workarounds.install()  # before any signal is emitted: see qt_workarounds
