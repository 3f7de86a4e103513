"""The PySide6 user interface: thin views over the services. Only this package imports Qt."""
