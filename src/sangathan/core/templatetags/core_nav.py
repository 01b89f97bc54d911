"""What the header shows depends on the user's grants, read once per request (cached reach)."""

from __future__ import annotations

from typing import Any

from django import template

from sangathan.core.access import is_admin_anywhere

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_is_admin(context: dict[str, Any]) -> bool:
    """True when the user administers some unit: the audit log and accounts are theirs."""
    user = context.get("user")
    return bool(user is not None and user.is_authenticated and is_admin_anywhere(user))
