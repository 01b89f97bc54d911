"""The import as one use case: read, plan, and (unless a dry run) write in one transaction,
audited; and the bad rows written back as a file to correct."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sangathan.core.audit import audit
from sangathan.units.exporting import COLUMNS, common_unit, csv_write, xlsx_write
from sangathan.units.importing.planning import Planner
from sangathan.units.importing.reading import is_xlsx, read_rows
from sangathan.units.importing.results import (
    ImportFileError,
    ImportRefused,
    ImportResult,
    Progress,
    RowError,
)
from sangathan.units.importing.rows import BAD, CREATE, UPDATE, Row
from sangathan.units.importing.writing import write_rows
from sangathan.units.models import Unit

if TYPE_CHECKING:
    from sangathan.core.models import User


def units_import(
    *,
    source: Path,
    filename: str | None = None,
    actor: User | None = None,
    skip_bad: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import units from a CSV or XLSX file.

    With bad rows and without ``skip_bad`` nothing is written and ``ImportRefused`` is raised
    (except in a dry run, which returns the result). With ``skip_bad`` the good rows are
    written; a row under a bad row is bad too. ``actor`` ``None`` is the system (the CLI);
    a person needs admin over every unit the rows change or add children to."""
    name = filename or source.name
    # A dry run only reads: it must not hold SQLite's write lock while it checks a big file.
    with nullcontext() if dry_run else transaction.atomic():
        rows, has_name_en = read_rows(source, name)
        Planner(rows, actor, has_name_en).run()
        result = ImportResult(filename=name)
        for row in rows:
            if row.state == BAD:
                result.errors.extend(RowError(row.number, reason) for reason in row.errors)
                result.bad_rows.append((*row.raw, "; ".join(row.errors)))
            elif row.action == CREATE:
                result.created += 1
            elif row.action == UPDATE:
                result.updated += 1
            else:
                result.unchanged += 1
        if dry_run:
            return result
        if result.errors and not skip_bad:
            raise ImportRefused(result)
        try:
            write_rows(rows, progress)
        except IntegrityError as exc:  # a code taken by someone else meanwhile
            raise ImportFileError(
                _("Another change was made at the same time; please try again.")
            ) from exc
        result.written = True
        touched = [
            r.existing.path if r.existing else _parent_path(r)
            for r in rows
            if r.action in (CREATE, UPDATE)
        ]
        audit(
            actor=actor,
            unit=common_unit(touched),
            action="units.imported",
            changes={
                "filename": name,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "bad": result.bad,
            },
        )
    return result


def _parent_path(row: Row) -> str:
    return row.path[: -Unit.steplen]


def bad_rows_write(*, result: ImportResult, target: Path) -> None:
    """The bad rows with an ``error`` column; XLSX or CSV by the file's extension."""
    header = (*COLUMNS, "error")
    if is_xlsx(target.name):
        xlsx_write([header, *result.bad_rows], target)
        return
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        csv_write([header, *result.bad_rows], handle)
