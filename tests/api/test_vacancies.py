"""Vacancies through the API: which posts are empty where, with a drill-down."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sangathan.core.models import User
from sangathan.units.services import appointment_create
from tests.api.conftest import Api, bearer
from tests.conftest import World


def test_district_vacancy_summary(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    appointment_create(person=world.sunil, post_type=world.booth_social_media, unit=world.booth)
    body = connect(district_editor).get(f"/units/{world.district.uuid}/vacancies/").json()
    rows = {row["post"]["uuid"]: row for row in body}
    social = rows[str(world.booth_social_media.uuid)]
    assert social["post"]["name_hi"] == "सोशल मीडिया प्रभारी"
    assert (social["units"], social["units_filled"], social["units_empty"]) == (3, 1, 2)
    assert (social["seats"], social["seats_filled"], social["seats_empty"]) == (3, 1, 2)
    secretary = rows[str(world.mandal_secretary.uuid)]
    assert (secretary["units"], secretary["seats"], secretary["seats_empty"]) == (2, 6, 6)


def test_vacancy_drill_down_by_child_with_vacant_units(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    appointment_create(person=world.sunil, post_type=world.booth_social_media, unit=world.booth)
    api = connect(district_editor)
    path = f"/units/{world.district.uuid}/vacancies/{world.booth_social_media.uuid}/"
    body = api.get(path).json()
    assert body["unit"]["uuid"] == str(world.district.uuid)
    assert body["post"]["code"] == "social-media"
    by_child = {row["unit"]["name_en"]: row for row in body["by_child"]}
    assert by_child["Govind Nagar"]["units_empty"] == 1
    assert by_child["Kidwai Nagar"]["units_empty"] == 1
    assert body["vacant_units"]["count"] == 2
    assert [u["name_en"] for u in body["vacant_units"]["items"]] == ["Booth 102", "Booth 201"]
    page = api.get(path, limit=1, offset=1).json()["vacant_units"]
    assert [u["name_en"] for u in page["items"]] == ["Booth 201"]
    assert page["count"] == 2


def test_unknown_post_is_not_found(district_editor: User, world: World) -> None:
    response = bearer(district_editor).get(
        f"/units/{world.district.uuid}/vacancies/{uuid.uuid4()}/"
    )
    assert response.status_code == 404


def test_outsider_gets_404_for_district_vacancies(outsider: User, world: World) -> None:
    api = bearer(outsider)
    summary = api.get(f"/units/{world.district.uuid}/vacancies/")
    drill = api.get(f"/units/{world.district.uuid}/vacancies/{world.booth_social_media.uuid}/")
    assert summary.status_code == 404
    assert summary.json()["code"] == "not_found"
    assert drill.status_code == 404


def test_outsider_sees_their_own_district_vacancies(outsider: User, world: World) -> None:
    body = bearer(outsider).get(f"/units/{world.sibling.uuid}/vacancies/").json()
    social = next(r for r in body if r["post"]["uuid"] == str(world.booth_social_media.uuid))
    assert social["units"] == 1
