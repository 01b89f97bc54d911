"""Reading and cleaning a big file in a second process while this one writes.

An import's time goes to three things of about equal weight: reading the file, cleaning each
row (names in two scripts, match keys, phones) and the database storing the rows. The first
two need no database, so for a big file they run in a worker process on the other core and
hand over cleaned rows a batch at a time, while this process only writes. The worker is
started with ``spawn`` (``lib.processes``): a fresh interpreter, so nothing of this process's
open transaction or connection is shared. It is given everything it would otherwise ask the
database: the units by code, already judged against the importer's reach, and the tags. The
queue between the two holds a few batches, so memory stays flat however big the file is.

The rows are cleaned by the same ``RowCleaner`` either way; the tests import the same files
both ways and compare everything (``tests/people/test_import_parallel.py``).
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
from collections.abc import Generator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sangathan.lib.processes import spawn
from sangathan.people.importing.rows import Row, UnitChoice

# A worker costs a second or two to start (a Python with Django); below this the import is
# over sooner without one.
PARALLEL_FROM_ROWS = 50_000
# Cleaned batches waiting to be written: enough to ride out an uneven batch, few enough that
# memory does not grow with the file.
QUEUE_BATCHES = 4
_POLL_SECONDS = 1.0


@dataclass(frozen=True)
class CleaningSpec:
    """All the worker needs to read and clean the file exactly as this process would."""

    source: str
    filename: str
    mapping: dict[str, str] | None
    krutidev: list[str]  # the columns to convert, as this process chose them
    relation_hint: str
    today: date
    units: dict[str, UnitChoice | None]  # every unit code of the organisation
    default_unit: UnitChoice | None
    tags: dict[str, int]
    language: str
    batch: int


class WorkerFailed(Exception):
    """The cleaning process stopped without saying why (killed, out of memory)."""


def cleaned_batches(spec: CleaningSpec) -> Generator[list[Row], None, None]:
    """The file's rows, cleaned in a worker process, a batch at a time. Closing the iterator
    (an import refused or abandoned half way) stops the worker."""
    handover: Any = multiprocessing.get_context("spawn").Queue(maxsize=QUEUE_BATCHES)
    worker = spawn(
        "sangathan.people.importing.parallel.clean_in_worker",
        spec,
        handover,
        name="sangathan-import-clean",
    )
    try:
        while True:
            try:
                message = handover.get(timeout=_POLL_SECONDS)
            except queue_module.Empty:
                if not worker.is_alive():
                    raise WorkerFailed(
                        f"the cleaning process stopped (exit code {worker.exitcode})"
                    ) from None
                continue
            if message is None:
                return
            kind, payload = message
            if kind == "error":
                raise payload
            yield payload
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join(timeout=10)
        handover.close()


def clean_in_worker(spec: CleaningSpec, handover: Any) -> None:
    """The worker (Django set up by ``lib.processes.run``): read the file and send cleaned
    rows, then None; or ("error", exception)."""
    from django.utils import translation

    from sangathan.people.importing.bulk import fewer_collections
    from sangathan.people.importing.reading import layout_read
    from sangathan.people.importing.rows import RowCleaner, Tags, Units

    try:
        with translation.override(spec.language), fewer_collections():
            layout, data = layout_read(
                Path(spec.source), spec.filename, mapping=spec.mapping, krutidev=spec.krutidev
            )
            cleaner = RowCleaner(
                layout.columns,
                layout.headers,
                krutidev=layout.krutidev,
                units=Units.known_already(spec.units, spec.default_unit),
                tags=Tags.known_already(spec.tags),
                relation_hint=spec.relation_hint,
                today=spec.today,
            )
            batch: list[Row] = []
            for number, cells in data:
                batch.append(cleaner.clean(number, cells))
                if len(batch) >= spec.batch:
                    handover.put(("rows", batch))
                    batch = []
            if batch:
                handover.put(("rows", batch))
        handover.put(None)
    except Exception as exc:  # handed to the importing process, which raises it there
        handover.put(("error", exc))
