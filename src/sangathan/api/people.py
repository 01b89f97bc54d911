"""People and households: search in either script, records, the field app's batch upload and
merge candidates.

Reads are limited to the caller's reach by the person's (or household's) unit path; someone
outside it is a 404. Writes go through people.services, which check the role (editor) and
audit. What a caller sees of a person's phones and ids depends on their role: see
api.people_schemas."""

# No ``from __future__ import annotations`` here: ninja's @paginate wraps the view, and ninja
# then resolves string annotations in the wrapper's module, where UUID is unknown.

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS, FieldsInvalid
from sangathan.api.pagination import MAX_LIMIT, Page
from sangathan.api.people_schemas import (
    BatchOut,
    DuplicateOut,
    HouseholdCreateIn,
    HouseholdDetailOut,
    HouseholdItemOut,
    HouseholdMembersIn,
    HouseholdsQuery,
    HouseholdUpdateIn,
    PeopleQuery,
    PersonBatchIn,
    PersonBatchRecord,
    PersonCreatedOut,
    PersonCreateIn,
    PersonDetailOut,
    PersonFieldsIn,
    PersonHouseholdIn,
    PersonItemOut,
    PersonUpdateIn,
    sees_full,
)
from sangathan.core.access import path_filter, unit_get_for_user
from sangathan.people.models import (
    DuplicatePair,
    DuplicateStatus,
    Household,
    Person,
    PersonStatus,
    Source,
)
from sangathan.people.search import person_search
from sangathan.people.services import (
    UNCHANGED,
    PersonFields,
    household_create,
    household_set_members,
    household_update,
    person_create,
    person_set_household,
    person_update,
)

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.core.models import User
    from sangathan.units.models import Unit

router = Router(tags=["people"])

# person_search ranks in Python; a page can never be longer than this anyway.
SEARCH_LIMIT = MAX_LIMIT
BATCH_LIMIT = 500
# Merged and erased records are kept for their references, never listed.
LISTED = [PersonStatus.ACTIVE, PersonStatus.HELD]


# --- Fetching inside the caller's reach -----------------------------------------------------


def _with_related(people: "QuerySet[Person]") -> "QuerySet[Person]":
    """What PersonItemOut reads, in two queries for a whole page."""
    return people.select_related("home_unit", "household").prefetch_related("tags")


def person_get_for_user(user: "AnyUser", uuid: UUID) -> Person:
    """A person whose home unit is in the caller's reach, or 404. Merged and erased records
    are returned too: a device that kept their id learns what became of them."""
    person = (
        _with_related(Person.objects.filter(path_filter(user, "unit_path"), uuid=uuid))
        .select_related("merged_into")
        .first()
    )
    if person is None:
        raise Http404
    return person


def household_get_for_user(user: "AnyUser", uuid: UUID) -> Household:
    """A household in the caller's reach, or 404."""
    household = (
        _households_related(Household.objects.filter(path_filter(user, "unit_path"), uuid=uuid))
        .order_by()
        .first()
    )
    if household is None:
        raise Http404
    return household


def _households_related(households: "QuerySet[Household]") -> "QuerySet[Household]":
    return households.select_related("unit", "head").annotate(
        members_count=Count("members", filter=Q(members__status__in=LISTED))
    )


# --- Modules that other parts of the registry provide ---------------------------------------


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """A function from a module of the registry that an installation may not have yet
    (duplicate checks, the privacy log): the API works without it and uses it once it is
    there."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise  # the module is there but broken: that must not pass silently
        return None
    function = getattr(found, name, None)
    return function if callable(function) else None


def _check_duplicates(person: Person, actor: "User") -> None:
    """Score the new record against the registry; a probable duplicate is held for review."""
    check = _optional("sangathan.people.dedupe", "person_check_duplicates")
    if check is not None:
        check(person=person, actor=actor)
        person.refresh_from_db(fields=["status"])


def _log_full_view(person: Person, actor: "User") -> None:
    """Every view of a full record is audited (issue 3, personal data)."""
    view_full = _optional("sangathan.people.privacy", "person_view_full")
    if view_full is not None:
        view_full(person=person, actor=actor)


# --- Duplicates -----------------------------------------------------------------------------


def _open_pairs(person: Person, user: "AnyUser") -> list[tuple[DuplicatePair, int]]:
    """Open pairs with ``person`` whose other record the caller may also see, best first, each
    with the other record's id."""
    pairs = DuplicatePair.objects.filter(
        (Q(person_a=person) & path_filter(user, "person_b__unit_path"))
        | (Q(person_b=person) & path_filter(user, "person_a__unit_path")),
        status=DuplicateStatus.OPEN,
    ).order_by("-score", "-id")
    return [
        (pair, pair.person_b_id if pair.person_a_id == person.pk else pair.person_a_id)
        for pair in pairs
    ]


def _created(person: Person, user: "User") -> Person:
    """The person as PersonCreatedOut reads them: with the records they may duplicate."""
    person = person_get_for_user(user, person.uuid)
    pairs = _open_pairs(person, user)
    others = {
        pk: (uuid, name)
        for pk, uuid, name in Person.objects.filter(pk__in=[o for _, o in pairs]).values_list(
            "pk", "uuid", "name"
        )
    }
    person.duplicates = [  # type: ignore[attr-defined]
        {"uuid": others[o][0], "name": others[o][1], "score": pair.score, "band": pair.band}
        for pair, o in pairs
    ]
    return person


# --- People: reading ------------------------------------------------------------------------


@router.get(
    "/people/", summary="List or search people", response={200: list[PersonItemOut], **ERRORS}
)
@paginate(Page)
def people(request: HttpRequest, filters: Query[PeopleQuery]) -> Any:
    """People you may see. With ``q``: a search by name in either script and any common
    spelling (संतोष शुक्ला = Santosh Sukla), or by a full phone number or voter ID, best first
    with a ``score``. Without: everyone, in name order. ``within`` narrows to a unit's
    subtree; ``held=true`` also lists records held as probable duplicates."""
    user = request_user(request)
    q, held = filters.q, filters.held
    root = unit_get_for_user(user, uuid=filters.within) if filters.within is not None else None
    if q is not None and q.strip():
        hits = person_search(user, q, within=root, limit=SEARCH_LIMIT, include_held=held)
        found = {
            p.pk: p
            for p in _with_related(Person.objects.filter(pk__in=[h.person.pk for h in hits]))
        }
        result = []
        for hit in hits:
            person = found.get(hit.person.pk)
            if person is not None:
                person.score = hit.score  # type: ignore[attr-defined]
                result.append(person)
        return result
    statuses = LISTED if held else [PersonStatus.ACTIVE]
    listed = Person.objects.filter(path_filter(user, "unit_path"), status__in=statuses)
    if root is not None:
        listed = listed.filter(unit_path__subtree=root.path)
    return _with_related(listed).order_by("name", "pk")


# Before /people/{uuid}/: Django tries the paths in order, and "batch" would be taken for an
# id there.
@router.post(
    "/people/batch/",
    summary="Upload people from the field",
    response={200: BatchOut, **ERRORS},
)
def people_batch(request: HttpRequest, payload: PersonBatchIn) -> Any:
    """The field app's upload: up to 500 people, each with the ``uuid`` the device gave it.
    Each is stored on its own, so one invalid record does not stop the others; the answer has
    one result per person, in order: ``created``, ``exists`` (an earlier upload stored it; a
    batch sent twice stores everyone once) or ``invalid`` with the reasons. Needs the editor
    role on each person's unit."""
    user = request_user(request)
    if len(payload.people) > BATCH_LIMIT:
        raise FieldsInvalid(
            {"people": [_("Send at most %(limit)s people at a time.") % {"limit": BATCH_LIMIT}]}
        )
    batch = _Batch(user)
    batch.stored = set(
        Person.objects.filter(uuid__in=[r.uuid for r in payload.people]).values_list(
            "uuid", flat=True
        )
    )
    results = [_batch_one(record, user, batch) for record in payload.people]
    return {
        "results": results,
        **{kind: sum(1 for r in results if r["status"] == kind) for kind in _BATCH_STATUSES},
    }


@router.get("/people/{uuid}/", summary="Show a person", response={200: PersonDetailOut, **ERRORS})
def person_detail(request: HttpRequest, uuid: UUID) -> Any:
    """One person with their locality, address, ids, current consents and the posts they
    hold. Editors of the person's unit see phones and ids in full (and that view is logged);
    others see them masked, without the ration card or Aadhaar digits."""
    user = request_user(request)
    person = person_get_for_user(user, uuid)
    if sees_full(request, person):
        _log_full_view(person, user)
    return person


@router.get(
    "/people/{uuid}/duplicates/",
    summary="A person's possible duplicates",
    response={200: list[DuplicateOut], **ERRORS},
)
def person_duplicates(request: HttpRequest, uuid: UUID) -> Any:
    """Records that may be the same person and wait for review, best first, with the score
    and what looks alike. Only pairs whose other record you may also see."""
    user = request_user(request)
    person = person_get_for_user(user, uuid)
    pairs = _open_pairs(person, user)
    others = {p.pk: p for p in _with_related(Person.objects.filter(pk__in=[o for _, o in pairs]))}
    return [
        {
            "uuid": pair.uuid,
            "person": others[other],
            "score": pair.score,
            "band": pair.band,
            "reasons": pair.reasons,
            "created_at": pair.created_at,
        }
        for pair, other in pairs
    ]


# --- People: writing ------------------------------------------------------------------------


def _fields(payload: PersonFieldsIn) -> PersonFields:
    return PersonFields(
        name=payload.name,
        gender=payload.gender,
        phone=payload.phone,
        phone2=payload.phone2,
        relation_kind=payload.relation_kind,
        relation_name=payload.relation_name,
        birth_year=payload.birth_year,
        age=payload.age,
        locality=payload.locality,
        address=payload.address,
        voter_id=payload.voter_id,
        ration_card=payload.ration_card,
        aadhaar_last4=payload.aadhaar_last4,
        tags=list(payload.tags),
    )


def _fields_of(person: Person) -> PersonFields:
    """The person's stored details in the shape person_update takes, honorifics included so
    that cleaning sets them aside again."""
    return PersonFields(
        name=f"{person.honorifics} {person.name}" if person.honorifics else person.name,
        gender=person.gender,
        phone=person.phone,
        phone2=person.phone2,
        relation_kind=person.relation_kind,
        relation_name=person.relation_name,
        birth_year=person.birth_year,
        locality=person.locality,
        address=person.address,
        voter_id=person.voter_id,
        ration_card=person.ration_card,
        aadhaar_last4=person.aadhaar_last4,
        tags=[tag.code for tag in person.tags.all()],
    )


def _uuid_taken() -> FieldsInvalid:
    return FieldsInvalid({"uuid": [_("This id already belongs to a different person.")]})


@router.post(
    "/people/",
    summary="Add a person",
    response={200: PersonCreatedOut, 201: PersonCreatedOut, **ERRORS},
)
def person_add(request: HttpRequest, payload: PersonCreateIn) -> Any:
    """Add a person to a unit (usually a booth). Needs the editor role there. The answer lists
    records that may be the same person; a probable duplicate is held for review. Sending the
    same ``uuid`` again returns the first record with 200."""
    user = request_user(request)
    unit = unit_get_for_user(user, uuid=payload.home_unit)
    household = household_get_for_user(user, payload.household) if payload.household else None
    # person_create answers a repeated uuid with the first record, or refuses it when that
    # record is outside the caller's reach; here only 200 or 201 is decided.
    existed = payload.uuid is not None and Person.objects.filter(uuid=payload.uuid).exists()
    try:
        with transaction.atomic():
            person = person_create(
                details=_fields(payload),
                home_unit=unit,
                household=household,
                source=Source.FIELD,
                uuid=payload.uuid,
                actor=user,
            )
            if not existed:
                _check_duplicates(person, user)
    except IntegrityError:
        # The same upload arrived twice at once: the other request stored it.
        stored = Person.objects.filter(uuid=payload.uuid).first() if payload.uuid else None
        if stored is None:
            raise
        person, existed = stored, True
    return Status(200 if existed else 201, _created(person, user))


@router.patch(
    "/people/{uuid}/", summary="Change a person", response={200: PersonDetailOut, **ERRORS}
)
def person_change(request: HttpRequest, uuid: UUID, payload: PersonUpdateIn) -> Any:
    """Change a person's details. Fields not sent keep their value; an empty string (or null)
    clears one. Needs the editor role on the person's unit."""
    user = request_user(request)
    person = person_get_for_user(user, uuid)
    if person.status not in LISTED:
        raise Http404  # merged and erased records are history, not edited any more
    sent = payload.model_dump(exclude_unset=True)
    fields = _fields_of(person)
    for name, value in sent.items():
        if name == "tags":
            fields.tags = list(value or [])
        elif name in ("birth_year", "age"):
            setattr(fields, name, value)
        else:
            setattr(fields, name, value or "")
    if "age" in sent and "birth_year" not in sent:
        fields.birth_year = None  # the age given now replaces the stored year
    person_update(person=person, details=fields, actor=user)
    person = person_get_for_user(user, uuid)
    _log_full_view(person, user)  # the answer is the full record, like the detail
    return person


_BATCH_STATUSES = ("created", "exists", "invalid")


class _Batch:
    """What one batch looks up once: units and households (a batch is usually one booth)
    and the ids already stored."""

    def __init__(self, user: "User") -> None:
        self.user = user
        self.units: dict[UUID, Unit | Exception] = {}
        self.households: dict[UUID, Household | Exception] = {}
        # Person ids already stored, by an earlier upload or earlier in this batch.
        self.stored: set[UUID] = set()

    def unit(self, uuid: UUID) -> "Unit":
        if uuid not in self.units:
            try:
                self.units[uuid] = unit_get_for_user(self.user, uuid=uuid)
            except Http404 as exc:
                self.units[uuid] = exc
        found = self.units[uuid]
        if isinstance(found, Exception):
            raise found
        return found

    def household(self, uuid: UUID) -> Household:
        if uuid not in self.households:
            try:
                self.households[uuid] = household_get_for_user(self.user, uuid)
            except Http404 as exc:
                self.households[uuid] = exc
        found = self.households[uuid]
        if isinstance(found, Exception):
            raise found
        return found


def _refused(record: PersonBatchRecord, code: str, errors: dict[str, list[str]]) -> dict[str, Any]:
    return {"uuid": record.uuid, "status": "invalid", "code": code, "errors": errors}


def _batch_existing(record: PersonBatchRecord, user: "User") -> dict[str, Any]:
    earlier = Person.objects.filter(path_filter(user, "unit_path"), uuid=record.uuid).first()
    if earlier is None:
        return _refused(record, "invalid", _uuid_taken().fields)
    return {"uuid": record.uuid, "status": "exists", "person_status": earlier.status}


def _batch_one(record: PersonBatchRecord, user: "User", batch: _Batch) -> dict[str, Any]:
    if record.uuid in batch.stored:
        return _batch_existing(record, user)
    not_found = [_("Nothing was found here, or it is outside your units.")]
    try:
        unit = batch.unit(record.home_unit)
    except Http404:
        return _refused(record, "not_found", {"home_unit": not_found})
    household = None
    if record.household is not None:
        try:
            household = batch.household(record.household)
        except Http404:
            return _refused(record, "not_found", {"household": not_found})
    try:
        # A savepoint per record: a refused one rolls back alone.
        with transaction.atomic():
            person = person_create(
                details=_fields(record),
                home_unit=unit,
                household=household,
                source=Source.FIELD,
                uuid=record.uuid,
                actor=user,
            )
            _check_duplicates(person, user)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return _refused(record, "invalid", {k: [str(m) for m in v] for k, v in errors.items()})
    except PermissionDenied:
        return _refused(
            record, "forbidden", {"home_unit": [_("Your role in this unit does not allow this.")]}
        )
    except Http404:
        return _refused(record, "not_found", {"home_unit": not_found})
    except IntegrityError:
        # Another upload of the same record won the race.
        if not Person.objects.filter(uuid=record.uuid).exists():
            raise
        return _batch_existing(record, user)
    batch.stored.add(record.uuid)
    return {"uuid": record.uuid, "status": "created", "person_status": person.status}


# --- Households -----------------------------------------------------------------------------


@router.get(
    "/households/",
    summary="List households",
    response={200: list[HouseholdItemOut], **ERRORS},
    tags=["households"],
)
@paginate(Page)
def households(request: HttpRequest, filters: Query[HouseholdsQuery]) -> Any:
    """Households you may see, unit by unit in tree order; ``within`` narrows to a unit's
    subtree."""
    user = request_user(request)
    listed = Household.objects.filter(path_filter(user, "unit_path"))
    if filters.within is not None:
        root = unit_get_for_user(user, uuid=filters.within)
        listed = listed.filter(unit_path__subtree=root.path)
    return _households_related(listed).order_by("unit_path", "code", "pk")


@router.get(
    "/households/{uuid}/",
    summary="Show a household",
    response={200: HouseholdDetailOut, **ERRORS},
    tags=["households"],
)
def household_detail(request: HttpRequest, uuid: UUID) -> Any:
    """One household: address, unit, head, size and the members registered here (phones
    masked below editor)."""
    return household_get_for_user(request_user(request), uuid)


@router.post(
    "/households/",
    summary="Add a household",
    response={200: HouseholdDetailOut, 201: HouseholdDetailOut, **ERRORS},
    tags=["households"],
)
def household_add(request: HttpRequest, payload: HouseholdCreateIn) -> Any:
    """Add a household to a unit. Needs the editor role there. Sending the same ``uuid`` again
    returns the first household with 200."""
    user = request_user(request)
    unit = unit_get_for_user(user, uuid=payload.unit)
    # The service refuses an id taken outside the caller's reach; here only 200 or 201.
    existed = payload.uuid is not None and Household.objects.filter(uuid=payload.uuid).exists()
    try:
        household = household_create(
            unit=unit,
            address=payload.address,
            locality=payload.locality,
            code=payload.code,
            size=payload.size,
            source=Source.FIELD,
            uuid=payload.uuid,
            actor=user,
        )
    except IntegrityError:
        found = Household.objects.filter(uuid=payload.uuid).first() if payload.uuid else None
        if found is None:
            raise
        household, existed = found, True
    return Status(200 if existed else 201, household_get_for_user(user, household.uuid))


@router.put(
    "/households/{uuid}/members/",
    summary="Set a household's members",
    response={200: HouseholdDetailOut, **ERRORS},
    tags=["households"],
)
def household_members(request: HttpRequest, uuid: UUID, payload: HouseholdMembersIn) -> Any:
    """Make these people the household's members (anyone else leaves it) and one of them its
    head. Members must live in the household's unit. Needs the editor role there."""
    user = request_user(request)
    household = household_get_for_user(user, uuid)
    wanted = list(dict.fromkeys(payload.members))
    found = {
        p.uuid: p
        for p in Person.objects.filter(
            path_filter(user, "unit_path"), uuid__in=wanted, status__in=LISTED
        )
    }
    if len(found) != len(wanted):
        raise Http404
    head = None
    if payload.head is not None:
        head = found.get(payload.head) or person_get_for_user(user, payload.head)
    household_set_members(
        household=household, members=[found[u] for u in wanted], head=head, actor=user
    )
    return household_get_for_user(user, uuid)


@router.patch(
    "/households/{uuid}/",
    summary="Change a household",
    response={200: HouseholdDetailOut, **ERRORS},
    tags=["households"],
)
def household_change(request: HttpRequest, uuid: UUID, payload: HouseholdUpdateIn) -> Any:
    """Change a household's address, locality, number, size or head; fields not sent keep
    their value, ``head`` and ``size`` null clear them. A new ``unit`` takes the members along
    (each one's move is audited). Needs the editor role on the household's unit (and on the new
    one)."""
    user = request_user(request)
    household = household_get_for_user(user, uuid)
    sent = payload.model_dump(exclude_unset=True)
    head: Any = UNCHANGED
    if "head" in sent:
        head = None
        if sent["head"] is not None:
            head = Person.objects.filter(
                path_filter(user, "unit_path"), uuid=sent["head"], status__in=LISTED
            ).first()
            if head is None:
                raise Http404
    household_update(
        household=household,
        address=(sent["address"] or "") if "address" in sent else UNCHANGED,
        locality=(sent["locality"] or "") if "locality" in sent else UNCHANGED,
        code=(sent["code"] or "") if "code" in sent else UNCHANGED,
        size=sent.get("size", UNCHANGED),
        head=head,
        unit=unit_get_for_user(user, uuid=sent["unit"]) if sent.get("unit") else UNCHANGED,
        actor=user,
    )
    return household_get_for_user(user, uuid)


@router.put(
    "/people/{uuid}/household/",
    summary="Put a person into a household, or take them out",
    response={200: PersonDetailOut, **ERRORS},
)
def person_household(request: HttpRequest, uuid: UUID, payload: PersonHouseholdIn) -> Any:
    """``household`` null takes the person out of theirs. A household in another unit is
    refused unless ``move`` is true, which moves the person to that unit as well. Needs the
    editor role on the person's unit and on both households' units."""
    user = request_user(request)
    person = person_get_for_user(user, uuid)
    if person.status not in LISTED:
        raise Http404
    household = (
        household_get_for_user(user, payload.household) if payload.household is not None else None
    )
    person_set_household(person=person, household=household, move=payload.move, actor=user)
    person = person_get_for_user(user, uuid)
    _log_full_view(person, user)
    return person
