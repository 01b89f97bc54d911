"""The store and transfer pages over HTTP: balances and warnings, receipt, correction and send
for keepers, receive with a counted difference; each refused to the outsider and the moving
of stock refused to a worker who is not a keeper."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.conftest import PASSWORD, World, login
from tests.relief.conftest import Catalogue, Stores

from sangathan.core.models import Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from sangathan.relief.catalogue import threshold_set
from sangathan.relief.ledger import LineSpec, receipt_record, transfer_send
from sangathan.relief.models import Balance, StockEntry, Transfer, TransferStatus


def _url(name: str, *args: object) -> str:
    return reverse(f"relief:{name}", args=list(args))


@pytest.fixture
def as_district_worker(world: World) -> Client:
    person = person_create(name="दिनेश मौर्य", gender=Gender.MALE, home_unit=world.district)
    user = user_create(username="dworker", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.district, role=Role.WORKER)
    return login(user)


@pytest.fixture
def sent(stores: Stores, catalogue: Catalogue) -> Transfer:
    receipt_record(store=stores.office, item=catalogue.mask, quantity=100, actor=None)
    return transfer_send(
        from_store=stores.office,
        to_store=stores.mandal,
        lines=[LineSpec(catalogue.mask, 40)],
        actor=None,
    )


def test_the_store_page_shows_balances_and_the_low_stock_warning(
    as_district: Client, stores: Stores, catalogue: Catalogue
) -> None:
    receipt_record(store=stores.office, item=catalogue.mask, quantity=5, actor=None)
    threshold_set(store=stores.office, item=catalogue.mask, minimum=10, actor=None)
    page = as_district.get(_url("store", stores.office.uuid)).content.decode()
    assert "मास्क" in page and 'role="alert"' in page
    assert _url("store_receipt", stores.office.uuid) in page


@pytest.mark.parametrize("name", ["store", "store_receipt", "store_adjust", "store_send"])
def test_the_store_is_refused_to_the_outsider(
    name: str, as_outsider: Client, stores: Stores
) -> None:
    method = as_outsider.get if name == "store" else as_outsider.post
    assert method(_url(name, stores.office.uuid)).status_code == 404


def test_a_keeper_records_a_receipt(
    as_district: Client, stores: Stores, catalogue: Catalogue
) -> None:
    as_district.post(
        _url("store_receipt", stores.office.uuid),
        {"item": catalogue.atta.code, "quantity": "50", "source_kind": "donor", "source": "मंडी"},
    )
    assert Balance.objects.get(store=stores.office, item=catalogue.atta).quantity == 50


def test_a_receipt_of_zero_is_refused_with_a_message(
    as_district: Client, stores: Stores, catalogue: Catalogue
) -> None:
    response = as_district.post(
        _url("store_receipt", stores.office.uuid),
        {"item": catalogue.atta.code, "quantity": "0"},
        follow=True,
    )
    assert response.status_code == 200
    assert not StockEntry.objects.filter(store=stores.office).exists()


def test_a_worker_who_is_not_a_keeper_may_not_move_stock(
    as_district_worker: Client, stores: Stores, catalogue: Catalogue
) -> None:
    assert as_district_worker.get(_url("store", stores.office.uuid)).status_code == 200
    for name in ("store_receipt", "store_adjust", "store_send"):
        response = as_district_worker.post(
            _url(name, stores.office.uuid), {"item": catalogue.atta.code, "quantity": "5"}
        )
        assert response.status_code == 403
    assert not StockEntry.objects.filter(store=stores.office).exists()


def test_a_keeper_corrects_the_count_with_a_reason(
    as_district: Client, stores: Stores, catalogue: Catalogue
) -> None:
    receipt_record(store=stores.office, item=catalogue.mask, quantity=10, actor=None)
    as_district.post(
        _url("store_adjust", stores.office.uuid),
        {"item": catalogue.mask.code, "quantity": "-2", "reason_kind": "damage", "reason": "फटे"},
    )
    assert Balance.objects.get(store=stores.office, item=catalogue.mask).quantity == 8


def test_a_keeper_sends_stock_to_another_store(
    as_district: Client, stores: Stores, catalogue: Catalogue
) -> None:
    receipt_record(store=stores.office, item=catalogue.mask, quantity=10, actor=None)
    response = as_district.post(
        _url("store_send", stores.office.uuid),
        {"item": catalogue.mask.code, "quantity": "4", "to_store": str(stores.mandal.uuid)},
    )
    transfer = Transfer.objects.get()
    assert response["Location"] == _url("transfer", transfer.uuid)


def test_the_transfer_page_offers_the_receive_form_to_the_receiving_keeper(
    as_mandal: Client, sent: Transfer
) -> None:
    page = as_mandal.get(_url("transfer", sent.uuid)).content.decode()
    assert _url("transfer_receive", sent.uuid) in page


@pytest.mark.parametrize("name", ["transfer", "transfer_receive"])
def test_the_transfer_is_refused_to_the_outsider(
    name: str, as_outsider: Client, sent: Transfer
) -> None:
    method = as_outsider.get if name == "transfer" else as_outsider.post
    assert method(_url(name, sent.uuid)).status_code == 404


def test_a_difference_needs_a_reason_then_is_received(as_mandal: Client, sent: Transfer) -> None:
    line = sent.lines.get()
    field = f"line-{line.uuid}"
    as_mandal.post(_url("transfer_receive", sent.uuid), {field: "38"})
    sent.refresh_from_db()
    assert sent.status == TransferStatus.SENT
    as_mandal.post(
        _url("transfer_receive", sent.uuid), {field: "38", "difference_reason": "2 फटे निकले"}
    )
    sent.refresh_from_db()
    line.refresh_from_db()
    assert sent.status == TransferStatus.RECEIVED and line.received == 38


def test_a_worker_may_not_receive_a_transfer(as_district_worker: Client, sent: Transfer) -> None:
    assert as_district_worker.post(_url("transfer_receive", sent.uuid)).status_code == 403


def test_anyone_who_may_see_it_opens_the_transfer(
    as_district_worker: Client, sent: Transfer, district_editor: User
) -> None:
    assert as_district_worker.get(_url("transfer", sent.uuid)).status_code == 200
