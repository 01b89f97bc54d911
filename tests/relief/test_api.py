"""The /api/v1/relief endpoints: happy paths, per-record batch answers, refusals in the
``{"error","code"}`` shape, and the outsider refused everywhere."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

import pytest
from tests.api.conftest import Api
from tests.conftest import World
from tests.relief.conftest import Catalogue, Relief, Stores, bearer
from tests.relief.test_ledger import held

from sangathan.core.models import User
from sangathan.people.models import Household, Person
from sangathan.relief.ledger import LineSpec, transfer_send
from sangathan.relief.models import Distribution, Item, StockEntry


def test_an_editor_adds_a_kit_to_the_catalogue(
    catalogue: Catalogue, district_editor: User, connect: Callable[..., Api]
) -> None:
    api = connect(district_editor)
    response = api.post(
        "/relief/items/",
        {
            "name_hi": "छोटी किट",
            "name_en": "Small kit",
            "components": [{"item": "atta", "quantity": 2}, {"item": "dal", "quantity": 1}],
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["is_kit"] is True
    assert Item.objects.get(code="small-kit").components.count() == 2
    listed = api.get("/relief/items/").json()
    assert "small-kit" in {i["code"] for i in listed["items"]}


def test_an_unknown_item_is_refused_by_name(
    stores: Stores, catalogue: Catalogue, district_editor: User
) -> None:
    api = bearer(district_editor)
    response = api.post(
        f"/relief/stores/{stores.office.uuid}/receipts/", {"item": "gold", "quantity": 5}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "gold" in response.json()["error"]


def test_receipts_transfers_and_counting_in_through_the_api(
    stores: Stores, catalogue: Catalogue, district_editor: User, mandal_editor: User
) -> None:
    office, mandal = bearer(district_editor), bearer(mandal_editor)
    response = office.post(
        f"/relief/stores/{stores.office.uuid}/receipts/",
        {"item": "mask", "quantity": 200, "source": "दानदाता"},
    )
    assert response.status_code == 201, response.json()
    response = office.post(
        f"/relief/stores/{stores.office.uuid}/transfers/",
        {"to_store": str(stores.mandal.uuid), "lines": [{"item": "mask", "quantity": 80}]},
    )
    assert response.status_code == 201, response.json()
    transfer = response.json()
    line = transfer["lines"][0]["uuid"]
    path = f"/relief/transfers/{transfer['uuid']}/receive/"
    refused = mandal.post(path, {"counts": [{"line": line, "received": 79}]})
    assert refused.status_code == 400 and "say why" in refused.json()["error"]
    done = mandal.post(
        path, {"counts": [{"line": line, "received": 79}], "difference_reason": "एक कम निकला"}
    )
    assert done.status_code == 200 and done.json()["status"] == "received"
    twice = mandal.post(path, {})
    assert twice.status_code == 400 and "twice" in twice.json()["error"]
    store = mandal.get(f"/relief/stores/{stores.mandal.uuid}/").json()
    assert store["balances"] == [{"item": "mask", "batch": "", "expires_on": None, "quantity": 79}]
    ledger = mandal.get(f"/relief/stores/{stores.mandal.uuid}/ledger/").json()
    assert [e["kind"] for e in ledger["items"]] == ["transfer_in"]


def test_the_mandal_cannot_move_the_district_office_stock(
    stores: Stores, catalogue: Catalogue, mandal_editor: User
) -> None:
    api = bearer(mandal_editor)
    response = api.post(
        f"/relief/stores/{stores.office.uuid}/receipts/", {"item": "mask", "quantity": 5}
    )
    assert response.status_code == 404  # the district office is above the mandal's reach
    assert not StockEntry.objects.exists()


def test_over_issue_and_zero_quantities_answer_clear_sentences(
    stores: Stores, catalogue: Catalogue, district_editor: User
) -> None:
    api = bearer(district_editor)
    path = f"/relief/stores/{stores.office.uuid}/adjustments/"
    zero = api.post(path, {"item": "mask", "quantity": 0, "reason_kind": "count", "reason": "x"})
    assert zero.status_code == 400 and zero.json()["fields"]["quantity"]
    over = api.post(path, {"item": "mask", "quantity": -1, "reason_kind": "damage", "reason": "फटे"})
    assert over.status_code == 400 and "Only 0" in over.json()["error"]
    kits = api.post(
        f"/relief/stores/{stores.office.uuid}/assemblies/", {"kit": "ration-kit", "count": 1}
    )
    assert kits.status_code == 400
    assert not StockEntry.objects.exists()


def test_a_drive_is_planned_through_the_api(
    world: World, stores: Stores, catalogue: Catalogue, district_editor: User
) -> None:
    api = bearer(district_editor)
    response = api.post(
        "/relief/drives/",
        {
            "unit": str(world.district.uuid),
            "title": "शनिवार",
            "starts_on": "2026-11-28",
            "ends_on": "2026-11-29",
        },
    )
    assert response.status_code == 201, response.json()
    drive = response.json()["uuid"]
    ok = api.post(f"/relief/drives/{drive}/items/", {"item": "ration-kit", "per_drive": 1})
    assert ok.json()["items"] == [
        {"item": "ration-kit", "per_drive": 1, "per_day": None, "min_interval_hours": None}
    ]
    point = api.post(
        f"/relief/drives/{drive}/points/", {"name": "पॉइंट 3", "store": str(stores.mandal.uuid)}
    )
    assert point.status_code == 201
    duty = api.post(
        f"/relief/points/{point.json()['uuid']}/duty/",
        {"person": str(world.sunil.uuid), "day": "2026-11-28", "shift": "morning"},
    )
    assert duty.status_code == 201, duty.json()
    bad = api.post(
        "/relief/drives/",
        {
            "unit": str(world.district.uuid),
            "title": "उल्टा",
            "starts_on": "2026-11-29",
            "ends_on": "2026-11-28",
        },
    )
    assert bad.status_code == 400 and bad.json()["fields"]["ends_on"]


def test_a_batch_upload_answers_per_record_and_is_idempotent(
    relief: Relief,
    catalogue: Catalogue,
    family: tuple[Household, Person],
    booth_worker: User,
    world: World,
) -> None:
    from sangathan.core.models import Role
    from sangathan.core.services import grant_set

    home, head = family
    grant_set(user=booth_worker, unit=world.mandal, role=Role.WORKER)
    api = bearer(booth_worker)
    path = f"/relief/drives/{relief.drive.uuid}/distributions/"
    point = str(relief.point.uuid)
    records = [
        {"uuid": str(uuid4()), "point": point, "item": "ration-kit", "person": str(head.uuid)},
        {"uuid": str(uuid4()), "point": point, "item": "ration-kit", "household": str(home.uuid)},
        {"uuid": str(uuid4()), "point": point, "item": "lunch-packet", "quantity": 20},
        {"uuid": str(uuid4()), "point": str(uuid4()), "item": "lunch-packet"},
        {"uuid": str(uuid4()), "point": point, "item": "gold"},
    ]
    response = api.post(path, {"records": records})
    assert response.status_code == 200, response.json()
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["stored", "refused", "stored", "refused", "refused"]
    assert results[1]["code"] == "entitlement" and "per household" in results[1]["error"]
    again = api.post(path, {"records": records[:1]}).json()["results"]
    assert again[0]["status"] == "already_stored"
    assert Distribution.objects.count() == 2
    assert held(relief.point.store, catalogue.kit) == 9
    listed = api.get(path).json()
    assert listed["count"] == 2
    summary = api.get(f"/relief/drives/{relief.drive.uuid}/summary/").json()
    assert summary["households"] == 1 and summary["anonymous"] == 20
    similar = api.get(f"/relief/drives/{relief.drive.uuid}/similar/", name="Santosh Shukla")
    assert "संतोष शुक्ला" in similar.json()[0]["text"]
    pdf = api.get(f"/relief/drives/{relief.drive.uuid}/summary/", format="pdf")
    assert pdf["Content-Type"] == "application/pdf"


def test_a_likely_duplicate_is_answered_with_the_similar_grant(
    relief: Relief,
    catalogue: Catalogue,
    family: tuple[Household, Person],
    world: World,
    mandal_editor: User,
) -> None:
    from sangathan.people.models import Gender
    from sangathan.people.services import person_create

    _home, head = family
    other = person_create(name="Santosh Sukla", gender=Gender.MALE, home_unit=world.booth2)
    api = bearer(mandal_editor)
    path = f"/relief/drives/{relief.drive.uuid}/distributions/"
    point = str(relief.point.uuid)
    api.post(
        path,
        {
            "records": [
                {
                    "uuid": str(uuid4()),
                    "point": point,
                    "item": "ration-kit",
                    "person": str(head.uuid),
                }
            ]
        },
    )
    second = {"uuid": str(uuid4()), "point": point, "item": "ration-kit", "person": str(other.uuid)}
    [result] = api.post(path, {"records": [second]}).json()["results"]
    assert result["code"] == "likely_duplicate"
    assert "संतोष शुक्ला" in result["similar"][0]["text"]
    second["override_reason"] = "दूसरा परिवार, किदवई नगर"
    [result] = api.post(path, {"records": [second]}).json()["results"]
    assert result["status"] == "stored"


def test_a_worker_quick_adds_a_beneficiary_at_the_point(
    world: World, booth_worker: User, family: tuple[Household, Person]
) -> None:
    api = bearer(booth_worker)
    response = api.post(
        "/relief/beneficiaries/",
        {
            "unit": str(world.booth.uuid),
            "name": "Ramkali Devi",
            "locality": "दादा नगर",
            "categories": ["elderly-alone"],
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["categories"] == ["elderly-alone"]
    missing = api.post("/relief/beneficiaries/", {"unit": str(world.booth.uuid), "name": "X"})
    assert missing.status_code == 400 and missing.json()["fields"]["phone"]
    listed = api.get("/relief/beneficiaries/").json()
    assert listed["count"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/relief/stores/{store}/",
        "/relief/stores/{store}/ledger/",
        "/relief/transfers/{transfer}/",
        "/relief/drives/{drive}/",
        "/relief/drives/{drive}/distributions/",
        "/relief/drives/{drive}/similar/",
        "/relief/drives/{drive}/summary/",
    ],
)
def test_the_outsider_is_refused_every_relief_object(
    path: str, relief: Relief, stores: Stores, catalogue: Catalogue, outsider: User
) -> None:
    transfer = transfer_send(
        from_store=stores.mandal,
        to_store=stores.office,
        lines=[LineSpec(catalogue.mask, 1)],
        actor=None,
    )
    url = path.format(store=stores.office.uuid, transfer=transfer.uuid, drive=relief.drive.uuid)
    response = bearer(outsider).get(url)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_outsider_lists_see_nothing_of_the_district(
    relief: Relief, stores: Stores, outsider: User
) -> None:
    api = bearer(outsider)
    for path in ("/relief/stores/", "/relief/drives/", "/relief/beneficiaries/"):
        assert api.get(path).json()["count"] == 0
    warnings = api.get("/relief/warnings/").json()
    assert warnings == {"low_stock": [], "near_expiry": []}


def test_the_outsider_cannot_write_into_district_objects(
    relief: Relief, stores: Stores, catalogue: Catalogue, outsider: User
) -> None:
    api = bearer(outsider)
    assert (
        api.post(
            f"/relief/stores/{stores.mandal.uuid}/receipts/", {"item": "mask", "quantity": 5}
        ).status_code
        == 404
    )
    response = api.post(f"/relief/drives/{relief.drive.uuid}/distributions/", {"records": []})
    assert response.status_code == 404
    assert (
        api.post(
            f"/relief/points/{relief.point.uuid}/duty/",
            {"person": str(uuid4()), "day": "2026-11-28", "shift": "morning"},
        ).status_code
        == 404
    )


def test_the_unit_editor_names_a_keeper_who_then_moves_the_stock(
    stores: Stores, catalogue: Catalogue, mandal_editor: User, booth_worker: User
) -> None:
    editor, keeper = bearer(mandal_editor), bearer(booth_worker)
    path = f"/relief/stores/{stores.mandal.uuid}/"
    assert keeper.post(path + "receipts/", {"item": "mask", "quantity": 5}).status_code == 404
    named = editor.post(path + "keepers/", {"keepers": [str(booth_worker.uuid)]})
    assert named.status_code == 200, named.json()
    assert keeper.post(path + "receipts/", {"item": "mask", "quantity": 5}).status_code == 201
    assert keeper.post(path + "keepers/", {"keepers": []}).status_code in (403, 404)
    level = keeper.post(path + "thresholds/", {"item": "mask", "minimum": 10})
    assert level.status_code == 200
    warnings = editor.get("/relief/warnings/").json()
    assert warnings["low_stock"] == [
        {"store": str(stores.mandal.uuid), "item": "mask", "quantity": 5, "minimum": 10}
    ]


def test_a_closed_drive_hands_out_nothing_and_a_worker_cannot_close_it(
    relief: Relief, catalogue: Catalogue, district_editor: User, booth_worker: User
) -> None:
    path = f"/relief/drives/{relief.drive.uuid}/"
    assert bearer(booth_worker).post(path + "status/", {"status": "closed"}).status_code in (
        403,
        404,
    )
    closed = bearer(district_editor).post(path + "status/", {"status": "closed"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    record = {"uuid": str(uuid4()), "point": str(relief.point.uuid), "item": "lunch-packet"}
    [result] = (
        bearer(district_editor)
        .post(path + "distributions/", {"records": [record]})
        .json()["results"]
    )
    assert result["status"] == "refused" and "closed" in result["error"]


# --- Changing an item, cancelling a transfer ----------------------------------------------------


def test_an_editor_changes_only_the_fields_sent(
    catalogue: Catalogue, district_editor: User, connect: Callable[..., Api]
) -> None:
    api = connect(district_editor)
    path = f"/relief/items/{catalogue.mask.uuid}/"
    response = api.patch(path, {"name_en": "Face mask", "pack_size": 100})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["name_en"], body["pack_size"], body["name_hi"]) == ("Face mask", 100, "मास्क")
    assert body["measure"] == "piece" and body["is_active"] is True
    assert api.get(path).json()["name_en"] == "Face mask"


def test_a_kit_recipe_and_retiring_through_the_api(
    catalogue: Catalogue, stores: Stores, district_editor: User
) -> None:
    api = bearer(district_editor)
    kit = f"/relief/items/{catalogue.kit.uuid}/"
    changed = api.patch(kit, {"components": [{"item": "atta", "quantity": 10}]})
    assert changed.status_code == 200, changed.json()
    assert changed.json()["components"] == [{"item": "atta", "quantity": 10}]
    unknown = api.patch(kit, {"components": [{"item": "gold", "quantity": 1}]})
    assert unknown.status_code == 400 and "gold" in unknown.json()["fields"]["components"][0]
    api.post(f"/relief/stores/{stores.office.uuid}/receipts/", {"item": "mask", "quantity": 5})
    mask = f"/relief/items/{catalogue.mask.uuid}/"
    refused = api.patch(mask, {"is_active": False})
    assert refused.status_code == 400 and "still holds" in refused.json()["fields"]["is_active"][0]
    retired = api.patch(f"/relief/items/{catalogue.lunch.uuid}/", {"is_active": False})
    assert retired.status_code == 200 and retired.json()["is_active"] is False
    listed = {i["code"] for i in api.get("/relief/items/").json()["items"]}
    assert "lunch-packet" not in listed
    assert api.get(f"/relief/items/{catalogue.lunch.uuid}/").json()["is_active"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"pack_size": 0}, "pack_size"),
        ({"name_hi": ""}, "name_hi"),
        ({"measure": "packet"}, "measure"),  # masks have moved: the measure is fixed
        ({"pack_size": "many"}, "pack_size"),
    ],
)
def test_a_bad_item_change_is_answered_per_field(
    body: dict[str, object], field: str, catalogue: Catalogue, stores: Stores, district_editor: User
) -> None:
    api = bearer(district_editor)
    api.post(f"/relief/stores/{stores.office.uuid}/receipts/", {"item": "mask", "quantity": 5})
    response = api.patch(f"/relief/items/{catalogue.mask.uuid}/", body)
    assert response.status_code in (400, 422)
    assert response.json()["code"] == "invalid" and field in response.json()["fields"]
    assert Item.objects.get(code="mask").pack_size == 50


def test_the_outsider_and_a_viewer_cannot_change_a_district_item(
    catalogue: Catalogue, stores: Stores, outsider: User, booth_worker: User
) -> None:
    from sangathan.relief.ledger import receipt_record

    receipt_record(store=stores.office, item=catalogue.mask, quantity=5, actor=None)
    for someone in (outsider, booth_worker):
        response = bearer(someone).patch(
            f"/relief/items/{catalogue.mask.uuid}/", {"name_en": "Not a mask"}
        )
        assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert Item.objects.get(code="mask").name_en == "Mask"
    missing = bearer(outsider).patch(f"/relief/items/{uuid4()}/", {"name_en": "x"})
    assert missing.status_code == 404


def test_the_sender_cancels_a_transfer_through_the_api(
    stores: Stores, catalogue: Catalogue, district_editor: User, mandal_editor: User
) -> None:
    from sangathan.relief.ledger import receipt_record

    receipt_record(store=stores.office, item=catalogue.mask, quantity=100, actor=None)
    transfer = transfer_send(
        from_store=stores.office,
        to_store=stores.mandal,
        lines=[LineSpec(catalogue.mask, 40)],
        actor=None,
    )
    path = f"/relief/transfers/{transfer.uuid}/cancel/"
    assert bearer(mandal_editor).post(path, {}).status_code == 403  # the receiving side
    done = bearer(district_editor).post(path, {"reason": "गाड़ी नहीं मिली"})
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "cancelled" and done.json()["cancelled_at"]
    assert held(stores.office, catalogue.mask) == 100
    twice = bearer(district_editor).post(path, {})
    assert twice.status_code == 400 and "already cancelled" in twice.json()["error"]
    receive = bearer(mandal_editor).post(f"/relief/transfers/{transfer.uuid}/receive/", {})
    assert receive.status_code == 400 and "nothing to receive" in receive.json()["error"]
    ledger = bearer(district_editor).get(f"/relief/stores/{stores.office.uuid}/ledger/").json()
    assert [e["kind"] for e in ledger["items"]][:2] == ["transfer_back", "transfer_out"]


def test_the_outsider_cannot_cancel_a_district_transfer(
    stores: Stores, catalogue: Catalogue, outsider: User
) -> None:
    from sangathan.relief.ledger import receipt_record

    receipt_record(store=stores.office, item=catalogue.mask, quantity=10, actor=None)
    transfer = transfer_send(
        from_store=stores.office,
        to_store=stores.mandal,
        lines=[LineSpec(catalogue.mask, 5)],
        actor=None,
    )
    response = bearer(outsider).post(f"/relief/transfers/{transfer.uuid}/cancel/", {})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert held(stores.office, catalogue.mask) == 5


def test_several_lines_are_sent_through_the_api_and_a_duplicate_is_refused(
    stores: Stores, catalogue: Catalogue, district_editor: User
) -> None:
    api = bearer(district_editor)
    for item in ("mask", "atta"):
        api.post(f"/relief/stores/{stores.office.uuid}/receipts/", {"item": item, "quantity": 50})
    path = f"/relief/stores/{stores.office.uuid}/transfers/"
    twice = api.post(
        path,
        {
            "to_store": str(stores.mandal.uuid),
            "lines": [{"item": "mask", "quantity": 5}, {"item": "mask", "quantity": 5}],
        },
    )
    assert twice.status_code == 400 and "on two lines" in twice.json()["fields"]["lines"][0]
    sent = api.post(
        path,
        {
            "to_store": str(stores.mandal.uuid),
            "lines": [{"item": "mask", "quantity": 5}, {"item": "atta", "quantity": 20}],
        },
    )
    assert sent.status_code == 201
    assert sorted((ln["item"], ln["sent"]) for ln in sent.json()["lines"]) == [
        ("atta", 20),
        ("mask", 5),
    ]
