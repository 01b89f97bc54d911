"""The panel page: finding and adding people, ordering, notes, registering someone new, the
live problems, sending; the issuer returning or accepting; the cascade; the home and person
page blocks."""

from __future__ import annotations

from typing import Any

from django.test import Client

from sangathan.core.models import Role, User
from sangathan.nominations.models import Nomination, Outcome, Submission, SubmissionStatus
from sangathan.nominations.panels import nominee_add, panel_submit
from sangathan.nominations.selection import nomination_select, requisition_close
from sangathan.nominations.services import AskSpec, requisition_create, requisition_issue
from sangathan.people.models import Gender, Person
from tests.conftest import World, _persona, login
from tests.nominations.conftest import (
    DistrictAsk,
    Posts,
    StateAsk,
    district_ask_for,
    later,
    person,
)


def _text(response: Any) -> str:
    return response.content.decode()


def _url(panel: Submission, action: str = "") -> str:
    return f"/nominations/panels/{panel.uuid}/" + (f"{action}/" if action else "")


def _names(panel: Submission) -> list[str]:
    return [
        n.person.name
        for n in Nomination.objects.filter(submission=panel)
        .order_by("position")
        .select_related("person")
    ]


def test_the_mandal_opens_its_panel_and_sees_what_is_missing(
    as_mandal: Client, district_ask: DistrictAsk
) -> None:
    response = as_mandal.get(_url(district_ask.mandal_panel))
    assert response.status_code == 200
    text = _text(response)
    assert district_ask.requisition.title in text
    assert 'class="problems errors"' in text  # 2 names asked, none yet
    assert _url(district_ask.mandal_panel, "submit") in text


def test_search_finds_people_of_the_mandal_in_either_script(
    as_mandal: Client,
    district_ask: DistrictAsk,
    mandal_people: list[Person],
    mandal2_people: list[Person],
) -> None:
    panel = district_ask.mandal_panel
    ask = district_ask.social.uuid
    text = _text(as_mandal.get(_url(panel, "search") + f"?ask={ask}&q=amit gupta"))
    assert "अमित गुप्ता" in text
    assert _url(panel, "add") in text
    # अर्पित गुप्ता lives in the other mandal: never offered.
    assert "अर्पित गुप्ता" not in _text(
        as_mandal.get(_url(panel, "search") + f"?ask={ask}&q=अर्पित गुप्ता")
    )


def test_search_shows_why_a_person_cannot_be_proposed(
    as_district: Client, world: World, posts: Posts, mandal_editor: User
) -> None:
    no_phone = person(world.booth, "गौरव निगम", phone="")
    requisition = requisition_create(
        issuer=world.district,
        title="फोन वाले नाम",
        deadline=later(),
        asks=[AskSpec(post_type=posts.it, phone_required=True)],
    )
    requisition_issue(requisition=requisition)
    panel = requisition.submissions.get(unit=world.mandal)
    ask = requisition.asks.get()
    text = _text(login(mandal_editor).get(_url(panel, "search") + f"?ask={ask.uuid}&q=गौरव निगम"))
    assert no_phone.name in text
    assert 'class="errors problem"' in text
    assert _url(panel, "add") not in text


def test_the_mandal_adds_orders_notes_and_removes_names(
    as_mandal: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    panel = district_ask.mandal_panel
    ask = str(district_ask.social.uuid)
    for p in mandal_people[:3]:
        response = as_mandal.post(_url(panel, "add"), {"ask": ask, "person": str(p.uuid)})
        assert response.status_code == 302
    assert _names(panel) == [p.name for p in mandal_people[:3]]
    third = Nomination.objects.get(submission=panel, person=mandal_people[2])
    as_mandal.post(f"/nominations/names/{third.uuid}/move/", {"direction": "up"})
    assert _names(panel) == [mandal_people[0].name, mandal_people[2].name, mandal_people[1].name]
    as_mandal.post(f"/nominations/names/{third.uuid}/note/", {"note": "आईटी में अनुभव"})
    assert Nomination.objects.get(pk=third.pk).note == "आईटी में अनुभव"
    as_mandal.post(f"/nominations/names/{third.uuid}/remove/")
    assert _names(panel) == [mandal_people[0].name, mandal_people[1].name]
    panel.refresh_from_db()
    assert panel.status == SubmissionStatus.DRAFT


def test_adding_the_same_person_twice_is_refused(
    as_mandal: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    panel = district_ask.mandal_panel
    data = {"ask": str(district_ask.social.uuid), "person": str(mandal_people[0].uuid)}
    as_mandal.post(_url(panel, "add"), data)
    response = as_mandal.post(_url(panel, "add"), data, follow=True)
    assert "msg-error" in _text(response)
    assert _names(panel) == [mandal_people[0].name]


def test_the_mandal_registers_a_new_person_and_proposes_them(
    as_mandal: Client, district_ask: DistrictAsk, world: World
) -> None:
    panel = district_ask.mandal_panel
    response = as_mandal.post(
        _url(panel, "new-person"),
        {
            "ask": str(district_ask.social.uuid),
            "name": "कविता त्रिवेदी",
            "gender": Gender.FEMALE,
            "birth_year": "1992",
            "phone": "9839055511",
            "home_unit": str(world.booth2.uuid),
            "note": "महिला मोर्चा",
        },
    )
    assert response.status_code == 302
    added = Nomination.objects.select_related("person").get(submission=panel)
    assert added.person.name == "कविता त्रिवेदी"
    assert added.person.home_unit == world.booth2
    assert added.note == "महिला मोर्चा"


def test_a_new_person_outside_the_mandal_is_refused_and_nothing_is_kept(
    as_mandal: Client, district_ask: DistrictAsk, world: World
) -> None:
    panel = district_ask.mandal_panel
    response = as_mandal.post(
        _url(panel, "new-person"),
        {
            "ask": str(district_ask.social.uuid),
            "name": "बाहरी व्यक्ति",
            "gender": Gender.MALE,
            "home_unit": str(world.other_mandal_booth.uuid),
        },
    )
    assert response.status_code == 422
    assert "errorlist" in _text(response)
    assert not Person.objects.filter(name="बाहरी व्यक्ति").exists()
    assert not Nomination.objects.filter(submission=panel).exists()


def test_typing_a_new_name_shows_people_already_registered(
    as_mandal: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    panel = district_ask.mandal_panel
    url = _url(panel, "search") + f"?ask={district_ask.social.uuid}&name=दीपक चौहान"
    assert "दीपक चौहान" in _text(as_mandal.get(url))


def test_a_short_panel_is_not_sent_and_the_problems_are_shown(
    as_mandal: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    panel = district_ask.mandal_panel
    nominee_add(submission=panel, ask=district_ask.social, person=mandal_people[0])
    response = as_mandal.post(_url(panel, "submit"), follow=True)
    assert "msg-error" in _text(response)
    panel.refresh_from_db()
    assert panel.status == SubmissionStatus.DRAFT


def test_a_sent_panel_is_read_only(
    as_mandal: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    panel = district_ask.mandal_panel
    for p in mandal_people[:2]:
        nominee_add(submission=panel, ask=district_ask.social, person=p)
    as_mandal.post(_url(panel, "submit"))
    panel.refresh_from_db()
    assert panel.status == SubmissionStatus.SUBMITTED
    text = _text(as_mandal.get(_url(panel)))
    assert "/remove/" not in text and _url(panel, "submit") not in text
    first = Nomination.objects.filter(submission=panel).first()
    assert first is not None
    as_mandal.post(f"/nominations/names/{first.uuid}/remove/")
    data = {"ask": str(district_ask.social.uuid), "person": str(mandal_people[2].uuid)}
    as_mandal.post(_url(panel, "add"), data)
    assert len(_names(panel)) == 2


def test_the_district_returns_a_panel_with_a_reason_the_mandal_then_sees(
    as_district: Client,
    as_mandal: Client,
    district_ask: DistrictAsk,
    mandal_people: list[Person],
) -> None:
    panel = district_ask.mandal_panel
    for p in mandal_people[:2]:
        nominee_add(submission=panel, ask=district_ask.social, person=p)
    panel_submit(submission=panel)
    assert _url(panel, "return") in _text(as_district.get(_url(panel)))
    # The mandal does not decide on its own panel.
    assert as_mandal.post(_url(panel, "return"), {"reason": "x"}).status_code == 403
    as_district.post(_url(panel, "return"), {"reason": "एक महिला का नाम जोड़ें"})
    panel.refresh_from_db()
    assert panel.status == SubmissionStatus.RETURNED
    text = _text(as_mandal.get(_url(panel)))
    assert "एक महिला का नाम जोड़ें" in text
    assert "/remove/" in text  # editable again


def test_a_return_without_a_reason_is_refused(
    as_district: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    panel = district_ask.mandal_panel
    for p in mandal_people[:2]:
        nominee_add(submission=panel, ask=district_ask.social, person=p)
    panel_submit(submission=panel)
    as_district.post(_url(panel, "return"), {"reason": ""})
    panel.refresh_from_db()
    assert panel.status == SubmissionStatus.SUBMITTED


def test_the_district_accepts_a_panel(
    as_district: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    panel = district_ask.mandal_panel
    for p in mandal_people[:2]:
        nominee_add(submission=panel, ask=district_ask.social, person=p)
    panel_submit(submission=panel)
    as_district.post(_url(panel, "accept"))
    panel.refresh_from_db()
    assert panel.status == SubmissionStatus.ACCEPTED


def test_a_worker_sees_the_panel_but_cannot_change_it(
    world: World, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    worker = _persona("worker-m", world.mandal, Role.WORKER, "मोहन लाल")
    client = login(worker)
    panel = district_ask.mandal_panel
    text = _text(client.get(_url(panel)))
    assert _url(panel, "submit") not in text
    data = {"ask": str(district_ask.social.uuid), "person": str(mandal_people[0].uuid)}
    assert client.post(_url(panel, "add"), data).status_code == 403
    assert client.post(_url(panel, "submit")).status_code == 403
    nominee_add(submission=panel, ask=district_ask.social, person=mandal_people[0])
    name = Nomination.objects.get(submission=panel)
    for action in ("move", "note", "remove"):
        assert client.post(f"/nominations/names/{name.uuid}/{action}/").status_code == 403
    assert _names(panel) == [mandal_people[0].name]


def test_outsider_gets_404_for_every_panel_page(
    outsider: User, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    client = login(outsider)
    panel = district_ask.mandal_panel
    nominee_add(submission=panel, ask=district_ask.social, person=mandal_people[0])
    name = Nomination.objects.get(submission=panel)
    assert client.get(_url(panel)).status_code == 404
    assert client.get(_url(panel, "search") + "?q=amit").status_code == 404
    for action in ("add", "new-person", "take", "submit", "return", "accept"):
        assert client.post(_url(panel, action)).status_code == 404
    for action in ("move", "note", "remove", "select"):
        assert client.post(f"/nominations/names/{name.uuid}/{action}/").status_code == 404


def test_the_other_mandal_cannot_open_its_siblings_panel(
    world: World, district_ask: DistrictAsk
) -> None:
    sibling = _persona("mandal2", world.mandal2, Role.EDITOR, "सुरेश कुमार")
    assert login(sibling).get(_url(district_ask.mandal_panel)).status_code == 404


def test_the_district_takes_a_mandals_name_into_its_own_panel(
    as_district: Client,
    world: World,
    posts: Posts,
    state_ask: StateAsk,
    mandal_people: list[Person],
) -> None:
    # Read afresh: the fixture's panel still carries the requisition as it was before issue.
    district_panel = Submission.objects.get(pk=state_ask.district_panel.pk)
    helper = district_ask_for(world, posts, answers=district_panel)
    for p in mandal_people[:2]:
        nominee_add(submission=helper.mandal_panel, ask=helper.social, person=p)
    panel_submit(submission=helper.mandal_panel)
    text = _text(as_district.get(_url(district_panel)))
    assert f"/nominations/{helper.requisition.uuid}/" in text
    source = Nomination.objects.get(submission=helper.mandal_panel, person=mandal_people[0])
    assert str(source.uuid) in text
    as_district.post(_url(district_panel, "take"), {"source": str(source.uuid)})
    taken = Nomination.objects.get(submission=district_panel)
    assert taken.source == source
    assert taken.proposed_by == world.mandal
    # The provenance shows on the district's panel.
    text = _text(as_district.get(_url(district_panel)))
    assert world.mandal.name_hi in text.split('class="card ask-block"', 1)[1]


def test_the_mandal_sees_the_outcome_on_its_panel(
    as_mandal: Client, district_ask: DistrictAsk, mandal_people: list[Person], world: World
) -> None:
    panel = district_ask.mandal_panel
    for p in mandal_people[:2]:
        nominee_add(submission=panel, ask=district_ask.social, person=p)
    panel_submit(submission=panel)
    first = Nomination.objects.get(submission=panel, person=mandal_people[0])
    nomination_select(nomination=first)
    requisition_close(requisition=district_ask.requisition)
    text = _text(as_mandal.get(_url(panel)))
    assert 'class="badge ok"' in text
    assert Nomination.objects.get(pk=first.pk).outcome == Outcome.SELECTED


def test_the_home_page_lists_the_panels_waiting_for_the_mandal(
    as_mandal: Client, district_ask: DistrictAsk
) -> None:
    text = _text(as_mandal.get("/"))
    assert _url(district_ask.mandal_panel) in text
    assert district_ask.requisition.title in text


def test_the_person_page_shows_where_the_person_is_proposed(
    as_mandal: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    nominee_add(
        submission=district_ask.mandal_panel, ask=district_ask.social, person=mandal_people[0]
    )
    text = _text(as_mandal.get(f"/people/{mandal_people[0].uuid}/"))
    assert _url(district_ask.mandal_panel) in text
