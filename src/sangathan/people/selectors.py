"""Reads of the people registry, already scoped to what the user may see.

``person_search`` is the small interface every picker uses (a user, a query, a limit; people
back); the phonetic search behind it is ``people.search``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from sangathan.core.access import path_filter
from sangathan.people import search
from sangathan.people.models import Person, PersonStatus

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser


def people_visible(user: AnyUser) -> QuerySet[Person]:
    """People whose home unit is inside the user's reach. People with no home unit have an
    empty path, which no grant's prefix matches: only superusers (whose filter is empty) see
    them."""
    return Person.objects.filter(path_filter(user, "unit_path"), status=PersonStatus.ACTIVE)


def person_search(user: AnyUser, query: str, limit: int = 10) -> list[Person]:
    """People the user may see whose name sounds like ``query`` in either script, or whose
    phone or voter ID is ``query`` exactly (a phone matches only in full, so that typing digits
    cannot reveal numbers that are masked for the user elsewhere)."""
    return [hit.person for hit in search.person_search(user, query, limit=limit)]
