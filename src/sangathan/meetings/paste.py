"""Attendance from a pasted list: as it arrives on WhatsApp or in a report.

``attendance_paste_preview`` splits and matches the text (``people.attendance_match``) and
returns one row per name for a one-tap choice; ``attendance_paste_apply`` takes a choice per
row — this person, a new person (added to the registry in the meeting's unit, duplicate check
run), keep the name as written (an ``UnmatchedAttendee``: nothing typed is lost, and it can be
resolved to a person later), or skip — and applies all of them or none. (Re-exported by
``meetings.attendance``.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from sangathan.core.access import has_role
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.meetings.common import check, refuse_if_cancelled
from sangathan.meetings.marking import check_markable, upsert, user_or_none, visible
from sangathan.meetings.models import Attendance, Meeting, Presence, UnmatchedAttendee
from sangathan.meetings.services import mark_held_if_started
from sangathan.people.attendance_match import match_pasted_names
from sangathan.people.models import Person

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.core.models import User


# --- The paste ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PasteCandidate:
    person: Person
    score: float


@dataclass(frozen=True)
class PasteRow:
    index: int
    name: str  # as written in the paste
    status: str  # MatchStatus: matched, unsure, unknown, duplicate
    doubt: str  # why a person should look (a sentence), or ""
    candidates: list[PasteCandidate]
    person: Person | None = None  # the match (matched, duplicate)
    duplicate_of: int | None = None
    already_marked: bool = False  # this person already has a mark at this meeting


def attendance_paste_preview(*, meeting: Meeting, text: str, user: AnyUser) -> list[PasteRow]:
    """One row per name in ``text``, in order, matched among the people ``user`` may see
    under the meeting's unit. Saves nothing."""
    matches = match_pasted_names(text, user=user, within=meeting.unit)
    marked = set(
        meeting.attendances.exclude(presence=Presence.UNKNOWN).values_list("person_id", flat=True)
    )
    return [
        PasteRow(
            index=m.chunk.index,
            name=m.chunk.text,
            status=str(m.status),
            doubt=str(m.doubt.label) if m.doubt is not None else "",
            candidates=[PasteCandidate(c.person, c.score) for c in m.candidates],
            person=m.person,
            duplicate_of=m.duplicate_of,
            already_marked=m.person is not None and m.person.pk in marked,
        )
        for m in matches
    ]


class PasteAction(models.TextChoices):
    PERSON = "person", _("This person")
    NEW = "new", _("Add as a new person")
    KEEP = "keep", _("Keep the name as written")
    SKIP = "skip", _("Leave out")


@dataclass(frozen=True)
class PasteChoice:
    index: int
    name: str
    action: str
    person: Person | None = None
    presence: str = Presence.PRESENT


@dataclass(frozen=True)
class PasteProblem:
    index: int
    name: str
    message: str


class PasteInvalid(ValidationError):
    """Choices that cannot be applied; ``problems`` names each row. Nothing was saved."""

    def __init__(self, problems: list[PasteProblem]) -> None:
        self.problems = problems
        super().__init__({"choices": [p.message for p in problems]})


@dataclass
class PasteResult:
    marked: int = 0  # people marked (matched or chosen, and new ones)
    created: int = 0  # new people added to the registry
    kept: int = 0  # names kept as written
    skipped: int = 0
    duplicates: int = 0  # rows naming someone already marked from this paste


def _choice_problems(
    meeting: Meeting, choices: Sequence[PasteChoice], actor: User | None
) -> list[PasteProblem]:
    problems: list[PasteProblem] = []
    may_add = actor is None or has_role(actor, meeting.unit, Role.EDITOR)

    def refuse(choice: PasteChoice, message: str) -> None:
        problems.append(PasteProblem(choice.index, choice.name, message))

    for choice in choices:
        name = clean_text(choice.name)
        if choice.action not in PasteAction.values:
            refuse(
                choice,
                _("Row %(row)s: choose what to do with %(name)s.")
                % {"row": choice.index + 1, "name": name},
            )
        elif choice.presence not in Presence.values:
            refuse(
                choice,
                _("Row %(row)s: choose an attendance mark from the list.")
                % {"row": choice.index + 1},
            )
        elif choice.action == PasteAction.PERSON:
            if choice.person is None:
                refuse(
                    choice,
                    _("Row %(row)s: choose the person for %(name)s.")
                    % {"row": choice.index + 1, "name": name},
                )
            elif not visible(actor, choice.person):
                refuse(
                    choice,
                    _("Row %(row)s: %(name)s is not in your units.")
                    % {"row": choice.index + 1, "name": choice.person.name},
                )
        elif choice.action in (PasteAction.NEW, PasteAction.KEEP) and not name:
            refuse(choice, _("Row %(row)s: the name is empty.") % {"row": choice.index + 1})
        elif choice.action == PasteAction.NEW and not may_add:
            refuse(
                choice,
                _(
                    "Row %(row)s: only an editor of %(unit)s can add %(name)s to the "
                    "registry; keep the name as written instead."
                )
                % {"row": choice.index + 1, "unit": meeting.unit.name, "name": name},
            )
    return problems


@transaction.atomic
def attendance_paste_apply(
    *, meeting: Meeting, choices: Sequence[PasteChoice], actor: User | None = None
) -> PasteResult:
    """Apply a choice per pasted row, all or none (``PasteInvalid`` names the rows refused).
    The same person chosen twice is marked once; a new name given twice is added once."""
    from sangathan.people.dedupe import person_check_duplicates
    from sangathan.people.services import person_create

    check(actor, meeting.unit, Role.WORKER)
    for presence in {c.presence for c in choices if c.action != PasteAction.SKIP}:
        if presence in Presence.values:  # an unknown mark is reported with its row below
            check_markable(meeting, presence)
    problems = _choice_problems(meeting, choices, actor)
    if problems:
        raise PasteInvalid(problems)
    result = PasteResult()
    seen: set[int] = set()
    new_by_name: dict[str, Person] = {}
    kept_names = set(meeting.unmatched.values_list("name", flat=True))
    for choice in sorted(choices, key=lambda c: c.index):
        name = clean_text(choice.name)
        if choice.action == PasteAction.SKIP:
            result.skipped += 1
            continue
        if choice.action == PasteAction.KEEP:
            if name in kept_names:
                result.duplicates += 1
                continue
            kept_names.add(name)
            UnmatchedAttendee.objects.create(
                meeting=meeting, name=name, position=choice.index, created_by=user_or_none(actor)
            )
            result.kept += 1
            continue
        person = choice.person
        if choice.action == PasteAction.NEW:
            person = new_by_name.get(name.casefold())
            if person is None:
                try:
                    person = person_create(
                        name=name, home_unit=meeting.unit, source_detail=meeting.title, actor=actor
                    )
                except (ValidationError, PermissionDenied) as exc:
                    messages = getattr(exc, "messages", [str(exc)])
                    problems.append(PasteProblem(choice.index, name, " ".join(messages)))
                    continue
                person_check_duplicates(person, actor=actor)
                new_by_name[name.casefold()] = person
                result.created += 1
        assert person is not None
        if person.pk in seen:
            result.duplicates += 1
            continue
        seen.add(person.pk)
        upsert(meeting, person, choice.presence, actor)
        result.marked += 1
    if problems:
        raise PasteInvalid(problems)  # the whole paste rolls back
    if result.marked or result.kept:
        mark_held_if_started(meeting, actor)
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.attendance_pasted",
        target=meeting,
        changes={
            "marked": result.marked,
            "created": result.created,
            "kept": result.kept,
            "skipped": result.skipped,
        },
    )
    return result


@transaction.atomic
def unmatched_resolve(
    *, entry: UnmatchedAttendee, person: Person, actor: User | None = None
) -> Attendance:
    """A name kept as written turns out to be ``person``: mark them present, drop the text."""
    meeting = entry.meeting
    check(actor, meeting.unit, Role.WORKER)
    refuse_if_cancelled(meeting)
    if not visible(actor, person):
        raise ValidationError(
            {"person": _("%(name)s is not in your units.") % {"name": person.name}}
        )
    row = upsert(meeting, person, Presence.PRESENT, actor)
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.unmatched_resolved",
        target=meeting,
        changes={"name": entry.name, "person": person.name},
    )
    entry.delete()
    return row


@transaction.atomic
def unmatched_remove(*, entry: UnmatchedAttendee, actor: User | None = None) -> None:
    meeting = entry.meeting
    check(actor, meeting.unit, Role.WORKER)
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.unmatched_removed",
        target=meeting,
        changes={"name": entry.name},
    )
    entry.delete()
