"""Relief numbers by item × day × unit, people served by category, stock per store, and the
drive summary as text, workbook and PDF."""

from __future__ import annotations

import io

from django.utils import timezone, translation
from openpyxl import load_workbook
from tests.conftest import World
from tests.relief.conftest import Catalogue, Relief, Stores

from sangathan.core.models import User
from sangathan.people.models import Gender, Household, Person, Tag
from sangathan.people.services import person_create
from sangathan.relief.beneficiaries import beneficiary_add
from sangathan.relief.distribution import distribution_record
from sangathan.relief.drives import point_add
from sangathan.relief.ledger import receipt_record
from sangathan.relief.models import Store
from sangathan.relief.reports import (
    distributed_by,
    drive_summary,
    served_by_category,
    stock_position,
    summary_pdf,
    summary_text,
    summary_xlsx,
)


def _serve(
    relief: Relief,
    catalogue: Catalogue,
    family: tuple[Household, Person],
    world: World,
    stores: Stores,
) -> None:
    home, head = family
    head.tags.add(Tag.objects.get(code="daily-wage"))
    distribution_record(
        drive=relief.drive, point=relief.point, item=catalogue.kit, household=home, actor=None
    )
    alone = person_create(name="रामकली", gender=Gender.FEMALE, home_unit=world.booth2)
    beneficiary_add(person=alone, categories=["elderly-alone"], actor=None)
    alone.tags.add(Tag.objects.get(code="elderly-alone"))
    distribution_record(
        drive=relief.drive, point=relief.point, item=catalogue.kit, person=alone, actor=None
    )
    distribution_record(
        drive=relief.drive, point=relief.point, item=catalogue.lunch, quantity=30, actor=None
    )
    # A second point in the other mandal, drawing from its own store.
    store2 = Store.objects.create(unit=world.mandal2, unit_path=world.mandal2.path, name="किदवई")
    receipt_record(store=store2, item=catalogue.lunch, quantity=5, actor=None)
    point2 = point_add(drive=relief.drive, name="पॉइंट 7", store=store2, actor=None)
    distribution_record(
        drive=relief.drive, point=point2, item=catalogue.lunch, quantity=5, actor=None
    )


def test_a_district_sees_what_each_mandal_gave_by_item_and_day(
    relief: Relief,
    catalogue: Catalogue,
    family: tuple[Household, Person],
    world: World,
    stores: Stores,
    district_editor: User,
    mandal_editor: User,
) -> None:
    _serve(relief, catalogue, family, world, stores)
    rows = distributed_by(district_editor, unit=world.district)
    got = {(r.unit.name, r.item.name_en, r.quantity) for r in rows}
    assert got == {
        (world.mandal.name, "Ration kit", 2),
        (world.mandal.name, "Lunch packet", 30),
        (world.mandal2.name, "Lunch packet", 5),
    }
    assert {r.day for r in rows} == {timezone.localdate()}
    state_rows = distributed_by(None, unit=world.state)
    assert {r.unit for r in state_rows} == {world.region}
    # The mandal editor's reach ends at its mandal: the other mandal's grants are not counted.
    assert {r.unit for r in distributed_by(mandal_editor, unit=world.district)} == {world.mandal}


def test_households_and_people_served_are_counted_by_category(
    relief: Relief,
    catalogue: Catalogue,
    family: tuple[Household, Person],
    world: World,
    stores: Stores,
) -> None:
    _serve(relief, catalogue, family, world, stores)
    served = served_by_category(None, unit=world.district, drive=relief.drive)
    assert (served.households, served.people, served.anonymous) == (1, 1, 35)
    assert served.by_category == {"daily-wage": 1, "elderly-alone": 1}


def test_stock_position_lists_what_each_store_holds_within_reach(
    relief: Relief, catalogue: Catalogue, stores: Stores, outsider: User, mandal_editor: User
) -> None:
    rows = stock_position(mandal_editor)
    assert {(r.store.name, r.item.name_en, r.quantity) for r in rows} == {
        (stores.mandal.name, "Ration kit", 10),
        (stores.mandal.name, "Mask", 100),
        (stores.mandal.name, "Lunch packet", 50),
    }
    assert stock_position(outsider) == []


def test_the_drive_summary_reads_as_a_whatsapp_message_and_exports(
    relief: Relief,
    catalogue: Catalogue,
    family: tuple[Household, Person],
    world: World,
    stores: Stores,
    district_editor: User,
) -> None:
    _serve(relief, catalogue, family, world, stores)
    with translation.override("hi"):  # the message goes out in Hindi, item names included
        summary = drive_summary(relief.drive)
        text = summary_text(summary)
    assert "*लॉकडाउन सेवा*" in text and "राशन किट" in text
    assert ("किदवई", catalogue.lunch) in summary.shortages
    book = load_workbook(io.BytesIO(summary_xlsx(drive=relief.drive, actor=district_editor)))
    assert book.worksheets[0].max_row == 3
    assert summary_pdf(drive=relief.drive, actor=district_editor).startswith(b"%PDF")
