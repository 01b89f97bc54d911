"""The /api/v1 requisitions, panels and nominations: happy paths and refusals."""

from __future__ import annotations

from collections.abc import Callable

from sangathan.core.models import User
from sangathan.nominations.models import Nomination, Requisition, SubmissionStatus
from sangathan.nominations.panels import nominee_add, panel_submit
from sangathan.people.models import Person
from sangathan.units.models import Appointment
from tests.api.conftest import Api, bearer
from tests.conftest import World
from tests.nominations.conftest import DistrictAsk, Posts, StateAsk, later


def _u(obj: object) -> str:
    return str(obj.uuid)  # type: ignore[attr-defined]


def test_a_district_editor_asks_its_mandals_through_the_api(
    world: World, posts: Posts, district_editor: User, connect: Callable[..., Api]
) -> None:
    api = connect(district_editor)
    response = api.post(
        "/requisitions/",
        {
            "issuer": _u(world.district),
            "title": "सात नाम",
            "deadline": later().isoformat(),
            "asks": [{"post": _u(posts.social), "min_count": 2, "min_women": 1}],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "open"
    assert body["asks"][0]["max_count"] == 2
    assert body["may_manage"] is True
    requisition = Requisition.objects.get(uuid=body["uuid"])
    assert requisition.submissions.count() == 2
    listed = api.get("/requisitions/").json()
    assert [r["uuid"] for r in listed["items"]] == [body["uuid"]]


def test_bad_requisitions_are_refused_with_reasons(
    world: World, posts: Posts, district_editor: User
) -> None:
    api = bearer(district_editor)
    response = api.post(
        "/requisitions/",
        {
            "issuer": _u(world.district),
            "title": "",
            "deadline": later().isoformat(),
            "asks": [{"post": _u(posts.social), "min_count": 3, "max_count": 2}],
        },
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not Requisition.objects.exists()


def test_the_mandal_fills_and_sends_its_panel(
    district_ask: DistrictAsk, mandal_people: list[Person], mandal_editor: User
) -> None:
    api = bearer(mandal_editor)
    panel = _u(district_ask.mandal_panel)
    ask = _u(district_ask.social)
    body = api.get(f"/panels/{panel}/").json()
    assert body["status"] == "not_started" and body["may_edit"] is True
    assert [p["code"] for p in body["problems"]] == ["count_short"]
    added = api.post(f"/panels/{panel}/nominees/", {"ask": ask, "person": _u(mandal_people[0])})
    assert added.status_code == 201, added.json()
    refused = api.post(f"/panels/{panel}/submit/")
    assert refused.status_code == 400
    assert refused.json()["code"] == "panel_invalid"
    assert refused.json()["problems"][0]["code"] == "count_short"
    put = api.client.put(
        f"/api/v1/panels/{panel}/",
        {
            "nominees": [
                {"ask": ask, "person": _u(mandal_people[2]), "note": "पहले"},
                {"ask": ask, "person": _u(mandal_people[0])},
            ]
        },
        content_type="application/json",
        headers=api.headers,
    )
    assert put.status_code == 200, put.json()
    assert [n["person"]["name"] for n in put.json()["nominees"]] == [
        mandal_people[2].name,
        mandal_people[0].name,
    ]
    sent = api.post(f"/panels/{panel}/submit/")
    assert sent.status_code == 200
    assert sent.json()["status"] == "submitted" and sent.json()["may_edit"] is False
    late = api.post(f"/panels/{panel}/nominees/", {"ask": ask, "person": _u(mandal_people[3])})
    assert late.status_code == 400


def test_an_ineligible_person_is_refused_with_the_problem(
    district_ask: DistrictAsk, mandal2_people: list[Person], district_editor: User
) -> None:
    # The district editor sees the other mandal's people, but they are outside this panel.
    api = bearer(district_editor)
    response = api.post(
        f"/panels/{_u(district_ask.mandal_panel)}/nominees/",
        {"ask": _u(district_ask.social), "person": _u(mandal2_people[0])},
    )
    assert response.status_code == 400
    assert response.json()["problems"][0]["code"] == "outside"
    assert not Nomination.objects.exists()


def test_the_district_sees_the_board_returns_and_accepts(
    world: World,
    district_ask: DistrictAsk,
    mandal_people: list[Person],
    district_editor: User,
    mandal_editor: User,
) -> None:
    for p in mandal_people[:2]:
        nominee_add(submission=district_ask.mandal_panel, ask=district_ask.social, person=p)
    panel_submit(submission=district_ask.mandal_panel)
    api = bearer(district_editor)
    req = _u(district_ask.requisition)
    board = api.get(f"/requisitions/{req}/board/").json()
    assert board["counts"]["submitted"] == 1 and board["counts"]["total"] == 2
    panel = _u(district_ask.mandal_panel)
    returned = api.post(f"/panels/{panel}/return/", {"reason": "एक महिला जोड़ें"})
    assert returned.status_code == 200
    assert returned.json()["returned_reason"] == "एक महिला जोड़ें"
    assert bearer(mandal_editor).post(f"/panels/{panel}/submit/").status_code == 200
    accepted = api.post(f"/panels/{panel}/accept/")
    assert accepted.json()["status"] == SubmissionStatus.ACCEPTED
    compiled = api.get(f"/requisitions/{req}/nominations/").json()
    assert compiled["count"] == 2
    assert compiled["items"][0]["provenance"][0]["name_hi"] == world.mandal.name_hi
    assert api.get(f"/requisitions/{req}/flags/").json() == []
    # The mandal may not see the board, return its own panel, or remind.
    mandal = bearer(mandal_editor)
    assert mandal.get(f"/requisitions/{req}/board/").status_code == 403
    assert mandal.post(f"/panels/{panel}/allow-late/", {"allowed": True}).status_code == 403
    assert mandal.get(f"/requisitions/{req}/nominations/").status_code == 403


def test_a_mandal_sees_its_own_panel_but_never_the_sibling_mandals(
    district_ask: DistrictAsk, mandal_editor: User
) -> None:
    api = bearer(mandal_editor)
    req = _u(district_ask.requisition)
    assert api.get(f"/requisitions/{req}/").status_code == 200
    panels = api.get(f"/requisitions/{req}/panels/").json()
    assert [p["uuid"] for p in panels["items"]] == [_u(district_ask.mandal_panel)]
    assert api.get(f"/panels/{_u(district_ask.mandal2_panel)}/").status_code == 404


def test_the_state_selects_and_the_appointment_appears(
    world: World,
    posts: Posts,
    state_ask: StateAsk,
    mandal_people: list[Person],
    state_admin: User,
    district_editor: User,
) -> None:
    woman = next(p for p in mandal_people if p.gender == "F")
    for p in (mandal_people[0], woman):
        nominee_add(submission=state_ask.district_panel, ask=state_ask.social, person=p)
    nominee_add(submission=state_ask.district_panel, ask=state_ask.it, person=mandal_people[1])
    panel_submit(submission=state_ask.district_panel)
    chosen = Nomination.objects.get(person=woman)
    api = bearer(state_admin)
    response = api.post(f"/nominations/{_u(chosen)}/select/", {})
    assert response.status_code == 200, response.json()
    assert response.json()["outcome"] == "selected"
    appointment = Appointment.objects.get(uuid=response.json()["appointment"])
    assert (appointment.person, appointment.unit) == (woman, world.district)
    again = api.post(f"/nominations/{_u(chosen)}/select/", {})
    assert again.status_code == 400
    # The district may not select its own names.
    other = Nomination.objects.get(person=mandal_people[0])
    assert bearer(district_editor).post(f"/nominations/{_u(other)}/select/", {}).status_code == 403
    closed = api.post(f"/requisitions/{_u(state_ask.requisition)}/close/")
    assert closed.json()["status"] == "closed"


def test_notes_positions_and_removal_through_the_api(
    district_ask: DistrictAsk, mandal_people: list[Person], mandal_editor: User
) -> None:
    first, second = (
        nominee_add(submission=district_ask.mandal_panel, ask=district_ask.social, person=p)
        for p in mandal_people[:2]
    )
    api = bearer(mandal_editor)
    moved = api.patch(f"/nominations/{_u(second)}/", {"position": 1, "note": "अनुभवी"})
    assert moved.status_code == 200
    assert (moved.json()["position"], moved.json()["note"]) == (1, "अनुभवी")
    gone = api.client.delete(f"/api/v1/nominations/{_u(first)}/", headers=api.headers)
    assert gone.status_code == 204
    assert Nomination.objects.count() == 1


def test_the_outsider_is_refused_every_nominations_route(
    district_ask: DistrictAsk, mandal_people: list[Person], outsider: User
) -> None:
    nomination = nominee_add(
        submission=district_ask.mandal_panel, ask=district_ask.social, person=mandal_people[0]
    )
    api = bearer(outsider)
    req, panel, nom = _u(district_ask.requisition), _u(district_ask.mandal_panel), _u(nomination)
    for path in (
        f"/requisitions/{req}/",
        f"/requisitions/{req}/board/",
        f"/requisitions/{req}/panels/",
        f"/requisitions/{req}/flags/",
        f"/requisitions/{req}/nominations/",
        f"/panels/{panel}/",
        f"/nominations/{nom}/",
    ):
        assert api.get(path).status_code == 404, path
    for path, body in (
        (f"/requisitions/{req}/close/", {}),
        (f"/requisitions/{req}/withdraw/", {}),
        (f"/requisitions/{req}/issue/", {}),
        (f"/requisitions/{req}/extend/", {"deadline": later(20).isoformat()}),
        (f"/panels/{panel}/submit/", {}),
        (f"/panels/{panel}/accept/", {}),
        (f"/panels/{panel}/remind/", {}),
        (f"/panels/{panel}/return/", {"reason": "x"}),
        (f"/panels/{panel}/nominees/", {"ask": _u(district_ask.social)}),
        (f"/nominations/{nom}/select/", {}),
    ):
        assert api.post(path, body).status_code == 404, path
    assert api.get("/requisitions/").json()["count"] == 0
    assert Nomination.objects.count() == 1


def test_every_nominations_operation_is_documented(district_editor: User) -> None:
    schema = bearer(district_editor).get("/openapi.json").json()
    operations = [
        op
        for path, item in schema["paths"].items()
        if "/requisitions/" in path or "/panels/" in path or "/nominations/" in path
        for op in item.values()
    ]
    assert len(operations) >= 20
    assert all(op.get("summary") and op.get("description") for op in operations)
    assert all(op["tags"] == ["nominations"] for op in operations)
