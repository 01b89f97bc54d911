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

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from sangathan.config.wsgi import application

        host, _, port = str(options["addrport"]).rpartition(":")
        host = host or "127.0.0.1"
        self.stdout.write(f"Sangathan is serving on http://{host}:{port}/ (Ctrl+C stops it)")
        serve(application, host=host, port=int(port), threads=options["threads"])
