"""Beneficiaries in the browser: quick-add at the point with priority categories and who
referred them (people alike shown while the name is typed), the newcomer's creation audited as
the worker's own, a chosen person's categories set at the counter, and the list of a drive's
beneficiaries with its CSV/Excel download for editors; each refused to the outsider."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import PASSWORD, World, login
from tests.relief.conftest import Catalogue, Relief

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import Gender, Household, Person, PersonStatus, Source
from sangathan.people.services import household_create, person_create
from sangathan.relief.beneficiaries import QuickAdd, beneficiary_add, beneficiary_quick_add
from sangathan.relief.distribution import distribution_record
from sangathan.relief.drives import duty_add
from sangathan.relief.models import Beneficiary, Shift


def _url(name: str, *args: object) -> str:
    return reverse(f"relief:{name}", args=list(args))


def _english(client: Client) -> Client:
    client.cookies["sangathan_language"] = "en"
    return client


def _codes(person: Person) -> set[str]:
    return {t.code for t in Beneficiary.objects.get(person=person).categories.all()}


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
def enrolled(
    world: World, relief: Relief, catalogue: Catalogue, family: tuple[Household, Person]
) -> dict[str, Person]:
    """संतोष (booth 101, daily-wage, got a ration kit) and कमला (booth 201 of the other mandal,
    elderly living alone, referred by संतोष, with a phone)."""
    home, santosh = family
    beneficiary_add(person=santosh, categories=["daily-wage"], actor=None)
    distribution_record(
        drive=relief.drive, point=relief.point, item=catalogue.kit, household=home, actor=None
    )
    kamla = person_create(
        name="कमला देवी",
        gender=Gender.FEMALE,
        phone="9839011111",
        home_unit=world.other_mandal_booth,
    )
    beneficiary_add(person=kamla, categories=["elderly-alone"], referred_by=santosh, actor=None)
    return {"santosh": santosh, "kamla": kamla}


# --- Quick-add at the point ------------------------------------------------------------------


def test_a_newcomer_is_added_with_categories_and_who_referred_them(
    on_duty: User, as_booth: Client, relief: Relief, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    response = as_booth.post(
        _url("point_quick_add", relief.point.uuid),
        {
            "name": "रीना देवी",
            "locality": "दादा नगर",
            "categories": ["domestic-worker", "no-earning-member"],
            "referred_by": str(santosh.uuid),
        },
    )
    reena = Person.objects.get(name="रीना देवी")
    assert response.status_code == 302 and str(reena.uuid) in response["Location"]
    row = Beneficiary.objects.get(person=reena)
    assert _codes(reena) == {"domestic-worker", "no-earning-member"}
    assert row.referred_by == santosh and row.created_by == on_duty


def test_the_newcomer_is_created_by_the_worker_from_the_field(
    on_duty: User, as_booth: Client, relief: Relief
) -> None:
    as_booth.post(
        _url("point_quick_add", relief.point.uuid), {"name": "रीना देवी", "phone": "9839022222"}
    )
    reena = Person.objects.get(name="रीना देवी")
    assert reena.source == Source.FIELD
    created = AuditEntry.objects.get(action="people.created", target_id=str(reena.uuid))
    assert created.actor == on_duty


def test_a_worker_may_not_create_people_outside_the_point_or_their_unit(
    world: World, booth_worker: User
) -> None:
    # Elsewhere person_create still asks for an editor ...
    with pytest.raises(PermissionDenied):
        person_create(name="रीना देवी", home_unit=world.booth, actor=booth_worker)
    # ... and at a point only a worker of the unit may add someone to it.
    with pytest.raises(Http404):
        beneficiary_quick_add(
            unit=world.other_mandal_booth,
            details=QuickAdd(name="रीना देवी", locality="किदवई नगर"),
            actor=booth_worker,
        )
    assert not Person.objects.filter(name="रीना देवी").exists()


def test_a_referrer_outside_reach_is_refused_and_nobody_is_added(
    on_duty: User, as_booth: Client, world: World, relief: Relief
) -> None:
    stranger = person_create(name="दूर का आदमी", home_unit=world.sibling_booth)
    response = _english(as_booth).post(
        _url("point_quick_add", relief.point.uuid),
        {"name": "रीना देवी", "locality": "दादा नगर", "referred_by": str(stranger.uuid)},
        follow=True,
    )
    assert not Person.objects.filter(name="रीना देवी").exists()
    assert "There is no such person in your units." in response.content.decode()


def test_people_alike_show_while_the_newcomer_is_typed(
    on_duty: User, as_booth: Client, relief: Relief, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    search = _url("point_search", relief.point.uuid)
    page = as_booth.get(search, {"for": "add", "name": "santosh sukla"}).content.decode()
    assert "qa-alike-list" in page and str(santosh.uuid) in page
    short = as_booth.get(search, {"for": "add", "name": "सं"}).content.decode()
    assert str(santosh.uuid) not in short and "qa-alike-list" not in short
    nobody = as_booth.get(search, {"for": "add", "name": "zzzqqq"}).content.decode()
    assert "qa-alike-list" not in nobody and 'class="hint"' in nobody


def test_the_same_phone_shows_while_the_newcomer_is_typed(
    on_duty: User, as_booth: Client, world: World, relief: Relief
) -> None:
    kamla = person_create(name="कमला देवी", phone="9839011111", home_unit=world.booth)
    page = as_booth.get(
        _url("point_search", relief.point.uuid), {"for": "add", "phone": "98390 11111"}
    ).content.decode()
    assert str(kamla.uuid) in page


def test_the_point_page_offers_categories_referrer_and_the_lookup_as_one_types(
    on_duty: User, as_booth: Client, relief: Relief
) -> None:
    page = as_booth.get(_url("point", relief.point.uuid)).content.decode()
    assert 'name="categories" value="no-earning-member"' in page
    assert "?for=add" in page and "?for=referrer" in page and 'name="referred_by"' in page
    assert "relief/point.js" in page and "<style>" not in page


def test_the_referrer_search_offers_people_to_pick(
    on_duty: User, as_booth: Client, relief: Relief, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    page = as_booth.get(
        _url("point_search", relief.point.uuid), {"for": "referrer", "q": "santosh"}
    ).content.decode()
    assert f'data-pick="{santosh.uuid}"' in page and "?person=" not in page


def test_a_newcomer_held_as_a_likely_duplicate_can_still_be_served(
    on_duty: User, as_booth: Client, relief: Relief
) -> None:
    as_booth.post(
        _url("point_quick_add", relief.point.uuid), {"name": "रीना देवी", "locality": "दादा नगर"}
    )
    # As when the duplicate check holds the newcomer for review.
    Person.objects.filter(name="रीना देवी").update(status=PersonStatus.HELD)
    reena = Person.objects.get(name="रीना देवी")
    response = _english(as_booth).get(_url("point", relief.point.uuid), {"person": reena.uuid})
    assert response.status_code == 200
    assert "waits for a review" in response.content.decode()


# --- Categories of a chosen person -----------------------------------------------------------


def test_the_counter_sets_a_persons_categories(
    on_duty: User, as_booth: Client, relief: Relief, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    enrol = _url("point_enrol", relief.point.uuid)
    page = as_booth.get(_url("point", relief.point.uuid), {"person": santosh.uuid}).content
    assert enrol in page.decode()
    as_booth.post(enrol, {"person": str(santosh.uuid), "categories": ["daily-wage", "disabled"]})
    assert _codes(santosh) == {"daily-wage", "disabled"}
    as_booth.post(enrol, {"person": str(santosh.uuid), "categories": ["elderly-alone"]})
    assert _codes(santosh) == {"elderly-alone"}
    page = _english(as_booth).get(_url("point", relief.point.uuid), {"person": santosh.uuid})
    assert "Elderly, living alone" in page.content.decode()
    entries = AuditEntry.objects.filter(target_id=str(santosh.uuid), actor=on_duty)
    assert list(entries.values_list("action", flat=True).order_by("pk")) == [
        "relief.beneficiary_added",
        "relief.beneficiary_updated",
    ]
    updated = entries.get(action="relief.beneficiary_updated")
    assert updated.changes["categories"] == [["daily-wage", "disabled"], ["elderly-alone"]]


def test_a_volunteer_on_duty_without_a_role_in_the_unit_may_not_set_categories(
    world: World, relief: Relief, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    helper = person_create(name="स्वयंसेवक", gender=Gender.MALE, home_unit=world.booth)
    user = user_create(username="helper", password=PASSWORD, person=helper)
    duty_add(
        point=relief.point,
        person=helper,
        day=timezone.localdate(),
        shift=Shift.FULL_DAY,
        actor=None,
    )
    client = login(user)
    page = client.get(_url("point", relief.point.uuid)).content.decode()
    assert _url("point_enrol", relief.point.uuid) not in page
    response = client.post(
        _url("point_enrol", relief.point.uuid),
        {"person": str(santosh.uuid), "categories": ["disabled"]},
    )
    assert response.status_code == 404
    assert not Beneficiary.objects.exists()


def test_the_point_enrolment_is_refused_to_the_outsider(
    as_outsider: Client, relief: Relief, family: tuple[Household, Person]
) -> None:
    _, santosh = family
    response = as_outsider.post(
        _url("point_enrol", relief.point.uuid),
        {"person": str(santosh.uuid), "categories": ["disabled"]},
    )
    assert response.status_code == 404
    assert not Beneficiary.objects.exists()


# --- The list --------------------------------------------------------------------------------


def test_the_drive_page_links_to_its_beneficiaries(as_district: Client, relief: Relief) -> None:
    page = as_district.get(_url("drive", relief.drive.uuid)).content.decode()
    assert _url("beneficiaries", relief.drive.uuid) in page


def test_the_list_shows_categories_referrer_and_what_was_received(
    as_district: Client, relief: Relief, enrolled: dict[str, Person]
) -> None:
    page = _english(as_district).get(_url("beneficiaries", relief.drive.uuid)).content.decode()
    assert "संतोष शुक्ला" in page and "कमला देवी" in page
    assert "Ration kit" in page  # संतोष's household got one
    assert "Daily-wage labourer" in page and "Elderly, living alone" in page
    assert "98390 11111" in page  # an editor sees the phone in full


def test_the_list_filters_by_category_and_unit_and_finds_a_latin_spelling(
    as_district: Client, world: World, relief: Relief, enrolled: dict[str, Person]
) -> None:
    url = _url("beneficiaries", relief.drive.uuid)
    santosh, kamla = "<strong>संतोष शुक्ला</strong>", "<strong>कमला देवी</strong>"
    by_category = as_district.get(url, {"category": "elderly-alone"}).content.decode()
    assert kamla in by_category and santosh not in by_category
    by_unit = as_district.get(url, {"unit": str(world.mandal.uuid)}).content.decode()
    assert santosh in by_unit and kamla not in by_unit
    searched = as_district.get(url, {"q": "kamla devi"}).content.decode()
    assert kamla in searched and santosh not in searched


def test_phones_are_masked_below_editor(
    on_duty: User, as_booth: Client, world: World, relief: Relief
) -> None:
    neighbour = person_create(name="गीता देवी", phone="9839033333", home_unit=world.booth)
    beneficiary_add(person=neighbour, categories=["disabled"], actor=None)
    page = as_booth.get(_url("beneficiaries", relief.drive.uuid)).content.decode()
    assert "गीता देवी" in page and "98xxxxxx33" in page and "33333" not in page
    assert _url("beneficiaries_csv", relief.drive.uuid) not in page


def test_the_list_and_downloads_are_refused_to_the_outsider(
    as_outsider: Client, relief: Relief, enrolled: dict[str, Person]
) -> None:
    for name in ("beneficiaries", "beneficiaries_csv", "beneficiaries_xlsx"):
        assert as_outsider.get(_url(name, relief.drive.uuid)).status_code == 404
    assert not AuditEntry.objects.filter(action="relief.beneficiaries_exported").exists()


def test_the_downloads_are_for_editors(
    on_duty: User, as_booth: Client, relief: Relief, enrolled: dict[str, Person]
) -> None:
    for name in ("beneficiaries_csv", "beneficiaries_xlsx"):
        assert as_booth.get(_url(name, relief.drive.uuid)).status_code == 403


def test_the_csv_is_audited_and_a_formula_is_shown_as_text(
    as_district: Client,
    district_editor: User,
    world: World,
    relief: Relief,
    enrolled: dict[str, Person],
) -> None:
    trick = person_create(name="रामू", home_unit=world.booth)
    trick.locality = "=HYPERLINK(1)"
    trick.save(update_fields=["locality"])
    beneficiary_add(person=trick, categories=["disabled"], actor=None)
    response = _english(as_district).get(
        _url("beneficiaries_csv", relief.drive.uuid), {"category": "disabled"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name" and len(rows) == 2
    assert rows[1][0] == "रामू" and rows[1][3] == "'=HYPERLINK(1)"
    entry = AuditEntry.objects.get(action="relief.beneficiaries_exported")
    assert entry.actor == district_editor
    assert entry.changes["count"] == 1 and entry.changes["format"] == "csv"


def test_the_excel_download_has_the_list(
    as_district: Client, relief: Relief, enrolled: dict[str, Person]
) -> None:
    from openpyxl import load_workbook

    response = as_district.get(_url("beneficiaries_xlsx", relief.drive.uuid))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(["संतोष शुक्ला", "कमला देवी"])


def test_a_mandal_editor_downloads_only_their_mandal(
    world: World, relief: Relief, enrolled: dict[str, Person]
) -> None:
    person = person_create(name="मंडल संपादक", home_unit=world.mandal)
    user = user_create(username="mandal2", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.mandal, role=Role.EDITOR)
    client = login(user)
    url = _url("beneficiaries_csv", relief.drive.uuid)
    assert client.get(url).status_code == 403  # the drive's whole district: not theirs
    response = client.get(url, {"unit": str(world.mandal.uuid)})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "संतोष शुक्ला" in text and "कमला देवी" not in text


def test_a_second_household_on_the_page_is_not_charged_with_the_firsts_kit(
    as_district: Client, world: World, relief: Relief, enrolled: dict[str, Person]
) -> None:
    home = household_create(unit=world.booth, address="9 दादा नगर")
    other = person_create(name="सुधा", home_unit=world.booth, household=home)
    beneficiary_add(person=other, categories=["disabled"], actor=None)
    page = as_district.get(
        _url("beneficiaries", relief.drive.uuid), {"category": "disabled"}
    ).content.decode()
    assert "सुधा" in page and "राशन किट" not in page
