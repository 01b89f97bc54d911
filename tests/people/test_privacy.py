from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from sangathan.core.models import AuditEntry, User
from sangathan.core.services import user_create
from sangathan.people.dedupe import person_check_duplicates
from sangathan.people.models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    DuplicatePair,
    Gender,
    Person,
    PersonKey,
    PersonStatus,
    RelationKind,
)
from sangathan.people.privacy import (
    ERASED_NAME,
    can_see_full,
    person_erase,
    person_export_data,
    person_view_full,
)
from sangathan.people.search import person_search
from sangathan.people.services import (
    PersonFields,
    consent_record,
    household_create,
    household_set_members,
    person_create,
    person_update,
    tags_ensure_default,
)
from sangathan.units.models import Appointment
from sangathan.units.services import appointment_create
from tests.conftest import PASSWORD, World


@pytest.fixture
def ranjit(world: World) -> Person:
    """A booth social-media in-charge with a household, consent, tags and ids."""
    tags_ensure_default()
    person = person_create(
        details=PersonFields(
            name="रंजीत भदौरिया",
            gender=Gender.MALE,
            phone="9839066666",
            relation_kind=RelationKind.FATHER,
            relation_name="महेंद्र भदौरिया",
            birth_year=1984,
            locality="गोविंद नगर",
            address="128/4 के ब्लॉक",
            voter_id="KNP7654321",
            aadhaar_last4="4321",
            tags=["daily-wage"],
        ),
        home_unit=world.booth,
    )
    appointment_create(person=person, post_type=world.booth_social_media, unit=world.booth)
    home = household_create(unit=world.booth, address="128/4 के ब्लॉक")
    household_set_members(household=home, members=[person], head=person)
    consent_record(
        person=person,
        purpose=ConsentPurpose.CONTACT,
        method=ConsentMethod.SIGNED,
        note="फॉर्म पर हस्ताक्षर, मो. 9839066666",
    )
    person.refresh_from_db()
    person_update(person=person, phone="9839077777")
    person.refresh_from_db()
    return person


def test_export_contains_everything_stored_and_is_audited(
    state_admin: User, ranjit: Person
) -> None:
    data = person_export_data(person=ranjit, actor=state_admin)
    json.dumps(data)  # ready to hand over as a file
    assert data["person"]["name"] == "रंजीत भदौरिया"
    assert data["person"]["voter_id"] == "KNP7654321"
    assert [c["purpose"] for c in data["consents"]] == [ConsentPurpose.CONTACT]
    assert data["consents"][0]["note"].startswith("फॉर्म")
    assert [t["code"] for t in data["tags"]] == ["daily-wage"]
    assert data["household"]["is_head"] is True
    assert len(data["appointments"]) == 1
    assert {e["action"] for e in data["audit"]} >= {"people.created", "people.updated"}
    assert "people.household.head" in data["other_records"]
    assert AuditEntry.objects.filter(
        action="people.data_exported", target_id=str(ranjit.uuid), actor=state_admin
    ).exists()


def test_export_lists_duplicate_pairs(world: World, state_admin: User, ranjit: Person) -> None:
    again = person_create(
        details=PersonFields(name="Ranjit Bhadauriya", gender=Gender.MALE, phone="9839077777"),
        home_unit=world.booth,
    )
    person_check_duplicates(again)
    data = person_export_data(person=ranjit, actor=state_admin)
    assert [p["other"] for p in data["duplicate_pairs"]] == [str(again.uuid)]


def test_outsider_cannot_export_or_erase(outsider: User, ranjit: Person) -> None:
    with pytest.raises(Http404):
        person_export_data(person=ranjit, actor=outsider)
    with pytest.raises(Http404):
        person_erase(person=ranjit, actor=outsider, reason="asked")
    ranjit.refresh_from_db()
    assert ranjit.status == PersonStatus.ACTIVE


def test_an_editor_is_not_enough_to_export_or_erase(district_editor: User, ranjit: Person) -> None:
    with pytest.raises(PermissionDenied):
        person_export_data(person=ranjit, actor=district_editor)
    with pytest.raises(PermissionDenied):
        person_erase(person=ranjit, actor=district_editor, reason="asked")


def test_erasing_keeps_the_row_and_its_appointments_but_not_the_personal_data(
    state_admin: User, ranjit: Person
) -> None:
    erased = person_erase(person=ranjit, actor=state_admin, reason="The person asked in writing.")
    erased.refresh_from_db()
    assert erased.status == PersonStatus.ERASED
    assert erased.name == ERASED_NAME
    for field in ("phone", "phone2", "relation_name", "locality", "address", "voter_id"):
        assert getattr(erased, field) == ""
    assert erased.birth_year is None
    assert erased.aadhaar_last4 == ""
    assert erased.gender == Gender.UNKNOWN
    assert not erased.tags.exists()
    assert not PersonKey.objects.filter(person=erased).exists()
    assert Appointment.objects.filter(person=erased).count() == 1
    assert erased.home_unit is not None  # counts per booth stay
    assert Consent.objects.filter(person=erased).count() == 1
    assert Consent.objects.get(person=erased).note == ""
    assert str(Appointment.objects.get(person=erased)).startswith(ERASED_NAME)
    assert person_search(state_admin, "रंजीत भदौरिया") == []


def test_the_audit_log_keeps_no_personal_value_of_an_erased_person(
    state_admin: User, ranjit: Person
) -> None:
    person_erase(person=ranjit, actor=state_admin, reason="The person asked in writing.")
    entry = AuditEntry.objects.get(action="people.erased")
    assert entry.target_repr == ERASED_NAME
    assert entry.changes["reason"] == "The person asked in writing."
    everything = json.dumps(
        list(AuditEntry.objects.values("target_repr", "changes")), ensure_ascii=False
    )
    for secret in ("रंजीत", "भदौरिया", "9839066666", "9839077777", "KNP7654321"):
        assert secret not in everything, everything


def test_erasing_is_refused_for_a_person_with_an_account(state_admin: User, ranjit: Person) -> None:
    user_create(username="ranjit", password=PASSWORD, person=ranjit)
    with pytest.raises(ValidationError) as exc:
        person_erase(person=ranjit, actor=state_admin, reason="asked")
    assert "खात" in str(exc.value)  # खाता, खाते: the message names the account


def test_erasing_needs_a_reason_and_happens_once(state_admin: User, ranjit: Person) -> None:
    with pytest.raises(ValidationError):
        person_erase(person=ranjit, actor=state_admin, reason="  ")
    person_erase(person=ranjit, actor=state_admin, reason="asked")
    with pytest.raises(ValidationError):
        person_erase(person=ranjit, actor=state_admin, reason="asked")


def test_erasing_drops_open_duplicate_pairs(
    world: World, state_admin: User, ranjit: Person
) -> None:
    again = person_create(
        details=PersonFields(name="Ranjit Bhadauriya", gender=Gender.MALE, phone="9839077777"),
        home_unit=world.booth,
    )
    person_check_duplicates(again)
    assert DuplicatePair.objects.exists()
    person_erase(person=ranjit, actor=state_admin, reason="asked")
    assert not DuplicatePair.objects.exists()


def test_full_data_is_for_editors_of_the_persons_unit(
    ranjit: Person,
    mandal_editor: User,
    booth_worker: User,
    outsider: User,
    state_admin: User,
) -> None:
    assert can_see_full(mandal_editor, ranjit)
    assert can_see_full(state_admin, ranjit)
    assert not can_see_full(booth_worker, ranjit)
    assert not can_see_full(outsider, ranjit)


def test_viewing_full_data_is_audited_and_refused_to_others(
    ranjit: Person, mandal_editor: User, outsider: User, booth_worker: User
) -> None:
    person_view_full(person=ranjit, actor=mandal_editor)
    assert AuditEntry.objects.filter(
        action="people.viewed_full", actor=mandal_editor, target_id=str(ranjit.uuid)
    ).exists()
    for user in (outsider, booth_worker):
        with pytest.raises(Http404):
            person_view_full(person=ranjit, actor=user)
