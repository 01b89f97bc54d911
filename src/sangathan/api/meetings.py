"""Meetings: agenda, statements, decisions with action items, the press note and the .ics.

Thin over ``sangathan.meetings``: the same services and selectors as the pages. A meeting and
its parts are seen by users whose reach covers the meeting's unit; anything else is a 404.
Invitees and attendance (with the paste matcher) are in ``meetings_attendance``, added to
this router."""

# No ``from __future__ import annotations`` here: ninja's @paginate wraps the view, and ninja
# then resolves string annotations in the wrapper's module, where UUID is unknown.

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS, FieldsInvalid
from sangathan.api.meetings_attendance import person_in
from sangathan.api.meetings_attendance import router as attendance_router
from sangathan.api.meetings_schemas import (
    ActionItemIn,
    ActionItemOut,
    ActionItemPatchIn,
    AgendaIn,
    AgendaOut,
    AgendaPatchIn,
    DecisionIn,
    DecisionOut,
    DecisionPatchIn,
    LinkIn,
    MeetingIn,
    MeetingItemOut,
    MeetingOut,
    MeetingPatchIn,
    MoveIn,
    PressNoteOut,
    PressNotePatchIn,
    ReasonIn,
    StatementIn,
    StatementOut,
    StatementPatchIn,
    StatusIn,
    action_item_out,
    decision_out,
    meeting_item,
    meeting_out,
    person_brief,
    press_note_out,
)
from sangathan.api.pagination import Page
from sangathan.core.access import unit_get_for_user
from sangathan.meetings import decisions, pressnotes, services
from sangathan.meetings import selectors as sel
from sangathan.meetings.calendar import ICS_TYPE, ics_filename, meeting_ics
from sangathan.meetings.models import Meeting, PressNote

router = Router(tags=["meetings"])
router.add_router("", attendance_router)


def _detail(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    user = request_user(request)
    return meeting_out(user, sel.meeting_get_for_user(user, uuid=meeting.uuid))


def _sent(payload: Schema) -> dict[str, Any]:
    """The fields a PATCH body actually contains (null included), nothing else."""
    return {name: getattr(payload, name) for name in payload.model_fields_set}


# --- Meetings -------------------------------------------------------------------------------


class MeetingQuery(Schema):
    unit: UUID | None = None
    status: str | None = None
    upcoming: bool | None = None


@router.get("/meetings/", summary="List meetings", response={200: list[MeetingItemOut], **ERRORS})
@paginate(Page)
def meeting_list(request: HttpRequest, filters: Query[MeetingQuery]) -> Any:
    """Meetings of your units. ``unit`` narrows to a subtree; ``upcoming=true`` lists those to
    come, soonest first; ``false`` those held or past, latest first."""
    user = request_user(request)
    unit = unit_get_for_user(user, uuid=filters.unit) if filters.unit else None
    qs = sel.meetings_for_user(user, unit=unit, status=filters.status, upcoming=filters.upcoming)
    return [meeting_item(m) for m in qs]


@router.post("/meetings/", summary="Plan a meeting", response={201: MeetingOut, **ERRORS})
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Any:
    """Plan (or record, when in the past) a meeting of a unit. Editor of the unit. A meeting
    in the past sends no invitations or reminders (``is_past`` in the answer)."""
    user = request_user(request)
    unit = unit_get_for_user(user, uuid=payload.unit)
    chair = person_in(user, payload.chair, "chair") if payload.chair else None
    meeting = services.meeting_create(
        unit=unit,
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        kind=payload.kind,
        venue=payload.venue,
        place=payload.place,
        occasion=payload.occasion,
        chair=chair,
        actor=user,
    )
    return Status(201, _detail(request, meeting))


@router.get("/meetings/{uuid}/", summary="Show a meeting", response={200: MeetingOut, **ERRORS})
def meeting_detail(request: HttpRequest, uuid: UUID) -> Any:
    """The meeting with its agenda, statements, decisions and action items, the counts, and
    what the previous meeting of the unit left open."""
    user = request_user(request)
    return meeting_out(user, sel.meeting_get_for_user(user, uuid=uuid))


@router.patch("/meetings/{uuid}/", summary="Change a meeting", response={200: MeetingOut, **ERRORS})
def meeting_update(request: HttpRequest, uuid: UUID, payload: MeetingPatchIn) -> Any:
    """Only the fields sent change. Editor of the meeting's unit."""
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid, write=True)
    fields = _sent(payload)
    if "chair" in fields:
        fields["chair"] = person_in(user, fields["chair"], "chair") if fields["chair"] else None
    for name in ("title", "starts_at", "kind", "venue", "place", "occasion"):
        if name in fields and fields[name] is None:
            del fields[name]  # null for a field that must have a value: leave it as it is
    services.meeting_update(meeting=meeting, actor=user, **fields)
    return _detail(request, meeting)


@router.post(
    "/meetings/{uuid}/held/", summary="Record as held", response={200: MeetingOut, **ERRORS}
)
def meeting_held(request: HttpRequest, uuid: UUID) -> Any:
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid, write=True)
    services.meeting_mark_held(meeting=meeting, actor=user)
    return _detail(request, meeting)


@router.post(
    "/meetings/{uuid}/cancel/", summary="Cancel a meeting", response={200: MeetingOut, **ERRORS}
)
def meeting_cancel(request: HttpRequest, uuid: UUID, payload: ReasonIn) -> Any:
    """Invitees with an account are told when the meeting was still to come."""
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid, write=True)
    services.meeting_cancel(meeting=meeting, reason=payload.reason, actor=user)
    return _detail(request, meeting)


@router.post(
    "/meetings/{uuid}/reopen/", summary="Reopen a meeting", response={200: MeetingOut, **ERRORS}
)
def meeting_reopen(request: HttpRequest, uuid: UUID) -> Any:
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid, write=True)
    services.meeting_reopen(meeting=meeting, actor=user)
    return _detail(request, meeting)


@router.get(
    "/meetings/{uuid}/calendar.ics",
    summary="Calendar invitation (.ics)",
    response={200: None, **ERRORS},
    openapi_extra={
        "responses": {"200": {"description": "text/calendar", "content": {ICS_TYPE: {}}}}
    },
)
def meeting_calendar(request: HttpRequest, uuid: UUID) -> Any:
    """The meeting as an iCalendar file with reminders the day before and an hour before."""
    meeting = sel.meeting_get_for_user(request_user(request), uuid=uuid)
    response = HttpResponse(meeting_ics(meeting), content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(meeting)}"'
    return response


# --- Agenda and statements ------------------------------------------------------------------


@router.post(
    "/meetings/{uuid}/agenda/", summary="Add an agenda item", response={201: AgendaOut, **ERRORS}
)
def agenda_add(request: HttpRequest, uuid: UUID, payload: AgendaIn) -> Any:
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid, write=True)
    item = services.agenda_item_add(
        meeting=meeting,
        title=payload.title,
        minutes=payload.minutes,
        public=payload.public,
        actor=user,
    )
    return Status(201, item)


@router.patch(
    "/agenda-items/{uuid}/", summary="Change an agenda item", response={200: AgendaOut, **ERRORS}
)
def agenda_update(request: HttpRequest, uuid: UUID, payload: AgendaPatchIn) -> Any:
    """Title, minutes (written during or after the meeting), or whether it is public."""
    user = request_user(request)
    item = sel.agenda_item_get_for_user(user, uuid=uuid, write=True)
    fields = {k: v for k, v in _sent(payload).items() if v is not None}
    return services.agenda_item_update(item=item, actor=user, **fields)


@router.delete(
    "/agenda-items/{uuid}/", summary="Remove an agenda item", response={204: None, **ERRORS}
)
def agenda_remove(request: HttpRequest, uuid: UUID) -> Any:
    user = request_user(request)
    item = sel.agenda_item_get_for_user(user, uuid=uuid, write=True)
    services.agenda_item_remove(item=item, actor=user)
    return Status(204, None)


@router.post(
    "/agenda-items/{uuid}/move/", summary="Move an agenda item", response={200: AgendaOut, **ERRORS}
)
def agenda_move(request: HttpRequest, uuid: UUID, payload: MoveIn) -> Any:
    user = request_user(request)
    item = sel.agenda_item_get_for_user(user, uuid=uuid, write=True)
    return services.agenda_item_move(item=item, position=payload.position, actor=user)


def _statement(statement: Any) -> dict[str, Any]:
    return {
        "uuid": statement.uuid,
        "position": statement.position,
        "speaker": person_brief(statement.speaker),
        "speaker_post": statement.speaker_post,
        "text": statement.text,
        "public": statement.public,
    }


@router.post(
    "/meetings/{uuid}/statements/",
    summary="Add a statement",
    response={201: StatementOut, **ERRORS},
)
def statement_add(request: HttpRequest, uuid: UUID, payload: StatementIn) -> Any:
    """What someone said, attributed with their post in the press note."""
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid, write=True)
    statement = services.statement_add(
        meeting=meeting,
        speaker=person_in(user, payload.speaker, "speaker"),
        text=payload.text,
        speaker_post=payload.speaker_post,
        public=payload.public,
        actor=user,
    )
    return Status(201, _statement(statement))


@router.patch(
    "/statements/{uuid}/", summary="Change a statement", response={200: StatementOut, **ERRORS}
)
def statement_update(request: HttpRequest, uuid: UUID, payload: StatementPatchIn) -> Any:
    user = request_user(request)
    statement = sel.statement_get_for_user(user, uuid=uuid, write=True)
    fields = {k: v for k, v in _sent(payload).items() if v is not None}
    return _statement(services.statement_update(statement=statement, actor=user, **fields))


@router.delete("/statements/{uuid}/", summary="Remove a statement", response={204: None, **ERRORS})
def statement_remove(request: HttpRequest, uuid: UUID) -> Any:
    user = request_user(request)
    statement = sel.statement_get_for_user(user, uuid=uuid, write=True)
    services.statement_remove(statement=statement, actor=user)
    return Status(204, None)


# --- Decisions and action items -------------------------------------------------------------


@router.post(
    "/meetings/{uuid}/decisions/",
    summary="Record a decision",
    response={201: DecisionOut, **ERRORS},
)
def decision_add(request: HttpRequest, uuid: UUID, payload: DecisionIn) -> Any:
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid, write=True)
    agenda_item = None
    if payload.agenda_item is not None:
        agenda_item = meeting.agenda.filter(uuid=payload.agenda_item).first()
        if agenda_item is None:
            raise FieldsInvalid({"agenda_item": [_("That agenda item is from another meeting.")]})
    decision = decisions.decision_add(
        meeting=meeting,
        text=payload.text,
        public=payload.public,
        agenda_item=agenda_item,
        actor=user,
    )
    return Status(201, decision_out(decision))


@router.patch(
    "/decisions/{uuid}/", summary="Change a decision", response={200: DecisionOut, **ERRORS}
)
def decision_update(request: HttpRequest, uuid: UUID, payload: DecisionPatchIn) -> Any:
    user = request_user(request)
    decision = sel.decision_get_for_user(user, uuid=uuid, write=True)
    fields = {k: v for k, v in _sent(payload).items() if v is not None}
    return decision_out(decisions.decision_update(decision=decision, actor=user, **fields))


@router.delete("/decisions/{uuid}/", summary="Remove a decision", response={204: None, **ERRORS})
def decision_remove(request: HttpRequest, uuid: UUID) -> Any:
    """Refused while the decision has action items."""
    user = request_user(request)
    decision = sel.decision_get_for_user(user, uuid=uuid, write=True)
    decisions.decision_remove(decision=decision, actor=user)
    return Status(204, None)


def _owners(user: Any, uuids: list[UUID]) -> list[Any]:
    return [person_in(user, u, "owners") for u in dict.fromkeys(uuids)]


def _link_all(user: Any, item: Any, links: list[LinkIn]) -> None:
    for link in links:
        decisions.action_item_link(
            item=item, kind=link.kind, target=link.target, label=link.label, actor=user
        )


def _action(request: HttpRequest, item: Any) -> dict[str, Any]:
    user = request_user(request)
    return action_item_out(sel.action_item_get_for_user(user, uuid=item.uuid))


@router.post(
    "/decisions/{uuid}/action-items/",
    summary="Add an action item",
    response={201: ActionItemOut, **ERRORS},
)
def action_item_add(request: HttpRequest, uuid: UUID, payload: ActionItemIn) -> Any:
    """A follow-up with at least one owner (refused without), a due date and, optionally, the
    work it starts. All or nothing."""
    from django.db import transaction

    user = request_user(request)
    decision = sel.decision_get_for_user(user, uuid=uuid, write=True)
    with transaction.atomic():
        item = decisions.action_item_add(
            decision=decision,
            text=payload.text,
            owners=_owners(user, payload.owners),
            due_date=payload.due_date,
            actor=user,
        )
        _link_all(user, item, payload.links)
    return Status(201, _action(request, item))


@router.get(
    "/action-items/",
    summary="Your open action items",
    response={200: list[ActionItemOut], **ERRORS},
)
@paginate(Page)
def action_items_mine(request: HttpRequest) -> Any:
    """Open items you own, soonest due first (``overdue`` marked)."""
    user = request_user(request)
    person = user.person
    if person is None:
        return []
    items = sel.action_items_open_for_person(person).select_related("decision")
    return [action_item_out(i) for i in items.prefetch_related("owners", "links")]


@router.get(
    "/action-items/{uuid}/", summary="Show an action item", response={200: ActionItemOut, **ERRORS}
)
def action_item_detail(request: HttpRequest, uuid: UUID) -> Any:
    """Seen in your units' meetings, or by its owners."""
    return action_item_out(sel.action_item_get_for_user(request_user(request), uuid=uuid))


@router.patch(
    "/action-items/{uuid}/",
    summary="Change an action item",
    response={200: ActionItemOut, **ERRORS},
)
def action_item_update(request: HttpRequest, uuid: UUID, payload: ActionItemPatchIn) -> Any:
    """Text, owners (never none) or due date (null removes it). Editor of the unit."""
    user = request_user(request)
    item = sel.action_item_get_for_user(user, uuid=uuid, write=True)
    fields = _sent(payload)
    if "owners" in fields:
        fields["owners"] = _owners(user, fields["owners"] or [])
    if fields.get("text", "") is None:
        del fields["text"]
    decisions.action_item_update(item=item, actor=user, **fields)
    return _action(request, item)


@router.post(
    "/action-items/{uuid}/status/",
    summary="Set an action item's status",
    response={200: ActionItemOut, **ERRORS},
)
def action_item_status(request: HttpRequest, uuid: UUID, payload: StatusIn) -> Any:
    """open, done or dropped: an editor of the unit, or one of the owners."""
    user = request_user(request)
    item = sel.action_item_get_for_user(user, uuid=uuid)
    decisions.action_item_set_status(item=item, status=payload.status, actor=user)
    return _action(request, item)


@router.post(
    "/action-items/{uuid}/links/",
    summary="Link the work an item started",
    response={200: ActionItemOut, **ERRORS},
)
def action_item_link(request: HttpRequest, uuid: UUID, payload: LinkIn) -> Any:
    user = request_user(request)
    item = sel.action_item_get_for_user(user, uuid=uuid, write=True)
    _link_all(user, item, [payload])
    return _action(request, item)


# --- Press note -----------------------------------------------------------------------------


def _note(note: PressNote) -> dict[str, Any]:
    return press_note_out(note, pressnotes.pressnote_share_url(note))


@router.post(
    "/meetings/{uuid}/press-note/",
    summary="Write the press note (draft)",
    response={200: PressNoteOut, **ERRORS},
)
def press_note_generate(request: HttpRequest, uuid: UUID) -> Any:
    """Write the Hindi and English note from the meeting's public record. A draft is written
    afresh (edits are lost); a final note is refused. Editor of the unit."""
    user = request_user(request)
    meeting = sel.meeting_get_for_user(user, uuid=uuid, write=True)
    return _note(pressnotes.pressnote_generate(meeting=meeting, actor=user))


@router.get(
    "/press-notes/{uuid}/", summary="Show a press note", response={200: PressNoteOut, **ERRORS}
)
def press_note_detail(request: HttpRequest, uuid: UUID) -> Any:
    return _note(sel.press_note_get_for_user(request_user(request), uuid=uuid))


@router.patch(
    "/press-notes/{uuid}/", summary="Edit a press note", response={200: PressNoteOut, **ERRORS}
)
def press_note_edit(request: HttpRequest, uuid: UUID, payload: PressNotePatchIn) -> Any:
    user = request_user(request)
    note = sel.press_note_get_for_user(user, uuid=uuid, write=True)
    fields = {k: v for k, v in _sent(payload).items() if v is not None}
    return _note(pressnotes.pressnote_edit(note=note, actor=user, **fields))


@router.post(
    "/press-notes/{uuid}/finalise/",
    summary="Make a press note final",
    response={200: PressNoteOut, **ERRORS},
)
def press_note_finalise(request: HttpRequest, uuid: UUID) -> Any:
    user = request_user(request)
    note = sel.press_note_get_for_user(user, uuid=uuid, write=True)
    return _note(pressnotes.pressnote_finalise(note=note, actor=user))


@router.post(
    "/press-notes/{uuid}/reopen/",
    summary="Reopen a final press note",
    response={200: PressNoteOut, **ERRORS},
)
def press_note_reopen(request: HttpRequest, uuid: UUID) -> Any:
    user = request_user(request)
    note = sel.press_note_get_for_user(user, uuid=uuid, write=True)
    return _note(pressnotes.pressnote_reopen(note=note, actor=user))


def _text_bytes(note: PressNote, language: str) -> bytes:
    return pressnotes.pressnote_text(note, language).encode()


_EXPORTS: dict[str, tuple[str, Callable[[PressNote, str], bytes]]] = {
    "txt": (pressnotes.TEXT_TYPE, _text_bytes),
    "pdf": (pressnotes.PDF_TYPE, pressnotes.pressnote_pdf),
    "docx": (pressnotes.DOCX_TYPE, pressnotes.pressnote_docx),
}


@router.get(
    "/press-notes/{uuid}/export/",
    summary="Download a press note",
    response={200: None, **ERRORS},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The note as plain text, PDF or DOCX.",
                "content": {t: {} for t, _f in _EXPORTS.values()},
            }
        }
    },
)
def press_note_export(
    request: HttpRequest, uuid: UUID, format: str = "pdf", language: str = "hi"
) -> Any:
    """``format``: txt (for WhatsApp), pdf or docx; ``language``: hi or en."""
    note = sel.press_note_get_for_user(request_user(request), uuid=uuid)
    if format not in _EXPORTS:
        raise FieldsInvalid({"format": [_("Choose txt, pdf or docx.")]})
    language = "en" if language == "en" else "hi"
    content_type, render = _EXPORTS[format]
    response = HttpResponse(render(note, language), content_type=content_type)
    filename = pressnotes.pressnote_filename(note, format, language)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
