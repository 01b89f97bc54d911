"""Bulk import of the unit tree from CSV or XLSX, for the command line and the web
(export and the file format's shared pieces are in ``exporting``).

Columns: ``level, code, name_hi, name_en, parent_code`` (header row first, any case). A level is
named by its Hindi or English name. Rows may come in any order: a parent may be further down
the file or already in the database. A unit without an official code is exported with
``uuid:<its uuid>`` in the code column, so that its children can name it and a round trip
reproduces the tree; importing such a row creates (or finds) the unit with that uuid and no code.

An import is all-or-nothing unless bad rows are skipped, and is written with a few bulk queries:
the materialized paths are computed here (treebeard's own scheme: each step is the child's
1-based position in base 36, zero-padded to ``Unit.steplen``; new children are appended after a
parent's last child) instead of one ``add_child`` per row, which costs several queries a row
and would take hours at state scale (~1.6 lakh booths).
"""

from __future__ import annotations

import csv
import re
import unicodedata
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import reach_of
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.units.exporting import (
    COLUMNS,
    UUID_PREFIX,
    common_unit,
    csv_write,
    xlsx_write,
)
from sangathan.units.models import Level, Unit

if TYPE_CHECKING:
    from sangathan.core.models import User

REQUIRED_COLUMNS = ("level", "code", "name_hi", "parent_code")
XLSX_SUFFIXES = (".xlsx", ".xlsm")

# Lookups use ``IN (...)`` lists; SQLite builds may allow only 999 variables per query.
_LOOKUP_CHUNK = 900
# Rows per bulk_create call (Django splits further to fit the backend's variable limit).
_WRITE_CHUNK = 2000
_MAX_CODE = 50
_MAX_NAME = 200

Progress = Callable[[int, int], None]

# What clean_text would change: invisible characters, white space other than single inner
# spaces.
_MAYBE_UNCLEAN = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]|^\s|\s$|\s\s|[^\S ]")

# treebeard's digits for a path step (its stubs-less MP_Node attribute, typed here).
_ALPHABET: str = Unit.alphabet  # type: ignore[attr-defined]
_BASE = len(_ALPHABET)


_UNRESOLVED, _VISITING, _GOOD, _BAD = 0, 1, 2, 3
_CREATE, _UPDATE, _UNCHANGED = "create", "update", "unchanged"


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong format, encoding or missing columns."""


@dataclass(frozen=True)
class RowError:
    row: int  # as the user sees it in a spreadsheet: the header is row 1
    reason: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(reason)s") % {"row": self.row, "reason": self.reason}


@dataclass
class ImportResult:
    filename: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # The bad rows as read (COLUMNS order) with their reasons joined, for the bad-rows file.
    bad_rows: list[tuple[str, ...]] = field(default_factory=list)
    written: bool = False

    @property
    def bad(self) -> int:
        return len(self.bad_rows)

    def summary(self) -> str:
        counts = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "bad": self.bad,
        }
        if self.written:
            return (
                _("created %(created)s, updated %(updated)s, unchanged %(unchanged)s, bad %(bad)s")
                % counts
            )
        return (
            _(
                "would create %(created)s, update %(updated)s, leave unchanged "
                "%(unchanged)s, bad %(bad)s"
            )
            % counts
        )


class ImportRefused(Exception):
    """Some rows are bad and they were not to be skipped: nothing was written."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__(result.summary())
        self.result = result


@dataclass(slots=True, eq=False)
class _Unit:
    """An existing unit, read as plain values (no model instances at lakh scale)."""

    pk: int
    path: str
    depth: int
    numchild: int
    level_id: int
    name_hi: str
    name_en: str
    code: str | None
    uuid: uuidlib.UUID
    new_children: int = 0


_UNIT_VALUES = ("pk", "path", "depth", "numchild", "level_id", "name_hi", "name_en", "code", "uuid")


@dataclass(slots=True, eq=False)
class _Row:
    """One data row of the file and what the plan decided for it."""

    number: int
    raw: tuple[str, ...]  # the cells as read, in COLUMNS order
    errors: list[str] = field(default_factory=list)
    level: Level | None = None
    code: str | None = None
    uuid: uuidlib.UUID | None = None
    key: str | None = None  # how other rows name it: the code or "uuid:..."
    name_hi: str = ""
    name_en: str = ""
    parent_key: str | None = None
    parent: _Row | _Unit | None = None
    existing: _Unit | None = None
    state: int = _UNRESOLVED
    action: str = ""
    depth: int = 0
    path: str = ""
    new_children: int = 0


# --- Reading --------------------------------------------------------------------------------


def _is_xlsx(filename: str) -> bool:
    return filename.lower().endswith(XLSX_SUFFIXES)


def _cell(value: Any) -> str:
    """Spreadsheet cells arrive as numbers too: booth 101 must read as "101", not "101.0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    # Most cells are clean already; checking is cheaper than cleaning at lakh scale.
    if _MAYBE_UNCLEAN.search(text) is None and unicodedata.is_normalized("NFC", text):
        return text
    return clean_text(text)


def _header_key(name: str) -> str:
    return clean_text(name).casefold().replace(" ", "_").replace("-", "_")


def _table(source: Path, filename: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for every row of the first sheet or the CSV, header included."""
    if _is_xlsx(filename):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(source, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(_("This is not a readable XLSX file.")) from exc
        try:
            sheet = workbook.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell(v) for v in cells]
        finally:
            workbook.close()
        return
    # utf-8-sig also reads Excel's "CSV UTF-8", which starts with a byte-order mark.
    with open(source, encoding="utf-8-sig", newline="") as handle:
        try:
            sample = handle.read(4096)
            handle.seek(0)
            first_line = sample.splitlines()[0] if sample else ""
            delimiter = next((d for d in ",;\t" if d in first_line), ",")
            for number, values in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
                yield number, [_cell(v) for v in values]
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("The file is not in UTF-8. In Excel, save it as “CSV UTF-8” or as XLSX.")
            ) from exc


def _read(source: Path, filename: str) -> tuple[list[_Row], bool]:
    """The data rows, and whether the file has a name_en column at all (when it has none,
    English names in the database are left as they are)."""
    table = _table(source, filename)
    header = next(table, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    names = [_header_key(n) for n in header[1]]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise ImportFileError(
            _("The first row must name the columns %(columns)s; missing: %(missing)s.")
            % {"columns": ", ".join(COLUMNS), "missing": ", ".join(missing)}
        )
    positions = [names.index(c) if c in names else None for c in COLUMNS]
    rows: list[_Row] = []
    for number, cells in table:
        raw = tuple(cells[p] if p is not None and p < len(cells) else "" for p in positions)
        if any(raw):  # spreadsheets often end with empty rows
            rows.append(_Row(number, raw))
    return rows, "name_en" in names


# --- Planning -------------------------------------------------------------------------------


def _key(value: str, row: _Row) -> tuple[str | None, uuidlib.UUID | None]:
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


def _check_fields(rows: list[_Row]) -> dict[str, _Row]:
    """Checks each row on its own; returns the rows by key (first occurrence wins)."""
    levels: dict[str, Level] = {}
    for level in Level.objects.all():
        levels[level.name_hi.casefold()] = level
        levels[level.name_en.casefold()] = level
    level_list = ", ".join(dict.fromkeys(lv.name for lv in levels.values()))
    by_key: dict[str, _Row] = {}
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


class _Registry(dict[int, _Unit]):
    """One object per existing unit, however many ways the file names it, so that counts of
    new children add up on the same object."""

    def get_unit(self, values: tuple[Any, ...]) -> _Unit:
        unit = self.get(values[0])
        if unit is None:
            unit = self[values[0]] = _Unit(*values)
        return unit


def _existing_by_key(rows: list[_Row], registry: _Registry) -> dict[str, _Unit]:
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
    found: dict[str, _Unit] = {}
    for chunk in _chunks(sorted(codes)):
        for values in Unit.objects.filter(code__in=chunk).values_list(*_UNIT_VALUES):
            found[values[7]] = registry.get_unit(values)
    for ids in _chunks(sorted(uuids)):
        for values in Unit.objects.filter(uuid__in=ids).values_list(*_UNIT_VALUES):
            found[f"{UUID_PREFIX}{values[8]}"] = registry.get_unit(values)
    return found


def _codeless_candidates(
    rows: list[_Row], registry: _Registry
) -> dict[tuple[str, int, str], _Unit]:
    """Units without a code, by (parent path, level, Hindi name): how a codeless row is
    recognised when the same file is imported again."""
    names = sorted({row.name_hi for row in rows if row.key is None and row.name_hi})
    found: dict[tuple[str, int, str], _Unit] = {}
    for chunk in _chunks(names):
        units = Unit.objects.filter(code__isnull=True, name_hi__in=chunk)
        for values in units.values_list(*_UNIT_VALUES):
            unit = registry.get_unit(values)
            found[(unit.path[: -Unit.steplen], unit.level_id, unit.name_hi)] = unit
    return found


class _Planner:
    """Decides, for every row, create / update / unchanged / bad. Reads only."""

    def __init__(self, rows: list[_Row], actor: User | None, has_name_en: bool) -> None:
        self.rows = rows
        self.actor = actor
        self.has_name_en = has_name_en
        self.level_depth = dict(Level.objects.values_list("pk", "depth"))
        self.level_name = {lv.pk: lv.name for lv in Level.objects.all()}
        self.reach = reach_of(actor) if actor is not None else None
        self.codeless_seen: dict[tuple[int, int, str], _Row] = {}

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

    def _resolve(self, row: _Row) -> None:
        """Walk up to a resolved ancestor, then decide the chain top-down: a parent is
        always decided before its children, whatever the order of the file."""
        chain: list[_Row] = []
        current: _Row | _Unit | None = row
        while isinstance(current, _Row) and current.state == _UNRESOLVED:
            current.state = _VISITING
            chain.append(current)
            current = current.parent
        if isinstance(current, _Row) and current.state == _VISITING:
            start = chain.index(current)
            loop = chain[start:]
            codes = " → ".join(r.key or "" for r in [*loop, loop[0]])
            for member in loop:
                member.errors.append(_("The parents form a loop: %(codes)s.") % {"codes": codes})
                member.state = _BAD
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

    def _decide(self, row: _Row) -> None:
        row.state = _BAD
        parent = row.parent
        if isinstance(parent, _Row) and parent.state == _BAD and not row.errors:
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
        elif isinstance(parent, _Row):
            assert parent.level is not None
            parent_level_depth, parent_depth = parent.level.depth, parent.depth
            parent_path = parent.existing.path if parent.existing else None
        else:
            parent_level_depth = self.level_depth[parent.level_id]
            parent_depth, parent_path = parent.depth, parent.path
        if row.level.depth <= parent_level_depth:
            if isinstance(parent, _Row):
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
        if isinstance(parent, _Unit) and not self._admin_at(parent.path):
            row.errors.append(
                _("The parent %(code)s is outside your units.") % {"code": row.parent_key}
            )
            return
        row.depth = parent_depth + 1
        if row.depth * Unit.steplen > (Unit._meta.get_field("path").max_length or 255):
            row.errors.append(_("The tree is too deep at this row."))
            return
        row.action = _CREATE
        row.state = _GOOD

    def _decide_existing(self, row: _Row, found: _Unit, parent_path: str | None) -> None:
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
        row.action = _UNCHANGED if same else _UPDATE
        row.state = _GOOD


# --- Writing --------------------------------------------------------------------------------


def _chunks(items: list[Any], size: int = _LOOKUP_CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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


def _last_steps(parents: list[_Unit]) -> dict[int, int]:
    """The position of each existing parent's last child: new children go after it."""
    last: dict[int, int] = {}
    by_depth: dict[int, dict[str, _Unit]] = defaultdict(dict)
    for parent in parents:
        if parent.numchild:
            by_depth[parent.depth][parent.path] = parent
    for depth, by_path in by_depth.items():
        for chunk in _chunks(sorted(by_path)):
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


def _write(rows: list[_Row], progress: Progress | None) -> None:
    new = sorted((r for r in rows if r.action == _CREATE), key=lambda r: (r.depth, r.number))
    updates = [r for r in rows if r.action == _UPDATE]
    total = len(new) + len(updates)

    def parent_unit(row: _Row) -> _Unit | None:
        parent = row.parent
        if isinstance(parent, _Row):
            return parent.existing
        return parent

    # Lock the existing parents and read their tree fields afresh: a unit added or moved
    # since the plan was made must not get a clashing path.
    parents = {p.pk: p for r in new if (p := parent_unit(r)) is not None}
    for chunk in _chunks(sorted(parents)):
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
            assert isinstance(row.parent, _Row)
            slot, base_path = ("row", id(row.parent)), row.parent.path
            position = next_step.get(slot, 0) + 1
            row.parent.new_children += 1
        next_step[slot] = position
        row.path = base_path + _step(position)

    done = 0
    for chunk in _chunks(new, _WRITE_CHUNK):
        _insert(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    for chunk in _chunks(updates, _WRITE_CHUNK):
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
    for chunk in _chunks(grown, _WRITE_CHUNK):
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


def _insert(rows: list[_Row]) -> None:
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


def units_import(
    *,
    source: Path,
    filename: str | None = None,
    actor: User | None = None,
    skip_bad: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import units from a CSV or XLSX file.

    With bad rows and without ``skip_bad`` nothing is written and ``ImportRefused`` is raised
    (except in a dry run, which returns the result). With ``skip_bad`` the good rows are
    written; a row under a bad row is bad too. ``actor`` ``None`` is the system (the CLI);
    a person needs admin over every unit the rows change or add children to."""
    name = filename or source.name
    # A dry run only reads: it must not hold SQLite's write lock while it checks a big file.
    with nullcontext() if dry_run else transaction.atomic():
        rows, has_name_en = _read(source, name)
        _Planner(rows, actor, has_name_en).run()
        result = ImportResult(filename=name)
        for row in rows:
            if row.state == _BAD:
                result.errors.extend(RowError(row.number, reason) for reason in row.errors)
                result.bad_rows.append((*row.raw, "; ".join(row.errors)))
            elif row.action == _CREATE:
                result.created += 1
            elif row.action == _UPDATE:
                result.updated += 1
            else:
                result.unchanged += 1
        if dry_run:
            return result
        if result.errors and not skip_bad:
            raise ImportRefused(result)
        try:
            _write(rows, progress)
        except IntegrityError as exc:  # a code taken by someone else meanwhile
            raise ImportFileError(
                _("Another change was made at the same time; please try again.")
            ) from exc
        result.written = True
        touched = [
            r.existing.path if r.existing else _parent_path(r)
            for r in rows
            if r.action in (_CREATE, _UPDATE)
        ]
        audit(
            actor=actor,
            unit=common_unit(touched),
            action="units.imported",
            changes={
                "filename": name,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "bad": result.bad,
            },
        )
    return result


def _parent_path(row: _Row) -> str:
    return row.path[: -Unit.steplen]


def bad_rows_write(*, result: ImportResult, target: Path) -> None:
    """The bad rows with an ``error`` column; XLSX or CSV by the file's extension."""
    header = (*COLUMNS, "error")
    if _is_xlsx(target.name):
        xlsx_write([header, *result.bad_rows], target)
        return
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        csv_write([header, *result.bad_rows], handle)
