from __future__ import annotations

from django.test import Client
from django.utils import translation

from sangathan.core.models import User


def test_hindi_is_the_default_language(as_district: Client) -> None:
    response = as_district.get("/")
    assert '<html lang="hi">' in response.content.decode()
    assert response["Content-Language"] == "hi"


def test_switching_to_english_is_remembered_on_the_account(
    as_district: Client, district_editor: User
) -> None:
    response = as_district.post("/language/", {"language": "en", "next": "/inbox/"})
    assert response.status_code == 302
    assert response["Location"] == "/inbox/"
    assert response.cookies["sangathan_language"].value == "en"
    district_editor.refresh_from_db()
    assert district_editor.language == "en"

    # A fresh session on another device, without the cookie, is in English too.
    other_device = Client()
    other_device.force_login(district_editor)
    for url in ["/", "/inbox/"]:
        page = other_device.get(url)
        assert '<html lang="en">' in page.content.decode()
        assert page["Content-Language"] == "en"


def test_switching_back_to_hindi(as_district: Client, district_editor: User) -> None:
    as_district.post("/language/", {"language": "en"})
    as_district.post("/language/", {"language": "hi"})
    district_editor.refresh_from_db()
    assert district_editor.language == "hi"
    assert '<html lang="hi">' in as_district.get("/").content.decode()


def test_the_page_text_follows_the_language(as_district: Client) -> None:
    as_district.post("/language/", {"language": "en"})
    page = as_district.get("/").content.decode()
    with translation.override("en"):
        assert str(translation.gettext("Your units")) in page
    assert 'value="hi"' in page  # the switch offers Hindi back


def test_an_unknown_language_falls_back_to_hindi(
    as_district: Client, district_editor: User
) -> None:
    as_district.post("/language/", {"language": "fr"})
    district_editor.refresh_from_db()
    assert district_editor.language == "hi"


def test_the_switch_never_redirects_off_site(as_district: Client) -> None:
    response = as_district.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_an_anonymous_visitor_switches_by_cookie(db: None) -> None:
    client = Client()
    client.post("/language/", {"language": "en", "next": "/login/"})
    assert '<html lang="en">' in client.get("/login/").content.decode()


def test_the_language_switch_needs_a_post(db: None) -> None:
    assert Client().get("/language/").status_code == 405
