"""Main window: plan navigator on the left, tabs (activities, …) on the right.

On a database without a plan it shows the welcome page instead. The window only
displays and dispatches; reading and writing go through services and the unit of work.
Feature modules (import, reports, reminders, locking …) plug in through the small API
documented in :mod:`ivpdesk.ui.features`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ivpdesk import APP_NAME
from ivpdesk.domain import DomainError, PlanBundle
from ivpdesk.paths import catalogue
from ivpdesk.services.plans import NoPlanError, load_current
from ivpdesk.store.uow import Database
from ivpdesk.ui.models.activity_table_model import ACTIVITY_ROLE, SORT_ROLE, ActivityTableModel
from ivpdesk.ui.models.navigator_model import ALL_THEMES, THEME_ID_ROLE, NavigatorModel
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
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 760)

        self.navigator_model = NavigatorModel(self)
        self.navigator = QTreeView()
        self.navigator.setModel(self.navigator_model)
        self.navigator.setHeaderHidden(True)
        self.navigator.setAccessibleName(self.tr("Plannavigator"))
        self.navigator.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.navigator.selectionModel().currentChanged.connect(self._on_navigate)

        self.activity_model = ActivityTableModel(self)
        self.activity_proxy = QSortFilterProxyModel(self)
        self.activity_proxy.setSourceModel(self.activity_model)
        self.activity_proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.activity_proxy)
        self.table.setAccessibleName(self.tr("Activiteiten"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((170, 380, 150, 130, 190, 130, 90, 80)):
            self.table.setColumnWidth(column, width)

        self.heading = QLabel()
        self.heading.setObjectName("tableHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        activities_page = QWidget()
        right_layout = QVBoxLayout(activities_page)
        right_layout.setContentsMargins(8, 8, 8, 8)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.subheading)
        right_layout.addWidget(self.table, 1)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._tabs: dict[str, QWidget] = {}
        self.add_tab("activities", activities_page, self.tr("Activiteiten"))

        self.splitter = QSplitter()
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 980])

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
        self.read_only = False
        self._edit_actions: list[QAction] = []

        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self.db_label.setText(self.tr("Database: %1").replace("%1", db.display_name))

        self._settings_pages: list[tuple[str, str, Callable[[], QWidget]]] = []
        self._menus: dict[str, QMenu] = {}
        self._menu_actions: dict[str, dict[str, list[QAction]]] = {}
        self._build_menus()
        self.welcome.demo_requested.connect(self.load_demo)
        self.welcome.new_plan_requested.connect(self.new_plan)
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
        """The activity selected in the table, or None."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        activity = rows[0].data(ACTIVITY_ROLE)
        return None if activity is None else activity.id

    def register_edit_action(self, action: QAction) -> None:
        """An action that changes the plan: disabled while the database is read-only."""
        self._edit_actions.append(action)
        action.setEnabled(not self.read_only)

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
        for row in range(self.activity_proxy.rowCount()):
            activity = self.activity_proxy.index(row, 0).data(ACTIVITY_ROLE)
            if activity is not None and activity.id is not None:
                ids.append(activity.id)
        return ids

    def show_activity(self, activity_id: int) -> bool:
        """Bring the activity into view and select it; False when it is not in the plan."""
        if self.bundle is None:
            return False
        found = next((t for t, _s, a in self.bundle.activities() if a.id == activity_id), None)
        if found is None or found.id is None:
            return False
        for item_index in self._navigator_indexes():
            if item_index.data(THEME_ID_ROLE) == found.id:
                self.navigator.setCurrentIndex(item_index)
                break
        self.show_theme(found.id)
        self.show_tab("activities")
        for row in range(self.activity_proxy.rowCount()):
            index = self.activity_proxy.index(row, 0)
            activity = index.data(ACTIVITY_ROLE)
            if activity is not None and activity.id == activity_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return True
        return False

    def _navigator_indexes(self) -> list[QModelIndex]:
        found: list[QModelIndex] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.navigator_model.rowCount(parent)):
                index = self.navigator_model.index(row, 0, parent)
                found.append(index)
                walk(index)

        walk(QModelIndex())
        return found

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
        """Read the current plan again and show it (or the welcome page)."""
        try:
            self.bundle = load_current(self.db)
        except NoPlanError:
            self.bundle = None
        except DomainError as error:
            QMessageBox.warning(self, APP_NAME, error.message)
            self.bundle = None
        if self.bundle is None:
            self.stack.setCurrentWidget(self.welcome)
            self.setWindowTitle(APP_NAME)
            self.activity_model.set_rows([])
            return
        self.stack.setCurrentWidget(self.splitter)
        self.setWindowTitle(
            f"{APP_NAME} — {self.bundle.safety_plan.municipality}, "
            f"uitvoeringsplan {self.bundle.plan.period_label}"
        )
        self.navigator_model.load(self.bundle, catalogue())
        self.navigator.expandAll()
        self.navigator.setCurrentIndex(self.navigator_model.index(0, 0))
        self.show_theme(ALL_THEMES)
        self.statusBar().showMessage(
            self.tr("%1 thema's, %2 activiteiten")
            .replace("%1", str(len(self.bundle.themes)))
            .replace("%2", str(self.bundle.activity_count)),
            5000,
        )
        self.plan_loaded.emit()

    def _on_navigate(self, current: QModelIndex, _previous: QModelIndex) -> None:
        theme_id = current.data(THEME_ID_ROLE)
        if theme_id is not None:
            self.show_theme(int(theme_id))

    def show_theme(self, theme_id: int) -> None:
        """Show the activities of one theme, or of the whole plan for ALL_THEMES."""
        if self.bundle is None:
            return
        self._shown_theme = theme_id
        if theme_id == ALL_THEMES:
            rows = list(self.bundle.activities())
            self.heading.setText(self.tr("Alle activiteiten"))
            self.subheading.setText(
                self.tr("Uitvoeringsplan %1 van de gemeente %2")
                .replace("%1", self.bundle.plan.period_label)
                .replace("%2", self.bundle.safety_plan.municipality)
            )
        else:
            theme = next((t for t in self.bundle.themes if t.id == theme_id), None)
            if theme is None:
                return
            rows = [(theme, s, a) for s in theme.sections for a in s.activities]
            self.heading.setText(f"{theme.name}")
            self.subheading.setText(f"{theme.kind.label}. {theme.goal}".strip())
        self.activity_model.set_rows(rows)
        self.table.resizeRowsToContents()

    # ------------------------------------------------------------------ actions

    def load_demo(self) -> None:
        from ivpdesk.services.demo import load_demo

        try:
            load_demo(self.db)
        except DomainError as error:
            QMessageBox.warning(self, APP_NAME, error.message)
            return
        self.reload()

    def new_plan(self) -> None:
        from ivpdesk.services.plans import create_plan
        from ivpdesk.ui.dialogs.new_plan_dialog import NewPlanDialog

        dialog = NewPlanDialog(self)
        if dialog.exec() != NewPlanDialog.DialogCode.Accepted or dialog.result_plans is None:
            return
        safety, plan = dialog.result_plans
        try:
            with self.db.uow() as uow:
                create_plan(uow, safety, plan)
                uow.commit()
        except DomainError as error:
            QMessageBox.warning(self, APP_NAME, error.message)
            return
        self.reload()

    # ------------------------------------------------------------------ state

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = settings.value("main/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        header = settings.value("main/activity_header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        settings.setValue("main/activity_header", self.table.horizontalHeader().saveState())
        super().closeEvent(event)
