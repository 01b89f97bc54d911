"""Input and output shapes of the meetings API. Records are named by uuid.

Outputs are built as dicts by the helpers at the bottom (``meeting_out`` ...); people appear
by uuid and name only (no phones: a meeting's list is shared widely)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from sangathan.api.schemas import UnitRef
from sangathan.meetings import selectors as sel
from sangathan.meetings.models import ActionItem, Attendance, Decision, Meeting, PressNote

# --- Inputs ---------------------------------------------------------------------------------


class MeetingIn(Schema):
    unit: UUID = Field(description="The unit holding the meeting; you need the editor role there.")
    title: str
    starts_at: datetime = Field(description="With a timezone, e.g. 2026-12-01T11:00:00+05:30.")
    ends_at: datetime | None = None
    kind: str = Field("other", description="`committee`, `mandal`, `review` or `other`.")
    venue: str = ""
    place: str = Field("", description="The town for the press note's dateline (कानपुर).")
    occasion: str = Field("", description="Why it was called, as the press note opens.")
    chair: UUID | None = Field(None, description="The person chairing (uuid).")


class MeetingPatchIn(Schema):
    """Only the fields sent are changed; ``chair`` null removes the chair."""

    title: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    kind: str | None = None
    venue: str | None = None
    place: str | None = None
    occasion: str | None = None
    chair: UUID | None = None
    venue_public: bool | None = None
    attendees_public: bool | None = None


class ReasonIn(Schema):
    reason: str = ""


class AgendaIn(Schema):
    title: str
    minutes: str = ""
    public: bool = Field(True, description="Its minutes go into the press note.")


class AgendaPatchIn(Schema):
    title: str | None = None
    minutes: str | None = None
    public: bool | None = None


class MoveIn(Schema):
    position: int = Field(ge=1, description="1 is first.")


class StatementIn(Schema):
    speaker: UUID
    text: str
    speaker_post: str = Field("", description="As the note names it; empty: their current post.")
    public: bool = True


class StatementPatchIn(Schema):
    text: str | None = None
    speaker_post: str | None = None
    public: bool | None = None


class InviteeIn(Schema):
    person: UUID


class InviteByPostIn(Schema):
    post: UUID = Field(description="The post whose current holders are invited.")
    under: UUID = Field(description="The unit under which its holders are looked for.")


class MarkIn(Schema):
    person: UUID
    presence: str = Field("present", description="present, late, absent, on_leave, unknown.")


class AttendancePatchIn(Schema):
    rsvp: str | None = Field(None, description="none, yes, no, maybe.")
    presence: str | None = Field(None, description="present, late, absent, on_leave, unknown.")


class PasteIn(Schema):
    text: str = Field(description="Names one per line, comma-separated, or run together.")


class PasteChoiceIn(Schema):
    index: int = Field(ge=0, description="The row's index from the preview.")
    name: str = Field(description="The name as in the preview's row.")
    action: str = Field(description="`person`, `new`, `keep` (as written) or `skip`.")
    person: UUID | None = Field(None, description="For `person`.")
    presence: str = "present"


class PasteApplyIn(Schema):
    choices: list[PasteChoiceIn]


class ResolveIn(Schema):
    person: UUID


class DecisionIn(Schema):
    text: str
    public: bool = True
    agenda_item: UUID | None = None


class DecisionPatchIn(Schema):
    text: str | None = None
    public: bool | None = None


class LinkIn(Schema):
    kind: str = Field(description="`requisition`, `relief_drive`, `campaign` or `meeting`.")
    target: UUID
    label: str = ""


class ActionItemIn(Schema):
    text: str
    owners: list[UUID] = Field(description="At least one person responsible.")
    due_date: date | None = None
    links: list[LinkIn] = Field(default_factory=list)


class ActionItemPatchIn(Schema):
    text: str | None = None
    owners: list[UUID] | None = None
    due_date: date | None = None


class StatusIn(Schema):
    status: str = Field(description="open, done or dropped.")


class PressNotePatchIn(Schema):
    headline_hi: str | None = None
    text_hi: str | None = None
    headline_en: str | None = None
    text_en: str | None = None


# --- Outputs --------------------------------------------------------------------------------


class PersonBrief(Schema):
    uuid: UUID
    name: str


class MeetingItemOut(Schema):
    uuid: UUID
    title: str
    kind: str
    status: str
    starts_at: datetime
    ends_at: datetime | None
    venue: str
    unit: UnitRef


class AgendaOut(Schema):
    uuid: UUID
    position: int
    title: str
    minutes: str
    public: bool


class StatementOut(Schema):
    uuid: UUID
    position: int
    speaker: PersonBrief
    speaker_post: str
    text: str
    public: bool


class LinkOut(Schema):
    kind: str
    target: UUID
    label: str


class ActionItemOut(Schema):
    uuid: UUID
    decision: UUID
    meeting: UUID
    text: str
    owners: list[PersonBrief]
    due_date: date | None
    status: str
    overdue: bool
    links: list[LinkOut]


class DecisionOut(Schema):
    uuid: UUID
    position: int
    text: str
    public: bool
    agenda_item: UUID | None
    action_items: list[ActionItemOut]


class MeetingOut(MeetingItemOut):
    place: str
    occasion: str
    chair: PersonBrief | None
    cancel_reason: str
    venue_public: bool
    attendees_public: bool
    is_past: bool = Field(description="Started already: invitations and reminders are not sent.")
    notice: str = Field(
        description="A sentence to show about the meeting (cancelled, past), or empty."
    )
    may_edit: bool
    may_mark: bool
    counts: dict[str, int]
    agenda: list[AgendaOut]
    statements: list[StatementOut]
    decisions: list[DecisionOut]
    left_open: list[ActionItemOut] = Field(
        description="What the previous meeting of the same unit left open."
    )
    press_note: UUID | None


class AttendanceOut(Schema):
    uuid: UUID
    person: PersonBrief
    post: str = Field(description="The person's post here (जिला अध्यक्ष), or empty.")
    invited: bool
    invited_via: str
    rsvp: str
    presence: str


class UnmatchedOut(Schema):
    uuid: UUID
    name: str


class AttendanceListOut(Schema):
    people: list[AttendanceOut] = Field(description="In order of post, highest first.")
    unmatched: list[UnmatchedOut] = Field(description="Pasted names kept as written.")


class InviteResultOut(Schema):
    added: int
    already: int
    people: list[PersonBrief]


class CandidateOut(Schema):
    person: PersonBrief
    score: float
    unit: str


class PasteRowOut(Schema):
    index: int
    name: str
    status: str = Field(description="matched, unsure, unknown or duplicate.")
    doubt: str
    candidates: list[CandidateOut]
    person: PersonBrief | None
    duplicate_of: int | None
    already_marked: bool


class PasteResultOut(Schema):
    marked: int
    created: int
    kept: int
    skipped: int
    duplicates: int


class PasteProblemOut(Schema):
    index: int
    name: str
    message: str


class PasteErrorOut(Schema):
    error: str
    code: str
    problems: list[PasteProblemOut]


class PressNoteOut(Schema):
    uuid: UUID
    meeting: UUID
    status: str
    headline_hi: str
    text_hi: str
    headline_en: str
    text_en: str
    generated_at: datetime
    finalised_at: datetime | None
    share_url: str = Field(description="Opens WhatsApp with the Hindi text filled in.")


# --- Building the answers -------------------------------------------------------------------


def person_brief(person: Any) -> dict[str, Any]:
    return {"uuid": person.uuid, "name": person.name}


def meeting_item(meeting: Meeting) -> dict[str, Any]:
    return {
        "uuid": meeting.uuid,
        "title": meeting.title,
        "kind": meeting.kind,
        "status": meeting.status,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "venue": meeting.venue,
        "unit": meeting.unit,
    }


def action_item_out(item: ActionItem, overdue: bool | None = None) -> dict[str, Any]:
    late = getattr(item, "overdue", None) if overdue is None else overdue
    if late is None:
        from django.utils import timezone

        late = (
            item.status == "open"
            and item.due_date is not None
            and (item.due_date < timezone.localdate())
        )
    return {
        "uuid": item.uuid,
        "decision": item.decision.uuid,
        "meeting": item.meeting.uuid,
        "text": item.text,
        "owners": [person_brief(p) for p in item.owners.all()],
        "due_date": item.due_date,
        "status": item.status,
        "overdue": bool(late),
        "links": [
            {"kind": link.kind, "target": link.target, "label": link.label}
            for link in item.links.all()
        ],
    }


def decision_out(decision: Decision) -> dict[str, Any]:
    items = decision.action_items.select_related("decision", "meeting").prefetch_related(
        "owners", "links"
    )
    return {
        "uuid": decision.uuid,
        "position": decision.position,
        "text": decision.text,
        "public": decision.public,
        "agenda_item": decision.agenda_item.uuid if decision.agenda_item else None,
        "action_items": [action_item_out(i) for i in items],
    }


def meeting_out(user: Any, meeting: Meeting) -> dict[str, Any]:
    note = PressNote.objects.filter(meeting=meeting).values_list("uuid", flat=True).first()
    left = sel.left_open_by_previous(meeting).select_related("meeting")
    return {
        **meeting_item(meeting),
        "place": meeting.place,
        "occasion": meeting.occasion,
        "chair": person_brief(meeting.chair) if meeting.chair else None,
        "cancel_reason": meeting.cancel_reason,
        "venue_public": meeting.venue_public,
        "attendees_public": meeting.attendees_public,
        "is_past": sel.meeting_is_past(meeting),
        "notice": sel.meeting_notice(meeting),
        "may_edit": sel.may_edit(user, meeting),
        "may_mark": sel.may_mark(user, meeting),
        "counts": sel.meeting_counts(meeting),
        "agenda": list(meeting.agenda.all()),
        "statements": [
            {
                "uuid": s.uuid,
                "position": s.position,
                "speaker": person_brief(s.speaker),
                "speaker_post": s.speaker_post,
                "text": s.text,
                "public": s.public,
            }
            for s in meeting.statements.select_related("speaker")
        ],
        "decisions": [decision_out(d) for d in meeting.decisions.select_related("agenda_item")],
        "left_open": [action_item_out(i) for i in left],
        "press_note": note,
    }


def attendance_out(row: Attendance) -> dict[str, Any]:
    return {
        "uuid": row.uuid,
        "person": person_brief(row.person),
        "post": getattr(row, "post_label", ""),
        "invited": row.invited,
        "invited_via": row.invited_via,
        "rsvp": row.rsvp,
        "presence": row.presence,
    }


def press_note_out(note: PressNote, share_url: str) -> dict[str, Any]:
    return {
        "uuid": note.uuid,
        "meeting": note.meeting.uuid,
        "status": note.status,
        "headline_hi": note.headline_hi,
        "text_hi": note.text_hi,
        "headline_en": note.headline_en,
        "text_en": note.text_en,
        "generated_at": note.generated_at,
        "finalised_at": note.finalised_at,
        "share_url": share_url,
    }
