from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sangathan.core.models import AuditEntry
from sangathan.lib import names
from sangathan.people.models import (
    ConsentMethod,
    ConsentPurpose,
    Gender,
    Person,
    PersonKey,
    RelationKind,
)
from sangathan.people.services import (
    PersonFields,
    consent_record,
    consent_withdraw,
    consents_current,
    household_create,
    household_set_members,
    person_create,
    person_move,
    person_update,
    tags_ensure_default,
)
from tests.conftest import World


def test_a_person_is_stored_as_typed_with_honorifics_set_aside_and_both_scripts(
    world: World,
) -> None:
    person = person_create(name="श्री  संतोष\u200d शुक्ला", gender=Gender.MALE, home_unit=world.booth)
    assert person.name == "संतोष शुक्ला"
    assert "श्री" in person.honorifics
    assert person.name_deva == "संतोष शुक्ला"
    assert person.name_latin.lower().startswith("santosh")
    assert person.key_version == names.KEY_VERSION
    assert PersonKey.objects.filter(person=person).count() >= 2
    assert set(PersonKey.objects.filter(person=person).values_list("unit_path", flat=True)) == {
        world.booth.path
    }


def test_every_field_is_validated_and_all_problems_come_back_together(world: World) -> None:
    details = PersonFields(
        name="",
        gender="X",
        phone="12345",
        birth_year=1850,
        voter_id="12",
        aadhaar_last4="1234 5678 9012",
    )
    with pytest.raises(ValidationError) as exc:
        person_create(details=details, home_unit=world.booth)
    assert set(exc.value.message_dict) == {
        "name",
        "gender",
        "phone",
        "birth_year",
        "voter_id",
        "aadhaar_last4",
    }
    assert Person.objects.filter(home_unit=world.booth).count() == 0


def test_an_age_becomes_a_year_of_birth_and_only_four_aadhaar_digits_are_kept(
    world: World,
) -> None:
    details = PersonFields(
        name="सुनीता देवी",
        gender=Gender.FEMALE,
        relation_kind=RelationKind.HUSBAND,
        relation_name="रमेश कुमार",
        age=40,
        voter_id="abc 1234567",
        aadhaar_last4="9012",
        tags=["domestic-worker"],
    )
    tags_ensure_default()
    person = person_create(details=details, home_unit=world.booth)
    assert person.birth_year is not None and person.birth_year >= 1980
    assert person.voter_id == "ABC1234567"
    assert person.aadhaar_last4 == "9012"
    assert list(person.tags.values_list("code", flat=True)) == ["domestic-worker"]


def test_a_phone_change_is_audited_without_the_numbers(world: World) -> None:
    person = person_create(
        name="अमित गुप्ता", gender=Gender.MALE, phone="9839012399", home_unit=world.booth
    )
    person_update(person=person, phone="9415012345")
    entry = AuditEntry.objects.get(action="people.updated", target_id=str(person.uuid))
    assert entry.changes["phone"] == ["…", "…"]
    assert "9415" not in str(entry.changes)


def test_renaming_a_person_rewrites_their_match_keys(world: World) -> None:
    person = person_create(name="Amit Gupta", gender=Gender.MALE, home_unit=world.booth)
    before = set(PersonKey.objects.filter(person=person).values_list("key", flat=True))
    person_update(person=person, name="Dinesh Maurya")
    after = set(PersonKey.objects.filter(person=person).values_list("key", flat=True))
    assert before and after and before != after


def test_moving_a_person_moves_their_keys_and_leaves_the_old_household(world: World) -> None:
    household = household_create(unit=world.booth, address="12/4 दादा नगर")
    person = person_create(name="दीपक चौहान", home_unit=world.booth, household=household)
    person_move(person=person, home_unit=world.booth2)
    person.refresh_from_db()
    assert person.household is None
    assert set(PersonKey.objects.filter(person=person).values_list("unit_path", flat=True)) == {
        world.booth2.path
    }


def test_a_household_head_must_be_a_member_living_in_its_unit(world: World) -> None:
    household = household_create(unit=world.booth, address="7 गोविंद नगर", size=4)
    wife = person_create(name="कमला देवी", gender=Gender.FEMALE, home_unit=world.booth)
    husband = person_create(name="रामू", gender=Gender.MALE, home_unit=world.booth)
    elsewhere = person_create(name="श्याम", gender=Gender.MALE, home_unit=world.booth2)
    with pytest.raises(ValidationError):
        household_set_members(household=household, members=[wife], head=husband)
    with pytest.raises(ValidationError):
        household_set_members(household=household, members=[wife, elsewhere])
    household_set_members(household=household, members=[wife, husband], head=wife)
    assert set(household.members.all()) == {wife, husband}


def test_consent_is_recorded_and_withdrawn_with_history(world: World) -> None:
    person = person_create(name="लक्ष्मी", gender=Gender.FEMALE, home_unit=world.booth)
    consent = consent_record(
        person=person, purpose=ConsentPurpose.RELIEF, method=ConsentMethod.VERBAL
    )
    assert set(consents_current(person)) == {ConsentPurpose.RELIEF}
    consent_withdraw(consent=consent)
    assert consents_current(person) == {}
    assert person.consents.count() == 1
