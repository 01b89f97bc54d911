"""The /api/v1/relief/reports endpoints: given by item × day × unit, served by category and the
stock position, with the same numbers as the page; scoped to the caller's units (another unit is
a 404), bad dates and drives refused per field (400), documented in the OpenAPI schema, and a
number of queries that does not grow with the child units."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import uuid4

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.api.conftest import Api
from tests.conftest import World
from tests.relief.conftest import Catalogue, Relief, Stores, bearer
from tests.relief.test_views_reports import Given, give

from sangathan.core.models import User
from sangathan.people.models import Household, Person
from sangathan.relief.catalogue import store_create, threshold_set
from sangathan.relief.distribution import distribution_record
from sangathan.relief.drives import drive_create, point_add
from sangathan.relief.ledger import receipt_record
from sangathan.units.services import unit_create

ENDPOINTS = ["/relief/reports/distributed/", "/relief/reports/served/", "/relief/reports/stock/"]


@pytest.fixture
def given(
    relief: Relief,
    catalogue: Catalogue,
    family: tuple[Household, Person],
    world: World,
    stores: Stores,
) -> Given:
    """The district's grants of tests/relief/test_views_reports.py (the page's numbers)."""
    return give(relief, catalogue, family, world, stores)


def _totals(body: dict[str, object]) -> dict[str, int]:
    return {row["item"]: row["quantity"] for row in body["items"]}  # type: ignore[attr-defined]


def test_a_district_sees_what_each_mandal_gave(
    given: Given, world: World, district_editor: User, connect: Callable[..., Api]
) -> None:
    response = connect(district_editor).get("/relief/reports/distributed/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["unit"]["uuid"] == str(world.district.uuid)  # the caller's top unit
    today = timezone.localdate()
    assert body["start"] == (today - timedelta(days=6)).isoformat()
    assert body["end"] == today.isoformat()
    assert _totals(body) == {"lunch-packet": 45, "ration-kit": 2}
    units = {u["unit"]: u["quantity"] for u in body["units"]}
    assert units == {
        str(world.mandal.uuid): {"lunch-packet": 40, "ration-kit": 2},
        str(world.mandal2.uuid): {"lunch-packet": 5, "ration-kit": 0},
    }
    rows = {(r["item"], r["day"], r["unit"]): r["quantity"] for r in body["rows"]}
    yesterday = (today - timedelta(days=1)).isoformat()
    assert rows[("lunch-packet", yesterday, str(world.mandal.uuid))] == 10
    assert rows[("lunch-packet", today.isoformat(), str(world.mandal.uuid))] == 30
    assert body["grants"] == 5


def test_a_district_total_is_the_sum_of_its_mandals(
    given: Given, world: World, district_editor: User
) -> None:
    api = bearer(district_editor)
    district = _totals(api.get("/relief/reports/distributed/").json())
    mandals = [
        _totals(api.get("/relief/reports/distributed/", unit=str(m.uuid)).json())
        for m in (world.mandal, world.mandal2)
    ]
    assert district == {item: sum(m.get(item, 0) for m in mandals) for item in district}


def test_served_counts_households_people_and_categories(
    given: Given, world: World, district_editor: User, connect: Callable[..., Api]
) -> None:
    body = connect(district_editor).get("/relief/reports/served/").json()
    assert (body["households"], body["people"], body["anonymous"]) == (1, 1, 45)
    counts = {c["code"]: c["count"] for c in body["categories"]}
    assert counts["daily-wage"] == 1 and counts["elderly-alone"] == 1
    assert counts["domestic-worker"] == 0


def test_a_drive_narrows_the_numbers_to_its_days(
    given: Given, relief: Relief, district_editor: User
) -> None:
    api = bearer(district_editor)
    body = api.get("/relief/reports/served/", drive=str(relief.drive.uuid)).json()
    assert body["drive"]["uuid"] == str(relief.drive.uuid)
    assert body["start"] == relief.drive.starts_on.isoformat()
    assert body["anonymous"] == 35
    body = api.get("/relief/reports/distributed/", drive=str(given.earlier.uuid)).json()
    assert _totals(body) == {"lunch-packet": 10}


def test_the_stock_position_carries_the_warnings(
    given: Given, stores: Stores, catalogue: Catalogue, mandal_editor: User
) -> None:
    threshold_set(store=stores.mandal, item=catalogue.lunch, minimum=45, actor=None)
    soon = timezone.localdate() + timedelta(days=5)
    receipt_record(
        store=stores.mandal,
        item=catalogue.medicine,
        quantity=3,
        batch="B-1",
        expires_on=soon,
        actor=None,
    )
    body = bearer(mandal_editor).get("/relief/reports/stock/").json()
    rows = {r["item"]: r for r in body["rows"]}
    assert {r["store"] for r in body["rows"]} == {str(stores.mandal.uuid)}  # not the office
    assert rows["lunch-packet"]["quantity"] == 10 and rows["lunch-packet"]["low"] is True
    assert rows["lunch-packet"]["minimum"] == 45
    assert rows["medicine-kit"]["near_expiry"] is True
    assert rows["medicine-kit"]["next_expiry"] == soon.isoformat()
    assert rows["ration-kit"]["low"] is False and rows["ration-kit"]["near_expiry"] is False


# --- Scope --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ENDPOINTS)
def test_the_outsider_gets_404_for_the_district(
    path: str, given: Given, world: World, outsider: User, connect: Callable[..., Api]
) -> None:
    api = connect(outsider)
    for unit in (world.district, world.mandal, world.booth):
        response = api.get(path, unit=str(unit.uuid))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert api.get(path, unit=str(uuid4())).status_code == 404
    own = api.get(path).json()
    assert own["unit"]["uuid"] == str(world.sibling.uuid)
    assert "कानपुर महानगर उत्तर" not in str(own)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_mandal_editor_sees_only_their_mandal(
    path: str, given: Given, world: World, mandal_editor: User
) -> None:
    api = bearer(mandal_editor)
    assert api.get(path, unit=str(world.district.uuid)).status_code == 404
    assert api.get(path, unit=str(world.mandal2.uuid)).status_code == 404
    body = api.get(path).json()
    assert body["unit"]["uuid"] == str(world.mandal.uuid)


def test_the_mandal_editor_counts_only_the_mandal(given: Given, mandal_editor: User) -> None:
    body = bearer(mandal_editor).get("/relief/reports/distributed/").json()
    assert _totals(body) == {"lunch-packet": 40, "ration-kit": 2}


def test_a_caller_without_login_is_refused(world: World) -> None:
    from tests.api.conftest import anonymous

    for path in ENDPOINTS:
        assert anonymous().get(path).status_code == 401


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ENDPOINTS[:2])
@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"start": "2024-05-10", "end": "2024-05-01"}, "end", "cannot be before"),
        ({"start": "2023-01-01", "end": "2024-01-02"}, "end", "at most 366 days"),
        ({"start": "yesterday"}, "start", "Enter a valid date."),
        ({"end": "2024-02-30"}, "end", "Enter a valid date."),
    ],
)
def test_bad_dates_are_refused_by_field(
    path: str,
    params: dict[str, str],
    field: str,
    message: str,
    world: World,
    district_editor: User,
) -> None:
    response = bearer(district_editor).get(path, **params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(body["fields"]) == [field]
    assert message in body["fields"][field][0]


def test_a_drive_outside_the_unit_is_refused_by_field(
    given: Given, world: World, district_editor: User, mandal_editor: User
) -> None:
    theirs = drive_create(
        unit=world.sibling,
        title="बाहरी अभियान",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        actor=None,
    )
    for drive in (theirs.uuid, uuid4()):
        response = bearer(district_editor).get("/relief/reports/served/", drive=str(drive))
        assert response.status_code == 400
        assert list(response.json()["fields"]) == ["drive"]
    # A drive of the district, seen from the mandal, is fine; from the other way it is not.
    mandal_drive = drive_create(
        unit=world.mandal,
        title="मंडल अभियान",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        actor=None,
    )
    api = bearer(district_editor)
    assert (
        api.get(
            "/relief/reports/served/", unit=str(world.mandal2.uuid), drive=str(mandal_drive.uuid)
        ).status_code
        == 400
    )
    assert (
        bearer(mandal_editor)
        .get("/relief/reports/served/", drive=str(given.earlier.uuid))
        .status_code
        == 200
    )


def test_a_malformed_unit_is_a_validation_error(world: World, district_editor: User) -> None:
    response = bearer(district_editor).get("/relief/reports/stock/", unit="district")
    assert response.status_code == 422 and "unit" in response.json()["fields"]


# --- Schema and scale ---------------------------------------------------------------------


def test_the_reports_are_documented_in_the_openapi_schema(district_editor: User) -> None:
    schema = bearer(district_editor).get("/openapi.json").json()
    for path in ENDPOINTS:
        operation = schema["paths"]["/api/v1" + path]["get"]
        assert operation["summary"] and operation["description"]
        assert {"200", "400", "404"} <= set(operation["responses"])
    names = {
        p["name"] for p in schema["paths"]["/api/v1/relief/reports/served/"]["get"]["parameters"]
    }
    assert names == {"unit", "drive", "start", "end"}
    assert "DistributedOut" in schema["components"]["schemas"]


def test_the_queries_do_not_grow_with_the_child_units(
    given: Given, relief: Relief, catalogue: Catalogue, world: World, district_editor: User
) -> None:
    api = bearer(district_editor)
    api.get("/relief/reports/distributed/")

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(path).status_code == 200
        return len(queries)

    before = {path: count(path) for path in ENDPOINTS}
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
    assert len(api.get("/relief/reports/distributed/").json()["units"]) == 6
    assert {path: count(path) for path in ENDPOINTS} == before
