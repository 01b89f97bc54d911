"""Correcting the record on the meeting's page: a decision's text, what someone said; an
editor of the meeting's unit may, a worker or viewer may not (403), the sibling district's
editor learns nothing (404), and a bad correction is refused beside its field, unsaved."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.meetings.decisions import decision_add
from sangathan.meetings.models import Decision, Meeting, Statement
from sangathan.meetings.services import meeting_cancel, statement_add
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from tests.conftest import PASSWORD, World, login


def _url(name: str, *args: object) -> str:
    return reverse(f"meetings:{name}", args=list(args))


def _english(client: Client) -> Client:
    client.cookies["sangathan_language"] = "en"
    return client


@pytest.fixture
def decision(held: Meeting) -> Decision:
    return decision_add(meeting=held, text="कार्यकर्ता रविवार से घर-घर जाएंगे।")


@pytest.fixture
def statement(held: Meeting, world: World) -> Statement:
    return statement_add(
        meeting=held, speaker=world.sunil, text="बूथ तक काम होगा", speaker_post="जिला अध्यक्ष"
    )


def _user(world: World, username: str, role: str) -> User:
    person = person_create(name="दिनेश मौर्य", gender=Gender.MALE, home_unit=world.district)
    user = user_create(username=username, password=PASSWORD, person=person)
    grant_set(user=user, unit=world.district, role=role)
    return user


@pytest.fixture(params=[Role.WORKER, Role.VIEWER])
def as_low(request: pytest.FixtureRequest, world: World) -> Client:
    return login(_user(world, "low", request.param))


# --- Decisions ------------------------------------------------------------------------------


def test_the_meeting_page_links_each_decision_and_statement_to_its_edit_page(
    as_district: Client, held: Meeting, decision: Decision, statement: Statement
) -> None:
    page = as_district.get(_url("meeting", held.uuid)).content.decode()
    assert _url("decision_edit", decision.uuid) in page
    assert _url("statement_edit", statement.uuid) in page


def test_the_editor_corrects_a_decision_and_it_is_audited(
    as_district: Client, held: Meeting, decision: Decision
) -> None:
    page = as_district.get(_url("decision_edit", decision.uuid))
    assert page.status_code == 200
    assert decision.text in page.content.decode()
    response = as_district.post(
        _url("decision_edit", decision.uuid), {"text": "कार्यकर्ता सोमवार से घर-घर जाएंगे।"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("meeting", held.uuid) + f"#decision-{decision.uuid}"
    decision.refresh_from_db()
    assert decision.text == "कार्यकर्ता सोमवार से घर-घर जाएंगे।"
    assert decision.public is False  # the box was not ticked
    entry = AuditEntry.objects.get(action="meetings.decision_updated")
    assert entry.target_id == str(decision.uuid)


def test_an_empty_decision_is_refused_beside_the_field_and_nothing_changes(
    as_district: Client, decision: Decision
) -> None:
    response = _english(as_district).post(
        _url("decision_edit", decision.uuid), {"text": "   ", "public": "on"}
    )
    assert response.status_code == 422
    assert "Write the decision." in response.content.decode()
    decision.refresh_from_db()
    assert decision.text == "कार्यकर्ता रविवार से घर-घर जाएंगे।"
    assert not AuditEntry.objects.filter(action="meetings.decision_updated").exists()


def test_a_decision_of_a_cancelled_meeting_is_refused_as_the_service_says(
    as_district: Client, held: Meeting, decision: Decision
) -> None:
    meeting_cancel(meeting=held, reason="बारिश")
    response = _english(as_district).post(
        _url("decision_edit", decision.uuid), {"text": "नया निर्णय", "public": "on"}
    )
    assert response.status_code == 422
    assert "reopen it first" in response.content.decode()
    decision.refresh_from_db()
    assert decision.text == "कार्यकर्ता रविवार से घर-घर जाएंगे।"


def test_a_worker_or_viewer_may_not_edit_a_decision(as_low: Client, decision: Decision) -> None:
    assert as_low.get(_url("decision_edit", decision.uuid)).status_code == 403
    response = as_low.post(_url("decision_edit", decision.uuid), {"text": "बदला हुआ"})
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.text == "कार्यकर्ता रविवार से घर-घर जाएंगे।"


def test_the_outsider_cannot_see_or_edit_a_decision(
    as_outsider: Client, decision: Decision
) -> None:
    assert as_outsider.get(_url("decision_edit", decision.uuid)).status_code == 404
    response = as_outsider.post(_url("decision_edit", decision.uuid), {"text": "बदला हुआ"})
    assert response.status_code == 404
    decision.refresh_from_db()
    assert decision.text == "कार्यकर्ता रविवार से घर-घर जाएंगे।"


# --- Statements -----------------------------------------------------------------------------


def test_the_editor_corrects_what_was_said_and_it_is_audited(
    as_district: Client, held: Meeting, statement: Statement, world: World
) -> None:
    page = as_district.get(_url("statement_edit", statement.uuid))
    assert page.status_code == 200
    assert "बूथ तक काम होगा" in page.content.decode()
    response = as_district.post(
        _url("statement_edit", statement.uuid),
        {"text": "हर बूथ तक काम होगा", "speaker_post": "जिलाध्यक्ष", "public": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == _url("meeting", held.uuid) + "#statements"
    statement.refresh_from_db()
    assert statement.text == "हर बूथ तक काम होगा"
    assert statement.speaker_post == "जिलाध्यक्ष"
    assert statement.public is True
    assert statement.speaker == world.sunil  # who spoke is not changed here
    assert AuditEntry.objects.filter(action="meetings.statement_updated").count() == 1


def test_an_empty_statement_is_refused_beside_the_field_and_nothing_changes(
    as_district: Client, statement: Statement
) -> None:
    response = _english(as_district).post(
        _url("statement_edit", statement.uuid), {"text": "", "speaker_post": "कोई"}
    )
    assert response.status_code == 422
    assert "Write what was said." in response.content.decode()
    statement.refresh_from_db()
    assert (statement.text, statement.speaker_post) == ("बूथ तक काम होगा", "जिला अध्यक्ष")
    assert not AuditEntry.objects.filter(action="meetings.statement_updated").exists()


def test_a_worker_or_viewer_may_not_edit_a_statement(as_low: Client, statement: Statement) -> None:
    assert as_low.get(_url("statement_edit", statement.uuid)).status_code == 403
    response = as_low.post(_url("statement_edit", statement.uuid), {"text": "बदला हुआ"})
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.text == "बूथ तक काम होगा"


def test_the_outsider_cannot_see_or_edit_a_statement(
    as_outsider: Client, statement: Statement
) -> None:
    assert as_outsider.get(_url("statement_edit", statement.uuid)).status_code == 404
    response = as_outsider.post(_url("statement_edit", statement.uuid), {"text": "बदला हुआ"})
    assert response.status_code == 404
    statement.refresh_from_db()
    assert statement.text == "बूथ तक काम होगा"
