"""How the relief notifications read. Rendered in each recipient's language by ``notify``.

The context carries plain values (names, uuids), never model instances: a notification is sent
after the transaction commits and must not read the database again."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sangathan.core.notifications import Message, notification_kind


def _url(name: str, uuid: str) -> str:
    # The pages are built separately; until their URLs exist the message simply has no link.
    try:
        return reverse(name, args=[uuid])
    except NoReverseMatch:
        return ""


@notification_kind("relief/transfer_sent")
def _transfer_sent(*, from_store: str, to_store: str, lines: int, transfer: str) -> Message:
    return Message(
        kind="relief/transfer_sent",
        title=_("%(from_store)s has sent stock to %(to_store)s. Count it when it arrives.")
        % {"from_store": from_store, "to_store": to_store},
        body=_("Items sent: %(count)s.") % {"count": lines},
        url=_url("relief:transfer", transfer),
    )


@notification_kind("relief/low_stock")
def _low_stock(*, store: str, item: str, quantity: int, store_uuid: str) -> Message:
    return Message(
        kind="relief/low_stock",
        title=_("Stock is running low: %(store)s has %(quantity)s of %(item)s left.")
        % {"store": store, "quantity": quantity, "item": item},
        url=_url("relief:store", store_uuid),
    )


@notification_kind("relief/transfer_cancelled")
def _transfer_cancelled(*, from_store: str, to_store: str, transfer: str) -> Message:
    return Message(
        kind="relief/transfer_cancelled",
        title=_(
            "%(from_store)s has cancelled the stock it sent to %(to_store)s: nothing will arrive."
        )
        % {"from_store": from_store, "to_store": to_store},
        url=_url("relief:transfer", transfer),
    )
