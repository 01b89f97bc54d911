"""Pages of the people registry: the list and search, a person, adding, changing and moving
people, consent; and the helpers the other people pages share. Households are in
``views_households``, duplicate review and personal-data actions in ``views_review``.

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
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangathan.core.access import has_role, reach_of, unit_get_for_user, units_visible
from sangathan.core.models import Role, User
from sangathan.core.selectors import audit_action_display, audit_change_lines
from sangathan.lib.phones import phone_display, phone_mask
from sangathan.lib.text import clean_text
from sangathan.people import dedupe, privacy, search
from sangathan.people.forms import ConsentForm, PersonForm
from sangathan.people.models import Household, Person, PersonStatus, RelationKind, Tag
from sangathan.people.sections import person_sections
from sangathan.people.selectors import (
    consent_get_for_user,
    household_members,
    households_of_unit,
    people_in,
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
from sangathan.units.forms import add_service_errors
from sangathan.units.models import Unit
from sangathan.units.selectors import breadcrumb_for_user, unit_search

PER_PAGE = 50
SEARCH_LIMIT = 50


class AuthedRequest(HttpRequest):
    """Every view here needs a login; past ``login_required`` the user is an account."""

    user: User


def uuid_or_none(raw: str | None) -> UUID | None:
    """A UUID from a query or form value; None when it is missing or malformed."""
    try:
        return UUID(raw) if raw else None
    except ValueError:
        return None


def unit_param(request: AuthedRequest, name: str, role: str = Role.VIEWER) -> Unit | None:
    """The unit a ``?within=`` or ``?unit=`` names: None when absent, 404 when malformed or
    outside the user's reach."""
    raw = request.GET.get(name) or request.POST.get(name)
    if not raw:
        return None
    unit_uuid = uuid_or_none(raw)
    if unit_uuid is None:
        raise Http404
    return unit_get_for_user(request.user, uuid=unit_uuid, role=role)


def _render(
    request: AuthedRequest, full: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    """The partial for htmx, the whole page otherwise; caches must keep the two apart."""
    if request.headers.get("HX-Request") == "true":
        response = render(request, partial, context)
    else:
        response = render(request, full, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- How a person is shown ------------------------------------------------------------------


def relation_text(person: Person) -> str:
    """ "S/o Ram Prasad", "W/o ...": the relation the way a voter roll writes it."""
    name = person.relation_name
    if not name:
        return ""
    kind = person.relation_kind
    if kind in (RelationKind.FATHER, RelationKind.MOTHER):
        if person.gender == "F":
            # Translators: daughter of (D/o); in Hindi "पुत्री %(name)s".
            return _("D/o %(name)s") % {"name": name}
        if person.gender == "M":
            # Translators: son of (S/o); in Hindi "पुत्र %(name)s".
            return _("S/o %(name)s") % {"name": name}
        return _("Child of %(name)s") % {"name": name}
    if kind == RelationKind.HUSBAND:
        # Translators: wife of (W/o); in Hindi "पत्नी %(name)s".
        return _("W/o %(name)s") % {"name": name}
    return _("Relative: %(name)s") % {"name": name}


def other_script_name(person: Person) -> str:
    """The name in the script the interface is not in, when it differs from the shown one."""
    other = person.name_deva if translation.get_language() == "en" else person.name_latin
    return other if other and other != person.display_name else ""


def age_of(person: Person) -> int | None:
    if person.birth_year is None:
        return None
    return timezone.localdate().year - person.birth_year


def mask_id(value: str) -> str:
    """ABxxxxxx67: enough to tell two cards apart, not enough to use one."""
    if not value:
        return ""
    if len(value) <= 4:
        return "x" * len(value)
    return value[:2] + "x" * (len(value) - 4) + value[-2:]


@dataclass
class PersonRow:
    person: Person
    other_name: str
    relation: str
    age: int | None
    phone: str
    score: float | None = None


def person_row(user: User, person: Person, score: float | None = None) -> PersonRow:
    phone = person.phone
    return PersonRow(
        person=person,
        other_name=other_script_name(person),
        relation=relation_text(person),
        age=age_of(person),
        phone=phone_display(phone) if privacy.can_see_full(user, person) else phone_mask(phone),
        score=score,
    )


def view_full(person: Person, user: User) -> None:
    """Record that ``user`` saw ``person``'s full phones and ids."""
    privacy.person_view_full(person=person, actor=user)


# --- The list -------------------------------------------------------------------------------


@dataclass
class Page:
    """A page of a long list without counting it: a state holds crores of people."""

    rows: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def page_of(items: Any, raw: str | None, per_page: int = PER_PAGE) -> Page:
    try:
        number = max(1, int(raw or 1))
    except ValueError:
        number = 1
    start = (number - 1) * per_page
    rows = list(items[start : start + per_page + 1])
    return Page(rows=rows[:per_page], number=number, has_next=len(rows) > per_page)


def _unit_choices(user: User, within: Unit | None) -> list[Unit]:
    """Units to narrow the list to: the chosen one with the units above it that the user may
    open and those right under it; without one, the units of the user's grants."""
    if within is None:
        if reach_of(user).everything:
            return list(units_visible(user).filter(depth=1).select_related("level"))
        return [g.unit for g in user.grants.select_related("unit", "unit__level")]
    above = [u for u, can_open in breadcrumb_for_user(user, within) if can_open]
    below = list(
        Unit.objects.filter(path__subtree=within.path, depth=within.depth + 1)
        .select_related("level")
        .order_by("name_hi")
    )
    return above + below


@require_GET
@login_required
def people_list(request: AuthedRequest) -> HttpResponse:
    """Find a person by name in either script, phone or voter ID; without a query, the people
    of the chosen unit by name."""
    user = request.user
    within = unit_param(request, "within")
    query = clean_text(request.GET.get("q", ""))
    tag = Tag.objects.filter(code=request.GET.get("tag") or "").first()
    page: Page | None = None
    if query:
        hits = search.person_search(user, query, within=within, limit=SEARCH_LIMIT)
        if tag is not None:
            tagged = set(
                Person.objects.filter(pk__in=[h.person.pk for h in hits], tags=tag).values_list(
                    "pk", flat=True
                )
            )
            hits = [h for h in hits if h.person.pk in tagged]
        rows = [person_row(user, h.person, h.score) for h in hits]
    else:
        page = page_of(people_in(user, within=within, tag=tag), request.GET.get("page"))
        rows = [person_row(user, p) for p in page.rows]
    context = {
        "query": query,
        "within": within,
        "tag": tag,
        "tags": Tag.objects.all(),
        "rows": rows,
        "page": page,
        "unit_choices": _unit_choices(user, within),
        "crumbs": breadcrumb_for_user(user, within) if within is not None else [],
        "can_add": within is not None and has_role(user, within, Role.EDITOR),
    }
    return _render(request, "people/list.html", "people/_results.html", context)


# --- A person -------------------------------------------------------------------------------


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


def choose_unit(request: AuthedRequest, title: str, action: str) -> HttpResponse:
    """Pick the unit a new record goes into, by searching units the user edits."""
    query = request.GET.get("q", "")
    targets = [
        u
        for u in unit_search(request.user, query, limit=30)
        if has_role(request.user, u, Role.EDITOR)
    ]
    context = {
        "title": title,
        "action": action,
        "query": query,
        "targets": targets,
        "field_name": "unit",
        "method": "get",
    }
    return _render(request, "people/choose_unit.html", "people/_unit_choices.html", context)


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
