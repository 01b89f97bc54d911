"""Who in a batch is already known: the people the importer may see who have a row's voter ID,
or its name, relation name and birth year in its unit (the rules are in ``writing``). Read
with plain SQL in chunks, and the values the import may fill on them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection

from sangathan.people.importing.rows import LOOKUP_CHUNK, Row, name_parts, relation_parts
from sangathan.people.models import PersonKey, PersonStatus

if TYPE_CHECKING:
    from sangathan.core.access import Reach

_LIVE = (PersonStatus.ACTIVE, PersonStatus.HELD)
# (key, unit path) pairs per lookup query: two variables each, under SQLite's 999.
_PAIRS_PER_QUERY = 450

# Blank on the record and given by the row: filled. Never overwritten.
FILLABLE = (
    "relation_kind",
    "relation_name",
    "birth_year",
    "phone",
    "phone2",
    "locality",
    "address",
    "voter_id",
    "ration_card",
    "aadhaar_last4",
)
_KNOWN_VALUES = (
    "pk",
    "name",
    "relation_name",
    "birth_year",
    "unit_path",
    "gender",
    "household_id",
    *[f for f in FILLABLE if f not in ("relation_name", "birth_year")],
)


@dataclass
class _Known:
    """A person the batch matched: their current values, and what the batch changes."""

    values: dict[str, Any]
    changed: set[str]
    tags: set[int] | None = None  # loaded when a row brings tags
    new_tags: set[int] | None = None


def _chunks(items: list[Any], size: int = LOOKUP_CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class KnownLookups:
    """The lookups of ``BatchWriter``, which sets these attributes."""

    quote: Callable[[str], str]
    person_table: str
    reach: Reach | None
    # Person.tags.through: django-stubs makes its class up, so it has no name to give here.
    through: Any

    def _people_where(self, column: str, values: list[Any]) -> Iterator[dict[str, Any]]:
        """The live people whose ``column`` is one of ``values``, inside the importer's
        reach, as the values the matching needs. Plain SQL: the ORM's compiling of long
        ``IN`` lists costs more than the query, batch after batch."""
        fields = [f for f in _KNOWN_VALUES if f != "pk"]
        columns = ", ".join(["id", *fields, "status"])
        table = self.quote(self.person_table)
        with connection.cursor() as cursor:
            for chunk in _chunks(sorted(values)):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT {columns} FROM {table} WHERE {column} IN ({marks}) ORDER BY id",
                    chunk,
                )
                for row in cursor.fetchall():
                    found = dict(zip(["pk", *fields, "status"], row, strict=True))
                    if found.pop("status") not in _LIVE:
                        continue
                    if self.reach is not None and self.reach.role_at(found["unit_path"]) is None:
                        continue
                    yield found

    def _known_by_voter_id(self, rows: list[Row]) -> dict[str, _Known]:
        voter_ids = list({r.values["voter_id"] for r in rows if r.values["voter_id"]})
        known: dict[str, _Known] = {}
        for values in self._people_where("voter_id", voter_ids):
            known.setdefault(values["voter_id"], _Known(values, set()))
        return known

    def _known_by_identity(self, rows: list[Row]) -> dict[tuple[Any, ...], _Known]:
        pairs = sorted(
            {(r.parts.identity_key, r.unit_path) for r in rows if r.parts and r.parts.identity_key}
        )
        ids: set[int] = set()
        table = self.quote(PersonKey._meta.db_table)
        with connection.cursor() as cursor:
            for chunk in _chunks(pairs, _PAIRS_PER_QUERY):
                placeholders = ", ".join(["(%s, %s)"] * len(chunk))
                cursor.execute(
                    f"WITH wanted (k, p) AS (VALUES {placeholders}) "
                    f"SELECT pk.person_id FROM wanted JOIN {table} pk "
                    "ON pk.key = wanted.k AND pk.unit_path = wanted.p",
                    [value for pair in chunk for value in pair],
                )
                ids.update(pid for (pid,) in cursor.fetchall())
        known: dict[tuple[Any, ...], _Known] = {}
        for values in self._people_where("id", list(ids)):
            parts = name_parts(values["name"])
            if parts is None:
                continue
            identity = (
                values["unit_path"],
                parts.codes,
                relation_parts(values["relation_name"])[1],
                values["birth_year"],
            )
            known.setdefault(identity, _Known(values, set()))
        return known

    def _load_tags(self, known: Iterable[_Known]) -> None:
        wanting = {k.values["pk"]: k for k in known if k.tags is None}
        for k in wanting.values():
            k.tags = set()
        for chunk in _chunks(sorted(wanting)):
            links = self.through.objects.filter(person_id__in=chunk).values_list(
                "person_id", "tag_id"
            )
            for person_id, tag_id in links:
                tags = wanting[person_id].tags
                assert tags is not None
                tags.add(tag_id)
