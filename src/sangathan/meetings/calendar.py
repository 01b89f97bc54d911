"""A meeting as an .ics invitation (RFC 5545, written with ``icalendar``).

The event carries two alarms, the day before and an hour before, so a phone's calendar
reminds the invitee even without the app; the server's own reminders are ``reminders.py``.
A cancelled meeting is exported with STATUS:CANCELLED and the same UID, so a calendar that
imported the first file replaces the event instead of keeping both.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from sangathan.meetings.models import Meeting, MeetingStatus

ICS_TYPE = "text/calendar; charset=utf-8"
DEFAULT_LENGTH = timedelta(hours=1)
ALARMS = (timedelta(days=1), timedelta(hours=1))


def _uid(meeting: Meeting) -> str:
    return f"{meeting.uuid}@sangathan"


def meeting_ics(meeting: Meeting) -> bytes:
    """The meeting as a calendar file with one event."""
    calendar = Calendar()
    calendar.add("prodid", "-//Sangathan//Meetings//HI")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", _uid(meeting))
    event.add("summary", meeting.title)
    # UTC on the wire: every calendar shows it in its own zone, no VTIMEZONE needed.
    starts = meeting.starts_at.astimezone(UTC)
    ends = (meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH).astimezone(UTC)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    if meeting.venue:
        event.add("location", meeting.venue)
    lines = [meeting.unit.name_hi, meeting.get_kind_display()]
    lines += [f"{item.position}. {item.title}" for item in meeting.agenda.all()]
    event.add("description", "\n".join(lines))
    if meeting.chair is not None:
        event.add(
            "organizer", f"urn:uuid:{meeting.chair.uuid}", parameters={"cn": meeting.chair.name}
        )
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", 1 if cancelled else 0)
    if not cancelled:
        for ahead in ALARMS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", meeting.title)
            alarm.add("trigger", -ahead)
            event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()


def ics_filename(meeting: Meeting) -> str:
    day = timezone.localdate(meeting.starts_at)
    return f"meeting-{day:%Y-%m-%d}.ics"
