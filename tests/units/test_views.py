"""The unit page, unit search, appointments and changes to units, over HTTP."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import Gender, Person
from sangathan.people.services import person_create
from sangathan.units.models import Appointment, Unit
from sangathan.units.services import appointment_create
from tests.conftest import PASSWORD, World, login


def detail(unit: Unit) -> str:
    return reverse("units:detail", args=[unit.uuid])


def appoint_data(world: World, **extra: str) -> dict[str, str]:
    data = {"appoint-post_type": str(world.booth_social_media.uuid), "appoint-start_date": ""}
    return data | {f"appoint-{k}": v for k, v in extra.items()}


# --- The unit page --------------------------------------------------------------------------


def test_district_page_shows_breadcrumb_children_counts_and_vacancies(
    world: World, as_district: Client
) -> None:
    response = as_district.get(detail(world.district))
    assert response.status_code == 200
    html = response.content.decode()
    assert "उत्तर प्रदेश" in html and "अवध क्षेत्र" in html  # breadcrumb
    assert "गोविंद नगर मंडल" in html and "किदवई नगर मंडल" in html
    assert "बूथ: 2" in html  # the first mandal holds two booths
    assert "सोशल मीडिया प्रभारी" in html
    assert reverse("units:vacancies", args=[world.district.uuid]) in html


def test_vacancy_sentence_reads_in_english(world: World, district_editor: User) -> None:
    district_editor.language = "en"
    district_editor.save()
    client = login(district_editor)
    client.cookies["sangathan_language"] = "en"
    html = client.get(detail(world.district)).content.decode()
    assert "Social media in-charge: 3 of 3 Booth units have nobody" in html


def test_breadcrumb_does_not_link_above_the_users_reach(world: World, as_mandal: Client) -> None:
    html = as_mandal.get(detail(world.booth)).content.decode()
    assert "कानपुर महानगर उत्तर" in html
    assert detail(world.district) not in html
    assert detail(world.mandal) in html


def test_editor_sees_full_phone_and_worker_sees_it_masked(
    world: World, as_district: Client, as_booth: Client
) -> None:
    person = person_create(name="रोहित साहू", gender=Gender.MALE, phone="9839011122")
    appointment_create(person=person, post_type=world.booth_social_media, unit=world.booth)
    assert "98390 11122" in as_district.get(detail(world.booth)).content.decode()
    html = as_booth.get(detail(world.booth)).content.decode()
    assert "रोहित साहू" in html
    assert "98390 11122" not in html
    assert "98xxxxxx22" in html


def test_worker_sees_no_editing_forms(world: World, as_booth: Client) -> None:
    html = as_booth.get(detail(world.booth)).content.decode()
    assert reverse("units:appoint", args=[world.booth.uuid]) not in html
    assert reverse("units:move", args=[world.booth.uuid]) not in html


def test_outsider_cannot_see_a_unit_of_the_district(world: World, as_outsider: Client) -> None:
    assert as_outsider.get(detail(world.district)).status_code == 404
    assert as_outsider.get(detail(world.booth)).status_code == 404
    assert as_outsider.get(detail(world.sibling)).status_code == 200


def test_anonymous_visitor_is_sent_to_login(world: World, client: Client) -> None:
    response = client.get(detail(world.district))
    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


# --- Search ---------------------------------------------------------------------------------


def test_search_finds_units_by_hindi_english_name_and_code(
    world: World, as_district: Client
) -> None:
    url = reverse("units:search")
    assert "गोविंद नगर मंडल" in as_district.get(url, {"q": "गोविंद"}).content.decode()
    assert "गोविंद नगर मंडल" in as_district.get(url, {"q": "govind"}).content.decode()
    assert "बूथ 102" in as_district.get(url, {"q": "102"}).content.decode()


def test_search_answers_htmx_with_only_the_results(world: World, as_district: Client) -> None:
    response = as_district.get(reverse("units:search"), {"q": "बूथ"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "बूथ 101" in html and "बूथ 201" in html
    assert "HX-Request" in response["Vary"]


def test_search_within_a_unit_stays_inside_it(world: World, as_district: Client) -> None:
    response = as_district.get(
        reverse("units:search"), {"q": "बूथ", "within": str(world.mandal.uuid)}
    )
    html = response.content.decode()
    assert "बूथ 101" in html and "बूथ 201" not in html


def test_search_never_shows_units_outside_the_reach(world: World, as_district: Client) -> None:
    html = as_district.get(reverse("units:search"), {"q": "कानपुर"}).content.decode()
    assert "कानपुर महानगर उत्तर" in html
    assert "कानपुर महानगर दक्षिण" not in html


def test_outsider_cannot_search_within_the_district(world: World, as_outsider: Client) -> None:
    url = reverse("units:search")
    assert as_outsider.get(url, {"q": "बूथ", "within": str(world.district.uuid)}).status_code == 404
    html = as_outsider.get(url, {"q": "बूथ"}).content.decode()
    assert "बूथ 901" in html and "बूथ 101" not in html


# --- Appointments ---------------------------------------------------------------------------


def test_editor_appoints_a_person_picked_from_the_list(world: World, as_district: Client) -> None:
    person = person_create(name="रोहित साहू", gender=Gender.MALE, home_unit=world.booth)
    response = as_district.post(
        reverse("units:appoint", args=[world.booth.uuid]),
        appoint_data(world, person=str(person.uuid)),
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get(unit=world.booth)
    assert appointment.person == person
    assert AuditEntry.objects.filter(action="appointments.created").exists()


def test_typed_name_that_matches_one_person_appoints_without_javascript(
    world: World, as_district: Client
) -> None:
    person_create(name="रोहित साहू", gender=Gender.MALE, home_unit=world.booth)
    response = as_district.post(
        reverse("units:appoint", args=[world.booth.uuid]),
        appoint_data(world, person_query="रोहित"),
    )
    assert response.status_code == 302
    assert Appointment.objects.get(unit=world.booth).person.name == "रोहित साहू"


def test_typed_name_that_matches_several_asks_to_choose(world: World, as_district: Client) -> None:
    for name in ("रोहित साहू", "रोहित वर्मा"):
        person_create(name=name, gender=Gender.MALE, home_unit=world.booth)
    response = as_district.post(
        reverse("units:appoint", args=[world.booth.uuid]),
        appoint_data(world, person_query="रोहित"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Several people match" in html or "एक से अधिक" in html or "रोहित वर्मा" in html
    assert 'name="appoint-person"' in html
    assert not Appointment.objects.exists()


def test_editor_adds_a_new_person_while_appointing(world: World, as_district: Client) -> None:
    response = as_district.post(
        reverse("units:appoint", args=[world.booth.uuid]),
        appoint_data(world, new_name="पूजा गुप्ता", new_gender=Gender.FEMALE, new_phone="98390 55566"),
    )
    assert response.status_code == 302
    person = Person.objects.get(name="पूजा गुप्ता")
    assert person.phone == "+919839055566"
    assert person.home_unit == world.booth
    assert Appointment.objects.get(unit=world.booth).person == person


def test_bad_phone_of_new_person_is_shown_on_the_field_and_nothing_is_saved(
    world: World, as_district: Client
) -> None:
    response = as_district.post(
        reverse("units:appoint", args=[world.booth.uuid]),
        appoint_data(world, new_name="पूजा गुप्ता", new_phone="12345"),
    )
    assert response.status_code == 200
    form = response.context["appoint_form"]
    assert "new_phone" in form.errors
    assert not Person.objects.filter(name="पूजा गुप्ता").exists()


def test_service_refusal_is_shown_in_the_appoint_form(world: World, as_district: Client) -> None:
    first = person_create(name="रोहित साहू", gender=Gender.MALE, home_unit=world.booth)
    second = person_create(name="अमित वर्मा", gender=Gender.MALE, home_unit=world.booth)
    appointment_create(person=first, post_type=world.booth_social_media, unit=world.booth)
    response = as_district.post(
        reverse("units:appoint", args=[world.booth.uuid]),
        appoint_data(world, person=str(second.uuid)),
    )
    assert response.status_code == 200
    errors = response.context["appoint_form"].non_field_errors()
    assert len(errors) == 1
    assert errors[0] in response.content.decode()
    assert Appointment.objects.filter(unit=world.booth).count() == 1


def test_a_person_outside_the_reach_cannot_be_picked(world: World, as_mandal: Client) -> None:
    stranger = person_create(name="दूर का व्यक्ति", gender=Gender.MALE, home_unit=world.sibling)
    response = as_mandal.post(
        reverse("units:appoint", args=[world.booth.uuid]),
        appoint_data(world, person=str(stranger.uuid)),
    )
    assert response.status_code == 200
    assert "person_query" in response.context["appoint_form"].errors
    assert not Appointment.objects.exists()


def test_booth_worker_cannot_appoint(world: World, as_booth: Client) -> None:
    person = person_create(name="रोहित साहू", gender=Gender.MALE, home_unit=world.booth)
    response = as_booth.post(
        reverse("units:appoint", args=[world.booth.uuid]),
        appoint_data(world, person=str(person.uuid)),
    )
    assert response.status_code == 403
    assert not Appointment.objects.exists()


def test_outsider_cannot_appoint_in_the_district(world: World, as_outsider: Client) -> None:
    response = as_outsider.post(
        reverse("units:appoint", args=[world.booth.uuid]),
        appoint_data(world, new_name="घुसपैठिया"),
    )
    assert response.status_code == 404
    assert not Person.objects.filter(name="घुसपैठिया").exists()


def test_person_picker_lists_visible_people_with_masked_phones(
    world: World, as_district: Client
) -> None:
    person_create(name="रोहित साहू", gender=Gender.MALE, phone="9839011122", home_unit=world.booth)
    person_create(name="रोहित दूर", gender=Gender.MALE, home_unit=world.sibling)
    response = as_district.get(
        reverse("units:person_picker", args=[world.booth.uuid]),
        {"appoint-person_query": "रोहित"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "रोहित साहू" in html and "रोहित दूर" not in html
    assert "98xxxxxx22" in html and "98390" not in html


def test_person_picker_needs_an_editor(world: World, as_booth: Client) -> None:
    url = reverse("units:person_picker", args=[world.booth.uuid])
    assert as_booth.get(url, {"q": "रोहित"}).status_code == 403


def test_outsider_cannot_use_the_person_picker(world: World, as_outsider: Client) -> None:
    url = reverse("units:person_picker", args=[world.booth.uuid])
    assert as_outsider.get(url, {"q": "सुनील"}).status_code == 404


def test_editor_ends_an_appointment_and_history_keeps_it(world: World, as_district: Client) -> None:
    appointment = appointment_create(
        person=world.sunil,
        post_type=world.district_president,
        unit=world.district,
        start_date=date(2024, 1, 1),
    )
    prefix = f"end-{appointment.uuid}"
    response = as_district.post(
        reverse("units:appointment_end", args=[appointment.uuid]),
        {f"{prefix}-end_date": "2025-03-31", f"{prefix}-reason": "कार्यकाल पूरा"},
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.end_date == date(2025, 3, 31)
    html = as_district.get(detail(world.district)).content.decode()
    assert "कार्यकाल पूरा" in html  # the history table still lists it


def test_ending_before_the_start_is_refused_with_the_reason(
    world: World, as_district: Client
) -> None:
    appointment = appointment_create(
        person=world.sunil,
        post_type=world.district_president,
        unit=world.district,
        start_date=date(2024, 1, 1),
    )
    prefix = f"end-{appointment.uuid}"
    response = as_district.post(
        reverse("units:appointment_end", args=[appointment.uuid]),
        {f"{prefix}-end_date": "2023-01-01", f"{prefix}-reason": ""},
    )
    assert response.status_code == 200
    row = next(r for r in response.context["bearers"] if r.appointment.pk == appointment.pk)
    assert "end_date" in row.end_form.errors
    appointment.refresh_from_db()
    assert appointment.end_date is None


def test_booth_worker_cannot_end_an_appointment(world: World, as_booth: Client) -> None:
    person = person_create(name="रोहित साहू", gender=Gender.MALE)
    appointment = appointment_create(
        person=person, post_type=world.booth_social_media, unit=world.booth
    )
    response = as_booth.post(reverse("units:appointment_end", args=[appointment.uuid]), {})
    assert response.status_code == 403


def test_outsider_cannot_end_an_appointment_in_the_district(
    world: World, as_outsider: Client
) -> None:
    appointment = appointment_create(
        person=world.sunil, post_type=world.district_president, unit=world.district
    )
    response = as_outsider.post(reverse("units:appointment_end", args=[appointment.uuid]), {})
    assert response.status_code == 404
    appointment.refresh_from_db()
    assert appointment.end_date is None


# --- Adding, renaming and moving units ------------------------------------------------------


def test_mandal_editor_adds_a_booth_under_a_shakti_kendra(world: World, as_mandal: Client) -> None:
    response = as_mandal.post(
        reverse("units:child_add", args=[world.kendra.uuid]),
        {
            "child-level": str(world.levels["Booth"].pk),
            "child-name_hi": "बूथ 103",
            "child-name_en": "Booth 103",
            "child-code": "103",
        },
    )
    assert response.status_code == 302
    booth = Unit.objects.get(code="103")
    assert booth.path.startswith(world.kendra.path)


def test_duplicate_code_of_a_new_unit_is_shown_on_the_field(
    world: World, as_mandal: Client
) -> None:
    response = as_mandal.post(
        reverse("units:child_add", args=[world.kendra.uuid]),
        {"child-level": str(world.levels["Booth"].pk), "child-name_hi": "बूथ", "child-code": "101"},
    )
    assert response.status_code == 200
    assert "code" in response.context["child_form"].errors
    assert "101" in response.content.decode()


def test_booth_worker_cannot_add_a_unit(world: World, as_booth: Client) -> None:
    url = reverse("units:child_add", args=[world.booth.uuid])
    assert as_booth.post(url, {"child-name_hi": "x"}).status_code == 403


def test_outsider_cannot_add_a_unit_in_the_district(world: World, as_outsider: Client) -> None:
    response = as_outsider.post(
        reverse("units:child_add", args=[world.district.uuid]),
        {"child-level": str(world.levels["Mandal"].pk), "child-name_hi": "नया मंडल"},
    )
    assert response.status_code == 404
    assert not Unit.objects.filter(name_hi="नया मंडल").exists()


def test_district_editor_renames_a_mandal(world: World, as_district: Client) -> None:
    response = as_district.post(
        reverse("units:edit", args=[world.mandal.uuid]),
        {"edit-name_hi": "गोविंदनगर मंडल", "edit-name_en": "Govindnagar", "edit-code": "M-GN"},
    )
    assert response.status_code == 302
    world.mandal.refresh_from_db()
    assert world.mandal.name_hi == "गोविंदनगर मंडल"


def test_a_mandal_name_belongs_to_the_district_not_the_mandal_editor(
    world: World, as_mandal: Client
) -> None:
    response = as_mandal.post(
        reverse("units:edit", args=[world.mandal.uuid]), {"edit-name_hi": "मेरा मंडल"}
    )
    assert response.status_code == 403


def test_rename_refusal_is_shown(world: World, as_district: Client) -> None:
    response = as_district.post(
        reverse("units:edit", args=[world.mandal.uuid]),
        {"edit-name_hi": "", "edit-name_en": "", "edit-code": ""},
    )
    assert response.status_code == 200
    assert "name_hi" in response.context["edit_form"].errors


def test_outsider_cannot_rename_a_unit_of_the_district(world: World, as_outsider: Client) -> None:
    response = as_outsider.post(
        reverse("units:edit", args=[world.mandal.uuid]), {"edit-name_hi": "x"}
    )
    assert response.status_code == 404


def test_state_admin_finds_a_new_parent_and_moves_a_mandal(world: World, as_state: Client) -> None:
    url = reverse("units:move", args=[world.mandal.uuid])
    html = as_state.get(url, {"q": "दक्षिण"}, headers={"HX-Request": "true"}).content.decode()
    assert str(world.sibling.uuid) in html
    assert str(world.district.uuid) not in html  # its present parent
    response = as_state.post(url, {"new_parent": str(world.sibling.uuid)})
    assert response.status_code == 302
    world.mandal.refresh_from_db()
    assert world.mandal.path.startswith(world.sibling.path)


def test_moving_under_a_lower_unit_is_refused_with_the_reason(
    world: World, as_state: Client
) -> None:
    url = reverse("units:move", args=[world.mandal.uuid])
    response = as_state.post(url, {"new_parent": str(world.booth2.uuid)})
    assert response.status_code == 200
    assert response.context["error"]
    world.mandal.refresh_from_db()
    assert world.mandal.path.startswith(world.district.path)


def test_district_editor_cannot_move_units(world: World, as_district: Client) -> None:
    url = reverse("units:move", args=[world.mandal.uuid])
    assert as_district.get(url).status_code == 403
    assert as_district.post(url, {"new_parent": str(world.sibling.uuid)}).status_code == 403


def test_outsider_cannot_move_a_unit_of_the_district(world: World, outsider: User) -> None:
    grant_set(user=outsider, unit=world.sibling, role=Role.ADMIN)
    client = login(outsider)
    url = reverse("units:move", args=[world.mandal.uuid])
    assert client.get(url).status_code == 404
    assert client.post(url, {"new_parent": str(world.sibling.uuid)}).status_code == 404


def test_a_viewer_sees_the_page_but_no_phones(world: World) -> None:
    viewer = user_create(username="viewer", password=PASSWORD)
    grant_set(user=viewer, unit=world.district, role=Role.VIEWER)
    appointment_create(person=world.sunil, post_type=world.district_president, unit=world.district)
    html = login(viewer).get(detail(world.district)).content.decode()
    assert "सुनील बजाज" in html and "98390 12345" not in html


def test_malformed_ids_are_not_found_rather_than_errors(world: World, as_state: Client) -> None:
    assert as_state.get(reverse("units:search"), {"q": "x", "within": "nope"}).status_code == 404
    response = as_state.post(reverse("units:move", args=[world.mandal.uuid]), {"new_parent": "x"})
    assert response.status_code == 200
    assert response.context["error"]
    response = as_state.post(reverse("units:move", args=[world.mandal.uuid]), {})
    assert response.context["error"]
