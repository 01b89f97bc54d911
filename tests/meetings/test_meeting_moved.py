"""Invitees hear when a meeting to come gets a new time or place: once, after commit, in their
own language, with a link to the meeting. A change to a series tells each invitee once for
all the meetings that moved. Nothing for other changes, past or cancelled meetings, the one
who made the change, or people outside the meeting (the outsider)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from sangathan.core.models import Notification, User
from sangathan.lib.pressnote import MONTHS_EN, MONTHS_HI
from sangathan.meetings.attendance import invitee_add
from sangathan.meetings.models import Meeting, MeetingSeries, Recurrence
from sangathan.meetings.notifications import moment_text
from sangathan.meetings.series import series_create, series_schedule
from sangathan.meetings.series_edit import series_update
from sangathan.meetings.services import meeting_cancel, meeting_update
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from tests.conftest import World
from tests.core.test_inbox import Capture
from tests.meetings.conftest import at

CHANGED = "meetings/changed"


def _english(user: User) -> User:
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _invite(meeting: Meeting, actor: User, *users: User) -> None:
    for user in users:
        assert user.person is not None
        invitee_add(meeting=meeting, person=user.person, actor=actor)


def _notes(kind: str = CHANGED) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind).order_by("user_id"))


def _day_after(meeting: Meeting, hour: int) -> datetime:
    """The meeting's next day at ``hour`` o'clock in India's time."""
    day = timezone.localtime(meeting.starts_at).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_a_meeting_moved_tells_each_invitee_once_in_their_language(
    upcoming: Meeting,
    district_editor: User,
    mandal_editor: User,
    booth_worker: User,
    outsider: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _english(booth_worker)
    nobody = person_create(name="राम सजीवन", gender=Gender.MALE, home_unit=upcoming.unit)
    _invite(upcoming, district_editor, district_editor, mandal_editor, booth_worker)
    invitee_add(meeting=upcoming, person=nobody, actor=district_editor)  # no account
    new_time = _day_after(upcoming, 17)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meeting_update(
            meeting=upcoming, starts_at=new_time, venue="मंडल कार्यालय", actor=district_editor
        )
        assert not _notes()  # nothing before the change is committed
    assert len(callbacks) == 1
    notes = _notes()
    # The editor who moved it knows; the outsider was never invited.
    assert [n.user_id for n in notes] == [mandal_editor.pk, booth_worker.pk]
    hindi, english = notes
    assert hindi.url == english.url == reverse("meetings:meeting", args=[upcoming.uuid])
    assert MONTHS_HI[new_time.month - 1] in hindi.title and "मंडल कार्यालय" in hindi.title
    with translation.override("en"):
        when = moment_text(new_time.isoformat())
    assert english.title == (
        f"जिला कार्यसमिति बैठक of कानपुर महानगर उत्तर will now be held on {when} at मंडल कार्यालय."
    )
    assert when.endswith(", 5 pm") and MONTHS_EN[new_time.month - 1] in when
    assert english.body.startswith("It was to be on") and "जिला कार्यालय" in english.body
    assert not Notification.objects.filter(user=outsider).exists()


def test_a_new_venue_alone_names_the_unchanged_time_and_the_old_venue(
    upcoming: Meeting,
    district_editor: User,
    booth_worker: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _english(booth_worker)
    _invite(upcoming, district_editor, booth_worker)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=upcoming, place="कानपुर", actor=district_editor)
    (note,) = _notes()
    assert "will now be held at जिला कार्यालय, कानपुर." in note.title
    assert note.body == "It was to be at जिला कार्यालय."


def test_other_changes_and_unchanged_values_tell_nobody(
    upcoming: Meeting,
    district_editor: User,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _invite(upcoming, district_editor, mandal_editor)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(
            meeting=upcoming,
            title="जिला कार्यसमिति की बैठक",
            ends_at=upcoming.starts_at + timedelta(hours=2),
            starts_at=upcoming.starts_at,
            venue=" जिला  कार्यालय ",  # the same venue once cleaned
            occasion="संगठन पर्व",
            actor=district_editor,
        )
    assert not _notes()


def test_a_meeting_in_the_past_or_cancelled_tells_nobody(
    held: Meeting,
    upcoming: Meeting,
    district_editor: User,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _invite(held, district_editor, mandal_editor)
    _invite(upcoming, district_editor, mandal_editor)
    with django_capture_on_commit_callbacks(execute=True):
        # Recording when a past meeting really took place is not news to anyone.
        meeting_update(meeting=held, starts_at=at(-3), venue="मंडल कार्यालय", actor=district_editor)
        meeting_cancel(meeting=upcoming, actor=district_editor)
    with pytest.raises(ValidationError):
        meeting_update(meeting=upcoming, starts_at=at(96), actor=district_editor)
    assert not _notes()
    assert Notification.objects.filter(user=mandal_editor, kind="meetings/cancelled").count() == 1


def test_a_meeting_moved_by_the_system_still_tells_the_invitees(
    upcoming: Meeting,
    district_editor: User,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _invite(upcoming, district_editor, district_editor, mandal_editor)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=upcoming, starts_at=at(100))  # the CLI or the demo: no actor
    assert sorted(n.user_id for n in _notes()) == [district_editor.pk, mandal_editor.pk]


def test_a_failed_change_tells_nobody(
    upcoming: Meeting,
    district_editor: User,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _invite(upcoming, district_editor, mandal_editor)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        meeting_update(meeting=upcoming, starts_at=at(100), ends_at=at(99), actor=district_editor)
    assert not _notes()


# --- A series -----------------------------------------------------------------------------


@pytest.fixture
def review(world: World, district_editor: User) -> MeetingSeries:
    """The monthly review on the 5th at 11:00, three meetings to come."""
    series = series_create(
        unit=world.district,
        title="मासिक समीक्षा बैठक",
        recurrence=Recurrence.MONTHLY,
        day=5,
        start_time=time(11),
        venue="जिला कार्यालय",
        actor=district_editor,
    )
    series_schedule(series=series, count=3, after=timezone.localdate() + timedelta(days=1))
    return series


def _to_come(series: MeetingSeries) -> list[Meeting]:
    return list(series.meetings.order_by("starts_at"))


def test_a_series_moved_tells_each_invitee_once_for_all_their_meetings(
    review: MeetingSeries,
    district_editor: User,
    mandal_editor: User,
    booth_worker: User,
    outsider: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _english(booth_worker)
    first, second, third = _to_come(review)
    for meeting in (first, second, third):
        _invite(meeting, district_editor, mandal_editor)
    _invite(third, district_editor, booth_worker)
    with django_capture_on_commit_callbacks(execute=True):
        result = series_update(
            series=review, start_time=time(17), venue="मंडल कार्यालय", actor=district_editor
        )
    assert len(result.meetings) == 3
    notes = _notes()
    assert [n.user_id for n in notes] == [mandal_editor.pk, booth_worker.pk]
    mine, theirs = notes
    first.refresh_from_db()
    third.refresh_from_db()
    # Each names the soonest meeting of their own, and how many of theirs moved.
    assert mine.url == reverse("meetings:meeting", args=[first.uuid])
    assert "3" in mine.body
    assert theirs.url == reverse("meetings:meeting", args=[third.uuid])
    with translation.override("en"):
        assert f"{moment_text(third.starts_at.isoformat())} at मंडल कार्यालय." in theirs.title
    assert "5 pm" in theirs.title
    assert "meetings of this series" not in theirs.body
    assert not Notification.objects.filter(user=outsider).exists()


def test_a_series_change_that_moves_nothing_tells_nobody(
    review: MeetingSeries,
    district_editor: User,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    first, second, _third = _to_come(review)
    _invite(first, district_editor, mandal_editor)
    # A meeting moved on its own keeps its time when the series' time changes.
    later = timezone.localtime(second.starts_at).replace(hour=15)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(
            meeting=second,
            starts_at=later,
            ends_at=later + timedelta(hours=1),
            actor=district_editor,
        )
        series_update(series=review, title="मासिक समीक्षा", actor=district_editor)
    assert not _notes()


def test_a_series_change_counts_only_the_meetings_that_moved(
    review: MeetingSeries,
    district_editor: User,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _english(mandal_editor)
    first, second, third = _to_come(review)
    for meeting in (first, second, third):
        _invite(meeting, district_editor, mandal_editor)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=first, venue="मंडल कार्यालय", notify_invitees=False)
        series_update(series=review, venue="नगर कार्यालय", actor=district_editor)
    (note,) = _notes()
    # The first keeps the venue it was given on its own: the second is the soonest that moved.
    assert note.url == reverse("meetings:meeting", args=[second.uuid])
    assert note.body == (
        "It was to be at जिला कार्यालय. 2 meetings of this series have a new time or place."
    )
