"""A unit's relief report (the reports page, its workbook and the API): what was given by
item × day and by the unit's children, who was served by category, and the stock of its
stores. Grouped queries on ``unit_path`` (a district or state total is an indexed prefix filter),
always limited to the user's reach, and live (no cached totals)."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, Min, Q, QuerySet, Sum
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from sangathan.core.access import path_filter, reach_of, require_role
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.people.models import Person, Tag
from sangathan.relief.beneficiaries import PRIORITY_CATEGORIES
from sangathan.relief.models import (
    Balance,
    Beneficiary,
    Distribution,
    Drive,
    Item,
    StockThreshold,
    Store,
)
from sangathan.relief.selectors import drives_for_user
from sangathan.units.models import Unit

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.core.models import User

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"

DEFAULT_DAYS = 7  # the reports page opens on the last week
MAX_DAYS = 366  # one period at most a year long (a leap year included)
DAY_COLUMNS = 31  # up to a month, every day is a column; past that, only days with grants
NEAR_EXPIRY_DAYS = 30  # as the store page's "expires soon"


def _grants(
    user: AnyUser | None,
    *,
    unit: Unit | None = None,
    drive: Drive | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Distribution]:
    rows = Distribution.objects.all()
    if user is not None:
        rows = rows.filter(path_filter(user, "unit_path"))
    if unit is not None:
        rows = rows.filter(unit_path__subtree=unit.path)
    if drive is not None:
        rows = rows.filter(drive=drive)
    if start is not None:
        rows = rows.filter(given_on__gte=start)
    if end is not None:
        rows = rows.filter(given_on__lte=end)
    return rows


# --- What a report asks: the unit, the drive, the period ---------------------------------------


def report_units(user: AnyUser) -> list[Unit]:
    """The top units of the user's reach (a report starts at the first; the root for the
    organisation's administrators)."""
    reach = reach_of(user)
    if reach.everything:
        return list(Unit.objects.filter(depth=1).order_by("path"))
    paths = sorted(set(reach.paths()), key=lambda p: (len(p), p))
    top: list[str] = []
    for path in paths:
        if not any(path.startswith(t) for t in top):
            top.append(path)
    return list(Unit.objects.filter(path__in=top).order_by("depth", "path"))


def report_drives(user: AnyUser, *, unit: Unit) -> QuerySet[Drive]:
    """Drives a unit's report may be narrowed to: drives of its subtree, and drives of the
    units above it (a district drive, seen from one of its mandals, gave there too)."""
    above = [unit.path[:n] for n in range(Unit.steplen, len(unit.path), Unit.steplen)]
    return (
        drives_for_user(user)
        .filter(Q(unit_path__subtree=unit.path) | Q(unit_path__in=above))
        .order_by("-starts_on", "-id")
    )


def drive_covers(drive: Drive, unit: Unit) -> bool:
    """Whether ``drive`` can have given anything in ``unit`` (a drive of the unit's subtree, or
    of a unit above it)."""
    return drive.unit_path.startswith(unit.path) or unit.path.startswith(drive.unit_path)


def report_drive(user: AnyUser, *, unit: Unit, uuid: Any) -> Drive | None:
    """The drive named by ``uuid`` among ``report_drives`` (None when none is asked)."""
    if uuid in (None, ""):
        return None
    try:
        drive = report_drives(user, unit=unit).filter(uuid=uuid).first()
    except (ValueError, ValidationError):
        drive = None
    if drive is None:
        raise ValidationError({"drive": [_("Choose one of the drives of this unit.")]})
    return drive


def report_period(
    *,
    start: str | date | None,
    end: str | date | None,
    drive: Drive | None = None,
    today: date | None = None,
) -> tuple[date, date]:
    """The first and last day of a report. Left empty: the drive's days, or the last week up to
    ``end``. Refused per field: a date that is not one, an end before the start, or a period
    longer than ``MAX_DAYS``."""
    errors: dict[str, list[str]] = {}
    first, last = _day(start, "start", errors), _day(end, "end", errors)
    if errors:
        raise ValidationError(errors)
    whole_drive = drive is not None and first is None and last is None
    if last is None:
        last = drive.ends_on if whole_drive and drive else today or timezone.localdate()
    if first is None:
        first = drive.starts_on if whole_drive and drive else last - timedelta(DEFAULT_DAYS - 1)
    if last < first:
        raise ValidationError({"end": [_("The last day cannot be before the first day.")]})
    if (last - first).days + 1 > MAX_DAYS:
        raise ValidationError(
            {"end": [_("Choose a period of at most %(days)s days.") % {"days": MAX_DAYS}]}
        )
    return first, last


def _day(raw: str | date | None, name: str, errors: dict[str, list[str]]) -> date | None:
    if raw is None or isinstance(raw, date):
        return raw
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        errors[name] = [_("Enter a valid date.")]
        return None


# --- Distributed: item × day × unit ------------------------------------------------------------


@dataclass(frozen=True)
class DistributedRow:
    item: Item
    day: date
    unit: Unit  # the child of the asked unit the grants were made in (or the unit itself)
    quantity: int
    grants: int


def distributed_by(
    user: AnyUser | None,
    *,
    unit: Unit,
    drive: Drive | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[DistributedRow]:
    """Quantities given by item × day × the unit's children (any level: pass the state for
    its regions, a district for its mandals). Grants made at the unit itself count for it.
    One grouped query, however many children the unit has."""
    prefix = Substr("unit_path", 1, len(unit.path) + Unit.steplen)
    rows: list[dict[str, Any]] = list(
        _grants(user, unit=unit, drive=drive, start=start, end=end)
        .annotate(part=prefix)
        .values("item_id", "given_on", "part")
        .annotate(quantity=Sum("quantity"), grants=Count("id"))
        .order_by("given_on", "part", "item_id")
    )
    items = Item.objects.in_bulk({r["item_id"] for r in rows})
    units = {u.path: u for u in Unit.objects.filter(path__in={r["part"] for r in rows})}
    return [
        DistributedRow(
            item=items[r["item_id"]],
            day=r["given_on"],
            unit=units[r["part"]],
            quantity=r["quantity"],
            grants=r["grants"],
        )
        for r in rows
        if r["part"] in units
    ]


@dataclass(frozen=True)
class Line:
    """One row of a table: what it is about, its cells and their sum."""

    key: Any  # an Item or a Unit
    cells: list[int]
    total: int


@dataclass
class Distributed:
    unit: Unit
    drive: Drive | None
    start: date
    end: date
    items: list[Item]  # items given in the period, by name
    days: list[date]  # the columns of ``by_day``
    by_day: list[Line]  # per item, the quantity given each day
    day_totals: list[int]  # grants per day (items do not add up across measures)
    by_unit: list[Line]  # per child unit (and the unit itself, if it gave), quantity per item
    item_totals: list[int]
    rows: list[DistributedRow]

    @property
    def grants(self) -> int:
        return sum(r.grants for r in self.rows)


def distributed_report(
    user: AnyUser | None,
    *,
    unit: Unit,
    drive: Drive | None = None,
    start: date,
    end: date,
) -> Distributed:
    """The two tables of the reports page: items × days for the unit's total, and the unit's
    children × items for the period. Every child is listed (a drill-down link each), those
    that gave nothing with zeros."""
    rows = distributed_by(user, unit=unit, drive=drive, start=start, end=end)
    items = sorted({r.item.pk: r.item for r in rows}.values(), key=lambda i: i.name)
    column = {item.pk: n for n, item in enumerate(items)}
    span = (end - start).days + 1
    days = (
        [start + timedelta(days=n) for n in range(span)]
        if span <= DAY_COLUMNS
        else sorted({r.day for r in rows})
    )
    day_index = {day: n for n, day in enumerate(days)}
    by_day = {item.pk: [0] * len(days) for item in items}
    day_totals = [0] * len(days)
    children = list(Unit.objects.get_children(unit))
    parts: dict[str, list[int]] = {u.path: [0] * len(items) for u in children}
    owners = {u.path: u for u in children}
    for r in rows:
        by_day[r.item.pk][day_index[r.day]] += r.quantity
        day_totals[day_index[r.day]] += r.grants
        if r.unit.path not in parts:  # the unit itself, or a child made since the query
            parts[r.unit.path] = [0] * len(items)
            owners[r.unit.path] = r.unit
        parts[r.unit.path][column[r.item.pk]] += r.quantity
    return Distributed(
        unit=unit,
        drive=drive,
        start=start,
        end=end,
        items=items,
        days=days,
        by_day=[Line(item, by_day[item.pk], sum(by_day[item.pk])) for item in items],
        day_totals=day_totals,
        by_unit=[Line(owners[p], cells, sum(cells)) for p, cells in sorted(parts.items())],
        item_totals=[sum(line[n] for line in parts.values()) for n in range(len(items))],
        rows=rows,
    )


# --- Served: households, people, categories ---------------------------------------------------


@dataclass
class Served:
    households: int = 0
    people: int = 0  # people served on their own (no household recorded)
    anonymous: int = 0  # cooked food and other counts without a name
    by_category: dict[str, int] = field(default_factory=dict)  # tag code -> recipients


def _ids(rows: QuerySet[Distribution], kind: str) -> QuerySet[Any]:
    """The household (``h``) or person (``p``) ids of the recipients, as a subquery."""
    return (
        rows.filter(recipient__startswith=kind)
        .annotate(rid=Cast(Substr("recipient", 2), IntegerField()))
        .values("rid")
    )


def served_by_category(
    user: AnyUser | None,
    *,
    unit: Unit,
    drive: Drive | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Served:
    """Households and people served, and how many of them fall in each priority category
    (a household counts once per category any member of it has, as a person's tag or as a
    beneficiary's category)."""
    rows = _grants(user, unit=unit, drive=drive, start=start, end=end)
    named = rows.exclude(recipient="")
    recipients = set(named.values_list("recipient", flat=True).distinct())
    served = Served(
        households=sum(r.startswith("h") for r in recipients),
        people=sum(r.startswith("p") for r in recipients),
        anonymous=int(rows.filter(recipient="").aggregate(s=Sum("quantity"))["s"] or 0),
    )
    if not recipients:
        return served
    homes, people = _ids(named, "h"), _ids(named, "p")
    tagged = Person.objects.filter(
        Q(household_id__in=homes) | Q(pk__in=people), tags__isnull=False
    ).values_list("household_id", "pk", "tags__code")
    listed = Beneficiary.objects.filter(
        Q(person__household_id__in=homes) | Q(person_id__in=people), categories__isnull=False
    ).values_list("person__household_id", "person_id", "categories__code")
    seen: dict[str, set[str]] = defaultdict(set)
    for home, pk, code in [*tagged, *listed]:
        seen[code].add(f"h{home}" if f"h{home}" in recipients else f"p{pk}")
    served.by_category = {code: len(who) for code, who in sorted(seen.items())}
    return served


def category_counts(served: Served) -> list[tuple[Tag, int]]:
    """The priority categories in form order with how many were served in each (zero too),
    then any other tag of those served."""
    tags = {
        t.code: t for t in Tag.objects.filter(code__in=[*PRIORITY_CATEGORIES, *served.by_category])
    }
    order = [c for c in PRIORITY_CATEGORIES if c in tags]
    order += sorted(c for c in served.by_category if c in tags and c not in order)
    return [(tags[c], served.by_category.get(c, 0)) for c in order]


# --- Stock position ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StockRow:
    store: Store
    item: Item
    quantity: int
    next_expiry: date | None
    minimum: int | None = None  # the store's warning level for the item, if one is set
    expiring: bool = False  # a batch has expired or expires within NEAR_EXPIRY_DAYS

    @property
    def low(self) -> bool:
        return self.minimum is not None and self.quantity <= self.minimum


def stock_position(
    user: AnyUser | None, *, unit: Unit | None = None, today: date | None = None
) -> list[StockRow]:
    """What every store in reach holds of each item (batches summed), with its warning level;
    an item with a warning level and nothing left is listed with 0."""
    today = today or timezone.localdate()
    rows = Balance.objects.filter(quantity__gt=0)
    levels = StockThreshold.objects.all()
    if user is not None:
        rows = rows.filter(path_filter(user, "store__unit_path"))
        levels = levels.filter(path_filter(user, "store__unit_path"))
    if unit is not None:
        rows = rows.filter(store__unit_path__subtree=unit.path)
        levels = levels.filter(store__unit_path__subtree=unit.path)
    held = {
        (r["store_id"], r["item_id"]): r
        for r in rows.values("store_id", "item_id").annotate(
            quantity=Sum("quantity"), next_expiry=Min("expires_on")
        )
    }
    minimum = {(s, i): m for s, i, m in levels.values_list("store_id", "item_id", "minimum")}
    keys = set(held) | set(minimum)
    stores = Store.objects.select_related("unit").in_bulk({s for s, _ in keys})
    items = Item.objects.in_bulk({i for _, i in keys})
    soon = today + timedelta(days=NEAR_EXPIRY_DAYS)
    found = []
    for key in keys:
        expiry = held[key]["next_expiry"] if key in held else None
        found.append(
            StockRow(
                store=stores[key[0]],
                item=items[key[1]],
                quantity=held[key]["quantity"] if key in held else 0,
                next_expiry=expiry,
                minimum=minimum.get(key),
                expiring=expiry is not None and expiry <= soon,
            )
        )
    return sorted(found, key=lambda r: (r.store.unit_path, r.store.name, r.item.name))


# --- The unit report as a workbook -------------------------------------------------------------


def report_xlsx(
    *,
    unit: Unit,
    drive: Drive | None = None,
    start: date,
    end: date,
    actor: User | None,
) -> bytes:
    """The reports page as a workbook: given by day, by unit, served, and stock. For the
    workers and editors of the unit (403 for a viewer); audited as an export."""
    if actor is not None:
        require_role(actor, unit, Role.WORKER)
    given = distributed_report(actor, unit=unit, drive=drive, start=start, end=end)
    served = served_by_category(actor, unit=unit, drive=drive, start=start, end=end)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Given by day")[:31]
    sheet.append([_("Item"), _("Measure"), *given.days, _("Total")])
    for line in given.by_day:
        sheet.append([line.key.name, line.key.get_measure_display(), *line.cells, line.total])
    units = book.create_sheet(_("Given by unit")[:31])
    units.append([_("Unit"), *(i.name for i in given.items)])
    for line in given.by_unit:
        units.append([line.key.name, *line.cells])
    units.append([_("Total"), *given.item_totals])
    people = book.create_sheet(_("Served")[:31])
    people.append([_("Households"), served.households])
    people.append([_("People on their own"), served.people])
    people.append([_("Counted without names"), served.anonymous])
    for tag, count in category_counts(served):
        people.append([str(tag), count])
    stock = book.create_sheet(_("Stock")[:31])
    stock.append(
        [_("Store"), _("Unit"), _("Item"), _("Quantity"), _("Warn at or below"), _("Expires")]
    )
    for row in stock_position(actor, unit=unit):
        stock.append(
            [
                row.store.name,
                row.store.unit.name,
                row.item.name,
                row.quantity,
                row.minimum,
                row.next_expiry,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    audit(
        actor=actor,
        unit=unit,
        action="relief.report_exported",
        target=unit,
        changes={
            "format": "xlsx",
            "drive": str(drive.uuid) if drive is not None else None,
            "start": start.isoformat(),
            "end": end.isoformat(),
        },
    )
    return out.getvalue()
