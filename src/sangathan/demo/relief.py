"""The demo's relief: weekend-lockdown drives in कानपुर महानगर उत्तर, as the seed report has
them (masks, sanitizer, medicine, ration and lunch packets for the needy on the Saturday and
Sunday of the lockdown).

A demo step like the others in ``sangathan.demo``: ``build(context)`` is idempotent. It needs
the organisation and the residents (households) built first. Everything goes through the
services, as the district office would do it:

- Last weekend's drive, recognised by its title: receipts at the district office, kits
  assembled, a transfer to two mandal collection points (one counted short, with the
  reason), the drive with its rules and points, the booth persona on duty, the drive
  started, a few hundred distributions over the two days with a shortage (the second point
  runs out of ration kits on Sunday), and the drive closed.
- This weekend's drive, from today to the coming Sunday, at the same two points: under way
  with nothing handed out yet, the booth persona on duty every day, so the point can be
  tried today. Its title names its days; a run on a later day finds it while it covers that
  day, and once it is over a run plans the next one and closes it, so a demo loaded again
  next week still has a drive to try.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

from sangathan.lib.pressnote import MONTHS_HI
from sangathan.people.models import Household, Person, Tag
from sangathan.people.services import tags_ensure_default
from sangathan.relief.beneficiaries import beneficiary_add
from sangathan.relief.catalogue import item_create, store_create, threshold_set
from sangathan.relief.distribution import distribution_record
from sangathan.relief.drives import (
    drive_create,
    drive_item_set,
    drive_set_status,
    duty_add,
    point_add,
)
from sangathan.relief.ledger import (
    LineSpec,
    kit_assemble,
    receipt_record,
    transfer_receive,
    transfer_send,
)
from sangathan.relief.models import (
    DistributionPoint,
    Drive,
    DriveStatus,
    Item,
    Measure,
    Shift,
    Store,
)
from sangathan.units.models import Unit

if TYPE_CHECKING:
    from sangathan.demo.context import DemoContext

DRIVE_TITLE = "लॉकडाउन सेवा: शनिवार-रविवार"
WEEKEND_TITLE_START = "लॉकडाउन सेवा: "
WEEKEND_NOTE = (
    "शासन द्वारा घोषित सप्ताहांत लॉकडाउन में ज़रूरतमंद परिवारों को राशन, मास्क और दवा; "
    "हर परिवार को एक राशन किट"
)
SEED = 2021

# code, Hindi, English, measure, perishable
ITEMS: list[tuple[str, str, str, str, bool]] = [
    ("atta", "आटा", "Atta", Measure.KG, False),
    ("dal", "दाल", "Dal", Measure.KG, False),
    ("oil", "सरसों का तेल", "Mustard oil", Measure.LITRE, False),
    ("salt", "नमक", "Salt", Measure.KG, False),
    ("mask", "मास्क", "Mask", Measure.PIECE, False),
    ("sanitizer", "सैनिटाइजर", "Sanitizer", Measure.BOTTLE, False),
    ("medicine-kit", "दवा किट", "Medicine kit", Measure.STRIP, True),
    ("lunch-packet", "लंच पैकेट", "Lunch packet", Measure.PACKET, False),
]
KIT = ("ration-kit", "राशन किट", "Ration kit", [("atta", 5), ("dal", 2), ("oil", 1), ("salt", 1)])


def last_weekend(today: date) -> tuple[date, date]:
    """The Saturday and Sunday of the last lockdown weekend that is over (never today)."""
    sunday = today - timedelta(days=(today.weekday() - 6) % 7 or 7)
    return sunday - timedelta(days=1), sunday


def this_weekend(today: date) -> tuple[date, date]:
    """The days of the drive under way: today to the coming Sunday (today alone on a Sunday)."""
    return today, today + timedelta(days=6 - today.weekday())


def weekend_title(first: date, last: date) -> str:
    """The title an office gives a drive, with its days: "लॉकडाउन सेवा: 28–29 नवंबर"."""
    if first == last:
        days = f"{first.day} {MONTHS_HI[first.month - 1]}"
    elif (first.year, first.month) == (last.year, last.month):
        days = f"{first.day}–{last.day} {MONTHS_HI[last.month - 1]}"
    else:
        days = f"{first.day} {MONTHS_HI[first.month - 1]}–{last.day} {MONTHS_HI[last.month - 1]}"
    return WEEKEND_TITLE_START + days


def _items() -> dict[str, Item]:
    found = {i.code: i for i in Item.objects.filter(code__in=[c for c, *_ in ITEMS] + [KIT[0]])}
    for code, hi, en, measure, perishable in ITEMS:
        if code not in found:
            found[code] = item_create(
                code=code, name_hi=hi, name_en=en, measure=measure, perishable=perishable
            )
    if KIT[0] not in found:
        found[KIT[0]] = item_create(
            code=KIT[0],
            name_hi=KIT[1],
            name_en=KIT[2],
            components=[(found[c], q) for c, q in KIT[3]],
        )
    return found


def _at(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def build(context: DemoContext) -> None:
    district = context.district
    today = timezone.localdate()
    last = Drive.objects.filter(unit=district, title=DRIVE_TITLE).first()
    if last is None:
        mandals = list(
            Unit.objects.filter(path__subtree=district.path, depth=district.depth + 1).order_by(
                "path"
            )[:2]
        )
        last = _last_weekend_drive(context, _items(), mandals, today)
    if not any(today <= d.ends_on for d in _weekend_drives(district, on_or_before=today)):
        stores = [p.store for p in last.points.select_related("store__unit").order_by("id")]
        _this_weekend_drive(context, _items(), stores, today)


def _weekend_drives(district: Unit, *, on_or_before: date) -> list[Drive]:
    """The demo's weekend drives begun by ``on_or_before``: those whose title names their own
    days, as ``weekend_title`` makes it (an operator's drive is never taken for one)."""
    candidates = Drive.objects.filter(
        unit=district, title__startswith=WEEKEND_TITLE_START, starts_on__lte=on_or_before
    )
    return [d for d in candidates if d.title == weekend_title(d.starts_on, d.ends_on)]


def _last_weekend_drive(
    context: DemoContext, items: dict[str, Item], mandals: list[Unit], today: date
) -> Drive:
    tags_ensure_default()
    district = context.district
    saturday, sunday = last_weekend(today)
    office = store_create(unit=district, name="जिला कार्यालय भंडार", actor=None)
    points = [store_create(unit=m, name=f"{m.name} संग्रह केंद्र", actor=None) for m in mandals]
    _stock_office(office, items, saturday)
    kit_assemble(store=office, kit=items["ration-kit"], count=160, actor=None)
    for n, store in enumerate(points):
        lines = [
            LineSpec(items["ration-kit"], 100 if n == 0 else 50),
            LineSpec(items["mask"], 600),
            LineSpec(items["sanitizer"], 100),
            LineSpec(items["medicine-kit"], 40),
            LineSpec(items["lunch-packet"], 300),
        ]
        transfer = transfer_send(from_store=office, to_store=store, lines=lines, actor=None)
        counted = {}
        reason = ""
        if n == 1:
            mask_line = transfer.lines.filter(item=items["mask"]).first()
            if mask_line is not None:
                counted[mask_line.uuid] = mask_line.sent - 20
                reason = "एक डिब्बा रास्ते में भीग गया"
        transfer_receive(transfer=transfer, received=counted, difference_reason=reason, actor=None)
        threshold_set(store=store, item=items["ration-kit"], minimum=10, actor=None)
        context.created["relief stores"] += 1
    context.created["relief stores"] += 1
    drive = drive_create(
        unit=district,
        title=DRIVE_TITLE,
        starts_on=saturday,
        ends_on=sunday,
        note="शासन द्वारा शनिवार व रविवार के लॉकडाउन के दौरान वितरण",
        actor=None,
    )
    drive_points = _plan(context, drive, items, points)
    # As the office ran it: under way for the hand-overs, closed once the weekend was over.
    drive_set_status(drive=drive, status=DriveStatus.ACTIVE, actor=None)
    context.created["relief drives"] += 1
    context.created["relief distributions"] += _distribute(
        drive, drive_points, items, (saturday, sunday)
    )
    drive_set_status(drive=drive, status=DriveStatus.CLOSED, actor=None)
    return drive


def _this_weekend_drive(
    context: DemoContext, items: dict[str, Item], stores: list[Store], today: date
) -> Drive:
    """Planned from the stock the points have left, under way, nothing handed out yet."""
    first, last = this_weekend(today)
    drive = drive_create(
        unit=context.district,
        title=weekend_title(first, last),
        starts_on=first,
        ends_on=last,
        note=WEEKEND_NOTE,
        actor=None,
    )
    _plan(context, drive, items, stores)
    drive_set_status(drive=drive, status=DriveStatus.ACTIVE, actor=None)
    context.created["relief drives"] += 1
    # The weekend before, left under way by an earlier run, is over: the office closes it.
    for over in _weekend_drives(context.district, on_or_before=today):
        if over.ends_on < today and over.status == DriveStatus.ACTIVE:
            drive_set_status(drive=over, status=DriveStatus.CLOSED, actor=None)
    return drive


def _plan(
    context: DemoContext, drive: Drive, items: dict[str, Item], stores: list[Store]
) -> list[DistributionPoint]:
    """The drive's items and rules, a point at each store, the booth persona on duty at the
    point of their mandal every day of the drive."""
    drive_item_set(drive=drive, item=items["ration-kit"], per_drive=1, actor=None)
    drive_item_set(drive=drive, item=items["mask"], per_day=5, actor=None)
    drive_item_set(drive=drive, item=items["sanitizer"], per_drive=2, actor=None)
    drive_item_set(drive=drive, item=items["medicine-kit"], per_drive=1, actor=None)
    drive_item_set(drive=drive, item=items["lunch-packet"], actor=None)
    points = [
        point_add(drive=drive, name=f"पॉइंट {n + 1}: {s.unit.name}", store=s, actor=None)
        for n, s in enumerate(stores)
    ]
    booth = _booth_person(context)
    if booth is not None and points:
        near = [p for p in points if booth.unit_path.startswith(p.unit.path)]
        day = drive.starts_on
        while day <= drive.ends_on:
            duty_add(
                point=(near or points)[0], person=booth, day=day, shift=Shift.FULL_DAY, actor=None
            )
            day += timedelta(days=1)
    return points


def _booth_person(context: DemoContext) -> Person | None:
    if not any(lg.username == "booth" for lg in context.logins):
        return None
    from sangathan.core.models import User

    user = User.objects.filter(username="booth").select_related("person").first()
    return user.person if user is not None else None


def _stock_office(office: Store, items: dict[str, Item], saturday: date) -> None:
    receipts = [
        ("atta", 800, "purchase", "कानपुर अनाज मंडी", "24000"),
        ("dal", 320, "donor", "व्यापार मंडल", None),
        ("oil", 160, "purchase", "कानपुर अनाज मंडी", "28800"),
        ("salt", 160, "donor", "व्यापार मंडल", None),
        ("mask", 1500, "donor", "जिला चिकित्सा प्रकोष्ठ", None),
        ("sanitizer", 200, "purchase", "मेडिकल स्टोर", "10000"),
        ("lunch-packet", 600, "donor", "अन्नपूर्णा रसोई", None),
    ]
    for code, qty, kind, source, value in receipts:
        receipt_record(
            store=office,
            item=items[code],
            quantity=qty,
            source_kind=kind,
            source=source,
            value=Decimal(value) if value else None,
            actor=None,
        )
    receipt_record(
        store=office,
        item=items["medicine-kit"],
        quantity=80,
        source_kind="donor",
        source="जिला चिकित्सा प्रकोष्ठ",
        batch="MK-2026-11",
        expires_on=saturday + timedelta(days=60),
        actor=None,
    )


def _distribute(
    drive: Drive, points: list[DistributionPoint], items: dict[str, Item], days: tuple[date, date]
) -> int:
    """A few hundred hand-overs. Households near each point; the second point's 50 kits run
    out on Sunday, and the refusals are simply not recorded (the summary shows the
    shortage)."""
    rng = random.Random(SEED)
    tags = {t.code: t for t in Tag.objects.all()}
    written = 0
    for point in points:
        homes = list(
            Household.objects.filter(unit_path__subtree=point.unit.path).order_by("id")[:70]
        )
        rng.shuffle(homes)
        for n, home in enumerate(homes):
            day = days[n % 2]
            at = _at(day, 10 + n % 6, (n * 7) % 60)
            head = Person.objects.filter(household=home).order_by("id").first()
            if head is not None and n % 4 == 0:
                code = rng.choice(["daily-wage", "elderly-alone", "domestic-worker", "disabled"])
                beneficiary_add(person=head, categories=[code] if code in tags else [], actor=None)
                if code in tags:
                    head.tags.add(tags[code])
            for code, qty in (("ration-kit", 1), ("mask", 4), ("sanitizer", 1)):
                try:
                    distribution_record(
                        drive=drive,
                        point=point,
                        item=items[code],
                        quantity=qty,
                        household=home,
                        given_at=at,
                        override_reason="परिवार पहचाना",
                        actor=None,
                    )
                    written += 1
                except ValidationError:
                    continue
        for day in days:
            try:
                distribution_record(
                    drive=drive,
                    point=point,
                    item=items["lunch-packet"],
                    quantity=120,
                    given_at=_at(day, 13, 0),
                    actor=None,
                )
                written += 1
            except ValidationError:
                continue
    return written
