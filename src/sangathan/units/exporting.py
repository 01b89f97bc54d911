"""Export of the unit tree as CSV or XLSX, and the file format import and export share.

Columns: ``level, code, name_hi, name_en, parent_code``. A unit without an official code is
written with ``uuid:<its uuid>`` in the code column, so that its children can name it and a
round trip through ``importing`` reproduces the tree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from sangathan.core.access import path_filter, reach_of
from sangathan.core.audit import audit
from sangathan.units.models import Level, Unit

if TYPE_CHECKING:
    from sangathan.core.models import User

COLUMNS = ("level", "code", "name_hi", "name_en", "parent_code")
UUID_PREFIX = "uuid:"


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def common_unit(paths: Iterable[str]) -> Unit | None:
    """The lowest unit above all ``paths``: where an admin's audit view finds the entry."""
    prefix: str | None = None
    for path in paths:
        if prefix is None:
            prefix = path
            continue
        length = 0
        while length < min(len(prefix), len(path)) and prefix[length] == path[length]:
            length += 1
        prefix = prefix[:length]
        if not prefix:
            break
    if not prefix:
        return None
    prefix = prefix[: len(prefix) - len(prefix) % Unit.steplen]
    return Unit.objects.filter(path=prefix).first() if prefix else None


# --- Export ---------------------------------------------------------------------------------


@dataclass
class Export:
    count: int
    rows: Generator[tuple[str, ...]]  # the header first; close() it if not read to the end


def _export_rows(units: Any) -> Generator[tuple[str, ...]]:
    """Rows in path order, which puts every parent before its children. Only the chain of
    ancestors is kept in memory, so a state-size export streams."""
    yield COLUMNS
    level_names = dict(Level.objects.values_list("pk", "name_hi"))
    outside: dict[str, str] = {}  # parents of the top units of a scoped export
    chain: list[tuple[str, str]] = []  # (path, ref) of the current unit's ancestors
    values = units.order_by("path").values_list(
        "path", "level_id", "code", "uuid", "name_hi", "name_en"
    )
    for path, level_id, code, ident, name_hi, name_en in values.iterator(chunk_size=2000):
        while chain and not path.startswith(chain[-1][0]):
            chain.pop()
        parent_path = path[: -Unit.steplen]
        if chain and chain[-1][0] == parent_path:
            parent_ref = chain[-1][1]
        elif not parent_path:
            parent_ref = ""
        else:
            if parent_path not in outside:
                parent = Unit.objects.filter(path=parent_path).values_list("code", "uuid")
                found = parent.first()
                outside[parent_path] = (found[0] or f"{UUID_PREFIX}{found[1]}") if found else ""
            parent_ref = outside[parent_path]
        ref = code or f"{UUID_PREFIX}{ident}"
        yield (level_names.get(level_id, ""), ref, name_hi, name_en, parent_ref)
        chain.append((path, ref))


def units_export(*, actor: User | None = None, filename: str = "") -> Export:
    """The units within ``actor``'s reach (everything for the system), audited once."""
    units = Unit.objects.all()
    if actor is not None:
        units = units.filter(path_filter(actor, "path"))
    count = units.count()
    reach = reach_of(actor) if actor is not None else None
    scope = reach.paths() if reach is not None and not reach.everything else []
    audit(
        actor=actor,
        unit=common_unit(scope) if scope else None,
        action="units.exported",
        changes={"filename": filename, "units": count},
    )
    return Export(count=count, rows=_export_rows(units))


def csv_write(rows: Iterable[tuple[str, ...]], handle: _Writable) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    for row in rows:
        writer.writerow(row)


def csv_lines(rows: Iterable[tuple[str, ...]]) -> Iterator[str]:
    """CSV text row by row, for a streaming HTTP response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def xlsx_write(rows: Iterable[tuple[str, ...]], target: Path | BinaryIO) -> None:
    from openpyxl import Workbook

    # write_only streams rows to a temporary file instead of building every cell in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("units")
    for row in rows:
        sheet.append(list(row))
    workbook.save(target)
