"""Duplicate people: finding them, the review queue, and "not the same person".

A new record is compared with the people who share one of its match keys (the same indexed
blocks search uses: never the whole table) and with anyone holding the same phone or voter
ID. Each candidate gets a score from 0 to 100:

    score = NAME_SHARE × name similarity  +  the evidence below, clamped to 0..100

The name alone brings at most 80 points, so two people who only share a name are at most a
*possible* duplicate: "Sunita Devi" is a name thousands share. What the records agree or
disagree on moves the score (``EVIDENCE``): the same father's or husband's name makes a
*probable* duplicate; a birth year within two years, a shared phone, household or locality
each support the name but need a second witness (a family shares a phone and a house). A different
relation name, a birth year more than five years apart (a father and a son of the same name)
or a different gender push the pair out. Names the name engine calls different (below its
threshold: Ramesh/Rajesh) are never probable. The same voter ID is certain.

Bands: ``PROBABLE_AT`` (90) and above is held for review (the newer record counts nowhere
until an editor decides); ``POSSIBLE_AT`` (75) and above waits in the review queue; below, no
pair is made. Merging is in ``people.merging``; its functions are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from sangathan.core.access import path_filter
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib import names
from sangathan.people.merging import (
    duplicate_merge,
    merge_record_for_audit_entry,
    merge_undo,
    open_probable_exists,
    release_if_clear,
    require_editor_of,
)
from sangathan.people.models import (
    DuplicateBand,
    DuplicatePair,
    DuplicateStatus,
    Gender,
    Person,
    PersonKey,
    PersonStatus,
)

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.core.models import User
    from sangathan.units.models import Unit

PROBABLE_AT = 90.0
POSSIBLE_AT = 75.0

# Names less alike than this are different names: no pair, whatever else agrees.
NAME_FLOOR = 70.0
# Below the name engine's "same name" threshold a pair may be possible, never probable:
# Ramesh and Rajesh, twins with one father, one birth year and one phone, are two people.
NAME_SURE = names.DEFAULT_THRESHOLD
NAME_SHARE = 0.8
CONTAINED_SHARE = 0.85
EVIDENCE: dict[str, float] = {
    "relation_same": 12.0,  # father's/husband's name alike (similarity ≥ 85)
    "relation_near": 4.0,  # alike enough to be a spelling slip (70..85)
    "relation_other": -25.0,  # clearly another father or husband
    "year_near": 8.0,  # birth years within 2
    "year_off": -5.0,  # 3..5 apart: ages are often guessed
    "year_far": -35.0,  # more than 5 apart: a father and his son of the same name
    "gender_other": -50.0,  # two known, different genders: near-disqualifying
    # A phone in common. A family shares one: with the name alone it stays possible (88).
    "phone_same": 8.0,
    "household_same": 6.0,
    "locality_same": 4.0,
    "locality_other": -4.0,
    "voter_id_other": -30.0,  # two different EPICs: two people on the roll
}

# How many people one key may bring in, and in all: the blocks are bounded, like search's.
CANDIDATES_PER_KEY = 200
CANDIDATES_TOTAL = 600
_LIVE = (PersonStatus.ACTIVE, PersonStatus.HELD)


@dataclass
class DuplicateCandidate:
    other: Person
    score: float
    band: str | None
    reasons: dict[str, Any]


# --- Scoring --------------------------------------------------------------------------------


class Comparable(Protocol):
    """What ``pair_score`` reads of a record: a Person, or a lighter row of its values."""

    @property
    def name(self) -> str: ...
    @property
    def name_latin(self) -> str: ...
    @property
    def relation_kind(self) -> str: ...
    @property
    def relation_name(self) -> str: ...
    @property
    def birth_year(self) -> int | None: ...
    @property
    def gender(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def phone2(self) -> str: ...
    @property
    def household_id(self) -> int | None: ...
    @property
    def locality(self) -> str: ...
    @property
    def voter_id(self) -> str: ...


@lru_cache(maxsize=16384)
def _locality_similarity(a: str, b: str) -> float:
    # Romanize both so "गोविंद नगर" meets "Govind Nagar"; token sets ignore "Block 3" order.
    return float(fuzz.token_set_ratio(names.to_latin(a).lower(), names.to_latin(b).lower()))


def _name_score(a: Comparable, b: Comparable) -> float:
    """Name similarity over both records' script forms; a name that is the other with a word
    left out ("Rajesh Kumar" in "Rajesh Kumar Gupta") counts ``CONTAINED_SHARE`` of a match."""
    return _names_score(a.name, a.name_latin, b.name, b.name_latin)


@lru_cache(maxsize=65536)
def _names_score(a_name: str, a_latin: str, b_name: str, b_latin: str) -> float:
    best = 0.0
    for left in {a_name, a_latin} - {""}:
        for right in {b_name, b_latin} - {""}:
            best = max(best, names.name_similarity(left, right), _contained(left, right))
            if best >= 100.0:
                return best
    return best


@lru_cache(maxsize=65536)
def _contained(left: str, right: str) -> float:
    short, long_ = sorted((left, right), key=lambda n: len(names.name_tokens(n)))
    words = len(names.name_tokens(short))
    # One word says too little: "Ram" is found in every Ram Kumar and Sita Ram.
    if words < 2 or words == len(names.name_tokens(long_)):
        return 0.0
    return round(CONTAINED_SHARE * names.name_query_score(short, long_), 1)


def pair_score(a: Comparable, b: Comparable) -> tuple[float, dict[str, Any]]:
    """The score of two records being one person (0..100) and the reasons, for the queue."""
    if a.voter_id and a.voter_id == b.voter_id:
        return 100.0, {"voter_id": True, "name": _name_score(a, b)}
    name = _name_score(a, b)
    reasons: dict[str, Any] = {"name": name}
    if name < NAME_FLOOR:
        return 0.0, reasons
    points = NAME_SHARE * name
    if a.relation_name and b.relation_name and _relations_comparable(a, b):
        relation = max(
            names.name_similarity(a.relation_name, b.relation_name),
            _contained(a.relation_name, b.relation_name),
        )
        reasons["relation"] = relation
        points += EVIDENCE[
            "relation_same" if relation >= 85 else "relation_near" if relation >= 70 else
            "relation_other"
        ]  # fmt: skip
    if a.birth_year and b.birth_year:
        apart = abs(a.birth_year - b.birth_year)
        reasons["birth_year"] = apart
        points += EVIDENCE["year_near" if apart <= 2 else "year_off" if apart <= 5 else "year_far"]
    if Gender.UNKNOWN not in (a.gender, b.gender) and a.gender != b.gender:
        reasons["gender"] = "different"
        points += EVIDENCE["gender_other"]
    if ({a.phone, a.phone2} - {""}) & ({b.phone, b.phone2} - {""}):
        reasons["phone"] = True
        points += EVIDENCE["phone_same"]
    if a.household_id is not None and a.household_id == b.household_id:
        reasons["household"] = True
        points += EVIDENCE["household_same"]
    if a.locality and b.locality:
        locality = _locality_similarity(a.locality, b.locality)
        reasons["locality"] = round(locality, 1)
        if locality >= 85:
            points += EVIDENCE["locality_same"]
        elif locality < 50:
            points += EVIDENCE["locality_other"]
    if a.voter_id and b.voter_id:
        reasons["voter_id"] = "different"
        points += EVIDENCE["voter_id_other"]
    score = max(0.0, min(100.0, points))
    if name < NAME_SURE:
        score = min(score, PROBABLE_AT - 1)
    return round(score, 1), reasons


def _relations_comparable(a: Comparable, b: Comparable) -> bool:
    # A woman is listed by her father in one register and by her husband in another: names
    # of different relations say nothing about each other.
    return not (a.relation_kind and b.relation_kind and a.relation_kind != b.relation_kind)


def band_of(score: float) -> str | None:
    if score >= PROBABLE_AT:
        return DuplicateBand.PROBABLE
    if score >= POSSIBLE_AT:
        return DuplicateBand.POSSIBLE
    return None


# --- Candidates -----------------------------------------------------------------------------


def _keys_of(person: Person) -> list[str]:
    stored = list(PersonKey.objects.filter(person=person).values_list("key", flat=True))
    keys = stored or names.match_keys(person.name)
    # Most selective first: the whole name, first+last and joined pairs, then single rare
    # words; common words ("c:" keys: Devi, Kumar, Yadav) only for a one-word name of them.
    rare = sorted(
        (k for k in keys if not names.is_common_key(k)),
        key=lambda k: (not names.is_whole_name_key(k), "+" not in k, -len(k)),
    )
    return rare or [k for k in keys if names.is_common_key(k)]


def _neighbourhood(path: str) -> str:
    from sangathan.units.models import Unit

    # Two levels up from a booth is its mandal: duplicates are most often entered nearby, so
    # a bounded block is filled from there first.
    return path[: max(Unit.steplen, len(path) - 2 * Unit.steplen)] if path else ""


def _candidate_ids(person: Person) -> list[int]:
    found: dict[int, None] = {}
    near = _neighbourhood(person.unit_path)
    for key in _keys_of(person):
        rows = PersonKey.objects.filter(key=key).exclude(person_id=person.pk)
        tiers = [rows.filter(unit_path__subtree=near), rows] if near else [rows]
        for tier in tiers:
            for pid in tier.values_list("person_id", flat=True)[:CANDIDATES_PER_KEY]:
                found[pid] = None
        if len(found) >= CANDIDATES_TOTAL:
            break
    exact = Q()
    for phone in {person.phone, person.phone2} - {""}:
        exact |= Q(phone=phone) | Q(phone2=phone)
    if person.voter_id:
        exact |= Q(voter_id=person.voter_id)
    if exact:
        extra = Person.objects.filter(exact).exclude(pk=person.pk).values_list("pk", flat=True)
        for pid in extra[:CANDIDATES_PER_KEY]:
            found[pid] = None
    return list(found)


def _not_same_ids(person: Person) -> set[int]:
    rows = DuplicatePair.objects.filter(
        Q(person_a=person) | Q(person_b=person), status=DuplicateStatus.NOT_SAME
    ).values_list("person_a_id", "person_b_id")
    return {a if b == person.pk else b for a, b in rows}


def duplicate_candidates(person: Person, *, limit: int = 20) -> list[DuplicateCandidate]:
    """Live people who may be ``person`` (possible or probable), best first; people already
    judged "not the same" are left out."""
    ids = set(_candidate_ids(person)) - _not_same_ids(person)
    if not ids:
        return []
    found: list[DuplicateCandidate] = []
    for other in Person.objects.filter(pk__in=ids, status__in=_LIVE).select_related("home_unit"):
        score, reasons = pair_score(person, other)
        band = band_of(score)
        if band is not None:
            found.append(DuplicateCandidate(other=other, score=score, band=band, reasons=reasons))
    found.sort(key=lambda c: (-c.score, c.other.pk))
    return found[:limit]


# --- Flagging -------------------------------------------------------------------------------


def _ordered(one: Person, two: Person) -> tuple[Person, Person]:
    return (one, two) if one.pk < two.pk else (two, one)


@transaction.atomic
def person_check_duplicates(person: Person, *, actor: User | None = None) -> list[DuplicatePair]:
    """Compare ``person`` with the registry and keep the open pairs true: new candidates get a
    pair, changed scores are updated, pairs that no longer score are dropped. A probable
    duplicate holds the person for review. Run after every create (form, import, field app);
    running it again changes nothing."""
    if person.status not in _LIVE:
        return []
    flagged: list[dict[str, Any]] = []
    pairs: list[DuplicatePair] = []
    candidates = {c.other.pk: c for c in duplicate_candidates(person, limit=50)}
    open_pairs = DuplicatePair.objects.filter(
        Q(person_a=person) | Q(person_b=person), status=DuplicateStatus.OPEN
    ).select_related("person_a", "person_b")
    for pair in open_pairs:
        other = pair.person_b if pair.person_a_id == person.pk else pair.person_a
        if other.pk in candidates:
            continue
        score, reasons = pair_score(person, other)
        band = band_of(score)
        if band is None or other.status not in _LIVE:
            pair.delete()  # never decided, and no longer alike: nothing to remember
        else:
            candidates[other.pk] = DuplicateCandidate(other, score, band, reasons)
    for candidate in candidates.values():
        assert candidate.band is not None
        a, b = _ordered(person, candidate.other)
        existing = DuplicatePair.objects.filter(person_a=a, person_b=b).first()
        if existing is None:
            try:
                with transaction.atomic():
                    pair = DuplicatePair.objects.create(
                        person_a=a,
                        person_b=b,
                        unit_path=b.unit_path,
                        score=candidate.score,
                        band=candidate.band,
                        reasons=candidate.reasons,
                    )
            except IntegrityError:
                continue  # the other record's check, running at the same time, made it
            flagged.append({"pair": str(pair.uuid), "band": pair.band, "score": pair.score})
        elif existing.status == DuplicateStatus.OPEN:
            pair = existing
            if pair.band != candidate.band:
                flagged.append({"pair": str(pair.uuid), "band": candidate.band})
            pair.score, pair.band, pair.reasons = candidate.score, candidate.band, candidate.reasons
            pair.unit_path = b.unit_path
            pair.save(update_fields=["score", "band", "reasons", "unit_path"])
        else:
            continue
        pairs.append(pair)
    held = any(p.band == DuplicateBand.PROBABLE for p in pairs)
    if held and person.status == PersonStatus.ACTIVE:
        _set_status(person, PersonStatus.HELD)
    elif not held and person.status == PersonStatus.HELD and not open_probable_exists(person):
        _set_status(person, PersonStatus.ACTIVE)
    if flagged:
        audit(
            actor=actor,
            unit=person.home_unit,
            action="people.duplicates_flagged",
            target=person,
            changes={"pairs": flagged, "held": person.status == PersonStatus.HELD},
        )
    pairs.sort(key=lambda p: (p.band != DuplicateBand.PROBABLE, -p.score))
    return pairs


def _set_status(person: Person, status: str) -> None:
    person.status = status
    person.save(update_fields=["status", "updated_at"])


# --- The review queue -----------------------------------------------------------------------


def duplicates_for_user(
    user: AnyUser, *, within: Unit | None = None, status: str | None = DuplicateStatus.OPEN
) -> QuerySet[DuplicatePair]:
    """Pairs the user may decide: both people inside the user's reach as an editor. Probable
    first, then by score. ``status`` None gives every status (the history)."""
    pairs = DuplicatePair.objects.filter(
        path_filter(user, "person_a__unit_path", Role.EDITOR),
        path_filter(user, "person_b__unit_path", Role.EDITOR),
    )
    if within is not None:
        pairs = pairs.filter(
            Q(person_a__unit_path__subtree=within.path)
            | Q(person_b__unit_path__subtree=within.path)
        )
    if status is not None:
        pairs = pairs.filter(status=status)
    probable_first = Case(
        When(band=DuplicateBand.PROBABLE, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return pairs.select_related(
        "person_a__home_unit", "person_b__home_unit", "decided_by"
    ).order_by(probable_first, "-score", "-id")


def duplicate_get_for_user(user: AnyUser, uuid: UUID | str) -> DuplicatePair:
    """One pair, if the user may decide it (any status); otherwise 404."""
    try:
        return duplicates_for_user(user, status=None).get(uuid=uuid)
    except (DuplicatePair.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


@transaction.atomic
def duplicate_not_same(*, pair: DuplicatePair, actor: User | None) -> DuplicatePair:
    """An editor says the two records are two people: remembered, never flagged again; a
    person held only for this pair is released."""
    pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    for person in (pair.person_a, pair.person_b):
        require_editor_of(actor, person)
    if pair.status != DuplicateStatus.OPEN:
        raise ValidationError(_("This pair has already been decided."))
    pair.status = DuplicateStatus.NOT_SAME
    pair.decided_by = actor if actor is not None and actor.is_authenticated else None
    pair.decided_at = timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    released = [str(p.uuid) for p in (pair.person_a, pair.person_b) if release_if_clear(p)]
    audit(
        actor=actor,
        unit=pair.person_b.home_unit,
        action="people.duplicate_not_same",
        target=pair,
        changes={
            "person_a": str(pair.person_a.uuid),
            "person_b": str(pair.person_b.uuid),
            "released": released,
        },
    )
    return pair


@transaction.atomic
def duplicate_release(*, person: Person, actor: User | None) -> Person:
    """Let a held person count again once no probable pair of theirs is open."""
    require_editor_of(actor, person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status != PersonStatus.HELD:
        return person
    if not release_if_clear(person):
        raise ValidationError(
            _("%(name)s may still be a duplicate: decide the open pairs first.")
            % {"name": person.name}
        )
    audit(actor=actor, unit=person.home_unit, action="people.released", target=person)
    return person


__all__ = [
    "POSSIBLE_AT",
    "PROBABLE_AT",
    "DuplicateCandidate",
    "band_of",
    "duplicate_candidates",
    "duplicate_get_for_user",
    "duplicate_merge",
    "duplicate_not_same",
    "duplicate_release",
    "duplicates_for_user",
    "merge_record_for_audit_entry",
    "merge_undo",
    "pair_score",
    "person_check_duplicates",
    "require_editor_of",
]
