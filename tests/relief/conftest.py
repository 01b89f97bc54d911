"""The seed's relief on the test world: कानपुर महानगर उत्तर keeps masks, sanitizer, medicine
and ration in its district office and a mandal collection point, and runs a weekend-lockdown
drive with a point at the mandal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from tests.api.conftest import Api
from tests.api.conftest import bearer as _bearer
from tests.api.conftest import session as _session
from tests.conftest import World

from sangathan.core.models import User
from sangathan.people.models import Gender, Household, Person
from sangathan.people.services import household_create, person_create, tags_ensure_default
from sangathan.relief.catalogue import item_create, store_create
from sangathan.relief.drives import drive_create, drive_item_set, point_add
from sangathan.relief.ledger import receipt_record
from sangathan.relief.models import DistributionPoint, Drive, Item, Measure, Store


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    # The tests read the services' refusals in English; the catalogue has them in Hindi too.
    with translation.override("en"):
        yield


def bearer(user: User, **headers: str) -> Api:
    """A device (tests/api's), asking for English answers: the tests read the sentences."""
    return _bearer(user, **{"Accept-Language": "en", **headers})


def session(user: User, **headers: str) -> Api:
    """A browser (tests/api's), asking for English answers."""
    return _session(user, **{"Accept-Language": "en", **headers})


@pytest.fixture(params=["bearer", "session"])
def connect(request: pytest.FixtureRequest) -> Callable[..., Api]:
    return bearer if request.param == "bearer" else session


@dataclass
class Catalogue:
    atta: Item
    dal: Item
    oil: Item
    kit: Item  # ration kit = 5 kg atta + 2 kg dal + 1 L oil
    mask: Item
    lunch: Item
    medicine: Item  # perishable: batch and expiry


@dataclass
class Stores:
    office: Store  # district office
    mandal: Store  # mandal collection point


@dataclass
class Relief:
    drive: Drive
    point: DistributionPoint  # at the mandal, drawing from the mandal store


@pytest.fixture
def catalogue(db: None) -> Catalogue:
    atta = item_create(name_hi="आटा", name_en="Atta", measure=Measure.KG)
    dal = item_create(name_hi="दाल", name_en="Dal", measure=Measure.KG)
    oil = item_create(name_hi="तेल", name_en="Oil", measure=Measure.LITRE)
    return Catalogue(
        atta=atta,
        dal=dal,
        oil=oil,
        kit=item_create(
            name_hi="राशन किट", name_en="Ration kit", components=[(atta, 5), (dal, 2), (oil, 1)]
        ),
        mask=item_create(name_hi="मास्क", name_en="Mask", pack_size=50),
        lunch=item_create(name_hi="लंच पैकेट", name_en="Lunch packet", measure=Measure.PACKET),
        medicine=item_create(
            name_hi="दवा किट", name_en="Medicine kit", measure=Measure.STRIP, perishable=True
        ),
    )


@pytest.fixture
def stores(world: World) -> Stores:
    return Stores(
        office=store_create(unit=world.district, name="जिला कार्यालय", actor=None),
        mandal=store_create(unit=world.mandal, name="गोविंद नगर संग्रह केंद्र", actor=None),
    )


@pytest.fixture
def relief(world: World, catalogue: Catalogue, stores: Stores) -> Relief:
    """A drive today and tomorrow; ration kits at most 1 per household per drive, masks at
    most 4 a day; the mandal store holds 10 kits, 100 masks and 50 lunch packets."""
    today = timezone.localdate()
    drive = drive_create(
        unit=world.district,
        title="लॉकडाउन सेवा",
        starts_on=today,
        ends_on=today + timedelta(days=1),
        actor=None,
    )
    drive_item_set(drive=drive, item=catalogue.kit, per_drive=1, actor=None)
    drive_item_set(drive=drive, item=catalogue.mask, per_day=4, actor=None)
    drive_item_set(drive=drive, item=catalogue.lunch, actor=None)
    point = point_add(drive=drive, name="पॉइंट 3", store=stores.mandal, actor=None)
    for item, qty in ((catalogue.kit, 10), (catalogue.mask, 100), (catalogue.lunch, 50)):
        receipt_record(store=stores.mandal, item=item, quantity=qty, source="दानदाता", actor=None)
    return Relief(drive=drive, point=point)


@pytest.fixture
def family(world: World) -> tuple[Household, Person]:
    tags_ensure_default()
    home = household_create(unit=world.booth, address="112 दादा नगर")
    head = person_create(
        name="संतोष शुक्ला", gender=Gender.MALE, home_unit=world.booth, household=home
    )
    return home, head
