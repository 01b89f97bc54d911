"""The duplicate check for many new people at once: an import's batch.

``person_check_duplicates`` costs a few queries per person (its keys, each key's block near
and far, phones, the candidates' rows): 5–30 people a second, hours for a big file. New
people of one batch share most of that work, so here it is done once per batch:

1. each new person's most selective keys (first name with surname, words run together;
   single rare words only for a name that has no pair), as the import computed them;
2. one indexed query per neighbourhood (the mandal around the booth, where duplicates are
   nearly always entered) for every person sharing one of those keys, and one for anyone
   sharing a phone number;
3. the candidates' rows read once, each pair scored with the same ``pair_score`` and bands
   as the single check, each pair stored once (the other new person of the batch included);
4. pairs inserted in bulk, probable duplicates held in one UPDATE, an audit entry per
   flagged person as the single check writes.

New records have no earlier pairs and no "not the same" decisions, which is what lets this
skip the single check's reconciling. What it does not do that the single check does: look
for the name beyond the neighbourhood (a person entered in another mandal is found when an
editor opens the record, or by ``sangathan people dedupe``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Q

from sangathan.core.models import AuditEntry, describe
from sangathan.lib import names
from sangathan.people.dedupe import (
    CANDIDATES_PER_KEY,
    CANDIDATES_TOTAL,
    _neighbourhood,
    band_of,
    pair_score,
)
from sangathan.people.models import (
    DuplicateBand,
    DuplicatePair,
    Person,
    PersonKey,
    PersonStatus,
)

if TYPE_CHECKING:
    from sangathan.core.models import User

_LIVE = (PersonStatus.ACTIVE, PersonStatus.HELD)
# Values per IN list: well under SQLite's 999 variables with the two range bounds.
_CHUNK = 900
# The columns pair_score reads, and what a pair records.
_FIELDS = (
    "pk",
    "name",
    "name_latin",
    "relation_kind",
    "relation_name",
    "birth_year",
    "gender",
    "phone",
    "phone2",
    "household_id",
    "locality",
    "voter_id",
    "unit_path",
)


def selective_keys(keys: Iterable[str]) -> list[str]:
    """The keys worth a lookup: pairs of words when there are any, else rare single words,
    else (a one-word name of a common word) the common keys."""
    keys = list(keys)
    pairs = [k for k in keys if "+" in k and not names.is_common_key(k)]
    if pairs:
        return pairs
    rare = [k for k in keys if not names.is_common_key(k)]
    return rare or keys


def _chunks(items: list[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _sharing_keys(wanted: dict[str, set[str]]) -> dict[tuple[str, str], list[int]]:
    """(neighbourhood, key) → the people holding that key inside that neighbourhood, at most
    ``CANDIDATES_PER_KEY`` of them (a block that big says the key is common there)."""
    found: dict[tuple[str, str], list[int]] = defaultdict(list)
    table = connection.ops.quote_name(PersonKey._meta.db_table)
    with connection.cursor() as cursor:
        for near, keys in wanted.items():
            for chunk in _chunks(sorted(keys)):
                marks = ", ".join(["%s"] * len(chunk))
                # The (key, unit_path) index answers "key = ? AND path in range" directly;
                # the subtree is written as a range, the way the __subtree lookup is.
                cursor.execute(
                    f"SELECT key, person_id FROM {table} WHERE key IN ({marks}) "
                    "AND unit_path >= %s AND unit_path < %s",
                    [*chunk, near, near + "\uffff"],
                )
                for key, person_id in cursor.fetchall():
                    block = found[(near, key)]
                    if len(block) < CANDIDATES_PER_KEY:
                        block.append(person_id)
    return found


def _sharing_phones(people: list[Person]) -> dict[str, list[int]]:
    phones = sorted({p for person in people for p in (person.phone, person.phone2) if p})
    found: dict[str, list[int]] = defaultdict(list)
    for chunk in _chunks(phones, 400):
        rows = Person.objects.filter(Q(phone__in=chunk) | Q(phone2__in=chunk)).values_list(
            "pk", "phone", "phone2"
        )
        for pk, phone, phone2 in rows:
            for value in {phone, phone2} - {""}:
                if len(found[value]) < CANDIDATES_PER_KEY:
                    found[value].append(pk)
    return found


@dataclass(slots=True)
class _Row:
    """A candidate's values: what ``pair_score`` reads, without building a model instance
    (which costs more than scoring it)."""

    pk: int
    name: str
    name_latin: str
    relation_kind: str
    relation_name: str
    birth_year: int | None
    gender: str
    phone: str
    phone2: str
    household_id: int | None
    locality: str
    voter_id: str
    unit_path: str


def _load(ids: set[int]) -> dict[int, _Row]:
    loaded: dict[int, _Row] = {}
    for chunk in _chunks(sorted(ids)):
        rows = Person.objects.filter(pk__in=chunk, status__in=_LIVE).values_list(*_FIELDS)
        for values in rows:
            loaded[values[0]] = _Row(*values)
    return loaded


def duplicates_check_new(
    people: list[Person], keys: dict[int, list[str]], *, actor: User | None = None
) -> int:
    """Flag duplicates of ``people``, records just created (saved, with their match keys
    written). ``keys`` gives each one's match keys by primary key. Returns how many of them
    were flagged (possible or probable)."""
    if not people:
        return 0
    chosen: dict[int, list[str]] = {}
    wanted: dict[str, set[str]] = defaultdict(set)
    for person in people:
        near = _neighbourhood(person.unit_path)
        chosen[person.pk] = selective_keys(keys.get(person.pk, ()))
        wanted[near].update(chosen[person.pk])
    by_key = _sharing_keys(wanted)
    by_phone = _sharing_phones(people)

    candidates: dict[int, list[int]] = {}
    every: set[int] = set()
    for person in people:
        near = _neighbourhood(person.unit_path)
        found: dict[int, None] = {}
        for key in chosen[person.pk]:
            for pid in by_key.get((near, key), ()):
                found[pid] = None
            if len(found) >= CANDIDATES_TOTAL:
                break
        for phone in {person.phone, person.phone2} - {""}:
            for pid in by_phone.get(phone, ()):
                found[pid] = None
        found.pop(person.pk, None)
        candidates[person.pk] = list(found)
        every.update(found)
    others = _load(every)

    pairs: dict[tuple[int, int], DuplicatePair] = {}
    for person in people:
        for pid in candidates[person.pk]:
            other = others.get(pid)
            if other is None:
                continue
            ordered = (person.pk, pid) if person.pk < pid else (pid, person.pk)
            if ordered in pairs:
                continue  # two new people of the batch: scored once, from the first of them
            score, reasons = pair_score(person, other)
            band = band_of(score)
            if band is None:
                continue
            # A pair's path is its newer record's: the bigger id.
            pairs[ordered] = DuplicatePair(
                person_a_id=ordered[0],
                person_b_id=ordered[1],
                unit_path=person.unit_path if person.pk > pid else other.unit_path,
                score=score,
                band=band,
                reasons=reasons,
            )
    if not pairs:
        return 0
    DuplicatePair.objects.bulk_create(list(pairs.values()), ignore_conflicts=True)

    new_ids = {p.pk for p in people}
    flagged: dict[int, list[dict[str, Any]]] = defaultdict(list)
    held: set[int] = set()
    for (a_id, b_id), pair in pairs.items():
        # The newer record of a pair is the one a probable duplicate holds.
        newer = b_id if b_id in new_ids else a_id
        flagged[newer].append({"band": pair.band, "score": pair.score})
        if pair.band == DuplicateBand.PROBABLE:
            held.add(newer)
    if held:
        Person.objects.filter(pk__in=sorted(held), status=PersonStatus.ACTIVE).update(
            status=PersonStatus.HELD
        )
    by_pk = {p.pk: p for p in people}
    entries: list[AuditEntry] = []
    who = actor if actor is not None and actor.is_authenticated else None
    for pk, found_pairs in flagged.items():
        person = by_pk[pk]
        if pk in held:
            person.status = PersonStatus.HELD
        target_type, target_id, target_repr = describe(person)
        entries.append(
            AuditEntry(
                actor=who,
                unit_id=person.home_unit_id,
                unit_path=person.unit_path,
                action="people.duplicates_flagged",
                target_type=target_type,
                target_id=target_id,
                target_repr=target_repr,
                changes={"pairs": found_pairs, "held": pk in held},
            )
        )
    # The same entries ``audit`` writes for the single check, in one statement.
    AuditEntry.objects.bulk_create(entries)
    return len(flagged)
