"""Recurring meetings: the monthly review on the 5th, the weekly meeting on Mondays.

A series holds the rule and what each occurrence copies (title, kind, time, venue, chair).
``series_schedule`` creates the next occurrences; it is idempotent: the database keeps one
meeting per series and date, so scheduling twice (or from two places at once) adds nothing.
Each new occurrence invites the people invited to the one before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.meetings.common import check
from sangathan.meetings.models import (
    Attendance,
    InvitedVia,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Recurrence,
)
from sangathan.meetings.services import meeting_create

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.people.models import Person
    from sangathan.units.models import Unit

MAX_AHEAD = 24  # occurrences one call may create


@transaction.atomic
def series_create(
    *,
    unit: Unit,
    title: str,
    recurrence: str,
    day: int,
    start_time: time,
    duration_minutes: int = 60,
    kind: str = MeetingKind.REVIEW,
    venue: str = "",
    place: str = "",
    chair: Person | None = None,
    actor: User | None = None,
) -> MeetingSeries:
    """A recurring meeting of ``unit``: monthly on ``day`` (1-28) or weekly on ``day``
    (0 Monday .. 6 Sunday). Schedule its meetings with ``series_schedule``."""
    check(actor, unit, Role.EDITOR)
    problems: dict[str, list[str]] = {}
    title = clean_text(title)
    if not title:
        problems["title"] = [_("Give the meeting a title.")]
    if recurrence == Recurrence.MONTHLY and not 1 <= day <= 28:
        problems["day"] = [_("For a monthly meeting choose a day from 1 to 28.")]
    elif recurrence == Recurrence.WEEKLY and not 0 <= day <= 6:
        problems["day"] = [_("For a weekly meeting choose a day of the week.")]
    elif recurrence not in Recurrence.values:
        problems["recurrence"] = [_("Choose how often the meeting repeats.")]
    if kind not in MeetingKind.values:
        problems["kind"] = [_("Choose a kind of meeting from the list.")]
    if not 10 <= duration_minutes <= 24 * 60:
        problems["duration_minutes"] = [_("A meeting lasts from 10 minutes to a day.")]
    if problems:
        raise ValidationError(problems)
    series = MeetingSeries.objects.create(
        unit=unit,
        unit_path=unit.path,
        title=title,
        kind=kind,
        recurrence=recurrence,
        day=day,
        start_time=start_time,
        duration_minutes=duration_minutes,
        venue=clean_text(venue),
        place=clean_text(place),
        chair=chair,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit(
        actor=actor,
        unit=unit,
        action="meetings.series_created",
        target=series,
        changes={"recurrence": recurrence, "day": day},
    )
    return series


def occurrence_dates(series: MeetingSeries, after: date) -> Iterator[date]:
    """The series' dates from ``after`` on (``after`` itself included), in order."""
    if series.recurrence == Recurrence.WEEKLY:
        day = after + timedelta(days=(series.day - after.weekday()) % 7)
        while True:
            yield day
            day += timedelta(days=7)
    year, month = after.year, after.month
    while True:
        day = date(year, month, series.day)
        if day >= after:
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _starts(series: MeetingSeries, day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, series.start_time))


@transaction.atomic
def series_schedule(
    *, series: MeetingSeries, count: int = 3, after: date | None = None, actor: User | None = None
) -> list[Meeting]:
    """Make sure the next ``count`` occurrences from ``after`` (today) exist; returns the
    meetings created now (none when they all existed)."""
    check(actor, series.unit, Role.EDITOR)
    if not series.is_active:
        raise ValidationError(_("This series has been stopped."))
    count = max(1, min(count, MAX_AHEAD))
    start = after or timezone.localdate()
    dates = []
    for day in occurrence_dates(series, start):
        dates.append(day)
        if len(dates) == count:
            break
    existing = set(
        series.meetings.filter(occurrence__in=dates).values_list("occurrence", flat=True)
    )
    created: list[Meeting] = []
    for day in dates:
        if day in existing:
            continue
        starts = _starts(series, day)
        try:
            with transaction.atomic():
                meeting = meeting_create(
                    unit=series.unit,
                    title=series.title,
                    kind=series.kind,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=series.duration_minutes),
                    venue=series.venue,
                    place=series.place,
                    chair=series.chair,
                    series=series,
                    occurrence=day,
                    actor=actor,
                )
        except IntegrityError:
            continue  # another run made it a moment ago
        _copy_invitees(meeting)
        created.append(meeting)
    return created


def _copy_invitees(meeting: Meeting) -> None:
    """Invite the people invited to the series' previous occurrence."""
    previous = (
        Meeting.objects.filter(series=meeting.series, occurrence__lt=meeting.occurrence)
        .order_by("-occurrence")
        .first()
    )
    if previous is None:
        return
    people = previous.attendances.filter(invited=True).values_list("person_id", flat=True)
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting,
                person_id=pid,
                unit=meeting.unit,
                unit_path=meeting.unit_path,
                invited=True,
                invited_via=InvitedVia.SERIES,
            )
            for pid in people
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def series_stop(*, series: MeetingSeries, actor: User | None = None) -> MeetingSeries:
    """No more occurrences; the meetings already made stay."""
    check(actor, series.unit, Role.EDITOR)
    if series.is_active:
        series.is_active = False
        series.save(update_fields=["is_active"])
        audit(actor=actor, unit=series.unit, action="meetings.series_stopped", target=series)
    return series
