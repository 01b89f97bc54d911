"""The people relief is for: enrolling a person of the registry as a beneficiary with their
priority categories and who referred them, or adding someone new at the point of distribution;
and the list of a drive's beneficiaries with what they received, for the page and the export
(phones in full only where the user is an editor; the export is audited)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from sangathan.core.access import has_role, reach_of, require_role
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.phones import phone_display, phone_mask
from sangathan.lib.text import clean_text
from sangathan.people.exporting import neutralise
from sangathan.people.models import Person, Source, Tag
from sangathan.people.search import person_search
from sangathan.people.services import PersonFields, person_create, tags_ensure_default
from sangathan.relief import selectors
from sangathan.relief.models import Beneficiary, Distribution, Drive, Item

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.core.models import User
    from sangathan.units.models import Unit

# The priority categories of relief, in the order a form offers them. All are people Tags; the
# last one is not among people's defaults and is made the first time it is needed.
PRIORITY_CATEGORIES = [
    "daily-wage",
    "elderly-alone",
    "domestic-worker",
    "disabled",
    "no-earning-member",
]
_RELIEF_TAGS = {"no-earning-member": ("कोई कमाने वाला नहीं", "No earning member")}


def priority_categories() -> list[Tag]:
    """The relief priority categories as Tags (made when missing), in form order."""
    tags_ensure_default()
    for code, (hi, en) in _RELIEF_TAGS.items():
        Tag.objects.get_or_create(code=code, defaults={"name_hi": hi, "name_en": en})
    found = {t.code: t for t in Tag.objects.filter(code__in=PRIORITY_CATEGORIES)}
    return [found[c] for c in PRIORITY_CATEGORIES if c in found]


def _tags(codes: Sequence[str]) -> list[Tag]:
    if set(codes) & set(PRIORITY_CATEGORIES):
        priority_categories()  # made on first use where the defaults were never set up
    tags = list(Tag.objects.filter(code__in=codes))
    if len(tags) != len(set(codes)):
        raise ValidationError({"categories": [_("Choose the categories from the list.")]})
    return tags


@transaction.atomic
def beneficiary_add(
    *,
    person: Person,
    unit: Unit | None = None,
    categories: Sequence[str] | None = None,
    referred_by: Person | None = None,
    note: str = "",
    actor: User | None,
) -> Beneficiary:
    """Mark a person of the registry as someone relief is for (worker of their unit).

    Adding them again sets their categories to ``categories`` (``None`` leaves them) and, when
    given, who referred them; the unit stays the one they were first enrolled in."""
    row = Beneficiary.objects.select_for_update().filter(person=person).first()
    if row is not None:
        unit = row.unit
    unit = unit or person.home_unit
    if unit is None:
        raise ValidationError({"unit": [_("Choose the person's unit.")]})
    if actor is not None:
        require_role(actor, unit, Role.WORKER)
    if referred_by is not None and referred_by.pk == person.pk:
        raise ValidationError({"referred_by": [_("Someone cannot refer themselves.")]})
    tags = _tags(categories or ())
    if row is None:
        row = Beneficiary.objects.create(
            person=person,
            unit=unit,
            unit_path=unit.path,
            referred_by=referred_by,
            note=clean_text(note)[:300],
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        if tags:
            row.categories.set(tags)
        audit(
            actor=actor,
            unit=unit,
            action="relief.beneficiary_added",
            target=person,
            changes={
                "categories": sorted(t.code for t in tags),
                "referred_by": referred_by.name if referred_by else None,
            },
        )
        return row
    changes: dict[str, list[Any]] = {}
    if categories is not None:
        old = sorted(row.categories.values_list("code", flat=True))
        new = sorted(t.code for t in tags)
        if old != new:
            row.categories.set(tags)
            changes["categories"] = [old, new]
    if referred_by is not None and row.referred_by_id != referred_by.pk:
        was = row.referred_by.name if row.referred_by is not None else None
        row.referred_by = referred_by
        row.save(update_fields=["referred_by"])
        changes["referred_by"] = [was, referred_by.name]
    if changes:
        audit(
            actor=actor,
            unit=unit,
            action="relief.beneficiary_updated",
            target=person,
            changes=changes,
        )
    return row


@dataclass
class QuickAdd:
    """What a counter types at the point: a name in either script and a phone or locality."""

    name: str
    phone: str = ""
    locality: str = ""
    gender: str = "U"
    categories: Sequence[str] = ()


@transaction.atomic
def beneficiary_quick_add(
    *,
    unit: Unit,
    details: QuickAdd,
    referred_by: Person | None = None,
    uuid: UUID | None = None,
    actor: User | None,
) -> Beneficiary:
    """A new person at the point (``people.services.person_create``: the duplicate checks run
    on it) enrolled as a beneficiary. Needs a phone or a locality to find them again.

    The person's creation is the worker's own (audited with them as the actor, source "field
    app"): ``person_create`` lets a worker of ``unit`` do it here, and only here."""
    if not clean_text(details.phone) and not clean_text(details.locality):
        raise ValidationError({"phone": [_("Give a phone number or a locality.")]})
    person = person_create(
        details=PersonFields(
            name=details.name,
            phone=details.phone,
            locality=details.locality,
            gender=details.gender,
        ),
        home_unit=unit,
        uuid=uuid,
        source=Source.FIELD,
        source_detail="relief",
        actor=actor,
        min_role=Role.WORKER,
    )
    from sangathan.people.dedupe import person_check_duplicates

    person_check_duplicates(person, actor=actor)
    return beneficiary_add(
        person=person,
        unit=unit,
        # An upload sent again (same ``uuid``) without categories leaves the ones set since.
        categories=list(details.categories) or None,
        referred_by=referred_by,
        actor=actor,
    )


# --- The list of a drive's beneficiaries ------------------------------------------------------

# A name search brings at most this many people; the list is for finding someone, not a census.
SEARCH_LIMIT = 200


@dataclass
class BeneficiaryRow:
    """One enrolled person as the list and the export show them."""

    beneficiary: Beneficiary
    phone: str  # in full for an editor of their unit, masked (98xxxxxx10) otherwise
    categories: list[Tag]
    received: list[tuple[Item, int]]  # what their household (or they) got in the drive

    @property
    def person(self) -> Person:
        return self.beneficiary.person

    @property
    def received_text(self) -> str:
        return "; ".join(f"{item.name} {total}" for item, total in self.received)


def beneficiaries_of_drive(
    user: AnyUser, *, drive: Drive, unit: Unit, category: str = "", query: str = ""
) -> QuerySet[Beneficiary]:
    """People enrolled in ``unit`` (the drive's unit or one inside it) within the user's reach,
    with a category, or whose name (either script) or phone matches ``query``."""
    if not unit.path.startswith(drive.unit.path):
        raise ValidationError({"unit": [_("Choose a unit of this drive.")]})
    rows = selectors.beneficiaries_for_user(user, unit=unit).select_related("unit")
    if category:
        rows = rows.filter(categories__code=category)
    if clean_text(query):
        hits = person_search(user, query, within=unit, limit=SEARCH_LIMIT, include_held=True)
        rows = rows.filter(person_id__in=[h.person.pk for h in hits])
    return rows.order_by("person__name", "pk")


def _recipient(person: Person) -> str:
    # How ``relief.distribution`` keys a grant: the household, or the person alone.
    return f"h{person.household_id}" if person.household_id else f"p{person.pk}"


def beneficiary_rows(
    user: AnyUser | None, *, drive: Drive, beneficiaries: Iterable[Beneficiary]
) -> list[BeneficiaryRow]:
    """The rows for a page (or a chunk) of beneficiaries: phones shown by the user's role at
    each one's unit, categories, and what their household received in ``drive``."""
    chunk = list(beneficiaries)
    keys = {_recipient(b.person) for b in chunk}
    totals = (
        Distribution.objects.filter(drive=drive, recipient__in=keys)
        .values("recipient", "item_id")
        .annotate(total=Sum("quantity"))
        .order_by("recipient", "item_id")
    )
    items = Item.objects.in_bulk({t["item_id"] for t in totals})
    received: dict[str, list[tuple[Item, int]]] = {}
    for t in totals:
        received.setdefault(t["recipient"], []).append((items[t["item_id"]], t["total"]))
    reach = reach_of(user) if user is not None else None
    editor = Role.rank(Role.EDITOR)
    rows = []
    for b in chunk:
        role = reach.role_at(b.unit_path) if reach is not None else Role.ADMIN
        full = role is not None and Role.rank(role) >= editor
        phone = b.person.phone
        shown = (phone_display(phone) if full else phone_mask(phone)) if phone else ""
        categories = sorted(b.categories.all(), key=lambda t: _ORDER.get(t.code, 99))
        rows.append(BeneficiaryRow(b, shown, categories, received.get(_recipient(b.person), [])))
    return rows


_ORDER = {code: i for i, code in enumerate(PRIORITY_CATEGORIES)}
_CHUNK = 500
EXPORT_FORMATS = ("csv", "xlsx")


def _export_header() -> list[str]:
    return [
        _("Name"),
        _("Phone"),
        _("Unit"),
        _("Locality"),
        _("Priority categories"),
        _("Referred by"),
        _("Received in this drive"),
        _("Enrolled on"),
    ]


def _export_rows(user: User, drive: Drive, rows: QuerySet[Beneficiary]) -> Iterator[list[Any]]:
    yield _export_header()
    # In the page's order (by name), a chunk at a time: the ids first, then whole rows.
    ids = list(rows.values_list("pk", flat=True))
    for start in range(0, len(ids), _CHUNK):
        wanted = ids[start : start + _CHUNK]
        found = rows.order_by().in_bulk(wanted)
        chunk = [found[pk] for pk in wanted if pk in found]
        for row in beneficiary_rows(user, drive=drive, beneficiaries=chunk):
            person = row.person
            cells = [
                person.name,
                row.phone,
                row.beneficiary.unit.name,
                person.locality or (person.household.address if person.household else ""),
                ", ".join(str(t) for t in row.categories),
                row.beneficiary.referred_by.name if row.beneficiary.referred_by else "",
                row.received_text,
                row.beneficiary.created_at.date().isoformat(),
            ]
            yield [neutralise(c) for c in cells]


def beneficiaries_export(
    *,
    drive: Drive,
    unit: Unit,
    category: str = "",
    query: str = "",
    fmt: str,
    actor: User,
) -> bytes:
    """The list (same filters as the page) as CSV (UTF-8 with a BOM, for Excel) or XLSX, for
    an editor of ``unit``; audited with its filters and count."""
    if fmt not in EXPORT_FORMATS:
        raise ValidationError({"format": [_("Choose CSV or Excel.")]})
    if not has_role(actor, unit, Role.EDITOR):
        raise PermissionDenied(
            _("Only an editor of %(unit)s can download this list.") % {"unit": unit.name}
        )
    rows = beneficiaries_of_drive(actor, drive=drive, unit=unit, category=category, query=query)
    count = rows.count()
    lines = _export_rows(actor, drive, rows)
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows(lines)
        body = buffer.getvalue().encode("utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("beneficiaries")
        for line in lines:
            sheet.append(line)
        out = io.BytesIO()
        book.save(out)
        body = out.getvalue()
    audit(
        actor=actor,
        unit=unit,
        action="relief.beneficiaries_exported",
        target=drive,
        changes={"format": fmt, "count": count, "category": category, "query": query},
    )
    return body
