"""Finding a person by name in either script, by phone or by voter ID.

A name query is turned into the same phonetic match keys stored for every person
(``PersonKey``); the rows sharing a key are fetched by index, inside the user's reach, and only
those are scored with the fuzzy name similarity. The whole table is never scanned. Rare keys
are tried first: "Santosh Shukla" looks up the combined key of both names before the key of
"Shukla" alone, and the key of "Kumar" only when nothing rarer matched.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from sangathan.core.access import path_filter
from sangathan.lib import names
from sangathan.lib.phones import InvalidPhone, phone_normalise
from sangathan.lib.text import clean_text
from sangathan.people.models import Person, PersonKey, PersonStatus

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.units.models import Unit

# How many people one key may bring in before it counts as too common to score them all.
CANDIDATES_PER_KEY = 400
CANDIDATES_TOTAL = 1500
_EPIC = re.compile(r"^[A-Za-z]{3}\s*[0-9]{7}$")


@dataclass(frozen=True)
class Hit:
    person: Person
    score: float  # 0..100; 100 for an exact phone or voter ID


def _scope(user: AnyUser | None, within: Unit | None, field: str = "unit_path") -> Q:
    q = path_filter(user, field) if user is not None else Q()
    if within is not None:
        q &= Q(**{f"{field}__subtree": within.path})
    return q


def person_search(
    user: AnyUser | None,
    query: str,
    *,
    within: Unit | None = None,
    limit: int = 20,
    threshold: float | None = None,
    include_held: bool = False,
) -> list[Hit]:
    """People the user may see who match ``query``, best first.

    ``user`` None searches everything (the system: imports, duplicate checks)."""
    text = clean_text(query)
    if not text:
        return []
    statuses = [PersonStatus.ACTIVE, PersonStatus.HELD] if include_held else [PersonStatus.ACTIVE]
    people = Person.objects.filter(_scope(user, within), status__in=statuses)
    exact = _exact(people, text)
    if exact is not None:
        return [Hit(person=p, score=100.0) for p in exact[:limit]]
    cutoff = names.DEFAULT_THRESHOLD if threshold is None else threshold
    ids = _candidate_ids(user, within, text, enough=max(limit * 10, 100))
    if not ids:
        return []
    # Score on the two name columns only; whole rows are read for the winners alone.
    scored: list[tuple[float, str, int]] = []
    for pk, name, latin in people.filter(pk__in=ids).values_list("pk", "name", "name_latin"):
        score = max(
            names.name_query_score(text, name),
            names.name_query_score(text, latin) if latin else 0.0,
        )
        if score >= cutoff:
            scored.append((round(score, 1), name, pk))
    scored.sort(key=lambda row: (-row[0], row[1], row[2]))
    best = scored[:limit]
    by_pk = Person.objects.select_related("home_unit").in_bulk([pk for _, _, pk in best])
    return [Hit(person=by_pk[pk], score=score) for score, _, pk in best if pk in by_pk]


def _exact(people: object, text: str) -> list[Person] | None:
    """A phone number or a voter ID finds its owner exactly, or nobody."""
    from django.db.models import QuerySet

    assert isinstance(people, QuerySet)
    if _EPIC.match(text):
        return list(
            people.filter(voter_id=text.upper().replace(" ", "")).select_related("home_unit")
        )
    digits = re.sub(r"[\s\-+()]", "", text)
    if digits.isdigit() and len(digits) >= 10:
        with contextlib.suppress(InvalidPhone):
            phone = phone_normalise(text)
            return list(people.filter(Q(phone=phone) | Q(phone2=phone)).select_related("home_unit"))
    return None


def _key_order(key: str) -> int:
    """Most selective first: a pair of words, then words run together, then a rare word; a
    common word (Kumar, Devi, Shukla) only when nothing else answered."""
    if names.is_common_key(key):
        return 3
    if "+" in key:
        return 0
    return 1 if len(key) > 5 else 2


def _candidate_ids(
    user: AnyUser | None, within: Unit | None, text: str, *, enough: int = 200
) -> list[int]:
    """Ids of people sharing a match key with the query, most selective keys first; stops
    once ``enough`` candidates are in hand, so a common name costs no more than a rare one."""
    keys = sorted(names.match_keys(text), key=_key_order)
    scope = _scope(user, within)
    found: list[int] = []
    seen: set[int] = set()
    for key in keys:
        if found and (len(found) >= enough or names.is_common_key(key)):
            break
        rows = PersonKey.objects.filter(scope, key=key).values_list("person_id", flat=True)
        for pid in rows[:CANDIDATES_PER_KEY]:
            if pid not in seen:
                seen.add(pid)
                found.append(pid)
        if len(found) >= CANDIDATES_TOTAL:
            break
    return found
