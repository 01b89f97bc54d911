"""`sangathan people import` and the import service behind it."""

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

from sangathan.core.models import AuditEntry, User
from sangathan.people.importing import ImportFileError, ImportRefused, people_import
from sangathan.people.models import (
    DuplicateBand,
    DuplicatePair,
    Gender,
    Household,
    Person,
    PersonKey,
    PersonStatus,
    RelationKind,
)
from sangathan.people.services import PersonFields, person_create, tags_ensure_default
from tests.conftest import World

HEADER = [
    "name",
    "relation_name",
    "gender",
    "birth_year",
    "phone",
    "unit_code",
    "household_code",
    "locality",
    "tags",
    "voter_id",
]

# Kruti Dev as typed in old office files: राम शर्मा, सीता देवी, सुरेश यादव.
KRUTIDEV_ROWS = [
    ["jke 'kekZ", "lqjs'k ;kno", "M", "1970", "9839012301", "101", "H-1", "गोविंद नगर", "", ""],
    ["lhrk nsoh", "jke 'kekZ", "F", "1975", "", "101", "H-1", "गोविंद नगर", "", ""],
    ["lqjs'k ;kno", "", "M", "1950", "", "102", "", "", "", ""],
]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Assertions read the English messages; the catalogue may translate them to Hindi.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _tags(db: None) -> None:
    tags_ensure_default()


def write_csv(
    path: Path, rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
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


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("people", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def imported() -> list[str]:
    return sorted(Person.objects.filter(source="import").values_list("name", flat=True))


# --- files and encodings -------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_csv_in_every_office_encoding_with_kruti_dev_names_is_converted(
    world: World, tmp_path: Path, encoding: str
) -> None:
    rows = [list(r) for r in KRUTIDEV_ROWS]
    if encoding == "cp1252":
        # Windows-1252 cannot hold Devanagari: such files have Kruti Dev (and Latin) only.
        for row in rows:
            row[7] = "Café Road" if row[7] else ""
    source = write_csv(tmp_path / "people.csv", rows, encoding=encoding)
    out, err = run("import", str(source), "--no-progress")
    assert imported() == ["राम शर्मा", "सीता देवी", "सुरेश यादव"]
    assert "created 3" in out
    assert "name" in err and "relation_name" in err  # the converted columns are reported
    sita = Person.objects.get(name="सीता देवी")
    assert sita.relation_name == "राम शर्मा"
    assert sita.gender == Gender.FEMALE
    assert sita.name_latin == "Seeta Devi"  # the romanizer spells ी as ee
    assert sita.home_unit == world.booth


def test_xlsx_with_numbers_in_cells(world: World, tmp_path: Path) -> None:
    source = write_xlsx(
        tmp_path / "people.xlsx",
        [["Santosh Shukla", "Ram Shukla", "M", 1970, 9839012345, 101, 7, "Govind Nagar", "", ""]],
    )
    out, _err = run("import", str(source), "--no-progress")
    person = Person.objects.get(name="Santosh Shukla")
    assert person.birth_year == 1970
    assert person.phone == "+919839012345"
    assert person.home_unit == world.booth
    assert person.household is not None and person.household.code == "7"
    assert person.name_deva == "संतोष शुक्ला"
    assert "created 1" in out


def test_an_empty_file_is_refused(world: World, tmp_path: Path) -> None:
    source = tmp_path / "empty.csv"
    source.write_text("")
    with pytest.raises(CommandError, match="empty"):
        run("import", str(source))


# --- headers -------------------------------------------------------------------------------


def test_hindi_headers_are_read_through_the_synonyms(world: World, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "hindi.csv",
        [
            ["मोहन लाल", "श्याम लाल", "पुरुष", "45", "98390 12345", "101"],
            ["कमला देवी", "मोहन लाल", "म", "40", "", "102"],
        ],
        header=["नाम", "पिता का नाम", "लिंग", "उम्र", "मोबाइल", "बूथ"],
    )
    run("import", str(source), "--no-progress")
    mohan = Person.objects.get(name="मोहन लाल")
    assert mohan.relation_name == "श्याम लाल"
    assert mohan.relation_kind == RelationKind.FATHER  # "पिता का नाम" says whose name it is
    assert mohan.gender == Gender.MALE
    assert mohan.phone == "+919839012345"
    assert mohan.birth_year is not None and mohan.birth_year >= 1975
    assert Person.objects.get(name="कमला देवी").gender == Gender.FEMALE


def test_other_headers_are_mapped_with_map(world: World, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "odd.csv",
        [["Ramesh Verma", "101", "x"]],
        header=["Naam", "Booth Code No", "Notes"],
    )
    with pytest.raises(CommandError, match="No column holds the name"):
        run("import", str(source), "--no-progress")
    run(
        "import",
        str(source),
        "--map",
        "Naam=name",
        "--map",
        "Booth Code No=unit_code",
        "--no-progress",
    )
    assert imported() == ["Ramesh Verma"]


def test_a_mapping_to_an_unknown_column_is_refused(world: World, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "p.csv", [["Ramesh Verma", "101"]], header=["name", "booth"])
    with pytest.raises(CommandError, match="is not a column name"):
        run("import", str(source), "--map", "booth=unit")
    with pytest.raises(CommandError, match="old=new"):
        run("import", str(source), "--map", "booth")
    with pytest.raises(CommandError, match="The file has no column Mobile"):
        run("import", str(source), "--map", "Mobile=phone")


# --- errors --------------------------------------------------------------------------------

BAD_ROWS = [
    ["Ramesh Verma", "", "M", "1970", "12345", "101", "", "", "", ""],  # 2: phone
    ["Suresh Verma", "", "X", "1970", "", "101", "", "", "", ""],  # 3: gender
    ["Mahesh Verma", "", "M", "1850", "", "101", "", "", "", ""],  # 4: birth year
    ["Dinesh Verma", "", "M", "unknown", "", "101", "", "", "", ""],  # 5: not a year
    ["Rajesh Verma", "", "M", "", "", "NOPE", "", "", "", ""],  # 6: unknown unit
    ["Rakesh Verma", "", "M", "", "", "", "", "", "", ""],  # 7: no unit
    ["Mukesh Verma", "", "M", "", "", "101", "", "", "no-such-tag", ""],  # 8: tag
    ["", "Ram Verma", "M", "", "", "101", "", "", "", ""],  # 9: no name
    ["Umesh Verma", "", "M", "", "", "101", "", "", "", "AB12"],  # 10: voter ID
    ["Kamlesh Verma", "", "M", "", "", "101", "", "", "", ""],  # 11: good
]


def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_written(
    world: World, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    with pytest.raises(ImportRefused) as refused:
        people_import(source=source)
    result = refused.value.result
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (2, "phone"),
        (3, "gender"),
        (4, "birth_year"),
        (5, "birth_year"),
        (6, "unit_code"),
        (7, "unit_code"),
        (8, "tags"),
        (9, "name"),
        (10, "voter_id"),
    }
    reasons = {e.row: e.reason for e in result.errors}
    assert reasons[2] == "12345 is not a valid phone number."  # person_clean's own words
    assert "between 1900 and" in reasons[4]
    assert reasons[6] == "No unit has the code NOPE."
    assert reasons[8] == "Unknown tag: no-such-tag."
    assert reasons[9] == "Give the person's name."
    assert "Row 2, phone: 12345 is not a valid phone number." in [str(e) for e in result.errors]
    assert (result.bad, result.created) == (9, 1)
    assert imported() == []
    assert not AuditEntry.objects.filter(action="people.imported").exists()


def test_the_command_lists_the_errors_and_imports_nothing(world: World, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("people", "import", str(source), stdout=io.StringIO(), stderr=err)
    assert "Row 3, gender: X is not a gender" in err.getvalue()
    assert imported() == []


def test_age_aadhaar_and_length_errors(world: World, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "more.csv",
        [
            ["Ramesh Verma", "200", "101", "123456789012"],
            ["R" * 201, "", "101", ""],
            ["Suresh Verma", "abc", "101", ""],
        ],
        header=["name", "age", "unit_code", "aadhaar_last4"],
    )
    result = people_import(source=source, dry_run=True)
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(2, "age"), (2, "aadhaar_last4"), (3, "name"), (4, "age")}


def test_skip_bad_imports_the_rest_and_writes_the_bad_rows_to_a_file(
    world: World, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    bad_file = tmp_path / "bad-rows.csv"
    out, err = run("import", str(source), "--skip-bad", str(bad_file), "--no-progress")
    assert imported() == ["Kamlesh Verma"]
    assert "bad 9" in out
    with open(bad_file, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [*HEADER, "error"]
    assert [r[0] for r in rows[1:]][:2] == ["Ramesh Verma", "Suresh Verma"]
    assert rows[1][-1] == "phone: 12345 is not a valid phone number."
    assert str(bad_file) in err


def test_skip_bad_can_write_the_bad_rows_as_xlsx(world: World, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    bad_file = tmp_path / "bad-rows.xlsx"
    run("import", str(source), "--skip-bad", str(bad_file), "--no-progress")
    sheet = load_workbook(bad_file).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "error"
    assert len(rows) == 10


def test_dry_run_counts_and_writes_nothing(world: World, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "people.csv", KRUTIDEV_ROWS)
    out, _err = run("import", str(source), "--dry-run", "--no-progress")
    assert "would create 3" in out
    assert imported() == []
    assert not Household.objects.exists()


# --- who is already known ------------------------------------------------------------------


def test_importing_the_same_file_again_creates_nobody(world: World, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "people.csv", KRUTIDEV_ROWS)
    first = people_import(source=source)
    keys = PersonKey.objects.count()
    second = people_import(source=source)
    assert (first.created, second.created, second.unchanged) == (3, 0, 3)
    assert len(imported()) == 3
    assert Household.objects.count() == 1
    assert PersonKey.objects.count() == keys


def test_the_same_person_in_the_other_script_is_known_and_blanks_are_filled(
    world: World, tmp_path: Path
) -> None:
    person = person_create(
        home_unit=world.booth,
        details=PersonFields(
            name="संतोष शुक्ला", gender=Gender.MALE, relation_name="राम शुक्ला", birth_year=1970
        ),
    )
    source = write_csv(
        tmp_path / "latin.csv",
        [
            [
                "Santosh Sukla",
                "Ram Shukla",
                "M",
                "1970",
                "9839012345",
                "101",
                "",
                "Govind Nagar",
                "daily-wage",
                "",
            ]
        ],
    )
    result = people_import(source=source)
    assert (result.created, result.updated) == (0, 1)
    person.refresh_from_db()
    assert person.phone == "+919839012345"
    assert person.locality == "Govind Nagar"
    assert list(person.tags.values_list("code", flat=True)) == ["daily-wage"]
    assert person.name == "संतोष शुक्ला"  # never overwritten


def test_an_import_never_overwrites_what_a_record_has(world: World, tmp_path: Path) -> None:
    person = person_create(
        home_unit=world.booth,
        details=PersonFields(name="Ramesh Verma", phone="9839012345", voter_id="ABC1234567"),
    )
    source = write_csv(
        tmp_path / "p.csv",
        [["Ramesh Varma", "", "M", "", "9415012345", "101", "", "", "", "ABC1234567"]],
    )
    result = people_import(source=source)
    assert (result.created, result.updated) == (0, 1)  # found by voter ID; gender was blank
    person.refresh_from_db()
    assert person.phone == "+919839012345"
    assert person.gender == Gender.MALE


def test_a_person_repeated_in_the_file_is_created_once(world: World, tmp_path: Path) -> None:
    row = ["Ramesh Verma", "Suresh Verma", "M", "1970", "", "101", "", "", "", ""]
    again = ["रमेश वर्मा", "सुरेश वर्मा", "M", "1970", "9839012345", "101", "", "", "", ""]
    source = write_csv(tmp_path / "p.csv", [row, again])
    result = people_import(source=source)
    assert (result.created, result.updated) == (1, 1)
    person = Person.objects.get(source="import")
    assert person.phone == "+919839012345"


def test_same_name_in_another_booth_or_another_father_is_another_person(
    world: World, tmp_path: Path
) -> None:
    source = write_csv(
        tmp_path / "p.csv",
        [
            ["Ramesh Verma", "Suresh Verma", "M", "1970", "", "101", "", "", "", ""],
            ["Ramesh Verma", "Suresh Verma", "M", "1970", "", "102", "", "", "", ""],
            ["Ramesh Verma", "Naresh Verma", "M", "1970", "", "101", "", "", "", ""],
        ],
    )
    assert people_import(source=source, check_duplicates=False).created == 3


# --- households, tags, units ----------------------------------------------------------------


def test_households_are_created_and_linked(world: World, tmp_path: Path) -> None:
    rows = [
        ["Ramesh Verma", "", "M", "", "", "101", "H-9", "Govind Nagar", "", ""],
        ["Sunita Verma", "Ramesh Verma", "F", "", "", "101", "H-9", "", "", ""],
        ["Mohan Verma", "", "M", "", "", "102", "H-9", "", "", ""],
    ]
    source = write_csv(tmp_path / "p.csv", rows, header=HEADER)
    result = people_import(source=source)
    assert result.households_created == 2  # H-9 of booth 101 and H-9 of booth 102
    home = Household.objects.get(unit=world.booth, code="H-9")
    assert home.locality == "Govind Nagar"
    assert home.unit_path == world.booth.path
    assert sorted(home.members.values_list("name", flat=True)) == ["Ramesh Verma", "Sunita Verma"]


def test_tags_by_code_hindi_or_english_name(world: World, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "p.csv",
        [
            ["Ramesh Verma", "", "M", "", "", "101", "", "", "daily-wage; विधवा", ""],
            ["Sunita Verma", "", "F", "", "", "101", "", "", "Domestic worker", ""],
        ],
    )
    people_import(source=source)
    ramesh = Person.objects.get(name="Ramesh Verma")
    assert sorted(ramesh.tags.values_list("code", flat=True)) == ["daily-wage", "widow"]
    sunita = Person.objects.get(name="Sunita Verma")
    assert list(sunita.tags.values_list("code", flat=True)) == ["domestic-worker"]


def test_rows_without_a_unit_go_to_the_unit_given(world: World, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "p.csv", [["Ramesh Verma"]], header=["name"])
    with pytest.raises(CommandError, match="No unit has the code"):
        run("import", str(source), "--unit", "NOPE")
    run("import", str(source), "--unit", "102", "--no-progress")
    assert Person.objects.get(name="Ramesh Verma").home_unit == world.booth2


def test_outsider_cannot_import_rows_into_kanpur_north(
    world: World, outsider: User, tmp_path: Path
) -> None:
    source = write_csv(
        tmp_path / "p.csv",
        [
            ["Ramesh Verma", "", "M", "", "", "101", "", "", "", ""],
            ["Suresh Verma", "", "M", "", "", "901", "", "", "", ""],
        ],
    )
    with pytest.raises(ImportRefused) as refused:
        people_import(source=source, actor=outsider)
    (error,) = refused.value.result.errors
    assert (error.row, error.column) == (2, "unit_code")
    assert error.reason == "The unit 101 is outside your units."
    result = people_import(source=source, actor=outsider, skip_bad=True)
    assert imported() == ["Suresh Verma"]
    assert result.created == 1


def test_a_booth_worker_cannot_import_into_their_own_booth(
    world: World, booth_worker: User, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "p.csv", [["Ramesh Verma", "101"]], header=["name", "unit_code"])
    result = people_import(source=source, actor=booth_worker, dry_run=True)
    assert [e.reason for e in result.errors] == ["The unit 101 is outside your units."]


def test_one_audit_entry_per_import(world: World, district_editor: User, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "people.csv", KRUTIDEV_ROWS)
    people_import(source=source, actor=district_editor)
    (entry,) = AuditEntry.objects.filter(action="people.imported")
    assert entry.actor == district_editor
    assert entry.changes["filename"] == "people.csv"
    assert entry.changes["created"] == 3
    assert entry.unit is not None and entry.unit.path in (world.kendra.path, world.mandal.path)
    assert not AuditEntry.objects.filter(action="people.created", target_repr="सीता देवी").exists()


# --- Kruti Dev choice -----------------------------------------------------------------------


def test_kruti_dev_can_be_switched_off_or_forced(world: World, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "people.csv", KRUTIDEV_ROWS[:1])
    result = people_import(source=source, krutidev=[], dry_run=True)
    assert result.krutidev == []
    run("import", str(source), "--no-krutidev", "--no-progress")
    assert imported() == ["jke 'kekZ"]
    locality = write_csv(
        tmp_path / "locality.csv",
        [["Ramesh Verma", "101", "xksfoan uxj"]],
        header=["name", "unit_code", "locality"],
    )
    people_import(source=locality, krutidev=["locality"])
    assert Person.objects.get(name="Ramesh Verma").locality == "गोविंद नगर"
    with pytest.raises(ImportFileError, match="no column"):
        people_import(source=locality, krutidev=["address"], dry_run=True)


# --- duplicates -----------------------------------------------------------------------------


def test_new_people_like_someone_known_are_flagged(world: World, tmp_path: Path) -> None:
    person_create(
        home_unit=world.booth,
        details=PersonFields(
            name="संतोष शुक्ला", gender=Gender.MALE, relation_name="राम शुक्ला", birth_year=1970
        ),
    )
    source = write_csv(
        tmp_path / "p.csv",
        [["Santosh Shukla", "Ram Shukla", "M", "1971", "", "101", "", "", "", ""]],
    )
    preview = people_import(source=source, dry_run=True)
    assert (preview.created, preview.flagged) == (1, 1)
    result = people_import(source=source)
    assert result.flagged == 1
    pair = DuplicatePair.objects.get()
    assert pair.band == DuplicateBand.PROBABLE
    newcomer = Person.objects.get(name="Santosh Shukla")
    assert newcomer.status == PersonStatus.HELD
    flagged = AuditEntry.objects.get(action="people.duplicates_flagged")
    assert flagged.changes["held"] is True
    assert flagged.unit_path == world.booth.path


def test_two_rows_of_one_file_for_one_person_become_a_pair(world: World, tmp_path: Path) -> None:
    # Different voter IDs keep the import from taking them as one known person; the names,
    # father and birth year say they may be one: an editor decides.
    source = write_csv(
        tmp_path / "twice.csv",
        [
            ["अवधेश सोनकर", "रामप्रसाद सोनकर", "M", "1980", "9839011111", "101", "", "", "", ""],
            [
                "Awadhesh Sonkar",
                "Ramprasad Sonkar",
                "M",
                "1981",
                "9839011111",
                "101",
                "",
                "",
                "",
                "",
            ],
            ["सुनीता देवी", "राम प्रकाश", "F", "1990", "", "101", "", "", "", ""],
        ],
    )
    result = people_import(source=source)
    assert result.created == 3
    assert result.flagged == 1
    pair = DuplicatePair.objects.get()
    names_in_pair = {pair.person_a.name, pair.person_b.name}
    assert names_in_pair == {"अवधेश सोनकर", "Awadhesh Sonkar"}


def test_import_without_the_check_flags_nobody(world: World, tmp_path: Path) -> None:
    person_create(
        home_unit=world.booth,
        details=PersonFields(
            name="संतोष शुक्ला", gender=Gender.MALE, relation_name="राम शुक्ला", birth_year=1970
        ),
    )
    source = write_csv(
        tmp_path / "p.csv",
        [["Santosh Shukla", "Ram Shukla", "M", "1971", "", "101", "", "", "", ""]],
    )
    result = people_import(source=source, check_duplicates=False)
    assert (result.created, result.flagged) == (1, 0)
    assert not DuplicatePair.objects.exists()
