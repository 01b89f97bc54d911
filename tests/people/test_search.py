from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sangathan.core.models import User
from sangathan.people.models import Gender, PersonStatus
from sangathan.people.search import person_search
from sangathan.people.services import PersonFields, person_create
from tests.conftest import World

SEED = [
    "संतोष शुक्ला",
    "वीरेश त्रिपाठी",
    "अवधेश सोनकर",
    "जितेंद्र शर्मा",
    "रंजीत भदौरिया",
    "धीरज बाल्मिक",
    "अमित गुप्ता",
    "दीपक चौहान",
    "परमानंद शुक्ला",
    "सत्यम शुक्ला",
    "दिनेश मौर्य",
    "रोहित साहू",
    "अर्पित गुप्ता",
    "सचिन शुक्ला",
]


@pytest.fixture
def attendees(world: World) -> None:
    for name in SEED:
        person_create(name=name, gender=Gender.MALE, home_unit=world.booth)
    person_create(name="Laxmi Devi", gender=Gender.FEMALE, home_unit=world.booth2)
    person_create(name="Kanhaiya Lal", gender=Gender.MALE, home_unit=world.booth2)
    person_create(name="संतोष शुक्ला", gender=Gender.MALE, home_unit=world.sibling_booth)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("santosh sukla", "संतोष शुक्ला"),
        ("Santosh Shukla", "संतोष शुक्ला"),
        ("avdhesh sonkar", "अवधेश सोनकर"),
        ("Awadhesh", "अवधेश सोनकर"),
        ("dheeraj valmiki", "धीरज बाल्मिक"),
        ("लक्ष्मी", "Laxmi Devi"),
        ("Lakshmi Devi", "Laxmi Devi"),
        ("Kanhaiyalal", "Kanhaiya Lal"),
        ("रोहित", "रोहित साहू"),
    ],
)
def test_a_name_is_found_in_either_script_and_spelling(
    world: World, district_editor: User, attendees: None, query: str, found: str
) -> None:
    hits = person_search(district_editor, query)
    assert hits, f"nothing found for {query}"
    assert hits[0].person.name == found


def test_different_names_are_not_found(
    world: World, district_editor: User, attendees: None
) -> None:
    names = {h.person.name for h in person_search(district_editor, "Sanjay Shukla")}
    assert "संतोष शुक्ला" not in names


def test_the_outsider_finds_only_their_own_santosh(
    world: World, outsider: User, attendees: None
) -> None:
    hits = person_search(outsider, "santosh shukla")
    assert [h.person.home_unit for h in hits] == [world.sibling_booth]


def test_search_within_a_unit_and_held_records_stay_out(
    world: World, district_editor: User, attendees: None
) -> None:
    assert person_search(district_editor, "Laxmi", within=world.booth) == []
    held = person_create(name="Amit Gupta", gender=Gender.MALE, home_unit=world.booth2)
    held.status = PersonStatus.HELD
    held.save(update_fields=["status"])
    assert all(h.person != held for h in person_search(district_editor, "Amit Gupta"))


def test_a_phone_or_voter_id_finds_its_owner_exactly(world: World, district_editor: User) -> None:
    person = person_create(
        details=PersonFields(name="Irfan Ahmad", phone="94150 12345", voter_id="UPA1234567"),
        home_unit=world.booth,
    )
    assert [h.person for h in person_search(district_editor, "+91 94150 12345")] == [person]
    assert [h.person for h in person_search(district_editor, "upa 1234567")] == [person]
    assert person_search(district_editor, "9415012346") == []


def test_search_reads_keys_then_only_the_candidates(
    world: World, district_editor: User, attendees: None
) -> None:
    with CaptureQueriesContext(connection) as queries:
        person_search(district_editor, "santosh sukla")
    people_queries = [q["sql"] for q in queries if 'FROM "people_person"' in q["sql"]]
    assert people_queries and all(" IN (" in sql for sql in people_queries)


def test_the_very_name_asked_for_comes_before_longer_names_that_hold_it(
    world: World, district_editor: User
) -> None:
    # Both match "santosh sukla" fully; the one who is called exactly that is listed first,
    # whichever was registered first or sorts first.
    longer = person_create(name="Santosh Kumar Shukla", gender=Gender.MALE, home_unit=world.booth)
    exact = person_create(name="शुक्ला संतोष", gender=Gender.MALE, home_unit=world.booth2)
    hits = person_search(district_editor, "santosh sukla")
    found = [h.person for h in hits]
    assert found.index(exact) < found.index(longer)
    assert all(h.score == 100.0 for h in hits[: found.index(longer) + 1])
    assert all(len(p.name.split()) == 2 for p in found[: found.index(longer)])


def test_a_whole_name_is_found_among_many_longer_names_sharing_its_words(
    world: World, district_editor: User
) -> None:
    # A state's registry: the first+last block of a common name is full of other names. The
    # whole-name key still finds the one person called exactly this.
    for i in range(60):
        person_create(
            name=f"Santosh {'Kumar' if i % 2 else 'Prasad'} Shukla",
            gender=Gender.MALE,
            home_unit=world.booth,
        )
    wanted = person_create(name="संतोष शुक्ला", gender=Gender.MALE, home_unit=world.booth2)
    hits = person_search(district_editor, "santosh sukla", limit=5)
    assert wanted in [h.person for h in hits]
    assert all(len(h.person.name.split()) == 2 for h in hits[:2])
