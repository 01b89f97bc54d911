"""Who may call the API, the error shape, the language of messages, the schema and the docs."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from sangathan.core.models import ApiToken, AuditEntry, User
from tests.api.conftest import BASE, Api, anonymous, bearer, session
from tests.conftest import World

# Every operation, with a harmless body for the writes: without credentials each is a 401.
ENDPOINTS = [
    ("get", "/units/"),
    ("get", "/units/{unit}/"),
    ("get", "/units/{unit}/children/"),
    ("post", "/units/"),
    ("patch", "/units/{unit}/"),
    ("post", "/units/{unit}/move/"),
    ("get", "/levels/"),
    ("get", "/posts/"),
    ("get", "/units/{unit}/appointments/"),
    ("post", "/appointments/"),
    ("get", "/appointments/{unit}/"),
    ("post", "/appointments/{unit}/end/"),
    ("get", "/units/{unit}/vacancies/"),
    ("get", "/units/{unit}/vacancies/{post}/"),
    ("get", "/me/"),
]


def call(api: Api, method: str, path: str) -> object:
    if method == "get":
        return api.get(path)
    if method == "patch":
        return api.patch(path, {})
    return api.post(path, {})


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_every_endpoint_refuses_a_caller_without_credentials(
    world: World, method: str, path: str
) -> None:
    url = path.format(unit=world.district.uuid, post=world.booth_social_media.uuid)
    response = call(anonymous(), method, url)
    assert response.status_code == 401  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["code"] == "unauthenticated"
    assert set(body) == {"error", "code"}


def test_unknown_token_is_refused(world: World) -> None:
    api = anonymous(Authorization="Bearer sgt_not-a-real-token")
    assert api.get("/me/").status_code == 401


def test_token_works_until_it_is_revoked(district_editor: User) -> None:
    api = bearer(district_editor)
    assert api.get("/me/").status_code == 200
    token = ApiToken.objects.get(user=district_editor)
    assert token.last_used_at is not None
    call_command("token", "revoke", token.prefix, stdout=StringIO())
    response = api.get("/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_me_describes_the_caller_and_their_grants(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    body = connect(district_editor).get("/me/").json()
    assert body["username"] == "district"
    assert body["person"]["name"] == "संतोष शुक्ला"
    assert body["language"] == "hi"
    assert body["grants"] == [
        {
            "unit": {
                "uuid": str(world.district.uuid),
                "code": "KNP-N",
                "name_hi": "कानपुर महानगर उत्तर",
                "name_en": "Kanpur North",
                "level": {"depth": 3, "name_hi": "जिला/महानगर", "name_en": "District"},
            },
            "role": "editor",
        }
    ]


def test_session_write_without_csrf_token_is_refused(district_editor: User, world: World) -> None:
    api = session(district_editor)
    del api.headers["X-CSRFToken"]
    response = api.patch(f"/units/{world.mandal.uuid}/", {"name_en": "Govind Nagar West"})
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    world.mandal.refresh_from_db()
    assert world.mandal.name_en == "Govind Nagar"


def test_session_read_needs_no_csrf_token(district_editor: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(district_editor)
    assert client.get(f"{BASE}/me/").status_code == 200


def test_bearer_write_needs_no_csrf_token(district_editor: User, world: World) -> None:
    response = bearer(district_editor).patch(f"/units/{world.mandal.uuid}/", {"name_en": "GN"})
    assert response.status_code == 200


# --- Error shape and language ---------------------------------------------------------------


def test_missing_field_is_reported_in_hindi_by_default(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    response = connect(district_editor).post(
        "/units/", {"parent": str(world.mandal.uuid), "level": 5}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    # Our catalogue's Hindi, which reads better than Django's own ("यह क्षेत्र अपेक्षित हैं").
    assert body["fields"] == {"name_hi": ["यह भरना ज़रूरी है।"]}
    assert response["Content-Language"] == "hi"


def test_accept_language_en_gives_english_messages(district_editor: User, world: World) -> None:
    api = bearer(district_editor, **{"Accept-Language": "en"})
    response = api.post("/units/", {"parent": str(world.mandal.uuid), "level": 5})
    assert response.json()["fields"] == {"name_hi": ["This field is required."]}
    assert response.json()["error"] == "Some of the values sent are missing or not valid."
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("make", [bearer, session], ids=["bearer", "session"])
def test_account_language_en_wins_over_the_browser(
    make: Callable[..., Api], district_editor: User, world: World
) -> None:
    district_editor.language = "en"
    district_editor.save(update_fields=["language"])
    api = make(district_editor, **{"Accept-Language": "hi"})
    response = api.get(f"/units/{world.sibling.uuid}/")
    assert response.status_code == 404
    assert response.json() == {
        "error": "Nothing was found here, or it is outside your units.",
        "code": "not_found",
    }


def test_unauthenticated_message_is_in_the_request_language(world: World) -> None:
    hindi = anonymous().get("/me/")
    english = anonymous(**{"Accept-Language": "en"}).get("/me/")
    assert english.json()["error"] == "Log in, or send a valid token in the Authorization header."
    with translation.override("hi"):
        expected = translation.gettext("Log in, or send a valid token in the Authorization header.")
    assert hindi.json()["error"] == expected
    assert hindi["Content-Language"] == "hi"


def test_service_refusal_comes_back_as_400_with_fields(district_editor: User, world: World) -> None:
    api = bearer(district_editor, **{"Accept-Language": "en"})
    response = api.patch(f"/units/{world.mandal.uuid}/", {"code": "M-KN"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "The code M-KN is already in use.",
        "code": "invalid",
        "fields": {"code": ["The code M-KN is already in use."]},
    }


def test_malformed_uuid_in_the_url_is_not_found(district_editor: User) -> None:
    response = bearer(district_editor).get("/units/not-a-uuid/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_malformed_json_body_is_invalid(district_editor: User) -> None:
    api = bearer(district_editor, **{"Accept-Language": "en"})
    response = api.client.post(
        f"{BASE}/units/", "{not json", "application/json", headers=api.headers
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": "The request body could not be read; send JSON.",
        "code": "invalid",
    }


# --- Schema and docs ------------------------------------------------------------------------


def test_openapi_schema_lists_every_path_and_both_ways_in(client: Client, db: None) -> None:
    schema = client.get(f"{BASE}/openapi.json").json()
    paths = set(schema["paths"])
    for _method, path in ENDPOINTS:
        expected = BASE + path.replace("{unit}", "{uuid}").replace("{post}", "{post_uuid}")
        assert expected in paths, expected
    schemes = schema["components"]["securitySchemes"]
    assert schemes["DeviceToken"]["scheme"] == "bearer"
    assert schemes["BrowserSession"]["in"] == "cookie"
    assert "ErrorOut" in schema["components"]["schemas"]


def test_docs_page_loads_only_files_served_by_the_app(client: Client, db: None) -> None:
    response = client.get(f"{BASE}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the docs page should load Swagger UI"
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset
    assert "<script>" not in html.replace('<script type="application/json"', "")
    assert "validator.swagger.io" not in html


# --- The token command ----------------------------------------------------------------------


def test_token_command_prints_a_token_that_works(district_editor: User) -> None:
    out, err = StringIO(), StringIO()
    call_command("token", "create", "district", "--name", "Anil's phone", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw.startswith("sgt_")
    assert "cannot be shown again" in err.getvalue()
    api = anonymous(Authorization=f"Bearer {raw}")
    assert api.get("/me/").json()["username"] == "district"
    assert AuditEntry.objects.filter(action="accounts.token_created").exists()


def test_token_list_shows_prefixes_but_never_the_secret(district_editor: User) -> None:
    out = StringIO()
    call_command("token", "create", "district", "--name", "tablet", stdout=out, stderr=StringIO())
    raw = out.getvalue().strip()
    listing = StringIO()
    call_command("token", "list", "district", stdout=listing)
    text = listing.getvalue()
    assert raw[:12] in text
    assert "tablet" in text
    assert raw not in text
    assert "1 tokens for district, 1 in use." in text


def test_token_revoke_is_audited_and_idempotent(district_editor: User) -> None:
    out = StringIO()
    call_command("token", "create", "district", stdout=out, stderr=StringIO())
    prefix = out.getvalue().strip()[:12]
    first, second = StringIO(), StringIO()
    call_command("token", "revoke", prefix, stdout=first)
    call_command("token", "revoke", prefix, stdout=second)
    assert "revoked" in first.getvalue()
    assert "already revoked" in second.getvalue()
    assert AuditEntry.objects.filter(action="accounts.token_revoked").count() == 1


def test_token_command_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="There is no user nobody"):
        call_command("token", "create", "nobody", stdout=StringIO())
