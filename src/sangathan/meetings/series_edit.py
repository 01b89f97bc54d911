"""Changing a repeating meeting: ``series_update`` changes the series and its meetings still
to come ("this and the following meetings"). Meetings already held, cancelled or with anything
recorded keep what they have, and a meeting changed on its own keeps its own value."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.audit import audit, diff
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.meetings.common import UNCHANGED, Unchanged, check, now
from sangathan.meetings.models import Meeting, MeetingSeries, Recurrence
from sangathan.meetings.moves import MeetingMove, MeetingPlace, meeting_move, meetings_moved_notify
from sangathan.meetings.series import (
    COPIED,
    lock_series,
    meetings_to_come,
    occurrence_dates,
    occurrence_start,
    rule_problems,
)
from sangathan.meetings.services import check_person_visible, meeting_update

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.people.models import Person


@dataclass(frozen=True)
class SeriesUpdate:
    """What ``series_update`` did: the series' ``[old, new]`` changes (empty: nothing
    changed) and the meetings to come that followed them."""

    series: MeetingSeries
    changes: dict[str, list[Any]] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)


@transaction.atomic
def series_update(
    *,
    series: MeetingSeries,
    actor: User | None = None,
    title: str | Unchanged = UNCHANGED,
    kind: str | Unchanged = UNCHANGED,
    recurrence: str | Unchanged = UNCHANGED,
    day: int | Unchanged = UNCHANGED,
    start_time: time | Unchanged = UNCHANGED,
    duration_minutes: int | Unchanged = UNCHANGED,
    venue: str | Unchanged = UNCHANGED,
    place: str | Unchanged = UNCHANGED,
    chair: Person | Unchanged | None = UNCHANGED,
) -> SeriesUpdate:
    """Change what is passed on the series and carry it to its meetings to come
    (``meetings_to_come``), like "this and the following events" in a calendar.

    A meeting keeps a value it was given on its own (another venue, a later time that month):
    only values still as the series had them follow. A new rule (``recurrence``, ``day``)
    moves the meetings to come to the new days. Meetings held, cancelled, past or with
    attendance recorded keep what they recorded."""
    check(actor, series.unit, Role.EDITOR)
    lock_series(series)
    if not series.is_active:
        raise ValidationError(_("This series has been stopped; it can no longer be changed."))
    fields: dict[str, Any] = {}
    for name, text in (("title", title), ("venue", venue), ("place", place)):
        if text is not UNCHANGED:
            fields[name] = clean_text(text)
    for name, value in (
        ("kind", kind),
        ("recurrence", recurrence),
        ("day", day),
        ("duration_minutes", duration_minutes),
    ):
        if value is not UNCHANGED:
            fields[name] = value
    if start_time is not UNCHANGED:
        fields["start_time"] = start_time.replace(second=0, microsecond=0)
    if chair is not UNCHANGED:
        check_person_visible(actor, chair, "chair")
        fields["chair"] = chair
    problems = rule_problems(
        title=fields.get("title", series.title),
        recurrence=fields.get("recurrence", series.recurrence),
        day=fields.get("day", series.day),
        kind=fields.get("kind", series.kind),
        duration_minutes=fields.get("duration_minutes", series.duration_minutes),
    )
    if problems:
        raise ValidationError(problems)
    changes = diff(series, fields)
    if not changes:
        return SeriesUpdate(series=series)
    before = {
        name: getattr(series, name)
        for name in (*COPIED, "start_time", "duration_minutes", "chair_id")
    }
    for name, value in fields.items():
        setattr(series, name, value)
    series.save()
    followed, moves = _carry(series, before, set(changes), actor)
    # One notice per invitee for the whole series, not one per meeting that moved.
    meetings_moved_notify(moves=moves, actor=actor)
    audit(
        actor=actor,
        unit=series.unit,
        action="meetings.series_updated",
        target=series,
        changes={**changes, "meetings_changed": len(followed)},
    )
    return SeriesUpdate(series=series, changes=changes, meetings=followed)


def _carry(
    series: MeetingSeries, before: dict[str, Any], changed: set[str], actor: User | None
) -> tuple[list[Meeting], list[MeetingMove]]:
    """Bring the meetings to come in line with the changed series; returns those changed,
    and those of them with a new time or place. Each goes through ``meeting_update``, so its
    own history shows the change and reminders sent for an old time are forgotten."""
    meetings = list(meetings_to_come(series))
    new_dates: dict[int, date] = {}
    if changed & {"recurrence", "day"}:
        new_dates = _redate(series, [m for m in meetings if m.occurrence is not None])
        # Free the old dates first: one meeting's new date may be another's old one.
        Meeting.objects.filter(pk__in=new_dates).update(occurrence=None)
    followed, moves = [], []
    for meeting in meetings:
        fields = _fields_to_follow(meeting, series, before, changed, new_dates.get(meeting.pk))
        moved = meeting.pk in new_dates and new_dates[meeting.pk] != meeting.occurrence
        if meeting.pk in new_dates:
            meeting.occurrence = new_dates[meeting.pk]
        if fields:
            was = MeetingPlace(meeting.starts_at, meeting.venue, meeting.place)
            meeting_update(meeting=meeting, actor=actor, notify_invitees=False, **fields)
            move = meeting_move(meeting, was)
            if move is not None:
                moves.append(move)
        elif meeting.pk in new_dates:
            meeting.save(update_fields=["occurrence", "updated_at"])
        if fields or moved:
            followed.append(meeting)
    return followed, moves


def _redate(series: MeetingSeries, meetings: list[Meeting]) -> dict[int, date]:
    """New dates under the series' new rule for ``meetings`` (soonest first), as many as
    there are: from the start of the month (or week) of the first of them, never in the past,
    never on a date another meeting of the series keeps."""
    if not meetings:
        return {}
    kept = set(
        series.meetings.exclude(pk__in=[m.pk for m in meetings])
        .exclude(occurrence=None)
        .values_list("occurrence", flat=True)
    )
    first = meetings[0].occurrence
    assert first is not None
    if series.recurrence == Recurrence.WEEKLY:
        period = first - timedelta(days=first.weekday())
    else:
        period = first.replace(day=1)
    moment = now()
    dates: list[date] = []
    for day in occurrence_dates(series, max(period, timezone.localdate())):
        if day in kept or occurrence_start(series, day) <= moment:
            continue
        dates.append(day)
        if len(dates) == len(meetings):
            break
    return {m.pk: day for m, day in zip(meetings, dates, strict=True)}


def _fields_to_follow(
    meeting: Meeting,
    series: MeetingSeries,
    before: dict[str, Any],
    changed: set[str],
    new_date: date | None,
) -> dict[str, Any]:
    """The ``meeting_update`` arguments that bring ``meeting`` in line with the series."""
    fields: dict[str, Any] = {}
    for name in COPIED:
        if name in changed and getattr(meeting, name) == before[name]:
            fields[name] = getattr(series, name)
    if "chair" in changed and meeting.chair_id == before["chair_id"]:
        fields["chair"] = series.chair
    local = timezone.localtime(meeting.starts_at)
    # A meeting moved to another day on its own stays on that day; one on its date moves.
    day = new_date if new_date is not None and local.date() == meeting.occurrence else local.date()
    clock = series.start_time if local.time() == before["start_time"] else local.time()
    starts = timezone.make_aware(datetime.combine(day, clock))
    ends = meeting.ends_at
    if ends is not None:
        length = ends - meeting.starts_at
        if length == timedelta(minutes=before["duration_minutes"]):
            length = timedelta(minutes=series.duration_minutes)
        ends = starts + length
    if starts != meeting.starts_at:
        fields["starts_at"] = starts
    if ends != meeting.ends_at:
        fields["ends_at"] = ends
    return fields
