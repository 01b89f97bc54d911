"""The compiled names: filters, provenance, XLSX and PDF downloads, selection and closing."""

from __future__ import annotations

from typing import Any

from django.test import Client

from sangathan.core.models import AuditEntry, Role, User
from sangathan.nominations.models import (
    Nomination,
    Outcome,
    RequisitionStatus,
    Submission,
)
from sangathan.nominations.panels import nominee_add, nominee_add_from_source, panel_submit
from sangathan.people.models import Person
from sangathan.units.models import Appointment
from tests.conftest import World, _persona, login
from tests.nominations.conftest import DistrictAsk, Posts, StateAsk, district_ask_for


def _text(response: Any) -> str:
    return response.content.decode()


def _sent(district_ask: DistrictAsk, people: list[Person]) -> list[Nomination]:
    panel = district_ask.mandal_panel
    rows = [nominee_add(submission=panel, ask=district_ask.social, person=p) for p in people]
    panel_submit(submission=panel)
    return rows


def test_the_district_sees_every_name_sent_with_filters(
    as_district: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    _sent(district_ask, mandal_people[3:5])  # सत्यम शुक्ला (M), प्रिया वर्मा (F)
    url = f"/nominations/{district_ask.requisition.uuid}/names/"
    text = _text(as_district.get(url))
    assert "सत्यम शुक्ला" in text and "प्रिया वर्मा" in text
    women = _text(as_district.get(url + "?gender=F"))
    assert "प्रिया वर्मा" in women and "सत्यम शुक्ला" not in women


def test_a_draft_panels_names_are_not_compiled(
    as_district: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    nominee_add(
        submission=district_ask.mandal_panel, ask=district_ask.social, person=mandal_people[0]
    )
    text = _text(as_district.get(f"/nominations/{district_ask.requisition.uuid}/names/"))
    assert mandal_people[0].name not in text


def test_the_compiled_names_show_which_mandal_proposed_whom(
    as_state: Client,
    world: World,
    posts: Posts,
    state_ask: StateAsk,
    mandal_people: list[Person],
) -> None:
    district_panel = Submission.objects.get(pk=state_ask.district_panel.pk)
    helper = district_ask_for(world, posts, answers=district_panel)
    lower = _sent(helper, mandal_people[3:5])
    for source in lower:
        nominee_add_from_source(submission=district_panel, source=source)
    nominee_add(submission=district_panel, ask=state_ask.it, person=world.sunil)
    panel_submit(submission=district_panel)
    text = _text(as_state.get(f"/nominations/{state_ask.requisition.uuid}/names/"))
    provenance = text.split('class="provenance"', 1)[1]
    assert world.district.name_hi in provenance and world.mandal.name_hi in provenance


def test_the_xlsx_download_is_a_workbook_and_audited(
    as_district: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    _sent(district_ask, mandal_people[:2])
    response = as_district.get(f"/nominations/{district_ask.requisition.uuid}/names.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert AuditEntry.objects.filter(action="nominations.exported").exists()


def test_the_pdf_download_is_a_pdf_with_the_names(
    as_district: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    _sent(district_ask, mandal_people[:2])
    response = as_district.get(f"/nominations/{district_ask.requisition.uuid}/names.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert len(PdfReader(BytesIO(content)).pages) >= 1
    assert AuditEntry.objects.filter(action="nominations.exported").count() == 1


def test_the_district_selects_a_name_and_the_person_is_appointed(
    as_district: Client, district_ask: DistrictAsk, mandal_people: list[Person], world: World
) -> None:
    first, _second = _sent(district_ask, mandal_people[:2])
    url = f"/nominations/{district_ask.requisition.uuid}/names/"
    assert f"/nominations/names/{first.uuid}/select/" in _text(as_district.get(url))
    response = as_district.post(f"/nominations/names/{first.uuid}/select/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.outcome == Outcome.SELECTED
    appointment = Appointment.objects.get(person=mandal_people[0])
    assert appointment.unit == world.district


def test_closing_marks_the_rest_not_selected(
    as_district: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    first, second = _sent(district_ask, mandal_people[:2])
    as_district.post(f"/nominations/names/{first.uuid}/select/")
    as_district.post(f"/nominations/{district_ask.requisition.uuid}/close/")
    district_ask.requisition.refresh_from_db()
    assert district_ask.requisition.status == RequisitionStatus.CLOSED
    second.refresh_from_db()
    assert second.outcome == Outcome.NOT_SELECTED


def test_the_mandal_cannot_see_the_compiled_names_or_select(
    as_mandal: Client, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    first, _ = _sent(district_ask, mandal_people[:2])
    uuid = district_ask.requisition.uuid
    assert as_mandal.get(f"/nominations/{uuid}/names/").status_code == 403
    assert as_mandal.get(f"/nominations/{uuid}/names.xlsx").status_code == 403
    assert as_mandal.get(f"/nominations/{uuid}/names.pdf").status_code == 403
    assert as_mandal.post(f"/nominations/names/{first.uuid}/select/").status_code == 403
    assert as_mandal.post(f"/nominations/{uuid}/close/").status_code == 403
    assert Nomination.objects.get(pk=first.pk).outcome == Outcome.PENDING


def test_a_district_worker_sees_the_names_but_cannot_select(
    world: World, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    worker = _persona("worker-d", world.district, Role.WORKER, "रमेश यादव")
    client = login(worker)
    first, _ = _sent(district_ask, mandal_people[:2])
    text = _text(client.get(f"/nominations/{district_ask.requisition.uuid}/names/"))
    assert mandal_people[0].name in text
    assert "/select/" not in text
    assert client.post(f"/nominations/names/{first.uuid}/select/").status_code == 403


def test_outsider_gets_404_for_the_compiled_names(
    outsider: User, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    first, _ = _sent(district_ask, mandal_people[:2])
    client = login(outsider)
    uuid = district_ask.requisition.uuid
    for suffix in ("names/", "names.xlsx", "names.pdf"):
        assert client.get(f"/nominations/{uuid}/{suffix}").status_code == 404
    assert client.post(f"/nominations/names/{first.uuid}/select/").status_code == 404
