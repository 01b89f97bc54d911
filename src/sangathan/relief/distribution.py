"""Handing over: one ``Distribution`` per grant, the entitlement rules, and the likely
duplicate shown before anything is given.

The rules are kept by the database under concurrency: the per-(drive, item, recipient)
``GrantCounter`` row is locked (``select_for_update``; SQLite's single writer serialises) while
the rules are checked, and its CHECK (total <= cap) refuses anything past "at most per
household in the drive" even if two grants raced past the check. The recipient is the
household when there is one (a person's household counts for them), else the person. Each
grant also takes the stock out of the point's store through the ledger (never below zero).
The client's UUID is unique: an upload sent twice is stored once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from sangathan.core.audit import audit
from sangathan.lib.text import clean_text
from sangathan.people.models import Household, Person
from sangathan.people.search import person_search
from sangathan.relief.models import (
    Distribution,
    DistributionPoint,
    Drive,
    DriveItem,
    DriveStatus,
    EntryKind,
    GrantCounter,
    Item,
)
from sangathan.relief.selectors import may_distribute, point_reach
from sangathan.relief.stock import OverIssue, take

if TYPE_CHECKING:
    from sangathan.core.models import User


class EntitlementRefused(ValidationError):
    """A rule of the drive says no (already had the most allowed, too soon, ...)."""


@dataclass(frozen=True)
class SimilarGrant:
    distribution: Distribution
    name: str
    text: str  # "संतोष शुक्ला (बूथ 112) got 1 ration kit today at 11:05 at point 3."


class LikelyDuplicate(ValidationError):
    """Someone with a similar name was served today: show ``similar`` and ask for a reason."""

    def __init__(self, similar: list[SimilarGrant]) -> None:
        self.similar = similar
        super().__init__(
            {
                "override_reason": [
                    _(
                        "Someone with a similar name was already served today. Check before "
                        "handing over; to give anyway, say why."
                    )
                ]
                + [s.text for s in similar]
            }
        )


def _recipient(household: Household | None, person: Person | None) -> str:
    if household is not None:
        return f"h{household.pk}"
    if person is not None:
        return f"h{person.household_id}" if person.household_id else f"p{person.pk}"
    return ""


def _describe(row: Distribution) -> tuple[str, str]:
    who = row.person or (row.household.head if row.household else None)
    name = who.name if who is not None else (str(row.household) if row.household else "")
    unit = who.home_unit.name if who is not None and who.home_unit else ""
    text = _("%(name)s (%(unit)s) got %(quantity)s %(item)s today at %(time)s at %(point)s.") % {
        "name": name,
        "unit": unit,
        "quantity": row.quantity,
        "item": row.item.name,
        "time": time_format(timezone.localtime(row.given_at), "H:i"),
        "point": row.point.name,
    }
    return name, text


def recent_similar_grants(
    drive: Drive,
    *,
    name: str = "",
    household: Household | None = None,
    point: DistributionPoint | None = None,
    item: Item | None = None,
    exclude_recipient: str = "",
    on: Any = None,
) -> list[SimilarGrant]:
    """Grants of the drive on day ``on`` (today) to people whose name is like ``name`` in
    either script (``people.search``), or to ``household``: shown before handing over."""
    on = on or timezone.localdate()
    rows = Distribution.objects.filter(drive=drive, given_on=on).exclude(recipient="")
    matches = Distribution.objects.none()
    if name:
        hits = person_search(None, name, within=drive.unit, include_held=True, limit=20)
        people = [h.person.pk for h in hits]
        homes = [h.person.household_id for h in hits if h.person.household_id]
        matches = rows.filter(person_id__in=people) | rows.filter(household_id__in=homes)
    if household is not None:
        matches = matches | rows.filter(household=household)
    if item is not None:
        matches = matches.filter(item=item)
    if exclude_recipient:
        matches = matches.exclude(recipient=exclude_recipient)
    found = matches.select_related(
        "person__home_unit", "household__head__home_unit", "item", "point"
    ).order_by("-given_at")[:10]
    out = []
    # The same point first: that is where a second visit is most likely.
    rows_sorted = sorted(found, key=lambda r: point is None or r.point_id != point.pk)
    for row in rows_sorted:
        shown, text = _describe(row)
        out.append(SimilarGrant(distribution=row, name=shown, text=text))
    return out


def _counter_locked(drive: Drive, item: Item, recipient: str, cap: int | None) -> GrantCounter:
    rows = GrantCounter.objects.select_for_update().filter(
        drive=drive, item=item, recipient=recipient
    )
    row = rows.first()
    if row is None:
        try:
            with transaction.atomic():
                row = GrantCounter.objects.create(
                    drive=drive, item=item, recipient=recipient, cap=cap
                )
        except IntegrityError:
            row = rows.get()
    return row


def _check_rules(
    rule: DriveItem, counter: GrantCounter, *, quantity: int, given_at: datetime, who: str
) -> None:
    item = rule.item
    if rule.per_drive is not None and counter.total + quantity > rule.per_drive:
        raise EntitlementRefused(
            _(
                "%(who)s has already had %(got)s of %(item)s in this drive; the most allowed is "
                "%(most)s per household."
            )
            % {"who": who, "got": counter.total, "item": item.name, "most": rule.per_drive},
            code="entitlement",
        )
    if rule.per_day is not None:
        today = (
            Distribution.objects.filter(
                drive=rule.drive,
                item=item,
                recipient=counter.recipient,
                given_on=timezone.localdate(given_at),
            ).aggregate(s=Sum("quantity"))["s"]
            or 0
        )
        if today + quantity > rule.per_day:
            raise EntitlementRefused(
                _(
                    "%(who)s has already had %(got)s of %(item)s today; the most allowed is "
                    "%(most)s per household per day."
                )
                % {"who": who, "got": today, "item": item.name, "most": rule.per_day},
                code="entitlement",
            )
    if rule.min_interval_hours and counter.last_given_at is not None:
        gap = timedelta(hours=rule.min_interval_hours)
        next_at = counter.last_given_at + gap
        # Uploads from a phone that was offline may arrive out of order: either side counts.
        if abs(given_at - counter.last_given_at) < gap:
            raise EntitlementRefused(
                _(
                    "%(who)s was given %(item)s less than %(hours)s hours ago; the next grant can "
                    "be made after %(when)s."
                )
                % {
                    "who": who,
                    "item": item.name,
                    "hours": rule.min_interval_hours,
                    "when": timezone.localtime(next_at).strftime("%d.%m.%Y %H:%M"),
                },
                code="entitlement",
            )


def _check_recipient(
    actor: User | None,
    point: DistributionPoint,
    household: Household | None,
    person: Person | None,
) -> None:
    """Hand over only to whom the actor may look up at the point (``point_reach``): the point
    page and a device's upload serve the same people."""
    if actor is None:
        return
    reach = point_reach(actor, point)
    if person is not None and not reach.covers(person.unit_path):
        raise ValidationError(
            {
                "person": [
                    _("You may not hand over to this person at %(point)s.") % {"point": point.name}
                ]
            }
        )
    if household is not None and not reach.covers(household.unit_path):
        raise ValidationError(
            {
                "household": [
                    _("You may not hand over to this household at %(point)s.")
                    % {"point": point.name}
                ]
            }
        )


def _earlier(uuid: UUID | None, drive: Drive) -> Distribution | None:
    if uuid is None:
        return None
    earlier = Distribution.objects.filter(uuid=uuid).first()
    if earlier is not None and earlier.drive_id != drive.pk:
        raise ValidationError({"uuid": [_("This id already belongs to another distribution.")]})
    return earlier


@transaction.atomic
def distribution_record(
    *,
    drive: Drive,
    point: DistributionPoint,
    item: Item,
    quantity: int = 1,
    household: Household | None = None,
    person: Person | None = None,
    uuid: UUID | None = None,
    given_at: datetime | None = None,
    override_reason: str = "",
    actor: User | None,
) -> Distribution:
    """Record one hand-over and take it out of the point's store.

    To a household or person (the drive's rules apply), or with neither: an anonymous count
    (cooked food). Sending the same ``uuid`` again returns the first record. Refusals:
    ``EntitlementRefused``, ``LikelyDuplicate`` (a similar name served today; pass
    ``override_reason`` to give anyway, audited), ``OverIssue`` (the store is short),
    ``ValidationError`` for bad input or a recipient the actor may not look up at the point
    (``selectors.point_reach``); nothing is written then."""
    if point.drive_id != drive.pk:
        raise ValidationError({"point": [_("This point is not part of the drive.")]})
    if not may_distribute(actor, point):
        raise PermissionDenied(
            _("Only the volunteers of %(point)s can hand over there.") % {"point": point.name}
        )
    earlier = _earlier(uuid, drive)
    if earlier is not None:
        return earlier
    _check_recipient(actor, point, household, person)
    if quantity is None or int(quantity) < 1:
        raise ValidationError({"quantity": [_("The quantity must be a whole number above zero.")]})
    given_at = given_at or timezone.now()
    day = timezone.localdate(given_at)
    if drive.status == DriveStatus.CLOSED:
        raise ValidationError(_("This drive is closed."))
    if not drive.starts_on <= day <= drive.ends_on:
        raise ValidationError(
            {
                "given_at": [
                    _("The drive runs from %(start)s to %(end)s.")
                    % {
                        "start": drive.starts_on.strftime("%d.%m.%Y"),
                        "end": drive.ends_on.strftime("%d.%m.%Y"),
                    }
                ]
            }
        )
    rule = DriveItem.objects.select_related("item", "drive").filter(drive=drive, item=item).first()
    if rule is None:
        raise ValidationError(
            {"item": [_("%(item)s is not offered in this drive.") % {"item": item.name}]}
        )
    if household is None and person is not None and person.household_id:
        household = person.household
    recipient = _recipient(household, person)
    if recipient:
        counter = _counter_locked(drive, item, recipient, rule.per_drive)
    else:
        list(DistributionPoint.objects.select_for_update().filter(pk=point.pk).values("pk"))
    # Checked again under the lock: the same upload sent twice at once stores one.
    earlier = _earlier(uuid, drive)
    if earlier is not None:
        return earlier
    reason = clean_text(override_reason)[:300]
    similar: list[SimilarGrant] = []
    if recipient:
        who_person = person or (household.head if household else None)
        who = who_person.name if who_person is not None else str(household)
        _check_rules(rule, counter, quantity=quantity, given_at=given_at, who=who)
        similar = recent_similar_grants(
            drive,
            name=who_person.name if who_person is not None else "",
            item=item,
            exclude_recipient=recipient,
            on=day,
        )
        if similar and not reason:
            raise LikelyDuplicate(similar)
    row = Distribution.objects.create(
        **({"uuid": uuid} if uuid is not None else {}),
        drive=drive,
        point=point,
        unit=point.unit,
        unit_path=point.unit_path,
        item=item,
        quantity=quantity,
        household=household,
        person=person,
        recipient=recipient,
        given_at=given_at,
        given_on=day,
        override_reason=reason if similar else "",
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if recipient:
        try:
            with transaction.atomic():
                GrantCounter.objects.filter(pk=counter.pk).update(
                    total=F("total") + quantity,
                    cap=rule.per_drive,
                    last_given_at=max(counter.last_given_at or given_at, given_at),
                )
        except IntegrityError as exc:
            raise EntitlementRefused(
                _("The most allowed per household for %(item)s has been reached.")
                % {"item": item.name},
                code="entitlement",
            ) from exc
    take(
        store=point.store,
        item=item,
        quantity=quantity,
        kind=EntryKind.DISTRIBUTION,
        actor=actor,
        distribution=row,
        today=day,
    )
    audit(
        actor=actor,
        unit=point.unit,
        action="relief.distributed",
        target=row,
        changes={
            "item": item.code,
            "quantity": quantity,
            "recipient": recipient,
            "point": point.name,
        },
    )
    if similar:
        audit(
            actor=actor,
            unit=point.unit,
            action="relief.duplicate_overridden",
            target=row,
            changes={"reason": reason, "similar": [s.text for s in similar]},
        )
    return row


@dataclass
class DistributionSpec:
    """One record of an uploaded batch."""

    uuid: UUID
    point: DistributionPoint
    item: Item
    quantity: int = 1
    household: Household | None = None
    person: Person | None = None
    given_at: datetime | None = None
    override_reason: str = ""


@dataclass
class BatchResult:
    uuid: UUID
    status: str  # "stored", "already_stored", "refused"
    distribution: Distribution | None = None
    code: str = ""
    error: str = ""
    fields: dict[str, list[str]] = field(default_factory=dict)
    similar: list[SimilarGrant] = field(default_factory=list)


def distribution_batch(
    *, drive: Drive, records: Sequence[DistributionSpec], actor: User | None
) -> list[BatchResult]:
    """Store each record on its own (one refusal does not undo the others) and answer per
    record, in order."""
    results: list[BatchResult] = []
    for spec in records:
        existed = Distribution.objects.filter(uuid=spec.uuid, drive=drive).exists()
        try:
            row = distribution_record(
                drive=drive,
                point=spec.point,
                item=spec.item,
                quantity=spec.quantity,
                household=spec.household,
                person=spec.person,
                uuid=spec.uuid,
                given_at=spec.given_at,
                override_reason=spec.override_reason,
                actor=actor,
            )
        except (ValidationError, PermissionDenied) as exc:
            results.append(_refused(spec.uuid, exc))
            continue
        except IntegrityError:
            # The same id stored by a parallel upload between our two checks.
            found = Distribution.objects.filter(uuid=spec.uuid, drive=drive).first()
            if found is None:
                raise
            row, existed = found, True
        results.append(
            BatchResult(
                uuid=spec.uuid, status="already_stored" if existed else "stored", distribution=row
            )
        )
    return results


def _refused(uuid: UUID, exc: Exception) -> BatchResult:
    if isinstance(exc, PermissionDenied):
        return BatchResult(
            uuid=uuid,
            status="refused",
            code="forbidden",
            error=str(exc) or _("Your role in this unit does not allow this."),
        )
    assert isinstance(exc, ValidationError)
    code = "invalid"
    similar: list[SimilarGrant] = []
    if isinstance(exc, LikelyDuplicate):
        code, similar = "likely_duplicate", exc.similar
    elif isinstance(exc, OverIssue):
        code = "over_issue"
    elif isinstance(exc, EntitlementRefused):
        code = "entitlement"
    fields = dict(exc.message_dict) if hasattr(exc, "error_dict") else {}
    return BatchResult(
        uuid=uuid,
        status="refused",
        code=code,
        error=" ".join(exc.messages),
        fields=fields,
        similar=similar,
    )
