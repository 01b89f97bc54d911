"""What an import reports: the counts, the refused rows with their reasons, and the two
ways it stops (a file that cannot be read; bad rows that were not to be skipped)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# Called with (rows written, rows to write) after each batch.
Progress = Callable[[int, int], None]


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong format, encoding or missing columns."""


@dataclass(frozen=True)
class RowError:
    row: int  # as the user sees it in a spreadsheet: the header is row 1
    reason: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(reason)s") % {"row": self.row, "reason": self.reason}


@dataclass
class ImportResult:
    filename: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # The bad rows as read (COLUMNS order) with their reasons joined, for the bad-rows file.
    bad_rows: list[tuple[str, ...]] = field(default_factory=list)
    written: bool = False

    @property
    def bad(self) -> int:
        return len(self.bad_rows)

    def summary(self) -> str:
        counts = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "bad": self.bad,
        }
        if self.written:
            return (
                _("created %(created)s, updated %(updated)s, unchanged %(unchanged)s, bad %(bad)s")
                % counts
            )
        return (
            _(
                "would create %(created)s, update %(updated)s, leave unchanged "
                "%(unchanged)s, bad %(bad)s"
            )
            % counts
        )


class ImportRefused(Exception):
    """Some rows are bad and they were not to be skipped: nothing was written."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__(result.summary())
        self.result = result
