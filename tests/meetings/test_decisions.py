"""Decisions and their action items: owners, due dates, status, links, and where open items
show up (the owner's home, the unit, the next meeting)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone

from sangathan.core.models import Notification, User
from sangathan.meetings import selectors as sel
from sangathan.meetings.decisions import (
    action_item_add,
    action_item_link,
    action_item_set_status,
    action_item_update,
    decision_add,
    decision_remove,
)
from sangathan.meetings.models import ActionItem, ActionStatus, Decision, LinkKind, Meeting
from sangathan.meetings.services import meeting_cancel, meeting_create
from sangathan.nominations.services import AskSpec, requisition_create
from tests.conftest import World
from tests.core.test_inbox import Capture
from tests.meetings.conftest import Seed, at

VACCINATION = "कार्यकर्ता रविवार से घर-घर जाकर लोगों को वैक्सीनेशन हेतु जागरूक करेंगे।"


@pytest.fixture
def decision(held: Meeting, district_editor: User) -> Decision:
    return decision_add(meeting=held, text=VACCINATION, actor=district_editor)


def test_an_action_item_without_an_owner_is_refused(
    decision: Decision, district_editor: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        action_item_add(decision=decision, text="सूची बनाना", owners=[], actor=district_editor)
    assert "owners" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        action_item_add(decision=decision, text=" ", owners=[], actor=district_editor)
    assert set(caught.value.message_dict) == {"text", "owners"}
    assert not ActionItem.objects.exists()


def test_owners_are_told_and_see_the_item_on_their_home_page(
    decision: Decision,
    district_editor: User,
    booth_worker: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    assert booth_worker.person is not None
    due = timezone.localdate() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        item = action_item_add(
            decision=decision,
            text="बूथ 101 के घरों की सूची",
            owners=[booth_worker.person, booth_worker.person],
            due_date=due,
            actor=district_editor,
        )
    assert list(item.owners.all()) == [booth_worker.person]
    assert item.unit_path == decision.meeting.unit_path
    note = Notification.objects.get(user=booth_worker, kind="meetings/action_assigned")
    assert note.body == "बूथ 101 के घरों की सूची"
    client = Client()
    client.force_login(booth_worker)
    page = client.get("/").content.decode()
    assert "बूथ 101 के घरों की सूची" in page
    # The owner sees the item even though the district meeting is outside their reach.
    assert sel.action_item_get_for_user(booth_worker, uuid=item.uuid) == item
    with pytest.raises(Http404):
        sel.meeting_get_for_user(booth_worker, uuid=decision.meeting.uuid)


def test_an_owner_marks_the_item_done_but_cannot_rewrite_it(
    decision: Decision, district_editor: User, booth_worker: User, seed: Seed
) -> None:
    assert booth_worker.person is not None
    item = action_item_add(
        decision=decision, text="सूची", owners=[booth_worker.person], actor=district_editor
    )
    action_item_set_status(item=item, status=ActionStatus.DONE, actor=booth_worker)
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE and item.closed_at is not None
    with pytest.raises(PermissionDenied):
        sel.action_item_get_for_user(booth_worker, uuid=item.uuid, write=True)
    other = seed.people["अमित गुप्ता"]
    other_item = action_item_add(decision=decision, text="x", owners=[other], actor=district_editor)
    with pytest.raises(Http404):
        sel.action_item_get_for_user(booth_worker, uuid=other_item.uuid)


def test_owners_can_be_changed_but_never_to_none(
    decision: Decision, district_editor: User, seed: Seed
) -> None:
    amit, sachin = seed.people["अमित गुप्ता"], seed.people["सचिन शुक्ला"]
    item = action_item_add(decision=decision, text="x", owners=[amit], actor=district_editor)
    action_item_update(item=item, owners=[sachin], due_date=None, actor=district_editor)
    assert list(item.owners.all()) == [sachin]
    with pytest.raises(ValidationError):
        action_item_update(item=item, owners=[], actor=district_editor)
    assert list(item.owners.all()) == [sachin]


def test_open_and_overdue_items_of_a_unit(
    world: World, decision: Decision, district_editor: User, seed: Seed
) -> None:
    amit = seed.people["अमित गुप्ता"]
    today = timezone.localdate()
    late = action_item_add(
        decision=decision,
        text="late",
        owners=[amit],
        due_date=today - timedelta(days=1),
        actor=district_editor,
    )
    soon = action_item_add(
        decision=decision,
        text="soon",
        owners=[amit],
        due_date=today + timedelta(days=1),
        actor=district_editor,
    )
    done = action_item_add(decision=decision, text="done", owners=[amit], actor=district_editor)
    action_item_set_status(item=done, status=ActionStatus.DONE, actor=district_editor)
    rows = list(sel.action_items_for_unit(district_editor, world.district))
    assert [(r.text, r.overdue) for r in rows] == [("late", True), ("soon", False)]
    mine = list(sel.action_items_open_for_person(amit))
    assert [r.pk for r in mine] == [late.pk, soon.pk]


def test_the_next_meeting_lists_what_the_last_one_left_open(
    world: World, held: Meeting, decision: Decision, district_editor: User, seed: Seed
) -> None:
    amit = seed.people["अमित गुप्ता"]
    item = action_item_add(decision=decision, text="सूची", owners=[amit], actor=district_editor)
    done = action_item_add(decision=decision, text="हो गया", owners=[amit], actor=district_editor)
    action_item_set_status(item=done, status=ActionStatus.DONE, actor=district_editor)
    # A cancelled meeting in between, and a mandal's meeting, change nothing.
    meeting_cancel(meeting=meeting_create(unit=world.district, title="रद्द", starts_at=at(24)))
    meeting_create(unit=world.mandal, title="मंडल बैठक", starts_at=at(30))
    following = meeting_create(unit=world.district, title="अगली बैठक", starts_at=at(48))
    assert list(sel.left_open_by_previous(following)) == [item]
    assert list(sel.left_open_by_previous(held)) == []
    later = meeting_create(unit=world.district, title="उसके बाद", starts_at=at(96))
    assert list(sel.left_open_by_previous(later)) == []  # the one before it decided nothing


def test_an_item_links_to_the_work_it_started(
    world: World, held: Meeting, decision: Decision, district_editor: User, seed: Seed
) -> None:
    item = action_item_add(
        decision=decision,
        text="नाम मांगें",
        owners=[seed.people["अमित गुप्ता"]],
        actor=district_editor,
    )
    requisition = requisition_create(
        issuer=world.district,
        title="मंडलों से 7 नाम",
        deadline=timezone.now() + timedelta(days=7),
        asks=[AskSpec(post_type=world.mandal_president)],
    )
    link = action_item_link(
        item=item, kind=LinkKind.REQUISITION, target=requisition.uuid, actor=district_editor
    )
    assert link.label == "मंडलों से 7 नाम"
    again = action_item_link(
        item=item, kind=LinkKind.REQUISITION, target=requisition.uuid, actor=district_editor
    )
    assert again == link
    assert action_item_link(
        item=item, kind=LinkKind.MEETING, target=held.uuid, actor=district_editor
    )
    with pytest.raises(ValidationError):
        action_item_link(
            item=item, kind=LinkKind.REQUISITION, target=held.uuid, actor=district_editor
        )
    drive = action_item_link(
        item=item, kind=LinkKind.RELIEF_DRIVE, target=held.uuid, label="राशन", actor=district_editor
    )
    assert drive.label == "राशन"


def test_a_decision_with_action_items_cannot_be_removed(
    decision: Decision, district_editor: User, seed: Seed
) -> None:
    action_item_add(
        decision=decision, text="x", owners=[seed.people["अमित गुप्ता"]], actor=district_editor
    )
    with pytest.raises(ValidationError):
        decision_remove(decision=decision, actor=district_editor)
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_an_owner_outside_the_editors_units_is_refused(
    world: World, decision: Decision, district_editor: User
) -> None:
    from sangathan.people.services import person_create

    stranger = person_create(name="बाहरी", home_unit=world.sibling_booth)
    with pytest.raises(ValidationError):
        action_item_add(decision=decision, text="x", owners=[stranger], actor=district_editor)
