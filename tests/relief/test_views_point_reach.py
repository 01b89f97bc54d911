"""Whom the counter finds at a point: a volunteer there only by duty (or keeping its store)
looks up the point's catchment, the point's unit and below, while the drive is not closed;
everyone else looks up their own units inside the drive's. The search, the person picked by
id, the people-alike check, the referrer and the hand-over (page and API) all follow it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import PASSWORD, World, login
from tests.relief.conftest import Catalogue, Relief, bearer

from sangathan.core.models import Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import Gender, Household, Person
from sangathan.people.services import household_create, household_set_members, person_create
from sangathan.relief.catalogue import store_set_keepers
from sangathan.relief.distribution import distribution_record
from sangathan.relief.drives import drive_set_status, duty_add
from sangathan.relief.models import Beneficiary, Distribution, Shift
from sangathan.relief.selectors import point_reach
from sangathan.units.models import Unit


def _url(name: str, *args: object) -> str:
    return reverse(f"relief:{name}", args=list(args))


def _on_duty(relief: Relief, user: User, *, day_offset: int = 0) -> User:
    assert user.person is not None
    day = timezone.localdate() + timedelta(days=day_offset)
    duty_add(point=relief.point, person=user.person, day=day, shift=Shift.FULL_DAY, actor=None)
    return user


@pytest.fixture
def on_duty(relief: Relief, booth_worker: User) -> User:
    """The booth persona (a worker of booth 101 only) on duty at the mandal's point today."""
    return _on_duty(relief, booth_worker)


def _family(unit: Unit, name: str, phone: str = "") -> Person:
    home = household_create(unit=unit, address=f"{unit.code} नगर")
    head = person_create(name=name, gender=Gender.MALE, phone=phone, home_unit=unit)
    household_set_members(household=home, members=[head], head=head)
    head.refresh_from_db()
    return head


@pytest.fixture
def sanjays(world: World) -> dict[str, Person]:
    """संजय शुक्ला four times: booth 102 of the same mandal (in the point's catchment), booth
    201 of the other mandal and booth 901 of the sibling district (outside it), and booth 101
    (the volunteer's own booth)."""
    return {
        "mandal": _family(world.booth2, "संजय शुक्ला", phone="9839012345"),
        "other_mandal": _family(world.other_mandal_booth, "संजय शुक्ला"),
        "sibling": _family(world.sibling_booth, "संजय शुक्ला"),
        "own_booth": _family(world.booth, "संजय शुक्ला"),
    }


def _found(client: Client, relief: Relief, query: str = "sanjay shukla") -> str:
    response = client.get(_url("point_search", relief.point.uuid), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


# --- Searching the catchment ------------------------------------------------------------------


def test_the_volunteer_on_duty_finds_someone_of_another_booth_of_the_mandal_and_hands_over(
    on_duty: User,
    as_booth: Client,
    relief: Relief,
    catalogue: Catalogue,
    sanjays: dict[str, Person],
) -> None:
    sanjay = sanjays["mandal"]
    page = _found(as_booth, relief)
    assert f"?person={sanjay.uuid}" in page
    assert (
        as_booth.get(_url("point", relief.point.uuid), {"person": sanjay.uuid}).status_code == 200
    )
    response = as_booth.post(
        _url("point_give", relief.point.uuid),
        {"person": str(sanjay.uuid), "item": catalogue.kit.code, "grant": str(uuid4())},
    )
    assert response.status_code == 302
    given = Distribution.objects.get(item=catalogue.kit)
    assert given.household == sanjay.household and given.created_by == on_duty


def test_the_volunteer_on_duty_does_not_find_people_outside_the_catchment(
    on_duty: User, as_booth: Client, relief: Relief, sanjays: dict[str, Person]
) -> None:
    page = _found(as_booth, relief)
    assert str(sanjays["mandal"].uuid) in page and str(sanjays["own_booth"].uuid) in page
    assert str(sanjays["other_mandal"].uuid) not in page
    assert str(sanjays["sibling"].uuid) not in page


@pytest.mark.parametrize("where", ["other_mandal", "sibling"])
def test_a_picked_id_outside_the_catchment_is_refused(
    where: str,
    on_duty: User,
    as_booth: Client,
    relief: Relief,
    catalogue: Catalogue,
    sanjays: dict[str, Person],
) -> None:
    stranger = sanjays[where]
    point = relief.point.uuid
    assert as_booth.get(_url("point", point), {"person": stranger.uuid}).status_code == 404
    give = {"person": str(stranger.uuid), "item": catalogue.kit.code, "grant": str(uuid4())}
    assert as_booth.post(_url("point_give", point), give).status_code == 404
    enrol = {"person": str(stranger.uuid), "categories": ["disabled"]}
    assert as_booth.post(_url("point_enrol", point), enrol).status_code == 404
    assert not Distribution.objects.exists() and not Beneficiary.objects.exists()


def test_without_a_duty_or_a_grant_the_point_stays_closed(
    as_booth: Client, relief: Relief, catalogue: Catalogue, sanjays: dict[str, Person]
) -> None:
    point = relief.point.uuid
    assert as_booth.get(_url("point", point)).status_code == 404
    assert as_booth.get(_url("point_search", point), {"q": "sanjay"}).status_code == 404
    give = {"person": str(sanjays["mandal"].uuid), "item": catalogue.kit.code}
    assert as_booth.post(_url("point_give", point), give).status_code == 404
    assert not Distribution.objects.exists()


def test_a_duty_on_another_day_of_the_drive_opens_the_catchment_too(
    relief: Relief, booth_worker: User, as_booth: Client, sanjays: dict[str, Person]
) -> None:
    _on_duty(relief, booth_worker, day_offset=1)
    assert str(sanjays["mandal"].uuid) in _found(as_booth, relief)


def test_the_catchment_closes_with_the_drive(
    on_duty: User, as_booth: Client, relief: Relief, sanjays: dict[str, Person]
) -> None:
    drive_set_status(drive=relief.drive, status="closed", actor=None)
    page = _found(as_booth, relief)
    # Back to the volunteer's own booth: a closed drive hands out nothing anyway.
    assert str(sanjays["own_booth"].uuid) in page
    assert str(sanjays["mandal"].uuid) not in page


def test_a_keeper_of_the_point_store_looks_up_the_catchment(
    world: World, relief: Relief, sanjays: dict[str, Person]
) -> None:
    helper = person_create(name="भंडार सहायक", gender=Gender.MALE, home_unit=world.booth)
    keeper = user_create(username="keeper", password=PASSWORD, person=helper)
    store_set_keepers(store=relief.point.store, keepers=[keeper], actor=None)
    reach = point_reach(keeper, relief.point)
    assert reach.user is None and reach.within == world.mandal
    assert str(sanjays["mandal"].uuid) in _found(login(keeper), relief)


def test_the_district_editor_keeps_finding_the_whole_drive(
    as_district: Client, relief: Relief, sanjays: dict[str, Person]
) -> None:
    page = _found(as_district, relief)
    for where in ("mandal", "other_mandal", "own_booth"):
        assert str(sanjays[where].uuid) in page, where
    assert str(sanjays["sibling"].uuid) not in page


# --- What the counter sees ----------------------------------------------------------------


def test_phones_are_masked_for_the_volunteer_on_duty_and_there_is_no_link_to_the_record(
    on_duty: User, as_booth: Client, relief: Relief, sanjays: dict[str, Person]
) -> None:
    sanjay = sanjays["mandal"]
    for page in (
        _found(as_booth, relief),
        as_booth.get(_url("point", relief.point.uuid), {"person": sanjay.uuid}).content.decode(),
    ):
        assert "98xxxxxx45" in page
        assert "98390 12345" not in page and "9839012345" not in page
        assert f"/people/{sanjay.uuid}" not in page


def test_the_district_editor_sees_the_phone_in_full(
    as_district: Client, relief: Relief, sanjays: dict[str, Person]
) -> None:
    page = _found(as_district, relief)
    assert "98390 12345" in page and "98xxxxxx45" not in page


def test_a_family_member_is_shown_with_the_head_of_the_household(
    world: World, on_duty: User, as_booth: Client, relief: Relief, sanjays: dict[str, Person]
) -> None:
    head = sanjays["mandal"]
    assert head.household is not None
    son = person_create(name="राहुल शुक्ला", gender=Gender.MALE, home_unit=world.booth2)
    household_set_members(household=head.household, members=[head, son], head=head)
    client = as_booth
    client.cookies["sangathan_language"] = "en"
    page = _found(client, relief, "rahul shukla")
    assert str(son.uuid) in page and "family of संजय शुक्ला" in page


# --- The other look-ups of the page ---------------------------------------------------------


def test_a_newcomer_like_someone_of_the_catchment_is_asked_about(
    on_duty: User, as_booth: Client, relief: Relief, sanjays: dict[str, Person]
) -> None:
    before = Person.objects.count()
    response = as_booth.post(
        _url("point_quick_add", relief.point.uuid), {"name": "sanjay shukla", "locality": "x"}
    )
    assert response.status_code == 409 and Person.objects.count() == before
    alike = {p.pk for p in response.context["newcomer"].alike}
    assert alike == {sanjays["mandal"].pk, sanjays["own_booth"].pk}
    assert "98xxxxxx45" in response.content.decode()


def test_someone_of_the_catchment_may_be_the_referrer_and_a_stranger_may_not(
    on_duty: User, as_booth: Client, relief: Relief, sanjays: dict[str, Person]
) -> None:
    add = _url("point_quick_add", relief.point.uuid)
    newcomer = {"name": "रीना देवी", "locality": "दादा नगर"}
    stranger = {**newcomer, "referred_by": str(sanjays["other_mandal"].uuid)}
    assert as_booth.post(add, stranger).status_code == 400
    assert not Person.objects.filter(name="रीना देवी").exists()
    response = as_booth.post(add, {**newcomer, "referred_by": str(sanjays["mandal"].uuid)})
    assert response.status_code == 302
    reena = Beneficiary.objects.get(person__name="रीना देवी")
    assert reena.referred_by == sanjays["mandal"]
    # The newcomer is added to the volunteer's own booth, inside the catchment: found next.
    assert reena.unit.pk == on_duty.grants.get().unit_id
    assert str(reena.person.uuid) in _found(as_booth, relief, "रीना देवी")


def test_the_enrol_form_is_not_offered_for_someone_outside_the_volunteers_units(
    on_duty: User, as_booth: Client, relief: Relief, sanjays: dict[str, Person]
) -> None:
    page = as_booth.get(_url("point", relief.point.uuid), {"person": sanjays["mandal"].uuid})
    assert page.status_code == 200
    assert _url("point_enrol", relief.point.uuid) not in page.content.decode()


# --- The hand-over itself: the service and the API ------------------------------------------


def test_the_service_refuses_a_recipient_outside_the_catchment(
    on_duty: User, relief: Relief, catalogue: Catalogue, sanjays: dict[str, Person]
) -> None:
    household = sanjays["other_mandal"].household
    with pytest.raises(ValidationError) as caught:
        distribution_record(
            drive=relief.drive,
            point=relief.point,
            item=catalogue.kit,
            household=household,
            actor=on_duty,
        )
    assert "household" in caught.value.message_dict
    assert not Distribution.objects.exists()


def _upload(user: User, relief: Relief, **recipient: str) -> dict[str, Any]:
    record = {"uuid": str(uuid4()), "point": str(relief.point.uuid), "item": "ration-kit"}
    response = bearer(user).post(
        f"/relief/drives/{relief.drive.uuid}/distributions/", {"records": [{**record, **recipient}]}
    )
    assert response.status_code == 200, response.json()
    [result] = response.json()["results"]
    return result


def test_the_api_accepts_the_catchment_from_the_volunteer_on_duty_and_nobody_beyond(
    on_duty: User, relief: Relief, catalogue: Catalogue, sanjays: dict[str, Person]
) -> None:
    inside = _upload(on_duty, relief, person=str(sanjays["mandal"].uuid))
    assert inside["status"] == "stored"
    outside = _upload(on_duty, relief, person=str(sanjays["other_mandal"].uuid))
    assert outside["status"] == "refused" and outside["code"] == "invalid"
    assert "person" in outside["fields"]
    home: Household | None = sanjays["other_mandal"].household
    assert home is not None
    by_household = _upload(on_duty, relief, household=str(home.uuid))
    assert by_household["status"] == "refused" and "household" in by_household["fields"]
    assert Distribution.objects.count() == 1


def test_the_api_keeps_the_editors_own_units(
    relief: Relief,
    catalogue: Catalogue,
    mandal_editor: User,
    district_editor: User,
    sanjays: dict[str, Person],
) -> None:
    other = str(sanjays["other_mandal"].uuid)
    # The mandal's editor may hand over at the mandal's point to the mandal's people ...
    assert _upload(mandal_editor, relief, person=str(sanjays["mandal"].uuid))["status"] == "stored"
    # ... not to someone of another mandal they may not see; the district's editor may.
    refused = _upload(mandal_editor, relief, person=other)
    assert refused["status"] == "refused" and "person" in refused["fields"]
    # (A namesake was served today: the likely-duplicate question is answered with a reason.)
    given = _upload(district_editor, relief, person=other, override_reason="दूसरा परिवार")
    assert given["status"] == "stored", given


def test_a_record_sent_again_after_the_drive_closed_is_still_already_stored(
    on_duty: User, relief: Relief, catalogue: Catalogue, sanjays: dict[str, Person]
) -> None:
    record = {
        "uuid": str(uuid4()),
        "point": str(relief.point.uuid),
        "item": "ration-kit",
        "person": str(sanjays["mandal"].uuid),
    }
    path = f"/relief/drives/{relief.drive.uuid}/distributions/"
    first = bearer(on_duty).post(path, {"records": [record]}).json()["results"][0]
    assert first["status"] == "stored"
    drive_set_status(drive=relief.drive, status="closed", actor=None)
    again = bearer(on_duty).post(path, {"records": [record]}).json()["results"][0]
    assert again["status"] == "already_stored"


# --- The outsider -----------------------------------------------------------------------------


def test_the_outsider_is_refused_everything_at_the_point(
    on_duty: User,
    as_outsider: Client,
    outsider: User,
    relief: Relief,
    catalogue: Catalogue,
    sanjays: dict[str, Person],
) -> None:
    point = relief.point.uuid
    sanjay = str(sanjays["mandal"].uuid)
    assert as_outsider.get(_url("point", point), {"person": sanjay}).status_code == 404
    assert as_outsider.get(_url("point_search", point), {"q": "sanjay"}).status_code == 404
    for name, data in (
        ("point_give", {"person": sanjay, "item": catalogue.kit.code}),
        ("point_count", {"item": catalogue.lunch.code}),
        ("point_quick_add", {"name": "रीना देवी", "locality": "x"}),
        ("point_enrol", {"person": sanjay, "categories": ["disabled"]}),
    ):
        assert as_outsider.post(_url(name, point), data).status_code == 404, name
    record = {"uuid": str(uuid4()), "point": str(point), "item": "ration-kit", "person": sanjay}
    path = f"/relief/drives/{relief.drive.uuid}/distributions/"
    assert bearer(outsider).post(path, {"records": [record]}).status_code == 404
    assert not Distribution.objects.exists() and not Beneficiary.objects.exists()


def test_a_worker_of_the_mandal_needs_no_duty_and_keeps_their_reach(
    world: World, relief: Relief, sanjays: dict[str, Person]
) -> None:
    person = person_create(name="मंडल कार्यकर्ता", gender=Gender.MALE, home_unit=world.mandal)
    worker = user_create(username="mworker", password=PASSWORD, person=person)
    grant_set(user=worker, unit=world.mandal, role=Role.WORKER)
    reach = point_reach(worker, relief.point)
    assert reach.user == worker and reach.within == world.district
    page = _found(login(worker), relief)
    assert str(sanjays["mandal"].uuid) in page and str(sanjays["other_mandal"].uuid) not in page
