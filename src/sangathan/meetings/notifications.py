"""How the meetings notifications read. Rendered in each recipient's language by ``notify``.

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


@notification_kind("meetings/invited")
def _invited(*, title: str, unit: str, when: str, venue: str, meeting: str) -> Message:
    if venue:
        text = _("You are invited to %(title)s of %(unit)s on %(when)s at %(venue)s.")
    else:
        text = _("You are invited to %(title)s of %(unit)s on %(when)s.")
    return Message(
        kind="meetings/invited",
        title=text % {"title": title, "unit": unit, "when": when, "venue": venue},
        url=_url("meetings:meeting", meeting),
    )


@notification_kind("meetings/cancelled")
def _cancelled(*, title: str, unit: str, when: str, reason: str, meeting: str) -> Message:
    return Message(
        kind="meetings/cancelled",
        title=_("%(title)s of %(unit)s on %(when)s has been cancelled.")
        % {"title": title, "unit": unit, "when": when},
        body=reason,
        url=_url("meetings:meeting", meeting),
    )


@notification_kind("meetings/reminder")
def _reminder(*, title: str, unit: str, when: str, venue: str, soon: bool, meeting: str) -> Message:
    if soon:
        text = _("Reminder: %(title)s of %(unit)s starts within the hour, at %(when)s.")
    else:
        text = _("Reminder: %(title)s of %(unit)s is tomorrow, %(when)s.")
    return Message(
        kind="meetings/reminder",
        title=text % {"title": title, "unit": unit, "when": when},
        body=venue,
        url=_url("meetings:meeting", meeting),
    )


@notification_kind("meetings/action_assigned")
def _action_assigned(*, text: str, meeting: str, due: str, item: str) -> Message:
    if due:
        title = _("An action item from %(meeting)s is yours, due by %(due)s.")
    else:
        title = _("An action item from %(meeting)s is yours.")
    return Message(
        kind="meetings/action_assigned",
        title=title % {"meeting": meeting, "due": due},
        body=text,
        url=_url("meetings:action_item", item),
    )


@notification_kind("meetings/action_reminder")
def _action_reminder(*, text: str, meeting: str, due: str, overdue: bool, item: str) -> Message:
    if overdue:
        title = _("An action item of yours from %(meeting)s was due on %(due)s and is still open.")
    else:
        title = _("Reminder: an action item of yours from %(meeting)s is due tomorrow, %(due)s.")
    return Message(
        kind="meetings/action_reminder",
        title=title % {"meeting": meeting, "due": due},
        body=text,
        url=_url("meetings:action_item", item),
    )
