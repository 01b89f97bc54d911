"""What the relief app adds to other pages: the home page's "on duty today" and "low stock in
your stores", and the unit page's active drives."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils import timezone

from sangathan.core.access import has_role
from sangathan.core.home import home_section
from sangathan.core.models import Role
from sangathan.relief.ledger import low_stock
from sangathan.relief.models import DriveStatus, Duty
from sangathan.relief.selectors import drives_for_user, may_keep
from sangathan.units.sections import unit_section

if TYPE_CHECKING:
    from sangathan.units.models import Unit

LIMIT = 10


@home_section(order=22, template="relief/home_duty.html", name="relief.duty")
def on_duty_today(request: HttpRequest) -> dict[str, Any] | None:
    """Where the user is on duty today, and low stock in the stores they keep."""
    user = request.user
    person_id = getattr(user, "person_id", None)
    duties = (
        list(
            Duty.objects.filter(person_id=person_id, day=timezone.localdate())
            .select_related("point__drive", "point__store")
            .order_by("point__name")[:LIMIT]
        )
        if person_id is not None
        else []
    )
    # Keepers and editors of the store's unit: the people told when a threshold is crossed.
    low = [w for w in low_stock(user) if may_keep(user, w.store)][:LIMIT]
    return {"duties": duties, "low": low} if duties or low else None


@unit_section(order=30, template="relief/unit_drives.html", name="relief.unit_drives")
def unit_active_drives(request: HttpRequest, unit: Unit) -> dict[str, Any] | None:
    """The active drives of this unit and the units under it, and the link to its reports."""
    drives = list(
        drives_for_user(request.user, unit=unit)
        .filter(status=DriveStatus.ACTIVE)
        .order_by("-starts_on")[:LIMIT]
    )
    may_plan = has_role(request.user, unit, Role.EDITOR)
    # The reports page lets in anyone who sees the unit (a viewer), drive under way or not.
    may_report = has_role(request.user, unit, Role.VIEWER)
    if not (drives or may_plan or may_report):
        return None
    return {"drives": drives, "may_plan": may_plan, "may_report": may_report}
