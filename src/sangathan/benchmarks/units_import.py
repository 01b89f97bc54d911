"""Benchmark: importing a state-size unit tree from CSV.

A synthetic state (1 state, 18 regions, 98 districts, 1,900 mandals, 30,000 shakti kendras,
1,60,000 booths: about 1.9 lakh rows) is imported with ``units_import`` (materialized paths
computed in Python, bulk inserts), then imported again (every row unchanged) and exported.
The naive baseline, measured in the same run, adds a slice of the same rows one by one with
treebeard's ``add_child`` and is extrapolated per row to the whole file.

Everything happens inside one transaction that is rolled back at the end, so the benchmark can
run against any database (SQLite or PostgreSQL) without leaving rows behind. Call ``run()``
with Django set up; ``table()`` formats the numbers.
"""

from __future__ import annotations

import csv
import os
import platform
import resource
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sangathan.lib.text import indian_grouping

STATE_SHAPE: list[tuple[str, int]] = [
    ("प्रदेश", 1),
    ("क्षेत्र", 18),
    ("जिला/महानगर", 98),
    ("मंडल", 1_900),
    ("शक्ति केंद्र", 30_000),
    ("बूथ", 1_60_000),
]
HEADER = ("level", "code", "name_hi", "name_en", "parent_code")


def synthetic_rows(
    shape: list[tuple[str, int]] = STATE_SHAPE, prefix: str = "BN", scale: float = 1.0
) -> Iterator[tuple[str, str, str, str, str]]:
    """Rows top level first; the units of each level are spread evenly over the level above."""
    parents: list[str] = [""]
    for depth, (level, full_count) in enumerate(shape, start=1):
        count = max(len(parents), round(full_count * scale)) if depth > 1 else full_count
        codes: list[str] = []
        for i in range(count):
            code = f"{prefix}-{depth}-{i + 1}"
            parent = parents[i * len(parents) // count]
            yield (level, code, f"{level} {i + 1}", f"Unit {depth}.{i + 1}", parent)
            codes.append(code)
        parents = codes


def write_state_csv(path: Path, **kwargs: Any) -> int:
    """Write the synthetic state to ``path``; returns the number of data rows."""
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in synthetic_rows(**kwargs):
            writer.writerow(row)
            rows += 1
    return rows


def _naive_import(rows: list[tuple[str, str, str, str, str]]) -> float:
    """One ``add_child`` per row, as a straightforward importer would do. Returns seconds."""
    from sangathan.units.models import Unit
    from sangathan.units.services import level_by_name

    levels = {name: level_by_name(name) for name in {row[0] for row in rows}}
    by_code: dict[str, Any] = {}
    started = time.perf_counter()
    for level, code, name_hi, name_en, parent_code in rows:
        fields = {"level": levels[level], "code": code, "name_hi": name_hi, "name_en": name_en}
        if parent_code:
            by_code[code] = Unit.objects.add_child(by_code[parent_code], create_kwargs=fields)
        else:
            by_code[code] = Unit.objects.add_root(create_kwargs=fields)
    return time.perf_counter() - started


def _check_tree(root_path: str) -> None:
    """treebeard's find_problems() runs queries per node (hours at this size); the same
    invariants in three set-wise queries: depth matches the path, every parent exists and
    numchild counts the children."""
    from django.db.models import Count, F
    from django.db.models.functions import Length, Substr

    from sangathan.units.models import Unit

    subtree = Unit.objects.filter(path__startswith=root_path)
    steplen = Unit.steplen
    if subtree.annotate(n=Length("path")).exclude(n=F("depth") * steplen).exists():
        raise AssertionError("a unit's depth does not match its path")
    counted = dict(
        subtree.filter(depth__gt=1)
        .annotate(parent_path=Substr("path", 1, Length("path") - steplen))
        .values("parent_path")
        .annotate(n=Count("id"))
        .values_list("parent_path", "n")
        .order_by()
    )
    stored = dict(subtree.filter(numchild__gt=0).values_list("path", "numchild"))
    if counted != stored:
        raise AssertionError("numchild or parents do not match the paths")


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if platform.system() == "Darwin" else peak / 1024


def run(*, scale: float = 1.0, baseline_rows: int = 3_000) -> dict[str, Any]:
    """Measure the import of a synthetic state and the naive baseline; write nothing."""
    from django.db import connection, transaction

    from sangathan.units.exporting import csv_write, units_export
    from sangathan.units.importing import units_import
    from sangathan.units.models import Unit
    from sangathan.units.services import levels_ensure_default

    result: dict[str, Any] = {
        "machine": f"{platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()}",
        "database": f"{connection.vendor} {sqlite3.sqlite_version}"
        if connection.vendor == "sqlite"
        else connection.vendor,
    }
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        levels_ensure_default()
        source = Path(folder) / "state.csv"
        # Fresh code prefixes: the database may already hold units, even an earlier bench's.
        run_id = uuid.uuid4().hex[:6].upper()
        result["rows"] = write_state_csv(source, prefix=f"BN{run_id}", scale=scale)
        before = Unit.objects.count()

        # Baseline first, in a savepoint of its own, under a separate prefix.
        slice_rows = list(synthetic_rows(prefix=f"BL{run_id}", scale=scale))[:baseline_rows]
        savepoint = transaction.savepoint()
        baseline = _naive_import(slice_rows)
        transaction.savepoint_rollback(savepoint)
        result["baseline_rows"] = len(slice_rows)
        result["baseline_seconds"] = baseline
        result["baseline_ms_per_row"] = 1000 * baseline / len(slice_rows)
        result["baseline_extrapolated_seconds"] = baseline / len(slice_rows) * result["rows"]

        started = time.perf_counter()
        imported = units_import(source=source)
        result["import_seconds"] = time.perf_counter() - started
        result["import_ms_per_row"] = 1000 * result["import_seconds"] / result["rows"]
        result["created"] = imported.created
        if Unit.objects.count() - before != result["rows"]:
            raise AssertionError("the import did not create every row")
        _check_tree(Unit.objects.get(code=f"BN{run_id}-1-1").path)

        started = time.perf_counter()
        again = units_import(source=source)
        result["reimport_seconds"] = time.perf_counter() - started
        if again.unchanged != result["rows"]:
            raise AssertionError("importing the same file again changed something")

        started = time.perf_counter()
        with open(Path(folder) / "export.csv", "w", encoding="utf-8", newline="") as handle:
            csv_write(units_export(filename="bench").rows, handle)
        result["export_seconds"] = time.perf_counter() - started
        result["peak_rss_mb"] = _peak_rss_mb()
        transaction.set_rollback(True)
    result["speedup"] = result["baseline_extrapolated_seconds"] / result["import_seconds"]
    return result


def table(result: dict[str, Any]) -> str:
    """The numbers as a small text table, for ``sangathan bench`` and docs/PERFORMANCE.md."""
    lines = [
        f"machine   {result['machine']}",
        f"database  {result['database']}",
        f"rows      {indian_grouping(result['rows'])} "
        "(state, regions, districts, mandals, kendras, booths)",
        "",
        f"{'what':<44}{'seconds':>10}{'ms/row':>10}",
        f"{'units import (bulk, this code)':<44}{result['import_seconds']:>10.1f}"
        f"{result['import_ms_per_row']:>10.3f}",
        f"{'same file again (all unchanged)':<44}{result['reimport_seconds']:>10.1f}",
        f"{'units export to CSV':<44}{result['export_seconds']:>10.1f}",
        f"{'naive add_child per row, ' + indian_grouping(result['baseline_rows']) + ' rows':<44}"
        f"{result['baseline_seconds']:>10.1f}{result['baseline_ms_per_row']:>10.3f}",
        f"{'naive, extrapolated to every row':<44}{result['baseline_extrapolated_seconds']:>10.1f}",
        "",
        f"speed-up over naive: {result['speedup']:.0f}×; "
        f"peak memory of the process: {result['peak_rss_mb']:.0f} MB",
    ]
    return "\n".join(lines)
