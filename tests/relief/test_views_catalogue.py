"""The catalogue of relief items: ``item_update`` and its rules (who may change an item, what
can no longer change once stock has moved or a kit was made, retiring), and the catalogue
pages over HTTP: the list, adding an item or a kit, changing one; refusals beside the fields
with nothing written, and the outsider refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from tests.conftest import PASSWORD, World, login
from tests.relief.conftest import Catalogue, Stores

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from sangathan.relief.catalogue import item_create, item_update
from sangathan.relief.ledger import adjustment_record, kit_assemble, receipt_record
from sangathan.relief.models import Item, KitComponent, Measure, StockEntry


def _url(name: str, *args: object) -> str:
    return reverse(f"relief:{name}", args=list(args))


def english(user: User) -> Client:
    client = login(user)
    client.cookies["sangathan_language"] = "en"
    return client


@pytest.fixture
def as_district(district_editor: User) -> Client:
    return english(district_editor)


@pytest.fixture
def as_outsider(outsider: User) -> Client:
    return english(outsider)


@pytest.fixture
def district_viewer(world: World) -> User:
    person = person_create(name="रमेश यादव", gender=Gender.MALE, home_unit=world.district)
    user = user_create(username="dviewer", password=PASSWORD, person=person)
    grant_set(user=user, unit=world.district, role=Role.VIEWER)
    return user


def _stock_atta(catalogue: Catalogue, stores: Stores) -> None:
    receipt_record(store=stores.office, item=catalogue.atta, quantity=50, actor=None)


# --- item_update ------------------------------------------------------------------------------


def test_an_editor_renames_an_item_and_the_change_is_audited(
    catalogue: Catalogue, stores: Stores, district_editor: User
) -> None:
    _stock_atta(catalogue, stores)
    item_update(
        item=catalogue.atta,
        name_hi="गेहूं का आटा",
        name_en="Wheat flour",
        pack_size=10,
        actor=district_editor,
    )
    catalogue.atta.refresh_from_db()
    assert (catalogue.atta.name_hi, catalogue.atta.name_en, catalogue.atta.pack_size) == (
        "गेहूं का आटा",
        "Wheat flour",
        10,
    )
    assert catalogue.atta.code == "atta" and catalogue.atta.measure == Measure.KG
    entry = AuditEntry.objects.get(action="relief.item_changed")
    assert entry.changes["name_hi"] == ["आटा", "गेहूं का आटा"]
    assert entry.changes["pack_size"] == [1, 10]
    # The ledger is untouched.
    assert StockEntry.objects.get(item=catalogue.atta).quantity == 50


def test_the_outsider_cannot_change_an_item_the_district_uses_but_may_one_nobody_uses(
    catalogue: Catalogue, stores: Stores, outsider: User, state_admin: User
) -> None:
    _stock_atta(catalogue, stores)
    with pytest.raises(PermissionDenied, match="outside the units you edit"):
        item_update(item=catalogue.atta, name_en="Flour", actor=outsider)
    catalogue.atta.refresh_from_db()
    assert catalogue.atta.name_en == "Atta"
    item_update(item=catalogue.oil, name_en="Mustard oil", actor=outsider)  # used nowhere yet
    item_update(item=catalogue.atta, name_en="Flour", actor=state_admin)  # above every user


def test_a_viewer_or_worker_cannot_change_an_item(
    catalogue: Catalogue, district_viewer: User, booth_worker: User
) -> None:
    for someone in (district_viewer, booth_worker):
        with pytest.raises(PermissionDenied, match="Only an editor"):
            item_update(item=catalogue.oil, name_en="Oil (1 L)", actor=someone)


def test_the_unit_of_measure_is_fixed_once_stock_has_moved(
    catalogue: Catalogue, stores: Stores
) -> None:
    item_update(item=catalogue.dal, measure=Measure.PACKET, actor=None)  # nothing moved yet
    _stock_atta(catalogue, stores)
    with pytest.raises(ValidationError, match="can no longer change") as refused:
        item_update(item=catalogue.atta, measure=Measure.PACKET, actor=None)
    assert list(refused.value.message_dict) == ["measure"]
    catalogue.atta.refresh_from_db()
    assert catalogue.atta.measure == Measure.KG


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name_hi": "  "}, "name_hi"),
        ({"pack_size": 0}, "pack_size"),
        ({"measure": "tonne"}, "measure"),
    ],
)
def test_bad_values_are_refused_by_field_and_nothing_changes(
    catalogue: Catalogue, change: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        item_update(item=catalogue.mask, name_en="Face mask", actor=None, **change)  # type: ignore[arg-type]
    assert field in refused.value.message_dict
    catalogue.mask.refresh_from_db()
    assert catalogue.mask.name_en == "Mask"


def test_a_kit_recipe_changes_until_a_kit_is_assembled(
    catalogue: Catalogue, stores: Stores
) -> None:
    item_update(
        item=catalogue.kit,
        components=[(catalogue.atta, 10), (catalogue.dal, 2), (catalogue.oil, 1)],
        actor=None,
    )
    assert KitComponent.objects.get(kit=catalogue.kit, component=catalogue.atta).quantity == 10
    for item, qty in ((catalogue.atta, 10), (catalogue.dal, 2), (catalogue.oil, 1)):
        receipt_record(store=stores.office, item=item, quantity=qty, actor=None)
    kit_assemble(store=stores.office, kit=catalogue.kit, count=1, actor=None)
    with pytest.raises(ValidationError, match="already been assembled"):
        item_update(item=catalogue.kit, components=[(catalogue.atta, 5)], actor=None)
    # The same recipe sent again is no change, and the name may still change.
    item_update(
        item=catalogue.kit,
        name_en="Family ration kit",
        components=[(catalogue.atta, 10), (catalogue.dal, 2), (catalogue.oil, 1)],
        actor=None,
    )
    assert catalogue.kit.components.count() == 3


@pytest.mark.parametrize(
    ("recipe", "message"),
    [
        ([], "at least one component"),
        ([("atta", 0)], "must be at least 1"),
        ([("atta", 1), ("atta", 2)], "in the kit twice"),
        ([("kit", 1)], "cannot contain itself"),
    ],
)
def test_a_bad_recipe_is_refused(
    catalogue: Catalogue, recipe: list[tuple[str, int]], message: str
) -> None:
    parts = [(getattr(catalogue, name), qty) for name, qty in recipe]
    with pytest.raises(ValidationError, match=message):
        item_update(item=catalogue.kit, components=parts, actor=None)
    assert catalogue.kit.components.count() == 3


def test_a_plain_item_has_no_components_and_a_kit_keeps_its_measure(
    catalogue: Catalogue,
) -> None:
    with pytest.raises(ValidationError, match="is not a kit"):
        item_update(item=catalogue.atta, components=[(catalogue.dal, 1)], actor=None)
    with pytest.raises(ValidationError, match="counted in kits"):
        item_update(item=catalogue.kit, measure=Measure.KG, actor=None)


def test_an_item_in_stock_or_in_an_active_kit_cannot_be_retired(
    catalogue: Catalogue, stores: Stores
) -> None:
    receipt_record(store=stores.office, item=catalogue.mask, quantity=5, actor=None)
    with pytest.raises(ValidationError, match="One store still holds Mask"):
        item_update(item=catalogue.mask, is_active=False, actor=None)
    with pytest.raises(ValidationError, match="part of the kit Ration kit"):
        item_update(item=catalogue.oil, is_active=False, actor=None)
    adjustment_record(
        store=stores.office,
        item=catalogue.mask,
        quantity=-5,
        reason_kind="damage",
        reason="भीग गए",
        actor=None,
    )
    item_update(item=catalogue.mask, is_active=False, actor=None)
    catalogue.mask.refresh_from_db()
    assert not catalogue.mask.is_active
    # A retired item is no longer offered, nor can it go into a new kit; it can come back.
    with pytest.raises(ValidationError, match="retired"):
        item_create(name_hi="मास्क किट", name_en="Mask kit", components=[(catalogue.mask, 2)])
    item_update(item=catalogue.mask, is_active=True, actor=None)


# --- Pages ------------------------------------------------------------------------------------


def test_the_catalogue_lists_measures_pack_sizes_batches_and_kit_components(
    as_district: Client, catalogue: Catalogue
) -> None:
    page = as_district.get(_url("catalogue")).content.decode()
    assert "Catalogue of relief items" in page
    assert "Ration kit" in page and "5 kg Atta" in page and "1 litre Oil" in page
    assert "Kept by batch" in page  # the medicine kit
    assert '<td class="num" data-label="Pack size">50</td>' in page  # masks come in boxes of 50
    assert _url("catalogue_add") in page and _url("catalogue_item", catalogue.atta.uuid) in page


def test_the_relief_home_links_the_catalogue(as_district: Client) -> None:
    assert _url("catalogue") in as_district.get(_url("home")).content.decode()


def test_a_worker_sees_the_catalogue_but_cannot_add_to_it(
    booth_worker: User, catalogue: Catalogue
) -> None:
    client = english(booth_worker)
    page = client.get(_url("catalogue")).content.decode()
    assert "Ration kit" in page and _url("catalogue_add") not in page
    assert client.post(_url("catalogue_add"), {"name_hi": "साबुन"}).status_code == 403
    assert not Item.objects.filter(name_hi="साबुन").exists()


def test_an_editor_adds_an_item(as_district: Client, catalogue: Catalogue) -> None:
    response = as_district.post(
        _url("catalogue_add"),
        {
            "name_hi": "सैनिटाइज़र",
            "name_en": "Sanitizer",
            "measure": "bottle",
            "pack_size": "24",
            "perishable": "1",
        },
        follow=True,
    )
    assert "Sanitizer was added to the catalogue." in response.content.decode()
    item = Item.objects.get(code="sanitizer")
    assert (item.measure, item.pack_size, item.perishable, item.is_kit) == (
        "bottle",
        24,
        True,
        False,
    )


def test_an_editor_adds_a_kit_with_its_components(
    as_district: Client, catalogue: Catalogue
) -> None:
    as_district.post(
        _url("catalogue_add"),
        {
            "name_hi": "छोटी किट",
            "name_en": "Small kit",
            "component": ["atta", "", "dal"],
            "component_quantity": ["2", "", "1"],
        },
    )
    kit = Item.objects.get(code="small-kit")
    assert kit.is_kit and kit.measure == Measure.KIT
    assert sorted((c.component.code, c.quantity) for c in kit.components.all()) == [
        ("atta", 2),
        ("dal", 1),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name_hi": "", "name_en": "Soap"}, "Give the item a name in Hindi."),
        ({"name_hi": "साबुन", "pack_size": "0"}, "A pack holds at least one."),
        ({"name_hi": "साबुन", "pack_size": "a dozen"}, "Enter a whole number."),
        ({"name_hi": "आटा", "name_en": "Atta"}, "Another item already has this code."),
        (
            {"name_hi": "साबुन किट", "component": ["gold"], "component_quantity": ["1"]},
            "There is no item with the code gold.",
        ),
        (
            {"name_hi": "साबुन किट", "component": ["atta"], "component_quantity": ["0"]},
            "The quantity of Atta in the kit must be at least 1.",
        ),
        (
            {
                "name_hi": "साबुन किट",
                "component": ["atta", "atta"],
                "component_quantity": ["1", "2"],
            },
            "Atta is in the kit twice.",
        ),
    ],
)
def test_a_bad_new_item_is_refused_beside_its_field_and_nothing_is_written(
    data: dict[str, object], message: str, as_district: Client, catalogue: Catalogue
) -> None:
    before = Item.objects.count()
    response = as_district.post(_url("catalogue_add"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'value="{data["name_hi"]}"' in page  # what was typed is kept
    assert Item.objects.count() == before


def test_an_editor_changes_an_item_on_its_page(
    as_district: Client, catalogue: Catalogue, stores: Stores
) -> None:
    _stock_atta(catalogue, stores)
    page = as_district.get(_url("catalogue_item", catalogue.atta.uuid)).content.decode()
    assert 'name="measure" disabled' in page  # stock has moved: fixed
    response = as_district.post(
        _url("catalogue_item", catalogue.atta.uuid),
        {"name_hi": "गेहूं का आटा", "name_en": "Wheat flour", "pack_size": "10", "is_active": "1"},
        follow=True,
    )
    assert "The changes were saved." in response.content.decode()
    catalogue.atta.refresh_from_db()
    assert (catalogue.atta.name_en, catalogue.atta.pack_size, catalogue.atta.measure) == (
        "Wheat flour",
        10,
        "kg",
    )


def test_a_refused_change_is_shown_beside_the_field_and_nothing_changes(
    as_district: Client, catalogue: Catalogue, stores: Stores
) -> None:
    _stock_atta(catalogue, stores)
    response = as_district.post(
        _url("catalogue_item", catalogue.atta.uuid),
        {"name_hi": "गेहूं का आटा", "pack_size": "1", "is_active": "0"},
    )
    assert response.status_code == 400
    assert "One store still holds Atta" in response.content.decode()
    catalogue.atta.refresh_from_db()
    assert catalogue.atta.is_active and catalogue.atta.name_hi == "आटा"


def test_a_kit_recipe_is_changed_on_its_page_until_one_is_assembled(
    as_district: Client, catalogue: Catalogue, stores: Stores
) -> None:
    url = _url("catalogue_item", catalogue.kit.uuid)
    assert 'name="component"' in as_district.get(url).content.decode()
    as_district.post(
        url,
        {
            "name_hi": "राशन किट",
            "name_en": "Ration kit",
            "pack_size": "1",
            "is_active": "1",
            "component": ["atta", "dal", ""],
            "component_quantity": ["10", "3", ""],
        },
    )
    assert sorted((c.component.code, c.quantity) for c in catalogue.kit.components.all()) == [
        ("atta", 10),
        ("dal", 3),
    ]
    for item, qty in ((catalogue.atta, 10), (catalogue.dal, 3)):
        receipt_record(store=stores.office, item=item, quantity=qty, actor=None)
    kit_assemble(store=stores.office, kit=catalogue.kit, count=1, actor=None)
    page = as_district.get(url).content.decode()
    assert 'name="component"' not in page and "already been assembled" in page


def test_the_outsider_sees_the_item_but_cannot_change_what_the_district_uses(
    as_outsider: Client, catalogue: Catalogue, stores: Stores
) -> None:
    _stock_atta(catalogue, stores)
    url = _url("catalogue_item", catalogue.atta.uuid)
    page = as_outsider.get(url).content.decode()
    assert "outside the units you edit" in page and 'name="name_hi"' not in page
    response = as_outsider.post(url, {"name_hi": "कुछ और", "pack_size": "1", "is_active": "0"})
    assert response.status_code == 403
    catalogue.atta.refresh_from_db()
    assert catalogue.atta.name_hi == "आटा" and catalogue.atta.is_active


def test_an_unknown_item_page_is_missing(as_district: Client, catalogue: Catalogue) -> None:
    from uuid import uuid4

    assert as_district.get(_url("catalogue_item", uuid4())).status_code == 404
