"""Reads of the people registry, already scoped to what the user may see.

``person_search`` is the small interface every picker uses (a user, a query, a limit; people
back); the phonetic search behind it is ``people.search``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from sangathan.core.access import path_filter, reach_of, require_role
from sangathan.core.models import AuditEntry, Role
from sangathan.people import search
from sangathan.people.models import (
    Consent,
    DuplicatePair,
    Household,
    MergeRecord,
    Person,
    PersonStatus,
    Tag,
)
from sangathan.units.models import Appointment

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.units.models import Unit


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


# --- Pages: one person, a household, a unit's people (h11) ----------------------------------


def person_get_for_user(user: AnyUser, *, uuid: Any, role: str = Role.VIEWER) -> Person:
    """Fetch a person by UUID and authorise on their home unit in one call: 404 outside the
    user's reach, 403 when the role is too low. Held, merged and erased records are returned
    too (their pages say what became of them); people with no unit are for superusers."""
    try:
        person = Person.objects.select_related(
            "home_unit", "home_unit__level", "household", "merged_into"
        ).get(uuid=uuid)
    except (Person.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
    if person.home_unit is None:
        if not reach_of(user).everything:
            raise Http404
    else:
        require_role(user, person.home_unit, role)
    return person


def household_get_for_user(user: AnyUser, *, uuid: Any, role: str = Role.VIEWER) -> Household:
    """Fetch a household by UUID and authorise on its unit (404 outside, 403 too low)."""
    try:
        household = Household.objects.select_related("unit", "unit__level", "head").get(uuid=uuid)
    except (Household.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
    require_role(user, household.unit, role)
    return household


def consent_get_for_user(user: AnyUser, *, uuid: Any, role: str = Role.WORKER) -> Consent:
    try:
        consent = Consent.objects.select_related("person", "person__home_unit").get(uuid=uuid)
    except (Consent.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
    person_get_for_user(user, uuid=consent.person.uuid, role=role)
    return consent


def people_in(
    user: AnyUser, *, within: Unit | None = None, tag: Tag | None = None
) -> QuerySet[Person]:
    """The people a list page shows: visible to the user, inside ``within``, with ``tag``,
    ordered by name (the index on ``name`` serves it)."""
    people = people_visible(user)
    if within is not None:
        people = people.filter(unit_path__subtree=within.path)
    if tag is not None:
        people = people.filter(tags=tag)
    return people.select_related("home_unit").order_by("name", "pk")


def households_in(user: AnyUser, *, within: Unit | None = None) -> QuerySet[Household]:
    households = Household.objects.filter(path_filter(user, "unit_path"))
    if within is not None:
        households = households.filter(unit_path__subtree=within.path)
    return households.select_related("unit", "head").order_by("unit_path", "code", "address", "pk")


def household_members(household: Household) -> QuerySet[Person]:
    return household.members.exclude(status=PersonStatus.ERASED).order_by("name", "pk")


def household_candidates(household: Household) -> QuerySet[Person]:
    """Who may be ticked as a member: people of the household's unit who belong to no other
    household (or already to this one)."""
    return (
        Person.objects.filter(home_unit=household.unit, status=PersonStatus.ACTIVE)
        .filter(Q(household__isnull=True) | Q(household=household))
        .order_by("name", "pk")
    )


def households_of_unit(unit: Unit) -> QuerySet[Household]:
    return Household.objects.filter(unit=unit).order_by("code", "address", "pk")


def person_appointments(person: Person) -> list[Appointment]:
    """Posts the person holds and held, the ones held today first."""
    rows = list(
        Appointment.objects.filter(person=person)
        .select_related("unit", "unit__level", "post_type")
        .order_by("-start_date", "-id")
    )
    return sorted(rows, key=lambda a: not a.is_active)


# Reads are recorded in the same log, but a person's history shows what changed.
_NOT_EDITS = ("people.viewed_full",)


def person_history(person: Person, *, limit: int = 50) -> QuerySet[AuditEntry]:
    """Audit entries whose target is this person, newest first, views of the record left out."""
    return (
        AuditEntry.objects.filter(target_type="people.person", target_id=str(person.uuid))
        .exclude(action__in=_NOT_EDITS)
        .select_related("actor", "actor__person")
        .order_by("-created_at", "-id")[:limit]
    )


def merge_record_for_pair(pair: DuplicatePair) -> MergeRecord | None:
    """The merge that decided ``pair``, while it can still be undone."""
    a, b = pair.person_a_id, pair.person_b_id
    return (
        MergeRecord.objects.filter(
            Q(survivor_id=a, merged_id=b) | Q(survivor_id=b, merged_id=a), undone_at__isnull=True
        )
        .select_related("survivor", "merged")
        .order_by("-id")
        .first()
    )
