"""Reads of meetings and their parts, already scoped to what a user may see.

A meeting and everything in it is seen by any user whose reach covers the meeting's unit;
anything else is a 404, the same answer as an unknown id. Changing it needs an editor of the
unit; marking attendance a worker. Action items are also seen by their owners, wherever the
owner works: the booth worker who must do something sees it on their home page.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import has_role, path_filter, reach_of, require_role
from sangathan.core.models import Role
from sangathan.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Presence,
    PressNote,
    Rsvp,
    Statement,
    UnmatchedAttendee,
)
from sangathan.meetings.posts import post_labels, post_rank
from sangathan.units.models import Appointment

if TYPE_CHECKING:
    from django.db.models import Model

    from sangathan.core.access import AnyUser
    from sangathan.people.models import Person
    from sangathan.units.models import PostType, Unit

M = TypeVar("M", bound="Model")


def _fetch(qs: QuerySet[M], uuid: Any) -> M:
    try:
        return qs.get(uuid=uuid)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:  # type: ignore[attr-defined]
        raise Http404 from exc


# --- Access ---------------------------------------------------------------------------------


def meetings_for_user(
    user: AnyUser,
    *,
    unit: Unit | None = None,
    status: str | None = None,
    upcoming: bool | None = None,
    now: datetime | None = None,
) -> QuerySet[Meeting]:
    """Meetings of units in the user's reach; ``unit`` narrows to its subtree; ``upcoming``
    True: not yet started, soonest first; False: started already, latest first."""
    qs = Meeting.objects.filter(path_filter(user, "unit_path")).select_related(
        "unit__level", "chair"
    )
    if unit is not None:
        qs = qs.filter(unit_path__subtree=unit.path)
    if status:
        qs = qs.filter(status=status)
    if upcoming is not None:
        moment = now or timezone.now()
        if upcoming:
            qs = qs.filter(starts_at__gte=moment).order_by("starts_at", "id")
        else:
            qs = qs.filter(starts_at__lt=moment).order_by("-starts_at", "-id")
    return qs


def meeting_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> Meeting:
    """A meeting the user may see, or 404. ``write``: an editor of its unit (403 otherwise)."""
    meeting = _fetch(meetings_for_user(user), uuid)
    if write:
        require_role(user, meeting.unit, Role.EDITOR)
    return meeting


def _part(qs: QuerySet[M], user: AnyUser, uuid: Any, role: str | None) -> M:
    obj = _fetch(qs.filter(path_filter(user, "meeting__unit_path")), uuid)
    if role is not None:
        require_role(user, obj.meeting.unit, role)  # type: ignore[attr-defined]
    return obj


def attendance_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> Attendance:
    """An attendance row, or 404. ``write``: a worker of the meeting's unit (mark, RSVP);
    removing an invitee is an editor's (the service checks)."""
    qs = Attendance.objects.select_related("meeting__unit", "person")
    return _part(qs, user, uuid, Role.WORKER if write else None)


def agenda_item_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> AgendaItem:
    qs = AgendaItem.objects.select_related("meeting__unit")
    return _part(qs, user, uuid, Role.EDITOR if write else None)


def statement_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> Statement:
    qs = Statement.objects.select_related("meeting__unit", "speaker")
    return _part(qs, user, uuid, Role.EDITOR if write else None)


def decision_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> Decision:
    qs = Decision.objects.select_related("meeting__unit")
    return _part(qs, user, uuid, Role.EDITOR if write else None)


def unmatched_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> UnmatchedAttendee:
    qs = UnmatchedAttendee.objects.select_related("meeting__unit")
    return _part(qs, user, uuid, Role.WORKER if write else None)


def action_items_for_user(user: AnyUser) -> QuerySet[ActionItem]:
    """Action items of meetings in the user's reach, and those the user's person owns."""
    qs = ActionItem.objects.select_related("meeting", "unit", "decision")
    if reach_of(user).everything:
        return qs
    scope = path_filter(user, "unit_path")
    person_id = getattr(user, "person_id", None)
    if person_id is not None:
        owned = ActionItem.owners.through.objects.filter(
            actionitem_id=OuterRef("pk"), person_id=person_id
        )
        scope = scope | Q(Exists(owned))
    return qs.filter(scope)


def action_item_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> ActionItem:
    """An action item in reach or owned by the user's person, or 404. ``write``: an editor of
    its unit (403); owners change the status through ``action_item_set_status``."""
    item = _fetch(action_items_for_user(user), uuid)
    if write and not has_role(user, item.unit, Role.EDITOR):
        raise PermissionDenied  # an owner sees the item, but is not its unit's editor
    return item


def series_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> MeetingSeries:
    series = _fetch(MeetingSeries.objects.filter(path_filter(user, "unit_path")), uuid)
    if write:
        require_role(user, series.unit, Role.EDITOR)
    return series


def series_for_user(user: AnyUser, *, now: datetime | None = None) -> QuerySet[MeetingSeries]:
    """Series of units in the user's reach, those in use first, each with ``next_starts_at``
    and ``next_uuid``: its next meeting not yet started and not cancelled (None: none planned)."""
    upcoming = (
        Meeting.objects.filter(series=OuterRef("pk"), starts_at__gte=now or timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at", "id")
    )
    return (
        MeetingSeries.objects.filter(path_filter(user, "unit_path"))
        .select_related("unit__level")
        .annotate(
            next_starts_at=Subquery(upcoming.values("starts_at")[:1]),
            next_uuid=Subquery(upcoming.values("uuid")[:1]),
        )
        .order_by("-is_active", "unit_path", "title", "id")
    )


def series_meetings(series: MeetingSeries) -> QuerySet[Meeting]:
    """The series' meetings, latest first (they all belong to the series' unit)."""
    return series.meetings.select_related("unit__level").order_by("-starts_at", "-id")


def may_edit(user: AnyUser, meeting: Meeting) -> bool:
    return has_role(user, meeting.unit, Role.EDITOR)


def may_mark(user: AnyUser, meeting: Meeting) -> bool:
    return has_role(user, meeting.unit, Role.WORKER)


def is_owner(user: AnyUser, item: ActionItem) -> bool:
    person_id = getattr(user, "person_id", None)
    return person_id is not None and item.owners.filter(pk=person_id).exists()


# --- A meeting's people ---------------------------------------------------------------------


def post_holder_ids(*, post_type: PostType, under: Unit) -> QuerySet[Any]:
    """The people who hold ``post_type`` now in ``under``'s subtree, each once: whom an
    invitation by post invites, and the count shown before sending it."""
    return (
        Appointment.objects.active()
        .filter(post_type=post_type, unit_path__subtree=under.path)
        .order_by()
        .values_list("person_id", flat=True)
        .distinct()
    )


def attendance_list(meeting: Meeting, on: date | None = None) -> list[Attendance]:
    """The meeting's people in post order (highest post first, then by name); each row
    carries ``post_label`` ("जिला अध्यक्ष", or "" without a post)."""
    rows = list(meeting.attendances.select_related("person"))
    labels = post_labels(
        [r.person_id for r in rows], meeting.unit, on or timezone.localdate(meeting.starts_at)
    )
    for row in rows:
        label = labels.get(row.person_id)
        row.post_label = label.hi if label is not None else ""  # type: ignore[attr-defined]
    rows.sort(key=lambda r: (post_rank(labels, r.person_id), r.person.name, r.pk))
    return rows


def meeting_counts(meeting: Meeting) -> dict[str, int]:
    """Invited, the answers, the attendance marks and the names kept as text."""
    counts: Counter[str] = Counter()
    for invited, rsvp, presence in meeting.attendances.values_list("invited", "rsvp", "presence"):
        counts["invited"] += int(invited)
        counts[rsvp] += 1
        counts[presence] += 1
    result = {"invited": counts["invited"], "unmatched": meeting.unmatched.count()}
    for key in [*Rsvp.values, *Presence.values]:
        result[key] = counts[key]
    return result


def meeting_is_past(meeting: Meeting, now: datetime | None = None) -> bool:
    """Started already: it can be recorded, but invitations and reminders are not sent."""
    return meeting.starts_at <= (now or timezone.now())


def meeting_notice(meeting: Meeting, now: datetime | None = None) -> str:
    """What the meeting page (and the API) should say about it, or "": cancelled, or in the
    past (recorded; nobody is invited or reminded)."""
    if meeting.status == MeetingStatus.CANCELLED:
        return _("This meeting was cancelled.")
    if meeting_is_past(meeting, now):
        return _(
            "This meeting has already started: it is recorded here, and no invitations or "
            "reminders are sent for it."
        )
    return ""


# --- Action items ---------------------------------------------------------------------------


def _with_overdue(qs: QuerySet[ActionItem], today: date) -> QuerySet[ActionItem]:
    return qs.annotate(
        overdue=Case(
            When(status=ActionStatus.OPEN, due_date__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def action_items_open_for_person(
    person: Person, *, today: date | None = None
) -> QuerySet[ActionItem]:
    """Open items ``person`` owns, soonest due first, each with ``overdue``."""
    day = today or timezone.localdate()
    qs = ActionItem.objects.filter(owners=person, status=ActionStatus.OPEN).select_related(
        "meeting", "unit"
    )
    return _with_overdue(qs, day)


def action_items_for_unit(
    user: AnyUser, unit: Unit, *, status: str | None = ActionStatus.OPEN, today: date | None = None
) -> QuerySet[ActionItem]:
    """Action items of meetings in ``unit``'s subtree (in the user's reach), with ``overdue``."""
    qs = ActionItem.objects.filter(path_filter(user, "unit_path"), unit_path__subtree=unit.path)
    if status:
        qs = qs.filter(status=status)
    qs = qs.select_related("meeting", "unit").prefetch_related("owners")
    return _with_overdue(qs, today or timezone.localdate())


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The same unit's last meeting before this one that was not cancelled."""
    return (
        Meeting.objects.filter(unit=meeting.unit, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at", "-id")
        .first()
    )


def left_open_by_previous(meeting: Meeting) -> QuerySet[ActionItem]:
    """What the previous meeting of the same unit left open: the next meeting's first
    business."""
    previous = previous_meeting(meeting)
    if previous is None:
        return ActionItem.objects.none()
    qs = ActionItem.objects.filter(meeting=previous, status=ActionStatus.OPEN)
    qs = qs.select_related("decision").prefetch_related("owners")
    return _with_overdue(qs, timezone.localdate())


# --- A person's meetings --------------------------------------------------------------------


def meetings_attended(user: AnyUser, person: Person) -> QuerySet[Attendance]:
    """Meetings ``person`` attended that the user may see, latest first."""
    return (
        Attendance.objects.filter(
            path_filter(user, "unit_path"),
            person=person,
            presence__in=[Presence.PRESENT, Presence.LATE],
        )
        .select_related("meeting__unit")
        .order_by("-meeting__starts_at", "-id")
    )


def press_note_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> PressNote:
    """A meeting's press note, or 404. ``write``: an editor of the meeting's unit."""
    qs = PressNote.objects.select_related("meeting__unit")
    return _part(qs, user, uuid, Role.EDITOR if write else None)
