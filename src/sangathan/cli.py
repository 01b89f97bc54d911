"""The ``sangathan`` command: Django's management commands with a short, curated help."""

from __future__ import annotations

import os
import sys

# Django's own commands worth listing; ours are found by their module.
_DJANGO_COMMANDS = [
    "migrate",
    "collectstatic",
    "check",
    "shell",
    "changepassword",
    "compilemessages",
    "makemigrations",
]


def _listing() -> str:
    from django.core.management import get_commands, load_command_class

    rows: list[tuple[str, str]] = []
    for name, app in sorted(get_commands().items()):
        if not (app.startswith("sangathan") or name in _DJANGO_COMMANDS):
            continue
        try:
            help_text = load_command_class(app, name).help or ""
        except Exception:  # a broken command must not hide the others
            help_text = ""
        first_line = help_text.strip().splitlines()[0] if help_text.strip() else ""
        # Django's own help runs on for several sentences; the first is the description.
        rows.append((name, first_line.split(". ")[0]))
    width = max(len(name) for name, _ in rows) + 2
    lines = [
        "usage: sangathan COMMAND [options]",
        "",
        "Sangathan: field operations for grassroots organisations.",
        "",
        "commands:",
        *(f"  {name.ljust(width)}{text}" for name, text in rows),
        "",
        "'sangathan COMMAND --help' describes one command.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sangathan.config.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    import django

    django.setup()
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_listing())
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sangathan", *args])


if __name__ == "__main__":
    main()
