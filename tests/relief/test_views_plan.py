"""Planning relief in the browser: a new drive, a drive's plan (status, items and rules, points,
duty roster), the stores list, a new store, and a store's keepers and warning levels. Each page
and form is refused to the outsider (a sibling district's editor), planning is refused to a
booth worker who may see the drive, and bad input is answered beside its field with nothing
written."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import World, login
from tests.relief.conftest import Catalogue, Relief, Stores

from sangathan.core.models import AuditEntry, User
from sangathan.people.models import Gender, Person
from sangathan.people.services import person_create
from sangathan.relief.catalogue import store_create, store_set_keepers
from sangathan.relief.drives import (
    drive_create,
    drive_set_status,
    duty_add,
    duty_remove,
    point_add,
    point_update,
)
from sangathan.relief.models import (
    DistributionPoint,
    Drive,
    DriveItem,
    DriveStatus,
    Duty,
    Shift,
    StockThreshold,
    Store,
)
from sangathan.relief.selectors import may_keep


def _url(name: str, *args: object) -> str:
    return reverse(f"relief:{name}", args=list(args))


def _english(client: Client) -> Client:
    client.cookies["sangathan_language"] = "en"
    return client


def _audited(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


@pytest.fixture
def on_duty(relief: Relief, booth_worker: User) -> User:
    """The booth worker is on duty at the drive's point: they see the drive."""
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
def mandal_drive(world: World) -> Drive:
    """A drive of गोविंद नगर मंडल alone (the district office's store is above it)."""
    today = timezone.localdate()
    return drive_create(
        unit=world.mandal, title="मंडल सेवा", starts_on=today, ends_on=today, actor=None
    )


@pytest.fixture
def neighbour(world: World) -> Person:
    """Someone of the other mandal: inside the district, outside गोविंद नगर मंडल."""
    return person_create(name="रमेश यादव", gender=Gender.MALE, home_unit=world.other_mandal_booth)


# --- A new drive ------------------------------------------------------------------------------


def test_an_editor_creates_a_weekend_drive_of_their_unit(as_district: Client, world: World) -> None:
    page = as_district.get(_url("drive_new"))
    assert page.status_code == 200
    assert str(world.district.uuid) in page.content.decode()
    response = as_district.post(
        _url("drive_new"),
        {
            "unit": str(world.district.uuid),
            "title": "लॉकडाउन सेवा",
            "starts_on": "2026-11-28",
            "ends_on": "2026-11-29",
            "note": "शनिवार और रविवार",
        },
    )
    drive = Drive.objects.get(title="लॉकडाउन सेवा")
    assert response.status_code == 302 and response["Location"] == _url("plan", drive.uuid)
    assert drive.unit == world.district and drive.status == DriveStatus.PLANNED
    assert (drive.starts_on, drive.ends_on) == (date(2026, 11, 28), date(2026, 11, 29))
    assert _audited("relief.drive_created") == 1


def test_the_new_drive_page_starts_from_the_unit_it_was_opened_for(
    as_district: Client, world: World
) -> None:
    page = as_district.get(_url("drive_new"), {"unit": str(world.mandal.uuid)}).content.decode()
    assert f'value="{world.mandal.uuid}" selected' in page


def test_a_drive_ending_before_it_starts_is_refused_beside_the_field(
    as_district: Client, world: World
) -> None:
    response = _english(as_district).post(
        _url("drive_new"),
        {
            "unit": str(world.district.uuid),
            "title": "सेवा",
            "starts_on": "2026-11-29",
            "ends_on": "2026-11-28",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "The last day cannot be before the first day." in page
    assert "has-error" in page
    assert not Drive.objects.exists()


def test_a_drive_without_a_title_or_dates_is_refused_in_hindi(
    as_district: Client, world: World
) -> None:
    response = as_district.post(_url("drive_new"), {"unit": str(world.district.uuid)})
    assert response.status_code == 422
    assert "यह भरना ज़रूरी है" in response.content.decode()
    assert not Drive.objects.exists()


def test_the_outsider_cannot_create_a_drive_in_the_district(
    as_outsider: Client, world: World
) -> None:
    assert as_outsider.get(_url("drive_new"), {"unit": str(world.district.uuid)}).status_code == 404
    response = as_outsider.post(
        _url("drive_new"),
        {
            "unit": str(world.district.uuid),
            "title": "सेवा",
            "starts_on": "2026-11-28",
            "ends_on": "2026-11-29",
        },
    )
    assert response.status_code in (404, 422)
    assert not Drive.objects.exists()


def test_a_booth_worker_may_not_create_a_drive(as_booth: Client) -> None:
    assert as_booth.get(_url("drive_new")).status_code == 403
    assert as_booth.post(_url("drive_new"), {"title": "सेवा"}).status_code == 403
    assert not Drive.objects.exists()


def test_the_relief_page_offers_a_new_drive_to_editors_only(
    as_district: Client, as_booth: Client
) -> None:
    assert _url("drive_new") in as_district.get(_url("home")).content.decode()
    assert _url("drive_new") not in as_booth.get(_url("home")).content.decode()


def test_the_unit_page_offers_a_new_drive_of_that_unit(as_district: Client, world: World) -> None:
    page = as_district.get(reverse("units:detail", args=[world.mandal.uuid])).content.decode()
    assert f"{_url('drive_new')}?unit={world.mandal.uuid}" in page


# --- Who may plan -----------------------------------------------------------------------------


def test_the_drive_page_links_to_the_plan_for_its_editors(
    as_district: Client, as_booth: Client, on_duty: User, relief: Relief
) -> None:
    assert (
        _url("plan", relief.drive.uuid)
        in as_district.get(_url("drive", relief.drive.uuid)).content.decode()
    )
    page = as_booth.get(_url("drive", relief.drive.uuid))
    assert page.status_code == 200
    assert _url("plan", relief.drive.uuid) not in page.content.decode()


def test_the_plan_page_shows_status_items_points_and_roster(
    as_district: Client, on_duty: User, relief: Relief
) -> None:
    page = _english(as_district).get(_url("plan", relief.drive.uuid))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Start the drive" in text and "Close the drive" in text
    assert "Ration kit" in text and relief.point.name in text
    assert "अवधेश सोनकर" in text
    assert _url("plan_duty_remove", Duty.objects.get().uuid) in text


DRIVE_POSTS = ["plan_status", "plan_item", "plan_point_add", "plan_duty_add"]


def test_a_booth_worker_on_duty_sees_the_drive_but_cannot_plan_it(
    as_booth: Client, on_duty: User, relief: Relief, catalogue: Catalogue, stores: Stores
) -> None:
    drive = relief.drive
    assert as_booth.get(_url("plan", drive.uuid)).status_code == 403
    assert (
        as_booth.get(_url("plan_people", drive.uuid), {"person_query": "संतोष"}).status_code == 403
    )
    posts = {
        "plan_status": {"status": "active"},
        "plan_item": {"item": catalogue.oil.code, "per_drive": "1"},
        "plan_point_add": {"name": "पॉइंट 9", "store": str(stores.mandal.uuid)},
        "plan_duty_add": {"point": str(relief.point.uuid), "day": str(drive.starts_on)},
    }
    for name, data in posts.items():
        assert as_booth.post(_url(name, drive.uuid), data).status_code == 403, name
    assert (
        as_booth.post(_url("plan_point_edit", relief.point.uuid), {"name": "x"}).status_code == 403
    )
    duty = Duty.objects.get()
    assert as_booth.post(_url("plan_duty_remove", duty.uuid)).status_code == 403
    drive.refresh_from_db()
    assert drive.status == DriveStatus.PLANNED
    assert not DriveItem.objects.filter(item=catalogue.oil).exists()
    assert DistributionPoint.objects.count() == 1 and Duty.objects.count() == 1


def test_the_outsider_is_refused_every_planning_page_and_form(
    as_outsider: Client, relief: Relief
) -> None:
    drive = relief.drive
    duty = duty_add(
        point=relief.point,
        person=Person.objects.get(name="सुनील बजाज"),
        day=drive.starts_on,
        shift=Shift.MORNING,
        actor=None,
    )
    assert as_outsider.get(_url("plan", drive.uuid)).status_code == 404
    assert (
        as_outsider.get(_url("plan_people", drive.uuid), {"person_query": "सुनील"}).status_code
        == 404
    )
    for name in DRIVE_POSTS:
        assert as_outsider.post(_url(name, drive.uuid), {"status": "closed"}).status_code == 404
    assert (
        as_outsider.post(_url("plan_point_edit", relief.point.uuid), {"name": "x"}).status_code
        == 404
    )
    assert as_outsider.post(_url("plan_duty_remove", duty.uuid)).status_code == 404
    drive.refresh_from_db()
    assert drive.status == DriveStatus.PLANNED and Duty.objects.count() == 1


# --- Status -----------------------------------------------------------------------------------


def test_an_editor_starts_closes_and_reopens_the_drive(as_district: Client, relief: Relief) -> None:
    drive = relief.drive
    for status in ("active", "closed", "active"):
        response = as_district.post(_url("plan_status", drive.uuid), {"status": status})
        assert response.status_code == 302
        drive.refresh_from_db()
        assert drive.status == status
    assert _audited("relief.drive_status") == 3


def test_a_drive_under_way_cannot_be_planned_again(as_district: Client, relief: Relief) -> None:
    drive = drive_set_status(drive=relief.drive, status=DriveStatus.ACTIVE, actor=None)
    response = _english(as_district).post(
        _url("plan_status", drive.uuid), {"status": "planned"}, follow=True
    )
    assert "A drive that is Under way cannot be made Planned." in response.content.decode()
    drive.refresh_from_db()
    assert drive.status == DriveStatus.ACTIVE
    with pytest.raises(ValidationError):
        drive_set_status(drive=drive, status=DriveStatus.ACTIVE, actor=None)


# --- Items and rules --------------------------------------------------------------------------


def test_an_editor_offers_an_item_with_its_rules(
    as_district: Client, relief: Relief, catalogue: Catalogue
) -> None:
    response = as_district.post(
        _url("plan_item", relief.drive.uuid),
        {"item": catalogue.oil.code, "per_drive": "2", "per_day": "1", "min_interval_hours": "12"},
    )
    assert response.status_code == 302
    row = DriveItem.objects.get(drive=relief.drive, item=catalogue.oil)
    assert (row.per_drive, row.per_day, row.min_interval_hours) == (2, 1, 12)


def test_an_editor_changes_the_rules_of_an_offered_item(
    as_district: Client, relief: Relief, catalogue: Catalogue
) -> None:
    as_district.post(
        _url("plan_item", relief.drive.uuid),
        {"item": catalogue.mask.code, "per_drive": "", "per_day": "6", "min_interval_hours": ""},
    )
    row = DriveItem.objects.get(drive=relief.drive, item=catalogue.mask)
    assert (row.per_drive, row.per_day, row.min_interval_hours) == (None, 6, None)
    assert _audited("relief.drive_item_set") == 4  # three by the fixture, one here


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("per_drive", "-1", "A limit must be at least 1; leave it empty for no limit."),
        ("per_day", "0", "A limit must be at least 1; leave it empty for no limit."),
        ("min_interval_hours", "-4", "The interval cannot be negative."),
        ("per_day", "two", "Enter a whole number."),
    ],
)
def test_a_bad_rule_is_refused_beside_its_field_and_nothing_changes(
    field: str,
    value: str,
    message: str,
    as_district: Client,
    relief: Relief,
    catalogue: Catalogue,
) -> None:
    response = _english(as_district).post(
        _url("plan_item", relief.drive.uuid), {"item": catalogue.kit.code, field: value}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    row = DriveItem.objects.get(drive=relief.drive, item=catalogue.kit)
    assert (row.per_drive, row.per_day, row.min_interval_hours) == (1, None, None)


def test_an_unknown_item_is_refused(as_district: Client, relief: Relief) -> None:
    response = _english(as_district).post(
        _url("plan_item", relief.drive.uuid), {"item": "no-such-item", "per_drive": "1"}
    )
    assert response.status_code == 422
    assert "Choose an item from the list." in response.content.decode()
    assert DriveItem.objects.filter(drive=relief.drive).count() == 3


# --- Points -----------------------------------------------------------------------------------


def test_an_editor_adds_a_point_drawing_from_a_store_of_the_drive(
    as_district: Client, world: World, relief: Relief, stores: Stores
) -> None:
    response = as_district.post(
        _url("plan_point_add", relief.drive.uuid),
        {"name": "पॉइंट 4", "store": str(stores.office.uuid), "unit": str(world.mandal2.uuid)},
    )
    assert response.status_code == 302
    point = DistributionPoint.objects.get(name="पॉइंट 4")
    assert point.store == stores.office and point.unit == world.mandal2
    assert point.unit_path == world.mandal2.path


def test_a_point_without_a_unit_is_at_its_stores_unit(
    as_district: Client, world: World, relief: Relief, stores: Stores
) -> None:
    as_district.post(
        _url("plan_point_add", relief.drive.uuid),
        {"name": "पॉइंट 5", "store": str(stores.mandal.uuid), "unit": ""},
    )
    assert DistributionPoint.objects.get(name="पॉइंट 5").unit == world.mandal


def test_an_unknown_store_is_refused_and_no_point_is_added(
    as_district: Client, relief: Relief
) -> None:
    response = _english(as_district).post(
        _url("plan_point_add", relief.drive.uuid), {"name": "पॉइंट 6", "store": str(uuid4())}
    )
    assert response.status_code == 422
    assert "There is no such store." in response.content.decode()
    assert DistributionPoint.objects.count() == 1


def test_a_store_outside_the_drives_units_is_refused(
    as_district: Client, mandal_drive: Drive, stores: Stores
) -> None:
    response = _english(as_district).post(
        _url("plan_point_add", mandal_drive.uuid),
        {"name": "पॉइंट 1", "store": str(stores.office.uuid)},
    )
    assert response.status_code == 422
    assert "The store must belong to Govind Nagar or a unit below it." in response.content.decode()
    assert not DistributionPoint.objects.filter(drive=mandal_drive).exists()


def test_an_editor_renames_a_point_and_it_is_audited(as_district: Client, relief: Relief) -> None:
    point = relief.point
    response = as_district.post(
        _url("plan_point_edit", point.uuid),
        {"name": "पॉइंट 3: दादा नगर", "store": str(point.store.uuid), "unit": str(point.unit.uuid)},
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.name == "पॉइंट 3: दादा नगर"
    entry = AuditEntry.objects.get(action="relief.point_updated")
    assert entry.changes == {"name": ["पॉइंट 3", "पॉइंट 3: दादा नगर"]}


def test_a_point_cannot_be_moved_to_a_store_outside_the_drive(
    mandal_drive: Drive, stores: Stores, world: World
) -> None:
    point = point_add(drive=mandal_drive, name="पॉइंट 1", store=stores.mandal, actor=None)
    with pytest.raises(ValidationError) as refused:
        point_update(point=point, name="पॉइंट 1", store=stores.office, actor=None)
    assert "store" in refused.value.message_dict
    point.refresh_from_db()
    assert point.store == stores.mandal


# --- Duty roster ------------------------------------------------------------------------------


def test_a_volunteer_is_found_by_a_latin_spelling_without_javascript(
    as_district: Client, booth_worker: User, relief: Relief
) -> None:
    assert booth_worker.person is not None
    page = as_district.get(
        _url("plan", relief.drive.uuid), {"person_query": "Avdhesh Sonkar"}
    ).content.decode()
    assert f'value="{booth_worker.person.uuid}"' in page and "अवधेश सोनकर" in page


def test_the_volunteer_search_answers_htmx(
    as_district: Client, booth_worker: User, relief: Relief
) -> None:
    assert booth_worker.person is not None
    response = as_district.get(
        _url("plan_people", relief.drive.uuid), {"person_query": "avdhesh sonkar"}
    )
    assert response.status_code == 200
    assert f'name="person" value="{booth_worker.person.uuid}"' in response.content.decode()


def test_an_editor_puts_a_volunteer_on_duty_and_takes_them_off(
    as_district: Client, booth_worker: User, relief: Relief
) -> None:
    assert booth_worker.person is not None
    day = relief.drive.ends_on
    response = as_district.post(
        _url("plan_duty_add", relief.drive.uuid),
        {
            "point": str(relief.point.uuid),
            "day": day.isoformat(),
            "shift": Shift.MORNING,
            "person": str(booth_worker.person.uuid),
        },
    )
    assert response.status_code == 302
    duty = Duty.objects.get(person=booth_worker.person, day=day, shift=Shift.MORNING)
    assert _audited("relief.duty_added") == 1
    response = as_district.post(_url("plan_duty_remove", duty.uuid))
    assert response.status_code == 302
    assert not Duty.objects.exists()
    entry = AuditEntry.objects.get(action="relief.duty_removed")
    assert entry.changes["person"] == "अवधेश सोनकर" and entry.changes["shift"] == "morning"


def test_the_one_volunteer_a_typed_name_finds_is_put_on_duty(
    as_district: Client, booth_worker: User, relief: Relief
) -> None:
    response = as_district.post(
        _url("plan_duty_add", relief.drive.uuid),
        {
            "point": str(relief.point.uuid),
            "day": relief.drive.starts_on.isoformat(),
            "shift": Shift.FULL_DAY,
            "person_query": "अवधेश सोनकर",
        },
    )
    assert response.status_code == 302
    assert Duty.objects.get().person == booth_worker.person


def test_a_volunteer_outside_the_drives_units_is_refused(
    as_district: Client, mandal_drive: Drive, stores: Stores, neighbour: Person
) -> None:
    point = point_add(drive=mandal_drive, name="पॉइंट 1", store=stores.mandal, actor=None)
    response = _english(as_district).post(
        _url("plan_duty_add", mandal_drive.uuid),
        {
            "point": str(point.uuid),
            "day": mandal_drive.starts_on.isoformat(),
            "shift": Shift.MORNING,
            "person": str(neighbour.uuid),
        },
    )
    assert response.status_code == 422
    assert "रमेश यादव is not in Govind Nagar or a unit below it." in response.content.decode()
    assert not Duty.objects.exists()


def test_a_day_outside_the_drive_and_no_volunteer_are_refused(
    as_district: Client, booth_worker: User, relief: Relief
) -> None:
    assert booth_worker.person is not None
    client = _english(as_district)
    late = relief.drive.ends_on + timedelta(days=3)
    response = client.post(
        _url("plan_duty_add", relief.drive.uuid),
        {
            "point": str(relief.point.uuid),
            "day": late.isoformat(),
            "shift": Shift.MORNING,
            "person": str(booth_worker.person.uuid),
        },
    )
    assert response.status_code == 422
    assert "The day must be one of the drive&#x27;s days." in response.content.decode()
    response = client.post(
        _url("plan_duty_add", relief.drive.uuid),
        {
            "point": str(relief.point.uuid),
            "day": relief.drive.starts_on.isoformat(),
            "shift": "morning",
        },
    )
    assert response.status_code == 422
    assert (
        "Type the volunteer&#x27;s name and choose them from the list." in response.content.decode()
    )
    assert not Duty.objects.exists()


def test_a_person_the_editor_cannot_see_is_refused(
    as_mandal: Client, neighbour: Person, relief: Relief
) -> None:
    # The mandal editor cannot plan the district's drive at all.
    response = as_mandal.post(
        _url("plan_duty_add", relief.drive.uuid),
        {"point": str(relief.point.uuid), "person": str(neighbour.uuid)},
    )
    assert response.status_code == 403


def test_taking_someone_off_duty_needs_an_editor(relief: Relief, booth_worker: User) -> None:
    assert booth_worker.person is not None
    duty = duty_add(
        point=relief.point,
        person=booth_worker.person,
        day=relief.drive.starts_on,
        shift=Shift.EVENING,
        actor=None,
    )
    with pytest.raises(PermissionDenied):
        duty_remove(duty=duty, actor=booth_worker)
    assert Duty.objects.filter(pk=duty.pk).exists()


# --- Stores -----------------------------------------------------------------------------------


def test_the_stores_page_lists_the_stores_in_reach(
    as_district: Client, as_outsider: Client, stores: Stores
) -> None:
    page = as_district.get(_url("stores")).content.decode()
    assert stores.office.name in page and stores.mandal.name in page
    assert _url("store_new") in page
    page = as_outsider.get(_url("stores")).content.decode()
    assert stores.office.name not in page


def test_an_editor_opens_a_store_of_a_mandal(as_district: Client, world: World) -> None:
    response = as_district.post(
        _url("store_new"),
        {"unit": str(world.mandal2.uuid), "name": "किदवई नगर संग्रह केंद्र", "address": "मंडल कार्यालय"},
    )
    store = Store.objects.get(name="किदवई नगर संग्रह केंद्र")
    assert response.status_code == 302
    assert response["Location"] == _url("store", store.uuid) + "#store-settings"
    assert store.unit == world.mandal2 and store.unit_path == world.mandal2.path
    assert _audited("relief.store_created") == 1


def test_a_store_without_a_name_is_refused_beside_the_field(
    as_district: Client, world: World
) -> None:
    response = as_district.post(_url("store_new"), {"unit": str(world.district.uuid), "name": " "})
    assert response.status_code == 422 and "has-error" in response.content.decode()
    assert not Store.objects.exists()


def test_the_outsider_cannot_open_a_store_in_the_district(
    as_outsider: Client, world: World
) -> None:
    assert as_outsider.get(_url("store_new"), {"unit": str(world.district.uuid)}).status_code == 404
    response = as_outsider.post(
        _url("store_new"), {"unit": str(world.district.uuid), "name": "जिला कार्यालय"}
    )
    assert response.status_code in (404, 422)
    assert not Store.objects.exists()


def test_a_booth_worker_may_not_open_a_store(as_booth: Client) -> None:
    assert as_booth.get(_url("store_new")).status_code == 403


# --- A store's keepers and warning levels -----------------------------------------------------


def test_the_store_page_offers_the_keepers_of_its_unit_to_its_editor(
    as_mandal: Client, stores: Stores, booth_worker: User, outsider: User
) -> None:
    page = as_mandal.get(_url("store", stores.mandal.uuid)).content.decode()
    assert 'id="store-settings"' in page
    assert f'value="{booth_worker.uuid}"' in page
    assert f'value="{outsider.uuid}"' not in page
    assert _url("store_threshold", stores.mandal.uuid) in page


def test_an_editor_names_a_keeper_who_may_then_move_the_stock(
    as_mandal: Client, stores: Stores, booth_worker: User
) -> None:
    store = stores.mandal
    assert not may_keep(booth_worker, store)
    response = as_mandal.post(
        _url("store_keepers", store.uuid), {"keepers": [str(booth_worker.uuid)]}
    )
    assert response.status_code == 302
    assert list(store.keepers.all()) == [booth_worker]
    assert may_keep(booth_worker, store)
    assert _audited("relief.keepers_set") == 1
    as_mandal.post(_url("store_keepers", store.uuid), {})
    assert not store.keepers.exists()


def test_an_account_from_elsewhere_cannot_be_named_keeper(
    as_mandal: Client, stores: Stores, outsider: User
) -> None:
    response = _english(as_mandal).post(
        _url("store_keepers", stores.mandal.uuid), {"keepers": [str(outsider.uuid)]}, follow=True
    )
    assert "Choose the keepers from the list." in response.content.decode()
    assert not stores.mandal.keepers.exists()
    assert _audited("relief.keepers_set") == 0


def test_a_keeper_who_is_not_an_editor_cannot_name_keepers(
    stores: Stores, booth_worker: User
) -> None:
    store_set_keepers(store=stores.mandal, keepers=[booth_worker], actor=None)
    response = login(booth_worker).post(_url("store_keepers", stores.mandal.uuid), {})
    assert response.status_code in (403, 404)
    assert list(stores.mandal.keepers.all()) == [booth_worker]


def test_an_editor_sets_and_removes_a_warning_level(
    as_district: Client, stores: Stores, catalogue: Catalogue
) -> None:
    store = stores.office
    as_district.post(
        _url("store_threshold", store.uuid), {"item": catalogue.kit.code, "minimum": "10"}
    )
    assert StockThreshold.objects.get(store=store, item=catalogue.kit).minimum == 10
    page = _english(as_district).get(_url("store", store.uuid)).content.decode()
    assert "warn at 10 or below" in page
    as_district.post(
        _url("store_threshold", store.uuid), {"item": catalogue.kit.code, "minimum": ""}
    )
    assert not StockThreshold.objects.exists()
    assert _audited("relief.threshold_set") == 2


@pytest.mark.parametrize(
    ("minimum", "message"),
    [
        ("-5", "The warning level cannot be below zero."),
        ("ten", "Give a whole number, or leave it empty to remove the warning."),
    ],
)
def test_a_bad_warning_level_is_refused_and_nothing_is_written(
    minimum: str, message: str, as_district: Client, stores: Stores, catalogue: Catalogue
) -> None:
    response = _english(as_district).post(
        _url("store_threshold", stores.office.uuid),
        {"item": catalogue.kit.code, "minimum": minimum},
        follow=True,
    )
    assert message in response.content.decode()
    assert not StockThreshold.objects.exists()


def test_a_worker_who_keeps_nothing_cannot_set_a_warning_level(
    as_booth: Client, world: World, catalogue: Catalogue
) -> None:
    booth_store = store_create(unit=world.booth, name="बूथ भंडार", actor=None)
    page = as_booth.get(_url("store", booth_store.uuid)).content.decode()
    assert _url("store_threshold", booth_store.uuid) not in page
    response = as_booth.post(
        _url("store_threshold", booth_store.uuid), {"item": catalogue.kit.code, "minimum": "3"}
    )
    assert response.status_code == 403
    assert not StockThreshold.objects.exists()


@pytest.mark.parametrize("name", ["store_keepers", "store_threshold"])
def test_the_outsider_cannot_change_a_district_store(
    name: str, as_outsider: Client, stores: Stores, catalogue: Catalogue, outsider: User
) -> None:
    data = {"keepers": [str(outsider.uuid)], "item": catalogue.kit.code, "minimum": "1"}
    assert as_outsider.post(_url(name, stores.office.uuid), data).status_code == 404
    assert not stores.office.keepers.exists() and not StockThreshold.objects.exists()
