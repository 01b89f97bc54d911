"""people.selectors: the scoped person lookup behind the appoint form's picker."""

from __future__ import annotations

from sangathan.core.models import User
from sangathan.core.services import user_create
from sangathan.people.models import Gender
from sangathan.people.selectors import people_visible, person_search
from sangathan.people.services import person_create
from tests.conftest import PASSWORD, World


def test_people_visible_stops_at_the_users_reach(
    world: World, mandal_editor: User, outsider: User
) -> None:
    in_booth = person_create(name="रोहित साहू", gender=Gender.MALE, home_unit=world.booth)
    mine = set(people_visible(mandal_editor))
    assert in_booth in mine
    assert world.sunil not in mine  # lives in the district, above the mandal
    assert in_booth not in set(people_visible(outsider))


def test_people_without_a_home_unit_are_for_superusers_only(
    world: World, state_admin: User
) -> None:
    homeless = person_create(name="बिना इकाई", gender=Gender.MALE)
    assert homeless not in set(people_visible(state_admin))
    root = user_create(username="root", password=PASSWORD, is_superuser=True)
    assert homeless in set(people_visible(root))


def test_person_search_by_name_or_full_phone(world: World, district_editor: User) -> None:
    assert person_search(district_editor, "सुनील") == [world.sunil]
    assert person_search(district_editor, "098390 12345") == [world.sunil]
    assert person_search(district_editor, "12345") == []  # no partial phone lookups
    assert person_search(district_editor, "  ") == []


def test_person_search_respects_the_limit(world: World, district_editor: User) -> None:
    for n in range(5):
        person_create(name=f"रोहित {n}", gender=Gender.MALE, home_unit=world.booth)
    assert len(person_search(district_editor, "रोहित", limit=3)) == 3
