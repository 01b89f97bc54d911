"""Relief reports: what was given by item × day × unit, who was served by category, and the
stock of the stores, for a unit of yours (your top unit when ``unit`` is left out). Live
numbers, limited to your units; a unit outside them is a 404.

``start`` and ``end`` are days (YYYY-MM-DD). Left out: the drive's days when ``drive`` is given,
else the last seven days. An end before the start, or a period over 366 days, is a 400 naming
the field."""

# No ``from __future__ import annotations``: ninja reads the annotations at import time.

from datetime import date
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS
from sangathan.core.access import unit_get_for_user
from sangathan.relief import reports
from sangathan.relief.models import Drive
from sangathan.units.models import Unit

router = Router(tags=["relief"])


class UnitRef(Schema):
    uuid: UUID
    name: str


class DriveRef(Schema):
    uuid: UUID
    title: str


class ReportQuery(Schema):
    unit: UUID | None = Field(None, description="A unit of yours (default: your top unit).")
    drive: UUID | None = Field(
        None, description="Only this drive (a drive of the unit's subtree or above it)."
    )
    start: str | None = Field(None, description="First day, YYYY-MM-DD.")
    end: str | None = Field(None, description="Last day, YYYY-MM-DD.")


class StockQuery(Schema):
    unit: UUID | None = Field(None, description="A unit of yours (default: your top unit).")


class GivenRow(Schema):
    item: str = Field(description="The item's code.")
    day: date
    unit: UUID = Field(description="The child unit it was given in (or the unit itself).")
    quantity: int
    grants: int = Field(description="How many hand-overs.")


class ItemTotal(Schema):
    item: str
    name: str
    measure: str
    quantity: int


class UnitTotal(Schema):
    unit: UUID
    name: str
    quantity: dict[str, int] = Field(description="Quantity given, by item code.")


class DistributedOut(Schema):
    unit: UnitRef
    drive: DriveRef | None
    start: date
    end: date
    rows: list[GivenRow] = Field(description="Item × day × child unit, zeros left out.")
    items: list[ItemTotal]
    units: list[UnitTotal] = Field(description="Every child unit, zeros included.")
    grants: int


class CategoryOut(Schema):
    code: str
    name: str
    count: int


class ServedOut(Schema):
    unit: UnitRef
    drive: DriveRef | None
    start: date
    end: date
    households: int
    people: int = Field(description="People served on their own (no household recorded).")
    anonymous: int = Field(description="Counted without names (cooked food).")
    categories: list[CategoryOut] = Field(
        description="Recipients in each priority category (a household counts once per "
        "category), then any other tag of those served."
    )


class StockRowOut(Schema):
    store: UUID
    store_name: str
    store_unit: UUID
    item: str
    item_name: str
    measure: str
    quantity: int
    next_expiry: date | None
    minimum: int | None = Field(description="The store's warning level for the item.")
    low: bool
    near_expiry: bool = Field(description="A batch has expired or expires within 30 days.")


class StockOut(Schema):
    unit: UnitRef
    rows: list[StockRowOut]


def _unit(request: HttpRequest, uuid: UUID | None) -> Unit:
    user = request_user(request)
    if uuid is not None:
        return unit_get_for_user(user, uuid=uuid)
    top = reports.report_units(user)
    if not top:
        raise Http404
    return top[0]


def _ask(request: HttpRequest, q: ReportQuery) -> tuple[Unit, Drive | None, date, date]:
    unit = _unit(request, q.unit)
    drive = reports.report_drive(request_user(request), unit=unit, uuid=q.drive)
    start, end = reports.report_period(start=q.start, end=q.end, drive=drive)
    return unit, drive, start, end


def _refs(unit: Unit, drive: Drive | None) -> dict[str, Any]:
    return {
        "unit": {"uuid": unit.uuid, "name": unit.name},
        "drive": {"uuid": drive.uuid, "title": drive.title} if drive is not None else None,
    }


@router.get(
    "/relief/reports/distributed/",
    summary="Given by item, day and unit",
    response={200: DistributedOut, **ERRORS},
)
def distributed(request: HttpRequest, q: Query[ReportQuery]) -> Any:
    """Quantities given in the unit's subtree by item × day × its child units (the state by
    region, a district by mandal, ...), with totals per item and per child unit."""
    unit, drive, start, end = _ask(request, q)
    given = reports.distributed_report(
        request_user(request), unit=unit, drive=drive, start=start, end=end
    )
    return {
        **_refs(unit, drive),
        "start": start,
        "end": end,
        "rows": [
            {
                "item": r.item.code,
                "day": r.day,
                "unit": r.unit.uuid,
                "quantity": r.quantity,
                "grants": r.grants,
            }
            for r in given.rows
        ],
        "items": [
            {
                "item": line.key.code,
                "name": line.key.name,
                "measure": line.key.measure,
                "quantity": line.total,
            }
            for line in given.by_day
        ],
        "units": [
            {
                "unit": line.key.uuid,
                "name": line.key.name,
                "quantity": {i.code: n for i, n in zip(given.items, line.cells, strict=True)},
            }
            for line in given.by_unit
        ],
        "grants": given.grants,
    }


@router.get(
    "/relief/reports/served/",
    summary="Households and people served, by category",
    response={200: ServedOut, **ERRORS},
)
def served(request: HttpRequest, q: Query[ReportQuery]) -> Any:
    """Households, people on their own and anonymous counts served in the unit's subtree, and
    how many fall in each priority category."""
    unit, drive, start, end = _ask(request, q)
    found = reports.served_by_category(
        request_user(request), unit=unit, drive=drive, start=start, end=end
    )
    return {
        **_refs(unit, drive),
        "start": start,
        "end": end,
        "households": found.households,
        "people": found.people,
        "anonymous": found.anonymous,
        "categories": [
            {"code": tag.code, "name": str(tag), "count": n}
            for tag, n in reports.category_counts(found)
        ],
    }


@router.get(
    "/relief/reports/stock/",
    summary="Stock per store and item",
    response={200: StockOut, **ERRORS},
)
def stock(request: HttpRequest, q: Query[StockQuery]) -> Any:
    """What each store of the unit's subtree holds of each item, with the next expiry and the
    low-stock and near-expiry flags."""
    unit = _unit(request, q.unit)
    rows = reports.stock_position(request_user(request), unit=unit)
    return {
        "unit": {"uuid": unit.uuid, "name": unit.name},
        "rows": [
            {
                "store": r.store.uuid,
                "store_name": r.store.name,
                "store_unit": r.store.unit.uuid,
                "item": r.item.code,
                "item_name": r.item.name,
                "measure": r.item.measure,
                "quantity": r.quantity,
                "next_expiry": r.next_expiry,
                "minimum": r.minimum,
                "low": r.low,
                "near_expiry": r.expiring,
            }
            for r in rows
        ],
    }
