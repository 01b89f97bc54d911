"""The access helpers every page and endpoint relies on."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sangathan.core.access import (
    forget_reach,
    path_filter,
    reach_of,
    require_role,
    role_for_unit,
    unit_get_for_user,
    units_visible,
)
from sangathan.core.models import Role, User
from sangathan.core.services import grant_set
from sangathan.units.models import Appointment
from sangathan.units.services import appointment_create
from tests.conftest import World


def test_district_editor_sees_the_district_subtree_only(
    world: World, district_editor: User
) -> None:
    codes = set(units_visible(district_editor).values_list("code", flat=True))
    assert {"KNP-N", "M-GN", "M-KN", "101", "102", "201"} <= codes
    assert not codes & {"UP", "KNP-S", "M-BR", "901"}


def test_outsider_gets_404_for_a_unit_of_the_sibling_district(world: World, outsider: User) -> None:
    with pytest.raises(Http404):
        unit_get_for_user(outsider, uuid=world.booth.uuid)
    assert unit_get_for_user(outsider, uuid=world.sibling_booth.uuid) == world.sibling_booth


def test_a_worker_inside_reach_is_refused_an_editor_action_with_403(
    world: World, booth_worker: User
) -> None:
    require_role(booth_worker, world.booth, Role.WORKER)
    with pytest.raises(PermissionDenied):
        require_role(booth_worker, world.booth, Role.EDITOR)
    with pytest.raises(Http404):
        require_role(booth_worker, world.booth2, Role.VIEWER)


def test_the_strongest_grant_over_a_unit_wins(world: World, mandal_editor: User) -> None:
    grant_set(user=mandal_editor, unit=world.district, role=Role.VIEWER)
    forget_reach(mandal_editor)
    assert role_for_unit(mandal_editor, world.booth) == Role.EDITOR
    assert role_for_unit(mandal_editor, world.other_mandal_booth) == Role.VIEWER
    assert role_for_unit(mandal_editor, world.sibling_booth) is None


def test_facts_are_scoped_by_their_path_copy(world: World, outsider: User) -> None:
    appointment_create(person=world.sunil, post_type=world.district_president, unit=world.district)
    assert Appointment.objects.filter(path_filter(outsider)).count() == 0
    assert Appointment.objects.filter(path_filter(User(is_superuser=True))).count() == 1


def test_an_anonymous_or_inactive_user_reaches_nothing(world: World, district_editor: User) -> None:
    district_editor.is_active = False
    assert reach_of(district_editor).grants == ()
    assert not units_visible(district_editor).exists()
