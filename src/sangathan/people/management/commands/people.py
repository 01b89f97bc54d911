from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "search":
            self._search(options)
        elif action == "rekey":
            self._rekey(options)

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
