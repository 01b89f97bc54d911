from __future__ import annotations

import json
import os
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sangathan.people.models import Person
from sangathan.people.search import person_search
from sangathan.people.services import people_rekey
from sangathan.units.models import Unit


class Command(BaseCommand):
    help = "Search the people registry, recompute match keys, import or export people."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        search = actions.add_parser(
            "search", help="Find people by name (either script), phone or voter ID."
        )
        search.add_argument("query")
        search.add_argument("--unit", help="Search only under the unit with this code.")
        search.add_argument("--limit", type=int, default=20)
        search.add_argument("--json", action="store_true", help="Print a JSON list.")
        rekey = actions.add_parser(
            "rekey", help="Recompute match keys made by older rules (after an upgrade)."
        )
        rekey.add_argument("--all", action="store_true", help="Rekey everyone, not only old keys.")
        _import_arguments(actions)
        _export_arguments(actions)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "search":
            self._search(options)
        elif action == "rekey":
            self._rekey(options)
        elif action == "import":
            self._import(options)
        elif action == "export":
            self._export(options)

    def _search(self, options: dict[str, Any]) -> None:
        within = None
        if options["unit"]:
            within = Unit.objects.filter(code=options["unit"]).first()
            if within is None:
                raise CommandError(f"No unit has the code {options['unit']}.")
        hits = person_search(None, options["query"], within=within, limit=options["limit"])
        rows = [
            {
                "id": str(hit.person.uuid),
                "name": hit.person.name,
                "name_latin": hit.person.name_latin,
                "unit": hit.person.home_unit.code if hit.person.home_unit else None,
                "unit_name": hit.person.home_unit.name_hi if hit.person.home_unit else None,
                "score": hit.score,
            }
            for hit in hits
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['score']:5.1f}  {row['name']}  ({row['unit'] or '-'})")
        self.stdout.write(f"{len(rows)} found.")

    def _rekey(self, options: dict[str, Any]) -> None:
        total = Person.objects.count()
        if sys.stdout.isatty():
            from rich.progress import Progress

            with Progress() as bar:
                task = bar.add_task("rekey", total=total)
                done = people_rekey(
                    everyone=options["all"], progress=lambda n: bar.advance(task, n)
                )
        else:
            done = people_rekey(everyone=options["all"])
        self.stdout.write(f"Rekeyed {done} of {total} people.")

    # --- import and export ------------------------------------------------------------------

    def _import(self, options: dict[str, Any]) -> None:
        from sangathan.people.importing import (
            ImportFileError,
            ImportRefused,
            people_import,
            rows_estimate,
        )

        source: Path = options["file"]
        if not source.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": source})
        mapping = {}
        for pair in options["map"] or []:
            old, sep, new = pair.partition("=")
            if not sep:
                raise CommandError(_("Write a mapping as old=new, e.g. --map Mobile=phone."))
            mapping[old] = new
        krutidev: list[str] | None = None
        if options["no_krutidev"]:
            krutidev = []
        elif options["krutidev"]:
            krutidev = options["krutidev"]
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("No unit has the code %(code)s.") % {"code": options["unit"]})
        bad_file: Path | None = options["skip_bad"]
        started = time.perf_counter()
        with ExitStack() as stack:
            progress = None
            if sys.stdout.isatty() and not options["no_progress"]:
                from rich.progress import Progress as Bar

                bar = stack.enter_context(Bar(transient=True))
                task = bar.add_task(_("Importing people"), total=rows_estimate(source, source.name))

                def progress(done: int) -> None:
                    bar.update(task, completed=done)

            try:
                result = people_import(
                    source=source,
                    mapping=mapping,
                    unit=unit,
                    krutidev=krutidev,
                    skip_bad=bad_file is not None,
                    dry_run=options["dry_run"],
                    bad_rows=bad_file,
                    check_duplicates=not options["no_duplicate_check"],
                    progress=progress,
                )
            except ImportRefused as exc:
                self._print_import_errors(exc.result)
                raise CommandError(
                    _("Nothing was imported: %(count)s rows have errors (%(summary)s).")
                    % {"count": exc.result.bad, "summary": exc.result.summary()}
                ) from exc
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
        self._print_import_errors(result)
        if result.krutidev:
            self.stderr.write(
                _("Converted from Kruti Dev: %(columns)s.")
                % {"columns": ", ".join(result.krutidev)}
            )
        if bad_file is not None and result.bad:
            self.stderr.write(_("The bad rows are in %(file)s.") % {"file": bad_file})
        seconds = time.perf_counter() - started
        self.stdout.write(
            _("%(file)s: %(rows)s rows in %(seconds).1f s; %(summary)s.")
            % {
                "file": source.name,
                "rows": result.rows,
                "seconds": seconds,
                "summary": result.summary(),
            }
        )
        if options["dry_run"] and result.bad and bad_file is None:
            raise CommandError(_("Some rows have errors; nothing would be imported."))

    def _print_import_errors(self, result: Any) -> None:
        for error in result.errors[:_ERRORS_SHOWN]:
            self.stderr.write(str(error))
        hidden = result.errors_total - min(len(result.errors), _ERRORS_SHOWN)
        if hidden > 0:
            self.stderr.write(
                _("…and %(count)s more errors; use --skip-bad FILE to get every bad row.")
                % {"count": hidden}
            )

    def _export(self, options: dict[str, Any]) -> None:
        from sangathan.people.exporting import csv_write, export_write, people_export

        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("No unit has the code %(code)s.") % {"code": options["unit"]})
        target: Path | None = options["file"]
        export = people_export(unit=unit, filename=str(target) if target else "")
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
        export_write(export.rows, target)
        self.stderr.write(
            _("%(count)s people written to %(file)s.") % {"count": export.count, "file": target}
        )


# Enough to fix a file by; the full list goes to the --skip-bad file.
_ERRORS_SHOWN = 200


def _import_arguments(actions: Any) -> None:
    importer = actions.add_parser(
        "import",
        help="Import people and households from a CSV or XLSX file.",
        description=(
            "Columns (header row first): name, relation_name, gender, birth_year (or age), "
            "phone, unit_code, household_code, locality, tags, voter_id; also relation_kind, "
            "phone2, address, ration_card, aadhaar_last4. Common Hindi and English headers "
            "(नाम, पिता का नाम, मोबाइल, बूथ, उम्र, EPIC ...) are recognised; map others with "
            "--map. Nothing is imported while any row is bad, unless --skip-bad. A person "
            "already in the registry (same voter ID, or same unit, name, relation name and "
            "birth year) is not added again: blanks in their record are filled."
        ),
    )
    importer.add_argument("file", type=Path)
    importer.add_argument(
        "--map",
        action="append",
        metavar="OLD=NEW",
        help="Read the column headed OLD as the canonical column NEW (NEW empty: leave it out).",
    )
    importer.add_argument(
        "--dry-run",
        action="store_true",
        help="Check the file and print what would change; write nothing to the database.",
    )
    importer.add_argument(
        "--skip-bad",
        metavar="BADFILE",
        type=Path,
        help="Import the good rows; write the bad ones to BADFILE (.csv or .xlsx).",
    )
    importer.add_argument("--unit", help="The unit (code) of rows that give no unit_code.")
    kruti = importer.add_mutually_exclusive_group()
    kruti.add_argument(
        "--krutidev",
        action="append",
        metavar="COLUMN",
        help="Convert COLUMN from Kruti Dev (repeat for more); no detection then.",
    )
    kruti.add_argument(
        "--no-krutidev", action="store_true", help="Convert no column from Kruti Dev."
    )
    importer.add_argument(
        "--no-duplicate-check",
        action="store_true",
        help="Do not compare new people with the registry for the duplicate review queue.",
    )
    importer.add_argument("--no-progress", action="store_true", help="No progress bar.")


def _export_arguments(actions: Any) -> None:
    exporter = actions.add_parser(
        "export", help="Export people as CSV (standard output or FILE) or XLSX (FILE.xlsx)."
    )
    exporter.add_argument("file", nargs="?", type=Path)
    exporter.add_argument("--unit", help="Only the people under the unit with this code.")
