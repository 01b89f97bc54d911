"""The import's fast path gives exactly what ``person_clean`` gives, on many generated rows:
an imported row is judged by the same rules as a person typed into the form."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sangathan.lib import names
from sangathan.lib.names.lexicon import GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, SURNAMES
from sangathan.lib.phones import InvalidPhone, phone_normalise
from sangathan.people.importing.columns import COLUMNS, columns_for, header_key
from sangathan.people.importing.rows import (
    RowCleaner,
    Tags,
    UnitChoice,
    Units,
    mobile_fast,
    person_fields_of,
)
from sangathan.people.services import person_clean

TODAY = date(2026, 6, 1)


def test_the_fast_mobile_path_agrees_with_phone_normalise() -> None:
    rng = random.Random(3)
    agreed = 0
    for _ in range(5000):
        digits = f"{rng.randrange(10**10):010d}"
        written = rng.choice(
            [
                digits,
                f"0{digits}",
                f"+91{digits}",
                f"+91 {digits[:5]} {digits[5:]}",
                f"{digits[:5]}-{digits[5:]}",
                f"({digits[:3]}) {digits[3:]}",
            ]
        )
        fast = mobile_fast(written)
        try:
            slow: str | None = phone_normalise(written)
        except InvalidPhone:
            slow = None
        if fast is not None:
            assert fast == slow, written
            agreed += 1
    assert agreed > 1000  # the fast path is actually taken


def _cells(rng: random.Random) -> dict[str, str]:
    given = rng.choice(GIVEN_NAMES_MALE + GIVEN_NAMES_FEMALE)
    name = f"{given} {rng.choice(SURNAMES)}"
    if rng.random() < 0.4:
        name = names.to_latin(name)
    if rng.random() < 0.1:
        name = rng.choice(["श्री ", "Smt. ", "Dr. "]) + name
    if rng.random() < 0.03:
        name = rng.choice(["", "श्री", "  "])
    phone = rng.choice(
        [
            "",
            "",
            f"9{rng.randrange(10**9):09d}",
            f"0{rng.randrange(6, 10)}{rng.randrange(10**9):09d}",
            f"+91 {rng.randrange(6, 10)}{rng.randrange(10**9):09d}",
            "12345",
            "0512 2345678",
            f"{rng.randrange(10**10):010d}",
            "९८३९०१२३४५",
        ]
    )
    return {
        "name": name,
        "gender": rng.choice(["M", "F", "", "पुरुष", "महिला"]),
        "relation_kind": rng.choice(["", "father", "husband", "पति"]),
        "relation_name": rng.choice(["", f"{rng.choice(GIVEN_NAMES_MALE)} {rng.choice(SURNAMES)}"]),
        "birth_year": rng.choice(["", str(rng.randrange(1880, 2030))]),
        "phone": phone,
        "phone2": rng.choice(["", phone]),
        "locality": rng.choice(["", "गोविंद नगर"]),
        "address": rng.choice(["", "12/4 Barra"]),
        "voter_id": rng.choice(["", "ABC1234567", "abc 1234567", "AB12", "UPA0000012"]),
        "ration_card": rng.choice(["", "ab-123"]),
        "aadhaar_last4": rng.choice(["", "1234", "12", "1234 5678 9012"]),
    }


def test_rows_are_cleaned_as_person_clean_would(world: object) -> None:
    columns: list[str | None] = [c for c in COLUMNS if c not in ("age", "tags", "household_code")]
    units = Units(None, None)
    units.known["101"] = UnitChoice(1, "0001", "101", True)
    cleaner = RowCleaner(
        columns, [c or "" for c in columns], krutidev=[], units=units, tags=Tags(), today=TODAY
    )
    rng = random.Random(11)
    good = bad = 0
    for number in range(2, 3000):
        cell = _cells(rng)
        raw = [cell.get(c or "", "") if c != "unit_code" else "101" for c in columns]
        row = cleaner.clean(number, raw)
        fields = person_fields_of(cell, TODAY)
        try:
            expected = person_clean(fields, today=TODAY)
        except ValidationError as exc:
            bad += 1
            assert row.errors, cell
            wanted = {(k, m) for k, messages in exc.message_dict.items() for m in messages}
            assert wanted <= set(row.errors), cell
            continue
        good += 1
        assert not row.errors, (cell, row.errors)
        assert row.values == expected, cell
    assert good > 500 and bad > 500


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Name", "name"),
        ("नाम", "name"),
        ("पिता का नाम", "relation_name"),
        ("Father Name", "relation_name"),
        ("मोबाइल", "phone"),
        ("Mobile No.", "phone"),
        ("Booth", "unit_code"),
        ("बूथ", "unit_code"),
        ("उम्र", "age"),
        ("Age", "age"),
        ("Gender", "gender"),
        ("लिंग", "gender"),
        ("EPIC", "voter_id"),
        ("Voter ID", "voter_id"),
        ("birth_year", "birth_year"),
    ],
)
def test_usual_headers_are_recognised(header: str, column: str) -> None:
    other = "name" if column != "name" else "notes"
    assert columns_for([header, other])[0] == column
    assert header_key(header) == header_key(f"  {header.upper()} ")
