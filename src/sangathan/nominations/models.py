"""Requisitions of names: a higher unit asks lower units for panels, tracks them and selects.

A ``Requisition`` (issued by one unit) holds one ``Ask`` per post it wants names for and one
``Submission`` per addressed unit: that unit's panel, a list of ``Nomination`` rows. A unit that
must answer can first ask its own children (a requisition whose ``answers`` is its submission)
and then copy their names into its panel; ``Nomination.source`` keeps where each name came from.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RequisitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Target(models.TextChoices):
    """Who a requisition is addressed to."""

    CHILDREN = "children", _("The units directly below")
    CHOSEN = "chosen", _("Chosen units")
    LEVEL = "level", _("Every unit of a level below")


class SubmissionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


# The status board shows this beside the stored ones: a deadline passed without an answer.
OVERDUE = "overdue"

# A panel can be changed in these states; submitted and accepted panels are locked.
EDITABLE = (SubmissionStatus.NOT_STARTED, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
# The responding unit has answered (the deadline no longer matters).
ANSWERED = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class ReminderKind(models.TextChoices):
    MANUAL = "manual", _("Sent by hand")
    BEFORE_DEADLINE = "before_deadline", _("Before the deadline")
    OVERDUE = "overdue", _("After the deadline")


class Requisition(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="requisitions_issued"
    )
    # Copy of issuer.path: "requisitions issued inside my subtree" is an indexed prefix filter.
    unit_path = models.CharField(max_length=255, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    instructions_hi = models.TextField(_("instructions in Hindi"), blank=True)
    instructions_en = models.TextField(_("instructions in English"), blank=True)
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequisitionStatus.choices,
        default=RequisitionStatus.DRAFT,
    )
    target = models.CharField(
        _("addressed to"), max_length=10, choices=Target.choices, default=Target.CHILDREN
    )
    target_level = models.ForeignKey(
        "units.Level", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The units chosen by hand (target CHOSEN), kept until the requisition is issued.
    chosen_units = models.ManyToManyField("units.Unit", blank=True, related_name="+")
    # The cascade: this requisition gathers names for the issuer's own panel in a higher one.
    answers = models.ForeignKey(
        "Submission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helper_requisitions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("requisition of names")
        verbose_name_plural = _("requisitions of names")
        constraints = [
            models.CheckConstraint(
                condition=~Q(target="level") | Q(target_level__isnull=False),
                name="requisition_level_target_has_level",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def instructions(self) -> str:
        from sangathan.units.models import bilingual

        return bilingual(self.instructions_hi, self.instructions_en)


class Ask(models.Model):
    """One post a requisition asks names for: how many, in order or not, and who is eligible."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="asks")
    post_type = models.ForeignKey("units.PostType", on_delete=models.PROTECT, related_name="+")
    min_count = models.PositiveSmallIntegerField(_("at least"), default=1)
    max_count = models.PositiveSmallIntegerField(_("at most"), default=1)
    ranked = models.BooleanField(_("in order of preference"), default=False)
    min_women = models.PositiveSmallIntegerField(_("at least this many women"), default=0)
    age_min = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    phone_required = models.BooleanField(_("phone number required"), default=False)
    # Holding an active appointment of one of these posts makes a person ineligible.
    conflicting_posts = models.ManyToManyField("units.PostType", blank=True, related_name="+")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("post asked for")
        verbose_name_plural = _("posts asked for")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_count__lte=F("max_count")) & Q(max_count__gte=1),
                name="ask_min_le_max",
            ),
            models.CheckConstraint(
                condition=Q(min_women__lte=F("max_count")), name="ask_min_women_le_max"
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=F("age_max")),
                name="ask_age_range",
            ),
            models.UniqueConstraint(fields=["requisition", "post_type"], name="ask_one_per_post"),
        ]

    def __str__(self) -> str:
        return f"{self.requisition} · {self.post_type}"

    @property
    def exact(self) -> bool:
        return self.min_count == self.max_count


class Submission(models.Model):
    """One addressed unit's panel. Created for every addressee when the requisition is issued."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NOT_STARTED,
    )
    deadline_override = models.DateTimeField(_("deadline for this unit"), null=True, blank=True)
    late_allowed = models.BooleanField(_("late submission allowed"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(_("reason for returning"), blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # 0 until first submitted; each (re)submission adds one.
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_path"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [
            models.UniqueConstraint(fields=["requisition", "unit"], name="submission_one_per_unit"),
        ]
        indexes = [
            models.Index(fields=["requisition", "status"], name="submission_req_status"),
        ]

    def __str__(self) -> str:
        return f"{self.requisition} · {self.unit}"

    @property
    def deadline(self) -> datetime:
        return self.deadline_override or self.requisition.deadline

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class Nomination(models.Model):
    """One name on a panel, for one post asked for."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="nominations")
    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="nominations")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    # Order within (submission, ask), from 1: the rank when the ask is ranked.
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The lower unit's nomination this one was taken from (the cascade).
    source = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="taken_up"
    )
    # The unit that first proposed the person: kept even if a lower panel later changes.
    proposed_by = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    appointment = models.OneToOneField(
        "units.Appointment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nomination",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ask__sort_order", "ask_id", "position", "id"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "ask", "person"], name="nomination_once_per_panel_post"
            ),
        ]
        indexes = [models.Index(fields=["person"], name="nomination_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.ask.post_type}"


class Reminder(models.Model):
    """A reminder sent to a panel's unit. Automatic kinds are sent once per panel: the
    database refuses a second row."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "kind"],
                condition=~Q(kind="manual"),
                name="reminder_automatic_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} · {self.get_kind_display()}"
