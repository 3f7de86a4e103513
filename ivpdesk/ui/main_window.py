"""Main window: plan navigator on the left, tabs (activities, indicators, …) on the right.

Layout: navigator | tabs. The "activities" tab holds the heading, the filter bar, the
activity table (grouped by onderdeel) and the detail panel; the "indicators" tab the
indicators with their yearly state and trend chart. On a database without a plan the
window shows the welcome page instead.

The window only displays and dispatches: every edit goes through
:class:`ivpdesk.ui.undo.EditController` (services, one unit of work, undo stack).
Feature modules (import, reports, reminders, locking …) plug in through the small API
documented in :mod:`ivpdesk.ui.features`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ivpdesk import APP_NAME
from ivpdesk.domain import Activity, DomainError, PlanBundle, Section, Theme
from ivpdesk.paths import catalogue
from ivpdesk.services import editing
from ivpdesk.services.editing import FieldChange, FieldEdit, StructureChange
from ivpdesk.services.plans import NoPlanError, load_current
from ivpdesk.store.uow import Database
from ivpdesk.ui.models.activity_filter_proxy import ActivityFilter, ActivityFilterProxy
from ivpdesk.ui.models.activity_table_model import (
    ACTIVITY_ROLE,
    ROW_ACTIVITY,
    ROW_KIND_ROLE,
    ROW_SECTION,
    ROW_THEME,
    SECTION_ROLE,
    SORT_ROLE,
    THEME_ROLE,
    ActivityTableModel,
)
from ivpdesk.ui.models.navigator_model import (
    ALL_THEMES,
    NODE_ROLE,
    NODE_THEME,
    THEME_ID_ROLE,
    NavigatorModel,
    navigator_theme_order,
    status_counts,
    status_summary,
)
from ivpdesk.ui.undo import EditController
from ivpdesk.ui.views.activity_table import ActivityTableView
from ivpdesk.ui.views.detail_panel import DetailPanel
from ivpdesk.ui.views.filter_bar import FilterBar
from ivpdesk.ui.views.navigator import NavigatorView
from ivpdesk.ui.welcome import WelcomePage

# Groups inside each menu (menus in menu-bar order), top to bottom; a line separates groups.
MENU_GROUPS: dict[str, list[str]] = {
    "file": ["plan", "database", "import", "export", "print", "backup", "quit"],
    "edit": ["undo", "edit", "find", "settings"],
    "view": ["pages", "refresh"],
    "plan": ["plan", "themes", "activities", "indicators", "calendar"],
    "tools": ["deadlines", "log", "backup", "settings"],
    "help": ["help", "about"],
}

_BANNER_STYLES = {
    "info": "background:#e8f1fb; border:1px solid #9cc3ea; color:#0b3d6b;",
    "warning": "background:#fff4e0; border:1px solid #f0b55c; color:#5c3a00;",
    "error": "background:#fde8e8; border:1px solid #e59a9a; color:#6b0b0b;",
}

# Set to print "shown <time.monotonic()>" and quit once the window is on screen with the
# plan (used by bench/bench_workspace.py to time the start-up of the real program).
EXIT_WHEN_SHOWN_ENV = "IVPDESK_EXIT_WHEN_SHOWN"


class Banner(QFrame):
    """One message strip above the work area, with an optional action button."""

    def __init__(self, text: str, level: str, action_text: str | None,
                 on_action: Callable[[], None] | None, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(f"QFrame#banner {{{_BANNER_STYLES.get(level, _BANNER_STYLES['info'])}}}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.label, 1)
        self.button: QPushButton | None = None
        if action_text and on_action is not None:
            self.button = QPushButton(action_text)
            self.button.clicked.connect(on_action)
            layout.addWidget(self.button)


class MainWindow(QMainWindow):
    plan_loaded = Signal()
    database_changed = Signal()
    read_only_changed = Signal(bool)

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.bundle: PlanBundle | None = None
        self._shown_theme = ALL_THEMES
        self._loaded_key: tuple[str, int] | None = None
        self.read_only = False
        self._edit_actions: list[QAction] = []
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 760)
        self.edits = EditController(self)
        self.undo_stack = self.edits.stack

        # Navigator --------------------------------------------------------------
        self.navigator_model = NavigatorModel(self)
        self.navigator = NavigatorView()
        self.navigator.setModel(self.navigator_model)
        self.navigator.setMinimumWidth(200)
        self.navigator.selectionModel().currentChanged.connect(self._on_navigate)
        self.navigator_model.activities_dropped.connect(self._on_dropped_on_theme,
                                                        Qt.ConnectionType.QueuedConnection)

        # Activity table -----------------------------------------------------------
        self.activity_model = ActivityTableModel(self)
        self.activity_model.edit_handler = self._edit_from_table
        self.activity_model.move_requested.connect(self._on_move_requested,
                                                   Qt.ConnectionType.QueuedConnection)
        self.activity_proxy = ActivityFilterProxy(self)
        self.activity_proxy.setSourceModel(self.activity_model)
        self.activity_proxy.setSortRole(SORT_ROLE)
        self.table = ActivityTableView()
        self.table.setModel(self.activity_proxy)
        self.table.setAccessibleName(self.tr("Activiteiten"))
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(self._on_row_activated)
        self.table.context_menu_requested.connect(self._table_context_menu)

        self.heading = QLabel()
        self.heading.setObjectName("tableHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        self.subheading.setStyleSheet("color: #4a5563;")
        self.filter_bar = FilterBar()
        self.filter_bar.filter_changed.connect(self._on_filter_changed)
        self.activity_proxy.counts_changed.connect(self.filter_bar.show_counts)

        table_area = QWidget()
        table_layout = QVBoxLayout(table_area)
        table_layout.setContentsMargins(8, 8, 4, 8)
        table_layout.addWidget(self.heading)
        table_layout.addWidget(self.subheading)
        table_layout.addWidget(self.filter_bar)
        table_layout.addWidget(self.table, 1)

        self.detail = DetailPanel()
        editor = self.detail.activity_editor
        editor.changes_requested.connect(self._edit_from_detail)
        editor.note_add_requested.connect(self._add_note)
        editor.note_delete_requested.connect(self._delete_note)
        editor.error.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.detail.section_editor.changes_requested.connect(self._edit_section_from_detail)
        self.detail.theme_editor.changes_requested.connect(self._edit_theme_from_detail)

        self.work_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.work_splitter.addWidget(table_area)
        self.work_splitter.addWidget(self.detail)
        self.work_splitter.setStretchFactor(0, 1)
        self.work_splitter.setCollapsible(0, False)
        self.work_splitter.setSizes([800, 360])
        activities_page = QWidget()
        page_layout = QVBoxLayout(activities_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.work_splitter)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._tabs: dict[str, QWidget] = {}
        self.add_tab("activities", activities_page, self.tr("Activiteiten"))
        from ivpdesk.ui.views.indicators_tab import IndicatorsTab

        self.indicators = IndicatorsTab(self)
        self.add_tab("indicators", self.indicators, self.tr("Indicatoren"))

        self.splitter = QSplitter()
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([250, 1030])

        self.welcome = WelcomePage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.splitter)

        self._banners: dict[str, Banner] = {}
        self.banner_area = QWidget()
        self.banner_layout = QVBoxLayout(self.banner_area)
        self.banner_layout.setContentsMargins(8, 6, 8, 0)
        self.banner_area.setVisible(False)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner_area)
        central_layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self.db_label.setText(self.tr("Database: %1").replace("%1", db.display_name))

        self._settings_pages: list[tuple[str, str, Callable[[], QWidget]]] = []
        self._menus: dict[str, QMenu] = {}
        self._menu_actions: dict[str, dict[str, list[QAction]]] = {}
        self._build_menus()
        self._build_workspace_actions()
        self.welcome.demo_requested.connect(self.load_demo)
        self.welcome.new_plan_requested.connect(self.new_plan)
        self.read_only_changed.connect(self._apply_read_only)
        QWidget.setTabOrder(self.navigator, self.filter_bar.search)
        QWidget.setTabOrder(self.filter_bar.search, self.table)
        QWidget.setTabOrder(self.table, self.detail)
        self._restore_state()

        from ivpdesk.ui.features import install_features

        install_features(self)

    # ------------------------------------------------------------------ menus

    def _build_menus(self) -> None:
        titles = {
            "file": self.tr("&Bestand"),
            "edit": self.tr("Be&werken"),
            "view": self.tr("Beel&d"),
            "plan": self.tr("&Plan"),
            "tools": self.tr("E&xtra"),
            "help": self.tr("&Help"),
        }
        for key in MENU_GROUPS:
            self._menus[key] = self.menuBar().addMenu(titles[key])
            self._menu_actions[key] = {group: [] for group in MENU_GROUPS[key]}
        self.file_menu = self._menus["file"]
        self.help_menu = self._menus["help"]

        self.action_new_plan = QAction(self.tr("&Nieuw plan…"), self)
        self.action_new_plan.setShortcut(QKeySequence.StandardKey.New)
        self.action_new_plan.triggered.connect(self.new_plan)
        self.add_menu_action("file", self.action_new_plan, "plan")
        self.register_edit_action(self.action_new_plan)
        self.action_reload = QAction(self.tr("&Vernieuwen"), self)
        self.action_reload.setShortcut(QKeySequence.StandardKey.Refresh)
        self.action_reload.triggered.connect(self.reload)
        self.add_menu_action("view", self.action_reload, "refresh")
        self.action_quit = QAction(self.tr("&Afsluiten"), self)
        self.action_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.action_quit.triggered.connect(self.close)
        self.add_menu_action("file", self.action_quit, "quit")

        self.action_settings = QAction(self.tr("&Instellingen…"), self)
        self.action_settings.setShortcut(QKeySequence.StandardKey.Preferences)
        self.action_settings.triggered.connect(lambda: self.open_settings())
        self.add_menu_action("edit", self.action_settings, "settings")

        about = QAction(self.tr("&Over IVP Desk"), self)
        about.triggered.connect(self._about)
        self.add_menu_action("help", about, "about")

    def _action(self, text: str, slot: Callable[[], Any], menu: str, group: str,
                shortcut: Any = None, *, edit: bool = True, local: bool | str = False,
                tip: str = "") -> QAction:
        """A workspace action in its menu; ``local`` shortcuts only act in table/navigator."""
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.add_menu_action(menu, action, group)
        if local:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            targets = {"table": [self.table], "navigator": [self.navigator]}.get(
                local if isinstance(local, str) else "", [self.table, self.navigator])
            for widget in targets:
                widget.addAction(action)
        if edit:
            self.register_edit_action(action)
        return action

    def _build_workspace_actions(self) -> None:
        self.action_undo = QAction(self.tr("&Ongedaan maken"), self)
        self.action_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.action_undo.triggered.connect(self.undo_stack.undo)
        self.action_redo = QAction(self.tr("Opnie&uw"), self)
        self.action_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.action_redo.triggered.connect(self.undo_stack.redo)
        self.add_menu_action("edit", self.action_undo, "undo")
        self.add_menu_action("edit", self.action_redo, "undo")
        self.register_edit_action(self.action_undo)
        self.register_edit_action(self.action_redo)
        self.undo_stack.canUndoChanged.connect(self._update_undo_actions)
        self.undo_stack.canRedoChanged.connect(self._update_undo_actions)
        self.undo_stack.undoTextChanged.connect(self._update_undo_actions)
        self.undo_stack.redoTextChanged.connect(self._update_undo_actions)
        self._update_undo_actions()

        self.action_copy = self._action(self.tr("&Kopiëren"), self.table.copy_selection, "edit",
                                        "edit", QKeySequence.StandardKey.Copy, edit=False,
                                        local=True)
        self.action_find = self._action(self.tr("&Zoeken"), self.focus_search, "edit", "find",
                                        QKeySequence.StandardKey.Find, edit=False)
        self.action_clear_filters = self._action(self.tr("&Filters wissen"),
                                                 self.filter_bar.clear, "edit", "find", edit=False)

        self.action_show_activities = self._action(
            self.tr("&Activiteiten"), lambda: self.show_tab("activities"), "view", "pages",
            QKeySequence("Ctrl+2"), edit=False)  # Ctrl+1 is the Overzicht (reminders)
        self.action_show_indicators = self._action(
            self.tr("&Indicatoren"), lambda: self.show_tab("indicators"), "view", "pages",
            QKeySequence("Ctrl+3"), edit=False)
        self.action_detail = self._action(self.tr("&Detailpaneel"), self._toggle_detail, "view",
                                          "pages", QKeySequence("F4"), edit=False)
        self.action_detail.setCheckable(True)
        self.action_detail.setChecked(True)
        self.action_tall_rows = self._action(self.tr("&Ruime rijen (drie regels)"),
                                             self._toggle_tall_rows, "view", "pages", edit=False)
        self.action_tall_rows.setCheckable(True)
        self.action_next_pane = self._action(self.tr("&Volgend paneel"), self._next_pane, "view",
                                             "pages", QKeySequence("F6"), edit=False)

        self.action_plan_properties = self._action(
            self.tr("Plan&eigenschappen…"), self.edit_plan_properties, "plan", "plan",
            QKeySequence("Ctrl+Shift+E"),
            tip=self.tr("Gemeente, looptijd, status, vaststelling en inleiding"))
        self.action_add_theme = self._action(self.tr("&Thema toevoegen…"), self.add_theme,
                                             "plan", "themes")
        self.action_add_section = self._action(self.tr("&Onderdeel toevoegen…"), self.add_section,
                                               "plan", "themes")
        self.action_rename = self._action(self.tr("&Naam wijzigen…"), self.rename_selected,
                                          "plan", "themes", QKeySequence("Ctrl+R"))
        self.action_delete_theme = self._action(self.tr("Thema &verwijderen…"),
                                                self.delete_theme, "plan", "themes")
        self.action_delete_section = self._action(self.tr("Onderdeel ver&wijderen…"),
                                                  self.delete_section, "plan", "themes")
        self.action_add_activity = self._action(
            self.tr("&Activiteit toevoegen"), self.add_activity, "plan", "activities",
            [QKeySequence("Ins"), QKeySequence("Ctrl+Shift+N")])
        self.action_duplicate = self._action(self.tr("Activiteit &dupliceren"),
                                             self.duplicate_selected, "plan", "activities",
                                             QKeySequence("Ctrl+D"), local=True)
        self.action_delete = self._action(self.tr("Activiteit ve&rwijderen…"),
                                          self.delete_selected, "plan", "activities",
                                          QKeySequence.StandardKey.Delete, local=True)
        self.action_move = self._action(self.tr("Verplaatsen &naar…"), self.move_selected,
                                        "plan", "activities", QKeySequence("Ctrl+M"))
        self.action_up = self._action(self.tr("Om&hoog"), lambda: self.step_selected(-1), "plan",
                                      "activities", QKeySequence("Alt+Up"), local="table")
        self.action_down = self._action(self.tr("Om&laag"), lambda: self.step_selected(+1),
                                        "plan", "activities", QKeySequence("Alt+Down"),
                                        local="table")
        self.action_theme_up = self._action(self.tr("Thema o&mhoog"),
                                            lambda: self.step_current_theme(-1), "plan", "themes",
                                            QKeySequence("Alt+Up"), local="navigator")
        self.action_theme_down = self._action(self.tr("Thema om&laag"),
                                              lambda: self.step_current_theme(+1), "plan",
                                              "themes", QKeySequence("Alt+Down"),
                                              local="navigator")
        self.action_add_indicator = self._action(self.tr("&Indicator toevoegen"),
                                                 self.indicators.add_indicator, "plan",
                                                 "indicators")
        self.action_delete_indicator = self._action(self.tr("Indicator verwijde&ren…"),
                                                    self.indicators.delete_indicator, "plan",
                                                    "indicators")

    def _update_undo_actions(self, *_args: Any) -> None:
        undo_text = self.undo_stack.undoText()
        redo_text = self.undo_stack.redoText()
        self.action_undo.setText(self.tr("&Ongedaan maken") + (f": {undo_text}" if undo_text else ""))
        self.action_redo.setText(self.tr("Opnie&uw") + (f": {redo_text}" if redo_text else ""))
        self.action_undo.setEnabled(self.undo_stack.canUndo() and not self.read_only)
        self.action_redo.setEnabled(self.undo_stack.canRedo() and not self.read_only)

    # ------------------------------------------------------------------ feature API

    def menu(self, key: str) -> QMenu:
        return self._menus[key]

    def add_menu_action(self, menu: str, action: QAction, group: str) -> QAction:
        """Put ``action`` in ``menu`` within ``group`` (see MENU_GROUPS for the order)."""
        groups = self._menu_actions[menu]
        if group not in groups:
            raise KeyError(f"unknown menu group {menu}/{group}")
        if action.parent() is None:
            action.setParent(self)
        groups[group].append(action)
        qmenu = self._menus[menu]
        qmenu.clear()
        first = True
        for group_name in MENU_GROUPS[menu]:
            actions = groups[group_name]
            if not actions:
                continue
            if not first:
                qmenu.addSeparator()
            first = False
            for item in actions:
                qmenu.addAction(item)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def add_tab(self, key: str, widget: QWidget, title: str, position: int | None = None) -> None:
        self._tabs[key] = widget
        if position is None:
            self.tabs.addTab(widget, title)
        else:
            self.tabs.insertTab(position, widget, title)

    def tab(self, key: str) -> QWidget:
        return self._tabs[key]

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentWidget(self._tabs[key])

    def show_banner(self, key: str, text: str, level: str = "info",
                    action_text: str | None = None,
                    on_action: Callable[[], None] | None = None) -> Banner:
        """Show (or replace) the banner called ``key`` above the work area."""
        self.hide_banner(key)
        banner = Banner(text, level, action_text, on_action)
        banner.setAccessibleName(text)
        self._banners[key] = banner
        self.banner_layout.addWidget(banner)
        self.banner_area.setVisible(True)
        return banner

    def hide_banner(self, key: str) -> None:
        banner = self._banners.pop(key, None)
        if banner is not None:
            self.banner_layout.removeWidget(banner)
            banner.deleteLater()
        self.banner_area.setVisible(bool(self._banners))

    def banner(self, key: str) -> Banner | None:
        return self._banners.get(key)

    def add_settings_page(self, key: str, title: str, factory: Callable[[], QWidget]) -> None:
        """A page in Bewerken → Instellingen…; ``factory`` builds it each time it opens."""
        self._settings_pages.append((key, title, factory))

    def open_settings(self, page: str | None = None) -> bool:
        """Show the settings dialog (on ``page``); True when the officer pressed OK."""
        from ivpdesk.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._settings_pages, self)
        if page is not None:
            dialog.show_page(page)
        return dialog.exec() == SettingsDialog.DialogCode.Accepted

    def selected_activity_id(self) -> int | None:
        """The activity selected in the table (the current one if several), or None."""
        ids = self.selected_activity_ids()
        if not ids:
            return None
        current = self.table.currentIndex().data(ACTIVITY_ROLE)
        if current is not None and current.id in ids:
            return int(current.id)
        return ids[0]

    def selected_activity_ids(self) -> list[int]:
        """All selected activities in view order (group rows left out)."""
        model = self.table.selectionModel()
        if model is None:
            return []
        ids = []
        for index in sorted(model.selectedRows(), key=lambda i: i.row()):
            activity = index.data(ACTIVITY_ROLE)
            if activity is not None and activity.id is not None:
                ids.append(int(activity.id))
        return ids

    def register_edit_action(self, action: QAction) -> None:
        """An action that changes the plan: disabled while the database is read-only."""
        self._edit_actions.append(action)
        action.setEnabled(not self.read_only)
        if action in (getattr(self, "action_undo", None), getattr(self, "action_redo", None)):
            self._update_undo_actions()

    def set_read_only(self, read_only: bool, reason: str = "") -> None:
        """Switch every registered edit action (and the workspace's editors) off or on."""
        self.read_only = read_only
        for action in self._edit_actions:
            action.setEnabled(not read_only)
        self.welcome.setEnabled(not read_only)
        if read_only:
            self.show_banner(
                "read_only",
                reason or self.tr("Alleen-lezen: wijzigingen zijn uitgeschakeld."),
                "warning",
            )
        else:
            self.hide_banner("read_only")
        self.read_only_changed.emit(read_only)

    def _apply_read_only(self, read_only: bool) -> None:
        """The workspace's own editors follow ``read_only`` (no editing anywhere)."""
        self.activity_model.read_only = read_only
        self.navigator_model.read_only = read_only
        self.table.closePersistentEditor(self.table.currentIndex())
        if self.table.state() == self.table.State.EditingState:
            self.table.setFocus()  # closes an open in-place editor (its value is saved)
        self.table.setDragEnabled(not read_only)
        self.table.setAcceptDrops(not read_only)
        self.navigator.setAcceptDrops(not read_only)
        self.detail.set_read_only(read_only)
        self.indicators.set_read_only(read_only)
        self._update_undo_actions()
        self._update_action_state()

    def set_database(self, db: Database) -> None:
        """Work on another database from now on (the caller disposes the old one)."""
        self.db = db
        self.db_label.setText(self.tr("Database: %1").replace("%1", db.display_name))
        self.reload()
        self.database_changed.emit()

    def current_theme_id(self) -> int | None:
        """The theme shown in the activity table, or None for the whole plan."""
        return None if self._shown_theme == ALL_THEMES else self._shown_theme

    def visible_activity_ids(self) -> list[int]:
        """Ids of the activities in the table after filters, in view order."""
        ids = []
        proxy = self.activity_proxy
        for row in range(proxy.rowCount()):
            activity = proxy.index(row, 0).data(ACTIVITY_ROLE)
            if activity is not None and activity.id is not None:
                ids.append(activity.id)
        return ids

    def show_activity(self, activity_id: int) -> bool:
        """Bring the activity into view and select it; False when it is not in the plan.

        Filters that would hide it are cleared (the status bar says so).
        """
        if self.bundle is None:
            return False
        found = next((t for t, _s, a in self.bundle.activities() if a.id == activity_id), None)
        if found is None or found.id is None:
            return False
        self.show_tab("activities")
        self._select_navigator_theme(found.id)
        self.show_theme(found.id)
        if self.activity_proxy.proxy_row_of_activity(activity_id) is None:
            self.filter_bar.clear()
            self.statusBar().showMessage(
                self.tr("De filters zijn gewist om de activiteit te kunnen tonen."), 6000)
        return self._select_activities([activity_id])

    def _select_activities(self, ids: list[int]) -> bool:
        selection = QItemSelection()
        first: QModelIndex | None = None
        columns = self.activity_proxy.columnCount() - 1
        for activity_id in ids:
            row = self.activity_proxy.proxy_row_of_activity(activity_id)
            if row is None:
                continue
            index = self.activity_proxy.index(row, 0)
            selection.select(index, self.activity_proxy.index(row, columns))
            if first is None:
                first = index
        if first is None:
            return False
        model = self.table.selectionModel()
        model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
                     | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(first)
        return True

    def _select_navigator_theme(self, theme_id: int | None) -> None:
        index = self.navigator_model.index_of_theme(theme_id)
        if index.isValid():
            self.navigator.blockSignals(True)
            self.navigator.selectionModel().blockSignals(True)
            self.navigator.setCurrentIndex(index)
            self.navigator.selectionModel().blockSignals(False)
            self.navigator.blockSignals(False)
            self.navigator.viewport().update()

    def _about(self) -> None:
        from ivpdesk import __version__

        QMessageBox.about(
            self,
            self.tr("Over IVP Desk"),
            self.tr(
                "<b>IVP Desk</b> %1<br>Het Integraal Veiligheidsplan en uitvoeringsplan van uw "
                "gemeente, op uw eigen computer. Er gaan geen gegevens naar buiten."
            ).replace("%1", __version__),
        )

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        """Read the current plan again and show it (or the welcome page).

        When it is the same plan of the same database, the theme, filters, sorting and
        selection stay as they were, and so does the undo history (its commands check
        every row before they touch it, so an undo never overwrites a change made
        elsewhere in between). When another plan or database is shown now (new plan,
        roll-over, restore, other file), the undo history is cleared: it belongs to the
        plan that was replaced.
        """
        self._commit_detail()
        selected = self.selected_activity_ids()
        try:
            self.bundle = load_current(self.db)
        except NoPlanError:
            self.bundle = None
        except DomainError as error:
            QMessageBox.warning(self, APP_NAME, error.message)
            self.bundle = None
        key = (self.db.url, self.bundle.plan.id) if self.bundle is not None else None
        same_plan = key is not None and key == self._loaded_key
        if not same_plan:
            self.undo_stack.clear()
        self._loaded_key = key  # type: ignore[assignment]
        if self.bundle is None:
            self.stack.setCurrentWidget(self.welcome)
            self.setWindowTitle(APP_NAME)
            self.activity_model.load(None)
            self.detail.show_nothing()
            self.indicators.load(None)
            self._update_action_state()
            self.plan_loaded.emit()
            return
        self._show_bundle(keep_state=same_plan, selected=selected)
        self.statusBar().showMessage(
            self.tr("%1 thema's, %2 activiteiten")
            .replace("%1", str(len(self.bundle.themes)))
            .replace("%2", str(self.bundle.activity_count)),
            5000,
        )
        self.plan_loaded.emit()

    def _show_bundle(self, *, keep_state: bool, selected: list[int]) -> None:
        bundle = self.bundle
        assert bundle is not None
        self.stack.setCurrentWidget(self.splitter)
        self.setWindowTitle(
            f"{APP_NAME} — {bundle.safety_plan.municipality}, "
            f"uitvoeringsplan {bundle.plan.period_label}"
        )
        theme_ids = {t.id for t in bundle.themes}
        if not keep_state or (self._shown_theme != ALL_THEMES and self._shown_theme not in theme_ids):
            self._shown_theme = ALL_THEMES
        scroll = self.table.verticalScrollBar().value() if keep_state else 0
        self.navigator_model.load(bundle, catalogue())
        self.navigator.expandAll()
        self._select_navigator_theme(self._shown_theme)
        self._update_context()
        self.activity_model.load(bundle, navigator_theme_order(bundle))
        self.show_theme(self._shown_theme)
        if keep_state and selected:
            self._select_activities(selected)
        self.table.verticalScrollBar().setValue(scroll)
        self.indicators.load(bundle)
        self._on_selection_changed()
        QTimer.singleShot(400, self.activity_model.warm_up)

    def _update_context(self) -> None:
        """Choices for filters and editors (trekkers, partners, plan years) from the plan."""
        bundle = self.bundle
        if bundle is None:
            return
        owners = sorted({a.political_owner for _, _, a in bundle.activities() if a.political_owner},
                        key=str.lower)
        officers = sorted({a.officer_owner for _, _, a in bundle.activities() if a.officer_owner},
                          key=str.lower)
        used = sorted({p for _, _, a in bundle.activities() for p in a.partners}, key=str.lower)
        register = [p.name for p in bundle.partners]
        self.filter_bar.set_choices(bundle, sorted(set(owners) | set(officers), key=str.lower), used)
        self.detail.activity_editor.set_context(bundle, owners, officers, register)
        delegate = self.table.delegate
        delegate.owner_names, delegate.officer_names = owners, officers
        delegate.partner_names = register
        delegate.plan_years = bundle.plan.years

    def _on_navigate(self, current: QModelIndex, _previous: QModelIndex) -> None:
        theme_id = current.data(THEME_ID_ROLE)
        if theme_id is not None:
            self.show_theme(int(theme_id))
            self.indicators.show_theme(None if theme_id == ALL_THEMES else int(theme_id))

    def show_theme(self, theme_id: int) -> None:
        """Show the activities of one theme, or of the whole plan for ALL_THEMES."""
        if self.bundle is None:
            return
        self._commit_detail()
        self._shown_theme = theme_id
        if theme_id == ALL_THEMES:
            self.heading.setText(self.tr("Alle activiteiten"))
            self.subheading.setText(
                self.tr("Uitvoeringsplan %1 van de gemeente %2")
                .replace("%1", self.bundle.plan.period_label)
                .replace("%2", self.bundle.safety_plan.municipality)
            )
        else:
            theme = self._theme(theme_id)
            if theme is None:
                return
            self.heading.setText(theme.name)
            self.subheading.setText(f"{theme.kind.label}. {theme.goal}".strip())
        self.activity_proxy.update_filter(theme_id=None if theme_id == ALL_THEMES else theme_id)
        self.table.refresh_spans()
        self._on_selection_changed()

    def _on_filter_changed(self, criteria: ActivityFilter) -> None:
        theme_id = None if self._shown_theme == ALL_THEMES else self._shown_theme
        self.activity_proxy.set_filter(replace_theme(criteria, theme_id))

    def _theme(self, theme_id: int | None) -> Theme | None:
        if self.bundle is None or theme_id is None:
            return None
        return next((t for t in self.bundle.themes if t.id == theme_id), None)

    def _locate(self, activity_id: int) -> tuple[Theme, Section, Activity] | None:
        if self.bundle is None:
            return None
        row = self.activity_model.row_of_activity(activity_id)
        if row is not None:
            item = self.activity_model.row_at(row)
            if item.activity is not None and item.section is not None:
                return item.theme, item.section, item.activity
        return next(((t, s, a) for t, s, a in self.bundle.activities() if a.id == activity_id),
                    None)

    # ------------------------------------------------------------------ selection

    def _on_selection_changed(self, *_args: Any) -> None:
        index = self.table.currentIndex()
        if not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            rows = self.table.selectionModel().selectedRows()
            index = rows[0] if rows else QModelIndex()
        kind = index.data(ROW_KIND_ROLE) if index.isValid() else None
        if kind == ROW_ACTIVITY:
            activity = index.data(ACTIVITY_ROLE)
            editor = self.detail.activity_editor
            if editor.activity is not None and editor.activity.id != activity.id:
                self._commit_detail()
                activity = index.data(ACTIVITY_ROLE)
            self.detail.show_activity(activity, index.data(THEME_ROLE), index.data(SECTION_ROLE))
        elif kind == ROW_SECTION:
            self._commit_detail()
            self.detail.show_section(index.data(SECTION_ROLE), index.data(THEME_ROLE))
        elif kind == ROW_THEME:
            self._commit_detail()
            theme: Theme = index.data(THEME_ROLE)
            self.detail.show_theme(theme, status_summary(status_counts([theme])))
        else:
            self._commit_detail()
            self.detail.show_nothing()
        self._update_action_state()

    def _update_action_state(self) -> None:
        has_plan = self.bundle is not None
        writable = has_plan and not self.read_only
        has_activity = bool(self.selected_activity_ids())
        for action in (self.action_duplicate, self.action_delete, self.action_move):
            action.setEnabled(writable and has_activity)
        for action in (self.action_add_activity, self.action_add_theme, self.action_add_section,
                       self.action_plan_properties, self.action_up, self.action_down,
                       self.action_rename, self.action_delete_theme, self.action_delete_section,
                       self.action_add_indicator, self.action_delete_indicator,
                       self.action_theme_up, self.action_theme_down):
            action.setEnabled(writable)

    def _on_row_activated(self, index: QModelIndex) -> None:
        if index.data(ROW_KIND_ROLE) == ROW_ACTIVITY and self.detail.isVisible():
            self.detail.activity_editor.title.setFocus()

    def _commit_detail(self) -> None:
        """Save what the officer typed in the detail panel before the view moves on."""
        editor = self.detail.activity_editor
        if editor.activity is None or self.read_only:
            return
        pending = editor.pending_changes()
        if pending:
            self._edit_activity(editor.activity, pending)

    # ------------------------------------------------------------------ editing

    def _edit_activity(self, activity: Activity, changes: dict[str, Any]) -> bool:
        assert activity.id is not None
        current = self._locate(activity.id)
        base = current[2] if current is not None else activity
        return self.edits.edit(
            [FieldChange("activity", activity.id, changes, version=base.version)],
            base={("activity", activity.id): base},
        )

    def _edit_from_table(self, activity: Activity, changes: dict[str, Any]) -> bool:
        return self._edit_activity(activity, changes)

    def _edit_from_detail(self, changes: dict[str, Any]) -> None:
        activity = self.detail.activity_editor.activity
        if activity is not None:
            self._edit_activity(activity, changes)

    def _edit_section_from_detail(self, changes: dict[str, Any]) -> None:
        section = self.detail.section_editor.section
        if section is None or section.id is None:
            return
        expected = {name: getattr(section, name) for name in changes}
        self.edits.edit([FieldChange("section", section.id, changes, expected=expected)],
                        base={("section", section.id): section})

    def _edit_theme_from_detail(self, changes: dict[str, Any]) -> None:
        theme = self.detail.theme_editor.theme
        if theme is None or theme.id is None:
            return
        self.edits.edit([FieldChange("theme", theme.id, changes, version=theme.version)],
                        base={("theme", theme.id): theme})

    def edit_theme(self, theme_id: int, changes: dict[str, Any]) -> bool:
        theme = self._theme(theme_id)
        if theme is None:
            return False
        return self.edits.edit([FieldChange("theme", theme_id, changes, version=theme.version)],
                               base={("theme", theme_id): theme})

    def after_field_edits(self, edits: list[FieldEdit]) -> None:
        """Show saved field edits without reloading the plan (the undo stack calls this too)."""
        if self.bundle is None:
            return
        needs_reload = False
        for edit in edits:
            saved = edit.saved
            if edit.kind == "activity":
                if not self.activity_model.replace_activity(saved):
                    needs_reload = True
            elif edit.kind == "theme":
                theme = self._theme(saved.id)
                if theme is None:
                    needs_reload = True
                    continue
                for name in editing.THEME_FIELDS + ("version",):
                    setattr(theme, name, getattr(saved, name))
                if "field_number" in edit.after or "kind" in edit.after:
                    needs_reload = True
            elif edit.kind == "section":
                section = next((s for t in self.bundle.themes for s in t.sections
                                if s.id == saved.id), None)
                if section is None:
                    needs_reload = True
                    continue
                had_name = bool(section.name)
                for name in editing.SECTION_FIELDS:
                    setattr(section, name, getattr(saved, name))
                if "heading" in edit.after or had_name != bool(section.name):
                    needs_reload = True
            elif edit.kind == "indicator":
                self.indicators.indicator_saved(saved)
            else:
                needs_reload = True
        if needs_reload:
            self.reload()
            return
        self.activity_model.refresh_group_rows()
        self.navigator_model.refresh(self.bundle, catalogue())
        self._update_context()
        if self._shown_theme != ALL_THEMES:
            self.show_theme(self._shown_theme)
        self._on_selection_changed()

    def after_structure(self, change: StructureChange, undone: bool = False) -> None:
        """Reload after a structural edit and select what it was about."""
        self.reload()
        focus = change.focus
        if focus is None or self.bundle is None:
            return
        kind, row_id = focus
        if kind == "activity" and not (undone and row_id in change.created.ids("activity")):
            self.show_activity(row_id)
        elif kind == "section":
            source_row = self.activity_model.row_of_section(row_id)
            if source_row is not None:
                index = self.activity_proxy.mapFromSource(self.activity_model.index(source_row, 0))
                if index.isValid():
                    self.table.selectRow(index.row())
        elif kind == "theme" and not undone:
            if self._theme(row_id) is not None:
                self._select_navigator_theme(row_id)
                self.show_theme(row_id)
        elif kind == "indicator":
            self.show_tab("indicators")
            self.indicators.select_indicator(row_id)

    # ------------------------------------------------------------------ structure actions

    def _target_section(self) -> tuple[int | None, int | None]:
        """(section id, index) for a new activity: below the selection, else the end."""
        index = self.table.currentIndex()
        kind = index.data(ROW_KIND_ROLE) if index.isValid() else None
        if kind == ROW_ACTIVITY:
            section: Section = index.data(SECTION_ROLE)
            activity: Activity = index.data(ACTIVITY_ROLE)
            order = [a.id for a in section.activities]
            return section.id, order.index(activity.id) + 1
        if kind == ROW_SECTION:
            return index.data(SECTION_ROLE).id, 0
        return None, None

    def add_activity(self) -> None:
        if self.bundle is None or self.read_only:
            return
        self._commit_detail()
        self.show_tab("activities")
        activity = editing.new_activity(self.bundle.plan.years)
        section_id, position = self._target_section()
        if section_id is not None:
            change = self.edits.structure(editing.add_activity, section_id, activity, position)
        else:
            theme_id = self.current_theme_id() or self._theme_of_current_row()
            if theme_id is None:
                if not self.bundle.themes:
                    QMessageBox.information(self, APP_NAME, self.tr(
                        "Dit plan heeft nog geen thema's. Voeg eerst een thema toe."))
                    return
                theme_id = navigator_theme_order(self.bundle)[0].id
            change = self.edits.structure(editing.add_activity_to_theme, theme_id, activity)
        if change is not None:
            self.detail.activity_editor.title.setFocus()
            self.detail.activity_editor.title.selectAll()
            self.statusBar().showMessage(self.tr("Activiteit toegevoegd; vul de gegevens rechts in."),
                                         6000)

    def _theme_of_current_row(self) -> int | None:
        index = self.table.currentIndex()
        theme = index.data(THEME_ROLE) if index.isValid() else None
        return theme.id if theme is not None else None

    def duplicate_selected(self) -> None:
        ids = self.selected_activity_ids()
        if ids and not self.read_only:
            self._commit_detail()
            self.edits.structure(editing.duplicate_activities, ids)

    def delete_selected(self) -> None:
        ids = self.selected_activity_ids()
        if not ids or self.read_only or self.bundle is None:
            return
        self._commit_detail()
        located = [self._locate(i) for i in ids]
        titles = [f"• {loc[2].display_title[:90]}" for loc in located[:8] if loc is not None]
        more = len(ids) - len(titles)
        question = (self.tr("Deze activiteit verwijderen?") if len(ids) == 1
                    else self.tr("Deze %1 activiteiten verwijderen?").replace("%1", str(len(ids))))
        details = "\n".join(titles) + (f"\n… en nog {more}" if more > 0 else "")
        if not self._confirm(question, details + "\n\n" + self.tr(
                "Voortgangsnotities gaan mee. U kunt dit ongedaan maken met Ctrl+Z.")):
            return
        versions = {loc[2].id: loc[2].version for loc in located if loc is not None}
        change = self.edits.structure(editing.delete_activities, ids, versions)
        if change is not None:
            self.statusBar().showMessage(self.tr("Verwijderd. Ctrl+Z zet het terug."), 8000)

    def _confirm(self, question: str, details: str, button: str | None = None) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, APP_NAME, question, parent=self)
        box.setInformativeText(details)
        yes = box.addButton(button or self.tr("Verwijderen"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is yes

    def move_selected(self) -> None:
        ids = self.selected_activity_ids()
        if not ids or self.read_only or self.bundle is None:
            return
        self._commit_detail()
        from ivpdesk.ui.dialogs.structure_dialogs import MoveDialog

        located = self._locate(ids[0])
        dialog = MoveDialog(self.bundle, located[1].id if located else None, len(ids), self)
        if dialog.exec() != MoveDialog.DialogCode.Accepted or dialog.section_id is None:
            return
        self.edits.structure(editing.move_activities, ids, dialog.section_id, None)

    def _on_move_requested(self, ids: list[int], section_id: int, index: int) -> None:
        if self.read_only:
            return
        self.edits.structure(editing.move_activities, ids, section_id,
                             None if index < 0 else index)

    def _on_dropped_on_theme(self, ids: list[int], theme_id: int) -> None:
        theme = self._theme(theme_id)
        if theme is None or self.read_only:
            return
        if not theme.sections:
            QMessageBox.information(self, APP_NAME, self.tr(
                "Het thema '%1' heeft nog geen onderdeel. Voeg eerst een onderdeel toe.")
                .replace("%1", theme.name))
            return
        self.edits.structure(editing.move_activities, ids, theme.sections[-1].id, None)

    def step_selected(self, delta: int) -> None:
        """Alt+Up/Down: the selected activity, onderdeel or theme one place up or down."""
        if self.read_only or self.bundle is None:
            return
        self._commit_detail()
        index = self.table.currentIndex()
        kind = index.data(ROW_KIND_ROLE) if index.isValid() else None
        if kind == ROW_ACTIVITY:
            ids = self.selected_activity_ids()
            if len(ids) > 1:
                self.statusBar().showMessage(self.tr("Verplaats één activiteit tegelijk."), 5000)
                return
            if self.activity_model.sort_state[0] != 0 or self.activity_model.sort_state[1] != Qt.SortOrder.AscendingOrder:
                self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
                self.statusBar().showMessage(self.tr("De tabel staat weer in planvolgorde."), 5000)
            self.edits.structure(editing.step_activity, index.data(ACTIVITY_ROLE).id, delta)
        elif kind == ROW_SECTION:
            self.edits.structure(editing.step_section, index.data(SECTION_ROLE).id, delta)
        elif kind == ROW_THEME:
            self._step_theme(index.data(THEME_ROLE).id, delta)

    def step_current_theme(self, delta: int) -> None:
        """Alt+Up/Down in the navigator: the chosen theme one place up or down."""
        if self.read_only or self.bundle is None:
            return
        index = self.navigator.currentIndex()
        if index.data(NODE_ROLE) == NODE_THEME:
            self._step_theme(int(index.data(THEME_ID_ROLE)), delta)
        elif self.current_theme_id() is not None:
            self._step_theme(self.current_theme_id(), delta)  # type: ignore[arg-type]
        else:
            self.statusBar().showMessage(self.tr("Kies eerst een thema in de navigator."), 5000)

    def _step_theme(self, theme_id: int, delta: int) -> None:
        """Swap with the neighbouring theme of the same veiligheidsveld (navigator order)."""
        assert self.bundle is not None
        theme = self._theme(theme_id)
        if theme is None:
            return
        same_field = [t for t in navigator_theme_order(self.bundle)
                      if t.field_number == theme.field_number]
        position = [t.id for t in same_field].index(theme_id) + delta
        if not 0 <= position < len(same_field):
            self.statusBar().showMessage(
                self.tr("Het thema staat al bovenaan.") if delta < 0
                else self.tr("Het thema staat al onderaan."), 5000)
            return
        other = same_field[position]
        order = [t.id for t in sorted(self.bundle.themes, key=lambda t: (t.position, t.id or 0))]
        a, b = order.index(theme_id), order.index(other.id)
        order[a], order[b] = order[b], order[a]
        self.edits.structure(editing.reorder_themes, self.bundle.plan.id, order, theme_id)
        self._select_navigator_theme(self._shown_theme)

    def add_theme(self) -> None:
        if self.bundle is None or self.read_only:
            return
        from ivpdesk.ui.dialogs.structure_dialogs import ThemeDialog

        dialog = ThemeDialog(self)
        if dialog.exec() != ThemeDialog.DialogCode.Accepted or dialog.result_theme is None:
            return
        self.edits.structure(editing.add_theme, self.bundle.plan.id, dialog.result_theme)

    def _current_theme_for_structure(self) -> Theme | None:
        index = self.table.currentIndex()
        theme = index.data(THEME_ROLE) if index.isValid() else None
        return theme or self._theme(self.current_theme_id())

    def add_section(self) -> None:
        if self.bundle is None or self.read_only:
            return
        from ivpdesk.ui.dialogs.structure_dialogs import SectionDialog

        theme = self._current_theme_for_structure()
        dialog = SectionDialog(self.bundle, theme.id if theme else None, self)
        if dialog.exec() != SectionDialog.DialogCode.Accepted or dialog.result_section is None:
            return
        self.edits.structure(editing.add_section, dialog.theme_id, dialog.result_section)

    def rename_selected(self) -> None:
        """Ctrl+R: rename the selected theme or onderdeel (in the navigator or the table)."""
        if self.bundle is None or self.read_only:
            return
        from PySide6.QtWidgets import QInputDialog

        index = self.table.currentIndex()
        kind = index.data(ROW_KIND_ROLE) if index.isValid() else None
        if self.navigator.hasFocus() or kind not in (ROW_SECTION, ROW_ACTIVITY):
            theme = (self._theme(self.current_theme_id()) if self.navigator.hasFocus() or kind is None
                     else index.data(THEME_ROLE))
            if theme is None:
                self.statusBar().showMessage(self.tr("Kies eerst een thema of onderdeel."), 5000)
                return
            name, ok = QInputDialog.getText(self, self.tr("Naam wijzigen"),
                                            self.tr("Nieuwe naam van het thema:"), text=theme.name)
            if ok and name.strip() and name.strip() != theme.name:
                self.edit_theme(theme.id, {"name": name.strip()})
            return
        section: Section = index.data(SECTION_ROLE)
        name, ok = QInputDialog.getText(self, self.tr("Naam wijzigen"),
                                        self.tr("Nieuwe naam van het onderdeel:"), text=section.name)
        if ok and name.strip() != section.name:
            self.edits.edit([FieldChange("section", section.id, {"name": name.strip()},
                                         expected={"name": section.name})],
                            base={("section", section.id): section})

    def delete_theme(self) -> None:
        theme = self._current_theme_for_structure()
        if theme is None or self.read_only:
            self.statusBar().showMessage(self.tr("Kies eerst een thema."), 5000)
            return
        count = theme.activity_count
        if not self._confirm(
            self.tr("Thema '%1' verwijderen?").replace("%1", theme.name),
            self.tr("Met %1 onderdelen en %2 activiteiten. Indicatoren van het thema blijven "
                    "bestaan (zonder thema). U kunt dit ongedaan maken met Ctrl+Z.")
            .replace("%1", str(len(theme.sections))).replace("%2", str(count)),
        ):
            return
        if self.edits.structure(editing.delete_theme, theme.id) is not None:
            self._shown_theme = ALL_THEMES
            self.reload()

    def delete_section(self) -> None:
        index = self.table.currentIndex()
        section = index.data(SECTION_ROLE) if index.isValid() else None
        if section is None or self.read_only:
            self.statusBar().showMessage(self.tr("Kies eerst een onderdeel in de tabel."), 5000)
            return
        if not self._confirm(
            self.tr("Onderdeel '%1' verwijderen?").replace("%1", section.name or self.tr("zonder naam")),
            self.tr("Met %1 activiteiten. U kunt dit ongedaan maken met Ctrl+Z.")
            .replace("%1", str(len(section.activities))),
        ):
            return
        self.edits.structure(editing.delete_section, section.id)

    def _add_note(self, text: str, moment: str, written_on: Any) -> None:
        activity = self.detail.activity_editor.activity
        if activity is None or activity.id is None:
            return
        self.edits.structure(editing.add_note, activity.id,
                             editing.new_note(text, moment, written_on))

    def _delete_note(self, note_id: int) -> None:
        if self._confirm(self.tr("Deze voortgangsnotitie verwijderen?"),
                         self.tr("U kunt dit ongedaan maken met Ctrl+Z.")):
            self.edits.structure(editing.delete_note, note_id)

    def edit_plan_properties(self) -> None:
        if self.bundle is None or self.read_only:
            return
        from ivpdesk.ui.dialogs.plan_properties_dialog import PlanPropertiesDialog

        dialog = PlanPropertiesDialog(self.bundle, self)
        if dialog.exec() != PlanPropertiesDialog.DialogCode.Accepted:
            return
        changes = dialog.changes()
        if changes:
            self.edits.edit(changes, base={("plan", self.bundle.plan.id): self.bundle.plan,
                                           ("safety_plan", self.bundle.safety_plan.id):
                                           self.bundle.safety_plan},
                            text=self.tr("Planeigenschappen wijzigen"))

    def _table_context_menu(self, position: Any) -> None:
        menu = QMenu(self)
        for action in (self.action_add_activity, self.action_duplicate, self.action_move,
                       self.action_delete, None, self.action_up, self.action_down, None,
                       self.action_add_section, self.action_rename, self.action_delete_section,
                       None, self.action_copy):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(position)

    # ------------------------------------------------------------------ view actions

    def focus_search(self) -> None:
        self.show_tab("activities")
        self.filter_bar.search.setFocus()
        self.filter_bar.search.selectAll()

    def _toggle_detail(self) -> None:
        self.detail.setVisible(self.action_detail.isChecked())

    def _toggle_tall_rows(self) -> None:
        self.table.set_lines_per_row(3 if self.action_tall_rows.isChecked() else 2)

    def _next_pane(self) -> None:
        panes = [self.navigator, self.filter_bar.search, self.table, self.detail.stack]
        focus = QApplication.focusWidget()
        current = next((n for n, pane in enumerate(panes)
                        if focus is not None and (focus is pane or pane.isAncestorOf(focus))), -1)
        target = panes[(current + 1) % len(panes)]
        if target is self.detail.stack:
            page = self.detail.stack.currentWidget()
            target = page.focusProxy() or page.nextInFocusChain() if page is not None else target
        target.setFocus()

    # ------------------------------------------------------------------ plan actions

    def load_demo(self) -> None:
        from ivpdesk.services.demo import load_demo

        try:
            load_demo(self.db)
        except DomainError as error:
            QMessageBox.warning(self, APP_NAME, error.message)
            return
        self.reload()

    def new_plan(self) -> None:
        if self.read_only:
            return
        from ivpdesk.ui.dialogs.new_plan_wizard import NewPlanWizard

        wizard = NewPlanWizard(self.db, self)
        if wizard.exec() == NewPlanWizard.DialogCode.Accepted and wizard.created_plan_id is not None:
            self._shown_theme = ALL_THEMES
            self.reload()
            self.statusBar().showMessage(self.tr("Het nieuwe plan is aangemaakt."), 6000)

    # ------------------------------------------------------------------ state

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self._first_start_geometry()
        for key, splitter in (("main/splitter", self.splitter),
                              ("main/work_splitter", self.work_splitter)):
            state = settings.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        header = settings.value("main/activity_header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
        self.indicators.restore_state(settings)
        tall = settings.value("main/tall_rows", False)
        if tall in (True, "true"):
            self.action_tall_rows.setChecked(True)
            self._toggle_tall_rows()
        detail = settings.value("main/detail_visible", True)
        if detail in (False, "false"):
            self.action_detail.setChecked(False)
            self._toggle_detail()

    def _first_start_geometry(self) -> None:
        """First start: maximized on laptops and ordinary monitors (up to 1920 wide: the
        table needs the room); on bigger screens 90% of the screen, centred."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        if available.width() <= 1920 or available.height() <= 1080:
            self.setWindowState(Qt.WindowState.WindowMaximized)
            self.resize(available.size())
            wide = available.width() >= 1600
            navigator, detail = (360, 430) if wide else (270, 350)
            self.splitter.setSizes([navigator, available.width() - navigator])
            self.work_splitter.setSizes([available.width() - navigator - detail, detail])
            return
        width = min(1600, int(available.width() * 0.9))
        height = min(1000, int(available.height() * 0.9))
        self.resize(width, height)
        self.move(available.left() + (available.width() - width) // 2,
                  available.top() + (available.height() - height) // 2)
        self.splitter.setSizes([300, width - 300])
        self.work_splitter.setSizes([width - 300 - 430, 430])

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        settings.setValue("main/work_splitter", self.work_splitter.saveState())
        settings.setValue("main/activity_header", self.table.horizontalHeader().saveState())
        settings.setValue("main/tall_rows", self.action_tall_rows.isChecked())
        settings.setValue("main/detail_visible", self.action_detail.isChecked())
        self.indicators.save_state(settings)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._commit_detail()
        self.save_state()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if os.environ.get(EXIT_WHEN_SHOWN_ENV) and not getattr(self, "_exit_scheduled", False):
            self._exit_scheduled = True

            def report() -> None:
                print(f"shown {time.monotonic():.6f} {self.activity_model.activity_count()}",
                      flush=True)
                QApplication.quit()

            QTimer.singleShot(0, report)


def replace_theme(criteria: ActivityFilter, theme_id: int | None) -> ActivityFilter:
    from dataclasses import replace

    return replace(criteria, theme_id=theme_id)
