"""Invitees, answers, marks, and the seed's attendee line pasted as it came."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sangathan.core.models import Notification, User
from sangathan.meetings import selectors as sel
from sangathan.meetings.attendance import (
    PasteAction,
    PasteChoice,
    PasteInvalid,
    attendance_mark,
    attendance_mark_person,
    attendance_paste_apply,
    attendance_paste_preview,
    invitee_add,
    invitee_remove,
    invitees_add_by_post,
    rsvp_set,
    unmatched_resolve,
)
from sangathan.meetings.models import Attendance, InvitedVia, Meeting, MeetingStatus, Presence
from sangathan.people.models import Gender, Person, PersonStatus
from sangathan.people.services import person_create
from sangathan.units.services import appointment_create
from tests.conftest import World
from tests.core.test_inbox import Capture
from tests.meetings.conftest import SEED_LINE, SEED_NAMES, Seed


def chosen(rows: list, **overrides: PasteChoice) -> list[PasteChoice]:  # type: ignore[type-arg]
    """The obvious choice for each previewed row: the match, else keep the name as written."""
    choices = []
    for row in rows:
        if row.name in overrides:
            choices.append(overrides[row.name])
        elif row.person is not None:
            choices.append(PasteChoice(row.index, row.name, PasteAction.PERSON, row.person))
        else:
            choices.append(PasteChoice(row.index, row.name, PasteAction.KEEP))
    return choices


# --- Invitees -------------------------------------------------------------------------------


def test_inviting_to_a_meeting_to_come_tells_the_invitee(
    upcoming: Meeting,
    district_editor: User,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    assert mandal_editor.person is not None
    with django_capture_on_commit_callbacks(execute=True):
        row = invitee_add(meeting=upcoming, person=mandal_editor.person, actor=district_editor)
        again = invitee_add(meeting=upcoming, person=mandal_editor.person, actor=district_editor)
    assert row == again
    assert row.invited and row.invited_via == InvitedVia.PERSON
    assert Notification.objects.filter(user=mandal_editor, kind="meetings/invited").count() == 1


def test_no_invitation_is_sent_for_a_meeting_already_held(
    held: Meeting,
    district_editor: User,
    mandal_editor: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    assert mandal_editor.person is not None
    with django_capture_on_commit_callbacks(execute=True):
        invitee_add(meeting=held, person=mandal_editor.person, actor=district_editor)
    assert Attendance.objects.filter(meeting=held, invited=True).count() == 1
    assert not Notification.objects.filter(kind="meetings/invited").exists()


def test_every_mandal_president_of_the_district_is_invited_by_post(
    world: World, upcoming: Meeting, district_editor: User
) -> None:
    first = person_create(name="राजेश मिश्रा", gender=Gender.MALE, home_unit=world.mandal)
    second = person_create(name="अनिल यादव", gender=Gender.MALE, home_unit=world.mandal2)
    other = person_create(name="दूसरे जिले के", gender=Gender.MALE, home_unit=world.sibling_mandal)
    for person, unit in (
        (first, world.mandal),
        (second, world.mandal2),
        (other, world.sibling_mandal),
    ):
        appointment_create(person=person, post_type=world.mandal_president, unit=unit)
    invitee_add(meeting=upcoming, person=first, actor=district_editor)
    result = invitees_add_by_post(
        meeting=upcoming,
        post_type=world.mandal_president,
        under=world.district,
        actor=district_editor,
    )
    assert (result.added, result.already) == (1, 1)
    assert result.people == [second]
    invited = Attendance.objects.filter(meeting=upcoming, invited=True)
    assert set(invited.values_list("person", flat=True)) == {first.pk, second.pk}
    again = invitees_add_by_post(
        meeting=upcoming,
        post_type=world.mandal_president,
        under=world.district,
        actor=district_editor,
    )
    assert (again.added, again.already) == (0, 2)


def test_a_post_above_the_chosen_unit_is_refused(
    world: World, upcoming: Meeting, district_editor: User
) -> None:
    with pytest.raises(ValidationError):
        invitees_add_by_post(
            meeting=upcoming,
            post_type=world.district_president,
            under=world.mandal,
            actor=district_editor,
        )


def test_someone_marked_present_cannot_be_taken_off_the_list(
    held: Meeting, district_editor: User, seed: Seed
) -> None:
    person = seed.people["रोहित साहू"]
    row = attendance_mark_person(meeting=held, person=person, actor=district_editor)
    with pytest.raises(ValidationError):
        invitee_remove(attendance=row, actor=district_editor)
    attendance_mark(attendance=row, presence=Presence.ABSENT, actor=district_editor)
    invitee_remove(attendance=row, actor=district_editor)
    assert not Attendance.objects.filter(meeting=held).exists()


def test_an_invitee_answers_for_themself(
    upcoming: Meeting, district_editor: User, mandal_editor: User
) -> None:
    assert mandal_editor.person is not None
    row = invitee_add(meeting=upcoming, person=mandal_editor.person, actor=district_editor)
    rsvp_set(attendance=row, rsvp="yes", actor=mandal_editor)
    assert Attendance.objects.get(pk=row.pk).rsvp == "yes"
    with pytest.raises(ValidationError):
        rsvp_set(attendance=row, rsvp="perhaps", actor=mandal_editor)


# --- Marks ----------------------------------------------------------------------------------


def test_marking_attendance_records_the_meeting_as_held(
    held: Meeting, district_editor: User, seed: Seed
) -> None:
    attendance_mark_person(
        meeting=held,
        person=seed.people["अमित गुप्ता"],
        presence=Presence.LATE,
        actor=district_editor,
    )
    held.refresh_from_db()
    assert held.status == MeetingStatus.HELD
    row = Attendance.objects.get(meeting=held)
    assert (row.invited, row.invited_via, row.presence) == (False, InvitedVia.WALK_IN, "late")
    assert row.marked_by == district_editor


def test_presence_cannot_be_marked_days_before_the_meeting(
    upcoming: Meeting, district_editor: User, seed: Seed
) -> None:
    person = seed.people["अमित गुप्ता"]
    with pytest.raises(ValidationError):
        attendance_mark_person(meeting=upcoming, person=person, actor=district_editor)
    row = attendance_mark_person(
        meeting=upcoming, person=person, presence=Presence.ON_LEAVE, actor=district_editor
    )
    assert row.presence == Presence.ON_LEAVE


def test_attendance_list_is_in_order_of_post(
    world: World, held: Meeting, district_editor: User, seed: Seed
) -> None:
    for name in ("रोहित साहू", "वीरेश त्रिपाठी", "संतोष शुक्ला"):
        attendance_mark_person(meeting=held, person=seed.people[name], actor=district_editor)
    attendance_mark_person(meeting=held, person=world.sunil, actor=district_editor)
    rows = sel.attendance_list(held)
    assert [r.person.name for r in rows] == ["सुनील बजाज", "संतोष शुक्ला", "वीरेश त्रिपाठी", "रोहित साहू"]
    assert [r.post_label for r in rows] == ["जिला अध्यक्ष", "जिला उपाध्यक्ष", "जिला महामंत्री", ""]


# --- The paste ------------------------------------------------------------------------------


def test_the_seed_line_comes_out_as_its_fourteen_people(
    held: Meeting, district_editor: User, seed: Seed
) -> None:
    rows = attendance_paste_preview(meeting=held, text=SEED_LINE, user=district_editor)
    assert [r.name for r in rows] == SEED_NAMES
    assert [r.status for r in rows] == ["matched"] * 14
    assert [r.person for r in rows] == [seed.people[name] for name in SEED_NAMES]
    result = attendance_paste_apply(meeting=held, choices=chosen(rows), actor=district_editor)
    assert (result.marked, result.created, result.kept, result.duplicates) == (14, 0, 0, 0)
    present = Attendance.objects.filter(meeting=held, presence=Presence.PRESENT)
    assert set(present.values_list("person", flat=True)) == {p.pk for p in seed.people.values()}
    held.refresh_from_db()
    assert held.status == MeetingStatus.HELD


def test_a_second_paste_marks_no_one_twice(
    held: Meeting, district_editor: User, seed: Seed
) -> None:
    rows = attendance_paste_preview(meeting=held, text=SEED_LINE, user=district_editor)
    attendance_paste_apply(meeting=held, choices=chosen(rows), actor=district_editor)
    again = attendance_paste_preview(
        meeting=held, text="संतोष शुक्ला, अमित गुप्ता", user=district_editor
    )
    assert all(r.already_marked for r in again)
    attendance_paste_apply(meeting=held, choices=chosen(again), actor=district_editor)
    assert Attendance.objects.filter(meeting=held).count() == 14


def test_duplicates_in_the_list_are_marked_once(
    held: Meeting, district_editor: User, seed: Seed
) -> None:
    text = "अमित गुप्ता\nसचिन शुक्ला\nAmit Gupta\nअमित गुप्ता"
    rows = attendance_paste_preview(meeting=held, text=text, user=district_editor)
    assert [r.status for r in rows] == ["matched", "matched", "duplicate", "duplicate"]
    result = attendance_paste_apply(meeting=held, choices=chosen(rows), actor=district_editor)
    assert (result.marked, result.duplicates) == (2, 2)
    assert Attendance.objects.filter(meeting=held).count() == 2


def test_unknown_names_are_added_kept_or_skipped_as_chosen(
    world: World, held: Meeting, district_editor: User, seed: Seed
) -> None:
    text = "अमित गुप्ता, प्रेम सिंह पारस, इरशाद अहमद, मनोज तिवारी"
    rows = attendance_paste_preview(meeting=held, text=text, user=district_editor)
    assert [r.status for r in rows] == ["matched", "unknown", "unknown", "unknown"]
    choices = chosen(
        rows,
        **{
            "प्रेम सिंह पारस": PasteChoice(1, "प्रेम सिंह पारस", PasteAction.NEW),
            "मनोज तिवारी": PasteChoice(3, "मनोज तिवारी", PasteAction.SKIP),
        },
    )
    result = attendance_paste_apply(meeting=held, choices=choices, actor=district_editor)
    assert (result.marked, result.created, result.kept, result.skipped) == (2, 1, 1, 1)
    prem = Person.objects.get(name="प्रेम सिंह पारस")
    assert prem.home_unit == world.district
    assert Attendance.objects.filter(meeting=held, person=prem, presence="present").exists()
    assert [u.name for u in held.unmatched.all()] == ["इरशाद अहमद"]


def test_a_kept_name_is_resolved_to_a_person_later(
    world: World, held: Meeting, district_editor: User
) -> None:
    rows = attendance_paste_preview(meeting=held, text="इरशाद अहमद", user=district_editor)
    attendance_paste_apply(meeting=held, choices=chosen(rows), actor=district_editor)
    entry = held.unmatched.get()
    irshad = person_create(name="इरशाद अहमद", gender=Gender.MALE, home_unit=world.district)
    row = unmatched_resolve(entry=entry, person=irshad, actor=district_editor)
    assert row.presence == Presence.PRESENT
    assert not held.unmatched.exists()


def test_a_refused_row_saves_nothing_of_the_paste(
    world: World, held: Meeting, district_editor: User, seed: Seed
) -> None:
    stranger = person_create(name="बाहरी", gender=Gender.MALE, home_unit=world.sibling_booth)
    rows = attendance_paste_preview(meeting=held, text=SEED_LINE, user=district_editor)
    choices = chosen(rows)
    choices[5] = PasteChoice(5, rows[5].name, PasteAction.PERSON, stranger)
    choices[6] = PasteChoice(6, rows[6].name, PasteAction.PERSON, None)
    choices.append(PasteChoice(14, "नया नाम", PasteAction.NEW))
    with pytest.raises(PasteInvalid) as caught:
        attendance_paste_apply(meeting=held, choices=choices, actor=district_editor)
    assert [p.index for p in caught.value.problems] == [5, 6]
    assert not Attendance.objects.filter(meeting=held).exists()
    assert not Person.objects.filter(name="नया नाम").exists()
    held.refresh_from_db()
    assert held.status == MeetingStatus.PLANNED


def test_a_new_person_who_looks_like_a_registered_one_is_held_for_review(
    held: Meeting, district_editor: User, seed: Seed
) -> None:
    result = attendance_paste_apply(
        meeting=held,
        choices=[PasteChoice(0, "अमित गुप्ता", PasteAction.NEW)],
        actor=district_editor,
    )
    assert result.created == 1
    newest = Person.objects.filter(name="अमित गुप्ता").order_by("-pk").first()
    assert newest is not None and newest != seed.people["अमित गुप्ता"]
    assert newest.status in (PersonStatus.HELD, PersonStatus.ACTIVE)


def test_a_worker_may_mark_but_not_add_people_to_the_registry(
    world: World, booth_worker: User, district_editor: User
) -> None:
    from sangathan.meetings.services import meeting_create
    from tests.meetings.conftest import at

    booth_meeting = meeting_create(unit=world.booth, title="बूथ बैठक", starts_at=at(-1))
    rows = attendance_paste_preview(meeting=booth_meeting, text="नया व्यक्ति", user=booth_worker)
    with pytest.raises(PasteInvalid):
        attendance_paste_apply(
            meeting=booth_meeting,
            choices=[PasteChoice(rows[0].index, rows[0].name, PasteAction.NEW)],
            actor=booth_worker,
        )
    result = attendance_paste_apply(
        meeting=booth_meeting,
        choices=[PasteChoice(rows[0].index, rows[0].name, PasteAction.KEEP)],
        actor=booth_worker,
    )
    assert result.kept == 1


def test_the_outsider_cannot_mark_the_districts_meeting(held: Meeting, outsider: User) -> None:
    from django.http import Http404

    with pytest.raises((Http404, PermissionDenied)):
        attendance_paste_apply(meeting=held, choices=[], actor=outsider)
