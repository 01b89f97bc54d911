"""API clients for the personas: a device with a bearer token, or a browser with a session.

``connect`` is parametrised over both, so a test that uses it runs once per way in. Browser
clients enforce CSRF the way a real browser session is checked."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sangathan.core.models import Role, User
from sangathan.core.services import grant_set, token_create, user_create
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from tests.conftest import PASSWORD, World

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

BASE = "/api/v1"


@dataclass
class Api:
    """A caller of /api/v1: paths are given relative to it, bodies as dicts."""

    client: Client
    headers: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, **params: Any) -> Response:
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Response:
        return self.client.post(
            BASE + path, json.dumps(body or {}), "application/json", headers=self.headers
        )

    def patch(self, path: str, body: dict[str, Any]) -> Response:
        return self.client.patch(
            BASE + path, json.dumps(body), "application/json", headers=self.headers
        )


def bearer(user: User, **headers: str) -> Api:
    _, raw = token_create(user=user, name="test device")
    return Api(Client(), {"Authorization": f"Bearer {raw}", **headers})


def session(user: User, **headers: str) -> Api:
    """A logged-in browser that holds a CSRF token from a page, as after visiting the site."""
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("core:login"))  # the login page hands out the CSRF cookie
    client.force_login(user)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    return Api(client, {"X-CSRFToken": token, **headers})


def anonymous(**headers: str) -> Api:
    return Api(Client(), dict(headers))


@pytest.fixture(params=["bearer", "session"])
def connect(request: pytest.FixtureRequest) -> Callable[..., Api]:
    return bearer if request.param == "bearer" else session


def uuid_of(obj: Any) -> str:
    return str(obj.uuid)


@pytest.fixture
def district_viewer(world: World) -> User:
    """A viewer of कानपुर महानगर उत्तर: sees everything there, phones only masked."""
    person = person_create(name="दर्शक जी", gender=Gender.MALE, home_unit=world.district)
    user = user_create(username="viewer", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.district, role=Role.VIEWER)
    return user
