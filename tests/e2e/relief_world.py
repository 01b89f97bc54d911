"""The weekend-lockdown drive both relief journeys start from, built through the services:
कानपुर महानगर उत्तर down to बूथ 101, a ration kit (one per household per drive) with twenty in
the mandal's store, and पॉइंट 3 handing them out today and tomorrow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from sangathan.relief.catalogue import item_create, store_create
from sangathan.relief.drives import drive_create, drive_item_set, point_add
from sangathan.relief.ledger import receipt_record
from sangathan.relief.models import DistributionPoint, Drive, Item, Store
from sangathan.units.models import Unit
from sangathan.units.services import levels_ensure_default, unit_create


@dataclass
class WeekendDrive:
    district: Unit
    mandal: Unit
    booth: Unit
    kit: Item
    store: Store
    drive: Drive
    point: DistributionPoint
    today: date


def weekend_drive() -> WeekendDrive:
    state_l, region_l, district_l, mandal_l, _kendra, booth_l = levels_ensure_default()
    state = unit_create(level=state_l, name_hi="उत्तर प्रदेश", name_en="Uttar Pradesh", code="UP")
    region = unit_create(level=region_l, name_hi="अवध क्षेत्र", name_en="Awadh", parent=state)
    district = unit_create(
        level=district_l, name_hi="कानपुर महानगर उत्तर", name_en="Kanpur North", parent=region
    )
    mandal = unit_create(
        level=mandal_l, name_hi="गोविंद नगर मंडल", name_en="Govind Nagar", parent=district
    )
    booth = unit_create(level=booth_l, name_hi="बूथ 101", name_en="Booth 101", parent=mandal)
    kit = item_create(name_hi="राशन किट", name_en="Ration kit", code="ration-kit")
    store = store_create(unit=mandal, name="गोविंद नगर संग्रह केंद्र", actor=None)
    receipt_record(store=store, item=kit, quantity=20, source="दानदाता", actor=None)
    today = timezone.localdate()
    drive = drive_create(
        unit=district,
        title="वीकेंड लॉकडाउन सेवा",
        starts_on=today,
        ends_on=today + timedelta(days=1),
        actor=None,
    )
    drive_item_set(drive=drive, item=kit, per_drive=1, actor=None)
    point = point_add(drive=drive, name="पॉइंट 3", store=store, actor=None)
    return WeekendDrive(district, mandal, booth, kit, store, drive, point, today)
