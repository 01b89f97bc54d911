"""Changing a repeating meeting and planning more of it, through the services.

The district's monthly review on the 5th: last month's meeting was held (attendance marked),
the next three are planned. A change reaches the three to come ("this and the following
meetings"), never the held one; a meeting changed on its own keeps its own value. Planning
more continues the rule after the last meeting, and the same request twice plans once."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.http import Http404
from django.utils import timezone

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.meetings.attendance import attendance_mark_person, invitee_add
from sangathan.meetings.models import (
    Attendance,
    InvitedVia,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Presence,
    Recurrence,
)
from sangathan.meetings.series import (
    EXTEND_MAX,
    MAX_AHEAD,
    occurrence_dates,
    series_create,
    series_extend,
    series_last_occurrence,
    series_schedule,
    series_stop,
)
from sangathan.meetings.series_edit import series_update
from sangathan.meetings.services import meeting_cancel, meeting_update
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from tests.conftest import PASSWORD, World


def _local(meeting: Meeting) -> tuple[date, time]:
    moment = timezone.localtime(meeting.starts_at)
    return moment.date(), moment.time()


def _to_come(series: MeetingSeries) -> list[Meeting]:
    today = timezone.localdate()
    return list(series.meetings.filter(occurrence__gt=today).order_by("occurrence"))


@pytest.fixture
def review(world: World, district_editor: User) -> MeetingSeries:
    """The monthly review on the 5th, 11:00 for 90 minutes at the district office, chaired by
    सुनील बजाज: one meeting 5 to 35 days ago, held with सुनील marked present; three to come."""
    series = series_create(
        unit=world.district,
        title="मासिक समीक्षा बैठक",
        recurrence=Recurrence.MONTHLY,
        day=5,
        start_time=time(11),
        duration_minutes=90,
        venue="जिला कार्यालय",
        place="कानपुर",
        chair=world.sunil,
        actor=district_editor,
    )
    today = timezone.localdate()
    # A 5th comes every 31 days at most: the first from 35 days ago is at least 5 days past.
    (held,) = series_schedule(series=series, count=1, after=today - timedelta(days=35))
    attendance_mark_person(meeting=held, person=world.sunil, actor=district_editor)
    series_schedule(series=series, count=3, after=today + timedelta(days=1))
    return series


@pytest.fixture
def district_worker(world: World) -> User:
    """A worker of the district: sees the series, may not change it."""
    person = person_create(name="दिनेश मौर्य", gender=Gender.MALE, home_unit=world.district)
    user = user_create(username="district-worker", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.district, role=Role.WORKER)
    return user


def _held(series: MeetingSeries) -> Meeting:
    return series.meetings.get(status=MeetingStatus.HELD)


# --- Changing the series --------------------------------------------------------------------


def test_a_change_reaches_the_meetings_to_come_and_not_the_held_one(
    review: MeetingSeries, district_editor: User, world: World
) -> None:
    held_before = Meeting.objects.values().get(pk=_held(review).pk)
    result = series_update(
        series=review,
        title="मासिक कार्यसमिति बैठक",
        venue="मंडल कार्यालय, दादा नगर",
        start_time=time(17, 30),
        duration_minutes=120,
        chair=None,
        actor=district_editor,
    )
    review.refresh_from_db()
    assert review.title == "मासिक कार्यसमिति बैठक"
    assert review.start_time == time(17, 30)
    assert review.chair is None
    assert len(result.meetings) == 3
    for meeting in _to_come(review):
        assert meeting.title == "मासिक कार्यसमिति बैठक"
        assert meeting.venue == "मंडल कार्यालय, दादा नगर"
        assert meeting.chair is None
        assert meeting.occurrence is not None
        assert _local(meeting) == (meeting.occurrence, time(17, 30))
        assert meeting.ends_at is not None
        assert meeting.ends_at - meeting.starts_at == timedelta(minutes=120)
    held = _held(review)
    assert Meeting.objects.values().get(pk=held.pk) == held_before
    assert held.attendances.get().presence == Presence.PRESENT


def test_the_audit_entry_lists_the_changes_and_the_meetings_followed(
    review: MeetingSeries, district_editor: User
) -> None:
    series_update(series=review, venue="मंडल कार्यालय", duration_minutes=60, actor=district_editor)
    entry = AuditEntry.objects.get(action="meetings.series_updated", target_id=str(review.uuid))
    assert entry.actor == district_editor
    assert entry.changes["venue"] == ["जिला कार्यालय", "मंडल कार्यालय"]
    assert entry.changes["duration_minutes"] == [90, 60]
    assert entry.changes["meetings_changed"] == 3
    assert "title" not in entry.changes
    # Each meeting's own history shows the change too.
    followed = AuditEntry.objects.filter(action="meetings.updated")
    assert followed.count() == 3


def test_nothing_changed_writes_nothing_and_no_audit_entry(
    review: MeetingSeries, district_editor: User, world: World
) -> None:
    stamps = dict(review.meetings.values_list("pk", "updated_at"))
    result = series_update(
        series=review,
        title="  मासिक समीक्षा बैठक ",
        venue="जिला कार्यालय",
        start_time=time(11),
        duration_minutes=90,
        chair=world.sunil,
        recurrence=Recurrence.MONTHLY,
        day=5,
        actor=district_editor,
    )
    assert result.changes == {}
    assert result.meetings == []
    assert not AuditEntry.objects.filter(action="meetings.series_updated").exists()
    assert dict(review.meetings.values_list("pk", "updated_at")) == stamps


def test_a_meeting_changed_on_its_own_keeps_its_own_venue_and_time(
    review: MeetingSeries, district_editor: User
) -> None:
    first, second, third = _to_come(review)
    assert first.occurrence is not None
    later = timezone.make_aware(datetime.combine(first.occurrence, time(15)))
    meeting_update(
        meeting=first,
        venue="सामुदायिक भवन",
        starts_at=later,
        ends_at=later + timedelta(minutes=90),
        actor=district_editor,
    )
    series_update(
        series=review,
        title="मासिक कार्यसमिति बैठक",
        venue="मंडल कार्यालय",
        start_time=time(10),
        actor=district_editor,
    )
    first.refresh_from_db()
    assert first.venue == "सामुदायिक भवन"
    assert _local(first)[1] == time(15)
    assert first.title == "मासिक कार्यसमिति बैठक"  # the title it had from the series follows
    for meeting in (second, third):
        meeting.refresh_from_db()
        assert meeting.venue == "मंडल कार्यालय"
        assert _local(meeting)[1] == time(10)


def test_cancelled_meetings_and_those_with_attendance_marked_are_left_alone(
    review: MeetingSeries, district_editor: User, world: World
) -> None:
    first, second, third = _to_come(review)
    meeting_cancel(meeting=first, reason="होली", actor=district_editor)
    # Leave may be marked ahead of the meeting: attendance is recorded at it.
    attendance_mark_person(
        meeting=second, person=world.sunil, presence=Presence.ON_LEAVE, actor=district_editor
    )
    result = series_update(series=review, venue="मंडल कार्यालय", actor=district_editor)
    assert [m.pk for m in result.meetings] == [third.pk]
    for meeting, venue in ((first, "जिला कार्यालय"), (second, "जिला कार्यालय")):
        meeting.refresh_from_db()
        assert meeting.venue == venue
    third.refresh_from_db()
    assert third.venue == "मंडल कार्यालय"


def test_a_new_day_of_the_month_moves_the_meetings_to_come_and_not_the_held_one(
    review: MeetingSeries, district_editor: User
) -> None:
    before = [(m.pk, m.occurrence) for m in _to_come(review)]
    held = _held(review)
    result = series_update(series=review, day=12, actor=district_editor)
    assert len(result.meetings) == 3
    for pk, old in before:
        meeting = Meeting.objects.get(pk=pk)
        assert old is not None
        assert meeting.occurrence == old.replace(day=12)
        assert _local(meeting) == (old.replace(day=12), time(11))
    assert Meeting.objects.get(pk=held.pk).occurrence == held.occurrence
    assert AuditEntry.objects.get(action="meetings.series_updated").changes["day"] == [5, 12]


def test_a_weekly_rule_moves_the_meetings_to_come_onto_mondays_still_ahead(
    review: MeetingSeries, district_editor: User
) -> None:
    series_update(series=review, recurrence=Recurrence.WEEKLY, day=0, actor=district_editor)
    meetings = _to_come(review)
    assert len(meetings) == 3
    days = [m.occurrence for m in meetings]
    assert len(set(days)) == 3
    for meeting in meetings:
        assert meeting.occurrence is not None
        assert meeting.occurrence.weekday() == 0
        assert meeting.starts_at > timezone.now()
        assert _local(meeting) == (meeting.occurrence, time(11))
    assert _held(review).occurrence is not None
    assert _held(review).occurrence.day == 5  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "   "}, "title"),
        ({"day": 30}, "day"),
        ({"recurrence": Recurrence.WEEKLY, "day": 9}, "day"),
        ({"recurrence": "yearly"}, "recurrence"),
        ({"kind": "party"}, "kind"),
        ({"duration_minutes": 5}, "duration_minutes"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(
    review: MeetingSeries, district_editor: User, change: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        series_update(series=review, venue="मंडल कार्यालय", actor=district_editor, **change)  # type: ignore[arg-type]
    assert field in refused.value.error_dict
    review.refresh_from_db()
    assert review.venue == "जिला कार्यालय"
    assert not review.meetings.filter(venue="मंडल कार्यालय").exists()
    assert not AuditEntry.objects.filter(action="meetings.series_updated").exists()


def test_a_stopped_series_cannot_be_changed(review: MeetingSeries, district_editor: User) -> None:
    series_stop(series=review, actor=district_editor)
    with pytest.raises(ValidationError):
        series_update(series=review, venue="मंडल कार्यालय", actor=district_editor)
    assert not review.meetings.filter(venue="मंडल कार्यालय").exists()


def test_only_an_editor_of_the_series_unit_may_change_it(
    review: MeetingSeries,
    outsider: User,
    booth_worker: User,
    mandal_editor: User,
    district_worker: User,
) -> None:
    # The sibling district's editor and the units below learn nothing; a worker is refused.
    for user in (outsider, booth_worker, mandal_editor):
        with pytest.raises(Http404):
            series_update(series=review, venue="मंडल कार्यालय", actor=user)
    with pytest.raises(PermissionDenied):
        series_update(series=review, venue="मंडल कार्यालय", actor=district_worker)
    review.refresh_from_db()
    assert review.venue == "जिला कार्यालय"


def test_a_chair_outside_the_editors_units_is_refused(
    review: MeetingSeries, district_editor: User, world: World
) -> None:
    stranger = person_create(name="अजय निगम", gender=Gender.MALE, home_unit=world.sibling_booth)
    with pytest.raises(ValidationError) as refused:
        series_update(series=review, chair=stranger, actor=district_editor)
    assert "chair" in refused.value.error_dict
    assert review.meetings.filter(chair=world.sunil).count() == 4


# --- Planning more --------------------------------------------------------------------------


def test_planning_more_continues_the_rule_after_the_last_meeting_with_its_invitees(
    review: MeetingSeries, district_editor: User, mandal_editor: User
) -> None:
    last = series_last_occurrence(review)
    assert last is not None
    assert mandal_editor.person is not None
    invitee_add(
        meeting=review.meetings.get(occurrence=last),
        person=mandal_editor.person,
        actor=district_editor,
    )
    dates = occurrence_dates(review, last + timedelta(days=1))
    expected = [next(dates), next(dates)]
    planned = series_extend(series=review, count=2, after=last, actor=district_editor)
    assert [m.occurrence for m in planned] == expected
    for meeting in planned:
        assert _local(meeting) == (meeting.occurrence, time(11))
        assert meeting.venue == "जिला कार्यालय"
        assert meeting.attendances.get(invited_via=InvitedVia.SERIES).person == (
            mandal_editor.person
        )
    entry = AuditEntry.objects.get(action="meetings.series_extended")
    assert entry.changes == {"dates": [d.isoformat() for d in expected]}


def test_the_same_request_twice_plans_the_dates_once(
    review: MeetingSeries, district_editor: User
) -> None:
    last = series_last_occurrence(review)
    first = series_extend(series=review, count=3, after=last, actor=district_editor)
    again = series_extend(series=review, count=3, after=last, actor=district_editor)
    assert len(first) == 3
    assert again == []
    assert review.meetings.count() == 7
    assert AuditEntry.objects.filter(action="meetings.series_extended").count() == 1
    # Asked again from the new last meeting (the page reloaded): three more.
    assert len(series_extend(series=review, count=3, actor=district_editor)) == 3
    assert review.meetings.count() == 10


def test_planning_more_never_plans_a_date_already_past(world: World, district_editor: User) -> None:
    series = series_create(
        unit=world.district,
        title="साप्ताहिक बैठक",
        recurrence=Recurrence.WEEKLY,
        day=0,
        start_time=time(18),
        actor=district_editor,
    )
    series_schedule(series=series, count=1, after=timezone.localdate() - timedelta(days=60))
    planned = series_extend(series=series, count=2, actor=district_editor)
    assert len(planned) == 2
    assert all(m.starts_at > timezone.now() for m in planned)


@pytest.mark.parametrize("count", [0, EXTEND_MAX + 1])
def test_planning_a_number_out_of_range_is_refused(
    review: MeetingSeries, district_editor: User, count: int
) -> None:
    with pytest.raises(ValidationError) as refused:
        series_extend(series=review, count=count, actor=district_editor)
    assert "count" in refused.value.error_dict
    assert review.meetings.count() == 4


def test_a_series_plans_at_most_so_many_meetings_ahead(
    review: MeetingSeries, district_editor: User
) -> None:
    series_extend(series=review, count=EXTEND_MAX, actor=district_editor)
    ahead = 3 + EXTEND_MAX
    with pytest.raises(ValidationError) as refused:
        series_extend(series=review, count=MAX_AHEAD - ahead + 1, actor=district_editor)
    assert "count" in refused.value.error_dict
    assert len(series_extend(series=review, count=MAX_AHEAD - ahead, actor=district_editor)) == (
        MAX_AHEAD - ahead
    )


def test_a_stopped_series_plans_no_more(review: MeetingSeries, district_editor: User) -> None:
    series_stop(series=review, actor=district_editor)
    with pytest.raises(ValidationError):
        series_extend(series=review, count=2, actor=district_editor)
    assert review.meetings.count() == 4


def test_only_an_editor_of_the_series_unit_may_plan_more(
    review: MeetingSeries, outsider: User, district_worker: User
) -> None:
    with pytest.raises(Http404):
        series_extend(series=review, count=2, actor=outsider)
    with pytest.raises(PermissionDenied):
        series_extend(series=review, count=2, actor=district_worker)
    assert review.meetings.count() == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_the_same_moment_plans_the_dates_once(
    world: World, district_editor: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests run on PostgreSQL (SQLite serialises writers)")
    series = series_create(
        unit=world.district,
        title="मासिक समीक्षा बैठक",
        recurrence=Recurrence.MONTHLY,
        day=5,
        start_time=time(11),
    )
    series_schedule(series=series, count=1, after=timezone.localdate() + timedelta(days=1))
    last = series_last_occurrence(series)
    barrier = threading.Barrier(2)
    outcomes: list[object] = [None, None]

    def submit(i: int) -> None:
        try:
            barrier.wait()
            outcomes[i] = len(
                series_extend(series=MeetingSeries.objects.get(pk=series.pk), count=3, after=last)
            )
        except BaseException as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [0, 3]  # type: ignore[type-var]
    assert series.meetings.count() == 4
    assert Attendance.objects.filter(meeting__series=series).count() == 0
