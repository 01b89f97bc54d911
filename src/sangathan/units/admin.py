"""Read-only admin views of the tree: moves and appointments go through the services (they
re-stamp fact paths and audit), never through the admin's generic forms."""

from __future__ import annotations

from django.contrib import admin

from sangathan.core.admin import ReadOnlyAdmin
from sangathan.units.models import Appointment, Level, PostType, Unit


@admin.register(Level)
class LevelAdmin(ReadOnlyAdmin):
    list_display = ("depth", "name_hi", "name_en")


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("name_hi", "name_en", "code", "level", "depth", "numchild")
    list_filter = ("level",)
    search_fields = ("name_hi", "name_en", "code")
    list_select_related = ("level",)


@admin.register(PostType)
class PostTypeAdmin(ReadOnlyAdmin):
    list_display = ("name_hi", "name_en", "level", "seats", "min_women", "is_active")
    list_filter = ("level", "is_active")


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ("person", "post_type", "unit", "start_date", "end_date")
    list_select_related = ("person", "post_type", "unit")
    search_fields = ("person__name", "unit__name_hi", "unit__code")
    raw_id_fields = ("person", "unit")
