"""How fast the vacancy roll-up answers for a whole state, against a naive tree walk.

The naive way is what code without a materialized path does: walk the tree one level at a
time asking each unit for its children and each booth for its appointments (N+1 queries).
It is measured on one district in the same run, and scaled by booths for the state.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from sangathan.benchmarks.synthetic import STATE, Shape, build
from sangathan.units.models import Appointment, PostType, Unit
from sangathan.units.selectors import vacancy_by_child, vacancy_summary


def naive_empty_booths(root: Unit, post: PostType) -> int:
    """Recursion in Python: one query per unit for its children (treebeard's own indexed
    children query), one per booth for its holders."""
    empty = 0
    stack = [root]
    while stack:
        unit = stack.pop()
        if unit.level_id == post.level_id:
            if not Appointment.objects.active().filter(unit=unit, post_type=post).exists():
                empty += 1
            continue
        stack.extend(Unit.objects.get_children(unit))
    return empty


def measure(func: Callable[[], Any], repeat: int = 3) -> dict[str, Any]:
    best = float("inf")
    result: Any = None
    queries = 0
    peak = 0
    for _ in range(repeat):
        reset_queries()
        tracemalloc.start()
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            result = func()
            elapsed = time.perf_counter() - started
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        best = min(best, elapsed)
        queries = len(ctx.captured_queries)
    return {"seconds": best, "queries": queries, "peak_kib": peak // 1024, "result": result}


def run(shape: Shape = STATE) -> dict[str, Any]:
    started = time.perf_counter()
    built = build(shape)
    build_seconds = time.perf_counter() - started
    post = built.booth_post
    district = Unit.objects.filter(depth=3).order_by("path").first()
    assert district is not None
    district_booths = Unit.objects.filter(path__subtree=district.path, level=post.level).count()

    def summary_state() -> int:
        row = next(r for r in vacancy_summary(built.state) if r.post_type == post)
        return row.units_empty

    def summary_district() -> int:
        row = next(r for r in vacancy_summary(district) if r.post_type == post)
        return row.units_empty

    results = {
        "vacancy_summary(state)": measure(summary_state),
        "vacancy_by_child(state)": measure(lambda: len(vacancy_by_child(built.state, post))),
        "vacancy_summary(district)": measure(summary_district),
        "naive walk(district)": measure(lambda: naive_empty_booths(district, post), repeat=1),
    }
    fast = results["vacancy_summary(district)"]["result"]
    naive = results["naive walk(district)"]["result"]
    if fast != naive:
        raise AssertionError(f"roll-up {fast} != naive {naive}: the benchmark is wrong")
    scale = built.booths / district_booths
    return {
        "database": connection.vendor,
        "units": built.units,
        "booths": built.booths,
        "appointments": built.appointments,
        "district_booths": district_booths,
        "build_seconds": build_seconds,
        "naive_state_estimate_seconds": results["naive walk(district)"]["seconds"] * scale,
        "results": results,
    }
