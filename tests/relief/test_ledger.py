"""The stock ledger: every movement is an entry, the balance is always the sum, and every
refusal leaves nothing half-written."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

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
    kit_plans,
    ledger_drift,
    low_stock,
    near_expiry,
    receipt_record,
    transfer_cancel,
    transfer_receive,
    transfer_send,
)
from sangathan.relief.models import Balance, EntryKind, StockEntry, Transfer, TransferStatus


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


# --- Several lines at once, kit shortages, cancelling a transfer --------------------------------


def _stock_the_office(catalogue: Catalogue, stores: Stores) -> None:
    for item, qty in ((catalogue.atta, 50), (catalogue.dal, 20), (catalogue.mask, 100)):
        receipt_record(store=stores.office, item=item, quantity=qty, actor=None)


def test_several_lines_are_sent_in_one_transfer(
    catalogue: Catalogue, stores: Stores, district_editor: User
) -> None:
    _stock_the_office(catalogue, stores)
    transfer = transfer_send(
        from_store=stores.office,
        to_store=stores.mandal,
        lines=[
            LineSpec(catalogue.atta, 20),
            LineSpec(catalogue.dal, 5),
            LineSpec(catalogue.mask, 40),
        ],
        actor=district_editor,
    )
    assert sorted((ln.item.code, ln.sent) for ln in transfer.lines.all()) == [
        ("atta", 20),
        ("dal", 5),
        ("mask", 40),
    ]
    assert (held(stores.office, catalogue.atta), held(stores.office, catalogue.mask)) == (30, 60)
    assert ledger_drift() == []


def test_one_short_line_sends_nothing_of_the_others_and_every_shortage_is_named(
    catalogue: Catalogue, stores: Stores
) -> None:
    _stock_the_office(catalogue, stores)
    with pytest.raises(ValidationError) as refused:
        transfer_send(
            from_store=stores.office,
            to_store=stores.mandal,
            lines=[
                LineSpec(catalogue.mask, 10),
                LineSpec(catalogue.atta, 60),
                LineSpec(catalogue.oil, 1),
            ],
            actor=None,
        )
    text = " ".join(refused.value.messages)
    assert "Only 50" in text and "Only 0" in text
    assert not Transfer.objects.exists()
    assert held(stores.office, catalogue.mask) == 100
    assert ledger_drift() == []


@pytest.mark.parametrize("quantity", [0, -3])
def test_a_line_of_zero_or_less_is_refused_by_its_item(
    catalogue: Catalogue, stores: Stores, quantity: int
) -> None:
    _stock_the_office(catalogue, stores)
    with pytest.raises(ValidationError, match="quantity of Dal must be a whole number"):
        transfer_send(
            from_store=stores.office,
            to_store=stores.mandal,
            lines=[LineSpec(catalogue.atta, 5), LineSpec(catalogue.dal, quantity)],
            actor=None,
        )
    assert not Transfer.objects.exists() and held(stores.office, catalogue.atta) == 50


def test_the_same_item_and_batch_on_two_lines_is_refused(
    catalogue: Catalogue, stores: Stores
) -> None:
    _stock_the_office(catalogue, stores)
    receipt_record(
        store=stores.office,
        item=catalogue.medicine,
        quantity=10,
        batch="B-1",
        expires_on=timezone.localdate() + timedelta(days=60),
        actor=None,
    )
    with pytest.raises(ValidationError, match="Atta is on two lines"):
        transfer_send(
            from_store=stores.office,
            to_store=stores.mandal,
            lines=[LineSpec(catalogue.atta, 5), LineSpec(catalogue.atta, 5)],
            actor=None,
        )
    with pytest.raises(ValidationError, match="batch B-1, is on two lines"):
        transfer_send(
            from_store=stores.office,
            to_store=stores.mandal,
            lines=[LineSpec(catalogue.medicine, 2, "B-1"), LineSpec(catalogue.medicine, 3, "B-1")],
            actor=None,
        )
    assert not Transfer.objects.exists()


def test_stock_goes_to_a_store_in_reach_or_up_the_line_never_to_a_stranger(
    catalogue: Catalogue, stores: Stores, world: World, mandal_editor: User
) -> None:
    from sangathan.relief.catalogue import store_create

    elsewhere = store_create(unit=world.sibling, name="दक्षिण कार्यालय", actor=None)
    neighbour = store_create(unit=world.mandal2, name="किदवई नगर", actor=None)
    receipt_record(store=stores.mandal, item=catalogue.mask, quantity=10, actor=None)
    for stranger in (elsewhere, neighbour):
        with pytest.raises(ValidationError, match="can send only to a store of your units"):
            transfer_send(
                from_store=stores.mandal,
                to_store=stranger,
                lines=[LineSpec(catalogue.mask, 1)],
                actor=mandal_editor,
            )
    # Back up to the district office, above the mandal: allowed.
    transfer_send(
        from_store=stores.mandal,
        to_store=stores.office,
        lines=[LineSpec(catalogue.mask, 4)],
        actor=mandal_editor,
    )
    assert held(stores.mandal, catalogue.mask) == 6


def test_a_short_component_says_which_and_how_many_are_missing(
    catalogue: Catalogue, stores: Stores
) -> None:
    _stock_the_office(catalogue, stores)  # 50 kg atta, 20 kg dal, no oil
    with pytest.raises(ValidationError) as refused:
        kit_assemble(store=stores.office, kit=catalogue.kit, count=12, actor=None)
    # Each short component, in the recipe's order: how much there is, is needed, is missing.
    assert refused.value.message_dict["count"] == [
        "Only 50 kg of Atta are left in जिला कार्यालय; 12 kits need 60: 10 short.",
        "Only 20 kg of Dal are left in जिला कार्यालय; 12 kits need 24: 4 short.",
        "Only 0 litre of Oil are left in जिला कार्यालय; 12 kits need 12: 12 short.",
    ]
    assert held(stores.office, catalogue.atta) == 50 and held(stores.office, catalogue.kit) == 0


def test_the_kit_plan_shows_what_one_kit_takes_and_how_many_the_store_can_make(
    catalogue: Catalogue, stores: Stores
) -> None:
    _stock_the_office(catalogue, stores)
    receipt_record(store=stores.office, item=catalogue.oil, quantity=3, actor=None)
    [plan] = [p for p in kit_plans(stores.office) if p.kit == catalogue.kit]
    assert {(p.item.code, p.per_kit, p.held) for p in plan.parts} == {
        ("atta", 5, 50),
        ("dal", 2, 20),
        ("oil", 1, 3),
    }
    assert plan.most == 3


def _sent(catalogue: Catalogue, stores: Stores) -> Transfer:
    _stock_the_office(catalogue, stores)
    return transfer_send(
        from_store=stores.office,
        to_store=stores.mandal,
        lines=[LineSpec(catalogue.atta, 20), LineSpec(catalogue.mask, 40)],
        actor=None,
    )


def test_a_cancelled_transfer_puts_the_stock_back_with_new_entries(
    catalogue: Catalogue, stores: Stores, district_editor: User
) -> None:
    transfer = _sent(catalogue, stores)
    out_entries = list(StockEntry.objects.filter(transfer=transfer).values_list("pk", "quantity"))
    transfer_cancel(transfer=transfer, reason="गाड़ी नहीं मिली", actor=district_editor)
    assert transfer.status == TransferStatus.CANCELLED
    assert transfer.cancelled_by == district_editor and transfer.cancelled_at is not None
    assert held(stores.office, catalogue.atta) == 50 and held(stores.office, catalogue.mask) == 100
    assert held(stores.mandal, catalogue.mask) == 0
    # The ledger keeps the sending and adds the return: nothing was changed or deleted.
    back = StockEntry.objects.filter(transfer=transfer, kind=EntryKind.TRANSFER_BACK)
    assert sorted(back.values_list("item__code", "quantity", "reason")) == [
        ("atta", 20, "गाड़ी नहीं मिली"),
        ("mask", 40, "गाड़ी नहीं मिली"),
    ]
    assert set(out_entries) <= set(StockEntry.objects.values_list("pk", "quantity"))
    assert ledger_drift() == []
    with pytest.raises(ValidationError, match="already cancelled"):
        transfer_cancel(transfer=transfer, actor=district_editor)
    with pytest.raises(ValidationError, match="cancelled this transfer"):
        transfer_receive(transfer=transfer, actor=None)
    assert held(stores.office, catalogue.mask) == 100 and held(stores.mandal, catalogue.mask) == 0


def test_a_received_transfer_can_no_longer_be_cancelled(
    catalogue: Catalogue, stores: Stores
) -> None:
    transfer = _sent(catalogue, stores)
    transfer_receive(transfer=transfer, actor=None)
    with pytest.raises(ValidationError, match="can no longer be cancelled"):
        transfer_cancel(transfer=transfer, actor=None)
    assert held(stores.mandal, catalogue.mask) == 40 and held(stores.office, catalogue.mask) == 60
    assert ledger_drift() == []


def test_only_the_sending_side_may_cancel_a_transfer(
    catalogue: Catalogue, stores: Stores, mandal_editor: User, booth_worker: User
) -> None:
    transfer = _sent(catalogue, stores)
    for someone in (mandal_editor, booth_worker):  # the receiver; a worker
        with pytest.raises(PermissionDenied):
            transfer_cancel(transfer=transfer, actor=someone)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.SENT


def test_the_receivers_keepers_are_told_of_a_cancelled_transfer(
    catalogue: Catalogue,
    stores: Stores,
    booth_worker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    store_set_keepers(store=stores.mandal, keepers=[booth_worker], actor=None)
    transfer = _sent(catalogue, stores)
    with django_capture_on_commit_callbacks(execute=True):
        transfer_cancel(transfer=transfer, actor=None)
    told = Notification.objects.filter(user=booth_worker, kind="relief/transfer_cancelled")
    assert told.count() == 1
