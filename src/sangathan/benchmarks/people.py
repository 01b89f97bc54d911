"""Benchmark: a voter-roll-sized people file imported, then searched by name.

The file is synthetic but shaped like a real roll of Uttar Pradesh: North Indian given names
and surnames from ``lib.names.lexicon`` (Hindu and Muslim), surnames skewed like real rolls (a
few — यादव, सिंह, शर्मा, ... — are very common: Zipf weights), father's or husband's names,
birth years, mobile numbers for most, voter IDs for most, households of 3–6 people, about a
thousand people per booth. Names are written in Devanagari or in Latin letters, and the Latin
ones with the spelling noise of office lists (Shukla/Sukla, Awadhesh/Avdhesh, Mohd, ...).

Measured in one run, on the database the process is given (``sangathan bench people`` gives it
a fresh scratch database):

- the import, end to end (``people_import`` on the CSV: reading, cleaning, households,
  people, match keys), in rows per second, and the peak memory of the process;
- the naive import on a slice: ``person_create`` per row (the service a form uses: one
  person, its keys and an audit entry, several queries a row), extrapolated to the file;
- the duplicate check on a slice (``--n`` rows with it would take hours: it is per person);
- search latency over ~1,000 queries with spelling variants and the other script
  (``person_search(None, q, limit=10)``), p50/p95/p99, and how often the name was found;
- the naive search (``name__icontains``, a scan of the whole table) on a sample of the same
  queries.
"""

from __future__ import annotations

import csv
import os
import platform
import random
import resource
import sqlite3
import tempfile
import time
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from sangathan.lib import names
from sangathan.lib.names.lexicon import GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, SURNAMES
from sangathan.lib.text import indian_grouping

HEADER = (
    "name",
    "relation_kind",
    "relation_name",
    "gender",
    "birth_year",
    "phone",
    "unit_code",
    "household_code",
    "locality",
    "tags",
    "voter_id",
)
PEOPLE_PER_BOOTH = 1000

# Most common first: the order the Zipf weights are given in.
_COMMON_FIRST = ("यादव", "सिंह", "शर्मा", "वर्मा", "गुप्ता", "मिश्रा", "पांडेय", "तिवारी", "शुक्ला")
_MUSLIM_SURNAMES = (
    "ख़ान", "अंसारी", "क़ुरैशी", "सिद्दीक़ी", "मंसूरी", "सलमानी", "हाशमी", "रिज़वी", "ज़ैदी",
    "शाह", "मलिक", "पठान", "मिर्ज़ा", "बेग", "शेख़",
)  # fmt: skip
_MUSLIM_MALE = (
    "मोहम्मद", "अहमद", "इरफ़ान", "इरशाद", "इमरान", "रिज़वान", "सलमान", "आरिफ़", "आसिफ़",
    "ज़ाकिर", "ताहिर", "शाहिद", "राशिद", "जावेद", "शकील", "जमील", "नसीम", "वसीम", "सलीम",
    "रहीम", "अब्दुल", "इक़बाल", "अकबर", "अनवर", "असलम", "फ़ैसल", "जुनैद", "उस्मान", "यूसुफ़",
)  # fmt: skip
_MUSLIM_FEMALE = (
    "फ़ातिमा", "आयशा", "ज़ैनब", "नसरीन", "परवीन", "शबाना", "शबनम", "रुख़साना", "रेशमा",
    "यास्मीन", "सलमा", "शाहीन", "नाज़िया", "फ़रहाना", "रज़िया", "सायरा", "शहनाज़",
)  # fmt: skip
_LOCALITIES = (
    "गोविंद नगर", "किदवई नगर", "बर्रा", "नौबस्ता", "कल्याणपुर", "शास्त्री नगर", "रावतपुर",
    "जूही", "पनकी", "चकेरी", "श्याम नगर", "यशोदा नगर",
)  # fmt: skip
# Spellings people write that the phonetic rules fold together.
_LATIN_NOISE: tuple[tuple[str, str], ...] = (
    ("sh", "s"),
    ("v", "w"),
    ("w", "v"),
    ("aa", "a"),
    ("ee", "i"),
    ("i", "ee"),
    ("ph", "f"),
    ("ksh", "x"),
    ("Mohammad", "Mohd"),
    ("th", "t"),
    ("u", "oo"),
)


def _zipf(n: int, s: float = 1.1) -> list[float]:
    return list(accumulate(1.0 / (rank**s) for rank in range(1, n + 1)))


@dataclass
class Generator:
    """Rows of a synthetic roll, reproducible from the seed."""

    seed: int = 7

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        hindu = list(_COMMON_FIRST) + [
            s for s in SURNAMES if s not in _COMMON_FIRST and s not in _MUSLIM_SURNAMES
        ]
        self.hindu_surnames = hindu
        self.hindu_weights = _zipf(len(hindu))
        self.muslim_weights = _zipf(len(_MUSLIM_SURNAMES))
        self.male = list(GIVEN_NAMES_MALE)
        self.female = list(GIVEN_NAMES_FEMALE)
        self.male_weights = _zipf(len(self.male), 0.7)
        self.female_weights = _zipf(len(self.female), 0.7)
        self.epic = 0

    def _pick(self, items: list[str] | tuple[str, ...], weights: list[float]) -> str:
        return items[bisect(weights, self.rng.random() * weights[-1])]

    def _given(self, female: bool, muslim: bool) -> str:
        if muslim:
            return self.rng.choice(_MUSLIM_FEMALE if female else _MUSLIM_MALE)
        if female:
            return self._pick(self.female, self.female_weights)
        return self._pick(self.male, self.male_weights)

    def _write(self, name: str) -> str:
        """The name as an office list has it: Devanagari, or Latin with spelling noise."""
        rng = self.rng
        if rng.random() < 0.55:
            if rng.random() < 0.1:
                name = name.replace("\u093c", "")  # nukta left out
            return name
        latin = names.to_latin(name)
        if rng.random() < 0.5:
            old, new = rng.choice(_LATIN_NOISE)
            latin = latin.replace(old, new, 1)
        return latin.upper() if rng.random() < 0.05 else latin

    def _phone(self) -> str:
        from sangathan.people.importing.rows import mobile_fast

        while True:
            number = f"{self.rng.choice('6789')}{self.rng.randrange(10**9):09d}"
            if mobile_fast(number):
                return number

    def household(self, booth: str, number: int) -> list[tuple[str, ...]]:
        """One household: a couple, maybe a parent, children; the same surname."""
        rng = self.rng
        muslim = rng.random() < 0.15
        if muslim:
            surname = self._pick(_MUSLIM_SURNAMES, self.muslim_weights)
        else:
            surname = self._pick(self.hindu_surnames, self.hindu_weights)
        locality = rng.choice(_LOCALITIES)
        code = f"{booth}-{number}"
        grandfather = self._given(False, muslim)
        husband = self._given(False, muslim)
        head_year = rng.randrange(1950, 1990)
        members: list[tuple[str, str, str, str, int]] = [
            (f"{husband} {surname}", "father", f"{grandfather} {surname}", "M", head_year),
            (
                f"{self._given(True, muslim)} {surname if rng.random() < 0.8 else 'देवी'}",
                "husband",
                f"{husband} {surname}",
                "F",
                head_year + rng.randrange(0, 6),
            ),
        ]
        for _child in range(rng.randrange(1, 5)):
            female = rng.random() < 0.48
            year = min(head_year + rng.randrange(20, 36), 2006)
            given = self._given(female, muslim)
            middle = " कुमार" if not female and not muslim and rng.random() < 0.15 else ""
            members.append(
                (
                    f"{given}{middle} {surname}",
                    "father",
                    f"{husband} {surname}",
                    "F" if female else "M",
                    year,
                )
            )
        rows: list[tuple[str, ...]] = []
        for name, kind, relation, gender, year in members:
            self.epic += 1
            voter_id = f"UP{rng.choice('ABCDEFGH')}{self.epic:07d}" if rng.random() < 0.8 else ""
            phone = self._phone() if rng.random() < 0.7 else ""
            tags = "daily-wage" if rng.random() < 0.03 else ""
            rows.append(
                (
                    self._write(name),
                    kind,
                    self._write(relation),
                    gender,
                    str(year),
                    phone,
                    booth,
                    code,
                    locality,
                    tags,
                    voter_id,
                )
            )
        return rows


def write_roll(path: Path, n: int, booths: list[str], seed: int = 7) -> list[str]:
    """Write ``n`` rows to ``path`` (booths in turn, a thousand people each); returns a
    sample of ~1,000 names (as first written, in Devanagari) to search for."""
    generator = Generator(seed)
    sample: list[str] = []
    every = max(n // 1000, 1)
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        number = 0
        while written < n:
            booth = booths[(written // PEOPLE_PER_BOOTH) % len(booths)]
            number += 1
            for row in generator.household(booth, number):
                if written >= n:
                    break
                writer.writerow(row)
                if written % every == 0:
                    sample.append(row[0])
                written += 1
    return sample


def _query_of(name: str, rng: random.Random) -> str:
    """What a searcher types for ``name``: the other script, or a spelling variant."""
    if names.script_of(name) == "deva":
        latin = names.to_latin(name)
        old, new = rng.choice(_LATIN_NOISE)
        return latin.replace(old, new, 1).lower()
    deva = names.to_devanagari(name)
    return deva or name.lower().replace("sh", "s", 1)


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99), "count": len(ordered)}


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak memory of this process (or, with RUSAGE_CHILDREN, of the largest process it
    started and waited for: the import's cleaning process)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if platform.system() == "Darwin" else peak / 1024


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _booths(n: int) -> list[str]:
    """A synthetic tree with about a thousand people per booth; the booth codes."""
    from sangathan.benchmarks.synthetic import Shape, build
    from sangathan.units.models import Level, Unit

    wanted = max(1, -(-n // PEOPLE_PER_BOOTH))
    kendras = max(1, -(-wanted // 5))
    mandals = max(1, -(-kendras // 10))
    shape = Shape(
        regions=1,
        districts_per_region=1,
        mandals_per_district=mandals,
        kendras_per_mandal=10,
        booths_per_kendra=5,
    )
    build(shape, fill=0.0)
    booth_level = Level.objects.order_by("-depth").first()
    codes = Unit.objects.filter(level=booth_level).order_by("path").values_list("code", flat=True)
    return [c for c in codes if c][:wanted]


def database_floor() -> float:
    """Seconds the database alone needs to store the rows the import stored: the people and
    their match keys copied with ``INSERT … SELECT`` into empty tables with the indexes the
    import keeps up as it loads, then the indexes it builds at its end. No Python, no cleaning,
    no parameters: no import of these rows into this database on this machine can be faster,
    whatever its code."""
    from django.db import connection, transaction

    from sangathan.people.importing.bulk import index_sql
    from sangathan.people.models import Person, PersonKey

    def on_clone(sql: str, table: str, clone: str) -> str:
        return sql.replace(f'ON "{table}"', f'ON "{clone}"').replace('INDEX "', 'INDEX "floor_', 1)

    tables = [Person._meta.db_table, PersonKey._meta.db_table]
    with transaction.atomic(), connection.cursor() as cursor:
        clones: list[tuple[str, str]] = []
        built_at_end: list[str] = []
        for table in tables:
            clone = f"floor_{table}"
            if connection.vendor == "postgresql":
                # Every index: PostgreSQL imports keep all of them (see importing.bulk).
                cursor.execute(f'CREATE TABLE "{clone}" (LIKE "{table}" INCLUDING ALL)')
            else:
                cursor.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table]
                )
                create = cursor.fetchone()[0].replace(f'"{table}"', f'"{clone}"', 1)
                cursor.execute(create)
                kept, dropped = index_sql(cursor, table)
                for sql in kept:
                    cursor.execute(on_clone(sql, table, clone))
                built_at_end.extend(on_clone(sql, table, clone) for sql in dropped)
            clones.append((table, clone))
        started = time.perf_counter()
        for table, clone in clones:
            cursor.execute(f'INSERT INTO "{clone}" SELECT * FROM "{table}" ORDER BY id')
        for sql in built_at_end:
            cursor.execute(sql)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)  # the clones go with the rollback
    return seconds


def replicate(copies: int) -> int:
    """Make the registry ``copies`` times as big: every person (and their match keys) again
    with a new id and uuid, in the same booths, in SQL. Search is measured on the result: a
    state-sized registry (1 crore) without importing it row by row. Returns the people now."""
    from django.db import connection, transaction

    from sangathan.people.importing.writing import _PERSON_COLUMNS
    from sangathan.people.models import Person, PersonKey

    person = connection.ops.quote_name(Person._meta.db_table)
    key = connection.ops.quote_name(PersonKey._meta.db_table)
    postgres = connection.vendor == "postgresql"
    new_uuid = "gen_random_uuid()" if postgres else "lower(hex(randomblob(16)))"
    columns = [c for c in _PERSON_COLUMNS if c not in ("id", "uuid", "voter_id")]
    names_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {person}")
        offset = cursor.fetchone()[0] or 0
        for copy in range(1, copies):
            with transaction.atomic():
                shift = copy * offset
                # Voter IDs are one person's: the copies have none (phones and names repeat).
                cursor.execute(
                    f"INSERT INTO {person} (id, uuid, voter_id, {names_sql}) "
                    f"SELECT id + %s, {new_uuid}, '', {names_sql} FROM {person} WHERE id <= %s",
                    [shift, offset],
                )
                cursor.execute(
                    f"INSERT INTO {key} (person_id, key, unit_path) "
                    f"SELECT person_id + %s, key, unit_path FROM {key} WHERE person_id <= %s",
                    [shift, offset],
                )
        if postgres:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {person}))",
                [Person._meta.db_table],
            )
            cursor.execute(f"ANALYZE {person}")
            cursor.execute(f"ANALYZE {key}")
        cursor.execute(f"SELECT COUNT(*) FROM {person}")
        return int(cursor.fetchone()[0])


def run(
    n: int = 1_000_000,
    *,
    copies: int = 1,
    baseline_rows: int = 1_000,
    dedupe_rows: int = 1_000,
    queries: int = 1_000,
    naive_queries: int = 30,
    seed: int = 7,
) -> dict[str, Any]:
    """Generate, import and search ``n`` people; returns the measurements. Writes to the
    database it is given: run it on a scratch database (``sangathan bench people`` does)."""
    from django.db import connection, transaction

    from sangathan.people.importing import people_import
    from sangathan.people.models import Person
    from sangathan.people.search import person_search
    from sangathan.people.services import PersonFields, person_create, tags_ensure_default
    from sangathan.units.models import Unit

    result: dict[str, Any] = {
        "machine": f"{platform.system()} {platform.machine()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()}",
        "database": f"sqlite {sqlite3.sqlite_version}"
        if connection.vendor == "sqlite"
        else connection.vendor,
        "n": n,
    }
    tags_ensure_default()
    started = time.perf_counter()
    booths = _booths(n)
    result["booths"] = len(booths)
    result["tree_seconds"] = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "roll.csv"
        started = time.perf_counter()
        sample = write_roll(source, n, booths, seed)
        result["generate_seconds"] = time.perf_counter() - started
        result["file_mb"] = source.stat().st_size / (1024 * 1024)
        result["rss_before_import_mb"] = peak_rss_mb()

        started = time.perf_counter()
        cpu_started = time.process_time()
        children_started = _children_cpu()
        imported = people_import(source=source, check_duplicates=False)
        seconds = time.perf_counter() - started
        result["import_seconds"] = seconds
        # CPU time of this process as well as the clock: on a shared machine the clock also
        # counts other programs' turns (SQLite works inside this process; PostgreSQL does not).
        result["import_cpu_seconds"] = time.process_time() - cpu_started
        # A big file is read and cleaned in a second process (people.importing.parallel).
        result["import_worker_cpu_seconds"] = _children_cpu() - children_started
        result["worker_peak_rss_mb"] = peak_rss_mb(resource.RUSAGE_CHILDREN)
        result["import_rows_per_second"] = n / seconds
        result["created"] = imported.created
        result["updated"] = imported.updated
        result["unchanged"] = imported.unchanged
        result["bad"] = imported.bad
        result["households"] = imported.households_created
        result["peak_rss_mb"] = peak_rss_mb()
        floor = database_floor()
        result["floor_seconds"] = floor
        result["floor_rows_per_second"] = n / floor

        # The same import with the duplicate check, on a slice, rolled back.
        slice_file = Path(folder) / "slice.csv"
        # Another seed: other people than the file's, in the first booth.
        write_roll(slice_file, dedupe_rows, booths[:1], seed + 1)
        with transaction.atomic():
            started = time.perf_counter()
            checked = people_import(source=slice_file, check_duplicates=True)
            result["dedupe_rows"] = dedupe_rows
            result["dedupe_rows_per_second"] = dedupe_rows / (time.perf_counter() - started)
            result["dedupe_flagged"] = checked.flagged
            transaction.set_rollback(True)

    # Naive import: the form's service, one row at a time, on a slice; rolled back.
    booth = Unit.objects.get(code=booths[0])
    generator = Generator(seed + 2)
    made: list[tuple[str, ...]] = []
    number = 0
    while len(made) < baseline_rows:
        number += 1
        made.extend(generator.household(booths[0], 100_000 + number))
    with transaction.atomic():
        started = time.perf_counter()
        for name, kind, relation, gender, year, phone, *_rest, locality, _tags, voter_id in made[
            :baseline_rows
        ]:
            person_create(
                home_unit=booth,
                details=PersonFields(
                    name=name,
                    gender=gender,
                    relation_kind=kind,
                    relation_name=relation,
                    birth_year=int(year),
                    phone=phone,
                    locality=locality,
                    voter_id=voter_id,
                ),
                source="import",
            )
        naive = time.perf_counter() - started
        transaction.set_rollback(True)
    result["baseline_rows"] = baseline_rows
    result["baseline_rows_per_second"] = baseline_rows / naive
    result["baseline_extrapolated_seconds"] = naive / baseline_rows * n

    if copies > 1:
        started = time.perf_counter()
        result["people_searched"] = replicate(copies)
        result["replicate_seconds"] = time.perf_counter() - started

    # Search: spelling variants and the other script, through the key index.
    rng = random.Random(seed)
    picked = [sample[i % len(sample)] for i in range(queries)]
    typed = [_query_of(name, rng) for name in picked]
    person_search(None, typed[0], limit=10)  # warm the connection and caches
    cpu_timings: list[float] = []
    timings: list[float] = []
    found = 0
    for name, query in zip(picked, typed, strict=True):
        started = time.perf_counter()
        cpu_started = time.process_time()
        hits = person_search(None, query, limit=10)
        timings.append(time.perf_counter() - started)
        cpu_timings.append(time.process_time() - cpu_started)
        wanted = tuple(names.name_tokens(name))
        if any(tuple(names.name_tokens(h.person.name)) == wanted for h in hits) or any(
            tuple(names.name_tokens(h.person.name_latin)) == wanted for h in hits
        ):
            found += 1
    result["search"] = _percentiles(timings)
    result["search_cpu"] = _percentiles(cpu_timings)
    result["search_found_share"] = found / len(typed)

    naive_timings: list[float] = []
    naive_found = 0
    for name, query in list(zip(picked, typed, strict=True))[:naive_queries]:
        started = time.perf_counter()
        hits_naive = list(Person.objects.filter(name__icontains=query)[:10])
        naive_timings.append(time.perf_counter() - started)
        wanted = tuple(names.name_tokens(name))
        if any(tuple(names.name_tokens(p.name)) == wanted for p in hits_naive):
            naive_found += 1
    result["naive_search"] = _percentiles(naive_timings)
    result["naive_search_found_share"] = naive_found / max(len(naive_timings), 1)
    result["people_in_table"] = Person.objects.count()
    result["peak_rss_mb_end"] = peak_rss_mb()
    return result


def table(result: dict[str, Any]) -> str:
    """The numbers as a small text table, for ``sangathan bench people`` and the docs."""
    s, ns = result["search"], result["naive_search"]
    baseline = indian_grouping(result["baseline_rows"])
    lines = [
        f"machine   {result['machine']}",
        f"database  {result['database']}",
        f"data      {indian_grouping(result['n'])} people in {indian_grouping(result['booths'])} "
        f"booths ({result['file_mb']:.0f} MB CSV; {indian_grouping(result['households'])} "
        "households)",
        "",
        f"{'import':<52}{'rows/s':>12}{'seconds':>10}",
        f"{'people_import (batched, this code)':<52}"
        f"{indian_grouping(round(result['import_rows_per_second'])):>12}"
        f"{result['import_seconds']:>10.1f}",
        f"{'the database alone: INSERT … SELECT of the same rows':<52}"
        f"{indian_grouping(round(result.get('floor_rows_per_second', 0))):>12}"
        f"{result.get('floor_seconds', 0):>10.1f}",
        f"{'  with the duplicate check, ' + indian_grouping(result['dedupe_rows']) + ' rows':<52}"
        f"{indian_grouping(round(result['dedupe_rows_per_second'])):>12}",
        f"{'naive: person_create per row, ' + baseline + ' rows':<52}"
        f"{indian_grouping(round(result['baseline_rows_per_second'])):>12}",
        f"{'naive, extrapolated to every row':<52}{'':>12}"
        f"{result['baseline_extrapolated_seconds']:>10.0f}",
        f"peak memory after the import: {result['peak_rss_mb']:.0f} MB"
        + (
            f" (the process that cleaned the rows: {result['worker_peak_rss_mb']:.0f} MB)"
            if result.get("import_worker_cpu_seconds")
            else ""
        ),
        "",
        f"registry searched: {indian_grouping(result['people_in_table'])} people"
        + (
            f" (the import's {indian_grouping(result['n'])} copied in SQL)"
            if result.get("people_searched")
            else ""
        ),
        f"{'search (' + indian_grouping(s['count']) + ' queries)':<40}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'found':>8}",
        f"{'person_search (key index + fuzzy)':<40}{s['p50_ms']:>9.2f}{s['p95_ms']:>9.2f}"
        f"{s['p99_ms']:>9.2f}{result['search_found_share']:>8.0%}",
        f"{'naive icontains (' + str(ns['count']) + ' queries)':<40}{ns['p50_ms']:>9.1f}"
        f"{ns['p95_ms']:>9.1f}{ns['p99_ms']:>9.1f}{result['naive_search_found_share']:>8.0%}",
    ]
    if "import_cpu_seconds" in result:
        at = next(i for i, line in enumerate(lines) if line.startswith("people_import")) + 1
        lines.insert(
            at,
            f"{'  per second of this process' + chr(39) + 's CPU time':<52}"
            f"{indian_grouping(round(result['n'] / result['import_cpu_seconds'])):>12}"
            f"{result['import_cpu_seconds']:>10.1f}",
        )
        if result.get("import_worker_cpu_seconds"):
            lines.insert(
                at + 1,
                f"{'  CPU time of the process that cleaned the rows':<52}{'':>12}"
                f"{result['import_worker_cpu_seconds']:>10.1f}",
            )
    if "search_cpu" in result:
        sc = result["search_cpu"]
        at = next(i for i, line in enumerate(lines) if line.startswith("naive icontains"))
        lines.insert(
            at,
            f"{'  CPU time of this process':<40}{sc['p50_ms']:>9.2f}{sc['p95_ms']:>9.2f}"
            f"{sc['p99_ms']:>9.2f}",
        )
    return "\n".join(lines)
