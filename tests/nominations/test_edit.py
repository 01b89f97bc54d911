"""Editing a draft requisition before it is issued: the service, the page and PATCH /api/v1."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.nominations.models import Requisition, RequisitionStatus, Target
from sangathan.nominations.services import (
    AskSpec,
    requisition_create,
    requisition_issue,
    requisition_update,
)
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from tests.api.conftest import bearer
from tests.conftest import PASSWORD, World, login
from tests.nominations.conftest import Posts, later


def _draft(world: World, posts: Posts) -> Requisition:
    return requisition_create(
        issuer=world.district,
        title="मंडलों से नाम",
        deadline=later(3),
        asks=[AskSpec(post_type=posts.social, min_count=2)],
    )


def _when(days: int) -> str:
    return timezone.localtime(timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _form(posts: Posts, **extra: str) -> dict[str, str]:
    data = {
        "title": "मंडलों से आईटी व सोशल मीडिया के नाम",
        "instructions_hi": "युवा कार्यकर्ताओं के नाम भेजें।",
        "instructions_en": "",
        "deadline": _when(5),
        "target": Target.CHILDREN,
        "ask-TOTAL_FORMS": "2",
        "ask-INITIAL_FORMS": "1",
        "ask-MIN_NUM_FORMS": "1",
        "ask-MAX_NUM_FORMS": "1000",
        "ask-0-post_type": str(posts.social.uuid),
        "ask-0-min_count": "3",
        "ask-0-min_women": "1",
        "ask-1-post_type": str(posts.it.uuid),
        "ask-1-min_count": "1",
        "ask-1-max_count": "2",
        "ask-1-min_women": "0",
    }
    data.update(extra)
    return data


def _persona(world: World, username: str, role: str) -> User:
    person = person_create(name="जिला सहयोगी", gender=Gender.MALE, home_unit=world.district)
    user = user_create(username=username, password=PASSWORD, person=person)
    grant_set(user=user, unit=world.district, role=role)
    return user


def _unchanged(requisition: Requisition) -> None:
    before = (requisition.title, requisition.deadline, requisition.status)
    requisition.refresh_from_db()
    assert (requisition.title, requisition.deadline, requisition.status) == before
    assert [(a.post_type_id, a.min_count) for a in requisition.asks.all()] == [
        (requisition.asks.get().post_type_id, 2)
    ]
    assert not AuditEntry.objects.filter(action="nominations.requisition_updated").exists()


# --- The service ----------------------------------------------------------------------------


def test_district_editor_edits_a_draft_and_the_audit_has_the_changes(
    world: World, posts: Posts, district_editor: User
) -> None:
    requisition = _draft(world, posts)
    kept = requisition.asks.get()
    deadline = later(5)
    requisition_update(
        requisition=requisition,
        title="नया शीर्षक",
        deadline=deadline,
        asks=[AskSpec(post_type=posts.social, min_count=3), AskSpec(post_type=posts.it)],
        actor=district_editor,
    )
    requisition.refresh_from_db()
    assert requisition.title == "नया शीर्षक"
    assert requisition.deadline == deadline
    social, it = requisition.asks.all()
    assert social.uuid == kept.uuid  # a post asked before keeps its row
    assert (social.min_count, social.max_count, it.post_type) == (3, 3, posts.it)
    entry = AuditEntry.objects.get(action="nominations.requisition_updated")
    assert entry.actor == district_editor
    assert entry.changes["title"] == ["मंडलों से नाम", "नया शीर्षक"]
    assert entry.changes["deadline"][1] == deadline.isoformat()
    assert len(entry.changes["asks"][0]) == 1 and len(entry.changes["asks"][1]) == 2
    assert "instructions_hi" not in entry.changes


def test_saving_a_draft_unchanged_leaves_no_audit_entry(
    world: World, posts: Posts, district_editor: User
) -> None:
    requisition = _draft(world, posts)
    requisition_update(
        requisition=requisition,
        title=requisition.title,
        deadline=requisition.deadline,
        asks=[AskSpec(post_type=posts.social, min_count=2)],
        actor=district_editor,
    )
    assert not AuditEntry.objects.filter(action="nominations.requisition_updated").exists()


def test_an_issued_requisition_cannot_be_edited(
    world: World, posts: Posts, district_editor: User
) -> None:
    requisition = _draft(world, posts)
    requisition_issue(requisition=requisition)
    with override("en"), pytest.raises(ValidationError) as caught:
        requisition_update(
            requisition=requisition,
            title="नया शीर्षक",
            deadline=later(5),
            asks=[AskSpec(post_type=posts.social)],
            actor=district_editor,
        )
    assert "only a draft can be edited" in caught.value.messages[0]
    requisition.refresh_from_db()
    assert requisition.title == "मंडलों से नाम"


def test_a_mandal_editor_cannot_edit_the_districts_draft(
    world: World, posts: Posts, mandal_editor: User
) -> None:
    requisition = _draft(world, posts)
    with pytest.raises(PermissionDenied):
        requisition_update(
            requisition=requisition,
            title="x",
            deadline=later(5),
            asks=[AskSpec(post_type=posts.social)],
            actor=mandal_editor,
        )


@pytest.mark.parametrize("case", ["past_deadline", "panel_of_zero", "unit_outside"])
def test_invalid_edits_are_refused_and_nothing_changes(
    world: World, posts: Posts, district_editor: User, case: str
) -> None:
    requisition = _draft(world, posts)
    values: dict[str, object] = {
        "title": "नया शीर्षक",
        "deadline": later(5),
        "asks": [AskSpec(post_type=posts.social, min_count=3)],
    }
    if case == "past_deadline":
        values["deadline"] = timezone.now() - timedelta(hours=1)
    elif case == "panel_of_zero":
        values["asks"] = [AskSpec(post_type=posts.social, min_count=0)]
    else:
        values.update(target=Target.CHOSEN, chosen_units=[world.mandal, world.sibling])
    with pytest.raises(ValidationError):
        requisition_update(requisition=requisition, actor=district_editor, **values)  # type: ignore[arg-type]
    _unchanged(requisition)


# --- The page ---------------------------------------------------------------------------------


def test_the_draft_links_to_its_edit_page_which_is_prefilled(
    as_district: Client, world: World, posts: Posts
) -> None:
    requisition = _draft(world, posts)
    page = as_district.get(f"/nominations/{requisition.uuid}/").content.decode()
    assert f"/nominations/{requisition.uuid}/edit/" in page
    response = as_district.get(f"/nominations/{requisition.uuid}/edit/")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="मंडलों से नाम"' in text
    assert 'name="ask-INITIAL_FORMS" value="1"' in text
    assert f'value="{posts.social.uuid}" selected' in text


def test_district_editor_saves_the_edited_draft(
    as_district: Client, world: World, posts: Posts
) -> None:
    requisition = _draft(world, posts)
    response = as_district.post(f"/nominations/{requisition.uuid}/edit/", _form(posts))
    assert response.status_code == 302
    assert response["Location"] == f"/nominations/{requisition.uuid}/"
    requisition.refresh_from_db()
    assert requisition.title == "मंडलों से आईटी व सोशल मीडिया के नाम"
    assert requisition.status == RequisitionStatus.DRAFT
    social, it = requisition.asks.all()
    assert (social.min_count, social.min_women, it.min_count, it.max_count) == (3, 1, 1, 2)
    assert AuditEntry.objects.filter(action="nominations.requisition_updated").count() == 1


def test_add_another_post_on_the_edit_page_saves_nothing(
    as_district: Client, world: World, posts: Posts
) -> None:
    requisition = _draft(world, posts)
    response = as_district.post(f"/nominations/{requisition.uuid}/edit/", _form(posts, add_ask="1"))
    assert response.status_code == 200
    assert 'name="ask-TOTAL_FORMS" value="3"' in response.content.decode()
    _unchanged(requisition)


@pytest.mark.parametrize(
    "extra",
    [
        {"deadline": _when(-1)},
        {"ask-0-min_count": "0"},
        {"target": Target.CHOSEN, "chosen_units": "SIBLING"},
    ],
    ids=["past_deadline", "panel_of_zero", "unit_outside"],
)
def test_invalid_input_on_the_edit_page_is_refused_and_nothing_changes(
    as_district: Client, world: World, posts: Posts, extra: dict[str, str]
) -> None:
    requisition = _draft(world, posts)
    extra = {k: str(world.sibling.uuid) if v == "SIBLING" else v for k, v in extra.items()}
    response = as_district.post(f"/nominations/{requisition.uuid}/edit/", _form(posts, **extra))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    _unchanged(requisition)


def test_an_issued_requisition_sends_the_edit_page_back_with_the_reason(
    as_district: Client, world: World, posts: Posts
) -> None:
    requisition = _draft(world, posts)
    requisition_issue(requisition=requisition)
    as_district.cookies.load({"sangathan_language": "en"})
    for response in (
        as_district.get(f"/nominations/{requisition.uuid}/edit/", follow=True),
        as_district.post(f"/nominations/{requisition.uuid}/edit/", _form(posts), follow=True),
    ):
        assert response.redirect_chain[-1][0] == f"/nominations/{requisition.uuid}/"
        assert "only a draft can be edited" in response.content.decode()
    assert f"/nominations/{requisition.uuid}/edit/" not in response.content.decode()
    requisition.refresh_from_db()
    assert requisition.title == "मंडलों से नाम"


@pytest.mark.parametrize("role", [Role.WORKER, Role.VIEWER])
def test_a_worker_or_viewer_of_the_district_cannot_edit(
    world: World, posts: Posts, role: str
) -> None:
    requisition = _draft(world, posts)
    client = login(_persona(world, f"district-{role}", role))
    assert client.get(f"/nominations/{requisition.uuid}/").status_code == 200
    assert client.get(f"/nominations/{requisition.uuid}/edit/").status_code == 403
    assert client.post(f"/nominations/{requisition.uuid}/edit/", _form(posts)).status_code == 403
    _unchanged(requisition)


def test_outsider_gets_404_for_the_edit_page_post_and_api(
    world: World, posts: Posts, outsider: User
) -> None:
    requisition = _draft(world, posts)
    client = login(outsider)
    assert client.get(f"/nominations/{requisition.uuid}/edit/").status_code == 404
    assert client.post(f"/nominations/{requisition.uuid}/edit/", _form(posts)).status_code == 404
    response = bearer(outsider).patch(f"/requisitions/{requisition.uuid}/", {"title": "x"})
    assert response.status_code == 404
    _unchanged(requisition)


# --- PATCH /api/v1/requisitions/<uuid>/ -------------------------------------------------------


def test_district_editor_patches_a_draft_and_only_the_given_fields_change(
    world: World, posts: Posts, district_editor: User
) -> None:
    requisition = _draft(world, posts)
    deadline = requisition.deadline
    response = bearer(district_editor).patch(
        f"/requisitions/{requisition.uuid}/",
        {
            "title": "एपीआई से बदला",
            "asks": [{"post": str(posts.it.uuid), "min_count": 1, "max_count": 2}],
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["title"] == "एपीआई से बदला" and body["status"] == "draft"
    assert [(a["post"]["uuid"], a["max_count"]) for a in body["asks"]] == [(str(posts.it.uuid), 2)]
    requisition.refresh_from_db()
    assert requisition.deadline == deadline
    entry = AuditEntry.objects.get(action="nominations.requisition_updated")
    assert set(entry.changes) == {"title", "asks"}


@pytest.mark.parametrize("case", ["issued", "past_deadline", "panel_of_zero", "unit_outside"])
def test_the_api_refuses_invalid_edits_and_nothing_changes(
    world: World, posts: Posts, district_editor: User, case: str
) -> None:
    requisition = _draft(world, posts)
    body: dict[str, object] = {"title": "एपीआई से बदला"}
    if case == "issued":
        requisition_issue(requisition=requisition)
    elif case == "past_deadline":
        body["deadline"] = (timezone.now() - timedelta(hours=1)).isoformat()
    elif case == "panel_of_zero":
        body["asks"] = [{"post": str(posts.social.uuid), "min_count": 0}]
    else:
        body.update(target="chosen", chosen_units=[str(world.sibling.uuid)])
    api = bearer(district_editor, **{"Accept-Language": "en"})
    response = api.patch(f"/requisitions/{requisition.uuid}/", body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    if case == "issued":
        assert "only a draft can be edited" in response.json()["error"]
        requisition.refresh_from_db()
        assert requisition.title == "मंडलों से नाम"
    else:
        _unchanged(requisition)


def test_a_viewer_cannot_patch_the_draft(world: World, posts: Posts) -> None:
    requisition = _draft(world, posts)
    viewer = _persona(world, "district-viewer", Role.VIEWER)
    response = bearer(viewer).patch(f"/requisitions/{requisition.uuid}/", {"title": "x"})
    assert response.status_code == 403
    _unchanged(requisition)


def test_the_api_still_shows_a_requisition(
    world: World, posts: Posts, district_editor: User
) -> None:
    requisition = _draft(world, posts)
    response = bearer(district_editor).get(f"/requisitions/{requisition.uuid}/")
    assert response.status_code == 200
    assert response.json()["may_manage"] is True
