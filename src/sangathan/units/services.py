"""Every change to levels, units, posts and appointments goes through one function here."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sangathan.core.access import reach_of, require_role
from sangathan.core.audit import audit, diff
from sangathan.core.facts import restamp_paths
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.people.models import Gender, Person
from sangathan.units.models import Appointment, Level, PostType, Unit
from sangathan.units.selectors import is_top_admin

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.core.models import User

# The levels a new organisation starts with (Hindi, English), top first.
DEFAULT_LEVELS: list[tuple[str, str]] = [
    ("प्रदेश", "State"),
    ("क्षेत्र", "Region"),
    ("जिला/महानगर", "District"),
    ("मंडल", "Mandal"),
    ("शक्ति केंद्र", "Shakti Kendra"),
    ("बूथ", "Booth"),
]


def _check(actor: User | None, unit: Unit, role: str) -> None:
    """Services run for a person (checked) or for the system: the CLI and demo (``None``)."""
    if actor is not None:
        require_role(actor, unit, role)


def _check_top(actor: User | None) -> None:
    """Changes to the organisation's shape (levels, posts, root units) need a superuser or a
    grant of admin on a root unit."""
    if actor is not None and not is_top_admin(actor):
        raise PermissionDenied(_("Only an administrator of the whole organisation can do this."))


def unit_may_rename(user: AnyUser, unit: Unit) -> bool:
    """A unit's name and code belong to the unit above it: its editors set them (for a root
    unit, the organisation's administrators). A mandal editor cannot rename their mandal."""
    if unit.depth == 1:
        return is_top_admin(user)
    role = reach_of(user).role_at(unit.path[: -Unit.steplen])
    return role is not None and Role.rank(role) >= Role.rank(Role.EDITOR)


# --- Levels ---------------------------------------------------------------------------------


def parse_level_spec(spec: str) -> tuple[str, str]:
    """``"प्रदेश:State"`` -> ("प्रदेश", "State"). Raises ValidationError with the reason."""
    hi, sep, en = spec.partition(":")
    hi, en = clean_text(hi), clean_text(en)
    if not sep or not hi or not en:
        raise ValidationError(
            _('"%(spec)s" is not in the form HINDI:ENGLISH, e.g. "मंडल:Mandal".') % {"spec": spec}
        )
    return hi, en


@transaction.atomic
def levels_set(*, levels: list[tuple[str, str]], actor: User | None = None) -> list[Level]:
    """Replace the list of levels (top first). An existing level is recognised by its Hindi or
    English name and keeps its units. Refused, with the reason, when a level in use would
    disappear or when a unit would end up on a level not below its parent's."""
    _check_top(actor)
    if not levels:
        raise ValidationError(_("Give at least one level."))
    seen: set[str] = set()
    for hi, en in levels:
        for name in (hi.casefold(), en.casefold()):
            if name in seen:
                raise ValidationError(_("The level name %(name)s is given twice.") % {"name": name})
            seen.add(name)

    existing = list(Level.objects.select_for_update().order_by("depth"))
    matched: dict[int, Level] = {}  # new depth -> existing level
    for depth, (hi, en) in enumerate(levels, start=1):
        for level in existing:
            names = {level.name_hi.casefold(), level.name_en.casefold()}
            if hi.casefold() in names or en.casefold() in names:
                if level.pk in {lv.pk for lv in matched.values()}:
                    continue
                matched[depth] = level
                break
    kept_ids = {level.pk for level in matched.values()}
    problems: list[str] = []
    in_use = dict(
        Unit.objects.values_list("level_id").annotate(n=Count("id")).values_list("level_id", "n")
    )
    for level in existing:
        if level.pk not in kept_ids and in_use.get(level.pk):
            problems.append(
                ngettext(
                    "%(count)s unit is on the level %(level)s, which is not in the new list.",
                    "%(count)s units are on the level %(level)s, which is not in the new list.",
                    in_use[level.pk],
                )
                % {"count": in_use[level.pk], "level": level.name_hi}
            )
    new_depth = {level.pk: depth for depth, level in matched.items()}
    # Parent/child level pairs in use: every child must stay strictly below its parent.
    parent_pairs = _parent_child_level_pairs()
    for parent_level, child_level in parent_pairs:
        pd, cd = new_depth.get(parent_level), new_depth.get(child_level)
        if pd is not None and cd is not None and pd >= cd:
            level_names = dict(Level.objects.values_list("pk", "name_hi"))
            problems.append(
                _(
                    "Units on the level %(child)s have parents on the level %(parent)s, "
                    "which would no longer be above it."
                )
                % {"child": level_names[child_level], "parent": level_names[parent_level]}
            )
    if problems:
        raise ValidationError(problems)

    # Move every kept level out of the way first: depth is unique.
    offset = 1000
    for level in existing:
        if level.pk in kept_ids:
            Level.objects.filter(pk=level.pk).update(depth=level.depth + offset)
    removed = [level for level in existing if level.pk not in kept_ids]
    for level in removed:
        PostType.objects.filter(level=level, appointments__isnull=True).delete()
        if PostType.objects.filter(level=level).exists():
            raise ValidationError(
                _("The level %(level)s has posts with appointments; it cannot be removed.")
                % {"level": level.name_hi}
            )
        level.delete()
    result: list[Level] = []
    for depth, (hi, en) in enumerate(levels, start=1):
        kept = matched.get(depth)
        if kept is None:
            kept = Level.objects.create(depth=depth, name_hi=hi, name_en=en)
        else:
            kept.depth, kept.name_hi, kept.name_en = depth, hi, en
            kept.save(update_fields=["depth", "name_hi", "name_en"])
        result.append(kept)
    audit(
        actor=actor,
        unit=None,
        action="units.levels_set",
        changes={
            "before": [f"{lv.name_hi}:{lv.name_en}" for lv in existing],
            "after": [f"{hi}:{en}" for hi, en in levels],
        },
    )
    return result


def _parent_child_level_pairs() -> set[tuple[int, int]]:
    """(parent level, child level) pairs that occur in the tree, read without recursion:
    a child's parent path is its own path minus one step."""
    steplen = Unit.steplen
    by_path = dict(Unit.objects.values_list("path", "level_id"))
    pairs: set[tuple[int, int]] = set()
    for path, level_id in by_path.items():
        if len(path) > steplen:
            parent_level = by_path.get(path[:-steplen])
            if parent_level is not None:
                pairs.add((parent_level, level_id))
    return pairs


def levels_ensure_default() -> list[Level]:
    """Create the default levels when there are none (a new installation)."""
    if Level.objects.exists():
        return list(Level.objects.all())
    return levels_set(levels=DEFAULT_LEVELS)


def level_by_name(name: str) -> Level | None:
    """A level named by its Hindi or English name, in any case."""
    name = clean_text(name)
    for level in Level.objects.all():
        if name.casefold() in {level.name_hi.casefold(), level.name_en.casefold()}:
            return level
    return None


# --- Units ----------------------------------------------------------------------------------


def _clean_unit_fields(name_hi: str, name_en: str, code: str | None) -> tuple[str, str, str | None]:
    name_hi, name_en = clean_text(name_hi), clean_text(name_en)
    code_clean = clean_text(code or "") or None
    if not name_hi and not name_en:
        raise ValidationError({"name_hi": _("Give the unit a name.")})
    return name_hi or name_en, name_en, code_clean


def _check_level_below(level: Level, parent: Unit | None) -> None:
    if parent is not None and level.depth <= parent.level.depth:
        raise ValidationError(
            {
                "level": _(
                    "A %(level)s cannot be placed under a %(parent_level)s: "
                    "a unit's level must be below its parent's."
                )
                % {"level": level.name, "parent_level": parent.level.name}
            }
        )


def _check_code_free(code: str | None, exclude: Unit | None = None) -> None:
    if not code:
        return
    taken = Unit.objects.filter(code=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError({"code": _("The code %(code)s is already in use.") % {"code": code}})


@transaction.atomic
def unit_create(
    *,
    level: Level,
    name_hi: str,
    name_en: str = "",
    code: str | None = None,
    parent: Unit | None = None,
    actor: User | None = None,
) -> Unit:
    """Add a unit under ``parent`` (or a root unit when there is none)."""
    if parent is None:
        _check_top(actor)
    else:
        _check(actor, parent, Role.EDITOR)
    name_hi, name_en, code = _clean_unit_fields(name_hi, name_en, code)
    _check_level_below(level, parent)
    _check_code_free(code)
    fields = {"level": level, "name_hi": name_hi, "name_en": name_en, "code": code}
    if parent is None:
        unit = Unit.objects.add_root(create_kwargs=fields)
    else:
        # treebeard locks the parent row and appends: siblings' paths never change.
        unit = Unit.objects.add_child(parent, create_kwargs=fields)
    audit(
        actor=actor,
        unit=unit,
        action="units.created",
        target=unit,
        changes={"level": level.name_hi, "name_hi": name_hi, "name_en": name_en, "code": code},
    )
    return unit


@transaction.atomic
def unit_update(
    *,
    unit: Unit,
    name_hi: str,
    name_en: str = "",
    code: str | None = None,
    actor: User | None = None,
) -> Unit:
    """Rename a unit or change its code; the editors of the unit above it may."""
    if actor is not None and not unit_may_rename(actor, unit):
        require_role(actor, unit, Role.VIEWER)  # outside the actor's reach: 404
        raise PermissionDenied(_("A unit's name and code are set by the unit above it."))
    name_hi, name_en, code = _clean_unit_fields(name_hi, name_en, code)
    _check_code_free(code, exclude=unit)
    changes = diff(unit, {"name_hi": name_hi, "name_en": name_en, "code": code})
    if changes:
        unit.name_hi, unit.name_en, unit.code = name_hi, name_en, code
        unit.save(update_fields=["name_hi", "name_en", "code"])
        audit(actor=actor, unit=unit, action="units.updated", target=unit, changes=changes)
    return unit


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit, actor: User | None = None) -> Unit:
    """Put ``unit`` (with its whole subtree) under ``new_parent``. Every fact table's copy of
    the path is re-stamped in the same transaction, one UPDATE per table."""
    _check(actor, unit, Role.ADMIN)
    _check(actor, new_parent, Role.ADMIN)
    unit = Unit.objects.select_for_update().select_related("level").get(pk=unit.pk)
    new_parent = Unit.objects.select_related("level").get(pk=new_parent.pk)
    if new_parent.path.startswith(unit.path):
        raise ValidationError(_("A unit cannot be moved under itself or one of its own units."))
    _check_level_below(unit.level, new_parent)
    old_parent = Unit.objects.get_parent(unit)
    if old_parent is not None and old_parent.pk == new_parent.pk:
        return unit
    old_path = unit.path
    Unit.objects.move(unit, new_parent, pos="last-child")
    unit.refresh_from_db()
    restamped = restamp_paths(old_prefix=old_path, new_prefix=unit.path)
    audit(
        actor=actor,
        unit=unit,
        action="units.moved",
        target=unit,
        changes={
            "parent": [str(old_parent) if old_parent else None, str(new_parent)],
            "restamped": restamped,
        },
    )
    return unit


@transaction.atomic
def unit_delete(*, unit: Unit, actor: User | None = None) -> None:
    """Remove an empty unit. A unit with sub-units, appointments or people is kept."""
    _check(actor, unit, Role.ADMIN)
    if Unit.objects.get_children_count(unit):
        raise ValidationError(_("This unit has units under it; move or remove them first."))
    if Appointment.objects.filter(unit=unit).exists() or unit.residents.exists():
        raise ValidationError(_("This unit has appointments or people; it is kept for history."))
    audit(actor=actor, unit=Unit.objects.get_parent(unit), action="units.deleted", target=unit)
    unit.delete()


# --- Posts ----------------------------------------------------------------------------------


@transaction.atomic
def post_type_save(
    *,
    level: Level,
    code: str,
    name_hi: str,
    name_en: str,
    seats: int = 1,
    min_women: int = 0,
    sort_order: int = 0,
    is_active: bool = True,
    actor: User | None = None,
) -> PostType:
    """Create the post ``code`` on ``level``, or update it when it exists."""
    _check_top(actor)
    name_hi, name_en = clean_text(name_hi), clean_text(name_en)
    if not name_hi:
        raise ValidationError({"name_hi": _("Give the post a Hindi name.")})
    if seats < 1:
        raise ValidationError({"seats": _("A post has at least one seat.")})
    if min_women > seats:
        raise ValidationError(
            {"min_women": _("The number of seats for women cannot exceed the number of seats.")}
        )
    fields = {
        "name_hi": name_hi,
        "name_en": name_en or name_hi,
        "seats": seats,
        "min_women": min_women,
        "sort_order": sort_order,
        "is_active": is_active,
    }
    post_type = PostType.objects.filter(level=level, code=code).first()
    if post_type is None:
        post_type = PostType.objects.create(level=level, code=code, **fields)
        audit(actor=actor, unit=None, action="posts.created", target=post_type, changes=fields)
        return post_type
    changes = diff(post_type, fields)
    if changes:
        for name, value in fields.items():
            setattr(post_type, name, value)
        post_type.save()
        audit(actor=actor, unit=None, action="posts.updated", target=post_type, changes=changes)
    return post_type


# --- Appointments ---------------------------------------------------------------------------


@transaction.atomic
def appointment_create(
    *,
    person: Person,
    post_type: PostType,
    unit: Unit,
    start_date: date | None = None,
    uuid: UUID | None = None,
    actor: User | None = None,
) -> Appointment:
    """Appoint ``person`` to ``post_type`` in ``unit``, within its seats and reservation rule.

    ``uuid`` is the id a phone gave the record when it was made offline: sending the same
    appointment twice stores it once and returns the first."""
    _check(actor, unit, Role.EDITOR)
    if uuid is not None:
        earlier = Appointment.objects.filter(uuid=uuid).first()
        if earlier is not None:
            if (earlier.person_id, earlier.post_type_id, earlier.unit_id) != (
                person.pk,
                post_type.pk,
                unit.pk,
            ):
                raise ValidationError(
                    {"uuid": _("This id already belongs to a different appointment.")}
                )
            return earlier
    start = start_date or timezone.localdate()
    if post_type.level_id != unit.level_id:
        raise ValidationError(
            {
                "post_type": _("The post %(post)s belongs to %(level)s units, not to %(unit)s.")
                % {"post": post_type.name, "level": post_type.level.name, "unit": unit.name}
            }
        )
    if not post_type.is_active:
        raise ValidationError(
            {"post_type": _("The post %(post)s is no longer in use.") % {"post": post_type.name}}
        )
    # Lock the unit row: two editors filling the last seat at once must not both succeed.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    holders = list(
        Appointment.objects.active(start)
        .filter(unit=unit, post_type=post_type)
        .select_related("person")
    )
    if (
        any(a.person_id == person.pk for a in holders)
        or Appointment.objects.filter(
            unit=unit, post_type=post_type, person=person, end_date__isnull=True
        ).exists()
    ):
        raise ValidationError(
            _("%(person)s already holds the post %(post)s in %(unit)s.")
            % {"person": person.name, "post": post_type.name, "unit": unit.name}
        )
    if len(holders) >= post_type.seats:
        raise ValidationError(
            _("All %(seats)s seats of %(post)s in %(unit)s are filled; end an appointment first.")
            % {"seats": post_type.seats, "post": post_type.name, "unit": unit.name}
        )
    if post_type.min_women and person.gender != Gender.FEMALE:
        women = sum(1 for a in holders if a.person.gender == Gender.FEMALE)
        seats_left_after = post_type.seats - len(holders) - 1
        if women + seats_left_after < post_type.min_women:
            raise ValidationError(
                _(
                    "At least %(count)s of the %(seats)s seats of %(post)s are for women; "
                    "the remaining seat must go to a woman."
                )
                % {"count": post_type.min_women, "seats": post_type.seats, "post": post_type.name}
            )
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                **({"uuid": uuid} if uuid is not None else {}),
                person=person,
                post_type=post_type,
                unit=unit,
                unit_path=unit.path,
                start_date=start,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("%(person)s already holds the post %(post)s in %(unit)s.")
            % {"person": person.name, "post": post_type.name, "unit": unit.name}
        ) from exc
    audit(
        actor=actor,
        unit=unit,
        action="appointments.created",
        target=appointment,
        changes={"person": person.name, "post": post_type.name_hi, "from": start.isoformat()},
    )
    return appointment


@transaction.atomic
def appointment_end(
    *,
    appointment: Appointment,
    end_date: date | None = None,
    reason: str = "",
    actor: User | None = None,
) -> Appointment:
    """Close an appointment. It stays in the history; its seat becomes vacant."""
    _check(actor, appointment.unit, Role.EDITOR)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.end_date is not None:
        raise ValidationError(_("This appointment has already ended."))
    end = end_date or timezone.localdate()
    if end < appointment.start_date:
        raise ValidationError(
            {
                "end_date": _("An appointment cannot end before it began (%(start)s).")
                % {"start": appointment.start_date.isoformat()}
            }
        )
    appointment.end_date = end
    appointment.end_reason = clean_text(reason)
    appointment.save(update_fields=["end_date", "end_reason"])
    audit(
        actor=actor,
        unit=appointment.unit,
        action="appointments.ended",
        target=appointment,
        changes={"until": end.isoformat(), "reason": appointment.end_reason},
    )
    return appointment
