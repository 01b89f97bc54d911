"""A drive's summary: what was given, by day and point, who was served, what is left at the
points' stores; also as text for WhatsApp, a workbook and a Hindi PDF."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from sangathan.core.audit import audit
from sangathan.lib.documents import Document, render_pdf
from sangathan.relief.models import Balance, Drive, Item
from sangathan.relief.reports.unit import Served, _grants, served_by_category

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.core.models import User


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
