"""The demo's weekend-lockdown drive, built on the test world: stock moved through the
ledger, a few distributions, a shortage, and a second run that writes nothing."""

from __future__ import annotations

from datetime import date

from tests.conftest import World

from sangathan.demo.context import DemoContext
from sangathan.demo.relief import DRIVE_TITLE, build, last_weekend
from sangathan.people.models import Gender
from sangathan.people.services import household_create, person_create
from sangathan.relief.ledger import ledger_drift
from sangathan.relief.models import Distribution, Drive, Transfer, TransferStatus
from sangathan.relief.reports import drive_summary


def test_the_last_weekend_is_over_before_today() -> None:
    assert last_weekend(date(2026, 11, 27)) == (date(2026, 11, 21), date(2026, 11, 22))
    assert last_weekend(date(2026, 11, 29)) == (date(2026, 11, 21), date(2026, 11, 22))
    assert last_weekend(date(2026, 11, 30)) == (date(2026, 11, 28), date(2026, 11, 29))


def test_the_demo_drive_is_built_once_through_the_ledger(world: World) -> None:
    for n in range(60):
        booth = world.booth if n < 55 else world.other_mandal_booth
        home = household_create(unit=booth, address=f"{n} दादा नगर")
        person_create(name=f"परिवार मुखिया {n}", gender=Gender.MALE, home_unit=booth, household=home)
    context = DemoContext(units={"KNP-N": world.district})
    build(context)
    drive = Drive.objects.get(title=DRIVE_TITLE)
    assert context.created["relief drives"] == 1
    assert Distribution.objects.filter(drive=drive).count() > 100
    assert all(t.status == TransferStatus.RECEIVED for t in Transfer.objects.all())
    assert Transfer.objects.exclude(difference_reason="").count() == 1
    assert ledger_drift() == []
    summary = drive_summary(drive)
    assert summary.served.households == 60 and summary.served.by_category
    again = DemoContext(units={"KNP-N": world.district})
    build(again)
    assert sum(again.created.values()) == 0
