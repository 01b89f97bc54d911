"""The people registry: persons, households, consent, match keys and duplicate review.

Every other feature finds its people here: workers, nominees, meeting attendees, relief
beneficiaries, households visited. A person is stored with the least data that does the job:
never a full Aadhaar number, phones masked below editor, consent recorded per purpose.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "O", _("Other")
    UNKNOWN = "U", _("Not known")


class RelationKind(models.TextChoices):
    FATHER = "father", _("Father")
    HUSBAND = "husband", _("Husband")
    MOTHER = "mother", _("Mother")
    OTHER = "other", _("Other relation")


class Source(models.TextChoices):
    TYPED = "typed", _("Typed in")
    IMPORT = "import", _("Imported file")
    FIELD = "field", _("Field app")
    DEMO = "demo", _("Demo data")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    # A probable duplicate waits in the review queue before it counts anywhere.
    HELD = "held", _("Held for review")
    MERGED = "merged", _("Merged into another record")
    ERASED = "erased", _("Erased")


class Tag(models.Model):
    """A label that says why a person matters to the work: घरेलू कामगार, बुजुर्ग अकेले, ..."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_hi = models.CharField(_("Hindi name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        ordering = ["name_hi"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        from sangathan.units.models import bilingual

        return bilingual(self.name_hi, self.name_en)


class Household(models.Model):
    """A home: its address, its booth, its members and the head of the family."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The office's own household number (from its register or an imported file).
    code = models.CharField(_("household code"), max_length=50, blank=True)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="households", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    locality = models.CharField(_("locality"), max_length=200, blank=True)
    head = models.ForeignKey(
        "Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("head of household"),
    )
    # As told by the family; may be larger than the members registered here.
    size = models.PositiveSmallIntegerField(_("number of members"), null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.TYPED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code"], condition=~Q(code=""), name="household_code_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return self.address or self.code or str(self.uuid)[:8]


class Person(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # As typed (NFC, zero-width characters stripped, honorifics set aside), in either script.
    name = models.CharField(_("name"), max_length=200)
    # Display forms in each script, derived from ``name`` (one of them is ``name`` itself).
    name_deva = models.CharField(_("name in Devanagari"), max_length=200, blank=True)
    name_latin = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    honorifics = models.CharField(_("honorifics"), max_length=50, blank=True)
    relation_kind = models.CharField(
        _("relation"), max_length=10, choices=RelationKind.choices, blank=True
    )
    relation_name = models.CharField(_("father's or husband's name"), max_length=200, blank=True)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, default=Gender.UNKNOWN
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    # E.164 (+919839012345); validated with phonenumbers, India by default.
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    phone2 = models.CharField(_("second phone"), max_length=20, blank=True, db_index=True)
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
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("household"),
    )
    locality = models.CharField(_("locality"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="people", verbose_name=_("tags"))
    voter_id = models.CharField(_("voter ID (EPIC)"), max_length=20, blank=True, db_index=True)
    ration_card = models.CharField(_("ration card number"), max_length=30, blank=True)
    # Never the full Aadhaar number: the law and the least-data rule both forbid keeping it.
    aadhaar_last4 = models.CharField(_("last 4 digits of Aadhaar"), max_length=4, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.TYPED
    )
    source_detail = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    # The rules version the stored match keys were made with (``sangathan people rekey``).
    key_version = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["name"], name="person_name"),
            models.Index(fields=["status", "unit_path"], name="person_status_path"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(aadhaar_last4="") | Q(aadhaar_last4__regex=r"^[0-9]{4}$"),
                name="person_aadhaar_last4_only",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the interface's script when a form in it is known."""
        from django.utils import translation

        if translation.get_language() == "en":
            return self.name_latin or self.name
        return self.name_deva or self.name


class PersonKey(models.Model):
    """A phonetic match key of a person's name: search looks these up by index and scores
    only the people they point to, never the whole table."""

    # No index of its own: the unique (person, key) index below answers "the keys of a person"
    # (deletes, rekeying), and a third index would cost every import row four more writes.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="keys", db_index=False
    )
    key = models.CharField(max_length=32)
    # Copy of the person's unit path: a scoped search filters inside the key's index.
    unit_path = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [models.Index(fields=["key", "unit_path"], name="personkey_key_path")]
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="personkey_once"),
        ]

    def __str__(self) -> str:
        return self.key


class ConsentPurpose(models.TextChoices):
    CONTACT = "contact", _("Being contacted by the organisation")
    RELIEF = "relief", _("Receiving relief and services")
    SCHEMES = "schemes", _("Help with welfare schemes")
    CAMPAIGNS = "campaigns", _("Door-to-door campaigns")
    PHOTO = "photo", _("Photos and publicity")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Said so in person")
    SIGNED = "signed", _("Signed a form")
    PHONE = "phone", _("On the phone")
    APP = "app", _("In the field app")


class Consent(models.Model):
    """A person's consent to one purpose: when, how, and who recorded it. Withdrawing keeps
    the row, so the history of consent stays."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    method = models.CharField(_("how it was given"), max_length=10, choices=ConsentMethod.choices)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.person} · {self.get_purpose_display()}"


class DuplicateBand(models.TextChoices):
    PROBABLE = "probable", _("Probable duplicate")
    POSSIBLE = "possible", _("Possible duplicate")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("Waiting for review")
    MERGED = "merged", _("Merged")
    NOT_SAME = "not_same", _("Not the same person")


class DuplicatePair(models.Model):
    """Two records that may be one person, waiting for an editor's decision. ``person_a`` has
    the smaller id, so a pair is stored once; "not the same person" is remembered and never
    flagged again."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # The newer record's unit path: the review queue of a subtree is a prefix filter.
    unit_path = models.CharField(max_length=255, db_index=True)
    score = models.FloatField()
    band = models.CharField(max_length=10, choices=DuplicateBand.choices)
    # Why they look alike: {"name": 96.0, "relation": 88.0, "birth_year": 1, "phone": true}.
    reasons = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicatepair_once"),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="duplicatepair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "unit_path"], name="duplicatepair_queue")]

    def __str__(self) -> str:
        return f"{self.person_a} ~ {self.person_b} ({self.score:.0f})"


class MergeRecord(models.Model):
    """What a merge changed, so that it can be undone from its audit entry: which rows of which
    tables were re-pointed from the merged record to the survivor, and the fields the survivor
    took over."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # {"units.appointment.person": [pks], ...}
    repointed = models.JSONField(default=dict)
    # The survivor's fields before the merge: {"phone2": "", "voter_id": ""}.
    survivor_before = models.JSONField(default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.merged} → {self.survivor}"
