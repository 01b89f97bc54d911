from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def _supported(language: str | None) -> str | None:
    return language if language and language in dict(settings.LANGUAGES) else None


class LanguageMiddleware:
    """Hindi unless the person chose otherwise.

    Pages follow the account's choice, then the language cookie, then Hindi. They ignore the
    browser's Accept-Language on purpose: most cheap phones here are set to English while their
    owners read Hindi. The API is read by programs, so there Accept-Language counts (after the
    account's choice). Runs after AuthenticationMiddleware; replaces Django's LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_api = request.path.startswith("/api/")
        language = self.chosen(request, is_api)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language") if is_api else ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language() or language)
        return response

    @staticmethod
    def chosen(request: HttpRequest, is_api: bool) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from_account = _supported(getattr(user, "language", ""))
            if from_account:
                return from_account
        from_cookie = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        if from_cookie:
            return from_cookie
        if is_api:
            return translation.get_language_from_request(request)
        return str(settings.LANGUAGE_CODE)
