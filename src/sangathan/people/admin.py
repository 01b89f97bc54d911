"""Read-only: people are added and changed through the services, which validate and audit."""

from __future__ import annotations

from django.contrib import admin

from sangathan.core.admin import ReadOnlyAdmin
from sangathan.people.models import Person


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("name", "gender", "home_unit", "created_at")
    list_filter = ("gender",)
    search_fields = ("name",)
    raw_id_fields = ("home_unit",)
