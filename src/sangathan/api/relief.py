"""Relief (सेवा): the catalogue, stores and their ledger, drives, beneficiaries and batch
distributions. Thin over ``sangathan.relief``: the same services and selectors as the pages.

Drives, beneficiaries and distributions are in ``relief_drives`` (same tag, mounted here).
A store, drive or transfer outside your units is a 404. Moving a store's stock needs a keeper
of the store (or an editor of its unit): 403 otherwise. Distributions are uploaded in batches
and answered per record; a record sent twice (same uuid) is stored once."""

# No ``from __future__ import annotations`` here: ninja's @paginate wraps the view, and ninja
# then resolves string annotations in the wrapper's module, where UUID is unknown.

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sangathan.api import relief_schemas as s
from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS, FieldsInvalid
from sangathan.api.pagination import Page
from sangathan.core.access import unit_get_for_user
from sangathan.core.models import User
from sangathan.relief import catalogue, ledger
from sangathan.relief import selectors as sel
from sangathan.relief.models import Item, Store

router = Router(tags=["relief"])

# --- Catalogue --------------------------------------------------------------------------------


@router.get(
    "/relief/items/", summary="List relief items", response={200: list[s.ItemOut], **ERRORS}
)
@paginate(Page)
def item_list(request: HttpRequest) -> Any:
    """The catalogue, shared by the organisation; kits list their components."""
    return [s.item_out(i) for i in sel.items_active()]


@router.post(
    "/relief/items/", summary="Add a relief item or kit", response={201: s.ItemOut, **ERRORS}
)
def item_add(request: HttpRequest, payload: s.ItemIn) -> Any:
    """Add an item (any editor). With ``components`` it is a kit, made by assembly."""
    item = catalogue.item_create(
        name_hi=payload.name_hi,
        name_en=payload.name_en,
        code=payload.code,
        measure=payload.measure,
        pack_size=payload.pack_size,
        perishable=payload.perishable,
        components=[(s.item_by_code(c.item, "components"), c.quantity) for c in payload.components],
        actor=request_user(request),
    )
    return Status(201, s.item_out(item))


def _item(uuid: UUID) -> Item:
    """Any item of the catalogue, retired ones included (404 for an unknown id)."""
    item = Item.objects.filter(uuid=uuid).prefetch_related("components__component").first()
    if item is None:
        raise Http404
    return item


@router.get(
    "/relief/items/{uuid}/", summary="Show a relief item", response={200: s.ItemOut, **ERRORS}
)
def item_detail(request: HttpRequest, uuid: UUID) -> Any:
    """One item of the catalogue (retired ones too)."""
    return s.item_out(_item(uuid))


@router.patch(
    "/relief/items/{uuid}/", summary="Change a relief item", response={200: s.ItemOut, **ERRORS}
)
def item_change(request: HttpRequest, uuid: UUID, payload: s.ItemPatchIn) -> Any:
    """Only the fields sent change. An editor whose units hold every store and drive that uses
    the item (any editor for an item nobody uses yet); otherwise 403. The unit of measure is
    fixed once stock has moved, a kit's components once a kit has been assembled, and an item
    still in stock cannot be retired (``is_active: false``)."""
    item = _item(uuid)
    sent = payload.model_fields_set
    components = None
    if "components" in sent and payload.components is not None:
        components = [
            (s.item_by_code(c.item, "components"), c.quantity) for c in payload.components
        ]
    catalogue.item_update(
        item=item,
        name_hi=payload.name_hi if "name_hi" in sent else None,
        name_en=payload.name_en if "name_en" in sent else None,
        measure=payload.measure if "measure" in sent else None,
        pack_size=payload.pack_size if "pack_size" in sent else None,
        is_active=payload.is_active if "is_active" in sent else None,
        components=components,
        actor=request_user(request),
    )
    return s.item_out(_item(uuid))


# --- Stores and the ledger --------------------------------------------------------------------


@router.get("/relief/stores/", summary="List stores", response={200: list[s.StoreOut], **ERRORS})
@paginate(Page)
def store_list(request: HttpRequest, filters: Query[s.UnitQuery]) -> Any:
    """Stores of your units (and those you keep); ``unit`` narrows to a subtree."""
    user = request_user(request)
    return [
        s.store_out(st, may_move=sel.may_keep(user, st))
        for st in sel.stores_for_user(
            user, unit=s.unit_or_none(request_user(request), filters.unit)
        )
    ]


@router.post("/relief/stores/", summary="Open a store", response={201: s.StoreOut, **ERRORS})
def store_add(request: HttpRequest, payload: s.StoreIn) -> Any:
    """A store of a unit (editor of the unit)."""
    user = request_user(request)
    store = catalogue.store_create(
        unit=unit_get_for_user(user, uuid=payload.unit),
        name=payload.name,
        address=payload.address,
        actor=user,
    )
    return Status(201, s.store_out(store, may_move=True, balances=True))


@router.get(
    "/relief/stores/{uuid}/",
    summary="Show a store and its stock",
    response={200: s.StoreOut, **ERRORS},
)
def store_detail(request: HttpRequest, uuid: UUID) -> Any:
    """A store with what it holds, per item and batch (only what is in stock)."""
    user = request_user(request)
    store = sel.store_get_for_user(user, uuid=uuid)
    return s.store_out(store, may_move=sel.may_keep(user, store), balances=True)


class KeepersIn(Schema):
    keepers: list[UUID] = Field(description="Accounts (uuid) allowed to move this store's stock.")


@router.post(
    "/relief/stores/{uuid}/keepers/",
    summary="Name the store keepers",
    response={200: s.StoreOut, **ERRORS},
)
def keepers_set(request: HttpRequest, uuid: UUID, payload: KeepersIn) -> Any:
    """Replace the named keepers (editor of the store's unit)."""
    user = request_user(request)
    store = sel.store_get_for_user(user, uuid=uuid)
    users = list(User.objects.filter(uuid__in=payload.keepers, is_active=True))
    if len(users) != len(set(payload.keepers)):
        raise FieldsInvalid({"keepers": [_("Some of these accounts do not exist.")]})
    catalogue.store_set_keepers(store=store, keepers=users, actor=user)
    return s.store_out(store, may_move=sel.may_keep(user, store), balances=True)


class ThresholdIn(Schema):
    item: str
    minimum: int | None = Field(None, ge=0, description="Empty: no warning.")


@router.post(
    "/relief/stores/{uuid}/thresholds/",
    summary="Set a low-stock warning level",
    response={200: s.StoreOut, **ERRORS},
)
def threshold_set(request: HttpRequest, uuid: UUID, payload: ThresholdIn) -> Any:
    """Warn the keepers when the store holds ``minimum`` or less of the item."""
    user = request_user(request)
    store = sel.store_get_for_user(user, uuid=uuid, write=True)
    catalogue.threshold_set(
        store=store, item=s.item_by_code(payload.item), minimum=payload.minimum, actor=user
    )
    return s.store_out(store, may_move=True, balances=True)


@router.get(
    "/relief/stores/{uuid}/ledger/",
    summary="The store's ledger",
    response={200: list[s.EntryOut], **ERRORS},
)
@paginate(Page)
def store_ledger(request: HttpRequest, uuid: UUID) -> Any:
    """Every movement, newest first. Entries are never changed; corrections are new entries."""
    store = sel.store_get_for_user(request_user(request), uuid=uuid)
    return [_entry(e) for e in store.entries.select_related("item")]


def _entry(e: Any) -> dict[str, Any]:
    return {
        "uuid": e.uuid,
        "kind": e.kind,
        "item": e.item.code,
        "batch": e.batch,
        "expires_on": e.expires_on,
        "quantity": e.quantity,
        "source": e.source,
        "reason": e.reason,
        "created_at": e.created_at,
    }


@router.post(
    "/relief/stores/{uuid}/receipts/",
    summary="Record stock received",
    response={201: s.EntryOut, **ERRORS},
)
def receipt_add(request: HttpRequest, uuid: UUID, payload: s.ReceiptIn) -> Any:
    """A donation or purchase into the store (its keepers)."""
    user = request_user(request)
    store = sel.store_get_for_user(user, uuid=uuid, write=True)
    entry = ledger.receipt_record(
        store=store,
        item=s.item_by_code(payload.item),
        quantity=payload.quantity,
        source_kind=payload.source_kind,
        source=payload.source,
        value=payload.value,
        batch=payload.batch,
        expires_on=payload.expires_on,
        actor=user,
    )
    return Status(201, _entry(entry))


@router.post(
    "/relief/stores/{uuid}/adjustments/",
    summary="Correct the count",
    response={201: list[s.EntryOut], **ERRORS},
)
def adjustment_add(request: HttpRequest, uuid: UUID, payload: s.AdjustmentIn) -> Any:
    """A count correction, damage or expiry, with a reason. Never below zero."""
    user = request_user(request)
    store = sel.store_get_for_user(user, uuid=uuid, write=True)
    entries = ledger.adjustment_record(
        store=store,
        item=s.item_by_code(payload.item),
        quantity=payload.quantity,
        reason_kind=payload.reason_kind,
        reason=payload.reason,
        batch=payload.batch,
        expires_on=payload.expires_on,
        actor=user,
    )
    return Status(201, [_entry(e) for e in entries])


@router.post(
    "/relief/stores/{uuid}/assemblies/",
    summary="Assemble kits",
    response={201: list[s.EntryOut], **ERRORS},
)
def assembly_add(request: HttpRequest, uuid: UUID, payload: s.AssemblyIn) -> Any:
    """Make kits from their components in this store, all or nothing."""
    user = request_user(request)
    store = sel.store_get_for_user(user, uuid=uuid, write=True)
    entries = ledger.kit_assemble(
        store=store, kit=s.item_by_code(payload.kit, "kit"), count=payload.count, actor=user
    )
    return Status(201, [_entry(e) for e in entries])


@router.post(
    "/relief/stores/{uuid}/transfers/",
    summary="Send stock to another store",
    response={201: s.TransferOut, **ERRORS},
)
def transfer_add(request: HttpRequest, uuid: UUID, payload: s.TransferIn) -> Any:
    """The stock leaves now; the receiving store counts it on arrival."""
    user = request_user(request)
    store = sel.store_get_for_user(user, uuid=uuid, write=True)
    to_store = Store.objects.filter(uuid=payload.to_store, is_active=True).first()
    if to_store is None:
        raise FieldsInvalid({"to_store": [_("There is no such store.")]})
    transfer = ledger.transfer_send(
        from_store=store,
        to_store=to_store,
        note=payload.note,
        actor=user,
        lines=[
            ledger.LineSpec(s.item_by_code(ln.item), ln.quantity, ln.batch) for ln in payload.lines
        ],
    )
    return Status(201, s.transfer_out(transfer))


@router.get(
    "/relief/transfers/{uuid}/", summary="Show a transfer", response={200: s.TransferOut, **ERRORS}
)
def transfer_detail(request: HttpRequest, uuid: UUID) -> Any:
    """A transfer with its lines: sent, and received once counted. Seen from either end."""
    return s.transfer_out(sel.transfer_get_for_user(request_user(request), uuid=uuid))


@router.post(
    "/relief/transfers/{uuid}/receive/",
    summary="Count a transfer in",
    response={200: s.TransferOut, **ERRORS},
)
def transfer_receive(request: HttpRequest, uuid: UUID, payload: s.ReceiveIn) -> Any:
    """Keepers of the receiving store; once only. A difference needs a reason."""
    user = request_user(request)
    transfer = sel.transfer_get_for_user(user, uuid=uuid)
    ledger.transfer_receive(
        transfer=transfer,
        received={c.line: c.received for c in payload.counts},
        difference_reason=payload.difference_reason,
        actor=user,
    )
    return s.transfer_out(transfer)


@router.post(
    "/relief/transfers/{uuid}/cancel/",
    summary="Cancel a transfer on its way",
    response={200: s.TransferOut, **ERRORS},
)
def transfer_cancel(request: HttpRequest, uuid: UUID, payload: s.CancelIn) -> Any:
    """Keepers of the sending store (or an editor of its unit), until it is received: the
    stock goes back into the sending store as new ledger entries. Received or already
    cancelled: 400."""
    user = request_user(request)
    transfer = sel.transfer_get_for_user(user, uuid=uuid)
    ledger.transfer_cancel(transfer=transfer, reason=payload.reason, actor=user)
    return s.transfer_out(transfer)


class WarningsOut(Schema):
    low_stock: list[dict[str, Any]]
    near_expiry: list[dict[str, Any]]


@router.get(
    "/relief/warnings/", summary="Low stock and near expiry", response={200: WarningsOut, **ERRORS}
)
def warnings(request: HttpRequest, days: int = 30) -> Any:
    """Stores in your units at or below their warning level, and batches expiring within
    ``days``."""
    user = request_user(request)
    return {
        "low_stock": [
            {
                "store": str(w.store.uuid),
                "item": w.item.code,
                "quantity": w.quantity,
                "minimum": w.minimum,
            }
            for w in ledger.low_stock(user)
        ],
        "near_expiry": [
            {
                "store": str(b.store.uuid),
                "item": b.item.code,
                "batch": b.batch,
                "expires_on": b.expires_on,
                "quantity": b.quantity,
            }
            for b in ledger.near_expiry(user, days=days)
        ],
    }


# The drives part of the API, mounted under the same paths.
from sangathan.api import relief_drives  # noqa: E402

router.add_router("", relief_drives.router)
