"""Pages of the unit tree: a unit, search, vacancies and their export, appointments (levels
and posts are in ``views_settings``). Every view fetches through the access helpers (404 outside
the user's reach, 403 when the role is too low) and changes things only through services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangathan.core.access import has_role, unit_get_for_user
from sangathan.core.models import Role
from sangathan.core.views_common import AuthedRequest, uuid_or_none
from sangathan.lib.phones import phone_display, phone_mask
from sangathan.people.models import Person
from sangathan.people.selectors import people_visible, person_search
from sangathan.people.services import person_create
from sangathan.units.exports import XLSX_TYPE, vacancies_export
from sangathan.units.forms import (
    AppointForm,
    AppointmentEndForm,
    ChildUnitForm,
    UnitForm,
    add_service_errors,
)
from sangathan.units.models import Appointment, Level, PostType, Unit
from sangathan.units.sections import unit_sections
from sangathan.units.selectors import (
    appointment_get_for_user,
    appointment_history,
    breadcrumb_for_user,
    children_with_counts,
    is_top_admin,
    move_targets,
    office_bearers,
    unit_search,
    vacancy_by_child,
    vacancy_summary,
    vacant_units,
)
from sangathan.units.services import (
    appointment_create,
    appointment_end,
    unit_create,
    unit_may_rename,
    unit_move,
    unit_update,
)

VACANT_PER_PAGE = 50


def _is_htmx(request: AuthedRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _page(request: AuthedRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render a page of this app; the menu shows the settings pages to those who may use them."""
    context.setdefault("is_top_admin", is_top_admin(request.user))
    return render(request, template, context)


def _render(
    request: AuthedRequest, full: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    """The partial for htmx, the whole page otherwise; caches must keep the two apart."""
    if _is_htmx(request):
        response = render(request, partial, context)
    else:
        response = _page(request, full, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _can_edit_name(request: AuthedRequest, unit: Unit) -> bool:
    return unit_may_rename(request.user, unit)


# --- The unit page --------------------------------------------------------------------------


@dataclass
class BearerRow:
    appointment: Appointment
    phone: str
    end_form: AppointmentEndForm


def _unit_page(
    request: AuthedRequest,
    unit: Unit,
    *,
    appoint_form: AppointForm | None = None,
    end_form: tuple[Appointment, AppointmentEndForm] | None = None,
    child_form: ChildUnitForm | None = None,
    edit_form: UnitForm | None = None,
) -> HttpResponse:
    """The unit page, with any bound form that failed shown in place with its errors."""
    user = request.user
    is_editor = has_role(user, unit, Role.EDITOR)
    bearers = []
    for appointment in office_bearers(unit):
        phone = appointment.person.phone
        form = AppointmentEndForm(prefix=f"end-{appointment.uuid}")
        if end_form is not None and end_form[0].pk == appointment.pk:
            form = end_form[1]
        bearers.append(
            BearerRow(
                appointment=appointment,
                phone=phone_display(phone) if is_editor else phone_mask(phone),
                end_form=form,
            )
        )
    children, levels = children_with_counts(unit)
    can_edit_name = _can_edit_name(request, unit)
    context = {
        "unit": unit,
        "crumbs": breadcrumb_for_user(user, unit),
        "children": [(row.unit, row.count_list(levels)) for row in children],
        "bearers": bearers,
        "vacancies": vacancy_summary(unit),
        "sections": unit_sections(request, unit),
        "is_editor": is_editor,
        "is_admin": has_role(user, unit, Role.ADMIN),
        "is_top_admin": is_top_admin(user),
        "can_edit_name": can_edit_name,
        "history": appointment_history(unit)[:50] if is_editor else [],
        "appoint_form": appoint_form or (AppointForm(unit=unit) if is_editor else None),
        "child_form": child_form
        or (ChildUnitForm(parent=unit) if is_editor and unit.level.depth < _deepest() else None),
        "edit_form": edit_form
        or (
            UnitForm(
                prefix="edit",
                initial={"name_hi": unit.name_hi, "name_en": unit.name_en, "code": unit.code},
            )
            if can_edit_name
            else None
        ),
        "open_form": (
            "appoint"
            if appoint_form is not None
            else "child"
            if child_form is not None
            else "edit"
            if edit_form is not None
            else ""
        ),
    }
    return _page(request, "units/unit_detail.html", context)


def _deepest() -> int:
    last = Level.objects.order_by("-depth").first()
    return last.depth if last is not None else 0


@require_GET
@login_required
def unit_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    unit = unit_get_for_user(request.user, uuid=uuid)
    return _unit_page(request, unit)


@require_POST
@login_required
def appoint(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    unit = unit_get_for_user(request.user, uuid=uuid, role=Role.EDITOR)
    form = AppointForm(request.POST, unit=unit)
    if form.is_valid():
        data = form.cleaned_data
        try:
            # A person added here and their appointment stand or fall together.
            with transaction.atomic():
                person = _appointee(request, unit, form)
                appointment = appointment_create(
                    person=person,
                    post_type=data["post_type"],
                    unit=unit,
                    start_date=data["start_date"],
                    actor=request.user,
                )
        except ValidationError as exc:
            add_service_errors(form, exc, AppointForm.PERSON_FIELDS)
            if not form.candidates and data["person"]:
                # Keep the picked person ticked while the user fixes the rest.
                form.candidates = list(people_visible(request.user).filter(uuid=data["person"]))
        else:
            messages.success(
                request,
                _("%(person)s is now %(post)s of %(unit)s.")
                % {"person": person.name, "post": appointment.post_type.name, "unit": unit.name},
            )
            return redirect("units:detail", unit.uuid)
    return _unit_page(request, unit, appoint_form=form)


def _appointee(request: AuthedRequest, unit: Unit, form: AppointForm) -> Person:
    """The person the form names: added now, picked from the list, or found by the typed
    text. Raises ValidationError (on the form's fields) when that is not one person."""
    data = form.cleaned_data
    if data["new_name"] or data["new_phone"]:
        return person_create(
            name=data["new_name"],
            gender=data["new_gender"] or "U",
            phone=data["new_phone"],
            home_unit=unit,
            actor=request.user,
        )
    if data["person"]:
        person = people_visible(request.user).filter(uuid=data["person"]).first()
        if person is None:
            raise ValidationError({"person_query": _("Choose a person from the list.")})
        return person
    if not data["person_query"]:
        raise ValidationError(
            {"person_query": _("Choose a person, or give the name of a new person below.")}
        )
    found = person_search(request.user, data["person_query"], limit=10)
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(
            {"person_query": _("Nobody matches this name or phone; add the person below.")}
        )
    form.candidates = found
    raise ValidationError({"person_query": _("Several people match; choose one.")})


@require_GET
@login_required
def person_picker(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Autocomplete for the appoint form: people the user may see, as choices."""
    unit = unit_get_for_user(request.user, uuid=uuid, role=Role.EDITOR)
    query = request.GET.get("q") or request.GET.get("appoint-person_query") or ""
    people = person_search(request.user, query, limit=10)
    return render(
        request,
        "units/_person_choices.html",
        {"unit": unit, "people": [(p, phone_mask(p.phone)) for p in people], "query": query},
    )


@require_POST
@login_required
def appointment_end_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    appointment = appointment_get_for_user(request.user, uuid=uuid, role=Role.EDITOR)
    form = AppointmentEndForm(request.POST, prefix=f"end-{appointment.uuid}")
    if form.is_valid():
        try:
            appointment_end(
                appointment=appointment,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The appointment of %(person)s as %(post)s has ended.")
                % {"person": appointment.person.name, "post": appointment.post_type.name},
            )
            return redirect("units:detail", appointment.unit.uuid)
    return _unit_page(request, appointment.unit, end_form=(appointment, form))


@require_POST
@login_required
def child_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    unit = unit_get_for_user(request.user, uuid=uuid, role=Role.EDITOR)
    form = ChildUnitForm(request.POST, parent=unit)
    if form.is_valid():
        data = form.cleaned_data
        try:
            child = unit_create(
                level=data["level"],
                name_hi=data["name_hi"],
                name_en=data["name_en"],
                code=data["code"],
                parent=unit,
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(unit)s has been added.") % {"unit": child.name})
            return redirect("units:detail", unit.uuid)
    return _unit_page(request, unit, child_form=form)


@require_POST
@login_required
def unit_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    unit = unit_get_for_user(request.user, uuid=uuid)
    if not _can_edit_name(request, unit):
        raise PermissionDenied
    form = UnitForm(request.POST, prefix="edit")
    if form.is_valid():
        data = form.cleaned_data
        try:
            unit_update(
                unit=unit,
                name_hi=data["name_hi"],
                name_en=data["name_en"],
                code=data["code"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The unit has been saved."))
            return redirect("units:detail", unit.uuid)
    return _unit_page(request, unit, edit_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def unit_move_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Move a unit under another parent, picked by searching (htmx as you type)."""
    unit = unit_get_for_user(request.user, uuid=uuid, role=Role.ADMIN)
    error = ""
    if request.method == "POST":
        parent_uuid = uuid_or_none(request.POST.get("new_parent"))
        try:
            if parent_uuid is None:
                raise Http404
            new_parent = unit_get_for_user(request.user, uuid=parent_uuid, role=Role.ADMIN)
        except Http404:
            error = _("Choose the new parent unit from the list.")
        else:
            try:
                unit_move(unit=unit, new_parent=new_parent, actor=request.user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(
                    request,
                    _("%(unit)s is now under %(parent)s.")
                    % {"unit": unit.name, "parent": new_parent.name},
                )
                return redirect("units:detail", unit.uuid)
    query = request.GET.get("q", "")
    context = {
        "unit": unit,
        "crumbs": breadcrumb_for_user(request.user, unit),
        "query": query,
        "targets": move_targets(request.user, unit, query),
        "error": error,
    }
    return _render(request, "units/move.html", "units/_move_targets.html", context)


# --- Search ---------------------------------------------------------------------------------


@require_GET
@login_required
def search(request: AuthedRequest) -> HttpResponse:
    within = None
    if request.GET.get("within"):
        within_uuid = uuid_or_none(request.GET["within"])
        if within_uuid is None:
            raise Http404
        within = unit_get_for_user(request.user, uuid=within_uuid)
    query = request.GET.get("q", "")
    results = unit_search(request.user, query, within=within, limit=30)
    context = {"query": query, "within": within, "results": results}
    return _render(request, "units/search.html", "units/_search_results.html", context)


# --- Vacancies ------------------------------------------------------------------------------


def _chosen_post(request: AuthedRequest, unit: Unit) -> PostType | None:
    """The ``?post=`` of a vacancy page: a post on the unit's level or below, else 404."""
    raw = request.GET.get("post")
    if not raw:
        return None
    post_uuid = uuid_or_none(raw)
    post_type = (
        PostType.objects.select_related("level").filter(uuid=post_uuid).first()
        if post_uuid is not None
        else None
    )
    if post_type is None:
        raise Http404
    if post_type.level.depth < unit.level.depth:
        raise Http404
    return post_type


@require_GET
@login_required
def vacancies(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    unit = unit_get_for_user(request.user, uuid=uuid)
    post_type = _chosen_post(request, unit)
    context: dict[str, Any] = {
        "unit": unit,
        "crumbs": breadcrumb_for_user(request.user, unit),
        "summary": vacancy_summary(unit),
        "post_type": post_type,
    }
    if post_type is not None:
        context["by_child"] = vacancy_by_child(unit, post_type)
        context["vacant_page"] = Paginator(vacant_units(unit, post_type), VACANT_PER_PAGE).get_page(
            request.GET.get("page")
        )
    return _page(request, "units/vacancies.html", context)


@require_GET
@login_required
def vacancies_xlsx(request: AuthedRequest, uuid: UUID) -> FileResponse:
    unit = unit_get_for_user(request.user, uuid=uuid)
    post_type = _chosen_post(request, unit)
    export = vacancies_export(root=unit, post_type=post_type, actor=request.user)
    return FileResponse(
        export.file, as_attachment=True, filename=export.filename, content_type=XLSX_TYPE
    )
