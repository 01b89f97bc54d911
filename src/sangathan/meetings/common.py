"""Small pieces the meetings services share: role checks, recipients, how a time reads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import require_role
from sangathan.core.models import User
from sangathan.meetings.models import Meeting, MeetingStatus

if TYPE_CHECKING:
    from sangathan.units.models import Unit


class Unchanged(Enum):
    """An update argument that was not passed (None is a value some fields take)."""

    UNCHANGED = 0


UNCHANGED = Unchanged.UNCHANGED


def check(actor: User | None, unit: Unit, role: str) -> None:
    """Services run for a person (checked) or for the system: the CLI and demo (``None``)."""
    if actor is not None:
        require_role(actor, unit, role)


def now() -> datetime:
    return timezone.now()


def when_text(moment: datetime) -> str:
    """A time as people read it, in India's time: 27-11-2026 18:00."""
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def users_of(person_ids: Iterable[int]) -> list[User]:
    """The active accounts of these people (most workers have none: they hear by phone)."""
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return []
    return list(User.objects.filter(person_id__in=ids, is_active=True))


def refuse_if_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled; reopen it first to change it."))


def is_upcoming(meeting: Meeting) -> bool:
    """Planned and not started: invitations and reminders make sense."""
    return meeting.status == MeetingStatus.PLANNED and meeting.starts_at > now()
