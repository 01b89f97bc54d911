"""One row of a people file turned into model values, or into its errors, field by field.

The rules are ``people.services.person_clean``'s, the same as for a person typed into the
form. Calling it for every row would cost ~50 µs a row (a second a lakh of rows before the
database sees anything), so the common case takes a fast path that computes what
``person_clean`` would: the name's display forms and match keys once per distinct name (names
repeat: a roll has a few thousand distinct names per lakh of people), an Indian mobile number
checked against the phone library's own pattern for Indian mobiles. When any field fails the
fast path, ``person_clean`` itself is called for that row and its messages are the errors, so
a row is refused with the same words the form would use. ``tests/people/test_import_rules.py``
checks that both paths agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sangathan.core.models import Role
from sangathan.lib import names
from sangathan.lib.phones import InvalidPhone, phone_normalise
from sangathan.lib.text import clean_text
from sangathan.people.importing.columns import GENDER_WORDS, RELATION_WORDS
from sangathan.people.importing.reading import krutidev_cell
from sangathan.people.models import Gender, Household, Person, Tag
from sangathan.people.services import PersonFields, _display_forms, person_clean
from sangathan.units.models import Unit

if TYPE_CHECKING:
    from sangathan.core.access import Reach

# Lookups use ``IN (...)`` lists; SQLite builds may allow only 999 variables per query.
LOOKUP_CHUNK = 900

_OLDEST = 1900
_EPIC = re.compile(r"^[A-Z]{3}[0-9]{7}$")
_NOT_DIGIT = re.compile(r"\D")
_PHONE_PUNCTUATION = re.compile(r"[\s\-().]")
_TAG_SEPARATORS = re.compile(r"\s*[,;|]\s*")
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")

_IN = phonenumbers.PhoneMetadata.metadata_for_region("IN")
assert _IN is not None and _IN.mobile is not None and _IN.general_desc is not None
_IN_MOBILE = re.compile(_IN.mobile.national_number_pattern or "(?!)")
_IN_ANY = re.compile(_IN.general_desc.national_number_pattern or "(?!)")

_MAX_LENGTH = {
    f.name: f.max_length
    for f in Person._meta.concrete_fields
    if f.name in ("name", "relation_name", "locality", "address", "ration_card")
}
_MAX_LENGTH["household_code"] = Household._meta.get_field("code").max_length

# The fields person_clean checks: a fast-path failure on any of these asks it for the words.
_PERSON_FIELDS = (
    "name",
    "gender",
    "relation_kind",
    "birth_year",
    "age",
    "phone",
    "phone2",
    "voter_id",
    "aadhaar_last4",
)


def mobile_fast(raw: str) -> str | None:
    """E.164 for an Indian mobile number written plainly (98390 12345, 098390-12345,
    +91 98390 12345), checked against the phone library's pattern for Indian mobiles: the
    answer ``phone_normalise`` gives, at a tenth of the cost. None: ask ``phone_normalise``."""
    digits = _PHONE_PUNCTUATION.sub("", raw)
    if digits[:3] == "+91":
        digits = digits[3:]
    elif len(digits) == 11 and digits[0] == "0":
        digits = digits[1:]
    if (
        len(digits) == 10
        and digits.isascii()
        and digits.isdigit()
        and _IN_MOBILE.fullmatch(digits)
        and _IN_ANY.fullmatch(digits)
    ):
        return "+91" + digits
    return None


def _phone(raw: str) -> str | None:
    """E.164, "" for an empty cell, None when it is not a phone number."""
    if not raw:
        return ""
    fast = mobile_fast(raw)
    if fast is not None:
        return fast
    try:
        return phone_normalise(raw)
    except InvalidPhone:
        return None


@dataclass(frozen=True, slots=True)
class NameParts:
    name: str
    name_deva: str
    name_latin: str
    honorifics: str
    keys: tuple[str, ...]  # the match keys person_keys_write stores
    codes: tuple[str, ...]  # phonetic codes of the words: the name part of a row's identity
    identity_key: str  # the key that finds the same name again (see writing._find_existing)


@lru_cache(maxsize=131072)
def name_parts(raw: str) -> NameParts | None:
    """What person_clean and person_keys_write make of a name; None when no name is left."""
    name, honorifics = names.split_honorifics(clean_text(raw))
    if not name:
        return None
    deva, latin = _display_forms(name)
    keys = set(names.match_keys(name))
    if latin and latin != name:
        keys.update(names.match_keys(latin))
    own = names.match_keys(name)
    return NameParts(
        name=name,
        name_deva=deva,
        name_latin=latin,
        honorifics=" ".join(honorifics)[:50],
        keys=tuple(sorted(k[:32] for k in keys)),
        codes=tuple(names.name_tokens(name)),
        identity_key=(own[-1] if own else "")[:32],
    )


@lru_cache(maxsize=65536)
def relation_parts(raw: str) -> tuple[str, tuple[str, ...]]:
    relation = names.normalise_name(raw)
    return relation, tuple(names.name_tokens(relation)) if relation else ()


@dataclass(slots=True)
class Row:
    number: int
    cells: list[str]
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, reason)
    values: dict[str, Any] = field(default_factory=dict)  # Person fields, as person_clean gives
    parts: NameParts | None = None
    relation_codes: tuple[str, ...] = ()
    unit_pk: int = 0
    unit_path: str = ""
    household_code: str = ""
    tag_ids: tuple[int, ...] = ()

    def identity(self) -> tuple[Any, ...]:
        """Who the row is, for re-imports and repeats within a file: the same unit, name,
        relation name (phonetic codes: either script, usual spellings) and birth year."""
        assert self.parts is not None
        return (self.unit_path, self.parts.codes, self.relation_codes, self.values["birth_year"])


@dataclass(frozen=True, slots=True)
class UnitChoice:
    pk: int
    path: str
    code: str
    allowed: bool


class Units:
    """Unit codes to units, looked up a batch at a time and remembered (at most one entry per
    unit of the organisation)."""

    def __init__(self, reach: Reach | None, default: Unit | None) -> None:
        self.reach = reach
        self.known: dict[str, UnitChoice | None] = {}
        self.default = (
            self._choice(default.pk, default.path, default.code or "") if default else None
        )
        # Every code is in ``known`` already (a worker process, which asks no database).
        self.complete = False

    @classmethod
    def known_already(
        cls, known: dict[str, UnitChoice | None], default: UnitChoice | None
    ) -> Units:
        units = cls(None, None)
        units.known, units.default, units.complete = known, default, True
        return units

    def load_all(self) -> dict[str, UnitChoice | None]:
        """Every unit with a code, judged against the reach: what a worker process is given."""
        for pk, path, code in Unit.objects.exclude(code="").values_list("pk", "path", "code"):
            self.known[code] = self._choice(pk, path, code)
        return self.known

    def _choice(self, pk: int, path: str, code: str) -> UnitChoice:
        if self.reach is None:
            allowed = True
        else:
            role = self.reach.role_at(path)
            allowed = role is not None and Role.rank(role) >= Role.rank(Role.EDITOR)
        return UnitChoice(pk, path, code, allowed)

    def load(self, codes: set[str]) -> None:
        missing = sorted(c for c in codes if c and c not in self.known)
        if self.complete:
            self.known.update(dict.fromkeys(missing))
            return
        for start in range(0, len(missing), LOOKUP_CHUNK):
            chunk = missing[start : start + LOOKUP_CHUNK]
            for pk, path, code in Unit.objects.filter(code__in=chunk).values_list(
                "pk", "path", "code"
            ):
                self.known[code] = self._choice(pk, path, code)
            for code in chunk:
                self.known.setdefault(code, None)


class Tags:
    """Tags by code, Hindi name or English name, any case."""

    def __init__(self, by_word: dict[str, int] | None = None) -> None:
        if by_word is not None:
            self.by_word = by_word
            return
        self.by_word = {}
        for pk, code, name_hi, name_en in Tag.objects.values_list(
            "pk", "code", "name_hi", "name_en"
        ):
            for word in (code, name_hi, name_en):
                self.by_word.setdefault(clean_text(word).casefold(), pk)

    @classmethod
    def known_already(cls, by_word: dict[str, int]) -> Tags:
        return cls(by_word)

    def resolve(self, cell: str) -> tuple[tuple[int, ...], list[str]]:
        found: list[int] = []
        unknown: list[str] = []
        for word in _TAG_SEPARATORS.split(cell):
            if not word:
                continue
            pk = self.by_word.get(word.casefold())
            if pk is None:
                unknown.append(word)
            elif pk not in found:
                found.append(pk)
        return tuple(found), unknown


def _number(cell: str) -> int | None:
    text = cell.translate(_DEVANAGARI_DIGITS).strip()
    return int(text) if text.isascii() and text.isdigit() else None


class RowCleaner:
    """Cleans rows of one file laid out as ``columns``."""

    def __init__(
        self,
        columns: list[str | None],
        headers: list[str],
        *,
        krutidev: list[str],
        units: Units,
        tags: Tags,
        relation_hint: str = "",
        today: date,
    ) -> None:
        self.position = {c: i for i, c in enumerate(columns) if c is not None}
        self.header = {c: h for h, c in zip(headers, columns, strict=True) if c is not None}
        self.krutidev = {self.position[c] for c in krutidev if c in self.position}
        self.units = units
        self.tags = tags
        self.relation_hint = relation_hint
        self.today = today
        self.this_year = today.year

    def label(self, column: str) -> str:
        """A column as the user wrote it in the file."""
        return self.header.get(column, column)

    def cells_of(self, cells: list[str]) -> dict[str, str]:
        if self.krutidev:
            cells = [
                krutidev_cell(v) if i in self.krutidev and v else v for i, v in enumerate(cells)
            ]
        count = len(cells)
        return {c: cells[p] if p < count else "" for c, p in self.position.items()}

    def unit_codes(self, rows: list[tuple[int, list[str]]]) -> set[str]:
        position = self.position.get("unit_code")
        if position is None:
            return set()
        return {cells[position] for _n, cells in rows if position < len(cells)}

    def clean(self, number: int, raw: list[str]) -> Row:
        row = Row(number=number, cells=raw)
        cell = self.cells_of(raw)
        errors = row.errors
        failed: set[str] = set()

        get = cell.get
        parts = name_parts(cell["name"])
        if parts is None:
            failed.add("name")
        row.parts = parts

        gender_cell = get("gender", "")
        gender = GENDER_WORDS.get(gender_cell.casefold())
        if gender is None:
            errors.append(
                (
                    "gender",
                    _("%(value)s is not a gender: write M or F (पुरुष or महिला).")
                    % {"value": gender_cell},
                )
            )
            gender = Gender.UNKNOWN

        kind_cell = get("relation_kind", "")
        relation_kind = RELATION_WORDS.get(kind_cell.casefold())
        if relation_kind is None:
            errors.append(
                (
                    "relation_kind",
                    _("%(value)s is not a relation: write father, husband, mother or other.")
                    % {"value": kind_cell},
                )
            )
            relation_kind = ""
        relation_name, row.relation_codes = relation_parts(get("relation_name", ""))
        if relation_name and not relation_kind:
            relation_kind = self.relation_hint

        year: int | None = None
        age: int | None = None
        year_cell = get("birth_year", "")
        if year_cell:
            year = _number(year_cell[:4] if len(year_cell) == 10 else year_cell)
            if year is None:
                errors.append(("birth_year", _("%(value)s is not a year.") % {"value": year_cell}))
        age_cell = get("age", "")
        if age_cell:
            age = _number(age_cell)
            if age is None:
                errors.append(("age", _("%(value)s is not an age in years.") % {"value": age_cell}))
            elif not 0 <= age <= 120:
                failed.add("age")
            else:
                year = self.this_year - age
        if year is not None and not _OLDEST <= year <= self.this_year:
            failed.add("birth_year")

        phone = _phone(get("phone", ""))
        if phone is None:
            failed.add("phone")
        phone2 = _phone(get("phone2", ""))
        if phone2 is None:
            failed.add("phone2")

        voter_cell = get("voter_id", "")
        voter_id = voter_cell.upper().replace(" ", "") if voter_cell else ""
        if voter_id and not _EPIC.match(voter_id):
            failed.add("voter_id")
        aadhaar_cell = get("aadhaar_last4", "")
        aadhaar = _NOT_DIGIT.sub("", aadhaar_cell) if aadhaar_cell else ""
        if aadhaar_cell and len(aadhaar) != 4:
            failed.add("aadhaar_last4")

        locality = get("locality", "")
        address = get("address", "")
        ration_card = get("ration_card", "").upper()
        for column, value in (
            ("name", parts.name if parts else ""),
            ("relation_name", relation_name),
            ("locality", locality),
            ("address", address),
            ("ration_card", ration_card),
        ):
            limit = _MAX_LENGTH[column]
            if limit is not None and len(value) > limit:
                errors.append(
                    (column, _("This is longer than %(max)s characters.") % {"max": limit})
                )

        if failed:
            self._person_clean_errors(row, cell, gender, relation_kind, failed)

        self._place(row, get("unit_code", ""), get("household_code", ""))
        tags_cell = get("tags", "")
        if tags_cell:
            row.tag_ids, unknown = self.tags.resolve(tags_cell)
            if unknown:
                errors.append(("tags", _("Unknown tag: %(tags)s.") % {"tags": ", ".join(unknown)}))
        if errors or parts is None:
            return row
        row.values = {
            "name": parts.name,
            "name_deva": parts.name_deva,
            "name_latin": parts.name_latin,
            "honorifics": parts.honorifics,
            "gender": gender,
            "relation_kind": relation_kind,
            "relation_name": relation_name,
            "birth_year": year,
            "phone": phone,
            "phone2": phone2,
            "locality": locality,
            "address": address,
            "voter_id": voter_id,
            "ration_card": ration_card,
            "aadhaar_last4": aadhaar,
        }
        return row

    def _person_clean_errors(
        self, row: Row, cell: dict[str, str], gender: str, relation_kind: str, failed: set[str]
    ) -> None:
        """The words of person_clean for the fields that failed the fast path."""
        birth_year = _number(cell.get("birth_year", "")) if cell.get("birth_year") else None
        age = _number(cell.get("age", "")) if cell.get("age") else None
        fields = PersonFields(
            name=cell["name"],
            gender=gender,
            relation_kind=relation_kind,
            birth_year=birth_year,
            age=age,
            phone=cell.get("phone", ""),
            phone2=cell.get("phone2", ""),
            voter_id=cell.get("voter_id", ""),
            aadhaar_last4=cell.get("aadhaar_last4", ""),
        )
        try:
            person_clean(fields, today=self.today)
        except ValidationError as exc:
            for column, messages in exc.message_dict.items():
                row.errors.extend((column, message) for message in messages)
            return
        # The fast path refused what person_clean accepts: a bug, but never a silent one.
        row.errors.extend((column, _("This value could not be read.")) for column in sorted(failed))

    def _place(self, row: Row, unit_code: str, household_code: str) -> None:
        if unit_code:
            choice = self.units.known.get(unit_code)
            if choice is None:
                row.errors.append(
                    ("unit_code", _("No unit has the code %(code)s.") % {"code": unit_code})
                )
                return
            if not choice.allowed:
                row.errors.append(
                    (
                        "unit_code",
                        _("The unit %(code)s is outside your units.") % {"code": unit_code},
                    )
                )
                return
        elif self.units.default is not None:
            choice = self.units.default
        else:
            row.errors.append(
                (
                    "unit_code",
                    _("The unit is missing: give its code, or choose one unit for the whole file."),
                )
            )
            return
        row.unit_pk, row.unit_path = choice.pk, choice.path
        limit = _MAX_LENGTH["household_code"]
        if limit is not None and len(household_code) > limit:
            row.errors.append(
                ("household_code", _("This is longer than %(max)s characters.") % {"max": limit})
            )
        row.household_code = household_code


def person_fields_of(cell: dict[str, str], today: date) -> PersonFields:
    """The PersonFields a row stands for (used by the tests that compare both paths)."""
    return PersonFields(
        name=cell.get("name", ""),
        gender=GENDER_WORDS.get(cell.get("gender", "").casefold(), cell.get("gender", "")),
        relation_kind=RELATION_WORDS.get(cell.get("relation_kind", "").casefold(), ""),
        relation_name=cell.get("relation_name", ""),
        birth_year=_number(cell["birth_year"]) if cell.get("birth_year") else None,
        age=_number(cell["age"]) if cell.get("age") else None,
        phone=cell.get("phone", ""),
        phone2=cell.get("phone2", ""),
        locality=cell.get("locality", ""),
        address=cell.get("address", ""),
        voter_id=cell.get("voter_id", ""),
        ration_card=cell.get("ration_card", ""),
        aadhaar_last4=cell.get("aadhaar_last4", ""),
    )
