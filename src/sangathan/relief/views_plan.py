"""Planning relief in the browser: a new drive; a drive's plan (its status, the items it offers
with their rules per household, its distribution points and the duty roster); stores are
planned in ``views_plan_stores``.

Every write is one service of ``relief.drives`` or ``relief.catalogue``: the services check
who may do it and write the audit entry; a refusal comes back beside the field it is about.
A drive is planned by an editor of its unit (anyone else who may see it gets a 403), a store's
keepers are named by an editor of the store's unit; outside reach everything is a 404."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Min, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangathan.core.access import units_visible
from sangathan.core.models import Role, User
from sangathan.core.views_common import AuthedRequest, refused, unit_param
from sangathan.people.models import Person
from sangathan.people.search import person_search
from sangathan.people.selectors import people_visible
from sangathan.relief import selectors
from sangathan.relief.drives import (
    drive_create,
    drive_item_set,
    drive_next_statuses,
    drive_set_status,
    duty_add,
    duty_remove,
    point_add,
    point_update,
)
from sangathan.relief.forms_plan import (
    PICKER_DEPTH,
    PICKER_LIMIT,
    DriveForm,
    DriveItemForm,
    DutyForm,
    PointForm,
)
from sangathan.relief.models import (
    DistributionPoint,
    Drive,
    DriveItem,
    DriveStatus,
    Duty,
    Shift,
)
from sangathan.units.forms import add_service_errors
from sangathan.units.models import Unit

# Pickers offer the user's own units and two levels below them, not every booth of a state.
SEARCH_LIMIT = 8


# --- Helpers ----------------------------------------------------------------------------------


def editor_units(user: User) -> tuple[QuerySet[Unit], list[Unit]]:
    """Every unit the user edits (what a form accepts) and the shortlist it offers: the
    shallowest of them and two levels below."""
    units = units_visible(user, Role.EDITOR)
    top = units.aggregate(top=Min("depth"))["top"]
    if top is None:
        return units, []
    shortlist = list(
        units.filter(depth__lte=top + PICKER_DEPTH)
        .select_related("level")
        .order_by("path")[:PICKER_LIMIT]
    )
    return units, shortlist


def with_chosen(shortlist: list[Unit], chosen: Unit | None) -> list[Unit]:
    if chosen is not None and all(u.pk != chosen.pk for u in shortlist):
        return [chosen, *shortlist]
    return shortlist


def _next_weekend(today: date) -> tuple[date, date]:
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    if today.weekday() == 6:  # Sunday: this weekend is today alone
        return today, today
    return saturday, saturday + timedelta(days=1)


def editor_anywhere(user: User) -> bool:
    return units_visible(user, Role.EDITOR).exists()


def _plan_url(drive: Drive, anchor: str = "") -> str:
    url = reverse("relief:plan", args=[drive.uuid])
    return f"{url}#{anchor}" if anchor else url


def _planned_drive(request: AuthedRequest, uuid: UUID) -> Drive:
    """404 outside reach, 403 for someone who may see the drive but not plan it."""
    return selectors.drive_get_for_user(request.user, uuid=uuid, write=True)


# --- A new drive ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def drive_new(request: AuthedRequest) -> HttpResponse:
    """A drive of one of the editor's units (their own by default, or ``?unit=``)."""
    user = request.user
    units, shortlist = editor_units(user)
    if not shortlist:
        raise PermissionDenied(_("Only an editor of a unit can plan a relief drive."))
    chosen = unit_param(request, "unit", Role.EDITOR)
    shortlist = with_chosen(shortlist, chosen)
    if request.method == "POST":
        form = DriveForm(request.POST, units=units, shortlist=shortlist)
        if form.is_valid():
            data = form.cleaned_data
            try:
                drive = drive_create(
                    unit=data["unit"],
                    title=data["title"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    note=data["note"],
                    actor=user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The drive was created. Now add its items, points and volunteers."),
                )
                return redirect(_plan_url(drive))
        return render(request, "relief/plan_drive_new.html", {"form": form}, status=422)
    saturday, sunday = _next_weekend(timezone.localdate())
    initial = {"unit": (chosen or shortlist[0]).uuid, "starts_on": saturday, "ends_on": sunday}
    form = DriveForm(initial=initial, units=units, shortlist=shortlist)
    return render(request, "relief/plan_drive_new.html", {"form": form})


# --- The plan of a drive ----------------------------------------------------------------------

STATUS_ACTIONS: dict[tuple[str, str], Any] = {
    (DriveStatus.PLANNED, DriveStatus.ACTIVE): gettext_lazy("Start the drive"),
    (DriveStatus.CLOSED, DriveStatus.ACTIVE): gettext_lazy("Reopen the drive"),
    (DriveStatus.PLANNED, DriveStatus.CLOSED): gettext_lazy("Close the drive"),
    (DriveStatus.ACTIVE, DriveStatus.CLOSED): gettext_lazy("Close the drive"),
}


def _item_form(drive_item: DriveItem, data: Any = None) -> DriveItemForm:
    initial = {
        "item": drive_item.item.code,
        "per_drive": drive_item.per_drive,
        "per_day": drive_item.per_day,
        "min_interval_hours": drive_item.min_interval_hours,
    }
    return DriveItemForm(data, initial=initial, auto_id=f"item-{drive_item.pk}-%s")


def _new_item_form(drive: Drive, data: Any = None) -> DriveItemForm:
    offered = drive.items.values("item_id")
    offer = list(selectors.items_active().exclude(pk__in=offered).order_by("name_hi"))
    return DriveItemForm(data, offer=offer, auto_id="new-item-%s")


def _point_form(user: User, point: DistributionPoint, data: Any = None) -> PointForm:
    initial = {"name": point.name, "store": point.store.uuid, "unit": point.unit.uuid}
    return PointForm(
        data, initial=initial, user=user, drive=point.drive, auto_id=f"point-{point.uuid}-%s"
    )


def _duty_form(drive: Drive, data: Any = None) -> DutyForm:
    today = timezone.localdate()
    first = drive.points.order_by("name").first()
    initial = {
        "day": today if drive.starts_on <= today <= drive.ends_on else drive.starts_on,
        "shift": Shift.FULL_DAY,
        "point": first.uuid if first is not None else None,
    }
    return DutyForm(data, initial=initial, drive=drive, auto_id="duty-%s")


def _volunteers(user: User, drive: Drive, query: str) -> list[Person]:
    """People of the drive's units matching the typed name (either script) or phone."""
    if len(query.strip()) < 2:
        return []
    return [h.person for h in person_search(user, query, within=drive.unit, limit=SEARCH_LIMIT)]


def _plan_page(
    request: AuthedRequest,
    drive: Drive,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    bound = bound or {}
    offered = list(drive.items.select_related("item").order_by("pk"))
    points = list(
        drive.points.select_related("store__unit", "unit", "drive__unit").order_by("name")
    )
    duty_form = bound.get("duty") or _duty_form(drive)
    query = request.GET.get("person_query", "") or str(duty_form["person_query"].value() or "")
    context = {
        "drive": drive,
        "moves": [
            (status_to, STATUS_ACTIONS.get((drive.status, status_to), status_to))
            for status_to in drive_next_statuses(drive)
        ],
        "item_rows": [(di, bound.get(f"item-{di.item.code}") or _item_form(di)) for di in offered],
        "new_item": bound.get("item-new") or _new_item_form(drive),
        "point_rows": [(p, bound.get(f"point-{p.uuid}") or _point_form(user, p)) for p in points],
        "new_point": bound.get("point-new")
        or PointForm(user=user, drive=drive, auto_id="new-point-%s"),
        "duties": Duty.objects.filter(point__drive=drive)
        .select_related("point", "person", "person__home_unit")
        .order_by("day", "shift", "point__name", "pk"),
        "duty_form": duty_form,
        "person_query": query,
        "volunteers": _volunteers(user, drive, query),
        "chosen": str(duty_form["person"].value() or ""),
    }
    return render(request, "relief/plan_drive.html", context, status=status)


@require_GET
@login_required
def plan_page(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _plan_page(request, _planned_drive(request, uuid))


@require_GET
@login_required
def plan_people(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """htmx: volunteers of the drive's units matching the typed name, to choose one."""
    drive = _planned_drive(request, uuid)
    query = request.GET.get("person_query", "")
    context = {"volunteers": _volunteers(request.user, drive, query), "person_query": query}
    return render(request, "relief/plan_people.html", context)


@require_POST
@login_required
def plan_status(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    drive = _planned_drive(request, uuid)
    try:
        drive_set_status(drive=drive, status=request.POST.get("status", ""), actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("The drive is now: %(status)s.") % {"status": drive.get_status_display()},
        )
    return redirect(_plan_url(drive, "status"))


@require_POST
@login_required
def plan_item(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Offer an item with its rules, or change the rules of one already offered."""
    drive = _planned_drive(request, uuid)
    code = request.POST.get("item", "")
    existing = drive.items.select_related("item").filter(item__code=code).first()
    if existing is not None:
        key, form = f"item-{code}", _item_form(existing, request.POST)
    else:
        key, form = "item-new", _new_item_form(drive, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            drive_item_set(
                drive=drive,
                item=data["item"],
                per_drive=data["per_drive"],
                per_day=data["per_day"],
                min_interval_hours=data["min_interval_hours"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The rules for %(item)s are saved.") % {"item": data["item"].name}
            )
            return redirect(_plan_url(drive, "items"))
    return _plan_page(request, drive, bound={key: form}, status=422)


@require_POST
@login_required
def plan_point_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    drive = _planned_drive(request, uuid)
    form = PointForm(request.POST, user=request.user, drive=drive, auto_id="new-point-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            point = point_add(
                drive=drive,
                name=data["name"],
                store=data["store"],
                unit=data["unit"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The point %(name)s was added.") % {"name": point.name})
            return redirect(_plan_url(drive, "points"))
    return _plan_page(request, drive, bound={"point-new": form}, status=422)


@require_POST
@login_required
def plan_point_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Rename a point, or move it to another store or unit of the drive."""
    point = selectors.point_get_for_user(request.user, uuid=uuid)
    drive = _planned_drive(request, point.drive.uuid)
    form = _point_form(request.user, point, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            point_update(
                point=point,
                name=data["name"],
                store=data["store"],
                unit=data["unit"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The point %(name)s was saved.") % {"name": point.name})
            return redirect(_plan_url(drive, "points"))
    return _plan_page(request, drive, bound={f"point-{point.uuid}": form}, status=422)


def _volunteer(user: User, drive: Drive, raw: UUID | None, query: str) -> Person:
    """The person chosen from the list, or without JavaScript the only one the typed name
    finds in the drive's units."""
    if raw is not None:
        person = people_visible(user).filter(uuid=raw).first()
        if person is None:
            raise ValidationError({"person": [_("Choose a person from the list.")]})
        return person
    if not query.strip():
        raise ValidationError(
            {"person": [_("Type the volunteer's name and choose them from the list.")]}
        )
    found = person_search(user, query, within=drive.unit, limit=2)
    if len(found) == 1:
        return found[0].person
    if not found:
        raise ValidationError(
            {
                "person": [
                    _("Nobody in %(unit)s matches %(text)s.")
                    % {"unit": drive.unit.name, "text": query}
                ]
            }
        )
    raise ValidationError(
        {
            "person": [
                _("Several people match %(text)s; choose one from the list.") % {"text": query}
            ]
        }
    )


@require_POST
@login_required
def plan_duty_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    drive = _planned_drive(request, uuid)
    form = _duty_form(drive, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = _volunteer(request.user, drive, data["person"], data["person_query"])
            duty_add(
                point=data["point"],
                person=person,
                day=data["day"],
                shift=data["shift"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {"person": "person_query"})
        else:
            messages.success(
                request,
                _("%(name)s is on duty at %(point)s on %(day)s.")
                % {
                    "name": person.name,
                    "point": data["point"].name,
                    "day": date_format(data["day"], "D, j M"),
                },
            )
            return redirect(_plan_url(drive, "duty"))
    return _plan_page(request, drive, bound={"duty": form}, status=422)


@require_POST
@login_required
def plan_duty_remove(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    try:
        duty = Duty.objects.select_related("point__drive", "person").get(uuid=uuid)
    except Duty.DoesNotExist as exc:
        raise Http404 from exc
    drive = _planned_drive(request, duty.point.drive.uuid)
    duty_remove(duty=duty, actor=request.user)
    messages.success(
        request,
        _("%(name)s is no longer on duty at %(point)s on %(day)s.")
        % {
            "name": duty.person.name,
            "point": duty.point.name,
            "day": date_format(duty.day, "D, j M"),
        },
    )
    return redirect(_plan_url(drive, "duty"))
