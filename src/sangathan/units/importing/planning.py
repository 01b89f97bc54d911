"""Planning an import: each row checked on its own, then placed in the tree (its parent in the
file or in the app, the level below its parent's, inside the actor's units) and decided:
create, update, unchanged or bad. Reads only."""

from __future__ import annotations

import uuid as uuidlib
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from sangathan.core.access import reach_of
from sangathan.core.models import Role
from sangathan.units.exporting import UUID_PREFIX
from sangathan.units.importing.rows import (
    BAD,
    CREATE,
    GOOD,
    UNCHANGED,
    UNIT_VALUES,
    UNRESOLVED,
    UPDATE,
    VISITING,
    KnownUnit,
    Row,
    chunks,
)
from sangathan.units.models import Level, Unit

if TYPE_CHECKING:
    from sangathan.core.models import User

_MAX_CODE = 50
_MAX_NAME = 200


def _key(value: str, row: Row) -> tuple[str | None, uuidlib.UUID | None]:
    """A code or a ``uuid:`` reference, normalised; an error on ``row`` when malformed."""
    if not value:
        return None, None
    if value.casefold().startswith(UUID_PREFIX):
        try:
            ident = uuidlib.UUID(value[len(UUID_PREFIX) :].strip())
        except ValueError:
            row.errors.append(_("%(code)s is not a valid unit reference.") % {"code": value})
            return None, None
        return f"{UUID_PREFIX}{ident}", ident
    return value, None


def _check_fields(rows: list[Row]) -> dict[str, Row]:
    """Checks each row on its own; returns the rows by key (first occurrence wins)."""
    levels: dict[str, Level] = {}
    for level in Level.objects.all():
        levels[level.name_hi.casefold()] = level
        levels[level.name_en.casefold()] = level
    level_list = ", ".join(dict.fromkeys(lv.name for lv in levels.values()))
    by_key: dict[str, Row] = {}
    for row in rows:
        level_name, code, name_hi, name_en, parent_code = row.raw
        if not level_name:
            row.errors.append(_("The level is empty."))
        else:
            row.level = levels.get(level_name.casefold())
            if row.level is None:
                row.errors.append(
                    _("Unknown level %(level)s; the levels are: %(levels)s.")
                    % {"level": level_name, "levels": level_list}
                )
        row.name_hi, row.name_en = name_hi or name_en, name_en
        if not row.name_hi:
            row.errors.append(_("The unit has no name: name_hi and name_en are both empty."))
        if len(row.name_hi) > _MAX_NAME or len(row.name_en) > _MAX_NAME:
            row.errors.append(_("A name is longer than %(max)s characters.") % {"max": _MAX_NAME})
        row.key, row.uuid = _key(code, row)
        if row.key is not None and row.uuid is None:
            row.code = row.key
            if len(row.code) > _MAX_CODE:
                row.errors.append(
                    _("The code is longer than %(max)s characters.") % {"max": _MAX_CODE}
                )
        row.parent_key, _unused = _key(parent_code, row)
        if row.key is not None:
            first = by_key.setdefault(row.key, row)
            if first is not row:
                row.errors.append(
                    _("The code %(code)s already appears in row %(row)s.")
                    % {"code": code, "row": first.number}
                )
    return by_key


class _Registry(dict[int, KnownUnit]):
    """One object per existing unit, however many ways the file names it, so that counts of
    new children add up on the same object."""

    def get_unit(self, values: tuple[Any, ...]) -> KnownUnit:
        unit = self.get(values[0])
        if unit is None:
            unit = self[values[0]] = KnownUnit(*values)
        return unit


def _existing_by_key(rows: list[Row], registry: _Registry) -> dict[str, KnownUnit]:
    codes: set[str] = set()
    uuids: set[uuidlib.UUID] = set()
    for row in rows:
        for key in (row.key, row.parent_key):
            if key is None:
                continue
            if key.startswith(UUID_PREFIX):
                uuids.add(uuidlib.UUID(key[len(UUID_PREFIX) :]))
            else:
                codes.add(key)
    found: dict[str, KnownUnit] = {}
    for chunk in chunks(sorted(codes)):
        for values in Unit.objects.filter(code__in=chunk).values_list(*UNIT_VALUES):
            found[values[7]] = registry.get_unit(values)
    for ids in chunks(sorted(uuids)):
        for values in Unit.objects.filter(uuid__in=ids).values_list(*UNIT_VALUES):
            found[f"{UUID_PREFIX}{values[8]}"] = registry.get_unit(values)
    return found


def _codeless_candidates(
    rows: list[Row], registry: _Registry
) -> dict[tuple[str, int, str], KnownUnit]:
    """Units without a code, by (parent path, level, Hindi name): how a codeless row is
    recognised when the same file is imported again."""
    names = sorted({row.name_hi for row in rows if row.key is None and row.name_hi})
    found: dict[tuple[str, int, str], KnownUnit] = {}
    for chunk in chunks(names):
        units = Unit.objects.filter(code__isnull=True, name_hi__in=chunk)
        for values in units.values_list(*UNIT_VALUES):
            unit = registry.get_unit(values)
            found[(unit.path[: -Unit.steplen], unit.level_id, unit.name_hi)] = unit
    return found


class Planner:
    """Decides, for every row, create / update / unchanged / bad. Reads only."""

    def __init__(self, rows: list[Row], actor: User | None, has_name_en: bool) -> None:
        self.rows = rows
        self.actor = actor
        self.has_name_en = has_name_en
        self.level_depth = dict(Level.objects.values_list("pk", "depth"))
        self.level_name = {lv.pk: lv.name for lv in Level.objects.all()}
        self.reach = reach_of(actor) if actor is not None else None
        self.codeless_seen: dict[tuple[int, int, str], Row] = {}

    def run(self) -> None:
        by_key = _check_fields(self.rows)
        registry = _Registry()
        existing = _existing_by_key(self.rows, registry)
        self.codeless = _codeless_candidates(self.rows, registry)
        for row in self.rows:
            if row.errors or row.parent_key is None:
                continue
            parent = by_key.get(row.parent_key) or existing.get(row.parent_key)
            if parent is None:
                row.errors.append(
                    _("Unknown parent %(code)s: it is neither in the file nor in the app.")
                    % {"code": row.parent_key}
                )
            row.parent = parent
        self.existing = existing
        for row in self.rows:
            self._resolve(row)

    def _resolve(self, row: Row) -> None:
        """Walk up to a resolved ancestor, then decide the chain top-down: a parent is
        always decided before its children, whatever the order of the file."""
        chain: list[Row] = []
        current: Row | KnownUnit | None = row
        while isinstance(current, Row) and current.state == UNRESOLVED:
            current.state = VISITING
            chain.append(current)
            current = current.parent
        if isinstance(current, Row) and current.state == VISITING:
            start = chain.index(current)
            loop = chain[start:]
            codes = " → ".join(r.key or "" for r in [*loop, loop[0]])
            for member in loop:
                member.errors.append(_("The parents form a loop: %(codes)s.") % {"codes": codes})
                member.state = BAD
            chain = chain[:start]
        for member in reversed(chain):
            self._decide(member)

    def _admin_at(self, path: str) -> bool:
        if self.reach is None or self.reach.everything:
            return True
        return self.reach.role_at(path) == Role.ADMIN

    def _top_admin(self) -> bool:
        if self.reach is None or self.reach.everything:
            return True
        return any(len(path) == Unit.steplen for path in self.reach.paths(Role.ADMIN))

    def _decide(self, row: Row) -> None:
        row.state = BAD
        parent = row.parent
        if isinstance(parent, Row) and parent.state == BAD and not row.errors:
            row.errors.append(
                _("Its parent %(code)s (row %(row)s) has an error.")
                % {"code": parent.key, "row": parent.number}
            )
        if row.errors:
            return
        assert row.level is not None
        # Where the parent is: its level's depth, its tree depth and, if it exists, its path.
        parent_path: str | None
        if parent is None:
            parent_level_depth, parent_depth, parent_path = 0, 0, ""
        elif isinstance(parent, Row):
            assert parent.level is not None
            parent_level_depth, parent_depth = parent.level.depth, parent.depth
            parent_path = parent.existing.path if parent.existing else None
        else:
            parent_level_depth = self.level_depth[parent.level_id]
            parent_depth, parent_path = parent.depth, parent.path
        if row.level.depth <= parent_level_depth:
            if isinstance(parent, Row):
                parent_level_name = parent.level.name if parent.level else ""
            else:
                parent_level_name = self.level_name.get(parent.level_id, "") if parent else ""
            row.errors.append(
                _(
                    "A %(level)s cannot be placed under a %(parent_level)s: "
                    "a unit's level must be below its parent's."
                )
                % {"level": row.level.name, "parent_level": parent_level_name}
            )
            return
        if row.key is None:
            # A codeless unit is known by its parent, level and name: twice is a duplicate.
            seen_key = (id(parent), row.level.pk, row.name_hi)
            first = self.codeless_seen.setdefault(seen_key, row)
            if first is not row:
                row.errors.append(
                    _("This unit already appears in row %(row)s.") % {"row": first.number}
                )
                return
        if row.key is not None:
            found = self.existing.get(row.key)
        elif parent_path is not None:
            found = self.codeless.get((parent_path, row.level.pk, row.name_hi))
        else:
            found = None
        if found is not None:
            self._decide_existing(row, found, parent_path)
            return
        if parent is None and not self._top_admin():
            row.errors.append(
                _("Only an administrator of the whole organisation can add a top-level unit.")
            )
            return
        if isinstance(parent, KnownUnit) and not self._admin_at(parent.path):
            row.errors.append(
                _("The parent %(code)s is outside your units.") % {"code": row.parent_key}
            )
            return
        row.depth = parent_depth + 1
        if row.depth * Unit.steplen > (Unit._meta.get_field("path").max_length or 255):
            row.errors.append(_("The tree is too deep at this row."))
            return
        row.action = CREATE
        row.state = GOOD

    def _decide_existing(self, row: Row, found: KnownUnit, parent_path: str | None) -> None:
        assert row.level is not None
        code = row.key
        if not self._admin_at(found.path):
            row.errors.append(_("The unit %(code)s is outside your units.") % {"code": code})
        elif found.level_id != row.level.pk:
            row.errors.append(
                _(
                    "The code %(code)s is a %(level)s in the app; an import cannot change "
                    "the level of a unit."
                )
                % {"code": code, "level": self.level_name.get(found.level_id, "")}
            )
        elif found.path[: -Unit.steplen] != parent_path:
            row.errors.append(
                _("The code %(code)s exists under another parent; move it in the app.")
                % {"code": code}
            )
        if row.errors:
            return
        row.existing, row.depth = found, found.depth
        name_en = row.name_en if self.has_name_en else found.name_en
        row.name_en = name_en
        same = found.name_hi == row.name_hi and found.name_en == name_en
        row.action = UNCHANGED if same else UPDATE
        row.state = GOOD
