"""The .ics invitation, the reminders (the day before, an hour before; idempotent), and
recurring meetings."""

from __future__ import annotations

from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from sangathan.core.models import Notification, User
from sangathan.meetings.attendance import invitee_add, rsvp_set
from sangathan.meetings.calendar import meeting_ics
from sangathan.meetings.models import (
    Attendance,
    InvitedVia,
    Meeting,
    MeetingReminder,
    Recurrence,
    ReminderKind,
)
from sangathan.meetings.reminders import reminders_send_due
from sangathan.meetings.series import occurrence_dates, series_create, series_schedule, series_stop
from sangathan.meetings.services import agenda_item_add, meeting_cancel, meeting_create
from tests.conftest import World
from tests.core.test_inbox import Capture
from tests.meetings.conftest import at

# --- Calendar -------------------------------------------------------------------------------


def test_the_ics_parses_back_with_the_meeting_and_two_alarms(
    upcoming: Meeting, district_editor: User
) -> None:
    agenda_item_add(meeting=upcoming, title="सोशल मीडिया पैनल", actor=district_editor)
    calendar = Calendar.from_ical(meeting_ics(upcoming))
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "जिला कार्यसमिति बैठक"
    assert str(event["LOCATION"]) == "जिला कार्यालय"
    starts = upcoming.starts_at.replace(microsecond=0)  # iCalendar keeps whole seconds
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") == starts + timedelta(hours=1)
    assert str(event["UID"]) == f"{upcoming.uuid}@sangathan"
    assert "1. सोशल मीडिया पैनल" in str(event["DESCRIPTION"])
    triggers = sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))
    assert triggers == [-timedelta(days=1), -timedelta(hours=1)]
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_cancelled_meeting_exports_as_cancelled_with_the_same_uid(
    upcoming: Meeting,
) -> None:
    meeting_cancel(meeting=upcoming)
    [event] = Calendar.from_ical(meeting_ics(upcoming)).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == f"{upcoming.uuid}@sangathan"
    assert not event.walk("VALARM")


# --- Reminders ------------------------------------------------------------------------------


@pytest.fixture
def invited(world: World, district_editor: User, mandal_editor: User) -> Meeting:
    """A meeting in 20 hours with the mandal editor invited."""
    meeting = meeting_create(unit=world.district, title="समीक्षा बैठक", starts_at=at(20))
    assert mandal_editor.person is not None
    invitee_add(meeting=meeting, person=mandal_editor.person, actor=district_editor)
    return meeting


def test_reminders_go_out_once_the_day_before_and_once_within_the_hour(
    invited: Meeting, mandal_editor: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send_due()
        second = reminders_send_due()
    assert (first.day_before, first.hour_before) == (1, 0)
    assert (second.day_before, second.hour_before) == (0, 0)
    soon = invited.starts_at - timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        third = reminders_send_due(now=soon)
        fourth = reminders_send_due(now=soon)
    assert (third.hour_before, fourth.hour_before) == (1, 0)
    kinds = list(
        Notification.objects.filter(user=mandal_editor, kind="meetings/reminder").values_list(
            "title", flat=True
        )
    )
    assert len(kinds) == 2
    assert set(MeetingReminder.objects.values_list("kind", flat=True)) == {
        ReminderKind.DAY_BEFORE,
        ReminderKind.HOUR_BEFORE,
    }


def test_no_reminder_for_a_past_or_cancelled_meeting_or_one_declined(
    world: World, invited: Meeting, mandal_editor: User, district_editor: User
) -> None:
    meeting_create(unit=world.district, title="पिछली", starts_at=at(-3))
    meeting_cancel(meeting=invited)
    assert reminders_send_due().day_before == 0
    other = meeting_create(unit=world.district, title="अगली", starts_at=at(10))
    assert mandal_editor.person is not None
    row = invitee_add(meeting=other, person=mandal_editor.person, actor=district_editor)
    rsvp_set(attendance=row, rsvp="no", actor=mandal_editor)
    assert reminders_send_due().day_before == 1
    assert MeetingReminder.objects.get(meeting=other).recipients == 0


def test_the_remind_command_prints_a_summary(invited: Meeting) -> None:
    out = StringIO()
    call_command("meetings", "remind", stdout=out)
    assert out.getvalue().strip()
    assert MeetingReminder.objects.filter(meeting=invited).count() == 1


# --- Series ---------------------------------------------------------------------------------


def test_monthly_and_weekly_dates_follow_the_rule(world: World) -> None:
    monthly = series_create(
        unit=world.district,
        title="मासिक समीक्षा",
        recurrence=Recurrence.MONTHLY,
        day=5,
        start_time=time(11, 0),
    )
    days = occurrence_dates(monthly, date(2026, 11, 27))
    assert [next(days) for _ in range(3)] == [date(2026, 12, 5), date(2027, 1, 5), date(2027, 2, 5)]
    weekly = series_create(
        unit=world.district,
        title="साप्ताहिक",
        recurrence=Recurrence.WEEKLY,
        day=0,
        start_time=time(18, 0),
    )
    days = occurrence_dates(weekly, date(2026, 11, 27))  # a Friday
    assert [next(days) for _ in range(2)] == [date(2026, 11, 30), date(2026, 12, 7)]


def test_a_rule_that_does_not_fit_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        series_create(
            unit=world.district,
            title="x",
            recurrence=Recurrence.MONTHLY,
            day=31,
            start_time=time(11, 0),
        )
    with pytest.raises(ValidationError):
        series_create(
            unit=world.district,
            title="x",
            recurrence=Recurrence.WEEKLY,
            day=7,
            start_time=time(11, 0),
        )


def test_scheduling_is_idempotent_and_copies_the_invitees(
    world: World, district_editor: User, mandal_editor: User
) -> None:
    series = series_create(
        unit=world.district,
        title="मासिक समीक्षा",
        recurrence=Recurrence.MONTHLY,
        day=5,
        start_time=time(11, 0),
        duration_minutes=90,
        venue="जिला कार्यालय",
        actor=district_editor,
    )
    start = timezone.localdate() + timedelta(days=1)
    first = series_schedule(series=series, count=1, after=start, actor=district_editor)
    assert len(first) == 1
    assert first[0].ends_at - first[0].starts_at == timedelta(minutes=90)
    assert timezone.localtime(first[0].starts_at).time() == time(11, 0)
    assert mandal_editor.person is not None
    invitee_add(meeting=first[0], person=mandal_editor.person, actor=district_editor)
    more = series_schedule(series=series, count=3, after=start, actor=district_editor)
    assert len(more) == 2
    assert series_schedule(series=series, count=3, after=start, actor=district_editor) == []
    assert Meeting.objects.filter(series=series).count() == 3
    copied = Attendance.objects.filter(meeting__in=more, invited_via=InvitedVia.SERIES)
    assert copied.count() == 2
    series_stop(series=series, actor=district_editor)
    with pytest.raises(ValidationError):
        series_schedule(series=series, actor=district_editor)


# --- Action items ---------------------------------------------------------------------------


def test_owners_are_reminded_once_before_the_due_date_and_once_after(
    held: Meeting,
    district_editor: User,
    booth_worker: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    from sangathan.meetings.decisions import action_item_add, action_item_set_status, decision_add

    assert booth_worker.person is not None
    today = timezone.localdate()
    decision = decision_add(meeting=held, text="सूची बनेगी।")
    owner = [booth_worker.person]
    action_item_add(decision=decision, text="कल तक", owners=owner, due_date=today + timedelta(1))
    action_item_add(decision=decision, text="बीत गया", owners=owner, due_date=today - timedelta(1))
    finished = action_item_add(
        decision=decision, text="हो गया", owners=owner, due_date=today - timedelta(1)
    )
    action_item_set_status(item=finished, status="done")
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send_due()
        second = reminders_send_due()
    assert (first.actions_due, first.actions_overdue) == (1, 1)
    assert (second.actions_due, second.actions_overdue) == (0, 0)
    bodies = set(
        Notification.objects.filter(user=booth_worker, kind="meetings/action_reminder").values_list(
            "body", flat=True
        )
    )
    assert bodies == {"कल तक", "बीत गया"}


def test_a_meeting_moved_to_another_time_is_reminded_again(
    invited: Meeting, district_editor: User
) -> None:
    from sangathan.meetings.services import meeting_update

    assert reminders_send_due().day_before == 1
    meeting_update(meeting=invited, starts_at=at(22), actor=district_editor)
    assert reminders_send_due().day_before == 1
    assert reminders_send_due().day_before == 0
