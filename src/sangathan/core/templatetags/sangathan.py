from __future__ import annotations

from typing import Any

from django import template

from sangathan.lib.text import indian_grouping

register = template.Library()


@register.filter
def indian(value: Any) -> str:
    """12,34,567 grouping in every language."""
    return indian_grouping(value)
