from __future__ import annotations

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "sangathan.meetings"
    label = "meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import sangathan.meetings.home  # (home and person sections, audit labels)
        import sangathan.meetings.notifications  # noqa: F401  (registers notification kinds)
        from sangathan.core.facts import register_fact_table
        from sangathan.meetings.models import ActionItem, Attendance, Meeting, MeetingSeries

        for model in (Meeting, MeetingSeries, Attendance, ActionItem):
            register_fact_table(model)
