"""Template tags for the planning parts that live on pages other views render: the store
page's settings section, and the "new drive" / "new store" links."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from sangathan.core.access import has_role
from sangathan.core.models import Role

if TYPE_CHECKING:
    from sangathan.relief.models import Store
    from sangathan.units.models import Unit

register = template.Library()


@register.simple_tag(takes_context=True)
def relief_store_settings(context: template.Context, store: Store) -> dict[str, Any]:
    """Keepers and low-stock warnings of ``store`` as the viewing user may see and change them."""
    from sangathan.relief.views_plan_stores import store_settings

    return store_settings(context["request"].user, store)


@register.simple_tag(takes_context=True)
def relief_may_plan(context: template.Context, unit: Unit | None = None) -> bool:
    """Whether the user may plan a drive or open a store: of ``unit``, or of any unit."""
    from sangathan.relief.views_plan import editor_anywhere

    user = context["request"].user
    if not user.is_authenticated:
        return False
    return has_role(user, unit, Role.EDITOR) if unit is not None else editor_anywhere(user)
