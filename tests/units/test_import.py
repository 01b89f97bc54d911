"""`sangathan units import/export` and the import service behind it and the web pages."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook, load_workbook

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set
from sangathan.people.models import Person
from sangathan.units.exporting import units_export
from sangathan.units.importing import (
    ImportRefused,
    units_import,
)
from sangathan.units.models import Unit
from tests.conftest import World

HEADER = ["level", "code", "name_hi", "name_en", "parent_code"]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Assertions read the English messages; the catalogue may translate them to Hindi.
    with translation.override("en"):
        yield


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def tree() -> list[tuple[object, ...]]:
    """Everything that makes the tree: paths, counts, codes, names and levels."""
    return list(
        Unit.objects.order_by("path").values_list(
            "path", "depth", "numchild", "code", "name_hi", "name_en", "level__name_en"
        )
    )


def assert_tree_sound() -> None:
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def empty_the_tree() -> None:
    Person.objects.all().delete()
    Unit.objects.all().delete()


# --- Round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_into_an_empty_database_reproduces_the_tree(
    world: World, tmp_path: Path, suffix: str
) -> None:
    before = tree()
    region_uuid = world.region.uuid  # the region has no code: it travels as uuid:...
    target = tmp_path / f"units{suffix}"
    run("units", "export", str(target))
    empty_the_tree()

    out, _ = run("units", "import", str(target))

    assert tree() == before
    assert Unit.objects.get(name_hi="अवध क्षेत्र").uuid == region_uuid
    assert out.strip() == f"created {len(before)}, updated 0, unchanged 0, bad 0"
    assert_tree_sound()


def test_export_without_a_file_prints_csv_parents_first(world: World) -> None:
    out, _ = run("units", "export")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == HEADER
    seen: set[str] = {""}
    for _level, code, _hi, _en, parent in rows[1:]:
        assert parent in seen
        seen.add(code)
    assert ["बूथ", "101", "बूथ 101", "Booth 101", "SK-1"] in rows
    assert AuditEntry.objects.filter(action="units.exported").count() == 1


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    world: World, tmp_path: Path
) -> None:
    source = write_csv(
        tmp_path / "new.csv",
        [
            ["मंडल", "M-SN", "स्वरूप नगर मंडल", "Swaroop Nagar", "KNP-N"],
            ["बूथ", "301", "बूथ 301", "Booth 301", "M-SN"],
            ["Booth", "", "बूथ बिना कोड", "", "M-SN"],
        ],
    )
    out, _ = run("units", "import", str(source))
    assert out.strip() == "created 3, updated 0, unchanged 0, bad 0"
    after_first = tree()

    out, _ = run("units", "import", str(source))

    assert out.strip() == "created 0, updated 0, unchanged 3, bad 0"
    assert tree() == after_first
    assert_tree_sound()


def test_a_changed_name_is_updated_in_place(world: World, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "rename.csv", [["बूथ", "101", "बूथ 101 (नया)", "Booth 101 N", "SK-1"]]
    )
    out, _ = run("units", "import", str(source))
    assert out.strip() == "created 0, updated 1, unchanged 0, bad 0"
    world.booth.refresh_from_db()
    assert (world.booth.name_hi, world.booth.name_en) == ("बूथ 101 (नया)", "Booth 101 N")
    assert world.booth.path == Unit.objects.get(code="101").path


def test_children_may_come_before_their_parents(world: World, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "shuffled.csv",
        [
            ["बूथ", "402", "बूथ 402", "", "SK-40"],
            ["शक्ति केंद्र", "SK-40", "शक्ति केंद्र 40", "", "M-40"],
            ["बूथ", "401", "बूथ 401", "", "SK-40"],
            ["मंडल", "M-40", "मंडल 40", "", "KNP-N"],
        ],
    )
    run("units", "import", str(source))
    kendra = Unit.objects.get(code="SK-40")
    assert [u.code for u in Unit.objects.get_children(kendra)] == ["402", "401"]
    assert Unit.objects.get_parent(kendra).code == "M-40"
    assert_tree_sound()


def test_new_children_follow_the_existing_ones(world: World, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "more.csv",
        [["बूथ", "103", "बूथ 103", "", "SK-1"], ["बूथ", "104", "बूथ 104", "", "SK-1"]],
    )
    run("units", "import", str(source))
    world.kendra.refresh_from_db()
    assert world.kendra.numchild == 4
    assert [u.code for u in Unit.objects.get_children(world.kendra)] == ["101", "102", "103", "104"]
    # treebeard keeps adding after the imported ones.
    Unit.objects.add_child(
        world.kendra,
        create_kwargs={"level": world.levels["Booth"], "name_hi": "बूथ 105", "code": "105"},
    )
    assert_tree_sound()


def test_new_top_level_units_follow_the_existing_roots(world: World, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "roots.csv",
        [["प्रदेश", "UK", "उत्तराखंड", "Uttarakhand", ""], ["क्षेत्र", "GW", "गढ़वाल", "", "UK"]],
    )
    run("units", "import", str(source))
    assert list(Unit.objects.get_root_nodes().values_list("code", flat=True)) == ["UP", "UK"]
    assert_tree_sound()


def test_xlsx_with_bom_free_numbers_and_any_header_case(world: World, tmp_path: Path) -> None:
    source = write_xlsx(
        tmp_path / "booths.xlsx",
        [["Booth", 501, "बूथ 501", "Booth 501", "SK-1"], [None, None, None, None, None]],
        header=["Level", "CODE", "Name_HI", "name en", "Parent_Code"],
    )
    out, _ = run("units", "import", str(source))
    assert out.strip() == "created 1, updated 0, unchanged 0, bad 0"
    assert Unit.objects.get(code="501").name_en == "Booth 501"


def test_csv_saved_by_excel_with_a_byte_order_mark_is_read(world: World, tmp_path: Path) -> None:
    source = tmp_path / "excel.csv"
    source.write_bytes(
        "\ufefflevel,code,name_hi,name_en,parent_code\r\nबूथ,601,बूथ 601,,SK-1\r\n".encode()
    )
    run("units", "import", str(source))
    assert Unit.objects.filter(code="601").exists()


def test_a_file_without_the_columns_is_refused(world: World, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "wrong.csv", [["x"]], header=["naam"])
    with pytest.raises(CommandError, match="missing: level, code, name_hi, parent_code"):
        run("units", "import", str(source))


# --- Bad rows -------------------------------------------------------------------------------

BAD_ROWS = [
    ["मंडल", "M-OK", "ठीक मंडल", "", "KNP-N"],  # row 2: good
    ["मंडल", "M-X", "अनजान", "", "NOPE"],  # row 3: unknown parent
    ["मंडल", "M-OK", "फिर से", "", "KNP-N"],  # row 4: duplicate code in the file
    ["मंडल", "M-UNDER-BOOTH", "बूथ के नीचे", "", "102"],  # row 5: level out of order
    ["गांव", "V-1", "गांव", "", "M-OK"],  # row 6: unknown level
    ["बूथ", "B-EMPTY", "", "", "M-OK"],  # row 7: empty name
    ["बूथ", "101", "बूथ 101", "Booth 101", "M-GN"],  # row 8: exists under another parent
    ["बूथ", "B-ORPHAN", "अनाथ", "", "M-X"],  # row 9: under a bad row
    [],  # row 10: empty, skipped but counted
    ["शक्ति केंद्र", "L-1", "चक्र 1", "", "L-2"],  # row 11: loop
    ["शक्ति केंद्र", "L-2", "चक्र 2", "", "L-1"],  # row 12: loop
    ["शक्ति केंद्र", "M-KN", "किदवई नगर", "", "KNP-N"],  # row 13: level changed
]


def reasons(errors: list[object]) -> dict[int, str]:
    found: dict[int, str] = {}
    for error in errors:
        found[error.row] = found.get(error.row, "") + error.reason  # type: ignore[attr-defined]
    return found


def test_every_bad_row_is_reported_with_its_spreadsheet_row_number(
    world: World, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    result = units_import(source=source, dry_run=True)
    found = reasons(result.errors)
    assert "Unknown parent NOPE" in found[3]
    assert "already appears in row 2" in found[4]
    assert "cannot be placed under a Booth" in found[5]
    assert "Unknown level गांव" in found[6]
    assert "no name" in found[7]
    assert "exists under another parent; move it in the app" in found[8]
    assert "Its parent M-X (row 3) has an error" in found[9]
    assert "loop" in found[11] and "loop" in found[12]
    assert "cannot change the level" in found[13]
    assert set(found) == {3, 4, 5, 6, 7, 8, 9, 11, 12, 13}
    assert result.created == 1


def test_nothing_is_written_when_one_row_fails(world: World, tmp_path: Path) -> None:
    before = tree()
    source = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    with pytest.raises(CommandError, match="Nothing was imported"):
        run("units", "import", str(source))
    assert tree() == before
    assert not AuditEntry.objects.filter(action="units.imported").exists()


def test_the_command_lists_bad_rows_by_number(world: World, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("units", "import", str(source), stdout=io.StringIO(), stderr=err)
    assert "Row 3: Unknown parent NOPE" in err.getvalue()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_skip_bad_imports_the_good_rows_and_writes_the_bad_ones(
    world: World, tmp_path: Path, suffix: str
) -> None:
    source = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    bad_file = tmp_path / f"bad-rows{suffix}"
    out, _err = run("units", "import", str(source), "--skip-bad", str(bad_file))
    assert out.strip() == "created 1, updated 0, unchanged 0, bad 10"
    assert Unit.objects.filter(code="M-OK").exists()
    assert not Unit.objects.filter(code__in=["M-X", "B-ORPHAN", "L-1"]).exists()
    if suffix == ".csv":
        with open(bad_file, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    else:
        sheet = load_workbook(bad_file, read_only=True).worksheets[0]
        rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [*HEADER, "error"]
    assert len(rows) == 11
    assert rows[1][:5] == ["मंडल", "M-X", "अनजान", "", "NOPE"]
    assert "Unknown parent NOPE" in rows[1][5]
    assert_tree_sound()


def test_rows_of_a_fixed_bad_file_import_again(world: World, tmp_path: Path) -> None:
    """The bad-rows file has the same columns (plus error), so it can be corrected and reused."""
    source = write_csv(tmp_path / "bad.csv", [["मंडल", "M-Y", "मंडल Y", "", "NOPE"]])
    bad_file = tmp_path / "bad-rows.csv"
    run("units", "import", str(source), "--skip-bad", str(bad_file))
    bad_file.write_text(bad_file.read_text(encoding="utf-8-sig").replace("NOPE", "KNP-N"))
    out, _ = run("units", "import", str(bad_file))
    assert out.strip() == "created 1, updated 0, unchanged 0, bad 0"


def test_dry_run_writes_nothing(world: World, tmp_path: Path) -> None:
    before = tree()
    source = write_csv(tmp_path / "new.csv", [["मंडल", "M-DRY", "सूखा", "", "KNP-N"]])
    out, _ = run("units", "import", str(source), "--dry-run")
    assert out.strip() == "would create 1, update 0, leave unchanged 0, bad 0"
    assert tree() == before


def test_one_audit_entry_per_import_with_the_counts(world: World, tmp_path: Path) -> None:
    rows = [["बूथ", f"7{i:02d}", f"बूथ 7{i:02d}", "", "SK-1"] for i in range(30)]
    source = write_csv(tmp_path / "booths.csv", rows)
    entries_before = AuditEntry.objects.count()
    run("units", "import", str(source))
    assert AuditEntry.objects.count() == entries_before + 1
    entry = AuditEntry.objects.get(action="units.imported")
    assert entry.changes == {
        "filename": "booths.csv",
        "created": 30,
        "updated": 0,
        "unchanged": 0,
        "bad": 0,
    }
    assert entry.unit_id == world.kendra.pk  # found in the audit view of the kendra's admins


# --- Who may import and export --------------------------------------------------------------


@pytest.fixture
def outsider_admin(outsider: User, world: World) -> User:
    grant_set(user=outsider, unit=world.sibling, role=Role.ADMIN)
    return User.objects.get(pk=outsider.pk)


def test_outsider_cannot_import_rows_under_kanpur_north(
    world: World, outsider_admin: User, tmp_path: Path
) -> None:
    source = write_csv(
        tmp_path / "sneaky.csv",
        [
            ["मंडल", "M-SNEAK", "घुसपैठ", "", "KNP-N"],
            ["बूथ", "101", "बूथ 101 बदला", "", "SK-1"],
            ["मंडल", "M-OWN", "अपना मंडल", "", "KNP-S"],
        ],
    )
    with pytest.raises(ImportRefused) as refused:
        units_import(source=source, actor=outsider_admin)
    found = reasons(refused.value.result.errors)
    assert "The parent KNP-N is outside your units" in found[2]
    assert "The unit 101 is outside your units" in found[3]
    assert 4 not in found

    result = units_import(source=source, actor=outsider_admin, skip_bad=True)
    assert result.created == 1
    assert not Unit.objects.filter(code="M-SNEAK").exists()
    assert Unit.objects.get(code="101").name_hi == "बूथ 101"


def test_outsider_export_leaves_out_kanpur_north(world: World, outsider: User) -> None:
    codes = [row[1] for row in units_export(actor=outsider).rows]
    assert "KNP-S" in codes and "901" in codes
    assert not {"KNP-N", "M-GN", "101", "UP"} & set(codes)


def test_a_scoped_export_names_the_real_parent_of_its_top_unit(
    world: World, district_editor: User
) -> None:
    rows = list(units_export(actor=district_editor).rows)
    assert rows[1] == (
        "जिला/महानगर",
        "KNP-N",
        "कानपुर महानगर उत्तर",
        "Kanpur North",
        f"uuid:{world.region.uuid}",
    )
    assert len(rows) == 1 + 7


def test_a_district_admin_can_reimport_their_own_export(
    world: World, district_editor: User, tmp_path: Path
) -> None:
    grant_set(user=district_editor, unit=world.district, role=Role.ADMIN)
    user = User.objects.get(pk=district_editor.pk)
    target = tmp_path / "mine.csv"
    with open(target, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(units_export(actor=user).rows)
    result = units_import(source=target, actor=user)
    assert (result.created, result.updated, result.unchanged, result.bad) == (0, 0, 7, 0)


def test_xlsx_row_numbers_count_empty_rows_like_excel(world: World, tmp_path: Path) -> None:
    source = write_xlsx(
        tmp_path / "gaps.xlsx",
        [["बूथ", "801", "बूथ 801", "", "SK-1"], [], [], ["बूथ", "802", "बूथ 802", "", "NOPE"]],
    )
    result = units_import(source=source, dry_run=True)
    assert [e.row for e in result.errors] == [5]


def test_progress_is_reported_up_to_the_total(world: World, tmp_path: Path) -> None:
    rows = [["बूथ", f"9{i:03d}", f"बूथ 9{i:03d}", "", "SK-1"] for i in range(50)]
    rows.append(["बूथ", "101", "बूथ 101 नया", "", "SK-1"])
    seen: list[tuple[int, int]] = []
    units_import(
        source=write_csv(tmp_path / "many.csv", rows),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (51, 51)
