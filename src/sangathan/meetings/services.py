"""Every change to a meeting, its agenda and its statements goes through one function here.

Attendance is in ``attendance.py``, decisions and action items in ``decisions.py``, the press
note in ``pressnotes.py``, recurring meetings in ``series.py``. Refusals raise
``django.core.exceptions.ValidationError`` with whole translated sentences; a role too low is
``PermissionDenied``; the services never raise 404 (the selectors fetch objects).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import path_filter
from sangathan.core.audit import audit, save_changes
from sangathan.core.models import Role
from sangathan.core.notifications import notify_on_commit
from sangathan.lib.text import clean_text
from sangathan.meetings.common import (
    UNCHANGED,
    Unchanged,
    check,
    is_upcoming,
    now,
    refuse_if_cancelled,
    users_of,
    when_text,
)
from sangathan.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    Statement,
)
from sangathan.meetings.moves import MeetingPlace, meeting_move, meetings_moved_notify
from sangathan.people.models import Person

if TYPE_CHECKING:
    from datetime import date

    from sangathan.core.models import User
    from sangathan.units.models import Unit


# --- Meetings -------------------------------------------------------------------------------


def _clean_times(starts_at: datetime, ends_at: datetime | None) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if timezone.is_naive(starts_at):
        problems["starts_at"] = [_("Give the time with its time zone.")]
    if ends_at is not None:
        if timezone.is_naive(ends_at):
            problems["ends_at"] = [_("Give the time with its time zone.")]
        elif not timezone.is_naive(starts_at) and ends_at <= starts_at:
            problems["ends_at"] = [_("The meeting must end after it starts.")]
    return problems


def check_person_visible(actor: User | None, person: Person | None, field: str) -> None:
    """A person named on a meeting (chair, speaker) must be someone the actor can see."""
    if actor is None or person is None:
        return
    if not Person.objects.filter(path_filter(actor, "unit_path"), pk=person.pk).exists():
        raise ValidationError({field: _("%(name)s is not in your units.") % {"name": person.name}})


@transaction.atomic
def meeting_create(
    *,
    unit: Unit,
    title: str,
    starts_at: datetime,
    kind: str = MeetingKind.OTHER,
    ends_at: datetime | None = None,
    venue: str = "",
    place: str = "",
    occasion: str = "",
    chair: Person | None = None,
    series: MeetingSeries | None = None,
    occurrence: date | None = None,
    actor: User | None = None,
) -> Meeting:
    """Plan a meeting of ``unit`` (an editor of it). A meeting in the past may be recorded;
    no invitations or reminders are sent for it (``selectors.meeting_is_past``)."""
    check(actor, unit, Role.EDITOR)
    problems = _clean_times(starts_at, ends_at)
    title = clean_text(title)
    if not title:
        problems["title"] = [_("Give the meeting a title.")]
    if kind not in MeetingKind.values:
        problems["kind"] = [_("Choose a kind of meeting from the list.")]
    if problems:
        raise ValidationError(problems)
    check_person_visible(actor, chair, "chair")
    meeting = Meeting.objects.create(
        unit=unit,
        unit_path=unit.path,
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=clean_text(venue),
        place=clean_text(place),
        occasion=clean_text(occasion),
        chair=chair,
        series=series,
        occurrence=occurrence,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit(
        actor=actor,
        unit=unit,
        action="meetings.created",
        target=meeting,
        changes={"title": title, "starts_at": when_text(starts_at), "kind": kind},
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor: User | None = None,
    title: str | Unchanged = UNCHANGED,
    kind: str | Unchanged = UNCHANGED,
    starts_at: datetime | Unchanged = UNCHANGED,
    ends_at: datetime | Unchanged | None = UNCHANGED,
    venue: str | Unchanged = UNCHANGED,
    place: str | Unchanged = UNCHANGED,
    occasion: str | Unchanged = UNCHANGED,
    chair: Person | Unchanged | None = UNCHANGED,
    venue_public: bool | Unchanged = UNCHANGED,
    attendees_public: bool | Unchanged = UNCHANGED,
    notify_invitees: bool = True,
) -> Meeting:
    """Change what is passed, nothing else (an editor of the meeting's unit). A meeting to
    come that gets a new time or place is told to its invitees, unless ``notify_invitees``
    is off: a series change tells them once for all its meetings (``series_edit``)."""
    check(actor, meeting.unit, Role.EDITOR)
    refuse_if_cancelled(meeting)
    fields: dict[str, Any] = {}
    for name, value in (
        ("title", title),
        ("kind", kind),
        ("starts_at", starts_at),
        ("ends_at", ends_at),
        ("venue", venue),
        ("place", place),
        ("occasion", occasion),
        ("venue_public", venue_public),
        ("attendees_public", attendees_public),
    ):
        if value is not UNCHANGED:
            fields[name] = clean_text(value) if isinstance(value, str) and name != "kind" else value
    if chair is not UNCHANGED:
        check_person_visible(actor, chair, "chair")
        fields["chair"] = chair
    problems = _clean_times(
        fields.get("starts_at", meeting.starts_at), fields.get("ends_at", meeting.ends_at)
    )
    if "title" in fields and not fields["title"]:
        problems["title"] = [_("Give the meeting a title.")]
    if "kind" in fields and fields["kind"] not in MeetingKind.values:
        problems["kind"] = [_("Choose a kind of meeting from the list.")]
    if problems:
        raise ValidationError(problems)
    was = MeetingPlace(meeting.starts_at, meeting.venue, meeting.place)
    changes = save_changes(
        meeting, fields, actor=actor, unit=meeting.unit, action="meetings.updated"
    )
    if "starts_at" in changes:
        # Reminders already sent were for the old time: the new time gets its own.
        meeting.reminders.all().delete()
    move = meeting_move(meeting, was)
    if move is not None and notify_invitees:
        meetings_moved_notify(moves=[move], actor=actor)
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor: User | None = None) -> Meeting:
    """Record that the meeting took place (marking attendance does this too)."""
    check(actor, meeting.unit, Role.EDITOR)
    refuse_if_cancelled(meeting)
    if meeting.starts_at > now():
        raise ValidationError(_("A meeting that has not started yet cannot be marked as held."))
    if meeting.status != MeetingStatus.HELD:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status", "updated_at"])
        audit(actor=actor, unit=meeting.unit, action="meetings.held", target=meeting)
    return meeting


def mark_held_if_started(meeting: Meeting, actor: User | None) -> None:
    """Attendance marked for a meeting that has started says it took place."""
    if meeting.status == MeetingStatus.PLANNED and meeting.starts_at <= now():
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status", "updated_at"])
        audit(actor=actor, unit=meeting.unit, action="meetings.held", target=meeting)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str = "", actor: User | None = None) -> Meeting:
    """Call the meeting off. Invitees with an account are told when it was still to come."""
    check(actor, meeting.unit, Role.EDITOR)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("This meeting has been held; it cannot be cancelled."))
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    upcoming = is_upcoming(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = clean_text(reason)[:300]
    meeting.save(update_fields=["status", "cancel_reason", "updated_at"])
    if upcoming:
        invited = meeting.attendances.filter(invited=True).values_list("person_id", flat=True)
        notify_on_commit(
            users_of(invited),
            "meetings/cancelled",
            title=meeting.title,
            unit=meeting.unit.name_hi,
            when=when_text(meeting.starts_at),
            reason=meeting.cancel_reason,
            meeting=str(meeting.uuid),
        )
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.cancelled",
        target=meeting,
        changes={"reason": meeting.cancel_reason},
    )
    return meeting


@transaction.atomic
def meeting_reopen(*, meeting: Meeting, actor: User | None = None) -> Meeting:
    """A cancelled meeting back to planned (or a held one, recorded by mistake)."""
    check(actor, meeting.unit, Role.EDITOR)
    if meeting.status != MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.PLANNED
        meeting.cancel_reason = ""
        meeting.save(update_fields=["status", "cancel_reason", "updated_at"])
        audit(actor=actor, unit=meeting.unit, action="meetings.reopened", target=meeting)
    return meeting


# --- Agenda ---------------------------------------------------------------------------------


def _next_position(qs: Any) -> int:
    return int(qs.aggregate(top=Max("position"))["top"] or 0) + 1


def _renumber(rows: list[Any]) -> None:
    for number, row in enumerate(rows, start=1):
        if row.position != number:
            row.position = number
            row.save(update_fields=["position"])


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    minutes: str = "",
    public: bool = True,
    actor: User | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda. ``public``: its minutes go into the press note."""
    check(actor, meeting.unit, Role.EDITOR)
    refuse_if_cancelled(meeting)
    title = clean_text(title)
    if not title:
        raise ValidationError({"title": [_("Give the agenda item a title.")]})
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=_next_position(meeting.agenda),
        title=title,
        minutes=minutes.strip(),
        public=public,
    )
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.agenda_added",
        target=item,
        changes={"title": title},
    )
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    actor: User | None = None,
    title: str | Unchanged = UNCHANGED,
    minutes: str | Unchanged = UNCHANGED,
    public: bool | Unchanged = UNCHANGED,
) -> AgendaItem:
    """Change an item's title, minutes (written during or after the meeting) or visibility."""
    meeting = item.meeting
    check(actor, meeting.unit, Role.EDITOR)
    refuse_if_cancelled(meeting)
    fields: dict[str, Any] = {}
    if title is not UNCHANGED:
        fields["title"] = clean_text(title)
        if not fields["title"]:
            raise ValidationError({"title": [_("Give the agenda item a title.")]})
    if minutes is not UNCHANGED:
        fields["minutes"] = minutes.strip()
    if public is not UNCHANGED:
        fields["public"] = public
    save_changes(item, fields, actor=actor, unit=meeting.unit, action="meetings.agenda_updated")
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, position: int, actor: User | None = None) -> AgendaItem:
    """Put the item at ``position`` (1 is first); the others close up around it."""
    meeting = item.meeting
    check(actor, meeting.unit, Role.EDITOR)
    rows = [r for r in meeting.agenda.select_for_update() if r.pk != item.pk]
    position = max(1, min(position, len(rows) + 1))
    rows.insert(position - 1, item)
    _renumber(rows)
    item.refresh_from_db()
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.agenda_moved",
        target=item,
        changes={"position": position},
    )
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor: User | None = None) -> None:
    meeting = item.meeting
    check(actor, meeting.unit, Role.EDITOR)
    refuse_if_cancelled(meeting)
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.agenda_removed",
        target=item,
        changes={"title": item.title},
    )
    item.delete()
    _renumber(list(meeting.agenda.all()))


# --- Statements -----------------------------------------------------------------------------


@transaction.atomic
def statement_add(
    *,
    meeting: Meeting,
    speaker: Person,
    text: str,
    speaker_post: str = "",
    public: bool = True,
    actor: User | None = None,
) -> Statement:
    """What ``speaker`` said, for the minutes and (when public) the press note, attributed
    with their post ("जिला अध्यक्ष सुनील बजाज ने बताया कि ...")."""
    check(actor, meeting.unit, Role.EDITOR)
    refuse_if_cancelled(meeting)
    check_person_visible(actor, speaker, "speaker")
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write what was said.")]})
    statement = Statement.objects.create(
        meeting=meeting,
        position=_next_position(meeting.statements),
        speaker=speaker,
        speaker_post=clean_text(speaker_post),
        text=text,
        public=public,
    )
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.statement_added",
        target=statement,
        changes={"speaker": speaker.name},
    )
    return statement


@transaction.atomic
def statement_update(
    *,
    statement: Statement,
    actor: User | None = None,
    text: str | Unchanged = UNCHANGED,
    speaker_post: str | Unchanged = UNCHANGED,
    public: bool | Unchanged = UNCHANGED,
) -> Statement:
    meeting = statement.meeting
    check(actor, meeting.unit, Role.EDITOR)
    refuse_if_cancelled(meeting)
    fields: dict[str, Any] = {}
    if text is not UNCHANGED:
        fields["text"] = text.strip()
        if not fields["text"]:
            raise ValidationError({"text": [_("Write what was said.")]})
    if speaker_post is not UNCHANGED:
        fields["speaker_post"] = clean_text(speaker_post)
    if public is not UNCHANGED:
        fields["public"] = public
    save_changes(
        statement, fields, actor=actor, unit=meeting.unit, action="meetings.statement_updated"
    )
    return statement


@transaction.atomic
def statement_remove(*, statement: Statement, actor: User | None = None) -> None:
    meeting = statement.meeting
    check(actor, meeting.unit, Role.EDITOR)
    refuse_if_cancelled(meeting)
    audit(actor=actor, unit=meeting.unit, action="meetings.statement_removed", target=statement)
    statement.delete()
    _renumber(list(meeting.statements.all()))
