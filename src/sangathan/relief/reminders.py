"""Reminding volunteers of their relief duty the day before, through the notification service.

``duty_reminders_send_due`` is run by ``sangathan relief remind`` from cron, like the meeting
reminders; the reminder goes out from eight in the morning of the day before. Each duty is
reminded once: the run that sets its ``reminded_at`` sends, and a duty with it set is never
reminded again, so two runs at once still send once. Duties of a closed drive, and volunteers
without an account, are not reminded.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from sangathan.core.audit import audit
from sangathan.core.models import User
from sangathan.relief.drives import duty_tell
from sangathan.relief.models import DriveStatus, Duty

# Not at midnight: a message about tomorrow is read (or, by SMS, heard) in the daytime.
REMIND_FROM = time(8)


@transaction.atomic
def duty_remind(*, duty: Duty, now: datetime) -> bool:
    """Remind the volunteer of ``duty``; False when it was reminded already."""
    # The conditional update is the claim: of two runs at once only one changes the row.
    if not Duty.objects.filter(pk=duty.pk, reminded_at=None).update(reminded_at=now):
        return False
    duty.reminded_at = now
    duty_tell(duty, "relief/duty_reminder")
    audit(
        actor=None,
        unit=duty.point.drive.unit,
        action="relief.duty_reminded",
        target=duty.point,
        changes={"person": duty.person.name, "day": str(duty.day), "shift": duty.shift},
    )
    return True


def duty_reminders_send_due(*, now: datetime | None = None) -> int:
    """Remind every volunteer with an account of each duty they have tomorrow; how many
    duties were reminded. Running it again sends nothing new."""
    moment = now or timezone.now()
    if timezone.localtime(moment).time() < REMIND_FROM:
        return 0
    tomorrow = timezone.localdate(moment) + timedelta(days=1)
    account = User.objects.filter(person_id=OuterRef("person_id"), is_active=True)
    due = (
        Duty.objects.filter(day=tomorrow, reminded_at=None)
        .exclude(point__drive__status=DriveStatus.CLOSED)
        .filter(Exists(account))
        .select_related("person", "point__drive__unit", "point__unit", "point__store")
    )
    return sum(duty_remind(duty=duty, now=moment) for duty in due)
