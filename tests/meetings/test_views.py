"""The meetings pages over HTTP: list, new and edit, the meeting's page, invitations and
attendance (one tap, htmx), the pasted list, decisions with action items, the press note,
the numbers; each refused to the outsider (the sibling district) and to a role too low."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sangathan.core.models import Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.meetings.attendance import invitee_add
from sangathan.meetings.decisions import action_item_add, decision_add
from sangathan.meetings.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Presence,
    UnmatchedAttendee,
)
from sangathan.meetings.services import agenda_item_add
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from tests.conftest import PASSWORD, World, login
from tests.meetings.conftest import SEED_LINE, SEED_NAMES, Seed, at


def _url(name: str, *args: object) -> str:
    return reverse(f"meetings:{name}", args=list(args))


@pytest.fixture
def district_worker(world: World) -> User:
    person = person_create(name="दिनेश मौर्य", gender=Gender.MALE, home_unit=world.district)
    user = user_create(username="dworker", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.district, role=Role.WORKER)
    return user


# --- The list -------------------------------------------------------------------------------


def test_the_list_shows_meetings_to_come_and_those_held(
    as_district: Client, held: Meeting, upcoming: Meeting
) -> None:
    page = as_district.get(_url("list")).content.decode()
    assert upcoming.title in page and held.title not in page
    page = as_district.get(_url("list") + "?when=past").content.decode()
    assert held.title in page and upcoming.title not in page


def test_the_list_filters_to_one_units_meetings(
    as_district: Client, world: World, upcoming: Meeting, district_editor: User
) -> None:
    from sangathan.meetings.services import meeting_create

    mandal_meeting = meeting_create(
        unit=world.mandal, title="मंडल बैठक", starts_at=at(30), actor=district_editor
    )
    page = as_district.get(_url("list") + f"?unit={world.mandal.uuid}").content.decode()
    assert mandal_meeting.title in page and upcoming.title not in page


def test_the_outsider_sees_none_of_the_districts_meetings(
    as_outsider: Client, upcoming: Meeting
) -> None:
    response = as_outsider.get(_url("list"))
    assert response.status_code == 200
    assert upcoming.title not in response.content.decode()


# --- New and edit ---------------------------------------------------------------------------


def test_the_district_plans_a_meeting_with_its_agenda_and_chair(
    as_district: Client, world: World
) -> None:
    starts = timezone.localtime(timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    response = as_district.post(
        _url("new"),
        {
            "unit": str(world.district.uuid),
            "title": "जिला कार्यसमिति बैठक",
            "kind": "committee",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "venue": "जिला कार्यालय",
            "chair": str(world.sunil.uuid),
            "agenda": "सोशल मीडिया पैनल\nलॉकडाउन में राहत\n",
        },
    )
    meeting = Meeting.objects.get(title="जिला कार्यसमिति बैठक")
    assert response.status_code == 302
    assert response["Location"] == _url("meeting", meeting.uuid)
    assert meeting.chair == world.sunil
    assert meeting.starts_at == starts
    assert [a.title for a in meeting.agenda.all()] == ["सोशल मीडिया पैनल", "लॉकडाउन में राहत"]


def test_a_repeating_meeting_plans_its_next_three(as_district: Client, world: World) -> None:
    starts = timezone.localtime(timezone.now() + timedelta(days=60)).replace(
        day=10, hour=11, minute=0, second=0, microsecond=0
    )
    response = as_district.post(
        _url("new"),
        {
            "unit": str(world.district.uuid),
            "title": "मासिक समीक्षा बैठक",
            "kind": "review",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "repeat": "monthly",
        },
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.day == 10
    assert series.meetings.count() == 3


def test_a_meeting_without_a_title_is_refused_with_the_form_kept(
    as_district: Client, world: World
) -> None:
    response = as_district.post(
        _url("new"),
        {"unit": str(world.district.uuid), "title": " ", "kind": "other", "starts_at": ""},
    )
    assert response.status_code == 422
    assert Meeting.objects.count() == 0


def test_the_chair_is_found_by_typing_the_name_in_either_script(
    as_district: Client, world: World
) -> None:
    response = as_district.get(
        _url("people_search") + "?mode=chair&target=x&chair_query=Sunil Bajaj"
    )
    assert world.sunil.name in response.content.decode()
    pick = as_district.get(_url("people_pick") + f"?name=chair&person={world.sunil.uuid}")
    assert f'value="{world.sunil.uuid}"' in pick.content.decode()


def test_the_outsider_cannot_pick_a_district_person(as_outsider: Client, world: World) -> None:
    response = as_outsider.get(_url("people_pick") + f"?name=chair&person={world.sunil.uuid}")
    assert response.status_code == 404
    hits = as_outsider.get(_url("people_search") + "?mode=chair&q=सुनील बजाज")
    assert world.sunil.name not in hits.content.decode()


def test_the_editor_changes_the_meeting_and_the_press_note_flags(
    as_district: Client, upcoming: Meeting
) -> None:
    starts = timezone.localtime(upcoming.starts_at)
    response = as_district.post(
        _url("edit", upcoming.uuid),
        {
            "title": "बदली हुई बैठक",
            "kind": "committee",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "venue": "नया कार्यालय",
            "venue_public": "",
            "attendees_public": "on",
        },
    )
    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.title == "बदली हुई बैठक" and upcoming.venue == "नया कार्यालय"
    assert upcoming.venue_public is False and upcoming.chair is None


def test_a_worker_cannot_plan_or_change_a_meeting(district_worker: User, upcoming: Meeting) -> None:
    client = login(district_worker)
    assert client.get(_url("new")).status_code == 404
    assert client.get(_url("edit", upcoming.uuid)).status_code == 403
    assert client.post(_url("agenda_add", upcoming.uuid), {"title": "x"}).status_code == 403


# --- The meeting's page ---------------------------------------------------------------------


def test_the_meeting_page_shows_details_agenda_people_and_decisions(
    as_district: Client, held: Meeting, seed: Seed
) -> None:
    agenda_item_add(meeting=held, title="सोशल मीडिया पैनल", minutes="पांच नाम भेजे गए")
    invitee_add(meeting=held, person=seed.people["वीरेश त्रिपाठी"])
    decision = decision_add(meeting=held, text="कार्यकर्ता रविवार से निकलेंगे।")
    action_item_add(decision=decision, text="टीकाकरण जागरूकता", owners=[seed.people["अमित गुप्ता"]])
    page = as_district.get(_url("meeting", held.uuid)).content.decode()
    for text in (
        "जिला कार्यालय",
        "सोशल मीडिया पैनल",
        "पांच नाम भेजे गए",
        "वीरेश त्रिपाठी",
        "कार्यकर्ता रविवार से निकलेंगे।",
        "टीकाकरण जागरूकता",
        "अमित गुप्ता",
    ):
        assert text in page, text


def test_the_outsider_gets_404_for_the_meeting(as_outsider: Client, held: Meeting) -> None:
    assert as_outsider.get(_url("meeting", held.uuid)).status_code == 404
    assert as_outsider.get(_url("ics", held.uuid)).status_code == 404


def test_the_calendar_file_downloads(as_district: Client, upcoming: Meeting) -> None:
    response = as_district.get(_url("ics", upcoming.uuid))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in response.content


def test_the_page_lists_what_the_last_meeting_left_open(
    as_district: Client, held: Meeting, upcoming: Meeting, seed: Seed
) -> None:
    decision = decision_add(meeting=held, text="पैनल भेजना")
    action_item_add(decision=decision, text="सात नामों की सूची", owners=[seed.people["रोहित साहू"]])
    page = as_district.get(_url("meeting", upcoming.uuid)).content.decode()
    assert "सात नामों की सूची" in page


def test_cancelling_and_planning_again(as_district: Client, upcoming: Meeting) -> None:
    as_district.post(_url("cancel", upcoming.uuid), {"reason": "बारिश"})
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.CANCELLED
    as_district.post(_url("reopen", upcoming.uuid))
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.PLANNED


# --- Invitations and attendance -------------------------------------------------------------


def test_inviting_a_person_and_every_holder_of_a_post(
    as_district: Client, upcoming: Meeting, world: World, seed: Seed
) -> None:
    from sangathan.units.services import appointment_create

    as_district.post(_url("invite", upcoming.uuid), {"person": str(seed.people["सचिन शुक्ला"].uuid)})
    appointment_create(
        person=seed.people["अमित गुप्ता"], post_type=world.mandal_president, unit=world.mandal
    )
    count = as_district.get(
        _url("invite_by_post_count", upcoming.uuid),
        {
            "bypost-post_type": str(world.mandal_president.uuid),
            "bypost-under": str(world.district.uuid),
        },
    )
    assert "1" in count.content.decode()
    as_district.post(
        _url("invite_by_post", upcoming.uuid),
        {
            "bypost-post_type": str(world.mandal_president.uuid),
            "bypost-under": str(world.district.uuid),
        },
    )
    invited = set(upcoming.attendances.filter(invited=True).values_list("person__name", flat=True))
    assert invited == {"सचिन शुक्ला", "अमित गुप्ता"}


def test_one_tap_marks_a_row_and_htmx_gets_the_row_back(
    as_district: Client, held: Meeting, seed: Seed
) -> None:
    row = invitee_add(meeting=held, person=seed.people["वीरेश त्रिपाठी"])
    response = as_district.post(
        _url("mark", row.uuid), {"presence": "late"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<li") and f'id="row-{row.uuid}"' in body
    row.refresh_from_db()
    assert row.presence == Presence.LATE


def test_a_worker_of_the_unit_marks_but_cannot_invite(
    district_worker: User, held: Meeting, seed: Seed
) -> None:
    row = invitee_add(meeting=held, person=seed.people["वीरेश त्रिपाठी"])
    client = login(district_worker)
    client.post(_url("mark", row.uuid), {"presence": "present"})
    row.refresh_from_db()
    assert row.presence == Presence.PRESENT
    response = client.post(
        _url("invite", held.uuid), {"person": str(seed.people["सचिन शुक्ला"].uuid)}
    )
    assert response.status_code == 403


def test_the_outsider_cannot_mark_a_row(as_outsider: Client, held: Meeting, seed: Seed) -> None:
    row = invitee_add(meeting=held, person=seed.people["वीरेश त्रिपाठी"])
    assert as_outsider.post(_url("mark", row.uuid), {"presence": "present"}).status_code == 404
    assert as_outsider.post(_url("paste", held.uuid), {"text": SEED_LINE}).status_code == 404


def test_the_seed_line_is_previewed_as_its_fourteen_people_and_applied(
    as_district: Client, held: Meeting, seed: Seed
) -> None:
    preview = as_district.post(_url("paste", held.uuid), {"text": SEED_LINE})
    page = preview.content.decode()
    assert preview.status_code == 200
    for name in SEED_NAMES:
        assert f'value="{name}"' in page, name
    assert SEED_LINE in page  # the text is kept for another try
    data = {"text": SEED_LINE, "presence": "present"}
    for row in preview.context["paste_rows"]:
        data[f"row-{row.row.index}-name"] = row.row.name
        checked = [o.value for o in row.options if o.checked]
        data[f"row-{row.row.index}-choice"] = checked[0]
    response = as_district.post(_url("paste_apply", held.uuid), data)
    assert response.status_code == 302
    present = held.attendances.filter(presence=Presence.PRESENT)
    assert set(present.values_list("person_id", flat=True)) == {p.pk for p in seed.people.values()}


def test_a_refused_paste_shows_the_rows_again_with_the_text(
    as_district: Client, held: Meeting, seed: Seed
) -> None:
    text = "संतोष शुक्ला, इरशाद अहमद"
    response = as_district.post(
        _url("paste_apply", held.uuid),
        {
            "text": text,
            "row-0-name": "संतोष शुक्ला",
            "row-0-choice": "",  # nobody chosen
            "row-1-name": "इरशाद अहमद",
            "row-1-choice": "keep",
        },
    )
    assert response.status_code == 422
    assert text in response.content.decode()
    assert not UnmatchedAttendee.objects.exists()
    assert not Attendance.objects.filter(meeting=held).exists()


def test_a_kept_name_is_resolved_to_a_person(
    as_district: Client, held: Meeting, seed: Seed
) -> None:
    as_district.post(
        _url("paste_apply", held.uuid),
        {"text": "इरशाद अहमद", "row-0-name": "इरशाद अहमद", "row-0-choice": "keep"},
    )
    entry = UnmatchedAttendee.objects.get(meeting=held)
    person = seed.people["दिनेश मौर्य"]
    as_district.post(_url("unmatched_resolve", entry.uuid), {"person": str(person.uuid)})
    assert held.attendances.get(person=person).presence == Presence.PRESENT
    assert not UnmatchedAttendee.objects.exists()


# --- Decisions and action items -------------------------------------------------------------


def test_a_decision_gets_action_items_with_owners(
    as_district: Client, held: Meeting, seed: Seed
) -> None:
    as_district.post(
        _url("decision_add", held.uuid), {"text": "सोशल मीडिया का पैनल", "public": "on"}
    )
    decision = held.decisions.get()
    owner = seed.people["अमित गुप्ता"]
    as_district.post(
        _url("action_add", decision.uuid),
        {"text": "पांच नाम भेजें", "owners": [str(owner.uuid)], "due_date": "2030-01-31"},
    )
    item = ActionItem.objects.get()
    assert list(item.owners.all()) == [owner]


def test_an_action_item_without_owner_is_refused(as_district: Client, held: Meeting) -> None:
    decision = decision_add(meeting=held, text="निर्णय")
    response = as_district.post(_url("action_add", decision.uuid), {"text": "कुछ करना"}, follow=True)
    assert not ActionItem.objects.exists()
    assert (
        "Name at least one person" in response.content.decode()
        or "कम से कम" in response.content.decode()
    )


def test_an_owner_closes_their_action_item_from_its_page(
    held: Meeting, seed: Seed, booth_worker: User
) -> None:
    decision = decision_add(meeting=held, text="निर्णय")
    assert booth_worker.person is not None
    item = action_item_add(decision=decision, text="घर घर संपर्क", owners=[booth_worker.person])
    client = login(booth_worker)
    assert client.get(_url("action_item", item.uuid)).status_code == 200
    client.post(_url("action_status", item.uuid), {"status": "done"})
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE
    assert client.post(_url("action_edit", item.uuid), {"text": "x"}).status_code == 403


def test_the_outsider_cannot_see_an_action_item(
    as_outsider: Client, held: Meeting, seed: Seed
) -> None:
    decision = decision_add(meeting=held, text="निर्णय")
    item = action_item_add(decision=decision, text="सूची", owners=[seed.people["अमित गुप्ता"]])
    assert as_outsider.get(_url("action_item", item.uuid)).status_code == 404
    assert as_outsider.post(_url("action_status", item.uuid), {"status": "done"}).status_code == 404


# --- The press note -------------------------------------------------------------------------


def test_the_press_note_is_written_edited_made_final_and_downloaded(
    as_district: Client, held: Meeting, seed: Seed
) -> None:
    decision_add(meeting=held, text="कार्यकर्ता रविवार से निकलेंगे।")
    decision_add(meeting=held, text="गोपनीय निर्णय", public=False)
    as_district.post(_url("press_note_generate", held.uuid))
    note = held.press_note
    page = as_district.get(_url("press_note", held.uuid)).content.decode()
    assert "रविवार से निकलेंगे" in page and "गोपनीय निर्णय" not in page
    assert "https://wa.me/?text=" in page
    as_district.post(
        _url("press_note_edit", note.uuid),
        {"headline_hi": "नई सुर्खी", "text_hi": note.text_hi, "headline_en": "", "text_en": ""},
    )
    note.refresh_from_db()
    assert note.headline_hi == "नई सुर्खी"
    as_district.post(_url("press_note_final", note.uuid))
    note.refresh_from_db()
    assert note.status == "final"
    pdf = as_district.get(_url("press_note_pdf", note.uuid))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = as_district.get(_url("press_note_docx", note.uuid))
    assert docx.content.startswith(b"PK")
    text = as_district.get(_url("press_note_txt", note.uuid)).content.decode()
    assert text.startswith("नई सुर्खी")


def test_a_worker_cannot_write_the_press_note(district_worker: User, held: Meeting) -> None:
    client = login(district_worker)
    assert client.get(_url("press_note", held.uuid)).status_code == 200
    assert client.post(_url("press_note_generate", held.uuid)).status_code == 403


def test_the_outsider_cannot_download_the_press_note(
    as_outsider: Client, as_district: Client, held: Meeting
) -> None:
    as_district.post(_url("press_note_generate", held.uuid))
    note = held.press_note
    assert as_outsider.get(_url("press_note_pdf", note.uuid)).status_code == 404
    assert as_outsider.get(_url("press_note", held.uuid)).status_code == 404


# --- Numbers and home -----------------------------------------------------------------------


def test_the_numbers_page_shows_attendance_and_open_items(
    as_district: Client, held: Meeting, world: World, seed: Seed
) -> None:
    from sangathan.meetings.attendance import attendance_mark_person

    attendance_mark_person(meeting=held, person=seed.people["अमित गुप्ता"])
    decision = decision_add(meeting=held, text="निर्णय")
    action_item_add(decision=decision, text="सूची", owners=[seed.people["अमित गुप्ता"]])
    page = as_district.get(_url("numbers", world.district.uuid)).content.decode()
    assert "अमित गुप्ता" in page and "100%" in page


def test_the_outsider_cannot_see_the_districts_numbers(as_outsider: Client, world: World) -> None:
    assert as_outsider.get(_url("numbers", world.district.uuid)).status_code == 404


def test_the_home_page_lists_my_open_action_items(
    as_district: Client, held: Meeting, district_editor: User
) -> None:
    assert district_editor.person is not None
    decision = decision_add(meeting=held, text="निर्णय")
    item = action_item_add(decision=decision, text="पैनल भेजना", owners=[district_editor.person])
    page = as_district.get("/").content.decode()
    assert _url("action_item", item.uuid) in page


def test_an_unknown_name_is_added_as_a_new_person_from_the_preview(
    as_district: Client, held: Meeting, seed: Seed, world: World
) -> None:
    text = "अमित गुप्ता, इरशाद अहमद, अमित गुप्ता"
    preview = as_district.post(_url("paste", held.uuid), {"text": text})
    rows = preview.context["paste_rows"]
    assert [r.row.status for r in rows] == ["matched", "unknown", "duplicate"]
    assert "new" in [o.value for o in rows[1].options]
    data = {"text": text, "presence": "present"}
    for row in rows:
        data[f"row-{row.row.index}-name"] = row.row.name
        data[f"row-{row.row.index}-choice"] = next(o.value for o in row.options if o.checked)
    data["row-1-choice"] = "new"
    response = as_district.post(_url("paste_apply", held.uuid), data)
    assert response.status_code == 302
    names = set(held.attendances.values_list("person__name", flat=True))
    assert names == {"अमित गुप्ता", "इरशाद अहमद"}
    assert held.attendances.get(person__name="इरशाद अहमद").person.home_unit == world.district


def test_a_worker_pastes_but_is_not_offered_to_add_people(
    district_worker: User, held: Meeting, seed: Seed
) -> None:
    client = login(district_worker)
    preview = client.post(_url("paste", held.uuid), {"text": "इरशाद अहमद"})
    assert preview.status_code == 200
    (row,) = preview.context["paste_rows"]
    assert [o.value for o in row.options] == ["keep", "skip"]


def test_a_booth_worker_cannot_paste_into_the_districts_meeting(
    as_booth: Client, held: Meeting
) -> None:
    assert as_booth.post(_url("paste", held.uuid), {"text": SEED_LINE}).status_code == 404


def test_the_unit_page_lists_open_action_items_of_its_meetings(
    as_district: Client, world: World, district_editor: User
) -> None:
    from sangathan.meetings.services import meeting_create

    meeting = meeting_create(
        unit=world.mandal,
        title="मंडल बैठक",
        starts_at=timezone.now() - timedelta(days=1),
        actor=district_editor,
    )
    decision = decision_add(meeting=meeting, text="बूथ समितियाँ पूरी करें", actor=district_editor)
    action_item_add(
        decision=decision,
        text="हर बूथ पर सोशल मीडिया प्रभारी",
        owners=[world.sunil],
        due_date=timezone.localdate() - timedelta(days=2),
        actor=district_editor,
    )
    page = as_district.get(f"/units/{world.district.uuid}/").content.decode()
    assert "हर बूथ पर सोशल मीडिया प्रभारी" in page
    # The sibling district's page (seen by nobody here) and a unit outside the meeting's
    # subtree show nothing of it.
    other = as_district.get(f"/units/{world.mandal2.uuid}/").content.decode()
    assert "हर बूथ पर सोशल मीडिया प्रभारी" not in other
