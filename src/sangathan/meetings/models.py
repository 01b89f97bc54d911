"""Meetings: agenda, invitees and attendance, statements, decisions with tracked action items,
and the press note.

A ``Meeting`` belongs to one unit. Its people are ``Attendance`` rows (one per person per
meeting: invited or not, RSVP, present or not); names pasted from a report that match nobody
and that the user chose to keep are ``UnmatchedAttendee`` rows, so nothing typed is lost.
``Statement`` rows are what someone said ("जिला अध्यक्ष ... ने बताया कि ..."), ``Decision`` rows
what was decided; an ``ActionItem`` is a decision's follow-up with owners and a due date, and
may point at the work it starts (``ActionLink``). The ``PressNote`` is generated from the
public parts of the record, edited, then made final. Recurring meetings come from a
``MeetingSeries``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    COMMITTEE = "committee", _("Working committee meeting")
    MANDAL = "mandal", _("Mandal meeting")
    REVIEW = "review", _("Review meeting")
    OTHER = "other", _("Meeting")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", _("Every month on a day")
    WEEKLY = "weekly", _("Every week on a weekday")


class InvitedVia(models.TextChoices):
    PERSON = "person", _("Invited by name")
    POST = "post", _("Invited by post")
    SERIES = "series", _("Invited with the series")
    # Not invited: added when attendance was marked or pasted.
    WALK_IN = "walk_in", _("Came without an invitation")


class Rsvp(models.TextChoices):
    NONE = "none", _("No answer")
    YES = "yes", _("Coming")
    NO = "no", _("Not coming")
    MAYBE = "maybe", _("Maybe")


class Presence(models.TextChoices):
    UNKNOWN = "unknown", _("Not marked")
    PRESENT = "present", _("Present")
    LATE = "late", _("Came late")
    ABSENT = "absent", _("Absent")
    ON_LEAVE = "on_leave", _("On leave")


# Counted as attending in the numbers and the press note's closing line.
ATTENDED = (Presence.PRESENT, Presence.LATE)


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class LinkKind(models.TextChoices):
    """The kinds of work an action item can start; the target is named by its uuid."""

    REQUISITION = "requisition", _("Requisition of names")
    RELIEF_DRIVE = "relief_drive", _("Relief drive")
    CAMPAIGN = "campaign", _("Campaign")
    MEETING = "meeting", _("Meeting")


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "day_before", _("The day before")
    HOUR_BEFORE = "hour_before", _("An hour before")


class ActionReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due tomorrow")
    OVERDUE = "overdue", _("Past its due date")


class MeetingSeries(models.Model):
    """A recurring meeting (the monthly review): the rule, and what each occurrence copies."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=MeetingKind.choices, default=MeetingKind.REVIEW
    )
    recurrence = models.CharField(_("repeats"), max_length=8, choices=Recurrence.choices)
    # Monthly: day of the month, 1-28 (every month has it). Weekly: 0 Monday .. 6 Sunday.
    day = models.PositiveSmallIntegerField(_("day"))
    start_time = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=60)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    place = models.CharField(_("town for the dateline"), max_length=100, blank=True)
    chair = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [
            models.CheckConstraint(
                condition=(Q(recurrence="monthly") & Q(day__gte=1) & Q(day__lte=28))
                | (Q(recurrence="weekly") & Q(day__lte=6)),
                name="meetingseries_day_fits_rule",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="meetings")
    # Copy of unit.path: "meetings in this subtree" is an indexed prefix filter.
    unit_path = models.CharField(max_length=255, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=MeetingKind.choices, default=MeetingKind.OTHER
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    # The press note's dateline ("कानपुर।"); the unit's name when empty.
    place = models.CharField(_("town for the dateline"), max_length=100, blank=True)
    # Why the meeting was called, as the press note opens: "आगामी विधानसभा चुनाव को देखते हुए".
    occasion = models.CharField(_("occasion"), max_length=300, blank=True)
    chair = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
        verbose_name=_("chair"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    # What the owner lets into the press note beyond the public items themselves.
    venue_public = models.BooleanField(_("venue in the press note"), default=True)
    attendees_public = models.BooleanField(_("attendees in the press note"), default=True)
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    # The series' date this meeting stands for: one meeting per date, however often scheduled.
    occurrence = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence"],
                condition=Q(series__isnull=False),
                name="meeting_one_per_series_date",
            ),
        ]
        indexes = [models.Index(fields=["unit_path", "starts_at"], name="meeting_path_start")]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=300)
    minutes = models.TextField(_("minutes"), blank=True)
    public = models.BooleanField(_("in the press note"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    """What someone said at the meeting, attributed in the press note with their post."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="statements")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    speaker = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    # The post as the note names it ("जिला अध्यक्ष"); empty: the speaker's current post here.
    speaker_post = models.CharField(_("speaker's post"), max_length=100, blank=True)
    text = models.TextField(_("what was said"))
    public = models.BooleanField(_("in the press note"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.text[:60]


class Attendance(models.Model):
    """One person at one meeting: invited or not, their answer, and whether they came."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="meeting_attendances"
    )
    # The meeting's unit and path (not the person's): roll-ups count per meeting unit.
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255)
    invited = models.BooleanField(_("invited"), default=False)
    invited_via = models.CharField(
        _("how invited"), max_length=8, choices=InvitedVia.choices, default=InvitedVia.PERSON
    )
    invited_post = models.ForeignKey(
        "units.PostType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rsvp = models.CharField(_("answer"), max_length=6, choices=Rsvp.choices, default=Rsvp.NONE)
    presence = models.CharField(
        _("attendance"), max_length=10, choices=Presence.choices, default=Presence.UNKNOWN
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once"),
        ]
        indexes = [
            models.Index(fields=["unit_path", "presence"], name="attendance_path_presence"),
            models.Index(fields=["person", "presence"], name="attendance_person_presence"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.meeting}"


class UnmatchedAttendee(models.Model):
    """A pasted name that matched nobody, kept as text so the list loses no one. Resolving it
    to a person later turns it into an Attendance row."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="unmatched")
    name = models.CharField(_("name as written"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("name not in the registry")
        verbose_name_plural = _("names not in the registry")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="unmatched_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.TextField(_("decision"))
    public = models.BooleanField(_("in the press note"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:60]


class ActionItem(models.Model):
    """A decision's follow-up: what, who (at least one owner), by when, and where it stands."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="action_items")
    # Copies of the decision's meeting and unit: the open items of a unit or a meeting are
    # read without joins (fact table, re-stamped when the unit moves).
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255)
    text = models.TextField(_("what is to be done"))
    owners = models.ManyToManyField(
        "people.Person", related_name="action_items", verbose_name=_("owners")
    )
    due_date = models.DateField(_("due by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [F("due_date").asc(nulls_last=True), "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [
            models.Index(fields=["unit_path", "status", "due_date"], name="actionitem_path_open"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ActionLink(models.Model):
    """The work an action item started, named by kind and uuid (the target may live in an
    app that is added later; nothing here depends on its tables)."""

    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind of work"), max_length=16, choices=LinkKind.choices)
    target = models.UUIDField(_("id of the work"))
    label = models.CharField(_("label"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_item", "kind", "target"], name="actionlink_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target}"


class PressNote(models.Model):
    """The meeting's press note in Hindi and English: generated as a draft, edited, made
    final (then locked until reopened)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="press_note")
    headline_hi = models.CharField(_("headline in Hindi"), max_length=300)
    text_hi = models.TextField(_("text in Hindi"))
    headline_en = models.CharField(_("headline in English"), max_length=300, blank=True)
    text_en = models.TextField(_("text in English"), blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=NoteStatus.choices, default=NoteStatus.DRAFT
    )
    generated_at = models.DateTimeField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("press note")
        verbose_name_plural = _("press notes")

    def __str__(self) -> str:
        return self.headline_hi


class MeetingReminder(models.Model):
    """The reminder log: each automatic reminder goes out once per meeting (the database
    refuses a second row), so two runs of the command at once still send once."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="meetingreminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.get_kind_display()}"


class ActionReminder(models.Model):
    """The action items' reminder log: once when due tomorrow, once when overdue."""

    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ActionReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action_item", "kind"], name="actionreminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.action_item} · {self.get_kind_display()}"
