"""The stock ledger: receipts, transfers, kit assembly, adjustments, and the balances.

Every movement appends ``StockEntry`` rows and changes the matching ``Balance`` rows in the
same transaction, through the primitives in ``stock`` (row locks, then the CHECK
(quantity >= 0) on ``Balance`` as the last line of defence). Nothing is edited or deleted:
a correction is an adjustment entry with a reason. Refusals raise ``ValidationError`` with
whole sentences; nothing of the movement is written then. ``OverIssue`` (from ``stock``) is
re-exported here.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import path_filter
from sangathan.core.audit import audit
from sangathan.core.notifications import notify_on_commit
from sangathan.lib.text import clean_text
from sangathan.relief.models import (
    AdjustmentReason,
    Balance,
    EntryKind,
    Item,
    ReceiptSource,
    StockEntry,
    StockThreshold,
    Store,
    Transfer,
    TransferLine,
    TransferStatus,
)
from sangathan.relief.selectors import require_keeper
from sangathan.relief.stock import OverIssue, batch_of, positive, put, take, total

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.core.models import User


# --- Movements --------------------------------------------------------------------------------


@transaction.atomic
def receipt_record(
    *,
    store: Store,
    item: Item,
    quantity: int,
    source_kind: str = ReceiptSource.DONOR,
    source: str = "",
    value: Decimal | None = None,
    batch: str = "",
    expires_on: date | None = None,
    actor: User | None,
) -> StockEntry:
    """Stock comes in: a donation or a purchase, from ``source``, worth ``value`` rupees."""
    require_keeper(actor, store)
    positive(quantity)
    if source_kind not in ReceiptSource.values:
        raise ValidationError({"source_kind": [_("Say whether it was donated or bought.")]})
    if value is not None and value < 0:
        raise ValidationError({"value": [_("The value cannot be below zero.")]})
    batch, expires_on = batch_of(item, batch, expires_on)
    entry = put(
        store=store,
        item=item,
        quantity=quantity,
        batch=batch,
        expires_on=expires_on,
        kind=EntryKind.RECEIPT,
        actor=actor,
        source_kind=source_kind,
        source=clean_text(source)[:200],
        value=value,
    )
    audit(
        actor=actor,
        unit=store.unit,
        action="relief.received",
        target=store,
        changes={"item": item.code, "quantity": quantity, "batch": batch, "source": source},
    )
    return entry


@transaction.atomic
def adjustment_record(
    *,
    store: Store,
    item: Item,
    quantity: int,
    reason_kind: str,
    reason: str = "",
    batch: str | None = None,
    expires_on: date | None = None,
    actor: User | None,
) -> list[StockEntry]:
    """A count correction, damage or expiry: ``quantity`` is signed (−3: three fewer). A reason
    is required; taking out never goes below zero."""
    require_keeper(actor, store)
    if not quantity:
        raise ValidationError({"quantity": [_("An adjustment must change the count.")]})
    if reason_kind not in AdjustmentReason.values:
        raise ValidationError({"reason_kind": [_("Choose why the count changes.")]})
    reason = clean_text(reason)[:300]
    if not reason:
        raise ValidationError({"reason": [_("Say why the count changes.")]})
    extra = {"reason_kind": reason_kind, "reason": reason}
    if quantity > 0:
        b, exp = batch_of(item, batch or "", expires_on)
        entries = [
            put(
                store=store,
                item=item,
                quantity=quantity,
                batch=b,
                expires_on=exp,
                kind=EntryKind.ADJUSTMENT,
                actor=actor,
                **extra,
            )
        ]
    else:
        entries = take(
            store=store,
            item=item,
            quantity=-quantity,
            kind=EntryKind.ADJUSTMENT,
            actor=actor,
            batch=batch,
            include_expired=True,
            reason_kind=reason_kind,
            reason=reason,
        )
    audit(
        actor=actor,
        unit=store.unit,
        action="relief.adjusted",
        target=store,
        changes={"item": item.code, "quantity": quantity, "reason": reason},
    )
    return entries


@transaction.atomic
def kit_assemble(*, store: Store, kit: Item, count: int, actor: User | None) -> list[StockEntry]:
    """Make ``count`` kits in the store: every component goes out and the kits come in, in one
    transaction (all or nothing)."""
    require_keeper(actor, store)
    positive(count, "count")
    if not kit.is_kit:
        raise ValidationError({"kit": [_("%(item)s is not a kit.") % {"item": kit.name}]})
    assembly = uuidlib.uuid4()
    entries: list[StockEntry] = []
    parts = list(kit.components.select_related("component").order_by("component_id"))
    problems: list[str] = []
    for part in parts:
        try:
            entries += take(
                store=store,
                item=part.component,
                quantity=part.quantity * count,
                kind=EntryKind.ASSEMBLY,
                actor=actor,
                assembly=assembly,
            )
        except OverIssue as exc:
            problems += exc.messages
    if problems:
        raise ValidationError({"count": problems})
    expiries = [e.expires_on for e in entries if e.expires_on is not None]
    batch = f"KIT-{timezone.localdate():%Y%m%d}" if kit.perishable else ""
    expires_on = min(expiries) if kit.perishable and expiries else None
    if kit.perishable and expires_on is None:
        expires_on = timezone.localdate() + timedelta(days=30)
    entries.append(
        put(
            store=store,
            item=kit,
            quantity=count,
            batch=batch,
            expires_on=expires_on,
            kind=EntryKind.ASSEMBLY,
            actor=actor,
            assembly=assembly,
        )
    )
    audit(
        actor=actor,
        unit=store.unit,
        action="relief.assembled",
        target=store,
        changes={"kit": kit.code, "count": count},
    )
    return entries


@dataclass
class LineSpec:
    """One item of a transfer: how many to send (from one batch, or oldest first)."""

    item: Item
    quantity: int
    batch: str | None = None


@transaction.atomic
def transfer_send(
    *,
    from_store: Store,
    to_store: Store,
    lines: Sequence[LineSpec],
    note: str = "",
    actor: User | None,
) -> Transfer:
    """Send stock to another store: it leaves the sender now and arrives when received."""
    require_keeper(actor, from_store)
    if from_store.pk == to_store.pk:
        raise ValidationError({"to_store": [_("Choose another store to send to.")]})
    if not lines:
        raise ValidationError({"lines": [_("Send at least one item.")]})
    for line in lines:
        positive(line.quantity)
    transfer = Transfer.objects.create(
        from_store=from_store,
        to_store=to_store,
        unit_path=from_store.unit_path,
        note=clean_text(note)[:300],
        sent_at=timezone.now(),
        sent_by=actor if actor is not None and actor.is_authenticated else None,
    )
    for line in lines:
        for entry in take(
            store=from_store,
            item=line.item,
            quantity=line.quantity,
            kind=EntryKind.TRANSFER_OUT,
            actor=actor,
            batch=line.batch,
            transfer=transfer,
        ):
            TransferLine.objects.create(
                transfer=transfer,
                item=line.item,
                batch=entry.batch,
                expires_on=entry.expires_on,
                sent=-entry.quantity,
            )
    keepers = list(to_store.keepers.all())
    notify_on_commit(
        keepers,
        "relief/transfer_sent",
        from_store=from_store.name,
        to_store=to_store.name,
        lines=len(lines),
        transfer=str(transfer.uuid),
    )
    audit(
        actor=actor,
        unit=from_store.unit,
        action="relief.transfer_sent",
        target=transfer,
        changes={"to": to_store.name, "lines": [[ln.item.code, ln.quantity] for ln in lines]},
    )
    return transfer


@transaction.atomic
def transfer_receive(
    *,
    transfer: Transfer,
    received: Mapping[Any, int] | None = None,
    difference_reason: str = "",
    actor: User | None,
) -> Transfer:
    """Count what arrived. ``received`` maps a line's uuid (str or UUID) to the count; lines
    left out arrived as sent. A difference needs ``difference_reason``. Received once only."""
    require_keeper(actor, transfer.to_store)
    locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.status == TransferStatus.RECEIVED:
        raise ValidationError(
            _("This transfer was already received on %(date)s; it cannot be received twice.")
            % {"date": timezone.localtime(locked.received_at).strftime("%d.%m.%Y %H:%M")}
        )
    counts = {str(k): v for k, v in (received or {}).items()}
    lines = list(transfer.lines.select_related("item"))
    unknown = set(counts) - {str(ln.uuid) for ln in lines}
    if unknown:
        raise ValidationError({"received": [_("Some counted lines are not in this transfer.")]})
    reason = clean_text(difference_reason)[:300]
    differ = False
    for line in lines:
        got = counts.get(str(line.uuid), line.sent)
        if got is None or int(got) < 0:
            raise ValidationError({"received": [_("A count cannot be below zero.")]})
        line.received = int(got)
        differ = differ or line.received != line.sent
    if differ and not reason:
        raise ValidationError(
            {"difference_reason": [_("What arrived differs from what was sent: say why.")]}
        )
    for line in lines:
        line.save(update_fields=["received"])
        if line.received:
            put(
                store=transfer.to_store,
                item=line.item,
                quantity=line.received,
                batch=line.batch,
                expires_on=line.expires_on,
                kind=EntryKind.TRANSFER_IN,
                actor=actor,
                transfer=transfer,
                reason=reason,
            )
    Transfer.objects.filter(pk=transfer.pk).update(
        status=TransferStatus.RECEIVED,
        received_at=timezone.now(),
        difference_reason=reason,
        received_by=actor if actor is not None and actor.is_authenticated else None,
    )
    transfer.refresh_from_db()
    audit(
        actor=actor,
        unit=transfer.to_store.unit,
        action="relief.transfer_received",
        target=transfer,
        changes={"lines": [[ln.item.code, ln.sent, ln.received] for ln in lines], "reason": reason},
    )
    return transfer


# --- Checks and warnings ----------------------------------------------------------------------


@dataclass(frozen=True)
class Drift:
    store_id: int
    item_id: int
    batch: str
    ledger: int
    balance: int


def ledger_drift(*, store: Store | None = None) -> list[Drift]:
    """Every (store, item, batch) whose balance row differs from the sum of its ledger."""
    entries = StockEntry.objects.all()
    balances = Balance.objects.all()
    if store is not None:
        entries, balances = entries.filter(store=store), balances.filter(store=store)
    sums = {
        (r["store_id"], r["item_id"], r["batch"]): r["s"]
        for r in entries.values("store_id", "item_id", "batch").annotate(s=Sum("quantity"))
    }
    held = {(b.store_id, b.item_id, b.batch): b.quantity for b in balances}
    return [
        Drift(
            store_id=k[0], item_id=k[1], batch=k[2], ledger=sums.get(k, 0), balance=held.get(k, 0)
        )
        for k in sorted(set(sums) | set(held))
        if sums.get(k, 0) != held.get(k, 0)
    ]


@transaction.atomic
def balances_rebuild(*, actor: User | None = None) -> list[Drift]:
    """Set every balance to the sum of its ledger; returns what differed (audited)."""
    drift = ledger_drift()
    for d in drift:
        row, _created = Balance.objects.select_for_update().get_or_create(
            store_id=d.store_id, item_id=d.item_id, batch=d.batch
        )
        Balance.objects.filter(pk=row.pk).update(quantity=d.ledger)
    if drift:
        audit(
            actor=actor,
            unit=None,
            action="relief.balances_rebuilt",
            target=None,
            changes={
                "rows": [[d.store_id, d.item_id, d.batch, d.balance, d.ledger] for d in drift]
            },
        )
    return drift


@dataclass(frozen=True)
class LowStock:
    store: Store
    item: Item
    quantity: int
    minimum: int


def low_stock(user: AnyUser, *, unit: Any = None) -> list[LowStock]:
    """Stores in reach holding an item at or below its warning level."""
    thresholds = StockThreshold.objects.filter(
        path_filter(user, "store__unit_path")
    ).select_related("store", "item")
    if unit is not None:
        thresholds = thresholds.filter(store__unit_path__subtree=unit.path)
    found = []
    for t in thresholds:
        held = total(t.store, t.item)
        if held <= t.minimum:
            found.append(LowStock(store=t.store, item=t.item, quantity=held, minimum=t.minimum))
    return found


def near_expiry(
    user: AnyUser, *, days: int = 30, unit: Any = None, today: date | None = None
) -> list[Balance]:
    """Batches in stock that expire within ``days`` (or already have), soonest first."""
    today = today or timezone.localdate()
    rows = Balance.objects.filter(
        path_filter(user, "store__unit_path"),
        quantity__gt=0,
        expires_on__isnull=False,
        expires_on__lte=today + timedelta(days=days),
    ).select_related("store", "item")
    if unit is not None:
        rows = rows.filter(store__unit_path__subtree=unit.path)
    return list(rows.order_by("expires_on", "store__name"))
