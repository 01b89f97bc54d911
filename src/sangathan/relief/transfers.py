"""Transfers between stores: sent (several lines at once), received once with any difference
explained, or cancelled by the sender while still on the way.

Sending takes the stock out of the sending store at once (``TRANSFER_OUT`` entries);
receiving puts what arrived into the receiving store (``TRANSFER_IN``); cancelling puts every
line back into the sending store (``TRANSFER_BACK``). Nothing of the ledger is ever changed.
Receiving and cancelling lock the transfer row first, so that of two racing for the same
transfer exactly one wins; a CHECK on ``Transfer`` refuses a row both received and cancelled.
Re-exported by ``ledger``, where the other stock movements are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import path_filter
from sangathan.core.audit import audit
from sangathan.core.notifications import notify_on_commit
from sangathan.lib.text import clean_text
from sangathan.relief.models import EntryKind, Item, Store, Transfer, TransferLine, TransferStatus
from sangathan.relief.selectors import require_keeper
from sangathan.relief.stock import OverIssue, put, take
from sangathan.units.models import Unit

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.core.models import User


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
    """Send stock to another store: it leaves the sender now and arrives when received.

    Several lines go at once, all or nothing: every problem (a zero quantity, the same item and
    batch on two lines, too little in stock) is reported together and nothing is written. The
    receiving store is one the sender sees, or a store of a unit above the sending store
    (stock going back up the line); see ``transfer_destinations``."""
    require_keeper(actor, from_store)
    if from_store.pk == to_store.pk:
        raise ValidationError({"to_store": [_("Choose another store to send to.")]})
    if not to_store.is_active or (
        actor is not None
        and not transfer_destinations(actor, from_store).filter(pk=to_store.pk).exists()
    ):
        raise ValidationError(
            {
                "to_store": [
                    _("%(store)s can send only to a store of your units or of a unit above it.")
                    % {"store": from_store.name}
                ]
            }
        )
    if not lines:
        raise ValidationError({"lines": [_("Send at least one item.")]})
    problems = _line_problems(lines)
    if problems:
        raise ValidationError(problems)
    transfer = Transfer.objects.create(
        from_store=from_store,
        to_store=to_store,
        unit_path=from_store.unit_path,
        note=clean_text(note)[:300],
        sent_at=timezone.now(),
        sent_by=actor if actor is not None and actor.is_authenticated else None,
    )
    short: list[OverIssue] = []
    for line in lines:
        try:
            entries = take(
                store=from_store,
                item=line.item,
                quantity=line.quantity,
                kind=EntryKind.TRANSFER_OUT,
                actor=actor,
                batch=line.batch,
                transfer=transfer,
            )
        except OverIssue as exc:
            short.append(exc)  # the other lines are still checked; then nothing is kept
            continue
        for entry in entries:
            TransferLine.objects.create(
                transfer=transfer,
                item=line.item,
                batch=entry.batch,
                expires_on=entry.expires_on,
                sent=-entry.quantity,
            )
    if len(short) == 1:
        raise short[0]
    if short:
        raise ValidationError({"quantity": [m for exc in short for m in exc.messages]})
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


def _line_problems(lines: Sequence[LineSpec]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    seen: set[tuple[int, str]] = set()
    for line in lines:
        if line.quantity is None or int(line.quantity) < 1:
            problems.setdefault("quantity", []).append(
                _("The quantity of %(item)s must be a whole number above zero.")
                % {"item": line.item.name}
            )
        if not line.item.is_active:
            problems.setdefault("lines", []).append(
                _("%(item)s is retired from the catalogue.") % {"item": line.item.name}
            )
        key = (line.item.pk, line.batch or "")
        if key in seen:
            problems.setdefault("lines", []).append(
                _("%(item)s, batch %(batch)s, is on two lines: put it on one line.")
                % {"item": line.item.name, "batch": line.batch}
                if line.batch
                else _("%(item)s is on two lines: put it on one line.") % {"item": line.item.name}
            )
        seen.add(key)
    return problems


def transfer_destinations(user: AnyUser, store: Store) -> QuerySet[Store]:
    """The stores ``store`` may send to: those the user sees (their units and the stores they
    keep), and the stores of the units above ``store`` (returning stock up the line)."""
    step = Unit.steplen
    above = [store.unit_path[:n] for n in range(step, len(store.unit_path) + 1, step)]
    q = path_filter(user, "unit_path") | Q(unit_path__in=above)
    if user.is_authenticated:
        q |= Q(keepers=user)
    return (
        Store.objects.filter(q, is_active=True)
        .exclude(pk=store.pk)
        .distinct()
        .select_related("unit")
        .order_by("unit_path", "name")
    )


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") if moment else ""


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
    # The row lock orders this against a second receive and against a cancel.
    locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.status == TransferStatus.RECEIVED:
        raise ValidationError(
            _("This transfer was already received on %(date)s; it cannot be received twice.")
            % {"date": _when(locked.received_at)}
        )
    if locked.status == TransferStatus.CANCELLED:
        raise ValidationError(
            _("The sender cancelled this transfer on %(date)s; there is nothing to receive.")
            % {"date": _when(locked.cancelled_at)}
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


@transaction.atomic
def transfer_cancel(*, transfer: Transfer, reason: str = "", actor: User | None) -> Transfer:
    """Call back a transfer that has not been received (a keeper of the sending store or an
    editor of its unit): every line goes back into the sending store as new entries, nothing
    of the ledger is changed. The transfer row is locked first, so a cancel and a receive at
    the same moment cannot both win: the second one finds the first one's status."""
    require_keeper(actor, transfer.from_store)
    locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.status == TransferStatus.RECEIVED:
        raise ValidationError(
            _(
                "This transfer was received on %(date)s and can no longer be cancelled; "
                "send the stock back with a new transfer."
            )
            % {"date": _when(locked.received_at)}
        )
    if locked.status == TransferStatus.CANCELLED:
        raise ValidationError(
            _("This transfer was already cancelled on %(date)s.")
            % {"date": _when(locked.cancelled_at)}
        )
    reason = clean_text(reason)[:300]
    lines = list(locked.lines.select_related("item"))
    for line in lines:
        put(
            store=transfer.from_store,
            item=line.item,
            quantity=line.sent,
            batch=line.batch,
            expires_on=line.expires_on,
            kind=EntryKind.TRANSFER_BACK,
            actor=actor,
            transfer=locked,
            reason=reason,
        )
    Transfer.objects.filter(pk=locked.pk).update(
        status=TransferStatus.CANCELLED,
        cancelled_at=timezone.now(),
        cancelled_by=actor if actor is not None and actor.is_authenticated else None,
    )
    transfer.refresh_from_db()
    notify_on_commit(
        list(transfer.to_store.keepers.all()),
        "relief/transfer_cancelled",
        from_store=transfer.from_store.name,
        to_store=transfer.to_store.name,
        transfer=str(transfer.uuid),
    )
    audit(
        actor=actor,
        unit=transfer.from_store.unit,
        action="relief.transfer_cancelled",
        target=transfer,
        changes={"lines": [[ln.item.code, ln.batch, ln.sent] for ln in lines], "reason": reason},
    )
    return transfer
