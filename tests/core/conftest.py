"""Personas the account and audit pages need beside the shared ones: admins of the district
under test and of its sibling (the outsider's district), and an account for सुनील बजाज."""

from __future__ import annotations

import pytest
from django.test import Client

from sangathan.core.models import Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from tests.conftest import PASSWORD, World, login


@pytest.fixture
def district_admin(world: World) -> User:
    person = person_create(name="राकेश मिश्रा", gender=Gender.MALE, home_unit=world.district)
    user = user_create(username="district_admin", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.district, role=Role.ADMIN)
    return user


@pytest.fixture
def sibling_admin(world: World) -> User:
    """An admin of कानपुर महानगर दक्षिण: the outsider with the most power there is."""
    person = person_create(name="बाहरी प्रशासक", gender=Gender.MALE, home_unit=world.sibling)
    user = user_create(username="sibling_admin", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.sibling, role=Role.ADMIN)
    return user


@pytest.fixture
def sunil_account(world: World) -> User:
    user = user_create(username="sunil", password=PASSWORD, person=world.sunil)
    grant_set(user=user, unit=world.district, role=Role.EDITOR)
    return user


@pytest.fixture
def as_district_admin(district_admin: User) -> Client:
    return login(district_admin)


@pytest.fixture
def as_sibling_admin(sibling_admin: User) -> Client:
    return login(sibling_admin)
