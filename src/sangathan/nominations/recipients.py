"""Who hears about a panel: the editors of the responding unit, found through their grants."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from sangathan.core.models import Grant, Role, User
from sangathan.units.models import Unit

if TYPE_CHECKING:
    from sangathan.nominations.models import Submission

# Enough ids per query to stay far below SQLite's limit on query parameters.
_CHUNK = 500


def deadline_text(moment: datetime) -> str:
    """A deadline as people read it, in India's time: 27-11-2026 18:00."""
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def unit_editors(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """unit id -> the active users with an editor or admin grant on exactly that unit."""
    ids = list(dict.fromkeys(unit_ids))
    found: dict[int, list[User]] = defaultdict(list)
    for start in range(0, len(ids), _CHUNK):
        grants = Grant.objects.filter(
            unit_id__in=ids[start : start + _CHUNK],
            role__in=Role.at_least(Role.EDITOR),
            user__is_active=True,
        ).select_related("user")
        for grant in grants:
            found[grant.unit_id].append(grant.user)
    return found


def responders(submission: Submission) -> list[User]:
    """The editors who answer for ``submission``: those with a grant on its unit, or, when it
    has none (a booth with no account), on the nearest unit above it that has some, never
    reaching the issuer itself (whose editors asked the question)."""
    steplen = Unit.steplen
    issuer_path = submission.requisition.unit_path
    path = submission.unit_path
    prefixes = [
        path[:i]
        for i in range(len(path), len(issuer_path), -steplen)
        if len(path[:i]) > len(issuer_path)
    ]
    grants = Grant.objects.filter(
        unit__path__in=prefixes, role__in=Role.at_least(Role.EDITOR), user__is_active=True
    ).select_related("user", "unit")
    by_path: dict[str, list[User]] = defaultdict(list)
    for grant in grants:
        by_path[grant.unit.path].append(grant.user)
    for prefix in prefixes:  # nearest first
        if by_path.get(prefix):
            return by_path[prefix]
    return []
