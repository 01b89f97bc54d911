"""People and households through the API: search, records, masking, writes, the field app's
batch upload, merge candidates, and the outsider kept out of all of it."""

from __future__ import annotations

import json
import uuid as uuid_lib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sangathan.core.models import AuditEntry, User
from sangathan.people.dedupe import person_check_duplicates
from sangathan.people.models import (
    DuplicateBand,
    DuplicatePair,
    DuplicateStatus,
    Gender,
    Household,
    Person,
    PersonStatus,
    Source,
)
from sangathan.people.services import (
    PersonFields,
    household_create,
    person_create,
    tags_ensure_default,
)
from sangathan.units.services import appointment_create
from tests.api.conftest import BASE, Api, anonymous, bearer
from tests.conftest import World

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def put(api: Api, path: str, body: dict[str, Any]) -> Response:
    return api.client.put(BASE + path, json.dumps(body), "application/json", headers=api.headers)


def names(body: dict[str, Any]) -> list[str]:
    return [item["name"] for item in body["items"]]


@pytest.fixture
def resident(world: World) -> Person:
    """A resident of booth 101 with every id filled in."""
    tags_ensure_default()
    return person_create(
        details=PersonFields(
            name="श्रीमती कमला देवी",
            gender=Gender.FEMALE,
            phone="9415012345",
            phone2="9839098765",
            relation_kind="husband",
            relation_name="रामप्रसाद",
            birth_year=1968,
            locality="गोविंद नगर",
            address="112/4, गोविंद नगर",
            voter_id="UPA1234567",
            ration_card="RC-22/118",
            aadhaar_last4="4321",
            tags=["widow"],
        ),
        home_unit=world.booth,
    )


@pytest.fixture
def residents(world: World) -> None:
    """A few people across the district, and a Santosh Shukla in the sibling district too."""
    for name, unit in (
        ("संतोष शुक्ला", world.booth),
        ("अवधेश सोनकर", world.booth),
        ("Laxmi Devi", world.booth2),
        ("अमित गुप्ता", world.other_mandal_booth),
    ):
        person_create(name=name, gender=Gender.MALE, home_unit=unit)
    person_create(name="संतोष शुक्ला", gender=Gender.MALE, home_unit=world.sibling_booth)


def new_person(world: World, **extra: Any) -> dict[str, Any]:
    return {"name": "रीना कुमारी", "gender": "F", "home_unit": str(world.booth.uuid), **extra}


# --- Search and lists -----------------------------------------------------------------------


def test_search_finds_santosh_sukla_in_devanagari(
    connect: Callable[[User], Api], mandal_editor: User, world: World, residents: None
) -> None:
    body = connect(mandal_editor).get("/people/", q="santosh sukla").json()
    assert names(body) == ["संतोष शुक्ला"]
    [hit] = body["items"]
    assert hit["score"] >= 85
    assert hit["name_latin"]
    assert hit["unit"] == {
        "uuid": str(world.booth.uuid),
        "code": "101",
        "name": "बूथ 101",
        "name_hi": "बूथ 101",
        "name_en": "Booth 101",
    }
    assert body["count"] == 1


def test_list_without_a_query_is_in_name_order_and_paginated(
    district_editor: User, world: World, residents: None
) -> None:
    api = bearer(district_editor)
    everyone = api.get("/people/").json()
    assert everyone["count"] == 6  # four residents here, सुनील बजाज and the editor
    assert names(everyone) == sorted(names(everyone))
    assert all(item["score"] is None for item in everyone["items"])
    page = api.get("/people/", limit=2, offset=1).json()
    assert page["count"] == 6
    assert names(page) == names(everyone)[1:3]


def test_a_page_costs_the_same_queries_for_few_or_many_people(
    district_editor: User, world: World
) -> None:
    tags_ensure_default()
    household = household_create(unit=world.booth)
    api = bearer(district_editor)

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/people/").status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for i in range(n):
            person_create(
                details=PersonFields(name=f"Ram {i}", phone=f"94150{i:05d}", tags=["widow"]),
                home_unit=world.booth,
                household=household,
            )

    add(3)
    queries_for_page()  # the token's first use is recorded once
    few = queries_for_page()
    add(30)
    assert queries_for_page() == few


def test_list_narrows_to_a_unit(district_editor: User, world: World, residents: None) -> None:
    api = bearer(district_editor)
    body = api.get("/people/", within=str(world.booth2.uuid)).json()
    assert names(body) == ["Laxmi Devi"]
    found = api.get("/people/", q="Lakshmi", within=str(world.booth.uuid)).json()
    assert found["items"] == []


def test_held_records_are_listed_only_when_asked(district_editor: User, world: World) -> None:
    held = person_create(name="रमेश अवस्थी", gender=Gender.MALE, home_unit=world.booth)
    Person.objects.filter(pk=held.pk).update(status=PersonStatus.HELD)
    api = bearer(district_editor)
    assert "रमेश अवस्थी" not in names(api.get("/people/").json())
    listed = api.get("/people/", held="true").json()
    assert "रमेश अवस्थी" in names(listed)
    assert next(i for i in listed["items"] if i["name"] == "रमेश अवस्थी")["status"] == "held"


def test_outsider_search_and_list_leave_out_district_people(
    outsider: User, world: World, residents: None
) -> None:
    api = bearer(outsider)
    found = api.get("/people/", q="santosh shukla").json()
    assert [i["unit"]["uuid"] for i in found["items"]] == [str(world.sibling_booth.uuid)]
    listed = api.get("/people/").json()
    assert set(names(listed)) == {"संतोष शुक्ला", "बाहरी संपादक"}
    assert all(i["unit"]["uuid"] != str(world.booth.uuid) for i in listed["items"])
    within = api.get("/people/", within=str(world.district.uuid))
    assert within.status_code == 404
    assert within.json()["code"] == "not_found"


# --- One person and masking -----------------------------------------------------------------


def test_editor_sees_a_person_in_full(
    connect: Callable[[User], Api], mandal_editor: User, world: World, resident: Person
) -> None:
    appointment_create(person=resident, post_type=world.booth_social_media, unit=world.booth)
    body = connect(mandal_editor).get(f"/people/{resident.uuid}/").json()
    assert body["name"] == "कमला देवी"
    assert body["honorifics"] == "श्रीमती"
    assert body["phone"] == "+919415012345"
    assert body["phone2"] == "+919839098765"
    assert body["phone_masked"] is False
    assert body["voter_id"] == "UPA1234567"
    assert body["ration_card"] == "RC-22/118"
    assert body["aadhaar_last4"] == "4321"
    assert body["tags"] == ["widow"]
    assert body["relation_kind"] == "husband"
    assert body["locality"] == "गोविंद नगर"
    assert body["can_edit"] is True
    assert body["source"] == "typed"
    [post] = body["posts"]
    assert post["post"]["name_en"] == "Social media in-charge"
    assert post["unit"]["code"] == "101"
    assert body["consents"] == []
    assert "id" not in body


@pytest.mark.parametrize("persona", ["district_viewer", "booth_worker"])
def test_viewers_and_workers_see_phones_and_ids_masked(
    request: pytest.FixtureRequest, persona: str, resident: Person
) -> None:
    user = request.getfixturevalue(persona)
    api = bearer(user)
    body = api.get(f"/people/{resident.uuid}/").json()
    assert body["phone"] == "94xxxxxx45"
    assert body["phone2"] == "98xxxxxx65"
    assert body["phone_masked"] is True
    assert body["voter_id"] == "xxxxxxx567"
    assert body["ration_card"] is None
    assert body["aadhaar_last4"] is None
    assert body["can_edit"] is False
    listed = api.get("/people/", q="कमला देवी").json()["items"][0]
    assert listed["phone"] == "94xxxxxx45"
    assert listed["phone_masked"] is True


def test_the_list_shows_editors_full_phones(mandal_editor: User, resident: Person) -> None:
    item = bearer(mandal_editor).get("/people/", q="Kamla Devi").json()["items"][0]
    assert item["phone"] == "+919415012345"
    assert item["phone_masked"] is False


def test_a_full_view_is_audited_and_a_masked_one_is_not(
    mandal_editor: User, district_viewer: User, resident: Person
) -> None:
    viewer, editor = bearer(district_viewer), bearer(mandal_editor)  # making tokens is audited
    last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    viewer.get(f"/people/{resident.uuid}/")
    viewer.get("/people/", q="कमला देवी")
    assert not AuditEntry.objects.filter(id__gt=last_id).exists()
    editor.get(f"/people/{resident.uuid}/")
    [entry] = AuditEntry.objects.filter(id__gt=last_id)
    assert entry.action == "people.viewed_full"
    assert entry.actor == mandal_editor
    assert entry.target_id == str(resident.uuid)


def test_outsider_gets_404_for_a_district_person(outsider: User, resident: Person) -> None:
    api = bearer(outsider)
    for path in (f"/people/{resident.uuid}/", f"/people/{resident.uuid}/duplicates/"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"
    changed = api.patch(f"/people/{resident.uuid}/", {"name": "बदला नाम"})
    assert changed.status_code == 404
    resident.refresh_from_db()
    assert resident.name == "कमला देवी"


def test_a_malformed_id_is_not_found(district_editor: User) -> None:
    assert bearer(district_editor).get("/people/not-a-uuid/").status_code == 404


# --- Creating -------------------------------------------------------------------------------


def test_editor_adds_a_person(
    connect: Callable[[User], Api], mandal_editor: User, world: World
) -> None:
    tags_ensure_default()
    response = connect(mandal_editor).post(
        "/people/",
        new_person(
            world,
            phone="94150 55555",
            relation_kind="father",
            relation_name="Ram Lal",
            age=30,
            voter_id="upa 7654321",
            aadhaar_last4="9876",
            tags=["daily-wage"],
        ),
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "रीना कुमारी"
    assert body["phone"] == "+919415055555"
    assert body["voter_id"] == "UPA7654321"
    assert body["tags"] == ["daily-wage"]
    assert body["birth_year"] is not None
    assert body["duplicates"] == []
    assert body["status"] == "active"
    person = Person.objects.get(uuid=body["uuid"])
    assert person.source == Source.FIELD
    assert person.unit_path == world.booth.path
    entry = AuditEntry.objects.get(action="people.created", target_id=str(person.uuid))
    assert entry.actor == mandal_editor


def test_a_person_joins_a_household_of_the_same_unit(mandal_editor: User, world: World) -> None:
    household = household_create(unit=world.booth, address="12, गोविंद नगर")
    api = bearer(mandal_editor, **{"Accept-Language": "en"})
    ok = api.post("/people/", new_person(world, household=str(household.uuid)))
    assert ok.status_code == 201
    assert ok.json()["household"] == str(household.uuid)
    elsewhere = api.post(
        "/people/",
        new_person(world, household=str(household.uuid), home_unit=str(world.booth2.uuid)),
    )
    assert elsewhere.status_code == 400
    assert elsewhere.json()["fields"] == {"household": ["The household belongs to another unit."]}


def test_invalid_values_are_reported_by_field_in_hindi(mandal_editor: User, world: World) -> None:
    response = bearer(mandal_editor).post(
        "/people/", new_person(world, name="  ", phone="12345", voter_id="ABC")
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"name", "phone", "voter_id"}
    assert body["fields"]["name"] == ["व्यक्ति का नाम लिखें।"]
    assert body["fields"]["phone"] == ["12345 सही फ़ोन नंबर नहीं है।"]
    assert not Person.objects.filter(home_unit=world.booth).exists()


def test_invalid_values_are_reported_in_english_when_asked(
    mandal_editor: User, world: World
) -> None:
    response = bearer(mandal_editor, **{"Accept-Language": "en"}).post(
        "/people/", new_person(world, aadhaar_last4="1234 5678 9012", birth_year=1850)
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["aadhaar_last4"] == [
        "Give only the last 4 digits of the Aadhaar number; the full number is never kept."
    ]
    assert "birth_year" in fields


def test_a_missing_name_or_unit_is_a_422_by_field(mandal_editor: User, world: World) -> None:
    response = bearer(mandal_editor).post("/people/", {"gender": "F"})
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"name", "home_unit"}


def test_booth_worker_cannot_add_a_person(booth_worker: User, world: World) -> None:
    response = bearer(booth_worker).post("/people/", new_person(world))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Person.objects.filter(name="रीना कुमारी").exists()


def test_outsider_cannot_add_a_person_to_the_district(outsider: User, world: World) -> None:
    response = bearer(outsider).post("/people/", new_person(world))
    assert response.status_code == 404
    assert not Person.objects.filter(name="रीना कुमारी").exists()


def test_a_person_sent_twice_from_a_phone_is_stored_once(
    connect: Callable[[User], Api], mandal_editor: User, world: World
) -> None:
    client_id = str(uuid_lib.uuid4())
    api = connect(mandal_editor)
    first = api.post("/people/", new_person(world, uuid=client_id))
    again = api.post("/people/", new_person(world, uuid=client_id))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["uuid"] == again.json()["uuid"] == client_id
    assert Person.objects.filter(uuid=client_id).count() == 1
    assert AuditEntry.objects.filter(action="people.created", target_id=client_id).count() == 1


def test_an_id_taken_outside_the_reach_is_refused(
    mandal_editor: User, outsider: User, world: World
) -> None:
    theirs = outsider.person
    assert theirs is not None
    response = bearer(mandal_editor).post("/people/", new_person(world, uuid=str(theirs.uuid)))
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["uuid"]


def test_a_probable_duplicate_is_held_and_its_twin_named(mandal_editor: User, world: World) -> None:
    twin = person_create(
        details=PersonFields(
            name="राम प्रसाद यादव",
            gender=Gender.MALE,
            phone="9415011111",
            relation_kind="father",
            relation_name="श्याम लाल यादव",
            birth_year=1970,
            locality="गोविंद नगर",
        ),
        home_unit=world.booth,
    )
    response = bearer(mandal_editor).post(
        "/people/",
        {
            "name": "Ram Prasad Yadav",
            "gender": "M",
            "phone": "9415011111",
            "relation_kind": "father",
            "relation_name": "Shyam Lal Yadav",
            "birth_year": 1971,
            "locality": "Govind Nagar",
            "home_unit": str(world.booth.uuid),
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "held"
    [duplicate] = body["duplicates"]
    assert duplicate["uuid"] == str(twin.uuid)
    assert duplicate["name"] == "राम प्रसाद यादव"
    assert duplicate["band"] == "probable"


# --- Changing -------------------------------------------------------------------------------


def test_editor_changes_only_the_fields_sent(
    connect: Callable[[User], Api], mandal_editor: User, resident: Person
) -> None:
    response = connect(mandal_editor).patch(
        f"/people/{resident.uuid}/", {"phone": "9839011111", "tags": ["widow", "elderly-alone"]}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["phone"] == "+919839011111"
    assert body["tags"] == ["elderly-alone", "widow"]
    resident.refresh_from_db()
    assert (resident.name, resident.honorifics, resident.voter_id, resident.birth_year) == (
        "कमला देवी",
        "श्रीमती",
        "UPA1234567",
        1968,
    )
    entry = AuditEntry.objects.get(action="people.updated", target_id=str(resident.uuid))
    assert entry.changes["phone"] == ["…", "…"]


def test_an_empty_value_clears_a_field_and_an_age_sets_the_year(
    mandal_editor: User, resident: Person
) -> None:
    response = bearer(mandal_editor).patch(
        f"/people/{resident.uuid}/", {"phone2": None, "ration_card": "", "age": 40}
    )
    assert response.status_code == 200
    resident.refresh_from_db()
    assert (resident.phone2, resident.ration_card) == ("", "")
    assert resident.birth_year is not None and resident.birth_year > 1968


def test_an_invalid_change_is_refused_by_field(mandal_editor: User, resident: Person) -> None:
    response = bearer(mandal_editor, **{"Accept-Language": "en"}).patch(
        f"/people/{resident.uuid}/", {"voter_id": "12", "gender": "X"}
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"voter_id", "gender"}
    assert response.json()["fields"]["gender"] == ["Choose a gender from the list."]
    resident.refresh_from_db()
    assert resident.voter_id == "UPA1234567"


def test_a_merged_record_is_shown_with_its_survivor_but_not_changed(
    mandal_editor: User, world: World, resident: Person
) -> None:
    merged = person_create(name="Kamla Devi", gender=Gender.FEMALE, home_unit=world.booth)
    Person.objects.filter(pk=merged.pk).update(status=PersonStatus.MERGED, merged_into=resident)
    api = bearer(mandal_editor)
    body = api.get(f"/people/{merged.uuid}/").json()
    assert (body["status"], body["merged_into"]) == ("merged", str(resident.uuid))
    assert api.patch(f"/people/{merged.uuid}/", {"name": "नया नाम"}).status_code == 404
    assert "Kamla Devi" not in names(api.get("/people/").json())


@pytest.mark.parametrize("persona", ["district_viewer", "booth_worker"])
def test_viewers_and_workers_cannot_change_a_person(
    request: pytest.FixtureRequest, persona: str, resident: Person
) -> None:
    user = request.getfixturevalue(persona)
    response = bearer(user).patch(f"/people/{resident.uuid}/", {"name": "बदला नाम"})
    assert response.status_code == 403
    resident.refresh_from_db()
    assert resident.name == "कमला देवी"


# --- The field app's batch ------------------------------------------------------------------


def batch(world: World) -> list[dict[str, Any]]:
    return [
        {"uuid": str(uuid_lib.uuid4()), **new_person(world, name="गीता देवी")},
        {"uuid": str(uuid_lib.uuid4()), **new_person(world, name="सीमा", phone="12")},
        {"uuid": str(uuid_lib.uuid4()), **new_person(world, name="Pooja Verma")},
    ]


def test_a_batch_stores_the_good_records_and_reports_the_bad_one(
    connect: Callable[[User], Api], mandal_editor: User, world: World
) -> None:
    people = batch(world)
    response = connect(mandal_editor).post("/people/batch/", {"people": people})
    assert response.status_code == 200
    body = response.json()
    assert [r["status"] for r in body["results"]] == ["created", "invalid", "created"]
    assert [r["uuid"] for r in body["results"]] == [p["uuid"] for p in people]
    assert (body["created"], body["exists"], body["invalid"]) == (2, 0, 1)
    bad = body["results"][1]
    assert bad["code"] == "invalid"
    assert bad["errors"] == {"phone": ["12 सही फ़ोन नंबर नहीं है।"]}
    assert body["results"][0]["person_status"] == "active"
    stored = Person.objects.filter(uuid__in=[p["uuid"] for p in people])
    assert sorted(stored.values_list("name", flat=True)) == ["Pooja Verma", "गीता देवी"]
    assert set(stored.values_list("source", flat=True)) == {Source.FIELD}


def test_a_batch_sent_twice_stores_everyone_once(mandal_editor: User, world: World) -> None:
    people = batch(world)
    api = bearer(mandal_editor)
    api.post("/people/batch/", {"people": people})
    again = api.post("/people/batch/", {"people": people}).json()
    assert [r["status"] for r in again["results"]] == ["exists", "invalid", "exists"]
    assert (again["created"], again["exists"], again["invalid"]) == (0, 2, 1)
    assert Person.objects.filter(uuid__in=[p["uuid"] for p in people]).count() == 2


def test_the_same_record_twice_in_one_batch_is_stored_once(
    mandal_editor: User, world: World
) -> None:
    record = {"uuid": str(uuid_lib.uuid4()), **new_person(world)}
    body = bearer(mandal_editor).post("/people/batch/", {"people": [record, record]}).json()
    assert [r["status"] for r in body["results"]] == ["created", "exists"]
    assert Person.objects.filter(uuid=record["uuid"]).count() == 1


def test_a_batch_record_outside_the_reach_or_the_role_is_refused_alone(
    mandal_editor: User, world: World
) -> None:
    people = [
        {"uuid": str(uuid_lib.uuid4()), **new_person(world)},
        {
            "uuid": str(uuid_lib.uuid4()),
            **new_person(world, home_unit=str(world.sibling_booth.uuid)),
        },
        {
            "uuid": str(uuid_lib.uuid4()),
            **new_person(world, household=str(uuid_lib.uuid4())),
        },
    ]
    body = bearer(mandal_editor, **{"Accept-Language": "en"}).post(
        "/people/batch/", {"people": people}
    )
    results = body.json()["results"]
    assert [r["status"] for r in results] == ["created", "invalid", "invalid"]
    assert results[1]["code"] == "not_found"
    assert list(results[1]["errors"]) == ["home_unit"]
    assert results[2]["code"] == "not_found"
    assert list(results[2]["errors"]) == ["household"]
    assert not Person.objects.filter(home_unit=world.sibling_booth, name="रीना कुमारी").exists()


def test_booth_worker_batch_is_refused_record_by_record(booth_worker: User, world: World) -> None:
    body = bearer(booth_worker, **{"Accept-Language": "en"}).post(
        "/people/batch/", {"people": batch(world)[:1]}
    )
    assert body.status_code == 200
    [result] = body.json()["results"]
    assert result["status"] == "invalid"
    assert result["code"] == "forbidden"
    assert result["errors"] == {"home_unit": ["Your role in this unit does not allow this."]}
    assert not Person.objects.filter(name="गीता देवी").exists()


def test_outsider_batch_into_the_district_stores_nothing(outsider: User, world: World) -> None:
    body = bearer(outsider).post("/people/batch/", {"people": batch(world)}).json()
    assert {r["code"] for r in body["results"]} == {"not_found"}
    assert body["created"] == 0


def test_a_batch_of_more_than_500_is_refused(mandal_editor: User, world: World) -> None:
    one = new_person(world)
    people = [{"uuid": str(uuid_lib.uuid4()), **one} for _ in range(501)]
    response = bearer(mandal_editor, **{"Accept-Language": "en"}).post(
        "/people/batch/", {"people": people}
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"people": ["Send at most 500 people at a time."]}
    assert not Person.objects.filter(name="रीना कुमारी").exists()


# --- Merge candidates -----------------------------------------------------------------------


def pair(one: Person, two: Person, score: float, band: str) -> DuplicatePair:
    a, b = (one, two) if one.pk < two.pk else (two, one)
    return DuplicatePair.objects.create(
        person_a=a,
        person_b=b,
        unit_path=b.unit_path,
        score=score,
        band=band,
        reasons={"name": score, "birth_year": 0},
    )


def test_duplicates_list_the_other_records_best_first(
    connect: Callable[[User], Api], mandal_editor: User, world: World
) -> None:
    first = person_create(name="सुरेश कुमार", gender=Gender.MALE, home_unit=world.booth)
    second = person_create(name="Suresh Kumar", gender=Gender.MALE, home_unit=world.booth)
    third = person_create(name="सुरेश कुमार", gender=Gender.MALE, home_unit=world.booth2)
    for person in (first, second, third):
        person_check_duplicates(person)
    DuplicatePair.objects.all().delete()  # fixed scores, whatever the rules say
    pair(first, second, 97.0, DuplicateBand.PROBABLE)
    pair(first, third, 82.0, DuplicateBand.POSSIBLE)
    body = connect(mandal_editor).get(f"/people/{first.uuid}/duplicates/").json()
    assert [d["person"]["uuid"] for d in body] == [str(second.uuid), str(third.uuid)]
    assert [d["band"] for d in body] == ["probable", "possible"]
    assert body[0]["score"] == 97.0
    assert body[0]["reasons"] == {"name": 97.0, "birth_year": 0}
    assert body[0]["person"]["name"] == "Suresh Kumar"
    assert body[0]["uuid"] == str(DuplicatePair.objects.get(score=97.0).uuid)
    # The other side of a pair sees it too.
    back = bearer(mandal_editor).get(f"/people/{second.uuid}/duplicates/").json()
    assert [d["person"]["uuid"] for d in back] == [str(first.uuid)]


def test_duplicates_leave_out_decided_pairs_and_people_outside_the_reach(
    mandal_editor: User, world: World
) -> None:
    here = person_create(name="दिनेश मौर्य", gender=Gender.MALE, home_unit=world.booth)
    decided = person_create(name="Dinesh Maurya", gender=Gender.MALE, home_unit=world.booth)
    away = person_create(name="दिनेश मौर्य", gender=Gender.MALE, home_unit=world.other_mandal_booth)
    DuplicatePair.objects.all().delete()
    not_same = pair(here, decided, 95.0, DuplicateBand.PROBABLE)
    not_same.status = DuplicateStatus.NOT_SAME
    not_same.save(update_fields=["status"])
    pair(here, away, 90.0, DuplicateBand.PROBABLE)
    assert bearer(mandal_editor).get(f"/people/{here.uuid}/duplicates/").json() == []


def test_duplicates_found_by_the_rules_are_listed(mandal_editor: User, world: World) -> None:
    details = PersonFields(
        name="अवधेश सोनकर",
        gender=Gender.MALE,
        phone="9415022222",
        relation_kind="father",
        relation_name="रामेश्वर सोनकर",
        birth_year=1980,
    )
    first = person_create(details=details, home_unit=world.booth)
    details.name = "Avdhesh Sonkar"
    second = person_create(details=details, home_unit=world.booth)
    person_check_duplicates(second)
    body = bearer(mandal_editor).get(f"/people/{first.uuid}/duplicates/").json()
    assert [d["person"]["uuid"] for d in body] == [str(second.uuid)]
    assert body[0]["band"] in {"probable", "possible"}


# --- Households -----------------------------------------------------------------------------


def test_editor_adds_a_household_once_per_client_id(
    connect: Callable[[User], Api], mandal_editor: User, world: World
) -> None:
    client_id = str(uuid_lib.uuid4())
    payload = {
        "unit": str(world.booth.uuid),
        "address": "12, गोविंद नगर",
        "locality": "गोविंद नगर",
        "code": "H-12",
        "size": 5,
        "uuid": client_id,
    }
    api = connect(mandal_editor)
    first = api.post("/households/", payload)
    again = api.post("/households/", payload)
    assert (first.status_code, again.status_code) == (201, 200)
    body = first.json()
    assert body["uuid"] == client_id
    assert body["unit"]["code"] == "101"
    assert (body["address"], body["code"], body["size"]) == ("12, गोविंद नगर", "H-12", 5)
    assert body["members"] == []
    assert body["head"] is None
    assert Household.objects.filter(uuid=client_id).count() == 1
    assert AuditEntry.objects.filter(action="households.created", target_id=client_id).exists()


def test_a_household_code_used_twice_is_refused(mandal_editor: User, world: World) -> None:
    api = bearer(mandal_editor, **{"Accept-Language": "en"})
    api.post("/households/", {"unit": str(world.booth.uuid), "code": "H-1"})
    response = api.post("/households/", {"unit": str(world.booth.uuid), "code": "H-1", "size": 0})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["code"]


def test_booth_worker_cannot_add_a_household(booth_worker: User, world: World) -> None:
    response = bearer(booth_worker).post("/households/", {"unit": str(world.booth.uuid)})
    assert response.status_code == 403
    assert not Household.objects.exists()


def test_editor_sets_members_and_head(
    connect: Callable[[User], Api], mandal_editor: User, world: World, resident: Person
) -> None:
    household = household_create(unit=world.booth, address="112/4, गोविंद नगर", size=4)
    son = person_create(name="राजू", gender=Gender.MALE, phone="9415077777", home_unit=world.booth)
    api = connect(mandal_editor)
    response = put(
        api,
        f"/households/{household.uuid}/members/",
        {"members": [str(resident.uuid), str(son.uuid)], "head": str(resident.uuid)},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["head"] == {"uuid": str(resident.uuid), "name": "कमला देवी"}
    assert [m["name"] for m in body["members"]] == ["कमला देवी", "राजू"]
    assert body["members_count"] == 2
    assert body["members"][1]["phone"] == "+919415077777"
    # Setting the members again replaces them.
    again = put(api, f"/households/{household.uuid}/members/", {"members": [str(son.uuid)]})
    assert [m["name"] for m in again.json()["members"]] == ["राजू"]
    resident.refresh_from_db()
    assert resident.household is None
    assert AuditEntry.objects.filter(action="households.members_set").count() == 2


def test_a_member_from_another_unit_or_a_head_who_is_not_a_member_is_refused(
    mandal_editor: User, world: World, resident: Person
) -> None:
    household = household_create(unit=world.booth2)
    api = bearer(mandal_editor, **{"Accept-Language": "en"})
    other_unit = put(
        api, f"/households/{household.uuid}/members/", {"members": [str(resident.uuid)]}
    )
    assert other_unit.status_code == 400
    assert list(other_unit.json()["fields"]) == ["members"]
    neighbour = person_create(name="मोहन", gender=Gender.MALE, home_unit=world.booth2)
    head_elsewhere = put(
        api,
        f"/households/{household.uuid}/members/",
        {"members": [str(neighbour.uuid)], "head": str(resident.uuid)},
    )
    assert head_elsewhere.status_code == 400
    assert list(head_elsewhere.json()["fields"]) == ["head"]


def test_households_are_listed_and_shown_with_masked_phones(
    booth_worker: User, district_editor: User, world: World, resident: Person
) -> None:
    household = household_create(unit=world.booth, address="112/4", code="H-2")
    household_create(unit=world.other_mandal_booth, address="9, किदवई नगर")
    Person.objects.filter(pk=resident.pk).update(household=household)
    worker = bearer(booth_worker)
    listed = worker.get("/households/").json()
    assert [h["address"] for h in listed["items"]] == ["112/4"]
    assert listed["items"][0]["members_count"] == 1
    detail = worker.get(f"/households/{household.uuid}/").json()
    assert detail["members"][0]["phone"] == "94xxxxxx45"
    editor = bearer(district_editor)
    assert editor.get("/households/").json()["count"] == 2
    within = editor.get("/households/", within=str(world.mandal2.uuid)).json()
    assert [h["address"] for h in within["items"]] == ["9, किदवई नगर"]


def test_booth_worker_cannot_set_members(
    booth_worker: User, world: World, resident: Person
) -> None:
    household = household_create(unit=world.booth)
    response = put(
        bearer(booth_worker),
        f"/households/{household.uuid}/members/",
        {"members": [str(resident.uuid)]},
    )
    assert response.status_code == 403
    resident.refresh_from_db()
    assert resident.household is None


def test_outsider_gets_404_for_district_households(
    outsider: User, world: World, resident: Person
) -> None:
    household = household_create(unit=world.booth, address="112/4")
    household_create(unit=world.sibling_booth, address="बर्रा 2")
    api = bearer(outsider)
    assert api.get(f"/households/{household.uuid}/").status_code == 404
    listed = api.get("/households/").json()
    assert [h["address"] for h in listed["items"]] == ["बर्रा 2"]
    assert api.get("/households/", within=str(world.district.uuid)).status_code == 404
    members = put(api, f"/households/{household.uuid}/members/", {"members": []})
    assert members.status_code == 404
    created = api.post("/households/", {"unit": str(world.booth.uuid)})
    assert created.status_code == 404
    # A person of the district cannot be put into the outsider's own household either.
    theirs = Household.objects.get(address="बर्रा 2")
    moved = put(api, f"/households/{theirs.uuid}/members/", {"members": [str(resident.uuid)]})
    assert moved.status_code == 404


def test_a_household_id_taken_outside_the_reach_is_refused_and_tells_nothing(
    outsider: User, world: World
) -> None:
    theirs = household_create(unit=world.booth, address="112/4, गोविंद नगर")
    api = bearer(outsider, **{"Accept-Language": "en"})
    response = api.post(
        "/households/", {"unit": str(world.sibling_booth.uuid), "uuid": str(theirs.uuid)}
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["uuid"]
    assert "गोविंद" not in response.content.decode()
    assert Household.objects.filter(uuid=theirs.uuid).get().unit == world.booth


def test_editor_changes_a_household_and_its_head(
    mandal_editor: User, world: World, resident: Person
) -> None:
    household = household_create(unit=world.booth, address="112/4", size=4)
    Person.objects.filter(pk=resident.pk).update(household=household)
    api = bearer(mandal_editor)
    response = api.patch(
        f"/households/{household.uuid}/",
        {"address": "112/5, गोविंद नगर", "size": 5, "head": str(resident.uuid)},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["address"], body["size"], body["head"]["uuid"]) == (
        "112/5, गोविंद नगर",
        5,
        str(resident.uuid),
    )
    assert body["locality"] == ""  # not sent: unchanged
    cleared = api.patch(f"/households/{household.uuid}/", {"head": None, "size": None}).json()
    assert (cleared["head"], cleared["size"], cleared["address"]) == (
        None,
        None,
        "112/5, गोविंद नगर",
    )
    assert AuditEntry.objects.filter(action="households.updated").count() == 2


def test_a_household_moved_to_another_booth_takes_its_members(
    mandal_editor: User, world: World, resident: Person
) -> None:
    household = household_create(unit=world.booth, address="112/4")
    Person.objects.filter(pk=resident.pk).update(household=household)
    response = bearer(mandal_editor).patch(
        f"/households/{household.uuid}/", {"unit": str(world.booth2.uuid)}
    )
    assert response.status_code == 200
    assert response.json()["unit"]["uuid"] == str(world.booth2.uuid)
    resident.refresh_from_db()
    assert resident.home_unit == world.booth2


def test_a_bad_household_change_is_refused_by_field_and_nothing_changes(
    mandal_editor: User, world: World, resident: Person
) -> None:
    household = household_create(unit=world.booth, address="112/4", size=4)
    household_create(unit=world.booth, code="H-9")
    api = bearer(mandal_editor, **{"Accept-Language": "en"})
    too_big = api.patch(f"/households/{household.uuid}/", {"size": 120, "address": "new"})
    assert too_big.status_code == 400 and list(too_big.json()["fields"]) == ["size"]
    taken = api.patch(f"/households/{household.uuid}/", {"code": "H-9"})
    assert taken.status_code == 400 and list(taken.json()["fields"]) == ["code"]
    not_member = api.patch(f"/households/{household.uuid}/", {"head": str(resident.uuid)})
    assert not_member.status_code == 400 and list(not_member.json()["fields"]) == ["head"]
    household.refresh_from_db()
    assert (household.address, household.size, household.code) == ("112/4", 4, "")


def test_booth_worker_and_outsider_cannot_change_a_household(
    booth_worker: User, outsider: User, world: World
) -> None:
    household = household_create(unit=world.booth, address="112/4")
    path = f"/households/{household.uuid}/"
    assert bearer(booth_worker).patch(path, {"address": "x"}).status_code == 403
    assert bearer(outsider).patch(path, {"address": "x"}).status_code == 404
    household.refresh_from_db()
    assert household.address == "112/4"


def test_editor_puts_a_person_into_a_household_and_takes_them_out(
    mandal_editor: User, world: World, resident: Person
) -> None:
    household = household_create(unit=world.booth, address="112/4")
    api = bearer(mandal_editor)
    joined = put(api, f"/people/{resident.uuid}/household/", {"household": str(household.uuid)})
    assert joined.status_code == 200
    resident.refresh_from_db()
    assert resident.household == household
    left = put(api, f"/people/{resident.uuid}/household/", {"household": None})
    assert left.status_code == 200
    resident.refresh_from_db()
    assert resident.household is None
    assert AuditEntry.objects.filter(action="people.household_set").count() == 2


def test_joining_a_household_of_another_booth_needs_a_move(
    mandal_editor: User, world: World, resident: Person
) -> None:
    elsewhere = household_create(unit=world.booth2, address="7, किदवई नगर")
    api = bearer(mandal_editor, **{"Accept-Language": "en"})
    path = f"/people/{resident.uuid}/household/"
    refused = put(api, path, {"household": str(elsewhere.uuid)})
    assert refused.status_code == 400
    assert list(refused.json()["fields"]) == ["household"]
    resident.refresh_from_db()
    assert (resident.household, resident.home_unit) == (None, world.booth)
    moved = put(api, path, {"household": str(elsewhere.uuid), "move": True})
    assert moved.status_code == 200
    resident.refresh_from_db()
    assert (resident.household, resident.home_unit) == (elsewhere, world.booth2)


def test_the_outsider_cannot_put_a_district_person_into_any_household(
    outsider: User, booth_worker: User, world: World, resident: Person
) -> None:
    district = household_create(unit=world.booth, address="112/4")
    theirs = household_create(unit=world.sibling_booth, address="बर्रा 2")
    api = bearer(outsider)
    for target in (district, theirs):
        response = put(api, f"/people/{resident.uuid}/household/", {"household": str(target.uuid)})
        assert response.status_code == 404
    worker = put(
        bearer(booth_worker),
        f"/people/{resident.uuid}/household/",
        {"household": str(district.uuid)},
    )
    assert worker.status_code == 403
    resident.refresh_from_db()
    assert resident.household is None


# --- Credentials and schema -----------------------------------------------------------------

ENDPOINTS = [
    ("get", "/people/"),
    ("get", "/people/{person}/"),
    ("get", "/people/{person}/duplicates/"),
    ("post", "/people/"),
    ("patch", "/people/{person}/"),
    ("post", "/people/batch/"),
    ("get", "/households/"),
    ("get", "/households/{household}/"),
    ("post", "/households/"),
    ("put", "/households/{household}/members/"),
    ("patch", "/households/{household}/"),
    ("put", "/people/{person}/household/"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_every_people_endpoint_refuses_a_caller_without_credentials(
    world: World, method: str, path: str
) -> None:
    household = household_create(unit=world.booth)
    url = path.format(person=world.sunil.uuid, household=household.uuid)
    api = anonymous()
    if method == "get":
        response = api.get(url)
    elif method == "put":
        response = put(api, url, {})
    elif method == "patch":
        response = api.patch(url, {})
    else:
        response = api.post(url, {})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_openapi_schema_documents_the_people_endpoints(client: Client, db: None) -> None:
    schema = client.get(f"{BASE}/openapi.json").json()
    for method, path in ENDPOINTS:
        expected = BASE + path.replace("{person}", "{uuid}").replace("{household}", "{uuid}")
        assert expected in schema["paths"], expected
        operation = schema["paths"][expected][method]
        assert operation["summary"], expected
        assert operation["description"], expected
    components = schema["components"]["schemas"]
    for name in ("PersonItemOut", "PersonDetailOut", "PersonCreateIn", "BatchOut", "DuplicateOut"):
        assert name in components, name
