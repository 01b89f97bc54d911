"""The people relief is for: enrolling a person of the registry as a beneficiary with their
priority categories and who referred them, or adding someone new at the point of distribution."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sangathan.core.access import require_role
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.people.models import Person, Tag
from sangathan.people.services import PersonFields, person_create, tags_ensure_default
from sangathan.relief.models import Beneficiary

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.units.models import Unit

# The priority categories of relief, in the order a form offers them. All are people Tags; the
# last one is not among people's defaults and is made the first time it is needed.
PRIORITY_CATEGORIES = [
    "daily-wage",
    "elderly-alone",
    "domestic-worker",
    "disabled",
    "no-earning-member",
]
_RELIEF_TAGS = {"no-earning-member": ("कोई कमाने वाला नहीं", "No earning member")}


def priority_categories() -> list[Tag]:
    """The relief priority categories as Tags (made when missing), in form order."""
    tags_ensure_default()
    for code, (hi, en) in _RELIEF_TAGS.items():
        Tag.objects.get_or_create(code=code, defaults={"name_hi": hi, "name_en": en})
    found = {t.code: t for t in Tag.objects.filter(code__in=PRIORITY_CATEGORIES)}
    return [found[c] for c in PRIORITY_CATEGORIES if c in found]


def _tags(codes: Sequence[str]) -> list[Tag]:
    if set(codes) & set(_RELIEF_TAGS):
        priority_categories()
    tags = list(Tag.objects.filter(code__in=codes))
    if len(tags) != len(set(codes)):
        raise ValidationError({"categories": [_("Choose the categories from the list.")]})
    return tags


@transaction.atomic
def beneficiary_add(
    *,
    person: Person,
    unit: Unit | None = None,
    categories: Sequence[str] = (),
    referred_by: Person | None = None,
    note: str = "",
    actor: User | None,
) -> Beneficiary:
    """Mark a person of the registry as someone relief is for (worker of their unit). Adding
    them again updates the categories."""
    unit = unit or person.home_unit
    if unit is None:
        raise ValidationError({"unit": [_("Choose the person's unit.")]})
    if actor is not None:
        require_role(actor, unit, Role.WORKER)
    tags = _tags(categories)
    row, created = Beneficiary.objects.get_or_create(
        person=person,
        defaults={
            "unit": unit,
            "unit_path": unit.path,
            "referred_by": referred_by,
            "note": clean_text(note)[:300],
            "created_by": actor if actor is not None and actor.is_authenticated else None,
        },
    )
    if tags:
        row.categories.add(*tags)
    audit(
        actor=actor,
        unit=unit,
        action="relief.beneficiary_added" if created else "relief.beneficiary_updated",
        target=person,
        changes={
            "categories": list(categories),
            "referred_by": referred_by.name if referred_by else None,
        },
    )
    return row


@dataclass
class QuickAdd:
    """What a counter types at the point: a name in either script and a phone or locality."""

    name: str
    phone: str = ""
    locality: str = ""
    gender: str = "U"
    categories: Sequence[str] = ()


@transaction.atomic
def beneficiary_quick_add(
    *,
    unit: Unit,
    details: QuickAdd,
    referred_by: Person | None = None,
    uuid: UUID | None = None,
    actor: User | None,
) -> Beneficiary:
    """A new person at the point (``people.services.person_create``: the duplicate checks run
    on it) enrolled as a beneficiary. Needs a phone or a locality to find them again."""
    if not clean_text(details.phone) and not clean_text(details.locality):
        raise ValidationError({"phone": [_("Give a phone number or a locality.")]})
    if actor is not None:
        require_role(actor, unit, Role.WORKER)
    person = person_create(
        details=PersonFields(
            name=details.name,
            phone=details.phone,
            locality=details.locality,
            gender=details.gender,
        ),
        home_unit=unit,
        uuid=uuid,
        # A worker at the point may add the needy; person_create itself asks for an editor.
        # The worker is the actor of the beneficiary entry audited below.
        actor=None,
    )
    from sangathan.people.dedupe import person_check_duplicates

    person_check_duplicates(person)
    return beneficiary_add(
        person=person,
        unit=unit,
        categories=details.categories,
        referred_by=referred_by,
        actor=actor,
    )
