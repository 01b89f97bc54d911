"""The store page's stock forms over HTTP: kit assembly with its preview and shortages, the
send form with several lines (five rows without JavaScript), and a transfer's page with every
line and the sender's cancel button; each refused to the outsider, and bad input answered with
a clear sentence and nothing written."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import PASSWORD, World, login
from tests.relief.conftest import Catalogue, Stores
from tests.relief.test_ledger import held

from sangathan.core.models import Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from sangathan.relief.catalogue import store_create
from sangathan.relief.ledger import LineSpec, receipt_record, transfer_receive, transfer_send
from sangathan.relief.models import EntryKind, StockEntry, Transfer, TransferStatus


def _url(name: str, *args: object) -> str:
    return reverse(f"relief:{name}", args=list(args))


def english(user: User) -> Client:
    """A logged-in browser switched to English: the tests read the sentences."""
    client = login(user)
    client.cookies["sangathan_language"] = "en"
    return client


@pytest.fixture
def as_district(district_editor: User) -> Client:
    return english(district_editor)


@pytest.fixture
def as_mandal(mandal_editor: User) -> Client:
    return english(mandal_editor)


@pytest.fixture
def as_outsider(outsider: User) -> Client:
    return english(outsider)


@pytest.fixture
def as_district_worker(world: World) -> Client:
    person = person_create(name="दिनेश मौर्य", gender=Gender.MALE, home_unit=world.district)
    user = user_create(username="dworker", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.district, role=Role.WORKER)
    return english(user)


@pytest.fixture
def stocked(stores: Stores, catalogue: Catalogue) -> Stores:
    """The district office holds 50 kg atta, 20 kg dal, 3 L oil, 100 masks and two batches of
    medicine."""
    for item, qty in (
        (catalogue.atta, 50),
        (catalogue.dal, 20),
        (catalogue.oil, 3),
        (catalogue.mask, 100),
    ):
        receipt_record(store=stores.office, item=item, quantity=qty, actor=None)
    today = timezone.localdate()
    for batch, days in (("B-SOON", 20), ("B-LATE", 200)):
        receipt_record(
            store=stores.office,
            item=catalogue.medicine,
            quantity=10,
            batch=batch,
            expires_on=today + timedelta(days=days),
            actor=None,
        )
    return stores


def _send_form(page: str) -> str:
    start = page.index('id="send"')
    return page[start : page.index("</details>", start)]


# --- Kit assembly -----------------------------------------------------------------------------


def test_the_assembly_form_shows_what_one_kit_takes_and_how_many_can_be_made(
    as_district: Client, stocked: Stores, catalogue: Catalogue
) -> None:
    page = as_district.get(_url("store", stocked.office.uuid)).content.decode()
    assert _url("store_assemble", stocked.office.uuid) in page
    start = page.index('id="assemble"')
    form = page[start : page.index("</details>", start)]
    assert 'data-kit="ration-kit"' in form
    assert 'data-per="5" data-held="50"' in form and 'data-per="1" data-held="3"' in form
    assert "This store can make 3 kits now." in form


def test_a_keeper_assembles_kits_on_the_store_page(
    as_district: Client, stocked: Stores, catalogue: Catalogue
) -> None:
    response = as_district.post(
        _url("store_assemble", stocked.office.uuid),
        {"kit": catalogue.kit.code, "count": "2"},
        follow=True,
    )
    assert "2 Ration kit were assembled." in response.content.decode()
    assert held(stocked.office, catalogue.kit) == 2
    assert held(stocked.office, catalogue.atta) == 40 and held(stocked.office, catalogue.oil) == 1


def test_a_short_component_is_named_with_how_many_are_missing_and_nothing_is_taken(
    as_district: Client, stocked: Stores, catalogue: Catalogue
) -> None:
    response = as_district.post(
        _url("store_assemble", stocked.office.uuid),
        {"kit": catalogue.kit.code, "count": "5"},
        follow=True,
    )
    page = response.content.decode()
    assert "Only 3 litre of Oil are left in जिला कार्यालय; 5 kits need 5: 2 short." in page
    assert "of Atta" not in page  # 25 kg is there: only what is short is named
    assert held(stocked.office, catalogue.kit) == 0 and held(stocked.office, catalogue.atta) == 50


@pytest.mark.parametrize("count", ["0", "-2", "many"])
def test_an_assembly_of_no_kits_is_refused(
    count: str, as_district: Client, stocked: Stores, catalogue: Catalogue
) -> None:
    response = as_district.post(
        _url("store_assemble", stocked.office.uuid),
        {"kit": catalogue.kit.code, "count": count},
        follow=True,
    )
    assert "above zero" in response.content.decode()
    assert not StockEntry.objects.filter(kind=EntryKind.ASSEMBLY).exists()


def test_an_item_that_is_not_a_kit_cannot_be_assembled(
    as_district: Client, stocked: Stores, catalogue: Catalogue
) -> None:
    response = as_district.post(
        _url("store_assemble", stocked.office.uuid),
        {"kit": catalogue.atta.code, "count": "1"},
        follow=True,
    )
    assert "Choose a kit." in response.content.decode()
    assert not StockEntry.objects.filter(kind=EntryKind.ASSEMBLY).exists()


def test_assembly_is_refused_to_the_outsider_and_to_a_worker(
    as_outsider: Client, as_district_worker: Client, stocked: Stores, catalogue: Catalogue
) -> None:
    data = {"kit": catalogue.kit.code, "count": "1"}
    assert as_outsider.post(_url("store_assemble", stocked.office.uuid), data).status_code == 404
    worker = as_district_worker.post(_url("store_assemble", stocked.office.uuid), data)
    assert worker.status_code == 403
    assert (
        "assemble"
        not in as_district_worker.get(_url("store", stocked.office.uuid)).content.decode()
    )
    assert not StockEntry.objects.filter(kind=EntryKind.ASSEMBLY).exists()


# --- Sending several lines --------------------------------------------------------------------


def test_the_send_form_has_five_rows_without_javascript_and_offers_batches(
    as_district: Client, stocked: Stores, catalogue: Catalogue
) -> None:
    form = _send_form(as_district.get(_url("store", stocked.office.uuid)).content.decode())
    assert form.count('name="item"') == 5 and form.count('name="quantity"') == 5
    assert 'data-add-row="send-rows"' in form
    assert 'value="medicine-kit"' in form  # oldest batch first
    assert 'value="medicine-kit@B-SOON"' in form and 'value="medicine-kit@B-LATE"' in form
    assert 'value="lunch-packet"' not in form  # nothing of it in this store
    assert str(stocked.mandal.uuid) in form


def test_a_keeper_sends_several_lines_in_one_transfer(
    as_district: Client, stocked: Stores, catalogue: Catalogue
) -> None:
    response = as_district.post(
        _url("store_send", stocked.office.uuid),
        {
            "to_store": str(stocked.mandal.uuid),
            "item": ["atta", "", "mask", "medicine-kit@B-LATE", "dal", "oil"],
            "quantity": ["10", "", "40", "4", "5", "1"],
            "note": "पहली खेप",
        },
    )
    transfer = Transfer.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("transfer", transfer.uuid)
    assert sorted((ln.item.code, ln.batch, ln.sent) for ln in transfer.lines.all()) == [
        ("atta", "", 10),
        ("dal", "", 5),
        ("mask", "", 40),
        ("medicine-kit", "B-LATE", 4),
        ("oil", "", 1),
    ]
    assert transfer.note == "पहली खेप"
    assert held(stocked.office, catalogue.mask) == 60


@pytest.mark.parametrize(
    ("items", "quantities", "message"),
    [
        (["atta", "mask"], ["10", "0"], "The quantity of Mask must be a whole number above zero."),
        (["atta", "mask"], ["10", "-4"], "The quantity of Mask must be a whole number above zero."),
        (["atta", "gold"], ["10", "1"], "Line 2: choose an item."),
        (["atta", "mask"], ["10", "101"], "Only 100 piece of Mask are left in जिला कार्यालय"),
        (["mask", "atta", "mask"], ["1", "2", "3"], "Mask is on two lines: put it on one line."),
        (
            ["medicine-kit@B-SOON", "medicine-kit@B-SOON"],
            ["1", "2"],
            "Medicine kit, batch B-SOON, is on two lines: put it on one line.",
        ),
        ([""], [""], "Choose at least one item and how many to send."),
    ],
)
def test_a_bad_line_is_refused_with_the_rows_kept_and_nothing_sent(
    items: list[str],
    quantities: list[str],
    message: str,
    as_district: Client,
    stocked: Stores,
    catalogue: Catalogue,
) -> None:
    response = as_district.post(
        _url("store_send", stocked.office.uuid),
        {"to_store": str(stocked.mandal.uuid), "item": items, "quantity": quantities},
    )
    assert response.status_code == 400
    form = _send_form(response.content.decode())
    assert message in form
    assert f'value="{quantities[0]}"' in form  # what was typed is still there
    assert not Transfer.objects.exists()
    assert (
        held(stocked.office, catalogue.mask) == 100 and held(stocked.office, catalogue.atta) == 50
    )


def test_a_store_outside_the_tree_cannot_be_sent_to(
    as_district: Client, stocked: Stores, world: World
) -> None:
    elsewhere = store_create(unit=world.sibling, name="दक्षिण कार्यालय", actor=None)
    page = as_district.get(_url("store", stocked.office.uuid)).content.decode()
    assert str(elsewhere.uuid) not in page
    response = as_district.post(
        _url("store_send", stocked.office.uuid),
        {"to_store": str(elsewhere.uuid), "item": ["mask"], "quantity": ["5"]},
    )
    assert response.status_code == 400
    assert "Choose the store to send to." in response.content.decode()
    assert not Transfer.objects.exists()


def test_the_mandal_sends_stock_back_up_to_the_district_office(
    as_mandal: Client, stores: Stores, catalogue: Catalogue
) -> None:
    receipt_record(store=stores.mandal, item=catalogue.mask, quantity=30, actor=None)
    page = as_mandal.get(_url("store", stores.mandal.uuid)).content.decode()
    assert str(stores.office.uuid) in _send_form(page)
    as_mandal.post(
        _url("store_send", stores.mandal.uuid),
        {"to_store": str(stores.office.uuid), "item": ["mask"], "quantity": ["30"]},
    )
    assert Transfer.objects.get().to_store == stores.office
    assert held(stores.mandal, catalogue.mask) == 0


def test_sending_is_refused_to_the_outsider(
    as_outsider: Client, stocked: Stores, catalogue: Catalogue
) -> None:
    response = as_outsider.post(
        _url("store_send", stocked.office.uuid),
        {"to_store": str(stocked.mandal.uuid), "item": ["mask"], "quantity": ["5"]},
    )
    assert response.status_code == 404
    assert not Transfer.objects.exists()


# --- A transfer's page, and cancelling --------------------------------------------------------


@pytest.fixture
def sent(stocked: Stores, catalogue: Catalogue) -> Transfer:
    return transfer_send(
        from_store=stocked.office,
        to_store=stocked.mandal,
        lines=[LineSpec(catalogue.mask, 40), LineSpec(catalogue.atta, 10)],
        actor=None,
    )


def test_the_transfer_page_shows_every_line_sent_and_received_and_why_they_differ(
    as_district: Client, sent: Transfer
) -> None:
    mask, atta = sorted(sent.lines.all(), key=lambda ln: ln.item.code != "mask")
    transfer_receive(
        transfer=sent,
        received={mask.uuid: 38, atta.uuid: 10},
        difference_reason="दो फटे निकले",
        actor=None,
    )
    page = as_district.get(_url("transfer", sent.uuid)).content.decode()
    assert "Mask" in page and "Atta" in page
    assert re.search(r"40 piece.*38 piece", page, re.S)
    assert 'class="line-diff">38 piece' in page
    assert "10 kg</span>" in page and 'class="line-diff">10 kg' not in page
    assert "Difference: दो फटे निकले" in page
    assert _url("transfer_cancel", sent.uuid) not in page  # received: nothing to cancel


def test_the_receive_form_lists_every_line(as_mandal: Client, sent: Transfer) -> None:
    page = as_mandal.get(_url("transfer", sent.uuid)).content.decode()
    for line in sent.lines.all():
        assert f'name="line-{line.uuid}"' in page
    assert _url("transfer_cancel", sent.uuid) not in page  # the receiver cannot cancel


def test_the_sender_cancels_a_transfer_on_its_way_and_the_stock_comes_back(
    as_district: Client, sent: Transfer, stocked: Stores, catalogue: Catalogue
) -> None:
    page = as_district.get(_url("transfer", sent.uuid)).content.decode()
    assert _url("transfer_cancel", sent.uuid) in page
    response = as_district.post(
        _url("transfer_cancel", sent.uuid), {"reason": "गाड़ी नहीं मिली"}, follow=True
    )
    body = response.content.decode()
    assert "The transfer was cancelled; the stock is back in जिला कार्यालय." in body
    assert "Cancelled by the sender on" in body
    sent.refresh_from_db()
    assert sent.status == TransferStatus.CANCELLED
    assert (
        held(stocked.office, catalogue.mask) == 100 and held(stocked.office, catalogue.atta) == 50
    )
    # Twice: refused with a sentence, nothing more put back.
    again = as_district.post(_url("transfer_cancel", sent.uuid), follow=True)
    assert "already cancelled" in again.content.decode()
    assert held(stocked.office, catalogue.mask) == 100


def test_a_cancelled_transfer_cannot_be_received(
    as_mandal: Client, sent: Transfer, stocked: Stores, catalogue: Catalogue
) -> None:
    from sangathan.relief.ledger import transfer_cancel

    transfer_cancel(transfer=sent, actor=None)
    page = as_mandal.get(_url("transfer", sent.uuid)).content.decode()
    assert _url("transfer_receive", sent.uuid) not in page
    response = as_mandal.post(_url("transfer_receive", sent.uuid), follow=True)
    assert "there is nothing to receive" in response.content.decode()
    assert held(stocked.mandal, catalogue.mask) == 0


def test_a_received_transfer_cannot_be_cancelled(
    as_district: Client, sent: Transfer, stocked: Stores, catalogue: Catalogue
) -> None:
    transfer_receive(transfer=sent, actor=None)
    response = as_district.post(_url("transfer_cancel", sent.uuid), follow=True)
    assert "can no longer be cancelled" in response.content.decode()
    assert held(stocked.mandal, catalogue.mask) == 40 and held(stocked.office, catalogue.mask) == 60


def test_cancelling_is_refused_to_the_outsider_the_receiver_and_a_worker(
    as_outsider: Client, as_mandal: Client, as_district_worker: Client, sent: Transfer
) -> None:
    assert as_outsider.post(_url("transfer_cancel", sent.uuid)).status_code == 404
    assert as_mandal.post(_url("transfer_cancel", sent.uuid)).status_code == 403
    assert as_district_worker.post(_url("transfer_cancel", sent.uuid)).status_code == 403
    sent.refresh_from_db()
    assert sent.status == TransferStatus.SENT


def test_the_store_page_lists_a_cancelled_transfer_with_its_lines(
    as_district: Client, sent: Transfer, stocked: Stores
) -> None:
    from sangathan.relief.ledger import transfer_cancel

    transfer_cancel(transfer=sent, actor=None)
    page = as_district.get(_url("store", stocked.office.uuid)).content.decode()
    assert '<span class="badge bad">Cancelled</span>' in page and "2 lines" in page
    assert "Back from a cancelled transfer" in page
