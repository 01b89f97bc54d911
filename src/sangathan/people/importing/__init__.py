"""Importing people and households from CSV or XLSX files (``sangathan people import`` and
the import pages). ``service.people_import`` is the entry point; the modules are the steps:
``columns`` (names and synonyms), ``reading`` (files, encodings, Kruti Dev), ``rows`` (one row
to model values), ``writing`` (a batch into the database)."""

from __future__ import annotations

from sangathan.people.importing.columns import COLUMNS, EXPORT_COLUMNS, SYNONYMS, TEXT_COLUMNS
from sangathan.people.importing.reading import (
    XLSX_SUFFIXES,
    ImportFileError,
    Sample,
    file_sample,
    is_xlsx,
    rows_estimate,
)
from sangathan.people.importing.service import (
    BATCH,
    BadRowsFile,
    ImportRefused,
    PeopleImportResult,
    RowError,
    people_import,
    people_import_steps,
)

__all__ = [
    "BATCH",
    "COLUMNS",
    "EXPORT_COLUMNS",
    "SYNONYMS",
    "TEXT_COLUMNS",
    "XLSX_SUFFIXES",
    "BadRowsFile",
    "ImportFileError",
    "ImportRefused",
    "PeopleImportResult",
    "RowError",
    "Sample",
    "file_sample",
    "is_xlsx",
    "people_import",
    "people_import_steps",
    "rows_estimate",
]
