"""``sangathan bench people`` on a tiny registry: every number it reports is measured, and the
database floor is taken on clones that vanish with their transaction."""

from __future__ import annotations

import pytest
from django.db import connection

from sangathan.benchmarks import people as bench
from sangathan.people.models import Person


@pytest.mark.django_db
def test_the_people_bench_measures_import_floor_and_search() -> None:
    result = bench.run(
        n=400, baseline_rows=20, dedupe_rows=20, queries=40, naive_queries=5, copies=2
    )
    assert result["created"] + result["updated"] + result["unchanged"] == 400 - result["bad"]
    assert result["import_rows_per_second"] > 0 and result["floor_seconds"] > 0
    # Spelling variants and the other script are found through the keys.
    assert result["search_found_share"] >= 0.9
    assert result["people_in_table"] == Person.objects.count() == 2 * result["created"]
    assert not any("floor_" in name for name in connection.introspection.table_names())
    table = bench.table(result)
    assert "the database alone" in table and "person_search" in table
