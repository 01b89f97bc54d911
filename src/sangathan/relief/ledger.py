"""The stock ledger: receipts, transfers (in ``transfers``, re-exported here), kit assembly,
adjustments, and the balances.

Every movement appends ``StockEntry`` rows and changes the matching ``Balance`` rows in the
same transaction, through the primitives in ``stock`` (row locks, then the CHECK
(quantity >= 0) on ``Balance`` as the last line of defence). Nothing is edited or deleted:
a correction is an adjustment entry with a reason. Refusals raise ``ValidationError`` with
whole sentences; nothing of the movement is written then. ``OverIssue`` (from ``stock``) is
re-exported here.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sangathan.core.access import path_filter
from sangathan.core.audit import audit
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
)
from sangathan.relief.selectors import require_keeper
from sangathan.relief.stock import OverIssue, batch_of, positive, put, take, total

# Transfers live in their own module; their services are named here too, with the other
# movements of stock.
from sangathan.relief.transfers import (
    LineSpec,
    transfer_cancel,
    transfer_destinations,
    transfer_receive,
    transfer_send,
)

__all__ = [
    "Drift",
    "KitPart",
    "KitPlan",
    "LineSpec",
    "LowStock",
    "OverIssue",
    "adjustment_record",
    "balances_rebuild",
    "kit_assemble",
    "kit_plans",
    "ledger_drift",
    "low_stock",
    "near_expiry",
    "receipt_record",
    "transfer_cancel",
    "transfer_destinations",
    "transfer_receive",
    "transfer_send",
]

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
            problems.append(_shortage(store, part.component, part.quantity, count, exc.available))
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


def _shortage(store: Store, item: Item, per_kit: int, count: int, available: int) -> str:
    """Which component is short for ``count`` kits, and by how much."""
    needed = per_kit * count
    return ngettext(
        "Only %(available)s %(measure)s of %(item)s are left in %(store)s; one kit needs "
        "%(needed)s: %(missing)s short.",
        "Only %(available)s %(measure)s of %(item)s are left in %(store)s; %(count)s kits need "
        "%(needed)s: %(missing)s short.",
        count,
    ) % {
        "available": available,
        "measure": item.get_measure_display(),
        "item": item.name,
        "store": store.name,
        "count": count,
        "needed": needed,
        "missing": needed - available,
    }


@dataclass(frozen=True)
class KitPart:
    item: Item
    per_kit: int
    held: int  # usable (unexpired) stock in the store


@dataclass(frozen=True)
class KitPlan:
    """What one kit consumes in a store, and how many the store can make now."""

    kit: Item
    parts: list[KitPart]

    @property
    def most(self) -> int:
        return min((p.held // p.per_kit for p in self.parts), default=0)


def kit_plans(store: Store, *, today: date | None = None) -> list[KitPlan]:
    """Every active kit with its components and what the store holds of them (a preview for
    the assembly form; ``kit_assemble`` checks again under the row locks)."""
    today = today or timezone.localdate()
    kits = list(
        Item.objects.filter(is_kit=True, is_active=True)
        .prefetch_related("components__component")
        .order_by("name_hi")
    )
    part_ids = {c.component_id for k in kits for c in k.components.all()}
    held = {
        row["item_id"]: row["s"]
        for row in Balance.objects.filter(store=store, item_id__in=part_ids, quantity__gt=0)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .values("item_id")
        .annotate(s=Sum("quantity"))
    }
    return [
        KitPlan(
            kit=k,
            parts=[
                KitPart(item=c.component, per_kit=c.quantity, held=held.get(c.component_id, 0))
                for c in k.components.all()
            ],
        )
        for k in kits
    ]


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
