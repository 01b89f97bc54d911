"""Relief numbers: grouped queries on ``unit_path`` (a district or state total is an indexed
prefix filter), always limited to the user's reach, and live (no cached totals).

The drive summary is also rendered as text for WhatsApp, a workbook and a Hindi PDF."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from sangathan.core.access import path_filter
from sangathan.core.audit import audit
from sangathan.lib.documents import Document, render_pdf
from sangathan.people.models import Person
from sangathan.relief.models import Balance, Distribution, Drive, Item, Store
from sangathan.units.models import Unit

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.core.models import User

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


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
    its regions, a district for its mandals). Grants made at the unit itself count for it."""
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


@dataclass
class Served:
    households: int = 0
    people: int = 0  # people served on their own (no household recorded)
    anonymous: int = 0  # cooked food and other counts without a name
    by_category: dict[str, int] = field(default_factory=dict)  # tag code -> recipients


def served_by_category(
    user: AnyUser | None,
    *,
    unit: Unit,
    drive: Drive | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Served:
    """Households and people served, and how many of them fall in each priority category
    (a household counts once per category any member of it has)."""
    rows = _grants(user, unit=unit, drive=drive, start=start, end=end)
    recipients = set(rows.exclude(recipient="").values_list("recipient", flat=True).distinct())
    served = Served(
        households=sum(r.startswith("h") for r in recipients),
        people=sum(r.startswith("p") for r in recipients),
        anonymous=int(rows.filter(recipient="").aggregate(s=Sum("quantity"))["s"] or 0),
    )
    homes = [int(r[1:]) for r in recipients if r.startswith("h")]
    people = [int(r[1:]) for r in recipients if r.startswith("p")]
    tagged = Person.objects.filter(Q(household_id__in=homes) | Q(pk__in=people)).values_list(
        "household_id", "pk", "tags__code"
    )
    seen: dict[str, set[str]] = defaultdict(set)
    for home, pk, code in tagged:
        if code:
            seen[code].add(f"h{home}" if home in homes else f"p{pk}")
    served.by_category = {code: len(who) for code, who in sorted(seen.items())}
    return served


@dataclass(frozen=True)
class StockRow:
    store: Store
    item: Item
    quantity: int
    next_expiry: date | None


def stock_position(user: AnyUser | None, *, unit: Unit | None = None) -> list[StockRow]:
    """What every store in reach holds of each item (batches summed)."""
    rows = Balance.objects.filter(quantity__gt=0)
    if user is not None:
        rows = rows.filter(path_filter(user, "store__unit_path"))
    if unit is not None:
        rows = rows.filter(store__unit_path__subtree=unit.path)
    grouped = list(
        rows.values("store_id", "item_id")
        .annotate(quantity=Sum("quantity"), next_expiry=_min_expiry())
        .order_by("store_id", "item_id")
    )
    stores = Store.objects.in_bulk({r["store_id"] for r in grouped})
    items = Item.objects.in_bulk({r["item_id"] for r in grouped})
    return [
        StockRow(
            store=stores[r["store_id"]],
            item=items[r["item_id"]],
            quantity=r["quantity"],
            next_expiry=r["next_expiry"],
        )
        for r in grouped
    ]


def _min_expiry() -> Any:
    from django.db.models import Min

    return Min("expires_on")


# --- The drive summary ------------------------------------------------------------------------


@dataclass
class Summary:
    drive: Drive
    items: list[tuple[Item, int, int]]  # item, quantity given, grants
    days: list[tuple[date, int]]  # day, grants
    points: list[tuple[str, int]]  # point name, grants
    served: Served
    left: list[tuple[str, Item, int]]  # point store, item offered, quantity left
    shortages: list[tuple[str, Item]]  # point store and offered item with nothing left


def drive_summary(drive: Drive, *, user: AnyUser | None = None) -> Summary:
    rows = _grants(user, drive=drive)
    item_rows = list(
        rows.values("item_id").annotate(q=Sum("quantity"), n=Count("id")).order_by("item_id")
    )
    items = Item.objects.in_bulk([r["item_id"] for r in item_rows])
    offered = [di.item for di in drive.items.select_related("item")]
    left: list[tuple[str, Item, int]] = []
    shortages: list[tuple[str, Item]] = []
    for point in drive.points.select_related("store"):
        for item in offered:
            qty = int(
                Balance.objects.filter(store=point.store, item=item).aggregate(s=Sum("quantity"))[
                    "s"
                ]
                or 0
            )
            left.append((point.store.name, item, qty))
            if qty == 0:
                shortages.append((point.store.name, item))
    return Summary(
        drive=drive,
        items=[(items[r["item_id"]], r["q"], r["n"]) for r in item_rows],
        days=[
            (r["given_on"], r["n"])
            for r in rows.values("given_on").annotate(n=Count("id")).order_by("given_on")
        ],
        points=[
            (r["point__name"], r["n"])
            for r in rows.values("point__name").annotate(n=Count("id")).order_by("point__name")
        ],
        served=served_by_category(user, unit=drive.unit, drive=drive),
        left=left,
        shortages=list(dict.fromkeys(shortages)),
    )


def summary_text(summary: Summary) -> str:
    """The summary as a WhatsApp message (plain text, *bold* headings)."""
    d = summary.drive
    lines = [
        f"*{d.title}*",
        _("%(unit)s, %(start)s to %(end)s")
        % {"unit": d.unit.name, "start": date_format(d.starts_on), "end": date_format(d.ends_on)},
        "",
        "*" + _("Given") + "*",
    ]
    lines += [
        f"• {item.name}: {qty} {item.get_measure_display()}" for item, qty, _n in summary.items
    ] or [_("Nothing has been given yet.")]
    s = summary.served
    lines += [
        "",
        _(
            "Households served: %(households)s. People served on their own: %(people)s. "
            "Without names (cooked food): %(anonymous)s."
        )
        % {"households": s.households, "people": s.people, "anonymous": s.anonymous},
    ]
    if summary.shortages:
        lines += ["", "*" + _("Run out") + "*"]
        lines += [f"• {store}: {item.name}" for store, item in summary.shortages]
    return "\n".join(lines)


def _table(summary: Summary) -> tuple[list[str], list[list[str]]]:
    header = [_("Item"), _("Quantity"), _("Grants")]
    return header, [[i.name, str(q), str(n)] for i, q, n in summary.items]


def summary_xlsx(*, drive: Drive, actor: User | None) -> bytes:
    """The summary as a workbook: what was given, by day and point, and what is left."""
    summary = drive_summary(drive, user=actor)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Given")[:31]
    header, rows = _table(summary)
    sheet.append(header)
    for row in rows:
        sheet.append([row[0], int(row[1]), int(row[2])])
    days = book.create_sheet(_("Days")[:31])
    days.append([_("Day"), _("Grants")])
    for day, n in summary.days:
        days.append([day, n])
    stock = book.create_sheet(_("Stock left")[:31])
    stock.append([_("Store"), _("Item"), _("Quantity")])
    for store, item, qty in summary.left:
        stock.append([store, item.name, qty])
    out = io.BytesIO()
    book.save(out)
    _audit_export(drive, actor, "xlsx")
    return out.getvalue()


def summary_pdf(*, drive: Drive, actor: User | None) -> bytes:
    """The summary as a PDF in the active language (Hindi by default)."""
    summary = drive_summary(drive, user=actor)
    document = Document(
        title=drive.title,
        subtitle=_("%(unit)s, %(start)s to %(end)s")
        % {
            "unit": drive.unit.name,
            "start": date_format(drive.starts_on),
            "end": date_format(drive.ends_on),
        },
        footer=drive.unit.name,
        page_label=_("Page %(page)s of %(pages)s"),
    )
    header, rows = _table(summary)
    document.heading(_("Given"))
    if rows:
        document.table(header, rows, widths=[5, 2, 2])
    else:
        document.paragraph(_("Nothing has been given yet."))
    s = summary.served
    document.paragraph(
        _(
            "Households served: %(households)s. People served on their own: %(people)s. "
            "Without names (cooked food): %(anonymous)s."
        )
        % {"households": s.households, "people": s.people, "anonymous": s.anonymous}
    )
    if summary.left:
        document.heading(_("Stock left"))
        document.table(
            [_("Store"), _("Item"), _("Quantity")],
            [[store, item.name, str(qty)] for store, item, qty in summary.left],
            widths=[4, 4, 2],
        )
    _audit_export(drive, actor, "pdf")
    return render_pdf(document)


def _audit_export(drive: Drive, actor: User | None, fmt: str) -> None:
    audit(
        actor=actor,
        unit=drive.unit,
        action="relief.summary_exported",
        target=drive,
        changes={"format": fmt},
    )
