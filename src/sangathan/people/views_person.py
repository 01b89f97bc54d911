"""Pages of a person: their page, adding, changing and moving them, and their consent.

Every view fetches through the access helpers (404 outside the user's reach, 403 when the role
is too low) and changes things only through services. Phones and ids are shown in full only to
editors of the person's unit, and each such view is recorded (``people.privacy``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangathan.core.access import has_role, reach_of, unit_get_for_user
from sangathan.core.models import Role, User
from sangathan.core.selectors import audit_action_display, audit_change_lines
from sangathan.core.views_common import AuthedRequest, unit_param, uuid_or_none
from sangathan.lib.phones import phone_display, phone_mask
from sangathan.people import dedupe
from sangathan.people.forms import ConsentForm, PersonForm
from sangathan.people.models import Household, Person, PersonStatus
from sangathan.people.sections import person_sections
from sangathan.people.selectors import (
    consent_get_for_user,
    household_members,
    households_of_unit,
    person_appointments,
    person_get_for_user,
    person_history,
)
from sangathan.people.services import (
    consent_record,
    consent_withdraw,
    person_create,
    person_move,
    person_set_household,
    person_update,
)
from sangathan.people.views import (
    _render,
    age_of,
    choose_unit,
    mask_id,
    person_row,
    relation_text,
    view_full,
)
from sangathan.units.forms import add_service_errors
from sangathan.units.selectors import breadcrumb_for_user, unit_search


@dataclass
class HistoryRow:
    when: Any
    who: str
    action: str
    changes: list[Any]


def _fields_shown(person: Person, full: bool) -> list[tuple[str, str]]:
    """(label, value) of the person's details, phones and ids masked unless ``full``."""
    show = phone_display if full else phone_mask
    ids = (lambda v: v) if full else mask_id
    aadhaar = ""
    if person.aadhaar_last4:
        aadhaar = "xxxx xxxx " + (person.aadhaar_last4 if full else "xx" + person.aadhaar_last4[2:])
    age = age_of(person)
    born = ""
    if person.birth_year is not None:
        born = _("%(year)s (about %(age)s years old)") % {"year": person.birth_year, "age": age}
    rows = [
        (_("Gender"), person.get_gender_display()),
        (_("Relation"), relation_text(person)),
        (_("Year of birth"), born),
        (_("Phone"), show(person.phone)),
        (_("Second phone"), show(person.phone2)),
        (_("Locality"), person.locality),
        (_("Address"), person.address),
        (_("Voter ID (EPIC)"), ids(person.voter_id)),
        (_("Ration card number"), ids(person.ration_card)),
        (_("Last 4 digits of Aadhaar"), aadhaar),
        (_("Source"), person.get_source_display()),
    ]
    return [(label, value) for label, value in rows if value]


def _person_page(
    request: AuthedRequest,
    person: Person,
    *,
    consent_form: ConsentForm | None = None,
) -> HttpResponse:
    """The person page, with a consent form that failed shown in place with its errors."""
    user = request.user
    unit = person.home_unit
    everything = reach_of(user).everything
    is_worker = everything or (unit is not None and has_role(user, unit, Role.WORKER))
    is_editor = everything or (unit is not None and has_role(user, unit, Role.EDITOR))
    is_admin = everything or (unit is not None and has_role(user, unit, Role.ADMIN))
    live = person.status in (PersonStatus.ACTIVE, PersonStatus.HELD)
    full = is_editor and person.status != PersonStatus.ERASED
    if full:
        view_full(person, user)
    household = person.household
    appointments = person_appointments(person)
    context: dict[str, Any] = {
        "person": person,
        "row": person_row(user, person),
        "crumbs": breadcrumb_for_user(user, unit) if unit is not None else [],
        "fields": _fields_shown(person, full),
        "tags": list(person.tags.all()),
        "household": household,
        "housemates": [
            person_row(user, p) for p in household_members(household) if p.pk != person.pk
        ]
        if household is not None
        else [],
        "consents": list(person.consents.select_related("recorded_by", "recorded_by__person")),
        "consent_form": (consent_form or ConsentForm()) if is_worker and live else None,
        "appointments_active": [a for a in appointments if a.is_active],
        "appointments_past": [a for a in appointments if not a.is_active],
        "sections": person_sections(request, person),
        "history": _history(person) if is_editor else [],
        "duplicates": _duplicates(user, person) if is_editor else [],
        "is_worker": is_worker,
        "is_editor": is_editor and live,
        "is_admin": is_admin and person.status != PersonStatus.ERASED,
        "open_form": "consent" if consent_form is not None else "",
    }
    return render(request, "people/detail.html", context)


def _history(person: Person) -> list[HistoryRow]:
    rows = []
    for entry in person_history(person):
        actor = entry.actor
        who = ""
        if actor is not None:
            who = actor.person.name if actor.person is not None else actor.username
        rows.append(
            HistoryRow(
                when=entry.created_at,
                who=who,
                action=audit_action_display(entry.action),
                changes=audit_change_lines(entry),
            )
        )
    return rows


@dataclass
class DuplicateRow:
    pair_uuid: UUID
    other: Person
    score: float
    band: str


def _duplicates(user: User, person: Person) -> list[DuplicateRow]:
    """Open pairs of the person that the user may decide (both records in their reach)."""
    pairs = dedupe.duplicates_for_user(user).filter(Q(person_a=person) | Q(person_b=person))
    return [
        DuplicateRow(
            pair_uuid=pair.uuid,
            other=pair.person_b if pair.person_a_id == person.pk else pair.person_a,
            score=pair.score,
            band=pair.get_band_display(),
        )
        for pair in pairs
    ]


@require_GET
@login_required
def person_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    person = person_get_for_user(request.user, uuid=uuid)
    return _person_page(request, person)


# --- Adding and changing a person -----------------------------------------------------------


def _living(person: Person) -> None:
    """Merged and erased records are history: they are not edited any more."""
    if person.status not in (PersonStatus.ACTIVE, PersonStatus.HELD):
        raise Http404


def _after_create(request: AuthedRequest, person: Person) -> None:
    """Look for the same person registered before; a probable duplicate is held for review."""
    dedupe.person_check_duplicates(person, actor=request.user)
    person.refresh_from_db(fields=["status"])
    if person.status == PersonStatus.HELD:
        messages.warning(
            request,
            _(
                "%(name)s has been added, but looks like someone already registered. The record "
                "is held until an editor reviews it; see the possible duplicates below."
            )
            % {"name": person.name},
        )
    else:
        messages.success(request, _("%(name)s has been added.") % {"name": person.name})


@require_http_methods(["GET", "POST"])
@login_required
def person_new(request: AuthedRequest) -> HttpResponse:
    unit = unit_param(request, "unit", Role.EDITOR)
    if unit is None:
        return choose_unit(request, _("Add a person"), "people:new")
    households = households_of_unit(unit)
    if request.method == "POST":
        form = PersonForm(request.POST, households=households)
        if form.is_valid():
            try:
                person = person_create(
                    home_unit=unit,
                    household=form.cleaned_data["household"],
                    details=form.person_fields(),
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                _after_create(request, person)
                return redirect("people:detail", person.uuid)
    else:
        form = PersonForm(households=households)
    context = {"form": form, "unit": unit, "crumbs": breadcrumb_for_user(request.user, unit)}
    return render(request, "people/edit.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    person = person_get_for_user(request.user, uuid=uuid, role=Role.EDITOR)
    _living(person)
    unit = person.home_unit
    households = households_of_unit(unit) if unit is not None else Household.objects.none()
    if request.method == "POST":
        form = PersonForm(request.POST, households=households)
        if form.is_valid():
            try:
                with transaction.atomic():
                    person_update(person=person, details=form.person_fields(), actor=request.user)
                    # The form offers only the unit's households: never a move.
                    person_set_household(
                        person=person,
                        household=form.cleaned_data["household"],
                        actor=request.user,
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("people:detail", person.uuid)
    else:
        # The form shows the full phones and ids: that is a view of the full record too.
        view_full(person, request.user)
        form = PersonForm(initial=PersonForm.initial_for(person), households=households)
    context = {
        "form": form,
        "person": person,
        "unit": unit,
        "crumbs": breadcrumb_for_user(request.user, unit) if unit is not None else [],
    }
    return render(request, "people/edit.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def person_move_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Give a person another home unit, picked by searching units the user edits."""
    user = request.user
    person = person_get_for_user(user, uuid=uuid, role=Role.EDITOR)
    _living(person)
    error = ""
    if request.method == "POST":
        target_uuid = uuid_or_none(request.POST.get("unit"))
        try:
            if target_uuid is None:
                raise Http404
            target = unit_get_for_user(user, uuid=target_uuid, role=Role.EDITOR)
        except Http404:
            error = _("Choose the new unit from the list.")
        else:
            try:
                person_move(person=person, home_unit=target, actor=user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(
                    request,
                    _("%(name)s now belongs to %(unit)s.")
                    % {"name": person.name, "unit": target.name},
                )
                return redirect("people:detail", person.uuid)
    query = request.GET.get("q", "")
    targets = [
        u
        for u in unit_search(user, query, limit=30)
        if u.pk != person.home_unit_id and has_role(user, u, Role.EDITOR)
    ]
    context = {
        "person": person,
        "query": query,
        "targets": targets,
        "field_name": "unit",
        "error": error,
        "crumbs": breadcrumb_for_user(user, person.home_unit) if person.home_unit else [],
    }
    return _render(request, "people/move.html", "people/_unit_choices.html", context)


# --- Consent --------------------------------------------------------------------------------


@require_POST
@login_required
def consent_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    person = person_get_for_user(request.user, uuid=uuid, role=Role.WORKER)
    _living(person)
    form = ConsentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            consent_record(
                person=person,
                purpose=data["purpose"],
                method=data["method"],
                given_on=data["given_on"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("people:detail", person.uuid)
    return _person_page(request, person, consent_form=form)


@require_POST
@login_required
def consent_withdraw_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    consent = consent_get_for_user(request.user, uuid=uuid, role=Role.WORKER)
    try:
        consent_withdraw(consent=consent, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The consent has been withdrawn."))
    return redirect("people:detail", consent.person.uuid)
