"""Meetings' invitees and attendance, including the pasted-list matcher (preview, then apply).

Part of the meetings API (added to its router). A paste refused as a whole answers 400 with
``code`` ``paste_invalid`` and one entry per row in ``problems``; nothing was saved."""

# No ``from __future__ import annotations`` (see api/meetings.py).

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS, FieldsInvalid
from sangathan.api.meetings_schemas import (
    AttendanceListOut,
    AttendanceOut,
    AttendancePatchIn,
    InviteByPostIn,
    InviteeIn,
    InviteResultOut,
    MarkIn,
    PasteApplyIn,
    PasteErrorOut,
    PasteIn,
    PasteResultOut,
    PasteRowOut,
    ResolveIn,
    attendance_out,
    person_brief,
)
from sangathan.core.access import path_filter, unit_get_for_user
from sangathan.meetings import attendance
from sangathan.meetings import selectors as sel
from sangathan.people.models import Person
from sangathan.units.models import PostType

router = Router(tags=["meetings"])

PASTE_ERRORS: dict[int, Any] = {**ERRORS, 400: PasteErrorOut}


def person_in(user: Any, uuid: UUID, field: str = "person") -> Person:
    """A person the caller may see, named in a request body; else a 400 on that field."""
    person = Person.objects.filter(path_filter(user, "unit_path"), uuid=uuid).first()
    if person is None:
        raise FieldsInvalid({field: [_("There is no such person in your units.")]})
    return person


def _row(user: Any, row: Any) -> dict[str, Any]:
    listed = {r.pk: r for r in sel.attendance_list(row.meeting)}
    return attendance_out(listed.get(row.pk, row))


@router.get(
    "/meetings/{uuid}/attendance/",
    summary="Invitees and attendance",
    response={200: AttendanceListOut, **ERRORS},
)
def attendance_list(request: HttpRequest, uuid: UUID) -> Any:
    """Everyone on the meeting's list in order of post, with answers and marks, and the
    pasted names kept as written."""
    meeting = sel.meeting_get_for_user(request_user(request), uuid=uuid)
    return {
        "people": [attendance_out(r) for r in sel.attendance_list(meeting)],
        "unmatched": [{"uuid": u.uuid, "name": u.name} for u in meeting.unmatched.all()],
    }


@router.post(
    "/meetings/{uuid}/invitees/", summary="Invite a person", response={200: AttendanceOut, **ERRORS}
)
def invitee_add(request: HttpRequest, uuid: UUID, payload: InviteeIn) -> Any:
    """Editor of the meeting's unit. No invitation is sent for a meeting already started."""
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid, write=True)
    row = attendance.invitee_add(
        meeting=meeting, person=person_in(user, payload.person), actor=user
    )
    return _row(user, row)


@router.post(
    "/meetings/{uuid}/invitees/by-post/",
    summary="Invite every holder of a post",
    response={200: InviteResultOut, **ERRORS},
)
def invitees_by_post(request: HttpRequest, uuid: UUID, payload: InviteByPostIn) -> Any:
    """Every current holder of ``post`` in the units of its level under ``under`` (all mandal
    presidents of a district), in one go."""
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid, write=True)
    post = PostType.objects.select_related("level").filter(uuid=payload.post).first()
    if post is None:
        raise FieldsInvalid({"post": [_("There is no such post.")]})
    under = unit_get_for_user(user, uuid=payload.under)
    result = attendance.invitees_add_by_post(
        meeting=meeting, post_type=post, under=under, actor=user
    )
    return {
        "added": result.added,
        "already": result.already,
        "people": [person_brief(p) for p in result.people],
    }


@router.post(
    "/meetings/{uuid}/attendance/",
    summary="Mark a person's attendance",
    response={200: AttendanceOut, **ERRORS},
)
def attendance_mark_person(request: HttpRequest, uuid: UUID, payload: MarkIn) -> Any:
    """Mark anyone (added to the list if they came uninvited). Worker of the unit."""
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid)
    row = attendance.attendance_mark_person(
        meeting=meeting,
        person=person_in(user, payload.person),
        presence=payload.presence,
        actor=user,
    )
    return _row(user, row)


@router.patch(
    "/attendance/{uuid}/",
    summary="Record an answer or an attendance mark",
    response={200: AttendanceOut, **ERRORS},
)
def attendance_update(request: HttpRequest, uuid: UUID, payload: AttendancePatchIn) -> Any:
    """``rsvp`` and/or ``presence``. Worker of the meeting's unit."""
    from django.db import transaction

    user = request_user(request)
    row = sel.attendance_get_for_user(user, uuid=uuid, write=True)
    with transaction.atomic():
        if payload.rsvp is not None:
            row = attendance.rsvp_set(attendance=row, rsvp=payload.rsvp, actor=user)
        if payload.presence is not None:
            row = attendance.attendance_mark(attendance=row, presence=payload.presence, actor=user)
    return _row(user, row)


@router.delete(
    "/attendance/{uuid}/", summary="Take someone off the list", response={204: None, **ERRORS}
)
def invitee_remove(request: HttpRequest, uuid: UUID) -> Any:
    """Editor of the unit; refused once the person is marked as having come."""
    user = request_user(request)
    row = sel.attendance_get_for_user(user, uuid=uuid)
    attendance.invitee_remove(attendance=row, actor=user)
    return Status(204, None)


# --- The paste ------------------------------------------------------------------------------


@router.post(
    "/meetings/{uuid}/attendance/paste/preview/",
    summary="Match a pasted list of names",
    response={200: list[PasteRowOut], **ERRORS},
)
def paste_preview(request: HttpRequest, uuid: UUID, payload: PasteIn) -> Any:
    """Split the text into names and match each among your people under the meeting's unit:
    ``matched``, ``unsure`` (choose among ``candidates``), ``unknown`` (add or keep as
    written) or ``duplicate`` (already in this list). Saves nothing."""
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid)
    rows = attendance.attendance_paste_preview(meeting=meeting, text=payload.text, user=user)
    return [
        {
            "index": r.index,
            "name": r.name,
            "status": r.status,
            "doubt": r.doubt,
            "candidates": [
                {
                    "person": person_brief(c.person),
                    "score": c.score,
                    "unit": c.person.home_unit.name if c.person.home_unit else "",
                }
                for c in r.candidates
            ],
            "person": person_brief(r.person) if r.person else None,
            "duplicate_of": r.duplicate_of,
            "already_marked": r.already_marked,
        }
        for r in rows
    ]


@router.post(
    "/meetings/{uuid}/attendance/paste/apply/",
    summary="Apply the choices for a pasted list",
    response={200: PasteResultOut, **PASTE_ERRORS},
)
def paste_apply(request: HttpRequest, uuid: UUID, payload: PasteApplyIn) -> Any:
    """One choice per row of the preview: ``person`` (with its uuid), ``new`` (added to the
    registry in the meeting's unit; editor), ``keep`` (the name kept as written) or ``skip``.
    All or nothing: a refused row answers 400 ``paste_invalid`` naming each row."""
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid)
    people = {
        p.uuid: p
        for p in Person.objects.filter(
            path_filter(user, "unit_path"),
            uuid__in=[c.person for c in payload.choices if c.person is not None],
        )
    }
    choices = [
        attendance.PasteChoice(
            index=c.index,
            name=c.name,
            action=c.action,
            person=people.get(c.person) if c.person is not None else None,
            presence=c.presence,
        )
        for c in payload.choices
    ]
    try:
        result = attendance.attendance_paste_apply(meeting=meeting, choices=choices, actor=user)
    except attendance.PasteInvalid as exc:
        return Status(
            400,
            {
                "error": " ".join(p.message for p in exc.problems),
                "code": "paste_invalid",
                "problems": [vars(p) for p in exc.problems],
            },
        )
    return vars(result)


@router.post(
    "/unmatched/{uuid}/resolve/",
    summary="Match a name kept as written",
    response={200: AttendanceOut, **ERRORS},
)
def unmatched_resolve(request: HttpRequest, uuid: UUID, payload: ResolveIn) -> Any:
    """The name turns out to be this person: they are marked present, the text dropped."""
    user = request_user(request)
    entry = sel.unmatched_get_for_user(user, uuid=uuid, write=True)
    row = attendance.unmatched_resolve(
        entry=entry, person=person_in(user, payload.person), actor=user
    )
    return _row(user, row)


@router.delete(
    "/unmatched/{uuid}/", summary="Remove a name kept as written", response={204: None, **ERRORS}
)
def unmatched_remove(request: HttpRequest, uuid: UUID) -> Any:
    user = request_user(request)
    entry = sel.unmatched_get_for_user(user, uuid=uuid, write=True)
    attendance.unmatched_remove(entry=entry, actor=user)
    return Status(204, None)
