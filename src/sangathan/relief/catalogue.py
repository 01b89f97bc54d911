"""The catalogue (items and kits) and the stores that hold them.

Items are shared by the whole organisation: any editor may add one. Changing one reaches every
store that keeps it, so an editor may change an item only when every store that has held it
and every drive that offers it is in the units they edit (an item nobody uses yet: any editor,
as for adding one). The ledger is never rewritten by a change: the unit of measure is fixed
once stock has moved, and a kit's components once a kit has been assembled (make a new kit
and retire the old one). An item still in stock somewhere, or part of an active kit, cannot
be retired.

Stores belong to a unit: an editor of that unit opens them and names their keepers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sangathan.core.access import reach_of, require_role
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.relief.models import (
    Balance,
    DriveItem,
    EntryKind,
    Item,
    KitComponent,
    Measure,
    StockEntry,
    StockThreshold,
    Store,
)
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


def may_add_item(actor: User | None) -> bool:
    try:
        _editor_anywhere(actor)
    except PermissionDenied:
        return False
    return True


def item_change_refused(actor: User | None, item: Item) -> str:
    """Why ``actor`` may not change ``item``; empty when they may."""
    try:
        _require_may_change(actor, item)
    except PermissionDenied as exc:
        return str(exc)
    return ""


def item_has_moved(item: Item) -> bool:
    """Stock of it has moved: its unit of measure is fixed."""
    return StockEntry.objects.filter(item=item).exists()


def kit_was_assembled(kit: Item) -> bool:
    """A kit of it has been made: its components are fixed."""
    return StockEntry.objects.filter(item=kit, kind=EntryKind.ASSEMBLY, quantity__gt=0).exists()


def _require_may_change(actor: User | None, item: Item) -> None:
    _editor_anywhere(actor)
    if actor is None:
        return
    reach = reach_of(actor)
    if reach.everything:
        return
    # Balance rows are never deleted: one per (store, item, batch) that ever held the item.
    used = set(
        Balance.objects.filter(item=item).values_list("store__unit_path", flat=True).distinct()
    ) | set(DriveItem.objects.filter(item=item).values_list("drive__unit_path", flat=True))
    editor = Role.rank(Role.EDITOR)
    for path in used:
        role = reach.role_at(path)
        if role is None or Role.rank(role) < editor:
            raise PermissionDenied(
                _(
                    "%(item)s is also used by stores or drives outside the units you edit; "
                    "an editor of a unit above them can change it."
                )
                % {"item": item.name}
            )


@transaction.atomic
def item_update(
    *,
    item: Item,
    name_hi: str | None = None,
    name_en: str | None = None,
    measure: str | None = None,
    pack_size: int | None = None,
    is_active: bool | None = None,
    components: Sequence[tuple[Item, int]] | None = None,
    actor: User | None,
) -> Item:
    """Change an item of the catalogue; an argument left as ``None`` keeps its value. See the
    module's docstring for who may and what can no longer change."""
    _require_may_change(actor, item)
    item = Item.objects.select_for_update().get(pk=item.pk)
    errors: dict[str, list[str]] = {}
    changes: dict[str, list[object]] = {}

    def change(field: str, value: object) -> None:
        before = getattr(item, field)
        if value is not None and value != before:
            changes[field] = [before, value]
            setattr(item, field, value)

    if name_hi is not None:
        name_hi = clean_text(name_hi)
        if not name_hi:
            errors["name_hi"] = [_("Give the item a name in Hindi.")]
    if name_en is not None:
        name_en = clean_text(name_en)
    moved = item_has_moved(item)
    if measure is not None and measure != item.measure:
        if measure not in Measure.values:
            errors["measure"] = [_("Choose a unit of measure from the list.")]
        elif item.is_kit:
            errors["measure"] = [_("A kit is counted in kits.")]
        elif moved:
            errors["measure"] = [
                _(
                    "Stock of %(item)s has already moved in %(measure)s; the unit of measure "
                    "can no longer change. Add a new item instead."
                )
                % {"item": item.name, "measure": item.get_measure_display()}
            ]
    if pack_size is not None and pack_size < 1:
        errors["pack_size"] = [_("A pack holds at least one.")]
    if components is not None:
        errors.update(_recipe_problems(item, components))
    if is_active is False and item.is_active:
        errors.update(_retire_problems(item))
    if errors:
        raise ValidationError(errors)
    change("name_hi", name_hi)
    change("name_en", name_en)
    change("measure", measure)
    change("pack_size", pack_size)
    change("is_active", is_active)
    if changes:
        item.save(update_fields=list(changes))
    if components is not None:
        before_recipe = _recipe(item)
        after_recipe = sorted((p.code, q) for p, q in components)
        if before_recipe != after_recipe:
            KitComponent.objects.filter(kit=item).delete()
            KitComponent.objects.bulk_create(
                KitComponent(kit=item, component=part, quantity=qty) for part, qty in components
            )
            changes["components"] = [before_recipe, after_recipe]
    if changes:
        audit(
            actor=actor,
            unit=None,
            action="relief.item_changed",
            target=item,
            changes=changes,
        )
    return item


def _recipe(kit: Item) -> list[tuple[str, int]]:
    return sorted(
        (c.component.code, c.quantity) for c in kit.components.select_related("component")
    )


def _recipe_problems(item: Item, components: Sequence[tuple[Item, int]]) -> dict[str, list[str]]:
    if not item.is_kit:
        return {"components": [_("%(item)s is not a kit.") % {"item": item.name}]}
    if not components:
        return {"components": [_("A kit needs at least one component.")]}
    problems = _components_problems(components).get("components", [])
    if any(part.pk == item.pk for part, _qty in components):
        problems.append(_("A kit cannot contain itself."))
    changed = _recipe(item) != sorted((p.code, q) for p, q in components)
    if changed and kit_was_assembled(item):
        problems.append(
            _(
                "Kits of %(item)s have already been assembled, so its components can no longer "
                "change. Add a new kit and retire this one."
            )
            % {"item": item.name}
        )
    return {"components": problems} if problems else {}


def _retire_problems(item: Item) -> dict[str, list[str]]:
    problems: list[str] = []
    holding = (
        Balance.objects.filter(item=item, quantity__gt=0).values("store_id").distinct().count()
    )
    if holding:
        problems.append(
            ngettext(
                "One store still holds %(item)s: send it on, give it out or write it off "
                "before retiring it.",
                "%(count)s stores still hold %(item)s: send it on, give it out or write it "
                "off before retiring it.",
                holding,
            )
            % {"count": holding, "item": item.name}
        )
    for link in KitComponent.objects.filter(component=item, kit__is_active=True).select_related(
        "kit"
    ):
        problems.append(
            _("%(item)s is part of the kit %(kit)s: change or retire the kit first.")
            % {"item": item.name, "kit": link.kit.name}
        )
    return {"is_active": problems} if problems else {}


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
        if not part.is_active:
            problems.append(_("%(item)s is retired from the catalogue.") % {"item": part.name})
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
