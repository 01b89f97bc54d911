"""A person's rights over their data: see all of it, have it erased; and who sees it in full.

Export gives everything the registry holds about one person as JSON. Erasure replaces the
personal fields with an "erased person" placeholder but keeps the row, so appointments,
distributions and counts that refer to the person stay true ("an erased person held this post
from 2019 to 2021"). Both are for admins of the person's unit and are audited; the audit entry
of an erasure carries no personal value, and earlier entries about the person lose theirs.
Full phone numbers and ids are for editors; every time a page shows them, it says so here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import has_role, reach_of, require_role
from sangathan.core.audit import audit
from sangathan.core.models import AuditEntry, Role
from sangathan.lib.text import clean_text
from sangathan.people.merging import person_references
from sangathan.people.models import (
    DuplicatePair,
    DuplicateStatus,
    Gender,
    MergeRecord,
    Person,
    PersonKey,
    PersonStatus,
)

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.core.models import User

ERASED_NAME = "मिटाया गया व्यक्ति"
ERASED_NAME_LATIN = "Erased person"
# What erasure empties. The unit, household and gender-neutral status stay: they are what
# counts are made of, and say nothing about who the person was.
_ERASED_FIELDS: dict[str, Any] = {
    "name": ERASED_NAME,
    "name_deva": ERASED_NAME,
    "name_latin": ERASED_NAME_LATIN,
    "honorifics": "",
    "relation_kind": "",
    "relation_name": "",
    "gender": Gender.UNKNOWN,
    "birth_year": None,
    "phone": "",
    "phone2": "",
    "locality": "",
    "address": "",
    "voter_id": "",
    "ration_card": "",
    "aadhaar_last4": "",
    "source_detail": "",
}
# Keys of audit changes whose values are personal: blanked in the entries about an erased
# person ("person" is how appointment entries name the holder). Elsewhere in those entries
# the old name is replaced wherever it appears (a household's "head").
_PERSONAL_KEYS = set(_ERASED_FIELDS) | {"person"}
_REDACTED = "…"
# Sections of the export that have their own readable form; other tables come generically.
_OWN_SECTIONS = {
    "people.consent.person",
    "people.person_tags.person",
    "units.appointment.person",
    "core.user.person",
}


def _require_admin(actor: User | None, person: Person) -> None:
    if actor is None:
        return  # the system (a command run by the operator)
    if person.home_unit is None:
        if not actor.is_superuser:
            raise Http404
        return
    require_role(actor, person.home_unit, Role.ADMIN)


def can_see_full(user: AnyUser, person: Person) -> bool:
    """Full phones and ids are for editors (or better) of the person's home unit."""
    if person.home_unit is None:
        return reach_of(user).everything
    return has_role(user, person.home_unit, Role.EDITOR)


def person_view_full(*, person: Person, actor: User) -> None:
    """Record that ``actor`` was shown the person's full phones and ids."""
    if not can_see_full(actor, person):
        raise Http404
    audit(actor=actor, unit=person.home_unit, action="people.viewed_full", target=person)


# --- Export ---------------------------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    return {f.attname: _value(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def person_export_data(*, person: Person, actor: User | None) -> dict[str, Any]:
    """Everything stored about ``person``, as JSON-ready data (for the person who asked)."""
    _require_admin(actor, person)
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "person": _row(person),
        "home_unit": _unit(person.home_unit),
        "tags": [
            {"code": t.code, "name_hi": t.name_hi, "name_en": t.name_en} for t in person.tags.all()
        ],
        "consents": [
            {
                "uuid": str(c.uuid),
                "purpose": c.purpose,
                "method": c.method,
                "given_on": c.given_on.isoformat(),
                "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
                "note": c.note,
                "recorded_by": c.recorded_by.username if c.recorded_by else None,
            }
            for c in person.consents.select_related("recorded_by")
        ],
        "household": _household(person),
        "appointments": [
            {
                "uuid": str(a.uuid),
                "post": a.post_type.name_hi,
                "unit": _unit(a.unit),
                "from": a.start_date.isoformat(),
                "until": a.end_date.isoformat() if a.end_date else None,
                "end_reason": a.end_reason,
            }
            for a in person.appointments.select_related("post_type", "unit")
        ],
        "account": _account(person),
        "duplicate_pairs": _pairs(person),
        "merges": [
            {
                "uuid": str(r.uuid),
                "as": "survivor" if r.survivor_id == person.pk else "merged",
                "other": str((r.merged if r.survivor_id == person.pk else r.survivor).uuid),
                "at": r.created_at.isoformat(),
                "undone_at": r.undone_at.isoformat() if r.undone_at else None,
            }
            for r in MergeRecord.objects.filter(Q(survivor=person) | Q(merged=person))
            .select_related("survivor", "merged")
            .order_by("pk")
        ],
        "audit": [
            {
                "at": e.created_at.isoformat(),
                "action": e.action,
                "by": e.actor.username if e.actor else None,
                "changes": _value(e.changes),
            }
            for e in AuditEntry.objects.filter(
                target_type="people.person", target_id=str(person.uuid)
            )
            .select_related("actor")
            .order_by("created_at", "id")
        ],
        "other_records": _other_records(person),
    }
    audit(
        actor=actor,
        unit=person.home_unit,
        action="people.data_exported",
        target=person,
        changes={k: len(v) for k, v in data.items() if isinstance(v, list)},
    )
    return data


def _unit(unit: Any) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {
        "uuid": str(unit.uuid),
        "code": unit.code,
        "name_hi": unit.name_hi,
        "name_en": unit.name_en,
    }


def _household(person: Person) -> dict[str, Any] | None:
    household = person.household
    if household is None:
        return None
    return {
        "uuid": str(household.uuid),
        "code": household.code,
        "address": household.address,
        "locality": household.locality,
        "unit": _unit(household.unit),
        "is_head": household.head_id == person.pk,
    }


def _account(person: Person) -> dict[str, Any] | None:
    from sangathan.core.models import User

    user = User.objects.filter(person=person).first()
    if user is None:
        return None
    return {"username": user.username, "language": user.language, "is_active": user.is_active}


def _pairs(person: Person) -> list[dict[str, Any]]:
    pairs = DuplicatePair.objects.filter(Q(person_a=person) | Q(person_b=person)).select_related(
        "person_a", "person_b"
    )
    return [
        {
            "uuid": str(p.uuid),
            "other": str((p.person_b if p.person_a_id == person.pk else p.person_a).uuid),
            "score": p.score,
            "band": p.band,
            "status": p.status,
            "reasons": p.reasons,
        }
        for p in pairs.order_by("pk")
    ]


def _other_records(person: Person) -> dict[str, list[dict[str, Any]]]:
    """Rows of other tables (households headed, later features' records) that refer to the
    person, field by field."""
    found: dict[str, list[dict[str, Any]]] = {}
    for model, fk in person_references():
        key = f"{model._meta.label_lower}.{fk.name}"
        if key in _OWN_SECTIONS:
            continue
        rows = [
            _row(r) for r in model._base_manager.filter(**{fk.attname: person.pk}).order_by("pk")
        ]
        if rows:
            found[key] = rows
    return found


# --- Erasure --------------------------------------------------------------------------------


@transaction.atomic
def person_erase(*, person: Person, actor: User | None, reason: str) -> Person:
    """Erase the person's personal data for good, keeping the row so that what refers to it
    (posts held, relief received, counts) stays true and shows "erased person"."""
    _require_admin(actor, person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    reason = clean_text(reason)
    if person.status == PersonStatus.ERASED:
        raise ValidationError(_("This person's data has already been erased."))
    if not reason:
        raise ValidationError({"reason": _("Give the reason for erasing this person's data.")})
    from sangathan.core.models import User

    if User.objects.filter(person=person).exists():
        raise ValidationError(
            _(
                "%(name)s has an account. Deactivate the account and unlink it from the person "
                "first, then erase the data."
            )
            % {"name": person.name}
        )
    old_names = {n for n in (person.name, person.name_deva, person.name_latin) if n}
    cleared = sorted(k for k, v in _ERASED_FIELDS.items() if getattr(person, k) != v)
    for attname, value in _ERASED_FIELDS.items():
        setattr(person, attname, value)
    person.status = PersonStatus.ERASED
    person.save()
    if person.tags.exists():
        person.tags.clear()
        cleared.append("tags")
    person.consents.exclude(note="").update(note="")
    PersonKey.objects.filter(person=person).delete()
    # Pairs waiting for review have nothing left to compare; decided ones hold no personal data.
    DuplicatePair.objects.filter(
        Q(person_a=person) | Q(person_b=person), status=DuplicateStatus.OPEN
    ).delete()
    # A merge record keeps the survivor's old phone or voter ID for an undo that can no
    # longer happen.
    MergeRecord.objects.filter(survivor=person).update(survivor_before={})
    _redact_history(person, old_names)
    audit(
        actor=actor,
        unit=person.home_unit,
        action="people.erased",
        target=person,
        changes={"reason": reason, "cleared": cleared},
    )
    return person


def _redact_history(person: Person, old_names: set[str]) -> None:
    """Blank the personal values earlier audit entries hold about the person: the entries
    stay (who did what, when), the name and numbers go. The entries looked at are those about
    the person and about every row that refers to them (posts held, households, later
    features' records), found through the model registry like a merge finds them."""
    about = Q(target_type="people.person", target_id=str(person.uuid))
    for model, fk in person_references():
        if model._meta.auto_created:
            continue  # many-to-many rows have no entries of their own
        has_uuid = any(f.name == "uuid" for f in model._meta.concrete_fields)
        ids = model._base_manager.filter(**{fk.attname: person.pk}).values_list(
            "uuid" if has_uuid else "pk", flat=True
        )
        about |= Q(target_type=model._meta.label_lower, target_id__in=[str(i) for i in ids])
    if person.household is not None:
        about |= Q(target_type="people.household", target_id=str(person.household.uuid))
    names_longest_first = sorted(old_names, key=len, reverse=True)

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            for name in names_longest_first:
                value = value.replace(name, ERASED_NAME)
            return value
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if isinstance(value, dict):
            return {k: scrub(v) for k, v in value.items()}
        return value

    for entry in AuditEntry.objects.filter(about):
        changes = {
            key: ([_REDACTED, _REDACTED] if isinstance(value, list) else _REDACTED)
            if key in _PERSONAL_KEYS
            else scrub(value)
            for key, value in (entry.changes or {}).items()
        }
        text = scrub(entry.target_repr)
        if text != entry.target_repr or changes != entry.changes:
            entry.target_repr = text
            entry.changes = changes
            entry.save(update_fields=["target_repr", "changes"])
