"""Requisitions: creating, issuing to each kind of addressee, deadlines, withdrawal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from sangathan.core.models import AuditEntry, Notification, User
from sangathan.nominations.models import (
    RequisitionStatus,
    Submission,
    SubmissionStatus,
    Target,
)
from sangathan.nominations.services import (
    AskSpec,
    requisition_create,
    requisition_extend_deadline,
    requisition_issue,
    requisition_withdraw,
    submission_allow_late,
    submission_extend_deadline,
)
from tests.conftest import World
from tests.core.test_inbox import Capture
from tests.nominations.conftest import DistrictAsk, Posts, StateAsk, later


def test_issuing_to_the_children_makes_one_empty_panel_per_mandal(
    world: World,
    posts: Posts,
    district_editor: User,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    requisition = requisition_create(
        issuer=world.district,
        title="सात नाम",
        deadline=later(),
        asks=[AskSpec(post_type=posts.social, min_count=7)],
        actor=district_editor,
    )
    assert requisition.status == RequisitionStatus.DRAFT
    assert not requisition.submissions.exists()
    with django_capture_on_commit_callbacks(execute=True):
        requisition_issue(requisition=requisition, actor=district_editor)
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.OPEN
    assert requisition.issued_at is not None
    panels = requisition.submissions.all()
    assert {s.unit for s in panels} == {world.mandal, world.mandal2}
    assert all(s.status == SubmissionStatus.NOT_STARTED for s in panels)
    assert all(s.unit_path == s.unit.path for s in panels)
    assert AuditEntry.objects.filter(action="nominations.requisition_issued").count() == 1
    assert Notification.objects.filter(user=mandal_editor, kind="nominations/requested").exists()


def test_issuing_to_every_booth_of_a_level_reaches_booths_below_the_issuer_only(
    world: World, posts: Posts
) -> None:
    requisition = requisition_create(
        issuer=world.district,
        title="हर बूथ से",
        deadline=later(),
        asks=[AskSpec(post_type=world.booth_social_media)],
        target=Target.LEVEL,
        target_level=world.levels["Booth"],
    )
    requisition_issue(requisition=requisition)
    assert {s.unit for s in requisition.submissions.all()} == {
        world.booth,
        world.booth2,
        world.other_mandal_booth,
    }


def test_chosen_units_must_be_under_the_issuer(world: World, posts: Posts) -> None:
    with pytest.raises(ValidationError):
        requisition_create(
            issuer=world.district,
            title="गलत",
            deadline=later(),
            asks=[AskSpec(post_type=posts.social)],
            target=Target.CHOSEN,
            chosen_units=[world.sibling_mandal],
        )


def test_a_requisition_needs_a_title_a_future_deadline_and_sane_numbers(
    world: World, posts: Posts
) -> None:
    with pytest.raises(ValidationError) as exc:
        requisition_create(
            issuer=world.district,
            title="  ",
            deadline=timezone.now() - timedelta(hours=1),
            asks=[AskSpec(post_type=posts.social, min_count=3, max_count=2, min_women=4)],
        )
    assert len(exc.value.messages) == 4


def test_a_post_above_the_issuer_cannot_be_asked_for(world: World, posts: Posts) -> None:
    state_post = world.district_president  # a district post: fine for the district
    requisition_create(
        issuer=world.district, title="ठीक", deadline=later(), asks=[AskSpec(state_post)]
    )
    with pytest.raises(ValidationError):
        requisition_create(
            issuer=world.mandal,
            title="ऊपर का पद",
            deadline=later(),
            asks=[AskSpec(post_type=state_post)],
        )


def test_only_an_editor_of_the_issuer_may_create_or_issue(
    world: World, posts: Posts, booth_worker: User, outsider: User
) -> None:
    with pytest.raises(PermissionDenied):
        requisition_create(
            issuer=world.booth,
            title="x",
            deadline=later(),
            asks=[AskSpec(world.booth_social_media)],
            actor=booth_worker,
        )
    with pytest.raises(Http404):
        requisition_create(
            issuer=world.district,
            title="x",
            deadline=later(),
            asks=[AskSpec(posts.social)],
            actor=outsider,
        )


def test_a_requisition_is_issued_only_once(district_ask: DistrictAsk) -> None:
    with pytest.raises(ValidationError):
        requisition_issue(requisition=district_ask.requisition)
    assert district_ask.requisition.submissions.count() == 2


def test_the_deadline_can_be_extended_for_all_or_for_one_unit(
    district_ask: DistrictAsk, district_editor: User
) -> None:
    requisition = district_ask.requisition
    new = requisition.deadline + timedelta(days=2)
    requisition_extend_deadline(requisition=requisition, deadline=new, actor=district_editor)
    requisition.refresh_from_db()
    assert requisition.deadline == new
    with pytest.raises(ValidationError):
        requisition_extend_deadline(
            requisition=requisition, deadline=new - timedelta(days=1), actor=district_editor
        )
    one = submission_extend_deadline(
        submission=district_ask.mandal_panel,
        deadline=new + timedelta(days=5),
        actor=district_editor,
    )
    assert one.deadline == new + timedelta(days=5)
    district_ask.mandal2_panel.refresh_from_db()
    assert district_ask.mandal2_panel.deadline == new


def test_a_responding_unit_cannot_extend_its_own_deadline(
    district_ask: DistrictAsk, mandal_editor: User
) -> None:
    with pytest.raises(PermissionDenied):
        submission_allow_late(submission=district_ask.mandal_panel, actor=mandal_editor)


def test_withdrawing_keeps_the_panels_and_stops_changes(
    district_ask: DistrictAsk, district_editor: User
) -> None:
    requisition_withdraw(
        requisition=district_ask.requisition, reason="अब आवश्यकता नहीं", actor=district_editor
    )
    district_ask.requisition.refresh_from_db()
    assert district_ask.requisition.status == RequisitionStatus.WITHDRAWN
    assert Submission.objects.filter(requisition=district_ask.requisition).count() == 2
    with pytest.raises(ValidationError):
        requisition_withdraw(requisition=district_ask.requisition, actor=district_editor)
    with pytest.raises(ValidationError):
        submission_allow_late(submission=district_ask.mandal_panel, actor=district_editor)


def test_one_panel_per_unit_is_kept_by_the_database(state_ask: StateAsk) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(
            requisition=state_ask.requisition,
            unit=state_ask.district_panel.unit,
            unit_path=state_ask.district_panel.unit_path,
        )


def test_a_post_below_the_units_asked_is_refused_when_issuing(world: World) -> None:
    requisition = requisition_create(
        issuer=world.district,
        title="बूथ के पद मंडलों से",
        deadline=later(),
        asks=[AskSpec(post_type=world.booth_social_media)],
    )
    with pytest.raises(ValidationError):
        requisition_issue(requisition=requisition)
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.DRAFT
    assert not requisition.submissions.exists()


def test_names_are_gathered_only_for_the_issuers_own_open_panel(
    world: World, posts: Posts, state_ask: StateAsk
) -> None:
    with pytest.raises(ValidationError):
        requisition_create(
            issuer=world.mandal,
            title="गलत पैनल",
            deadline=later(),
            asks=[AskSpec(posts.social)],
            answers=state_ask.district_panel,
        )
    Submission.objects.filter(pk=state_ask.district_panel.pk).update(
        status=SubmissionStatus.SUBMITTED
    )
    state_ask.district_panel.refresh_from_db()
    with pytest.raises(ValidationError):
        requisition_create(
            issuer=world.district,
            title="देर से",
            deadline=later(),
            asks=[AskSpec(posts.social)],
            answers=state_ask.district_panel,
        )
