"""Rows that copy their unit's path, and keeping those copies true when units move.

Fact tables store ``unit_path`` so that a roll-up over any subtree is an indexed prefix filter.
Each app registers its fact models here at start-up; moving a unit re-stamps every registered
table in one UPDATE per table.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr

_FACT_TABLES: list[tuple[type[models.Model], str]] = []


def register_fact_table(model: type[models.Model], path_field: str = "unit_path") -> None:
    if (model, path_field) not in _FACT_TABLES:
        _FACT_TABLES.append((model, path_field))


def fact_tables() -> list[tuple[type[models.Model], str]]:
    return list(_FACT_TABLES)


def restamp_paths(*, old_prefix: str, new_prefix: str) -> dict[str, int]:
    """Rewrite ``old_prefix`` to ``new_prefix`` at the start of every registered path copy.
    Returns rows changed per table, for the audit entry."""
    changed: dict[str, int] = {}
    if old_prefix == new_prefix:
        return changed
    for model, field in _FACT_TABLES:
        count = model._default_manager.filter(**{f"{field}__subtree": old_prefix}).update(
            **{
                field: Concat(
                    Value(new_prefix),
                    Substr(field, len(old_prefix) + 1),
                    output_field=models.CharField(),
                )
            }
        )
        changed[model._meta.label_lower] = count
    return changed
