"""Requisitions of names: a higher unit asks lower units for panels, tracks and selects.

Thin over ``sangathan.nominations``: the same services and selectors as the pages. A
requisition is seen by the issuer's side (every panel) and by the addressed units (their own
panels only); anything else is a 404. A panel refused for its checks answers 400 with
``code`` ``panel_invalid`` and one entry per problem in ``problems``."""

# No ``from __future__ import annotations`` here: ninja's @paginate wraps the view, and ninja
# then resolves string annotations in the wrapper's module, where UUID is unknown.

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS, FieldsInvalid
from sangathan.api.nominations_edit import ask_specs, level_in, post_in, units_in
from sangathan.api.nominations_schemas import (
    AllowLateIn,
    BoardOut,
    CompiledQuery,
    DeadlineIn,
    FlagOut,
    NominationPatchIn,
    NomineeIn,
    NomineeOut,
    PanelErrorOut,
    PanelIn,
    PanelItemOut,
    PanelOut,
    ReasonIn,
    RequisitionCreateIn,
    RequisitionItemOut,
    RequisitionOut,
    ReturnIn,
    SelectIn,
    nominations_related,
    nominees_out,
    panel_item,
    panel_out,
    requisition_out,
    unit_ref,
)
from sangathan.api.pagination import Page
from sangathan.core.access import path_filter, unit_get_for_user
from sangathan.nominations import panels, selection, services
from sangathan.nominations import selectors as sel
from sangathan.nominations.models import Nomination, Requisition, Submission
from sangathan.nominations.reminders import reminder_send
from sangathan.people.models import Person

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser

router = Router(tags=["nominations"])

# Every operation that can refuse a panel documents the per-problem answer.
PANEL_ERRORS: dict[int, Any] = {**ERRORS, 400: PanelErrorOut}


def _panel_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer a panel's failed checks as 400 ``panel_invalid`` with each problem."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except services.PanelInvalid as exc:
            return Status(
                400,
                {
                    "error": " ".join(p.message for p in exc.problems),
                    "code": "panel_invalid",
                    "problems": [vars(p) for p in exc.problems],
                },
            )

    return wrapped


# --- Lookups ---------------------------------------------------------------------------------


def _issuer_side(user: "AnyUser", requisition: Requisition) -> None:
    if not sel.sees_all_panels(user, requisition):
        raise PermissionDenied


def _person_in(user: "AnyUser", submission: Submission, uuid: UUID) -> Person:
    person = Person.objects.filter(path_filter(user, "unit_path"), uuid=uuid).first()
    if person is None:
        raise FieldsInvalid({"person": [_("There is no such person in your units.")]})
    return person


def _source(user: "AnyUser", uuid: UUID) -> Nomination:
    try:
        return sel.nomination_get_for_user(user, uuid=uuid)
    except Http404 as exc:
        raise FieldsInvalid({"source": [_("There is no such nomination.")]}) from exc


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


# --- Panels -----------------------------------------------------------------------------------


@router.get("/panels/{uuid}/", summary="Show a panel", response={200: PanelOut, **ERRORS})
def panel_detail(request: HttpRequest, uuid: UUID) -> Any:
    """A unit's panel: its names in order with provenance and the live checks."""
    user = request_user(request)
    return panel_out(user, sel.submission_get_for_user(user, uuid=uuid))


@router.put(
    "/panels/{uuid}/", summary="Replace a panel's names", response={200: PanelOut, **PANEL_ERRORS}
)
@_panel_errors
def panel_put(request: HttpRequest, uuid: UUID, payload: PanelIn) -> Any:
    """Set the whole list of names (order within each post as sent). Each name is checked;
    one ineligible name refuses the lot and nothing changes. A draft may be short of names;
    sending it (``submit``) checks the numbers. Editor of the panel's unit."""
    user = request_user(request)
    submission = sel.submission_get_for_user(user, uuid=uuid, write=True)
    entries = [_entry(user, submission, row) for row in payload.nominees]
    panels.panel_set(submission=submission, entries=entries, actor=user)
    return panel_out(user, submission)


def _entry(user: "AnyUser", submission: Submission, row: NomineeIn) -> panels.PanelEntry:
    ask = submission.requisition.asks.select_related("post_type").filter(uuid=row.ask).first()
    if ask is None:
        raise FieldsInvalid({"ask": [_("That post is not asked for in this requisition.")]})
    source = _source(user, row.source) if row.source is not None else None
    if source is not None:
        return panels.PanelEntry(ask=ask, person=source.person, note=row.note, source=source)
    if row.person is None:
        raise FieldsInvalid({"person": [_("Give a person or a nomination to take up.")]})
    return panels.PanelEntry(
        ask=ask, person=_person_in(user, submission, row.person), note=row.note
    )


@router.post(
    "/panels/{uuid}/nominees/",
    summary="Add a name to a panel",
    response={201: NomineeOut, **PANEL_ERRORS},
)
@_panel_errors
def panel_add(request: HttpRequest, uuid: UUID, payload: NomineeIn) -> Any:
    """Add one person (from the unit's subtree), or take up a lower panel's nomination
    (``source``, the cascade). Editor of the panel's unit."""
    user = request_user(request)
    submission = sel.submission_get_for_user(user, uuid=uuid, write=True)
    entry = _entry(user, submission, payload)
    if entry.source is not None:
        nomination = panels.nominee_add_from_source(
            submission=submission,
            source=entry.source,
            ask=entry.ask,
            note=payload.note or None,
            actor=user,
        )
    else:
        nomination = panels.nominee_add(
            submission=submission,
            ask=entry.ask,
            person=entry.person,
            note=payload.note,
            actor=user,
        )
    row = nominations_related(Nomination.objects.filter(pk=nomination.pk)).get()
    return Status(201, nominees_out(user, [row])[0])


@router.post(
    "/panels/{uuid}/submit/", summary="Send a panel", response={200: PanelOut, **PANEL_ERRORS}
)
@_panel_errors
def panel_submit(request: HttpRequest, uuid: UUID) -> Any:
    """Send the panel to the issuer; it is then locked. Refused with every problem
    (``panel_invalid``), or after the deadline unless a late submission was allowed."""
    user = request_user(request)
    submission = sel.submission_get_for_user(user, uuid=uuid, write=True)
    panels.panel_submit(submission=submission, actor=user)
    return panel_out(user, submission)


@router.post(
    "/panels/{uuid}/return/",
    summary="Return a panel for correction",
    response={200: PanelOut, **ERRORS},
)
def panel_return(request: HttpRequest, uuid: UUID, payload: ReturnIn) -> Any:
    """Send a submitted panel back with the reason. Editor of the issuer."""
    user = request_user(request)
    submission = sel.submission_get_for_user(user, uuid=uuid)
    panels.panel_return(submission=submission, reason=payload.reason, actor=user)
    return panel_out(user, submission)


@router.post("/panels/{uuid}/accept/", summary="Accept a panel", response={200: PanelOut, **ERRORS})
def panel_accept(request: HttpRequest, uuid: UUID) -> Any:
    """Accept a submitted panel. Editor of the issuer."""
    user = request_user(request)
    submission = sel.submission_get_for_user(user, uuid=uuid)
    panels.panel_accept(submission=submission, actor=user)
    return panel_out(user, submission)


@router.post(
    "/panels/{uuid}/allow-late/", summary="Allow a late panel", response={200: PanelOut, **ERRORS}
)
def panel_allow_late(request: HttpRequest, uuid: UUID, payload: AllowLateIn) -> Any:
    """Let this unit send after the deadline (or take that back). Editor of the issuer."""
    user = request_user(request)
    submission = sel.submission_get_for_user(user, uuid=uuid)
    services.submission_allow_late(submission=submission, allowed=payload.allowed, actor=user)
    return panel_out(user, submission)


@router.post(
    "/panels/{uuid}/remind/", summary="Remind a unit", response={200: PanelItemOut, **ERRORS}
)
def panel_remind(request: HttpRequest, uuid: UUID) -> Any:
    """Remind the unit's editors that the panel is due. Editor of the issuer."""
    user = request_user(request)
    submission = sel.submission_get_for_user(user, uuid=uuid)
    reminder_send(submission=submission, actor=user)
    return panel_item(submission)


# --- Nominations ------------------------------------------------------------------------------


@router.get(
    "/nominations/{uuid}/", summary="Show a nomination", response={200: NomineeOut, **ERRORS}
)
def nomination_detail(request: HttpRequest, uuid: UUID) -> Any:
    """One name on a panel, with the units it came through."""
    user = request_user(request)
    nomination = sel.nomination_get_for_user(user, uuid=uuid)
    return nominees_out(
        user, [nominations_related(Nomination.objects.filter(pk=nomination.pk)).get()]
    )[0]


@router.patch(
    "/nominations/{uuid}/",
    summary="Change a name's note or place",
    response={200: NomineeOut, **ERRORS},
)
def nomination_patch(request: HttpRequest, uuid: UUID, payload: NominationPatchIn) -> Any:
    """Change the note, or move the name to ``position`` (1 = first). Editor of the panel's
    unit, while the panel is open."""
    user = request_user(request)
    nomination = sel.nomination_get_for_user(user, uuid=uuid)
    with transaction.atomic():
        if payload.note is not None:
            nomination = panels.nominee_note(nomination=nomination, note=payload.note, actor=user)
        if payload.position is not None:
            nomination = panels.nominee_move(
                nomination=nomination, position=payload.position, actor=user
            )
    return nomination_detail(request, uuid)


@router.delete("/nominations/{uuid}/", summary="Remove a name", response={204: None, **ERRORS})
def nomination_delete(request: HttpRequest, uuid: UUID) -> Any:
    """Take the name off its panel. Editor of the panel's unit, while the panel is open."""
    user = request_user(request)
    nomination = sel.nomination_get_for_user(user, uuid=uuid)
    panels.nominee_remove(nomination=nomination, actor=user)
    return Status(204, None)


@router.post(
    "/nominations/{uuid}/select/",
    summary="Select a name (appoint)",
    response={200: NomineeOut, **ERRORS},
)
def nomination_select(request: HttpRequest, uuid: UUID, payload: SelectIn) -> Any:
    """Select the name: the person is appointed to the post from ``start_date`` (today by
    default), within its seats. Editor of the issuer."""
    user = request_user(request)
    nomination = sel.nomination_get_for_user(user, uuid=uuid)
    selection.nomination_select(nomination=nomination, start_date=payload.start_date, actor=user)
    return nomination_detail(request, uuid)
