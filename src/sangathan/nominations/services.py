"""Every change to requisitions and their panels goes through one function here.

Requisitions here; a panel's changes in ``panels.py``; selection in ``selection.py``;
reminders in ``reminders.py``. Refusals raise ``django.core.exceptions.ValidationError`` with
whole translated sentences (``PanelInvalid``, a subclass, when a panel fails its checks); a role
too low is ``PermissionDenied``; the services never raise 404 (the selectors fetch objects).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import has_role, require_role
from sangathan.core.audit import audit, diff
from sangathan.core.models import Role
from sangathan.core.notifications import notify_on_commit
from sangathan.lib.text import clean_text
from sangathan.nominations.eligibility import Problem
from sangathan.nominations.models import (
    ANSWERED,
    Ask,
    Nomination,
    Requisition,
    RequisitionStatus,
    Submission,
    Target,
)
from sangathan.nominations.recipients import deadline_text, unit_editors
from sangathan.units.models import Level, PostType, Unit

if TYPE_CHECKING:
    from sangathan.core.models import User


class PanelInvalid(ValidationError):
    """A panel that fails its checks; ``problems`` has each one with its code and row."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__([p.message for p in problems])


@dataclass
class AskSpec:
    """One post a new requisition asks names for."""

    post_type: PostType
    min_count: int = 1
    max_count: int | None = None  # None: exactly min_count
    ranked: bool = False
    min_women: int = 0
    age_min: int | None = None
    age_max: int | None = None
    phone_required: bool = False
    conflicting_posts: list[PostType] = field(default_factory=list)


def _check(actor: User | None, unit: Unit, role: str) -> None:
    """Services run for a person (checked) or for the system: the CLI and demo (``None``)."""
    if actor is not None:
        require_role(actor, unit, role)


def _check_issuer(actor: User | None, requisition: Requisition) -> None:
    """The issuer's decisions need an editor of the issuer. The requisition was fetched
    through a selector, so anyone else seeing it (a responding unit) is refused with 403."""
    if actor is not None and not has_role(actor, requisition.issuer, Role.EDITOR):
        raise PermissionDenied(
            _("Only an editor of %(unit)s can do this.") % {"unit": requisition.issuer.name}
        )


def _now() -> datetime:
    return timezone.now()


def lock_requisition(requisition: Requisition) -> Requisition:
    """Lock the row for this transaction and reload the caller's instance in place, so that
    the object the caller holds shows the change afterwards."""
    list(Requisition.objects.select_for_update().filter(pk=requisition.pk).values_list("pk"))
    requisition.refresh_from_db()
    return requisition


def lock_submission(submission: Submission) -> Submission:
    """The same for a panel; its requisition is reloaded too (its status decides)."""
    list(Submission.objects.select_for_update().filter(pk=submission.pk).values_list("pk"))
    submission.refresh_from_db()
    submission.requisition.refresh_from_db()
    return submission


# --- Requisitions ---------------------------------------------------------------------------


def _clean_asks(issuer: Unit, asks: Sequence[AskSpec]) -> list[str]:
    problems: list[str] = []
    if not asks:
        problems.append(_("Ask for at least one post."))
    seen: set[int] = set()
    for spec in asks:
        post = spec.post_type
        high = spec.min_count if spec.max_count is None else spec.max_count
        if post.pk in seen:
            problems.append(_("The post %(post)s is asked for twice.") % {"post": post.name})
        seen.add(post.pk)
        if spec.min_count < 0 or high < 1 or spec.min_count > high:
            problems.append(
                _(
                    "For %(post)s, ask for at least one name, with the smallest number "
                    "not above the largest."
                )
                % {"post": post.name}
            )
        if spec.min_women > high:
            problems.append(
                _("For %(post)s, more women are required than names asked for.")
                % {"post": post.name}
            )
        if spec.age_min is not None and spec.age_max is not None and spec.age_min > spec.age_max:
            problems.append(
                _("For %(post)s, the youngest age is above the oldest.") % {"post": post.name}
            )
        if post.level.depth < issuer.level.depth:
            problems.append(
                _("%(post)s is a post of %(level)s units, above %(unit)s.")
                % {"post": post.name, "level": post.level.name, "unit": issuer.name}
            )
    return problems


def _addressee_problems(
    issuer: Unit, target: str, target_level: Level | None, chosen: Sequence[Unit]
) -> list[str]:
    if target == Target.LEVEL:
        if target_level is None or target_level.depth <= issuer.level.depth:
            return [_("Choose a level below %(unit)s.") % {"unit": issuer.name}]
    elif target == Target.CHOSEN:
        if not chosen:
            return [_("Choose at least one unit to ask.")]
        outside = [u for u in chosen if u.pk == issuer.pk or not u.path.startswith(issuer.path)]
        if outside:
            return [
                _("%(unit)s is not under %(issuer)s.")
                % {"unit": outside[0].name, "issuer": issuer.name}
            ]
    return []


def _requisition_problems(
    issuer: Unit,
    title: str,
    deadline: datetime,
    asks: Sequence[AskSpec],
    target: str,
    target_level: Level | None,
    chosen_units: Sequence[Unit],
) -> list[str]:
    """The rules a requisition's own fields follow, when it is created and when it is edited."""
    problems: list[str] = []
    if not title:
        problems.append(_("Give the requisition a title."))
    if timezone.is_naive(deadline):
        raise ValueError("deadline must be timezone-aware")
    if deadline <= _now():
        problems.append(_("The deadline must be in the future."))
    problems += _clean_asks(issuer, asks)
    problems += _addressee_problems(issuer, target, target_level, chosen_units)
    return problems


def _ask_values(spec: AskSpec, order: int) -> dict[str, Any]:
    return {
        "min_count": spec.min_count,
        "max_count": spec.min_count if spec.max_count is None else spec.max_count,
        "ranked": spec.ranked,
        "min_women": spec.min_women,
        "age_min": spec.age_min,
        "age_max": spec.age_max,
        "phone_required": spec.phone_required,
        "sort_order": order,
    }


def _write_asks(requisition: Requisition, asks: Sequence[AskSpec]) -> None:
    """Make the requisition ask for exactly ``asks``: a post asked before keeps its row (and
    uuid) with the new numbers, a post no longer asked is dropped."""
    existing = {ask.post_type_id: ask for ask in requisition.asks.all()}
    wanted = {spec.post_type.pk for spec in asks}
    requisition.asks.exclude(post_type_id__in=wanted).delete()
    for order, spec in enumerate(asks):
        values = _ask_values(spec, order)
        ask = existing.get(spec.post_type.pk)
        if ask is None:
            ask = Ask.objects.create(requisition=requisition, post_type=spec.post_type, **values)
        else:
            for name, value in values.items():
                setattr(ask, name, value)
            ask.save(update_fields=list(values))
        ask.conflicting_posts.set(spec.conflicting_posts)


@transaction.atomic
def requisition_create(
    *,
    issuer: Unit,
    title: str,
    deadline: datetime,
    asks: Sequence[AskSpec],
    target: str = Target.CHILDREN,
    target_level: Level | None = None,
    chosen_units: Sequence[Unit] = (),
    instructions_hi: str = "",
    instructions_en: str = "",
    answers: Submission | None = None,
    actor: User | None = None,
) -> Requisition:
    """A draft requisition from ``issuer``. ``answers``: the issuer's own panel in a higher
    requisition that this one gathers names for (the cascade). Editor of the issuer."""
    _check(actor, issuer, Role.EDITOR)
    title = clean_text(title)
    problems = _requisition_problems(
        issuer, title, deadline, asks, target, target_level, chosen_units
    )
    if answers is not None and answers.unit_id != issuer.pk:
        problems.append(_("Only the unit whose panel it is can gather names for it."))
    elif answers is not None and (
        Requisition.objects.get(pk=answers.requisition_id).status != RequisitionStatus.OPEN
        or Submission.objects.get(pk=answers.pk).status in ANSWERED
    ):
        problems.append(
            _("That panel has already been sent or closed; no names can be gathered for it.")
        )
    if problems:
        raise ValidationError(problems)
    requisition = Requisition.objects.create(
        issuer=issuer,
        unit_path=issuer.path,
        title=title,
        instructions_hi=instructions_hi.strip(),
        instructions_en=instructions_en.strip(),
        deadline=deadline,
        target=target,
        target_level=target_level if target == Target.LEVEL else None,
        answers=answers,
        created_by=actor,
    )
    if target == Target.CHOSEN:
        requisition.chosen_units.set(chosen_units)
    _write_asks(requisition, asks)
    audit(
        actor=actor,
        unit=issuer,
        action="nominations.requisition_created",
        target=requisition,
        changes={
            "title": title,
            "deadline": deadline.isoformat(),
            "target": target,
            "asks": [
                f"{a.post_type.name_hi}: {a.min_count}-{a.max_count or a.min_count}" for a in asks
            ],
        },
    )
    return requisition


def requisition_ask_specs(requisition: Requisition) -> list[AskSpec]:
    """The posts a requisition asks for, as they would be given to create or edit it."""
    asks = requisition.asks.select_related("post_type__level").prefetch_related("conflicting_posts")
    return [
        AskSpec(
            post_type=ask.post_type,
            min_count=ask.min_count,
            max_count=ask.max_count,
            ranked=ask.ranked,
            min_women=ask.min_women,
            age_min=ask.age_min,
            age_max=ask.age_max,
            phone_required=ask.phone_required,
            conflicting_posts=list(ask.conflicting_posts.all()),
        )
        for ask in asks
    ]


def _asks_summary(asks: Sequence[AskSpec]) -> list[str]:
    def one(spec: AskSpec) -> str:
        high = spec.min_count if spec.max_count is None else spec.max_count
        ages = f"{spec.age_min or ''}-{spec.age_max or ''}"
        conflicts = ",".join(sorted(p.code for p in spec.conflicting_posts))
        return (
            f"{spec.post_type.name_hi}: {spec.min_count}-{high}, women {spec.min_women}, "
            f"ages {ages}, ranked {spec.ranked}, phone {spec.phone_required}, "
            f"conflicts [{conflicts}]"
        )

    return [one(spec) for spec in asks]


def requisition_edit_refusal(requisition: Requisition) -> str | None:
    """Why the requisition can no longer be edited, or ``None`` while it is a draft: once
    issued, the units asked are working from it."""
    if requisition.status == RequisitionStatus.DRAFT:
        return None
    if requisition.status == RequisitionStatus.OPEN:
        return _(
            "This requisition has already been issued; only a draft can be edited. "
            "To change it, withdraw it and ask again."
        )
    return _("Only a draft requisition can be edited.")


@transaction.atomic
def requisition_update(
    *,
    requisition: Requisition,
    title: str,
    deadline: datetime,
    asks: Sequence[AskSpec],
    target: str = Target.CHILDREN,
    target_level: Level | None = None,
    chosen_units: Sequence[Unit] = (),
    instructions_hi: str = "",
    instructions_en: str = "",
    actor: User | None = None,
) -> Requisition:
    """Change a draft before it is issued, under the same rules as a new one; the audit entry
    has what changed (nothing changed: no entry). Editor of the issuer."""
    _check_issuer(actor, requisition)
    lock_requisition(requisition)
    refusal = requisition_edit_refusal(requisition)
    if refusal:
        raise ValidationError(refusal)
    issuer = requisition.issuer
    title = clean_text(title)
    problems = _requisition_problems(
        issuer, title, deadline, asks, target, target_level, chosen_units
    )
    if problems:
        raise ValidationError(problems)
    chosen = sorted(chosen_units, key=lambda u: u.path) if target == Target.CHOSEN else []
    fields: dict[str, Any] = {
        "title": title,
        "instructions_hi": instructions_hi.strip(),
        "instructions_en": instructions_en.strip(),
        "deadline": deadline,
        "target": target,
        "target_level": target_level if target == Target.LEVEL else None,
    }
    changes: dict[str, Any] = diff(requisition, fields)
    if "deadline" in changes:
        changes["deadline"] = [d.isoformat() for d in changes["deadline"]]
    before_units = [u.name_hi for u in requisition.chosen_units.order_by("path")]
    if before_units != [u.name_hi for u in chosen]:
        changes["chosen_units"] = [before_units, [u.name_hi for u in chosen]]
    before_asks = _asks_summary(requisition_ask_specs(requisition))
    if before_asks != _asks_summary(asks):
        changes["asks"] = [before_asks, _asks_summary(asks)]
    for name, value in fields.items():
        setattr(requisition, name, value)
    requisition.save(update_fields=list(fields))
    requisition.chosen_units.set(chosen)
    _write_asks(requisition, asks)
    if changes:
        audit(
            actor=actor,
            unit=issuer,
            action="nominations.requisition_updated",
            target=requisition,
            changes=changes,
        )
    return requisition


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
