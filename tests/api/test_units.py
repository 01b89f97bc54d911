"""Levels, posts and the unit tree through the API, for each persona."""

from __future__ import annotations

from collections.abc import Callable

from sangathan.core.models import AuditEntry, User
from sangathan.units.models import Unit
from sangathan.units.services import appointment_create
from tests.api.conftest import Api, bearer
from tests.conftest import World


def names(body: dict) -> list[str]:  # type: ignore[type-arg]
    return [item["name_en"] for item in body["items"]]


# --- Levels and posts -----------------------------------------------------------------------


def test_levels_are_listed_top_first(connect: Callable[[User], Api], booth_worker: User) -> None:
    body = connect(booth_worker).get("/levels/").json()
    assert [lv["name_en"] for lv in body] == [
        "State",
        "Region",
        "District",
        "Mandal",
        "Shakti Kendra",
        "Booth",
    ]
    assert body[0] == {"depth": 1, "name_hi": "प्रदेश", "name_en": "State"}


def test_posts_can_be_filtered_by_level_name_or_depth(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    api = connect(district_editor)
    everything = api.get("/posts/").json()
    assert len(everything) == 4
    by_name = api.get("/posts/", level="मंडल").json()
    by_depth = api.get("/posts/", level=4).json()
    assert by_name == by_depth
    assert [p["code"] for p in by_name] == ["president", "secretary"]
    assert by_name[1]["seats"] == 3
    assert by_name[1]["min_women"] == 1
    assert by_name[1]["uuid"] == str(world.mandal_secretary.uuid)


def test_unknown_level_is_invalid(district_editor: User, world: World) -> None:
    response = bearer(district_editor, **{"Accept-Language": "en"}).get("/posts/", level="Ward")
    assert response.status_code == 400
    assert response.json()["fields"] == {"level": ["There is no level Ward."]}


# --- Listing units --------------------------------------------------------------------------


def test_district_editor_lists_their_district_in_tree_order(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    body = connect(district_editor).get("/units/").json()
    assert body["count"] == 7
    assert names(body) == [
        "Kanpur North",
        "Govind Nagar",
        "Shakti Kendra 1",
        "Booth 101",
        "Booth 102",
        "Kidwai Nagar",
        "Booth 201",
    ]
    district = body["items"][0]
    assert district["uuid"] == str(world.district.uuid)
    assert district["parent_uuid"] == str(world.region.uuid)
    assert district["level"] == {"depth": 3, "name_hi": "जिला/महानगर", "name_en": "District"}
    assert district["depth"] == 3
    assert district["children"] == 2
    assert "id" not in district


def test_units_list_is_paginated(district_editor: User) -> None:
    body = bearer(district_editor).get("/units/", limit=2, offset=2).json()
    assert body["count"] == 7
    assert names(body) == ["Shakti Kendra 1", "Booth 101"]


def test_units_list_narrows_to_a_subtree_and_a_level(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    api = connect(district_editor)
    within = api.get("/units/", within=str(world.mandal.uuid)).json()
    assert names(within) == ["Govind Nagar", "Shakti Kendra 1", "Booth 101", "Booth 102"]
    booths = api.get("/units/", level="Booth").json()
    assert names(booths) == ["Booth 101", "Booth 102", "Booth 201"]


def test_units_search_by_name_or_code(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    api = connect(district_editor)
    assert names(api.get("/units/", q="किदवई").json()) == ["Kidwai Nagar"]
    found = api.get("/units/", q="201").json()
    assert names(found) == ["Booth 201"]
    assert found["items"][0]["parent_uuid"] == str(world.mandal2.uuid)
    assert names(api.get("/units/", q="बूथ 9").json()) == []  # the sibling's booth 901


def test_outsider_does_not_see_the_district_in_lists(outsider: User, world: World) -> None:
    api = bearer(outsider)
    listed = names(api.get("/units/").json())
    assert listed == ["Kanpur South", "Barra", "Booth 901"]
    assert names(api.get("/units/", q="गोविंद").json()) == []
    response = api.get("/units/", within=str(world.district.uuid))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- One unit -------------------------------------------------------------------------------


def test_unit_detail_has_breadcrumb_and_office_bearers(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    appointment_create(person=world.sunil, post_type=world.district_president, unit=world.district)
    body = connect(district_editor).get(f"/units/{world.district.uuid}/").json()
    assert [u["name_en"] for u in body["breadcrumb"]] == [
        "Uttar Pradesh",
        "Awadh",
        "Kanpur North",
    ]
    assert body["parent_uuid"] == str(world.region.uuid)
    assert body["my_role"] == "editor"
    [bearer_row] = body["office_bearers"]
    assert bearer_row["post"]["name_hi"] == "अध्यक्ष"
    assert bearer_row["person"]["name"] == "सुनील बजाज"
    assert bearer_row["person"]["phone"] == "+919839012345"
    assert bearer_row["person"]["phone_masked"] is False


def test_viewer_sees_office_bearers_phones_masked(
    connect: Callable[[User], Api], district_viewer: User, world: World
) -> None:
    appointment_create(person=world.sunil, post_type=world.district_president, unit=world.district)
    body = connect(district_viewer).get(f"/units/{world.district.uuid}/").json()
    person = body["office_bearers"][0]["person"]
    assert person["phone"] == "98xxxxxx45"
    assert person["phone_masked"] is True
    assert body["my_role"] == "viewer"


def test_children_come_with_counts_of_lower_levels(
    connect: Callable[[User], Api], mandal_editor: User, world: World
) -> None:
    body = connect(mandal_editor).get(f"/units/{world.mandal.uuid}/children/").json()
    assert [c["name_en"] for c in body] == ["Shakti Kendra 1"]
    assert body[0]["parent_uuid"] == str(world.mandal.uuid)
    assert body[0]["children"] == 2
    assert body[0]["counts"] == [
        {"level": {"depth": 6, "name_hi": "बूथ", "name_en": "Booth"}, "count": 2}
    ]


def test_outsider_gets_404_for_the_district_units(outsider: User, world: World) -> None:
    api = bearer(outsider)
    for path in (
        f"/units/{world.district.uuid}/",
        f"/units/{world.mandal.uuid}/",
        f"/units/{world.booth.uuid}/children/",
        f"/units/{world.district.uuid}/children/",
    ):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"


def test_booth_worker_cannot_see_the_mandal(booth_worker: User, world: World) -> None:
    assert bearer(booth_worker).get(f"/units/{world.mandal.uuid}/").status_code == 404


# --- Writes ---------------------------------------------------------------------------------


def test_editor_adds_a_unit_under_their_mandal(
    connect: Callable[[User], Api], mandal_editor: User, world: World
) -> None:
    response = connect(mandal_editor).post(
        "/units/",
        {
            "parent": str(world.mandal.uuid),
            "level": "शक्ति केंद्र",
            "name_hi": "शक्ति केंद्र 2",
            "name_en": "Shakti Kendra 2",
            "code": "SK-2",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["parent_uuid"] == str(world.mandal.uuid)
    unit = Unit.objects.get(uuid=body["uuid"])
    assert unit.code == "SK-2"
    entry = AuditEntry.objects.get(action="units.created", target_id=str(unit.uuid))
    assert entry.actor == mandal_editor


def test_booth_worker_cannot_add_units(booth_worker: User, world: World) -> None:
    response = bearer(booth_worker).post(
        "/units/",
        {"parent": str(world.booth.uuid), "level": "Booth", "name_hi": "नया बूथ"},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Unit.objects.filter(name_hi="नया बूथ").exists()


def test_outsider_cannot_add_units_in_the_district(outsider: User, world: World) -> None:
    response = bearer(outsider).post(
        "/units/", {"parent": str(world.mandal.uuid), "level": 5, "name_hi": "घुसपैठ"}
    )
    assert response.status_code == 404


def test_unit_on_the_wrong_level_is_refused_by_the_service(
    mandal_editor: User, world: World
) -> None:
    response = bearer(mandal_editor).post(
        "/units/", {"parent": str(world.mandal.uuid), "level": "District", "name_hi": "गलत"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "level" in response.json()["fields"]


def test_editor_renames_a_unit_and_only_sent_fields_change(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    response = connect(district_editor).patch(
        f"/units/{world.mandal.uuid}/", {"name_en": "Govind Nagar East"}
    )
    assert response.status_code == 200
    assert response.json()["name_en"] == "Govind Nagar East"
    world.mandal.refresh_from_db()
    assert (world.mandal.name_hi, world.mandal.code) == ("गोविंद नगर मंडल", "M-GN")
    assert AuditEntry.objects.filter(action="units.updated", actor=district_editor).exists()


def test_code_can_be_removed_with_null(district_editor: User, world: World) -> None:
    response = bearer(district_editor).patch(f"/units/{world.booth.uuid}/", {"code": None})
    assert response.status_code == 200
    assert response.json()["code"] is None


def test_booth_worker_cannot_rename_their_booth(booth_worker: User, world: World) -> None:
    response = bearer(booth_worker).patch(f"/units/{world.booth.uuid}/", {"name_en": "Mine"})
    assert response.status_code == 403


def test_outsider_cannot_rename_the_district(outsider: User, world: World) -> None:
    response = bearer(outsider).patch(f"/units/{world.district.uuid}/", {"name_en": "Ours"})
    assert response.status_code == 404


def test_state_admin_moves_a_mandal_to_the_sibling_district(
    connect: Callable[[User], Api], state_admin: User, world: World
) -> None:
    response = connect(state_admin).post(
        f"/units/{world.mandal2.uuid}/move/", {"new_parent": str(world.sibling.uuid)}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["parent_uuid"] == str(world.sibling.uuid)
    assert [u["name_en"] for u in body["breadcrumb"]][-2:] == ["Kanpur South", "Kidwai Nagar"]


def test_district_editor_cannot_move_units(district_editor: User, world: World) -> None:
    response = bearer(district_editor).post(
        f"/units/{world.booth2.uuid}/move/", {"new_parent": str(world.mandal2.uuid)}
    )
    assert response.status_code == 403


def test_outsider_cannot_move_district_units(outsider: User, world: World) -> None:
    api = bearer(outsider)
    away = api.post(f"/units/{world.mandal2.uuid}/move/", {"new_parent": str(world.sibling.uuid)})
    into = api.post(
        f"/units/{world.sibling_booth.uuid}/move/", {"new_parent": str(world.kendra.uuid)}
    )
    assert away.status_code == 404
    assert into.status_code == 404
