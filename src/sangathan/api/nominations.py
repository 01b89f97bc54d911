"""Requisitions of names: a higher unit asks lower units for panels, tracks and selects.

Thin over ``sangathan.nominations``: the same services and selectors as the pages. A
requisition is seen by the issuer's side (every panel) and by the addressed units (their own
panels only); anything else is a 404. The panels and the names on them are answered by
``nominations_panels``, a requisition by its uuid by ``nominations_edit``: a path is one
route, so each module holds every method of its paths."""

# No ``from __future__ import annotations`` here: ninja's @paginate wraps the view, and ninja
# then resolves string annotations in the wrapper's module, where UUID is unknown.

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS, FieldsInvalid
from sangathan.api.nominations_edit import ask_specs, level_in, post_in, units_in
from sangathan.api.nominations_schemas import (
    BoardOut,
    CompiledQuery,
    DeadlineIn,
    FlagOut,
    NomineeOut,
    PanelItemOut,
    ReasonIn,
    RequisitionCreateIn,
    RequisitionItemOut,
    RequisitionOut,
    nominations_related,
    nominees_out,
    panel_item,
    requisition_out,
    unit_ref,
)
from sangathan.api.pagination import Page
from sangathan.core.access import unit_get_for_user
from sangathan.nominations import selection, services
from sangathan.nominations import selectors as sel
from sangathan.nominations.models import Requisition

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser

router = Router(tags=["nominations"])

# --- Lookups ---------------------------------------------------------------------------------


def _issuer_side(user: "AnyUser", requisition: Requisition) -> None:
    if not sel.sees_all_panels(user, requisition):
        raise PermissionDenied


# --- Requisitions -----------------------------------------------------------------------------


@router.get(
    "/requisitions/",
    summary="List requisitions of names",
    response={200: list[RequisitionItemOut], **ERRORS},
)
@paginate(Page)
def requisition_list(request: HttpRequest) -> Any:
    """Requisitions issued by your units or addressed to them, newest first."""
    return sel.requisitions_for_user(request_user(request)).order_by("-created_at", "-id")


@router.post(
    "/requisitions/",
    summary="Ask lower units for names",
    response={201: RequisitionOut, **ERRORS},
)
def requisition_add(request: HttpRequest, payload: RequisitionCreateIn) -> Any:
    """Create a requisition (and issue it, unless ``issue`` is false): one panel is opened for
    every addressed unit and their editors are told. Needs the editor role on the issuer."""
    user = request_user(request)
    issuer = unit_get_for_user(user, uuid=payload.issuer)
    level = level_in(payload.target_level)
    chosen = units_in(payload.chosen_units)
    answers = None
    if payload.answers is not None:
        answers = sel.submission_get_for_user(user, uuid=payload.answers)
    asks = ask_specs(payload.asks)
    with transaction.atomic():
        requisition = services.requisition_create(
            issuer=issuer,
            title=payload.title,
            deadline=payload.deadline,
            asks=asks,
            target=payload.target,
            target_level=level,
            chosen_units=chosen,
            instructions_hi=payload.instructions_hi,
            instructions_en=payload.instructions_en,
            answers=answers,
            actor=user,
        )
        if payload.issue:
            services.requisition_issue(requisition=requisition, actor=user)
    return Status(
        201, requisition_out(user, sel.requisition_get_for_user(user, uuid=requisition.uuid))
    )


@router.post(
    "/requisitions/{uuid}/issue/",
    summary="Issue a draft requisition",
    response={200: RequisitionOut, **ERRORS},
)
def requisition_issue(request: HttpRequest, uuid: UUID) -> Any:
    """Open a draft: panels for every addressed unit. Editor of the issuer."""
    user = request_user(request)
    requisition = sel.requisition_get_for_user(user, uuid=uuid, write=True)
    services.requisition_issue(requisition=requisition, actor=user)
    return requisition_out(user, sel.requisition_get_for_user(user, uuid=uuid))


@router.post(
    "/requisitions/{uuid}/extend/",
    summary="Extend the deadline",
    response={200: RequisitionOut, **ERRORS},
)
def requisition_extend(request: HttpRequest, uuid: UUID, payload: DeadlineIn) -> Any:
    """Move the deadline later, for every panel or (with ``unit``) for one unit's panel.
    Editor of the issuer."""
    user = request_user(request)
    requisition = sel.requisition_get_for_user(user, uuid=uuid, write=True)
    if payload.unit is None:
        services.requisition_extend_deadline(
            requisition=requisition, deadline=payload.deadline, actor=user
        )
    else:
        submission = requisition.submissions.filter(unit__uuid=payload.unit).first()
        if submission is None:
            raise FieldsInvalid({"unit": [_("That unit was not asked in this requisition.")]})
        services.submission_extend_deadline(
            submission=submission, deadline=payload.deadline, actor=user
        )
    return requisition_out(user, sel.requisition_get_for_user(user, uuid=uuid))


@router.post(
    "/requisitions/{uuid}/withdraw/",
    summary="Withdraw a requisition",
    response={200: RequisitionOut, **ERRORS},
)
def requisition_withdraw(request: HttpRequest, uuid: UUID, payload: ReasonIn) -> Any:
    """Call it off; the panels sent so far stay on record. Editor of the issuer."""
    user = request_user(request)
    requisition = sel.requisition_get_for_user(user, uuid=uuid, write=True)
    services.requisition_withdraw(requisition=requisition, reason=payload.reason, actor=user)
    return requisition_out(user, sel.requisition_get_for_user(user, uuid=uuid))


@router.post(
    "/requisitions/{uuid}/close/",
    summary="Close a requisition (decide)",
    response={200: RequisitionOut, **ERRORS},
)
def requisition_close(request: HttpRequest, uuid: UUID) -> Any:
    """Every name not selected becomes not selected; each unit that answered hears the
    outcome. Editor of the issuer."""
    user = request_user(request)
    requisition = sel.requisition_get_for_user(user, uuid=uuid, write=True)
    selection.requisition_close(requisition=requisition, actor=user)
    return requisition_out(user, sel.requisition_get_for_user(user, uuid=uuid))


@router.get(
    "/requisitions/{uuid}/panels/",
    summary="List the panels you may see",
    response={200: list[PanelItemOut], **ERRORS},
)
@paginate(Page)
def requisition_panels(request: HttpRequest, uuid: UUID) -> Any:
    """The issuer's side sees every panel; an addressed unit only its own (and its subtree's)."""
    user = request_user(request)
    requisition = sel.requisition_get_for_user(user, uuid=uuid)
    return [panel_item(s) for s in sel.submissions_for_user(user, requisition)]


@router.get(
    "/requisitions/{uuid}/board/",
    summary="Status board",
    response={200: BoardOut, **ERRORS},
)
def requisition_board(
    request: HttpRequest, uuid: UUID, status: str | None = None, limit: int = 500, offset: int = 0
) -> Any:
    """Every addressed unit's panel status (``overdue`` computed), deadline, last activity and
    number of names, with the counts per status. The issuer's side only (403 otherwise).
    ``status`` filters the rows; ``limit`` (at most 500) and ``offset`` page them."""
    user = request_user(request)
    requisition = sel.requisition_get_for_user(user, uuid=uuid)
    _issuer_side(user, requisition)
    board = sel.status_board(
        requisition, status=status, limit=max(1, min(limit, 500)), offset=max(0, offset)
    )
    return {
        "counts": board.counts,
        "rows": [
            {
                "panel": r.submission.uuid,
                "unit": unit_ref(r.unit),
                "status": r.status,
                "deadline": r.deadline,
                "last_activity_at": r.last_activity_at,
                "nominees": r.nominees,
            }
            for r in board.rows
        ],
    }


@router.get(
    "/requisitions/{uuid}/flags/",
    summary="People proposed more than once",
    response={200: list[FlagOut], **ERRORS},
)
def requisition_flags(request: HttpRequest, uuid: UUID) -> Any:
    """People on the panels of two units, or twice on one. The issuer's side only."""
    user = request_user(request)
    requisition = sel.requisition_get_for_user(user, uuid=uuid)
    _issuer_side(user, requisition)
    return [
        {
            "person": f.person.uuid,
            "name": f.person.name,
            "units": [unit_ref(u) for u in f.units],
            "nominations": [n.uuid for n in f.nominations],
        }
        for f in sel.requisition_flags(requisition)
    ]


@router.get(
    "/requisitions/{uuid}/nominations/",
    summary="Compiled names across panels",
    response={200: list[NomineeOut], **ERRORS},
)
@paginate(Page)
def requisition_nominations(request: HttpRequest, uuid: UUID, filters: Query[CompiledQuery]) -> Any:
    """Every name on the sent panels, unit by unit, with where it came from; filtered by post,
    unit (its subtree), gender and age. The issuer's side only."""
    user = request_user(request)
    requisition = sel.requisition_get_for_user(user, uuid=uuid)
    _issuer_side(user, requisition)
    unit = unit_get_for_user(user, uuid=filters.unit) if filters.unit is not None else None
    rows = sel.compiled_nominations(
        requisition,
        post_type=post_in(filters.post) if filters.post is not None else None,
        unit=unit,
        gender=filters.gender,
        age_min=filters.age_min,
        age_max=filters.age_max,
    )
    return nominees_out(user, list(nominations_related(rows)))
