from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Sangathan core"
    name = "sangathan.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sangathan.core.facts import register_fact_table
        from sangathan.core.models import AuditEntry

        register_fact_table(AuditEntry)
