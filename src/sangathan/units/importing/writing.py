"""Writing a planned import with a few bulk queries. The materialized paths are computed here
(treebeard's own scheme: each step is the child's 1-based position in base 36, zero-padded to
``Unit.steplen``; new children are appended after a parent's last child) instead of one
``add_child`` per row, which costs several queries a row and would take hours at state scale
(~1.6 lakh booths)."""

from __future__ import annotations

import uuid as uuidlib
from collections import defaultdict

from django.db import connection
from django.db.models import Max
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.units.importing.results import ImportFileError, Progress
from sangathan.units.importing.rows import CREATE, UPDATE, KnownUnit, Row, chunks
from sangathan.units.models import Unit

# Rows per bulk_create call (Django splits further to fit the backend's variable limit).
_WRITE_CHUNK = 2000

# treebeard's digits for a path step (its stubs-less MP_Node attribute, typed here).
_ALPHABET: str = Unit.alphabet  # type: ignore[attr-defined]
_BASE = len(_ALPHABET)


def _step(position: int) -> str:
    """treebeard's step: the 1-based position in base 36, zero-padded to ``steplen``."""
    alphabet, base = _ALPHABET, _BASE
    if position >= base**Unit.steplen:
        raise ImportFileError(_("A unit would have more children than the tree can hold."))
    digits = ""
    while position:
        position, rest = divmod(position, base)
        digits = alphabet[rest] + digits
    return digits.rjust(Unit.steplen, alphabet[0])


def _last_steps(parents: list[KnownUnit]) -> dict[int, int]:
    """The position of each existing parent's last child: new children go after it."""
    last: dict[int, int] = {}
    by_depth: dict[int, dict[str, KnownUnit]] = defaultdict(dict)
    for parent in parents:
        if parent.numchild:
            by_depth[parent.depth][parent.path] = parent
    for depth, by_path in by_depth.items():
        for chunk in chunks(sorted(by_path)):
            children = (
                Unit.objects.filter(depth=depth + 1)
                .annotate(parent_path=Substr("path", 1, depth * Unit.steplen))
                .filter(parent_path__in=chunk)
                .values("parent_path")
                .annotate(last=Max("path"))
                .order_by()
            )
            for item in children:
                step = item["last"][-Unit.steplen :]
                last[by_path[item["parent_path"]].pk] = int(step, _BASE)
    return last


def write_rows(rows: list[Row], progress: Progress | None) -> None:
    new = sorted((r for r in rows if r.action == CREATE), key=lambda r: (r.depth, r.number))
    updates = [r for r in rows if r.action == UPDATE]
    total = len(new) + len(updates)

    def parent_unit(row: Row) -> KnownUnit | None:
        parent = row.parent
        if isinstance(parent, Row):
            return parent.existing
        return parent

    # Lock the existing parents and read their tree fields afresh: a unit added or moved
    # since the plan was made must not get a clashing path.
    parents = {p.pk: p for r in new if (p := parent_unit(r)) is not None}
    for chunk in chunks(sorted(parents)):
        locked = Unit.objects.select_for_update().filter(pk__in=chunk)
        for pk, path, numchild in locked.values_list("pk", "path", "numchild"):
            if parents[pk].path != path:
                raise ImportFileError(_("The tree changed while importing; please try again."))
            parents[pk].numchild = numchild
    last_step = _last_steps(list(parents.values()))
    last_root = Unit.objects.filter(depth=1).aggregate(last=Max("path"))["last"]
    next_step: dict[tuple[str, int], int] = {}
    root_step = int(last_root, _BASE) if last_root else 0
    for row in new:
        unit = parent_unit(row)
        if row.parent is None:
            root_step += 1
            row.path = _step(root_step)
            continue
        if unit is not None:
            slot, base_path = ("unit", unit.pk), unit.path
            position = next_step.get(slot, last_step.get(unit.pk, 0)) + 1
            unit.new_children += 1
        else:
            assert isinstance(row.parent, Row)
            slot, base_path = ("row", id(row.parent)), row.parent.path
            position = next_step.get(slot, 0) + 1
            row.parent.new_children += 1
        next_step[slot] = position
        row.path = base_path + _step(position)

    done = 0
    for chunk in chunks(new, _WRITE_CHUNK):
        _insert(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    for chunk in chunks(updates, _WRITE_CHUNK):
        renamed = [
            Unit(pk=r.existing.pk, name_hi=r.name_hi, name_en=r.name_en)
            for r in chunk
            if r.existing is not None
        ]
        Unit.objects.bulk_update(renamed, ["name_hi", "name_en"])
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    grown = [
        Unit(pk=p.pk, numchild=p.numchild + p.new_children)
        for p in parents.values()
        if p.new_children
    ]
    for chunk in chunks(grown, _WRITE_CHUNK):
        Unit.objects.bulk_update(chunk, ["numchild"])


_INSERT_FIELDS = (
    "path",
    "depth",
    "numchild",
    "uuid",
    "level",
    "name_hi",
    "name_en",
    "code",
    "created_at",
)


def _insert(rows: list[Row]) -> None:
    """Insert new units without the ORM's per-value statement compiling, which is most of
    ``bulk_create``'s time at lakh scale. SQLite reuses one prepared statement over all rows
    (``executemany``); PostgreSQL loads them with ``COPY``, its bulk-loading path (a
    statement per row, or long multi-row statements, spend their time in the driver)."""
    meta = Unit._meta
    by_name = {f.name: f for f in meta.concrete_fields}
    fields = [by_name[name] for name in _INSERT_FIELDS]
    uuid_field = by_name["uuid"]
    now = by_name["created_at"].get_db_prep_save(timezone.now(), connection)
    params = [
        (
            r.path,
            r.depth,
            r.new_children,
            uuid_field.get_db_prep_save(r.uuid or uuidlib.uuid4(), connection),
            r.level.pk if r.level is not None else None,
            r.name_hi,
            r.name_en,
            r.code,
            now,
        )
        for r in rows
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's wrapper hides psycopg's copy(); the raw cursor is in the same transaction.
            with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})", params
        )
