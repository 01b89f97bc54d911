"""The people pages over HTTP: the list and search, a person's page, adding and changing
people, consent and households. Duplicate review and personal-data actions are in
``test_views_review.py``."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Gender,
    Household,
    Person,
    PersonStatus,
    RelationKind,
)
from sangathan.people.sections import person_section, person_section_remove
from sangathan.people.services import (
    PersonFields,
    consent_record,
    household_create,
    household_set_members,
    person_create,
    tags_ensure_default,
)
from sangathan.units.services import appointment_create
from tests.conftest import PASSWORD, World, login

LIST = "/people/"


def detail(person: Person) -> str:
    return reverse("people:detail", args=[person.uuid])


def english(user: User) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    return login(user)


@pytest.fixture
def ram(world: World) -> Person:
    """A resident of booth 101 with every detail filled in."""
    tags_ensure_default()
    return person_create(
        home_unit=world.booth,
        details=PersonFields(
            name="राम प्रसाद",
            gender=Gender.MALE,
            phone="9839011122",
            relation_kind=RelationKind.FATHER,
            relation_name="शिव प्रसाद",
            birth_year=1975,
            locality="गोविंद नगर",
            address="12/4 गोविंद नगर",
            voter_id="ABC1234567",
            ration_card="UP-778899",
            aadhaar_last4="4321",
            tags=["daily-wage"],
        ),
    )


@pytest.fixture
def viewer(world: World) -> User:
    person = person_create(name="देखने वाले", gender=Gender.FEMALE, home_unit=world.booth)
    user = user_create(username="viewer", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.mandal, role=Role.VIEWER)
    return user


@pytest.fixture
def household(world: World, ram: Person) -> Household:
    home = household_create(unit=world.booth, address="12/4 गोविंद नगर", code="H-12")
    wife = person_create(name="सीता देवी", gender=Gender.FEMALE, home_unit=world.booth)
    household_set_members(household=home, members=[ram, wife], head=ram)
    return home


# --- The list and search --------------------------------------------------------------------


def test_people_list_shows_the_districts_people_by_name(
    world: World, ram: Person, as_district: Client
) -> None:
    response = as_district.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "राम प्रसाद" in html and "सुनील बजाज" in html
    assert html.index("राम प्रसाद") < html.index("सुनील बजाज")  # by name
    assert "Ram Prasad" in html  # the other script, small


def test_hindi_name_is_found_by_typing_santosh_sukla(
    world: World, district_editor: User, as_district: Client
) -> None:
    response = as_district.get(LIST, {"q": "santosh sukla"})
    assert response.status_code == 200
    assert "संतोष शुक्ला" in response.content.decode()


def test_search_answers_htmx_with_only_the_results(
    world: World, ram: Person, as_district: Client
) -> None:
    response = as_district.get(LIST, {"q": "ram prasad"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "राम प्रसाद" in html
    assert "HX-Request" in response["Vary"]


def test_search_finds_by_full_phone_and_voter_id(
    world: World, ram: Person, as_district: Client
) -> None:
    assert "राम प्रसाद" in as_district.get(LIST, {"q": "98390 11122"}).content.decode()
    assert "राम प्रसाद" in as_district.get(LIST, {"q": "abc1234567"}).content.decode()
    assert "राम प्रसाद" not in as_district.get(LIST, {"q": "11122"}).content.decode()


def test_list_within_a_unit_stays_inside_it(world: World, ram: Person, as_district: Client) -> None:
    other = person_create(name="मोहन लाल", gender=Gender.MALE, home_unit=world.other_mandal_booth)
    html = as_district.get(LIST, {"within": str(world.mandal.uuid)}).content.decode()
    assert "राम प्रसाद" in html and other.name not in html
    html = as_district.get(LIST, {"within": str(world.mandal.uuid), "q": "मोहन"}).content.decode()
    assert other.name not in html


def test_list_filters_by_tag(world: World, ram: Person, as_district: Client) -> None:
    html = as_district.get(LIST, {"tag": "daily-wage"}).content.decode()
    assert "राम प्रसाद" in html and "सुनील बजाज" not in html
    html = as_district.get(LIST, {"tag": "widow"}).content.decode()
    assert "राम प्रसाद" not in html


def test_list_pages_through_a_long_unit(world: World, as_mandal: Client) -> None:
    for n in range(55):
        person_create(name=f"व्यक्ति {n:02d}", gender=Gender.MALE, home_unit=world.booth2)
    within = {"within": str(world.booth2.uuid)}
    first = as_mandal.get(LIST, within).content.decode()
    assert "व्यक्ति 00" in first and "व्यक्ति 54" not in first
    assert "page=2" in first
    second = as_mandal.get(LIST, within | {"page": "2"}).content.decode()
    assert "व्यक्ति 54" in second and "व्यक्ति 00" not in second


def test_list_reads_relation_and_age_in_english(
    world: World, ram: Person, district_editor: User
) -> None:
    html = english(district_editor).get(LIST, {"within": str(world.booth.uuid)}).content.decode()
    assert "Ram Prasad" in html and "राम प्रसाद" in html
    assert "S/o शिव प्रसाद" in html
    assert "(1975)" in html


def test_viewer_sees_masked_phone_and_editor_the_full_one(
    world: World, ram: Person, viewer: User, as_district: Client
) -> None:
    html = login(viewer).get(LIST, {"within": str(world.booth.uuid)}).content.decode()
    assert "98xxxxxx22" in html and "98390 11122" not in html
    html = as_district.get(LIST, {"within": str(world.booth.uuid)}).content.decode()
    assert "98390 11122" in html


def test_outsider_never_sees_district_people_in_the_list(
    world: World, ram: Person, as_outsider: Client
) -> None:
    html = as_outsider.get(LIST).content.decode()
    assert "राम प्रसाद" not in html and "सुनील" not in html
    html = as_outsider.get(LIST, {"q": "ram prasad"}).content.decode()
    assert "राम प्रसाद" not in html
    assert as_outsider.get(LIST, {"within": str(world.district.uuid)}).status_code == 404
    assert as_outsider.get(LIST, {"within": "not-a-uuid"}).status_code == 404


def test_anonymous_visitor_is_sent_to_login(world: World, client: Client) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


# --- A person's page ------------------------------------------------------------------------


def test_person_page_shows_details_household_posts_and_consent(
    world: World, ram: Person, household: Household, district_editor: User
) -> None:
    appointment_create(person=ram, post_type=world.booth_social_media, unit=world.booth)
    consent_record(person=ram, purpose=ConsentPurpose.RELIEF, method=ConsentMethod.SIGNED)
    response = english(district_editor).get(detail(ram))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ram Prasad" in html and "राम प्रसाद" in html
    assert "98390 11122" in html and "ABC1234567" in html and "xxxx xxxx 4321" in html
    assert "Daily-wage labourer" in html
    assert reverse("people:household", args=[household.uuid]) in html and "सीता देवी" in html
    assert "Social media in-charge" in html
    assert reverse("units:detail", args=[world.booth.uuid]) in html
    assert "Receiving relief and services" in html and "Signed a form" in html


def test_editor_viewing_full_record_is_audited(
    world: World, ram: Person, as_district: Client
) -> None:
    as_district.get(detail(ram))
    entry = AuditEntry.objects.get(action="people.viewed_full")
    assert entry.target_id == str(ram.uuid)
    assert entry.actor is not None and entry.actor.username == "district"


def test_viewer_sees_masked_phone_and_ids_and_nothing_is_audited(
    world: World, ram: Person, viewer: User
) -> None:
    response = login(viewer).get(detail(ram))
    html = response.content.decode()
    assert response.status_code == 200
    assert "98xxxxxx22" in html and "98390 11122" not in html
    assert "ABC1234567" not in html and "ABxxxxxx67" in html
    # Only the Aadhaar digits themselves, not a uuid in a link that happens to hold them.
    assert re.search(r"(?<![0-9a-f-])4321(?![0-9a-f-])", html) is None
    assert reverse("people:edit", args=[ram.uuid]) not in html
    assert not AuditEntry.objects.filter(action="people.viewed_full").exists()


def test_person_page_shows_readable_edit_history_to_editors(
    world: World, ram: Person, district_editor: User, viewer: User
) -> None:
    client = english(district_editor)
    data = _form(ram) | {"locality": "किदवई नगर"}
    assert client.post(reverse("people:edit", args=[ram.uuid]), data).status_code == 302
    html = client.get(detail(ram)).content.decode()
    assert "Person changed" in html and "locality" in html and "किदवई नगर" in html
    assert "Person added" in html
    assert "Full record viewed" not in html  # views are in the log, not in the edit history
    assert "Person changed" not in english(viewer).get(detail(ram)).content.decode()


def test_person_page_has_room_for_later_features(
    world: World, ram: Person, as_district: Client, settings: Any
) -> None:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [Path(__file__).parent.parent / "core" / "templates"]
    settings.TEMPLATES = templates
    name = "tests.visits"

    @person_section(order=10, template="core_tests/home_section.html", name=name)
    def visits(request: HttpRequest, person: Person) -> dict[str, Any] | None:
        return {"count": 7} if person.pk == ram.pk else None

    try:
        assert "waiting-7" in as_district.get(detail(ram)).content.decode()
        assert "waiting-7" not in as_district.get(detail(world.sunil)).content.decode()
    finally:
        person_section_remove(name)


def test_merged_record_points_to_the_survivor(
    world: World, ram: Person, as_district: Client
) -> None:
    other = person_create(name="राम परसाद", gender=Gender.MALE, home_unit=world.booth)
    Person.objects.filter(pk=other.pk).update(status=PersonStatus.MERGED, merged_into=ram)
    html = as_district.get(detail(other)).content.decode()
    assert detail(ram) in html
    assert reverse("people:edit", args=[other.uuid]) not in html
    assert as_district.get(reverse("people:edit", args=[other.uuid])).status_code == 404


def test_outsider_gets_404_for_every_page_of_a_district_person(
    world: World, ram: Person, as_outsider: Client
) -> None:
    for name in ("detail", "edit", "move"):
        url = reverse(f"people:{name}", args=[ram.uuid])
        assert as_outsider.get(url).status_code == 404, url
        assert as_outsider.post(url, {}).status_code == (405 if name == "detail" else 404), url
    url = reverse("people:consent_add", args=[ram.uuid])
    assert as_outsider.post(url, {"consent-purpose": "relief"}).status_code == 404
    assert as_outsider.get(detail(world.sunil)).status_code == 404


def test_mandal_editor_cannot_open_a_person_of_the_district_office(
    world: World, as_mandal: Client
) -> None:
    assert as_mandal.get(detail(world.sunil)).status_code == 404


# --- Consent --------------------------------------------------------------------------------


def test_booth_worker_records_consent(world: World, ram: Person, as_booth: Client) -> None:
    response = as_booth.post(
        reverse("people:consent_add", args=[ram.uuid]),
        {"consent-purpose": "contact", "consent-method": "verbal", "consent-given_on": ""},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=ram)
    assert consent.purpose == ConsentPurpose.CONTACT
    assert consent.recorded_by is not None and consent.recorded_by.username == "booth"


def test_consent_in_the_future_is_refused_on_its_field(
    world: World, ram: Person, booth_worker: User
) -> None:
    response = english(booth_worker).post(
        reverse("people:consent_add", args=[ram.uuid]),
        {
            "consent-purpose": "contact",
            "consent-method": "verbal",
            "consent-given_on": "2999-01-01",
        },
    )
    assert response.status_code == 200
    assert "Consent cannot be given in the future." in response.content.decode()
    assert not Consent.objects.exists()


def test_viewer_cannot_record_consent(world: World, ram: Person, viewer: User) -> None:
    url = reverse("people:consent_add", args=[ram.uuid])
    response = login(viewer).post(url, {"consent-purpose": "contact", "consent-method": "verbal"})
    assert response.status_code == 403


def test_consent_can_be_withdrawn_by_a_worker(world: World, ram: Person, as_booth: Client) -> None:
    consent = consent_record(person=ram, purpose=ConsentPurpose.PHOTO, method=ConsentMethod.VERBAL)
    url = reverse("people:consent_withdraw", args=[consent.uuid])
    assert as_booth.get(url).status_code == 405
    assert as_booth.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None


def test_outsider_cannot_withdraw_a_district_consent(
    world: World, ram: Person, as_outsider: Client
) -> None:
    consent = consent_record(person=ram, purpose=ConsentPurpose.PHOTO, method=ConsentMethod.VERBAL)
    assert as_outsider.post(
        reverse("people:consent_withdraw", args=[consent.uuid])
    ).status_code == (404)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


# --- Adding and changing a person -----------------------------------------------------------


def _form(person: Person | None = None, **values: str) -> dict[str, str]:
    data = {
        "name": "",
        "gender": "U",
        "relation_kind": "",
        "relation_name": "",
        "birth_year": "",
        "age": "",
        "phone": "",
        "phone2": "",
        "locality": "",
        "address": "",
        "voter_id": "",
        "ration_card": "",
        "aadhaar_last4": "",
        "household": "",
    }
    if person is not None:
        data |= {
            "name": person.name,
            "gender": person.gender,
            "relation_kind": person.relation_kind,
            "relation_name": person.relation_name,
            "birth_year": str(person.birth_year or ""),
            "phone": person.phone,
            "locality": person.locality,
            "address": person.address,
            "voter_id": person.voter_id,
            "ration_card": person.ration_card,
            "aadhaar_last4": person.aadhaar_last4,
            "household": str(person.household.uuid) if person.household else "",
        }
    return data | values


def new_url(unit: Any) -> str:
    return f"{reverse('people:new')}?unit={unit.uuid}"


def test_editor_adds_a_person_with_every_field(
    world: World, household: Household, as_mandal: Client
) -> None:
    assert as_mandal.get(new_url(world.booth)).status_code == 200
    data = _form(
        name="श्रीमती गीता वर्मा",
        gender="F",
        relation_kind="husband",
        relation_name="Mahesh Verma",
        age="40",
        phone="98390 55555",
        locality="Govind Nagar",
        voter_id="xyz7654321",
        aadhaar_last4="1234",
        household=str(household.uuid),
    )
    response = as_mandal.post(new_url(world.booth), data | {"tags": ["widow", "daily-wage"]})
    person = Person.objects.get(name="गीता वर्मा")
    assert response.status_code == 302 and response["Location"] == detail(person)
    assert person.honorifics == "श्रीमती" and person.phone == "+919839055555"
    assert person.voter_id == "XYZ7654321" and person.household == household
    assert person.home_unit == world.booth and person.birth_year is not None
    assert set(person.tags.values_list("code", flat=True)) == {"widow", "daily-wage"}
    assert AuditEntry.objects.filter(action="people.created", target_id=str(person.uuid)).exists()


def test_service_errors_are_shown_on_their_fields(world: World, mandal_editor: User) -> None:
    client = english(mandal_editor)
    data = _form(name="", phone="12345", voter_id="123", birth_year="1800")
    response = client.post(new_url(world.booth), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "Give the person's name." in form.errors["name"]
    assert "12345 is not a valid phone number." in form.errors["phone"]
    assert "voter_id" in form.errors and "birth_year" in form.errors
    assert not Person.objects.filter(home_unit=world.booth).exclude(name="अवधेश सोनकर").exists()


def test_full_aadhaar_number_is_refused_and_never_echoed(world: World, mandal_editor: User) -> None:
    response = english(mandal_editor).post(
        new_url(world.booth), _form(name="Raju", aadhaar_last4="1234 5678 9012")
    )
    html = response.content.decode()
    assert "the full number is never kept" in html
    # The digits as typed, not a csrf token or uuid that happens to contain them.
    assert "1234 5678 9012" not in html
    assert re.search(r"(?<![0-9A-Za-z-])(5678|9012)(?![0-9A-Za-z-])", html) is None


def test_birth_year_and_age_together_are_refused(world: World, mandal_editor: User) -> None:
    response = english(mandal_editor).post(
        new_url(world.booth), _form(name="Raju", birth_year="1980", age="40")
    )
    assert "Give the year of birth or the age, not both." in response.content.decode()


def test_probable_duplicate_is_held_and_the_page_links_to_the_review(
    world: World, ram: Person, as_district: Client
) -> None:
    data = _form(
        name="Ram Prasad",
        gender="M",
        relation_kind="father",
        relation_name="Shiv Prasad",
        birth_year="1975",
        phone="9839011122",
    )
    response = as_district.post(new_url(world.booth), data, follow=True)
    again = Person.objects.exclude(pk=ram.pk).get(name="Ram Prasad")
    assert again.status == PersonStatus.HELD
    html = response.content.decode()
    assert "held" in html  # the message and the notice
    pair_url = reverse("people:duplicate", args=[response.context["duplicates"][0].pair_uuid])
    assert pair_url in html


def test_adding_without_a_unit_asks_for_one(world: World, as_mandal: Client) -> None:
    html = as_mandal.get(reverse("people:new"), {"q": "बूथ"}).content.decode()
    assert str(world.booth.uuid) in html
    assert str(world.other_mandal_booth.uuid) not in html  # outside the mandal
    response = as_mandal.get(reverse("people:new"), {"q": "बूथ"}, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()


def test_booth_worker_cannot_add_or_change_people(
    world: World, ram: Person, as_booth: Client
) -> None:
    assert as_booth.get(new_url(world.booth)).status_code == 403
    assert as_booth.post(new_url(world.booth), _form(name="Raju")).status_code == 403
    assert as_booth.get(reverse("people:edit", args=[ram.uuid])).status_code == 403
    assert not Person.objects.filter(name="Raju").exists()


def test_outsider_cannot_add_a_person_in_the_district(world: World, as_outsider: Client) -> None:
    assert as_outsider.get(new_url(world.district)).status_code == 404
    assert as_outsider.post(new_url(world.booth), _form(name="Raju")).status_code == 404
    html = as_outsider.get(reverse("people:new"), {"q": "बूथ"}).content.decode()
    assert str(world.booth.uuid) not in html


def test_editor_changes_details_and_household(
    world: World, ram: Person, household: Household, as_district: Client
) -> None:
    url = reverse("people:edit", args=[ram.uuid])
    response = as_district.get(url)
    assert response.status_code == 200
    assert "98390 11122" in response.content.decode()  # the form holds the full number
    other = household_create(unit=world.booth, address="14 गोविंद नगर")
    data = _form(ram, phone="9839099999", household=str(other.uuid))
    assert as_district.post(url, data | {"tags": ["elderly-alone"]}).status_code == 302
    ram.refresh_from_db()
    household.refresh_from_db()
    assert ram.phone == "+919839099999" and ram.household == other
    assert household.head is None  # ram headed the old one and left it
    assert list(ram.tags.values_list("code", flat=True)) == ["elderly-alone"]


def test_edit_shows_service_errors(world: World, ram: Person, district_editor: User) -> None:
    response = english(district_editor).post(
        reverse("people:edit", args=[ram.uuid]), _form(ram, phone2="99")
    )
    assert response.status_code == 200
    assert "99 is not a valid phone number." in response.content.decode()


def test_editor_moves_a_person_to_another_booth(
    world: World, ram: Person, household: Household, as_district: Client
) -> None:
    url = reverse("people:move", args=[ram.uuid])
    html = as_district.get(url, {"q": "बूथ"}).content.decode()
    assert str(world.booth2.uuid) in html and str(world.sibling_booth.uuid) not in html
    assert as_district.post(url, {"unit": str(world.booth2.uuid)}).status_code == 302
    ram.refresh_from_db()
    assert ram.home_unit == world.booth2 and ram.household is None


def test_mandal_editor_cannot_move_a_person_out_of_the_mandal(
    world: World, ram: Person, mandal_editor: User
) -> None:
    url = reverse("people:move", args=[ram.uuid])
    response = english(mandal_editor).post(url, {"unit": str(world.other_mandal_booth.uuid)})
    assert response.status_code == 200
    assert "Choose the new unit from the list." in response.content.decode()
    ram.refresh_from_db()
    assert ram.home_unit == world.booth


# --- Households -----------------------------------------------------------------------------


def test_household_page_shows_address_head_and_members(
    world: World, household: Household, as_booth: Client
) -> None:
    response = as_booth.get(reverse("people:household", args=[household.uuid]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "12/4 गोविंद नगर" in html and "राम प्रसाद" in html and "सीता देवी" in html
    assert reverse("people:household_members", args=[household.uuid]) not in html  # worker


def test_editor_adds_a_household(world: World, as_mandal: Client) -> None:
    url = f"{reverse('people:household_new')}?unit={world.booth.uuid}"
    assert as_mandal.get(url).status_code == 200
    response = as_mandal.post(url, {"address": "7 किदवई नगर", "code": "H-7", "size": "5"})
    home = Household.objects.get(code="H-7")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:household", args=[home.uuid])
    assert home.unit == world.booth and home.size == 5


def test_household_errors_are_shown_on_their_fields(
    world: World, household: Household, mandal_editor: User
) -> None:
    url = f"{reverse('people:household_new')}?unit={world.booth.uuid}"
    response = english(mandal_editor).post(url, {"code": "H-12", "size": "0"})
    form = response.context["form"]
    assert response.status_code == 200
    assert "code" in form.errors
    response = english(mandal_editor).post(url, {"code": "H-13", "size": "0"})
    assert "A household has between 1 and 99 members." in response.context["form"].errors["size"]


def test_editor_sets_members_and_head(
    world: World, ram: Person, household: Household, as_mandal: Client
) -> None:
    son = person_create(name="श्याम प्रसाद", gender=Gender.MALE, home_unit=world.booth)
    url = reverse("people:household_members", args=[household.uuid])
    assert as_mandal.get(url).status_code == 405
    response = as_mandal.post(
        url, {"members-members": [str(ram.uuid), str(son.uuid)], "members-head": str(son.uuid)}
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert set(household.members.all()) == {ram, son} and household.head == son


def test_head_must_be_a_member(
    world: World, ram: Person, household: Household, mandal_editor: User
) -> None:
    son = person_create(name="श्याम प्रसाद", gender=Gender.MALE, home_unit=world.booth)
    url = reverse("people:household_members", args=[household.uuid])
    response = english(mandal_editor).post(
        url, {"members-members": [str(ram.uuid)], "members-head": str(son.uuid)}
    )
    assert response.status_code == 200
    assert "The head of the household must be one of its members." in response.content.decode()


def test_household_list_of_a_unit(world: World, household: Household, as_mandal: Client) -> None:
    html = as_mandal.get(reverse("people:households"), {"within": str(world.booth.uuid)}).content
    assert "12/4 गोविंद नगर" in html.decode()


def test_outsider_gets_404_for_district_households(
    world: World, household: Household, as_outsider: Client
) -> None:
    assert as_outsider.get(reverse("people:household", args=[household.uuid])).status_code == 404
    url = reverse("people:household_members", args=[household.uuid])
    assert as_outsider.post(url, {"members-members": []}).status_code == 404
    new = f"{reverse('people:household_new')}?unit={world.booth.uuid}"
    assert as_outsider.get(new).status_code == 404
    assert as_outsider.post(new, {"address": "x"}).status_code == 404
    listing = as_outsider.get(reverse("people:households"))
    assert "12/4 गोविंद नगर" not in listing.content.decode()
    within = {"within": str(world.district.uuid)}
    assert as_outsider.get(reverse("people:households"), within).status_code == 404
    household.refresh_from_db()
    assert household.members.count() == 2
