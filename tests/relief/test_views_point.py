"""The distribution point without JavaScript: a quick-add whose newcomer looks like someone
registered comes back with them listed (pick one, or confirm "none of these"), and who referred
someone is typed as a name or a phone and looked up by the server (one sure match taken, several
offered as choices, none refused on the field); the outsider's people are never reachable."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import World
from tests.relief.conftest import Relief

from sangathan.core.models import User
from sangathan.people.models import Household, Person
from sangathan.people.services import person_create
from sangathan.relief.drives import duty_add
from sangathan.relief.models import Beneficiary, Shift


def _url(name: str, *args: object) -> str:
    return reverse(f"relief:{name}", args=list(args))


def _english(client: Client) -> Client:
    client.cookies["sangathan_language"] = "en"
    return client


@pytest.fixture
def on_duty(relief: Relief, booth_worker: User) -> User:
    assert booth_worker.person is not None
    duty_add(
        point=relief.point,
        person=booth_worker.person,
        day=timezone.localdate(),
        shift=Shift.FULL_DAY,
        actor=None,
    )
    return booth_worker


@pytest.fixture
def add_url(relief: Relief) -> str:
    return _url("point_quick_add", relief.point.uuid)


def _people() -> int:
    return Person.objects.count()


# --- People alike, asked by the server -------------------------------------------------------


def test_a_newcomer_alike_to_someone_registered_is_listed_and_nobody_is_added(
    on_duty: User, as_booth: Client, add_url: str, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    before = _people()
    response = as_booth.post(
        add_url,
        {"name": "santosh sukla", "phone": "9839022222", "categories": ["daily-wage"]},
    )
    assert response.status_code == 409
    assert _people() == before
    assert [p.pk for p in response.context["newcomer"].alike] == [santosh.pk]
    page = response.content.decode()
    assert "qa-alike-list" in page and f"?person={santosh.uuid}" in page
    assert 'name="confirm_new"' in page and f'name="alike_seen" value="{santosh.uuid}"' in page
    # The form comes back open and as typed.
    assert 'id="quick-add" open' in page
    assert 'value="santosh sukla"' in page and 'value="9839022222"' in page
    assert re.search(r'value="daily-wage"\s+checked', page)


def test_the_same_phone_is_listed_as_alike(
    on_duty: User, as_booth: Client, world: World, add_url: str
) -> None:
    kamla = person_create(name="कमला देवी", phone="9839011111", home_unit=world.booth)
    response = as_booth.post(add_url, {"name": "रीना देवी", "phone": "98390 11111"})
    assert response.status_code == 409
    assert [p.pk for p in response.context["newcomer"].alike] == [kamla.pk]
    assert not Person.objects.filter(name="रीना देवी").exists()


def test_none_of_these_adds_the_newcomer(
    on_duty: User, as_booth: Client, add_url: str, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    response = as_booth.post(
        add_url,
        {
            "name": "santosh sukla",
            "locality": "किदवई नगर",
            "confirm_new": "1",
            "alike_seen": [str(santosh.uuid)],
        },
    )
    newcomer = Person.objects.get(name="santosh sukla")
    assert response.status_code == 302 and str(newcomer.uuid) in response["Location"]
    assert Beneficiary.objects.filter(person=newcomer).exists()


def test_a_confirmation_is_kept_when_the_form_comes_back_with_a_mistake(
    on_duty: User, as_booth: Client, add_url: str, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    confirmed = {"name": "santosh sukla", "confirm_new": "1", "alike_seen": [str(santosh.uuid)]}
    response = as_booth.post(add_url, confirmed)  # no phone, no locality
    assert response.status_code == 400 and "phone" in response.context["newcomer"].errors
    page = response.content.decode()
    kept = page.split('id="qa-alike"')[1].split("</div>")[0]
    assert 'name="confirm_new" value="1"' in kept and str(santosh.uuid) in kept
    response = as_booth.post(add_url, {**confirmed, "locality": "किदवई नगर"})
    assert response.status_code == 302
    assert Person.objects.filter(name="santosh sukla").exists()


def test_a_confirmation_does_not_cover_someone_alike_it_was_not_shown(
    on_duty: User,
    as_booth: Client,
    world: World,
    add_url: str,
    family: tuple[Household, Person],
) -> None:
    _, santosh = family
    # Registered after the list was shown: the confirmation names only संतोष.
    other = person_create(name="Santosh Shukla", home_unit=world.booth)
    response = as_booth.post(
        add_url,
        {
            "name": "santosh sukla",
            "locality": "किदवई नगर",
            "confirm_new": "1",
            "alike_seen": [str(santosh.uuid)],
        },
    )
    assert response.status_code == 409
    assert {p.pk for p in response.context["newcomer"].alike} == {santosh.pk, other.pk}
    assert not Person.objects.filter(name="santosh sukla").exists()


def test_picking_someone_alike_chooses_them_for_the_handover(
    on_duty: User, as_booth: Client, relief: Relief, add_url: str, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    page = as_booth.post(add_url, {"name": "santosh sukla", "locality": "x"}).content.decode()
    match = re.search(r'<a class="button" href="([^"]+)">', page.split('id="qa-alike-list"')[1])
    assert match is not None
    response = as_booth.get(match.group(1).replace("&amp;", "&"))
    assert response.status_code == 200 and response.context["person"] == santosh
    give = _url("point_give", relief.point.uuid)
    assert f'action="{give}"' in response.content.decode()


def test_the_alike_list_shown_as_one_types_offers_the_confirmation(
    on_duty: User, as_booth: Client, relief: Relief, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    page = as_booth.get(
        _url("point_search", relief.point.uuid), {"for": "add", "name": "santosh sukla"}
    ).content.decode()
    assert 'name="confirm_new"' in page and f'name="alike_seen" value="{santosh.uuid}"' in page


def test_a_refusal_brings_the_form_back_as_typed_with_the_message_by_the_field(
    on_duty: User, as_booth: Client, add_url: str
) -> None:
    response = _english(as_booth).post(add_url, {"name": "रीना देवी", "categories": ["disabled"]})
    assert response.status_code == 400
    assert not Person.objects.filter(name="रीना देवी").exists()
    assert response.context["newcomer"].errors == {"phone": ["Give a phone number or a locality."]}
    page = response.content.decode()
    assert 'value="रीना देवी"' in page and re.search(r'value="disabled"\s+checked', page)


# --- Who referred them, typed ------------------------------------------------------------------


def test_a_referrer_typed_by_phone_is_taken(
    on_duty: User, as_booth: Client, world: World, add_url: str
) -> None:
    kamla = person_create(name="कमला देवी", phone="9839011111", home_unit=world.booth)
    response = as_booth.post(
        add_url,
        {"name": "रीना देवी", "locality": "दादा नगर", "referred_by_text": "98390 11111"},
    )
    assert response.status_code == 302
    assert Beneficiary.objects.get(person__name="रीना देवी").referred_by == kamla


def test_a_referrer_typed_by_name_in_the_other_script_is_taken(
    on_duty: User, as_booth: Client, add_url: str, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    response = as_booth.post(
        add_url,
        {"name": "रीना देवी", "locality": "दादा नगर", "referred_by_text": "santosh sukla"},
    )
    assert response.status_code == 302
    assert Beneficiary.objects.get(person__name="रीना देवी").referred_by == santosh


def test_several_people_matching_the_referrer_are_offered_and_one_is_chosen(
    on_duty: User, as_booth: Client, world: World, add_url: str, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    namesake = person_create(name="संतोष वर्मा", home_unit=world.booth)
    typed = {"name": "रीना देवी", "locality": "दादा नगर", "referred_by_text": "संतोष"}
    response = as_booth.post(add_url, typed)
    assert response.status_code == 409
    assert not Person.objects.filter(name="रीना देवी").exists()
    assert {p.pk for p in response.context["newcomer"].referrer.choices} == {
        santosh.pk,
        namesake.pk,
    }
    page = response.content.decode()
    assert f'type="radio" name="referred_by" value="{namesake.uuid}"' in page
    assert 'value="संतोष"' in page and 'value="दादा नगर"' in page
    response = as_booth.post(add_url, {**typed, "referred_by": ["", str(namesake.uuid)]})
    assert response.status_code == 302
    assert Beneficiary.objects.get(person__name="रीना देवी").referred_by == namesake


def test_a_pick_counts_only_if_the_typed_text_finds_it(
    on_duty: User, as_booth: Client, world: World, add_url: str, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    kamla = person_create(name="कमला देवी", phone="9839011111", home_unit=world.booth)
    # Picked संतोष, then typed कमला's phone: the text says who was meant.
    response = as_booth.post(
        add_url,
        {
            "name": "रीना देवी",
            "locality": "दादा नगर",
            "referred_by": str(santosh.uuid),
            "referred_by_text": "9839011111",
        },
    )
    assert response.status_code == 302
    assert Beneficiary.objects.get(person__name="रीना देवी").referred_by == kamla


def test_a_referrer_nobody_matches_is_refused_on_the_field(
    on_duty: User, as_booth: Client, add_url: str
) -> None:
    response = _english(as_booth).post(
        add_url, {"name": "रीना देवी", "locality": "दादा नगर", "referred_by_text": "zzzqqq"}
    )
    assert response.status_code == 400
    assert not Person.objects.filter(name="रीना देवी").exists()
    assert "Nobody in this drive&#x27;s units matches" in response.content.decode()


def test_the_outsiders_people_cannot_be_referrers_by_name_or_by_id(
    as_district: Client, world: World, add_url: str
) -> None:
    stranger = person_create(name="दूर का आदमी", phone="9839033333", home_unit=world.sibling_booth)
    client = _english(as_district)
    for asked in (
        {"referred_by_text": "दूर का आदमी"},
        {"referred_by_text": "9839033333"},
        {"referred_by": str(stranger.uuid)},
    ):
        response = client.post(add_url, {"name": "रीना देवी", "locality": "दादा नगर", **asked})
        assert response.status_code == 400, asked
        referrer = response.context["newcomer"].referrer
        assert referrer.error and referrer.person is None and not referrer.choices
        assert str(stranger.uuid) not in response.content.decode()
    assert not Person.objects.filter(name="रीना देवी").exists()


def test_the_referrer_search_as_one_types_reads_the_form_field(
    on_duty: User, as_booth: Client, relief: Relief, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    page = as_booth.get(
        _url("point_search", relief.point.uuid),
        {"for": "referrer", "referred_by_text": "santosh"},
    ).content.decode()
    assert f'data-pick="{santosh.uuid}"' in page


def test_a_referrer_typed_when_setting_categories_is_offered_then_saved(
    on_duty: User, as_booth: Client, world: World, relief: Relief, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    kamla = person_create(name="कमला देवी", phone="9839011111", home_unit=world.booth)
    person_create(name="कमला वर्मा", home_unit=world.booth)
    enrol = _url("point_enrol", relief.point.uuid)
    asked = {"person": str(kamla.uuid), "categories": ["disabled"], "referred_by_text": "कमला"}
    response = as_booth.post(enrol, asked)
    assert response.status_code == 409 and not Beneficiary.objects.exists()
    page = response.content.decode()
    assert 'id="enrol" open' in page and re.search(r'value="disabled"\s+checked', page)
    # कमला cannot refer herself: the service says so, nothing is saved.
    response = as_booth.post(enrol, {**asked, "referred_by": str(kamla.uuid)}, follow=True)
    assert not Beneficiary.objects.exists()
    response = as_booth.post(enrol, {**asked, "referred_by_text": "santosh sukla"})
    assert response.status_code == 302
    assert Beneficiary.objects.get(person=kamla).referred_by == santosh
