"""Feature modules plug into the main window through one small, stable API.

Each module named in :data:`UI_FEATURES` defines ``install(window) -> None`` and is
installed once, at the end of ``MainWindow.__init__``. A feature only uses the
window API below, never the window's private widgets, so the workspace can change
its layout without breaking import, reports, reminders or locking.

Window API (see :class:`ivpdesk.ui.main_window.MainWindow`):

* ``window.db`` – the open :class:`~ivpdesk.store.uow.Database`; ``set_database(db)``
  swaps it (and reloads); ``database_changed`` is emitted afterwards.
* ``window.bundle`` – the loaded :class:`~ivpdesk.domain.PlanBundle` or ``None``;
  ``reload()`` reads it again; ``plan_loaded`` is emitted after every reload.
* ``add_menu_action(menu, action, group)`` – menus ``file, edit, view, plan, tools,
  help``; groups keep a fixed order inside a menu (``MENU_GROUPS``), separated by lines.
* ``add_tab(key, widget, title, position=None)``, ``show_tab(key)``, ``tab(key)``.
* ``show_banner(key, text, level="info", action_text=None, on_action=None)``,
  ``hide_banner(key)`` – a message strip above the work area (no tray, read-only …).
* ``read_only`` / ``set_read_only(flag, reason)`` / ``read_only_changed`` – and
  ``register_edit_action(action)`` for actions that must be disabled when read-only.
* ``current_theme_id()`` (``None`` for the whole plan), ``visible_activity_ids()``
  (after filters, in view order), ``selected_activity_id()`` and
  ``show_activity(activity_id)``.
* ``add_settings_page(key, title, factory)`` / ``open_settings(page)`` – one page per
  feature in Bewerken → Instellingen… (see :mod:`ivpdesk.ui.settings_dialog`).
* A feature that changes data calls ``window.reload()`` afterwards.
* ``window.welcome`` – the welcome page (``import_requested`` signal,
  ``set_import_available(True)``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ivpdesk.ui.main_window import MainWindow

# One line per feature module, e.g. "ivpdesk.ui.import_feature".
UI_FEATURES: list[str] = [
    # The order is the order of their entries inside a menu group (Bestand: import, then
    # re-import; export: Excel, PDF, agenda).
    "ivpdesk.ui.import_feature",
    "ivpdesk.ui.xlsx_feature",
    "ivpdesk.ui.report_feature",
    "ivpdesk.ui.reminders_feature",
    "ivpdesk.ui.lock_feature",
]


def install_features(window: MainWindow, modules: list[str] | None = None) -> None:
    for name in UI_FEATURES if modules is None else modules:
        importlib.import_module(name).install(window)
