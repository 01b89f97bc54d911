"""The relief reports page: given by item × day and by child unit (a district's total is the sum
of its mandals), served by category, stock with its warnings, the drill-down from district to
mandal, the period and drive filters with their refusals, the workbook (workers and editors,
audited), the links from relief home and the unit page; the mandal editor held to their mandal
and the outsider refused; and a page whose number of queries does not grow with the units."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from tests.conftest import PASSWORD, World
from tests.relief.conftest import Catalogue, Relief, Stores

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import Gender, Household, Person, Tag
from sangathan.people.services import person_create
from sangathan.relief.beneficiaries import beneficiary_add
from sangathan.relief.catalogue import store_create, threshold_set
from sangathan.relief.distribution import distribution_record
from sangathan.relief.drives import drive_create, drive_item_set, point_add
from sangathan.relief.ledger import receipt_record
from sangathan.relief.models import Drive, Store
from sangathan.units.services import unit_create

URL = reverse("relief:reports")
XLSX = reverse("relief:reports_xlsx")


@dataclass
class Given:
    """What the district gave, through the services: at the mandal point today 2 ration kits
    (a household with a daily-wage earner, and an elderly woman alone) and 30 lunch packets
    counted without names; at a मंडल-2 point 5 lunch packets; and in an earlier drive 10 lunch
    packets at the mandal yesterday."""

    earlier: Drive
    store2: Store


def give(
    relief: Relief,
    catalogue: Catalogue,
    family: tuple[Household, Person],
    world: World,
    stores: Stores,
) -> Given:
    home, head = family
    head.tags.add(Tag.objects.get(code="daily-wage"))
    drive, point = relief.drive, relief.point
    distribution_record(drive=drive, point=point, item=catalogue.kit, household=home, actor=None)
    alone = person_create(name="रामकली", gender=Gender.FEMALE, home_unit=world.booth2)
    beneficiary_add(person=alone, categories=["elderly-alone"], actor=None)
    distribution_record(drive=drive, point=point, item=catalogue.kit, person=alone, actor=None)
    distribution_record(drive=drive, point=point, item=catalogue.lunch, quantity=30, actor=None)
    store2 = store_create(unit=world.mandal2, name="किदवई नगर संग्रह केंद्र", actor=None)
    receipt_record(store=store2, item=catalogue.lunch, quantity=20, actor=None)
    point2 = point_add(drive=drive, name="पॉइंट 7", store=store2, actor=None)
    distribution_record(drive=drive, point=point2, item=catalogue.lunch, quantity=5, actor=None)
    today = timezone.localdate()
    earlier = drive_create(
        unit=world.district,
        title="पिछला अभियान",
        starts_on=today - timedelta(days=3),
        ends_on=today,
        actor=None,
    )
    drive_item_set(drive=earlier, item=catalogue.lunch, actor=None)
    point1 = point_add(drive=earlier, name="पॉइंट 1", store=stores.mandal, actor=None)
    distribution_record(
        drive=earlier,
        point=point1,
        item=catalogue.lunch,
        quantity=10,
        given_at=timezone.now() - timedelta(days=1),
        actor=None,
    )
    return Given(earlier=earlier, store2=store2)


@pytest.fixture
def given(
    relief: Relief,
    catalogue: Catalogue,
    family: tuple[Household, Person],
    world: World,
    stores: Stores,
) -> Given:
    return give(relief, catalogue, family, world, stores)


def english(user: User) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["sangathan_language"] = "en"
    return client


def by_day(response: Any) -> dict[str, list[int]]:
    return {line.key.code: line.cells for line in response.context["given"].by_day}


def totals(response: Any) -> dict[str, int]:
    return {line.key.code: line.total for line in response.context["given"].by_day}


def by_unit(response: Any) -> dict[str, dict[str, int]]:
    given = response.context["given"]
    return {
        line.key.name_en: {i.code: n for i, n in zip(given.items, line.cells, strict=True)}
        for line in given.by_unit
    }


# --- What the page shows ------------------------------------------------------------------


def test_the_district_report_shows_items_by_day_and_each_mandal(
    given: Given, world: World, district_editor: User
) -> None:
    response = english(district_editor).get(URL)
    assert response.status_code == 200
    assert response.context["unit"] == world.district  # the editor's top unit
    today = timezone.localdate()
    assert response.context["given"].days == [today - timedelta(days=n) for n in range(6, -1, -1)]
    assert by_day(response) == {
        "lunch-packet": [0, 0, 0, 0, 0, 10, 35],
        "ration-kit": [0] * 6 + [2],
    }
    assert totals(response) == {"lunch-packet": 45, "ration-kit": 2}
    assert by_unit(response) == {
        "Govind Nagar": {"lunch-packet": 40, "ration-kit": 2},
        "Kidwai Nagar": {"lunch-packet": 5, "ration-kit": 0},
    }
    page = response.content.decode()
    assert "Relief report of" in page and "Lunch packet" in page and "Ration kit" in page


def test_a_district_total_is_the_sum_of_its_mandals(
    given: Given, world: World, district_editor: User, state_admin: User
) -> None:
    client = english(district_editor)
    district = totals(client.get(URL, {"unit": world.district.uuid}))
    mandals = [totals(client.get(URL, {"unit": m.uuid})) for m in (world.mandal, world.mandal2)]
    for item, total in district.items():
        assert total == sum(m.get(item, 0) for m in mandals)
    # And the state sees the same total, through its one region.
    state = english(state_admin).get(URL, {"unit": world.state.uuid})
    assert totals(state) == district
    assert by_unit(state)[world.region.name_en] == district


def test_each_mandal_row_drills_down_to_the_mandal_report(
    given: Given, world: World, state_admin: User
) -> None:
    client = english(state_admin)
    page = client.get(URL, {"unit": world.state.uuid, "drive": given.earlier.uuid})
    links = {line.key: link for line, link in page.context["unit_rows"]}
    assert f"unit={world.region.uuid}" in links[world.region]
    assert f"drive={given.earlier.uuid}" in links[world.region]  # the drive is kept
    path = [world.region, world.district, world.mandal]
    for unit in path:
        page = client.get(URL + links[unit])
        assert page.status_code == 200 and page.context["unit"] == unit
        links = {line.key: link for line, link in page.context["unit_rows"]}
    # At the mandal, only the earlier drive's 10 lunch packets of yesterday.
    assert totals(page) == {"lunch-packet": 10}
    crumbs = [a for a, _link in page.context["crumbs"]]
    assert crumbs == [world.state, world.region, world.district]


def test_households_people_and_categories_served(
    given: Given, world: World, district_editor: User
) -> None:
    response = english(district_editor).get(URL)
    served = response.context["served"]
    assert (served.households, served.people, served.anonymous) == (1, 1, 45)
    categories = {t.code: n for t, n in response.context["categories"]}
    # The household counts for its earner's tag, the woman for her beneficiary category.
    assert categories["daily-wage"] == 1 and categories["elderly-alone"] == 1
    assert categories["domestic-worker"] == 0  # every priority category is listed
    page = response.content.decode()
    assert Tag.objects.get(code="daily-wage").name_en in page


def test_the_category_labels_are_in_hindi_by_default(given: Given, district_editor: User) -> None:
    client = Client()
    client.force_login(district_editor)
    page = client.get(URL).content.decode()
    assert Tag.objects.get(code="daily-wage").name_hi in page


def test_the_stock_of_the_stores_shows_low_stock_and_near_expiry(
    given: Given, world: World, stores: Stores, catalogue: Catalogue, district_editor: User
) -> None:
    threshold_set(store=stores.mandal, item=catalogue.lunch, minimum=45, actor=None)
    threshold_set(store=stores.office, item=catalogue.mask, minimum=10, actor=None)
    soon = timezone.localdate() + timedelta(days=10)
    receipt_record(
        store=stores.office,
        item=catalogue.medicine,
        quantity=20,
        batch="B-7",
        expires_on=soon,
        actor=None,
    )
    response = english(district_editor).get(URL)
    rows = {(r.store.name, r.item.code): r for r in response.context["stock"]}
    lunch = rows[(stores.mandal.name, "lunch-packet")]
    assert lunch.quantity == 10 and lunch.low  # 50 - 30 - 10
    assert rows[(stores.mandal.name, "ration-kit")].quantity == 8
    assert rows[(given.store2.name, "lunch-packet")].quantity == 15
    # A warning level with nothing in stock is listed too, with 0.
    assert (
        rows[(stores.office.name, "mask")].quantity == 0 and rows[(stores.office.name, "mask")].low
    )
    medicine = rows[(stores.office.name, "medicine-kit")]
    assert medicine.expiring and medicine.next_expiry == soon and not medicine.low
    page = response.content.decode()
    assert "Low stock (warning at 45)" in page and "Expires" in page


def test_a_drive_narrows_the_report_to_its_days_and_grants(
    given: Given, relief: Relief, district_editor: User
) -> None:
    response = english(district_editor).get(URL, {"drive": relief.drive.uuid})
    assert response.status_code == 200
    assert (response.context["start"], response.context["end"]) == (
        relief.drive.starts_on,
        relief.drive.ends_on,
    )
    assert totals(response) == {"lunch-packet": 35, "ration-kit": 2}
    assert response.context["served"].anonymous == 35


# --- Who sees what ------------------------------------------------------------------------


def test_a_mandal_editor_sees_only_their_mandal(
    given: Given, world: World, mandal_editor: User
) -> None:
    client = english(mandal_editor)
    response = client.get(URL)
    assert response.context["unit"] == world.mandal
    assert totals(response) == {"lunch-packet": 40, "ration-kit": 2}
    page = response.content.decode()
    assert world.mandal2.name_en not in page and given.store2.name not in page
    assert client.get(URL, {"unit": world.district.uuid}).status_code == 404
    assert client.get(URL, {"unit": world.mandal2.uuid}).status_code == 404
    # The district drive gave at the mandal: the mandal may narrow its report to it.
    assert client.get(URL, {"drive": given.earlier.uuid}).status_code == 200


def test_the_outsider_gets_404_for_the_district_page_and_workbook(
    given: Given, world: World, outsider: User
) -> None:
    client = english(outsider)
    for url in (URL, XLSX):
        assert client.get(url, {"unit": world.district.uuid}).status_code == 404
        assert client.get(url, {"unit": world.mandal.uuid}).status_code == 404
    own = client.get(URL)
    assert own.status_code == 200 and own.context["unit"] == world.sibling
    assert totals(own) == {} and own.context["stock"] == []
    assert world.district.name_hi not in own.content.decode()
    book = load_workbook(io.BytesIO(client.get(XLSX).content))
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert not any(world.district.name_hi in c or world.mandal.name_hi in c for c in cells)


def test_a_drive_of_another_district_is_refused_by_name(
    given: Given, world: World, outsider: User, district_editor: User
) -> None:
    theirs = drive_create(
        unit=world.sibling,
        title="बाहरी अभियान",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        actor=None,
    )
    response = english(district_editor).get(URL, {"drive": theirs.uuid})
    assert response.status_code == 400
    assert "Choose one of the drives of this unit." in response.content.decode()
    assert "बाहरी अभियान" not in response.content.decode()


def test_an_unknown_unit_is_a_404(world: World, district_editor: User) -> None:
    client = english(district_editor)
    assert client.get(URL, {"unit": "not-a-uuid"}).status_code == 404
    assert client.get(URL, {"unit": "6d3b2a0e-4a7e-4c52-9a0b-000000000000"}).status_code == 404


# --- The period ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2024-05-10", "2024-05-01", "The last day cannot be before the first day."),
        ("2023-01-01", "2024-01-02", "Choose a period of at most 366 days."),
        ("10/05/2024", "", "Enter a valid date."),
    ],
)
def test_a_bad_period_is_refused_with_a_clear_message(
    world: World, district_editor: User, start: str, end: str, message: str
) -> None:
    response = english(district_editor).get(URL, {"start": start, "end": end})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "report-given" not in page
    assert english(district_editor).get(XLSX, {"start": start, "end": end}).status_code == 400


def test_a_leap_year_is_not_too_long(world: World, district_editor: User) -> None:
    response = english(district_editor).get(URL, {"start": "2024-01-01", "end": "2024-12-31"})
    assert response.status_code == 200


def test_a_long_period_shows_only_the_days_something_was_given(
    given: Given, district_editor: User
) -> None:
    today = timezone.localdate()
    start = (today - timedelta(days=90)).isoformat()
    response = english(district_editor).get(URL, {"start": start, "end": today.isoformat()})
    assert response.context["given"].days == [today - timedelta(days=1), today]


# --- The workbook -------------------------------------------------------------------------


def test_the_workbook_has_the_page_numbers_and_is_audited(
    given: Given, world: World, district_editor: User
) -> None:
    response = english(district_editor).get(XLSX, {"unit": world.district.uuid})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Given by day", "Given by unit", "Served", "Stock"]
    rows = list(book["Given by unit"].iter_rows(values_only=True))
    assert rows[0][0] == "Unit" and rows[-1][0] == "Total"
    assert sum(r[-1] or 0 for r in list(book["Given by day"].iter_rows(values_only=True))[1:]) == 47
    entry = AuditEntry.objects.get(action="relief.report_exported")
    assert entry.actor == district_editor and entry.unit == world.district
    assert entry.changes["format"] == "xlsx"


def test_a_viewer_sees_the_page_but_may_not_download(given: Given, world: World) -> None:
    person = person_create(name="दर्शक जी", gender=Gender.MALE, home_unit=world.district)
    viewer = user_create(username="viewer", password=PASSWORD, person=person)
    grant_set(user=viewer, unit=world.district, role=Role.VIEWER)
    client = english(viewer)
    response = client.get(URL)
    assert response.status_code == 200 and not response.context["may_export"]
    assert "report-xlsx" not in response.content.decode()
    assert client.get(XLSX).status_code == 403
    assert not AuditEntry.objects.filter(action="relief.report_exported").exists()


def test_a_booth_worker_downloads_their_booth(world: World, booth_worker: User) -> None:
    response = english(booth_worker).get(XLSX)
    assert response.status_code == 200


# --- Links and scale ----------------------------------------------------------------------


def test_relief_home_and_the_unit_page_link_to_the_report(
    world: World, district_editor: User
) -> None:
    client = english(district_editor)
    assert f'href="{URL}"' in client.get(reverse("relief:home")).content.decode()
    unit_page = client.get(reverse("units:detail", args=[world.district.uuid])).content.decode()
    assert f"{URL}?unit={world.district.uuid}" in unit_page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.WORKER])
def test_a_viewer_or_worker_finds_the_report_on_the_unit_page_with_no_drive_under_way(
    role: str, world: World
) -> None:
    person = person_create(name="मंडल कार्यकर्ता", gender=Gender.MALE, home_unit=world.mandal)
    user = user_create(username=f"mandal-{role}", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.mandal, role=role)
    client = english(user)
    link = f"{URL}?unit={world.mandal.uuid}"
    unit_page = client.get(reverse("units:detail", args=[world.mandal.uuid])).content.decode()
    assert 'id="relief-unit-report"' in unit_page and link in unit_page
    assert reverse("relief:drive_new") not in unit_page
    assert client.get(link).status_code == 200


def test_the_queries_do_not_grow_with_the_child_units(
    given: Given, relief: Relief, catalogue: Catalogue, world: World, district_editor: User
) -> None:
    client = english(district_editor)
    client.get(URL)  # warm up (sessions, content types)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    before = count()
    for n in range(4):
        mandal = unit_create(
            level=world.mandal.level,
            name_hi=f"नया मंडल {n}",
            name_en=f"New {n}",
            parent=world.district,
        )
        store = store_create(unit=mandal, name=f"भंडार {n}", actor=None)
        receipt_record(store=store, item=catalogue.lunch, quantity=10, actor=None)
        point = point_add(drive=relief.drive, name=f"पॉइंट {n}", store=store, actor=None)
        distribution_record(drive=relief.drive, point=point, item=catalogue.lunch, actor=None)
    response = client.get(URL)
    assert len(response.context["given"].by_unit) == 6
    assert count() == before
