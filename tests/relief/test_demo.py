"""The demo's weekend-lockdown drives, built on the test world: last weekend's, started before
its hand-overs and closed after them, with stock moved through the ledger and a shortage; and
this weekend's, under way from today with the booth persona on duty, where a hand-over can be
tried today. A second run writes nothing."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import World

from sangathan.core.models import AuditEntry, Role, User, describe
from sangathan.demo.context import DemoContext, Login
from sangathan.demo.relief import (
    DRIVE_TITLE,
    build,
    last_weekend,
    this_weekend,
    weekend_title,
)
from sangathan.people.models import Gender, Household
from sangathan.people.services import household_create, person_create
from sangathan.relief.distribution import EntitlementRefused, distribution_record
from sangathan.relief.ledger import ledger_drift
from sangathan.relief.models import (
    Distribution,
    Drive,
    DriveStatus,
    Duty,
    Item,
    Transfer,
    TransferStatus,
)
from sangathan.relief.reports import drive_summary

WEDNESDAY, SATURDAY, SUNDAY = date(2026, 11, 25), date(2026, 11, 28), date(2026, 11, 29)
NEXT_MONDAY = date(2026, 11, 30)


def freeze_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """Make ``day`` today for everything that asks ``timezone.localdate()``; a date asked of a
    given moment is still read from that moment."""
    real = timezone.localdate

    def localdate(value: datetime | None = None, timezone: object = None) -> date:
        return day if value is None else real(value, timezone)  # type: ignore[arg-type]

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@pytest.fixture
def residents(world: World) -> None:
    """Sixty families, most near the first mandal's point, five near the second's."""
    for n in range(60):
        booth = world.booth if n < 55 else world.other_mandal_booth
        home = household_create(unit=booth, address=f"{n} दादा नगर")
        person_create(name=f"परिवार मुखिया {n}", gender=Gender.MALE, home_unit=booth, household=home)


def demo_context(world: World) -> DemoContext:
    # The organisation step leaves the logins in the context; the booth persona among them.
    return DemoContext(
        units={"KNP-N": world.district},
        logins=[Login(username="booth", role=Role.WORKER, unit=world.booth, password="")],
    )


def this_weekends_drive() -> Drive:
    return Drive.objects.exclude(title=DRIVE_TITLE).get(status=DriveStatus.ACTIVE)


def test_the_last_weekend_is_over_before_today() -> None:
    assert last_weekend(date(2026, 11, 27)) == (date(2026, 11, 21), date(2026, 11, 22))
    assert last_weekend(date(2026, 11, 29)) == (date(2026, 11, 21), date(2026, 11, 22))
    assert last_weekend(date(2026, 11, 30)) == (date(2026, 11, 28), date(2026, 11, 29))


def test_this_weekend_runs_from_today_to_the_coming_sunday() -> None:
    assert this_weekend(WEDNESDAY) == (WEDNESDAY, SUNDAY)
    assert this_weekend(SATURDAY) == (SATURDAY, SUNDAY)
    assert this_weekend(SUNDAY) == (SUNDAY, SUNDAY)
    assert this_weekend(NEXT_MONDAY) == (NEXT_MONDAY, date(2026, 12, 6))


def test_a_weekend_drive_is_titled_with_its_days() -> None:
    assert weekend_title(SATURDAY, SUNDAY) == "लॉकडाउन सेवा: 28–29 नवंबर"
    assert weekend_title(SUNDAY, SUNDAY) == "लॉकडाउन सेवा: 29 नवंबर"
    assert weekend_title(NEXT_MONDAY, date(2026, 12, 6)) == "लॉकडाउन सेवा: 30 नवंबर–6 दिसंबर"


def test_the_demo_drive_is_built_once_through_the_ledger(
    world: World, residents: None, booth_worker: User
) -> None:
    context = demo_context(world)
    build(context)
    drive = Drive.objects.get(title=DRIVE_TITLE)
    assert context.created["relief drives"] == 2
    assert Distribution.objects.filter(drive=drive).count() > 100
    assert all(t.status == TransferStatus.RECEIVED for t in Transfer.objects.all())
    assert Transfer.objects.exclude(difference_reason="").count() == 1
    assert ledger_drift() == []
    summary = drive_summary(drive)
    assert summary.served.households == 60 and summary.served.by_category


def test_last_weekends_drive_was_started_before_its_handovers_and_closed_after(
    world: World, residents: None, booth_worker: User
) -> None:
    build(demo_context(world))
    drive = Drive.objects.get(title=DRIVE_TITLE)
    assert drive.status == DriveStatus.CLOSED
    target_type, target_id, _repr = describe(drive)
    started, closed = AuditEntry.objects.filter(
        action="relief.drive_status", target_type=target_type, target_id=target_id
    ).order_by("id")
    assert started.changes == {"status": [DriveStatus.PLANNED, DriveStatus.ACTIVE]}
    assert closed.changes == {"status": [DriveStatus.ACTIVE, DriveStatus.CLOSED]}
    handed = AuditEntry.objects.filter(
        action="relief.distributed",
        target_id__in=[str(u) for u in drive.distributions.values_list("uuid", flat=True)],
    ).values_list("id", flat=True)
    assert len(handed) == drive.distributions.count()
    assert started.id < min(handed) and max(handed) < closed.id


@pytest.mark.parametrize("today", [WEDNESDAY, SATURDAY, SUNDAY], ids=["wed", "sat", "sun"])
def test_the_booth_can_hand_over_at_this_weekends_drive_today(
    world: World,
    residents: None,
    booth_worker: User,
    monkeypatch: pytest.MonkeyPatch,
    today: date,
) -> None:
    freeze_today(monkeypatch, today)
    build(demo_context(world))
    drive = this_weekends_drive()
    assert (drive.starts_on, drive.ends_on) == (today, SUNDAY)
    assert drive.title == weekend_title(today, SUNDAY)
    assert not drive.distributions.exists()
    assert drive.points.count() == 2
    # On duty every day of the drive, at the point of their own mandal.
    duties = Duty.objects.filter(point__drive=drive, person=booth_worker.person)
    assert sorted(d.day for d in duties) == [
        date(2026, 11, day) for day in range(today.day, SUNDAY.day + 1)
    ]
    point = duties.get(day=today).point
    assert point.unit == world.mandal
    kit = Item.objects.get(code="ration-kit")
    # A family that had its kit last weekend: the rule is one per household per drive.
    had_one = Distribution.objects.filter(
        drive__title=DRIVE_TITLE, item=kit, point__unit=world.mandal
    ).values_list("household_id", flat=True)
    home = Household.objects.get(pk=had_one[0])
    given = distribution_record(
        drive=drive,
        point=point,
        item=kit,
        household=home,
        given_at=at(today, 11),
        actor=booth_worker,
    )
    assert given.created_by == booth_worker
    with pytest.raises(EntitlementRefused):
        distribution_record(
            drive=drive,
            point=point,
            item=kit,
            household=home,
            given_at=at(today, 12),
            actor=booth_worker,
        )
    assert drive.distributions.count() == 1


def test_the_booth_persona_sees_the_duty_and_the_point_on_the_home_page(
    world: World,
    residents: None,
    as_booth: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    freeze_today(monkeypatch, SATURDAY)
    build(demo_context(world))
    point = this_weekends_drive().points.get(unit=world.mandal)
    page = as_booth.get(reverse("core:home"))
    assert page.status_code == 200
    assert reverse("relief:point", args=[point.uuid]) in page.content.decode()
    assert as_booth.get(reverse("relief:point", args=[point.uuid])).status_code == 200


def test_running_the_demo_again_in_the_same_week_writes_nothing(
    world: World, residents: None, booth_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_today(monkeypatch, WEDNESDAY)
    build(demo_context(world))
    before = {m.__name__: m.objects.count() for m in (Drive, Distribution, Duty, AuditEntry)}
    for day in (WEDNESDAY, SATURDAY, SUNDAY):
        freeze_today(monkeypatch, day)
        again = demo_context(world)
        build(again)
        assert sum(again.created.values()) == 0
    assert {
        m.__name__: m.objects.count() for m in (Drive, Distribution, Duty, AuditEntry)
    } == before


def test_a_run_the_next_week_plans_that_weeks_drive_and_closes_the_one_that_is_over(
    world: World, residents: None, booth_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_today(monkeypatch, WEDNESDAY)
    build(demo_context(world))
    earlier = this_weekends_drive()
    freeze_today(monkeypatch, NEXT_MONDAY)
    context = demo_context(world)
    build(context)
    assert context.created["relief drives"] == 1
    earlier.refresh_from_db()
    assert earlier.status == DriveStatus.CLOSED
    now = this_weekends_drive()
    assert (now.starts_on, now.ends_on) == (NEXT_MONDAY, date(2026, 12, 6))
    assert Duty.objects.filter(point__drive=now, day=NEXT_MONDAY).exists()
    assert Drive.objects.filter(title=DRIVE_TITLE).count() == 1
