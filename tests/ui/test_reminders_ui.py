"""The Overzicht tab, its buttons, notifications (null notifier and banner), settings and export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import QDate, QModelIndex
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from ivpdesk.domain import ActivityStatus
from ivpdesk.services.autostart import Autostart
from ivpdesk.store.tables import ChangeLogRow
from ivpdesk.store.uow import Database
from ivpdesk.ui.app import create_application
from ivpdesk.ui.main_window import MainWindow
from ivpdesk.ui.models.reminder_model import COL_WHAT, REMINDER_ROLE
from ivpdesk.ui.notifiers import BANNER_KEY, BannerNotifier, NullNotifier, app_icon, drawn_icon
from ivpdesk.ui.reminders_feature import ReminderController, ReminderSettingsPage, controller_of
from tests.reminder_plan import TODAY, build_reminder_plan


class Clock:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


def _window(qtbot, db: Database, clock: Clock) -> tuple[MainWindow, ReminderController]:  # type: ignore[no-untyped-def]
    create_application()
    win = MainWindow(db)
    qtbot.addWidget(win)
    controller = controller_of(win)
    assert controller is not None
    controller.set_clock(clock)
    win.reload()
    win.show()
    return win, controller


@pytest.fixture
def window(qtbot, db: Database, clock: Clock) -> tuple[MainWindow, ReminderController]:  # type: ignore[no-untyped-def]
    build_reminder_plan(db)
    return _window(qtbot, db, clock)


def _select(controller: ReminderController, title: str, due: date | None = None) -> None:
    model = controller.page.model
    for group_row in range(model.rowCount()):
        group = model.index(group_row, 0)
        for row in range(model.rowCount(group)):
            index = model.index(row, 0, group)
            reminder = index.data(REMINDER_ROLE)
            if reminder.title == title and (due is None or reminder.due_on == due):
                controller.page.tree.setCurrentIndex(index)
                return
    raise AssertionError(f"{title} not in the overview")


def _status(db: Database, title: str) -> ActivityStatus:
    from ivpdesk.services.plans import load_current

    return next(a.status for _t, _s, a in load_current(db).activities() if a.title == title)


def test_overview_is_the_first_tab_and_shows_counts(window) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    assert win.tabs.tabText(0) == "Over&zicht"
    assert win.tabs.currentWidget() is controller.page
    model = controller.page.model
    assert [model.index(r, 0).data() for r in range(4)] == [
        "Te laat (2)", "Deze week (2)", "Komende 30 dagen (4)", "Planning niet herkend (1)"]
    cards = {g.value: c.text() for g, c in controller.page.cards.items()}
    assert cards["te laat"] == "2  Te laat"
    first = model.index(0, 0, model.index(0, 0))
    assert first.siblingAtColumn(COL_WHAT).data() == "Cameratoezicht"
    assert controller.page.selected_reminder().title == "Cameratoezicht"  # type: ignore[union-attr]
    assert "Q1 2027" in controller.page.detail.text()
    # The tab stays where the officer put it on later reloads.
    win.show_tab("activities")
    win.reload()
    assert win.tabs.currentWidget() is win.tab("activities")


def test_row_opens_the_activity_or_the_moment(window) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    _select(controller, "Keurmerk")
    keurmerk = controller.page.selected_reminder()
    controller.page.tree.activated.emit(controller.page.tree.currentIndex())
    assert win.tabs.currentWidget() is win.tab("activities")
    assert win.selected_activity_id() == keurmerk.activity_id  # type: ignore[union-attr]
    win.show_tab("overview")
    _select(controller, "Voortgangsrapportage 2027")
    controller.action_open.trigger()
    assert win.tabs.currentWidget() is win.tab("calendar")
    assert win.tab("calendar").selected().name == "Voortgangsrapportage 2027"  # type: ignore[attr-defined]


def test_gereed_sets_the_status_logs_it_and_can_be_undone(window, db: Database) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    _select(controller, "Cameratoezicht")
    controller.action_done.trigger()
    assert _status(db, "Cameratoezicht") is ActivityStatus.DONE
    with db.uow() as uow:
        logged = [(r.old_value, r.new_value) for r in uow.session.scalars(
            select(ChangeLogRow).where(ChangeLogRow.field == "status"))]
    assert logged == [("loopt", "gereed")]
    assert controller.page.model.index(0, 0).data() == "Te laat (1)"
    banner = win.banner("reminder_undo")
    assert banner is not None and banner.label.text() == "‘Cameratoezicht’ is gereed gemeld."
    assert banner.button is not None
    banner.button.click()
    assert _status(db, "Cameratoezicht") is ActivityStatus.RUNNING
    assert controller.page.model.index(0, 0).data() == "Te laat (2)"
    assert win.banner("reminder_undo") is None


def test_week_uitstellen_hides_the_row_for_seven_days(window, db: Database, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    _select(controller, "Keurmerk")
    controller.action_snooze.trigger()
    assert controller.page.model.index(1, 0).data() == "Deze week (1)"
    with db.uow() as uow:
        states = uow.reminders.all()
    assert [v for k, v in states.items() if k.endswith(":2027-06-15")] == [(None, TODAY + timedelta(days=7))]
    assert _status(db, "Keurmerk") is ActivityStatus.NOT_STARTED
    assert win.banner("reminder_undo").label.text() == "‘Keurmerk’ is uitgesteld tot 21-06-2027."  # type: ignore[union-attr]
    assert controller.undo_timer.isActive() and controller.undo_timer.interval() == 30_000
    controller.undo_timer.timeout.emit()  # the undo offer expires
    assert win.banner("reminder_undo") is None
    controller.page.set_as_of(TODAY + timedelta(days=7))
    controller.refresh()
    assert controller.overview is not None and controller.overview.find(
        next(k for k in states if k.endswith(":2027-06-15"))) is not None


def test_stale_gereed_shows_a_clear_message_and_reloads(window, db: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    _select(controller, "Cameratoezicht")
    with db.uow() as uow:  # someone else changes the activity after the overview was read
        activity = uow.activities.get(controller.page.selected_reminder().activity_id)  # type: ignore[union-attr, arg-type]
        activity.officer_owner = "Team Veiligheid"
        uow.activities.update(activity)
        uow.commit()
    controller.action_done.trigger()
    assert len(shown) == 1 and "intussen door iemand anders gewijzigd" in shown[0]
    assert _status(db, "Cameratoezicht") is ActivityStatus.RUNNING
    _select(controller, "Cameratoezicht")  # reloaded: the new version is shown
    assert controller.page.selected_reminder().owner == "Team Veiligheid"  # type: ignore[union-attr]


def test_read_only_disables_gereed_and_uitstellen(window) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    _select(controller, "Keurmerk")
    assert controller.action_done.isEnabled() and controller.action_snooze.isEnabled()
    win.set_read_only(True, "Alleen-lezen: Annemarie heeft het plan open.")
    assert not controller.action_done.isEnabled() and not controller.action_snooze.isEnabled()
    assert controller.action_open.isEnabled()
    calendar = win.tab("calendar")
    assert not calendar.action_add.isEnabled()  # type: ignore[attr-defined]
    win.set_read_only(False)
    assert controller.action_done.isEnabled()
    controller.page.tree.setCurrentIndex(QModelIndex())
    controller._update_actions()
    assert not controller.action_done.isEnabled()


def test_notification_at_start_and_once_a_day_with_catch_up(window, db: Database, clock: Clock, qtbot) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    notifier = NullNotifier()
    controller.start(notifier)
    assert controller.timer.isActive()
    assert len(notifier.messages) == 1
    title, text, level = notifier.messages[0]
    assert title == "IVP Desk: deadlines" and level == "warning"
    assert text.startswith("5 deadlines vragen aandacht: 2 te laat en 3 binnenkort.")
    assert controller.check() is None  # same day: quiet
    clock.day = TODAY + timedelta(days=1)
    assert controller.check() is not None  # a new day while running
    assert len(notifier.messages) == 2
    assert controller.page.as_of_date() == clock.day  # the Overzicht followed the new day

    # Closed for four days, then started again: the notification names what passed meanwhile.
    win.close()
    clock.day = TODAY + timedelta(days=5)
    win2, controller2 = _window(qtbot, db, clock)
    later = NullNotifier()
    controller2.start(later)
    assert len(later.messages) == 1
    assert "Verlopen sinds 15-06-2027: ‘Keurmerk’" in later.messages[0][1]


def test_nothing_due_clears_instead_of_notifying(window, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    clock.day = date(2026, 12, 1)
    notifier = NullNotifier()
    controller.start(notifier)
    assert notifier.messages == [] and notifier.cleared == 1


def test_without_a_tray_the_banner_carries_the_reminder(window) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    from PySide6.QtWidgets import QSystemTrayIcon

    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen, like a bare Xvfb
    win.show_tab("activities")
    controller.start()
    assert isinstance(controller.notifier, BannerNotifier)
    banner = win.banner(BANNER_KEY)
    assert banner is not None and banner.label.text().startswith("5 deadlines vragen aandacht")
    assert banner.button is not None and banner.button.text() == "Overzicht openen"
    banner.button.click()
    assert win.tabs.currentWidget() is controller.page
    # Ticking items off keeps the banner's numbers right.
    _select(controller, "Cameratoezicht")
    controller.action_done.trigger()
    assert win.banner(BANNER_KEY).label.text().startswith("4 deadlines")  # type: ignore[union-attr]


def test_peildatum_shows_another_day(window) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    controller.page.as_of.setDate(QDate(2026, 12, 1))
    assert controller.page.model.index(0, 0).data() == "Te laat (0)"
    assert controller.page.empty.text() == "Niets te laat en niets in de komende 30 dagen."
    assert "op 01-12-2026" in controller.page.subtitle.text()
    assert "Het plan begint op 01-01-2027" in controller.page.subtitle.text()
    controller.page.today_button.click()
    assert controller.page.as_of_date() == TODAY
    assert controller.page.model.index(0, 0).data() == "Te laat (2)"


def test_settings_page_writes_the_autostart_file_and_lead_days(window, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    folder = tmp_path / "autostart"
    controller.autostart_factory = lambda: Autostart("linux", folder)
    page = ReminderSettingsPage(controller)
    assert str(folder / "ivpdesk.desktop") in page.autostart_note.text()
    assert not page.autostart_box.isChecked()
    page.autostart_box.setChecked(True)
    page.lead.setValue(20)
    page.apply()
    text = (folder / "ivpdesk.desktop").read_text(encoding="utf-8")
    assert "--geminimaliseerd" in text and f"--db {db.path}" in text
    with db.uow() as uow:
        assert uow.settings.get("reminders.activity_lead_days") == "20"
    again = ReminderSettingsPage(controller)
    assert again.autostart_box.isChecked() and again.lead.value() == 20
    again.autostart_box.setChecked(False)
    again.apply()
    assert not (folder / "ivpdesk.desktop").exists()
    windows = tmp_path / "Startup"
    controller.autostart_factory = lambda: Autostart("windows", windows)
    third = ReminderSettingsPage(controller)
    third.autostart_box.setChecked(True)
    third.apply()
    assert "--geminimaliseerd" in (windows / "IVP Desk.cmd").read_text(encoding="utf-8")


def test_agenda_export_from_the_window(window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    target = tmp_path / "agenda.ics"
    handle = controller.export_ics_to(target, show_dialog=False)
    qtbot.waitUntil(lambda: handle.finished, timeout=10_000)
    assert handle.error is None
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert len(events) == 18
    assert "Agenda geschreven naar" in win.statusBar().currentMessage()
    assert any(a.text().startswith("&Agenda exporteren") for a in win.menu("file").actions())


def test_icons_exist() -> None:
    create_application()
    assert not drawn_icon().isNull() and len(drawn_icon().availableSizes()) >= 4
    assert not app_icon().isNull()


def test_start_up_notifies_after_the_first_paint_with_one_overview(  # type: ignore[no-untyped-def]
        qtbot, db: Database, clock: Clock, monkeypatch) -> None:
    """As run_gui does it: load before show, then start_reminders; one overview for both."""
    from ivpdesk.services import reminders as service
    from ivpdesk.ui.reminders_feature import start_reminders

    build_reminder_plan(db)
    calls: list[date] = []
    original = service.overview_for

    def counting(db_, bundle, today, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(today)
        return original(db_, bundle, today, *args, **kwargs)

    monkeypatch.setattr(service, "overview_for", counting)
    create_application()
    win = MainWindow(db)
    qtbot.addWidget(win)
    controller = controller_of(win)
    assert controller is not None
    controller.set_clock(clock)
    win.reload()  # before show, like the start-up: the Overzicht is filled right after
    win.show()
    notifier = NullNotifier()
    start_reminders(win, notifier)
    assert notifier.messages == [] and controller.overview is None  # nothing before the loop
    qtbot.waitUntil(lambda: len(notifier.messages) == 1, timeout=5000)
    assert notifier.messages[0][1].startswith("5 deadlines vragen aandacht")
    assert controller.page.model.index(0, 0).data() == "Te laat (2)"
    assert calls == [TODAY]  # the notification reused the Overzicht's overview
