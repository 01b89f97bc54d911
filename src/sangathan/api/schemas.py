"""The API's input and output shapes. Records are named by uuid (units also by code), never
by database id. Outputs are read from model objects; the few values that depend on who asks
(a phone number, the caller's role) are resolved with the request in the context."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Schema

from sangathan.core.access import has_role, role_for_unit
from sangathan.core.models import Role
from sangathan.lib.phones import phone_mask
from sangathan.units.models import Appointment, Unit


def _request(context: Any) -> HttpRequest:
    return context["request"]


# --- Levels and units -----------------------------------------------------------------------


class LevelOut(Schema):
    depth: int = Field(description="1 is the top level.")
    name_hi: str
    name_en: str


class UnitRef(Schema):
    """A unit named in another record."""

    uuid: UUID
    code: str | None
    name_hi: str
    name_en: str
    level: LevelOut


class UnitOut(UnitRef):
    parent_uuid: UUID | None = Field(None, description="Empty for the top unit.")
    depth: int = Field(description="Depth in the tree; the top unit is 1.")
    children: int = Field(description="Number of units directly under this one.")

    @staticmethod
    def resolve_parent_uuid(obj: Unit) -> UUID | None:
        # Lists annotate it in the same query; a single unit looks its parent up.
        if hasattr(obj, "parent_uuid"):
            return obj.parent_uuid
        if obj.depth <= 1:
            return None
        parent_path = obj.path[: -Unit.steplen]
        return Unit.objects.filter(path=parent_path).values_list("uuid", flat=True).first()

    @staticmethod
    def resolve_children(obj: Unit) -> int:
        return obj.numchild


class LevelCount(Schema):
    level: LevelOut
    count: int


class ChildOut(UnitOut):
    counts: list[LevelCount] = Field(
        description="How many units of each lower level this child holds."
    )


class UnitCreateIn(Schema):
    parent: UUID = Field(description="The unit to add the new unit under.")
    level: int | str = Field(description="The new unit's level: its depth or its name.")
    name_hi: str = Field(max_length=200)
    name_en: str = Field("", max_length=200)
    code: str | None = Field(None, max_length=50)


class UnitUpdateIn(Schema):
    """Only the fields sent are changed; send ``code: null`` to remove the code."""

    name_hi: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    code: str | None = Field(None, max_length=50)


class UnitMoveIn(Schema):
    new_parent: UUID


# --- People, posts, appointments ------------------------------------------------------------


class PersonRef(Schema):
    uuid: UUID
    name: str
    phone: str = Field(
        description="E.164 for editors of the unit; masked (last two digits) for other roles."
    )
    phone_masked: bool


def person_for(appointment: Appointment, context: Any) -> dict[str, Any]:
    """The appointed person as the caller may see them: phones are for editors and above."""
    person = appointment.person
    full = has_role(_request(context).user, appointment.unit, Role.EDITOR)
    return {
        "uuid": person.uuid,
        "name": person.name,
        "phone": person.phone if full else phone_mask(person.phone),
        "phone_masked": not full and bool(person.phone),
    }


class PostRef(Schema):
    uuid: UUID
    code: str
    name_hi: str
    name_en: str


class PostOut(PostRef):
    level: LevelOut
    seats: int
    min_women: int = Field(description="Of the seats, at least this many are held by women.")


class OfficeBearerOut(Schema):
    appointment_uuid: UUID
    post: PostRef
    person: PersonRef
    start_date: date

    @staticmethod
    def resolve_appointment_uuid(obj: Appointment) -> UUID:
        return obj.uuid

    @staticmethod
    def resolve_post(obj: Appointment) -> Any:
        return obj.post_type

    @staticmethod
    def resolve_person(obj: Appointment, context: Any) -> dict[str, Any]:
        return person_for(obj, context)


class AppointmentOut(Schema):
    uuid: UUID
    person: PersonRef
    post: PostRef
    unit: UnitRef
    start_date: date
    end_date: date | None
    end_reason: str
    is_active: bool

    @staticmethod
    def resolve_post(obj: Appointment) -> Any:
        return obj.post_type

    @staticmethod
    def resolve_person(obj: Appointment, context: Any) -> dict[str, Any]:
        return person_for(obj, context)


class AppointmentCreateIn(Schema):
    uuid: UUID | None = Field(
        None,
        description="The id the device gave this appointment; sending it again returns the "
        "first one instead of making a second.",
    )
    person: UUID
    post: UUID
    unit: UUID
    start_date: date | None = Field(None, description="Today when not given.")


class AppointmentEndIn(Schema):
    end_date: date | None = Field(None, description="Today when not given.")
    reason: str = Field("", max_length=200)


class UnitDetailOut(UnitOut):
    breadcrumb: list[UnitRef] = Field(description="From the top unit down to this one.")
    office_bearers: list[OfficeBearerOut]
    my_role: str = Field(description="The caller's role here: viewer, worker, editor or admin.")

    @staticmethod
    def resolve_my_role(obj: Unit, context: Any) -> str:
        return role_for_unit(_request(context).user, obj) or ""


# --- Vacancies ------------------------------------------------------------------------------


class VacancyOut(Schema):
    post: PostOut
    units: int = Field(description="Units in the subtree that have this post.")
    units_filled: int
    units_empty: int
    seats: int
    seats_filled: int
    seats_empty: int

    @staticmethod
    def resolve_post(obj: Any) -> Any:
        return obj.post_type


class VacancyChildOut(Schema):
    unit: UnitRef
    units: int
    units_filled: int
    units_empty: int


class VacantUnitsPage(Schema):
    items: list[UnitRef]
    count: int


class VacancyDrillOut(Schema):
    unit: UnitRef
    post: PostOut
    by_child: list[VacancyChildOut] = Field(description="Empty units under each child unit.")
    vacant_units: VacantUnitsPage = Field(
        description="Units without anybody in the post, in tree order; a page of them."
    )


# --- The caller -----------------------------------------------------------------------------


class GrantOut(Schema):
    unit: UnitRef
    role: str


class PersonOut(Schema):
    uuid: UUID
    name: str


class MeOut(Schema):
    username: str
    person: PersonOut | None
    language: str = Field(description="hi or en; the interface language the user chose.")
    is_superuser: bool
    grants: list[GrantOut]
