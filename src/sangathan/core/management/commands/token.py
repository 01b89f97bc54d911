from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sangathan.core.models import ApiToken, User
from sangathan.core.services import token_create, token_revoke


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    help = "Create, list or revoke API tokens for devices (Authorization: Bearer <token>)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser(
            "create",
            help="Make a new token for USERNAME and print it once.",
            description="Make a new token for USERNAME and print it once; only its hash is kept.",
        )
        create.add_argument("username")
        create.add_argument(
            "--name", default="", help='What the token is for, e.g. "Anil\'s phone".'
        )
        listing = actions.add_parser(
            "list",
            help="List USERNAME's tokens: prefix, name, created, last used.",
            description="List USERNAME's tokens: prefix, name, created, last used, revoked.",
        )
        listing.add_argument("username")
        revoke = actions.add_parser(
            "revoke",
            help="Revoke the token whose prefix is PREFIX.",
            description="Revoke the token whose prefix (shown by 'token list') is PREFIX.",
        )
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = self._user(options["username"])
            token, raw = token_create(user=user, name=options["name"])
            self.stdout.write(raw)
            self.stderr.write(
                f"Token {token.prefix} created for {user.username}. "
                "Keep it now: it cannot be shown again."
            )
        elif action == "list":
            self._list(self._user(options["username"]))
        else:
            self._revoke(options["prefix"])

    def _user(self, username: str) -> User:
        user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            raise CommandError(f"There is no user {username}.")
        return user

    def _list(self, user: User) -> None:
        tokens = list(user.api_tokens.order_by("created_at", "id"))
        rows = [("PREFIX", "NAME", "CREATED", "LAST USED", "REVOKED")] + [
            (
                t.prefix,
                t.name or "-",
                _when(t.created_at),
                _when(t.last_used_at),
                _when(t.revoked_at),
            )
            for t in tokens
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        active = sum(1 for t in tokens if t.revoked_at is None)
        self.stdout.write(f"{len(tokens)} tokens for {user.username}, {active} in use.")

    def _revoke(self, prefix: str) -> None:
        matches = list(ApiToken.objects.select_related("user").filter(prefix=prefix.strip()))
        if not matches:
            raise CommandError(f"There is no token with the prefix {prefix}.")
        if len(matches) > 1:
            raise CommandError(
                f"{len(matches)} tokens have the prefix {prefix}; revoke them from the admin."
            )
        token = matches[0]
        if token.revoked_at is not None:
            self.stdout.write(f"Token {token.prefix} of {token.user.username} was already revoked.")
            return
        token_revoke(token=token)
        self.stdout.write(f"Token {token.prefix} of {token.user.username} revoked.")
