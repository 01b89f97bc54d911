"""Who may see and change what. Every page, endpoint, export and search asks here.

A user's reach is the union of the subtrees of their grants. Subtrees are prefix matches on the
materialized path, so "everything this user may see" is one indexed filter, never a walk of the
tree. An object outside a user's reach is reported as missing (404), not as forbidden, so that
an outsider cannot even learn that it exists; inside the reach, too low a role is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from sangathan.core.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sangathan.core.models import User
    from sangathan.units.models import Unit

    AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Reach:
    """The (path, role) pairs of one user's grants; ``everything`` for superusers."""

    grants: tuple[tuple[str, str], ...]
    everything: bool = False

    def paths(self, role: str = Role.VIEWER) -> list[str]:
        wanted = Role.rank(role)
        return [path for path, r in self.grants if Role.rank(r) >= wanted]

    def role_at(self, path: str) -> str | None:
        """The strongest role any grant gives over the unit at ``path``."""
        if self.everything:
            return Role.ADMIN
        best: str | None = None
        for grant_path, role in self.grants:
            if path.startswith(grant_path) and (best is None or Role.rank(role) > Role.rank(best)):
                best = role
        return best


def reach_of(user: AnyUser) -> Reach:
    """The user's grants, read once per request and kept on the user object."""
    if not user.is_authenticated or not user.is_active:
        return Reach(grants=())
    cached = getattr(user, "_sangathan_reach", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        reach = Reach(grants=(), everything=True)
    else:
        rows = user.grants.select_related("unit").values_list("unit__path", "role")
        reach = Reach(grants=tuple((path, role) for path, role in rows))
    setattr(user, "_sangathan_reach", reach)  # noqa: B010 (not a model field)
    return reach


def forget_reach(user: AnyUser) -> None:
    """Drop the cached grants after they change."""
    if hasattr(user, "_sangathan_reach"):
        delattr(user, "_sangathan_reach")


def path_filter(user: AnyUser, field: str = "unit_path", role: str = Role.VIEWER) -> Q:
    """A filter for any row that stores a unit path in ``field``: rows inside the user's reach.

    ``path_filter(user, "path")`` scopes units themselves; ``"unit_path"`` scopes facts."""
    reach = reach_of(user)
    if reach.everything:
        return Q()
    paths = _outermost(reach.paths(role))
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{field}__subtree": path})
    return q


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths inside other paths: a grant on a mandal adds nothing to one on its district."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def role_for_unit(user: AnyUser, unit: Unit) -> str | None:
    return reach_of(user).role_at(unit.path)


def has_role(user: AnyUser, unit: Unit, role: str) -> bool:
    held = role_for_unit(user, unit)
    return held is not None and Role.rank(held) >= Role.rank(role)


def require_role(user: AnyUser, unit: Unit, role: str) -> None:
    """404 when the unit is outside the user's reach, 403 when the role is too low."""
    held = role_for_unit(user, unit)
    if held is None:
        raise Http404
    if Role.rank(held) < Role.rank(role):
        raise PermissionDenied


def units_visible(user: AnyUser, role: str = Role.VIEWER) -> Any:
    """Every unit the user may see (at ``role`` or better), as a queryset."""
    from sangathan.units.models import Unit

    return Unit.objects.filter(path_filter(user, "path", role))


def unit_get_for_user(
    user: AnyUser, *, uuid: Any = None, code: str | None = None, role: str = Role.VIEWER
) -> Unit:
    """Fetch a unit by UUID or code and authorise in one call."""
    from sangathan.units.models import Unit

    lookup: dict[str, Any] = {"uuid": uuid} if uuid is not None else {"code": code}
    try:
        unit = Unit.objects.select_related("level").get(**lookup)
    except (Unit.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    require_role(user, unit, role)
    return unit


def is_admin_anywhere(user: AnyUser) -> bool:
    reach = reach_of(user)
    return reach.everything or any(role == Role.ADMIN for _, role in reach.grants)
