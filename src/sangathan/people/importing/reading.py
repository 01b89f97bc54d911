"""Reading a people file row by row: CSV in any of the encodings office PCs write, or the
first sheet of an XLSX workbook (openpyxl's read-only mode, which streams the sheet's XML),
and spotting the columns typed in the Kruti Dev font."""

from __future__ import annotations

import csv
import datetime
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from sangathan.lib.encodings import open_text
from sangathan.lib.krutidev import DEFAULT_THRESHOLD as KRUTIDEV_THRESHOLD
from sangathan.lib.krutidev import krutidev_score, krutidev_to_unicode
from sangathan.lib.text import clean_text
from sangathan.people.importing.columns import TEXT_COLUMNS, columns_for

XLSX_SUFFIXES = (".xlsx", ".xlsm")
# Kruti Dev is judged on this many non-empty values of a column.
KRUTIDEV_SAMPLE = 300

# What clean_text would change: invisible characters, white space other than single inner
# spaces. Most cells are clean already; checking is cheaper than cleaning at lakh scale.
_MAYBE_UNCLEAN = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]|^\s|\s$|\s\s|[^\S ]")
# The quote an export puts before a cell that a spreadsheet would run as a formula.
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong format, encoding, or columns."""


def is_xlsx(filename: str) -> bool:
    return filename.lower().endswith(XLSX_SUFFIXES)


def cell_text(value: Any) -> str:
    """A cell as clean text: booth 101 from Excel's 101.0, a date as 1975-01-31, the quote
    an export added before "+91…" taken off again."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()[:10]
    text = value if isinstance(value, str) else str(value)
    if _MAYBE_UNCLEAN.search(text) is not None or (
        not text.isascii() and not unicodedata.is_normalized("NFC", text)
    ):
        text = clean_text(text)
    if text[:1] == "'":
        text = _NEUTRALISED.sub("", text)
    return text


def _csv_rows(source: Path) -> Iterator[list[str]]:
    try:
        with open_text(source) as handle:
            first_line = handle.readline()
            handle.seek(0)
            delimiter = max(",;\t", key=first_line.count) if first_line else ","
            for values in csv.reader(handle, delimiter=delimiter):
                yield [cell_text(v) for v in values]
    except (UnicodeError, csv.Error) as exc:
        raise ImportFileError(
            _("The file could not be read as text. Save it as “CSV UTF-8” or as XLSX.")
        ) from exc


def _xlsx_rows(source: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("This is not a readable XLSX file.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for cells in sheet.iter_rows(values_only=True):
            yield [cell_text(v) for v in cells]
    finally:
        workbook.close()


def table(source: Path, filename: str) -> Iterator[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, cells) for every row, the header (row 1)
    included."""
    rows = _xlsx_rows(source) if is_xlsx(filename) else _csv_rows(source)
    return enumerate(rows, start=1)


def rows_estimate(source: Path, filename: str) -> int | None:
    """About how many data rows the file has, for a progress bar; None when unknown. A CSV's
    lines are counted in binary (quick even for a big file); an XLSX says its size."""
    if is_xlsx(filename):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(source, read_only=True)
            rows = workbook.worksheets[0].max_row
            workbook.close()
        except Exception:
            return None
        return rows - 1 if rows else None
    lines = 0
    with open(source, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            lines += block.count(b"\n")
    return max(lines - 1, 0)


@lru_cache(maxsize=65536)
def krutidev_cell(value: str) -> str:
    """One cell converted from Kruti Dev (names repeat: the cache does most of a column)."""
    return krutidev_to_unicode(value)


@dataclass
class Layout:
    """How a file's columns are read: the header as written, the canonical column of each
    header (None: left out) and the canonical columns converted from Kruti Dev."""

    headers: list[str]
    columns: list[str | None]
    krutidev: list[str] = field(default_factory=list)
    # The score of each text column, for the preview ("looks 93% like Kruti Dev").
    krutidev_scores: dict[str, float] = field(default_factory=dict)


def krutidev_detect(
    columns: list[str | None], rows: Iterable[list[str]]
) -> tuple[list[str], dict[str, float]]:
    """The text columns that look typed in Kruti Dev, judged on their first
    ``KRUTIDEV_SAMPLE`` non-empty values, and every text column's score."""
    samples: dict[str, list[str]] = {c: [] for c in columns if c in TEXT_COLUMNS}
    positions = {c: columns.index(c) for c in samples}
    for cells in rows:
        for column, position in positions.items():
            sample = samples[column]
            if len(sample) < KRUTIDEV_SAMPLE and position < len(cells) and cells[position]:
                sample.append(cells[position])
        if all(len(s) >= KRUTIDEV_SAMPLE for s in samples.values()):
            break
    scores = {column: column_krutidev_score(values) for column, values in samples.items()}
    found = [c for c, score in scores.items() if score >= KRUTIDEV_THRESHOLD]
    return found, scores


_LATIN_LETTERS = re.compile(r"[A-Za-z]")
_DEVANAGARI = re.compile("[\u0900-\u097f]")


def column_krutidev_score(values: list[str]) -> float:
    """``krutidev_score`` of a column's values, or 0 when too few of them are Latin text to
    judge: a column of Unicode Hindi with one stray English value ("=HYPERLINK", "N/A") is
    not Kruti Dev, though that one value may look like it."""
    judged = sum(
        1 for v in values if len(_LATIN_LETTERS.findall(v)) >= 2 and not _DEVANAGARI.search(v)
    )
    if judged < 2 or judged * 2 < len(values):
        return 0.0
    return round(krutidev_score(values), 3)


def layout_read(
    source: Path,
    filename: str,
    *,
    mapping: dict[str, str] | None = None,
    krutidev: Iterable[str] | None = None,
) -> tuple[Layout, Iterator[tuple[int, list[str]]]]:
    """The file's layout and an iterator over its data rows (empty rows skipped).

    ``krutidev`` None detects the Kruti Dev columns; otherwise it names the columns to convert
    (canonical names or headers as written; empty: convert nothing)."""
    from sangathan.people.importing.columns import MappingError, header_key

    rows = table(source, filename)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("The file is empty."))
    headers = list(first[1])
    while headers and not headers[-1]:
        headers.pop()  # spreadsheets often carry empty columns on the right
    try:
        columns = columns_for(headers, mapping)
    except MappingError as exc:
        raise ImportFileError(str(exc)) from exc
    data = ((n, cells) for n, cells in rows if any(cells))
    # The first rows are read ahead for the detection, then played back before the rest.
    head = list(itertools.islice(data, KRUTIDEV_SAMPLE * 4))
    detected, scores = krutidev_detect(columns, (cells for _n, cells in head))
    layout = Layout(headers=headers, columns=columns, krutidev_scores=scores)
    if krutidev is None:
        layout.krutidev = detected
    else:
        by_header = {header_key(h): c for h, c in zip(headers, columns, strict=True) if c}
        chosen: list[str] = []
        for name in krutidev:
            column = name if name in columns else by_header.get(header_key(name))
            if column is None:
                raise ImportFileError(
                    _("There is no column %(column)s to convert from Kruti Dev.") % {"column": name}
                )
            chosen.append(column)
        layout.krutidev = list(dict.fromkeys(chosen))
    return layout, itertools.chain(head, data)


@dataclass
class Sample:
    """What the mapping step shows: the headers, the column each is read as without a
    mapping, how much each column looks like Kruti Dev, and the first rows."""

    headers: list[str]
    suggested: list[str]
    krutidev_scores: list[float]
    rows: list[list[str]]


def file_sample(source: Path, filename: str, shown: int = 5) -> Sample:
    from sangathan.people.importing.columns import suggested_column

    rows = table(source, filename)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("The file is empty."))
    headers = list(first[1])
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ImportFileError(_("The first row must name the columns."))
    head = list(itertools.islice((cells for _n, cells in rows if any(cells)), KRUTIDEV_SAMPLE))
    scores = []
    for i in range(len(headers)):
        values = [cells[i] for cells in head if i < len(cells) and cells[i]]
        scores.append(column_krutidev_score(values))
    return Sample(
        headers=headers,
        suggested=[suggested_column(h) for h in headers],
        krutidev_scores=scores,
        rows=[cells[: len(headers)] for cells in head[:shown]],
    )
