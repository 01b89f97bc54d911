"""``sangathan units``: import or export the unit tree as CSV or XLSX."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sangathan.units.exporting import COLUMNS, csv_write, units_export, xlsx_write
from sangathan.units.importing import (
    ImportFileError,
    ImportRefused,
    ImportResult,
    Progress,
    bad_rows_write,
    units_import,
)

# Enough to fix a file by; the full list goes to the --skip-bad file.
_ERRORS_SHOWN = 200


class Command(BaseCommand):
    help = (
        "Import or export the unit tree as CSV or XLSX.\n\n"
        f"Columns: {', '.join(COLUMNS)} (the header row first). A level is named by its Hindi "
        "or English name; rows may come in any order as long as every parent is in the file or "
        "already in the app. A unit without an official code is written as uuid:<its uuid> in "
        "the code column, so an export imports back as the same tree.\n\n"
        "`units import FILE` imports nothing when any row is bad and lists the bad rows; with "
        "--skip-bad BADFILE the good rows are imported and the bad ones (and the rows under "
        "them) are written to BADFILE with an error column. Importing the same file again "
        "changes nothing.\n"
        "`units export [FILE]` writes CSV to standard output, or to FILE (XLSX when it ends in "
        ".xlsx), parents before children."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importer = actions.add_parser("import", help="Import units from a CSV or XLSX file.")
        importer.add_argument("file", type=Path)
        importer.add_argument(
            "--skip-bad",
            metavar="BADFILE",
            type=Path,
            help="Import the good rows; write the bad ones to BADFILE (.csv or .xlsx).",
        )
        importer.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and print what would change; write nothing to the database.",
        )
        exporter = actions.add_parser("export", help="Export every unit as CSV or XLSX.")
        exporter.add_argument("file", nargs="?", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["file"], options["skip_bad"], options["dry_run"])
        else:
            self._export(options["file"])

    def _import(self, source: Path, bad_file: Path | None, dry_run: bool) -> None:
        if not source.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": source})
        with ExitStack() as stack:
            progress: Progress | None = None
            if self.stdout.isatty():
                progress = self._progress_bar(stack)

            try:
                result = units_import(
                    source=source,
                    skip_bad=bad_file is not None,
                    dry_run=dry_run,
                    progress=progress,
                )
            except ImportRefused as exc:
                self._print_errors(exc.result)
                raise CommandError(
                    _("Nothing was imported: %(count)s rows have errors (%(summary)s).")
                    % {"count": exc.result.bad, "summary": exc.result.summary()}
                ) from exc
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
        self._print_errors(result)
        if bad_file is not None and result.bad:
            bad_rows_write(result=result, target=bad_file)
            self.stderr.write(_("The bad rows are in %(file)s.") % {"file": bad_file}, ending="\n")
        self.stdout.write(result.summary())
        if dry_run and result.errors and bad_file is None:
            raise CommandError(_("Some rows have errors; nothing would be imported."))

    def _progress_bar(self, stack: ExitStack) -> Progress:
        from rich.progress import Progress as Bar

        bar = stack.enter_context(Bar(transient=True))
        task = bar.add_task(_("Importing units"), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return advance

    def _print_errors(self, result: ImportResult) -> None:
        for error in result.errors[:_ERRORS_SHOWN]:
            self.stderr.write(str(error))
        hidden = len(result.errors) - _ERRORS_SHOWN
        if hidden > 0:
            self.stderr.write(
                _("…and %(count)s more errors; use --skip-bad FILE to get every bad row.")
                % {"count": hidden}
            )

    def _export(self, target: Path | None) -> None:
        export = units_export(filename=str(target) if target else "")
        if target is None:
            try:
                csv_write(export.rows, self.stdout)
            except BrokenPipeError:
                # The reader stopped early (`| head`): not an error. Point stdout at devnull so
                # that Python's own flush at exit does not complain again.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            finally:
                export.rows.close()
            return
        if target.suffix.lower() == ".xlsx":
            xlsx_write(export.rows, target)
        else:
            with open(target, "w", encoding="utf-8-sig", newline="") as handle:
                csv_write(export.rows, handle)
        self.stderr.write(
            _("%(count)s units written to %(file)s.") % {"count": export.count, "file": target}
        )
