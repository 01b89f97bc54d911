"""The catalogue of relief items in the browser: every item with its unit of measure, pack size,
batch tracking and, for a kit, its components; editors add an item or a kit and change one.

Who may change what is decided in ``relief.catalogue`` (the same rules the API meets): any
editor adds; changing an item needs an editor of every unit whose stores or drives use it; the
unit of measure is fixed once stock has moved and a kit's components once one is assembled.
Refusals are shown beside the fields, with what was typed, and nothing is written."""

from __future__ import annotations

from itertools import zip_longest
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangathan.core.views_common import AuthedRequest
from sangathan.relief.catalogue import (
    item_change_refused,
    item_create,
    item_has_moved,
    item_update,
    kit_was_assembled,
    may_add_item,
)
from sangathan.relief.models import Item, Measure

# Component rows of the kit form without JavaScript; "add a line" (relief/stock.js) adds more.
COMPONENT_ROWS = 5

Errors = dict[str, list[str]]
Rows = list[tuple[str, str]]


def _whole(raw: str, field: str, errors: Errors) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        errors.setdefault(field, []).append(_("Enter a whole number."))
        return None


def _component_rows(request: AuthedRequest) -> Rows:
    return [
        (code.strip(), qty.strip())
        for code, qty in zip_longest(
            request.POST.getlist("component"),
            request.POST.getlist("component_quantity"),
            fillvalue="",
        )
    ]


def _components(rows: Rows, errors: Errors) -> list[tuple[Item, int]]:
    """The filled rows as (item, quantity); an unknown item or a bad count goes to ``errors``."""
    found: list[tuple[Item, int]] = []
    for code, raw in rows:
        if not code and not raw:
            continue
        item = Item.objects.filter(code=code).first() if code else None
        if item is None:
            errors.setdefault("components", []).append(
                _("There is no item with the code %(code)s.") % {"code": code or "—"}
            )
            continue
        qty = _whole(raw, "components", errors)
        found.append((item, qty if qty is not None else 0))
    return found


def _merge(errors: Errors, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, msgs in exc.message_dict.items():
            errors.setdefault(field, []).extend(msgs)
    else:
        errors.setdefault("__all__", []).extend(exc.messages)


def _padded(rows: Rows) -> Rows:
    filled = [r for r in rows if r[0] or r[1]]
    return filled + [("", "")] * max(2, COMPONENT_ROWS - len(filled))


def _part_choices(exclude: Item | None = None) -> list[Item]:
    """What a kit can be made of: active items that are not kits themselves."""
    parts = Item.objects.filter(is_active=True, is_kit=False).order_by("name_hi")
    return list(parts.exclude(pk=exclude.pk) if exclude is not None else parts)


# --- The list, and adding -------------------------------------------------------------------


@require_GET
@login_required
def catalogue_page(request: AuthedRequest) -> HttpResponse:
    return _catalogue_response(request)


def _catalogue_response(
    request: AuthedRequest,
    *,
    values: dict[str, Any] | None = None,
    rows: Rows | None = None,
    errors: Errors | None = None,
) -> HttpResponse:
    items = list(Item.objects.prefetch_related("components__component").order_by("name_hi"))
    context = {
        "items": [i for i in items if i.is_active],
        "retired": [i for i in items if not i.is_active],
        "may_add": may_add_item(request.user),
        "measures": Measure.choices,
        "parts": _part_choices(),
        "values": values or {"measure": Measure.PIECE, "pack_size": "1"},
        "rows": _padded(rows or []),
        "errors": errors or {},
    }
    return render(request, "relief/catalogue.html", context, status=400 if errors else 200)


@require_POST
@login_required
def catalogue_add(request: AuthedRequest) -> HttpResponse:
    """Add an item, or a kit when component lines are filled (any editor)."""
    if not may_add_item(request.user):
        raise PermissionDenied
    post = request.POST
    values: dict[str, Any] = {
        "name_hi": post.get("name_hi", ""),
        "name_en": post.get("name_en", ""),
        "code": post.get("code", ""),
        "measure": post.get("measure", Measure.PIECE),
        "pack_size": post.get("pack_size", "1"),
        "perishable": bool(post.get("perishable")),
    }
    rows = _component_rows(request)
    errors: Errors = {}
    pack_size = _whole(values["pack_size"], "pack_size", errors)
    components = _components(rows, errors)
    if not errors:
        try:
            item = item_create(
                name_hi=values["name_hi"],
                name_en=values["name_en"],
                code=values["code"],
                measure=values["measure"],
                pack_size=pack_size if pack_size is not None else 1,
                perishable=values["perishable"],
                components=components,
                actor=request.user,
            )
        except ValidationError as exc:
            _merge(errors, exc)
        else:
            messages.success(
                request, _("%(item)s was added to the catalogue.") % {"item": item.name}
            )
            return redirect(reverse("relief:catalogue"))
    return _catalogue_response(request, values=values, rows=rows, errors=errors)


# --- One item ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def catalogue_item(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """An item's page; its form changes it (those ``item_update`` allows: 403 otherwise)."""
    item = Item.objects.prefetch_related("components__component").filter(uuid=uuid).first()
    if item is None:
        raise Http404
    if request.method != "POST":
        return _item_response(request, item)
    refused = item_change_refused(request.user, item)
    if refused:
        raise PermissionDenied(refused)
    post = request.POST
    errors: Errors = {}
    pack_size = _whole(post.get("pack_size", ""), "pack_size", errors)
    rows = _component_rows(request)
    # The kit's lines are on the form only while they may change.
    components = _components(rows, errors) if item.is_kit and "component" in post else None
    values: dict[str, Any] = {
        "name_hi": post.get("name_hi", item.name_hi),
        "name_en": post.get("name_en", item.name_en),
        "measure": post.get("measure", item.measure),
        "pack_size": post.get("pack_size", str(item.pack_size)),
        "is_active": post.get("is_active", "1") == "1",
    }
    if not errors:
        try:
            item_update(
                item=item,
                name_hi=values["name_hi"],
                name_en=values["name_en"],
                measure=post.get("measure") or None,
                pack_size=pack_size,
                is_active=values["is_active"],
                components=components,
                actor=request.user,
            )
        except ValidationError as exc:
            _merge(errors, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(reverse("relief:catalogue_item", args=[item.uuid]))
    return _item_response(request, item, values=values, rows=rows, errors=errors)


def _item_response(
    request: AuthedRequest,
    item: Item,
    *,
    values: dict[str, Any] | None = None,
    rows: Rows | None = None,
    errors: Errors | None = None,
) -> HttpResponse:
    recipe = [(c.component.code, str(c.quantity)) for c in item.components.all()]
    context = {
        "item": item,
        "refused": item_change_refused(request.user, item),
        "measure_fixed": item.is_kit or item_has_moved(item),
        "recipe_fixed": item.is_kit and kit_was_assembled(item),
        "measures": Measure.choices,
        "parts": _part_choices(exclude=item),
        "values": values
        or {
            "name_hi": item.name_hi,
            "name_en": item.name_en,
            "measure": item.measure,
            "pack_size": str(item.pack_size),
            "is_active": item.is_active,
        },
        "rows": _padded(rows if rows is not None else recipe),
        "errors": errors or {},
    }
    return render(request, "relief/catalogue_item.html", context, status=400 if errors else 200)
