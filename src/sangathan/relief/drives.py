"""Planning a drive (items and their rules, points, volunteers on duty) and enrolling the
people it serves. Planning needs an editor of the drive's unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from sangathan.core.access import require_role
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.people.models import Person, Tag
from sangathan.people.services import PersonFields, person_create, tags_ensure_default
from sangathan.relief.models import (
    Beneficiary,
    DistributionPoint,
    Drive,
    DriveItem,
    DriveStatus,
    Duty,
    GrantCounter,
    Item,
    Shift,
    Store,
)
from sangathan.relief.selectors import may_plan

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.units.models import Unit


def _plan(actor: User | None, drive: Drive) -> None:
    if not may_plan(actor, drive):
        raise PermissionDenied(
            _("Only an editor of %(unit)s can plan this drive.") % {"unit": drive.unit.name}
        )


def _inside(unit: Unit, within: Unit) -> bool:
    return unit.path.startswith(within.path)


@transaction.atomic
def drive_create(
    *,
    unit: Unit,
    title: str,
    starts_on: date,
    ends_on: date,
    note: str = "",
    actor: User | None,
) -> Drive:
    """A drive of ``unit``'s subtree over some days (editor of the unit)."""
    if actor is not None:
        require_role(actor, unit, Role.EDITOR)
    title = clean_text(title)
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the drive a title.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The last day cannot be before the first day.")]
    if errors:
        raise ValidationError(errors)
    drive = Drive.objects.create(
        unit=unit,
        unit_path=unit.path,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        status=DriveStatus.PLANNED,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit(
        actor=actor,
        unit=unit,
        action="relief.drive_created",
        target=drive,
        changes={"title": title, "starts_on": str(starts_on), "ends_on": str(ends_on)},
    )
    return drive


@transaction.atomic
def drive_set_status(*, drive: Drive, status: str, actor: User | None) -> Drive:
    _plan(actor, drive)
    if status not in DriveStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    old = drive.status
    Drive.objects.filter(pk=drive.pk).update(status=status)
    drive.status = status
    audit(
        actor=actor,
        unit=drive.unit,
        action="relief.drive_status",
        target=drive,
        changes={"status": [old, status]},
    )
    return drive


@transaction.atomic
def drive_item_set(
    *,
    drive: Drive,
    item: Item,
    per_drive: int | None = None,
    per_day: int | None = None,
    min_interval_hours: int | None = None,
    actor: User | None,
) -> DriveItem:
    """Offer ``item`` in the drive with its rules per household (None: no limit). A changed
    cap applies to grants from now on."""
    _plan(actor, drive)
    for field, value in (("per_drive", per_drive), ("per_day", per_day)):
        if value is not None and value < 1:
            raise ValidationError(
                {field: [_("A limit must be at least 1; leave it empty for no limit.")]}
            )
    if min_interval_hours is not None and min_interval_hours < 0:
        raise ValidationError({"min_interval_hours": [_("The interval cannot be negative.")]})
    row, _created = DriveItem.objects.update_or_create(
        drive=drive,
        item=item,
        defaults={
            "per_drive": per_drive,
            "per_day": per_day,
            "min_interval_hours": min_interval_hours,
        },
    )
    # A lowered cap must not break households already past it (the CHECK total <= cap):
    # they keep what they had and get no more.
    counters = GrantCounter.objects.filter(drive=drive, item=item)
    if per_drive is None:
        counters.update(cap=None)
    else:
        counters.update(cap=Greatest(F("total"), Value(per_drive)))
    audit(
        actor=actor,
        unit=drive.unit,
        action="relief.drive_item_set",
        target=drive,
        changes={
            "item": item.code,
            "per_drive": per_drive,
            "per_day": per_day,
            "min_interval_hours": min_interval_hours,
        },
    )
    return row


@transaction.atomic
def point_add(
    *, drive: Drive, name: str, store: Store, unit: Unit | None = None, actor: User | None
) -> DistributionPoint:
    """A distribution point in the drive's subtree, drawing from ``store`` (a store of the
    drive's subtree)."""
    _plan(actor, drive)
    unit = unit or store.unit
    name = clean_text(name)
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the point a name.")]
    if not _inside(unit, drive.unit):
        errors["unit"] = [_("The point must be inside %(unit)s.") % {"unit": drive.unit.name}]
    if not _inside(store.unit, drive.unit):
        errors["store"] = [
            _("The store must belong to %(unit)s or a unit below it.") % {"unit": drive.unit.name}
        ]
    if errors:
        raise ValidationError(errors)
    point = DistributionPoint.objects.create(
        drive=drive, unit=unit, unit_path=unit.path, name=name, store=store
    )
    audit(
        actor=actor,
        unit=drive.unit,
        action="relief.point_added",
        target=point,
        changes={"name": name, "store": store.name},
    )
    return point


@transaction.atomic
def duty_add(
    *, point: DistributionPoint, person: Person, day: date, shift: str, actor: User | None
) -> Duty:
    """Put a volunteer on duty at a point for one shift of a drive day."""
    drive = point.drive
    _plan(actor, drive)
    if shift not in Shift.values:
        raise ValidationError({"shift": [_("Choose a shift from the list.")]})
    if not drive.starts_on <= day <= drive.ends_on:
        raise ValidationError({"day": [_("The day must be one of the drive's days.")]})
    duty, created = Duty.objects.get_or_create(point=point, person=person, day=day, shift=shift)
    if created:
        audit(
            actor=actor,
            unit=drive.unit,
            action="relief.duty_added",
            target=point,
            changes={"person": person.name, "day": str(day), "shift": shift},
        )
    return duty


# --- Beneficiaries ----------------------------------------------------------------------------


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
