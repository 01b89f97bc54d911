"""The meetings' numbers on a small set: attendance rates per person and per unit, meetings
held per month, open action items per unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from sangathan.core.models import User
from sangathan.meetings.attendance import attendance_mark_person, invitee_add
from sangathan.meetings.decisions import action_item_add, action_item_set_status, decision_add
from sangathan.meetings.models import Meeting, Presence
from sangathan.meetings.numbers import (
    attendance_rate_by_person,
    attendance_rate_by_unit,
    meetings_held_by_month,
    open_action_items_by_unit,
)
from sangathan.meetings.services import meeting_create
from sangathan.people.models import Person
from sangathan.people.services import person_create
from tests.conftest import World
from tests.meetings.conftest import at


@dataclass
class Set:
    people: dict[str, Person]
    mandal: Meeting
    mandal2: Meeting
    district: Meeting


@pytest.fixture
def small(world: World) -> Set:
    people = {
        key: person_create(name=name, home_unit=world.district)
        for key, name in {
            "a": "अमित गुप्ता",
            "b": "दिनेश मौर्य",
            "c": "रोहित साहू",
            "d": "सचिन शुक्ला",
            "e": "सत्यम शुक्ला",
        }.items()
    }
    mandal = meeting_create(unit=world.mandal, title="मंडल बैठक", starts_at=at(-3))
    mandal2 = meeting_create(unit=world.mandal2, title="मंडल बैठक", starts_at=at(-3))
    district = meeting_create(unit=world.district, title="जिला बैठक", starts_at=at(-2))
    for meeting, key in ((mandal, "a"), (mandal, "b"), (mandal2, "c"), (mandal2, "e")):
        invitee_add(meeting=meeting, person=people[key])
    marks = [
        (mandal, "a", Presence.PRESENT),
        (mandal, "b", Presence.ABSENT),
        (mandal2, "c", Presence.LATE),
        (mandal2, "d", Presence.PRESENT),  # came without an invitation
        (mandal2, "e", Presence.ON_LEAVE),
        (district, "a", Presence.PRESENT),
    ]
    for meeting, key, presence in marks:
        attendance_mark_person(meeting=meeting, person=people[key], presence=presence)
    # Planned and to come: its invitees count for nothing yet.
    later = meeting_create(unit=world.mandal, title="अगली", starts_at=at(48))
    invitee_add(meeting=later, person=people["b"])
    return Set(people=people, mandal=mandal, mandal2=mandal2, district=district)


def span() -> tuple:  # type: ignore[type-arg]
    today = timezone.localdate()
    return today - timedelta(days=40), today + timedelta(days=1)


def test_attendance_rate_per_person(world: World, small: Set, district_editor: User) -> None:
    start, end = span()
    rates = attendance_rate_by_person(district_editor, unit=world.district, start=start, end=end)
    by_name = {r.name: (r.expected, r.attended) for r in rates}
    assert by_name == {
        "अमित गुप्ता": (2, 2),
        "दिनेश मौर्य": (1, 0),
        "रोहित साहू": (1, 1),
        "सचिन शुक्ला": (1, 1),
    }  # सत्यम शुक्ला was on leave: excused, not expected
    assert rates[0].name == "दिनेश मौर्य" and rates[0].rate == 0.0


def test_attendance_rate_per_unit_groups_by_child(
    world: World, small: Set, district_editor: User
) -> None:
    start, end = span()
    rows = attendance_rate_by_unit(district_editor, unit=world.district, start=start, end=end)
    by_unit = {r.unit: (r.expected, r.attended) for r in rows}
    assert by_unit == {world.district: (1, 1), world.mandal: (2, 1), world.mandal2: (2, 2)}
    assert (
        attendance_rate_by_unit(
            district_editor,
            unit=world.district,
            start=start - timedelta(days=400),
            end=start - timedelta(days=300),
        )
        == []
    )


def test_meetings_held_per_unit_per_month(world: World, small: Set, district_editor: User) -> None:
    start, end = span()
    rows = meetings_held_by_month(district_editor, unit=world.district, start=start, end=end)
    month = timezone.localdate(small.mandal.starts_at).replace(day=1)
    assert {(r.unit, r.month, r.held) for r in rows} >= {
        (world.mandal, month, 1),
        (world.mandal2, month, 1),
    }
    assert sum(r.held for r in rows) == 3


def test_open_action_items_per_unit(world: World, small: Set, district_editor: User) -> None:
    today = timezone.localdate()
    decision = decision_add(meeting=small.mandal, text="सूची बनेगी")
    owner = [small.people["a"]]
    action_item_add(decision=decision, text="1", owners=owner, due_date=today - timedelta(days=2))
    action_item_add(decision=decision, text="2", owners=owner, due_date=today + timedelta(days=2))
    other = decision_add(meeting=small.mandal2, text="राहत")
    done = action_item_add(decision=other, text="3", owners=owner)
    action_item_set_status(item=done, status="done")
    rows = open_action_items_by_unit(district_editor, unit=world.district)
    assert [(r.unit, r.open, r.overdue) for r in rows] == [(world.mandal, 2, 1)]


def test_the_outsider_counts_nothing_of_the_district(
    world: World, small: Set, outsider: User
) -> None:
    start, end = span()
    assert attendance_rate_by_person(outsider, unit=world.district, start=start, end=end) == []
    assert attendance_rate_by_unit(outsider, unit=world.region, start=start, end=end) == []
    assert meetings_held_by_month(outsider, unit=world.region, start=start, end=end) == []
