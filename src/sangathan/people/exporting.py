"""Export of people as CSV or XLSX, in the columns an import reads back.

Only the people inside the user's reach are written (the same path filter as every list);
phone numbers are in full only where the user is an editor, masked (98xxxxxx10) elsewhere.
Every export is audited with its scope and count. Rows stream from the database a chunk at a
time, so an export of lakhs of people never sits in memory. A cell that a spreadsheet would
run as a formula (starting with = + - @, a tab or a carriage return) gets a leading quote.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from django.db.models import Q

from sangathan.core.access import path_filter, reach_of
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.phones import phone_display, phone_mask
from sangathan.people.importing.columns import EXPORT_COLUMNS
from sangathan.people.models import Gender, Person, PersonStatus
from sangathan.units.exporting import common_unit

if TYPE_CHECKING:
    from sangathan.core.access import Reach
    from sangathan.core.models import User
    from sangathan.units.models import Unit

_CHUNK = 2000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_INDIAN_MOBILE = re.compile(r"^\+91([6-9]\d{4})(\d{5})$")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def neutralise(value: Any) -> Any:
    """A leading quote before text a spreadsheet would take for a formula (=HYPERLINK(…),
    +cmd|…, @SUM(…)): it is then shown as text. Import takes the quote off again."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _phone_shown(e164: str, full: bool) -> str:
    if not e164:
        return ""
    if not full:
        return phone_mask(e164)
    match = _INDIAN_MOBILE.match(e164)
    if match:  # what phone_display gives for an Indian mobile, without parsing it again
        return f"{match.group(1)} {match.group(2)}"
    return phone_display(e164)


@dataclass
class PeopleExport:
    count: int
    rows: Generator[tuple[Any, ...]]  # the header first, cells neutralised; close() if unread


def _scope(actor: User | None, unit: Unit | None) -> Q:
    q = path_filter(actor, "unit_path") if actor is not None else Q()
    if unit is not None:
        q &= Q(unit_path__subtree=unit.path)
    return q


def _rows(scope: Q, reach: Reach | None) -> Generator[tuple[Any, ...]]:
    yield EXPORT_COLUMNS
    editor = Role.rank(Role.EDITOR)
    through = Person.tags.through
    people = Person.objects.filter(scope, status__in=[PersonStatus.ACTIVE, PersonStatus.HELD])
    roles: dict[str, bool] = {}
    last = 0
    while True:
        chunk = list(
            people.filter(pk__gt=last)
            .order_by("pk")
            .values_list(
                "pk",
                "honorifics",
                "name",
                "relation_kind",
                "relation_name",
                "gender",
                "birth_year",
                "phone",
                "phone2",
                "home_unit__code",
                "household__code",
                "locality",
                "address",
                "voter_id",
                "ration_card",
                "aadhaar_last4",
                "unit_path",
            )[:_CHUNK]
        )
        if not chunk:
            return
        last = chunk[-1][0]
        tags: dict[int, list[str]] = {}
        links = through.objects.filter(person_id__in=[row[0] for row in chunk]).values_list(
            "person_id", "tag__code"
        )
        for person_id, code in links.order_by("tag__code"):
            tags.setdefault(person_id, []).append(code)
        for (
            pk,
            honorifics,
            name,
            relation_kind,
            relation_name,
            gender,
            birth_year,
            phone,
            phone2,
            unit_code,
            household_code,
            locality,
            address,
            voter_id,
            ration_card,
            aadhaar_last4,
            unit_path,
        ) in chunk:
            full = roles.get(unit_path)
            if full is None:
                role = reach.role_at(unit_path) if reach is not None else Role.ADMIN
                full = roles[unit_path] = role is not None and Role.rank(role) >= editor
            row = (
                f"{honorifics} {name}" if honorifics else name,
                relation_kind,
                relation_name,
                "" if gender == Gender.UNKNOWN else gender,
                birth_year if birth_year is not None else "",
                _phone_shown(phone, full),
                _phone_shown(phone2, full),
                unit_code or "",
                household_code or "",
                locality,
                address,
                ", ".join(tags.get(pk, ())),
                voter_id,
                ration_card,
                aadhaar_last4,
            )
            yield tuple(neutralise(v) for v in row)


def people_export(
    *, actor: User | None = None, unit: Unit | None = None, filename: str = ""
) -> PeopleExport:
    """The people within ``actor``'s reach (everything for the system), under ``unit`` when
    given (the caller has checked that ``actor`` may see it); audited once."""
    scope = _scope(actor, unit)
    count = Person.objects.filter(
        scope, status__in=[PersonStatus.ACTIVE, PersonStatus.HELD]
    ).count()
    reach = reach_of(actor) if actor is not None else None
    if unit is not None:
        where: Unit | None = unit
        described = unit.code or str(unit.uuid)
    elif reach is None or reach.everything:
        where, described = None, "all"
    else:
        paths = reach.paths()
        where, described = common_unit(paths), "reach"
    editor_somewhere = reach is None or bool(reach.everything or reach.paths(Role.EDITOR))
    audit(
        actor=actor,
        unit=where,
        action="people.exported",
        changes={
            "filename": filename,
            "people": count,
            "scope": described,
            "full_phones": editor_somewhere,
        },
    )
    return PeopleExport(count=count, rows=_rows(scope, reach))


def csv_write(rows: Iterable[tuple[Any, ...]], handle: _Writable) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    for row in rows:
        writer.writerow(row)


def csv_lines(rows: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    """CSV text row by row, for a streaming HTTP response; a BOM first, without which Excel
    does not read the file as UTF-8 (and shows no Hindi)."""
    yield "\ufeff"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def xlsx_write(rows: Iterable[tuple[Any, ...]], target: Path | BinaryIO) -> None:
    from openpyxl import Workbook

    # write_only streams rows to a temporary file instead of building every cell in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("people")
    for row in rows:
        sheet.append(list(row))
    workbook.save(target)


def export_write(rows: Iterable[tuple[Any, ...]], target: Path) -> None:
    """To a file: XLSX or CSV (UTF-8 with a BOM) by its extension."""
    if target.name.lower().endswith((".xlsx", ".xlsm")):
        xlsx_write(rows, target)
        return
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        csv_write(rows, handle)
