"""The test world: a small organisation built through the services, and the five personas.

उत्तर प्रदेश › अवध क्षेत्र › कानपुर महानगर उत्तर (the district under test, two mandals) and
कानपुर महानगर दक्षिण (its sibling, where the outsider works).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from sangathan.core.models import Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import Gender, Person
from sangathan.people.services import person_create
from sangathan.units.models import Level, PostType, Unit
from sangathan.units.services import levels_ensure_default, post_type_save, unit_create

PASSWORD = "test-Pass-2026"


@pytest.fixture(autouse=True)
def hindi_to_start_with() -> Iterator[None]:
    # The language middleware activates a language for the thread and leaves it there (a
    # streamed export is read after the middleware returns). Requests in one test must not
    # decide the language the next test's fixtures are written in: audit entries keep the
    # name as it read when written.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # PBKDF2 at full strength costs ~0.3 s per account; the personas alone make five.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    levels: dict[str, Level]
    state: Unit
    region: Unit
    district: Unit  # कानपुर महानगर उत्तर
    sibling: Unit  # कानपुर महानगर दक्षिण, the outsider's district
    mandal: Unit  # first mandal of the district
    mandal2: Unit
    kendra: Unit
    booth: Unit  # first booth of the first mandal
    booth2: Unit
    other_mandal_booth: Unit
    sibling_mandal: Unit
    sibling_booth: Unit
    district_president: PostType
    mandal_president: PostType
    mandal_secretary: PostType  # 3 seats, at least 1 woman
    booth_social_media: PostType
    sunil: Person


def _level(levels: list[Level], en: str) -> Level:
    return next(lv for lv in levels if lv.name_en == en)


@pytest.fixture
def world(db: None) -> World:
    levels = levels_ensure_default()
    state_l, region_l, district_l, mandal_l, kendra_l, booth_l = levels
    state = unit_create(level=state_l, name_hi="उत्तर प्रदेश", name_en="Uttar Pradesh", code="UP")
    region = unit_create(level=region_l, name_hi="अवध क्षेत्र", name_en="Awadh", parent=state)
    district = unit_create(
        level=district_l,
        name_hi="कानपुर महानगर उत्तर",
        name_en="Kanpur North",
        code="KNP-N",
        parent=region,
    )
    sibling = unit_create(
        level=district_l,
        name_hi="कानपुर महानगर दक्षिण",
        name_en="Kanpur South",
        code="KNP-S",
        parent=region,
    )
    mandal = unit_create(
        level=mandal_l,
        name_hi="गोविंद नगर मंडल",
        name_en="Govind Nagar",
        code="M-GN",
        parent=district,
    )
    mandal2 = unit_create(
        level=mandal_l,
        name_hi="किदवई नगर मंडल",
        name_en="Kidwai Nagar",
        code="M-KN",
        parent=district,
    )
    kendra = unit_create(
        level=kendra_l, name_hi="शक्ति केंद्र 1", name_en="Shakti Kendra 1", code="SK-1", parent=mandal
    )
    booth = unit_create(
        level=booth_l, name_hi="बूथ 101", name_en="Booth 101", code="101", parent=kendra
    )
    booth2 = unit_create(
        level=booth_l, name_hi="बूथ 102", name_en="Booth 102", code="102", parent=kendra
    )
    other_mandal_booth = unit_create(
        level=booth_l, name_hi="बूथ 201", name_en="Booth 201", code="201", parent=mandal2
    )
    sibling_mandal = unit_create(
        level=mandal_l, name_hi="बर्रा मंडल", name_en="Barra", code="M-BR", parent=sibling
    )
    sibling_booth = unit_create(
        level=booth_l, name_hi="बूथ 901", name_en="Booth 901", code="901", parent=sibling_mandal
    )
    district_president = post_type_save(
        level=district_l, code="president", name_hi="अध्यक्ष", name_en="President"
    )
    mandal_president = post_type_save(
        level=mandal_l, code="president", name_hi="अध्यक्ष", name_en="President"
    )
    mandal_secretary = post_type_save(
        level=mandal_l, code="secretary", name_hi="मंत्री", name_en="Secretary", seats=3, min_women=1
    )
    booth_social_media = post_type_save(
        level=booth_l,
        code="social-media",
        name_hi="सोशल मीडिया प्रभारी",
        name_en="Social media in-charge",
    )
    sunil = person_create(
        name="सुनील बजाज", gender=Gender.MALE, phone="9839012345", home_unit=district
    )
    return World(
        levels={lv.name_en: lv for lv in levels},
        state=state,
        region=region,
        district=district,
        sibling=sibling,
        mandal=mandal,
        mandal2=mandal2,
        kendra=kendra,
        booth=booth,
        booth2=booth2,
        other_mandal_booth=other_mandal_booth,
        sibling_mandal=sibling_mandal,
        sibling_booth=sibling_booth,
        district_president=district_president,
        mandal_president=mandal_president,
        mandal_secretary=mandal_secretary,
        booth_social_media=booth_social_media,
        sunil=sunil,
    )


def _persona(username: str, unit: Unit, role: str, name: str, gender: str = Gender.MALE) -> User:
    person = person_create(name=name, gender=gender, home_unit=unit)
    user = user_create(username=username, password=PASSWORD, person=person)
    grant_set(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def state_admin(world: World) -> User:
    return _persona("state", world.state, Role.ADMIN, "प्रदेश प्रभारी")


@pytest.fixture
def district_editor(world: World) -> User:
    return _persona("district", world.district, Role.EDITOR, "संतोष शुक्ला")


@pytest.fixture
def mandal_editor(world: World) -> User:
    return _persona("mandal", world.mandal, Role.EDITOR, "वीरेश त्रिपाठी")


@pytest.fixture
def booth_worker(world: World) -> User:
    return _persona("booth", world.booth, Role.WORKER, "अवधेश सोनकर")


@pytest.fixture
def outsider(world: World) -> User:
    return _persona("outsider", world.sibling, Role.EDITOR, "बाहरी संपादक")


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_state(state_admin: User) -> Client:
    return login(state_admin)


@pytest.fixture
def as_district(district_editor: User) -> Client:
    return login(district_editor)


@pytest.fixture
def as_mandal(mandal_editor: User) -> Client:
    return login(mandal_editor)


@pytest.fixture
def as_booth(booth_worker: User) -> Client:
    return login(booth_worker)


@pytest.fixture
def as_outsider(outsider: User) -> Client:
    return login(outsider)
