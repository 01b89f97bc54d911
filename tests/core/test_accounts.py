from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from sangathan.core.models import AuditEntry, Grant, Notification, Role, User
from sangathan.core.services import (
    account_create,
    account_password_reset,
    grant_set,
    user_create,
)
from sangathan.people.models import Gender, Person
from tests.conftest import PASSWORD, World, login

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
NEW_PASSWORD = "naya-Pass-7391"


def _url(name: str, *args: Any) -> str:
    return reverse(f"core:{name}", args=args)


# --- The list ---------------------------------------------------------------------------------


def test_a_district_admin_lists_the_accounts_of_the_district(
    as_district_admin: Client,
    district_editor: User,
    mandal_editor: User,
    booth_worker: User,
    outsider: User,
    state_admin: User,
) -> None:
    response = as_district_admin.get(_url("accounts"))
    assert response.status_code == 200
    names = {u.username for u in response.context["page"]}
    assert {"district", "mandal", "booth", "district_admin"} <= names
    assert "outsider" not in names
    assert "state" not in names


def test_the_account_list_searches_by_name(
    as_district_admin: Client, district_editor: User, mandal_editor: User
) -> None:
    response = as_district_admin.get(_url("accounts") + "?q=वीरेश")
    assert [u.username for u in response.context["page"]] == ["mandal"]


def test_the_list_finds_units_to_open_an_account_in(
    as_district_admin: Client, world: World
) -> None:
    page = as_district_admin.get(_url("accounts") + "?unit_q=गोविंद").content.decode()
    assert _url("account_new", world.mandal.uuid) in page
    page = as_district_admin.get(_url("accounts") + "?unit_q=बर्रा").content.decode()
    assert _url("account_new", world.sibling_mandal.uuid) not in page


def test_editors_and_workers_have_no_account_pages(
    as_district: Client, as_booth: Client, as_outsider: Client
) -> None:
    for client in (as_district, as_booth, as_outsider):
        assert client.get(_url("accounts")).status_code == 404


def test_outsider_admin_cannot_see_or_touch_district_accounts(
    as_sibling_admin: Client, district_editor: User, world: World
) -> None:
    client = as_sibling_admin
    names = {u.username for u in client.get(_url("accounts")).context["page"]}
    assert "district" not in names
    uuid = district_editor.uuid
    assert client.get(_url("account", uuid)).status_code == 404
    assert (
        client.post(_url("account_password", uuid), {"password": NEW_PASSWORD}).status_code == 404
    )
    assert (
        client.post(
            _url("account_grant", uuid), {"unit": world.sibling.uuid, "role": Role.VIEWER}
        ).status_code
        == 404
    )
    assert client.post(_url("account_revoke", uuid, world.district.uuid)).status_code == 404
    assert client.get(_url("account_new", world.district.uuid)).status_code == 404
    assert Grant.objects.filter(user=district_editor).count() == 1
    district_editor.refresh_from_db()
    assert district_editor.check_password(PASSWORD)


# --- Opening accounts -------------------------------------------------------------------------


def test_an_admin_opens_an_account_for_a_new_person(
    as_district_admin: Client,
    district_admin: User,
    world: World,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = as_district_admin.post(
            _url("account_new", world.mandal.uuid),
            {
                "name": "सीमा गुप्ता",
                "gender": Gender.FEMALE,
                "phone": "94150 11223",
                "username": "seema",
                "password": NEW_PASSWORD,
                "role": Role.EDITOR,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="seema")
    assert response["Location"] == _url("account", user.uuid)
    assert user.person is not None
    assert user.person.home_unit == world.mandal
    assert user.person.phone == "+919415011223"
    assert list(user.grants.values_list("unit", "role")) == [(world.mandal.pk, Role.EDITOR)]
    actions = set(AuditEntry.objects.filter(actor=district_admin).values_list("action", flat=True))
    assert {"people.created", "accounts.created", "accounts.granted"} <= actions
    assert Notification.objects.filter(user=user, kind="accounts/granted").exists()
    # The new person can log in with the phone number.
    assert (
        Client().post("/login/", {"username": "9415011223", "password": NEW_PASSWORD}).status_code
        == 302
    )


def test_an_admin_opens_an_account_for_an_existing_person(
    as_district_admin: Client, world: World
) -> None:
    response = as_district_admin.get(_url("account_new", world.district.uuid) + "?person_q=सुनील")
    assert [p.name for p in response.context["people"]] == ["सुनील बजाज"]
    response = as_district_admin.post(
        _url("account_new", world.district.uuid),
        {
            "person": str(world.sunil.uuid),
            "username": "sunil",
            "password": NEW_PASSWORD,
            "role": Role.ADMIN,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="sunil").person == world.sunil


def test_an_account_needs_a_person(as_district_admin: Client, world: World) -> None:
    response = as_district_admin.post(
        _url("account_new", world.mandal.uuid),
        {"username": "nobody", "password": NEW_PASSWORD, "role": Role.VIEWER},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not User.objects.filter(username="nobody").exists()


def test_a_taken_username_or_weak_password_is_refused_and_nothing_is_kept(
    as_district_admin: Client, district_editor: User, world: World
) -> None:
    data = {"name": "नया व्यक्ति", "gender": Gender.MALE, "role": Role.VIEWER}
    response = as_district_admin.post(
        _url("account_new", world.mandal.uuid),
        {**data, "username": "District", "password": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["username"]
    response = as_district_admin.post(
        _url("account_new", world.mandal.uuid), {**data, "username": "naya", "password": "12345"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["password"]
    assert not Person.objects.filter(name="नया व्यक्ति").exists()


def test_outsider_admin_cannot_link_a_district_person_to_an_account(
    as_sibling_admin: Client, world: World
) -> None:
    response = as_sibling_admin.post(
        _url("account_new", world.sibling.uuid),
        {
            "person": str(world.sunil.uuid),
            "username": "sunil",
            "password": NEW_PASSWORD,
            "role": Role.VIEWER,
        },
    )
    assert response.status_code == 404
    assert not User.objects.filter(username="sunil").exists()


def test_account_create_refuses_a_person_outside_the_admins_reach(
    sibling_admin: User, world: World
) -> None:
    with pytest.raises(ValidationError):
        account_create(
            username="sunil",
            password=NEW_PASSWORD,
            unit=world.sibling,
            role=Role.VIEWER,
            actor=sibling_admin,
            person=world.sunil,
        )


def test_an_editor_cannot_open_accounts_even_through_the_service(
    district_editor: User, world: World
) -> None:
    with pytest.raises(PermissionDenied):
        account_create(
            username="x1",
            password=NEW_PASSWORD,
            unit=world.mandal,
            role=Role.VIEWER,
            actor=district_editor,
            name="कोई",
        )


# --- Roles --------------------------------------------------------------------------------------


def test_an_admin_gives_a_role_over_a_unit_found_by_search(
    as_district_admin: Client, booth_worker: User, world: World
) -> None:
    page = as_district_admin.get(_url("account", booth_worker.uuid) + "?unit_q=102")
    assert [u.code for u in page.context["unit_results"]] == ["102"]
    response = as_district_admin.post(
        _url("account_grant", booth_worker.uuid), {"unit": world.booth2.uuid, "role": Role.EDITOR}
    )
    assert response.status_code == 302
    assert booth_worker.grants.get(unit=world.booth2).role == Role.EDITOR


def test_a_role_outside_the_admins_reach_cannot_be_given(
    as_district_admin: Client, booth_worker: User, world: World
) -> None:
    response = as_district_admin.post(
        _url("account_grant", booth_worker.uuid),
        {"unit": world.sibling_booth.uuid, "role": Role.VIEWER},
    )
    assert response.status_code == 404
    assert not booth_worker.grants.filter(unit=world.sibling_booth).exists()


def test_a_grant_without_a_unit_is_a_form_error(
    as_district_admin: Client, booth_worker: User
) -> None:
    response = as_district_admin.post(_url("account_grant", booth_worker.uuid), {"role": "admin"})
    assert response.status_code == 400
    assert response.context["grant_form"].errors["unit"]


def test_an_admin_takes_a_role_back(
    as_district_admin: Client, booth_worker: User, world: World, district_admin: User
) -> None:
    response = as_district_admin.post(_url("account_revoke", booth_worker.uuid, world.booth.uuid))
    assert response.status_code == 302
    assert not booth_worker.grants.exists()
    assert AuditEntry.objects.filter(action="accounts.revoked", actor=district_admin).exists()


def test_the_account_page_hides_roles_outside_the_admins_reach(
    as_district_admin: Client, district_editor: User, world: World
) -> None:
    grant_set(user=district_editor, unit=world.sibling, role=Role.VIEWER)
    response = as_district_admin.get(_url("account", district_editor.uuid))
    assert [g.unit for g in response.context["grants"]] == [world.district]
    assert world.sibling.name_hi not in response.content.decode()


# --- Passwords ----------------------------------------------------------------------------------


def test_an_admin_sets_a_new_password(
    as_district_admin: Client, mandal_editor: User, district_admin: User
) -> None:
    response = as_district_admin.post(
        _url("account_password", mandal_editor.uuid), {"password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    mandal_editor.refresh_from_db()
    assert mandal_editor.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="accounts.password_set", actor=district_admin)
    assert entry.unit_path.startswith(mandal_editor.grants.get().unit.path)


def test_a_weak_new_password_is_refused(as_district_admin: Client, mandal_editor: User) -> None:
    response = as_district_admin.post(
        _url("account_password", mandal_editor.uuid), {"password": "password"}
    )
    assert response.status_code == 400
    assert response.context["password_form"].errors["password"]


def test_a_password_cannot_be_reset_for_an_account_that_also_works_elsewhere(
    as_district_admin: Client, district_admin: User, district_editor: User, world: World
) -> None:
    grant_set(user=district_editor, unit=world.sibling, role=Role.VIEWER)
    page = as_district_admin.get(_url("account", district_editor.uuid))
    assert page.context["can_reset"] is False
    response = as_district_admin.post(
        _url("account_password", district_editor.uuid), {"password": NEW_PASSWORD}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        account_password_reset(user=district_editor, password=NEW_PASSWORD, actor=district_admin)


def test_superuser_accounts_are_out_of_a_district_admins_sight(
    as_district_admin: Client, world: World
) -> None:
    root = user_create(username="root", password=PASSWORD, is_superuser=True)
    grant_set(user=root, unit=world.district, role=Role.ADMIN)
    assert as_district_admin.get(_url("account", root.uuid)).status_code == 404


def test_the_state_admin_manages_accounts_in_both_districts(
    as_state: Client, district_editor: User, outsider: User
) -> None:
    names = {u.username for u in as_state.get(_url("accounts")).context["page"]}
    assert {"district", "outsider"} <= names
    assert login(district_editor).get(_url("accounts")).status_code == 404
