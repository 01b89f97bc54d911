from __future__ import annotations

import time
from contextlib import ExitStack
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sangathan.demo import DEFAULT_PASSWORD, DemoError, demo_build, demo_size


class Command(BaseCommand):
    help = (
        "Load the demo organisation (कानपुर महानगर उत्तर, about 300 booths) and its five logins.\n\n"
        "Safe to run again: what is already there is left as it is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            help=(
                f'Password of the five demo logins (default "{DEFAULT_PASSWORD}"). Given on a '
                "later run, it replaces the logins' password."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password_given = options["password"] is not None
        password = options["password"] if password_given else DEFAULT_PASSWORD
        if not password:
            raise CommandError("The password cannot be empty.")
        started = time.monotonic()
        with ExitStack() as stack:
            advance = None
            if self.stdout.isatty():
                # A bar only for a person watching; logs and tests get the summary alone.
                from rich.progress import Progress

                progress = stack.enter_context(Progress(transient=True))
                task = progress.add_task("Demo organisation", total=demo_size())

                def advance(n: int) -> None:
                    progress.advance(task, n)

            try:
                result = demo_build(
                    password=password, password_given=password_given, advance=advance
                )
            except DemoError as exc:
                raise CommandError(str(exc)) from exc
        seconds = time.monotonic() - started

        for note in result.skipped:
            self.stderr.write(f"Left as it was: {note}")
        self.stdout.write("")
        self.stdout.write("Demo logins (http://127.0.0.1:8000/login/):")
        # The unit goes last: Devanagari's combining marks would throw a padded column off.
        rows = [("username", "role", "password", "unit")] + [
            (
                login.username,
                login.role,
                login.password,
                f"{login.unit.name_hi} ({login.unit.name_en})",
            )
            for login in result.logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [row[i].ljust(widths[i]) for i in range(3)]
            self.stdout.write(f"  {cells[0]}  {cells[1]}  {cells[2]}  {row[3]}")
        self.stdout.write("")
        if result.changed:
            created = dict(result.created)
            passwords = created.pop("passwords", 0)
            made = ", ".join(f"{n} {what}" for what, n in sorted(created.items()) if n)
            parts = [
                f"{made} created" if made else "",
                f"{passwords} passwords set" if passwords else "",
            ]
            summary = "; ".join(part for part in parts if part)
            self.stdout.write(f"Demo organisation loaded: {summary} in {seconds:.1f} s.")
        else:
            self.stdout.write(
                f"Demo organisation already in place: nothing changed ({seconds:.1f} s)."
            )
