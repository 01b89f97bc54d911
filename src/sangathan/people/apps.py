from __future__ import annotations

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "sangathan.people"
    label = "people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import sangathan.people.home  # noqa: F401  (registers the home page section)
        from sangathan.core.facts import register_fact_table
        from sangathan.people.models import Person

        register_fact_table(Person)
