"""What nominations add to the home page: the panels waiting for the user's names, soonest
deadline first, overdue ones marked; and readable names for its audit actions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangathan.core.home import home_section
from sangathan.core.selectors import audit_action_label
from sangathan.nominations.selectors import panels_to_answer

SHOWN = 5


@home_section(order=20, template="nominations/home_panels.html", name="nominations.panels")
def panels_waiting(request: HttpRequest) -> dict[str, Any] | None:
    """Open panels of the units the user edits: one indexed query, a few rows."""
    panels = list(panels_to_answer(request.user)[: SHOWN + 1])
    if not panels:
        return None
    return {"panels": panels[:SHOWN], "more": len(panels) > SHOWN, "now": timezone.now()}


for _code, _label in {
    "nominations.requisition_created": _("Requisition of names drafted"),
    "nominations.requisition_issued": _("Requisition of names issued"),
    "nominations.deadline_extended": _("Deadline extended"),
    "nominations.panel_deadline_extended": _("Deadline extended for one unit"),
    "nominations.late_allowed": _("Late submission allowed"),
    "nominations.requisition_withdrawn": _("Requisition of names withdrawn"),
    "nominations.requisition_closed": _("Requisition of names closed"),
    "nominations.nominee_added": _("Name added to a panel"),
    "nominations.nominee_removed": _("Name taken off a panel"),
    "nominations.nominee_moved": _("Name moved on a panel"),
    "nominations.nominee_noted": _("Note on a name changed"),
    "nominations.panel_set": _("Panel replaced"),
    "nominations.panel_submitted": _("Panel sent"),
    "nominations.panel_returned": _("Panel returned for correction"),
    "nominations.panel_accepted": _("Panel accepted"),
    "nominations.selected": _("Name selected and appointed"),
    "nominations.reminded": _("Reminder sent"),
    "nominations.exported": _("Names downloaded"),
}.items():
    audit_action_label(_code, _label)
