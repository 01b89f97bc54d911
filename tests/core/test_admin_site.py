from __future__ import annotations

from django.test import Client

from sangathan.core.models import User
from sangathan.core.services import user_create
from tests.conftest import PASSWORD, World, login


def _superuser() -> User:
    return user_create(username="root", password=PASSWORD, is_superuser=True)


def test_a_superuser_opens_the_admin(world: World) -> None:
    client = login(_superuser())
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/auditentry/").status_code == 200
    assert client.get("/admin/core/user/").status_code == 200


def test_the_audit_log_cannot_be_edited_in_the_admin(world: World) -> None:
    client = login(_superuser())
    assert client.get("/admin/core/auditentry/add/").status_code == 403


def test_staff_who_are_not_superusers_are_refused(district_editor: User) -> None:
    district_editor.is_staff = True
    district_editor.save(update_fields=["is_staff"])
    client = login(district_editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/core/user/").status_code == 302
    # Logging in through the admin's own form does not help either.
    fresh = Client()
    fresh.post("/admin/login/", {"username": "district", "password": PASSWORD})
    assert fresh.get("/admin/").status_code == 302


def test_a_state_admin_is_refused_by_the_django_admin(as_state: Client) -> None:
    assert as_state.get("/admin/").status_code == 302


def test_outsider_is_refused_by_the_django_admin(as_outsider: Client) -> None:
    assert as_outsider.get("/admin/core/grant/").status_code == 302


def test_a_superuser_can_browse_units_and_people_but_not_change_them(world: World) -> None:
    admin_user = User.objects.create_superuser("root", password="x-Pass-2026")
    client = Client()
    client.force_login(admin_user)
    for name in ["units/unit", "units/appointment", "units/posttype", "people/person"]:
        assert client.get(f"/admin/{name}/").status_code == 200
    assert client.get(f"/admin/units/unit/{world.booth.pk}/change/").status_code == 200
    assert client.get("/admin/units/unit/add/").status_code == 403
