"""Notifications with pluggable delivery.

A feature calls ``notify(users, kind, ...)`` (or ``notify_on_commit`` inside a service). Each
recipient gets the message rendered in their own language and handed to every backend in
``settings.SANGATHAN_NOTIFICATION_BACKENDS``. The in-app inbox and the log come built in; SMS
and WhatsApp adapters later implement the same one-method interface.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import import_string

from sangathan.core.models import Notification, User

logger = logging.getLogger("sangathan.notifications")


@dataclass(frozen=True)
class Message:
    kind: str
    title: str
    body: str = ""
    url: str = ""


class Backend(Protocol):
    def deliver(self, user: User, message: Message) -> None: ...


class InboxBackend:
    """Keeps the message in the user's in-app inbox (the bell on every page)."""

    def deliver(self, user: User, message: Message) -> None:
        Notification.objects.create(
            user=user, kind=message.kind, title=message.title, body=message.body, url=message.url
        )


class LogBackend:
    """Writes the message to the application log: the console on a laptop install."""

    def deliver(self, user: User, message: Message) -> None:
        logger.info("notify %s [%s] %s", user.username, message.kind, message.title)


# kind -> function(**context) -> Message, rendered under the recipient's language.
Renderer = Callable[..., Message]
_RENDERERS: dict[str, Renderer] = {}


def notification_kind(kind: str) -> Callable[[Renderer], Renderer]:
    """Register how a kind of notification reads. Features register theirs at import."""

    def register(func: Renderer) -> Renderer:
        _RENDERERS[kind] = func
        return func

    return register


@cache
def _backends() -> tuple[Backend, ...]:
    return tuple(import_string(path)() for path in settings.SANGATHAN_NOTIFICATION_BACKENDS)


def reset_backends() -> None:
    """Forget the configured backends (tests that override the setting call this)."""
    _backends.cache_clear()


def notify(users: Iterable[User], kind: str, **context: Any) -> int:
    """Render and deliver one message per user; returns how many were delivered."""
    try:
        render = _RENDERERS[kind]
    except KeyError as exc:
        raise ValueError(f"Unknown notification kind: {kind}") from exc
    sent = 0
    for user in {u.pk: u for u in users if u.is_active}.values():
        with translation.override(user.language or settings.LANGUAGE_CODE):
            message = render(**context)
        for backend in _backends():
            try:
                backend.deliver(user, message)
            except Exception:
                # One failing channel (an SMS gateway down) must not stop the others.
                logger.exception("notification backend %r failed", backend)
        sent += 1
    return sent


def notify_on_commit(users: Iterable[User], kind: str, **context: Any) -> None:
    """Deliver after the surrounding transaction commits, never for a write that rolled back."""
    recipients = list(users)
    transaction.on_commit(lambda: notify(recipients, kind, **context))
