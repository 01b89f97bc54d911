"""Writing one batch of clean rows: households, the people already known, new people with
their match keys and tags, in a few statements per batch instead of several per person.

Who is "already known" (so that importing the same file twice creates nobody the second time):

1. a person with the row's voter ID (EPIC), among the people the importer may see; else
2. a person in the row's unit with the same name, relation name and birth year, compared by
   their phonetic codes (so संतोष शुक्ला / Santosh Shukla / Santosh Sukla are the same name);
   an empty relation name or birth year matches only an empty one.

A known person is not changed, except that an import fills what the record leaves blank
(phone, relation, birth year, locality, voter ID, ..., household, tags): it never overwrites.
A row that repeats an earlier row of the same file is treated the same way.

The lookups are in ``known``, the column lists and bulk inserts in ``tables``.
"""

from __future__ import annotations

import uuid as uuidlib
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone

from sangathan.core.access import reach_of
from sangathan.lib import names
from sangathan.people.importing.known import FILLABLE, KnownLookups, _chunks, _Known
from sangathan.people.importing.rows import Row
from sangathan.people.importing.tables import (
    _HOUSEHOLD_COLUMNS,
    _PERSON_COLUMNS,
    _ROW_FIELDS,
    _ROW_FIELDS_2,
    TableWrites,
    uuids,
)
from sangathan.people.models import (
    Gender,
    Household,
    Person,
    PersonKey,
    PersonStatus,
    Source,
)

if TYPE_CHECKING:
    from sangathan.core.models import User


@dataclass
class BatchOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0
    households_created: int = 0


@dataclass
class _New:
    row: Row
    household_id: int | None
    tags: set[int]


class BatchWriter(KnownLookups, TableWrites):
    def __init__(self, *, actor: User | None, filename: str, check_duplicates: bool) -> None:
        self.actor = actor
        reach = reach_of(actor) if actor is not None else None
        self.reach = None if reach is None or reach.everything else reach
        self.source_detail = filename[:200]
        self.check_duplicates = check_duplicates
        self.quote = connection.ops.quote_name
        self.person_table = Person._meta.db_table
        self.through = Person.tags.through
        now = timezone.now()
        self.created_at = Person._meta.get_field("created_at").get_db_prep_save(now, connection)
        self.now = now
        self.postgres = connection.vendor == "postgresql"
        self.batches = 0

    # --- households --------------------------------------------------------------------

    def _households(self, rows: list[Row]) -> tuple[dict[tuple[int, str], int], int]:
        wanted: dict[tuple[int, str], Row] = {}
        for row in rows:
            if row.household_code:
                wanted.setdefault((row.unit_pk, row.household_code), row)
        if not wanted:
            return {}, 0
        found: dict[tuple[int, str], int] = {}
        by_unit: dict[int, list[str]] = defaultdict(list)
        for unit_pk, code in wanted:
            by_unit[unit_pk].append(code)
        for unit_pk, codes in by_unit.items():
            for chunk in _chunks(codes):
                for pk, code in Household.objects.filter(
                    unit_id=unit_pk, code__in=chunk
                ).values_list("pk", "code"):
                    found[(unit_pk, code)] = pk
        missing = [(key, row) for key, row in wanted.items() if key not in found]
        if not missing:
            return found, 0
        ids = self._next_ids(Household._meta.db_table, len(missing))
        records: list[tuple[Any, ...]] = []
        for pk, ident, ((unit_pk, code), row) in zip(
            ids, uuids(len(missing)), missing, strict=True
        ):
            found[(unit_pk, code)] = pk
            records.append(
                (
                    pk,
                    ident if self.postgres else ident.hex,
                    code,
                    row.unit_path,
                    row.values["address"],
                    row.values["locality"],
                    None,
                    Source.IMPORT,
                    self.created_at,
                    self.created_at,
                    unit_pk,
                    None,
                )
            )
        self._copy(Household._meta.db_table, _HOUSEHOLD_COLUMNS, records)
        return found, len(missing)

    # --- the batch -------------------------------------------------------------------------

    def _refresh_statistics(self) -> None:
        """PostgreSQL plans the lookups from table statistics; tables filled by this import
        still look empty to it (autovacuum cannot see rows not yet committed) and it would
        scan them whole, batch after batch. ANALYZE inside the transaction counts them."""
        self.batches += 1
        if not self.postgres or self.batches not in (2, 5, 20, 100, 500, 2000):
            return
        with connection.cursor() as cursor:
            for model in (Person, PersonKey, Household):
                cursor.execute(f"ANALYZE {self.quote(model._meta.db_table)}")

    def write(self, rows: list[Row]) -> BatchOutcome:
        outcome = BatchOutcome()
        self._refresh_statistics()
        households, outcome.households_created = self._households(rows)
        by_voter = self._known_by_voter_id(rows)
        by_identity = self._known_by_identity(rows)
        # One object per person, however it was found, so that fills add up on it.
        known: dict[int, _Known] = {}
        for found in (by_voter, by_identity):
            for key, match in list(found.items()):
                found[key] = known.setdefault(match.values["pk"], match)  # type: ignore[index]
        if any(r.tag_ids for r in rows):
            self._load_tags(known.values())
        new_by_voter: dict[str, _New] = {}
        new_by_identity: dict[tuple[Any, ...], _New] = {}
        new: list[_New] = []
        for row in rows:
            voter_id = row.values["voter_id"]
            identity = row.identity()
            household_id = households.get((row.unit_pk, row.household_code))
            target: _Known | _New | None = None
            if voter_id:
                target = new_by_voter.get(voter_id) or by_voter.get(voter_id)
            if target is None:
                target = new_by_identity.get(identity) or by_identity.get(identity)
            if target is None:
                pending = _New(row, household_id, set(row.tag_ids))
                new.append(pending)
                if voter_id:
                    new_by_voter[voter_id] = pending
                new_by_identity[identity] = pending
                continue
            if isinstance(target, _New):
                filled = self._fill_new(target, row, household_id)
            else:
                filled = self._fill_known(target, row, household_id)
                if voter_id:
                    by_voter.setdefault(voter_id, target)
            if filled:
                outcome.updated += 1
            else:
                outcome.unchanged += 1
        created = self._insert(new)
        outcome.created = len(new)
        self._update(list(known.values()))
        if self.check_duplicates and created:
            # Imported late: the duplicate engine needs the people models, and this module is
            # imported by the people app itself.
            from sangathan.people.dedupe_batch import duplicates_check_new

            keys = {
                person.pk: list(p.row.parts.keys)
                for person, p in zip(created, new, strict=True)
                if p.row.parts
            }
            outcome.flagged = duplicates_check_new(created, keys, actor=self.actor)
        return outcome

    @staticmethod
    def _fill_new(target: _New, row: Row, household_id: int | None) -> bool:
        values = target.row.values
        filled = False
        for name in FILLABLE:
            if not values[name] and row.values[name]:
                values[name] = row.values[name]
                filled = True
        if values["gender"] == Gender.UNKNOWN and row.values["gender"] != Gender.UNKNOWN:
            values["gender"] = row.values["gender"]
            filled = True
        if target.household_id is None and household_id is not None:
            target.household_id = household_id
            filled = True
        extra = set(row.tag_ids) - target.tags
        if extra:
            target.tags |= extra
            filled = True
        return filled

    @staticmethod
    def _fill_known(target: _Known, row: Row, household_id: int | None) -> bool:
        values = target.values
        filled = False
        for name in FILLABLE:
            if not values[name] and row.values[name]:
                values[name] = row.values[name]
                target.changed.add(name)
                filled = True
        if values["gender"] == Gender.UNKNOWN and row.values["gender"] != Gender.UNKNOWN:
            values["gender"] = row.values["gender"]
            target.changed.add("gender")
            filled = True
        if values["household_id"] is None and household_id is not None:
            values["household_id"] = household_id
            target.changed.add("household_id")
            filled = True
        if row.tag_ids:
            assert target.tags is not None
            extra = set(row.tag_ids) - target.tags
            if extra:
                target.tags |= extra
                target.new_tags = (target.new_tags or set()) | extra
                filled = True
        return filled

    # --- writes ----------------------------------------------------------------------------

    def _insert(self, new: list[_New]) -> list[Person]:
        if not new:
            return []
        ids = self._next_ids(self.person_table, len(new))
        postgres = self.postgres
        constant_tail = (
            Source.IMPORT,
            self.source_detail,
            PersonStatus.ACTIVE,
            None,
            names.KEY_VERSION,
            self.created_at,
            self.created_at,
        )
        people: list[tuple[Any, ...]] = []
        keys: list[tuple[Any, ...]] = []
        links: list[tuple[int, int]] = []
        for pk, pending, ident in zip(ids, new, uuids(len(new)), strict=True):
            row = pending.row
            values = row.values
            people.append(
                (
                    pk,
                    ident if postgres else ident.hex,
                    *[values[f] for f in _ROW_FIELDS],
                    row.unit_pk,
                    row.unit_path,
                    pending.household_id,
                    *[values[f] for f in _ROW_FIELDS_2],
                    *constant_tail,
                )
            )
            assert row.parts is not None
            path = row.unit_path
            keys.extend((pk, key, path) for key in row.parts.keys)
            links.extend((pk, tag) for tag in pending.tags)
        self._copy(self.person_table, _PERSON_COLUMNS, people)
        self._copy(PersonKey._meta.db_table, ("person_id", "key", "unit_path"), keys)
        if links:
            self._copy(self.through._meta.db_table, ("person_id", "tag_id"), links)
        if not self.check_duplicates:
            return []
        return [
            Person(
                pk=pk,
                uuid=p[1] if postgres else uuidlib.UUID(hex=p[1]),
                home_unit_id=pending.row.unit_pk,
                unit_path=pending.row.unit_path,
                household_id=pending.household_id,
                source=Source.IMPORT,
                source_detail=self.source_detail,
                status=PersonStatus.ACTIVE,
                key_version=names.KEY_VERSION,
                created_at=self.now,
                updated_at=self.now,
                **pending.row.values,
            )
            for pk, p, pending in zip(ids, people, new, strict=True)
        ]

    def _update(self, known: list[_Known]) -> None:
        groups: dict[frozenset[str], list[Person]] = defaultdict(list)
        links: list[Any] = []
        for k in known:
            if k.changed:
                fields = frozenset(k.changed)
                person = Person(pk=k.values["pk"], updated_at=self.now)
                for name in fields:
                    setattr(person, name, k.values[name])
                groups[fields].append(person)
            for tag in sorted(k.new_tags or ()):
                links.append(self.through(person_id=k.values["pk"], tag_id=tag))
        for fields, people in groups.items():
            Person.objects.bulk_update(people, [*sorted(fields), "updated_at"], batch_size=500)
        if links:
            self.through.objects.bulk_create(links, ignore_conflicts=True)
