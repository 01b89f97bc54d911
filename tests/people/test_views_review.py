"""Duplicate review, the home page's reminder, and an admin's personal-data actions
(download as JSON, erase), over HTTP."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from sangathan.core.models import AuditEntry, User
from sangathan.people.dedupe import person_check_duplicates
from sangathan.people.models import (
    DuplicatePair,
    DuplicateStatus,
    Gender,
    MergeRecord,
    Person,
    PersonStatus,
    RelationKind,
)
from sangathan.people.services import PersonFields, person_create
from tests.conftest import World, login


def _resident(world: World, name: str, **extra: object) -> Person:
    fields = PersonFields(
        name=name,
        gender=Gender.MALE,
        relation_kind=RelationKind.FATHER,
        relation_name="शिव प्रसाद",
        birth_year=1975,
        phone="9839011122",
        locality="गोविंद नगर",
    )
    for key, value in extra.items():
        setattr(fields, key, value)
    return person_create(home_unit=world.booth, details=fields)


@pytest.fixture
def pair(world: World) -> DuplicatePair:
    """राम प्रसाद of booth 101, typed in again in Latin letters: a probable duplicate."""
    _resident(world, "राम प्रसाद")
    again = _resident(world, "Ram Prasad", voter_id="ABC1234567")
    pairs = person_check_duplicates(again)
    assert pairs, "the fixture must make a pair"
    return pairs[0]


def english(user: User) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    return login(user)


QUEUE = "/people/duplicates/"


def compare(pair: DuplicatePair) -> str:
    return reverse("people:duplicate", args=[pair.uuid])


# --- The queue ------------------------------------------------------------------------------


def test_queue_lists_open_pairs_probable_first(
    world: World, pair: DuplicatePair, as_district: Client
) -> None:
    weaker = _resident(world, "राम प्रकाश", birth_year=1990, phone="")
    person_check_duplicates(weaker)
    response = as_district.get(QUEUE)
    assert response.status_code == 200
    rows = response.context["page"].rows
    assert rows[0].pair == pair
    assert compare(pair) in response.content.decode()


def test_queue_within_a_unit(world: World, pair: DuplicatePair, as_district: Client) -> None:
    assert (
        compare(pair) in as_district.get(QUEUE, {"within": str(world.mandal.uuid)}).content.decode()
    )
    html = as_district.get(QUEUE, {"within": str(world.mandal2.uuid)}).content.decode()
    assert compare(pair) not in html


def test_worker_and_outsider_have_nothing_to_review(
    world: World, pair: DuplicatePair, as_booth: Client, as_outsider: Client
) -> None:
    assert compare(pair) not in as_booth.get(QUEUE).content.decode()
    assert compare(pair) not in as_outsider.get(QUEUE).content.decode()
    assert as_outsider.get(QUEUE, {"within": str(world.district.uuid)}).status_code == 404


# --- Side by side ---------------------------------------------------------------------------


def test_comparison_shows_every_field_with_differences_marked(
    world: World, pair: DuplicatePair, district_editor: User
) -> None:
    response = english(district_editor).get(compare(pair))
    assert response.status_code == 200
    html = response.content.decode()
    assert "राम प्रसाद" in html and "Ram Prasad" in html
    assert "98390 11122" in html  # the reviewer edits both records: full numbers
    rows = {row.label: row for row in response.context["rows"]}
    assert rows["Voter ID (EPIC)"].differs and not rows["Phone"].differs
    assert 'class="differs"' in html
    assert "A phone number in common" in html and "The same year of birth" in html
    assert AuditEntry.objects.filter(action="people.viewed_full").count() == 2


def test_worker_cannot_open_a_pair(world: World, pair: DuplicatePair, as_booth: Client) -> None:
    assert as_booth.get(compare(pair)).status_code == 404


def test_outsider_gets_404_for_every_pair_action(
    world: World, pair: DuplicatePair, as_outsider: Client
) -> None:
    assert as_outsider.get(compare(pair)).status_code == 404
    merge = reverse("people:duplicate_merge", args=[pair.uuid])
    survivor = {"survivor": str(pair.person_a.uuid)}
    assert as_outsider.post(merge, survivor).status_code == 404
    assert as_outsider.post(reverse("people:duplicate_not_same", args=[pair.uuid])).status_code == (
        404
    )
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.OPEN


# --- Decisions ------------------------------------------------------------------------------


def test_merge_into_the_left_record_then_undo(
    world: World, pair: DuplicatePair, district_editor: User
) -> None:
    client = english(district_editor)
    left, right = pair.person_a, pair.person_b
    merge = reverse("people:duplicate_merge", args=[pair.uuid])
    assert client.get(merge).status_code == 405
    response = client.post(merge, {"survivor": str(left.uuid)}, follow=True)
    html = response.content.decode()
    right.refresh_from_db()
    left.refresh_from_db()
    assert right.status == PersonStatus.MERGED and right.merged_into == left
    assert left.voter_id == "ABC1234567"  # filled from the merged record
    assert "has been merged into" in html
    record = MergeRecord.objects.get()
    undo = reverse("people:merge_undo", args=[record.uuid])
    assert undo in html and "Undo" in html

    response = client.post(undo, follow=True)
    assert "The merge has been undone" in response.content.decode()
    right.refresh_from_db()
    pair.refresh_from_db()
    assert right.status != PersonStatus.MERGED and pair.status == DuplicateStatus.OPEN


def test_merge_needs_one_of_the_pair_as_survivor(
    world: World, pair: DuplicatePair, district_editor: User
) -> None:
    response = english(district_editor).post(
        reverse("people:duplicate_merge", args=[pair.uuid]),
        {"survivor": str(world.sunil.uuid)},
        follow=True,
    )
    assert "Choose which record to keep." in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.OPEN


def test_a_decided_pair_cannot_be_merged_again(
    world: World, pair: DuplicatePair, district_editor: User
) -> None:
    client = english(district_editor)
    client.post(reverse("people:duplicate_not_same", args=[pair.uuid]))
    response = client.post(
        reverse("people:duplicate_merge", args=[pair.uuid]),
        {"survivor": str(pair.person_a.uuid)},
        follow=True,
    )
    assert "This pair has already been decided." in response.content.decode()


def test_not_the_same_person_is_remembered(
    world: World, pair: DuplicatePair, as_district: Client
) -> None:
    response = as_district.post(reverse("people:duplicate_not_same", args=[pair.uuid]))
    assert response.status_code == 302 and response["Location"] == QUEUE
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.NOT_SAME
    assert compare(pair) not in as_district.get(QUEUE).content.decode()
    pair.person_b.refresh_from_db()
    assert pair.person_b.status == PersonStatus.ACTIVE  # released from the hold


def test_outsider_cannot_undo_a_district_merge(
    world: World, pair: DuplicatePair, as_district: Client, as_outsider: Client
) -> None:
    as_district.post(
        reverse("people:duplicate_merge", args=[pair.uuid]), {"survivor": str(pair.person_a.uuid)}
    )
    record = MergeRecord.objects.get()
    assert as_outsider.post(reverse("people:merge_undo", args=[record.uuid])).status_code == 404
    record.refresh_from_db()
    assert record.undone_at is None


def test_person_page_links_open_pairs_to_the_review(
    world: World, pair: DuplicatePair, as_district: Client
) -> None:
    html = as_district.get(reverse("people:detail", args=[pair.person_b.uuid])).content.decode()
    assert compare(pair) in html


# --- Home page ------------------------------------------------------------------------------


def test_home_page_counts_duplicates_to_review_for_editors(
    world: World, pair: DuplicatePair, district_editor: User, as_booth: Client
) -> None:
    html = english(district_editor).get("/").content.decode()
    assert "Duplicates to review" in html
    assert "1 pair of records may be the same person." in html
    assert reverse("people:duplicates") in html
    assert "Duplicates to review" not in as_booth.get("/").content.decode()


# --- Personal data --------------------------------------------------------------------------


def test_admin_downloads_a_persons_data_as_json(
    world: World, pair: DuplicatePair, as_state: Client
) -> None:
    person = pair.person_a
    url = reverse("people:export", args=[person.uuid])
    assert as_state.get(url).status_code == 405
    response = as_state.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["name"] == person.name
    assert AuditEntry.objects.filter(
        action="people.data_exported", target_id=str(person.uuid)
    ).exists()


def test_editor_may_not_download_or_erase(
    world: World, pair: DuplicatePair, as_district: Client
) -> None:
    person = pair.person_a
    html = as_district.get(reverse("people:detail", args=[person.uuid])).content.decode()
    assert reverse("people:export", args=[person.uuid]) not in html
    assert as_district.post(reverse("people:export", args=[person.uuid])).status_code == 403
    assert as_district.get(reverse("people:erase", args=[person.uuid])).status_code == 403


def test_admin_erases_a_person_after_confirming_with_a_reason(
    world: World, pair: DuplicatePair, state_admin: User
) -> None:
    client = english(state_admin)
    person = pair.person_a
    url = reverse("people:erase", args=[person.uuid])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "", "confirm": "on"})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = client.post(url, {"reason": "The person asked", "confirm": ""})
    assert "confirm" in response.context["form"].errors
    person.refresh_from_db()
    assert person.status != PersonStatus.ERASED
    response = client.post(url, {"reason": "The person asked", "confirm": "on"}, follow=True)
    person.refresh_from_db()
    assert person.status == PersonStatus.ERASED and person.phone == ""
    assert "This person's data has been erased." in response.content.decode()
    assert client.get(url).status_code == 404  # nothing left to erase


def test_outsider_gets_404_for_personal_data_actions(
    world: World, pair: DuplicatePair, as_outsider: Client
) -> None:
    person = pair.person_a
    assert as_outsider.post(reverse("people:export", args=[person.uuid])).status_code == 404
    erase = reverse("people:erase", args=[person.uuid])
    assert as_outsider.get(erase).status_code == 404
    assert as_outsider.post(erase, {"reason": "x", "confirm": "on"}).status_code == 404
    person.refresh_from_db()
    assert person.status != PersonStatus.ERASED
    assert not AuditEntry.objects.filter(action="people.data_exported").exists()
