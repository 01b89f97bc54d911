"""Meetings, their agenda and statements: each rule and refusal, through the services."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from sangathan.core.models import AuditEntry, Notification, User
from sangathan.meetings import selectors as sel
from sangathan.meetings.attendance import invitee_add
from sangathan.meetings.models import Meeting, MeetingStatus
from sangathan.meetings.services import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    meeting_cancel,
    meeting_create,
    meeting_mark_held,
    meeting_reopen,
    meeting_update,
    statement_add,
)
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from tests.conftest import World
from tests.core.test_inbox import Capture
from tests.meetings.conftest import at


def test_a_district_editor_plans_a_meeting_of_the_district(
    world: World, district_editor: User
) -> None:
    meeting = meeting_create(
        unit=world.district,
        title="  जिला   कार्यसमिति बैठक ",
        starts_at=at(24),
        venue="जिला कार्यालय",
        actor=district_editor,
    )
    assert meeting.title == "जिला कार्यसमिति बैठक"
    assert meeting.unit_path == world.district.path
    assert meeting.status == MeetingStatus.PLANNED
    assert AuditEntry.objects.filter(action="meetings.created", unit=world.district).exists()


def test_a_meeting_in_the_past_may_be_recorded_and_says_so(
    world: World, district_editor: User
) -> None:
    meeting = meeting_create(
        unit=world.district, title="पिछली बैठक", starts_at=at(-48), actor=district_editor
    )
    assert sel.meeting_is_past(meeting)


def test_a_meeting_needs_a_title_an_aware_time_and_an_end_after_its_start(
    world: World, district_editor: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        meeting_create(
            unit=world.district,
            title=" ",
            starts_at=datetime(2026, 12, 1, 11, 0),
            actor=district_editor,
        )
    assert set(caught.value.message_dict) == {"title", "starts_at"}
    with pytest.raises(ValidationError) as caught:
        meeting_create(
            unit=world.district,
            title="बैठक",
            starts_at=at(5),
            ends_at=at(4),
            actor=district_editor,
        )
    assert "ends_at" in caught.value.message_dict
    assert not Meeting.objects.exists()


def test_a_mandal_editor_cannot_plan_a_district_meeting(
    world: World, mandal_editor: User, outsider: User
) -> None:
    with pytest.raises(Http404):
        meeting_create(unit=world.district, title="बैठक", starts_at=at(5), actor=mandal_editor)
    with pytest.raises(Http404):
        meeting_create(unit=world.district, title="बैठक", starts_at=at(5), actor=outsider)


def test_a_booth_worker_cannot_plan_a_booth_meeting(world: World, booth_worker: User) -> None:
    with pytest.raises(PermissionDenied):
        meeting_create(unit=world.booth, title="बैठक", starts_at=at(5), actor=booth_worker)


def test_the_chair_must_be_someone_the_editor_can_see(world: World, district_editor: User) -> None:
    stranger = person_create(name="बाहरी व्यक्ति", home_unit=world.sibling_booth)
    with pytest.raises(ValidationError) as caught:
        meeting_create(
            unit=world.district,
            title="बैठक",
            starts_at=at(5),
            chair=stranger,
            actor=district_editor,
        )
    assert "chair" in caught.value.message_dict


def test_an_update_changes_only_what_is_passed(upcoming: Meeting, district_editor: User) -> None:
    meeting_update(meeting=upcoming, venue="मोतीझील", attendees_public=False, actor=district_editor)
    upcoming.refresh_from_db()
    assert upcoming.venue == "मोतीझील"
    assert upcoming.attendees_public is False
    assert upcoming.title == "जिला कार्यसमिति बैठक"
    entry = AuditEntry.objects.get(action="meetings.updated")
    assert entry.changes["venue"] == ["जिला कार्यालय", "मोतीझील"]


def test_the_outsider_never_sees_the_districts_meetings(
    upcoming: Meeting, outsider: User, booth_worker: User, district_editor: User
) -> None:
    assert list(sel.meetings_for_user(outsider)) == []
    with pytest.raises(Http404):
        sel.meeting_get_for_user(outsider, uuid=upcoming.uuid)
    # A booth worker's reach is the booth: a district meeting is not in it.
    with pytest.raises(Http404):
        sel.meeting_get_for_user(booth_worker, uuid=upcoming.uuid)
    assert sel.meeting_get_for_user(district_editor, uuid=upcoming.uuid, write=True) == upcoming


def test_a_mandal_editor_edits_its_own_meetings_and_not_the_districts(
    world: World, upcoming: Meeting, mandal_editor: User
) -> None:
    with pytest.raises(Http404):
        sel.meeting_get_for_user(mandal_editor, uuid=upcoming.uuid)
    mandal_meeting = meeting_create(unit=world.mandal, title="मंडल बैठक", starts_at=at(5))
    assert sel.meeting_get_for_user(mandal_editor, uuid=mandal_meeting.uuid, write=True)


def test_a_meeting_to_come_cannot_be_marked_held(upcoming: Meeting, district_editor: User) -> None:
    with pytest.raises(ValidationError):
        meeting_mark_held(meeting=upcoming, actor=district_editor)


def test_cancelling_a_meeting_to_come_tells_the_invitees(
    world: World,
    upcoming: Meeting,
    district_editor: User,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    assert mandal_editor.person is not None
    with django_capture_on_commit_callbacks(execute=True):
        invitee_add(meeting=upcoming, person=mandal_editor.person, actor=district_editor)
        meeting_cancel(meeting=upcoming, reason="वर्षा के कारण", actor=district_editor)
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.CANCELLED
    note = Notification.objects.get(user=mandal_editor, kind="meetings/cancelled")
    assert "जिला कार्यसमिति बैठक" in note.title
    assert note.body == "वर्षा के कारण"
    with pytest.raises(ValidationError):
        agenda_item_add(meeting=upcoming, title="कुछ भी", actor=district_editor)
    meeting_reopen(meeting=upcoming, actor=district_editor)
    assert agenda_item_add(meeting=upcoming, title="कुछ भी", actor=district_editor)


def test_a_held_meeting_cannot_be_cancelled(held: Meeting, district_editor: User) -> None:
    meeting_mark_held(meeting=held, actor=district_editor)
    with pytest.raises(ValidationError):
        meeting_cancel(meeting=held, actor=district_editor)


def test_agenda_items_keep_their_order_when_moved_and_removed(
    upcoming: Meeting, district_editor: User
) -> None:
    first = agenda_item_add(meeting=upcoming, title="सोशल मीडिया", actor=district_editor)
    second = agenda_item_add(meeting=upcoming, title="राहत वितरण", actor=district_editor)
    third = agenda_item_add(meeting=upcoming, title="टीकाकरण", actor=district_editor)
    agenda_item_move(item=third, position=1, actor=district_editor)
    assert [i.title for i in upcoming.agenda.all()] == ["टीकाकरण", "सोशल मीडिया", "राहत वितरण"]
    agenda_item_remove(item=first, actor=district_editor)
    assert [(i.position, i.pk) for i in upcoming.agenda.all()] == [(1, third.pk), (2, second.pk)]
    with pytest.raises(ValidationError):
        agenda_item_add(meeting=upcoming, title="", actor=district_editor)


def test_a_statement_needs_text_and_a_visible_speaker(
    world: World, held: Meeting, district_editor: User
) -> None:
    statement = statement_add(
        meeting=held, speaker=world.sunil, text="संगठन बूथ तक मजबूत होगा", actor=district_editor
    )
    assert statement.position == 1
    with pytest.raises(ValidationError):
        statement_add(meeting=held, speaker=world.sunil, text="  ", actor=district_editor)
    stranger = person_create(name="बाहरी", gender=Gender.MALE, home_unit=world.sibling_booth)
    with pytest.raises(ValidationError):
        statement_add(meeting=held, speaker=stranger, text="कुछ", actor=district_editor)


def test_a_past_or_cancelled_meeting_says_so(
    held: Meeting, upcoming: Meeting, district_editor: User
) -> None:
    with translation.override("en"):
        assert "no invitations or reminders" in sel.meeting_notice(held)
        assert sel.meeting_notice(upcoming) == ""
        meeting_cancel(meeting=upcoming, actor=district_editor)
        assert sel.meeting_notice(upcoming) == "This meeting was cancelled."


def test_the_person_page_lists_the_meetings_attended(
    world: World, held: Meeting, district_editor: User, outsider: User
) -> None:
    from django.test import Client

    from sangathan.meetings.attendance import attendance_mark_person

    rohit = person_create(name="रोहित साहू", gender=Gender.MALE, home_unit=world.booth)
    attendance_mark_person(meeting=held, person=rohit, actor=district_editor)
    client = Client()
    client.force_login(district_editor)
    page = client.get(f"/people/{rohit.uuid}/").content.decode()
    assert "विधानसभा चुनाव की तैयारी बैठक" in page
    assert list(sel.meetings_attended(outsider, rohit)) == []


def test_moving_a_unit_restamps_its_meetings_and_their_rows(
    world: World, district_editor: User, outsider: User
) -> None:
    from sangathan.meetings.attendance import attendance_mark_person
    from sangathan.meetings.decisions import action_item_add, decision_add
    from sangathan.meetings.models import ActionItem, Attendance
    from sangathan.units.services import unit_move

    meeting = meeting_create(unit=world.mandal, title="मंडल बैठक", starts_at=at(-1))
    person = person_create(name="रोहित साहू", gender=Gender.MALE, home_unit=world.mandal)
    attendance_mark_person(meeting=meeting, person=person)
    action_item_add(decision=decision_add(meeting=meeting, text="x"), text="y", owners=[person])
    unit_move(unit=world.mandal, new_parent=world.sibling)
    world.mandal.refresh_from_db()
    meeting.refresh_from_db()
    assert meeting.unit_path == world.mandal.path
    assert Attendance.objects.get().unit_path == world.mandal.path
    assert ActionItem.objects.get().unit_path == world.mandal.path
    assert list(sel.meetings_for_user(outsider)) == [meeting]
    assert list(sel.meetings_for_user(district_editor)) == []
