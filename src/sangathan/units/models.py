"""Levels, the unit tree, post types and appointments."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

if TYPE_CHECKING:
    # treebeard ships no type information; mypy sees an abstract model with its path fields.
    class _TreeNode(models.Model):
        path = models.CharField(max_length=255, unique=True)
        depth = models.PositiveIntegerField()
        numchild = models.PositiveIntegerField(default=0)
        steplen: ClassVar[int]

        class Meta:
            abstract = True
else:
    _TreeNode = MP_Node


def bilingual(hi: str, en: str) -> str:
    """The name in the active language, falling back to the other script."""
    if translation.get_language() == "en":
        return en or hi
    return hi or en


class Level(models.Model):  # type: ignore[django-manager-missing]
    """A layer of the tree (प्रदेश, जिला, मंडल, बूथ...). ``depth`` 1 is the top."""

    depth = models.PositiveSmallIntegerField(_("depth"), unique=True)
    name_hi = models.CharField(_("Hindi name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        ordering = ["depth"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self.name_hi, self.name_en)


class Unit(_TreeNode):
    """One node of the organisation. The materialized ``path`` makes every subtree an
    indexed prefix match. Children are appended (no ``node_order_by``) so adding a unit never
    rewrites its siblings' paths, which fact tables copy."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="units")
    name_hi = models.CharField(_("Hindi name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    code = models.CharField(
        _("official code"),
        max_length=50,
        null=True,
        blank=True,
        unique=True,
        help_text=_("ECI booth number, LGD code or your own code; unique when given."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    if TYPE_CHECKING:
        objects: ClassVar[Any]

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            models.Index(fields=["level", "path"], name="unit_level_path"),
            models.Index(fields=["name_hi"], name="unit_name_hi"),
            models.Index(fields=["name_en"], name="unit_name_en"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self.name_hi, self.name_en)


class PostType(models.Model):
    """A post that units of one level have, with a number of seats per unit."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="post_types")
    code = models.SlugField(_("code"), max_length=50)
    name_hi = models.CharField(_("Hindi name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    seats = models.PositiveSmallIntegerField(_("seats per unit"), default=1)
    min_women = models.PositiveSmallIntegerField(
        _("at least this many women"),
        default=0,
        help_text=_("Reservation rule: of the seats, at least this many are held by women."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["level__depth", "sort_order", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="posttype_code_per_level"),
            models.CheckConstraint(
                condition=Q(min_women__lte=models.F("seats")), name="posttype_min_women_le_seats"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="posttype_seats_ge_1"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self.name_hi, self.name_en)


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def active(self, on: date | None = None) -> AppointmentQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=day), start_date__lte=day)


class Appointment(models.Model):
    """A person in a post in a unit. Ending one sets ``end_date``; nothing is deleted, so the
    history of who held what stays."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="appointments"
    )
    post_type = models.ForeignKey(PostType, on_delete=models.PROTECT, related_name="appointments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="appointments")
    # Copy of unit.path: roll-ups over a subtree filter on this without joining the tree.
    unit_path = models.CharField(max_length=255, db_index=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "post_type", "unit"],
                condition=Q(end_date__isnull=True),
                name="appointment_one_open_per_person_post_unit",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="appointment_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["post_type", "unit_path"], name="appt_post_path")]

    def __str__(self) -> str:
        return f"{self.person} · {self.post_type} · {self.unit}"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date > today)
