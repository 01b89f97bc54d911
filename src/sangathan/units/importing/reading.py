"""Reading the file: CSV (UTF-8, with or without Excel's byte-order mark, comma, semicolon
or tab) or the first sheet of an XLSX, into rows in ``COLUMNS`` order."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from sangathan.lib.text import clean_text
from sangathan.units.exporting import COLUMNS
from sangathan.units.importing.results import ImportFileError
from sangathan.units.importing.rows import Row

REQUIRED_COLUMNS = ("level", "code", "name_hi", "parent_code")
XLSX_SUFFIXES = (".xlsx", ".xlsm")

# What clean_text would change: invisible characters, white space other than single inner
# spaces.
_MAYBE_UNCLEAN = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]|^\s|\s$|\s\s|[^\S ]")


def is_xlsx(filename: str) -> bool:
    return filename.lower().endswith(XLSX_SUFFIXES)


def _cell(value: Any) -> str:
    """Spreadsheet cells arrive as numbers too: booth 101 must read as "101", not "101.0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    # Most cells are clean already; checking is cheaper than cleaning at lakh scale.
    if _MAYBE_UNCLEAN.search(text) is None and unicodedata.is_normalized("NFC", text):
        return text
    return clean_text(text)


def _header_key(name: str) -> str:
    return clean_text(name).casefold().replace(" ", "_").replace("-", "_")


def _table(source: Path, filename: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for every row of the first sheet or the CSV, header included."""
    if is_xlsx(filename):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(source, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(_("This is not a readable XLSX file.")) from exc
        try:
            sheet = workbook.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell(v) for v in cells]
        finally:
            workbook.close()
        return
    # utf-8-sig also reads Excel's "CSV UTF-8", which starts with a byte-order mark.
    with open(source, encoding="utf-8-sig", newline="") as handle:
        try:
            sample = handle.read(4096)
            handle.seek(0)
            first_line = sample.splitlines()[0] if sample else ""
            delimiter = next((d for d in ",;\t" if d in first_line), ",")
            for number, values in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
                yield number, [_cell(v) for v in values]
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("The file is not in UTF-8. In Excel, save it as “CSV UTF-8” or as XLSX.")
            ) from exc


def read_rows(source: Path, filename: str) -> tuple[list[Row], bool]:
    """The data rows, and whether the file has a name_en column at all (when it has none,
    English names in the database are left as they are)."""
    table = _table(source, filename)
    header = next(table, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    names = [_header_key(n) for n in header[1]]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise ImportFileError(
            _("The first row must name the columns %(columns)s; missing: %(missing)s.")
            % {"columns": ", ".join(COLUMNS), "missing": ", ".join(missing)}
        )
    positions = [names.index(c) if c in names else None for c in COLUMNS]
    rows: list[Row] = []
    for number, cells in table:
        raw = tuple(cells[p] if p is not None and p < len(cells) else "" for p in positions)
        if any(raw):  # spreadsheets often end with empty rows
            rows.append(Row(number, raw))
    return rows, "name_en" in names
