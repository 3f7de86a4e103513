"""Reminders in the window: the Overzicht tab, tray/banner notifications, autostart, agenda export.

``install(window)`` (from :data:`ivpdesk.ui.features.UI_FEATURES`) adds the Overzicht at
position 0 and shows it first after a plan loads, the P&C-kalender tab, menu actions and
the settings page "Herinneringen". It does not notify yet: :func:`start_reminders`, called
by the application start-up, adds the tray icon (or the banner fallback), notifies once
now and then once a day (a timer checks every 15 minutes, which also notices a new day
after sleep), catching up with what passed since the last notification. Windows built
by tests therefore stay quiet unless a test starts them with a :class:`NullNotifier`.

The reminder logic is :func:`ivpdesk.domain.reminders.reminders`; the clock is injectable
(``install(window, clock=...)`` or :meth:`ReminderController.set_clock`).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QModelIndex, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from ivpdesk import APP_NAME
from ivpdesk.domain import clock as clock_module
from ivpdesk.domain.clock import Clock
from ivpdesk.domain.errors import DomainError, StaleEditError
from ivpdesk.domain.formatting import format_date
from ivpdesk.domain.reminders import (
    Overview,
    Reminder,
    ReminderGroup,
    ReminderSource,
    notification_text,
)
from ivpdesk.services import reminders as service
from ivpdesk.services.autostart import Autostart, AutostartError, launch_command
from ivpdesk.ui.models.reminder_model import (
    COL_DUE,
    COL_OWNER,
    COL_PLANNING,
    COL_THEME,
    COL_WHAT,
    COL_WHEN,
    GROUP_COLOURS,
    ReminderTreeModel,
)
from ivpdesk.ui.notifiers import BannerNotifier, Notifier, NullNotifier, choose_notifier

if TYPE_CHECKING:
    from ivpdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 15 * 60 * 1000
NOTIFY_SETTING = "reminders/notify"
UNDO_BANNER = "reminder_undo"
UNDO_SECONDS = 30


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def notifications_enabled() -> bool:
    return QSettings().value(NOTIFY_SETTING, True, type=bool)  # type: ignore[return-value]


class OverviewPage(QWidget):
    """The Overzicht: counts per group, the grouped list, Gereed / Week uitstellen."""

    def __init__(self, controller: ReminderController) -> None:
        super().__init__()
        self.controller = controller
        self.setAccessibleName(self.tr("Overzicht van deadlines"))

        self.title = QLabel(self.tr("Overzicht"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)

        self.as_of = QDateEdit()
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("dd-MM-yyyy")
        self.as_of.setAccessibleName(self.tr("Peildatum"))
        self.as_of.setToolTip(self.tr("Bekijk welke deadlines op een andere dag te laat of "
                                      "dichtbij zijn."))
        self.today_button = QPushButton(self.tr("Vandaag"))
        self.today_button.clicked.connect(self.go_to_today)
        as_of_row = QHBoxLayout()
        as_of_row.addWidget(QLabel(self.tr("Peildatum:")))
        as_of_row.addWidget(self.as_of)
        as_of_row.addWidget(self.today_button)
        as_of_row.addStretch(1)

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addLayout(as_of_row)

        self.cards: dict[ReminderGroup, QPushButton] = {}
        cards = QHBoxLayout()
        for group in ReminderGroup:
            card = QPushButton()
            card.setFlat(True)
            card.setCursor(Qt.CursorShape.PointingHandCursor)
            card.setStyleSheet(
                f"QPushButton {{ text-align: left; padding: 6px 12px; border: 1px solid #d0d4da; "
                f"border-left: 5px solid {GROUP_COLOURS[group]}; border-radius: 3px; "
                f"background: #fafbfc; color: #202124; }}"
                "QPushButton:hover { background: #eef3fa; }"
            )
            card.clicked.connect(lambda _checked=False, g=group: self.select_group(g))
            self.cards[group] = card
            cards.addWidget(card)
        cards.addStretch(1)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setAccessibleName(self.tr("Acties bij de herinnering"))

        self.model = ReminderTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(self.tr("Herinneringen per groep"))
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.activated.connect(lambda _index: controller.open_selected())
        self.tree.setIndentation(14)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_DUE, 112), (COL_WHEN, 145), (COL_THEME, 170),
                              (COL_OWNER, 140), (COL_PLANNING, 170)):
            self.tree.setColumnWidth(column, width)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setStyleSheet("color: #3c4043;")
        self.detail.setMinimumHeight(36)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #2e7d32; padding: 4px 0;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(head)
        layout.addLayout(cards)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)

    # ------------------------------------------------------------------ state

    def set_as_of(self, day: date) -> None:
        self.as_of.blockSignals(True)
        self.as_of.setDate(_qdate(day))
        self.as_of.blockSignals(False)

    def as_of_date(self) -> date:
        return _pydate(self.as_of.date())

    def go_to_today(self) -> None:
        self.set_as_of(self.controller.today())
        self.controller.refresh()

    def show_overview(self, overview: Overview | None, plan_label: str,
                      period: tuple[date, date] | None = None) -> None:
        selected = self.selected_reminder()
        self.model.set_overview(overview)
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self.tree.expandAll()
        counts = overview.counts if overview else {g: 0 for g in ReminderGroup}
        within = overview.within_days if overview else 30
        for group, card in self.cards.items():
            card.setText(f"{counts[group]}  {group.label(within)}")
            card.setAccessibleName(f"{group.label(within)}: {counts[group]}")
        if overview is None:
            self.subtitle.setText(self.tr("Er is nog geen uitvoeringsplan geladen."))
            self.empty.setText("")
            return
        today = self.controller.today()
        peil = "vandaag" if overview.today == today else f"op {format_date(overview.today)}"
        self.subtitle.setText(
            self.tr("Deadlines en P&C-momenten van uitvoeringsplan %1, %2. Dubbelklik om een "
                    "activiteit te openen.").replace("%1", plan_label).replace("%2", peil)
            + self._period_note(overview.today, period))
        busy = counts[ReminderGroup.OVERDUE] + counts[ReminderGroup.THIS_WEEK] + \
            counts[ReminderGroup.UPCOMING]
        self.empty.setVisible(busy == 0)
        self.empty.setText(self.tr("Niets te laat en niets in de komende %1 dagen.")
                           .replace("%1", str(within)) if busy == 0 else "")
        index = self.model.index_of_key(selected.key) if selected is not None else QModelIndex()
        if not index.isValid():  # keep the officer's place; else start at the first reminder
            index = next((self.model.index(0, 0, g) for g in
                          (self.model.index(r, 0) for r in range(self.model.rowCount()))
                          if self.model.rowCount(g)), QModelIndex())
        if index.isValid():
            self.tree.setCurrentIndex(index)
        self._show_detail()

    def _period_note(self, day: date, period: tuple[date, date] | None) -> str:
        if period is None:
            return ""
        first, last = period
        if day < first:
            return " " + self.tr("Het plan begint op %1; kies een latere peildatum om vooruit te "
                                 "kijken.").replace("%1", format_date(first))
        if day > last:
            return " " + self.tr("Het plan is afgelopen op %1.").replace("%1", format_date(last))
        return ""

    def selected_reminder(self) -> Reminder | None:
        index = self.tree.currentIndex()
        return self.model.reminder(index.siblingAtColumn(0)) if index.isValid() else None

    def select_group(self, group: ReminderGroup) -> None:
        index = self.model.group_index(group)
        if not index.isValid():
            return
        target = self.model.index(0, 0, index) if self.model.rowCount(index) else index
        self.tree.setCurrentIndex(target)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        self.tree.setFocus()

    def _show_detail(self) -> None:
        reminder = self.selected_reminder()
        if reminder is None:
            self.detail.setText(self.tr("Kies een regel om te zien hoe de planning is gelezen."))
            return
        parts = [reminder.title]
        if reminder.source is ReminderSource.ACTIVITY:
            parts.append(f"planning ‘{reminder.planning_text or '–'}’")
        if reminder.explanation:
            parts.append(reminder.explanation)
        if reminder.remind_on is not None:
            parts.append(f"herinnering vanaf {format_date(reminder.remind_on)} "
                         f"({reminder.lead_days} dagen voorbereiding)")
        self.detail.setText(" — ".join(parts))

    def _context_menu(self, position: Any) -> None:
        if self.selected_reminder() is None:
            return
        menu = QMenu(self)
        for action in self.controller.row_actions:
            menu.addAction(action)
        menu.exec(self.tree.viewport().mapToGlobal(position))


class ReminderSettingsPage(QWidget):
    """Bewerken → Instellingen → Herinneringen."""

    def __init__(self, controller: ReminderController) -> None:
        super().__init__()
        self.controller = controller
        window = controller.window
        self.autostart_box = QCheckBox(self.tr("Start bij aanmelden (geminimaliseerd)"))
        self.autostart_note = QLabel()
        self.autostart_note.setWordWrap(True)
        self.autostart_note.setStyleSheet("color: #5f6368;")
        try:
            autostart = controller.autostart()
            self.autostart_box.setChecked(autostart.is_enabled())
            self.autostart_note.setText(self.tr(
                "IVP Desk start dan bij het aanmelden geminimaliseerd en meldt wat te laat is of "
                "eraan komt. Hiervoor komt dit bestand in uw map voor opstarten (geen "
                "beheerdersrechten nodig): %1").replace("%1", str(autostart.path)))
        except AutostartError as error:
            self.autostart_box.setEnabled(False)
            self.autostart_note.setText(error.message)
        self.notify_box = QCheckBox(self.tr("Dagelijkse melding tonen (systeemvak, of een balk in "
                                            "het venster)"))
        self.notify_box.setChecked(notifications_enabled())
        self.lead = QSpinBox()
        self.lead.setRange(0, 365)
        self.lead.setSuffix(self.tr(" dagen"))
        self.lead.setAccessibleName(self.tr("Voorbereidingstijd voor activiteiten"))
        self.lead.setMaximumWidth(140)
        try:
            with window.db.uow() as uow:
                self._lead_before = service.activity_lead_days(uow)
        except SQLAlchemyError:
            self._lead_before = service.DEFAULT_ACTIVITY_LEAD_DAYS
        self.lead.setValue(self._lead_before)
        self.lead.setEnabled(not window.read_only)
        lead_note = QLabel(self.tr(
            "Vanaf zoveel dagen vóór de deadline van een activiteit noemt de dagelijkse melding "
            "haar. P&C-momenten hebben elk een eigen voorbereidingstijd (tabblad P&C-kalender). "
            "Deze instelling geldt voor iedereen die deze database gebruikt."))
        lead_note.setWordWrap(True)
        lead_note.setStyleSheet("color: #5f6368;")
        form = QFormLayout()
        form.addRow(self.tr("Herinnering bij activiteiten:"), self.lead)
        layout = QVBoxLayout(self)
        layout.addWidget(self.autostart_box)
        layout.addWidget(self.autostart_note)
        layout.addSpacing(8)
        layout.addWidget(self.notify_box)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(lead_note)
        layout.addStretch(1)

    def apply(self) -> None:
        if self.autostart_box.isEnabled():
            autostart = self.controller.autostart()
            if self.autostart_box.isChecked() and not autostart.is_enabled():
                autostart.enable(self.controller.launch_command())
            elif not self.autostart_box.isChecked() and autostart.is_enabled():
                autostart.disable()
        QSettings().setValue(NOTIFY_SETTING, self.notify_box.isChecked())
        if self.lead.value() != self._lead_before and not self.controller.window.read_only:
            service.set_activity_lead_days(self.controller.window.db, self.lead.value())
            self.controller.window.reload()


class ReminderController(QObject):
    """Owns the Overzicht tab and the notification schedule of one main window."""

    def __init__(self, window: MainWindow, clock: Clock = clock_module.today) -> None:
        super().__init__(window)
        self.setObjectName("reminders")
        self.window = window
        self.clock = clock
        self.notifier: Notifier | None = None
        self._shown_first = False
        self._last_notified_memory: date | None = None
        self._seen_today = clock()
        self._undo: service.ReminderAction | None = None
        self.overview: Overview | None = None
        self.autostart_factory = Autostart.for_this_machine

        self.page = OverviewPage(self)
        self.page.set_as_of(self._seen_today)
        self.page.as_of.dateChanged.connect(lambda _d: self.refresh())
        window.add_tab("overview", self.page, self.tr("Over&zicht"), position=0)

        self.action_open = QAction(self.tr("Openen"), self)
        self.action_open.setToolTip(self.tr("Toon de activiteit in de tabel (of het P&C-moment)"))
        self.action_open.triggered.connect(self.open_selected)
        self.action_done = QAction(self.tr("Gereed"), self)
        self.action_done.setToolTip(self.tr(
            "Meld gereed: de activiteit krijgt status gereed (bij een activiteit met meer "
            "deadlines alleen deze keer), een P&C-moment krijgt een datum gereed"))
        self.action_done.triggered.connect(self.mark_done)
        self.action_snooze = QAction(self.tr("Week uitstellen"), self)
        self.action_snooze.setToolTip(self.tr("Verberg deze herinnering zeven dagen"))
        self.action_snooze.triggered.connect(self.snooze)
        self.row_actions = [self.action_open, self.action_done, self.action_snooze]
        for action in self.row_actions:
            self.page.toolbar.addAction(action)
        window.register_edit_action(self.action_done)
        window.register_edit_action(self.action_snooze)
        self.page.tree.selectionModel().currentChanged.connect(lambda *_: self._on_selection())

        self.action_show = QAction(self.tr("&Overzicht van deadlines"), self)
        self.action_show.setShortcut(QKeySequence("Ctrl+1"))
        self.action_show.triggered.connect(self.show_overview)
        window.add_menu_action("tools", self.action_show, "deadlines")
        self.action_check = QAction(self.tr("&Herinneringen nu tonen"), self)
        self.action_check.triggered.connect(lambda: self.check(at_start=True))
        window.add_menu_action("tools", self.action_check, "deadlines")
        self.action_ics = QAction(self.tr("&Agenda exporteren voor Outlook (.ics)…"), self)
        self.action_ics.triggered.connect(self.export_ics)
        window.add_menu_action("file", self.action_ics, "export")
        window.add_settings_page("reminders", self.tr("Herinneringen"),
                                 lambda: ReminderSettingsPage(self))

        window.plan_loaded.connect(self._on_plan_loaded)
        window.database_changed.connect(self._on_database_changed)
        window.read_only_changed.connect(lambda _ro: self._update_actions())
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.undo_timer = QTimer(self)
        self.undo_timer.setSingleShot(True)
        self.undo_timer.setInterval(UNDO_SECONDS * 1000)
        self.undo_timer.timeout.connect(self._expire_undo)
        self._update_actions()

    # ------------------------------------------------------------------ clock & data

    def set_clock(self, clock: Clock) -> None:
        """Tests: use ``clock`` from now on (the Overzicht follows if it showed today)."""
        self.clock = clock
        self._follow_today()

    def today(self) -> date:
        return self.clock()

    def autostart(self) -> Autostart:
        return self.autostart_factory()

    def launch_command(self) -> list[str]:
        from ivpdesk.paths import Paths

        path = self.window.db.path
        default = Paths.from_environment().default_db
        chosen = path if path is not None and path.resolve() != default.resolve() else None
        return launch_command(chosen)

    def _follow_today(self) -> None:
        today = self.today()
        if today != self._seen_today:
            if self.page.as_of_date() == self._seen_today:
                self.page.set_as_of(today)
            self._seen_today = today
            self.refresh()

    def refresh(self) -> None:
        """Recompute the Overzicht for the peildatum (after a reload or a date change)."""
        bundle = self.window.bundle
        if bundle is None:
            self.overview = None
            self.page.show_overview(None, "")
            self._update_actions()
            return
        try:
            self.overview = service.overview_for(self.window.db, bundle, self.page.as_of_date())
        except (DomainError, SQLAlchemyError) as error:
            log.warning("overview failed: %s", error)
            self.overview = None
        period = (date(bundle.plan.start_year, 1, 1), date(bundle.plan.end_year, 12, 31))
        self.page.show_overview(self.overview, bundle.plan.period_label, period)
        self._update_actions()
        self._refresh_banner()

    def _on_plan_loaded(self) -> None:
        if not self.window.isVisible() and not self._shown_first:
            # The first load at start-up: show the window first, fill the Overzicht right
            # after (a large plan's overview takes ~0.1 s that the officer would wait for).
            QTimer.singleShot(0, self, self.refresh)
        else:
            self.refresh()
        if not self._shown_first and self.window.bundle is not None:
            self._shown_first = True
            self.window.show_tab("overview")

    def _on_database_changed(self) -> None:
        self._shown_first = False
        self._last_notified_memory = None
        if self.window.bundle is not None:
            self._shown_first = True
            self.window.show_tab("overview")
            if self.notifier is not None:
                self.check(at_start=True)

    def show_overview(self) -> None:
        self.window.show_tab("overview")
        self.page.tree.setFocus()

    # ------------------------------------------------------------------ notifications

    def start(self, notifier: Notifier | None = None) -> None:
        """Begin notifying: once now (catching up), then once a day while the app runs."""
        if notifier is None:
            on_open = self._open_from_notification
            notifier = choose_notifier(self.window, on_open) if notifications_enabled() else NullNotifier()
        self.notifier = notifier
        self.check(at_start=True)
        self.timer.start()

    def _open_from_notification(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
        self.show_overview()

    def _last_notified(self) -> date | None:
        stored = service.last_notified(self.window.db)
        candidates = [d for d in (stored, self._last_notified_memory) if d is not None]
        return max(candidates) if candidates else None

    def check(self, at_start: bool = False) -> str | None:
        """Notify when it is a new day (or at start); returns the text shown, if any."""
        self._follow_today()
        bundle = self.window.bundle
        if self.notifier is None or bundle is None:
            return None
        today = self.today()
        last = self._last_notified()
        if not at_start and last is not None and last >= today:
            return None
        overview = self.overview  # the Overzicht's own, when it shows today
        if overview is None or overview.today != today:
            try:
                overview = service.overview_for(self.window.db, bundle, today)
            except (DomainError, SQLAlchemyError) as error:
                log.warning("reminder check failed: %s", error)
                return None
        text = notification_text(overview, last)
        self._last_notified_memory = today
        service.remember_notified(self.window.db, today)
        if text is None:
            self.notifier.clear()
            return None
        level = "warning" if overview.overdue else "info"
        self.notifier.notify(self.tr("IVP Desk: deadlines"), text, level)
        return text

    def _refresh_banner(self) -> None:
        """Keep the banner's counts right after Gereed / uitstellen (no new notification)."""
        notifier = self.notifier
        if not isinstance(notifier, BannerNotifier) or not notifier.showing:
            return
        bundle = self.window.bundle
        if bundle is None:
            notifier.clear()
            return
        try:
            overview = service.overview_for(self.window.db, bundle, self.today())
        except (DomainError, SQLAlchemyError):
            return
        text = notification_text(overview)
        if text is None:
            notifier.clear()
        else:
            notifier.notify(self.tr("IVP Desk: deadlines"), text,
                            "warning" if overview.overdue else "info")

    # ------------------------------------------------------------------ row actions

    def selected(self) -> Reminder | None:
        return self.page.selected_reminder()

    def _on_selection(self) -> None:
        self._update_actions()
        self.page._show_detail()

    def _update_actions(self) -> None:
        reminder = self.selected()
        editable = reminder is not None and not self.window.read_only
        self.action_open.setEnabled(reminder is not None)
        self.action_done.setEnabled(editable)
        self.action_snooze.setEnabled(editable)

    def open_selected(self) -> None:
        reminder = self.selected()
        if reminder is None:
            return
        if reminder.source is ReminderSource.CONTROL_MOMENT:
            from ivpdesk.ui.control_calendar_page import ControlCalendarPage

            self.window.show_tab("calendar")
            page = self.window.tab("calendar")
            if isinstance(page, ControlCalendarPage) and reminder.control_moment_id is not None:
                page.select_moment(reminder.control_moment_id)
            return
        if reminder.activity_id is not None and not self.window.show_activity(reminder.activity_id):
            self.window.statusBar().showMessage(
                self.tr("De activiteit staat niet (meer) in het plan."), 5000)

    def mark_done(self) -> None:
        reminder = self.selected()
        if reminder is None or self.window.read_only:
            return
        self._run(lambda: service.mark_done(self.window.db, reminder, self.today()))

    def snooze(self) -> None:
        reminder = self.selected()
        if reminder is None or self.window.read_only:
            return
        start = max(self.today(), self.page.as_of_date())
        self._run(lambda: service.snooze(self.window.db, reminder, start))

    def _run(self, work: Any) -> None:
        try:
            action = work()
        except StaleEditError as error:
            QMessageBox.warning(self.window, APP_NAME, error.message)
            self.window.reload()
            return
        except DomainError as error:
            QMessageBox.warning(self.window, APP_NAME, error.message)
            return
        self._undo = action
        self.window.reload()
        self.window.show_banner(UNDO_BANNER, action.message, "info", self.tr("Ongedaan maken"),
                                self.undo_last)
        self.undo_timer.start()  # owned by this controller: it dies with the window

    def _expire_undo(self) -> None:
        self._undo = None
        self.window.hide_banner(UNDO_BANNER)

    def undo_last(self) -> None:
        action, self._undo = self._undo, None
        self.undo_timer.stop()
        self.window.hide_banner(UNDO_BANNER)
        if action is None:
            return
        try:
            service.undo(self.window.db, action)
        except DomainError as error:
            QMessageBox.warning(self.window, APP_NAME, error.message)
        self.window.reload()

    # ------------------------------------------------------------------ agenda export

    def export_ics(self) -> None:
        bundle = self.window.bundle
        if bundle is None:
            QMessageBox.information(self.window, APP_NAME, self.tr("Er is nog geen plan geladen."))
            return
        settings = QSettings()
        folder = str(settings.value("reminders/ics_folder", str(Path.home())))
        name = f"IVP Desk {bundle.safety_plan.municipality} {bundle.plan.period_label}.ics"
        chosen, _filter = QFileDialog.getSaveFileName(
            self.window, self.tr("Agenda exporteren"), str(Path(folder) / name.replace("–", "-")),
            self.tr("iCalendar-bestanden (*.ics)"))
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        settings.setValue("reminders/ics_folder", str(path.parent))
        self.export_ics_to(path)

    def export_ics_to(self, path: Path, *, show_dialog: bool = True) -> Any:
        """Write the agenda in the background; a message says how to import it in Outlook."""
        from ivpdesk.services.calendar_ics import export_ics
        from ivpdesk.ui.tasks import run_task

        bundle, db = self.window.bundle, self.window.db
        assert bundle is not None

        def done(result: Any) -> None:
            self.window.statusBar().showMessage(
                self.tr("Agenda geschreven naar %1 (%2 afspraken).")
                .replace("%1", str(result.path)).replace("%2", str(result.appointments)), 8000)
            if show_dialog:
                QMessageBox.information(self.window, APP_NAME, self.tr(
                    "De agenda staat in %1 (%2 afspraken: deadlines en P&C-momenten).\n\n"
                    "In Outlook: Bestand → Openen en exporteren → Importeren/exporteren → "
                    "‘Een iCalendar-bestand (.ics) importeren’ → kies het bestand → Importeren. "
                    "Exporteert en importeert u later opnieuw, dan worden de afspraken bijgewerkt "
                    "in plaats van verdubbeld.").replace("%1", str(result.path))
                    .replace("%2", str(result.appointments)))

        return run_task(self.window, self.tr("Agenda exporteren…"),
                        lambda progress: export_ics(db, bundle, path, progress=progress), done,
                        show_dialog=show_dialog)


def install(window: MainWindow, *, clock: Clock | None = None) -> ReminderController:
    """Add the Overzicht, the P&C-kalender, menu actions and the settings page."""
    from ivpdesk.ui.control_calendar_page import install_calendar

    controller = ReminderController(window, clock or clock_module.today)
    install_calendar(window, controller)
    return controller


def controller_of(window: MainWindow) -> ReminderController | None:
    found = window.findChild(ReminderController, "reminders")
    return found if isinstance(found, ReminderController) else None


def start_reminders(window: MainWindow, notifier: Notifier | None = None) -> None:
    """Called once by the application start-up after the window is shown."""
    controller = controller_of(window)
    if controller is not None:
        # After the first paint, and after the Overzicht is filled (queued by the first
        # load), so the start-up notification reuses that overview instead of a second one.
        QTimer.singleShot(0, controller, lambda: controller.start(notifier))
