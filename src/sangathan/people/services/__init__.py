"""Writes to the people registry: persons, their match keys, households, tags and consent.

Every write validates, audits, and keeps the derived fields true: the display forms of the
name in both scripts, the match keys search looks up, and the copies of the unit path.
Duplicate review and merging live in ``people.dedupe``.

One module per noun: ``persons`` (clean, create, update), ``keys`` (match keys, rekeying),
``households`` (households, and a person's move and household), ``tags`` and ``consent``.
What callers use is importable from here.
"""

from __future__ import annotations

from sangathan.people.services.consent import consent_record, consent_withdraw, consents_current
from sangathan.people.services.households import (
    UNCHANGED,
    household_create,
    household_set_members,
    household_update,
    household_within_reach,
    person_move,
    person_set_household,
)
from sangathan.people.services.keys import people_rekey, person_keys_write
from sangathan.people.services.persons import (
    PersonFields,
    _check_unit,
    _display_forms,
    person_clean,
    person_create,
    person_update,
)
from sangathan.people.services.tags import DEFAULT_TAGS, tags_ensure_default

__all__ = [
    "DEFAULT_TAGS",
    "UNCHANGED",
    "PersonFields",
    "_check_unit",
    "_display_forms",
    "consent_record",
    "consent_withdraw",
    "consents_current",
    "household_create",
    "household_set_members",
    "household_update",
    "household_within_reach",
    "people_rekey",
    "person_clean",
    "person_create",
    "person_keys_write",
    "person_move",
    "person_set_household",
    "person_update",
    "tags_ensure_default",
]
