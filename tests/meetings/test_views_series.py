"""Repeating meetings over HTTP: the list of the user's units' series with the next meeting,
a series' page with its meetings, and stopping it (an editor of its unit, after ticking that
they mean it; audited); a worker or viewer may not stop it (403), the sibling district's
editor learns nothing (404)."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client
from django.urls import reverse

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.meetings.models import MeetingSeries, Recurrence
from sangathan.meetings.series import series_create, series_schedule
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from tests.conftest import PASSWORD, World, login


def _url(name: str, *args: object) -> str:
    return reverse(f"meetings:{name}", args=list(args))


def _english(client: Client) -> Client:
    client.cookies["sangathan_language"] = "en"
    return client


@pytest.fixture
def series(world: World) -> MeetingSeries:
    """The district's monthly review on the 5th at 11:00, its next three meetings planned."""
    series = series_create(
        unit=world.district,
        title="मासिक समीक्षा बैठक",
        recurrence=Recurrence.MONTHLY,
        day=5,
        start_time=time(11),
        venue="जिला कार्यालय",
    )
    series_schedule(series=series)
    return series


@pytest.fixture(params=[Role.WORKER, Role.VIEWER])
def as_low(request: pytest.FixtureRequest, world: World) -> Client:
    person = person_create(name="दिनेश मौर्य", gender=Gender.MALE, home_unit=world.district)
    user = user_create(username="low", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.district, role=request.param)
    return login(user)


def test_the_meetings_home_links_to_the_series_list(as_district: Client) -> None:
    assert _url("series_list") in as_district.get(_url("list")).content.decode()


def test_the_list_shows_the_units_series_with_its_rule_and_next_meeting(
    as_district: Client, series: MeetingSeries
) -> None:
    page = _english(as_district).get(_url("series_list")).content.decode()
    nxt = series.meetings.order_by("starts_at").first()
    assert nxt is not None
    assert series.title in page
    assert series.unit.name_en in page
    assert "Every month on day 5" in page
    assert "In use" in page
    assert _url("meeting", nxt.uuid) in page
    assert _url("series", series.uuid) in page


def test_a_worker_sees_the_list_and_the_series_but_not_the_stop_form(
    as_low: Client, series: MeetingSeries
) -> None:
    assert series.title in as_low.get(_url("series_list")).content.decode()
    page = as_low.get(_url("series", series.uuid))
    assert page.status_code == 200
    assert _url("series_stop", series.uuid) not in page.content.decode()


def test_the_series_page_lists_its_meetings_and_offers_to_stop(
    as_district: Client, series: MeetingSeries
) -> None:
    page = as_district.get(_url("series", series.uuid)).content.decode()
    for meeting in series.meetings.all():
        assert _url("meeting", meeting.uuid) in page
    assert _url("series_stop", series.uuid) in page


def test_a_meeting_of_a_series_links_to_its_series(
    as_district: Client, series: MeetingSeries
) -> None:
    meeting = series.meetings.first()
    assert meeting is not None
    page = as_district.get(_url("meeting", meeting.uuid)).content.decode()
    assert _url("series", series.uuid) in page


def test_the_editor_stops_the_series_and_its_meetings_stay(
    as_district: Client, series: MeetingSeries
) -> None:
    response = as_district.post(_url("series_stop", series.uuid), {"confirm": "yes"})
    assert response.status_code == 302
    assert response["Location"] == _url("series", series.uuid)
    series.refresh_from_db()
    assert series.is_active is False
    assert series.meetings.count() == 3
    assert AuditEntry.objects.filter(
        action="meetings.series_stopped", target_id=str(series.uuid)
    ).exists()
    page = _english(as_district).get(_url("series", series.uuid)).content.decode()
    assert "Stopped" in page and _url("series_stop", series.uuid) not in page


def test_stopping_without_the_tick_is_refused_beside_it_and_nothing_changes(
    as_district: Client, series: MeetingSeries
) -> None:
    response = _english(as_district).post(_url("series_stop", series.uuid), {})
    assert response.status_code == 422
    assert "Tick the box to confirm" in response.content.decode()
    series.refresh_from_db()
    assert series.is_active is True
    assert not AuditEntry.objects.filter(action="meetings.series_stopped").exists()


def test_a_worker_or_viewer_may_not_stop_the_series(as_low: Client, series: MeetingSeries) -> None:
    response = as_low.post(_url("series_stop", series.uuid), {"confirm": "yes"})
    assert response.status_code == 403
    series.refresh_from_db()
    assert series.is_active is True


def test_the_outsider_sees_no_series_of_the_district(
    as_outsider: Client, series: MeetingSeries, outsider: User
) -> None:
    page = as_outsider.get(_url("series_list"))
    assert page.status_code == 200
    assert series.title not in page.content.decode()
    assert as_outsider.get(_url("series", series.uuid)).status_code == 404
    response = as_outsider.post(_url("series_stop", series.uuid), {"confirm": "yes"})
    assert response.status_code == 404
    series.refresh_from_db()
    assert series.is_active is True


def test_a_weekly_series_reads_its_weekday(as_district: Client, world: World) -> None:
    series_create(
        unit=world.district,
        title="साप्ताहिक बैठक",
        recurrence=Recurrence.WEEKLY,
        day=0,
        start_time=time(18),
    )
    page = _english(as_district).get(_url("series_list")).content.decode()
    assert "Every week on Monday" in page
    assert "No meeting planned" in page
