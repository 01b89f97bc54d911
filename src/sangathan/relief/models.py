"""Relief (सेवा): what is given, where it is kept, and to whom it went.

The catalogue (``Item``, kits made of ``KitComponent`` rows) is shared by the organisation.
Stock lives in a ``Store`` of a unit. Every movement is one append-only ``StockEntry`` (signed
quantity); ``Balance`` is the running sum per (store, item, batch), written in the same
transaction, and its CHECK (quantity >= 0) is what makes an overdraw impossible even when two
counters issue at the same instant. A ``Drive`` offers items (``DriveItem`` with the
entitlement rules) at ``DistributionPoint``s; each hand-over is a ``Distribution`` (client
UUID, unique) and the per-(drive, item, recipient) ``GrantCounter`` row is the lock and the
database-checked cap of the "max per household per drive" rule.

Quantities are whole numbers of the item's unit of measure (5 kg of atta is 5, a ration kit
is 1 kit).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    PIECE = "piece", _("piece")
    KG = "kg", _("kg")
    LITRE = "litre", _("litre")
    PACKET = "packet", _("packet")
    BOTTLE = "bottle", _("bottle")
    STRIP = "strip", _("strip")
    KIT = "kit", _("kit")


class EntryKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    TRANSFER_OUT = "transfer_out", _("Sent to another store")
    TRANSFER_IN = "transfer_in", _("Received from another store")
    ASSEMBLY = "assembly", _("Kit assembly")
    DISTRIBUTION = "distribution", _("Distribution")
    ADJUSTMENT = "adjustment", _("Adjustment")
    # A cancelled transfer's stock back in the sending store (new entries: the ledger is
    # append-only).
    TRANSFER_BACK = "transfer_back", _("Back from a cancelled transfer")


class ReceiptSource(models.TextChoices):
    DONOR = "donor", _("Donation")
    PURCHASE = "purchase", _("Purchase")


class AdjustmentReason(models.TextChoices):
    COUNT = "count", _("Count correction")
    DAMAGE = "damage", _("Damaged")
    EXPIRY = "expiry", _("Expired")
    OTHER = "other", _("Other")


class TransferStatus(models.TextChoices):
    SENT = "sent", _("On the way")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


class DriveStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Under way")
    CLOSED = "closed", _("Closed")


class Shift(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")
    FULL_DAY = "full_day", _("Full day")


# --- Catalogue --------------------------------------------------------------------------------


class Item(models.Model):
    """Something given out: a mask, a sanitizer bottle, a medicine strip, a ration kit."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_hi = models.CharField(_("Hindi name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    measure = models.CharField(
        _("unit of measure"), max_length=10, choices=Measure.choices, default=Measure.PIECE
    )
    # How many of the measure come in one pack (a box of 50 masks): for counting receipts.
    pack_size = models.PositiveIntegerField(_("pack size"), default=1)
    # Perishable items are kept by batch with an expiry date; issuing takes the oldest first.
    perishable = models.BooleanField(_("tracked by batch and expiry"), default=False)
    is_kit = models.BooleanField(_("a kit made of other items"), default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_hi"]
        verbose_name = _("relief item")
        verbose_name_plural = _("relief items")
        constraints = [
            models.CheckConstraint(condition=Q(pack_size__gte=1), name="relief_item_pack_size")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from sangathan.units.models import bilingual

        return bilingual(self.name_hi, self.name_en or self.name_hi)


class KitComponent(models.Model):
    """One line of a kit's recipe: a ration kit holds 5 kg of atta."""

    kit = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["kit", "component"], name="relief_kit_component_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="relief_kit_qty_positive"),
            models.CheckConstraint(
                condition=~Q(kit=F("component")), name="relief_kit_not_its_own_part"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kit_id}: {self.quantity} × {self.component_id}"


# --- Stores and the ledger --------------------------------------------------------------------


class Store(models.Model):
    """A place where stock is kept: the district office, a mandal collection point."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="relief_stores")
    unit_path = models.CharField(max_length=255, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # Named keepers may move this store's stock without being editors of its unit.
    keepers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="relief_stores_kept"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_path", "name"]
        verbose_name = _("store")
        verbose_name_plural = _("stores")

    def __str__(self) -> str:
        return self.name


class Transfer(models.Model):
    """Stock sent from one store to another: sent first, received (once) later."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    from_store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="transfers_out")
    to_store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="transfers_in")
    # The sending store's unit path: the sender's side lists it.
    unit_path = models.CharField(max_length=255, db_index=True)
    status = models.CharField(max_length=10, choices=TransferStatus.choices, default="sent")
    note = models.CharField(_("note"), max_length=300, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField()
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)
    # Why fewer (or more) arrived than were sent.
    difference_reason = models.CharField(_("why the quantities differ"), max_length=300, blank=True)
    # Called back by the sender before it was received: the stock went back into from_store.
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_store=F("to_store")), name="relief_transfer_two_stores"
            ),
            # Received and cancelled exclude each other: whichever won the row lock is final.
            models.CheckConstraint(
                condition=Q(received_at__isnull=True) | Q(cancelled_at__isnull=True),
                name="relief_transfer_received_or_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_store} → {self.to_store}"


class TransferLine(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    batch = models.CharField(max_length=50, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    sent = models.PositiveIntegerField()
    received = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(sent__gte=1), name="relief_transfer_line_sent")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} × {self.sent}"


class StockEntry(models.Model):
    """One movement of stock, never changed or deleted: a correction is a new entry."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="entries")
    unit_path = models.CharField(max_length=255, db_index=True)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="entries")
    batch = models.CharField(_("batch"), max_length=50, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    quantity = models.IntegerField(_("quantity"))  # signed: in > 0, out < 0
    kind = models.CharField(max_length=15, choices=EntryKind.choices)
    # Receipts: donation or purchase, from whom, what it was worth (rupees).
    source_kind = models.CharField(max_length=10, choices=ReceiptSource.choices, blank=True)
    source = models.CharField(_("from"), max_length=200, blank=True)
    value = models.DecimalField(
        _("value (₹)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Adjustments: why.
    reason_kind = models.CharField(max_length=10, choices=AdjustmentReason.choices, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    transfer = models.ForeignKey(
        Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    distribution = models.ForeignKey(
        "Distribution", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    # The entries of one kit assembly share this id (components out, kits in).
    assembly = models.UUIDField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stock entry")
        verbose_name_plural = _("stock entries")
        indexes = [models.Index(fields=["store", "item", "batch"], name="relief_entry_sib")]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="relief_entry_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id} {self.quantity:+d}"


class Balance(models.Model):
    """What a store holds of one item batch: the sum of its ledger, kept in step with it."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="balances")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="balances")
    batch = models.CharField(max_length=50, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    quantity = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["store_id", "item_id", "expires_on", "batch"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "item", "batch"], name="relief_balance_one_per_batch"
            ),
            # The last line of defence against an overdraw: the database refuses it.
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="relief_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.store_id}/{self.item_id}/{self.batch}: {self.quantity}"


class StockThreshold(models.Model):
    """Warn when a store's stock of an item falls to ``minimum`` or below."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="thresholds")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    minimum = models.PositiveIntegerField(_("warn at or below"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "item"], name="relief_threshold_once")
        ]

    def __str__(self) -> str:
        return f"{self.store_id}/{self.item_id} ≤ {self.minimum}"


# --- Drives -----------------------------------------------------------------------------------


class Drive(models.Model):
    """A relief drive of a unit's subtree over some days (the Saturday and Sunday of a
    lockdown)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="relief_drives")
    unit_path = models.CharField(max_length=255, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    status = models.CharField(max_length=10, choices=DriveStatus.choices, default="planned")
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("relief drive")
        verbose_name_plural = _("relief drives")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="relief_drive_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class DriveItem(models.Model):
    """An item a drive offers and its entitlement rules; a rule left empty does not apply."""

    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    per_drive = models.PositiveIntegerField(_("at most per household in the drive"), null=True)
    per_day = models.PositiveIntegerField(_("at most per household per day"), null=True)
    min_interval_hours = models.PositiveIntegerField(
        _("hours between two grants to a household"), null=True
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["drive", "item"], name="relief_drive_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.drive_id}/{self.item_id}"


class DistributionPoint(models.Model):
    """Where a drive hands things over, and the store it draws from."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="points")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="points")

    class Meta:
        ordering = ["id"]
        verbose_name = _("distribution point")
        verbose_name_plural = _("distribution points")

    def __str__(self) -> str:
        return self.name


class Duty(models.Model):
    """A volunteer on duty at a point for one shift of one day."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    point = models.ForeignKey(DistributionPoint, on_delete=models.CASCADE, related_name="duties")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices)
    # Set once when the day-before reminder goes out; a set value is never reminded again.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["day", "shift", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "person", "day", "shift"], name="relief_duty_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day} {self.shift}"


# --- Beneficiaries and distributions ----------------------------------------------------------


class Beneficiary(models.Model):
    """A person (and their household) in need, with why they have priority and who referred
    them. Categories are people Tags (daily-wage, elderly-alone, domestic-worker, ...)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="relief_beneficiary"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True)
    categories = models.ManyToManyField("people.Tag", blank=True, related_name="+")
    referred_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")

    def __str__(self) -> str:
        return str(self.person_id)


class Distribution(models.Model):
    """One hand-over: to a household or a person, or an anonymous count (cooked food)."""

    # Generated by the counter's phone: an upload sent twice is stored once.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True)
    drive = models.ForeignKey(Drive, on_delete=models.PROTECT, related_name="distributions")
    point = models.ForeignKey(
        DistributionPoint, on_delete=models.PROTECT, related_name="distributions"
    )
    # The point's unit: reports roll up by it.
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # "h<id>" or "p<id>"; empty for an anonymous count. The entitlement rules count by it.
    recipient = models.CharField(max_length=30, blank=True)
    given_at = models.DateTimeField(db_index=True)
    given_on = models.DateField(db_index=True)
    # Given although a similar name was served today: why (audited).
    override_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        indexes = [
            models.Index(fields=["drive", "item", "recipient"], name="relief_dist_recipient"),
            models.Index(fields=["unit_path", "given_on"], name="relief_dist_path_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="relief_dist_qty_positive")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} × {self.quantity} → {self.recipient or '-'}"


class GrantCounter(models.Model):
    """How much of an item a recipient has had in a drive. The row is locked while a grant is
    checked, so two counters serving one household wait for each other; ``cap`` copies the
    drive's "at most per household" and the CHECK makes the database refuse anything past it."""

    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(max_length=30)
    total = models.PositiveIntegerField(default=0)
    cap = models.PositiveIntegerField(null=True)
    last_given_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["drive", "item", "recipient"], name="relief_counter_once"
            ),
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(total__lte=F("cap")),
                name="relief_counter_within_cap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.drive_id}/{self.item_id}/{self.recipient}: {self.total}"
