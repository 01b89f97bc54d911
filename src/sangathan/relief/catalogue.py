"""The catalogue (items and kits) and the stores that hold them.

Items are shared by the whole organisation: any editor may add one. Stores belong to a unit:
an editor of that unit opens them and names their keepers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sangathan.core.access import reach_of, require_role
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.relief.models import Item, KitComponent, Measure, StockThreshold, Store
from sangathan.relief.selectors import require_keeper

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.units.models import Unit


def _editor_anywhere(actor: User | None) -> None:
    if actor is None:
        return
    reach = reach_of(actor)
    if not (reach.everything or reach.paths(Role.EDITOR)):
        raise PermissionDenied(_("Only an editor can change the list of relief items."))


@transaction.atomic
def item_create(
    *,
    name_hi: str,
    name_en: str = "",
    code: str = "",
    measure: str = Measure.PIECE,
    pack_size: int = 1,
    perishable: bool = False,
    components: Sequence[tuple[Item, int]] = (),
    actor: User | None = None,
) -> Item:
    """Add an item to the catalogue; with ``components`` it is a kit (a ration kit = 5 kg atta
    + 2 kg dal + ...) whose assembly consumes them."""
    _editor_anywhere(actor)
    name_hi, name_en = clean_text(name_hi), clean_text(name_en)
    errors: dict[str, list[str]] = {}
    if not name_hi:
        errors["name_hi"] = [_("Give the item a name in Hindi.")]
    if measure not in Measure.values:
        errors["measure"] = [_("Choose a unit of measure from the list.")]
    if pack_size < 1:
        errors["pack_size"] = [_("A pack holds at least one.")]
    code = slugify(code or name_en or name_hi, allow_unicode=True)[:50]
    if code and Item.objects.filter(code=code).exists():
        errors["code"] = [_("Another item already has this code.")]
    if not code:
        errors["code"] = [_("Give the item a code.")]
    errors.update(_components_problems(components))
    if errors:
        raise ValidationError(errors)
    item = Item.objects.create(
        code=code,
        name_hi=name_hi,
        name_en=name_en,
        measure=Measure.KIT if components else measure,
        pack_size=pack_size,
        perishable=perishable,
        is_kit=bool(components),
    )
    KitComponent.objects.bulk_create(
        KitComponent(kit=item, component=part, quantity=qty) for part, qty in components
    )
    audit(
        actor=actor,
        unit=None,
        action="relief.item_created",
        target=item,
        changes={"name": item.name, "components": [[p.code, q] for p, q in components]},
    )
    return item


def _components_problems(components: Sequence[tuple[Item, int]]) -> dict[str, list[str]]:
    problems: list[str] = []
    seen: set[int] = set()
    for part, qty in components:
        if qty < 1:
            problems.append(
                _("The quantity of %(item)s in the kit must be at least 1.") % {"item": part.name}
            )
        if part.pk in seen:
            problems.append(_("%(item)s is in the kit twice.") % {"item": part.name})
        if part.is_kit:
            problems.append(_("%(item)s is itself a kit.") % {"item": part.name})
        seen.add(part.pk)
    return {"components": problems} if problems else {}


@transaction.atomic
def store_create(
    *, unit: Unit, name: str, address: str = "", keepers: Sequence[User] = (), actor: User | None
) -> Store:
    """Open a store of ``unit`` (editor of the unit)."""
    if actor is not None:
        require_role(actor, unit, Role.EDITOR)
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": [_("Give the store a name.")]})
    store = Store.objects.create(
        unit=unit, unit_path=unit.path, name=name, address=clean_text(address)
    )
    if keepers:
        store.keepers.set(keepers)
    audit(
        actor=actor,
        unit=unit,
        action="relief.store_created",
        target=store,
        changes={"name": name, "keepers": [k.username for k in keepers]},
    )
    return store


@transaction.atomic
def store_set_keepers(*, store: Store, keepers: Sequence[User], actor: User | None) -> Store:
    """Name who may move the store's stock besides the unit's editors (editor of the unit)."""
    if actor is not None:
        require_role(actor, store.unit, Role.EDITOR)
    before = sorted(store.keepers.values_list("username", flat=True))
    store.keepers.set(keepers)
    audit(
        actor=actor,
        unit=store.unit,
        action="relief.keepers_set",
        target=store,
        changes={"keepers": [before, sorted(k.username for k in keepers)]},
    )
    return store


@transaction.atomic
def threshold_set(
    *, store: Store, item: Item, minimum: int | None, actor: User | None
) -> StockThreshold | None:
    """Warn when the store's stock of ``item`` is at or below ``minimum`` (None: no warning)."""
    require_keeper(actor, store)
    if minimum is not None and minimum < 0:
        raise ValidationError({"minimum": [_("The warning level cannot be below zero.")]})
    StockThreshold.objects.filter(store=store, item=item).delete()
    row = None
    if minimum is not None:
        row = StockThreshold.objects.create(store=store, item=item, minimum=minimum)
    audit(
        actor=actor,
        unit=store.unit,
        action="relief.threshold_set",
        target=store,
        changes={"item": item.code, "minimum": minimum},
    )
    return row
