"""Helpers every app's HTML views share: the request type behind ``login_required``, reading a
uuid or a unit from the query, showing a service's refusal, and paging a long list without
counting it.

They live in core, beside access, because every feature app needs them and none of the apps
should import another app's views for them (they began in ``people.views``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from sangathan.core.access import unit_get_for_user
from sangathan.core.models import Role, User
from sangathan.units.models import Unit

PER_PAGE = 50


class AuthedRequest(HttpRequest):
    """A request past ``login_required``: its user is an account, never anonymous."""

    user: User


def uuid_or_none(raw: str | None) -> UUID | None:
    """A UUID from a query or form value; None when it is missing or malformed."""
    try:
        return UUID(raw) if raw else None
    except ValueError:
        return None


def refused(request: AuthedRequest, exc: ValidationError) -> None:
    """Show each sentence of a service's refusal as its own message."""
    for message in exc.messages:
        messages.error(request, message)


def unit_param(request: AuthedRequest, name: str, role: str = Role.VIEWER) -> Unit | None:
    """The unit a ``?within=`` or ``?unit=`` names: None when absent, 404 when malformed or
    outside the user's reach."""
    raw = request.GET.get(name) or request.POST.get(name)
    if not raw:
        return None
    unit_uuid = uuid_or_none(raw)
    if unit_uuid is None:
        raise Http404
    return unit_get_for_user(request.user, uuid=unit_uuid, role=role)


@dataclass
class Page:
    """A page of a long list without counting it: a state holds crores of people."""

    rows: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def page_of(items: Any, raw: str | None, per_page: int = PER_PAGE) -> Page:
    try:
        number = max(1, int(raw or 1))
    except ValueError:
        number = 1
    start = (number - 1) * per_page
    rows = list(items[start : start + per_page + 1])
    return Page(rows=rows[:per_page], number=number, has_next=len(rows) > per_page)
