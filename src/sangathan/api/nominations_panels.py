"""A requisition's panels and the names on them: show and fill a panel, send it, and the
issuer's answers to it (return, accept, allow late, remind); one name's note, place, removal
and selection.

Beside ``nominations.py`` (requisitions: create, issue, track) and thin over the same
services. A panel refused for its checks answers 400 with ``code`` ``panel_invalid`` and one
entry per problem in ``problems``. Each operation names its ``operation_id``: they were
defined in ``nominations.py``, and clients generated from the schema call them by that id."""

# No ``from __future__ import annotations``: ninja resolves the views' annotations.

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS, FieldsInvalid
from sangathan.api.nominations_schemas import (
    AllowLateIn,
    NominationPatchIn,
    NomineeIn,
    NomineeOut,
    PanelErrorOut,
    PanelIn,
    PanelItemOut,
    PanelOut,
    ReturnIn,
    SelectIn,
    nominations_related,
    nominees_out,
    panel_item,
    panel_out,
)
from sangathan.core.access import path_filter
from sangathan.nominations import panels, selection, services
from sangathan.nominations import selectors as sel
from sangathan.nominations.models import Nomination, Submission
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


# --- Panels -----------------------------------------------------------------------------------


@router.get(
    "/panels/{uuid}/",
    summary="Show a panel",
    response={200: PanelOut, **ERRORS},
    operation_id="sangathan_api_nominations_panel_detail",
)
def panel_detail(request: HttpRequest, uuid: UUID) -> Any:
    """A unit's panel: its names in order with provenance and the live checks."""
    user = request_user(request)
    return panel_out(user, sel.submission_get_for_user(user, uuid=uuid))


@router.put(
    "/panels/{uuid}/",
    summary="Replace a panel's names",
    response={200: PanelOut, **PANEL_ERRORS},
    operation_id="sangathan_api_nominations_panel_put",
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
    operation_id="sangathan_api_nominations_panel_add",
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
    "/panels/{uuid}/submit/",
    summary="Send a panel",
    response={200: PanelOut, **PANEL_ERRORS},
    operation_id="sangathan_api_nominations_panel_submit",
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
    operation_id="sangathan_api_nominations_panel_return",
)
def panel_return(request: HttpRequest, uuid: UUID, payload: ReturnIn) -> Any:
    """Send a submitted panel back with the reason. Editor of the issuer."""
    user = request_user(request)
    submission = sel.submission_get_for_user(user, uuid=uuid)
    panels.panel_return(submission=submission, reason=payload.reason, actor=user)
    return panel_out(user, submission)


@router.post(
    "/panels/{uuid}/accept/",
    summary="Accept a panel",
    response={200: PanelOut, **ERRORS},
    operation_id="sangathan_api_nominations_panel_accept",
)
def panel_accept(request: HttpRequest, uuid: UUID) -> Any:
    """Accept a submitted panel. Editor of the issuer."""
    user = request_user(request)
    submission = sel.submission_get_for_user(user, uuid=uuid)
    panels.panel_accept(submission=submission, actor=user)
    return panel_out(user, submission)


@router.post(
    "/panels/{uuid}/allow-late/",
    summary="Allow a late panel",
    response={200: PanelOut, **ERRORS},
    operation_id="sangathan_api_nominations_panel_allow_late",
)
def panel_allow_late(request: HttpRequest, uuid: UUID, payload: AllowLateIn) -> Any:
    """Let this unit send after the deadline (or take that back). Editor of the issuer."""
    user = request_user(request)
    submission = sel.submission_get_for_user(user, uuid=uuid)
    services.submission_allow_late(submission=submission, allowed=payload.allowed, actor=user)
    return panel_out(user, submission)


@router.post(
    "/panels/{uuid}/remind/",
    summary="Remind a unit",
    response={200: PanelItemOut, **ERRORS},
    operation_id="sangathan_api_nominations_panel_remind",
)
def panel_remind(request: HttpRequest, uuid: UUID) -> Any:
    """Remind the unit's editors that the panel is due. Editor of the issuer."""
    user = request_user(request)
    submission = sel.submission_get_for_user(user, uuid=uuid)
    reminder_send(submission=submission, actor=user)
    return panel_item(submission)


# --- Nominations ------------------------------------------------------------------------------


@router.get(
    "/nominations/{uuid}/",
    summary="Show a nomination",
    response={200: NomineeOut, **ERRORS},
    operation_id="sangathan_api_nominations_nomination_detail",
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
    operation_id="sangathan_api_nominations_nomination_patch",
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


@router.delete(
    "/nominations/{uuid}/",
    summary="Remove a name",
    response={204: None, **ERRORS},
    operation_id="sangathan_api_nominations_nomination_delete",
)
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
    operation_id="sangathan_api_nominations_nomination_select",
)
def nomination_select(request: HttpRequest, uuid: UUID, payload: SelectIn) -> Any:
    """Select the name: the person is appointed to the post from ``start_date`` (today by
    default), within its seats. Editor of the issuer."""
    user = request_user(request)
    nomination = sel.nomination_get_for_user(user, uuid=uuid)
    selection.nomination_select(nomination=nomination, start_date=payload.start_date, actor=user)
    return nomination_detail(request, uuid)
