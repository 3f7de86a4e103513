"""Main window: plan navigator on the left, the activity table on the right.

On a database without a plan it shows the welcome page instead. The window only
displays and dispatches; reading and writing go through services and the unit of work.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ivpdesk import APP_NAME
from ivpdesk.domain import DomainError, PlanBundle
from ivpdesk.paths import catalogue
from ivpdesk.services.plans import NoPlanError, load_current
from ivpdesk.store.uow import Database
from ivpdesk.ui.models.activity_table_model import SORT_ROLE, ActivityTableModel
from ivpdesk.ui.models.navigator_model import ALL_THEMES, THEME_ID_ROLE, NavigatorModel
from ivpdesk.ui.welcome import WelcomePage


class MainWindow(QMainWindow):
    plan_loaded = Signal()

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.bundle: PlanBundle | None = None
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
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 8, 8, 8)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.subheading)
        right_layout.addWidget(self.table, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 980])

        self.welcome = WelcomePage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)

        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self.db_label.setText(self.tr("Database: %1").replace("%1", db.display_name))

        self._build_menus()
        self.welcome.demo_requested.connect(self.load_demo)
        self.welcome.new_plan_requested.connect(self.new_plan)
        self._restore_state()

    # ------------------------------------------------------------------ menus

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Bestand"))
        self.action_new_plan = QAction(self.tr("&Nieuw plan…"), self)
        self.action_new_plan.setShortcut(QKeySequence.StandardKey.New)
        self.action_new_plan.triggered.connect(self.new_plan)
        file_menu.addAction(self.action_new_plan)
        self.action_reload = QAction(self.tr("&Vernieuwen"), self)
        self.action_reload.setShortcut(QKeySequence.StandardKey.Refresh)
        self.action_reload.triggered.connect(self.reload)
        file_menu.addAction(self.action_reload)
        file_menu.addSeparator()
        self.action_quit = QAction(self.tr("&Afsluiten"), self)
        self.action_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.action_quit.triggered.connect(self.close)
        file_menu.addAction(self.action_quit)
        self.file_menu = file_menu

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&Over IVP Desk"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)
        self.help_menu = help_menu

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
