"""Changing a repeating meeting and planning more of it over HTTP: the series' page offers both
to an editor of its unit; errors come back in Hindi beside their field; a stopped series says
why it cannot be changed; a worker is refused (403) and the sibling district's editor learns
nothing (404)."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.meetings.models import MeetingSeries, Recurrence
from sangathan.meetings.series import (
    EXTEND_MAX,
    series_create,
    series_last_occurrence,
    series_schedule,
    series_stop,
)
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from tests.conftest import PASSWORD, World, login


def _url(name: str, *args: object) -> str:
    return reverse(f"meetings:{name}", args=list(args))


def _hindi(message: str) -> str:
    with translation.override("hi"):
        return gettext(message)


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
        chair=world.sunil,
    )
    series_schedule(series=series, after=timezone.localdate() + timedelta(days=1))
    return series


@pytest.fixture
def as_worker(world: World) -> Client:
    person = person_create(name="दिनेश मौर्य", gender=Gender.MALE, home_unit=world.district)
    user = user_create(username="worker", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.district, role=Role.WORKER)
    return login(user)


def _form(series: MeetingSeries, **changes: Any) -> dict[str, Any]:
    data = {
        "title": series.title,
        "kind": series.kind,
        "rule": f"{series.recurrence}:{series.day}",
        "start_time": series.start_time.strftime("%H:%M"),
        "duration_minutes": series.duration_minutes,
        "venue": series.venue,
        "place": series.place,
        "chair": str(series.chair.uuid) if series.chair else "",
        "chair_query": "",
    }
    data.update(changes)
    return data


def test_the_series_page_offers_the_editor_to_change_it_and_plan_more(
    as_district: Client, series: MeetingSeries
) -> None:
    page = as_district.get(_url("series", series.uuid)).content.decode()
    assert _url("series_edit", series.uuid) in page
    assert _url("series_extend", series.uuid) in page
    last = series_last_occurrence(series)
    assert last is not None
    assert f'name="after" value="{last.isoformat()}"' in page
    assert "style=" not in page  # CSP: styles only from the static files


def test_the_form_shows_the_series_as_it_is_and_what_the_change_reaches(
    as_district: Client, series: MeetingSeries
) -> None:
    response = as_district.get(_url("series_edit", series.uuid))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="monthly:5" selected' in page
    assert 'value="11:00"' in page
    assert "जिला कार्यालय" in page
    assert series.chair is not None and str(series.chair.uuid) in page
    assert 'id="series-scope"' in page
    assert "style=" not in page
    as_district.cookies["sangathan_language"] = "en"
    text = as_district.get(_url("series_edit", series.uuid)).content.decode()
    assert "its 3 meetings still to come" in text
    assert "Meetings already held keep what they recorded" in text


def test_the_editor_changes_the_series_and_its_meetings_to_come_follow(
    as_district: Client, series: MeetingSeries
) -> None:
    data = _form(series, venue="मंडल कार्यालय", start_time="17:30", rule="monthly:12")
    response = as_district.post(_url("series_edit", series.uuid), data)
    assert response.status_code == 302
    assert response["Location"] == _url("series", series.uuid)
    series.refresh_from_db()
    assert (series.venue, series.start_time, series.day) == ("मंडल कार्यालय", time(17, 30), 12)
    for meeting in series.meetings.all():
        local = timezone.localtime(meeting.starts_at)
        assert (meeting.venue, local.time(), local.day) == ("मंडल कार्यालय", time(17, 30), 12)
    entry = AuditEntry.objects.get(action="meetings.series_updated")
    assert entry.changes["meetings_changed"] == 3


def test_saving_the_form_unchanged_writes_no_audit_entry(
    as_district: Client, series: MeetingSeries
) -> None:
    response = as_district.post(_url("series_edit", series.uuid), _form(series))
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="meetings.series_updated").exists()


def test_form_errors_come_back_in_hindi_beside_their_field(
    as_district: Client, series: MeetingSeries
) -> None:
    response = as_district.post(
        _url("series_edit", series.uuid), _form(series, title="", duration_minutes=5)
    )
    assert response.status_code == 422
    page = response.content.decode()
    with translation.override("hi"):
        required = str(forms.Field.default_error_messages["required"])
    assert required == "यह भरना ज़रूरी है।"
    assert required in page
    series.refresh_from_db()
    assert series.title == "मासिक समीक्षा बैठक"
    # The service's refusal, once the title is given, also in Hindi beside its field.
    response = as_district.post(_url("series_edit", series.uuid), _form(series, duration_minutes=5))
    assert response.status_code == 422
    assert "बैठक की अवधि 10 मिनट से एक दिन तक हो सकती है।" in response.content.decode()
    series.refresh_from_db()
    assert series.duration_minutes == 60


def test_a_stopped_series_says_it_cannot_be_changed(
    as_district: Client, series: MeetingSeries
) -> None:
    series_stop(series=series)
    page = as_district.get(_url("series", series.uuid)).content.decode()
    assert _url("series_edit", series.uuid) not in page
    assert _url("series_extend", series.uuid) not in page
    refusal = _hindi("This series has been stopped; it can no longer be changed.")
    response = as_district.get(_url("series_edit", series.uuid), follow=True)
    assert response.redirect_chain[-1][0] == _url("series", series.uuid)
    assert refusal in response.content.decode()
    response = as_district.post(_url("series_edit", series.uuid), _form(series, venue="नया"))
    assert response.status_code == 422
    assert refusal in response.content.decode()
    assert not series.meetings.filter(venue="नया").exists()


def test_the_editor_plans_more_and_the_same_form_sent_twice_plans_once(
    as_district: Client, series: MeetingSeries
) -> None:
    last = series_last_occurrence(series)
    assert last is not None
    data = {"count": "2", "after": last.isoformat()}
    response = as_district.post(_url("series_extend", series.uuid), data)
    assert response.status_code == 302
    assert response["Location"] == _url("series", series.uuid) + "#meetings"
    assert series.meetings.count() == 5
    again = as_district.post(_url("series_extend", series.uuid), data)
    assert again.status_code == 302
    assert series.meetings.count() == 5
    page = as_district.get(_url("series", series.uuid)).content.decode()
    new_last = series_last_occurrence(series)
    assert new_last is not None and new_last > last
    assert f'name="after" value="{new_last.isoformat()}"' in page


@pytest.mark.parametrize("count", ["0", str(EXTEND_MAX + 1), "बहुत"])
def test_planning_a_number_out_of_range_is_refused_in_hindi(
    as_district: Client, series: MeetingSeries, count: str
) -> None:
    response = as_district.post(_url("series_extend", series.uuid), {"count": count})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'class="field has-error"' in page
    if count.isdigit():
        message = _hindi("Plan from 1 to %(max)s meetings at a time.") % {"max": EXTEND_MAX}
        assert message in page
    assert series.meetings.count() == 3


def test_planning_more_of_a_stopped_series_is_refused_with_a_message(
    as_district: Client, series: MeetingSeries
) -> None:
    series_stop(series=series)
    response = as_district.post(_url("series_extend", series.uuid), {"count": "2"}, follow=True)
    refusal = _hindi("This series has been stopped; no more meetings can be planned for it.")
    assert refusal in response.content.decode()
    assert series.meetings.count() == 3


def test_a_worker_sees_neither_form_and_is_refused_both(
    as_worker: Client, series: MeetingSeries
) -> None:
    page = as_worker.get(_url("series", series.uuid)).content.decode()
    assert _url("series_edit", series.uuid) not in page
    assert _url("series_extend", series.uuid) not in page
    assert as_worker.get(_url("series_edit", series.uuid)).status_code == 403
    response = as_worker.post(_url("series_edit", series.uuid), _form(series, venue="नया"))
    assert response.status_code == 403
    assert as_worker.post(_url("series_extend", series.uuid), {"count": "2"}).status_code == 403
    assert series.meetings.count() == 3
    assert not series.meetings.filter(venue="नया").exists()


def test_the_outsider_can_neither_change_nor_extend_the_districts_series(
    as_outsider: Client, series: MeetingSeries, outsider: User
) -> None:
    assert as_outsider.get(_url("series_edit", series.uuid)).status_code == 404
    response = as_outsider.post(_url("series_edit", series.uuid), _form(series, venue="नया"))
    assert response.status_code == 404
    response = as_outsider.post(_url("series_extend", series.uuid), {"count": "2"})
    assert response.status_code == 404
    assert series.meetings.count() == 3
    assert not series.meetings.filter(venue="नया").exists()
