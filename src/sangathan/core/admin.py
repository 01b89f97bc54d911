"""The Django admin, for superusers only.

Why not for staff as well: the admin knows nothing of grants and subtrees. A staff account
given "view person" there would see every person in the state, which the scoped pages (home,
units, accounts, audit log) exist to prevent. So the admin site refuses everyone but
superusers, who see everything anyway, and it is read-mostly: writes that have rules
(grants, appointments, moves) go through the services from our own pages, which audit them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sangathan.core.models import ApiToken, AuditEntry, Grant, Notification, User


def _superuser_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


# The default site asks for ``is_staff``; ours asks for a superuser (see the module docstring).
admin.site.has_permission = _superuser_only  # type: ignore[method-assign]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by services only: the admin may look, never add, change or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class GrantInline(admin.TabularInline):
    model = Grant
    extra = 0
    fields = ("unit", "role", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Superusers may switch an account off here; grants and passwords go through the
    accounts pages so that they are audited."""

    list_display = ("username", "person", "is_active", "is_superuser", "last_login")
    list_filter = ("is_active", "is_superuser")
    search_fields = ("username", "person__name")
    fields = ("username", "person", "is_active", "language", "last_login", "date_joined")
    readonly_fields = ("username", "person", "last_login", "date_joined")
    inlines = [GrantInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ("user", "unit", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "unit__name_hi", "unit__name_en", "unit__code")
    list_select_related = ("user", "unit")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "target_repr", "unit")
    list_filter = ("action",)
    search_fields = ("action", "target_repr", "actor__username")
    list_select_related = ("actor", "unit")
    date_hierarchy = "created_at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "kind", "title", "read_at")
    list_filter = ("kind",)
    search_fields = ("user__username", "title")
    list_select_related = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Only the prefix and a hash are stored; the admin shows the prefix to tell tokens apart."""

    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
    search_fields = ("user__username", "name", "prefix")
    list_select_related = ("user",)
