from __future__ import annotations

from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "sangathan.nominations"
    label = "nominations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import sangathan.nominations.home
        import sangathan.nominations.notifications
        import sangathan.nominations.sections  # noqa: F401  (person page block)
        from sangathan.core.facts import register_fact_table
        from sangathan.nominations.models import Requisition, Submission

        register_fact_table(Requisition)
        register_fact_table(Submission)
