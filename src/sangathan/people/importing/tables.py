"""The tables a batch of imported people goes into, column by column, and the two bulk
primitives that fill them: ids taken before the insert, and the insert itself (COPY on
PostgreSQL, one prepared statement on SQLite). Apart from ``writing`` so that the column lists,
which must follow every change to the models, are in one short place."""

from __future__ import annotations

import os
import time
import uuid as uuidlib
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection

from sangathan.people.models import Household, Person

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


class TableWrites:
    """The bulk writes of ``BatchWriter``, which sets these attributes."""

    postgres: bool
    quote: Callable[[str], str]

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
