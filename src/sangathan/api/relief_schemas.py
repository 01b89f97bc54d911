"""Input and output shapes of the relief API. Records are named by uuid, items by code.

Outputs are built as dicts by the helpers at the bottom (``store_out`` ...)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Schema

from sangathan.api.errors import FieldsInvalid
from sangathan.core.access import unit_get_for_user
from sangathan.relief.models import Item

if TYPE_CHECKING:
    from sangathan.relief.distribution import BatchResult
    from sangathan.relief.models import (
        Distribution,
        DistributionPoint,
        Drive,
        Store,
        Transfer,
    )


class Ref(Schema):
    uuid: UUID
    name: str


# --- Catalogue --------------------------------------------------------------------------------


class ComponentIO(Schema):
    item: str = Field(description="The component's item code.")
    quantity: int = Field(ge=1)


class ItemIn(Schema):
    name_hi: str
    name_en: str = ""
    code: str = Field("", description="Made from the English name when empty.")
    measure: str = Field("piece", description="piece, kg, litre, packet, bottle, strip or kit.")
    pack_size: int = Field(1, ge=1)
    perishable: bool = Field(False, description="Kept by batch and expiry date.")
    components: list[ComponentIO] = Field(
        default_factory=list, description="A kit: the items one kit is made of."
    )


class ItemPatchIn(Schema):
    """Only the fields sent change; the code and "tracked by batch" never do."""

    name_hi: str | None = None
    name_en: str | None = None
    measure: str | None = Field(None, description="Only while no stock of it has moved.")
    pack_size: int | None = None
    is_active: bool | None = Field(
        None, description="false retires it (refused while any store holds it)."
    )
    components: list[ComponentIO] | None = Field(
        None, description="A kit's whole recipe; only until a kit has been assembled."
    )


class ItemOut(Schema):
    uuid: UUID
    code: str
    name_hi: str
    name_en: str
    measure: str
    pack_size: int
    perishable: bool
    is_kit: bool
    is_active: bool
    components: list[ComponentIO]


# --- Stores and the ledger --------------------------------------------------------------------


class StoreIn(Schema):
    unit: UUID = Field(description="The unit the store belongs to; editor role needed there.")
    name: str
    address: str = ""


class BalanceOut(Schema):
    item: str
    batch: str
    expires_on: date | None
    quantity: int


class StoreOut(Schema):
    uuid: UUID
    name: str
    unit: Ref
    address: str
    may_move_stock: bool
    balances: list[BalanceOut] | None = Field(None, description="Only on a single store.")


class ReceiptIn(Schema):
    item: str = Field(description="Item code.")
    quantity: int = Field(description="Whole units of the item's measure, above zero.")
    source_kind: str = Field("donor", description="donor or purchase.")
    source: str = Field("", description="Donor or shop.")
    value: Decimal | None = Field(None, description="Rupees.")
    batch: str = ""
    expires_on: date | None = None


class AdjustmentIn(Schema):
    item: str
    quantity: int = Field(description="Signed: −3 writes off three, 2 adds two found.")
    reason_kind: str = Field(description="count, damage, expiry or other.")
    reason: str
    batch: str | None = None
    expires_on: date | None = None


class AssemblyIn(Schema):
    kit: str = Field(description="The kit's item code.")
    count: int


class EntryOut(Schema):
    uuid: UUID
    kind: str
    item: str
    batch: str
    expires_on: date | None
    quantity: int
    source: str
    reason: str
    created_at: datetime


class LineIn(Schema):
    item: str
    quantity: int
    batch: str | None = Field(None, description="Empty: the batch that expires first.")


class TransferIn(Schema):
    to_store: UUID
    lines: list[LineIn]
    note: str = ""


class CountIn(Schema):
    line: UUID
    received: int


class ReceiveIn(Schema):
    counts: list[CountIn] = Field(
        default_factory=list, description="Lines left out arrived as sent."
    )
    difference_reason: str = Field("", description="Needed when a count differs.")


class CancelIn(Schema):
    reason: str = Field("", description="Why it is called back (kept in the ledger).")


class LineOut(Schema):
    uuid: UUID
    item: str
    batch: str
    expires_on: date | None
    sent: int
    received: int | None


class TransferOut(Schema):
    uuid: UUID
    from_store: Ref
    to_store: Ref
    status: str
    note: str
    sent_at: datetime
    received_at: datetime | None
    cancelled_at: datetime | None = None
    difference_reason: str
    lines: list[LineOut]


# --- Drives -----------------------------------------------------------------------------------


class DriveIn(Schema):
    unit: UUID
    title: str
    starts_on: date
    ends_on: date
    note: str = ""


class DriveItemIn(Schema):
    item: str
    per_drive: int | None = Field(None, description="At most per household in the drive.")
    per_day: int | None = Field(None, description="At most per household per day.")
    min_interval_hours: int | None = Field(None, description="Hours between two grants.")


class DriveItemOut(DriveItemIn):
    pass


class PointIn(Schema):
    name: str
    store: UUID
    unit: UUID | None = Field(None, description="Where the point is; the store's unit if empty.")


class PointOut(Schema):
    uuid: UUID
    name: str
    unit: Ref
    store: Ref


class DutyIn(Schema):
    person: UUID
    day: date
    shift: str = Field(description="morning, afternoon, evening or full_day.")


class DriveOut(Schema):
    uuid: UUID
    title: str
    unit: Ref
    starts_on: date
    ends_on: date
    status: str
    items: list[DriveItemOut] | None = None
    points: list[PointOut] | None = None


# --- Beneficiaries and distributions ----------------------------------------------------------


class BeneficiaryIn(Schema):
    unit: UUID = Field(description="The person's unit (a booth); worker role needed there.")
    person: UUID | None = Field(None, description="Someone already in the registry, or ...")
    name: str = Field("", description="... a new person: a name in either script ...")
    phone: str = Field("", description="... and a phone or a locality.")
    locality: str = ""
    gender: str = "U"
    categories: list[str] = Field(
        default_factory=list, description="Tag codes: daily-wage, elderly-alone, ..."
    )
    referred_by: UUID | None = None
    uuid: UUID | None = Field(None, description="The device's id for a new person.")


class BeneficiaryOut(Schema):
    uuid: UUID
    person: Ref
    household: UUID | None
    unit: Ref
    categories: list[str]
    referred_by: Ref | None


class DistributionIn(Schema):
    uuid: UUID = Field(description="Made by the device; the same uuid is stored once.")
    point: UUID
    item: str
    quantity: int = 1
    household: UUID | None = None
    person: UUID | None = Field(None, description="Neither: an anonymous count.")
    given_at: datetime | None = None
    override_reason: str = Field("", description="Give although a similar name was served.")


class BatchIn(Schema):
    records: list[DistributionIn] = Field(max_length=500)


class SimilarOut(Schema):
    distribution: UUID
    name: str
    text: str


class ResultOut(Schema):
    uuid: UUID
    status: str = Field(description="stored, already_stored or refused.")
    code: str = Field(
        "", description="When refused: entitlement, likely_duplicate, over_issue, invalid, ..."
    )
    error: str = ""
    fields: dict[str, list[str]] = Field(default_factory=dict)
    similar: list[SimilarOut] = Field(default_factory=list)


class BatchOut(Schema):
    results: list[ResultOut]


class DistributionOut(Schema):
    uuid: UUID
    point: Ref
    item: str
    quantity: int
    household: UUID | None
    person: UUID | None
    given_at: datetime
    override_reason: str


class SummaryOut(Schema):
    text: str = Field(description="Ready to paste into WhatsApp.")
    items: list[dict[str, Any]]
    households: int
    people: int
    anonymous: int
    by_category: dict[str, int]


# --- Builders ---------------------------------------------------------------------------------


def ref(obj: Any) -> dict[str, Any]:
    return {"uuid": obj.uuid, "name": getattr(obj, "name", str(obj))}


def item_out(item: Item) -> dict[str, Any]:
    return {
        "uuid": item.uuid,
        "code": item.code,
        "name_hi": item.name_hi,
        "name_en": item.name_en,
        "measure": item.measure,
        "pack_size": item.pack_size,
        "perishable": item.perishable,
        "is_kit": item.is_kit,
        "is_active": item.is_active,
        "components": [
            {"item": c.component.code, "quantity": c.quantity} for c in item.components.all()
        ],
    }


def store_out(store: Store, *, may_move: bool, balances: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "uuid": store.uuid,
        "name": store.name,
        "unit": ref(store.unit),
        "address": store.address,
        "may_move_stock": may_move,
    }
    if balances:
        out["balances"] = [
            {
                "item": b.item.code,
                "batch": b.batch,
                "expires_on": b.expires_on,
                "quantity": b.quantity,
            }
            for b in store.balances.filter(quantity__gt=0).select_related("item")
        ]
    return out


def transfer_out(transfer: Transfer) -> dict[str, Any]:
    return {
        "uuid": transfer.uuid,
        "from_store": ref(transfer.from_store),
        "to_store": ref(transfer.to_store),
        "status": transfer.status,  # sent, received or cancelled
        "note": transfer.note,
        "sent_at": transfer.sent_at,
        "received_at": transfer.received_at,
        "cancelled_at": transfer.cancelled_at,
        "difference_reason": transfer.difference_reason,
        "lines": [
            {
                "uuid": ln.uuid,
                "item": ln.item.code,
                "batch": ln.batch,
                "expires_on": ln.expires_on,
                "sent": ln.sent,
                "received": ln.received,
            }
            for ln in transfer.lines.select_related("item")
        ],
    }


def point_out(point: DistributionPoint) -> dict[str, Any]:
    return {
        "uuid": point.uuid,
        "name": point.name,
        "unit": ref(point.unit),
        "store": ref(point.store),
    }


def drive_out(drive: Drive, *, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "uuid": drive.uuid,
        "title": drive.title,
        "unit": ref(drive.unit),
        "starts_on": drive.starts_on,
        "ends_on": drive.ends_on,
        "status": drive.status,
    }
    if full:
        out["items"] = [
            {
                "item": di.item.code,
                "per_drive": di.per_drive,
                "per_day": di.per_day,
                "min_interval_hours": di.min_interval_hours,
            }
            for di in drive.items.select_related("item")
        ]
        out["points"] = [point_out(p) for p in drive.points.select_related("unit", "store")]
    return out


def distribution_out(row: Distribution) -> dict[str, Any]:
    return {
        "uuid": row.uuid,
        "point": ref(row.point),
        "item": row.item.code,
        "quantity": row.quantity,
        "household": row.household.uuid if row.household else None,
        "person": row.person.uuid if row.person else None,
        "given_at": row.given_at,
        "override_reason": row.override_reason,
    }


def result_out(result: BatchResult) -> dict[str, Any]:
    return {
        "uuid": result.uuid,
        "status": result.status,
        "code": result.code,
        "error": result.error,
        "fields": result.fields,
        "similar": [
            {"distribution": s.distribution.uuid, "name": s.name, "text": s.text}
            for s in result.similar
        ],
    }


# --- Lookups used by both relief routers ----------------------------------------------------


class UnitQuery(Schema):
    unit: UUID | None = None


def unit_or_none(user: Any, uuid: UUID | None) -> Any:
    """The unit named by a filter (404 outside reach), or None."""
    return None if uuid is None else unit_get_for_user(user, uuid=uuid)


def item_by_code(code: str, field: str = "item") -> Item:
    item = Item.objects.filter(code=code, is_active=True).first()
    if item is None:
        raise FieldsInvalid(
            {field: [_("There is no item with the code %(code)s.") % {"code": code}]}
        )
    return item


def in_drive_area(model: Any, uuid: UUID | None, drive: Drive, field: str) -> Any:
    """A household or person of the drive's area (whether the point may serve them is the
    hand-over's own check: ``relief.selectors.point_reach``)."""
    if uuid is None:
        return None
    found = model.objects.filter(uuid=uuid, unit_path__subtree=drive.unit.path).first()
    if found is None:
        raise FieldsInvalid({field: [_("There is no such record in the drive's area.")]})
    return found
