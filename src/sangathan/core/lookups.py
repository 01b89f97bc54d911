"""``path__subtree=prefix``: "this row's path starts with prefix", always by index.

``startswith`` would do on PostgreSQL (Django adds a pattern-ops index to indexed CharFields),
but on SQLite ``LIKE`` is case-insensitive and so never uses an index: a subtree filter over a
state's units became a full scan. Paths use only [0-9A-Z], so on SQLite the same question is a
range on the B-tree index: ``prefix <= path < prefix || '~'`` ('~' sorts after every path
character in SQLite's byte-order collation).
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Lookup


@CharField.register_lookup
class Subtree(Lookup):
    lookup_name = "subtree"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prefix = str(self.rhs)
        if connection.vendor == "sqlite":
            return f"({lhs} >= %s AND {lhs} < %s)", [
                *lhs_params,
                prefix,
                *lhs_params,
                prefix + "~",
            ]
        # Paths never contain LIKE's wildcards, so the prefix needs no escaping.
        return f"{lhs} LIKE %s", [*lhs_params, prefix + "%"]
