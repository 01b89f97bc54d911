"""Appointments through the API: the same services and rules as the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from sangathan.core.models import AuditEntry, User
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from sangathan.units.models import Appointment
from sangathan.units.services import appointment_create, appointment_end
from tests.api.conftest import Api, bearer
from tests.conftest import World


def test_editor_appoints_a_person(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    response = connect(district_editor).post(
        "/appointments/",
        {
            "person": str(world.sunil.uuid),
            "post": str(world.district_president.uuid),
            "unit": str(world.district.uuid),
            "start_date": "2025-04-01",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["person"]["name"] == "सुनील बजाज"
    assert body["post"]["uuid"] == str(world.district_president.uuid)
    assert body["unit"]["uuid"] == str(world.district.uuid)
    assert body["start_date"] == "2025-04-01"
    assert body["is_active"] is True
    appointment = Appointment.objects.get(uuid=body["uuid"])
    assert appointment.unit_path == world.district.path
    assert AuditEntry.objects.filter(action="appointments.created", actor=district_editor).exists()


def test_full_post_is_refused_with_the_service_message(district_editor: User, world: World) -> None:
    appointment_create(person=world.sunil, post_type=world.district_president, unit=world.district)
    other = person_create(name="रमेश अवस्थी", gender=Gender.MALE, home_unit=world.district)
    response = bearer(district_editor, **{"Accept-Language": "en"}).post(
        "/appointments/",
        {
            "person": str(other.uuid),
            "post": str(world.district_president.uuid),
            "unit": str(world.district.uuid),
        },
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "seats of President in Kanpur North are filled" in response.json()["error"]


def test_post_of_another_level_is_reported_on_the_post_field(
    district_editor: User, world: World
) -> None:
    response = bearer(district_editor).post(
        "/appointments/",
        {
            "person": str(world.sunil.uuid),
            "post": str(world.mandal_president.uuid),
            "unit": str(world.district.uuid),
        },
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["post"]


def test_booth_worker_cannot_appoint(booth_worker: User, world: World) -> None:
    response = bearer(booth_worker).post(
        "/appointments/",
        {
            "person": str(booth_worker.person.uuid),  # type: ignore[union-attr]
            "post": str(world.booth_social_media.uuid),
            "unit": str(world.booth.uuid),
        },
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Appointment.objects.exists()


def test_outsider_cannot_appoint_in_the_district(outsider: User, world: World) -> None:
    response = bearer(outsider).post(
        "/appointments/",
        {
            "person": str(outsider.person.uuid),  # type: ignore[union-attr]
            "post": str(world.booth_social_media.uuid),
            "unit": str(world.booth.uuid),
        },
    )
    assert response.status_code == 404


def test_person_outside_the_reach_is_not_found(
    district_editor: User, outsider: User, world: World
) -> None:
    response = bearer(district_editor).post(
        "/appointments/",
        {
            "person": str(outsider.person.uuid),  # type: ignore[union-attr]
            "post": str(world.booth_social_media.uuid),
            "unit": str(world.booth.uuid),
        },
    )
    assert response.status_code == 404


def test_unit_appointments_filter_by_active(
    connect: Callable[[User], Api], mandal_editor: User, world: World
) -> None:
    today = timezone.localdate()
    old = appointment_create(
        person=world.sunil,
        post_type=world.mandal_president,
        unit=world.mandal,
        start_date=today - dt.timedelta(days=400),
    )
    appointment_end(appointment=old, end_date=today - dt.timedelta(days=30), reason="त्यागपत्र")
    new = appointment_create(
        person=mandal_editor.person,  # type: ignore[arg-type]
        post_type=world.mandal_president,
        unit=world.mandal,
        start_date=today - dt.timedelta(days=29),
    )
    api = connect(mandal_editor)
    everything = api.get(f"/units/{world.mandal.uuid}/appointments/").json()
    assert everything["count"] == 2
    assert [a["uuid"] for a in everything["items"]] == [str(new.uuid), str(old.uuid)]
    active = api.get(f"/units/{world.mandal.uuid}/appointments/", active="true").json()
    assert [a["uuid"] for a in active["items"]] == [str(new.uuid)]
    ended = api.get(f"/units/{world.mandal.uuid}/appointments/", active="false").json()
    assert [a["uuid"] for a in ended["items"]] == [str(old.uuid)]
    assert ended["items"][0]["end_reason"] == "त्यागपत्र"
    assert ended["items"][0]["is_active"] is False


def test_appointment_detail(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    appointment = appointment_create(
        person=world.sunil, post_type=world.district_president, unit=world.district
    )
    body = connect(district_editor).get(f"/appointments/{appointment.uuid}/").json()
    assert body["uuid"] == str(appointment.uuid)
    assert body["end_date"] is None


def test_editor_ends_an_appointment_and_it_stays_in_history(
    connect: Callable[[User], Api], district_editor: User, world: World
) -> None:
    appointment = appointment_create(
        person=world.sunil,
        post_type=world.district_president,
        unit=world.district,
        start_date=dt.date(2024, 1, 1),
    )
    response = connect(district_editor).post(
        f"/appointments/{appointment.uuid}/end/",
        {"end_date": "2025-01-31", "reason": "कार्यकाल पूरा"},
    )
    assert response.status_code == 200
    assert response.json()["end_date"] == "2025-01-31"
    assert response.json()["end_reason"] == "कार्यकाल पूरा"
    assert Appointment.objects.filter(pk=appointment.pk).exists()
    assert AuditEntry.objects.filter(action="appointments.ended", actor=district_editor).exists()


def test_ending_twice_is_refused(district_editor: User, world: World) -> None:
    appointment = appointment_create(
        person=world.sunil, post_type=world.district_president, unit=world.district
    )
    api = bearer(district_editor)
    assert api.post(f"/appointments/{appointment.uuid}/end/", {}).status_code == 200
    again = api.post(f"/appointments/{appointment.uuid}/end/", {})
    assert again.status_code == 400
    assert again.json()["code"] == "invalid"


def test_booth_worker_cannot_end_an_appointment(booth_worker: User, world: World) -> None:
    appointment = appointment_create(
        person=world.sunil, post_type=world.booth_social_media, unit=world.booth
    )
    response = bearer(booth_worker).post(f"/appointments/{appointment.uuid}/end/", {})
    assert response.status_code == 403


def test_booth_worker_sees_phones_masked(booth_worker: User, world: World) -> None:
    appointment_create(person=world.sunil, post_type=world.booth_social_media, unit=world.booth)
    body = bearer(booth_worker).get(f"/units/{world.booth.uuid}/appointments/").json()
    person = body["items"][0]["person"]
    assert person["phone"] == "98xxxxxx45"
    assert person["phone_masked"] is True


def test_mandal_editor_sees_phones_in_full(mandal_editor: User, world: World) -> None:
    appointment_create(person=world.sunil, post_type=world.booth_social_media, unit=world.booth)
    body = bearer(mandal_editor).get(f"/units/{world.booth.uuid}/appointments/").json()
    assert body["items"][0]["person"]["phone"] == "+919839012345"


def test_outsider_gets_404_for_district_appointments(outsider: User, world: World) -> None:
    appointment = appointment_create(
        person=world.sunil, post_type=world.district_president, unit=world.district
    )
    api = bearer(outsider)
    assert api.get(f"/units/{world.district.uuid}/appointments/").status_code == 404
    assert api.get(f"/appointments/{appointment.uuid}/").status_code == 404
    ended = api.post(f"/appointments/{appointment.uuid}/end/", {})
    assert ended.status_code == 404
    assert ended.json()["code"] == "not_found"
    appointment.refresh_from_db()
    assert appointment.end_date is None


def test_an_appointment_sent_twice_from_a_phone_is_stored_once(
    district_editor: User, world: World
) -> None:
    client_id = "0b5d5f8e-6a43-4c1e-9d0c-2f1f6a1d7e21"
    payload = {
        "uuid": client_id,
        "person": str(world.sunil.uuid),
        "post": str(world.district_president.uuid),
        "unit": str(world.district.uuid),
    }
    api = bearer(district_editor)
    first = api.post("/appointments/", payload)
    again = api.post("/appointments/", payload)
    assert first.status_code == again.status_code == 201
    assert first.json()["uuid"] == again.json()["uuid"] == client_id
    assert Appointment.objects.filter(unit=world.district).count() == 1


def test_a_reused_id_for_a_different_appointment_is_refused(
    district_editor: User, world: World
) -> None:
    client_id = "0b5d5f8e-6a43-4c1e-9d0c-2f1f6a1d7e22"
    api = bearer(district_editor)
    api.post(
        "/appointments/",
        {
            "uuid": client_id,
            "person": str(world.sunil.uuid),
            "post": str(world.district_president.uuid),
            "unit": str(world.district.uuid),
        },
    )
    other = person_create(name="अमित गुप्ता", gender=Gender.MALE, home_unit=world.mandal)
    response = api.post(
        "/appointments/",
        {
            "uuid": client_id,
            "person": str(other.uuid),
            "post": str(world.mandal_president.uuid),
            "unit": str(world.mandal.uuid),
        },
    )
    assert response.status_code == 400
    assert "uuid" in response.json()["fields"]
