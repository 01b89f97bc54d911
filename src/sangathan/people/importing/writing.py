"""Writing one batch of clean rows: households, the people already known, new people with
their match keys and tags, in a few statements per batch instead of several per person.

Who is "already known" (so that importing the same file twice creates nobody the second time):

1. a person with the row's voter ID (EPIC), among the people the importer may see; else
2. a person in the row's unit with the same name, relation name and birth year, compared by
   their phonetic codes (so संतोष शुक्ला / Santosh Shukla / Santosh Sukla are the same name);
   an empty relation name or birth year matches only an empty one.

A known person is not changed, except that an import fills what the record leaves blank
(phone, relation, birth year, locality, voter ID, ..., household, tags): it never overwrites.
A row that repeats an earlier row of the same file is treated the same way.
"""

from __future__ import annotations

import os
import time
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone

from sangathan.core.access import reach_of
from sangathan.lib import names
from sangathan.people.importing.rows import LOOKUP_CHUNK, Row, name_parts, relation_parts
from sangathan.people.models import (
    Gender,
    Household,
    Person,
    PersonKey,
    PersonStatus,
    Source,
)

if TYPE_CHECKING:
    from sangathan.core.models import User

_LIVE = (PersonStatus.ACTIVE, PersonStatus.HELD)
# (key, unit path) pairs per lookup query: two variables each, under SQLite's 999.
_PAIRS_PER_QUERY = 450

# Blank on the record and given by the row: filled. Never overwritten.
FILLABLE = (
    "relation_kind",
    "relation_name",
    "birth_year",
    "phone",
    "phone2",
    "locality",
    "address",
    "voter_id",
    "ration_card",
    "aadhaar_last4",
)
_KNOWN_VALUES = (
    "pk",
    "name",
    "relation_name",
    "birth_year",
    "unit_path",
    "gender",
    "household_id",
    *[f for f in FILLABLE if f not in ("relation_name", "birth_year")],
)

# Every column of the person table, in the order the insert writes them.
_PERSON_COLUMNS = (
    "id",
    "uuid",
    "name",
    "name_deva",
    "name_latin",
    "honorifics",
    "relation_kind",
    "relation_name",
    "gender",
    "birth_year",
    "phone",
    "phone2",
    "home_unit_id",
    "unit_path",
    "household_id",
    "locality",
    "address",
    "voter_id",
    "ration_card",
    "aadhaar_last4",
    "source",
    "source_detail",
    "status",
    "merged_into_id",
    "key_version",
    "created_at",
    "updated_at",
)
_ROW_FIELDS = (
    "name",
    "name_deva",
    "name_latin",
    "honorifics",
    "relation_kind",
    "relation_name",
    "gender",
    "birth_year",
    "phone",
    "phone2",
)
_ROW_FIELDS_2 = ("locality", "address", "voter_id", "ration_card", "aadhaar_last4")


_HOUSEHOLD_COLUMNS = (
    "id",
    "uuid",
    "code",
    "unit_path",
    "address",
    "locality",
    "size",
    "source",
    "created_at",
    "updated_at",
    "unit_id",
    "head_id",
)


def _check_columns() -> None:
    # A field added to a model must be given a value here too: fail loudly, not with NULLs.
    for model, written in ((Person, _PERSON_COLUMNS), (Household, _HOUSEHOLD_COLUMNS)):
        columns = {f.column for f in model._meta.concrete_fields}
        if columns != set(written):
            raise RuntimeError(
                f"people import writes {sorted(written)}, the table has {sorted(columns)}"
            )


_check_columns()


def uuids(count: int) -> Iterator[uuidlib.UUID]:
    """Time-ordered UUIDs (the version 7 layout: milliseconds, then 74 random bits), so the
    unique index on uuid grows at its end instead of being written all over."""
    millis = time.time_ns() // 1_000_000
    noise = os.urandom(10 * count)
    for i in range(count):
        rand = int.from_bytes(noise[10 * i : 10 * i + 10], "big")
        value = (
            (millis << 80)
            | (0x7 << 76)
            | (((rand >> 64) & 0xFFF) << 64)
            | (0b10 << 62)
            | (rand & ((1 << 62) - 1))
        )
        yield uuidlib.UUID(int=value)


@dataclass
class BatchOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0
    households_created: int = 0


@dataclass
class _Known:
    """A person the batch matched: their current values, and what the batch changes."""

    values: dict[str, Any]
    changed: set[str]
    tags: set[int] | None = None  # loaded when a row brings tags
    new_tags: set[int] | None = None


@dataclass
class _New:
    row: Row
    household_id: int | None
    tags: set[int]


def _chunks(items: list[Any], size: int = LOOKUP_CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class BatchWriter:
    def __init__(self, *, actor: User | None, filename: str, check_duplicates: bool) -> None:
        self.actor = actor
        reach = reach_of(actor) if actor is not None else None
        self.reach = None if reach is None or reach.everything else reach
        self.source_detail = filename[:200]
        self.check_duplicates = check_duplicates
        self.quote = connection.ops.quote_name
        self.person_table = Person._meta.db_table
        self.through = Person.tags.through
        now = timezone.now()
        self.created_at = Person._meta.get_field("created_at").get_db_prep_save(now, connection)
        self.now = now
        self.postgres = connection.vendor == "postgresql"
        self.batches = 0

    # --- households --------------------------------------------------------------------

    def _households(self, rows: list[Row]) -> tuple[dict[tuple[int, str], int], int]:
        wanted: dict[tuple[int, str], Row] = {}
        for row in rows:
            if row.household_code:
                wanted.setdefault((row.unit_pk, row.household_code), row)
        if not wanted:
            return {}, 0
        found: dict[tuple[int, str], int] = {}
        by_unit: dict[int, list[str]] = defaultdict(list)
        for unit_pk, code in wanted:
            by_unit[unit_pk].append(code)
        for unit_pk, codes in by_unit.items():
            for chunk in _chunks(codes):
                for pk, code in Household.objects.filter(
                    unit_id=unit_pk, code__in=chunk
                ).values_list("pk", "code"):
                    found[(unit_pk, code)] = pk
        missing = [(key, row) for key, row in wanted.items() if key not in found]
        if not missing:
            return found, 0
        ids = self._next_ids(Household._meta.db_table, len(missing))
        records: list[tuple[Any, ...]] = []
        for pk, ident, ((unit_pk, code), row) in zip(
            ids, uuids(len(missing)), missing, strict=True
        ):
            found[(unit_pk, code)] = pk
            records.append(
                (
                    pk,
                    ident if self.postgres else ident.hex,
                    code,
                    row.unit_path,
                    row.values["address"],
                    row.values["locality"],
                    None,
                    Source.IMPORT,
                    self.created_at,
                    self.created_at,
                    unit_pk,
                    None,
                )
            )
        self._copy(Household._meta.db_table, _HOUSEHOLD_COLUMNS, records)
        return found, len(missing)

    # --- who is known ----------------------------------------------------------------------

    def _people_where(self, column: str, values: list[Any]) -> Iterator[dict[str, Any]]:
        """The live people whose ``column`` is one of ``values``, inside the importer's
        reach, as the values the matching needs. Plain SQL: the ORM's compiling of long
        ``IN`` lists costs more than the query, batch after batch."""
        fields = [f for f in _KNOWN_VALUES if f != "pk"]
        columns = ", ".join(["id", *fields, "status"])
        table = self.quote(self.person_table)
        with connection.cursor() as cursor:
            for chunk in _chunks(sorted(values)):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT {columns} FROM {table} WHERE {column} IN ({marks}) ORDER BY id",
                    chunk,
                )
                for row in cursor.fetchall():
                    found = dict(zip(["pk", *fields, "status"], row, strict=True))
                    if found.pop("status") not in _LIVE:
                        continue
                    if self.reach is not None and self.reach.role_at(found["unit_path"]) is None:
                        continue
                    yield found

    def _known_by_voter_id(self, rows: list[Row]) -> dict[str, _Known]:
        voter_ids = list({r.values["voter_id"] for r in rows if r.values["voter_id"]})
        known: dict[str, _Known] = {}
        for values in self._people_where("voter_id", voter_ids):
            known.setdefault(values["voter_id"], _Known(values, set()))
        return known

    def _known_by_identity(self, rows: list[Row]) -> dict[tuple[Any, ...], _Known]:
        pairs = sorted(
            {(r.parts.identity_key, r.unit_path) for r in rows if r.parts and r.parts.identity_key}
        )
        ids: set[int] = set()
        table = self.quote(PersonKey._meta.db_table)
        with connection.cursor() as cursor:
            for chunk in _chunks(pairs, _PAIRS_PER_QUERY):
                placeholders = ", ".join(["(%s, %s)"] * len(chunk))
                cursor.execute(
                    f"WITH wanted (k, p) AS (VALUES {placeholders}) "
                    f"SELECT pk.person_id FROM wanted JOIN {table} pk "
                    "ON pk.key = wanted.k AND pk.unit_path = wanted.p",
                    [value for pair in chunk for value in pair],
                )
                ids.update(pid for (pid,) in cursor.fetchall())
        known: dict[tuple[Any, ...], _Known] = {}
        for values in self._people_where("id", list(ids)):
            parts = name_parts(values["name"])
            if parts is None:
                continue
            identity = (
                values["unit_path"],
                parts.codes,
                relation_parts(values["relation_name"])[1],
                values["birth_year"],
            )
            known.setdefault(identity, _Known(values, set()))
        return known

    def _load_tags(self, known: Iterable[_Known]) -> None:
        wanting = {k.values["pk"]: k for k in known if k.tags is None}
        for k in wanting.values():
            k.tags = set()
        for chunk in _chunks(sorted(wanting)):
            links = self.through.objects.filter(person_id__in=chunk).values_list(
                "person_id", "tag_id"
            )
            for person_id, tag_id in links:
                tags = wanting[person_id].tags
                assert tags is not None
                tags.add(tag_id)

    # --- the batch -------------------------------------------------------------------------

    def _refresh_statistics(self) -> None:
        """PostgreSQL plans the lookups from table statistics; tables filled by this import
        still look empty to it (autovacuum cannot see rows not yet committed) and it would
        scan them whole, batch after batch. ANALYZE inside the transaction counts them."""
        self.batches += 1
        if not self.postgres or self.batches not in (2, 5, 20, 100, 500, 2000):
            return
        with connection.cursor() as cursor:
            for model in (Person, PersonKey, Household):
                cursor.execute(f"ANALYZE {self.quote(model._meta.db_table)}")

    def write(self, rows: list[Row]) -> BatchOutcome:
        outcome = BatchOutcome()
        self._refresh_statistics()
        households, outcome.households_created = self._households(rows)
        by_voter = self._known_by_voter_id(rows)
        by_identity = self._known_by_identity(rows)
        # One object per person, however it was found, so that fills add up on it.
        known: dict[int, _Known] = {}
        for found in (by_voter, by_identity):
            for key, match in list(found.items()):
                found[key] = known.setdefault(match.values["pk"], match)  # type: ignore[index]
        if any(r.tag_ids for r in rows):
            self._load_tags(known.values())
        new_by_voter: dict[str, _New] = {}
        new_by_identity: dict[tuple[Any, ...], _New] = {}
        new: list[_New] = []
        for row in rows:
            voter_id = row.values["voter_id"]
            identity = row.identity()
            household_id = households.get((row.unit_pk, row.household_code))
            target: _Known | _New | None = None
            if voter_id:
                target = new_by_voter.get(voter_id) or by_voter.get(voter_id)
            if target is None:
                target = new_by_identity.get(identity) or by_identity.get(identity)
            if target is None:
                pending = _New(row, household_id, set(row.tag_ids))
                new.append(pending)
                if voter_id:
                    new_by_voter[voter_id] = pending
                new_by_identity[identity] = pending
                continue
            if isinstance(target, _New):
                filled = self._fill_new(target, row, household_id)
            else:
                filled = self._fill_known(target, row, household_id)
                if voter_id:
                    by_voter.setdefault(voter_id, target)
            if filled:
                outcome.updated += 1
            else:
                outcome.unchanged += 1
        created = self._insert(new)
        outcome.created = len(new)
        self._update(list(known.values()))
        if self.check_duplicates and created:
            # Imported late: the duplicate engine needs the people models, and this module is
            # imported by the people app itself.
            from sangathan.people.dedupe_batch import duplicates_check_new

            keys = {
                person.pk: list(p.row.parts.keys)
                for person, p in zip(created, new, strict=True)
                if p.row.parts
            }
            outcome.flagged = duplicates_check_new(created, keys, actor=self.actor)
        return outcome

    @staticmethod
    def _fill_new(target: _New, row: Row, household_id: int | None) -> bool:
        values = target.row.values
        filled = False
        for name in FILLABLE:
            if not values[name] and row.values[name]:
                values[name] = row.values[name]
                filled = True
        if values["gender"] == Gender.UNKNOWN and row.values["gender"] != Gender.UNKNOWN:
            values["gender"] = row.values["gender"]
            filled = True
        if target.household_id is None and household_id is not None:
            target.household_id = household_id
            filled = True
        extra = set(row.tag_ids) - target.tags
        if extra:
            target.tags |= extra
            filled = True
        return filled

    @staticmethod
    def _fill_known(target: _Known, row: Row, household_id: int | None) -> bool:
        values = target.values
        filled = False
        for name in FILLABLE:
            if not values[name] and row.values[name]:
                values[name] = row.values[name]
                target.changed.add(name)
                filled = True
        if values["gender"] == Gender.UNKNOWN and row.values["gender"] != Gender.UNKNOWN:
            values["gender"] = row.values["gender"]
            target.changed.add("gender")
            filled = True
        if values["household_id"] is None and household_id is not None:
            values["household_id"] = household_id
            target.changed.add("household_id")
            filled = True
        if row.tag_ids:
            assert target.tags is not None
            extra = set(row.tag_ids) - target.tags
            if extra:
                target.tags |= extra
                target.new_tags = (target.new_tags or set()) | extra
                filled = True
        return filled

    # --- writes ----------------------------------------------------------------------------

    def _next_ids(self, table: str, count: int) -> list[int]:
        """Ids for ``count`` new rows of ``table``, taken before the insert so that keys, tags
        and members can point at them without reading the rows back."""
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [pk for (pk,) in cursor.fetchall()]
            # SQLite: the import holds the write lock, so nobody takes these ids meanwhile;
            # AUTOINCREMENT never reuses an id, hence the sequence as well as the largest id.
            cursor.execute(f"SELECT MAX(id) FROM {self.quote(table)}")
            largest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            start = max(largest, found[0] if found else 0) + 1
        return list(range(start, start + count))

    def _insert(self, new: list[_New]) -> list[Person]:
        if not new:
            return []
        ids = self._next_ids(self.person_table, len(new))
        postgres = self.postgres
        constant_tail = (
            Source.IMPORT,
            self.source_detail,
            PersonStatus.ACTIVE,
            None,
            names.KEY_VERSION,
            self.created_at,
            self.created_at,
        )
        people: list[tuple[Any, ...]] = []
        keys: list[tuple[Any, ...]] = []
        links: list[tuple[int, int]] = []
        for pk, pending, ident in zip(ids, new, uuids(len(new)), strict=True):
            row = pending.row
            values = row.values
            people.append(
                (
                    pk,
                    ident if postgres else ident.hex,
                    *[values[f] for f in _ROW_FIELDS],
                    row.unit_pk,
                    row.unit_path,
                    pending.household_id,
                    *[values[f] for f in _ROW_FIELDS_2],
                    *constant_tail,
                )
            )
            assert row.parts is not None
            path = row.unit_path
            keys.extend((pk, key, path) for key in row.parts.keys)
            links.extend((pk, tag) for tag in pending.tags)
        self._copy(self.person_table, _PERSON_COLUMNS, people)
        self._copy(PersonKey._meta.db_table, ("person_id", "key", "unit_path"), keys)
        if links:
            self._copy(self.through._meta.db_table, ("person_id", "tag_id"), links)
        if not self.check_duplicates:
            return []
        return [
            Person(
                pk=pk,
                uuid=p[1] if postgres else uuidlib.UUID(hex=p[1]),
                home_unit_id=pending.row.unit_pk,
                unit_path=pending.row.unit_path,
                household_id=pending.household_id,
                source=Source.IMPORT,
                source_detail=self.source_detail,
                status=PersonStatus.ACTIVE,
                key_version=names.KEY_VERSION,
                created_at=self.now,
                updated_at=self.now,
                **pending.row.values,
            )
            for pk, p, pending in zip(ids, people, new, strict=True)
        ]

    def _copy(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """Bulk insert without the ORM's per-value statement compiling: SQLite reuses one
        prepared statement over all rows (executemany), PostgreSQL loads them with COPY."""
        if not rows:
            return
        quote = self.quote
        names_sql = ", ".join(quote(c) for c in columns)
        with connection.cursor() as cursor:
            if self.postgres:
                # Django's wrapper hides psycopg's copy(); the raw cursor shares the transaction.
                with cursor.cursor.copy(f"COPY {quote(table)} ({names_sql}) FROM STDIN") as copy:
                    for values in rows:
                        copy.write_row(values)
                return
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({names_sql}) VALUES ({placeholders})",
                rows,
            )

    def _update(self, known: list[_Known]) -> None:
        groups: dict[frozenset[str], list[Person]] = defaultdict(list)
        links: list[Any] = []
        for k in known:
            if k.changed:
                fields = frozenset(k.changed)
                person = Person(pk=k.values["pk"], updated_at=self.now)
                for name in fields:
                    setattr(person, name, k.values[name])
                groups[fields].append(person)
            for tag in sorted(k.new_tags or ()):
                links.append(self.through(person_id=k.values["pk"], tag_id=tag))
        for fields, people in groups.items():
            Person.objects.bulk_update(people, [*sorted(fields), "updated_at"], batch_size=500)
        if links:
            self.through.objects.bulk_create(links, ignore_conflicts=True)
