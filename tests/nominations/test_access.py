"""Who sees which requisition and panel: the issuer's side sees all, a responding unit only
its own panel, a sibling nothing; outside reach is a 404 like an unknown id."""

from __future__ import annotations

from uuid import uuid4

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sangathan.core.models import Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.nominations.panels import nominee_add
from sangathan.nominations.selectors import (
    may_edit_panel,
    may_manage,
    nomination_get_for_user,
    panels_to_answer,
    requisition_get_for_user,
    requisitions_for_user,
    sees_all_panels,
    submission_get_for_user,
    submissions_for_user,
)
from sangathan.people.models import Person
from tests.conftest import World
from tests.nominations.conftest import DistrictAsk, StateAsk


@pytest.fixture
def kidwai_editor(world: World) -> User:
    """The editor of the district's other mandal: a sibling of the mandal persona."""
    user = user_create(username="kidwai", password="x-Pass-2026-long")
    grant_set(user=user, unit=world.mandal2, role=Role.EDITOR)
    return user


def test_the_issuer_side_sees_every_panel(
    district_ask: DistrictAsk, district_editor: User, state_admin: User
) -> None:
    for user in (district_editor, state_admin):
        assert list(requisitions_for_user(user)) == [district_ask.requisition]
        assert submissions_for_user(user, district_ask.requisition).count() == 2
        assert sees_all_panels(user, district_ask.requisition)
        assert may_manage(user, district_ask.requisition)


def test_a_mandal_sees_the_requisition_and_only_its_own_panel(
    district_ask: DistrictAsk, mandal_editor: User, kidwai_editor: User
) -> None:
    requisition = district_ask.requisition
    assert requisition_get_for_user(mandal_editor, uuid=requisition.uuid) == requisition
    assert list(submissions_for_user(mandal_editor, requisition)) == [district_ask.mandal_panel]
    assert not sees_all_panels(mandal_editor, requisition)
    assert not may_manage(mandal_editor, requisition)
    with pytest.raises(PermissionDenied):
        requisition_get_for_user(mandal_editor, uuid=requisition.uuid, write=True)
    with pytest.raises(Http404):
        submission_get_for_user(kidwai_editor, uuid=district_ask.mandal_panel.uuid)
    mine = submission_get_for_user(mandal_editor, uuid=district_ask.mandal_panel.uuid, write=True)
    assert may_edit_panel(mandal_editor, mine)
    assert list(panels_to_answer(mandal_editor)) == [district_ask.mandal_panel]


def test_a_sibling_district_sees_nothing_and_unknown_ids_look_the_same(
    district_ask: DistrictAsk, state_ask: StateAsk, outsider: User
) -> None:
    assert list(requisitions_for_user(outsider)) == [state_ask.requisition]
    assert list(submissions_for_user(outsider, state_ask.requisition)) == [state_ask.sibling_panel]
    for uuid in (district_ask.requisition.uuid, uuid4(), "not-a-uuid"):
        with pytest.raises(Http404):
            requisition_get_for_user(outsider, uuid=uuid)
    with pytest.raises(Http404):
        submission_get_for_user(outsider, uuid=state_ask.district_panel.uuid)


def test_a_booth_worker_cannot_edit_and_does_not_see_the_mandals_panel(
    district_ask: DistrictAsk, booth_worker: User
) -> None:
    assert not requisitions_for_user(booth_worker).exists()
    with pytest.raises(Http404):
        submission_get_for_user(booth_worker, uuid=district_ask.mandal_panel.uuid)


def test_a_viewer_of_the_mandal_may_read_but_not_edit_the_panel(
    world: World, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    viewer = user_create(username="mandal-viewer", password="x-Pass-2026-long")
    grant_set(user=viewer, unit=world.mandal, role=Role.VIEWER)
    panel = submission_get_for_user(viewer, uuid=district_ask.mandal_panel.uuid)
    assert not may_edit_panel(viewer, panel)
    with pytest.raises(PermissionDenied):
        submission_get_for_user(viewer, uuid=panel.uuid, write=True)
    nomination = nominee_add(submission=panel, ask=district_ask.social, person=mandal_people[0])
    assert nomination_get_for_user(viewer, uuid=nomination.uuid) == nomination
    with pytest.raises(PermissionDenied):
        nominee_add(
            submission=panel, ask=district_ask.social, person=mandal_people[1], actor=viewer
        )
