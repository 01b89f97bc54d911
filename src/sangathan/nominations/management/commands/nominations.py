"""``sangathan nominations remind``: the automatic reminders of requisitions of names."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sangathan.nominations.reminders import reminders_send_due


class Command(BaseCommand):
    help = (
        "Requisitions of names: `nominations remind` sends the automatic reminders.\n\n"
        "Units that have not sent their panel are reminded once when the deadline is less "
        "than --hours hours away (24 by default) and once after it has passed. Running it "
        "again sends nothing twice; run it from cron every hour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        remind = actions.add_parser("remind", help="Send the reminders that are due.")
        remind.add_argument("--hours", type=int, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        result = reminders_send_due(hours_before=options["hours"])
        self.stdout.write(
            _("Reminders sent: %(soon)s before the deadline, %(late)s after it.")
            % {"soon": result.before_deadline, "late": result.overdue}
        )
