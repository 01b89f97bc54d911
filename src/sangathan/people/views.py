"""Pages of the people registry: the list and search, and the helpers the other people pages
share (how a person is shown, choosing a unit; the request type and paging, which every app
shares, are in ``core.views_common``). A person's page, adding, changing and moving people,
and consent are in ``views_person``; households in ``views_households``, duplicate review and
personal-data actions in ``views_review``.

Every view fetches through the access helpers (404 outside the user's reach, 403 when the role
is too low) and changes things only through services. Phones and ids are shown in full only to
editors of the person's unit, and each such view is recorded (``people.privacy``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sangathan.core.access import has_role, reach_of, units_visible
from sangathan.core.models import Role, User
from sangathan.core.views_common import AuthedRequest, Page, page_of, unit_param
from sangathan.lib.phones import phone_display, phone_mask
from sangathan.lib.text import clean_text
from sangathan.people import privacy, search
from sangathan.people.models import Person, RelationKind, Tag
from sangathan.people.selectors import (
    people_in,
)
from sangathan.units.models import Unit
from sangathan.units.selectors import breadcrumb_for_user, unit_search

SEARCH_LIMIT = 50


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


# --- Choosing the unit of a new record ------------------------------------------------------------


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
