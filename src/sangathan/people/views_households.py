"""Household pages: a unit's households, adding one, changing one, and its members and head.

Like every people page, each view fetches through the access helpers (404 outside the user's
reach, 403 when the role is too low) and changes things only through services."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangathan.core.access import has_role
from sangathan.core.models import Role
from sangathan.core.views_common import AuthedRequest, page_of, unit_param
from sangathan.people.forms import HouseholdEditForm, HouseholdForm, HouseholdMembersForm
from sangathan.people.models import Household
from sangathan.people.selectors import (
    household_candidates,
    household_get_for_user,
    household_members,
    households_in,
)
from sangathan.people.services import household_create, household_set_members, household_update
from sangathan.people.views import choose_unit, person_row
from sangathan.units.forms import add_service_errors
from sangathan.units.selectors import breadcrumb_for_user


@require_GET
@login_required
def household_list(request: AuthedRequest) -> HttpResponse:
    within = unit_param(request, "within")
    page = page_of(households_in(request.user, within=within), request.GET.get("page"))
    context = {
        "within": within,
        "page": page,
        "crumbs": breadcrumb_for_user(request.user, within) if within is not None else [],
        "can_add": within is not None and has_role(request.user, within, Role.EDITOR),
    }
    return render(request, "people/households.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def household_new(request: AuthedRequest) -> HttpResponse:
    unit = unit_param(request, "unit", Role.EDITOR)
    if unit is None:
        return choose_unit(request, _("Add a household"), "people:household_new")
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            household = household_create(
                unit=unit,
                address=data["address"],
                locality=data["locality"],
                code=data["code"],
                size=data["size"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The household has been added."))
            return redirect("people:household", household.uuid)
    context = {"form": form, "unit": unit, "crumbs": breadcrumb_for_user(request.user, unit)}
    return render(request, "people/household_new.html", context)


def _household_page(
    request: AuthedRequest,
    household: Household,
    *,
    members_form: HouseholdMembersForm | None = None,
) -> HttpResponse:
    user = request.user
    is_editor = has_role(user, household.unit, Role.EDITOR)
    members = list(household_members(household).select_related("home_unit"))
    if members_form is None and is_editor:
        members_form = HouseholdMembersForm(
            candidates=household_candidates(household),
            initial={"members": members, "head": household.head},
        )
    context = {
        "household": household,
        "crumbs": breadcrumb_for_user(user, household.unit),
        "members": [person_row(user, p) for p in members],
        "is_editor": is_editor,
        "members_form": members_form,
    }
    return render(request, "people/household.html", context)


@require_GET
@login_required
def household_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    household = household_get_for_user(request.user, uuid=uuid)
    return _household_page(request, household)


@require_POST
@login_required
def household_members_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    household = household_get_for_user(request.user, uuid=uuid, role=Role.EDITOR)
    form = HouseholdMembersForm(request.POST, candidates=household_candidates(household))
    if form.is_valid():
        try:
            household_set_members(
                household=household,
                members=list(form.cleaned_data["members"]),
                head=form.cleaned_data["head"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The members of the household have been saved."))
            return redirect("people:household", household.uuid)
    return _household_page(request, household, members_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def household_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Change a household's address, number, size and head (one of its members)."""
    household = household_get_for_user(request.user, uuid=uuid, role=Role.EDITOR)
    members = household_members(household)
    if request.method == "POST":
        form = HouseholdEditForm(request.POST, members=members)
        if form.is_valid():
            data = form.cleaned_data
            try:
                household_update(
                    household=household,
                    address=data["address"],
                    locality=data["locality"],
                    code=data["code"],
                    size=data["size"],
                    head=data["head"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The household has been saved."))
                return redirect("people:household", household.uuid)
    else:
        form = HouseholdEditForm(initial=HouseholdEditForm.initial_for(household), members=members)
    context = {
        "form": form,
        "household": household,
        "crumbs": breadcrumb_for_user(request.user, household.unit),
    }
    return render(request, "people/household_edit.html", context)
