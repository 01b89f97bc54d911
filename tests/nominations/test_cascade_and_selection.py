"""The cascade (district → mandals while answering the state), provenance, flags, the status
board, selection into appointments, closing, reminders and the export."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from sangathan.core.models import AuditEntry, Notification, User
from sangathan.nominations.exports import compiled_export
from sangathan.nominations.models import (
    OVERDUE,
    Nomination,
    Outcome,
    Reminder,
    RequisitionStatus,
    Submission,
    SubmissionStatus,
)
from sangathan.nominations.panels import nominee_add, nominee_add_from_source, panel_submit
from sangathan.nominations.reminders import reminder_send, reminders_send_due
from sangathan.nominations.selection import (
    appointment_unit,
    free_seats,
    nomination_select,
    requisition_close,
)
from sangathan.nominations.selectors import (
    compiled_nominations,
    lower_nominations,
    provenance,
    requisition_flags,
    status_board,
)
from sangathan.people.models import Gender, Person
from sangathan.units.models import Appointment
from sangathan.units.services import appointment_create
from tests.conftest import World
from tests.core.test_inbox import Capture
from tests.nominations.conftest import DistrictAsk, Posts, StateAsk, district_ask_for, person


@pytest.fixture
def cascade(
    world: World,
    posts: Posts,
    state_ask: StateAsk,
    mandal_people: list[Person],
    mandal2_people: list[Person],
) -> DistrictAsk:
    """The district asks its mandals to answer its panel to the state; both mandals send."""
    lower = district_ask_for(world, posts, answers=state_ask.district_panel, count=2)
    woman = next(p for p in mandal_people if p.gender == Gender.FEMALE)
    for p in [mandal_people[0], woman]:
        nominee_add(submission=lower.mandal_panel, ask=lower.social, person=p)
    for p in mandal2_people[:2]:
        nominee_add(submission=lower.mandal2_panel, ask=lower.social, person=p)
    panel_submit(submission=lower.mandal_panel)
    panel_submit(submission=lower.mandal2_panel)
    return lower


def _district_answers(state_ask: StateAsk, cascade: DistrictAsk, world: World) -> list[Nomination]:
    """The district builds its panel to the state from the mandals' names and sends it."""
    taken = [
        nominee_add_from_source(submission=state_ask.district_panel, source=n)
        for n in lower_nominations(state_ask.district_panel)
        if n.person.gender == Gender.FEMALE or n.person.name == "धीरज बाल्मिक"
    ]
    it_person = person(world.district, "आईटी विशेषज्ञ", phone="9839555555")
    nominee_add(submission=state_ask.district_panel, ask=state_ask.it, person=it_person)
    panel_submit(submission=state_ask.district_panel)
    return taken


def test_the_district_builds_its_panel_from_the_mandals_names_with_provenance(
    world: World, state_ask: StateAsk, cascade: DistrictAsk
) -> None:
    assert lower_nominations(state_ask.district_panel).count() == 4
    taken = _district_answers(state_ask, cascade, world)
    assert len(taken) == 2
    woman = next(n for n in taken if n.person.gender == Gender.FEMALE)
    assert woman.source is not None and woman.ask == state_ask.social
    assert woman.proposed_by == world.mandal
    assert provenance(woman) == [world.district, world.mandal]
    state_ask.district_panel.refresh_from_db()
    assert state_ask.district_panel.status == SubmissionStatus.SUBMITTED


def test_names_of_an_unsent_lower_panel_cannot_be_taken(
    world: World, posts: Posts, state_ask: StateAsk, mandal_people: list[Person]
) -> None:
    lower = district_ask_for(world, posts, answers=state_ask.district_panel)
    draft = nominee_add(submission=lower.mandal_panel, ask=lower.social, person=mandal_people[0])
    assert lower_nominations(state_ask.district_panel).count() == 0
    with pytest.raises(ValidationError):
        nominee_add_from_source(submission=state_ask.district_panel, source=draft)


def test_names_from_an_unrelated_requisition_cannot_be_taken(
    world: World, state_ask: StateAsk, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    for p in mandal_people[:2]:
        nominee_add(submission=district_ask.mandal_panel, ask=district_ask.social, person=p)
    panel_submit(submission=district_ask.mandal_panel)
    source = Nomination.objects.filter(submission=district_ask.mandal_panel).first()
    assert source is not None
    with pytest.raises(ValidationError):
        nominee_add_from_source(submission=state_ask.district_panel, source=source)


def test_a_person_proposed_by_two_units_is_flagged(
    world: World, district_ask: DistrictAsk, state_ask: StateAsk
) -> None:
    # A person who moved between the districts after the sibling named them: written
    # directly, as the sibling's eligibility was checked when they still lived there.
    shared = person(world.booth, "साझा नाम", gender=Gender.FEMALE)
    nominee_add(submission=state_ask.district_panel, ask=state_ask.social, person=shared)
    Nomination.objects.create(
        submission=state_ask.sibling_panel,
        ask=state_ask.social,
        person=shared,
        proposed_by=world.sibling,
    )
    flags = requisition_flags(state_ask.requisition)
    assert len(flags) == 1
    assert flags[0].person == shared
    assert set(flags[0].units) == {world.district, world.sibling}


def test_the_board_counts_each_status_and_overdue_panels(
    world: World, posts: Posts, district_ask: DistrictAsk, mandal_people: list[Person]
) -> None:
    nominee_add(
        submission=district_ask.mandal_panel, ask=district_ask.social, person=mandal_people[0]
    )
    past = timezone.now() - timedelta(hours=2)
    Submission.objects.filter(pk=district_ask.mandal2_panel.pk).update(deadline_override=past)
    board = status_board(district_ask.requisition)
    assert board.counts["total"] == 2
    assert board.counts[SubmissionStatus.DRAFT] == 1
    assert board.counts[SubmissionStatus.NOT_STARTED] == 1
    assert board.counts[OVERDUE] == 1
    by_unit = {row.unit: row for row in board.rows}
    assert by_unit[world.mandal].status == SubmissionStatus.DRAFT
    assert by_unit[world.mandal].nominees == 1
    assert by_unit[world.mandal].last_activity_at is not None
    assert by_unit[world.mandal2].status == OVERDUE
    only_late = status_board(district_ask.requisition, status=OVERDUE)
    assert [r.unit for r in only_late.rows] == [world.mandal2]


def test_the_board_reads_a_fixed_number_of_queries(
    district_ask: DistrictAsk, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        board = status_board(district_ask.requisition)
        assert len(board.rows) == 2


def test_selecting_appoints_the_person_and_refuses_beyond_the_seats(
    world: World,
    posts: Posts,
    state_ask: StateAsk,
    cascade: DistrictAsk,
    state_admin: User,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _district_answers(state_ask, cascade, world)
    social = list(
        Nomination.objects.filter(submission=state_ask.district_panel, ask=state_ask.social)
    )
    assert appointment_unit(social[0]) == world.district
    assert free_seats(social[0]) == 5
    chosen = nomination_select(nomination=social[0], actor=state_admin)
    assert chosen.outcome == Outcome.SELECTED
    assert chosen.appointment is not None
    appointment = chosen.appointment
    assert (appointment.unit, appointment.post_type, appointment.person) == (
        world.district,
        posts.social,
        social[0].person,
    )
    assert AuditEntry.objects.filter(action="nominations.selected").count() == 1
    # Provenance: the mandal's name is marked selected too.
    assert chosen.source is not None
    chosen.source.refresh_from_db()
    assert chosen.source.outcome == Outcome.SELECTED
    with pytest.raises(ValidationError):
        nomination_select(nomination=chosen, actor=state_admin)
    # IT has two seats; fill both and the panel's IT name cannot be selected.
    it_name = Nomination.objects.get(submission=state_ask.district_panel, ask=state_ask.it)
    for i in range(2):
        holder = person(world.district, f"पुराने संयोजक {i}")
        appointment_create(person=holder, post_type=posts.it, unit=world.district)
    with pytest.raises(ValidationError):
        nomination_select(nomination=it_name, actor=state_admin)
    it_name.refresh_from_db()
    assert it_name.outcome == Outcome.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        requisition_close(requisition=state_ask.requisition, actor=state_admin)
    state_ask.requisition.refresh_from_db()
    assert state_ask.requisition.status == RequisitionStatus.CLOSED
    it_name.refresh_from_db()
    assert it_name.outcome == Outcome.NOT_SELECTED
    other = next(n for n in social if n.pk != chosen.pk)
    other.refresh_from_db()
    assert other.outcome == Outcome.NOT_SELECTED
    assert other.source is not None
    other.source.refresh_from_db()
    assert other.source.outcome == Outcome.NOT_SELECTED
    with pytest.raises(ValidationError):
        requisition_close(requisition=state_ask.requisition, actor=state_admin)
    del mandal_editor


def test_names_cannot_be_selected_from_an_unsent_panel(
    world: World, state_ask: StateAsk, state_admin: User
) -> None:
    draft = nominee_add(
        submission=state_ask.district_panel,
        ask=state_ask.social,
        person=person(world.booth, "मसौदा नाम"),
    )
    with pytest.raises(ValidationError):
        nomination_select(nomination=draft, actor=state_admin)
    assert not Appointment.objects.filter(person=draft.person).exists()


def test_the_responding_unit_hears_the_outcome(
    world: World,
    state_ask: StateAsk,
    cascade: DistrictAsk,
    state_admin: User,
    district_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _district_answers(state_ask, cascade, world)
    chosen = Nomination.objects.filter(submission=state_ask.district_panel).first()
    assert chosen is not None
    nomination_select(nomination=chosen, actor=state_admin)
    with django_capture_on_commit_callbacks(execute=True):
        requisition_close(requisition=state_ask.requisition, actor=state_admin)
    note = Notification.objects.get(user=district_editor, kind="nominations/outcome")
    assert chosen.person.name in note.title


def test_compiled_names_filter_and_export(
    world: World, state_ask: StateAsk, cascade: DistrictAsk, district_editor: User
) -> None:
    requisition = cascade.requisition
    assert compiled_nominations(requisition).count() == 4
    assert compiled_nominations(requisition, gender=Gender.FEMALE).count() == 1
    assert compiled_nominations(requisition, unit=world.mandal2).count() == 2
    assert compiled_nominations(requisition, age_min=20, age_max=40).count() == 4
    assert compiled_nominations(requisition, age_min=60).count() == 0
    export = compiled_export(requisition=requisition, actor=district_editor)
    sheet = load_workbook(BytesIO(export.file.read())).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == requisition.title
    assert len(rows) == 2 + 4
    assert {r[0] for r in rows[2:]} == {world.mandal.name_hi, world.mandal2.name_hi}
    assert AuditEntry.objects.filter(action="nominations.exported").count() == 1
    assert export.filename.endswith(".xlsx")


def test_reminders_go_to_the_units_editors_and_automatic_ones_only_once(
    world: World,
    district_ask: DistrictAsk,
    district_editor: User,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        reminder_send(submission=district_ask.mandal_panel, actor=district_editor)
    assert Notification.objects.filter(user=mandal_editor, kind="nominations/reminder").count() == 1
    soon = district_ask.requisition.deadline - timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send_due(hours_before=24, now=soon)
        again = reminders_send_due(hours_before=24, now=soon)
    assert (first.before_deadline, again.before_deadline) == (2, 0)
    late = district_ask.requisition.deadline + timedelta(hours=1)
    assert reminders_send_due(now=late).overdue == 2
    assert reminders_send_due(now=late).overdue == 0
    assert Reminder.objects.count() == 1 + 2 + 2
    assert Notification.objects.filter(user=mandal_editor, kind="nominations/reminder").count() == 2


def test_a_panel_already_sent_gets_no_reminder(
    district_ask: DistrictAsk, mandal_people: list[Person], district_editor: User
) -> None:
    for p in mandal_people[:2]:
        nominee_add(submission=district_ask.mandal_panel, ask=district_ask.social, person=p)
    panel_submit(submission=district_ask.mandal_panel)
    with pytest.raises(ValidationError):
        reminder_send(submission=district_ask.mandal_panel, actor=district_editor)
    late = district_ask.requisition.deadline + timedelta(hours=1)
    assert reminders_send_due(now=late).overdue == 1  # only the other mandal


def test_the_remind_command_runs(district_ask: DistrictAsk) -> None:
    call_command("nominations", "remind", "--hours", "1")
    assert Reminder.objects.count() == 0


def test_the_compiled_names_make_a_hindi_pdf_to_send_upward(
    world: World, state_ask: StateAsk, cascade: DistrictAsk, district_editor: User
) -> None:
    from sangathan.nominations.exports import compiled_pdf

    export = compiled_pdf(requisition=cascade.requisition, actor=district_editor)
    assert export.file.read(5) == b"%PDF-"
    assert export.rows == 4
    assert export.filename.endswith(".pdf")
    entry = AuditEntry.objects.get(action="nominations.exported")
    assert entry.changes["format"] == "pdf"
