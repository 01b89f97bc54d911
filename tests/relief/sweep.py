"""One object of each relief kind inside कानपुर महानगर उत्तर, for the outsider sweep
(tests/test_outsider_sweep.py), by the name its routes give it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from tests.conftest import World

from sangathan.relief.catalogue import item_create, store_create
from sangathan.relief.drives import drive_create, drive_item_set, duty_add, point_add
from sangathan.relief.ledger import LineSpec, receipt_record, transfer_send


def relief_objects(world: World) -> dict[str, str]:
    mask = item_create(name_hi="मास्क", name_en="Mask")
    office = store_create(unit=world.district, name="जिला कार्यालय", actor=None)
    mandal = store_create(unit=world.mandal, name="गोविंद नगर संग्रह केंद्र", actor=None)
    receipt_record(store=office, item=mask, quantity=10, actor=None)
    transfer = transfer_send(
        from_store=office, to_store=mandal, lines=[LineSpec(mask, 5)], actor=None
    )
    today = timezone.localdate()
    drive = drive_create(
        unit=world.district,
        title="लॉकडाउन सेवा",
        starts_on=today,
        ends_on=today + timedelta(days=1),
        actor=None,
    )
    drive_item_set(drive=drive, item=mask, per_day=4, actor=None)
    point = point_add(drive=drive, name="पॉइंट 3", store=mandal, actor=None)
    duty = duty_add(point=point, person=world.sunil, day=today, shift="morning", actor=None)
    return {
        "store": str(office.uuid),
        "transfer": str(transfer.uuid),
        "drive": str(drive.uuid),
        "point": str(point.uuid),
        "duty": str(duty.uuid),
    }
