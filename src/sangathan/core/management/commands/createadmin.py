from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sangathan.core.models import User
from sangathan.core.services import user_create, user_set_password


class Command(BaseCommand):
    help = "Create an administrator of the whole organisation (or reset their password)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--password", help="Password; asked for when not given.")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or getpass.getpass("Password: ")
        if not password:
            raise CommandError("A password is needed.")
        existing = User.objects.filter(username=options["username"]).first()
        try:
            if existing is not None:
                user_set_password(user=existing, password=password)
                existing.is_superuser = existing.is_staff = True
                existing.save(update_fields=["is_superuser", "is_staff"])
                self.stdout.write(f"Password of administrator {existing.username} reset.")
                return
            user = user_create(username=options["username"], password=password, is_superuser=True)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Administrator {user.username} created.")
