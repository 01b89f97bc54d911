"""Stores and transfers: a store's balances, warnings and ledger, with the receipt,
adjustment and send forms for its keepers; a transfer's page with the receive form.

Only keepers (or an editor of the store's unit) move stock: the forms are shown to them and
the services refuse anyone else (403)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangathan.people.views import AuthedRequest
from sangathan.relief import selectors
from sangathan.relief.ledger import (
    LineSpec,
    adjustment_record,
    low_stock,
    near_expiry,
    receipt_record,
    transfer_receive,
    transfer_send,
)
from sangathan.relief.models import (
    AdjustmentReason,
    Item,
    ReceiptSource,
    Store,
    Transfer,
    TransferStatus,
)

LEDGER_ROWS = 50


def _int(raw: str | None) -> int:
    try:
        return int(raw or "0")
    except ValueError:
        return 0


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _item(raw: str | None) -> Item | None:
    return selectors.items_active().filter(code=raw or "").first()


def _refused(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _back(store: Store) -> HttpResponse:
    return redirect(reverse("relief:store", args=[store.uuid]))


@require_GET
@login_required
def store_page(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    store = selectors.store_get_for_user(user, uuid=uuid)
    context = {
        "store": store,
        "balances": store.balances.filter(quantity__gt=0)
        .select_related("item")
        .order_by("item__name_hi", "expires_on"),
        "low": [w for w in low_stock(user, unit=store.unit) if w.store.pk == store.pk],
        "expiring": [b for b in near_expiry(user, unit=store.unit) if b.store_id == store.pk],
        "entries": store.entries.select_related("item", "created_by").order_by("-created_at")[
            :LEDGER_ROWS
        ],
        "transfers": selectors.transfers_for_store(store).order_by("-sent_at")[:20],
        "may_keep": selectors.may_keep(user, store),
        "items": selectors.items_active().order_by("name_hi"),
        "sources": ReceiptSource.choices,
        "reasons": AdjustmentReason.choices,
        "other_stores": selectors.stores_for_user(user).exclude(pk=store.pk).order_by("name")
        if selectors.may_keep(user, store)
        else [],
    }
    return render(request, "relief/store.html", context)


@require_POST
@login_required
def store_receipt(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    store = selectors.store_get_for_user(request.user, uuid=uuid, write=True)
    item = _item(request.POST.get("item"))
    if item is None:
        messages.error(request, _("Choose an item."))
        return _back(store)
    try:
        receipt_record(
            store=store,
            item=item,
            quantity=_int(request.POST.get("quantity")),
            source_kind=request.POST.get("source_kind") or ReceiptSource.DONOR,
            source=request.POST.get("source", ""),
            batch=request.POST.get("batch", ""),
            expires_on=_date(request.POST.get("expires_on")),
            actor=request.user,
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The receipt was recorded."))
    return _back(store)


@require_POST
@login_required
def store_adjust(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    store = selectors.store_get_for_user(request.user, uuid=uuid, write=True)
    item = _item(request.POST.get("item"))
    if item is None:
        messages.error(request, _("Choose an item."))
        return _back(store)
    try:
        adjustment_record(
            store=store,
            item=item,
            quantity=_int(request.POST.get("quantity")),
            reason_kind=request.POST.get("reason_kind") or AdjustmentReason.COUNT,
            reason=request.POST.get("reason", ""),
            batch=request.POST.get("batch") or None,
            actor=request.user,
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The correction was recorded."))
    return _back(store)


@require_POST
@login_required
def store_send(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Send one item to another store the user can see (more lines: the API)."""
    store = selectors.store_get_for_user(request.user, uuid=uuid, write=True)
    item = _item(request.POST.get("item"))
    to_uuid = _uuid_or_none(request.POST.get("to_store"))
    target = (
        selectors.stores_for_user(request.user).exclude(pk=store.pk).filter(uuid=to_uuid).first()
        if to_uuid is not None
        else None
    )
    if item is None or target is None:
        messages.error(request, _("Choose an item and the store to send it to."))
        return _back(store)
    try:
        transfer = transfer_send(
            from_store=store,
            to_store=target,
            lines=[LineSpec(item, _int(request.POST.get("quantity")))],
            note=request.POST.get("note", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        _refused(request, exc)
        return _back(store)
    messages.success(
        request, _("Sent. The keepers of %(store)s were told.") % {"store": target.name}
    )
    return redirect(reverse("relief:transfer", args=[transfer.uuid]))


def _uuid_or_none(raw: str | None) -> UUID | None:
    try:
        return UUID(raw or "")
    except ValueError:
        return None


@require_GET
@login_required
def transfer_page(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(request.user, uuid=uuid)
    context = {
        "transfer": transfer,
        "lines": transfer.lines.select_related("item").order_by("pk"),
        "may_receive": transfer.status == TransferStatus.SENT
        and selectors.may_keep(request.user, transfer.to_store),
    }
    return render(request, "relief/transfer.html", context)


@require_POST
@login_required
def transfer_receive_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Count what arrived: a line left blank counts as sent; a difference needs a reason."""
    transfer: Transfer = selectors.transfer_get_for_user(request.user, uuid=uuid)
    selectors.require_keeper(request.user, transfer.to_store)
    received: dict[UUID, int] = {}
    for line in transfer.lines.all():
        raw = request.POST.get(f"line-{line.uuid}", "").strip()
        if raw:
            received[line.uuid] = _int(raw) if raw.lstrip("-").isdigit() else -1
    try:
        transfer_receive(
            transfer=transfer,
            received=received,
            difference_reason=request.POST.get("difference_reason", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The transfer was received."))
    return redirect(reverse("relief:transfer", args=[transfer.uuid]))
