"""A panel: adding names, the live checks, submitting, returning, accepting, locking."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sangathan.core.models import AuditEntry, Notification, User
from sangathan.nominations.eligibility import panel_check, panel_problems
from sangathan.nominations.models import Nomination, Submission, SubmissionStatus
from sangathan.nominations.panels import (
    PanelEntry,
    nominee_add,
    nominee_add_new_person,
    nominee_move,
    nominee_note,
    nominee_remove,
    panel_accept,
    panel_return,
    panel_set,
    panel_submit,
)
from sangathan.nominations.services import (
    AskSpec,
    PanelInvalid,
    requisition_create,
    requisition_issue,
    submission_allow_late,
)
from sangathan.people.models import Gender, Person, PersonStatus
from sangathan.people.services import PersonFields
from sangathan.units.services import appointment_create
from tests.conftest import World
from tests.core.test_inbox import Capture
from tests.nominations.conftest import DistrictAsk, Posts, later, person


def _fill(panel: DistrictAsk, people: list[Person], actor: User | None = None) -> None:
    for p in people:
        nominee_add(submission=panel.mandal_panel, ask=panel.social, person=p, actor=actor)


def _codes(submission: Submission) -> list[str]:
    return [p.code for p in panel_check(submission)]


def test_the_first_name_makes_the_panel_a_draft_and_names_keep_their_order(
    district_ask: DistrictAsk, mandal_people: list[Person], mandal_editor: User
) -> None:
    first = nominee_add(
        submission=district_ask.mandal_panel,
        ask=district_ask.social,
        person=mandal_people[0],
        note="आईटी में अनुभव",
        actor=mandal_editor,
    )
    second = nominee_add(
        submission=district_ask.mandal_panel,
        ask=district_ask.social,
        person=mandal_people[1],
        actor=mandal_editor,
    )
    district_ask.mandal_panel.refresh_from_db()
    assert district_ask.mandal_panel.status == SubmissionStatus.DRAFT
    assert district_ask.mandal_panel.last_activity_at is not None
    assert (first.position, second.position) == (1, 2)
    assert first.proposed_by == district_ask.mandal_panel.unit
    nominee_move(nomination=second, position=1, actor=mandal_editor)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (1, 2)
    nominee_note(nomination=first, note="  नया नोट ", actor=mandal_editor)
    first.refresh_from_db()
    assert first.note == "नया नोट"
    nominee_remove(nomination=second, actor=mandal_editor)
    first.refresh_from_db()
    assert first.position == 1
    assert AuditEntry.objects.filter(action="nominations.nominee_added").count() == 2


def test_the_live_checks_count_the_names_per_post(
    district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    panel = district_ask.mandal_panel
    assert _codes(panel) == ["count_short"]
    messages = panel_problems(panel)
    assert "2" in messages[0] and "0" in messages[0]
    _fill(district_ask, mandal_people[:2])
    assert panel_problems(panel) == []
    _fill(district_ask, mandal_people[2:3])
    assert _codes(panel) == ["count_over"]


def test_the_live_checks_want_enough_women(
    world: World, posts: Posts, mandal_people: list[Person]
) -> None:
    requisition = requisition_create(
        issuer=world.district,
        title="महिलाएँ भी",
        deadline=later(),
        asks=[AskSpec(post_type=posts.social, min_count=2, max_count=3, min_women=1)],
    )
    requisition_issue(requisition=requisition)
    panel = requisition.submissions.get(unit=world.mandal)
    ask = requisition.asks.get()
    for p in mandal_people[:2]:  # two men
        nominee_add(submission=panel, ask=ask, person=p)
    assert _codes(panel) == ["women_short"]
    woman = next(p for p in mandal_people if p.gender == Gender.FEMALE)
    nominee_add(submission=panel, ask=ask, person=woman)
    assert _codes(panel) == []


def test_a_person_outside_the_unit_is_refused_and_nothing_is_saved(
    district_ask: DistrictAsk, mandal2_people: list[Person]
) -> None:
    with pytest.raises(PanelInvalid) as exc:
        nominee_add(
            submission=district_ask.mandal_panel, ask=district_ask.social, person=mandal2_people[0]
        )
    assert [p.code for p in exc.value.problems] == ["outside"]
    assert not Nomination.objects.exists()
    district_ask.mandal_panel.refresh_from_db()
    assert district_ask.mandal_panel.status == SubmissionStatus.NOT_STARTED


def test_age_phone_and_conflicting_posts_are_checked(world: World, posts: Posts) -> None:
    requisition = requisition_create(
        issuer=world.district,
        title="युवा",
        deadline=later(),
        asks=[
            AskSpec(
                post_type=posts.social,
                age_min=18,
                age_max=35,
                phone_required=True,
                conflicting_posts=[world.mandal_president],
            )
        ],
    )
    requisition_issue(requisition=requisition)
    panel = requisition.submissions.get(unit=world.mandal)
    ask = requisition.asks.get()
    year = timezone.localdate().year
    old = person(world.booth, "बुज़ुर्ग नेता", birth_year=year - 60, phone="9839000001")
    unknown = person(world.booth, "अज्ञात आयु", birth_year=None, phone="9839000002")
    no_phone = person(world.booth, "बिना फ़ोन", birth_year=year - 25)
    president = person(world.booth, "मंडल अध्यक्ष जी", birth_year=year - 30, phone="9839000003")
    appointment_create(person=president, post_type=world.mandal_president, unit=world.mandal)
    expected = {
        old: "age_high",
        unknown: "age_unknown",
        no_phone: "no_phone",
        president: "conflict",
    }
    for who, code in expected.items():
        with pytest.raises(PanelInvalid) as exc:
            nominee_add(submission=panel, ask=ask, person=who)
        assert [p.code for p in exc.value.problems] == [code], who.name
    young = person(world.booth, "युवा कार्यकर्ता", birth_year=year - 22, phone="9839000004")
    nominee_add(submission=panel, ask=ask, person=young)


def test_a_person_is_not_nominated_twice_on_one_panel(
    district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    _fill(district_ask, mandal_people[:1])
    with pytest.raises(ValidationError):
        _fill(district_ask, mandal_people[:1])
    assert Nomination.objects.count() == 1


def test_a_new_person_can_be_added_inline_and_is_checked_for_duplicates(
    world: World, district_ask: DistrictAsk, mandal_people: list[Person], mandal_editor: User
) -> None:
    nomination = nominee_add_new_person(
        submission=district_ask.mandal_panel,
        ask=district_ask.social,
        details=PersonFields(name="कविता यादव", gender=Gender.FEMALE, birth_year=1995),
        home_unit=world.booth2,
        actor=mandal_editor,
    )
    assert nomination.person.home_unit == world.booth2
    assert nomination.person.status == PersonStatus.ACTIVE
    with pytest.raises(ValidationError):
        nominee_add_new_person(
            submission=district_ask.mandal_panel,
            ask=district_ask.social,
            details=PersonFields(name="बाहर की व्यक्ति", gender=Gender.FEMALE),
            home_unit=world.other_mandal_booth,
            actor=mandal_editor,
        )
    assert not Person.objects.filter(name="बाहर की व्यक्ति").exists()


def test_submitting_refuses_with_every_problem_then_locks_the_panel(
    district_ask: DistrictAsk,
    mandal_people: list[Person],
    mandal_editor: User,
    district_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _fill(district_ask, mandal_people[:1], mandal_editor)
    with pytest.raises(PanelInvalid) as exc:
        panel_submit(submission=district_ask.mandal_panel, actor=mandal_editor)
    assert [p.code for p in exc.value.problems] == ["count_short"]
    _fill(district_ask, mandal_people[1:2], mandal_editor)
    with django_capture_on_commit_callbacks(execute=True):
        panel = panel_submit(submission=district_ask.mandal_panel, actor=mandal_editor)
    assert panel.status == SubmissionStatus.SUBMITTED
    assert panel.version == 1
    assert Notification.objects.filter(user=district_editor, kind="nominations/submitted").exists()
    with pytest.raises(ValidationError):
        _fill(district_ask, mandal_people[2:3], mandal_editor)
    with pytest.raises(ValidationError):
        nominee_remove(nomination=Nomination.objects.first(), actor=mandal_editor)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        panel_submit(submission=panel, actor=mandal_editor)


def test_returned_panels_can_be_corrected_and_resubmitted_then_accepted(
    district_ask: DistrictAsk,
    mandal_people: list[Person],
    mandal_editor: User,
    district_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _fill(district_ask, mandal_people[:2], mandal_editor)
    panel_submit(submission=district_ask.mandal_panel, actor=mandal_editor)
    with pytest.raises(ValidationError):
        panel_return(submission=district_ask.mandal_panel, reason=" ", actor=district_editor)
    with pytest.raises(PermissionDenied):
        panel_return(submission=district_ask.mandal_panel, reason="x", actor=mandal_editor)
    with django_capture_on_commit_callbacks(execute=True):
        panel = panel_return(
            submission=district_ask.mandal_panel,
            reason="एक महिला का नाम जोड़ें",
            actor=district_editor,
        )
    assert panel.status == SubmissionStatus.RETURNED
    note = Notification.objects.get(user=mandal_editor, kind="nominations/returned")
    assert note.body == "एक महिला का नाम जोड़ें"
    with pytest.raises(ValidationError):
        panel_accept(submission=panel, actor=district_editor)
    first = Nomination.objects.get(person=mandal_people[0])
    nominee_remove(nomination=first, actor=mandal_editor)
    _fill(district_ask, mandal_people[4:5], mandal_editor)
    panel = panel_submit(submission=panel, actor=mandal_editor)
    assert (panel.status, panel.version) == (SubmissionStatus.SUBMITTED, 2)
    panel = panel_accept(submission=panel, actor=district_editor)
    assert panel.status == SubmissionStatus.ACCEPTED
    with pytest.raises(ValidationError):
        panel_return(submission=panel, reason="फिर से", actor=district_editor)


def test_a_late_panel_is_refused_unless_the_issuer_allows_it(
    district_ask: DistrictAsk, mandal_people: list[Person], district_editor: User
) -> None:
    _fill(district_ask, mandal_people[:2])
    past = timezone.now() - timedelta(hours=1)
    Submission.objects.filter(pk=district_ask.mandal_panel.pk).update(deadline_override=past)
    district_ask.mandal_panel.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        panel_submit(submission=district_ask.mandal_panel)
    assert "PanelInvalid" not in type(exc.value).__name__
    submission_allow_late(submission=district_ask.mandal_panel, actor=district_editor)
    assert panel_submit(submission=district_ask.mandal_panel).status == SubmissionStatus.SUBMITTED


def test_a_sibling_mandal_cannot_touch_another_mandals_panel(
    world: World, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    from django.http import Http404

    from sangathan.core.models import Role
    from sangathan.core.services import grant_set, user_create

    other = user_create(username="kidwai", password="x-Pass-2026-long")
    grant_set(user=other, unit=world.mandal2, role=Role.EDITOR)
    with pytest.raises(Http404):
        nominee_add(
            submission=district_ask.mandal_panel,
            ask=district_ask.social,
            person=mandal_people[0],
            actor=other,
        )


def test_the_whole_panel_can_be_set_at_once_or_refused_whole(
    district_ask: DistrictAsk, mandal_people: list[Person], mandal2_people: list[Person]
) -> None:
    ask = district_ask.social
    panel = district_ask.mandal_panel
    _fill(district_ask, mandal_people[:1])
    rows = panel_set(
        submission=panel,
        entries=[PanelEntry(ask, mandal_people[2], "पहले"), PanelEntry(ask, mandal_people[1])],
    )
    assert [(n.person, n.position) for n in rows] == [(mandal_people[2], 1), (mandal_people[1], 2)]
    assert Nomination.objects.filter(submission=panel).count() == 2
    with pytest.raises(PanelInvalid) as exc:
        panel_set(
            submission=panel,
            entries=[
                PanelEntry(ask, mandal_people[3]),
                PanelEntry(ask, mandal_people[3]),
                PanelEntry(ask, mandal2_people[0]),
            ],
        )
    assert {p.code for p in exc.value.problems} == {"twice", "outside"}
    assert set(Nomination.objects.filter(submission=panel).values_list("person", flat=True)) == {
        mandal_people[2].pk,
        mandal_people[1].pk,
    }
