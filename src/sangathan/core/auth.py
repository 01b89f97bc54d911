"""Log in with a username or a phone number, and a password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from sangathan.core.models import User
from sangathan.lib.phones import InvalidPhone, phone_normalise


def user_for_login(identifier: str) -> User | None:
    """The account a login name refers to: a username, else a phone number on exactly one
    account's person (a shared family phone identifies nobody)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user = User.objects.filter(username__iexact=identifier).first()
    if user is not None:
        return user
    try:
        phone = phone_normalise(identifier)
    except InvalidPhone:
        return None
    matches = list(User.objects.filter(person__phone=phone)[:2])
    return matches[0] if len(matches) == 1 else None


class UsernameOrPhoneBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = user_for_login(username)
        if user is None:
            # Spend the same time as a real check so that timing does not reveal accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The name django-axes counts failures against: the account a login name refers to, so
    that "98390 12345", "+919839012345" and the username share one budget of attempts."""
    typed = str((credentials or {}).get("username") or request.POST.get("username") or "")
    user = user_for_login(typed)
    return user.username.casefold() if user is not None else typed.strip().casefold()
