"""A person's consent: recorded and withdrawn per purpose, and the consent in force."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import require_role
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.text import clean_text
from sangathan.people.models import Consent, ConsentMethod, ConsentPurpose, Person

if TYPE_CHECKING:
    from sangathan.core.models import User


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
