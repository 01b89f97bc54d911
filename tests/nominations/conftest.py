"""The seed's case on the test world: the state asks कानपुर महानगर उत्तर (and its sibling) for
names for the district's social-media and IT cells; the district asks its mandals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from sangathan.nominations.models import Ask, Requisition, Submission, Target
from sangathan.nominations.services import AskSpec, requisition_create, requisition_issue
from sangathan.people.models import Gender, Person
from sangathan.people.services import PersonFields, person_create
from sangathan.units.models import PostType, Unit
from sangathan.units.services import post_type_save
from tests.api.conftest import connect  # noqa: F401  (the API clients, bearer and session)
from tests.conftest import World


def later(days: int = 7) -> datetime:
    return timezone.now() + timedelta(days=days)


@dataclass
class Posts:
    social: PostType  # district level, 5 seats, at least 1 woman
    it: PostType  # district level, 2 seats


@pytest.fixture
def posts(world: World) -> Posts:
    district = world.levels["District"]
    return Posts(
        social=post_type_save(
            level=district,
            code="social-media",
            name_hi="सोशल मीडिया संयोजक",
            name_en="Social media convener",
            seats=5,
        ),
        it=post_type_save(
            level=district, code="it", name_hi="आईटी संयोजक", name_en="IT convener", seats=2
        ),
    )


def person(
    unit: Unit,
    name: str,
    *,
    gender: str = Gender.MALE,
    birth_year: int | None = 1990,
    phone: str = "",
) -> Person:
    return person_create(
        details=PersonFields(name=name, gender=gender, birth_year=birth_year, phone=phone),
        home_unit=unit,
    )


# Names that do not sound alike, so the registry's duplicate check keeps them all.
MANDAL_NAMES = ["अमित गुप्ता", "दीपक चौहान", "रंजीत भदौरिया", "सत्यम शुक्ला", "प्रिया वर्मा"]
MANDAL2_NAMES = ["धीरज बाल्मिक", "अर्पित गुप्ता", "सचिन शुक्ला", "नेहा सिंह", "परमानंद शुक्ला"]


@pytest.fixture
def mandal_people(world: World) -> list[Person]:
    return [
        person(
            world.booth,
            name,
            gender=Gender.FEMALE if name in ("प्रिया वर्मा",) else Gender.MALE,
            phone=f"98390123{i:02d}",
        )
        for i, name in enumerate(MANDAL_NAMES)
    ]


@pytest.fixture
def mandal2_people(world: World) -> list[Person]:
    return [
        person(
            world.other_mandal_booth,
            name,
            gender=Gender.FEMALE if name == "नेहा सिंह" else Gender.MALE,
            phone=f"98391123{i:02d}",
        )
        for i, name in enumerate(MANDAL2_NAMES)
    ]


@dataclass
class StateAsk:
    requisition: Requisition
    social: Ask
    it: Ask
    district_panel: Submission
    sibling_panel: Submission


@pytest.fixture
def state_ask(world: World, posts: Posts) -> StateAsk:
    """The state asks both Kanpur districts: 2 names for social media (at least 1 woman),
    1 for IT."""
    requisition = requisition_create(
        issuer=world.state,
        title="सोशल मीडिया व आईटी पैनल",
        deadline=later(),
        asks=[AskSpec(post_type=posts.social, min_count=2, min_women=1), AskSpec(posts.it)],
        target=Target.CHOSEN,
        chosen_units=[world.district, world.sibling],
    )
    requisition_issue(requisition=requisition)
    social, it = list(requisition.asks.all())
    return StateAsk(
        requisition=requisition,
        social=social,
        it=it,
        district_panel=requisition.submissions.get(unit=world.district),
        sibling_panel=requisition.submissions.get(unit=world.sibling),
    )


@dataclass
class DistrictAsk:
    requisition: Requisition
    social: Ask
    mandal_panel: Submission
    mandal2_panel: Submission


def district_ask_for(
    world: World, posts: Posts, answers: Submission | None = None, count: int = 2
) -> DistrictAsk:
    requisition = requisition_create(
        issuer=world.district,
        title="मंडलों से सोशल मीडिया के नाम",
        deadline=later(3),
        asks=[AskSpec(post_type=posts.social, min_count=count)],
        answers=answers,
    )
    requisition_issue(requisition=requisition)
    return DistrictAsk(
        requisition=requisition,
        social=requisition.asks.get(),
        mandal_panel=requisition.submissions.get(unit=world.mandal),
        mandal2_panel=requisition.submissions.get(unit=world.mandal2),
    )


@pytest.fixture
def district_ask(world: World, posts: Posts) -> DistrictAsk:
    """The district asks its two mandals for 2 social-media names each."""
    return district_ask_for(world, posts)
