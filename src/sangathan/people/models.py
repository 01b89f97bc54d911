"""People. The people issue extends this record (relation name, household, match keys,
consent, ids); here it carries what posts and accounts need."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "O", _("Other")
    UNKNOWN = "U", _("Not known")


class Person(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # As typed (NFC, zero-width characters stripped), in Devanagari or Latin.
    name = models.CharField(_("name"), max_length=200)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, default=Gender.UNKNOWN
    )
    # E.164 (+919839012345); validated with phonenumbers, India by default.
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    home_unit = models.ForeignKey(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("home unit"),
    )
    # Copy of home_unit.path so that "people in this subtree" is an indexed prefix filter.
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["name"], name="person_name")]

    def __str__(self) -> str:
        return self.name
