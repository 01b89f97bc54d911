"""The rows of a file and the units already in the app, as plain values: an import handles
lakhs of them, never as model instances."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sangathan.units.models import Level

# Lookups use ``IN (...)`` lists; SQLite builds may allow only 999 variables per query.
LOOKUP_CHUNK = 900

# A row's state while the plan walks up to its ancestors (see planning.Planner._resolve).
UNRESOLVED, VISITING, GOOD, BAD = 0, 1, 2, 3
# What the plan decided for a good row.
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass(slots=True, eq=False)
class KnownUnit:
    """An existing unit, read as plain values (no model instances at lakh scale)."""

    pk: int
    path: str
    depth: int
    numchild: int
    level_id: int
    name_hi: str
    name_en: str
    code: str | None
    uuid: uuidlib.UUID
    new_children: int = 0


UNIT_VALUES = ("pk", "path", "depth", "numchild", "level_id", "name_hi", "name_en", "code", "uuid")


@dataclass(slots=True, eq=False)
class Row:
    """One data row of the file and what the plan decided for it."""

    number: int
    raw: tuple[str, ...]  # the cells as read, in COLUMNS order
    errors: list[str] = field(default_factory=list)
    level: Level | None = None
    code: str | None = None
    uuid: uuidlib.UUID | None = None
    key: str | None = None  # how other rows name it: the code or "uuid:..."
    name_hi: str = ""
    name_en: str = ""
    parent_key: str | None = None
    parent: Row | KnownUnit | None = None
    existing: KnownUnit | None = None
    state: int = UNRESOLVED
    action: str = ""
    depth: int = 0
    path: str = ""
    new_children: int = 0


def chunks(items: list[Any], size: int = LOOKUP_CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
