"""Drafting a requisition: creating it and editing it while it is a draft. Both take the same
asks (``AskSpec``) and are checked by the same rules (``_requisition_problems``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.audit import audit, diff
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.nominations.models import (
    ANSWERED,
    Ask,
    Requisition,
    RequisitionStatus,
    Submission,
    Target,
)
from sangathan.units.models import Level, Unit

if TYPE_CHECKING:
    from sangathan.core.models import User
from sangathan.nominations.common import AskSpec, _check, _check_issuer, _now, lock_requisition


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
