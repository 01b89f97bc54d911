"""Reads of the unit tree, posts and vacancies. Subtrees are path-prefix filters throughout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404

from sangathan.core.access import path_filter, reach_of, require_role, units_visible
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.units.models import Appointment, Level, PostType, Unit

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser


def subtree(unit: Unit) -> QuerySet[Unit]:
    """The unit and every unit under it."""
    return Unit.objects.filter(path__subtree=unit.path)


def breadcrumb(unit: Unit) -> list[Unit]:
    """The ancestors of ``unit``, top first, then the unit itself: one query on path prefixes."""
    steplen = Unit.steplen
    prefixes = [unit.path[:i] for i in range(steplen, len(unit.path) + 1, steplen)]
    by_path = {u.path: u for u in Unit.objects.filter(path__in=prefixes).select_related("level")}
    return [by_path[p] for p in prefixes if p in by_path]


@dataclass
class ChildRow:
    unit: Unit
    counts: dict[int, int]  # level id -> number of units of that level under the child

    def count_list(self, levels: list[Level]) -> list[tuple[Level, int]]:
        return [(lv, self.counts.get(lv.pk, 0)) for lv in levels if lv.pk in self.counts]


def children_with_counts(unit: Unit) -> tuple[list[ChildRow], list[Level]]:
    """The unit's children and, for each, how many units of each lower level it holds.
    Two queries whatever the size of the subtree: one for the children, one GROUP BY on the
    first step of the path below ``unit``."""
    children = list(
        Unit.objects.filter(path__subtree=unit.path, depth=unit.depth + 1)
        .select_related("level")
        .order_by("name_hi")
    )
    prefix_len = len(unit.path) + Unit.steplen
    rows = (
        Unit.objects.filter(path__subtree=unit.path, depth__gt=unit.depth + 1)
        .annotate(child_path=Substr("path", 1, prefix_len))
        .order_by()
        .values("child_path", "level_id")
        .annotate(n=Count("id"))
    )
    counts: dict[str, dict[int, int]] = {}
    for row in rows:
        counts.setdefault(row["child_path"], {})[row["level_id"]] = row["n"]
    levels = list(Level.objects.filter(depth__gt=unit.level.depth))
    return [ChildRow(unit=c, counts=counts.get(c.path, {})) for c in children], levels


def office_bearers(unit: Unit, on: date | None = None) -> QuerySet[Appointment]:
    """Who holds which post in ``unit`` today, in the posts' order."""
    return (
        Appointment.objects.active(on)
        .filter(unit=unit)
        .select_related("person", "post_type")
        .order_by("post_type__sort_order", "post_type_id", "start_date")
    )


def appointment_history(unit: Unit) -> QuerySet[Appointment]:
    return (
        Appointment.objects.filter(unit=unit)
        .select_related("person", "post_type")
        .order_by("-start_date", "-id")
    )


def unit_search(
    user: AnyUser, query: str, *, within: Unit | None = None, limit: int = 20
) -> list[Unit]:
    """Units the user may see whose Hindi or English name contains ``query``, or whose code
    starts with it. Exact code matches come first, then shallower units."""
    text = clean_text(query)
    if not text:
        return []
    units = units_visible(user).select_related("level")
    if within is not None:
        units = units.filter(path__subtree=within.path)
    matches = units.filter(
        Q(name_hi__icontains=text) | Q(name_en__icontains=text) | Q(code__istartswith=text)
    ).order_by("depth", "name_hi")[: limit * 3]
    ranked = sorted(
        matches,
        key=lambda u: (
            0 if (u.code or "").casefold() == text.casefold() else 1,
            0
            if u.name_hi.startswith(text) or u.name_en.casefold().startswith(text.casefold())
            else 1,
            u.depth,
            u.name_hi,
        ),
    )
    return ranked[:limit]


def post_types_for_unit(unit: Unit) -> QuerySet[PostType]:
    return PostType.objects.filter(level=unit.level_id, is_active=True)


# --- Vacancies ------------------------------------------------------------------------------


@dataclass
class VacancyRow:
    """One post across a subtree: how many units should have it and how many do."""

    post_type: PostType
    units: int
    units_filled: int
    seats: int
    seats_filled: int

    @property
    def units_empty(self) -> int:
        return self.units - self.units_filled

    @property
    def seats_empty(self) -> int:
        return self.seats - self.seats_filled


def vacancy_summary(root: Unit, on: date | None = None) -> list[VacancyRow]:
    """For each post in use at or below ``root``'s level: units, units with nobody in the post,
    seats and seats filled. Three grouped queries, whatever the size of the subtree."""
    units_per_level = dict(
        Unit.objects.filter(path__subtree=root.path)
        .order_by()
        .values_list("level_id")
        .annotate(n=Count("id"))
        .values_list("level_id", "n")
    )
    filled = {
        row["post_type_id"]: row
        for row in Appointment.objects.active(on)
        .filter(unit_path__subtree=root.path)
        .order_by()
        .values("post_type_id")
        .annotate(units=Count("unit_id", distinct=True), seats=Count("id"))
    }
    rows: list[VacancyRow] = []
    for post_type in PostType.objects.filter(
        is_active=True, level_id__in=list(units_per_level)
    ).select_related("level"):
        n_units = units_per_level.get(post_type.level_id, 0)
        got = filled.get(post_type.pk, {"units": 0, "seats": 0})
        rows.append(
            VacancyRow(
                post_type=post_type,
                units=n_units,
                units_filled=got["units"],
                seats=n_units * post_type.seats,
                seats_filled=got["seats"],
            )
        )
    return rows


@dataclass
class VacancyChildRow:
    unit: Unit
    units: int
    units_filled: int

    @property
    def units_empty(self) -> int:
        return self.units - self.units_filled


def vacancy_by_child(
    root: Unit, post_type: PostType, on: date | None = None
) -> list[VacancyChildRow]:
    """For a drill-down: the post's empty units under each child of ``root``."""
    prefix_len = len(root.path) + Unit.steplen
    units = dict(
        Unit.objects.filter(path__subtree=root.path, level=post_type.level_id)
        .annotate(child_path=Substr("path", 1, prefix_len))
        .order_by()
        .values_list("child_path")
        .annotate(n=Count("id"))
        .values_list("child_path", "n")
    )
    filled = dict(
        Appointment.objects.active(on)
        .filter(unit_path__subtree=root.path, post_type=post_type)
        .annotate(child_path=Substr("unit_path", 1, prefix_len))
        .order_by()
        .values_list("child_path")
        .annotate(n=Count("unit_id", distinct=True))
        .values_list("child_path", "n")
    )
    children = Unit.objects.filter(path__in=list(units)).select_related("level")
    rows = [
        VacancyChildRow(unit=c, units=units[c.path], units_filled=filled.get(c.path, 0))
        for c in children
    ]
    rows.sort(key=lambda r: (-r.units_empty, r.unit.name_hi))
    return rows


def vacant_units(root: Unit, post_type: PostType, on: date | None = None) -> QuerySet[Unit]:
    """Units under ``root`` on the post's level where nobody holds the post."""
    held = (
        Appointment.objects.active(on)
        .filter(unit_path__subtree=root.path, post_type=post_type)
        .values("unit_id")
    )
    return (
        Unit.objects.filter(path__subtree=root.path, level=post_type.level_id)
        .exclude(pk__in=held)
        .select_related("level")
        .order_by("path")
    )


def appointments_visible(user: AnyUser, role: str = Role.VIEWER) -> QuerySet[Appointment]:
    return Appointment.objects.filter(path_filter(user, "unit_path", role))


def post_type_get(*, uuid: Any) -> PostType:
    return PostType.objects.select_related("level").get(uuid=uuid)


# --- Pages ----------------------------------------------------------------------------------


def is_top_admin(user: AnyUser) -> bool:
    """Superusers and admins of a root unit: the people who may change the organisation's
    shape (levels, post types). Mirrors ``services._check_top`` without a query."""
    reach = reach_of(user)
    if reach.everything:
        return True
    return any(role == Role.ADMIN and len(path) == Unit.steplen for path, role in reach.grants)


def breadcrumb_for_user(user: AnyUser, unit: Unit) -> list[tuple[Unit, bool]]:
    """The breadcrumb with, for each unit, whether the user may open it: a mandal editor sees
    the district's name above their mandal but gets no link to a page that would be a 404."""
    reach = reach_of(user)
    return [(u, reach.role_at(u.path) is not None) for u in breadcrumb(unit)]


def move_targets(user: AnyUser, unit: Unit, query: str, *, limit: int = 20) -> list[Unit]:
    """Units ``unit`` could be moved under, matching ``query``: on a higher level, outside its
    own subtree, not its present parent, and administered by the user."""
    text = clean_text(query)
    if not text:
        return []
    parent_path = unit.path[: -Unit.steplen]
    return list(
        Unit.objects.filter(path_filter(user, "path", Role.ADMIN))
        .filter(level__depth__lt=unit.level.depth)
        .filter(Q(name_hi__icontains=text) | Q(name_en__icontains=text) | Q(code__istartswith=text))
        .exclude(path__subtree=unit.path)
        .exclude(path=parent_path)
        .select_related("level")
        .order_by("depth", "name_hi")[:limit]
    )


def levels_with_counts() -> list[tuple[Level, int]]:
    """Every level and how many units are on it: one GROUP BY."""
    counts = dict(
        Unit.objects.order_by()
        .values_list("level_id")
        .annotate(n=Count("id"))
        .values_list("level_id", "n")
    )
    return [(level, counts.get(level.pk, 0)) for level in Level.objects.all()]


def appointment_get_for_user(user: AnyUser, *, uuid: Any, role: str = Role.VIEWER) -> Appointment:
    """Fetch an appointment by UUID and authorise on its unit in one call (404 outside the
    user's reach, 403 when the role is too low)."""
    try:
        appointment = Appointment.objects.select_related("unit", "unit__level", "post_type").get(
            uuid=uuid
        )
    except (Appointment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    require_role(user, appointment.unit, role)
    return appointment
