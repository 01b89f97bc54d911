"""The distribution point page: what a volunteer on a cheap phone uses at the counter.

Look someone up by name (either script) or phone, see what their household already got in
this drive, hand over items, give anyway after a likely-duplicate warning (with a reason),
quick-add a newcomer (with their priority categories and who referred them; people who look
alike show up while the name is typed), set a person's categories, count cooked food
anonymously. The rules live in ``relief.distribution`` and ``relief.beneficiaries``; a refusal
is shown as its own sentences.

Without JavaScript every form still posts and the server asks what the look-ups would have
shown: a quick-add whose newcomer looks like someone registered comes back with them listed
(pick one, or confirm "none of these"), and who referred someone may be typed as a name or a
phone, one sure match taken, several offered to choose from.

Whom the counter may look up and hand over to is ``selectors.point_reach`` (a volunteer on
duty looks up the point's catchment); the look-ups themselves are in ``point_lookup``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangathan.core.access import has_role, units_visible
from sangathan.core.models import Role
from sangathan.core.views_common import AuthedRequest
from sangathan.people.models import Person
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
from sangathan.relief.point_lookup import (
    Referrer,
    people_alike,
    people_matching,
    person_cards,
    person_chosen,
    referrer_read,
)
from sangathan.relief.selectors import PointReach
from sangathan.units.models import Unit


def _point(request: AuthedRequest, uuid: UUID) -> DistributionPoint:
    """The point, 404 outside reach; 403 for a viewer who may not hand over here."""
    point = selectors.point_get_for_user(request.user, uuid=uuid)
    if not selectors.may_distribute(request.user, point):
        raise PermissionDenied(_("You may not hand over items at this point."))
    return point


def _reach(request: AuthedRequest, point: DistributionPoint) -> PointReach:
    return selectors.point_reach(request.user, point)


def _point_url(point: DistributionPoint, person: Person | None = None) -> str:
    url = reverse("relief:point", args=[point.uuid])
    return f"{url}?person={person.uuid}" if person is not None else url


@dataclass
class Newcomer:
    """The quick-add form as it was posted, shown again with what the server asks about."""

    name: str
    phone: str
    locality: str
    unit: str
    categories: list[str]
    referrer: Referrer
    alike: list[Person] = field(default_factory=list)
    # People alike already confirmed as someone else: kept when the form comes back with an
    # error, so a fixed phone number does not ask the same question again.
    confirmed: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)

    # The fields the form shows an error beside; any other error is shown above the form.
    FIELDS = ("name", "phone", "locality", "unit", "categories", "referred_by")

    @property
    def other_errors(self) -> list[str]:
        return [m for k, ms in self.errors.items() if k not in self.FIELDS for m in ms]


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


def _quick_units(request: AuthedRequest, reach: PointReach) -> list[Unit]:
    """Units where the user may enrol a newcomer (worker or better) inside what the point
    looks up: the newcomer is then found at the counter like everyone else."""
    return list(
        units_visible(request.user, Role.WORKER)
        .filter(path__subtree=reach.within.path)
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
    reach: PointReach,
    person: Person | None,
    *,
    similar: list[Any] | None = None,
    pending: dict[str, Any] | None = None,
    newcomer: Newcomer | None = None,
    enrolling: Referrer | None = None,
    status: int = 200,
) -> HttpResponse:
    items = list(DriveItem.objects.filter(drive=point.drive).select_related("item").order_by("pk"))
    context = {
        "point": point,
        "drive": point.drive,
        "items": items,
        "person": person,
        "card": person_cards(request.user, [person])[0] if person is not None else None,
        "already": _already(point, person) if person is not None else [],
        "similar": similar or [],
        "pending": pending or {},
        "grant_uuid": uuid4(),
        "quick_units": _quick_units(request, reach),
        "categories": priority_categories(),
        **(_enrolment(request, person) if person is not None else {}),
        "newcomer": newcomer,
        "alike_cards": person_cards(request.user, newcomer.alike) if newcomer else [],
        "enrolling": enrolling,
        # A handover of another day shows its date, not only its time.
        "today": timezone.localdate(),
        "recent": Distribution.objects.filter(point=point)
        .select_related("item", "person", "household__head")
        .order_by("-given_at")[:10],
    }
    if enrolling is not None:
        # The categories as ticked in the form that came back, not as stored.
        context["chosen_categories"] = set(request.POST.getlist("categories"))
    return render(request, "relief/point.html", context, status=status)


@require_GET
@login_required
def point_page(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    point = _point(request, uuid)
    reach = _reach(request, point)
    return _render(request, point, reach, person_chosen(reach, request.GET.get("person")))


@require_GET
@login_required
def point_search(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """htmx: people matching the typed name or phone, and anyone similar served today.

    ``for=referrer`` lists them to pick who referred a newcomer; ``for=add`` looks for people
    like the newcomer being typed in (``name`` and ``phone``) before they are added."""
    point = _point(request, uuid)
    reach = _reach(request, point)
    purpose = request.GET.get("for", "")
    if purpose == "add":
        return _likely_duplicates(request, point, reach)
    # The referrer box is a field of the form it posts with, hence its own name.
    query = (request.GET.get("q") or request.GET.get("referred_by_text") or "").strip()
    hits = people_matching(reach, query) if len(query) >= 2 else []
    if purpose == "referrer":
        context = {"point": point, "query": query, "hits": hits, "picking": True}
        return render(request, "relief/_point_hits.html", context)
    similar = recent_similar_grants(point.drive, name=query, point=point) if hits else []
    cards = person_cards(request.user, [h.person for h in hits])
    context = {"point": point, "query": query, "cards": cards, "similar": similar}
    return render(request, "relief/_point_hits.html", context)


def _likely_duplicates(
    request: AuthedRequest, point: DistributionPoint, reach: PointReach
) -> HttpResponse:
    alike, looked = people_alike(
        reach, name=request.GET.get("name", ""), phone=request.GET.get("phone", "")
    )
    context = {"point": point, "alike": person_cards(request.user, alike), "looked": looked}
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
    reach = _reach(request, point)
    person = person_chosen(reach, request.POST.get("person"))
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
        return _render(
            request, point, reach, person, similar=exc.similar, pending=pending, status=409
        )
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


def _unconfirmed(request: AuthedRequest, alike: list[Person]) -> bool:
    """Whether people alike stand in the way: "none of these, add as new" confirms only the
    people it was shown with, so someone alike found since is listed again, never skipped."""
    if not request.POST.get("confirm_new"):
        return bool(alike)
    seen = set(request.POST.getlist("alike_seen"))
    return any(str(p.uuid) not in seen for p in alike)


@require_POST
@login_required
def point_quick_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Enrol a newcomer at the counter: a name and a phone or locality. Nobody is added while
    people alike are unconfirmed or who referred them is unsettled: the form comes back as
    typed, with them to choose from."""
    point = _point(request, uuid)
    reach = _reach(request, point)
    units = {str(u.uuid): u for u in _quick_units(request, reach)}
    unit = units.get(request.POST.get("unit", ""))
    if unit is None:
        unit = next(iter(units.values()), None)
    if unit is None:
        raise PermissionDenied(_("You may not add people in this drive's units."))
    newcomer = Newcomer(
        name=request.POST.get("name", ""),
        phone=request.POST.get("phone", ""),
        locality=request.POST.get("locality", ""),
        unit=str(unit.uuid),
        categories=request.POST.getlist("categories"),
        referrer=referrer_read(request.POST, reach),
    )
    alike, _looked = people_alike(reach, name=newcomer.name, phone=newcomer.phone)
    if _unconfirmed(request, alike):
        newcomer.alike = alike
    if newcomer.alike or not newcomer.referrer.settled:
        status = 400 if newcomer.referrer.error else 409  # a mistake, or a question to answer
        return _render(request, point, reach, None, newcomer=newcomer, status=status)
    details = QuickAdd(
        name=newcomer.name,
        phone=newcomer.phone,
        locality=newcomer.locality,
        categories=newcomer.categories,
    )
    try:
        beneficiary = beneficiary_quick_add(
            unit=unit, details=details, referred_by=newcomer.referrer.person, actor=request.user
        )
    except ValidationError as exc:
        newcomer.errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        newcomer.confirmed = [str(p.uuid) for p in alike]
        return _render(request, point, reach, None, newcomer=newcomer, status=400)
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
    reach = _reach(request, point)
    person = person_chosen(reach, request.POST.get("person"))
    if person is None:
        raise Http404
    referrer = referrer_read(request.POST, reach)
    if not referrer.settled:
        status = 400 if referrer.error else 409
        return _render(request, point, reach, person, enrolling=referrer, status=status)
    try:
        beneficiary_add(
            person=person,
            categories=request.POST.getlist("categories"),
            referred_by=referrer.person,
            actor=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved the categories of %(name)s.") % {"name": person.name})
    return redirect(_point_url(point, person))
