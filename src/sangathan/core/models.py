"""Accounts, grants, the audit log, notifications and API tokens."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

import sangathan.core.lookups  # noqa: F401  (registers path__subtree)


class Role(models.TextChoices):
    """What a grant lets its holder do inside a subtree. Ordered: each includes the one before."""

    VIEWER = "viewer", _("Viewer")
    WORKER = "worker", _("Worker")
    EDITOR = "editor", _("Editor")
    ADMIN = "admin", _("Admin")

    @classmethod
    def rank(cls, role: str) -> int:
        return [cls.VIEWER, cls.WORKER, cls.EDITOR, cls.ADMIN].index(cls(role))

    @classmethod
    def at_least(cls, role: str) -> list[str]:
        """The roles that include ``role``, for a database filter."""
        return [r.value for r in cls if cls.rank(r) >= cls.rank(role)]


class User(AbstractUser):
    """A login. Everything it may see comes from its grants, never from ``is_staff``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.OneToOneField(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
        verbose_name=_("person"),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("The interface language this user chose; empty means Hindi."),
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        if self.person_id is not None and self.person is not None:
            return f"{self.person.name} ({self.username})"
        return self.username


class Grant(models.Model):
    """A role over one unit's subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="grant_one_per_user_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class AuditEntry(models.Model):
    """One write made through a service: who, where, what, to which record, which fields."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The unit's path at the time: an admin's subtree filter stays an indexed prefix match.
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class Notification(models.Model):
    """A message in a user's in-app inbox."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class ApiToken(models.Model):
    """A device's bearer token. Only a hash is kept; the token is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"


def describe(obj: Any) -> tuple[str, str, str]:
    """The (type, id, text) an audit entry stores for a target."""
    if obj is None:
        return "", "", ""
    meta = obj._meta
    ident = getattr(obj, "uuid", None) or getattr(obj, "pk", "")
    return f"{meta.app_label}.{meta.model_name}", str(ident), str(obj)[:255]
