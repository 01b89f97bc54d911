"""What every nominations service shares: the refusals, the ask a requisition is made of, the
role checks and the row locks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import has_role, require_role
from sangathan.core.models import Role
from sangathan.nominations.eligibility import Problem
from sangathan.nominations.models import (
    Requisition,
    Submission,
)
from sangathan.units.models import PostType, Unit

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
