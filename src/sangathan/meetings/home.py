"""What the meetings app adds at start-up: the home page's "your open action items", the
unit page's open action items, the person page's "meetings attended", and readable names
for its audit actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sangathan.core.home import home_section
from sangathan.core.selectors import audit_action_label
from sangathan.meetings.selectors import (
    action_items_for_unit,
    action_items_open_for_person,
    meetings_attended,
)
from sangathan.people.sections import person_section
from sangathan.units.sections import unit_section

if TYPE_CHECKING:
    from sangathan.people.models import Person
    from sangathan.units.models import Unit

HOME_LIMIT = 10
PERSON_LIMIT = 20


@home_section(order=25, template="meetings/home_action_items.html", name="meetings.action_items")
def open_action_items(request: HttpRequest) -> dict[str, Any] | None:
    """The user's own open action items, soonest due first (one query)."""
    person = getattr(request.user, "person", None)
    if person is None:
        return None
    items = list(action_items_open_for_person(person)[:HOME_LIMIT])
    return {"items": items} if items else None


@person_section(order=20, template="meetings/person_meetings.html", name="meetings.attended")
def attended(request: HttpRequest, person: Person) -> dict[str, Any] | None:
    rows = list(meetings_attended(request.user, person)[:PERSON_LIMIT])
    return {"rows": rows} if rows else None


@unit_section(order=20, template="meetings/unit_action_items.html", name="meetings.unit_items")
def unit_open_action_items(request: HttpRequest, unit: Unit) -> dict[str, Any] | None:
    """Open action items of the meetings of this unit and the units under it, overdue first
    then soonest due (one query)."""
    rows = action_items_for_unit(request.user, unit).order_by(
        "-overdue", F("due_date").asc(nulls_last=True), "pk"
    )
    items = list(rows[:HOME_LIMIT])
    return {"items": items} if items else None


for _code, _label in {
    "meetings.created": _("Meeting planned"),
    "meetings.updated": _("Meeting changed"),
    "meetings.held": _("Meeting recorded as held"),
    "meetings.cancelled": _("Meeting cancelled"),
    "meetings.reopened": _("Meeting reopened"),
    "meetings.agenda_added": _("Agenda item added"),
    "meetings.agenda_updated": _("Agenda item changed"),
    "meetings.agenda_moved": _("Agenda item moved"),
    "meetings.agenda_removed": _("Agenda item removed"),
    "meetings.statement_added": _("Statement added"),
    "meetings.statement_updated": _("Statement changed"),
    "meetings.statement_removed": _("Statement removed"),
    "meetings.invited": _("Person invited"),
    "meetings.invited_by_post": _("Post holders invited"),
    "meetings.uninvited": _("Invitation withdrawn"),
    "meetings.rsvp": _("Answer to an invitation recorded"),
    "meetings.marked": _("Attendance marked"),
    "meetings.attendance_pasted": _("Attendance taken from a pasted list"),
    "meetings.unmatched_resolved": _("Pasted name matched to a person"),
    "meetings.unmatched_removed": _("Pasted name removed"),
    "meetings.decision_added": _("Decision recorded"),
    "meetings.decision_updated": _("Decision changed"),
    "meetings.decision_removed": _("Decision removed"),
    "meetings.action_added": _("Action item added"),
    "meetings.action_updated": _("Action item changed"),
    "meetings.action_status": _("Action item status changed"),
    "meetings.action_linked": _("Work linked to an action item"),
    "meetings.action_unlinked": _("Work unlinked from an action item"),
    "meetings.pressnote_generated": _("Press note written"),
    "meetings.pressnote_edited": _("Press note edited"),
    "meetings.pressnote_finalised": _("Press note made final"),
    "meetings.pressnote_reopened": _("Press note reopened"),
    "meetings.reminded": _("Meeting reminder sent"),
    "meetings.series_created": _("Recurring meeting set up"),
    "meetings.series_stopped": _("Recurring meeting stopped"),
}.items():
    audit_action_label(_code, _label)
