from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sangathan.core.models import AuditEntry
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from sangathan.units.models import Appointment
from sangathan.units.selectors import breadcrumb, vacancy_summary
from sangathan.units.services import (
    appointment_create,
    appointment_end,
    levels_set,
    unit_create,
    unit_move,
)
from tests.conftest import World


def test_moving_a_mandal_restamps_its_appointments_and_keeps_the_tree(world: World) -> None:
    person = person_create(name="दीपक चौहान", gender=Gender.MALE)
    appointment = appointment_create(
        person=person, post_type=world.booth_social_media, unit=world.booth
    )
    unit_move(unit=world.mandal, new_parent=world.sibling)
    world.booth.refresh_from_db()
    appointment.refresh_from_db()
    assert appointment.unit_path == world.booth.path
    assert [u.code for u in breadcrumb(world.booth)] == ["UP", None, "KNP-S", "M-GN", "SK-1", "101"]
    assert AuditEntry.objects.filter(action="units.moved").count() == 1


def test_a_unit_cannot_move_under_its_own_booth(world: World) -> None:
    with pytest.raises(ValidationError):
        unit_move(unit=world.mandal, new_parent=world.kendra)


def test_a_booth_cannot_hold_a_mandal(world: World) -> None:
    with pytest.raises(ValidationError):
        unit_create(level=world.levels["Mandal"], name_hi="गलत", parent=world.booth)


def test_levels_cannot_drop_a_level_in_use(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        levels_set(levels=[("प्रदेश", "State"), ("बूथ", "Booth")])
    assert any("क्षेत्र" in m for m in exc.value.messages)


def test_third_secretary_must_be_a_woman_when_two_men_hold_seats(world: World) -> None:
    men = [person_create(name=f"पुरुष {i}", gender=Gender.MALE) for i in range(3)]
    for man in men[:2]:
        appointment_create(person=man, post_type=world.mandal_secretary, unit=world.mandal)
    with pytest.raises(ValidationError):
        appointment_create(person=men[2], post_type=world.mandal_secretary, unit=world.mandal)
    woman = person_create(name="सीमा", gender=Gender.FEMALE)
    appointment_create(person=woman, post_type=world.mandal_secretary, unit=world.mandal)


def test_ending_an_appointment_keeps_it_and_opens_the_seat(world: World) -> None:
    appointment = appointment_create(
        person=world.sunil, post_type=world.district_president, unit=world.district
    )
    row = next(
        r for r in vacancy_summary(world.district) if r.post_type == world.district_president
    )
    assert row.units_empty == 0
    appointment_end(appointment=appointment, reason="कार्यकाल पूरा")
    assert Appointment.objects.filter(pk=appointment.pk).exists()
    row = next(
        r for r in vacancy_summary(world.district) if r.post_type == world.district_president
    )
    assert row.units_empty == 1


def test_vacancies_count_booths_without_social_media_in_charge(world: World) -> None:
    person = person_create(name="रोहित साहू", gender=Gender.MALE)
    appointment_create(person=person, post_type=world.booth_social_media, unit=world.booth)
    row = next(
        r for r in vacancy_summary(world.district) if r.post_type == world.booth_social_media
    )
    assert (row.units, row.units_filled, row.units_empty) == (3, 1, 2)
