"""``sangathan relief check [--fix]``: compare every stock balance with its ledger.
``sangathan relief remind``: remind volunteers of their duty tomorrow."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sangathan.relief.ledger import balances_rebuild, ledger_drift
from sangathan.relief.reminders import duty_reminders_send_due


class Command(BaseCommand):
    help = (
        "Relief stock: `relief check` reports every (store, item, batch) whose balance differs "
        "from the sum of its ledger entries; with --fix the balances are rebuilt from the "
        "ledger (audited). Exits with an error when drift is found and not fixed.\n\n"
        "`relief remind` reminds each volunteer with an account of their duty tomorrow, once "
        "per duty, from 8 in the morning of the day before; running it again sends nothing "
        "twice. Run it from cron every hour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser("check", help="Compare balances with the ledger.")
        check.add_argument("--fix", action="store_true", help="Rebuild the balances.")
        actions.add_parser("remind", help="Remind volunteers of their duty tomorrow.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            count = duty_reminders_send_due()
            self.stdout.write(_("Duty reminders sent: %(count)s.") % {"count": count})
            return
        drift = balances_rebuild() if options["fix"] else ledger_drift()
        for d in drift:
            self.stdout.write(
                _(
                    "Store %(store)s, item %(item)s, batch %(batch)s: ledger %(ledger)s, "
                    "balance %(balance)s."
                )
                % {
                    "store": d.store_id,
                    "item": d.item_id,
                    "batch": d.batch or "-",
                    "ledger": d.ledger,
                    "balance": d.balance,
                }
            )
        if not drift:
            self.stdout.write(_("Every balance matches its ledger."))
        elif options["fix"]:
            self.stdout.write(
                _("Balances rebuilt from the ledger: %(count)s.") % {"count": len(drift)}
            )
        else:
            raise CommandError(
                _("Balances differ from the ledger: %(count)s.") % {"count": len(drift)}
            )
