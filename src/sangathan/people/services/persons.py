"""Writes to a person: cleaning what a form, an import row or the API gives (``person_clean``),
adding (``person_create``) and changing (``person_update``) a person.

Every write validates, audits, and keeps the derived fields true: the display forms of the
name in both scripts and the match keys search looks up (``keys``). Moving a person to
another unit touches their household, so ``person_move`` lives in ``households``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import path_filter, require_role
from sangathan.core.audit import audit, diff
from sangathan.core.models import Role
from sangathan.lib import names
from sangathan.lib.phones import InvalidPhone, phone_normalise
from sangathan.lib.text import clean_text
from sangathan.people.models import Gender, Household, Person, RelationKind, Source, Tag
from sangathan.people.services.keys import person_keys_write

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.units.models import Unit

# EPIC numbers: three letters and seven digits (older cards vary; those are refused with the
# reason, and can be kept in the note of a later feature rather than here).
_EPIC = re.compile(r"^[A-Z]{3}[0-9]{7}$")
_OLDEST = 1900
# Built once: TextChoices.values makes a new list on every call, and imports clean lakhs of rows.
_GENDERS = frozenset(Gender.values)
_RELATIONS = frozenset(RelationKind.values)


@dataclass
class PersonFields:
    """What a form, an import row or the API gives for a person, before cleaning."""

    name: str
    gender: str = Gender.UNKNOWN
    phone: str = ""
    phone2: str = ""
    relation_kind: str = ""
    relation_name: str = ""
    birth_year: int | None = None
    age: int | None = None
    locality: str = ""
    address: str = ""
    voter_id: str = ""
    ration_card: str = ""
    aadhaar_last4: str = ""
    tags: list[str] = field(default_factory=list)  # tag codes


def _phone(value: str, field_name: str) -> str:
    if not clean_text(value):
        return ""
    try:
        return phone_normalise(value)
    except InvalidPhone as exc:
        raise ValidationError(
            {field_name: _("%(phone)s is not a valid phone number.") % {"phone": value}}
        ) from exc


def person_clean(fields: PersonFields, *, today: date | None = None) -> dict[str, Any]:
    """Validate and normalise ``fields`` into model values. Raises one ValidationError with
    every problem, each on its field, in the user's language."""
    problems: dict[str, str] = {}
    raw_name = clean_text(fields.name)
    name, honorifics = names.split_honorifics(raw_name)
    if not name:
        problems["name"] = _("Give the person's name.")
    if fields.gender not in _GENDERS:
        problems["gender"] = _("Choose a gender from the list.")
    if fields.relation_kind and fields.relation_kind not in _RELATIONS:
        problems["relation_kind"] = _("Choose a relation from the list.")
    year = fields.birth_year
    this_year = (today or timezone.localdate()).year
    if year is None and fields.age is not None:
        if not 0 <= fields.age <= 120:
            problems["age"] = _("An age must be between 0 and 120.")
        else:
            year = this_year - fields.age
    if year is not None and not _OLDEST <= year <= this_year:
        problems["birth_year"] = _("The year of birth must be between %(oldest)s and %(now)s.") % {
            "oldest": _OLDEST,
            "now": this_year,
        }
    values: dict[str, Any] = {}
    for attr, field_name in (("phone", "phone"), ("phone2", "phone2")):
        try:
            values[attr] = _phone(getattr(fields, attr), field_name)
        except ValidationError as exc:
            problems.update({k: v[0] for k, v in exc.message_dict.items()})
    voter_id = clean_text(fields.voter_id).upper().replace(" ", "")
    if voter_id and not _EPIC.match(voter_id):
        problems["voter_id"] = _(
            "%(value)s is not a voter ID (EPIC): three letters and seven digits, e.g. ABC1234567."
        ) % {"value": fields.voter_id}
    aadhaar = re.sub(r"\D", "", fields.aadhaar_last4 or "")
    if fields.aadhaar_last4 and len(aadhaar) != 4:
        problems["aadhaar_last4"] = _(
            "Give only the last 4 digits of the Aadhaar number; the full number is never kept."
        )
    if problems:
        raise ValidationError(problems)
    display_deva, display_latin = _display_forms(name)
    values.update(
        name=name,
        name_deva=display_deva,
        name_latin=display_latin,
        honorifics=" ".join(honorifics)[:50],
        gender=fields.gender,
        relation_kind=fields.relation_kind,
        relation_name=names.normalise_name(fields.relation_name),
        birth_year=year,
        locality=clean_text(fields.locality),
        address=clean_text(fields.address),
        voter_id=voter_id,
        ration_card=clean_text(fields.ration_card).upper(),
        aadhaar_last4=aadhaar,
    )
    return values


def _display_forms(name: str) -> tuple[str, str]:
    """(Devanagari, Latin) display forms: the typed name in its own script, a derived one in
    the other where the rules are confident."""
    script = names.script_of(name)
    if script == "deva":
        return name, names.to_latin(name)
    if script == "latn":
        return names.to_devanagari(name), name
    return "", ""


def _tags(codes: list[str]) -> list[Tag]:
    wanted = {clean_text(c) for c in codes if clean_text(c)}
    found = list(Tag.objects.filter(code__in=wanted))
    unknown = wanted - {t.code for t in found}
    if unknown:
        raise ValidationError(
            {"tags": _("Unknown tag: %(tags)s.") % {"tags": ", ".join(sorted(unknown))}}
        )
    return found


def _check_unit(actor: User | None, unit: Unit | None, role: str = Role.EDITOR) -> None:
    if actor is None:
        return
    if unit is None:
        if not actor.is_superuser:
            raise ValidationError({"home_unit": _("Choose the person's unit.")})
        return
    require_role(actor, unit, role)


def _within_reach(actor: User, person: Person) -> bool:
    """Whether the actor may see ``person`` at all (any role), the way the pages decide."""
    return Person.objects.filter(path_filter(actor, "unit_path"), pk=person.pk).exists()


@transaction.atomic
def person_create(
    *,
    name: str = "",
    gender: str = Gender.UNKNOWN,
    phone: str = "",
    home_unit: Unit | None = None,
    household: Household | None = None,
    details: PersonFields | None = None,
    source: str = Source.TYPED,
    source_detail: str = "",
    uuid: UUID | None = None,
    actor: User | None = None,
    # Relief only (``relief.beneficiaries.beneficiary_quick_add``): a worker of the unit may
    # enrol a newcomer at a distribution point. Everyone else keeps the editor default.
    min_role: str = Role.EDITOR,
) -> Person:
    """Add a person: ``name``, ``gender`` and ``phone``, or every field in ``details``.

    ``uuid`` is the id a phone gave the record offline: the same upload twice stores one
    person, and returns the first record. An id that belongs to someone outside the actor's
    reach is refused as taken, which tells an outsider nothing about that person. Duplicate
    checks (``people.dedupe``) run on what this returns."""
    _check_unit(actor, home_unit, min_role)
    if uuid is not None:
        earlier = Person.objects.filter(uuid=uuid).first()
        if earlier is not None:
            if actor is not None and not _within_reach(actor, earlier):
                raise ValidationError({"uuid": _("This id already belongs to a different person.")})
            return earlier
    fields = details or PersonFields(name=name, gender=gender, phone=phone)
    values = person_clean(fields)
    tags = _tags(fields.tags)
    if household is not None and home_unit is not None and household.unit_id != home_unit.pk:
        raise ValidationError({"household": _("The household belongs to another unit.")})
    person = Person.objects.create(
        **({"uuid": uuid} if uuid is not None else {}),
        **values,
        home_unit=home_unit,
        unit_path=home_unit.path if home_unit is not None else "",
        household=household,
        source=source,
        source_detail=source_detail[:200],
    )
    if tags:
        person.tags.set(tags)
    person_keys_write(person)
    audit(
        actor=actor,
        unit=home_unit,
        action="people.created",
        target=person,
        changes={"name": person.name, "gender": person.gender, "source": source},
    )
    return person


# Fields whose old and new values an audit entry must not show: it records that they changed.
_PRIVATE = {"phone", "phone2", "voter_id", "ration_card", "aadhaar_last4"}


@transaction.atomic
def person_update(
    *,
    person: Person,
    name: str | None = None,
    gender: str | None = None,
    phone: str | None = None,
    details: PersonFields | None = None,
    actor: User | None = None,
) -> Person:
    """Change a person's details. With ``details`` every field is replaced; otherwise only
    ``name``, ``gender`` and ``phone`` (those given)."""
    if actor is not None and person.home_unit is not None:
        require_role(actor, person.home_unit, Role.EDITOR)
    if details is None:
        details = _fields_of(person)
        if name is not None:
            details.name = name
        if gender is not None:
            details.gender = gender
        if phone is not None:
            details.phone = phone
    values = person_clean(details)
    tags = _tags(details.tags)
    changes = diff(person, values)
    old_tags = sorted(person.tags.values_list("code", flat=True))
    new_tags = sorted(t.code for t in tags)
    if old_tags != new_tags:
        person.tags.set(tags)
        changes["tags"] = [old_tags, new_tags]
    if changes:
        for attr, value in values.items():
            setattr(person, attr, value)
        # Only the changed columns: a stale copy must not undo what another service wrote
        # meanwhile (household_set_members writes with a queryset update).
        columns = [name for name in changes if name in values]
        if columns:
            person.save(update_fields=[*columns, "updated_at"])
        if "name" in changes or "name_latin" in changes:
            person_keys_write(person)
        for private in _PRIVATE & set(changes):
            changes[private] = ["…", "…"]
        audit(
            actor=actor,
            unit=person.home_unit,
            action="people.updated",
            target=person,
            changes=changes,
        )
    return person


def _fields_of(person: Person) -> PersonFields:
    return PersonFields(
        name=(f"{person.honorifics} {person.name}" if person.honorifics else person.name),
        gender=person.gender,
        phone=person.phone,
        phone2=person.phone2,
        relation_kind=person.relation_kind,
        relation_name=person.relation_name,
        birth_year=person.birth_year,
        locality=person.locality,
        address=person.address,
        voter_id=person.voter_id,
        ration_card=person.ration_card,
        aadhaar_last4=person.aadhaar_last4,
        tags=list(person.tags.values_list("code", flat=True)) if person.pk else [],
    )
