"""A panel's changes: its unit's editors add, remove, order and note names and send it; the
issuer's editors return it for correction or accept it. A sent panel is locked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.core.notifications import notify_on_commit
from sangathan.lib.text import clean_text
from sangathan.nominations.eligibility import Problem, panel_check, person_problems
from sangathan.nominations.models import (
    ANSWERED,
    EDITABLE,
    Ask,
    Nomination,
    RequisitionStatus,
    Submission,
    SubmissionStatus,
)
from sangathan.nominations.recipients import deadline_text, responders, unit_editors
from sangathan.nominations.services import (
    PanelInvalid,
    _check,
    _check_issuer,
    _now,
    lock_submission,
)

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.people.models import Person
    from sangathan.people.services import PersonFields
    from sangathan.units.models import Unit


@dataclass
class PanelEntry:
    """One row of a whole panel sent at once (the API's PUT)."""

    ask: Ask
    person: Person
    note: str = ""
    source: Nomination | None = None


def _editable_panel(submission: Submission, actor: User | None) -> Submission:
    """Lock the panel row for a change by its unit; refuse when it cannot change now."""
    _check(actor, submission.unit, Role.EDITOR)
    locked = lock_submission(submission)
    if locked.requisition.status != RequisitionStatus.OPEN:
        raise ValidationError(
            _("This requisition is %(status)s; it can no longer be changed.")
            % {"status": locked.requisition.get_status_display()}
        )
    if locked.status not in EDITABLE:
        raise ValidationError(
            _("This panel has been sent and is locked; ask %(issuer)s to return it for correction.")
            % {"issuer": locked.requisition.issuer.name}
        )
    return locked


def _touch(submission: Submission) -> None:
    """Record activity; the first change makes an untouched panel a draft."""
    submission.last_activity_at = _now()
    fields = ["last_activity_at"]
    if submission.status == SubmissionStatus.NOT_STARTED:
        submission.status = SubmissionStatus.DRAFT
        fields.append("status")
    submission.save(update_fields=fields)


def _refuse_ineligible(submission: Submission, ask: Ask, person: Person) -> None:
    if ask.requisition_id != submission.requisition_id:
        raise ValidationError(_("That post is not asked for in this requisition."))
    problems = person_problems(submission=submission, ask=ask, person=person)
    if problems:
        raise PanelInvalid(problems)


def _next_position(submission: Submission, ask: Ask) -> int:
    top = Nomination.objects.filter(submission=submission, ask=ask).aggregate(m=Max("position"))
    return (top["m"] or 0) + 1


def _insert(
    submission: Submission,
    ask: Ask,
    person: Person,
    note: str,
    source: Nomination | None,
    position: int | None = None,
) -> Nomination:
    if Nomination.objects.filter(submission=submission, person=person).exists():
        raise ValidationError(_("%(person)s is already on this panel.") % {"person": person.name})
    try:
        with transaction.atomic():
            return Nomination.objects.create(
                submission=submission,
                ask=ask,
                person=person,
                note=clean_text(note)[:300],
                source=source,
                proposed_by_id=source.proposed_by_id if source is not None else submission.unit_id,
                position=position or _next_position(submission, ask),
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("%(person)s is already on this panel.") % {"person": person.name}
        ) from exc


@transaction.atomic
def nominee_add(
    *,
    submission: Submission,
    ask: Ask,
    person: Person,
    note: str = "",
    actor: User | None = None,
) -> Nomination:
    """Put a person from the unit's subtree on the panel, last in the list for ``ask``.
    Refused (``PanelInvalid``) when the person is not eligible for the post."""
    submission = _editable_panel(submission, actor)
    _refuse_ineligible(submission, ask, person)
    nomination = _insert(submission, ask, person, note, None)
    _touch(submission)
    audit(
        actor=actor,
        unit=submission.unit,
        action="nominations.nominee_added",
        target=nomination,
        changes={"person": person.name, "post": ask.post_type.name_hi},
    )
    return nomination


@transaction.atomic
def nominee_add_new_person(
    *,
    submission: Submission,
    ask: Ask,
    details: PersonFields,
    home_unit: Unit,
    note: str = "",
    actor: User | None = None,
) -> Nomination:
    """Register a new person in ``home_unit`` (inside the panel's unit) and nominate them.
    The registry's duplicate check runs: a probable duplicate is still nominated, and the
    duplicate review queue shows it. Nothing is kept if the nomination is refused."""
    from sangathan.people.dedupe import person_check_duplicates
    from sangathan.people.services import person_create

    submission = _editable_panel(submission, actor)
    if not home_unit.path.startswith(submission.unit.path):
        raise ValidationError(
            {
                "home_unit": _("%(unit)s is not in %(panel_unit)s or a unit under it.")
                % {"unit": home_unit.name, "panel_unit": submission.unit.name}
            }
        )
    person = person_create(details=details, home_unit=home_unit, actor=actor)
    person_check_duplicates(person, actor=actor)
    person.refresh_from_db()
    _refuse_ineligible(submission, ask, person)
    nomination = _insert(submission, ask, person, note, None)
    _touch(submission)
    audit(
        actor=actor,
        unit=submission.unit,
        action="nominations.nominee_added",
        target=nomination,
        changes={"person": person.name, "post": ask.post_type.name_hi, "new_person": True},
    )
    return nomination


def _check_source(submission: Submission, source: Nomination) -> None:
    lower = source.submission
    if lower.requisition.answers_id != submission.pk:
        raise ValidationError(
            _("That name comes from a requisition that does not gather names for this panel.")
        )
    if lower.status not in ANSWERED:
        raise ValidationError(
            _("The panel of %(unit)s has not been sent yet; its names cannot be taken.")
            % {"unit": lower.unit.name}
        )


@transaction.atomic
def nominee_add_from_source(
    *,
    submission: Submission,
    source: Nomination,
    ask: Ask | None = None,
    note: str | None = None,
    actor: User | None = None,
) -> Nomination:
    """The cascade: take a name from a lower unit's sent panel (in a requisition that
    ``answers`` this panel) onto this one. ``ask`` defaults to the ask for the same post;
    ``note`` to the lower note. Provenance is kept in ``source``."""
    submission = _editable_panel(submission, actor)
    source = Nomination.objects.select_related(
        "submission__requisition", "submission__unit", "ask__post_type", "person"
    ).get(pk=source.pk)
    _check_source(submission, source)
    if ask is None:
        ask = submission.requisition.asks.filter(post_type_id=source.ask.post_type_id).first()
        if ask is None:
            raise ValidationError(
                _("Choose the post to nominate %(person)s for.") % {"person": source.person.name}
            )
    _refuse_ineligible(submission, ask, source.person)
    nomination = _insert(
        submission, ask, source.person, source.note if note is None else note, source
    )
    _touch(submission)
    audit(
        actor=actor,
        unit=submission.unit,
        action="nominations.nominee_added",
        target=nomination,
        changes={
            "person": source.person.name,
            "post": ask.post_type.name_hi,
            "from": source.submission.unit.name_hi,
        },
    )
    return nomination


@transaction.atomic
def nominee_remove(*, nomination: Nomination, actor: User | None = None) -> None:
    """Take a name off the panel; the others close up."""
    submission = _editable_panel(nomination.submission, actor)
    nomination = Nomination.objects.select_related("person", "ask").get(pk=nomination.pk)
    if Nomination.objects.filter(source=nomination).exists():
        raise ValidationError(
            _("%(person)s has already been taken up by a higher panel; it cannot be removed.")
            % {"person": nomination.person.name}
        )
    ask = nomination.ask
    audit(
        actor=actor,
        unit=submission.unit,
        action="nominations.nominee_removed",
        target=nomination,
        changes={"person": nomination.person.name, "post": ask.post_type.name_hi},
    )
    nomination.delete()
    _renumber(submission, ask)
    _touch(submission)


def _renumber(submission: Submission, ask: Ask, order: Sequence[int] | None = None) -> None:
    rows = list(
        Nomination.objects.filter(submission=submission, ask=ask).order_by("position", "id")
    )
    if order is not None:
        rank = {pk: i for i, pk in enumerate(order)}
        rows.sort(key=lambda n: rank.get(n.pk, len(rank)))
    for i, row in enumerate(rows, start=1):
        if row.position != i:
            row.position = i
    Nomination.objects.bulk_update(rows, ["position"])


@transaction.atomic
def nominee_move(*, nomination: Nomination, position: int, actor: User | None = None) -> Nomination:
    """Put a name at ``position`` (1 = first) in its post's list; the others shift."""
    submission = _editable_panel(nomination.submission, actor)
    nomination = Nomination.objects.select_related("ask__post_type", "person").get(pk=nomination.pk)
    others = list(
        Nomination.objects.filter(submission=submission, ask=nomination.ask)
        .exclude(pk=nomination.pk)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )
    at = max(1, min(position, len(others) + 1))
    order = [*others[: at - 1], nomination.pk, *others[at - 1 :]]
    _renumber(submission, nomination.ask, order)
    _touch(submission)
    audit(
        actor=actor,
        unit=submission.unit,
        action="nominations.nominee_moved",
        target=nomination,
        changes={"position": [nomination.position, at]},
    )
    nomination.refresh_from_db()
    return nomination


@transaction.atomic
def nominee_note(*, nomination: Nomination, note: str, actor: User | None = None) -> Nomination:
    """Change the short note beside a name."""
    submission = _editable_panel(nomination.submission, actor)
    note = clean_text(note)[:300]
    if note != nomination.note:
        audit(
            actor=actor,
            unit=submission.unit,
            action="nominations.nominee_noted",
            target=nomination,
            changes={"note": [nomination.note, note]},
        )
        nomination.note = note
        nomination.save(update_fields=["note"])
        _touch(submission)
    return nomination


@transaction.atomic
def panel_set(
    *, submission: Submission, entries: Sequence[PanelEntry], actor: User | None = None
) -> list[Nomination]:
    """Replace the whole panel with ``entries`` (in order within each post). Every entry is
    checked; one bad entry refuses the lot (``PanelInvalid``) and nothing changes. Counts are
    not enforced here (a draft may be short); ``panel_submit`` enforces them."""
    submission = _editable_panel(submission, actor)
    problems: list[Problem] = []
    seen: set[int] = set()
    for entry in entries:
        if entry.ask.requisition_id != submission.requisition_id:
            raise ValidationError(_("That post is not asked for in this requisition."))
        if entry.person.pk in seen:
            problems.append(
                Problem(
                    code="twice",
                    message=_("%(person)s is on this panel twice.") % {"person": entry.person.name},
                    ask=str(entry.ask.uuid),
                    person=str(entry.person.uuid),
                )
            )
        seen.add(entry.person.pk)
        if entry.source is not None:
            _check_source(submission, entry.source)
        problems += person_problems(submission=submission, ask=entry.ask, person=entry.person)
    if problems:
        raise PanelInvalid(problems)
    if (
        Nomination.objects.filter(submission=submission, taken_up__isnull=False)
        .exclude(person_id__in=seen)
        .exists()
    ):
        raise ValidationError(_("A name already taken up by a higher panel cannot be removed."))
    Nomination.objects.filter(submission=submission, taken_up__isnull=True).exclude(
        person_id__in=seen
    ).delete()
    existing = {n.person_id: n for n in Nomination.objects.filter(submission=submission)}
    positions: dict[int, int] = {}
    result: list[Nomination] = []
    for entry in entries:
        positions[entry.ask.pk] = positions.get(entry.ask.pk, 0) + 1
        row = existing.get(entry.person.pk)
        note = clean_text(entry.note)[:300]
        if row is None:
            row = _insert(
                submission, entry.ask, entry.person, note, entry.source, positions[entry.ask.pk]
            )
        else:
            row.ask, row.note, row.position = entry.ask, note, positions[entry.ask.pk]
            if entry.source is not None:
                row.source = entry.source
                row.proposed_by_id = entry.source.proposed_by_id
            row.save(update_fields=["ask", "note", "position", "source", "proposed_by"])
        result.append(row)
    _touch(submission)
    audit(
        actor=actor,
        unit=submission.unit,
        action="nominations.panel_set",
        target=submission,
        changes={"names": [e.person.name for e in entries]},
    )
    return result


@transaction.atomic
def panel_submit(*, submission: Submission, actor: User | None = None) -> Submission:
    """Send the panel to the issuer. Refused with every problem (``PanelInvalid``) when it
    fails its checks, and after the deadline unless a late submission was allowed. Sending
    locks the panel."""
    submission = _editable_panel(submission, actor)
    if _now() > submission.deadline and not submission.late_allowed:
        raise ValidationError(
            _(
                "The deadline for this panel (%(deadline)s) has passed; ask %(issuer)s to "
                "allow a late submission."
            )
            % {
                "deadline": deadline_text(submission.deadline),
                "issuer": submission.requisition.issuer.name,
            }
        )
    problems = panel_check(submission)
    if problems:
        raise PanelInvalid(problems)
    now = _now()
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = now
    submission.last_activity_at = now
    submission.version += 1
    submission.save(update_fields=["status", "submitted_at", "last_activity_at", "version"])
    audit(
        actor=actor,
        unit=submission.unit,
        action="nominations.panel_submitted",
        target=submission,
        changes={"version": submission.version},
    )
    requisition = submission.requisition
    notify_on_commit(
        unit_editors([requisition.issuer_id]).get(requisition.issuer_id, []),
        "nominations/submitted",
        title=requisition.title,
        unit=submission.unit.name,
        requisition=str(requisition.uuid),
    )
    return submission


def _issuer_panel(submission: Submission, actor: User | None, wanted: str) -> Submission:
    _check_issuer(actor, submission.requisition)
    locked = lock_submission(submission)
    if locked.requisition.status != RequisitionStatus.OPEN:
        raise ValidationError(
            _("This requisition is %(status)s; it can no longer be changed.")
            % {"status": locked.requisition.get_status_display()}
        )
    if locked.status != wanted:
        raise ValidationError(
            _("This panel is %(status)s; only a submitted panel can be returned or accepted.")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def panel_return(*, submission: Submission, reason: str, actor: User | None = None) -> Submission:
    """The issuer sends a submitted panel back for correction, with the reason."""
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say what needs correcting.")})
    submission = _issuer_panel(submission, actor, SubmissionStatus.SUBMITTED)
    if Nomination.objects.filter(submission=submission, outcome="selected").exists():
        raise ValidationError(_("Names have already been selected from this panel."))
    now = _now()
    submission.status = SubmissionStatus.RETURNED
    submission.returned_reason = reason
    submission.returned_at = now
    submission.last_activity_at = now
    submission.save(update_fields=["status", "returned_reason", "returned_at", "last_activity_at"])
    audit(
        actor=actor,
        unit=submission.requisition.issuer,
        action="nominations.panel_returned",
        target=submission,
        changes={"unit": submission.unit.name_hi, "reason": reason},
    )
    notify_on_commit(
        responders(submission),
        "nominations/returned",
        title=submission.requisition.title,
        unit=submission.unit.name,
        reason=reason,
        submission=str(submission.uuid),
    )
    return submission


@transaction.atomic
def panel_accept(*, submission: Submission, actor: User | None = None) -> Submission:
    """The issuer accepts a submitted panel; it stays locked."""
    submission = _issuer_panel(submission, actor, SubmissionStatus.SUBMITTED)
    now = _now()
    submission.status = SubmissionStatus.ACCEPTED
    submission.accepted_at = now
    submission.last_activity_at = now
    submission.save(update_fields=["status", "accepted_at", "last_activity_at"])
    audit(
        actor=actor,
        unit=submission.requisition.issuer,
        action="nominations.panel_accepted",
        target=submission,
        changes={"unit": submission.unit.name_hi},
    )
    notify_on_commit(
        responders(submission),
        "nominations/accepted",
        title=submission.requisition.title,
        unit=submission.unit.name,
        submission=str(submission.uuid),
    )
    return submission
