"""Every change to requisitions and their panels goes through one function here.

Requisitions here (drafting them in ``drafting.py``, what all share in ``common.py``; every
name is importable from here); a panel's changes in ``panels.py``; selection in
``selection.py``; reminders in ``reminders.py``. Refusals raise
``django.core.exceptions.ValidationError`` with whole translated sentences (``PanelInvalid``, a
subclass, when a panel fails its checks); a role too low is ``PermissionDenied``; the services
never raise 404 (the selectors fetch objects).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, QuerySet
from django.utils.translation import gettext as _

from sangathan.core.audit import audit
from sangathan.core.notifications import notify_on_commit
from sangathan.lib.text import clean_text
from sangathan.nominations.models import (
    Nomination,
    Requisition,
    RequisitionStatus,
    Submission,
    Target,
)
from sangathan.nominations.recipients import deadline_text, unit_editors
from sangathan.units.models import Unit

if TYPE_CHECKING:
    from sangathan.core.models import User
from sangathan.nominations.common import AskSpec as AskSpec
from sangathan.nominations.common import PanelInvalid as PanelInvalid
from sangathan.nominations.common import _check as _check
from sangathan.nominations.common import _check_issuer as _check_issuer
from sangathan.nominations.common import _now as _now
from sangathan.nominations.common import lock_requisition as lock_requisition
from sangathan.nominations.common import lock_submission as lock_submission
from sangathan.nominations.drafting import requisition_ask_specs as requisition_ask_specs
from sangathan.nominations.drafting import requisition_create as requisition_create
from sangathan.nominations.drafting import requisition_edit_refusal as requisition_edit_refusal
from sangathan.nominations.drafting import requisition_update as requisition_update


def _addressees(requisition: Requisition) -> QuerySet[Unit]:
    issuer = requisition.issuer
    if requisition.target == Target.CHILDREN:
        units = Unit.objects.filter(path__subtree=issuer.path, depth=issuer.depth + 1)
    elif requisition.target == Target.LEVEL:
        units = Unit.objects.filter(path__subtree=issuer.path, level=requisition.target_level)
    else:
        units = requisition.chosen_units.filter(path__subtree=issuer.path).exclude(pk=issuer.pk)
    return units


def requisition_addressee_count(requisition: Requisition) -> int:
    """How many units issuing the requisition will ask: one COUNT, however many booths."""
    return _addressees(requisition).count()


def _posts_below_addressees(requisition: Requisition, units: QuerySet[Unit]) -> list[str]:
    """A name is appointed in the responding unit or a unit above it: a post of a lower level
    than some addressee could never be filled from that unit's panel."""
    highest = units.aggregate(depth=Min("level__depth"))["depth"]
    if highest is None:
        return []
    return [
        _("%(post)s is a post of %(level)s units, below some of the units asked.")
        % {"post": ask.post_type.name, "level": ask.post_type.level.name}
        for ask in requisition.asks.select_related("post_type__level")
        if ask.post_type.level.depth > highest
    ]


@transaction.atomic
def requisition_issue(*, requisition: Requisition, actor: User | None = None) -> Requisition:
    """Open a draft: one empty panel per addressed unit, written in bulk (a state asking every
    booth inserts lakhs of rows in batches, not one save each), and the addressed units'
    editors are told. Editor of the issuer."""
    _check_issuer(actor, requisition)
    lock_requisition(requisition)
    if requisition.status != RequisitionStatus.DRAFT:
        raise ValidationError(_("Only a draft requisition can be issued."))
    now = _now()
    units = _addressees(requisition)
    problems = _posts_below_addressees(requisition, units)
    if problems:
        raise ValidationError(problems)
    batch: list[Submission] = []
    total = 0
    rows = units.order_by("path").values_list("pk", "path").iterator(chunk_size=5000)
    for unit_id, path in rows:
        batch.append(
            Submission(
                requisition=requisition, unit_id=unit_id, unit_path=path, last_activity_at=None
            )
        )
        if len(batch) >= 2000:
            Submission.objects.bulk_create(batch, ignore_conflicts=True)
            total += len(batch)
            batch = []
    if batch:
        Submission.objects.bulk_create(batch, ignore_conflicts=True)
        total += len(batch)
    if total == 0:
        raise ValidationError(_("There is no unit to ask: the requisition addresses no unit."))
    requisition.status = RequisitionStatus.OPEN
    requisition.issued_at = now
    requisition.save(update_fields=["status", "issued_at"])
    audit(
        actor=actor,
        unit=requisition.issuer,
        action="nominations.requisition_issued",
        target=requisition,
        changes={"panels": total},
    )
    _notify_addressees(requisition)
    return requisition


def _notify_addressees(requisition: Requisition) -> None:
    submissions = Submission.objects.filter(requisition=requisition).select_related("unit")
    editors = unit_editors([s.unit_id for s in submissions])
    for submission in submissions:
        users = editors.get(submission.unit_id, [])
        if users:
            notify_on_commit(
                users,
                "nominations/requested",
                title=requisition.title,
                issuer=requisition.issuer.name,
                unit=submission.unit.name,
                deadline=deadline_text(requisition.deadline),
                submission=str(submission.uuid),
            )


def _open_requisition(requisition: Requisition) -> Requisition:
    locked = lock_requisition(requisition)
    if locked.status != RequisitionStatus.OPEN:
        raise ValidationError(
            _("This requisition is %(status)s; it can no longer be changed.")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def requisition_extend_deadline(
    *, requisition: Requisition, deadline: datetime, actor: User | None = None
) -> Requisition:
    """Move the deadline of every panel (those with their own deadline keep it) later."""
    _check_issuer(actor, requisition)
    requisition = _open_requisition(requisition)
    if deadline <= requisition.deadline:
        raise ValidationError(_("The new deadline must be later than the present one."))
    old = requisition.deadline
    requisition.deadline = deadline
    requisition.save(update_fields=["deadline"])
    audit(
        actor=actor,
        unit=requisition.issuer,
        action="nominations.deadline_extended",
        target=requisition,
        changes={"deadline": [old.isoformat(), deadline.isoformat()]},
    )
    return requisition


@transaction.atomic
def submission_extend_deadline(
    *, submission: Submission, deadline: datetime, actor: User | None = None
) -> Submission:
    """Give one unit a later deadline than the others."""
    requisition = submission.requisition
    _check_issuer(actor, requisition)
    _open_requisition(requisition)
    lock_submission(submission)
    if deadline <= submission.deadline:
        raise ValidationError(_("The new deadline must be later than the present one."))
    old = submission.deadline
    submission.deadline_override = deadline
    submission.save(update_fields=["deadline_override"])
    audit(
        actor=actor,
        unit=requisition.issuer,
        action="nominations.panel_deadline_extended",
        target=submission,
        changes={
            "unit": submission.unit.name_hi,
            "deadline": [old.isoformat(), deadline.isoformat()],
        },
    )
    return submission


@transaction.atomic
def submission_allow_late(
    *, submission: Submission, allowed: bool = True, actor: User | None = None
) -> Submission:
    """Let one unit send its panel after the deadline (or take that back)."""
    requisition = submission.requisition
    _check_issuer(actor, requisition)
    _open_requisition(requisition)
    lock_submission(submission)
    if submission.late_allowed != allowed:
        submission.late_allowed = allowed
        submission.save(update_fields=["late_allowed"])
        audit(
            actor=actor,
            unit=requisition.issuer,
            action="nominations.late_allowed",
            target=submission,
            changes={"unit": submission.unit.name_hi, "late_allowed": allowed},
        )
    return submission


@transaction.atomic
def requisition_withdraw(
    *, requisition: Requisition, reason: str = "", actor: User | None = None
) -> Requisition:
    """Call the requisition off. The panels sent so far stay on record; nothing can change."""
    _check_issuer(actor, requisition)
    lock_requisition(requisition)
    if requisition.status not in (RequisitionStatus.DRAFT, RequisitionStatus.OPEN):
        raise ValidationError(
            _("This requisition is %(status)s; it can no longer be changed.")
            % {"status": requisition.get_status_display()}
        )
    if Nomination.objects.filter(submission__requisition=requisition, outcome="selected").exists():
        raise ValidationError(
            _("Names have already been selected from this requisition; close it instead.")
        )
    requisition.status = RequisitionStatus.WITHDRAWN
    requisition.closed_at = _now()
    requisition.save(update_fields=["status", "closed_at"])
    audit(
        actor=actor,
        unit=requisition.issuer,
        action="nominations.requisition_withdrawn",
        target=requisition,
        changes={"reason": clean_text(reason)},
    )
    return requisition
