from __future__ import annotations

import pytest

from sangathan.core.models import User
from sangathan.people.attendance_match import MatchDoubt, MatchStatus, match_pasted_names
from sangathan.people.models import Gender, Person
from sangathan.people.services import person_create
from sangathan.units.models import Unit
from tests.conftest import World
from tests.lib.test_splitting import SEED_LINE, SEED_NAMES


def add(name: str, unit: Unit) -> Person:
    return person_create(name=name, gender=Gender.MALE, home_unit=unit)


@pytest.fixture
def attendees(world: World, district_editor: User) -> dict[str, Person]:
    """The seed's attendees in the district. संतोष शुक्ला is the district editor's own record;
    the sibling district has people of the same names, whom the district must never see."""
    assert district_editor.person is not None
    people = {"संतोष शुक्ला": district_editor.person}
    for name in SEED_NAMES[1:]:
        people[name] = add(name, world.booth)
    add("संतोष शुक्ला", world.sibling_booth)
    add("वीरेश त्रिपाठी", world.sibling_booth)
    return people


def test_the_seed_line_matches_its_fourteen_people(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    rows = match_pasted_names(SEED_LINE, user=district_editor, within=world.district)
    assert [r.chunk.text for r in rows] == SEED_NAMES
    assert [r.status for r in rows] == [MatchStatus.MATCHED] * 14
    assert [r.person for r in rows] == [attendees[name] for name in SEED_NAMES]
    assert all(r.candidates[0].score == 100.0 for r in rows)


def test_a_latin_paste_matches_the_devanagari_registry(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    rows = match_pasted_names(
        "1. Shri Viresh Tripathy\n2. Avdhesh Sonker\n3. Dheeraj Valmiki",
        user=district_editor,
        within=world.district,
    )
    assert [r.status for r in rows] == [MatchStatus.MATCHED] * 3
    assert [r.person for r in rows] == [
        attendees["वीरेश त्रिपाठी"],
        attendees["अवधेश सोनकर"],
        attendees["धीरज बाल्मिक"],
    ]


def test_two_people_of_one_name_are_offered_as_a_choice(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    other = add("दीपक चौहान", world.other_mandal_booth)
    [row] = match_pasted_names("दीपक चौहान", user=district_editor, within=world.district)
    assert row.status == MatchStatus.UNSURE
    assert row.doubt == MatchDoubt.SEVERAL
    assert row.person is None
    assert {c.person for c in row.candidates} == {attendees["दीपक चौहान"], other}


def test_a_single_given_name_is_never_matched_on_its_own(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    [row] = match_pasted_names("रोहित", user=district_editor, within=world.district)
    assert row.status == MatchStatus.UNSURE
    assert row.doubt == MatchDoubt.ONE_WORD
    assert row.candidates[0].person == attendees["रोहित साहू"]


def test_a_close_but_different_name_is_unsure_with_the_closest_shown(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    [row] = match_pasted_names("जितेंद्र वर्मा", user=district_editor, within=world.district)
    assert row.status == MatchStatus.UNSURE
    assert row.doubt == MatchDoubt.WEAK
    assert row.candidates[0].person == attendees["जितेंद्र शर्मा"]
    assert row.candidates[0].similarity < 85


def test_a_name_not_in_the_registry_is_unknown(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    rows = match_pasted_names("संतोष शुक्ला, ज़ैनब अंसारी", user=district_editor, within=world.district)
    assert [r.status for r in rows] == [MatchStatus.MATCHED, MatchStatus.UNKNOWN]
    assert rows[1].candidates == ()
    assert rows[1].chunk.text == "ज़ैनब अंसारी"


def test_a_middle_name_the_registry_lacks_still_matches(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    [row] = match_pasted_names("अमित कुमार गुप्ता", user=district_editor, within=world.district)
    assert row.status == MatchStatus.MATCHED
    assert row.person == attendees["अमित गुप्ता"]


def test_the_same_name_twice_in_the_paste_is_a_duplicate(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    rows = match_pasted_names(
        "संतोष शुक्ला, वीरेश त्रिपाठी, Santosh Sukla", user=district_editor, within=world.district
    )
    assert [r.status for r in rows] == [
        MatchStatus.MATCHED,
        MatchStatus.MATCHED,
        MatchStatus.DUPLICATE,
    ]
    assert rows[2].duplicate_of == 0
    assert rows[2].person == attendees["संतोष शुक्ला"]


def test_one_person_written_two_ways_is_a_duplicate(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    rows = match_pasted_names(
        "अवधेश सोनकर, दीपक चौहान, अवधेश कुमार सोनकर", user=district_editor, within=world.district
    )
    assert rows[2].status == MatchStatus.DUPLICATE
    assert rows[2].duplicate_of == 0
    assert rows[2].person == attendees["अवधेश सोनकर"]


def test_a_name_twice_that_nobody_has_is_still_a_duplicate(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    rows = match_pasted_names("ज़ैनब अंसारी, ज़ैनब अंसारी", user=district_editor, within=world.district)
    assert [r.status for r in rows] == [MatchStatus.UNKNOWN, MatchStatus.DUPLICATE]
    assert rows[1].duplicate_of == 0


def test_registry_names_decide_where_a_run_of_names_is_cut(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    paras = add("प्रेम सिंह पारस", world.booth2)
    rows = match_pasted_names("प्रेम सिंह पारस संतोष शुक्ला", user=district_editor, within=world.district)
    assert [r.chunk.text for r in rows] == ["प्रेम सिंह पारस", "संतोष शुक्ला"]
    assert [r.person for r in rows] == [paras, attendees["संतोष शुक्ला"]]


def test_a_person_of_the_sibling_district_is_never_returned_to_a_district_user(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    stranger = add("इरशाद अहमद", world.sibling_booth)
    rows = match_pasted_names(
        "इरशाद अहमद, वीरेश त्रिपाठी", user=district_editor, within=world.district
    )
    assert rows[0].status == MatchStatus.UNKNOWN
    assert rows[1].person == attendees["वीरेश त्रिपाठी"]
    returned = {c.person.pk for r in rows for c in r.candidates}
    assert stranger.pk not in returned
    assert not returned & set(
        Person.objects.filter(unit_path__subtree=world.sibling.path).values_list("pk", flat=True)
    )


def test_within_a_unit_the_user_cannot_reach_nobody_is_found(
    world: World, district_editor: User, outsider: User, attendees: dict[str, Person]
) -> None:
    rows = match_pasted_names("संतोष शुक्ला", user=outsider, within=world.district)
    assert rows[0].status == MatchStatus.UNKNOWN
    rows = match_pasted_names("संतोष शुक्ला", user=outsider, within=world.sibling)
    assert rows[0].status == MatchStatus.MATCHED
    assert rows[0].person is not None
    assert rows[0].person.unit_path.startswith(world.sibling.path)


def test_a_mandal_meeting_only_sees_the_mandal(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    add("रोहित साहू", world.other_mandal_booth)
    [row] = match_pasted_names("रोहित साहू", user=district_editor, within=world.mandal)
    assert row.status == MatchStatus.MATCHED
    assert row.person == attendees["रोहित साहू"]


def test_limit_caps_the_candidates(
    world: World, district_editor: User, attendees: dict[str, Person]
) -> None:
    for unit in (world.booth2, world.other_mandal_booth, world.mandal2):
        add("दीपक चौहान", unit)
    [row] = match_pasted_names("दीपक चौहान", user=district_editor, within=world.district, limit=2)
    assert row.status == MatchStatus.UNSURE
    assert len(row.candidates) == 2
