"""``sangathan meetings remind``: the reminders of meetings to come."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sangathan.meetings.reminders import reminders_send_due


class Command(BaseCommand):
    help = (
        "Meetings: `meetings remind` sends the reminders that are due.\n\n"
        "Invitees with an account (and the chair) are reminded once the day before a meeting "
        "and once an hour before it; owners of open action items once the day before they are "
        "due and once when overdue. Running it again sends nothing twice; run it from cron "
        "every 10 to 15 minutes. Meetings already started or cancelled are never reminded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("remind", help="Send the meeting reminders that are due.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = reminders_send_due()
        self.stdout.write(
            _(
                "Reminders sent: %(day)s meetings tomorrow, %(hour)s within the hour; "
                "%(due)s action items due tomorrow, %(late)s overdue."
            )
            % {
                "day": result.day_before,
                "hour": result.hour_before,
                "due": result.actions_due,
                "late": result.actions_overdue,
            }
        )
