"""The stock primitives under every movement: lock the balance rows, check, write the entry.

Taking stock locks the balance rows first (``select_for_update`` on PostgreSQL; SQLite's
single writer serialises anyway), checks what is there, then decrements with an ``F()``
update; the CHECK (quantity >= 0) on ``Balance`` refuses an overdraw even if the check were
ever skipped. The services in ``ledger`` and ``distribution`` call these inside their own
transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.models import Grant, Role
from sangathan.core.notifications import notify_on_commit
from sangathan.lib.text import clean_text
from sangathan.relief.models import Balance, Item, StockEntry, StockThreshold, Store

if TYPE_CHECKING:
    from sangathan.core.models import User


class OverIssue(ValidationError):
    """Less stock than asked for; ``available`` is what the store holds (unexpired)."""

    def __init__(self, *, store: Store, item: Item, wanted: int, available: int) -> None:
        self.available = available
        super().__init__(
            {
                "quantity": [
                    _(
                        "Only %(available)s %(measure)s of %(item)s are left in %(store)s; "
                        "%(wanted)s were asked for."
                    )
                    % {
                        "available": available,
                        "measure": item.get_measure_display(),
                        "item": item.name,
                        "store": store.name,
                        "wanted": wanted,
                    }
                ]
            }
        )


def positive(quantity: int, field: str = "quantity") -> None:
    if quantity is None or int(quantity) < 1:
        raise ValidationError({field: [_("The quantity must be a whole number above zero.")]})


def batch_of(item: Item, batch: str, expires_on: date | None) -> tuple[str, date | None]:
    batch = clean_text(batch or "")[:50]
    if item.perishable and (not batch or expires_on is None):
        raise ValidationError(
            {
                "batch": [
                    _("%(item)s is kept by batch: give the batch and its expiry date.")
                    % {"item": item.name}
                ]
            }
        )
    return batch, expires_on


# --- Balances ---------------------------------------------------------------------------------


def _balance_locked(store: Store, item: Item, batch: str, expires_on: date | None) -> Balance:
    """The balance row of one batch, locked for this transaction (created when new)."""
    rows = Balance.objects.select_for_update().filter(store=store, item=item, batch=batch)
    row = rows.first()
    if row is None:
        try:
            with transaction.atomic():
                row = Balance.objects.create(
                    store=store, item=item, batch=batch, expires_on=expires_on
                )
        except IntegrityError:
            # Another counter created it at the same moment: use theirs.
            row = rows.get()
    return row


def put(
    *,
    store: Store,
    item: Item,
    quantity: int,
    batch: str,
    expires_on: date | None,
    kind: str,
    actor: User | None,
    **extra: Any,
) -> StockEntry:
    row = _balance_locked(store, item, batch, expires_on)
    Balance.objects.filter(pk=row.pk).update(quantity=F("quantity") + quantity)
    return StockEntry.objects.create(
        store=store,
        unit_path=store.unit_path,
        item=item,
        batch=batch,
        expires_on=expires_on if expires_on is not None else row.expires_on,
        quantity=quantity,
        kind=kind,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        **extra,
    )


def take(
    *,
    store: Store,
    item: Item,
    quantity: int,
    kind: str,
    actor: User | None,
    batch: str | None = None,
    include_expired: bool = False,
    today: date | None = None,
    **extra: Any,
) -> list[StockEntry]:
    """Take ``quantity`` out, oldest expiry first (or from one ``batch``). Locks the rows,
    refuses with ``OverIssue`` when short, and writes one entry per batch touched."""
    today = today or timezone.localdate()
    rows = Balance.objects.select_for_update().filter(store=store, item=item, quantity__gt=0)
    if batch is not None:
        rows = rows.filter(batch=batch)
    locked = list(rows.order_by(F("expires_on").asc(nulls_last=True), "batch", "id"))
    usable = [r for r in locked if include_expired or r.expires_on is None or r.expires_on >= today]
    available = sum(r.quantity for r in usable)
    if available < quantity:
        raise OverIssue(store=store, item=item, wanted=quantity, available=available)
    before = total(store, item)
    entries: list[StockEntry] = []
    left = quantity
    for row in usable:
        if left == 0:
            break
        part = min(left, row.quantity)
        try:
            with transaction.atomic():
                Balance.objects.filter(pk=row.pk).update(quantity=F("quantity") - part)
        except IntegrityError as exc:
            # The CHECK refused an overdraw the lock should have prevented: same answer.
            raise OverIssue(
                store=store, item=item, wanted=quantity, available=available - part
            ) from exc
        entries.append(
            StockEntry.objects.create(
                store=store,
                unit_path=store.unit_path,
                item=item,
                batch=row.batch,
                expires_on=row.expires_on,
                quantity=-part,
                kind=kind,
                created_by=actor if actor is not None and actor.is_authenticated else None,
                **extra,
            )
        )
        left -= part
    _warn_if_low(store, item, before=before, after=before - quantity)
    return entries


def total(store: Store, item: Item) -> int:
    return int(
        Balance.objects.filter(store=store, item=item).aggregate(s=Sum("quantity"))["s"] or 0
    )


def _warn_if_low(store: Store, item: Item, *, before: int, after: int) -> None:
    """Tell the keepers and the unit's editors once, when the stock crosses its threshold."""
    threshold = StockThreshold.objects.filter(store=store, item=item).first()
    if threshold is None or not (after <= threshold.minimum < before):
        return
    editors = [
        g.user
        for g in Grant.objects.filter(
            unit=store.unit, role__in=Role.at_least(Role.EDITOR)
        ).select_related("user")
    ]
    notify_on_commit(
        [*store.keepers.all(), *editors],
        "relief/low_stock",
        store=store.name,
        item=item.name,
        quantity=after,
        store_uuid=str(store.uuid),
    )
