from __future__ import annotations

from django.db import connection

from sangathan.units.models import Unit
from tests.conftest import World


def test_subtree_finds_the_unit_and_everything_under_it(world: World) -> None:
    codes = set(Unit.objects.filter(path__subtree=world.mandal.path).values_list("code", flat=True))
    assert codes == {"M-GN", "SK-1", "101", "102"}


def test_subtree_filter_is_answered_from_an_index(world: World) -> None:
    query = Unit.objects.filter(path__subtree=world.district.path).values("id").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "SEARCH" in plan and "INDEX" in plan, plan
        else:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
            assert "Index" in plan, plan
