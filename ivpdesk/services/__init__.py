"""Use cases on top of the store: open a database, create plans, demo, exports, reports.

Services import no Qt. They take a :class:`~ivpdesk.store.uow.Database` (or a unit of
work) and plain callbacks for progress, so the GUI, the CLI and tests share them.
"""
