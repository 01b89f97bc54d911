"""Who is calling: a device with a bearer token, or the browser with its session.

Every operation accepts both; the token is tried first, so a device never needs a CSRF token.
A session write without a valid CSRF token is refused (403 ``csrf_failed``), like a form post.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth
from ninja.utils import check_csrf

from sangathan.api.errors import CsrfFailed
from sangathan.core.services import token_authenticate

if TYPE_CHECKING:
    from sangathan.core.models import User


class DeviceToken(HttpBearer):
    """``Authorization: Bearer sgt_…``, a token made with ``sangathan token create``."""

    openapi_description = (
        "A device token: `Authorization: Bearer sgt_…`. "
        "Create one with `sangathan token create USERNAME`; it is shown once."
    )

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_authenticate(token.strip())
        if user is None:
            return None
        # The rest of the code reads request.user, whichever way the caller came in.
        request.user = user
        # LanguageMiddleware ran before a token named the user: apply their language now.
        if user.language and user.language in dict(settings.LANGUAGES):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return user


class BrowserSession(SessionAuth):
    """The logged-in browser's session cookie; unsafe methods need the CSRF token."""

    openapi_description = (
        "The browser's session cookie after logging in on the site. "
        "POST and PATCH also need the `X-CSRFToken` header."
    )

    def __call__(self, request: HttpRequest) -> Any:
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return None  # no session: a 401, not a CSRF complaint
        # ninja's own check raises an untranslated HttpError; ours has its own code.
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise CsrfFailed
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return self(request)


def request_user(request: HttpRequest) -> User:
    """The authenticated caller. Only called inside operations, after auth succeeded."""
    return cast("User", request.auth)  # type: ignore[attr-defined]
