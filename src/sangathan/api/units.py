"""Levels, posts and the unit tree. Reads are scoped by core.access; writes go through
units.services, which check the caller's role and audit."""

# No ``from __future__ import annotations`` here: ninja's @paginate wraps the view, and ninja
# then resolves string annotations in the wrapper's module, where UUID is unknown.

from typing import Any
from uuid import UUID

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Left
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS, FieldsInvalid
from sangathan.api.pagination import Page
from sangathan.api.schemas import (
    ChildOut,
    LevelOut,
    PostOut,
    UnitCreateIn,
    UnitDetailOut,
    UnitMoveIn,
    UnitOut,
    UnitUpdateIn,
)
from sangathan.core.access import unit_get_for_user, units_visible
from sangathan.units.models import Level, PostType, Unit
from sangathan.units.selectors import (
    breadcrumb,
    children_with_counts,
    office_bearers,
    unit_search,
)
from sangathan.units.services import level_by_name, unit_create, unit_move, unit_update

router = Router(tags=["units"])

# unit_search ranks in Python; more than this many matches means the query should be narrower.
SEARCH_LIMIT = 200


def level_resolve(value: int | str, *, field: str = "level") -> Level:
    """A level given by its depth (``4``) or its Hindi or English name (``मंडल``, ``Mandal``)."""
    text = str(value).strip()
    level = Level.objects.filter(depth=int(text)).first() if text.isdigit() else level_by_name(text)
    if level is None:
        raise FieldsInvalid({field: [_("There is no level %(level)s.") % {"level": text}]})
    return level


def with_parent_uuid(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Each unit's parent uuid in the same query: the parent's path is the unit's path minus
    its last step, a lookup on the unique path index."""
    parent = Unit.objects.filter(
        path=Left(OuterRef("path"), (OuterRef("depth") - 1) * Unit.steplen)
    ).values("uuid")[:1]
    return units.select_related("level").annotate(parent_uuid=Subquery(parent))


@router.get(
    "/levels/", summary="List the levels", response={200: list[LevelOut], **ERRORS}, tags=["posts"]
)
def levels(request: HttpRequest) -> Any:
    """The levels of the tree, top first."""
    return Level.objects.order_by("depth")


@router.get(
    "/posts/", summary="List the posts", response={200: list[PostOut], **ERRORS}, tags=["posts"]
)
def posts(request: HttpRequest, level: int | str | None = None) -> Any:
    """The posts in use, optionally of one level (its depth or name)."""
    post_types = PostType.objects.filter(is_active=True).select_related("level")
    if level is not None and str(level).strip():
        post_types = post_types.filter(level=level_resolve(level))
    return post_types.order_by("level__depth", "sort_order", "id")


@router.get("/units/", summary="List units", response={200: list[UnitOut], **ERRORS})
@paginate(Page)
def units(
    request: HttpRequest,
    within: UUID | None = None,
    level: int | str | None = None,
    q: str | None = None,
) -> Any:
    """Units you may see, in tree order: all of them, a subtree (``within``), one level, or a
    search by name in either script or by code (``q``)."""
    user = request_user(request)
    root = unit_get_for_user(user, uuid=within) if within is not None else None
    level_obj = level_resolve(level) if level is not None and str(level).strip() else None
    if q is not None and q.strip():
        found = [
            u
            for u in unit_search(user, q, within=root, limit=SEARCH_LIMIT)
            if level_obj is None or u.level_id == level_obj.pk
        ]
        by_pk = {
            u.pk: u for u in with_parent_uuid(Unit.objects.filter(pk__in=[u.pk for u in found]))
        }
        return [by_pk[u.pk] for u in found if u.pk in by_pk]
    result = units_visible(user)
    if root is not None:
        result = result.filter(path__subtree=root.path)
    if level_obj is not None:
        result = result.filter(level=level_obj)
    return with_parent_uuid(result).order_by("path")


@router.get("/units/{uuid}/", summary="Show a unit", response={200: UnitDetailOut, **ERRORS})
def unit_detail(request: HttpRequest, uuid: UUID) -> Any:
    """One unit with its breadcrumb and office-bearers. Phones are masked below editor."""
    unit = unit_get_for_user(request_user(request), uuid=uuid)
    return _detail(unit)


def _detail(unit: Unit) -> Unit:
    """The unit with what UnitDetailOut reads from it: breadcrumb, parent, office-bearers."""
    trail = breadcrumb(unit)
    bearers = list(office_bearers(unit).select_related("unit"))
    unit.parent_uuid = trail[-2].uuid if len(trail) > 1 else None  # type: ignore[attr-defined]
    unit.breadcrumb = trail  # type: ignore[attr-defined]
    unit.office_bearers = bearers  # type: ignore[attr-defined]
    return unit


@router.get(
    "/units/{uuid}/children/",
    summary="List a unit's children",
    response={200: list[ChildOut], **ERRORS},
)
def unit_children(request: HttpRequest, uuid: UUID) -> Any:
    """The units directly under one unit, each with how many units of each lower level it
    holds."""
    unit = unit_get_for_user(request_user(request), uuid=uuid)
    rows, levels = children_with_counts(unit)
    result = []
    for row in rows:
        child = row.unit
        child.parent_uuid = unit.uuid  # type: ignore[attr-defined]
        child.counts = [  # type: ignore[attr-defined]
            {"level": level, "count": count} for level, count in row.count_list(levels)
        ]
        result.append(child)
    return result


@router.post("/units/", summary="Add a unit", response={201: UnitDetailOut, **ERRORS})
def unit_add(request: HttpRequest, payload: UnitCreateIn) -> Any:
    """Add a unit under ``parent``. Needs the editor role on the parent."""
    user = request_user(request)
    parent = unit_get_for_user(user, uuid=payload.parent)
    unit = unit_create(
        level=level_resolve(payload.level),
        name_hi=payload.name_hi,
        name_en=payload.name_en,
        code=payload.code,
        parent=parent,
        actor=user,
    )
    return Status(201, _detail(unit_get_for_user(user, uuid=unit.uuid)))


@router.patch("/units/{uuid}/", summary="Change a unit", response={200: UnitDetailOut, **ERRORS})
def unit_change(request: HttpRequest, uuid: UUID, payload: UnitUpdateIn) -> Any:
    """Rename a unit or change its code. Fields not sent keep their value."""
    user = request_user(request)
    unit = unit_get_for_user(user, uuid=uuid)
    sent = payload.model_dump(exclude_unset=True)
    unit = unit_update(
        unit=unit,
        name_hi=sent.get("name_hi", unit.name_hi) or "",
        name_en=sent.get("name_en", unit.name_en) or "",
        code=sent.get("code", unit.code),
        actor=user,
    )
    return _detail(unit)


@router.post("/units/{uuid}/move/", summary="Move a unit", response={200: UnitDetailOut, **ERRORS})
def unit_relocate(request: HttpRequest, uuid: UUID, payload: UnitMoveIn) -> Any:
    """Move a unit, with everything under it, under another parent. Needs the admin role on
    both."""
    user = request_user(request)
    unit = unit_get_for_user(user, uuid=uuid)
    new_parent = unit_get_for_user(user, uuid=payload.new_parent)
    unit = unit_move(unit=unit, new_parent=new_parent, actor=user)
    return _detail(unit_get_for_user(user, uuid=unit.uuid))
