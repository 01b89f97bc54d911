"""Stores and transfers: a store's balances, warnings and ledger, with the receipt,
adjustment, kit assembly and send (several lines at once) forms for its keepers; a transfer's
page with the receive form, and the cancel button for the sender while it is on the way.

Only keepers (or an editor of the store's unit) move stock: the forms are shown to them and
the services refuse anyone else (403)."""

from __future__ import annotations

from datetime import date
from itertools import zip_longest
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from sangathan.core.views_common import AuthedRequest, refused, uuid_or_none
from sangathan.relief import selectors
from sangathan.relief.ledger import (
    LineSpec,
    adjustment_record,
    kit_assemble,
    kit_plans,
    low_stock,
    near_expiry,
    receipt_record,
    transfer_cancel,
    transfer_destinations,
    transfer_receive,
    transfer_send,
)
from sangathan.relief.models import (
    AdjustmentReason,
    Balance,
    Item,
    ReceiptSource,
    Store,
    Transfer,
    TransferStatus,
)

LEDGER_ROWS = 50
# Rows of the send form without JavaScript; "add a line" (relief/stock.js) adds more.
SEND_ROWS = 5
# A send row's choice is an item code, or "code@batch" for one batch of a tracked item (item
# codes are slugs: they never hold "@").
BATCH_MARK = "@"


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


def _back(store: Store) -> HttpResponse:
    return redirect(reverse("relief:store", args=[store.uuid]))


@require_GET
@login_required
def store_page(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    store = selectors.store_get_for_user(request.user, uuid=uuid)
    return _store_response(request, store)


def _store_response(
    request: AuthedRequest,
    store: Store,
    *,
    send_rows: list[tuple[str, str]] | None = None,
    send_errors: list[str] | None = None,
    sent_to: str = "",
    note: str = "",
) -> HttpResponse:
    """The store page; after a refused send, again with what was typed and why (400)."""
    user = request.user
    may_keep = selectors.may_keep(user, store)
    rows = list(send_rows or [])
    rows += [("", "")] * max(0, SEND_ROWS - len(rows))
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
        "other_stores": transfer_destinations(user, store) if may_keep else [],
        "kits": kit_plans(store) if may_keep else [],
        "send_options": _send_options(store) if may_keep else [],
        "send_rows": rows,
        "send_errors": send_errors or [],
        "sent_to": sent_to,
        "send_note": note,
    }
    status = 400 if send_errors else 200
    return render(request, "relief/store.html", context, status=status)


def _send_options(store: Store) -> list[tuple[str, str]]:
    """What the store can send: each item in stock (oldest batch first) and, for an item kept
    by batch, each unexpired batch on its own."""
    today = timezone.localdate()
    rows = (
        Balance.objects.filter(store=store, quantity__gt=0, item__is_active=True)
        .select_related("item")
        .order_by("item__name_hi", "expires_on", "batch")
    )
    options: list[tuple[str, str]] = []
    held: dict[int, int] = {}
    batches: dict[int, list[Balance]] = {}
    items: dict[int, Item] = {}
    for b in rows:
        if b.expires_on is not None and b.expires_on < today:
            continue
        items[b.item_id] = b.item
        held[b.item_id] = held.get(b.item_id, 0) + b.quantity
        if b.item.perishable:
            batches.setdefault(b.item_id, []).append(b)
    for item_id, item in items.items():
        measure = item.get_measure_display()
        if item.perishable:
            options.append(
                (
                    item.code,
                    _("%(item)s — oldest batch first (%(quantity)s %(measure)s in stock)")
                    % {"item": item.name, "quantity": held[item_id], "measure": measure},
                )
            )
            for b in batches.get(item_id, []):
                options.append(
                    (
                        f"{item.code}{BATCH_MARK}{b.batch}",
                        _("%(item)s — batch %(batch)s, expires %(date)s (%(quantity)s %(measure)s)")
                        % {
                            "item": item.name,
                            "batch": b.batch,
                            "date": date_format(b.expires_on, "j M Y") if b.expires_on else "",
                            "quantity": b.quantity,
                            "measure": measure,
                        },
                    )
                )
        else:
            options.append(
                (
                    item.code,
                    _("%(item)s — %(quantity)s %(measure)s in stock")
                    % {"item": item.name, "quantity": held[item_id], "measure": measure},
                )
            )
    return options


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
        refused(request, exc)
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
        refused(request, exc)
    else:
        messages.success(request, _("The correction was recorded."))
    return _back(store)


@require_POST
@login_required
def store_assemble(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Make kits from their components in this store; a short component is named, with how
    much is missing, and nothing is taken."""
    store = selectors.store_get_for_user(request.user, uuid=uuid, write=True)
    kit = _item(request.POST.get("kit"))
    if kit is None or not kit.is_kit:
        messages.error(request, _("Choose a kit."))
        return _back(store)
    count = _int(request.POST.get("count"))
    try:
        kit_assemble(store=store, kit=kit, count=count, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            ngettext("%(count)s %(kit)s was assembled.", "%(count)s %(kit)s were assembled.", count)
            % {"count": count, "kit": kit.name},
        )
    return _back(store)


@require_POST
@login_required
def store_send(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Send one or more lines (an item, or one batch of it, and how many) to another store in
    one transfer. Rows left empty are skipped; anything refused is shown with the rows as
    typed, and nothing is sent."""
    store = selectors.store_get_for_user(request.user, uuid=uuid, write=True)
    rows = [
        (choice.strip(), qty.strip())
        for choice, qty in zip_longest(
            request.POST.getlist("item"), request.POST.getlist("quantity"), fillvalue=""
        )
    ]
    sent_to, note = request.POST.get("to_store", ""), request.POST.get("note", "")
    to_uuid = uuid_or_none(sent_to)
    target = (
        transfer_destinations(request.user, store).filter(uuid=to_uuid).first()
        if to_uuid is not None
        else None
    )
    errors: list[str] = []
    if target is None:
        errors.append(_("Choose the store to send to."))
    lines: list[LineSpec] = []
    for number, (choice, qty) in enumerate(rows, 1):
        if not choice and not qty:
            continue
        code, mark, batch = choice.partition(BATCH_MARK)
        item = _item(code)
        if item is None:
            errors.append(_("Line %(line)s: choose an item.") % {"line": number})
            continue
        lines.append(LineSpec(item, _int(qty), batch if mark else None))
    if not lines and not errors:
        errors.append(_("Choose at least one item and how many to send."))
    if not errors:
        assert target is not None
        try:
            transfer = transfer_send(
                from_store=store, to_store=target, lines=lines, note=note, actor=request.user
            )
        except ValidationError as exc:
            errors += exc.messages
        else:
            messages.success(
                request, _("Sent. The keepers of %(store)s were told.") % {"store": target.name}
            )
            return redirect(reverse("relief:transfer", args=[transfer.uuid]))
    return _store_response(
        request, store, send_rows=rows, send_errors=errors, sent_to=sent_to, note=note
    )


@require_GET
@login_required
def transfer_page(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(request.user, uuid=uuid)
    on_the_way = transfer.status == TransferStatus.SENT
    context: dict[str, Any] = {
        "transfer": transfer,
        "lines": transfer.lines.select_related("item").order_by("pk"),
        "may_receive": on_the_way and selectors.may_keep(request.user, transfer.to_store),
        "may_cancel": on_the_way and selectors.may_keep(request.user, transfer.from_store),
        "cancelled": transfer.status == TransferStatus.CANCELLED,
    }
    return render(request, "relief/transfer.html", context)


@require_POST
@login_required
def transfer_cancel_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Call back a transfer on its way: the stock goes back into the sending store."""
    transfer: Transfer = selectors.transfer_get_for_user(request.user, uuid=uuid)
    selectors.require_keeper(request.user, transfer.from_store)
    try:
        transfer_cancel(
            transfer=transfer, reason=request.POST.get("reason", ""), actor=request.user
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("The transfer was cancelled; the stock is back in %(store)s.")
            % {"store": transfer.from_store.name},
        )
    return redirect(reverse("relief:transfer", args=[transfer.uuid]))


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
        refused(request, exc)
    else:
        messages.success(request, _("The transfer was received."))
    return redirect(reverse("relief:transfer", args=[transfer.uuid]))
