"""Loading a big file into SQLite: a bigger page cache, and the indexes the import never
reads dropped for the load and built again at its end.

A person row keeps nine secondary indexes in order (phone, name, unit path, ...). Row by row,
each insert walks each of them; a file of lakhs of rows spends most of its database time
there, missing SQLite's small default page cache. One sorted build per index at the end is
several times cheaper (``sangathan bench people`` measures it). The indexes the import itself
reads as it goes stay: voter ID (who is known), the match keys' (key, path) index (the same
name in the same booth), the households' code.

Only on SQLite, only when the file is big next to the registry (a district's first roll, not
ten new members), and inside the import's transaction: SQLite's DDL is transactional, so a
refused or failed import rolls the dropped indexes back with everything else, and readers in
WAL mode keep reading the last committed state, indexes included, meanwhile. PostgreSQL
maintains its indexes in its own process, beside the import, and dropping one there would lock
every reader out of the table until the import ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import connection

from sangathan.people.models import Person, PersonKey

if TYPE_CHECKING:
    from django.db.backends.utils import CursorWrapper

# Bytes per row, roughly: a roll's CSV row is ~120 bytes (Devanagari is 3 bytes a letter), an
# XLSX row ~45 (zip compressed). Only the choice between two correct ways to load depends on it.
_CSV_BYTES_PER_ROW = 120
_XLSX_BYTES_PER_ROW = 45
# Below this, keeping indexes in order costs seconds at most.
BULK_FROM_ROWS = 20_000
# The page cache while loading: 32 MB (negative: KiB; the default is 2 MB). More buys
# little once the unread indexes are gone, and counts against the import's memory budget.
_CACHE_KIB = 32_768
# Columns whose indexes the import reads while it runs.
_KEPT = {
    Person._meta.db_table: {"voter_id", "id", "uuid"},
    PersonKey._meta.db_table: {"key", "person_id"},
}


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector far less often while importing.

    An import allocates millions of short-lived tuples (cells, key rows) and makes no cycles
    worth collecting; at the default thresholds the collector runs every 700 allocations and,
    each time an older generation fills, walks every long-lived object, the name caches' lakhs
    of entries included. Measured on a lakh of rows: a fifth of the import's CPU time. What
    exists now is frozen (never walked) until the import ends; memory is still freed by
    reference counting as usual."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, 50, 1_000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def estimated_rows(source: Path, *, xlsx: bool) -> int:
    size = source.stat().st_size
    return size // (_XLSX_BYTES_PER_ROW if xlsx else _CSV_BYTES_PER_ROW)


class BulkLoad:
    """Use as ``start()`` after the transaction began, ``finish()`` before it commits, and
    ``close()`` in any case (``finally``)."""

    def __init__(self, *, expected_rows: int) -> None:
        self.expected_rows = expected_rows
        self.dropped: list[str] = []
        self.cache: int | None = None

    def worth_it(self) -> bool:
        if connection.vendor != "sqlite" or self.expected_rows < BULK_FROM_ROWS:
            return False
        with connection.cursor() as cursor:
            # The largest id bounds the registry's size without counting it.
            cursor.execute(f"SELECT MAX(id) FROM {Person._meta.db_table}")
            registry = cursor.fetchone()[0] or 0
        # Rebuilding costs about as much per registry row as keeping the order costs per new
        # row: worth it when the file adds at least half as many people as there are.
        return self.expected_rows * 2 >= registry

    def start(self) -> bool:
        """Returns whether the bulk way was taken."""
        if connection.vendor != "sqlite":
            return False
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            self.cache = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        if not self.worth_it():
            return False
        with connection.cursor() as cursor:
            for table in _KEPT:
                for name, sql in _indexes(cursor, table, kept=False):
                    self.dropped.append(sql)
                    cursor.execute(f'DROP INDEX "{name}"')
        return True

    def finish(self) -> None:
        """Build the dropped indexes again (sorted, one pass each)."""
        with connection.cursor() as cursor:
            for sql in self.dropped:
                cursor.execute(sql)
        self.dropped = []

    def close(self) -> None:
        if self.cache is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(self.cache)}")
            self.cache = None


def _indexes(cursor: CursorWrapper, table: str, *, kept: bool) -> list[tuple[str, str]]:
    """(name, CREATE sql) of the table's indexes a bulk load keeps (``kept``) or drops.
    Unique indexes are always kept."""
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        "AND sql IS NOT NULL",
        [table],
    )
    found = []
    for name, sql in cursor.fetchall():
        columns = _indexed_columns(cursor, name)
        keeps = sql.startswith("CREATE UNIQUE") or bool(columns and columns[0] in _KEPT[table])
        if keeps == kept:
            found.append((name, sql))
    return found


def index_sql(cursor: CursorWrapper, table: str) -> tuple[list[str], list[str]]:
    """The CREATE statements of the indexes a bulk load keeps up while it loads, and of those
    it builds at its end (SQLite)."""
    return (
        [sql for _name, sql in _indexes(cursor, table, kept=True)],
        [sql for _name, sql in _indexes(cursor, table, kept=False)],
    )


def _indexed_columns(cursor: CursorWrapper, index: str) -> list[str]:
    cursor.execute(f'PRAGMA index_info("{index}")')
    return [row[2] for row in cursor.fetchall()]
