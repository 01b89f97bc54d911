from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Sangathan over HTTP (waitress; default 127.0.0.1:8000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="HOST:PORT or PORT to listen on."
        )
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-reminders",
            action="store_true",
            help="Do not send the due reminders every few minutes (when cron runs "
            "`sangathan remind` instead).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from sangathan.config.wsgi import application
        from sangathan.core.scheduler import ReminderThread

        host, _, port = str(options["addrport"]).rpartition(":")
        host = host or "127.0.0.1"
        reminders = None if options["no_reminders"] else ReminderThread()
        if reminders is not None:
            # A laptop has no cron: the reminders go out while the app is being served.
            reminders.start()
        self.stdout.write(f"Sangathan is serving on http://{host}:{port}/ (Ctrl+C stops it)")
        try:
            serve(application, host=host, port=int(port), threads=options["threads"])
        finally:
            if reminders is not None:
                reminders.stop()
