"""Invitees, answers and attendance marks.

One ``Attendance`` row per person per meeting (the database refuses a second): invited or
not, the answer, the mark. Inviting needs an editor of the meeting's unit; answers and marks a
worker. Marking attendance once the meeting has started records it as held. The pasted list
is in ``paste.py``; its names are re-exported here, so the whole of attendance is one import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.core.notifications import notify_on_commit
from sangathan.meetings.common import (
    check,
    is_upcoming,
    now,
    refuse_if_cancelled,
    users_of,
    when_text,
)
from sangathan.meetings.marking import MARK_EARLY, check_markable, upsert, user_or_none, visible
from sangathan.meetings.models import (
    ATTENDED,
    Attendance,
    InvitedVia,
    Meeting,
    Presence,
    Rsvp,
)
from sangathan.meetings.paste import (
    PasteAction,
    PasteCandidate,
    PasteChoice,
    PasteInvalid,
    PasteProblem,
    PasteResult,
    PasteRow,
    attendance_paste_apply,
    attendance_paste_preview,
    unmatched_remove,
    unmatched_resolve,
)
from sangathan.meetings.selectors import post_holder_ids
from sangathan.meetings.services import mark_held_if_started
from sangathan.people.models import Person

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.units.models import PostType, Unit

__all__ = [
    "MARK_EARLY",
    "InviteResult",
    "PasteAction",
    "PasteCandidate",
    "PasteChoice",
    "PasteInvalid",
    "PasteProblem",
    "PasteResult",
    "PasteRow",
    "attendance_mark",
    "attendance_mark_person",
    "attendance_paste_apply",
    "attendance_paste_preview",
    "invitee_add",
    "invitee_remove",
    "invitees_add_by_post",
    "rsvp_set",
    "unmatched_remove",
    "unmatched_resolve",
]


# --- Invitees -------------------------------------------------------------------------------


def _invite_notify(meeting: Meeting, person_ids: Sequence[int]) -> None:
    if not person_ids or not is_upcoming(meeting):
        return  # a meeting already started is recorded, not announced
    notify_on_commit(
        users_of(person_ids),
        "meetings/invited",
        title=meeting.title,
        unit=meeting.unit.name_hi,
        when=when_text(meeting.starts_at),
        venue=meeting.venue,
        meeting=str(meeting.uuid),
    )


@transaction.atomic
def invitee_add(*, meeting: Meeting, person: Person, actor: User | None = None) -> Attendance:
    """Invite ``person``. Inviting someone already on the list changes nothing; someone who
    came uninvited is marked invited. Told by notification only if the meeting is to come."""
    check(actor, meeting.unit, Role.EDITOR)
    refuse_if_cancelled(meeting)
    if not visible(actor, person):
        raise ValidationError(
            {"person": _("%(name)s is not in your units.") % {"name": person.name}}
        )
    row, created = Attendance.objects.get_or_create(
        meeting=meeting,
        person=person,
        defaults={
            "unit": meeting.unit,
            "unit_path": meeting.unit_path,
            "invited": True,
            "invited_via": InvitedVia.PERSON,
        },
    )
    if not created and row.invited:
        return row
    if not created:
        row.invited = True
        row.save(update_fields=["invited"])
    _invite_notify(meeting, [person.pk])
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.invited",
        target=meeting,
        changes={"person": person.name},
    )
    return row


@dataclass
class InviteResult:
    added: int = 0
    already: int = 0
    people: list[Person] = field(default_factory=list)


@transaction.atomic
def invitees_add_by_post(
    *, meeting: Meeting, post_type: PostType, under: Unit, actor: User | None = None
) -> InviteResult:
    """Invite every current holder of ``post_type`` in the units of its level under
    ``under`` (all मंडल अध्यक्ष of कानपुर महानगर उत्तर), in bulk."""
    check(actor, meeting.unit, Role.EDITOR)
    check(actor, under, Role.VIEWER)
    refuse_if_cancelled(meeting)
    if post_type.level.depth < under.level.depth:
        raise ValidationError(
            {
                "post": _("%(post)s is a post of %(level)s units, above %(unit)s.")
                % {"post": post_type.name, "level": post_type.level.name, "unit": under.name}
            }
        )
    person_ids = list(post_holder_ids(post_type=post_type, under=under))
    existing = {
        row.person_id: row
        for row in Attendance.objects.filter(meeting=meeting, person_id__in=person_ids)
    }
    result = InviteResult()
    to_flag = [row.pk for row in existing.values() if not row.invited]
    if to_flag:
        Attendance.objects.filter(pk__in=to_flag).update(
            invited=True, invited_via=InvitedVia.POST, invited_post=post_type
        )
    result.already = len(existing) - len(to_flag)
    new_ids = [pid for pid in person_ids if pid not in existing]
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting,
                person_id=pid,
                unit=meeting.unit,
                unit_path=meeting.unit_path,
                invited=True,
                invited_via=InvitedVia.POST,
                invited_post=post_type,
            )
            for pid in new_ids
        ]
    )
    newly = new_ids + [row.person_id for row in existing.values() if row.pk in to_flag]
    result.added = len(newly)
    result.people = list(Person.objects.filter(pk__in=newly).order_by("name"))
    _invite_notify(meeting, newly)
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.invited_by_post",
        target=meeting,
        changes={"post": post_type.name_hi, "under": under.name_hi, "added": result.added},
    )
    return result


@transaction.atomic
def invitee_remove(*, attendance: Attendance, actor: User | None = None) -> None:
    """Take someone off the list; refused once they are marked as having come."""
    meeting = attendance.meeting
    check(actor, meeting.unit, Role.EDITOR)
    if attendance.presence in ATTENDED:
        raise ValidationError(
            _("%(name)s is marked as present; change the attendance first.")
            % {"name": attendance.person.name}
        )
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.uninvited",
        target=meeting,
        changes={"person": attendance.person.name},
    )
    attendance.delete()


@transaction.atomic
def rsvp_set(*, attendance: Attendance, rsvp: str, actor: User | None = None) -> Attendance:
    """The invitee's answer: a worker of the unit records it, or the invitee themself."""
    meeting = attendance.meeting
    if actor is None or getattr(actor, "person_id", None) != attendance.person_id:
        check(actor, meeting.unit, Role.WORKER)
    refuse_if_cancelled(meeting)
    if rsvp not in Rsvp.values:
        raise ValidationError({"rsvp": [_("Choose an answer from the list.")]})
    if attendance.rsvp != rsvp:
        old = attendance.rsvp
        attendance.rsvp = rsvp
        attendance.save(update_fields=["rsvp"])
        audit(
            actor=actor,
            unit=meeting.unit,
            action="meetings.rsvp",
            target=meeting,
            changes={"person": attendance.person.name, "rsvp": [old, rsvp]},
        )
    return attendance


# --- Marking --------------------------------------------------------------------------------


@transaction.atomic
def attendance_mark(
    *, attendance: Attendance, presence: str, actor: User | None = None
) -> Attendance:
    """Mark one row present, late, absent, on leave or not marked (a worker of the unit)."""
    meeting = attendance.meeting
    check(actor, meeting.unit, Role.WORKER)
    check_markable(meeting, presence)
    attendance.presence = presence
    attendance.marked_by = user_or_none(actor)
    attendance.marked_at = now()
    attendance.save(update_fields=["presence", "marked_by", "marked_at"])
    mark_held_if_started(meeting, actor)
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.marked",
        target=meeting,
        changes={"person": attendance.person.name, "presence": presence},
    )
    return attendance


@transaction.atomic
def attendance_mark_person(
    *, meeting: Meeting, person: Person, presence: str = Presence.PRESENT, actor: User | None = None
) -> Attendance:
    """Mark ``person``, adding a row when they were not invited (came anyway)."""
    check(actor, meeting.unit, Role.WORKER)
    check_markable(meeting, presence)
    if not visible(actor, person):
        raise ValidationError(
            {"person": _("%(name)s is not in your units.") % {"name": person.name}}
        )
    row = upsert(meeting, person, presence, actor)
    mark_held_if_started(meeting, actor)
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.marked",
        target=meeting,
        changes={"person": person.name, "presence": presence},
    )
    return row
