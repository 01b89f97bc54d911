"""Races the database must settle: counters issuing the last stock at once never overdraw,
counters serving one household at once give exactly what the rule allows, and editors moving
one drive at once move it one after the other. PostgreSQL only: SQLite serialises writers."""

from __future__ import annotations

from itertools import pairwise
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from tests.conftest import World
from tests.relief.conftest import Catalogue, Relief, Stores
from tests.units.test_concurrency import _postgres_only, _race  # noqa: F401

from sangathan.core.models import AuditEntry, User
from sangathan.people.models import Household, Person
from sangathan.relief.distribution import EntitlementRefused, distribution_record
from sangathan.relief.drives import DRIVE_MOVES, drive_item_set, drive_set_status
from sangathan.relief.ledger import (
    LineSpec,
    OverIssue,
    adjustment_record,
    ledger_drift,
    transfer_cancel,
    transfer_receive,
    transfer_send,
)
from sangathan.relief.models import (
    Balance,
    Distribution,
    DriveStatus,
    GrantCounter,
    TransferStatus,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_many_counters_issuing_at_once_never_issue_more_than_the_stock(
    relief: Relief, catalogue: Catalogue
) -> None:
    # 50 lunch packets, 12 counters each handing over 5 at the same moment: 10 succeed.
    def issue(i: int) -> None:
        distribution_record(
            drive=relief.drive, point=relief.point, item=catalogue.lunch, quantity=5, actor=None
        )

    outcomes = _race(12, issue)
    assert sum(o is None for o in outcomes) == 10
    losers = [o for o in outcomes if o is not None]
    assert all(isinstance(o, OverIssue) for o in losers), losers
    # The threads speak the default language (Hindi): the refusal is checked by its numbers.
    assert all(o.available == 0 for o in losers)  # type: ignore[union-attr]
    issued = Distribution.objects.aggregate(s=Sum("quantity"))["s"]
    assert issued == 50
    assert Balance.objects.get(store=relief.point.store, item=catalogue.lunch).quantity == 0
    assert ledger_drift() == []


def test_adjustments_racing_for_the_last_stock_never_go_below_zero(
    relief: Relief, catalogue: Catalogue
) -> None:
    def write_off(i: int) -> None:
        adjustment_record(
            store=relief.point.store,
            item=catalogue.kit,
            quantity=-3,
            reason_kind="damage",
            reason="भीग गए",
            actor=None,
        )

    outcomes = _race(6, write_off)
    assert sum(o is None for o in outcomes) == 3
    assert Balance.objects.get(store=relief.point.store, item=catalogue.kit).quantity == 1
    assert ledger_drift() == []


def test_counters_serving_one_household_at_once_give_one_ration_kit(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person]
) -> None:
    home, head = family

    def serve(i: int) -> None:
        distribution_record(
            drive=relief.drive,
            point=relief.point,
            item=catalogue.kit,
            household=home if i % 2 else None,
            person=None if i % 2 else head,
            actor=None,
        )

    outcomes = _race(8, serve)
    assert sum(o is None for o in outcomes) == 1
    assert all(isinstance(o, EntitlementRefused) for o in outcomes if o is not None), outcomes
    assert Distribution.objects.filter(item=catalogue.kit).count() == 1
    assert GrantCounter.objects.get(item=catalogue.kit).total == 1
    assert Balance.objects.get(store=relief.point.store, item=catalogue.kit).quantity == 9


def test_a_daily_limit_raced_by_many_counters_gives_exactly_the_limit(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person]
) -> None:
    home, _head = family  # masks: at most 4 per household per day

    def serve(i: int) -> None:
        distribution_record(
            drive=relief.drive,
            point=relief.point,
            item=catalogue.mask,
            household=home,
            actor=None,
        )

    outcomes = _race(10, serve)
    assert sum(o is None for o in outcomes) == 4
    assert Distribution.objects.filter(item=catalogue.mask).aggregate(s=Sum("quantity"))["s"] == 4


def test_the_same_upload_sent_at_once_is_stored_once(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person]
) -> None:
    home, _head = family
    drive_item_set(drive=relief.drive, item=catalogue.lunch, per_drive=5, actor=None)
    key = uuid4()

    def upload(i: int) -> None:
        distribution_record(
            drive=relief.drive,
            point=relief.point,
            item=catalogue.lunch,
            household=home,
            uuid=key,
            actor=None,
        )

    outcomes = _race(6, upload)
    assert all(o is None for o in outcomes), outcomes
    assert Distribution.objects.filter(uuid=key).count() == 1
    assert Balance.objects.get(store=relief.point.store, item=catalogue.lunch).quantity == 49


def test_a_transfer_received_twice_at_once_is_received_once(
    relief: Relief, catalogue: Catalogue, stores: Stores
) -> None:
    transfer = transfer_send(
        from_store=stores.mandal,
        to_store=stores.office,
        lines=[LineSpec(catalogue.mask, 30)],
        actor=None,
    )

    def receive(i: int) -> None:
        transfer_receive(transfer=transfer, actor=None)

    outcomes = _race(4, receive)
    assert sum(o is None for o in outcomes) == 1
    assert all(isinstance(o, ValidationError) for o in outcomes if o is not None)
    assert Balance.objects.get(store=stores.office, item=catalogue.mask).quantity == 30
    assert ledger_drift() == []


def test_a_cancel_and_a_receive_at_the_same_moment_cannot_both_win(
    relief: Relief, catalogue: Catalogue, stores: Stores
) -> None:
    transfer = transfer_send(
        from_store=stores.mandal,
        to_store=stores.office,
        lines=[LineSpec(catalogue.mask, 30), LineSpec(catalogue.kit, 4)],
        actor=None,
    )

    def cancel_or_receive(i: int) -> None:
        if i % 2:
            transfer_cancel(transfer=transfer, actor=None)
        else:
            transfer_receive(transfer=transfer, actor=None)

    outcomes = _race(6, cancel_or_receive)
    assert sum(o is None for o in outcomes) == 1
    assert all(isinstance(o, ValidationError) for o in outcomes if o is not None), outcomes
    transfer.refresh_from_db()
    mandal_masks = Balance.objects.get(store=stores.mandal, item=catalogue.mask).quantity
    office_masks = Balance.objects.filter(store=stores.office, item=catalogue.mask).first()
    if transfer.status == TransferStatus.CANCELLED:
        assert mandal_masks == 100 and (office_masks is None or office_masks.quantity == 0)
        assert transfer.received_at is None
    else:
        assert transfer.status == TransferStatus.RECEIVED
        assert mandal_masks == 70 and office_masks is not None and office_masks.quantity == 30
        assert transfer.cancelled_at is None
    assert ledger_drift() == []


def test_editors_starting_and_closing_a_drive_at_once_move_it_one_after_the_other(
    relief: Relief, world: World, district_editor: User, state_admin: User
) -> None:
    # From "planned" both "start" and "close" are legal, and so is each after the other
    # (a closed drive may be reopened, a started one closed). Read without the lock, every
    # editor would see "planned" and every move would pass, each audited as if from "planned".
    moves = [DriveStatus.ACTIVE, DriveStatus.CLOSED] * 4
    editors = [district_editor, state_admin]

    def move(i: int) -> None:
        drive_set_status(drive=relief.drive, status=moves[i], actor=editors[i % 2])

    outcomes = _race(len(moves), move)
    assert all(isinstance(o, ValidationError) for o in outcomes if o is not None), outcomes
    done = sum(o is None for o in outcomes)
    assert done >= 2  # the first move passes, whichever it is, and the other one after it
    entries = AuditEntry.objects.filter(
        action="relief.drive_status", target_id=str(relief.drive.uuid)
    ).order_by("pk")
    steps = [tuple(e.changes["status"]) for e in entries]
    # One entry per move that happened, and together a path the rules allow, in order.
    assert len(steps) == done, steps
    assert steps[0][0] == DriveStatus.PLANNED
    assert all(new in DRIVE_MOVES[old] for old, new in steps), steps
    assert all(a[1] == b[0] for a, b in pairwise(steps)), steps
    relief.drive.refresh_from_db()
    assert relief.drive.status == steps[-1][1]
