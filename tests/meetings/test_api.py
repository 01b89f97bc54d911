"""The /api/v1 meetings endpoints: the district's whole journey, refusals, and the outsider."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from icalendar import Calendar

from sangathan.core.models import User
from sangathan.meetings.models import ActionItem, Attendance, Meeting, PressNote
from sangathan.meetings.services import meeting_create
from tests.api.conftest import Api, bearer
from tests.conftest import World
from tests.meetings.conftest import SEED_LINE, SEED_NAMES, Seed, at


def _u(obj: Any) -> str:
    return str(obj.uuid)


def test_the_district_records_the_seed_meeting_through_the_api(
    world: World, seed: Seed, district_editor: User, connect: Callable[..., Api]
) -> None:
    api = connect(district_editor)
    created = api.post(
        "/meetings/",
        {
            "unit": _u(world.district),
            "title": "विधानसभा चुनाव की तैयारी बैठक",
            "starts_at": at(-2).isoformat(),
            "venue": "जिला कार्यालय",
            "place": "कानपुर",
            "chair": _u(world.sunil),
        },
    )
    assert created.status_code == 201, created.json()
    meeting = created.json()
    assert meeting["is_past"] is True and meeting["may_edit"] is True
    base = f"/meetings/{meeting['uuid']}"
    assert api.post(f"{base}/agenda/", {"title": "सोशल मीडिया"}).status_code == 201
    said = api.post(
        f"{base}/statements/", {"speaker": _u(world.sunil), "text": "संगठन बूथ तक मजबूत होगा"}
    )
    assert said.status_code == 201, said.json()

    preview = api.post(f"{base}/attendance/paste/preview/", {"text": SEED_LINE})
    assert preview.status_code == 200, preview.json()
    rows = preview.json()
    assert [r["name"] for r in rows] == SEED_NAMES
    assert {r["status"] for r in rows} == {"matched"}
    choices = [
        {"index": r["index"], "name": r["name"], "action": "person", "person": r["person"]["uuid"]}
        for r in rows
    ]
    applied = api.post(f"{base}/attendance/paste/apply/", {"choices": choices})
    assert applied.status_code == 200, applied.json()
    assert applied.json()["marked"] == 14
    listed = api.get(f"{base}/attendance/").json()
    assert [p["post"] for p in listed["people"][:2]] == ["जिला उपाध्यक्ष", "जिला महामंत्री"]

    decision = api.post(f"{base}/decisions/", {"text": "कार्यकर्ता रविवार से निकलेंगे।"})
    assert decision.status_code == 201
    owner = seed.people["अमित गुप्ता"]
    item = api.post(
        f"/decisions/{decision.json()['uuid']}/action-items/",
        {"text": "सूची बनाएं", "owners": [_u(owner)], "due_date": "2030-01-01"},
    )
    assert item.status_code == 201, item.json()
    assert item.json()["owners"] == [{"uuid": _u(owner), "name": owner.name}]

    note = api.post(f"{base}/press-note/")
    assert note.status_code == 200, note.json()
    body = note.json()
    assert body["text_hi"].startswith("कानपुर।")
    assert body["share_url"].startswith("https://wa.me/?text=")
    edited = api.patch(f"/press-notes/{body['uuid']}/", {"headline_hi": "जिला कार्यालय में बैठक"})
    assert edited.json()["headline_hi"] == "जिला कार्यालय में बैठक"
    assert api.post(f"/press-notes/{body['uuid']}/finalise/").json()["status"] == "final"
    pdf = api.get(f"/press-notes/{body['uuid']}/export/", format="pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = api.get(f"/press-notes/{body['uuid']}/export/", format="txt")
    assert text.content.decode().startswith("जिला कार्यालय में बैठक\n\n")

    detail = api.get(f"{base}/").json()
    assert detail["status"] == "held"
    assert detail["counts"]["present"] == 14
    assert len(detail["decisions"][0]["action_items"]) == 1


def test_an_action_item_without_owner_is_refused_with_the_field(
    held: Meeting, district_editor: User
) -> None:
    api = bearer(district_editor)
    decision = api.post(f"/meetings/{_u(held)}/decisions/", {"text": "कुछ तय हुआ।"}).json()
    refused = api.post(
        f"/decisions/{decision['uuid']}/action-items/", {"text": "सूची", "owners": []}
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid"
    assert "owners" in refused.json()["fields"]
    assert not ActionItem.objects.exists()


def test_a_refused_paste_names_its_rows_and_saves_nothing(
    held: Meeting, district_editor: User, seed: Seed
) -> None:
    api = bearer(district_editor)
    refused = api.post(
        f"/meetings/{_u(held)}/attendance/paste/apply/",
        {
            "choices": [
                {"index": 0, "name": "अमित गुप्ता", "action": "person"},
                {"index": 1, "name": "नया", "action": "jump"},
            ]
        },
    )
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "paste_invalid"
    assert [p["index"] for p in body["problems"]] == [0, 1]
    assert not Attendance.objects.exists()


def test_the_calendar_file_downloads(upcoming: Meeting, district_editor: User) -> None:
    response = bearer(district_editor).get(f"/meetings/{_u(upcoming)}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == upcoming.title


def test_invite_by_post_and_mark_through_the_api(
    world: World, upcoming: Meeting, held: Meeting, district_editor: User, seed: Seed
) -> None:
    api = bearer(district_editor)
    invited = api.post(
        f"/meetings/{_u(upcoming)}/invitees/by-post/",
        {"post": _u(seed.vice_president), "under": _u(world.district)},
    )
    assert invited.status_code == 200, invited.json()
    assert invited.json()["added"] == 1
    marked = api.post(
        f"/meetings/{_u(held)}/attendance/",
        {"person": _u(seed.people["रोहित साहू"]), "presence": "late"},
    )
    assert marked.status_code == 200
    row = marked.json()
    changed = api.patch(f"/attendance/{row['uuid']}/", {"presence": "present"})
    assert changed.json()["presence"] == "present"


def test_a_worker_may_read_but_not_change_a_meeting_in_reach(
    world: World, booth_worker: User
) -> None:
    meeting = meeting_create(unit=world.booth, title="बूथ बैठक", starts_at=at(24))
    api = bearer(booth_worker)
    assert api.get(f"/meetings/{_u(meeting)}/").status_code == 200
    refused = api.patch(f"/meetings/{_u(meeting)}/", {"title": "नया"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"


def test_the_outsider_sees_nothing_and_changes_nothing(
    world: World, held: Meeting, outsider: User, district_editor: User, seed: Seed
) -> None:
    api = bearer(outsider)
    assert api.get("/meetings/").json()["items"] == []
    for path in (
        f"/meetings/{_u(held)}/",
        f"/meetings/{_u(held)}/attendance/",
        f"/meetings/{_u(held)}/calendar.ics",
    ):
        response = api.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert api.post(f"/meetings/{_u(held)}/press-note/").status_code == 404
    created = api.post(
        "/meetings/",
        {"unit": _u(world.district), "title": "घुसपैठ", "starts_at": at(5).isoformat()},
    )
    assert created.status_code == 404
    preview = api.post(f"/meetings/{_u(held)}/attendance/paste/preview/", {"text": SEED_LINE})
    assert preview.status_code == 404
    assert Meeting.objects.count() == 1 and not PressNote.objects.exists()
