"""Recurring meetings: the monthly review on the 5th, the weekly meeting on Mondays.

A series holds the rule and what each occurrence copies (title, kind, time, venue, chair).
``series_schedule`` creates the next occurrences; it is idempotent: the database keeps one
meeting per series and date, so scheduling twice (or from two places at once) adds nothing.
``series_extend`` plans more after the last one, ``series_update`` changes the series and its
meetings still to come ("this and the following meetings"). Each new occurrence invites the
people invited to the one before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from sangathan.core.audit import audit, diff
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.meetings.common import UNCHANGED, Unchanged, check, now
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
from sangathan.meetings.services import _check_person_visible, meeting_create, meeting_update

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.people.models import Person
    from sangathan.units.models import Unit

MAX_AHEAD = 24  # occurrences one call may create, and meetings a series may have still to come
EXTEND_MAX = 12  # meetings one "plan more" may add
EXTEND_DEFAULT = 3

# What a meeting copies from its series, compared one by one so that a meeting changed on its
# own (another venue that month) keeps its own value when the series changes.
_COPIED = ("title", "kind", "venue", "place")


def rule_label(recurrence: str, day: int) -> str:
    """How a rule repeats, as people say it: "every month on day 5"."""
    if recurrence == Recurrence.WEEKLY:
        return _("Every week on %(weekday)s") % {"weekday": WEEKDAYS.get(day, "")}
    return _("Every month on day %(day)s") % {"day": day}


def _rule_problems(
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
    problems = _rule_problems(
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


def _starts(series: MeetingSeries, day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, series.start_time))


def _lock(series: MeetingSeries) -> None:
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
    _lock(series)
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
        if _starts(series, day) > moment:  # today's time may be past
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
    _lock(series)
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
        _check_person_visible(actor, chair, "chair")
        fields["chair"] = chair
    problems = _rule_problems(
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
        for name in (*_COPIED, "start_time", "duration_minutes", "chair_id")
    }
    for name, value in fields.items():
        setattr(series, name, value)
    series.save()
    followed = _carry(series, before, set(changes), actor)
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
) -> list[Meeting]:
    """Bring the meetings to come in line with the changed series; returns those changed.
    Each goes through ``meeting_update``, so its own history shows the change and reminders
    sent for an old time are forgotten."""
    meetings = list(meetings_to_come(series))
    new_dates: dict[int, date] = {}
    if changed & {"recurrence", "day"}:
        new_dates = _redate(series, [m for m in meetings if m.occurrence is not None])
        # Free the old dates first: one meeting's new date may be another's old one.
        Meeting.objects.filter(pk__in=new_dates).update(occurrence=None)
    followed = []
    for meeting in meetings:
        fields = _fields_to_follow(meeting, series, before, changed, new_dates.get(meeting.pk))
        moved = meeting.pk in new_dates and new_dates[meeting.pk] != meeting.occurrence
        if meeting.pk in new_dates:
            meeting.occurrence = new_dates[meeting.pk]
        if fields:
            meeting_update(meeting=meeting, actor=actor, **fields)
        elif meeting.pk in new_dates:
            meeting.save(update_fields=["occurrence", "updated_at"])
        if fields or moved:
            followed.append(meeting)
    return followed


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
        if day in kept or _starts(series, day) <= moment:
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
    for name in _COPIED:
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
