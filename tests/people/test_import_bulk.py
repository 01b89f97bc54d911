"""A big file on SQLite is loaded with the import-unread indexes dropped and built again.

PostgreSQL keeps its indexes (the bulk way is written for SQLite only):
the same tests check that a big file there leaves every index in place and still imports.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from sangathan.people.importing import ImportRefused, people_import
from sangathan.people.importing import bulk as bulk_module
from sangathan.people.models import Person
from sangathan.people.search import person_search
from tests.conftest import World
from tests.people.test_import import write_csv

SQLITE = connection.vendor == "sqlite"


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        if SQLITE:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'people_%%'"
            )
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'people_%%'")
        return {name for (name,) in cursor.fetchall()}


ROWS = [
    ["संतोष शुक्ला", "राम शुक्ला", "M", "1970", "9839077777", "101", "H-1", "", "", ""],
    ["Viresh Tripathi", "", "M", "1975", "", "101", "", "", "", ""],
]


@pytest.fixture
def every_file_is_big(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    taken: list[bool] = []
    original = bulk_module.BulkLoad.start

    def start(self: bulk_module.BulkLoad) -> bool:
        self.expected_rows = 10**9
        taken.append(original(self))
        return taken[-1]

    monkeypatch.setattr(bulk_module.BulkLoad, "start", start)
    return taken


def test_a_big_import_builds_every_index_again(
    world: World, tmp_path: Path, every_file_is_big: list[bool]
) -> None:
    before = _indexes()
    result = people_import(source=write_csv(tmp_path / "big.csv", ROWS))
    assert every_file_is_big == [SQLITE]
    assert result.created == 2
    assert _indexes() == before
    # The rebuilt indexes serve: phone and name search find the new people.
    assert [h.person.name for h in person_search(None, "9839077777")] == ["संतोष शुक्ला"]
    assert person_search(None, "santosh sukla")[0].person.name == "संतोष शुक्ला"


def test_a_refused_big_import_leaves_the_indexes_as_they_were(
    world: World, tmp_path: Path, every_file_is_big: list[bool]
) -> None:
    before = _indexes()
    bad = [*ROWS, ["", "", "M", "1970", "", "101", "", "", "", ""]]
    with pytest.raises(ImportRefused):
        people_import(source=write_csv(tmp_path / "bad.csv", bad))
    assert every_file_is_big == [SQLITE]
    assert _indexes() == before
    assert not Person.objects.filter(name="Viresh Tripathi").exists()


def test_a_dry_run_of_a_big_file_leaves_the_indexes_as_they_were(
    world: World, tmp_path: Path, every_file_is_big: list[bool]
) -> None:
    before = _indexes()
    preview = people_import(source=write_csv(tmp_path / "big.csv", ROWS), dry_run=True)
    assert preview.created == 2
    assert _indexes() == before


def test_only_a_file_of_many_rows_takes_the_bulk_way(world: World) -> None:
    load = bulk_module.BulkLoad(expected_rows=bulk_module.BULK_FROM_ROWS)
    # The world's registry is a handful of people: worth it wherever indexes are dropped.
    assert load.worth_it() is SQLITE
    load.expected_rows = bulk_module.BULK_FROM_ROWS - 1
    assert not load.worth_it()
