"""Races the database must settle: one panel per unit per requisition, one selection per name,
one nominee row per person and post. PostgreSQL only: SQLite serialises writers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sangathan.nominations.models import Nomination, Outcome, Submission
from sangathan.nominations.panels import nominee_add, panel_submit
from sangathan.nominations.selection import nomination_select
from sangathan.nominations.services import requisition_issue
from sangathan.people.models import Person
from sangathan.units.models import Appointment
from tests.conftest import World
from tests.nominations.conftest import DistrictAsk, Posts, StateAsk
from tests.units.test_concurrency import _postgres_only, _race  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_issuing_twice_at_once_makes_one_panel_per_unit(world: World, posts: Posts) -> None:
    from sangathan.nominations.services import AskSpec, requisition_create
    from tests.nominations.conftest import later

    requisition = requisition_create(
        issuer=world.district,
        title="एक साथ",
        deadline=later(),
        asks=[AskSpec(post_type=posts.social)],
    )

    def issue(i: int) -> None:
        requisition_issue(requisition=requisition)

    outcomes = _race(4, issue)
    assert sum(o is None for o in outcomes) == 1
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 3
    assert Submission.objects.filter(requisition=requisition).count() == 2


def test_the_database_refuses_a_second_panel_for_a_unit_written_at_once(
    district_ask: DistrictAsk,
) -> None:
    panel = district_ask.mandal_panel

    def write(i: int) -> None:
        with transaction.atomic():
            Submission.objects.create(
                requisition=district_ask.requisition, unit=panel.unit, unit_path=panel.unit_path
            )

    outcomes = _race(3, write)
    assert all(isinstance(o, IntegrityError) for o in outcomes)
    assert Submission.objects.filter(requisition=district_ask.requisition).count() == 2


def test_adding_the_same_person_at_once_adds_them_once(
    district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    def add(i: int) -> None:
        nominee_add(
            submission=district_ask.mandal_panel, ask=district_ask.social, person=mandal_people[0]
        )

    outcomes = _race(4, add)
    assert sum(o is None for o in outcomes) == 1
    assert Nomination.objects.count() == 1


def test_selecting_one_name_twice_at_once_appoints_once(
    world: World, state_ask: StateAsk, mandal_people: list[Person]
) -> None:
    woman = next(p for p in mandal_people if p.gender == "F")
    for p in (mandal_people[0], woman):
        nominee_add(submission=state_ask.district_panel, ask=state_ask.social, person=p)
    nominee_add(submission=state_ask.district_panel, ask=state_ask.it, person=mandal_people[1])
    panel_submit(submission=state_ask.district_panel)
    chosen = Nomination.objects.get(person=woman)

    def select(i: int) -> None:
        nomination_select(nomination=chosen)

    outcomes = _race(4, select)
    assert sum(o is None for o in outcomes) == 1
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 3
    assert Appointment.objects.filter(person=woman).count() == 1
    chosen.refresh_from_db()
    assert chosen.outcome == Outcome.SELECTED


def test_selecting_different_names_for_the_last_seat_at_once_fills_it_once(
    world: World, posts: Posts, state_ask: StateAsk, mandal_people: list[Person]
) -> None:
    from sangathan.units.services import appointment_create
    from tests.nominations.conftest import person

    woman = next(p for p in mandal_people if p.gender == "F")
    for p in (mandal_people[0], woman):
        nominee_add(submission=state_ask.district_panel, ask=state_ask.social, person=p)
    nominee_add(submission=state_ask.district_panel, ask=state_ask.it, person=mandal_people[1])
    panel_submit(submission=state_ask.district_panel)
    # Four of the five social-media seats are taken: two names race for the last one.
    for i in range(4):
        appointment_create(
            person=person(world.district, f"पहले से {i}"), post_type=posts.social, unit=world.district
        )
    names = list(
        Nomination.objects.filter(submission=state_ask.district_panel, ask=state_ask.social)
    )

    def select(i: int) -> None:
        nomination_select(nomination=names[i])

    outcomes = _race(2, select)
    assert sum(o is None for o in outcomes) == 1
    assert Appointment.objects.active().filter(post_type=posts.social).count() == 5
    assert Nomination.objects.filter(outcome=Outcome.SELECTED).count() == 1
