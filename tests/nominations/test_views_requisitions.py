"""The requisition pages: the list, a new requisition (and "ask my units to help"), the
issuer's status board with its actions, and what an addressed unit sees."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from sangathan.core.models import Notification, Role, User
from sangathan.nominations.models import (
    Reminder,
    Requisition,
    RequisitionStatus,
    Submission,
    Target,
)
from sangathan.nominations.panels import nominee_add
from sangathan.nominations.services import AskSpec, requisition_create
from sangathan.people.models import Person
from tests.conftest import World, login
from tests.nominations.conftest import DistrictAsk, Posts, StateAsk, later


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def _when(days: int) -> str:
    return timezone.localtime(timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _new_form(world: World, posts: Posts, **extra: str) -> dict[str, str]:
    data = {
        "unit": str(world.district.uuid),
        "title": "मंडलों से सोशल मीडिया के नाम",
        "instructions_hi": "युवा कार्यकर्ताओं के नाम भेजें।",
        "instructions_en": "",
        "deadline": _when(5),
        "target": Target.CHILDREN,
        "ask-TOTAL_FORMS": "2",
        "ask-INITIAL_FORMS": "0",
        "ask-MIN_NUM_FORMS": "1",
        "ask-MAX_NUM_FORMS": "1000",
        "ask-0-post_type": str(posts.social.uuid),
        "ask-0-min_count": "7",
        "ask-0-min_women": "2",
        "ask-1-post_type": str(posts.it.uuid),
        "ask-1-min_count": "1",
        "ask-1-max_count": "2",
        "ask-1-min_women": "0",
        "ask-1-phone_required": "on",
    }
    data.update(extra)
    return data


# --- The list -------------------------------------------------------------------------------


def test_the_list_shows_requisitions_issued_and_received(
    as_district: Client, state_ask: StateAsk, district_ask: DistrictAsk
) -> None:
    text = _text(as_district.get("/nominations/"))
    assert state_ask.requisition.title in text
    assert district_ask.requisition.title in text


def _listed(response: object) -> str:
    """The list of requisitions only (the panels waiting above it name requisitions too)."""
    return _text(response).split('class="list requisitions"', 1)[1]


def test_the_list_filters_issued_and_received(
    as_district: Client, state_ask: StateAsk, district_ask: DistrictAsk
) -> None:
    issued = _listed(as_district.get("/nominations/?side=issued"))
    assert district_ask.requisition.title in issued
    assert state_ask.requisition.title not in issued
    received = _listed(as_district.get("/nominations/?side=received"))
    assert state_ask.requisition.title in received
    assert district_ask.requisition.title not in received


def test_the_list_filters_open_and_closed(
    as_district: Client, district_ask: DistrictAsk, district_editor: User
) -> None:
    from sangathan.nominations.services import requisition_withdraw

    requisition_withdraw(requisition=district_ask.requisition, actor=district_editor)
    title = district_ask.requisition.title
    assert title not in _listed(as_district.get("/nominations/?state=open"))
    assert title in _listed(as_district.get("/nominations/?state=closed"))


def test_the_list_shows_the_panels_waiting_for_the_mandal(
    as_mandal: Client, district_ask: DistrictAsk
) -> None:
    text = _text(as_mandal.get("/nominations/"))
    assert f"/nominations/panels/{district_ask.mandal_panel.uuid}/" in text


def test_outsider_does_not_see_the_districts_requisitions(
    outsider: User, district_ask: DistrictAsk
) -> None:
    text = _text(login(outsider).get("/nominations/"))
    assert district_ask.requisition.title not in text


# --- A new requisition ----------------------------------------------------------------------


def test_district_editor_opens_the_form_for_a_new_requisition(
    as_district: Client, world: World, posts: Posts
) -> None:
    response = as_district.get(f"/nominations/new/?unit={world.district.uuid}")
    assert response.status_code == 200
    text = _text(response)
    assert str(posts.social.uuid) in text
    assert str(world.mandal.uuid) in text  # the direct children can be chosen


def test_district_editor_saves_a_requisition_as_a_draft(
    as_district: Client, world: World, posts: Posts
) -> None:
    response = as_district.post("/nominations/new/", _new_form(world, posts))
    requisition = Requisition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/nominations/{requisition.uuid}/"
    assert requisition.status == RequisitionStatus.DRAFT
    assert requisition.issuer == world.district
    social, it = requisition.asks.all()
    assert (social.min_count, social.max_count, social.min_women) == (7, 7, 2)
    assert (it.min_count, it.max_count, it.phone_required) == (1, 2, True)


def test_add_another_post_shows_one_more_empty_post_and_saves_nothing(
    as_district: Client, world: World, posts: Posts
) -> None:
    response = as_district.post("/nominations/new/", _new_form(world, posts, add_ask="1"))
    assert response.status_code == 200
    assert 'name="ask-TOTAL_FORMS" value="3"' in _text(response)
    assert not Requisition.objects.exists()


def test_a_deadline_in_the_past_is_refused_and_nothing_is_saved(
    as_district: Client, world: World, posts: Posts
) -> None:
    response = as_district.post("/nominations/new/", _new_form(world, posts, deadline=_when(-1)))
    assert response.status_code == 200
    assert "errorlist" in _text(response)
    assert not Requisition.objects.exists()


def test_chosen_units_must_be_picked(as_district: Client, world: World, posts: Posts) -> None:
    data = _new_form(world, posts, target=Target.CHOSEN)
    response = as_district.post("/nominations/new/", data)
    assert response.status_code == 200
    assert not Requisition.objects.exists()
    data = {**data, "chosen_units": str(world.mandal2.uuid)}
    as_district.post("/nominations/new/", data)
    assert list(Requisition.objects.get().chosen_units.all()) == [world.mandal2]


def test_the_unit_picker_finds_units_under_the_issuer_only(
    as_district: Client, world: World
) -> None:
    text = _text(as_district.get(f"/nominations/units/{world.district.uuid}/pick/?q=बूथ"))
    assert str(world.booth.uuid) in text
    assert str(world.sibling_booth.uuid) not in text


def test_worker_cannot_ask_for_names(world: World, posts: Posts) -> None:
    from tests.conftest import _persona

    worker = _persona("worker-d", world.district, Role.WORKER, "रमेश यादव")
    client = login(worker)
    assert client.get(f"/nominations/new/?unit={world.district.uuid}").status_code == 403
    assert client.post("/nominations/new/", _new_form(world, posts)).status_code == 403
    assert not Requisition.objects.exists()


def test_outsider_cannot_ask_for_names_in_the_district(
    outsider: User, world: World, posts: Posts
) -> None:
    client = login(outsider)
    assert client.get(f"/nominations/new/?unit={world.district.uuid}").status_code == 404
    assert client.post("/nominations/new/", _new_form(world, posts)).status_code == 404


def test_ask_my_units_to_help_starts_from_the_higher_posts_and_links_the_panel(
    as_district: Client, world: World, posts: Posts, state_ask: StateAsk
) -> None:
    panel = state_ask.district_panel
    response = as_district.get(f"/nominations/new/?answers={panel.uuid}")
    assert response.status_code == 200
    assert state_ask.requisition.title in _text(response)
    data = _new_form(world, posts)
    del data["unit"]
    data["answers"] = str(panel.uuid)
    as_district.post("/nominations/new/", data)
    helper = Requisition.objects.get(answers=panel)
    assert helper.issuer == world.district


def test_outsider_cannot_ask_for_help_with_the_districts_panel(
    outsider: User, state_ask: StateAsk
) -> None:
    url = f"/nominations/new/?answers={state_ask.district_panel.uuid}"
    assert login(outsider).get(url).status_code == 404


# --- A requisition: draft, issue, board ------------------------------------------------------


def _draft(world: World, posts: Posts) -> Requisition:
    return requisition_create(
        issuer=world.district,
        title="मंडलों से नाम",
        deadline=later(3),
        asks=[AskSpec(post_type=posts.social, min_count=2)],
    )


def test_a_draft_says_how_many_units_will_be_asked_and_is_issued(
    as_district: Client, world: World, posts: Posts
) -> None:
    requisition = _draft(world, posts)
    text = _text(as_district.get(f"/nominations/{requisition.uuid}/"))
    assert f"/nominations/{requisition.uuid}/issue/" in text
    assert "2" in text
    response = as_district.post(f"/nominations/{requisition.uuid}/issue/")
    assert response.status_code == 302
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.OPEN
    assert requisition.submissions.count() == 2


def test_mandal_cannot_issue_the_districts_draft(
    as_mandal: Client, world: World, posts: Posts, district_ask: DistrictAsk
) -> None:
    requisition = _draft(world, posts)
    # A draft addresses nobody yet: the mandal does not see it at all.
    assert as_mandal.post(f"/nominations/{requisition.uuid}/issue/").status_code == 404
    assert as_mandal.post(f"/nominations/{district_ask.requisition.uuid}/issue/").status_code == 403


def test_the_board_counts_panels_by_status_and_filters_them(
    as_district: Client,
    district_ask: DistrictAsk,
    mandal_people: list[Person],
    world: World,
) -> None:
    nominee_add(
        submission=district_ask.mandal_panel, ask=district_ask.social, person=mandal_people[0]
    )
    url = f"/nominations/{district_ask.requisition.uuid}/"
    text = _text(as_district.get(url))
    assert world.mandal.name_hi in text and world.mandal2.name_hi in text
    assert "?status=draft" in text
    drafts = _text(as_district.get(url + "?status=draft"))
    assert f"/nominations/panels/{district_ask.mandal_panel.uuid}/" in drafts
    assert f"/nominations/panels/{district_ask.mandal2_panel.uuid}/" not in drafts


def test_the_board_is_paginated(
    as_district: Client, district_ask: DistrictAsk, monkeypatch: object
) -> None:
    import sangathan.nominations.views as views

    monkeypatch.setattr(views, "BOARD_PER_PAGE", 1)  # type: ignore[attr-defined]
    url = f"/nominations/{district_ask.requisition.uuid}/"
    first = _text(as_district.get(url))
    second = _text(as_district.get(url + "?page=2"))
    one = f"/nominations/panels/{district_ask.mandal_panel.uuid}/"
    two = f"/nominations/panels/{district_ask.mandal2_panel.uuid}/"
    assert one in first and two not in first
    assert two in second and one not in second
    assert "page=2" in first


def test_the_mandal_sees_its_own_panel_and_not_its_siblings(
    as_mandal: Client, district_ask: DistrictAsk
) -> None:
    response = as_mandal.get(f"/nominations/{district_ask.requisition.uuid}/")
    text = _text(response)
    assert f"/nominations/panels/{district_ask.mandal_panel.uuid}/" in text
    assert f"/nominations/panels/{district_ask.mandal2_panel.uuid}/" not in text


def test_outsider_gets_404_for_the_districts_requisition(
    outsider: User, district_ask: DistrictAsk
) -> None:
    client = login(outsider)
    uuid = district_ask.requisition.uuid
    assert client.get(f"/nominations/{uuid}/").status_code == 404
    for action in ("issue", "extend", "withdraw", "close"):
        assert client.post(f"/nominations/{uuid}/{action}/").status_code == 404


def test_the_issuer_extends_the_deadline_and_withdraws(
    as_district: Client, district_ask: DistrictAsk
) -> None:
    requisition = district_ask.requisition
    old = requisition.deadline
    as_district.post(f"/nominations/{requisition.uuid}/extend/", {"deadline": _when(10)})
    requisition.refresh_from_db()
    assert requisition.deadline > old
    as_district.post(f"/nominations/{requisition.uuid}/withdraw/", {"reason": "चुनाव टल गए"})
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.WITHDRAWN


def test_an_earlier_deadline_is_refused_with_the_services_sentence(
    as_district: Client, district_ask: DistrictAsk
) -> None:
    requisition = district_ask.requisition
    old = requisition.deadline
    response = as_district.post(
        f"/nominations/{requisition.uuid}/extend/", {"deadline": _when(1)}, follow=True
    )
    requisition.refresh_from_db()
    assert requisition.deadline == old
    assert "msg-error" in _text(response)


def test_the_issuer_reminds_extends_and_allows_late_for_one_unit(
    as_district: Client,
    district_ask: DistrictAsk,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    panel = district_ask.mandal_panel
    with django_capture_on_commit_callbacks(execute=True):
        as_district.post(f"/nominations/panels/{panel.uuid}/remind/")
    assert Reminder.objects.filter(submission=panel).count() == 1
    assert Notification.objects.filter(user=mandal_editor, kind="nominations/reminder").exists()
    as_district.post(f"/nominations/panels/{panel.uuid}/extend/", {"deadline": _when(9)})
    as_district.post(f"/nominations/panels/{panel.uuid}/allow-late/", {"allowed": "1"})
    panel.refresh_from_db()
    assert panel.deadline_override is not None
    assert panel.late_allowed


def test_the_mandal_cannot_remind_or_extend_its_own_panel(
    as_mandal: Client, district_ask: DistrictAsk
) -> None:
    panel = district_ask.mandal_panel
    assert as_mandal.post(f"/nominations/panels/{panel.uuid}/remind/").status_code == 403
    response = as_mandal.post(f"/nominations/panels/{panel.uuid}/extend/", {"deadline": _when(9)})
    assert response.status_code == 403
    assert as_mandal.post(f"/nominations/panels/{panel.uuid}/allow-late/").status_code == 403
    assert Submission.objects.get(pk=panel.pk).deadline_override is None


def test_outsider_cannot_remind_a_district_panel(outsider: User, district_ask: DistrictAsk) -> None:
    client = login(outsider)
    for action in ("remind", "extend", "allow-late"):
        url = f"/nominations/panels/{district_ask.mandal_panel.uuid}/{action}/"
        assert client.post(url).status_code == 404


def test_the_board_flags_a_person_proposed_by_two_units(
    as_state: Client, world: World, posts: Posts, mandal_people: list[Person]
) -> None:
    # The state asks the district and, directly, one of its mandals: both may propose
    # the same mandal worker.
    from sangathan.nominations.services import requisition_issue

    requisition = requisition_create(
        issuer=world.state,
        title="सीधे नाम",
        deadline=later(),
        asks=[AskSpec(post_type=posts.social, min_count=2)],
        target=Target.CHOSEN,
        chosen_units=[world.district, world.mandal],
    )
    requisition_issue(requisition=requisition)
    ask = requisition.asks.get()
    for panel in requisition.submissions.all():
        nominee_add(submission=panel, ask=ask, person=mandal_people[0])
    text = _text(as_state.get(f"/nominations/{requisition.uuid}/"))
    flags = text.split('class="card flags"', 1)[1]
    assert mandal_people[0].name in flags
    assert world.district.name_hi in flags and world.mandal.name_hi in flags


def test_asking_every_booth_of_the_district_says_how_many_will_be_asked(
    as_district: Client, world: World, posts: Posts
) -> None:
    data = _new_form(
        world,
        posts,
        target=Target.LEVEL,
        **{"target_level": str(world.levels["Booth"].pk), "ask-TOTAL_FORMS": "1"},
    )
    data["ask-0-post_type"] = str(world.booth_social_media.uuid)
    data["ask-0-min_count"] = "1"
    data["ask-0-min_women"] = "0"
    as_district.post("/nominations/new/", data)
    requisition = Requisition.objects.get()
    assert requisition.target_level == world.levels["Booth"]
    text = _text(as_district.get(f"/nominations/{requisition.uuid}/"))
    confirm = text.split('class="card issue-confirm"', 1)[1].split("</section>", 1)[0]
    assert "3" in confirm  # बूथ 101, 102 and 201
    as_district.post(f"/nominations/{requisition.uuid}/issue/")
    assert requisition.submissions.count() == 3
