from __future__ import annotations

from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "sangathan.relief"
    label = "relief"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import sangathan.relief.home  # (home and unit page sections)
        import sangathan.relief.notifications  # noqa: F401  (registers the kinds)
        from sangathan.core.facts import register_fact_table
        from sangathan.relief.models import (
            Beneficiary,
            Distribution,
            DistributionPoint,
            Drive,
            StockEntry,
            Store,
            Transfer,
        )

        for model in (
            Store,
            StockEntry,
            Transfer,
            Drive,
            DistributionPoint,
            Beneficiary,
            Distribution,
        ):
            register_fact_table(model)
