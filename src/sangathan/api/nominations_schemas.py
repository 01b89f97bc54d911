"""Input and output shapes of the requisitions-of-names API. Records are named by uuid.

Outputs are built as dicts by the helpers at the bottom (``panel_out`` ...), because what a
caller sees of a nominee's phone depends on their role over the nominee's unit."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ninja import Field, Schema

from sangathan.api.schemas import LevelOut, PostRef, UnitRef
from sangathan.core.access import reach_of
from sangathan.core.models import Role
from sangathan.lib.phones import phone_mask
from sangathan.nominations import selectors as sel
from sangathan.nominations.eligibility import panel_check
from sangathan.nominations.models import Nomination

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.nominations.models import Requisition, Submission


class AskIn(Schema):
    post: UUID = Field(description="The post (units' post type) names are asked for.")
    min_count: int = Field(1, ge=0, le=500, description="At least this many names.")
    max_count: int | None = Field(
        None, ge=1, le=500, description="At most this many; empty: exactly min_count."
    )
    ranked: bool = Field(False, description="Names in order of preference.")
    min_women: int = Field(0, ge=0, le=500)
    age_min: int | None = Field(None, ge=0, le=120)
    age_max: int | None = Field(None, ge=0, le=120)
    phone_required: bool = False
    conflicting_posts: list[UUID] = Field(
        default_factory=list,
        description="Holding one of these posts (an active appointment) makes a person ineligible.",
    )


class RequisitionCreateIn(Schema):
    issuer: UUID = Field(description="The unit that asks; you need the editor role there.")
    title: str
    deadline: datetime = Field(description="With a timezone, e.g. 2026-12-01T18:00:00+05:30.")
    instructions_hi: str = ""
    instructions_en: str = ""
    target: str = Field(
        "children", description="`children` (units directly below), `chosen`, or `level`."
    )
    target_level: int | None = Field(
        None, description="For `level`: the depth of the level to ask (every such unit below)."
    )
    chosen_units: list[UUID] = Field(default_factory=list, description="For `chosen`.")
    answers: UUID | None = Field(
        None,
        description="Your unit's own panel (uuid) in a higher requisition that these names "
        "are gathered for: the cascade.",
    )
    asks: list[AskIn]
    issue: bool = Field(True, description="Issue at once; false keeps a draft.")


class RequisitionPatchIn(Schema):
    """Only the fields given change; ``asks``, when given, is the whole new list of posts."""

    title: str | None = None
    deadline: datetime | None = Field(None, description="With a timezone; in the future.")
    instructions_hi: str | None = None
    instructions_en: str | None = None
    target: str | None = Field(None, description="`children`, `chosen`, or `level`.")
    target_level: int | None = Field(None, description="For `level`: the depth of the level.")
    chosen_units: list[UUID] | None = Field(None, description="For `chosen`.")
    asks: list[AskIn] | None = Field(None, description="Every post asked for, in order.")


class DeadlineIn(Schema):
    deadline: datetime
    unit: UUID | None = Field(
        None, description="Only this addressed unit's panel; empty: the whole requisition."
    )


class ReasonIn(Schema):
    reason: str = ""


class ReturnIn(Schema):
    reason: str = Field(description="What needs correcting; shown to the responding unit.")


class AllowLateIn(Schema):
    allowed: bool = True


class SelectIn(Schema):
    start_date: date | None = Field(None, description="The appointment's first day; today.")


class NomineeIn(Schema):
    ask: UUID = Field(description="The post asked for (ask uuid).")
    person: UUID | None = Field(None, description="A person in the panel's unit's subtree.")
    source: UUID | None = Field(
        None, description="Instead of person: a nomination of a lower panel (the cascade)."
    )
    note: str = ""


class PanelIn(Schema):
    nominees: list[NomineeIn] = Field(
        description="The whole panel, in order within each post; replaces what was there."
    )


class NominationPatchIn(Schema):
    note: str | None = None
    position: int | None = Field(None, ge=1, description="1 is first.")


class ProblemOut(Schema):
    code: str = Field(
        description="count_short, count_over, women_short, outside, age_low, age_high, "
        "age_unknown, no_phone, conflict, twice, inactive"
    )
    message: str
    ask: str | None = None
    nomination: str | None = None
    person: str | None = None


class PanelErrorOut(Schema):
    """A panel refused for its problems: ``code`` is ``panel_invalid``."""

    error: str
    code: str
    problems: list[ProblemOut]


class AskOut(Schema):
    uuid: UUID
    post: PostRef
    min_count: int
    max_count: int
    ranked: bool
    min_women: int
    age_min: int | None
    age_max: int | None
    phone_required: bool
    conflicting_posts: list[PostRef]


class RequisitionItemOut(Schema):
    uuid: UUID
    title: str
    issuer: UnitRef
    status: str = Field(description="draft, open, closed or withdrawn.")
    deadline: datetime
    issued_at: datetime | None


class RequisitionOut(RequisitionItemOut):
    instructions_hi: str
    instructions_en: str
    target: str
    target_level: LevelOut | None
    answers: UUID | None = Field(description="The higher panel these names are gathered for.")
    asks: list[AskOut]
    sees_all_panels: bool = Field(description="You are on the issuer's side: every panel.")
    may_manage: bool = Field(description="You may issue, extend, return, accept and select.")


class NomineePerson(Schema):
    uuid: UUID
    name: str
    gender: str
    birth_year: int | None
    phone: str = Field(description="In full for editors of the person's unit; masked else.")
    phone_masked: bool


class NomineeOut(Schema):
    uuid: UUID
    ask: UUID
    post: PostRef
    position: int
    person: NomineePerson
    note: str
    outcome: str = Field(description="pending, selected or not_selected.")
    appointment: UUID | None
    source: UUID | None = Field(description="The lower panel's nomination it was taken from.")
    proposed_by: UnitRef
    provenance: list[UnitRef] = Field(
        description="The units the name came through: this panel's unit first, down to the "
        "one that proposed the person."
    )


class PanelItemOut(Schema):
    uuid: UUID
    requisition: UUID
    unit: UnitRef
    status: str = Field(description="not_started, draft, submitted, returned or accepted.")
    display_status: str = Field(description="The status, or `overdue`.")
    deadline: datetime
    late_allowed: bool
    last_activity_at: datetime | None


class PanelOut(PanelItemOut):
    title: str
    submitted_at: datetime | None
    returned_reason: str
    version: int
    may_edit: bool
    nominees: list[NomineeOut]
    problems: list[ProblemOut] = Field(description="The live checks; empty: ready to send.")


class BoardRowOut(Schema):
    panel: UUID
    unit: UnitRef
    status: str
    deadline: datetime
    last_activity_at: datetime | None
    nominees: int


class BoardOut(Schema):
    counts: dict[str, int] = Field(description="Per status, `overdue` and `total`.")
    rows: list[BoardRowOut]


class FlagOut(Schema):
    person: UUID
    name: str
    units: list[UnitRef]
    nominations: list[UUID]


class CompiledQuery(Schema):
    post: UUID | None = None
    unit: UUID | None = Field(None, description="Only panels of this unit's subtree.")
    gender: str | None = Field(None, description="F, M, O or U.")
    age_min: int | None = Field(None, ge=0, le=120)
    age_max: int | None = Field(None, ge=0, le=120)


def unit_ref(unit: Any) -> dict[str, Any]:
    return {
        "uuid": unit.uuid,
        "code": unit.code,
        "name_hi": unit.name_hi,
        "name_en": unit.name_en,
        "level": unit.level,
    }


# --- Building the answers -------------------------------------------------------------------


def requisition_out(user: AnyUser, requisition: Requisition) -> dict[str, Any]:
    asks = requisition.asks.select_related("post_type").prefetch_related("conflicting_posts")
    return {
        "uuid": requisition.uuid,
        "title": requisition.title,
        "issuer": unit_ref(requisition.issuer),
        "status": requisition.status,
        "deadline": requisition.deadline,
        "issued_at": requisition.issued_at,
        "instructions_hi": requisition.instructions_hi,
        "instructions_en": requisition.instructions_en,
        "target": requisition.target,
        "target_level": requisition.target_level,
        "answers": requisition.answers.uuid if requisition.answers_id else None,  # type: ignore[union-attr]
        "asks": [
            {
                "uuid": a.uuid,
                "post": a.post_type,
                "min_count": a.min_count,
                "max_count": a.max_count,
                "ranked": a.ranked,
                "min_women": a.min_women,
                "age_min": a.age_min,
                "age_max": a.age_max,
                "phone_required": a.phone_required,
                "conflicting_posts": list(a.conflicting_posts.all()),
            }
            for a in asks
        ],
        "sees_all_panels": sel.sees_all_panels(user, requisition),
        "may_manage": sel.may_manage(user, requisition),
    }


def nominees_out(user: AnyUser, nominations: list[Nomination]) -> list[dict[str, Any]]:
    chains = sel.provenance_map(nominations)
    reach = reach_of(user)
    editor = Role.rank(Role.EDITOR)
    rows = []
    for n in nominations:
        person = n.person
        role = reach.role_at(person.unit_path) if person.unit_path else None
        full = role is not None and Role.rank(role) >= editor
        rows.append(
            {
                "uuid": n.uuid,
                "ask": n.ask.uuid,
                "post": n.ask.post_type,
                "position": n.position,
                "person": {
                    "uuid": person.uuid,
                    "name": person.name,
                    "gender": person.gender,
                    "birth_year": person.birth_year,
                    "phone": person.phone if full else phone_mask(person.phone),
                    "phone_masked": not full and bool(person.phone),
                },
                "note": n.note,
                "outcome": n.outcome,
                "appointment": n.appointment.uuid if n.appointment_id else None,  # type: ignore[union-attr]
                "source": n.source.uuid if n.source_id else None,  # type: ignore[union-attr]
                "proposed_by": unit_ref(n.proposed_by),
                "provenance": [unit_ref(u) for u in chains[n.pk]],
            }
        )
    return rows


def nominations_related(nominations: Any) -> Any:
    return nominations.select_related(
        "person",
        "ask__post_type",
        "submission__unit__level",
        "proposed_by__level",
        "source",
        "appointment",
    )


def panel_item(submission: Submission) -> dict[str, Any]:
    return {
        "uuid": submission.uuid,
        "requisition": submission.requisition.uuid,
        "unit": unit_ref(submission.unit),
        "status": submission.status,
        "display_status": sel.display_status(submission),
        "deadline": submission.deadline,
        "late_allowed": submission.late_allowed,
        "last_activity_at": submission.last_activity_at,
    }


def panel_out(user: AnyUser, submission: Submission) -> dict[str, Any]:
    submission = sel.submission_get_for_user(user, uuid=submission.uuid)
    nominations = list(
        nominations_related(Nomination.objects.filter(submission=submission)).order_by(
            "ask__sort_order", "ask_id", "position", "id"
        )
    )
    return {
        **panel_item(submission),
        "title": submission.requisition.title,
        "submitted_at": submission.submitted_at,
        "returned_reason": submission.returned_reason,
        "version": submission.version,
        "may_edit": sel.may_edit_panel(user, submission),
        "nominees": nominees_out(user, nominations),
        "problems": [vars(p) for p in panel_check(submission)],
    }
