"""``sangathan remind``: every reminder that is due, in one go (for cron on a server)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sangathan.core.scheduler import run_due_jobs


class Command(BaseCommand):
    help = (
        "Send every reminder that is due: requisitions of names, meetings and action items, "
        "relief duties. Each is sent once however often this runs: run it from cron every 10 "
        "minutes. `sangathan serve` already does this by itself unless given --no-reminders."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = run_due_jobs()
        for line in result.done:
            self.stdout.write(line)
        if result.failed:
            raise CommandError(
                _("These reminders failed (see the log): %(jobs)s")
                % {"jobs": ", ".join(result.failed)}
            )
