"""Writes to households, and to where a person lives: their home unit (``person_move``) and
their household (``person_set_household``). A person's household is always in their home
unit, so moving a person and moving a household each call the other.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import path_filter, require_role
from sangathan.core.audit import audit, diff
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.people.models import Household, Person, PersonKey, Source

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.units.models import Unit


@transaction.atomic
def person_move(*, person: Person, home_unit: Unit, actor: User | None = None) -> Person:
    """Give a person another home unit (they moved house, or were entered under the wrong
    booth). Editors of both the old and the new unit may."""
    if actor is not None:
        if person.home_unit is not None:
            require_role(actor, person.home_unit, Role.EDITOR)
        require_role(actor, home_unit, Role.EDITOR)
    old = person.home_unit
    person.home_unit = home_unit
    person.unit_path = home_unit.path
    left = person.household
    if left is not None and left.unit_id != home_unit.pk:
        person.household = None
        if left.head_id == person.pk:  # a household is never headed by someone not in it
            household_update(household=left, head=None, actor=actor)
    person.save(update_fields=["home_unit", "unit_path", "household", "updated_at"])
    PersonKey.objects.filter(person=person).update(unit_path=home_unit.path)
    audit(
        actor=actor,
        unit=home_unit,
        action="people.moved",
        target=person,
        changes={"home_unit": [str(old) if old else None, str(home_unit)]},
    )
    return person


def household_within_reach(actor: User, household: Household) -> bool:
    return Household.objects.filter(path_filter(actor, "unit_path"), pk=household.pk).exists()


@transaction.atomic
def household_create(
    *,
    unit: Unit,
    address: str = "",
    locality: str = "",
    code: str = "",
    size: int | None = None,
    source: str = Source.TYPED,
    uuid: UUID | None = None,
    actor: User | None = None,
) -> Household:
    """Add a household to ``unit`` (editors there). ``uuid`` is the id a phone gave it offline:
    the same upload twice stores one household and returns the first; an id that belongs to a
    household outside the actor's reach is refused as taken, telling them nothing about it."""
    if actor is not None:
        require_role(actor, unit, Role.EDITOR)
    if uuid is not None:
        earlier = Household.objects.filter(uuid=uuid).first()
        if earlier is not None:
            if actor is not None and not household_within_reach(actor, earlier):
                raise ValidationError(
                    {"uuid": _("This id already belongs to a different household.")}
                )
            return earlier
    code = clean_text(code)
    if code and Household.objects.filter(unit=unit, code=code).exists():
        raise ValidationError(
            {
                "code": _("The household code %(code)s is already used in %(unit)s.")
                % {"code": code, "unit": unit.name}
            }
        )
    if size is not None and not 1 <= size <= 99:
        raise ValidationError({"size": _("A household has between 1 and 99 members.")})
    household = Household.objects.create(
        **({"uuid": uuid} if uuid is not None else {}),
        unit=unit,
        unit_path=unit.path,
        address=clean_text(address),
        locality=clean_text(locality),
        code=code,
        size=size,
        source=source,
    )
    audit(
        actor=actor,
        unit=unit,
        action="households.created",
        target=household,
        changes={"address": household.address, "code": code},
    )
    return household


@transaction.atomic
def household_set_members(
    *,
    household: Household,
    members: list[Person],
    head: Person | None = None,
    actor: User | None = None,
) -> Household:
    """Make ``members`` the household's members (others leave it) and ``head`` its head."""
    if actor is not None:
        require_role(actor, household.unit, Role.EDITOR)
    if head is not None and head.pk not in {m.pk for m in members}:
        raise ValidationError({"head": _("The head of the household must be one of its members.")})
    outside = [m for m in members if m.home_unit_id != household.unit_id]
    if outside:
        raise ValidationError(
            {"members": _("%(name)s lives in another unit.") % {"name": outside[0].name}}
        )
    before = sorted(str(u) for u in household.members.values_list("uuid", flat=True))
    Person.objects.filter(household=household).exclude(pk__in=[m.pk for m in members]).update(
        household=None
    )
    Person.objects.filter(pk__in=[m.pk for m in members]).update(household=household)
    household.head = head
    household.save(update_fields=["head", "updated_at"])
    audit(
        actor=actor,
        unit=household.unit,
        action="households.members_set",
        target=household,
        changes={
            "members": [before, sorted(str(m.uuid) for m in members)],
            "head": head.name if head else None,
        },
    )
    return household


class _Unchanged(Enum):
    """The default of an argument left as it is, since ``None`` means "clear" (a head, a size)."""

    UNCHANGED = "unchanged"


UNCHANGED = _Unchanged.UNCHANGED


@transaction.atomic
def household_update(
    *,
    household: Household,
    address: str | _Unchanged = UNCHANGED,
    locality: str | _Unchanged = UNCHANGED,
    code: str | _Unchanged = UNCHANGED,
    size: int | _Unchanged | None = UNCHANGED,
    head: Person | _Unchanged | None = UNCHANGED,
    unit: Unit | _Unchanged = UNCHANGED,
    actor: User | None = None,
) -> Household:
    """Change what is given of a household's address, number, size and head (``head=None``
    leaves it without one). A new ``unit`` takes the members along, since a person's household
    is always in their home unit. Editors of the household's unit (and of the new one) may."""
    if actor is not None:
        require_role(actor, household.unit, Role.EDITOR)
        if not isinstance(unit, _Unchanged):
            require_role(actor, unit, Role.EDITOR)
    target = household.unit if isinstance(unit, _Unchanged) else unit
    values: dict[str, Any] = {}
    if not isinstance(address, _Unchanged):
        values["address"] = clean_text(address)
    if not isinstance(locality, _Unchanged):
        values["locality"] = clean_text(locality)
    if not isinstance(code, _Unchanged):
        values["code"] = clean_text(code)
    new_code = values.get("code", household.code)
    moved_or_renumbered = target.pk != household.unit_id or new_code != household.code
    others = Household.objects.filter(unit=target, code=new_code).exclude(pk=household.pk)
    if new_code and moved_or_renumbered and others.exists():
        raise ValidationError(
            {
                "code": _("The household code %(code)s is already used in %(unit)s.")
                % {"code": new_code, "unit": target.name}
            }
        )
    if not isinstance(size, _Unchanged):
        if size is not None and not 1 <= size <= 99:
            raise ValidationError({"size": _("A household has between 1 and 99 members.")})
        values["size"] = size
    changes: dict[str, Any] = diff(household, values)
    if not isinstance(head, _Unchanged) and head != household.head:
        # Asked of the database: members are set by queryset updates, so a copy may be stale.
        if head is not None and not household.members.filter(pk=head.pk).exists():
            raise ValidationError(
                {"head": _("The head of the household must be one of its members.")}
            )
        before = household.head
        changes["head"] = [before.name if before else None, head.name if head else None]
        values["head"] = head
    if target.pk != household.unit_id:
        changes["unit"] = [str(household.unit), str(target)]
        values.update(unit=target, unit_path=target.path)
    if not changes:
        return household
    for attr, value in values.items():
        setattr(household, attr, value)
    household.save(update_fields=[*values, "updated_at"])
    if "unit" in changes:
        # Members follow their home; person_move keeps the household (now in the new unit),
        # re-stamps each member's keys and audits each move.
        for member in Person.objects.filter(household=household).select_related("home_unit"):
            person_move(person=member, home_unit=target, actor=actor)
    audit(
        actor=actor,
        unit=household.unit,
        action="households.updated",
        target=household,
        changes=changes,
    )
    return household


@transaction.atomic
def person_set_household(
    *,
    person: Person,
    household: Household | None,
    move: bool = False,
    actor: User | None = None,
) -> Person:
    """Put ``person`` into ``household``, or with ``None`` take them out of theirs.

    A person's household is in their home unit: joining one elsewhere is refused unless
    ``move`` says to move the person there as well. A head who leaves leaves the household
    without a head, for an editor to choose the next one. Editors of the person's unit and of
    both households may."""
    # Members are set by queryset updates (household_set_members): the copy may be stale.
    person.refresh_from_db(fields=["household"])
    old = person.household
    if (old.pk if old else None) == (household.pk if household else None):
        return person
    if actor is not None:
        if person.home_unit is not None:
            require_role(actor, person.home_unit, Role.EDITOR)
        if old is not None:
            require_role(actor, old.unit, Role.EDITOR)
        if household is not None:
            require_role(actor, household.unit, Role.EDITOR)
    moving = household is not None and household.unit_id != person.home_unit_id
    if household is not None and moving and not move:
        raise ValidationError(
            {
                "household": _(
                    "%(name)s lives in another unit; move them to %(unit)s to join this household."
                )
                % {"name": person.name, "unit": household.unit.name}
            }
        )
    if old is not None and old.head_id == person.pk:
        household_update(household=old, head=None, actor=actor)
    if household is not None and moving:
        person_move(person=person, home_unit=household.unit, actor=actor)
    # A queryset update, like household_set_members: a stale copy of the person elsewhere in
    # the request must not write its other columns back.
    Person.objects.filter(pk=person.pk).update(household=household, updated_at=timezone.now())
    person.household = household
    audit(
        actor=actor,
        unit=person.home_unit,
        action="people.household_set",
        target=person,
        changes={"household": [str(old) if old else None, str(household) if household else None]},
    )
    return person
