"""The distribution point page: what a volunteer on a cheap phone uses at the counter.

Look someone up by name (either script) or phone, see what their household already got in
this drive, hand over items, give anyway after a likely-duplicate warning (with a reason),
quick-add a newcomer (with their priority categories and who referred them; people who look
alike show up while the name is typed), set a person's categories, count cooked food
anonymously. The rules live in ``relief.distribution`` and ``relief.beneficiaries``; a refusal
is shown as its own sentences.

Without JavaScript every form still posts; only the look-ups as one types need it."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangathan.core.access import has_role, path_filter, units_visible
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.people.models import Person, PersonStatus
from sangathan.people.search import person_search
from sangathan.people.views import AuthedRequest
from sangathan.relief import selectors
from sangathan.relief.beneficiaries import (
    QuickAdd,
    beneficiary_add,
    beneficiary_quick_add,
    priority_categories,
)
from sangathan.relief.distribution import (
    LikelyDuplicate,
    distribution_record,
    recent_similar_grants,
)
from sangathan.relief.models import Beneficiary, Distribution, DistributionPoint, DriveItem, Item
from sangathan.units.models import Unit

SEARCH_LIMIT = 8
# Likely duplicates are looked up once this much of a name is typed: fewer letters match half
# the registry.
DUPLICATE_MIN_LETTERS = 3


def _point(request: AuthedRequest, uuid: UUID) -> DistributionPoint:
    """The point, 404 outside reach; 403 for a viewer who may not hand over here."""
    point = selectors.point_get_for_user(request.user, uuid=uuid)
    if not selectors.may_distribute(request.user, point):
        raise PermissionDenied(_("You may not hand over items at this point."))
    return point


def _point_url(point: DistributionPoint, person: Person | None = None) -> str:
    url = reverse("relief:point", args=[point.uuid])
    return f"{url}?person={person.uuid}" if person is not None else url


def _visible(request: AuthedRequest, raw: str | None) -> Person | None:
    """The person with this id if the user may see them. Someone held for duplicate review
    counts: a newcomer just added at the counter may be held, and is standing there."""
    try:
        key = UUID(raw or "")
    except ValueError:
        return None
    people = Person.objects.filter(
        path_filter(request.user, "unit_path"),
        status__in=[PersonStatus.ACTIVE, PersonStatus.HELD],
    )
    found: Person | None = people.select_related("household", "home_unit").filter(uuid=key).first()
    return found


def _person(request: AuthedRequest, raw: str | None) -> Person | None:
    """The chosen person, if the user may see them (else 404: same as unknown)."""
    if not raw:
        return None
    found = _visible(request, raw)
    if found is None:
        raise Http404
    return found


def _referrer(request: AuthedRequest) -> Person | None:
    """Who referred them, as picked from the search (empty: nobody); unknown is refused."""
    raw = request.POST.get("referred_by", "").strip()
    if not raw:
        return None
    found = _visible(request, raw)
    if found is None:
        raise ValidationError({"referred_by": [_("There is no such person in your units.")]})
    return found


def _already(point: DistributionPoint, person: Person) -> list[dict[str, Any]]:
    """What the person's household (or the person alone) got in this drive, per item."""
    rows = Distribution.objects.filter(drive=point.drive)
    if person.household_id:
        rows = rows.filter(recipient=f"h{person.household_id}")
    else:
        rows = rows.filter(recipient=f"p{person.pk}")
    totals = rows.values("item_id").annotate(total=Sum("quantity")).order_by("item_id")
    items = Item.objects.in_bulk([t["item_id"] for t in totals])
    return [{"item": items[t["item_id"]], "total": t["total"]} for t in totals]


def _quick_units(request: AuthedRequest, point: DistributionPoint) -> list[Unit]:
    """Units inside the drive where the user may enrol a newcomer (worker or better)."""
    return list(
        units_visible(request.user, Role.WORKER)
        .filter(path__subtree=point.drive.unit.path)
        .order_by("-depth", "name_hi")[:50]
    )


def _enrolment(request: AuthedRequest, person: Person) -> dict[str, Any]:
    """The person's beneficiary row (if enrolled) and whether the user may set it."""
    row = (
        Beneficiary.objects.filter(person=person)
        .select_related("unit", "referred_by")
        .prefetch_related("categories")
        .first()
    )
    unit = row.unit if row is not None else person.home_unit
    return {
        "beneficiary": row,
        "chosen_categories": {t.code for t in row.categories.all()} if row is not None else set(),
        "may_enrol": unit is not None and has_role(request.user, unit, Role.WORKER),
    }


def _render(
    request: AuthedRequest,
    point: DistributionPoint,
    person: Person | None,
    *,
    similar: list[Any] | None = None,
    pending: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    items = list(DriveItem.objects.filter(drive=point.drive).select_related("item").order_by("pk"))
    context = {
        "point": point,
        "drive": point.drive,
        "items": items,
        "person": person,
        "already": _already(point, person) if person is not None else [],
        "similar": similar or [],
        "pending": pending or {},
        "grant_uuid": uuid4(),
        "quick_units": _quick_units(request, point),
        "categories": priority_categories(),
        **(_enrolment(request, person) if person is not None else {}),
        "recent": Distribution.objects.filter(point=point)
        .select_related("item", "person", "household__head")
        .order_by("-given_at")[:10],
    }
    return render(request, "relief/point.html", context, status=status)


@require_GET
@login_required
def point_page(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    point = _point(request, uuid)
    return _render(request, point, _person(request, request.GET.get("person")))


@require_GET
@login_required
def point_search(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """htmx: people matching the typed name or phone, and anyone similar served today.

    ``for=referrer`` lists them to pick who referred a newcomer; ``for=add`` looks for people
    like the newcomer being typed in (``name`` and ``phone``) before they are added."""
    point = _point(request, uuid)
    purpose = request.GET.get("for", "")
    if purpose == "add":
        return _likely_duplicates(request, point)
    query = request.GET.get("q", "").strip()
    hits = (
        person_search(request.user, query, within=point.drive.unit, limit=SEARCH_LIMIT)
        if len(query) >= 2
        else []
    )
    if purpose == "referrer":
        context = {"point": point, "query": query, "hits": hits, "picking": True}
        return render(request, "relief/_point_hits.html", context)
    similar = recent_similar_grants(point.drive, name=query, point=point) if hits else []
    context = {"point": point, "query": query, "hits": hits, "similar": similar}
    return render(request, "relief/_point_hits.html", context)


def _likely_duplicates(request: AuthedRequest, point: DistributionPoint) -> HttpResponse:
    """People in the drive's units with the typed phone, or a name like the typed one."""
    name = clean_text(request.GET.get("name", ""))
    phone = clean_text(request.GET.get("phone", ""))
    found: dict[int, Person] = {}
    queries = []
    if len(name.replace(" ", "")) >= DUPLICATE_MIN_LETTERS:
        queries.append(name)
    if sum(c.isdigit() for c in phone) >= 10:
        queries.append(phone)
    for query in queries:
        for hit in person_search(
            request.user, query, within=point.drive.unit, limit=SEARCH_LIMIT, include_held=True
        ):
            found.setdefault(hit.person.pk, hit.person)
    context = {"point": point, "alike": list(found.values()), "looked": bool(queries)}
    return render(request, "relief/_point_alike.html", context)


def _quantity(raw: str | None) -> int:
    try:
        return int(raw or "1")
    except ValueError:
        return 0


@require_POST
@login_required
def point_give(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Hand over one item to the chosen person's household."""
    point = _point(request, uuid)
    person = _person(request, request.POST.get("person"))
    if person is None:
        raise Http404
    drive_item = (
        DriveItem.objects.filter(drive=point.drive, item__code=request.POST.get("item", ""))
        .select_related("item")
        .first()
    )
    if drive_item is None:
        messages.error(request, _("Choose an item of this drive."))
        return redirect(_point_url(point, person))
    try:
        grant = UUID(request.POST.get("grant", ""))
    except ValueError:
        grant = uuid4()
    quantity = _quantity(request.POST.get("quantity"))
    try:
        row = distribution_record(
            drive=point.drive,
            point=point,
            item=drive_item.item,
            quantity=quantity,
            person=person,
            uuid=grant,
            override_reason=request.POST.get("override_reason", ""),
            actor=request.user,
        )
    except LikelyDuplicate as exc:
        pending = {
            "item": drive_item.item,
            "quantity": quantity,
            "grant": grant,
            "reason": request.POST.get("override_reason", ""),
        }
        return _render(request, point, person, similar=exc.similar, pending=pending, status=409)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_point_url(point, person))
    messages.success(
        request,
        _("Handed over %(quantity)s %(item)s to %(name)s.")
        % {"quantity": row.quantity, "item": row.item.name, "name": person.name},
    )
    return redirect(_point_url(point, person))


@require_POST
@login_required
def point_count(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """An anonymous count (cooked food): no name, no rules, the stock still goes down."""
    point = _point(request, uuid)
    drive_item = (
        DriveItem.objects.filter(drive=point.drive, item__code=request.POST.get("item", ""))
        .select_related("item")
        .first()
    )
    if drive_item is None:
        messages.error(request, _("Choose an item of this drive."))
        return redirect(_point_url(point))
    try:
        row = distribution_record(
            drive=point.drive,
            point=point,
            item=drive_item.item,
            quantity=_quantity(request.POST.get("quantity")),
            actor=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Counted %(quantity)s %(item)s handed out.")
            % {"quantity": row.quantity, "item": row.item.name},
        )
    return redirect(_point_url(point))


@require_POST
@login_required
def point_quick_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Enrol a newcomer at the counter: a name and a phone or locality."""
    point = _point(request, uuid)
    units = {str(u.uuid): u for u in _quick_units(request, point)}
    unit = units.get(request.POST.get("unit", ""))
    if unit is None:
        unit = next(iter(units.values()), None)
    if unit is None:
        raise PermissionDenied(_("You may not add people in this drive's units."))
    details = QuickAdd(
        name=request.POST.get("name", ""),
        phone=request.POST.get("phone", ""),
        locality=request.POST.get("locality", ""),
        categories=request.POST.getlist("categories"),
    )
    try:
        beneficiary = beneficiary_quick_add(
            unit=unit, details=details, referred_by=_referrer(request), actor=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_point_url(point))
    messages.success(
        request, _("%(name)s was added. You can hand over now.") % {"name": details.name}
    )
    return redirect(_point_url(point, beneficiary.person))


@require_POST
@login_required
def point_enrol(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Set the chosen person's priority categories (and who referred them, if picked): a
    worker of their unit may."""
    point = _point(request, uuid)
    person = _person(request, request.POST.get("person"))
    if person is None:
        raise Http404
    try:
        beneficiary_add(
            person=person,
            categories=request.POST.getlist("categories"),
            referred_by=_referrer(request),
            actor=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved the categories of %(name)s.") % {"name": person.name})
    return redirect(_point_url(point, person))
