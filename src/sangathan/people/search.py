"""Finding a person by name in either script, by phone or by voter ID.

A name query is turned into the same phonetic match keys stored for every person
(``PersonKey``); the rows sharing a key are fetched by index, inside the user's reach, and only
those are scored with the fuzzy name similarity. The whole table is never scanned. Rare keys
are tried first: "Santosh Shukla" looks up the key of that whole name, then the combined key of
both words (which also holds Santosh Kumar Shukla), before the key of "Shukla" alone, and the key
of "Kumar" only when nothing rarer matched.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Q

from sangathan.core.access import path_filter, reach_of
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
    # Five candidates per wanted hit: measured on the benchmark's spelling variants, as many
    # are found as with ten, at half the scoring (docs/PERFORMANCE.md).
    ids = _candidate_ids(user, within, text, enough=max(limit * 5, 50))
    if not ids:
        return []
    # Score each distinct name once (rolls repeat names a lot) on the stored name alone: the
    # phonetic comparison is the same in either script. Whole rows are read for winners only.
    scored: list[tuple[float, bool, str, int]] = []
    # Among equal scores the very name asked for comes first: "santosh sukla" lists the
    # Santosh Shuklas before Santosh Kumar Shukla, who also matches it fully.
    asked = names.name_tokens(text)
    asked_words = sorted(asked)
    # Keyed by the name's words (spelling and phonetic code of each): संतोष शुक्ला and
    # Santosh Shukla have the same words, so a block holding both scores them once.
    by_words: dict[tuple[names.Word, ...], float] = {}
    # Read by primary key alone: with the status and scope filters in SQL, SQLite's planner
    # walks the (status, unit_path) index over everyone instead. The keys were already read
    # inside the user's reach; status and reach are checked again here, row by row.
    allowed = _allowed(user, within)
    rows = Person.objects.filter(pk__in=ids).values_list("pk", "name", "status", "unit_path")
    # Scored in the order the keys found them, most selective key first: once ``limit``
    # people match the query exactly, nobody later can rank above them, so scoring stops
    # (a common name's block of hundreds costs the same as a rare one's few).
    order = {pk: i for i, pk in enumerate(ids)}
    exact_matches = 0
    for pk, name, status, path in sorted(rows, key=lambda row: order[row[0]]):
        if status not in statuses or not allowed(path):
            continue
        words = names.name_words(name)
        score = by_words.get(words)
        if score is None:
            score = by_words[words] = round(names.name_query_score(text, name), 1)
        if score >= cutoff:
            other = len(words) != len(asked) or sorted(w.code for w in words) != asked_words
            scored.append((score, other, name, pk))
            if score >= 100.0:
                exact_matches += 1
                if exact_matches >= limit:
                    break
    scored.sort(key=lambda row: (-row[0], row[1], row[2], row[3]))
    best = scored[:limit]
    by_pk = Person.objects.select_related("home_unit").in_bulk([row[3] for row in best])
    return [Hit(person=by_pk[row[3]], score=row[0]) for row in best if row[3] in by_pk]


def _allowed(user: AnyUser | None, within: Unit | None) -> Callable[[str], bool]:
    reach = reach_of(user) if user is not None else None

    def allowed(path: str) -> bool:
        if within is not None and not path.startswith(within.path):
            return False
        return reach is None or reach.role_at(path) is not None

    return allowed


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
    """Most selective first: the whole name, a pair of words, then words run together, then a
    rare word; a common word (Kumar, Devi, Shukla) only when nothing else answered."""
    if names.is_whole_name_key(key):
        return -1
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
    # One statement compiled for every key: the ORM's compiling (the scope is an OR of
    # subtrees) costs more than SQLite's answer from the index.
    placeholder = "\x00key"
    sql, params = (
        PersonKey.objects.filter(_scope(user, within), key=placeholder)
        .values_list("person_id", flat=True)
        .query.sql_with_params()
    )
    at = params.index(placeholder)
    found: list[int] = []
    seen: set[int] = set()
    with connection.cursor() as cursor:
        for key in keys:
            if found and (len(found) >= enough or names.is_common_key(key)):
                break
            # A key shared by more people than are needed adds only the first ones: for a
            # name this common they all score alike, and the limit cuts the list anyway.
            wanted = min(enough - len(found), CANDIDATES_PER_KEY)
            cursor.execute(f"{sql} LIMIT {int(wanted)}", [*params[:at], key, *params[at + 1 :]])
            for (pid,) in cursor.fetchall():
                if pid not in seen:
                    seen.add(pid)
                    found.append(pid)
            if len(found) >= CANDIDATES_TOTAL:
                break
    return found
