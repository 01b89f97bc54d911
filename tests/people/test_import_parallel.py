"""A big file is read and cleaned in a second process (``people.importing.parallel``): the
same file imported both ways gives the same people, the same errors in the same words and the
same bad-rows file, and an import abandoned half way leaves no worker behind."""

from __future__ import annotations

import csv
import multiprocessing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from sangathan.core.models import User
from sangathan.people.importing import ImportRefused, people_import
from sangathan.people.importing.service import BATCH, people_import_steps
from sangathan.people.models import Household, Person, PersonKey, Source
from sangathan.people.services import tags_ensure_default
from tests.conftest import World

HEADER = ["name", "relation_name", "gender", "birth_year", "phone", "unit_code",
          "household_code", "locality", "tags", "voter_id"]  # fmt: skip
GOOD = [
    ["संतोष शुक्ला", "रमेश शुक्ला", "M", "1980", "9839012301", "101", "H-1", "गोविंद नगर", "", ""],
    ["Sita Devi", "Santosh Shukla", "F", "1984", "", "101", "H-1", "Govind Nagar", "विधवा", ""],
    ["Kanhaiya Lal", "", "M", "1950", "98390 12302", "102", "", "", "", "UPA1234567"],
    ["मोहम्मद इरफ़ान", "", "M", "1990", "", "102", "H-7", "", "दिहाड़ी मजदूर", ""],
]
BAD = [
    ["", "", "M", "1980", "", "101", "", "", "", ""],  # no name
    ["Ram Kumar", "", "X", "1980", "", "101", "", "", "", ""],  # no such gender
    ["Shyam Yadav", "", "M", "1980", "12345", "101", "", "", "", ""],  # not a phone
    ["Geeta", "", "F", "1980", "", "999", "", "", "", ""],  # no such unit
    ["Lakshmi", "", "F", "1980", "", "101", "", "", "nosuchtag", ""],
]


FATHERS = ["रमेश शुक्ला", "Suresh Yadav", "महेश गुप्ता", "Dinesh Maurya", "राकेश वर्मा",
           "Mukesh Sahu", "उमेश पाल", "Naresh Tiwari", "गणेश दुबे", "Rajesh Mishra"]  # fmt: skip


@pytest.fixture(autouse=True)
def _tags(db: None) -> None:
    tags_ensure_default()


def roll(path: Path, *, copies: int, bad: bool) -> Path:
    """More rows than one batch, so the worker hands over several."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(copies):
            # Each copy is other people: another birth year and father (else the import
            # rightly finds the same people again and leaves them unchanged).
            year, father = str(1930 + i % 80), FATHERS[i // 80 % len(FATHERS)]
            for row in GOOD:
                writer.writerow([row[0], father, row[2], year, *row[4:6],
                                 f"{row[6]}-{i}" if row[6] else "", *row[7:9],
                                 row[9] and f"UPA{1000000 + i}"])  # fmt: skip
            if bad and i % 97 == 0:
                writer.writerows(BAD)
    return path


def imported() -> Any:
    return Person.objects.filter(source=Source.IMPORT)


def stored() -> list[Any]:
    people = imported()
    rows = sorted(
        people.values_list(
            "name", "name_latin", "unit_path", "gender", "relation_name", "birth_year",
            "phone", "voter_id", "household__code",
        ),
        key=repr,
    )  # fmt: skip
    keys = sorted(
        PersonKey.objects.filter(person__source=Source.IMPORT).values_list("key", "unit_path")
    )
    return [rows, keys, Household.objects.count()]


def import_both_ways(world: World, source: Path, **options: Any) -> tuple[Any, Any]:
    results = []
    for parallel in (False, True):
        result = people_import(source=source, parallel=parallel, check_duplicates=False, **options)
        results.append((result, stored()))
        imported().delete()
        Household.objects.all().delete()
    return results[0], results[1]


def test_a_file_cleaned_in_a_second_process_is_imported_exactly_the_same(
    world: World, tmp_path: Path
) -> None:
    source = roll(tmp_path / "roll.csv", copies=BATCH // len(GOOD) + 50, bad=False)
    (serial, serial_rows), (parallel, parallel_rows) = import_both_ways(world, source)
    assert serial.created == parallel.created > BATCH
    assert (serial.updated, serial.bad) == (parallel.updated, parallel.bad) == (0, 0)
    assert serial_rows == parallel_rows


def test_bad_rows_are_reported_in_the_same_words_and_the_same_file(
    world: World, tmp_path: Path
) -> None:
    source = roll(tmp_path / "roll.csv", copies=BATCH // len(GOOD) + 50, bad=True)
    files = {}
    results = {}
    for parallel in (False, True):
        target = tmp_path / f"bad-{parallel}.csv"
        with translation.override("hi"):
            results[parallel] = people_import(
                source=source,
                skip_bad=True,
                bad_rows=target,
                parallel=parallel,
                dry_run=True,
                check_duplicates=False,
            )
        files[parallel] = target.read_text(encoding="utf-8-sig")
    assert results[True].bad == results[False].bad == 5 * len(range(0, BATCH // 4 + 50, 97))
    assert results[True].errors == results[False].errors
    assert any("पुरुष" in str(e) for e in results[True].errors)  # the worker spoke Hindi too
    assert files[True] == files[False]
    assert not imported().exists()  # a dry run


def test_bad_rows_refuse_the_whole_file_either_way(world: World, tmp_path: Path) -> None:
    source = roll(tmp_path / "roll.csv", copies=10, bad=True)
    for parallel in (False, True):
        with pytest.raises(ImportRefused):
            people_import(source=source, parallel=parallel)
        assert not imported().exists()


def test_an_abandoned_import_leaves_no_worker_behind(world: World, tmp_path: Path) -> None:
    source = roll(tmp_path / "roll.csv", copies=BATCH // len(GOOD) + 10, bad=False)
    steps: Iterator[int] = people_import_steps(source=source, parallel=True, check_duplicates=False)
    assert next(steps) == BATCH
    steps.close()  # the web page was left: the transaction rolls back
    assert not imported().exists()
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("sangathan")]


def test_an_outsiders_rows_are_refused_by_the_worker_as_here(
    outsider: User, world: World, tmp_path: Path
) -> None:
    source = roll(tmp_path / "roll.csv", copies=3, bad=False)
    for parallel in (False, True):
        result = people_import(source=source, actor=outsider, dry_run=True, parallel=parallel)
        assert result.bad == result.rows == 12
        assert {e.column for e in result.errors} == {"unit_code"}
