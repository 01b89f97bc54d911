"""Recurring meetings: the monthly review on the 5th, the weekly meeting on Mondays.

A series holds the rule and what each occurrence copies (title, kind, time, venue, chair).
``series_schedule`` creates the next occurrences; it is idempotent: the database keeps one
meeting per series and date, so scheduling twice (or from two places at once) adds nothing.
``series_extend`` plans more after the last one (``series_edit.series_update`` changes the
series and its meetings still to come). Each new occurrence invites the
people invited to the one before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.meetings.common import check, now
from sangathan.meetings.models import (
    Attendance,
    Decision,
    InvitedVia,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    Presence,
    Recurrence,
    Statement,
    UnmatchedAttendee,
)
from sangathan.meetings.services import meeting_create

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.people.models import Person
    from sangathan.units.models import Unit

MAX_AHEAD = 24  # occurrences one call may create, and meetings a series may have still to come
EXTEND_MAX = 12  # meetings one "plan more" may add
EXTEND_DEFAULT = 3

# What a meeting copies from its series, compared one by one so that a meeting changed on its
# own (another venue that month) keeps its own value when the series changes.
COPIED = ("title", "kind", "venue", "place")


def rule_label(recurrence: str, day: int) -> str:
    """How a rule repeats, as people say it: "every month on day 5"."""
    if recurrence == Recurrence.WEEKLY:
        return _("Every week on %(weekday)s") % {"weekday": WEEKDAYS.get(day, "")}
    return _("Every month on day %(day)s") % {"day": day}


def rule_problems(
    *, title: str, recurrence: str, day: int, kind: str, duration_minutes: int
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
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
    return problems


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
    title = clean_text(title)
    problems = rule_problems(
        title=title, recurrence=recurrence, day=day, kind=kind, duration_minutes=duration_minutes
    )
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


def occurrence_start(series: MeetingSeries, day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, series.start_time))


def lock_series(series: MeetingSeries) -> None:
    """Hold the series' row for the transaction and read it afresh: two changes to one series
    (a form sent twice, two editors) run one after the other, the second seeing the first."""
    MeetingSeries.objects.select_for_update().filter(pk=series.pk).first()
    series.refresh_from_db()


def series_last_occurrence(series: MeetingSeries) -> date | None:
    """The date of the series' last meeting, held, planned or cancelled (None: it has none)."""
    return (
        series.meetings.exclude(occurrence=None)
        .order_by("-occurrence")
        .values_list("occurrence", flat=True)
        .first()
    )


def meetings_to_come(series: MeetingSeries) -> QuerySet[Meeting]:
    """The series' meetings a change to the series carries to: planned, still to come, and
    with nothing recorded at them yet (attendance marked, names pasted, statements, decisions).
    Soonest first."""
    here = OuterRef("pk")
    marked = Attendance.objects.filter(meeting=here).exclude(presence=Presence.UNKNOWN)
    return (
        series.meetings.filter(status=MeetingStatus.PLANNED, starts_at__gt=now())
        .exclude(Exists(marked))
        .exclude(Exists(UnmatchedAttendee.objects.filter(meeting=here)))
        .exclude(Exists(Statement.objects.filter(meeting=here)))
        .exclude(Exists(Decision.objects.filter(meeting=here)))
        .order_by("occurrence", "starts_at", "id")
    )


def _plan(series: MeetingSeries, dates: list[date], actor: User | None) -> list[Meeting]:
    """Create the series' meetings on ``dates``, skipping those that exist."""
    existing = set(
        series.meetings.filter(occurrence__in=dates).values_list("occurrence", flat=True)
    )
    created: list[Meeting] = []
    for day in dates:
        if day in existing:
            continue
        starts = occurrence_start(series, day)
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
    return _plan(series, dates, actor)


@transaction.atomic
def series_extend(
    *,
    series: MeetingSeries,
    count: int = EXTEND_DEFAULT,
    after: date | None = None,
    actor: User | None = None,
) -> list[Meeting]:
    """Plan the ``count`` dates of the rule that follow ``after`` (the series' last meeting
    when not given), none of them already past; returns the meetings created now.

    The series page sends the last date it showed as ``after``: a form sent twice asks for the
    same dates, and the second time finds them planned and adds nothing."""
    check(actor, series.unit, Role.EDITOR)
    lock_series(series)
    if not series.is_active:
        raise ValidationError(
            _("This series has been stopped; no more meetings can be planned for it.")
        )
    if not 1 <= count <= EXTEND_MAX:
        raise ValidationError(
            {"count": [_("Plan from 1 to %(max)s meetings at a time.") % {"max": EXTEND_MAX}]}
        )
    if after is None:
        after = series_last_occurrence(series)
    today = timezone.localdate()
    begin = today if after is None else max(after + timedelta(days=1), today)
    moment = now()
    dates: list[date] = []
    for day in occurrence_dates(series, begin):
        if occurrence_start(series, day) > moment:  # today's time may be past
            dates.append(day)
            if len(dates) == count:
                break
    taken = set(series.meetings.filter(occurrence__in=dates).values_list("occurrence", flat=True))
    new = [day for day in dates if day not in taken]
    ahead = series.meetings.filter(status=MeetingStatus.PLANNED, starts_at__gt=moment).count()
    if new and ahead + len(new) > MAX_AHEAD:
        too_many = _(
            "A series may have at most %(max)s meetings planned ahead; this one has %(ahead)s."
        )
        raise ValidationError({"count": [too_many % {"max": MAX_AHEAD, "ahead": ahead}]})
    planned = _plan(series, new, actor)
    if planned:
        audit(
            actor=actor,
            unit=series.unit,
            action="meetings.series_extended",
            target=series,
            changes={"dates": [m.occurrence.isoformat() for m in planned if m.occurrence]},
        )
    return planned


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
