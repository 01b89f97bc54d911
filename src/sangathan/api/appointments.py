"""Appointments: who holds which post where, from when to when. Ending one keeps it."""

# No ``from __future__ import annotations`` here: ninja's @paginate wraps the view, and ninja
# then resolves string annotations in the wrapper's module, where UUID is unknown.

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS, fields_renamed
from sangathan.api.pagination import Page
from sangathan.api.schemas import AppointmentCreateIn, AppointmentEndIn, AppointmentOut
from sangathan.core.access import path_filter, unit_get_for_user
from sangathan.people.models import Person
from sangathan.units.models import Appointment, PostType
from sangathan.units.selectors import appointment_history, appointments_visible
from sangathan.units.services import appointment_create, appointment_end

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser

router = Router(tags=["appointments"])

# The services name the post ``post_type``; the API calls it ``post``.
_FIELD_NAMES = {"post_type": "post"}


def appointment_get_for_user(user: "AnyUser", uuid: UUID) -> Appointment:
    """An appointment in the caller's reach, or 404."""
    appointment = (
        appointments_visible(user)
        .select_related("person", "post_type", "unit__level")
        .filter(uuid=uuid)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def person_get_for_user(user: "AnyUser", uuid: UUID) -> Person:
    """A person whose home unit is in the caller's reach, or 404."""
    person = Person.objects.filter(path_filter(user, "unit_path"), uuid=uuid).first()
    if person is None:
        raise Http404
    return person


def post_get(uuid: UUID) -> PostType:
    post_type = PostType.objects.select_related("level").filter(uuid=uuid).first()
    if post_type is None:
        raise Http404
    return post_type


@router.get(
    "/units/{uuid}/appointments/",
    summary="List a unit's appointments",
    response={200: list[AppointmentOut], **ERRORS},
)
@paginate(Page)
def unit_appointments(request: HttpRequest, uuid: UUID, active: bool | None = None) -> Any:
    """A unit's appointments, newest first: all of them, only those in force today
    (``active=true``) or only those that have ended or not yet begun (``active=false``)."""
    unit = unit_get_for_user(request_user(request), uuid=uuid)
    history = appointment_history(unit).select_related("unit__level")
    if active is None:
        return history
    current = Appointment.objects.active().filter(unit=unit).values("pk")
    return history.filter(pk__in=current) if active else history.exclude(pk__in=current)


@router.get(
    "/appointments/{uuid}/", summary="Show an appointment", response={200: AppointmentOut, **ERRORS}
)
def appointment_detail(request: HttpRequest, uuid: UUID) -> Any:
    """One appointment."""
    return appointment_get_for_user(request_user(request), uuid)


@router.post("/appointments/", summary="Appoint a person", response={201: AppointmentOut, **ERRORS})
def appointment_add(request: HttpRequest, payload: AppointmentCreateIn) -> Any:
    """Appoint a person to a post in a unit, within the post's seats and reservation rule.
    Needs the editor role on the unit."""
    user = request_user(request)
    unit = unit_get_for_user(user, uuid=payload.unit)
    person = person_get_for_user(user, payload.person)
    post_type = post_get(payload.post)
    try:
        appointment = appointment_create(
            person=person,
            post_type=post_type,
            unit=unit,
            start_date=payload.start_date,
            uuid=payload.uuid,
            actor=user,
        )
    except ValidationError as exc:
        raise fields_renamed(exc, _FIELD_NAMES) from exc
    return Status(201, appointment_get_for_user(user, appointment.uuid))


@router.post(
    "/appointments/{uuid}/end/",
    summary="End an appointment",
    response={200: AppointmentOut, **ERRORS},
)
def appointment_close(request: HttpRequest, uuid: UUID, payload: AppointmentEndIn) -> Any:
    """End an appointment. It stays in the history and its seat becomes vacant. Needs the
    editor role on the unit."""
    user = request_user(request)
    appointment = appointment_get_for_user(user, uuid)
    appointment_end(
        appointment=appointment, end_date=payload.end_date, reason=payload.reason, actor=user
    )
    return appointment_get_for_user(user, uuid)
