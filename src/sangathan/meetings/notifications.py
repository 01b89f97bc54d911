"""How the meetings notifications read. Rendered in each recipient's language by ``notify``.

The context carries plain values (names, uuids), never model instances: a notification is sent
after the transaction commits and must not read the database again."""

from __future__ import annotations

from datetime import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from sangathan.core.notifications import Message, notification_kind
from sangathan.lib.pressnote import MONTHS_EN, MONTHS_HI


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


def _clock(moment: datetime) -> str:
    """The hour as people say it: "शाम 5 बजे", "5 pm"; Hindi names the part of the day."""
    hour = moment.hour % 12 or 12
    names = {"time": f"{hour}:{moment.minute:02d}" if moment.minute else str(hour)}
    if moment.hour < 4:
        return pgettext("night", "%(time)s am") % names
    if moment.hour < 12:
        return pgettext("morning", "%(time)s am") % names
    if moment.hour < 16:
        return pgettext("afternoon", "%(time)s pm") % names
    if moment.hour < 20:
        return pgettext("evening", "%(time)s pm") % names
    return pgettext("night", "%(time)s pm") % names


def moment_text(iso: str) -> str:
    """A meeting's time in the reader's language, in India's time: "5 दिसंबर, शाम 5 बजे"
    (the year only when it is not this year's)."""
    moment = timezone.localtime(datetime.fromisoformat(iso))
    months = MONTHS_HI if translation.get_language() == "hi" else MONTHS_EN
    day = f"{moment.day} {months[moment.month - 1]}"
    if moment.year != timezone.localdate().year:
        day = f"{day} {moment.year}"
    return f"{day}, {_clock(moment)}"


@notification_kind("meetings/changed")
def _changed(
    *,
    title: str,
    unit: str,
    starts: str,
    location: str,
    old_starts: str,
    old_location: str,
    place_moved: bool,
    count: int,
    meeting: str,
) -> Message:
    """A meeting to come has a new time or place (``count`` of a series moved at once)."""
    names = {"title": title, "unit": unit, "when": moment_text(starts), "venue": location}
    if old_starts and location:
        text = _("%(title)s of %(unit)s will now be held on %(when)s at %(venue)s.")
    elif old_starts:
        text = _("%(title)s of %(unit)s will now be held on %(when)s.")
    elif location:
        text = _("%(title)s of %(unit)s on %(when)s will now be held at %(venue)s.")
    else:
        text = _("The venue of %(title)s of %(unit)s on %(when)s is no longer fixed.")
    was = {"when": moment_text(old_starts) if old_starts else "", "venue": old_location}
    if old_starts and place_moved and old_location:
        before = _("It was to be on %(when)s at %(venue)s.") % was
    elif old_starts:
        before = _("It was to be on %(when)s.") % was
    elif old_location:
        before = _("It was to be at %(venue)s.") % was
    else:
        before = ""
    body = [before]
    if count > 1:
        body.append(
            ngettext(
                "%(count)s meeting of this series has a new time or place.",
                "%(count)s meetings of this series have a new time or place.",
                count,
            )
            % {"count": count}
        )
    return Message(
        kind="meetings/changed",
        title=text % names,
        body=" ".join(part for part in body if part),
        url=_url("meetings:meeting", meeting),
    )
