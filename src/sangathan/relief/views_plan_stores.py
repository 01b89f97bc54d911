"""Planning stores in the browser: the list of stores with a new store, and a store's keepers
and low-stock warnings (a section of the store page, ``relief/_store_settings.html``). Keepers
are named by an editor of the store's unit; outside reach everything is a 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Min
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangathan.core.access import has_role
from sangathan.core.models import Role, User
from sangathan.core.views_common import AuthedRequest, page_of, refused, unit_param, uuid_or_none
from sangathan.relief import selectors
from sangathan.relief.catalogue import store_create, store_set_keepers, threshold_set
from sangathan.relief.forms_plan import StoreForm
from sangathan.relief.models import (
    Store,
)
from sangathan.relief.views_plan import editor_anywhere, editor_units, with_chosen
from sangathan.units.forms import add_service_errors

KEEPER_CHOICES = 100
STORES_PER_PAGE = 50


# --- Stores -----------------------------------------------------------------------------------


@require_GET
@login_required
def store_list(request: AuthedRequest) -> HttpResponse:
    """The stores of the user's units (and those they keep)."""
    user = request.user
    stores = selectors.stores_for_user(user).order_by("unit_path", "name")
    page = page_of(stores, request.GET.get("page"), STORES_PER_PAGE)
    context = {"page": page, "stores": page.rows, "may_open": editor_anywhere(user)}
    return render(request, "relief/plan_stores.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def store_new(request: AuthedRequest) -> HttpResponse:
    """Open a store of one of the editor's units."""
    user = request.user
    units, shortlist = editor_units(user)
    if not shortlist:
        raise PermissionDenied(_("Only an editor of a unit can open a store."))
    chosen = unit_param(request, "unit", Role.EDITOR)
    shortlist = with_chosen(shortlist, chosen)
    if request.method == "POST":
        form = StoreForm(request.POST, units=units, shortlist=shortlist)
        if form.is_valid():
            data = form.cleaned_data
            try:
                store = store_create(
                    unit=data["unit"], name=data["name"], address=data["address"], actor=user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The store %(name)s was opened. Name its keepers below.")
                    % {"name": store.name},
                )
                return redirect(reverse("relief:store", args=[store.uuid]) + "#store-settings")
        return render(request, "relief/plan_store_new.html", {"form": form}, status=422)
    form = StoreForm(
        initial={"unit": (chosen or shortlist[0]).uuid}, units=units, shortlist=shortlist
    )
    return render(request, "relief/plan_store_new.html", {"form": form})


def _keeper_candidates(store: Store) -> list[User]:
    """Accounts of the store's unit and the units below it (nearest first), and whoever
    keeps it now."""
    near = (
        User.objects.filter(is_active=True, grants__unit__path__subtree=store.unit_path)
        .annotate(depth=Min("grants__unit__depth"))
        .select_related("person")
        .order_by("depth", "username")[:KEEPER_CHOICES]
    )
    found: dict[int, User] = {u.pk: u for u in near}
    for keeper in store.keepers.select_related("person"):
        found.setdefault(keeper.pk, keeper)
    return list(found.values())


def store_settings(user: User, store: Store) -> dict[str, Any]:
    """What the store page's settings section shows the user (``relief/_store_settings.html``)."""
    may_name = has_role(user, store.unit, Role.EDITOR)
    may_warn = selectors.may_keep(user, store)
    keepers = list(store.keepers.select_related("person").order_by("username"))
    keeper_pks = {k.pk for k in keepers}
    return {
        "may_name": may_name,
        "may_warn": may_warn,
        "keepers": keepers,
        "candidates": [(u, u.pk in keeper_pks) for u in _keeper_candidates(store)]
        if may_name
        else [],
        "thresholds": list(store.thresholds.select_related("item").order_by("item__name_hi")),
        "items": list(selectors.items_active().order_by("name_hi")) if may_warn else [],
    }


def _back(store: Store) -> HttpResponse:
    return redirect(reverse("relief:store", args=[store.uuid]) + "#store-settings")


@require_POST
@login_required
def store_keepers(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Name the store's keepers from the accounts of its unit (editor of the unit)."""
    store = selectors.store_get_for_user(request.user, uuid=uuid)
    if not has_role(request.user, store.unit, Role.EDITOR):
        raise PermissionDenied(
            _("Only an editor of %(unit)s can name the keepers of this store.")
            % {"unit": store.unit.name}
        )
    candidates = {u.uuid: u for u in _keeper_candidates(store)}
    wanted = [uuid_or_none(raw) for raw in request.POST.getlist("keepers")]
    if any(key not in candidates for key in wanted):
        messages.error(request, _("Choose the keepers from the list."))
        return _back(store)
    keepers = [candidates[key] for key in dict.fromkeys(wanted) if key is not None]
    store_set_keepers(store=store, keepers=keepers, actor=request.user)
    messages.success(request, _("The keepers of %(store)s are saved.") % {"store": store.name})
    return _back(store)


@require_POST
@login_required
def store_threshold(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Warn at or below a level of one item; an empty level removes the warning."""
    store = selectors.store_get_for_user(request.user, uuid=uuid, write=True)
    item = selectors.items_active().filter(code=request.POST.get("item", "")).first()
    raw = request.POST.get("minimum", "").strip()
    if item is None:
        messages.error(request, _("Choose an item."))
        return _back(store)
    try:
        minimum = int(raw) if raw else None
    except ValueError:
        messages.error(request, _("Give a whole number, or leave it empty to remove the warning."))
        return _back(store)
    try:
        threshold_set(store=store, item=item, minimum=minimum, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        if minimum is None:
            messages.success(request, _("No warning for %(item)s now.") % {"item": item.name})
        else:
            messages.success(
                request,
                _("You will be warned when %(item)s is at %(minimum)s or below.")
                % {"item": item.name, "minimum": minimum},
            )
    return _back(store)
