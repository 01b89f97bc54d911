"""A requisition of names by its uuid: show it, and change it while it is a draft.

Beside ``nominations.py`` (which creates, issues and tracks requisitions) because a path is
one route: its GET and PATCH must be on the same router. The lookups that turn a payload into
the services' arguments are here too, shared by creating and editing."""

# No ``from __future__ import annotations``: ninja resolves the views' annotations.

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS, FieldsInvalid
from sangathan.api.nominations_schemas import (
    AskIn,
    RequisitionOut,
    RequisitionPatchIn,
    requisition_out,
)
from sangathan.nominations import selectors as sel
from sangathan.nominations import services
from sangathan.units.models import Level, PostType, Unit

router = Router(tags=["nominations"])


def post_in(uuid: UUID) -> PostType:
    post = PostType.objects.select_related("level").filter(uuid=uuid).first()
    if post is None:
        raise FieldsInvalid({"post": [_("There is no such post.")]})
    return post


def ask_specs(asks: list[AskIn]) -> list[services.AskSpec]:
    return [
        services.AskSpec(
            post_type=post_in(a.post),
            min_count=a.min_count,
            max_count=a.max_count,
            ranked=a.ranked,
            min_women=a.min_women,
            age_min=a.age_min,
            age_max=a.age_max,
            phone_required=a.phone_required,
            conflicting_posts=[post_in(p) for p in a.conflicting_posts],
        )
        for a in asks
    ]


def level_in(depth: int | None) -> Level | None:
    if depth is None:
        return None
    level = Level.objects.filter(depth=depth).first()
    if level is None:
        raise FieldsInvalid({"target_level": [_("There is no level at that depth.")]})
    return level


def units_in(uuids: list[UUID]) -> list[Unit]:
    """The units named; whether they may be asked is the service's rule."""
    chosen = list(Unit.objects.filter(uuid__in=uuids).select_related("level"))
    if len(chosen) != len(set(uuids)):
        raise FieldsInvalid({"chosen_units": [_("Some of the chosen units do not exist.")]})
    return chosen


@router.get(
    "/requisitions/{uuid}/", summary="Show a requisition", response={200: RequisitionOut, **ERRORS}
)
def requisition_detail(request: HttpRequest, uuid: UUID) -> Any:
    """A requisition with the posts it asks for."""
    user = request_user(request)
    return requisition_out(user, sel.requisition_get_for_user(user, uuid=uuid))


@router.patch(
    "/requisitions/{uuid}/",
    summary="Change a draft requisition",
    response={200: RequisitionOut, **ERRORS},
)
def requisition_patch(request: HttpRequest, uuid: UUID, payload: RequisitionPatchIn) -> Any:
    """Change a draft before it is issued: only the fields given change, under the same rules
    as a new requisition. An issued requisition is refused (400). Editor of the issuer."""
    user = request_user(request)
    requisition = sel.requisition_get_for_user(user, uuid=uuid, write=True)
    given = payload.model_fields_set
    target = payload.target if payload.target is not None else requisition.target
    target_level = (
        level_in(payload.target_level) if "target_level" in given else requisition.target_level
    )
    chosen = (
        units_in(payload.chosen_units)
        if payload.chosen_units is not None
        else list(requisition.chosen_units.all())
    )
    services.requisition_update(
        requisition=requisition,
        title=payload.title if payload.title is not None else requisition.title,
        deadline=payload.deadline if payload.deadline is not None else requisition.deadline,
        asks=(
            ask_specs(payload.asks)
            if payload.asks is not None
            else services.requisition_ask_specs(requisition)
        ),
        target=target,
        target_level=target_level,
        chosen_units=chosen,
        instructions_hi=(
            payload.instructions_hi
            if payload.instructions_hi is not None
            else requisition.instructions_hi
        ),
        instructions_en=(
            payload.instructions_en
            if payload.instructions_en is not None
            else requisition.instructions_en
        ),
        actor=user,
    )
    return requisition_out(user, sel.requisition_get_for_user(user, uuid=uuid))
