"""What marking attendance shares between the invitee list and the pasted list."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sangathan.core.access import path_filter
from sangathan.meetings.common import now, refuse_if_cancelled
from sangathan.meetings.models import Attendance, InvitedVia, Meeting, Presence
from sangathan.people.models import Person

if TYPE_CHECKING:
    from sangathan.core.models import User

# Attendance can be marked from this long before the start (people arrive early).
MARK_EARLY = timedelta(hours=2)


def visible(actor: User | None, person: Person) -> bool:
    """Whether the actor may see ``person`` at all; the system (None) sees everyone."""
    if actor is None:
        return True
    return Person.objects.filter(path_filter(actor, "unit_path"), pk=person.pk).exists()


def user_or_none(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def check_markable(meeting: Meeting, presence: str) -> None:
    """A mark that may be given now: not on a cancelled meeting, not days ahead (leave may)."""
    refuse_if_cancelled(meeting)
    if presence not in Presence.values:
        raise ValidationError({"presence": [_("Choose an attendance mark from the list.")]})
    if presence != Presence.ON_LEAVE and meeting.starts_at - MARK_EARLY > now():
        raise ValidationError(
            _("Attendance can be marked from two hours before the meeting starts.")
        )


def upsert(meeting: Meeting, person: Person, presence: str, actor: User | None) -> Attendance:
    """Mark ``person``, adding their row (came without an invitation) when there is none."""
    row, _created = Attendance.objects.get_or_create(
        meeting=meeting,
        person=person,
        defaults={
            "unit": meeting.unit,
            "unit_path": meeting.unit_path,
            "invited": False,
            "invited_via": InvitedVia.WALK_IN,
        },
    )
    row.presence = presence
    row.marked_by = user_or_none(actor)
    row.marked_at = now()
    row.save(update_fields=["presence", "marked_by", "marked_at"])
    return row
