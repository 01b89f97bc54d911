"""``sangathan levels``: show or set the levels of the unit tree."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count
from django.utils.translation import gettext as _

from sangathan.lib.text import indian_grouping
from sangathan.units.models import Level
from sangathan.units.services import levels_set, parse_level_spec


class Command(BaseCommand):
    help = (
        "Show or set the levels of the unit tree (प्रदेश, जिला, मंडल, बूथ...).\n\n"
        '`levels set "प्रदेश:State" "जिला:District" ...` gives one HINDI:ENGLISH argument per '
        "level, top first. An existing level, recognised by either name, keeps its units; the "
        "change is refused, with the reasons, when existing units would no longer fit. "
        "`levels list` prints the levels."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="Print the levels, top first, with their unit counts.")
        set_parser = actions.add_parser("set", help="Replace the levels, top first.")
        set_parser.add_argument("specs", nargs="+", metavar="HINDI:ENGLISH")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "set":
            self._set(options["specs"])
        self._list()

    def _set(self, specs: list[str]) -> None:
        try:
            levels = [parse_level_spec(spec) for spec in specs]
            levels_set(levels=levels)
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(_("The levels were not changed.")) from exc
        self.stdout.write(_("The levels are set."))

    def _list(self) -> None:
        levels = Level.objects.annotate(unit_count=Count("units")).order_by("depth")
        for level in levels:
            self.stdout.write(
                _("%(depth)s. %(hindi)s: %(english)s (%(count)s units)")
                % {
                    "depth": level.depth,
                    "hindi": level.name_hi,
                    "english": level.name_en,
                    "count": indian_grouping(level.unit_count),
                }
            )
        if not levels:
            self.stdout.write(_("No levels are set yet."))
