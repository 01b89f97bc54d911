"""The vacancy view, its drill-down and the XLSX export."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sangathan.core.models import AuditEntry, Role
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from sangathan.units.models import Unit
from sangathan.units.services import appointment_create, unit_create
from tests.conftest import PASSWORD, World, login


def appoint_social_media(world: World, unit: Unit, phone: str = "") -> None:
    person = person_create(name="रोहित साहू", gender=Gender.MALE, phone=phone, home_unit=unit)
    appointment_create(person=person, post_type=world.booth_social_media, unit=unit)


def test_one_appointment_leaves_two_of_three_booths_vacant(
    world: World, as_district: Client
) -> None:
    appoint_social_media(world, world.booth)
    response = as_district.get(reverse("units:vacancies", args=[world.district.uuid]))
    assert response.status_code == 200
    row = next(r for r in response.context["summary"] if r.post_type == world.booth_social_media)
    assert (row.units, row.units_empty) == (3, 2)
    sentence = "सोशल मीडिया प्रभारी: 3 बूथ इकाइयों में से 2 में कोई नहीं"
    assert (
        sentence
        in as_district.get(reverse("units:detail", args=[world.district.uuid])).content.decode()
    )


def test_drill_down_by_mandal_and_list_of_vacant_booths(world: World, as_district: Client) -> None:
    appoint_social_media(world, world.booth)
    url = reverse("units:vacancies", args=[world.district.uuid])
    response = as_district.get(url, {"post": str(world.booth_social_media.uuid)})
    assert response.status_code == 200
    by_child = {r.unit.code: (r.units, r.units_empty) for r in response.context["by_child"]}
    assert by_child == {"M-GN": (2, 1), "M-KN": (1, 1)}
    vacant = [u.code for u in response.context["vacant_page"]]
    assert vacant == ["102", "201"]
    html = response.content.decode()
    # Each mandal links to its own drill-down for the same post.
    drill = reverse("units:vacancies", args=[world.mandal.uuid])
    assert f"{drill}?post={world.booth_social_media.uuid}" in html


def test_vacant_units_are_paginated(world: World, as_district: Client) -> None:
    for n in range(60):
        unit_create(
            level=world.levels["Booth"],
            name_hi=f"बूथ {300 + n}",
            code=f"{300 + n}",
            parent=world.mandal2,
        )
    url = reverse("units:vacancies", args=[world.district.uuid])
    post = str(world.booth_social_media.uuid)
    first = as_district.get(url, {"post": post})
    assert len(first.context["vacant_page"]) == 50
    assert first.context["vacant_page"].paginator.count == 63
    second = as_district.get(url, {"post": post, "page": "2"})
    assert len(second.context["vacant_page"]) == 13


def test_a_post_above_the_unit_or_unknown_is_not_found(world: World, as_mandal: Client) -> None:
    url = reverse("units:vacancies", args=[world.mandal.uuid])
    assert as_mandal.get(url, {"post": str(world.district_president.uuid)}).status_code == 404
    assert as_mandal.get(url, {"post": "not-a-uuid"}).status_code == 404


def test_outsider_cannot_see_vacancies_of_the_district(world: World, as_outsider: Client) -> None:
    url = reverse("units:vacancies", args=[world.district.uuid])
    assert as_outsider.get(url).status_code == 404
    assert as_outsider.get(url, {"post": str(world.booth_social_media.uuid)}).status_code == 404
    assert as_outsider.get(reverse("units:vacancies", args=[world.sibling.uuid])).status_code == 200


# --- Export ---------------------------------------------------------------------------------


def export(client: Client, unit: Unit, **params: str) -> tuple[Any, Any]:
    """The response and its workbook."""
    response: Any = client.get(reverse("units:vacancies_xlsx", args=[unit.uuid]), params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return response, load_workbook(io.BytesIO(body), read_only=True)


def test_export_lists_vacant_booths_with_their_place_and_is_audited(
    world: World, as_district: Client
) -> None:
    appoint_social_media(world, world.booth)
    response, workbook = export(
        as_district, world.district, post=str(world.booth_social_media.uuid)
    )
    assert "KNP-N" in response["Content-Disposition"]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    summary, vacant, _holders = workbook.worksheets
    rows = list(vacant.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[1:6] == ("प्रदेश", "क्षेत्र", "जिला/महानगर", "मंडल", "शक्ति केंद्र")
    assert [r[-3] for r in body] == ["102", "201"]
    booth_102 = body[0]
    assert booth_102[1:6] == (
        "उत्तर प्रदेश",
        "अवध क्षेत्र",
        "कानपुर महानगर उत्तर",
        "गोविंद नगर मंडल",
        "शक्ति केंद्र 1",
    )
    # किदवई नगर has no shakti kendra: its booth leaves that column empty.
    assert body[1][4:6] == ("किदवई नगर मंडल", None)
    summary_rows = list(summary.iter_rows(values_only=True))
    social = next(r for r in summary_rows if r and r[0] == "सोशल मीडिया प्रभारी")
    assert social[2:4] == (3, 2)
    entry = AuditEntry.objects.get(action="units.vacancies_exported")
    assert entry.unit == world.district
    assert entry.changes["vacant_rows"] == 2


def test_export_of_every_post_lists_each_posts_vacancies(world: World, as_district: Client) -> None:
    _response, workbook = export(as_district, world.district)
    vacant = workbook.worksheets[1]
    posts = [r[0] for r in list(vacant.iter_rows(values_only=True))[1:]]
    assert posts.count("सोशल मीडिया प्रभारी") == 3
    assert posts.count("मंत्री") == 2
    assert posts.count("अध्यक्ष") == 3  # district president + two mandal presidents


def test_viewer_cannot_export_full_phones(world: World) -> None:
    appoint_social_media(world, world.booth, phone="9839011122")
    viewer = user_create(username="viewer", password=PASSWORD)
    grant_set(user=viewer, unit=world.district, role=Role.VIEWER)
    _response, workbook = export(login(viewer), world.district)
    holders = list(workbook.worksheets[2].iter_rows(values_only=True))
    assert holders[1][4] == "98xxxxxx22"
    assert AuditEntry.objects.get(action="units.vacancies_exported").changes["full_phones"] is False


def test_editor_exports_full_phones(world: World, as_district: Client) -> None:
    appoint_social_media(world, world.booth, phone="9839011122")
    _response, workbook = export(as_district, world.district)
    holders = list(workbook.worksheets[2].iter_rows(values_only=True))
    assert holders[1][4] == "98390 11122"
    assert AuditEntry.objects.get(action="units.vacancies_exported").changes["full_phones"] is True


def test_booth_worker_exports_only_their_booth(world: World, as_booth: Client) -> None:
    _response, workbook = export(as_booth, world.booth)
    vacant = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert [r[-3] for r in vacant[1:]] == ["101"]
    url = reverse("units:vacancies_xlsx", args=[world.mandal.uuid])
    assert as_booth.get(url).status_code == 404


def test_outsider_cannot_export_vacancies_of_the_district(
    world: World, as_outsider: Client
) -> None:
    url = reverse("units:vacancies_xlsx", args=[world.district.uuid])
    assert as_outsider.get(url).status_code == 404
    assert as_outsider.get(url, {"post": str(world.booth_social_media.uuid)}).status_code == 404
    assert not AuditEntry.objects.filter(action="units.vacancies_exported").exists()
