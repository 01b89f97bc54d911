"""The stock ledger: every movement is an entry, the balance is always the sum, and every
refusal leaves nothing half-written."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from tests.conftest import World
from tests.relief.conftest import Catalogue, Stores

from sangathan.core.models import Notification, User
from sangathan.relief.catalogue import item_create, store_set_keepers, threshold_set
from sangathan.relief.ledger import (
    LineSpec,
    OverIssue,
    adjustment_record,
    balances_rebuild,
    kit_assemble,
    ledger_drift,
    low_stock,
    near_expiry,
    receipt_record,
    transfer_receive,
    transfer_send,
)
from sangathan.relief.models import Balance, EntryKind, StockEntry, TransferStatus


def held(store: object, item: object) -> int:
    return int(
        Balance.objects.filter(store=store, item=item).aggregate(s=Sum("quantity"))["s"] or 0
    )


def ledger(store: object, item: object) -> int:
    return int(
        StockEntry.objects.filter(store=store, item=item).aggregate(s=Sum("quantity"))["s"] or 0
    )


def test_a_receipt_adds_to_the_store_and_keeps_its_source_and_value(
    catalogue: Catalogue, stores: Stores, district_editor: User
) -> None:
    entry = receipt_record(
        store=stores.office,
        item=catalogue.mask,
        quantity=500,
        source_kind="purchase",
        source="मेडिकल स्टोर",
        value=Decimal("2500"),
        actor=district_editor,
    )
    assert entry.kind == EntryKind.RECEIPT and entry.value == Decimal("2500")
    assert held(stores.office, catalogue.mask) == 500 == ledger(stores.office, catalogue.mask)


@pytest.mark.parametrize("quantity", [0, -5])
def test_a_receipt_of_zero_or_less_is_refused(
    catalogue: Catalogue, stores: Stores, quantity: int
) -> None:
    with pytest.raises(ValidationError, match="above zero"):
        receipt_record(store=stores.office, item=catalogue.mask, quantity=quantity, actor=None)
    assert not StockEntry.objects.exists()


def test_a_perishable_item_needs_its_batch_and_expiry(catalogue: Catalogue, stores: Stores) -> None:
    with pytest.raises(ValidationError, match="batch"):
        receipt_record(store=stores.office, item=catalogue.medicine, quantity=10, actor=None)


def test_a_receipt_into_a_store_of_another_unit_is_refused(
    catalogue: Catalogue, stores: Stores, outsider: User, mandal_editor: User, world: World
) -> None:
    from django.http import Http404

    from sangathan.relief.catalogue import store_create

    other_mandal_store = store_create(unit=world.mandal2, name="किदवई नगर", actor=None)
    with pytest.raises(PermissionDenied, match="keepers"):
        receipt_record(
            store=other_mandal_store, item=catalogue.mask, quantity=5, actor=mandal_editor
        )
    with pytest.raises((PermissionDenied, Http404)):
        receipt_record(store=stores.office, item=catalogue.mask, quantity=5, actor=outsider)
    assert not StockEntry.objects.exists()


def test_a_named_keeper_may_move_the_stock_without_being_an_editor(
    catalogue: Catalogue, stores: Stores, booth_worker: User
) -> None:
    with pytest.raises(PermissionDenied):
        receipt_record(store=stores.mandal, item=catalogue.mask, quantity=5, actor=booth_worker)
    store_set_keepers(store=stores.mandal, keepers=[booth_worker], actor=None)
    receipt_record(store=stores.mandal, item=catalogue.mask, quantity=5, actor=booth_worker)
    assert held(stores.mandal, catalogue.mask) == 5


def test_taking_more_than_is_held_is_refused_with_what_is_left(
    catalogue: Catalogue, stores: Stores
) -> None:
    receipt_record(store=stores.office, item=catalogue.mask, quantity=3, actor=None)
    with pytest.raises(OverIssue, match="Only 3"):
        adjustment_record(
            store=stores.office,
            item=catalogue.mask,
            quantity=-4,
            reason_kind="damage",
            reason="भीग गए",
            actor=None,
        )
    assert held(stores.office, catalogue.mask) == 3 == ledger(stores.office, catalogue.mask)


def test_the_database_refuses_a_negative_balance_even_without_the_check(
    catalogue: Catalogue, stores: Stores
) -> None:
    receipt_record(store=stores.office, item=catalogue.mask, quantity=3, actor=None)
    row = Balance.objects.get(store=stores.office, item=catalogue.mask)
    with pytest.raises(IntegrityError), transaction.atomic():
        Balance.objects.filter(pk=row.pk).update(quantity=-1)


def test_an_adjustment_needs_a_reason_and_a_change(catalogue: Catalogue, stores: Stores) -> None:
    receipt_record(store=stores.office, item=catalogue.mask, quantity=3, actor=None)
    with pytest.raises(ValidationError, match="why"):
        adjustment_record(
            store=stores.office, item=catalogue.mask, quantity=-1, reason_kind="count", actor=None
        )
    with pytest.raises(ValidationError, match="change the count"):
        adjustment_record(
            store=stores.office,
            item=catalogue.mask,
            quantity=0,
            reason_kind="count",
            reason="गिनती",
            actor=None,
        )
    adjustment_record(
        store=stores.office,
        item=catalogue.mask,
        quantity=2,
        reason_kind="count",
        reason="गिनती में दो ज़्यादा",
        actor=None,
    )
    assert held(stores.office, catalogue.mask) == 5 == ledger(stores.office, catalogue.mask)


def test_issuing_takes_the_batch_that_expires_first_and_never_an_expired_one(
    catalogue: Catalogue, stores: Stores
) -> None:
    today = timezone.localdate()
    for batch, days in (("B-LATE", 90), ("B-SOON", 10), ("B-GONE", -1)):
        receipt_record(
            store=stores.office,
            item=catalogue.medicine,
            quantity=5,
            batch=batch,
            expires_on=today + timedelta(days=days),
            actor=None,
        )
    transfer = transfer_send(
        from_store=stores.office,
        to_store=stores.mandal,
        lines=[LineSpec(catalogue.medicine, 7)],
        actor=None,
    )
    assert sorted((ln.batch, ln.sent) for ln in transfer.lines.all()) == [
        ("B-LATE", 2),
        ("B-SOON", 5),
    ]
    with pytest.raises(OverIssue, match="Only 3"):
        transfer_send(
            from_store=stores.office,
            to_store=stores.mandal,
            lines=[LineSpec(catalogue.medicine, 4)],
            actor=None,
        )
    soon = near_expiry(User(is_superuser=True, is_active=True), days=30)
    assert [b.batch for b in soon] == ["B-GONE"]


def test_a_transfer_is_received_once_with_the_difference_explained(
    catalogue: Catalogue, stores: Stores, district_editor: User, mandal_editor: User
) -> None:
    receipt_record(store=stores.office, item=catalogue.mask, quantity=100, actor=None)
    transfer = transfer_send(
        from_store=stores.office,
        to_store=stores.mandal,
        lines=[LineSpec(catalogue.mask, 60)],
        actor=district_editor,
    )
    assert held(stores.office, catalogue.mask) == 40
    assert held(stores.mandal, catalogue.mask) == 0
    line = transfer.lines.get()
    with pytest.raises(ValidationError, match="say why"):
        transfer_receive(transfer=transfer, received={line.uuid: 58}, actor=mandal_editor)
    transfer_receive(
        transfer=transfer,
        received={line.uuid: 58},
        difference_reason="दो पैकेट फटे",
        actor=mandal_editor,
    )
    assert transfer.status == TransferStatus.RECEIVED
    assert held(stores.mandal, catalogue.mask) == 58
    with pytest.raises(ValidationError, match="cannot be received twice"):
        transfer_receive(transfer=transfer, actor=mandal_editor)
    assert held(stores.mandal, catalogue.mask) == 58
    assert ledger_drift() == []


def test_the_sender_cannot_receive_its_own_transfer_into_a_store_it_does_not_keep(
    catalogue: Catalogue, stores: Stores, mandal_editor: User
) -> None:
    receipt_record(store=stores.mandal, item=catalogue.mask, quantity=10, actor=None)
    transfer = transfer_send(
        from_store=stores.mandal,
        to_store=stores.office,
        lines=[LineSpec(catalogue.mask, 5)],
        actor=mandal_editor,
    )
    with pytest.raises(PermissionDenied):
        transfer_receive(transfer=transfer, actor=mandal_editor)


def test_assembling_kits_consumes_the_components_in_one_transaction(
    catalogue: Catalogue, stores: Stores
) -> None:
    for item, qty in ((catalogue.atta, 50), (catalogue.dal, 20), (catalogue.oil, 5)):
        receipt_record(store=stores.office, item=item, quantity=qty, actor=None)
    kit_assemble(store=stores.office, kit=catalogue.kit, count=5, actor=None)
    assert held(stores.office, catalogue.kit) == 5
    assert held(stores.office, catalogue.atta) == 25
    assert held(stores.office, catalogue.oil) == 0
    # Oil has run out: nothing of a sixth kit is taken.
    with pytest.raises(ValidationError, match="Only 0"):
        kit_assemble(store=stores.office, kit=catalogue.kit, count=1, actor=None)
    assert held(stores.office, catalogue.atta) == 25
    assert ledger_drift() == []


def test_a_kit_cannot_contain_itself_or_another_kit(catalogue: Catalogue) -> None:
    with pytest.raises(ValidationError, match="itself a kit"):
        item_create(name_hi="बड़ी किट", name_en="Big kit", components=[(catalogue.kit, 1)])


def test_the_check_finds_a_balance_that_drifted_from_the_ledger_and_rebuilds_it(
    catalogue: Catalogue, stores: Stores
) -> None:
    receipt_record(store=stores.office, item=catalogue.mask, quantity=10, actor=None)
    Balance.objects.filter(store=stores.office).update(quantity=7)
    drift = ledger_drift()
    assert [(d.ledger, d.balance) for d in drift] == [(10, 7)]
    balances_rebuild()
    assert ledger_drift() == [] and held(stores.office, catalogue.mask) == 10


def test_stock_above_the_warning_level_is_not_low(
    catalogue: Catalogue, stores: Stores, mandal_editor: User
) -> None:
    receipt_record(store=stores.mandal, item=catalogue.mask, quantity=30, actor=None)
    threshold_set(store=stores.mandal, item=catalogue.mask, minimum=20, actor=None)
    adjustment_record(
        store=stores.mandal,
        item=catalogue.mask,
        quantity=-5,
        reason_kind="damage",
        reason="खराब",
        actor=None,
    )
    assert low_stock(mandal_editor) == []


@pytest.mark.django_db(transaction=True)
def test_crossing_the_warning_level_notifies_the_editors_of_the_store_unit(
    catalogue: Catalogue, stores: Stores, mandal_editor: User
) -> None:
    receipt_record(store=stores.mandal, item=catalogue.mask, quantity=30, actor=None)
    threshold_set(store=stores.mandal, item=catalogue.mask, minimum=20, actor=None)
    adjustment_record(
        store=stores.mandal,
        item=catalogue.mask,
        quantity=-15,
        reason_kind="damage",
        reason="खराब",
        actor=None,
    )
    [warning] = low_stock(mandal_editor)
    assert (warning.quantity, warning.minimum) == (15, 20)
    assert Notification.objects.filter(user=mandal_editor, kind="relief/low_stock").count() == 1


def test_the_check_command_reports_drift_and_fixes_it(catalogue: Catalogue, stores: Stores) -> None:
    import io

    from django.core.management import CommandError, call_command

    receipt_record(store=stores.office, item=catalogue.mask, quantity=10, actor=None)
    out = io.StringIO()
    call_command("relief", "check", stdout=out)
    Balance.objects.filter(store=stores.office).update(quantity=4)
    with pytest.raises(CommandError):
        call_command("relief", "check", stdout=out)
    call_command("relief", "check", "--fix", stdout=out)
    assert held(stores.office, catalogue.mask) == 10
