"""Writes to the people registry: persons, their match keys, households, tags and consent.

Every write validates, audits, and keeps the derived fields true: the display forms of the
name in both scripts, the match keys search looks up, and the copies of the unit path.
Duplicate review and merging live in ``people.dedupe``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
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
from sangathan.people.models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Gender,
    Household,
    Person,
    PersonKey,
    RelationKind,
    Source,
    Tag,
)

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


def person_keys_write(person: Person) -> None:
    """Replace the person's match keys with keys made by the current rules."""
    PersonKey.objects.filter(person=person).delete()
    keys = set(names.match_keys(person.name))
    if person.name_latin and person.name_latin != person.name:
        keys.update(names.match_keys(person.name_latin))
    PersonKey.objects.bulk_create(
        [PersonKey(person=person, key=key[:32], unit_path=person.unit_path) for key in keys]
    )
    if person.key_version != names.KEY_VERSION:
        Person.objects.filter(pk=person.pk).update(key_version=names.KEY_VERSION)
        person.key_version = names.KEY_VERSION


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


@transaction.atomic
def person_move(*, person: Person, home_unit: Unit, actor: User | None = None) -> Person:
    """Give a person another home unit (they moved house, or were entered under the wrong
    booth). Editors of both the old and the new unit may."""
    if actor is not None:
        if person.home_unit is not None:
            require_role(actor, person.home_unit, Role.EDITOR)
        require_role(actor, home_unit, Role.EDITOR)
    old = person.home_unit
    person.home_unit = home_unit
    person.unit_path = home_unit.path
    left = person.household
    if left is not None and left.unit_id != home_unit.pk:
        person.household = None
        if left.head_id == person.pk:  # a household is never headed by someone not in it
            household_update(household=left, head=None, actor=actor)
    person.save(update_fields=["home_unit", "unit_path", "household", "updated_at"])
    PersonKey.objects.filter(person=person).update(unit_path=home_unit.path)
    audit(
        actor=actor,
        unit=home_unit,
        action="people.moved",
        target=person,
        changes={"home_unit": [str(old) if old else None, str(home_unit)]},
    )
    return person


# --- Households -----------------------------------------------------------------------------


def household_within_reach(actor: User, household: Household) -> bool:
    return Household.objects.filter(path_filter(actor, "unit_path"), pk=household.pk).exists()


@transaction.atomic
def household_create(
    *,
    unit: Unit,
    address: str = "",
    locality: str = "",
    code: str = "",
    size: int | None = None,
    source: str = Source.TYPED,
    uuid: UUID | None = None,
    actor: User | None = None,
) -> Household:
    """Add a household to ``unit`` (editors there). ``uuid`` is the id a phone gave it offline:
    the same upload twice stores one household and returns the first; an id that belongs to a
    household outside the actor's reach is refused as taken, telling them nothing about it."""
    if actor is not None:
        require_role(actor, unit, Role.EDITOR)
    if uuid is not None:
        earlier = Household.objects.filter(uuid=uuid).first()
        if earlier is not None:
            if actor is not None and not household_within_reach(actor, earlier):
                raise ValidationError(
                    {"uuid": _("This id already belongs to a different household.")}
                )
            return earlier
    code = clean_text(code)
    if code and Household.objects.filter(unit=unit, code=code).exists():
        raise ValidationError(
            {
                "code": _("The household code %(code)s is already used in %(unit)s.")
                % {"code": code, "unit": unit.name}
            }
        )
    if size is not None and not 1 <= size <= 99:
        raise ValidationError({"size": _("A household has between 1 and 99 members.")})
    household = Household.objects.create(
        **({"uuid": uuid} if uuid is not None else {}),
        unit=unit,
        unit_path=unit.path,
        address=clean_text(address),
        locality=clean_text(locality),
        code=code,
        size=size,
        source=source,
    )
    audit(
        actor=actor,
        unit=unit,
        action="households.created",
        target=household,
        changes={"address": household.address, "code": code},
    )
    return household


@transaction.atomic
def household_set_members(
    *,
    household: Household,
    members: list[Person],
    head: Person | None = None,
    actor: User | None = None,
) -> Household:
    """Make ``members`` the household's members (others leave it) and ``head`` its head."""
    if actor is not None:
        require_role(actor, household.unit, Role.EDITOR)
    if head is not None and head.pk not in {m.pk for m in members}:
        raise ValidationError({"head": _("The head of the household must be one of its members.")})
    outside = [m for m in members if m.home_unit_id != household.unit_id]
    if outside:
        raise ValidationError(
            {"members": _("%(name)s lives in another unit.") % {"name": outside[0].name}}
        )
    before = sorted(str(u) for u in household.members.values_list("uuid", flat=True))
    Person.objects.filter(household=household).exclude(pk__in=[m.pk for m in members]).update(
        household=None
    )
    Person.objects.filter(pk__in=[m.pk for m in members]).update(household=household)
    household.head = head
    household.save(update_fields=["head", "updated_at"])
    audit(
        actor=actor,
        unit=household.unit,
        action="households.members_set",
        target=household,
        changes={
            "members": [before, sorted(str(m.uuid) for m in members)],
            "head": head.name if head else None,
        },
    )
    return household


class _Unchanged(Enum):
    """The default of an argument left as it is, since ``None`` means "clear" (a head, a size)."""

    UNCHANGED = "unchanged"


UNCHANGED = _Unchanged.UNCHANGED


@transaction.atomic
def household_update(
    *,
    household: Household,
    address: str | _Unchanged = UNCHANGED,
    locality: str | _Unchanged = UNCHANGED,
    code: str | _Unchanged = UNCHANGED,
    size: int | _Unchanged | None = UNCHANGED,
    head: Person | _Unchanged | None = UNCHANGED,
    unit: Unit | _Unchanged = UNCHANGED,
    actor: User | None = None,
) -> Household:
    """Change what is given of a household's address, number, size and head (``head=None``
    leaves it without one). A new ``unit`` takes the members along, since a person's household
    is always in their home unit. Editors of the household's unit (and of the new one) may."""
    if actor is not None:
        require_role(actor, household.unit, Role.EDITOR)
        if not isinstance(unit, _Unchanged):
            require_role(actor, unit, Role.EDITOR)
    target = household.unit if isinstance(unit, _Unchanged) else unit
    values: dict[str, Any] = {}
    if not isinstance(address, _Unchanged):
        values["address"] = clean_text(address)
    if not isinstance(locality, _Unchanged):
        values["locality"] = clean_text(locality)
    if not isinstance(code, _Unchanged):
        values["code"] = clean_text(code)
    new_code = values.get("code", household.code)
    moved_or_renumbered = target.pk != household.unit_id or new_code != household.code
    others = Household.objects.filter(unit=target, code=new_code).exclude(pk=household.pk)
    if new_code and moved_or_renumbered and others.exists():
        raise ValidationError(
            {
                "code": _("The household code %(code)s is already used in %(unit)s.")
                % {"code": new_code, "unit": target.name}
            }
        )
    if not isinstance(size, _Unchanged):
        if size is not None and not 1 <= size <= 99:
            raise ValidationError({"size": _("A household has between 1 and 99 members.")})
        values["size"] = size
    changes: dict[str, Any] = diff(household, values)
    if not isinstance(head, _Unchanged) and head != household.head:
        # Asked of the database: members are set by queryset updates, so a copy may be stale.
        if head is not None and not household.members.filter(pk=head.pk).exists():
            raise ValidationError(
                {"head": _("The head of the household must be one of its members.")}
            )
        before = household.head
        changes["head"] = [before.name if before else None, head.name if head else None]
        values["head"] = head
    if target.pk != household.unit_id:
        changes["unit"] = [str(household.unit), str(target)]
        values.update(unit=target, unit_path=target.path)
    if not changes:
        return household
    for attr, value in values.items():
        setattr(household, attr, value)
    household.save(update_fields=[*values, "updated_at"])
    if "unit" in changes:
        # Members follow their home; person_move keeps the household (now in the new unit),
        # re-stamps each member's keys and audits each move.
        for member in Person.objects.filter(household=household).select_related("home_unit"):
            person_move(person=member, home_unit=target, actor=actor)
    audit(
        actor=actor,
        unit=household.unit,
        action="households.updated",
        target=household,
        changes=changes,
    )
    return household


@transaction.atomic
def person_set_household(
    *,
    person: Person,
    household: Household | None,
    move: bool = False,
    actor: User | None = None,
) -> Person:
    """Put ``person`` into ``household``, or with ``None`` take them out of theirs.

    A person's household is in their home unit: joining one elsewhere is refused unless
    ``move`` says to move the person there as well. A head who leaves leaves the household
    without a head, for an editor to choose the next one. Editors of the person's unit and of
    both households may."""
    # Members are set by queryset updates (household_set_members): the copy may be stale.
    person.refresh_from_db(fields=["household"])
    old = person.household
    if (old.pk if old else None) == (household.pk if household else None):
        return person
    if actor is not None:
        if person.home_unit is not None:
            require_role(actor, person.home_unit, Role.EDITOR)
        if old is not None:
            require_role(actor, old.unit, Role.EDITOR)
        if household is not None:
            require_role(actor, household.unit, Role.EDITOR)
    moving = household is not None and household.unit_id != person.home_unit_id
    if household is not None and moving and not move:
        raise ValidationError(
            {
                "household": _(
                    "%(name)s lives in another unit; move them to %(unit)s to join this household."
                )
                % {"name": person.name, "unit": household.unit.name}
            }
        )
    if old is not None and old.head_id == person.pk:
        household_update(household=old, head=None, actor=actor)
    if household is not None and moving:
        person_move(person=person, home_unit=household.unit, actor=actor)
    # A queryset update, like household_set_members: a stale copy of the person elsewhere in
    # the request must not write its other columns back.
    Person.objects.filter(pk=person.pk).update(household=household, updated_at=timezone.now())
    person.household = household
    audit(
        actor=actor,
        unit=person.home_unit,
        action="people.household_set",
        target=person,
        changes={"household": [str(old) if old else None, str(household) if household else None]},
    )
    return person


# --- Tags and consent -----------------------------------------------------------------------

DEFAULT_TAGS: list[tuple[str, str, str]] = [
    ("domestic-worker", "घरेलू कामगार", "Domestic worker"),
    ("daily-wage", "दिहाड़ी मजदूर", "Daily-wage labourer"),
    ("elderly-alone", "बुजुर्ग अकेले", "Elderly, living alone"),
    ("disabled", "दिव्यांग", "Person with disability"),
    ("widow", "विधवा", "Widow"),
    ("pregnant", "गर्भवती", "Pregnant woman"),
    ("unvaccinated", "टीका बाकी", "Not yet vaccinated"),
]


def tags_ensure_default() -> list[Tag]:
    """The tags every organisation starts with; existing ones are left as they are."""
    for code, hi, en in DEFAULT_TAGS:
        Tag.objects.get_or_create(code=code, defaults={"name_hi": hi, "name_en": en})
    return list(Tag.objects.all())


@transaction.atomic
def consent_record(
    *,
    person: Person,
    purpose: str,
    method: str,
    given_on: date | None = None,
    note: str = "",
    actor: User | None = None,
) -> Consent:
    """Record that ``person`` agreed to ``purpose``; by whom it was recorded is the actor."""
    if actor is not None and person.home_unit is not None:
        require_role(actor, person.home_unit, Role.WORKER)
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": _("Choose a purpose from the list.")})
    if method not in ConsentMethod.values:
        raise ValidationError({"method": _("Choose from the list how consent was given.")})
    day = given_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"given_on": _("Consent cannot be given in the future.")})
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        method=method,
        given_on=day,
        note=clean_text(note),
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit(
        actor=actor,
        unit=person.home_unit,
        action="people.consent_recorded",
        target=person,
        changes={"purpose": purpose, "method": method, "given_on": day.isoformat()},
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, consent: Consent, on: date | None = None, actor: User | None = None
) -> Consent:
    person = consent.person
    if actor is not None and person.home_unit is not None:
        require_role(actor, person.home_unit, Role.WORKER)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    consent.withdrawn_on = on or timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])
    audit(
        actor=actor,
        unit=person.home_unit,
        action="people.consent_withdrawn",
        target=person,
        changes={"purpose": consent.purpose, "withdrawn_on": consent.withdrawn_on.isoformat()},
    )
    return consent


def consents_current(person: Person) -> dict[str, Consent]:
    """The consent in force for each purpose (the latest not withdrawn)."""
    current: dict[str, Consent] = {}
    for consent in person.consents.filter(withdrawn_on__isnull=True).order_by("given_on", "id"):
        current[consent.purpose] = consent
    return current


def people_rekey(
    *,
    everyone: bool = False,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Recompute match keys made by older rules (or everyone's), a batch per transaction so a
    state-size registry is rekeyed without one huge lock. Returns how many people were
    rekeyed. Not audited per person: it changes no fact about anyone."""
    done = 0
    last_pk = 0
    while True:
        people = Person.objects.filter(pk__gt=last_pk).order_by("pk")
        if not everyone:
            people = people.exclude(key_version=names.KEY_VERSION)
        rows = list(people.values_list("pk", "name", "name_latin", "unit_path")[:batch_size])
        if not rows:
            return done
        with transaction.atomic():
            pks = [row[0] for row in rows]
            PersonKey.objects.filter(person_id__in=pks).delete()
            keys: list[PersonKey] = []
            for pk, name, latin, path in rows:
                made = set(names.match_keys(name))
                if latin and latin != name:
                    made.update(names.match_keys(latin))
                keys.extend(PersonKey(person_id=pk, key=k[:32], unit_path=path) for k in made)
            PersonKey.objects.bulk_create(keys, batch_size=5000)
            Person.objects.filter(pk__in=pks).update(key_version=names.KEY_VERSION)
        done += len(rows)
        last_pk = rows[-1][0]
        if progress is not None:
            progress(len(rows))
