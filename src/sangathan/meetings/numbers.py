"""The meetings' numbers for dashboards: attendance rates, meetings held, open action items.

Each is one grouped query over the fact rows' ``unit_path`` (and the user's reach), never a
loop over units or meetings. "By unit" groups by the path of each child of the chosen unit
(the first step of the path below it); the unit's own meetings form a row of their own.

Attendance rate: of the people expected at held meetings (invited, or came anyway), the share
who came (present or late). Those on leave are excused: not counted as expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from sangathan.core.access import path_filter
from sangathan.meetings.models import (
    ATTENDED,
    ActionItem,
    ActionStatus,
    Attendance,
    Meeting,
    MeetingStatus,
    Presence,
)
from sangathan.units.models import Unit

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser

_EXPECTED = (Q(invited=True) | Q(presence__in=ATTENDED)) & ~Q(presence=Presence.ON_LEAVE)
_CAME = Q(presence__in=ATTENDED)


@dataclass(frozen=True)
class PersonRate:
    person_id: int
    name: str
    expected: int
    attended: int

    @property
    def rate(self) -> float:
        return self.attended / self.expected if self.expected else 0.0


@dataclass(frozen=True)
class UnitRate:
    unit: Unit
    expected: int
    attended: int

    @property
    def rate(self) -> float:
        return self.attended / self.expected if self.expected else 0.0


@dataclass(frozen=True)
class MonthCount:
    unit: Unit
    month: date
    held: int


@dataclass(frozen=True)
class OpenCount:
    unit: Unit
    open: int
    overdue: int


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    """``start`` to ``end`` inclusive, as aware instants in the active time zone."""
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def _held_attendance(user: AnyUser, unit: Unit, start: date, end: date) -> QuerySet[Attendance]:
    since, until = _span(start, end)
    return Attendance.objects.filter(
        path_filter(user, "unit_path"),
        unit_path__subtree=unit.path,
        meeting__status=MeetingStatus.HELD,
        meeting__starts_at__gte=since,
        meeting__starts_at__lt=until,
    )


def attendance_rate_by_person(
    user: AnyUser, *, unit: Unit, start: date, end: date
) -> list[PersonRate]:
    """Each person's attendance at held meetings of ``unit``'s subtree, worst rate first."""
    rows = (
        _held_attendance(user, unit, start, end)
        .values("person_id", "person__name")
        .annotate(expected=Count("id", filter=_EXPECTED), attended=Count("id", filter=_CAME))
        .order_by()
    )
    rates = [
        PersonRate(r["person_id"], r["person__name"], r["expected"], r["attended"])
        for r in rows
        if r["expected"]
    ]
    rates.sort(key=lambda r: (r.rate, r.name))
    return rates


def _child_prefix(unit: Unit) -> Any:
    return Substr("unit_path", 1, len(unit.path) + Unit.steplen)


def _units_by_path(paths: set[str]) -> dict[str, Unit]:
    return {u.path: u for u in Unit.objects.filter(path__in=paths).select_related("level")}


def attendance_rate_by_unit(user: AnyUser, *, unit: Unit, start: date, end: date) -> list[UnitRate]:
    """Attendance per child of ``unit`` (and the unit's own meetings), by unit path."""
    rows = list(
        _held_attendance(user, unit, start, end)
        .annotate(branch=_child_prefix(unit))
        .values("branch")
        .annotate(expected=Count("id", filter=_EXPECTED), attended=Count("id", filter=_CAME))
        .order_by("branch")
    )
    units = _units_by_path({r["branch"] for r in rows})
    return [
        UnitRate(units[r["branch"]], r["expected"], r["attended"])
        for r in rows
        if r["branch"] in units
    ]


def meetings_held_by_month(
    user: AnyUser, *, unit: Unit, start: date, end: date
) -> list[MonthCount]:
    """Held meetings per child of ``unit`` per month (months in India's time)."""
    since, until = _span(start, end)
    rows = list(
        Meeting.objects.filter(
            path_filter(user, "unit_path"),
            unit_path__subtree=unit.path,
            status=MeetingStatus.HELD,
            starts_at__gte=since,
            starts_at__lt=until,
        )
        .annotate(branch=_child_prefix(unit), month=TruncMonth("starts_at"))
        .values("branch", "month")
        .annotate(held=Count("id"))
        .order_by("branch", "month")
    )
    units = _units_by_path({r["branch"] for r in rows})
    result = []
    for r in rows:
        month = r["month"]
        if isinstance(month, datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        if r["branch"] in units:
            result.append(MonthCount(units[r["branch"]], month, r["held"]))
    return result


def open_action_items_by_unit(
    user: AnyUser, *, unit: Unit, today: date | None = None
) -> list[OpenCount]:
    """Open and overdue action items per child of ``unit``."""
    day = today or timezone.localdate()
    rows = list(
        ActionItem.objects.filter(
            path_filter(user, "unit_path"),
            unit_path__subtree=unit.path,
            status=ActionStatus.OPEN,
        )
        .annotate(branch=_child_prefix(unit))
        .values("branch")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_date__lt=day)))
        .order_by("branch")
    )
    units = _units_by_path({r["branch"] for r in rows})
    return [
        OpenCount(units[r["branch"]], r["open"], r["overdue"]) for r in rows if r["branch"] in units
    ]
