"""Reminders to units that have not answered: by hand from the status board, and automatic
(``sangathan nominations remind``) a set time before the deadline and once after it. The
reminder log makes the automatic ones idempotent: the database refuses a second row of the
same kind for a panel, so two runs at once still send once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from sangathan.core.audit import audit
from sangathan.core.notifications import notify_on_commit
from sangathan.nominations.models import (
    ANSWERED,
    Reminder,
    ReminderKind,
    RequisitionStatus,
    Submission,
)
from sangathan.nominations.recipients import deadline_text, responders
from sangathan.nominations.services import _check_issuer, _now

if TYPE_CHECKING:
    from sangathan.core.models import User


@transaction.atomic
def reminder_send(
    *, submission: Submission, kind: str = ReminderKind.MANUAL, actor: User | None = None
) -> Reminder | None:
    """Remind the panel's unit's editors (or, when it has none, the nearest editors above it)
    that the panel is due or overdue. Returns None when an automatic reminder of ``kind`` was
    already sent for this panel. By hand: an editor of the issuer."""
    submission = Submission.objects.select_related("requisition__issuer", "unit").get(
        pk=submission.pk
    )
    requisition = submission.requisition
    _check_issuer(actor, requisition)
    if requisition.status != RequisitionStatus.OPEN or submission.status in ANSWERED:
        raise ValidationError(
            _("This panel is not waiting for an answer; there is nothing to remind.")
        )
    users = responders(submission)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                submission=submission, kind=kind, sent_by=actor, recipients=len(users)
            )
    except IntegrityError:
        return None
    overdue = submission.deadline < _now()
    notify_on_commit(
        users,
        "nominations/reminder",
        title=requisition.title,
        unit=submission.unit.name,
        deadline=deadline_text(submission.deadline),
        overdue=overdue,
        submission=str(submission.uuid),
    )
    audit(
        actor=actor,
        unit=requisition.issuer,
        action="nominations.reminded",
        target=submission,
        changes={"unit": submission.unit.name_hi, "kind": kind, "recipients": len(users)},
    )
    return reminder


@dataclass
class RemindResult:
    before_deadline: int = 0
    overdue: int = 0


def _waiting(kind: str, condition: Q) -> QuerySet[Submission]:
    """Panels of open requisitions still unanswered that have had no reminder of ``kind``."""
    already = Reminder.objects.filter(submission=OuterRef("pk"), kind=kind)
    return (
        Submission.objects.filter(requisition__status=RequisitionStatus.OPEN)
        .exclude(status__in=ANSWERED)
        .annotate(due=Coalesce("deadline_override", "requisition__deadline"))
        .filter(~Exists(already))
        .filter(condition)
    )


def reminders_send_due(*, hours_before: int = 24, now: datetime | None = None) -> RemindResult:
    """Send the automatic reminders that are due: to each unit that has not answered when its
    deadline is less than ``hours_before`` hours away, and once to each unit past it. Running
    it again sends nothing new."""
    moment = now or _now()
    result = RemindResult()
    soon = Q(due__gte=moment, due__lt=moment + timedelta(hours=hours_before))
    for submission in _waiting(ReminderKind.BEFORE_DEADLINE, soon):
        if reminder_send(submission=submission, kind=ReminderKind.BEFORE_DEADLINE) is not None:
            result.before_deadline += 1
    late = Q(due__lt=moment, late_allowed=False)
    for submission in _waiting(ReminderKind.OVERDUE, late):
        if reminder_send(submission=submission, kind=ReminderKind.OVERDUE) is not None:
            result.overdue += 1
    return result
