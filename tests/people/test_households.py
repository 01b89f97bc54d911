"""Changing a household and who lives in it: ``household_update`` and
``person_set_household``, the household's edit page, and a repeated client id in
``person_create``."""

from __future__ import annotations

import uuid as uuid_lib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from sangathan.core.models import AuditEntry, User
from sangathan.people.models import Gender, Household, Person, PersonKey
from sangathan.people.services import (
    household_create,
    household_set_members,
    household_update,
    person_create,
    person_move,
    person_set_household,
)
from tests.api.conftest import bearer
from tests.conftest import World, login


@pytest.fixture
def ram(world: World) -> Person:
    return person_create(name="राम प्रसाद", gender=Gender.MALE, home_unit=world.booth)


@pytest.fixture
def sita(world: World) -> Person:
    return person_create(name="सीता देवी", gender=Gender.FEMALE, home_unit=world.booth)


@pytest.fixture
def home(world: World, ram: Person, sita: Person) -> Household:
    """12/4 गोविंद नगर in booth 101: राम प्रसाद (the head) and सीता देवी."""
    household = household_create(unit=world.booth, address="12/4 गोविंद नगर", code="H-12")
    household_set_members(household=household, members=[ram, sita], head=ram)
    return household


def english(user: User) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    return login(user)


# --- household_update -----------------------------------------------------------------------


def test_an_editor_changes_the_address_and_head_and_the_change_is_audited(
    home: Household, sita: Person, mandal_editor: User
) -> None:
    household_update(household=home, address=" 14 गोविंद नगर ", head=sita, actor=mandal_editor)
    home.refresh_from_db()
    assert home.address == "14 गोविंद नगर" and home.head == sita
    assert home.code == "H-12"  # not given, so kept
    entry = AuditEntry.objects.get(action="households.updated", target_id=str(home.uuid))
    assert entry.changes["address"] == ["12/4 गोविंद नगर", "14 गोविंद नगर"]
    assert entry.changes["head"] == ["राम प्रसाद", "सीता देवी"]
    assert entry.actor == mandal_editor


def test_a_household_without_changes_leaves_no_audit_entry(home: Household) -> None:
    household_update(household=home, address="12/4 गोविंद नगर", code="H-12")
    assert not AuditEntry.objects.filter(action="households.updated").exists()


def test_the_head_can_be_cleared_but_must_be_a_member(
    world: World, home: Household, ram: Person
) -> None:
    stranger = person_create(name="श्याम लाल", gender=Gender.MALE, home_unit=world.booth)
    with pytest.raises(ValidationError) as exc:
        household_update(household=home, head=stranger)
    assert "head" in exc.value.message_dict
    household_update(household=home, head=None)
    home.refresh_from_db()
    assert home.head is None


def test_a_household_code_used_in_the_unit_or_a_size_of_zero_is_refused(
    world: World, home: Household
) -> None:
    household_create(unit=world.booth, address="16 गोविंद नगर", code="H-16")
    with pytest.raises(ValidationError) as exc:
        household_update(household=home, code="H-16")
    assert "code" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        household_update(household=home, size=0)
    assert "size" in exc.value.message_dict
    household_update(household=home, size=None)


def test_a_household_moved_to_another_booth_takes_its_members_along(
    world: World, home: Household, ram: Person, sita: Person, mandal_editor: User
) -> None:
    household_update(household=home, unit=world.booth2, actor=mandal_editor)
    home.refresh_from_db()
    ram.refresh_from_db()
    assert home.unit == world.booth2 and home.unit_path == world.booth2.path
    assert ram.home_unit == world.booth2 and ram.household == home
    assert set(Person.objects.filter(household=home)) == {ram, sita}
    keys = PersonKey.objects.filter(person__in=[ram, sita])
    assert set(keys.values_list("unit_path", flat=True)) == {world.booth2.path}


def test_a_worker_cannot_change_a_household_and_an_outsider_is_told_it_does_not_exist(
    home: Household, booth_worker: User, outsider: User
) -> None:
    with pytest.raises(PermissionDenied):
        household_update(household=home, address="x", actor=booth_worker)
    with pytest.raises(Http404):
        household_update(household=home, address="x", actor=outsider)


def test_an_outsider_cannot_move_a_household_into_their_district(
    world: World, home: Household, district_editor: User
) -> None:
    with pytest.raises(Http404):
        household_update(household=home, unit=world.sibling_booth, actor=district_editor)
    home.refresh_from_db()
    assert home.unit == world.booth


# --- person_set_household -------------------------------------------------------------------


def test_a_person_joins_a_household_of_their_unit(
    world: World, home: Household, mandal_editor: User
) -> None:
    son = person_create(name="श्याम प्रसाद", gender=Gender.MALE, home_unit=world.booth)
    person_set_household(person=son, household=home, actor=mandal_editor)
    son.refresh_from_db()
    assert son.household == home
    entry = AuditEntry.objects.get(action="people.household_set", target_id=str(son.uuid))
    assert entry.changes["household"] == [None, "12/4 गोविंद नगर"]


def test_the_head_who_leaves_leaves_the_household_without_a_head(
    home: Household, ram: Person, sita: Person
) -> None:
    person_set_household(person=ram, household=None)
    home.refresh_from_db()
    ram.refresh_from_db()
    assert ram.household is None and home.head is None
    assert set(home.members.all()) == {sita}
    cleared = AuditEntry.objects.get(action="households.updated", target_id=str(home.uuid))
    assert cleared.changes["head"] == ["राम प्रसाद", None]


def test_a_head_moved_to_another_booth_leaves_the_household_without_a_head(
    world: World, home: Household, ram: Person, sita: Person
) -> None:
    ram.refresh_from_db()  # the fixture's copy predates joining the household
    person_move(person=ram, home_unit=world.booth2)
    home.refresh_from_db()
    assert home.head is None and set(home.members.all()) == {sita}


def test_a_member_who_is_not_the_head_leaves_the_head_in_place(
    world: World, home: Household, ram: Person, sita: Person
) -> None:
    other = household_create(unit=world.booth, address="14 गोविंद नगर")
    person_set_household(person=sita, household=other)
    home.refresh_from_db()
    sita.refresh_from_db()
    assert home.head == ram and sita.household == other


def test_joining_a_household_of_another_unit_needs_an_explicit_move(
    world: World, sita: Person, home: Household, mandal_editor: User
) -> None:
    elsewhere = household_create(unit=world.booth2, address="3 गोविंद नगर")
    with pytest.raises(ValidationError) as exc:
        person_set_household(person=sita, household=elsewhere, actor=mandal_editor)
    assert "household" in exc.value.message_dict
    sita.refresh_from_db()
    assert sita.household == home and sita.home_unit == world.booth

    person_set_household(person=sita, household=elsewhere, move=True, actor=mandal_editor)
    sita.refresh_from_db()
    assert sita.household == elsewhere and sita.home_unit == world.booth2
    assert AuditEntry.objects.filter(action="people.moved", target_id=str(sita.uuid)).exists()


def test_a_worker_cannot_change_someones_household(
    home: Household, sita: Person, booth_worker: User, outsider: User
) -> None:
    with pytest.raises(PermissionDenied):
        person_set_household(person=sita, household=None, actor=booth_worker)
    with pytest.raises(Http404):
        person_set_household(person=sita, household=None, actor=outsider)
    sita.refresh_from_db()
    assert sita.household == home


# --- The household's edit page --------------------------------------------------------------


def test_editor_changes_a_household_on_its_edit_page(
    home: Household, sita: Person, as_mandal: Client
) -> None:
    url = reverse("people:household_edit", args=[home.uuid])
    page = as_mandal.get(url)
    assert page.status_code == 200
    assert "12/4 गोविंद नगर" in page.content.decode() and "सीता देवी" in page.content.decode()
    response = as_mandal.post(
        url,
        {
            "address": "14 गोविंद नगर",
            "locality": "",
            "code": "H-12",
            "size": "3",
            "head": str(sita.uuid),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:household", args=[home.uuid])
    home.refresh_from_db()
    assert (home.address, home.size, home.head) == ("14 गोविंद नगर", 3, sita)


def test_the_household_page_links_to_the_edit_page_for_editors_only(
    home: Household, as_mandal: Client, as_booth: Client
) -> None:
    edit = reverse("people:household_edit", args=[home.uuid])
    page = reverse("people:household", args=[home.uuid])
    assert edit in as_mandal.get(page).content.decode()
    assert edit not in as_booth.get(page).content.decode()


def test_household_edit_errors_are_shown_on_their_fields(
    world: World, home: Household, mandal_editor: User
) -> None:
    household_create(unit=world.booth, address="16 गोविंद नगर", code="H-16")
    url = reverse("people:household_edit", args=[home.uuid])
    response = english(mandal_editor).post(url, {"address": "x", "code": "H-16"})
    assert response.status_code == 200
    assert "H-16 is already used" in str(response.context["form"].errors["code"])
    home.refresh_from_db()
    assert home.address == "12/4 गोविंद नगर"


def test_a_worker_may_not_edit_a_household_and_an_outsider_gets_404(
    home: Household, as_booth: Client, as_outsider: Client
) -> None:
    url = reverse("people:household_edit", args=[home.uuid])
    assert as_booth.get(url).status_code == 403
    assert as_booth.post(url, {"address": "x"}).status_code == 403
    assert as_outsider.get(url).status_code == 404
    assert as_outsider.post(url, {"address": "x"}).status_code == 404
    home.refresh_from_db()
    assert home.address == "12/4 गोविंद नगर"


# --- A repeated client id in person_create --------------------------------------------------


def test_a_repeated_client_id_returns_the_first_record(world: World, mandal_editor: User) -> None:
    client_id = uuid_lib.uuid4()
    first = person_create(
        name="गीता देवी", home_unit=world.booth, uuid=client_id, actor=mandal_editor
    )
    again = person_create(
        name="गीता देवी", home_unit=world.booth, uuid=client_id, actor=mandal_editor
    )
    assert again.pk == first.pk
    assert Person.objects.filter(uuid=client_id).count() == 1


def test_a_client_id_of_someone_outside_the_reach_is_refused_as_taken(
    world: World, mandal_editor: User, outsider: User
) -> None:
    theirs = outsider.person
    assert theirs is not None
    with pytest.raises(ValidationError) as exc:
        person_create(name="गीता देवी", home_unit=world.booth, uuid=theirs.uuid, actor=mandal_editor)
    assert list(exc.value.message_dict) == ["uuid"]
    theirs.refresh_from_db()
    assert theirs.name == "बाहरी संपादक"


def test_the_api_gives_the_services_answer_for_an_id_taken_outside_the_reach(
    world: World, mandal_editor: User, outsider: User
) -> None:
    theirs = outsider.person
    assert theirs is not None
    api = bearer(mandal_editor, **{"Accept-Language": "en"})
    body = {"name": "गीता देवी", "home_unit": str(world.booth.uuid), "uuid": str(theirs.uuid)}
    response = api.post("/people/", body)
    assert response.status_code == 400
    assert response.json() == {
        "error": "This id already belongs to a different person.",
        "code": "invalid",
        "fields": {"uuid": ["This id already belongs to a different person."]},
    }
