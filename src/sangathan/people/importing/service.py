"""``people_import``: a CSV or XLSX file of people into the registry, batch by batch.

The file is read row by row and written ``BATCH`` rows at a time, so memory stays flat
whatever its size (one batch, the name caches, and one entry per unit code). The whole import
is one transaction: all-or-nothing unless bad rows are skipped. A dry run does the same work
and rolls it back, so its counts (created, updated, unchanged, flagged as duplicates) are
exactly what the import would do. On SQLite that holds the write lock for the length of the
check, as the import itself would.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sangathan.core.access import reach_of, require_role
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.people.importing.bulk import BulkLoad, estimated_rows, fewer_collections
from sangathan.people.importing.columns import RELATION_OF_HEADER, header_key
from sangathan.people.importing.parallel import PARALLEL_FROM_ROWS, CleaningSpec, cleaned_batches
from sangathan.people.importing.reading import ImportFileError, is_xlsx, layout_read
from sangathan.people.importing.rows import Row, RowCleaner, Tags, Units
from sangathan.people.importing.writing import BatchWriter
from sangathan.units.exporting import common_unit

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.units.models import Unit

BATCH = 2000
# Errors kept for the preview and the command's output; the bad-rows file has every one.
ERRORS_KEPT = 1000

Progress = Callable[[int], None]


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # as written in the file's header
    reason: str

    def __str__(self) -> str:
        return _("Row %(row)s, %(column)s: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }


@dataclass
class PeopleImportResult:
    filename: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: int = 0
    flagged: int = 0
    households_created: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first ERRORS_KEPT
    errors_total: int = 0
    krutidev: list[str] = field(default_factory=list)  # canonical columns converted
    columns: dict[str, str] = field(default_factory=dict)  # header -> canonical column
    written: bool = False

    @property
    def good(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def errors_hidden(self) -> int:
        return self.errors_total - len(self.errors)

    def summary(self) -> str:
        counts = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "bad": self.bad,
            "flagged": self.flagged,
        }
        if self.written:
            return (
                _(
                    "created %(created)s, updated %(updated)s, unchanged %(unchanged)s, "
                    "bad %(bad)s, flagged as possible duplicates %(flagged)s"
                )
                % counts
            )
        return (
            _(
                "would create %(created)s, update %(updated)s, leave unchanged %(unchanged)s, "
                "bad %(bad)s, flag as possible duplicates %(flagged)s"
            )
            % counts
        )


class ImportRefused(Exception):
    """Some rows are bad and they were not to be skipped: nothing was written."""

    def __init__(self, result: PeopleImportResult) -> None:
        super().__init__(result.summary())
        self.result = result


class BadRowsFile:
    """The bad rows as read, with the file's own header and an ``error`` column: the user
    corrects them and imports this file. XLSX or CSV by ``target``'s extension; written as
    the import goes (openpyxl's write-only mode streams too)."""

    def __init__(self, target: Path, headers: list[str]) -> None:
        self.target = target
        self.width = len(headers)
        self.count = 0
        self._handle: IO[str] | None = None
        self._writer: Any = None
        self._workbook: Any = None
        self._sheet: Any = None
        header = [*headers, "error"]
        if is_xlsx(target.name):
            from openpyxl import Workbook

            self._workbook = Workbook(write_only=True)
            self._sheet = self._workbook.create_sheet("bad rows")
            self._sheet.append(header)
        else:
            # Excel opens a CSV as UTF-8 (and shows Hindi) only when it starts with a BOM.
            self._handle = open(target, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self._writer = csv.writer(self._handle, lineterminator="\n")
            self._writer.writerow(header)

    def write(self, cells: list[str], reason: str) -> None:
        padded = [*cells[: self.width], *[""] * (self.width - len(cells)), reason]
        if self._sheet is not None:
            from sangathan.people.exporting import neutralise

            self._sheet.append([neutralise(v) for v in padded])
        else:
            self._writer.writerow(padded)
        self.count += 1

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.save(self.target)
            self._workbook = None
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> BadRowsFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _prefix(a: str | None, b: str) -> str:
    """The common start of two unit paths (tree paths, not file paths)."""
    if a is None:
        return b
    end = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        end += 1
    return a[:end]


def people_import(
    *,
    source: Path,
    filename: str | None = None,
    actor: User | None = None,
    mapping: dict[str, str] | None = None,
    unit: Unit | None = None,
    krutidev: Iterable[str] | None = None,
    skip_bad: bool = False,
    dry_run: bool = False,
    bad_rows: Path | None = None,
    check_duplicates: bool = True,
    parallel: bool | None = None,
    progress: Progress | None = None,
) -> PeopleImportResult:
    """Import the people in ``source`` (CSV or XLSX).

    ``mapping`` maps the file's headers to canonical columns; ``unit`` is the unit of rows
    without a unit_code; ``krutidev`` names the columns to convert from Kruti Dev (None:
    detect them). ``actor`` None is the system (the command line); a person imports only into
    units where they are an editor. With bad rows and without ``skip_bad`` nothing is written
    and ``ImportRefused`` is raised (a dry run returns the result instead). ``bad_rows`` is
    where the bad rows are written, if anywhere. ``progress`` is called with the number of
    rows done after every batch. ``parallel`` reads and cleans the rows in a second process
    (``importing.parallel``); None decides by the file's size."""
    steps = people_import_steps(
        source=source,
        filename=filename,
        actor=actor,
        mapping=mapping,
        unit=unit,
        krutidev=krutidev,
        skip_bad=skip_bad,
        dry_run=dry_run,
        bad_rows=bad_rows,
        check_duplicates=check_duplicates,
        parallel=parallel,
    )
    while True:
        try:
            done = next(steps)
        except StopIteration as finished:
            result: PeopleImportResult = finished.value
            return result
        if progress is not None:
            progress(done)


def people_import_steps(
    *,
    source: Path,
    filename: str | None = None,
    actor: User | None = None,
    mapping: dict[str, str] | None = None,
    unit: Unit | None = None,
    krutidev: Iterable[str] | None = None,
    skip_bad: bool = False,
    dry_run: bool = False,
    bad_rows: Path | None = None,
    check_duplicates: bool = True,
    parallel: bool | None = None,
) -> Generator[int, None, PeopleImportResult]:
    """``people_import`` one batch at a time: yields the number of rows done after each
    batch and returns the result, so that a web page can show progress as it streams. The
    transaction stays open between batches: a generator closed early rolls everything back."""
    name = filename or source.name
    if actor is not None and unit is not None:
        require_role(actor, unit, Role.EDITOR)
    layout, data = layout_read(source, name, mapping=mapping, krutidev=krutidev)
    result = PeopleImportResult(
        filename=name,
        krutidev=layout.krutidev,
        columns={h: c for h, c in zip(layout.headers, layout.columns, strict=True) if c},
    )
    relation_hint = ""
    if "relation_kind" not in layout.columns and "relation_name" in layout.columns:
        header = layout.headers[layout.columns.index("relation_name")]
        relation_hint = RELATION_OF_HEADER.get(header_key(header), "")
    cleaner = RowCleaner(
        layout.columns,
        layout.headers,
        krutidev=layout.krutidev,
        units=Units(reach_of(actor) if actor is not None else None, unit),
        tags=Tags(),
        relation_hint=relation_hint,
        today=timezone.localdate(),
    )
    writer = BatchWriter(actor=actor, filename=name, check_duplicates=check_duplicates)
    bad_file = BadRowsFile(bad_rows, layout.headers) if bad_rows is not None else None
    touched: str | None = None
    expected = estimated_rows(source, xlsx=is_xlsx(name))
    bulk = BulkLoad(expected_rows=expected)
    if parallel is None:
        parallel = expected >= PARALLEL_FROM_ROWS
    batches = (
        cleaned_batches(
            CleaningSpec(
                source=str(source),
                filename=name,
                mapping=mapping,
                krutidev=layout.krutidev,
                relation_hint=relation_hint,
                today=cleaner.today,
                units=cleaner.units.load_all(),
                default_unit=cleaner.units.default,
                tags=cleaner.tags.by_word,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                batch=BATCH,
            )
        )
        if parallel
        else _cleaned_here(data, cleaner)
    )
    try:
        with fewer_collections(), transaction.atomic():
            bulk.start()
            for rows in batches:
                touched = _write(rows, cleaner, writer, result, bad_file, touched)
                yield result.rows
            if dry_run:
                transaction.set_rollback(True)
                return result
            if result.bad and not skip_bad:
                raise ImportRefused(result)
            bulk.finish()  # only for an import that commits: a rollback restores them
            result.written = True
            audit(
                actor=actor,
                unit=common_unit([touched]) if touched else None,
                action="people.imported",
                changes={
                    "filename": name,
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "bad": result.bad,
                    "flagged": result.flagged,
                    "households_created": result.households_created,
                    "krutidev": result.krutidev,
                },
            )
    except IntegrityError as exc:  # a household code or person taken by someone meanwhile
        result.written = False
        raise ImportFileError(
            _("Another change was made at the same time; please try again.")
        ) from exc
    finally:
        batches.close()  # stops a worker process still cleaning
        bulk.close()
        if bad_file is not None:
            bad_file.close()
    return result


def _cleaned_here(
    data: Iterable[tuple[int, list[str]]], cleaner: RowCleaner
) -> Generator[list[Row], None, None]:
    """The rows cleaned in this process, a batch at a time."""
    batch: list[tuple[int, list[str]]] = []
    for item in data:
        batch.append(item)
        if len(batch) >= BATCH:
            yield _clean(batch, cleaner)
            batch = []
    if batch:
        yield _clean(batch, cleaner)


def _clean(batch: list[tuple[int, list[str]]], cleaner: RowCleaner) -> list[Row]:
    cleaner.units.load(cleaner.unit_codes(batch))
    return [cleaner.clean(number, cells) for number, cells in batch]


def _write(
    rows: list[Row],
    cleaner: RowCleaner,
    writer: BatchWriter,
    result: PeopleImportResult,
    bad_file: BadRowsFile | None,
    touched: str | None,
) -> str | None:
    good: list[Row] = []
    last_path: str | None = None
    for row in rows:
        result.rows += 1
        if row.errors:
            result.bad += 1
            reasons: list[str] = []
            for column, reason in row.errors:
                result.errors_total += 1
                label = cleaner.label(column)
                if len(result.errors) < ERRORS_KEPT:
                    result.errors.append(RowError(row.number, label, reason))
                reasons.append(f"{label}: {reason}")
            if bad_file is not None:
                bad_file.write(row.cells, "; ".join(reasons))
            continue
        good.append(row)
        if row.unit_path != last_path:  # rows come booth by booth: compare once per booth
            last_path = row.unit_path
            touched = _prefix(touched, last_path)
    if good:
        outcome = writer.write(good)
        result.created += outcome.created
        result.updated += outcome.updated
        result.unchanged += outcome.unchanged
        result.flagged += outcome.flagged
        result.households_created += outcome.households_created
    return touched
