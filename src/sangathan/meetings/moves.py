"""Telling invitees that a meeting to come moved: a new time, venue or town.

``meeting_update`` tells them for one meeting; ``series_edit.series_update`` moves several at
once and tells each invitee once, naming the soonest of theirs and how many moved. Reminders
already sent for an old time are forgotten by ``meeting_update`` itself, so the new time gets
its own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sangathan.core.notifications import notify_on_commit
from sangathan.meetings.common import is_upcoming, users_of
from sangathan.meetings.models import Attendance, Meeting

if TYPE_CHECKING:
    from sangathan.core.models import User


@dataclass(frozen=True)
class MeetingPlace:
    """When and where a meeting was to be, before a change."""

    starts_at: datetime
    venue: str
    place: str


def location_text(venue: str, place: str) -> str:
    """Where a meeting is, as invitees read it: "मंडल कार्यालय, कानपुर"."""
    if place and place in venue:
        return venue
    return ", ".join(part for part in (venue, place) if part)


@dataclass(frozen=True)
class MeetingMove:
    """A meeting to come whose time or place changed, and what it was before."""

    meeting: Meeting
    was: MeetingPlace
    time_moved: bool
    place_moved: bool

    def context(self) -> dict[str, Any]:
        """What ``meetings/changed`` reads (plain values: it is rendered after commit)."""
        meeting, was = self.meeting, self.was
        return {
            "title": meeting.title,
            "unit": meeting.unit.name_hi,
            "starts": meeting.starts_at.isoformat(),
            "location": location_text(meeting.venue, meeting.place),
            "old_starts": was.starts_at.isoformat() if self.time_moved else "",
            "old_location": location_text(was.venue, was.place) if self.place_moved else "",
            "place_moved": self.place_moved,
            "meeting": str(meeting.uuid),
        }


def meeting_move(meeting: Meeting, was: MeetingPlace) -> MeetingMove | None:
    """The move invitees must hear of: a new time or place of a meeting still to come
    (a meeting in the past or held is being recorded, not moved)."""
    time_moved = meeting.starts_at != was.starts_at
    place_moved = (meeting.venue, meeting.place) != (was.venue, was.place)
    if not (time_moved or place_moved) or not is_upcoming(meeting):
        return None
    return MeetingMove(meeting, was, time_moved, place_moved)


def meetings_moved_notify(*, moves: Sequence[MeetingMove], actor: User | None) -> None:
    """Tell each invitee with an account once, after commit: the soonest of the moved
    meetings they are invited to, and how many of them moved. The one who made the change
    knows it already."""
    by_pk = {move.meeting.pk: move for move in moves}
    theirs: dict[int, list[MeetingMove]] = defaultdict(list)
    invited = Attendance.objects.filter(meeting_id__in=by_pk, invited=True)
    for person_id, meeting_id in invited.values_list("person_id", "meeting_id"):
        theirs[person_id].append(by_pk[meeting_id])
    groups: dict[tuple[int, int], list[User]] = defaultdict(list)
    for user in users_of(theirs):
        if user.person_id is None or (actor is not None and user.pk == actor.pk):
            continue
        mine = theirs[user.person_id]
        soonest = min(mine, key=lambda move: move.meeting.starts_at)
        groups[(soonest.meeting.pk, len(mine))].append(user)
    for (pk, count), users in groups.items():
        notify_on_commit(users, "meetings/changed", **by_pk[pk].context(), count=count)
