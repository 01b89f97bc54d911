from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from sangathan.lib import names
from sangathan.people.models import Gender, Person, PersonKey
from sangathan.people.services import person_create
from tests.conftest import World


def test_people_search_prints_json_best_first(world: World) -> None:
    person_create(name="संतोष शुक्ला", gender=Gender.MALE, home_unit=world.booth)
    person_create(name="सत्यम शुक्ला", gender=Gender.MALE, home_unit=world.booth)
    out = StringIO()
    call_command("people", "search", "santosh sukla", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows[0]["name"] == "संतोष शुक्ला"
    assert rows[0]["unit"] == "101"
    assert set(rows[0]) >= {"id", "name", "unit", "score"}
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_people_search_within_a_unit_code(world: World) -> None:
    person_create(name="संतोष शुक्ला", gender=Gender.MALE, home_unit=world.sibling_booth)
    out = StringIO()
    call_command("people", "search", "Santosh Shukla", "--unit", "KNP-N", "--json", stdout=out)
    assert json.loads(out.getvalue()) == []


def test_rekey_rebuilds_keys_made_by_older_rules(world: World) -> None:
    person = person_create(name="अवधेश सोनकर", gender=Gender.MALE, home_unit=world.booth)
    PersonKey.objects.filter(person=person).delete()
    Person.objects.filter(pk=person.pk).update(key_version=0)
    out = StringIO()
    call_command("people", "rekey", stdout=out)
    person.refresh_from_db()
    assert person.key_version == names.KEY_VERSION
    assert set(PersonKey.objects.filter(person=person).values_list("key", flat=True)) == set(
        names.match_keys("अवधेश सोनकर")
    ) | set(names.match_keys(person.name_latin))
    assert "Rekeyed 1 of" in out.getvalue()
