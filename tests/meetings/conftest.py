"""The seed's meeting on the test world: कानपुर महानगर उत्तर's office-bearers and workers (the
fourteen named in the report, made through person_create), their posts, and meetings of the
district to come and already held."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from sangathan.core.models import User
from sangathan.meetings.models import Meeting, MeetingKind
from sangathan.meetings.services import meeting_create
from sangathan.people.models import Gender, Person
from sangathan.people.services import person_create
from sangathan.units.models import PostType
from sangathan.units.services import appointment_create, post_type_save
from tests.api.conftest import connect  # noqa: F401  (the API clients, bearer and session)
from tests.conftest import World
from tests.lib.test_splitting import SEED_LINE, SEED_NAMES

__all__ = ["SEED_LINE", "SEED_NAMES", "at"]


def at(hours: float) -> datetime:
    """A moment ``hours`` from now (negative: in the past)."""
    return timezone.now() + timedelta(hours=hours)


@dataclass
class Seed:
    people: dict[str, Person]  # the fourteen attendees by name
    vice_president: PostType  # जिला उपाध्यक्ष
    secretary: PostType  # जिला महामंत्री


@pytest.fixture
def seed(world: World, district_editor: User) -> Seed:
    """The seed's attendees. संतोष शुक्ला is the district editor's own record; सुनील बजाज is
    the district president; वीरेश त्रिपाठी the general secretary; the rest are booth workers.
    The sibling district has people of the same names, whom the district must never see."""
    district = world.levels["District"]
    vice = post_type_save(
        level=district,
        code="vice-president",
        name_hi="उपाध्यक्ष",
        name_en="Vice President",
        sort_order=2,
    )
    secretary = post_type_save(
        level=district,
        code="secretary",
        name_hi="महामंत्री",
        name_en="General Secretary",
        sort_order=3,
    )
    assert district_editor.person is not None
    people = {"संतोष शुक्ला": district_editor.person}
    for name in SEED_NAMES[1:]:
        people[name] = person_create(name=name, gender=Gender.MALE, home_unit=world.booth)
    person_create(name="संतोष शुक्ला", gender=Gender.MALE, home_unit=world.sibling_booth)
    person_create(name="वीरेश त्रिपाठी", gender=Gender.MALE, home_unit=world.sibling_booth)
    # Appointed long before any meeting of the tests (posts count as held on the meeting's day).
    since = date(2020, 1, 1)
    for person, post in (
        (world.sunil, world.district_president),
        (people["संतोष शुक्ला"], vice),
        (people["वीरेश त्रिपाठी"], secretary),
    ):
        appointment_create(person=person, post_type=post, unit=world.district, start_date=since)
    return Seed(people=people, vice_president=vice, secretary=secretary)


@pytest.fixture
def held(world: World) -> Meeting:
    """The seed's meeting, two hours ago, at the district office, chaired by सुनील बजाज."""
    return meeting_create(
        unit=world.district,
        title="विधानसभा चुनाव की तैयारी बैठक",
        kind=MeetingKind.OTHER,
        starts_at=at(-2),
        ends_at=at(-1),
        venue="जिला कार्यालय",
        place="कानपुर",
        occasion="आगामी 2022 के विधानसभा चुनाव को देखते हुए",
        chair=world.sunil,
    )


@pytest.fixture
def upcoming(world: World) -> Meeting:
    """A district working-committee meeting in three days."""
    return meeting_create(
        unit=world.district,
        title="जिला कार्यसमिति बैठक",
        kind=MeetingKind.COMMITTEE,
        starts_at=at(72),
        venue="जिला कार्यालय",
        chair=world.sunil,
    )
