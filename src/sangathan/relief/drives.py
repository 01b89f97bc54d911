"""Planning a drive (items and their rules, points, volunteers on duty) and enrolling the
people it serves. Planning needs an editor of the drive's unit."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from sangathan.core.access import require_role
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.people.models import Person
from sangathan.relief.models import (
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
