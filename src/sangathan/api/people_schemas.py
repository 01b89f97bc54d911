"""The people and households API's input and output shapes.

What a caller sees of a person depends on their role over the person's home unit: editors and
above get phones, the voter ID, the ration card and the last four Aadhaar digits as stored;
viewers and workers get phones masked (98xxxxxx10), the voter ID cut to its last three
characters, and no ration card or Aadhaar digits at all. The full Aadhaar number is never
stored, so it can never be shown."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Schema

from sangathan.core.access import path_filter, reach_of
from sangathan.core.models import Role
from sangathan.lib.phones import phone_mask
from sangathan.people.models import Household, Person, PersonStatus
from sangathan.people.services import consents_current
from sangathan.units.models import Appointment, Unit, bilingual

GENDERS = "`F` female, `M` male, `O` other, `U` not known."
RELATIONS = "`father`, `husband`, `mother`, `other`, or empty."


def _request(context: Any) -> HttpRequest:
    return context["request"]


def sees_full(request: HttpRequest, person: Person) -> bool:
    """Whether the caller is an editor (or above) over the person's home unit."""
    role = reach_of(request.user).role_at(person.unit_path)
    return role is not None and Role.rank(role) >= Role.rank(Role.EDITOR)


def voter_id_mask(voter_id: str) -> str:
    """xxxxxxx567: enough to tell two cards apart, not enough to use one."""
    if not voter_id:
        return ""
    return "x" * max(len(voter_id) - 3, 0) + voter_id[-3:]


# --- References -----------------------------------------------------------------------------


class UnitBrief(Schema):
    """A unit named in a person or household record."""

    uuid: UUID
    code: str | None
    name: str = Field(description="In the caller's language.")
    name_hi: str
    name_en: str

    @staticmethod
    def resolve_name(obj: Unit) -> str:
        return bilingual(obj.name_hi, obj.name_en)


class PersonBrief(Schema):
    uuid: UUID
    name: str


# --- People ---------------------------------------------------------------------------------


class PersonItemOut(Schema):
    """A person in a list or a search result."""

    uuid: UUID
    name: str = Field(description="As typed, honorifics set aside.")
    name_deva: str = Field(description="The name in Devanagari (typed or derived).")
    name_latin: str = Field(description="The name in Latin letters (typed or derived).")
    gender: str = Field(description=GENDERS)
    birth_year: int | None
    relation_kind: str = Field(description=RELATIONS)
    relation_name: str = Field(description="The father's, husband's or mother's name.")
    unit: UnitBrief | None = Field(description="The person's home unit, usually a booth.")
    household: UUID | None
    phone: str = Field(
        description="E.164 for editors of the person's unit; masked (98xxxxxx10) for others."
    )
    phone_masked: bool
    tags: list[str] = Field(description="Tag codes, e.g. `domestic-worker`.")
    status: str = Field(description="`active`, `held` (a probable duplicate), `merged`.")
    score: float | None = Field(
        None, description="How well the name matches the search, 0 to 100; empty in lists."
    )

    @staticmethod
    def resolve_unit(obj: Person) -> Unit | None:
        return obj.home_unit

    @staticmethod
    def resolve_household(obj: Person) -> UUID | None:
        return obj.household.uuid if obj.household is not None else None

    @staticmethod
    def resolve_phone(obj: Person, context: Any) -> str:
        return obj.phone if sees_full(_request(context), obj) else phone_mask(obj.phone)

    @staticmethod
    def resolve_phone_masked(obj: Person, context: Any) -> bool:
        return bool(obj.phone) and not sees_full(_request(context), obj)

    @staticmethod
    def resolve_tags(obj: Person) -> list[str]:
        return sorted(tag.code for tag in obj.tags.all())

    @staticmethod
    def resolve_score(obj: Person) -> float | None:
        return getattr(obj, "score", None)


class ConsentOut(Schema):
    uuid: UUID
    purpose: str = Field(description="`contact`, `relief`, `schemes`, `campaigns`, `photo`.")
    method: str = Field(description="`verbal`, `signed`, `phone`, `app`.")
    given_on: date


class PostBrief(Schema):
    uuid: UUID
    code: str
    name: str = Field(description="In the caller's language.")
    name_hi: str
    name_en: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return bilingual(obj.name_hi, obj.name_en)


class PostHeldOut(Schema):
    appointment_uuid: UUID
    post: PostBrief
    unit: UnitBrief
    start_date: date

    @staticmethod
    def resolve_appointment_uuid(obj: Appointment) -> UUID:
        return obj.uuid

    @staticmethod
    def resolve_post(obj: Appointment) -> Any:
        return obj.post_type


class PersonDetailOut(PersonItemOut):
    """One person, as much as the caller's role allows."""

    honorifics: str = Field(description="श्री, श्रीमती, Dr. ... as typed before the name.")
    phone2: str = Field(description="Masked like `phone`.")
    locality: str
    address: str
    voter_id: str = Field(description="In full for editors; the last three characters for others.")
    ration_card: str | None = Field(description="Editors only; empty for other roles.")
    aadhaar_last4: str | None = Field(
        description="The last four digits, the most ever stored; editors only."
    )
    consents: list[ConsentOut] = Field(description="The consent in force for each purpose.")
    posts: list[PostHeldOut] = Field(description="Posts held today, in units you may see.")
    source: str = Field(description="`typed`, `import`, `field` or `demo`.")
    merged_into: UUID | None = Field(description="For a merged record, the record it joined.")
    can_edit: bool = Field(description="Whether you may change this person.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_phone2(obj: Person, context: Any) -> str:
        return obj.phone2 if sees_full(_request(context), obj) else phone_mask(obj.phone2)

    @staticmethod
    def resolve_voter_id(obj: Person, context: Any) -> str:
        return obj.voter_id if sees_full(_request(context), obj) else voter_id_mask(obj.voter_id)

    @staticmethod
    def resolve_ration_card(obj: Person, context: Any) -> str | None:
        return obj.ration_card if sees_full(_request(context), obj) else None

    @staticmethod
    def resolve_aadhaar_last4(obj: Person, context: Any) -> str | None:
        return obj.aadhaar_last4 if sees_full(_request(context), obj) else None

    @staticmethod
    def resolve_consents(obj: Person) -> list[Any]:
        return list(consents_current(obj).values())

    @staticmethod
    def resolve_posts(obj: Person, context: Any) -> list[Appointment]:
        user = _request(context).user
        return list(
            Appointment.objects.active()
            .filter(path_filter(user, "unit_path"), person=obj)
            .select_related("post_type", "unit")
            .order_by("unit__path", "post_type__sort_order")
        )

    @staticmethod
    def resolve_merged_into(obj: Person) -> UUID | None:
        return obj.merged_into.uuid if obj.merged_into is not None else None

    @staticmethod
    def resolve_can_edit(obj: Person, context: Any) -> bool:
        return sees_full(_request(context), obj)


class DuplicateBrief(Schema):
    """Another record the new one may be the same person as."""

    uuid: UUID = Field(description="The other person.")
    name: str
    score: float
    band: str = Field(description="`probable` (the new record is held) or `possible`.")


class PersonCreatedOut(PersonDetailOut):
    duplicates: list[DuplicateBrief] = Field(
        description="Records that may be the same person, best first. A probable duplicate "
        "is held (`status: held`) until an editor reviews it."
    )


class DuplicateOut(Schema):
    """An open question: are these two records one person?"""

    uuid: UUID = Field(description="The pair, as the review queue names it.")
    person: PersonItemOut = Field(description="The other record.")
    score: float
    band: str = Field(description="`probable` or `possible`.")
    reasons: dict[str, Any] = Field(
        description='What looks alike, e.g. {"name": 96.0, "birth_year": 1, "phone": true}.'
    )
    created_at: datetime


# --- People: input --------------------------------------------------------------------------


class PeopleQuery(Schema):
    q: str | None = Field(
        None,
        max_length=200,
        description="A name in either script and any common spelling, a full phone number, or "
        "a voter ID. Without it, everyone in name order.",
    )
    within: UUID | None = Field(None, description="Only people of this unit's subtree.")
    held: bool = Field(False, description="Also records held as probable duplicates.")


class HouseholdsQuery(Schema):
    within: UUID | None = Field(None, description="Only households of this unit's subtree.")


class PersonFieldsIn(Schema):
    """A person's details as a form or the field app gives them; the server cleans them."""

    name: str = Field(
        max_length=200, description="In either script; honorifics (श्री, Smt.) are set aside."
    )
    gender: str = Field("U", max_length=1, description=GENDERS)
    phone: str = Field("", max_length=30, description="Any common form; India by default.")
    phone2: str = Field("", max_length=30)
    relation_kind: str = Field("", max_length=10, description=RELATIONS)
    relation_name: str = Field("", max_length=200)
    birth_year: int | None = None
    age: int | None = Field(None, description="Used when `birth_year` is not given.")
    locality: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    voter_id: str = Field("", max_length=20, description="EPIC: three letters, seven digits.")
    ration_card: str = Field("", max_length=30)
    aadhaar_last4: str = Field(
        "", max_length=20, description="Only the last four digits; a full number is refused."
    )
    tags: list[str] = Field(default_factory=list, description="Tag codes.")


class PersonCreateIn(PersonFieldsIn):
    home_unit: UUID = Field(description="The person's unit, usually a booth.")
    household: UUID | None = Field(None, description="A household of the same unit.")
    uuid: UUID | None = Field(
        None,
        description="The id the device gave this person; sending it again returns the first "
        "record (200) instead of making a second (201).",
    )


class PersonUpdateIn(Schema):
    """Only the fields sent change; send an empty string or null to clear one."""

    name: str | None = Field(None, max_length=200)
    gender: str | None = Field(None, max_length=1, description=GENDERS)
    phone: str | None = Field(None, max_length=30)
    phone2: str | None = Field(None, max_length=30)
    relation_kind: str | None = Field(None, max_length=10, description=RELATIONS)
    relation_name: str | None = Field(None, max_length=200)
    birth_year: int | None = None
    age: int | None = Field(None, description="Sets the year of birth from an age.")
    locality: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=300)
    voter_id: str | None = Field(None, max_length=20)
    ration_card: str | None = Field(None, max_length=30)
    aadhaar_last4: str | None = Field(None, max_length=20)
    tags: list[str] | None = Field(None, description="Replaces the person's tags.")


class PersonBatchRecord(PersonFieldsIn):
    uuid: UUID = Field(description="The id the device gave this person: required here.")
    home_unit: UUID
    household: UUID | None = None


class PersonBatchIn(Schema):
    people: list[PersonBatchRecord] = Field(description="At most 500 people.")


class BatchResultOut(Schema):
    uuid: UUID
    status: str = Field(
        description="`created`, `exists` (stored by an earlier upload) or `invalid`."
    )
    code: str | None = Field(
        None, description="For `invalid`: `invalid`, `not_found` or `forbidden`."
    )
    errors: dict[str, list[str]] | None = Field(
        None, description="For `invalid`: the problems, by field, in your language."
    )
    person_status: str | None = Field(
        None, description="`active`, or `held` when the record is a probable duplicate."
    )


class BatchOut(Schema):
    results: list[BatchResultOut] = Field(description="One per person sent, in the same order.")
    created: int
    exists: int
    invalid: int


# --- Households -----------------------------------------------------------------------------


class HouseholdItemOut(Schema):
    uuid: UUID
    code: str = Field(description="The office's own household number, if any.")
    unit: UnitBrief
    address: str
    locality: str
    head: PersonBrief | None
    size: int | None = Field(description="Members as told by the family.")
    members_count: int = Field(description="Members registered here.")

    @staticmethod
    def resolve_members_count(obj: Household) -> int:
        counted = getattr(obj, "members_count", None)
        return counted if counted is not None else obj.members.count()


class HouseholdDetailOut(HouseholdItemOut):
    members: list[PersonItemOut] = Field(description="In name order; phones as for any person.")

    @staticmethod
    def resolve_members(obj: Household) -> list[Person]:
        return list(
            obj.members.filter(status__in=[PersonStatus.ACTIVE, PersonStatus.HELD])
            .select_related("home_unit", "household")
            .prefetch_related("tags")
            .order_by("name", "pk")
        )


class HouseholdCreateIn(Schema):
    unit: UUID = Field(description="The household's unit, usually a booth.")
    address: str = Field("", max_length=300)
    locality: str = Field("", max_length=200)
    code: str = Field("", max_length=50)
    size: int | None = Field(None, description="Members as told by the family, 1 to 99.")
    uuid: UUID | None = Field(
        None,
        description="The id the device gave this household; sending it again returns the "
        "first one (200) instead of making a second (201).",
    )


class HouseholdMembersIn(Schema):
    members: list[UUID] = Field(description="Everyone living there; others leave the household.")
    head: UUID | None = Field(None, description="One of the members, or none.")


class HouseholdUpdateIn(Schema):
    """Only the fields sent change."""

    address: str | None = Field(None, max_length=300)
    locality: str | None = Field(None, max_length=200)
    code: str | None = Field(None, max_length=50)
    size: int | None = Field(None, description="1 to 99; null clears it.")
    head: UUID | None = Field(None, description="One of the members; null leaves no head.")
    unit: UUID | None = Field(
        None, description="Move the household (and its members) to this unit."
    )


class PersonHouseholdIn(Schema):
    household: UUID | None = Field(description="The household to join; null to leave one.")
    move: bool = Field(
        False, description="Join a household of another unit by moving the person there."
    )
