from __future__ import annotations

from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "sangathan.units"
    label = "units"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sangathan.core.facts import register_fact_table
        from sangathan.units.models import Appointment

        register_fact_table(Appointment)
