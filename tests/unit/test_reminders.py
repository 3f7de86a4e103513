"""Reminders at a fixed date on a plan built here: groups, keys, done, snooze, undo, notices."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from ivpdesk.domain import (
    ActivityStatus,
    StaleEditError,
)
from ivpdesk.domain.reminders import (
    ReminderGroup,
    ReminderSource,
    describe_days,
    notification_text,
    reminders,
)
from ivpdesk.services import reminders as service
from ivpdesk.services.plans import load_current
from ivpdesk.store.tables import ChangeLogRow
from ivpdesk.store.uow import Database
from tests.reminder_plan import TODAY, build_reminder_plan


@pytest.fixture
def plan_db(db: Database) -> Database:
    build_reminder_plan(db)
    return db


def titles(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{r.title} {r.due_on:%d-%m}" if r.due_on else r.title for r in items]


def test_overview_counts_and_order_at_a_fixed_date(plan_db: Database) -> None:
    overview = service.overview_for(plan_db, load_current(plan_db), TODAY)
    assert overview.counts == {ReminderGroup.OVERDUE: 2, ReminderGroup.THIS_WEEK: 2,
                               ReminderGroup.UPCOMING: 4, ReminderGroup.UNRECOGNISED: 1}
    assert titles(overview.overdue) == ["Cameratoezicht 31-03", "Driehoek 31-03"]
    assert titles(overview.this_week) == ["Keurmerk 15-06", "Met deadline 20-06"]
    assert titles(overview.upcoming) == ["Voortgangsrapportage 2027 30-06", "Driehoek 30-06",
                                         "Mystery shopping 30-06", "Evaluatie 01-08"]
    assert titles(overview.unrecognised) == ["Onduidelijk"]
    late = overview.overdue[0]
    assert late.days_left == -75 and late.when == "75 dagen te laat"
    assert late.theme == "Jeugd" and late.owner == "Team OOV"
    assert late.closes_activity
    assert overview.upcoming[0].source is ReminderSource.CONTROL_MOMENT
    # Only the last open deadline of a one-off activity closes it; recurring never does.
    mystery = next(r for r in overview.upcoming if r.title == "Mystery shopping")
    assert not mystery.closes_activity
    assert not overview.overdue[1].closes_activity
    # The notification names what is late or inside its lead time (Evaluatie: 60 days).
    assert titles(overview.needs_attention) == [
        "Cameratoezicht 31-03", "Driehoek 31-03", "Keurmerk 15-06", "Met deadline 20-06",
        "Evaluatie 01-08"]


def test_week_and_window_boundaries(plan_db: Database) -> None:
    bundle = load_current(plan_db)
    # 15-06-2027 (Keurmerk): 6 days ahead is this week, 7 days ahead is upcoming.
    assert "Keurmerk 15-06" in titles(reminders(date(2027, 6, 9), bundle).this_week)
    assert "Keurmerk 15-06" in titles(reminders(date(2027, 6, 8), bundle).upcoming)
    assert "Keurmerk 15-06" in titles(reminders(date(2027, 5, 16), bundle).upcoming)  # 30 days
    assert "Keurmerk 15-06" not in titles(reminders(date(2027, 5, 15), bundle).upcoming)
    # A narrower window still shows what is inside its lead time (14 days for activities,
    # 60 for Evaluatie), and drops the rest (the 30-06 deadlines, 16 days ahead).
    narrow = reminders(TODAY, bundle, within_days=3)
    assert titles(narrow.upcoming) == ["Evaluatie 01-08"]
    assert titles(narrow.this_week) == ["Keurmerk 15-06", "Met deadline 20-06"]
    assert titles(reminders(TODAY, bundle, within_days=3, activity_lead_days=3).this_week) == [
        "Keurmerk 15-06"]


def test_reminder_keys_are_stable_and_contain_the_deadline(plan_db: Database) -> None:
    first = service.overview_for(plan_db, load_current(plan_db), TODAY)
    second = service.overview_for(plan_db, load_current(plan_db), TODAY)
    assert [r.key for _g, items in first.groups for r in items] == \
        [r.key for _g, items in second.groups for r in items]
    keurmerk = first.this_week[0]
    assert keurmerk.key == f"activiteit:{keurmerk.activity_id}:2027-06-15"
    assert first.unrecognised[0].key == f"planning:{first.unrecognised[0].activity_id}"
    assert first.upcoming[0].key.startswith("pc-moment:")


def test_snooze_hides_a_reminder_for_one_week(plan_db: Database) -> None:
    bundle = load_current(plan_db)
    keurmerk = service.overview_for(plan_db, bundle, TODAY).this_week[0]
    action = service.snooze(plan_db, keurmerk, TODAY)
    assert action.message == "‘Keurmerk’ is uitgesteld tot 21-06-2027."
    for day, visible in [(TODAY, False), (date(2027, 6, 20), False), (date(2027, 6, 21), True)]:
        overview = service.overview_for(plan_db, bundle, day)
        assert (overview.find(keurmerk.key) is not None) is visible, day
    # The activity itself is untouched.
    with plan_db.uow() as uow:
        assert uow.activities.get(keurmerk.activity_id).status is ActivityStatus.NOT_STARTED  # type: ignore[arg-type]


def test_done_sets_gereed_through_the_repository_and_is_logged(plan_db: Database) -> None:
    overview = service.overview_for(plan_db, load_current(plan_db), TODAY)
    camera = overview.overdue[0]
    action = service.mark_done(plan_db, camera, TODAY)
    assert action.message == "‘Cameratoezicht’ is gereed gemeld."
    with plan_db.uow() as uow:
        assert uow.activities.get(camera.activity_id).status is ActivityStatus.DONE  # type: ignore[arg-type]
        log = [(r.entity, r.old_value, r.new_value, r.actor) for r in uow.session.scalars(
            select(ChangeLogRow).where(ChangeLogRow.entity_id == camera.activity_id,
                                       ChangeLogRow.field == "status"))]
    assert log == [
        ("activiteit", "loopt", "gereed", "testgebruiker")]
    after = service.overview_for(plan_db, load_current(plan_db), TODAY)
    assert "Cameratoezicht 31-03" not in titles(after.overdue)

    service.undo(plan_db, action)
    with plan_db.uow() as uow:
        assert uow.activities.get(camera.activity_id).status is ActivityStatus.RUNNING  # type: ignore[arg-type]
    assert "Cameratoezicht 31-03" in titles(service.overview_for(plan_db, load_current(plan_db), TODAY).overdue)


def test_done_on_an_earlier_deadline_only_ticks_that_one_off(plan_db: Database) -> None:
    bundle = load_current(plan_db)
    mystery = service.overview_for(plan_db, bundle, TODAY).find(
        next(r.key for r in reminders(TODAY, bundle).upcoming if r.title == "Mystery shopping"))
    assert mystery is not None
    action = service.mark_done(plan_db, mystery, TODAY)
    assert "loopt door" in action.message and not action.closed_activity
    with plan_db.uow() as uow:
        assert uow.activities.get(mystery.activity_id).status is ActivityStatus.NOT_STARTED  # type: ignore[arg-type]
    assert service.overview_for(plan_db, bundle, TODAY).find(mystery.key) is None
    november = service.overview_for(plan_db, bundle, date(2027, 11, 25))
    last = next(r for r in november.this_week if r.title == "Mystery shopping")
    assert last.due_on == date(2027, 11, 30) and last.closes_activity


def test_done_on_a_control_moment_sets_its_done_date(plan_db: Database) -> None:
    bundle = load_current(plan_db)
    moment = service.overview_for(plan_db, bundle, TODAY).upcoming[0]
    service.mark_done(plan_db, moment, TODAY)
    bundle = load_current(plan_db)
    stored = next(m for m in bundle.control_moments if m.id == moment.control_moment_id)
    assert stored.done_on == TODAY
    assert service.overview_for(plan_db, bundle, TODAY).find(moment.key) is None


def test_done_on_a_stale_overview_is_refused_with_a_clear_message(plan_db: Database) -> None:
    camera = service.overview_for(plan_db, load_current(plan_db), TODAY).overdue[0]
    with plan_db.uow() as uow:  # the other officer edits the same activity meanwhile
        activity = uow.activities.get(camera.activity_id)  # type: ignore[arg-type]
        activity.description = "Cameratoezicht, uitgebreid met de Markt."
        uow.activities.update(activity)
        uow.commit()
    with pytest.raises(StaleEditError) as error:
        service.mark_done(plan_db, camera, TODAY)
    assert "intussen door iemand anders gewijzigd" in error.value.message
    with plan_db.uow() as uow:
        assert uow.activities.get(camera.activity_id).status is ActivityStatus.RUNNING  # type: ignore[arg-type]


def test_lead_days_setting_decides_what_the_notification_names(plan_db: Database) -> None:
    bundle = load_current(plan_db)
    assert len(service.overview_for(plan_db, bundle, TODAY).needs_attention) == 5
    service.set_activity_lead_days(plan_db, 20)  # now 30-06 deadlines are inside their lead time
    assert len(service.overview_for(plan_db, bundle, TODAY).needs_attention) == 7
    with pytest.raises(Exception, match="tussen 0 en 365"):
        service.set_activity_lead_days(plan_db, 400)


def test_notification_text_and_catch_up(plan_db: Database) -> None:
    bundle = load_current(plan_db)
    overview = service.overview_for(plan_db, bundle, TODAY)
    assert notification_text(overview) == (
        "5 deadlines vragen aandacht: 2 te laat en 3 binnenkort. Eerst: ‘Cameratoezicht’ (31-03-2027, "
        "75 dagen te laat).")
    caught_up = notification_text(overview, last_notified=date(2027, 3, 25))
    assert "Verlopen sinds 25-03-2027: ‘Cameratoezicht’, ‘Driehoek’." in caught_up  # type: ignore[operator]
    assert notification_text(reminders(date(2026, 12, 1), bundle)) is None


def test_last_notified_is_remembered_per_user(plan_db: Database) -> None:
    assert service.last_notified(plan_db) is None
    assert service.remember_notified(plan_db, TODAY)
    assert service.last_notified(plan_db) == TODAY
    with plan_db.uow() as uow:
        assert uow.settings.get("reminders.last_notified:testgebruiker") == "2027-06-14"


def test_demo_plan_overview_before_and_inside_the_plan_period(demo_db: Database) -> None:
    bundle = load_current(demo_db)
    before = reminders(date(2026, 12, 2), bundle)
    assert before.counts[ReminderGroup.OVERDUE] == 0
    assert {r.title for r in before.unrecognised} == {"Evaluatie"}
    inside = reminders(date(2027, 6, 20), bundle)
    assert inside.counts[ReminderGroup.OVERDUE] >= 5
    assert inside.counts[ReminderGroup.UPCOMING] >= 3
    assert all(r.status is None or not r.status.is_closed for _g, items in inside.groups for r in items)


def test_describe_days() -> None:
    assert [describe_days(d) for d in (-3, -1, 0, 1, 12, None)] == [
        "3 dagen te laat", "gisteren", "vandaag", "morgen", "over 12 dagen", ""]
