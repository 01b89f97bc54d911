"""Writes to the people registry. The people issue adds match keys, households and consent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sangathan.core.access import require_role
from sangathan.core.audit import audit, diff
from sangathan.core.models import Role
from sangathan.lib.phones import InvalidPhone, phone_normalise
from sangathan.lib.text import clean_text
from sangathan.people.models import Gender, Person

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.units.models import Unit


def _clean(name: str, gender: str, phone: str) -> tuple[str, str, str]:
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": _("Give the person's name.")})
    if gender not in Gender.values:
        raise ValidationError({"gender": _("Choose a gender from the list.")})
    phone_e164 = ""
    if clean_text(phone):
        try:
            phone_e164 = phone_normalise(phone)
        except InvalidPhone as exc:
            raise ValidationError(
                {"phone": _("%(phone)s is not a valid phone number.") % {"phone": phone}}
            ) from exc
    return name, gender, phone_e164


@transaction.atomic
def person_create(
    *,
    name: str,
    gender: str = Gender.UNKNOWN,
    phone: str = "",
    home_unit: Unit | None = None,
    actor: User | None = None,
) -> Person:
    if actor is not None and home_unit is not None:
        require_role(actor, home_unit, Role.EDITOR)
    name, gender, phone_e164 = _clean(name, gender, phone)
    person = Person.objects.create(
        name=name,
        gender=gender,
        phone=phone_e164,
        home_unit=home_unit,
        unit_path=home_unit.path if home_unit is not None else "",
    )
    audit(
        actor=actor,
        unit=home_unit,
        action="people.created",
        target=person,
        changes={"name": name, "gender": gender},
    )
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    name: str,
    gender: str,
    phone: str = "",
    actor: User | None = None,
) -> Person:
    if actor is not None and person.home_unit is not None:
        require_role(actor, person.home_unit, Role.EDITOR)
    name, gender, phone_e164 = _clean(name, gender, phone)
    changes = diff(person, {"name": name, "gender": gender, "phone": phone_e164})
    if changes:
        person.name, person.gender, person.phone = name, gender, phone_e164
        person.save(update_fields=["name", "gender", "phone", "updated_at"])
        if "phone" in changes:
            changes["phone"] = ["…", "…"]  # the log records that it changed, not the number
        audit(
            actor=actor,
            unit=person.home_unit,
            action="people.updated",
            target=person,
            changes=changes,
        )
    return person
