"""A volunteer hears of their relief duty: when put on it, when taken off it, and the day
before it. In their own language, once per duty, after commit, with a link that opens for
them (the point page while they have a duty there, else their home page). Nothing for a day
gone by, a closed drive, a volunteer who put themselves on duty, or the outsider."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import World
from tests.core.test_inbox import Capture
from tests.relief.conftest import Relief, Stores

from sangathan.core.models import AuditEntry, Notification, User
from sangathan.lib.pressnote import MONTHS_HI
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from sangathan.relief.drives import drive_create, drive_set_status, duty_add, duty_remove, point_add
from sangathan.relief.models import DriveStatus, Duty, Shift
from sangathan.relief.reminders import duty_reminders_send_due

ASSIGNED, REMOVED, REMINDER = "relief/duty_assigned", "relief/duty_removed", "relief/duty_reminder"


def _english(user: User) -> User:
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _notes(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind).order_by("id"))


def _point_url(relief: Relief) -> str:
    return reverse("relief:point", args=[relief.point.uuid])


def _tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _put_on(
    relief: Relief, user: User, *, day: date | None = None, shift: str = Shift.MORNING
) -> Duty:
    assert user.person is not None
    return duty_add(
        point=relief.point, person=user.person, day=day or _tomorrow(), shift=shift, actor=None
    )


# --- Put on duty ------------------------------------------------------------------------------


def test_a_volunteer_put_on_duty_is_told_once_in_english_with_the_point_link(
    relief: Relief,
    district_editor: User,
    booth_worker: User,
    outsider: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _english(booth_worker)
    assert booth_worker.person is not None
    with django_capture_on_commit_callbacks(execute=True):
        for _twice in range(2):
            duty_add(
                point=relief.point,
                person=booth_worker.person,
                day=_tomorrow(),
                shift=Shift.EVENING,
                actor=district_editor,
            )
    (note,) = _notes(ASSIGNED)
    assert note.user == booth_worker
    assert note.title.startswith("You are on duty for लॉकडाउन सेवा at पॉइंट 3 on ")
    assert note.title.endswith(", shift: Evening.")
    assert note.url == _point_url(relief)  # being on duty opens the point page to them
    assert not Notification.objects.filter(user__in=[outsider, district_editor]).exists()


def test_a_hindi_reader_gets_the_day_in_hindi(
    relief: Relief, booth_worker: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _put_on(relief, booth_worker)
    (note,) = _notes(ASSIGNED)
    assert MONTHS_HI[_tomorrow().month - 1] in note.title
    assert "लॉकडाउन सेवा" in note.title and "पॉइंट 3" in note.title


def test_the_link_opens_for_the_volunteer(
    relief: Relief,
    booth_worker: User,
    as_booth: Client,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _put_on(relief, booth_worker)
    (note,) = _notes(ASSIGNED)
    assert as_booth.get(note.url).status_code == 200


def test_nobody_is_told_of_their_own_duty_or_without_an_account(
    relief: Relief, district_editor: User, django_capture_on_commit_callbacks: Capture
) -> None:
    assert district_editor.person is not None
    walk_in = person_create(name="राम सजीवन", gender=Gender.MALE, home_unit=relief.drive.unit)
    with django_capture_on_commit_callbacks(execute=True):
        for person in (district_editor.person, walk_in):
            duty_add(
                point=relief.point,
                person=person,
                day=_tomorrow(),
                shift=Shift.MORNING,
                actor=district_editor,
            )
    assert Duty.objects.count() == 2
    assert not Notification.objects.exists()


def test_a_day_gone_by_or_a_closed_drive_tells_nobody(
    world: World,
    relief: Relief,
    stores: Stores,
    booth_worker: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    today = timezone.localdate()
    last_week = drive_create(
        unit=world.district,
        title="पिछली सेवा",
        starts_on=today - timedelta(days=7),
        ends_on=today,
        actor=None,
    )
    old_point = point_add(drive=last_week, name="पॉइंट 1", store=stores.mandal, actor=None)
    assert booth_worker.person is not None
    with django_capture_on_commit_callbacks(execute=True):
        # Recorded afterwards: who was on duty two days ago.
        past = duty_add(
            point=old_point,
            person=booth_worker.person,
            day=today - timedelta(days=2),
            shift=Shift.MORNING,
            actor=None,
        )
        duty_remove(duty=past, actor=None)
        drive_set_status(drive=relief.drive, status=DriveStatus.CLOSED, actor=None)
        _put_on(relief, booth_worker)
    assert not Notification.objects.exists()


def test_the_outsider_can_put_nobody_on_duty_and_nobody_hears_of_it(
    relief: Relief,
    outsider: User,
    booth_worker: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    assert booth_worker.person is not None
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        duty_add(
            point=relief.point,
            person=booth_worker.person,
            day=_tomorrow(),
            shift=Shift.MORNING,
            actor=outsider,
        )
    assert not Notification.objects.exists()


def test_the_planning_page_puts_on_duty_and_the_volunteer_hears_it(
    relief: Relief,
    as_district: Client,
    booth_worker: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    assert booth_worker.person is not None
    with django_capture_on_commit_callbacks(execute=True):
        response = as_district.post(
            reverse("relief:plan_duty_add", args=[relief.drive.uuid]),
            {
                "point": str(relief.point.uuid),
                "day": _tomorrow().isoformat(),
                "shift": Shift.FULL_DAY,
                "person": str(booth_worker.person.uuid),
            },
        )
    assert response.status_code == 302
    assert [n.user for n in _notes(ASSIGNED)] == [booth_worker]


# --- Taken off duty ---------------------------------------------------------------------------


def test_a_volunteer_taken_off_their_last_duty_there_is_sent_home(
    relief: Relief,
    district_editor: User,
    booth_worker: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _english(booth_worker)
    duty = _put_on(relief, booth_worker)
    with django_capture_on_commit_callbacks(execute=True):
        duty_remove(duty=duty, actor=district_editor)
    (note,) = _notes(REMOVED)
    assert note.user == booth_worker
    assert note.title.startswith("You are no longer on duty for लॉकडाउन सेवा at पॉइंट 3 on ")
    # The point page is closed to them now: the link is one that opens.
    assert note.url == reverse("core:home")


def test_a_volunteer_still_on_duty_there_keeps_the_point_link(
    relief: Relief,
    district_editor: User,
    booth_worker: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _put_on(relief, booth_worker, day=timezone.localdate())
    duty = _put_on(relief, booth_worker)
    with django_capture_on_commit_callbacks(execute=True):
        duty_remove(duty=duty, actor=district_editor)
    (note,) = _notes(REMOVED)
    assert note.url == _point_url(relief)


# --- The day before ---------------------------------------------------------------------------


def test_each_duty_tomorrow_is_reminded_once(
    relief: Relief,
    booth_worker: User,
    mandal_editor: User,
    outsider: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _english(booth_worker)
    _put_on(relief, booth_worker, shift=Shift.MORNING)
    _put_on(relief, booth_worker, shift=Shift.EVENING)
    _put_on(relief, mandal_editor, day=timezone.localdate())  # today: not "the day before"
    walk_in = person_create(name="राम सजीवन", gender=Gender.MALE, home_unit=relief.drive.unit)
    duty_add(point=relief.point, person=walk_in, day=_tomorrow(), shift="morning", actor=None)
    morning = _at(timezone.localdate(), 9)
    with django_capture_on_commit_callbacks(execute=True):
        assert duty_reminders_send_due(now=morning) == 2
        assert duty_reminders_send_due(now=morning + timedelta(hours=5)) == 0
    notes = _notes(REMINDER)
    assert [n.user for n in notes] == [booth_worker, booth_worker]
    assert all(n.title.startswith("Reminder: tomorrow, ") for n in notes)
    assert {n.title.rsplit("shift: ", 1)[1] for n in notes} == {"Morning.", "Evening."}
    assert all(n.url == _point_url(relief) for n in notes)
    assert AuditEntry.objects.filter(action="relief.duty_reminded").count() == 2
    assert not Notification.objects.filter(user__in=[mandal_editor, outsider]).exists()


def test_no_reminder_in_the_night_or_for_a_closed_drive(
    relief: Relief, booth_worker: User, django_capture_on_commit_callbacks: Capture
) -> None:
    duty = _put_on(relief, booth_worker)
    with django_capture_on_commit_callbacks(execute=True):
        assert duty_reminders_send_due(now=_at(timezone.localdate(), 2)) == 0
        drive_set_status(drive=relief.drive, status=DriveStatus.CLOSED, actor=None)
        assert duty_reminders_send_due(now=_at(timezone.localdate(), 9)) == 0
    assert not _notes(REMINDER)
    duty.refresh_from_db()
    assert duty.reminded_at is None


def test_a_duty_taken_off_and_put_back_is_a_new_duty_reminded_again(
    relief: Relief, booth_worker: User, django_capture_on_commit_callbacks: Capture
) -> None:
    morning = _at(timezone.localdate(), 9)
    with django_capture_on_commit_callbacks(execute=True):
        duty_remove(duty=_put_on(relief, booth_worker), actor=None)
        assert duty_reminders_send_due(now=morning) == 0
        _put_on(relief, booth_worker)
        assert duty_reminders_send_due(now=morning) == 1
    assert len(_notes(REMINDER)) == 1


def test_the_remind_command_prints_a_summary(
    relief: Relief, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("relief", "remind")
    assert "Duty reminders sent: 0." in capsys.readouterr().out
