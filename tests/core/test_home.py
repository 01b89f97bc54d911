from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from sangathan.core.home import home_section, home_section_remove
from sangathan.core.models import Notification, User
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from sangathan.units.services import appointment_create
from tests.conftest import World


def test_home_shows_the_users_units_and_not_others(as_district: Client, world: World) -> None:
    response = as_district.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert world.district.name_hi in page
    assert reverse("units:detail", args=[world.district.uuid]) in page
    assert world.sibling.name_hi not in page
    assert reverse("units:detail", args=[world.sibling.uuid]) not in page


def test_outsider_home_shows_only_the_sibling_district(as_outsider: Client, world: World) -> None:
    page = as_outsider.get("/").content.decode()
    assert world.sibling.name_hi in page
    assert world.district.name_hi not in page
    assert reverse("units:detail", args=[world.district.uuid]) not in page


def test_home_counts_the_empty_posts_under_each_unit(as_district: Client, world: World) -> None:
    # District president 1, mandal president 2, mandal secretary 2, booth social media 3.
    rows = as_district.get("/").context["grant_rows"]
    assert [(r.unit, r.vacancies) for r in rows] == [(world.district, 8)]

    worker = person_create(name="दीपक चौहान", gender=Gender.MALE)
    appointment_create(person=worker, post_type=world.booth_social_media, unit=world.booth)
    rows = as_district.get("/").context["grant_rows"]
    assert rows[0].vacancies == 7


def test_home_links_to_the_vacancy_page_once_it_exists(as_district: Client, world: World) -> None:
    from django.urls import NoReverseMatch

    row = as_district.get("/").context["grant_rows"][0]
    try:
        expected: str | None = reverse("units:vacancies", args=[world.district.uuid])
    except NoReverseMatch:
        expected = None
    assert row.vacancy_url == expected


def test_home_shows_the_latest_five_unread_messages(
    as_district: Client, district_editor: User
) -> None:
    for i in range(7):
        Notification.objects.create(user=district_editor, kind="test", title=f"संदेश {i}")
    Notification.objects.filter(title="संदेश 6").update(read_at="2026-01-01T00:00:00Z")
    response = as_district.get("/")
    titles = [n.title for n in response.context["unread"]]
    assert titles == ["संदेश 5", "संदेश 4", "संदेश 3", "संदेश 2", "संदेश 1"]
    assert "संदेश 6" not in response.content.decode()


def test_home_does_not_show_another_users_messages(
    as_outsider: Client, district_editor: User
) -> None:
    Notification.objects.create(user=district_editor, kind="test", title="जिले का संदेश")
    assert "जिले का संदेश" not in as_outsider.get("/").content.decode()


@pytest.fixture
def plugged_section(settings: Any) -> Iterator[str]:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [Path(__file__).parent / "templates"]
    settings.TEMPLATES = templates
    name = "tests.waiting"

    @home_section(order=5, template="core_tests/home_section.html", name=name)
    def waiting(request: HttpRequest) -> dict[str, Any] | None:
        if request.user.get_username() == "district":
            return {"count": 3}
        return None

    yield name
    home_section_remove(name)


def test_features_add_pending_work_without_touching_the_home_view(
    as_district: Client, as_outsider: Client, plugged_section: str
) -> None:
    response = as_district.get("/")
    assert [s.name for s in response.context["sections"]] == [plugged_section]
    assert "waiting-3" in response.content.decode()
    # A section with nothing for this user takes no room.
    assert as_outsider.get("/").context["sections"] == []


def test_a_superuser_without_grants_sees_the_top_of_the_tree(world: World) -> None:
    from sangathan.core.services import user_create

    root = user_create(username="root", password="x-Root-pass-2026", is_superuser=True)
    client = Client()
    client.force_login(root)
    page = client.get("/").content.decode()
    assert world.state.name_hi in page
