"""How the relief notifications read. Rendered in each recipient's language by ``notify``.

The context carries plain values (names, uuids), never model instances: a notification is sent
after the transaction commits and must not read the database again."""

from __future__ import annotations

from datetime import date

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from sangathan.core.notifications import Message, notification_kind
from sangathan.lib.pressnote import MONTHS_EN, MONTHS_HI
from sangathan.relief.models import Shift


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


def _day(iso: str) -> str:
    """A duty's day in the reader's language: "शनिवार, 5 दिसंबर"."""
    day = date.fromisoformat(iso)
    months = MONTHS_HI if translation.get_language() == "hi" else MONTHS_EN
    return f"{WEEKDAYS[day.weekday()]}, {day.day} {months[day.month - 1]}"


def _duty(kind: str, text: str, drive: str, point: str, day: str, shift: str, link: str) -> Message:
    names = {"drive": drive, "point": point, "day": _day(day), "shift": Shift(shift).label}
    # The point page opens only while they may hand over there; otherwise their home page.
    url = _url("relief:point", link) if link else reverse("core:home")
    return Message(kind=kind, title=text % names, url=url)


@notification_kind("relief/duty_assigned")
def _duty_assigned(*, drive: str, point: str, day: str, shift: str, point_uuid: str) -> Message:
    text = _("You are on duty for %(drive)s at %(point)s on %(day)s, shift: %(shift)s.")
    return _duty("relief/duty_assigned", text, drive, point, day, shift, point_uuid)


@notification_kind("relief/duty_removed")
def _duty_removed(*, drive: str, point: str, day: str, shift: str, point_uuid: str) -> Message:
    text = _("You are no longer on duty for %(drive)s at %(point)s on %(day)s, shift: %(shift)s.")
    return _duty("relief/duty_removed", text, drive, point, day, shift, point_uuid)


@notification_kind("relief/duty_reminder")
def _duty_reminder(*, drive: str, point: str, day: str, shift: str, point_uuid: str) -> Message:
    text = _(
        "Reminder: tomorrow, %(day)s, you are on duty for %(drive)s at %(point)s, shift: %(shift)s."
    )
    return _duty("relief/duty_reminder", text, drive, point, day, shift, point_uuid)
