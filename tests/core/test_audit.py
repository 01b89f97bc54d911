from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from sangathan.units.services import post_type_save, unit_create
from tests.conftest import PASSWORD, World, login


@pytest.fixture
def history(world: World, state_admin: User, district_admin: User, sibling_admin: User) -> World:
    """Writes in both districts and one for the whole organisation, by named actors."""
    unit_create(
        level=world.levels["Mandal"],
        name_hi="कल्याणपुर मंडल",
        name_en="Kalyanpur",
        code="M-KP",
        parent=world.district,
        actor=state_admin,
    )
    person_create(
        name="रीता देवी", gender=Gender.FEMALE, home_unit=world.mandal, actor=district_admin
    )
    person_create(
        name="दक्षिण कार्यकर्ता",
        gender=Gender.MALE,
        home_unit=world.sibling_booth,
        actor=sibling_admin,
    )
    post_type_save(
        level=world.levels["Booth"],
        code="bla",
        name_hi="बूथ स्तरीय कार्यकर्ता",
        name_en="Booth level worker",
        actor=state_admin,
    )
    return world


def _targets(client: Client, query: str = "") -> list[str]:
    response = client.get("/audit/" + query)
    assert response.status_code == 200
    return [row["entry"].target_repr for row in response.context["rows"]]


def test_a_district_admin_sees_the_district_and_nothing_else(
    history: World, as_district_admin: Client
) -> None:
    targets = _targets(as_district_admin)
    assert "कल्याणपुर मंडल" in targets
    assert "रीता देवी" in targets
    assert "दक्षिण कार्यकर्ता" not in targets
    # Post types belong to no unit: the whole organisation's business, not the district's.
    assert "बूथ स्तरीय कार्यकर्ता" not in targets


def test_outsider_admin_sees_no_entries_of_kanpur_north(
    history: World, as_sibling_admin: Client
) -> None:
    response = as_sibling_admin.get("/audit/")
    assert "दक्षिण कार्यकर्ता" in [r["entry"].target_repr for r in response.context["rows"]]
    for row in response.context["rows"]:
        assert not row["entry"].unit_path.startswith(history.district.path)
    page = response.content.decode()
    assert "कानपुर महानगर उत्तर" not in page
    assert "रीता देवी" not in page


def test_outsider_admin_gets_404_on_the_kanpur_north_filter(
    history: World, as_sibling_admin: Client
) -> None:
    assert as_sibling_admin.get(f"/audit/?unit={history.district.uuid}").status_code == 404
    assert as_sibling_admin.get(f"/audit/?unit={history.mandal.uuid}").status_code == 404


def test_outsider_editor_has_no_audit_log(history: World, as_outsider: Client) -> None:
    assert as_outsider.get("/audit/").status_code == 404


def test_an_editor_has_no_audit_log(history: World, as_district: Client) -> None:
    assert as_district.get("/audit/").status_code == 404
    assert as_district.get(f"/audit/?unit={history.mandal.uuid}").status_code == 404


def test_a_mandal_admin_cannot_filter_on_the_district_above(history: World) -> None:
    person = person_create(name="मंडल प्रशासक", home_unit=history.mandal)
    user = user_create(username="mandal_admin", password=PASSWORD, person=person)
    grant_set(user=user, unit=history.mandal, role=Role.ADMIN)
    client = login(user)
    assert client.get(f"/audit/?unit={history.district.uuid}").status_code == 404
    targets = _targets(client)
    assert "रीता देवी" in targets
    assert "कल्याणपुर मंडल" not in targets  # a mandal beside theirs


def test_an_editor_with_a_grant_below_an_admin_grant_gets_403_on_that_filter(
    history: World, district_admin: User
) -> None:
    # Admin of the sibling, editor of kanpur north: inside the reach but too low a role.
    grant_set(user=district_admin, unit=history.district, role=Role.EDITOR)
    grant_set(user=district_admin, unit=history.sibling, role=Role.ADMIN)
    client = login(district_admin)
    assert client.get(f"/audit/?unit={history.district.uuid}").status_code == 403


def test_the_state_admin_sees_everything_including_whole_organisation_entries(
    history: World, as_state: Client
) -> None:
    targets = _targets(as_state)
    for name in ["कल्याणपुर मंडल", "रीता देवी", "दक्षिण कार्यकर्ता", "बूथ स्तरीय कार्यकर्ता"]:
        assert name in targets


def test_filter_by_unit_keeps_its_subtree(history: World, as_state: Client) -> None:
    in_mandal = _targets(as_state, f"?unit={history.mandal.uuid}")
    assert "रीता देवी" in in_mandal
    assert "बूथ 101" in in_mandal  # the fixture's booth, created under the mandal
    assert "कल्याणपुर मंडल" not in in_mandal
    assert "दक्षिण कार्यकर्ता" not in in_mandal
    in_sibling = _targets(as_state, f"?unit={history.sibling.uuid}&actor=sibling_admin")
    assert in_sibling == ["दक्षिण कार्यकर्ता"]


def test_a_malformed_unit_filter_is_a_404(history: World, as_state: Client) -> None:
    assert as_state.get("/audit/?unit=not-a-uuid").status_code == 404


def test_filter_by_actor_name_or_username(history: World, as_state: Client) -> None:
    assert _targets(as_state, "?actor=राकेश") == ["रीता देवी"]  # the district admin's name
    assert _targets(as_state, "?actor=sibling_admin") == ["दक्षिण कार्यकर्ता"]


def test_filter_by_action_group(history: World, as_state: Client) -> None:
    assert _targets(as_state, "?action=posts&actor=state") == ["बूथ स्तरीय कार्यकर्ता"]
    units = _targets(as_state, "?action=units&actor=state")
    assert "कल्याणपुर मंडल" in units and "रीता देवी" not in units


def test_an_unknown_action_group_is_a_form_error(history: World, as_state: Client) -> None:
    response = as_state.get("/audit/?action=nonsense")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_dates_are_india_dates(history: World, as_state: Client) -> None:
    # 20:00 UTC on the 10th is 01:30 on the 11th in Asia/Kolkata.
    entry = AuditEntry.objects.get(target_repr="रीता देवी")
    AuditEntry.objects.filter(pk=entry.pk).update(
        created_at=datetime(2026, 1, 10, 20, 0, tzinfo=UTC)
    )
    assert _targets(as_state, "?date_from=2026-01-11&date_to=2026-01-11") == ["रीता देवी"]
    assert _targets(as_state, "?date_from=2026-01-10&date_to=2026-01-10") == []
    page = as_state.get("/audit/?date_from=2026-01-11&date_to=2026-01-11").content.decode()
    assert "01:30" in page


def test_from_after_to_is_refused_with_a_message(history: World, as_state: Client) -> None:
    response = as_state.get("/audit/?date_from=2026-02-01&date_to=2026-01-01")
    assert response.context["form"].non_field_errors()


def test_changed_fields_are_shown_readably(
    history: World, as_state: Client, district_editor: User, state_admin: User
) -> None:
    grant_set(user=district_editor, unit=history.district, role=Role.ADMIN, actor=state_admin)
    as_state.cookies["sangathan_language"] = "en"
    response = as_state.get("/audit/?action=accounts")
    row = next(r for r in response.context["rows"] if r["entry"].actor == state_admin)
    lines = {line.field: line.new for line in row["changes"]}
    assert lines["role"] == "Admin"  # the role's name, not its code
    assert lines["new role"] == "no"
    assert row["action"] != "accounts.granted"  # a readable label, not the code


def test_the_log_is_paginated(history: World, as_state: Client, state_admin: User) -> None:
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=state_admin,
                unit=history.booth,
                unit_path=history.booth.path,
                action="units.updated",
                target_repr=f"बूथ {i}",
            )
            for i in range(60)
        ]
    )
    first = as_state.get("/audit/?action=units")
    assert first.context["page"].has_next()
    second = as_state.get("/audit/?action=units&page=2")
    assert second.status_code == 200
    assert len(second.context["rows"]) >= 10
    assert "action=units" in first.content.decode().split("page=2")[0].rsplit("href=", 1)[1]
