"""How the nominations notifications read. Rendered in each recipient's language by ``notify``.

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


@notification_kind("nominations/requested")
def _requested(*, title: str, issuer: str, unit: str, deadline: str, submission: str) -> Message:
    return Message(
        kind="nominations/requested",
        title=_("%(issuer)s asks %(unit)s for names: %(title)s.")
        % {"issuer": issuer, "unit": unit, "title": title},
        body=_("Send the panel by %(deadline)s.") % {"deadline": deadline},
        url=_url("nominations:panel", submission),
    )


@notification_kind("nominations/reminder")
def _reminder(*, title: str, unit: str, deadline: str, overdue: bool, submission: str) -> Message:
    if overdue:
        text = _("The panel of %(unit)s for %(title)s was due on %(deadline)s and is not in yet.")
    else:
        text = _("Reminder: the panel of %(unit)s for %(title)s is due on %(deadline)s.")
    return Message(
        kind="nominations/reminder",
        title=text % {"unit": unit, "title": title, "deadline": deadline},
        url=_url("nominations:panel", submission),
    )


@notification_kind("nominations/submitted")
def _submitted(*, title: str, unit: str, requisition: str) -> Message:
    return Message(
        kind="nominations/submitted",
        title=_("%(unit)s has sent its panel for %(title)s.") % {"unit": unit, "title": title},
        url=_url("nominations:requisition", requisition),
    )


@notification_kind("nominations/returned")
def _returned(*, title: str, unit: str, reason: str, submission: str) -> Message:
    return Message(
        kind="nominations/returned",
        title=_("The panel of %(unit)s for %(title)s has been returned for correction.")
        % {"unit": unit, "title": title},
        body=reason,
        url=_url("nominations:panel", submission),
    )


@notification_kind("nominations/accepted")
def _accepted(*, title: str, unit: str, submission: str) -> Message:
    return Message(
        kind="nominations/accepted",
        title=_("The panel of %(unit)s for %(title)s has been accepted.")
        % {"unit": unit, "title": title},
        url=_url("nominations:panel", submission),
    )


@notification_kind("nominations/outcome")
def _outcome(*, title: str, unit: str, selected: list[str], submission: str) -> Message:
    if selected:
        text = _("From the panel of %(unit)s for %(title)s, selected: %(names)s.")
    else:
        text = _("From the panel of %(unit)s for %(title)s, no one was selected.")
    return Message(
        kind="nominations/outcome",
        title=text % {"unit": unit, "title": title, "names": ", ".join(selected)},
        url=_url("nominations:panel", submission),
    )
