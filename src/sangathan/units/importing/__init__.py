"""Bulk import of the unit tree from CSV or XLSX, for the command line and the web
(export and the file format's shared pieces are in ``exporting``).

Columns: ``level, code, name_hi, name_en, parent_code`` (header row first, any case). A level is
named by its Hindi or English name. Rows may come in any order: a parent may be further down
the file or already in the database. A unit without an official code is exported with
``uuid:<its uuid>`` in the code column, so that its children can name it and a round trip
reproduces the tree; importing such a row creates (or finds) the unit with that uuid and no code.

An import is all-or-nothing unless bad rows are skipped, and is written with a few bulk
queries, the materialized paths computed in Python (see ``writing``).

One module per step: ``reading`` (the file into rows), ``planning`` (each row decided, reading
only), ``writing`` (bulk inserts), ``service`` (the use case, ``units_import``); ``rows`` and
``results`` are the values they pass along. What callers use is importable from here.
"""

from __future__ import annotations

from sangathan.units.importing.reading import REQUIRED_COLUMNS, XLSX_SUFFIXES
from sangathan.units.importing.results import (
    ImportFileError,
    ImportRefused,
    ImportResult,
    Progress,
    RowError,
)
from sangathan.units.importing.service import bad_rows_write, units_import

__all__ = [
    "REQUIRED_COLUMNS",
    "XLSX_SUFFIXES",
    "ImportFileError",
    "ImportRefused",
    "ImportResult",
    "Progress",
    "RowError",
    "bad_rows_write",
    "units_import",
]
