"""Reads of the people registry, already scoped to what the user may see.

The people issue replaces ``person_search`` with a phonetic search over match keys; callers use
only this small interface (a user, a query, a limit; a list of people back)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from sangathan.core.access import path_filter
from sangathan.lib.phones import InvalidPhone, phone_normalise
from sangathan.lib.text import clean_text
from sangathan.people.models import Person

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser


def people_visible(user: AnyUser) -> QuerySet[Person]:
    """People whose home unit is inside the user's reach. People with no home unit have an
    empty path, which no grant's prefix matches: only superusers (whose filter is empty) see
    them."""
    return Person.objects.filter(path_filter(user, "unit_path"))


def person_search(user: AnyUser, query: str, limit: int = 10) -> list[Person]:
    """People the user may see whose name contains ``query`` or whose phone is ``query``.

    A phone matches only in full, so that typing digits cannot reveal numbers that are masked
    for the user elsewhere."""
    text = clean_text(query)
    if not text:
        return []
    match = Q(name__icontains=text)
    with contextlib.suppress(InvalidPhone):
        match |= Q(phone=phone_normalise(text))
    return list(
        people_visible(user)
        .filter(match)
        .select_related("home_unit")
        .order_by("name", "id")[:limit]
    )
