"""The relief pages over HTTP: the list, a drive's page and its summary downloads, the
distribution point (look-up, hand-over, the rule, the likely-duplicate warning and "give
anyway", quick-add, anonymous count); each refused to the outsider, and the point refused to a
volunteer who is not on duty there."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import World
from tests.relief.conftest import Catalogue, Relief

from sangathan.core.models import User
from sangathan.people.models import Gender, Household, Person
from sangathan.people.services import household_create, person_create
from sangathan.relief.distribution import distribution_record
from sangathan.relief.drives import duty_add
from sangathan.relief.models import Distribution, Shift


def _url(name: str, *args: object) -> str:
    return reverse(f"relief:{name}", args=list(args))


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


# --- The list and the drive ---------------------------------------------------------------


def test_the_relief_page_lists_the_drives_and_stores_in_reach(
    as_district: Client, relief: Relief
) -> None:
    page = as_district.get(_url("home")).content.decode()
    assert relief.drive.title in page and relief.point.store.name in page


def test_the_outsider_sees_no_drive_or_store_of_the_district(
    as_outsider: Client, relief: Relief
) -> None:
    page = as_outsider.get(_url("home")).content.decode()
    assert relief.drive.title not in page and relief.point.store.name not in page


def test_the_drive_page_shows_points_rules_and_totals(as_district: Client, relief: Relief) -> None:
    page = as_district.get(_url("drive", relief.drive.uuid)).content.decode()
    assert relief.point.name in page
    assert _url("point", relief.point.uuid) in page
    assert _url("summary_pdf", relief.drive.uuid) in page


def test_the_drive_page_is_refused_to_the_outsider(as_outsider: Client, relief: Relief) -> None:
    assert as_outsider.get(_url("drive", relief.drive.uuid)).status_code == 404


@pytest.mark.parametrize("name", ["summary_txt", "summary_xlsx", "summary_pdf"])
def test_the_drive_summary_downloads_and_is_refused_to_the_outsider(
    name: str, as_district: Client, as_outsider: Client, relief: Relief
) -> None:
    response = as_district.get(_url(name, relief.drive.uuid))
    assert response.status_code == 200 and response.content
    assert as_outsider.get(_url(name, relief.drive.uuid)).status_code == 404


def test_a_volunteer_on_duty_sees_the_drive(
    on_duty: User, as_booth: Client, relief: Relief
) -> None:
    assert as_booth.get(_url("drive", relief.drive.uuid)).status_code == 200


# --- The distribution point ----------------------------------------------------------------


def test_the_point_page_opens_for_the_volunteer_on_duty(
    on_duty: User, as_booth: Client, relief: Relief
) -> None:
    page = as_booth.get(_url("point", relief.point.uuid)).content.decode()
    assert relief.point.name in page and _url("point_search", relief.point.uuid) in page


def test_the_point_lists_an_earlier_days_handover_with_its_date(
    on_duty: User, as_booth: Client, relief: Relief, catalogue: Catalogue
) -> None:
    today = distribution_record(
        drive=relief.drive, point=relief.point, item=catalogue.lunch, quantity=3, actor=on_duty
    )
    earlier = distribution_record(
        drive=relief.drive, point=relief.point, item=catalogue.lunch, quantity=7, actor=on_duty
    )
    # Moved back a day as if it had been handed over then: only the list's wording is tested.
    Distribution.objects.filter(pk=earlier.pk).update(given_at=earlier.given_at - timedelta(days=1))
    page = as_booth.get(_url("point", relief.point.uuid)).content.decode()
    rows = [r for r in page.split("<li>") if "× 3" in r or "× 7" in r]
    day_before = timezone.localtime(earlier.given_at - timedelta(days=1))
    assert any("× 7" in r and f"{day_before.day} " in r.split("·")[0] for r in rows), rows
    assert any("× 3" in r and "," not in r.split("·")[0] for r in rows), rows
    assert today.pk != earlier.pk


def test_the_point_is_refused_to_a_volunteer_not_on_duty(as_booth: Client, relief: Relief) -> None:
    assert as_booth.get(_url("point", relief.point.uuid)).status_code == 404


@pytest.mark.parametrize("name", ["point", "point_search"])
def test_the_point_is_refused_to_the_outsider(
    name: str, as_outsider: Client, relief: Relief
) -> None:
    assert as_outsider.get(_url(name, relief.point.uuid)).status_code == 404
    for post in ("point_give", "point_count", "point_quick_add"):
        assert as_outsider.post(_url(post, relief.point.uuid)).status_code == 404


def test_a_latin_spelling_finds_the_hindi_name(
    on_duty: User, as_booth: Client, relief: Relief, family: tuple[Household, Person]
) -> None:
    _, head = family
    page = as_booth.get(
        _url("point_search", relief.point.uuid), {"q": "santosh sukla"}
    ).content.decode()
    assert "संतोष शुक्ला" in page and str(head.uuid) in page


def test_a_kit_is_handed_over_once_and_the_rule_stops_a_second(
    on_duty: User,
    as_booth: Client,
    relief: Relief,
    catalogue: Catalogue,
    family: tuple[Household, Person],
) -> None:
    _, head = family
    give = {"person": str(head.uuid), "item": catalogue.kit.code, "quantity": "1"}
    response = as_booth.post(_url("point_give", relief.point.uuid), give, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "राशन किट" in page
    response = as_booth.post(
        _url("point_give", relief.point.uuid), {**give, "grant": str(uuid4())}, follow=True
    )
    assert Distribution.objects.filter(drive=relief.drive, item=catalogue.kit).count() == 1
    assert 'class="msg-error"' in response.content.decode()


def test_the_same_grant_sent_twice_is_stored_once(
    on_duty: User,
    as_booth: Client,
    relief: Relief,
    catalogue: Catalogue,
    family: tuple[Household, Person],
) -> None:
    _, head = family
    give = {
        "person": str(head.uuid),
        "item": catalogue.mask.code,
        "quantity": "2",
        "grant": str(uuid4()),
    }
    as_booth.post(_url("point_give", relief.point.uuid), give)
    as_booth.post(_url("point_give", relief.point.uuid), give)
    assert Distribution.objects.filter(item=catalogue.mask).count() == 1


def test_a_similar_name_warns_and_can_be_given_anyway_with_a_reason(
    on_duty: User,
    as_booth: Client,
    world: World,
    relief: Relief,
    catalogue: Catalogue,
    family: tuple[Household, Person],
) -> None:
    _, head = family
    as_booth.post(
        _url("point_give", relief.point.uuid),
        {"person": str(head.uuid), "item": catalogue.kit.code, "quantity": "1"},
    )
    other_home = household_create(unit=world.booth, address="7 किदवई नगर")
    other = person_create(
        name="Santosh Shukla", gender=Gender.MALE, home_unit=world.booth, household=other_home
    )
    give = {"person": str(other.uuid), "item": catalogue.kit.code, "quantity": "1"}
    response = as_booth.post(_url("point_give", relief.point.uuid), give)
    assert response.status_code == 409
    page = response.content.decode()
    assert "duplicate-warning" in page and "संतोष शुक्ला" in page
    assert Distribution.objects.filter(item=catalogue.kit).count() == 1
    response = as_booth.post(
        _url("point_give", relief.point.uuid),
        {**give, "override_reason": "अलग परिवार, राशन कार्ड देखा"},
    )
    assert response.status_code == 302
    assert Distribution.objects.filter(item=catalogue.kit).count() == 2


def test_cooked_food_is_counted_without_a_name(
    on_duty: User, as_booth: Client, relief: Relief, catalogue: Catalogue
) -> None:
    as_booth.post(
        _url("point_count", relief.point.uuid), {"item": catalogue.lunch.code, "quantity": "12"}
    )
    row = Distribution.objects.get(item=catalogue.lunch)
    assert row.quantity == 12 and row.recipient == ""


def test_a_newcomer_is_quick_added_and_chosen(
    on_duty: User, as_booth: Client, relief: Relief
) -> None:
    response = as_booth.post(
        _url("point_quick_add", relief.point.uuid), {"name": "रीना देवी", "locality": "दादा नगर"}
    )
    person = Person.objects.get(name="रीना देवी")
    assert response.status_code == 302 and str(person.uuid) in response["Location"]


def test_quick_add_needs_a_phone_or_locality(
    on_duty: User, as_booth: Client, relief: Relief
) -> None:
    response = as_booth.post(
        _url("point_quick_add", relief.point.uuid), {"name": "रीना देवी"}, follow=True
    )
    assert not Person.objects.filter(name="रीना देवी").exists()
    assert "locality" in response.content.decode().lower() or response.status_code == 200


# --- Home and unit page blocks --------------------------------------------------------------


def test_the_home_page_shows_where_the_volunteer_is_on_duty_today(
    on_duty: User, as_booth: Client, relief: Relief
) -> None:
    page = as_booth.get(reverse("core:home")).content.decode()
    assert _url("point", relief.point.uuid) in page


def test_the_home_page_warns_a_keeper_of_low_stock(
    as_mandal: Client, relief: Relief, catalogue: Catalogue
) -> None:
    from sangathan.relief.catalogue import threshold_set

    threshold_set(store=relief.point.store, item=catalogue.kit, minimum=20, actor=None)
    page = as_mandal.get(reverse("core:home")).content.decode()
    assert _url("store", relief.point.store.uuid) in page


def test_the_unit_page_lists_its_active_drives(
    as_district: Client, world: World, relief: Relief
) -> None:
    from sangathan.relief.drives import drive_set_status
    from sangathan.relief.models import DriveStatus

    drive_set_status(drive=relief.drive, status=DriveStatus.ACTIVE, actor=None)
    page = as_district.get(reverse("units:detail", args=[world.district.uuid])).content.decode()
    assert _url("drive", relief.drive.uuid) in page


def test_a_viewer_of_the_district_sees_the_drive_but_may_not_hand_over(
    world: World, relief: Relief, catalogue: Catalogue, family: tuple[Household, Person]
) -> None:
    from tests.conftest import PASSWORD, login

    from sangathan.core.models import Role
    from sangathan.core.services import grant_set, user_create

    person = person_create(name="दर्शक", gender=Gender.MALE, home_unit=world.district)
    user = user_create(username="dviewer", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.district, role=Role.VIEWER)
    client = login(user)
    assert client.get(_url("drive", relief.drive.uuid)).status_code == 200
    _, head = family
    response = client.post(
        _url("point_give", relief.point.uuid),
        {"person": str(head.uuid), "item": catalogue.kit.code},
    )
    assert response.status_code == 403
    assert not Distribution.objects.exists()
