from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sangathan.core.models import User
from sangathan.people.services import person_update
from tests.conftest import PASSWORD

LOGIN = "/login/"


def _login(client: Client, username: str, password: str = PASSWORD) -> int:
    response = client.post(LOGIN, {"username": username, "password": password})
    return response.status_code


def test_login_page_asks_for_username_or_phone(db: None) -> None:
    response = Client().get(LOGIN)
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="csrfmiddlewaretoken"' in response.content


def test_a_worker_logs_in_with_username(district_editor: User) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "district", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get("/").status_code == 200


def test_username_is_not_case_sensitive(district_editor: User) -> None:
    assert _login(Client(), "DISTRICT") == 302


@pytest.mark.parametrize(
    "typed", ["98390 12345", "9839012345", "+91 98390 12345", "098390-12345", "९८३९० १२३४५"]
)
def test_a_person_logs_in_with_their_phone_typed_any_common_way(
    sunil_account: User, typed: str
) -> None:
    client = Client()
    assert _login(client, typed) == 302
    assert client.get("/").wsgi_request.user.pk == sunil_account.pk


def test_a_shared_family_phone_logs_nobody_in(sunil_account: User, world: object) -> None:
    from sangathan.core.services import user_create
    from sangathan.people.services import person_create

    brother = person_create(name="अनिल बजाज", phone="98390 12345")
    user_create(username="anil", password=PASSWORD, person=brother)
    assert _login(Client(), "98390 12345") == 200


def test_a_wrong_password_shows_a_translated_error(district_editor: User) -> None:
    client = Client()
    client.cookies["sangathan_language"] = "en"
    response = client.post(LOGIN, {"username": "district", "password": "wrong-password"})
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_login_is_locked_after_five_wrong_passwords(district_editor: User) -> None:
    client = Client()
    client.cookies["sangathan_language"] = "en"
    for _ in range(5):
        client.post(LOGIN, {"username": "district", "password": "wrong-password"})
    response = client.post(LOGIN, {"username": "district", "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "try again after 15 minutes" in page
    assert not response.wsgi_request.user.is_authenticated
    assert '<html lang="en">' in page


def test_four_wrong_passwords_do_not_lock_the_account(district_editor: User) -> None:
    client = Client()
    for _ in range(4):
        client.post(LOGIN, {"username": "district", "password": "wrong-password"})
    assert _login(client, "district") == 302


def test_login_refuses_a_post_without_csrf_token(district_editor: User) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "district", "password": PASSWORD})
    assert response.status_code == 403


def test_logout_needs_a_post(as_district: Client) -> None:
    assert as_district.get("/logout/").status_code == 405
    response = as_district.post("/logout/")
    assert response.status_code == 302
    assert as_district.get("/").status_code == 302


def test_pages_send_anonymous_visitors_to_login(db: None) -> None:
    for url in ["/", "/inbox/", "/audit/", "/accounts/"]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_the_phone_in_any_spelling_shares_the_accounts_budget_of_attempts(
    district_editor: User,
) -> None:
    assert district_editor.person is not None
    person_update(
        person=district_editor.person,
        name=district_editor.person.name,
        gender=district_editor.person.gender,
        phone="9415012345",
    )
    client = Client()
    for typed in ["94150 12345", "+919415012345", "094150-12345", "district", "9415012345"]:
        client.post(LOGIN, {"username": typed, "password": "wrong-password"})
    response = client.post(LOGIN, {"username": "district", "password": PASSWORD})
    assert response.status_code == 429
