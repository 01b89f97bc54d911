"""Exporting people: scope, masked phones, formula neutralising, audit, round trip."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from sangathan.core.models import AuditEntry, User
from sangathan.people.exporting import neutralise, people_export
from sangathan.people.importing import EXPORT_COLUMNS, people_import
from sangathan.people.models import Gender, Person
from sangathan.people.services import (
    PersonFields,
    household_create,
    person_create,
    tags_ensure_default,
)
from tests.conftest import World


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def people(world: World) -> dict[str, Person]:
    tags_ensure_default()
    home = household_create(unit=world.booth, code="H-1", address="12 Barra")
    santosh = person_create(
        home_unit=world.booth,
        household=home,
        details=PersonFields(
            name="श्री संतोष शुक्ला",
            gender=Gender.MALE,
            relation_kind="father",
            relation_name="राम शुक्ला",
            birth_year=1970,
            phone="9839012345",
            voter_id="ABC1234567",
            tags=["daily-wage"],
        ),
    )
    formula = person_create(
        home_unit=world.booth2,
        details=PersonFields(name="=HYPERLINK(1)", locality="@SUM(A1)", address="-2+3"),
    )
    sibling = person_create(
        name="बाहरी व्यक्ति", gender=Gender.FEMALE, phone="9415012345", home_unit=world.sibling_booth
    )
    return {"santosh": santosh, "formula": formula, "sibling": sibling}


def rows_of(user: User | None) -> list[tuple[object, ...]]:
    return list(people_export(actor=user).rows)


def test_the_export_has_the_canonical_columns(people: dict[str, Person]) -> None:
    rows = rows_of(None)
    assert rows[0] == EXPORT_COLUMNS
    santosh = dict(zip(EXPORT_COLUMNS, next(r for r in rows if "संतोष" in str(r[0])), strict=True))
    assert santosh["name"] == "श्री संतोष शुक्ला"
    assert santosh["phone"] == "98390 12345"
    assert santosh["unit_code"] == "101"
    assert santosh["household_code"] == "H-1"
    assert santosh["tags"] == "daily-wage"
    assert santosh["birth_year"] == 1970
    assert santosh["gender"] == "M"


def test_an_editor_exports_only_their_subtree(
    people: dict[str, Person], district_editor: User, outsider: User
) -> None:
    names = {r[0] for r in rows_of(district_editor)[1:]}
    assert "श्री संतोष शुक्ला" in names
    assert "बाहरी व्यक्ति" not in names
    outside = {r[0] for r in rows_of(outsider)[1:]}
    assert "बाहरी व्यक्ति" in outside
    assert not outside & names  # none of कानपुर महानगर उत्तर's people


def test_phones_are_masked_below_editor(people: dict[str, Person], booth_worker: User) -> None:
    rows = rows_of(booth_worker)
    phone = rows[0].index("phone")
    (santosh,) = [r for r in rows[1:] if "संतोष" in str(r[0])]
    assert santosh[phone] == "98xxxxxx45"


def test_cells_that_look_like_formulas_are_neutralised(people: dict[str, Person]) -> None:
    rows = rows_of(None)
    (formula,) = [r for r in rows if "HYPERLINK" in str(r[0])]
    record = dict(zip(EXPORT_COLUMNS, formula, strict=True))
    assert record["name"] == "'=HYPERLINK(1)"
    assert record["locality"] == "'@SUM(A1)"
    assert record["address"] == "'-2+3"
    assert neutralise("+91 98390") == "'+91 98390"
    assert neutralise("\tcmd") == "'\tcmd"
    assert neutralise("Ram") == "Ram"


def test_every_export_is_audited(people: dict[str, Person], district_editor: User) -> None:
    export = people_export(actor=district_editor, filename="people.csv")
    (entry,) = AuditEntry.objects.filter(action="people.exported")
    assert entry.actor == district_editor
    assert entry.changes["people"] == export.count
    assert entry.changes["scope"] == "reach"
    assert entry.unit is not None


def test_an_export_imports_back_unchanged(people: dict[str, Person], tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("people", "export", "--unit", "KNP-N", stdout=out, stderr=io.StringIO())
    target = tmp_path / "export.csv"
    target.write_text(out.getvalue(), encoding="utf-8")
    before = Person.objects.count()
    result = people_import(source=target)
    assert result.bad == 0
    assert result.created == 0
    assert Person.objects.count() == before


def test_the_command_writes_xlsx(people: dict[str, Person], tmp_path: Path) -> None:
    target = tmp_path / "people.xlsx"
    err = io.StringIO()
    call_command("people", "export", str(target), stdout=io.StringIO(), stderr=err)
    rows = list(load_workbook(target).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == EXPORT_COLUMNS
    assert any(r[0] == "'=HYPERLINK(1)" for r in rows)  # text, never a formula in the sheet
    assert "people written to" in err.getvalue()


def test_the_command_writes_csv_to_standard_output(people: dict[str, Person]) -> None:
    out = io.StringIO()
    call_command("people", "export", "--unit", "101", stdout=out, stderr=io.StringIO())
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == list(EXPORT_COLUMNS)
    assert [r[0] for r in rows[1:]] == ["श्री संतोष शुक्ला"]
