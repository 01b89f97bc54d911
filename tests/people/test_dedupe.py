from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from sangathan.core.models import AuditEntry, User
from sangathan.core.services import user_create
from sangathan.people.dedupe import (
    POSSIBLE_AT,
    PROBABLE_AT,
    band_of,
    duplicate_candidates,
    duplicate_get_for_user,
    duplicate_merge,
    duplicate_not_same,
    duplicate_release,
    duplicates_for_user,
    merge_record_for_audit_entry,
    merge_undo,
    pair_score,
    person_check_duplicates,
)
from sangathan.people.models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    DuplicateBand,
    DuplicatePair,
    DuplicateStatus,
    Gender,
    Household,
    MergeRecord,
    Person,
    PersonKey,
    PersonStatus,
    RelationKind,
)
from sangathan.people.search import person_search
from sangathan.people.selectors import people_visible
from sangathan.people.services import (
    PersonFields,
    consent_record,
    household_create,
    household_set_members,
    person_create,
    tags_ensure_default,
)
from sangathan.units.models import Appointment, Unit
from sangathan.units.services import appointment_create
from tests.conftest import PASSWORD, World


def make(unit: Unit, name: str, **fields: Any) -> Person:
    fields.setdefault("gender", Gender.MALE)
    return person_create(details=PersonFields(name=name, **fields), home_unit=unit)


def score(a: Person, b: Person) -> tuple[float, str | None]:
    value, _reasons = pair_score(a, b)
    return value, band_of(value)


# --- Scoring and bands ----------------------------------------------------------------------


def test_same_person_in_two_scripts_with_same_father_and_birth_year_is_probable(
    world: World,
) -> None:
    deva = make(
        world.booth,
        "संतोष शुक्ला",
        relation_kind=RelationKind.FATHER,
        relation_name="रामप्रकाश शुक्ला",
        birth_year=1975,
    )
    latin = make(
        world.booth,
        "Santosh Sukla",
        relation_kind=RelationKind.FATHER,
        relation_name="Ram Prakash Shukla",
        birth_year=1976,
    )
    value, band = score(latin, deva)
    assert band == DuplicateBand.PROBABLE
    assert value >= PROBABLE_AT


def test_same_name_with_a_different_father_is_at_most_possible(world: World) -> None:
    one = make(world.booth, "Rajesh Yadav", relation_name="Shivnath Yadav")
    two = make(world.booth, "राजेश यादव", relation_name="बृजमोहन यादव")
    assert score(one, two)[1] in (DuplicateBand.POSSIBLE, None)
    assert score(one, two)[1] != DuplicateBand.PROBABLE


def test_father_and_son_of_the_same_name_25_years_apart_are_not_duplicates(
    world: World,
) -> None:
    father = make(
        world.booth,
        "Ramesh Chandra Gupta",
        relation_name="Shivcharan Gupta",
        birth_year=1960,
        phone="9839011111",
    )
    son = make(
        world.booth,
        "रमेश चन्द्र गुप्ता",
        relation_name="रमेश चन्द्र गुप्ता",
        birth_year=1985,
        phone="9839011111",
    )
    assert score(father, son)[1] is None


def test_two_sunita_devis_with_different_husbands_are_not_probable(world: World) -> None:
    one = make(
        world.booth,
        "Sunita Devi",
        gender=Gender.FEMALE,
        relation_kind=RelationKind.HUSBAND,
        relation_name="Ramesh Kumar",
    )
    two = make(
        world.booth,
        "सुनीता देवी",
        gender=Gender.FEMALE,
        relation_kind=RelationKind.HUSBAND,
        relation_name="अशोक पाल",
    )
    assert score(one, two)[1] != DuplicateBand.PROBABLE


def test_a_shared_name_alone_is_only_possible(world: World) -> None:
    one = make(world.booth, "Sunita Devi", gender=Gender.FEMALE)
    two = make(world.booth2, "सुनीता देवी", gender=Gender.FEMALE)
    assert score(one, two)[1] == DuplicateBand.POSSIBLE


def test_a_shared_name_and_phone_and_birth_year_is_probable(world: World) -> None:
    one = make(world.booth, "Awadhesh Sonkar", phone="9839022222", birth_year=1980)
    two = make(world.booth, "अवधेश सोनकर", phone2="98390 22222", birth_year=1981)
    assert score(one, two)[1] == DuplicateBand.PROBABLE


def test_a_shared_name_and_phone_alone_is_only_possible_since_families_share_phones(
    world: World,
) -> None:
    one = make(world.booth, "Awadhesh Sonkar", phone="9839022222")
    two = make(world.booth, "अवधेश सोनकर", phone="9839022222")
    assert score(one, two)[1] == DuplicateBand.POSSIBLE


def test_a_name_with_the_surname_left_out_and_the_same_father_is_possible(
    world: World,
) -> None:
    one = make(world.booth, "Rajesh Kumar", relation_name="Mohan Lal", birth_year=1970)
    two = make(world.booth, "Rajesh Kumar Gupta", relation_name="Mohan Lal Gupta", birth_year=1971)
    assert score(one, two)[1] == DuplicateBand.POSSIBLE


def test_different_known_genders_almost_disqualify(world: World) -> None:
    one = make(world.booth, "Kamal Kishore", gender=Gender.MALE, birth_year=1990)
    two = make(world.booth, "Kamal Kishore", gender=Gender.FEMALE, birth_year=1990)
    assert score(one, two)[1] is None


def test_twins_with_different_names_are_never_probable(world: World) -> None:
    shared: dict[str, Any] = {
        "relation_name": "Suresh Verma",
        "birth_year": 2001,
        "phone": "9839033333",
    }
    ramesh = make(world.booth, "Ramesh Verma", **shared)
    rajesh = make(world.booth, "Rajesh Verma", **shared)
    value, band = score(ramesh, rajesh)
    assert band != DuplicateBand.PROBABLE
    assert value < PROBABLE_AT


def test_the_same_voter_id_is_certain(world: World) -> None:
    one = make(world.booth, "Dinesh Maurya", voter_id="ABC1234567")
    two = make(world.booth2, "डी. मौर्य", voter_id="abc 1234567")
    assert score(one, two) == (100.0, DuplicateBand.PROBABLE)


def test_bands_follow_the_documented_thresholds() -> None:
    assert band_of(PROBABLE_AT) == DuplicateBand.PROBABLE
    assert band_of(POSSIBLE_AT) == DuplicateBand.POSSIBLE
    assert band_of(POSSIBLE_AT - 0.1) is None


# --- Checking on create ---------------------------------------------------------------------


@pytest.fixture
def santosh(world: World) -> Person:
    return make(
        world.booth,
        "परमानंद शुक्ला",
        relation_kind=RelationKind.FATHER,
        relation_name="रामप्रकाश शुक्ला",
        birth_year=1975,
        locality="गोविंद नगर",
    )


@pytest.fixture
def santosh_again(world: World, santosh: Person) -> Person:
    return make(
        world.booth,
        "Paramanand Sukla",
        relation_kind=RelationKind.FATHER,
        relation_name="Ramprakash Shukla",
        birth_year=1976,
        phone="9839044444",
        voter_id="UPK1234567",
    )


def test_a_probable_duplicate_is_flagged_and_held_on_create(
    santosh: Person, santosh_again: Person
) -> None:
    pairs = person_check_duplicates(santosh_again)
    assert len(pairs) == 1
    pair = pairs[0]
    assert (pair.person_a, pair.person_b) == (santosh, santosh_again)
    assert pair.band == DuplicateBand.PROBABLE
    assert pair.unit_path == santosh_again.unit_path
    assert pair.reasons["birth_year"] == 1
    santosh_again.refresh_from_db()
    assert santosh_again.status == PersonStatus.HELD
    assert AuditEntry.objects.filter(
        action="people.duplicates_flagged", target_id=str(santosh_again.uuid)
    ).exists()


def test_a_held_person_is_left_out_of_lists_and_search(
    world: World, district_editor: User, santosh: Person, santosh_again: Person
) -> None:
    person_check_duplicates(santosh_again)
    assert not people_visible(district_editor).filter(pk=santosh_again.pk).exists()
    found = [h.person for h in person_search(district_editor, "parmanand shukla")]
    assert santosh in found and santosh_again not in found


def test_checking_twice_changes_nothing(santosh: Person, santosh_again: Person) -> None:
    first = person_check_duplicates(santosh_again)
    entries = AuditEntry.objects.count()
    second = person_check_duplicates(santosh_again)
    assert [p.pk for p in first] == [p.pk for p in second]
    assert DuplicatePair.objects.count() == 1
    assert AuditEntry.objects.count() == entries


def test_a_person_with_no_lookalike_is_not_flagged(world: World, santosh: Person) -> None:
    other = make(world.booth, "जितेंद्र शर्मा", birth_year=1990)
    assert person_check_duplicates(other) == []
    other.refresh_from_db()
    assert other.status == PersonStatus.ACTIVE


def test_not_the_same_person_is_remembered_and_releases_the_hold(
    district_editor: User, santosh: Person, santosh_again: Person
) -> None:
    pair = person_check_duplicates(santosh_again)[0]
    duplicate_not_same(pair=pair, actor=district_editor)
    santosh_again.refresh_from_db()
    assert santosh_again.status == PersonStatus.ACTIVE
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.NOT_SAME
    assert pair.decided_by == district_editor
    assert person_check_duplicates(santosh_again) == []
    assert person_check_duplicates(santosh) == []
    assert duplicate_candidates(santosh_again) == []
    santosh_again.refresh_from_db()
    assert santosh_again.status == PersonStatus.ACTIVE


def test_a_decided_pair_cannot_be_decided_again(
    district_editor: User, santosh: Person, santosh_again: Person
) -> None:
    pair = person_check_duplicates(santosh_again)[0]
    duplicate_not_same(pair=pair, actor=district_editor)
    with pytest.raises(ValidationError):
        duplicate_not_same(pair=pair, actor=district_editor)


def test_a_held_person_is_released_only_when_no_probable_pair_is_open(
    district_editor: User, santosh: Person, santosh_again: Person
) -> None:
    pair = person_check_duplicates(santosh_again)[0]
    santosh_again.refresh_from_db()
    with pytest.raises(ValidationError):
        duplicate_release(person=santosh_again, actor=district_editor)
    DuplicatePair.objects.filter(pk=pair.pk).update(band=DuplicateBand.POSSIBLE)
    released = duplicate_release(person=santosh_again, actor=district_editor)
    assert released.status == PersonStatus.ACTIVE


def test_outsider_cannot_decide_a_pair(
    outsider: User, santosh: Person, santosh_again: Person
) -> None:
    pair = person_check_duplicates(santosh_again)[0]
    with pytest.raises(Http404):
        duplicate_not_same(pair=pair, actor=outsider)


# --- The review queue -----------------------------------------------------------------------


def test_the_queue_shows_pairs_inside_the_editors_reach_probable_first(
    world: World, district_editor: User, mandal_editor: User, santosh: Person, santosh_again: Person
) -> None:
    person_check_duplicates(santosh_again)
    one = make(world.booth2, "Sunita Devi", gender=Gender.FEMALE)
    two = make(world.booth2, "सुनीता देवी", gender=Gender.FEMALE)
    person_check_duplicates(two)
    queue = list(duplicates_for_user(district_editor))
    assert [p.band for p in queue] == [DuplicateBand.PROBABLE, DuplicateBand.POSSIBLE]
    assert {queue[1].person_a, queue[1].person_b} == {one, two}
    assert len(duplicates_for_user(mandal_editor)) == 2
    assert len(duplicates_for_user(district_editor, within=world.mandal2)) == 0


def test_outsider_sees_no_pairs_of_the_district(
    outsider: User, santosh: Person, santosh_again: Person
) -> None:
    pair = person_check_duplicates(santosh_again)[0]
    assert not duplicates_for_user(outsider).exists()
    with pytest.raises(Http404):
        duplicate_get_for_user(outsider, pair.uuid)


def test_a_pair_with_one_person_outside_the_users_reach_is_not_shown(
    world: World, district_editor: User, mandal_editor: User
) -> None:
    here = make(world.booth, "Dhiraj Balmiki", birth_year=1988, phone="9839055555")
    there = make(world.other_mandal_booth, "धीरज वाल्मीकि", birth_year=1988, phone="9839055555")
    pair = person_check_duplicates(there)[0]
    assert not duplicates_for_user(mandal_editor).exists()
    with pytest.raises(Http404):
        duplicate_get_for_user(mandal_editor, pair.uuid)
    assert duplicate_get_for_user(district_editor, str(pair.uuid)) == pair
    assert {pair.person_a, pair.person_b} == {here, there}


def test_a_booth_worker_cannot_review_duplicates(
    booth_worker: User, santosh: Person, santosh_again: Person
) -> None:
    person_check_duplicates(santosh_again)
    assert not duplicates_for_user(booth_worker).exists()


# --- Merging --------------------------------------------------------------------------------


@pytest.fixture
def flagged(world: World, santosh: Person, santosh_again: Person) -> DuplicatePair:
    """The newer record has a post, heads a household, has consent, a phone and a voter ID;
    the older one has a tag and consent of its own."""
    tags_ensure_default()
    santosh.tags.set(tags_for("daily-wage"))
    santosh_again.tags.set(tags_for("daily-wage", "elderly-alone"))
    appointment_create(person=santosh_again, post_type=world.booth_social_media, unit=world.booth)
    home = household_create(unit=world.booth, address="12/4 गोविंद नगर")
    household_set_members(household=home, members=[santosh_again], head=santosh_again)
    consent_record(person=santosh, purpose=ConsentPurpose.CONTACT, method=ConsentMethod.VERBAL)
    consent_record(person=santosh_again, purpose=ConsentPurpose.RELIEF, method=ConsentMethod.SIGNED)
    return person_check_duplicates(santosh_again)[0]


def tags_for(*codes: str) -> list[Any]:
    from sangathan.people.models import Tag

    return list(Tag.objects.filter(code__in=codes))


def snapshot(person: Person) -> dict[str, Any]:
    person.refresh_from_db()
    return {
        "fields": {f.attname: getattr(person, f.attname) for f in Person._meta.concrete_fields}
        | {"updated_at": None},
        "tags": sorted(person.tags.values_list("code", flat=True)),
        "consents": sorted(person.consents.values_list("pk", flat=True)),
        "appointments": sorted(
            Appointment.objects.filter(person=person).values_list("pk", flat=True)
        ),
        "heads": sorted(Household.objects.filter(head=person).values_list("pk", flat=True)),
        "keys": sorted(PersonKey.objects.filter(person=person).values_list("key", flat=True)),
    }


def test_merge_moves_every_reference_and_keeps_the_history(
    district_editor: User, santosh: Person, santosh_again: Person, flagged: DuplicatePair
) -> None:
    appointment = Appointment.objects.get(person=santosh_again)
    record = duplicate_merge(pair=flagged, survivor=santosh, actor=district_editor)
    appointment.refresh_from_db()
    assert appointment.person == santosh
    assert Household.objects.get(head=santosh).members.filter(pk=santosh_again.pk).exists()
    assert Consent.objects.filter(person=santosh).count() == 2
    assert sorted(santosh.tags.values_list("code", flat=True)) == ["daily-wage", "elderly-alone"]
    santosh.refresh_from_db()
    assert santosh.phone == "+919839044444"
    assert santosh.voter_id == "UPK1234567"
    assert santosh.status == PersonStatus.ACTIVE
    santosh_again.refresh_from_db()
    assert santosh_again.status == PersonStatus.MERGED
    assert santosh_again.merged_into == santosh
    flagged.refresh_from_db()
    assert flagged.status == DuplicateStatus.MERGED
    assert flagged.decided_by == district_editor
    assert record.repointed["units.appointment.person"] == [appointment.pk]
    assert record.survivor_before["voter_id"] == ""
    entry = AuditEntry.objects.get(action="people.merged")
    assert entry.changes["merge_record"] == str(record.uuid)
    assert merge_record_for_audit_entry(entry) == record


def test_undo_restores_both_records_exactly(
    district_editor: User, santosh: Person, santosh_again: Person, flagged: DuplicatePair
) -> None:
    santosh.refresh_from_db()
    santosh_again.refresh_from_db()
    before = (snapshot(santosh), snapshot(santosh_again))
    record = duplicate_merge(pair=flagged, survivor=santosh, actor=district_editor)
    entry = AuditEntry.objects.get(action="people.merged")
    restored = merge_undo(
        record=merge_record_for_audit_entry(entry) or record, actor=district_editor
    )
    assert restored == santosh_again
    after = (snapshot(santosh), snapshot(santosh_again))
    assert after == before
    flagged.refresh_from_db()
    assert flagged.status == DuplicateStatus.OPEN
    assert flagged.decided_by is None
    record.refresh_from_db()
    assert record.undone_at is not None
    assert AuditEntry.objects.filter(action="people.merge_undone").exists()
    with pytest.raises(ValidationError):
        merge_undo(record=record, actor=district_editor)


def test_the_merged_record_was_held_and_the_survivor_may_be_the_newer_one(
    district_editor: User, santosh: Person, santosh_again: Person, flagged: DuplicatePair
) -> None:
    duplicate_merge(pair=flagged, survivor=santosh_again, actor=district_editor)
    santosh_again.refresh_from_db()
    assert santosh_again.status == PersonStatus.ACTIVE
    assert santosh_again.relation_name  # its own, kept
    assert Consent.objects.filter(person=santosh_again).count() == 2
    assert not PersonKey.objects.filter(person=santosh).exists()


def test_a_merge_is_refused_when_both_records_have_an_account(
    district_editor: User, santosh: Person, santosh_again: Person
) -> None:
    user_create(username="santosh1", password=PASSWORD, person=santosh)
    user_create(username="santosh2", password=PASSWORD, person=santosh_again)
    pair = person_check_duplicates(santosh_again)[0]
    with pytest.raises(ValidationError) as exc:
        duplicate_merge(pair=pair, survivor=santosh, actor=district_editor)
    assert "खात" in str(exc.value)  # खाता, खाते: the message names the account
    santosh_again.refresh_from_db()
    assert santosh_again.status == PersonStatus.HELD
    assert not MergeRecord.objects.exists()


def test_an_account_moves_to_a_survivor_without_one(
    district_editor: User, santosh: Person, santosh_again: Person
) -> None:
    account = user_create(username="santosh2", password=PASSWORD, person=santosh_again)
    pair = person_check_duplicates(santosh_again)[0]
    record = duplicate_merge(pair=pair, survivor=santosh, actor=district_editor)
    account.refresh_from_db()
    assert account.person == santosh
    merge_undo(record=record, actor=district_editor)
    account.refresh_from_db()
    assert account.person == santosh_again


def test_a_merge_is_refused_when_both_hold_the_same_open_post(
    world: World, district_editor: User, santosh: Person, santosh_again: Person
) -> None:
    for person in (santosh, santosh_again):
        appointment_create(person=person, post_type=world.mandal_secretary, unit=world.mandal)
    pair = person_check_duplicates(santosh_again)[0]
    with pytest.raises(ValidationError) as exc:
        duplicate_merge(pair=pair, survivor=santosh, actor=district_editor)
    assert "मंत्री" in str(exc.value) or "Secretary" in str(exc.value)
    assert Appointment.objects.filter(person=santosh_again).count() == 1


def test_only_a_person_of_the_pair_can_survive(
    world: World, district_editor: User, flagged: DuplicatePair
) -> None:
    stranger = make(world.booth, "अमित गुप्ता")
    with pytest.raises(ValidationError):
        duplicate_merge(pair=flagged, survivor=stranger, actor=district_editor)


def test_outsider_and_worker_cannot_merge(
    outsider: User, booth_worker: User, santosh: Person, flagged: DuplicatePair
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(Http404):
        duplicate_merge(pair=flagged, survivor=santosh, actor=outsider)
    with pytest.raises(PermissionDenied):
        duplicate_merge(pair=flagged, survivor=santosh, actor=booth_worker)
    assert not MergeRecord.objects.exists()


def test_other_open_pairs_of_the_merged_record_close_and_reopen_with_undo(
    world: World, district_editor: User, santosh: Person, santosh_again: Person
) -> None:
    third = make(world.booth2, "Parmanand Shukla", birth_year=1976, phone="9839044444")
    pairs = person_check_duplicates(third)
    main = person_check_duplicates(santosh_again)
    pair = next(p for p in main if {p.person_a, p.person_b} == {santosh, santosh_again})
    other = next(p for p in pairs if santosh_again in (p.person_a, p.person_b))
    record = duplicate_merge(pair=pair, survivor=santosh, actor=district_editor)
    other.refresh_from_db()
    assert other.status == DuplicateStatus.MERGED
    merge_undo(record=record, actor=district_editor)
    other.refresh_from_db()
    assert other.status == DuplicateStatus.OPEN


def test_checking_reads_key_blocks_not_the_whole_registry(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    newcomer = make(world.booth, "Paramanand Sukla", birth_year=1976)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            person_check_duplicates(newcomer)
        return len(ctx.captured_queries)

    few = queries()
    for i in range(30):
        make(world.booth2, f"Arpit Gupta {i}", birth_year=1990 + i % 10)
    assert queries() == few


def test_outsider_cannot_undo_a_merge(
    district_editor: User, outsider: User, santosh: Person, flagged: DuplicatePair
) -> None:
    record = duplicate_merge(pair=flagged, survivor=santosh, actor=district_editor)
    with pytest.raises(Http404):
        merge_undo(record=record, actor=outsider)
    record.refresh_from_db()
    assert record.undone_at is None


def test_only_a_merge_entry_leads_to_a_merge_record(santosh: Person) -> None:
    created = AuditEntry.objects.get(action="people.created", target_id=str(santosh.uuid))
    assert merge_record_for_audit_entry(created) is None
