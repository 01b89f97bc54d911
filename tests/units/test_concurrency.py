"""Races that the database, not Python, must settle. PostgreSQL only: SQLite serialises writers."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sangathan.people.models import Gender
from sangathan.people.services import person_create
from sangathan.units.models import Appointment
from sangathan.units.services import appointment_create, unit_create
from tests.conftest import World

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests run on PostgreSQL (make test runs them there)")


def _race(n: int, work: Callable[[int], None]) -> list[BaseException | None]:
    barrier = threading.Barrier(n)
    outcomes: list[BaseException | None] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_two_editors_filling_the_last_seat_at_once_fill_it_once(world: World) -> None:
    people = [person_create(name=f"दावेदार {i}", gender=Gender.MALE) for i in range(4)]

    def appoint(i: int) -> None:
        appointment_create(person=people[i], post_type=world.booth_social_media, unit=world.booth)

    outcomes = _race(4, appoint)
    assert Appointment.objects.filter(unit=world.booth).count() == 1
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 3


def test_units_added_at_once_under_one_parent_all_get_distinct_paths(world: World) -> None:
    def add(i: int) -> None:
        unit_create(level=world.levels["Booth"], name_hi=f"नया बूथ {i}", parent=world.kendra)

    outcomes = _race(4, add)
    assert outcomes == [None] * 4
    world.kendra.refresh_from_db()
    assert world.kendra.numchild == 6
