"""Planning a drive (items and their rules, points, volunteers on duty) and enrolling the
people it serves. Planning needs an editor of the drive's unit."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import require_role
from sangathan.core.audit import audit
from sangathan.core.models import Role, User
from sangathan.core.notifications import notify_on_commit
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
from sangathan.relief.selectors import may_distribute, may_plan

if TYPE_CHECKING:
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


# Where a drive may go from each status: a closed drive may be reopened (closed too early),
# but a drive once under way is not "planned" again.
DRIVE_MOVES: dict[str, tuple[str, ...]] = {
    DriveStatus.PLANNED: (DriveStatus.ACTIVE, DriveStatus.CLOSED),
    DriveStatus.ACTIVE: (DriveStatus.CLOSED,),
    DriveStatus.CLOSED: (DriveStatus.ACTIVE,),
}


def drive_next_statuses(drive: Drive) -> tuple[str, ...]:
    """The statuses the drive may be moved to from where it is."""
    return DRIVE_MOVES.get(drive.status, ())


@transaction.atomic
def drive_set_status(*, drive: Drive, status: str, actor: User | None) -> Drive:
    """Start, close or reopen a drive (editor of its unit). A closed drive hands out
    nothing."""
    _plan(actor, drive)
    if status not in DriveStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    # Read under a lock: two editors pressing different buttons move it one after the other.
    old = Drive.objects.select_for_update().values_list("status", flat=True).get(pk=drive.pk)
    if status not in DRIVE_MOVES.get(old, ()):
        raise ValidationError(
            {
                "status": [
                    _("A drive that is %(old)s cannot be made %(new)s.")
                    % {
                        "old": DriveStatus(old).label,
                        "new": DriveStatus(status).label,
                    }
                ]
            }
        )
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
def point_update(
    *,
    point: DistributionPoint,
    name: str,
    store: Store,
    unit: Unit | None = None,
    actor: User | None,
) -> DistributionPoint:
    """Rename a point, or move it to another store or unit of the drive's subtree. What it
    handed out already stays where it was drawn from (the ledger keeps its store)."""
    drive = point.drive
    _plan(actor, drive)
    unit = unit or point.unit
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
    changes: dict[str, list[str]] = {}
    if name != point.name:
        changes["name"] = [point.name, name]
    if store.pk != point.store_id:
        changes["store"] = [point.store.name, store.name]
    if unit.pk != point.unit_id:
        changes["unit"] = [point.unit.name, unit.name]
    if not changes:
        return point
    point.name, point.store, point.unit, point.unit_path = name, store, unit, unit.path
    point.save(update_fields=["name", "store", "unit", "unit_path"])
    audit(
        actor=actor, unit=drive.unit, action="relief.point_updated", target=point, changes=changes
    )
    return point


@transaction.atomic
def duty_add(
    *, point: DistributionPoint, person: Person, day: date, shift: str, actor: User | None
) -> Duty:
    """Put a volunteer of the drive's units on duty at a point for one shift of a drive day."""
    drive = point.drive
    _plan(actor, drive)
    errors: dict[str, list[str]] = {}
    if shift not in Shift.values:
        errors["shift"] = [_("Choose a shift from the list.")]
    if not drive.starts_on <= day <= drive.ends_on:
        errors["day"] = [_("The day must be one of the drive's days.")]
    # Being on duty lets them hand over at the point and see the drive: only people of the
    # drive's own units are put there.
    if not (person.unit_path and person.unit_path.startswith(drive.unit.path)):
        errors["person"] = [
            _("%(name)s is not in %(unit)s or a unit below it.")
            % {"name": person.name, "unit": drive.unit.name}
        ]
    if errors:
        raise ValidationError(errors)
    duty, created = Duty.objects.get_or_create(point=point, person=person, day=day, shift=shift)
    if created:
        audit(
            actor=actor,
            unit=drive.unit,
            action="relief.duty_added",
            target=point,
            changes={"person": person.name, "day": str(day), "shift": shift},
        )
        if _to_come(duty):
            duty_tell(duty, "relief/duty_assigned", actor=actor)
    return duty


@transaction.atomic
def duty_remove(*, duty: Duty, actor: User | None) -> None:
    """Take a volunteer off a shift (editor of the drive's unit). What they handed over stays
    recorded under their name."""
    point = duty.point
    _plan(actor, point.drive)
    audit(
        actor=actor,
        unit=point.drive.unit,
        action="relief.duty_removed",
        target=point,
        changes={"person": duty.person.name, "day": str(duty.day), "shift": duty.shift},
    )
    duty.delete()
    if _to_come(duty):
        duty_tell(duty, "relief/duty_removed", actor=actor)


def _to_come(duty: Duty) -> bool:
    """A duty worth telling about: not a day gone by (recorded afterwards), not a closed drive."""
    return duty.day >= timezone.localdate() and duty.point.drive.status != DriveStatus.CLOSED


def duty_tell(duty: Duty, kind: str, *, actor: User | None = None) -> bool:
    """Tell the volunteer of ``duty`` about it after commit, if they have an account and did
    not do it themselves; whether they were told. The link is the point page when it opens
    for them (it does while they have a duty there), else their home page."""
    user = User.objects.filter(person_id=duty.person_id, is_active=True).first()
    if user is None or (actor is not None and user.pk == actor.pk):
        return False
    point = duty.point
    notify_on_commit(
        [user],
        kind,
        drive=point.drive.title,
        point=point.name,
        day=duty.day.isoformat(),
        shift=duty.shift,
        point_uuid=str(point.uuid) if may_distribute(user, point) else "",
    )
    return True
