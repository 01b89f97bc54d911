"""Reminders of meetings to come: the day before and an hour before, to the invitees who
have an account (and the chair), through the notification service. Action items remind their
owners once the day before they are due and once when they are overdue.

``reminders_send_due`` is run by ``sangathan meetings remind`` from cron. The reminder log
makes it idempotent: the database refuses a second row of one kind for one meeting, so two
runs at once still send once. Meetings already started, cancelled, or recorded after the fact
are never reminded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sangathan.core.audit import audit
from sangathan.core.notifications import notify_on_commit
from sangathan.meetings import common
from sangathan.meetings.common import users_of, when_text
from sangathan.meetings.models import (
    ActionItem,
    ActionReminder,
    ActionReminderKind,
    ActionStatus,
    Meeting,
    MeetingReminder,
    MeetingStatus,
    ReminderKind,
    Rsvp,
)

# kind -> how far ahead it goes out. The hour-before window is inside the day-before one:
# a meeting first seen less than an hour ahead gets only the hour reminder.
AHEAD = {
    ReminderKind.DAY_BEFORE: timedelta(hours=24),
    ReminderKind.HOUR_BEFORE: timedelta(hours=1),
}


@dataclass
class RemindResult:
    day_before: int = 0
    hour_before: int = 0
    actions_due: int = 0  # action items due tomorrow
    actions_overdue: int = 0


def _recipients(meeting: Meeting) -> list[int]:
    invited = meeting.attendances.filter(invited=True).exclude(rsvp=Rsvp.NO)
    ids = list(invited.values_list("person_id", flat=True))
    if meeting.chair_id is not None:
        ids.append(meeting.chair_id)
    return ids


@transaction.atomic
def reminder_send(*, meeting: Meeting, kind: str) -> MeetingReminder | None:
    """Send one kind of reminder for ``meeting``; None when it was already sent."""
    users = users_of(_recipients(meeting))
    try:
        with transaction.atomic():
            reminder = MeetingReminder.objects.create(
                meeting=meeting, kind=kind, recipients=len(users)
            )
    except IntegrityError:
        return None
    notify_on_commit(
        users,
        "meetings/reminder",
        title=meeting.title,
        unit=meeting.unit.name_hi,
        when=when_text(meeting.starts_at),
        venue=meeting.venue,
        soon=kind == ReminderKind.HOUR_BEFORE,
        meeting=str(meeting.uuid),
    )
    audit(
        actor=None,
        unit=meeting.unit,
        action="meetings.reminded",
        target=meeting,
        changes={"kind": kind, "recipients": len(users)},
    )
    return reminder


def reminders_send_due(*, now: datetime | None = None) -> RemindResult:
    """Send every reminder that is due ``now``. Running it again sends nothing new."""
    moment = now or common.now()
    hour, day = AHEAD[ReminderKind.HOUR_BEFORE], AHEAD[ReminderKind.DAY_BEFORE]
    result = RemindResult()
    windows = {
        ReminderKind.DAY_BEFORE: (moment + hour, moment + day),
        ReminderKind.HOUR_BEFORE: (moment, moment + hour),
    }
    for kind, (after, until) in windows.items():
        sent = MeetingReminder.objects.filter(meeting=OuterRef("pk"), kind=kind)
        due = (
            Meeting.objects.filter(
                status=MeetingStatus.PLANNED, starts_at__gt=after, starts_at__lte=until
            )
            .filter(~Exists(sent))
            .select_related("unit")
        )
        for meeting in due:
            if reminder_send(meeting=meeting, kind=kind) is not None:
                if kind == ReminderKind.DAY_BEFORE:
                    result.day_before += 1
                else:
                    result.hour_before += 1
    actions_remind(result, timezone.localdate(moment))
    return result


def _action_remind(item: ActionItem, kind: str) -> bool:
    users = users_of(item.owners.values_list("pk", flat=True))
    try:
        with transaction.atomic():
            ActionReminder.objects.create(action_item=item, kind=kind, recipients=len(users))
    except IntegrityError:
        return False
    notify_on_commit(
        users,
        "meetings/action_reminder",
        text=item.text[:200],
        meeting=item.meeting.title,
        due=item.due_date.strftime("%d-%m-%Y") if item.due_date else "",
        overdue=kind == ActionReminderKind.OVERDUE,
        item=str(item.uuid),
    )
    return True


@transaction.atomic
def actions_remind(result: RemindResult, today: date) -> None:
    """Open action items due tomorrow, and those past their date, each reminded once."""
    for kind, when in (
        (ActionReminderKind.DUE_SOON, Q(due_date=today + timedelta(days=1))),
        (ActionReminderKind.OVERDUE, Q(due_date__lt=today)),
    ):
        sent = ActionReminder.objects.filter(action_item=OuterRef("pk"), kind=kind)
        due = (
            ActionItem.objects.filter(when, status=ActionStatus.OPEN)
            .filter(~Exists(sent))
            .select_related("meeting")
        )
        for item in due:
            if _action_remind(item, kind):
                if kind == ActionReminderKind.DUE_SOON:
                    result.actions_due += 1
                else:
                    result.actions_overdue += 1
