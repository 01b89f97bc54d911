"""Hindi first: pages ignore a browser set to English; the API follows Accept-Language."""

from __future__ import annotations

from django.test import Client

from sangathan.core.models import User
from tests.conftest import World, login


def test_login_page_is_hindi_even_when_the_phone_is_set_to_english(db: None) -> None:
    response = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "hi"
    assert 'lang="hi"' in response.content.decode()
    assert "लॉग इन" in response.content.decode()


def test_the_language_cookie_switches_pages_to_english(db: None) -> None:
    client = Client()
    client.cookies["sangathan_language"] = "en"
    response = client.get("/login/")
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


def test_the_account_choice_beats_the_cookie(world: World, district_editor: User) -> None:
    district_editor.language = "en"
    district_editor.save(update_fields=["language"])
    client = login(district_editor)
    client.cookies["sangathan_language"] = "hi"
    assert client.get("/")["Content-Language"] == "en"


def test_the_api_follows_accept_language(db: None) -> None:
    response = Client().get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]
