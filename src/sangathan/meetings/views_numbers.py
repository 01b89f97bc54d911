"""A unit's meeting numbers over a period: attendance per person and per unit below it,
meetings held per month, open and overdue action items. Tables; the dashboards come later."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sangathan.core.access import unit_get_for_user
from sangathan.core.views_common import AuthedRequest
from sangathan.meetings.forms import PeriodForm
from sangathan.meetings.numbers import (
    attendance_rate_by_person,
    attendance_rate_by_unit,
    meetings_held_by_month,
    open_action_items_by_unit,
)

DEFAULT_DAYS = 90
PEOPLE_SHOWN = 200


@require_GET
@login_required
def numbers(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    unit = unit_get_for_user(user, uuid=uuid)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["start"] <= form.cleaned_data["end"]:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    else:
        start, end = today - timedelta(days=DEFAULT_DAYS), today
        form = PeriodForm(initial={"start": start, "end": end})
    people = attendance_rate_by_person(user, unit=unit, start=start, end=end)
    context = {
        "unit": unit,
        "form": form,
        "start": start,
        "end": end,
        "people": people[:PEOPLE_SHOWN],  # worst attendance first: who to call
        "units": attendance_rate_by_unit(user, unit=unit, start=start, end=end),
        "months": meetings_held_by_month(user, unit=unit, start=start, end=end),
        "open_items": open_action_items_by_unit(user, unit=unit, today=today),
    }
    return render(request, "meetings/numbers.html", context)
