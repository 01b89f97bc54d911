"""The issuer decides: selecting a name appoints the person; closing the requisition marks the
rest not selected and tells each responding unit the outcome.

Outcomes travel down the cascade: a name the state selects from the district's panel, which
the district took from a mandal's, is marked selected on the mandal's panel too.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sangathan.core.audit import audit
from sangathan.core.notifications import notify_on_commit
from sangathan.nominations.models import (
    ANSWERED,
    Nomination,
    Outcome,
    Requisition,
    RequisitionStatus,
    Submission,
)
from sangathan.nominations.recipients import responders
from sangathan.nominations.services import _check_issuer, _now, lock_requisition
from sangathan.units.models import Appointment, Unit
from sangathan.units.services import appointment_create

if TYPE_CHECKING:
    from sangathan.core.models import User


def appointment_unit(nomination: Nomination) -> Unit:
    """Where a selected name is appointed: the unit of the post's level on the line from the
    panel's unit up to the issuer (the panel's unit itself when the post is of its level)."""
    post = nomination.ask.post_type
    path = nomination.submission.unit_path
    steplen = Unit.steplen
    prefixes = [path[:i] for i in range(steplen, len(path) + 1, steplen)]
    unit = (
        Unit.objects.filter(path__in=prefixes, level_id=post.level_id)
        .select_related("level")
        .order_by("-depth")
        .first()
    )
    if unit is None:
        raise ValidationError(
            _("%(post)s is a post of %(level)s units; there is none above %(unit)s.")
            % {"post": post.name, "level": post.level.name, "unit": nomination.submission.unit.name}
        )
    return unit


def free_seats(nomination: Nomination) -> int:
    """Seats of the nomination's post still vacant where it would be appointed."""
    unit = appointment_unit(nomination)
    post = nomination.ask.post_type
    held = Appointment.objects.active().filter(unit=unit, post_type=post).count()
    return max(0, post.seats - held)


def _mark_sources(source_ids: set[int], outcome: str) -> None:
    """Give the names these were taken from, all the way down the cascade, the same outcome
    (those still pending). One query per level."""
    now = _now()
    while source_ids:
        rows = Nomination.objects.filter(pk__in=source_ids, outcome=Outcome.PENDING)
        below = set(rows.exclude(source=None).values_list("source_id", flat=True))
        rows.update(outcome=outcome, decided_at=now)
        source_ids = below


@transaction.atomic
def nomination_select(
    *, nomination: Nomination, start_date: date | None = None, actor: User | None = None
) -> Nomination:
    """Select a name: the person is appointed to the post (from ``start_date``, today by
    default) through the appointments service, which keeps the seats and the reservation
    rule. Refused when every seat is filled, when the panel was not sent, or twice."""
    requisition = nomination.submission.requisition
    _check_issuer(actor, requisition)
    # Lock the name: two clicks, or two editors, must not appoint the person twice. The
    # caller's instance is reloaded in place so that it shows the outcome afterwards.
    list(Nomination.objects.select_for_update().filter(pk=nomination.pk).values_list("pk"))
    nomination.refresh_from_db()
    nomination.submission.refresh_from_db()
    nomination.submission.requisition.refresh_from_db()
    requisition = nomination.submission.requisition
    if requisition.status != RequisitionStatus.OPEN:
        raise ValidationError(
            _("This requisition is %(status)s; it can no longer be changed.")
            % {"status": requisition.get_status_display()}
        )
    if nomination.submission.status not in ANSWERED:
        raise ValidationError(_("Names can be selected only from a panel that has been sent."))
    if nomination.outcome != Outcome.PENDING:
        raise ValidationError(
            _("%(person)s has already been decided on (%(outcome)s).")
            % {"person": nomination.person.name, "outcome": nomination.get_outcome_display()}
        )
    unit = appointment_unit(nomination)
    post = nomination.ask.post_type
    if free_seats(nomination) <= 0:
        raise ValidationError(
            _(
                "All %(seats)s seats of %(post)s in %(unit)s are filled; no more names can be "
                "selected for it."
            )
            % {"seats": post.seats, "post": post.name, "unit": unit.name}
        )
    # The appointed unit lies between the panel's unit and the issuer, so inside the
    # issuer's editors' reach: the appointments service checks them again there.
    appointment = appointment_create(
        person=nomination.person, post_type=post, unit=unit, start_date=start_date, actor=actor
    )
    nomination.outcome = Outcome.SELECTED
    nomination.appointment = appointment
    nomination.decided_at = _now()
    nomination.save(update_fields=["outcome", "appointment", "decided_at"])
    if nomination.source_id is not None:
        _mark_sources({nomination.source_id}, Outcome.SELECTED)
    audit(
        actor=actor,
        unit=requisition.issuer,
        action="nominations.selected",
        target=nomination,
        changes={
            "person": nomination.person.name,
            "post": post.name_hi,
            "unit": unit.name_hi,
            "from": appointment.start_date.isoformat(),
            "appointment": str(appointment.uuid),
        },
    )
    return nomination


@transaction.atomic
def requisition_close(*, requisition: Requisition, actor: User | None = None) -> Requisition:
    """Decide the requisition: every name not selected becomes not selected (those taken up by
    a higher panel wait for that panel's decision), and each unit that sent a panel is told
    its outcome. Nothing can change afterwards."""
    _check_issuer(actor, requisition)
    lock_requisition(requisition)
    if requisition.status != RequisitionStatus.OPEN:
        raise ValidationError(
            _("This requisition is %(status)s; it can no longer be changed.")
            % {"status": requisition.get_status_display()}
        )
    now = _now()
    pending = Nomination.objects.filter(
        submission__requisition=requisition, outcome=Outcome.PENDING
    )
    # A name taken up above is decided there, not here.
    undecided = Nomination.objects.filter(pk__in=pending.filter(taken_up__isnull=True).values("pk"))
    sources = set(undecided.exclude(source=None).values_list("source_id", flat=True))
    not_selected = undecided.update(outcome=Outcome.NOT_SELECTED, decided_at=now)
    _mark_sources(sources, Outcome.NOT_SELECTED)
    requisition.status = RequisitionStatus.CLOSED
    requisition.closed_at = now
    requisition.save(update_fields=["status", "closed_at"])
    selected: dict[int, list[str]] = defaultdict(list)
    for submission_id, name in Nomination.objects.filter(
        submission__requisition=requisition, outcome=Outcome.SELECTED
    ).values_list("submission_id", "person__name"):
        selected[submission_id].append(name)
    for submission in Submission.objects.filter(
        requisition=requisition, status__in=ANSWERED
    ).select_related("unit", "requisition"):
        notify_on_commit(
            responders(submission),
            "nominations/outcome",
            title=requisition.title,
            unit=submission.unit.name,
            selected=selected.get(submission.pk, []),
            submission=str(submission.uuid),
        )
    audit(
        actor=actor,
        unit=requisition.issuer,
        action="nominations.requisition_closed",
        target=requisition,
        changes={
            "selected": sum(len(v) for v in selected.values()),
            "not_selected": not_selected,
        },
    )
    return requisition
