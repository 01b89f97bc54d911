"""Recurring meetings (नियमित बैठक): the list of the user's units' series, a series' page with
its meetings, and stopping one (no more occurrences; the meetings already made stay)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangathan.core.access import has_role
from sangathan.core.models import Role
from sangathan.meetings import selectors
from sangathan.meetings.models import MeetingSeries, Recurrence
from sangathan.meetings.series import series_stop
from sangathan.meetings.views import LIST_PER_PAGE
from sangathan.people.views import AuthedRequest, page_of, refused


def rule_text(series: MeetingSeries) -> str:
    """How the series repeats, as people say it: "every month on the 5th"."""
    if series.recurrence == Recurrence.WEEKLY:
        return _("Every week on %(weekday)s") % {"weekday": WEEKDAYS.get(series.day, "")}
    return _("Every month on day %(day)s") % {"day": series.day}


@require_GET
@login_required
def series_list(request: AuthedRequest) -> HttpResponse:
    """Series of the user's units: those in use first, each with its next meeting."""
    page = page_of(selectors.series_for_user(request.user), request.GET.get("page"), LIST_PER_PAGE)
    rows = list(page.rows)
    for series in rows:
        series.rule = rule_text(series)
    return render(request, "meetings/series_list.html", {"page": page, "rows": rows})


def _series_page(
    request: AuthedRequest, series: MeetingSeries, stop_error: str = "", status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "series": series,
        "rule": rule_text(series),
        "meetings": list(selectors.series_meetings(series)),
        "may_stop": series.is_active and has_role(request.user, series.unit, Role.EDITOR),
        "stop_error": stop_error,
    }
    return render(request, "meetings/series.html", context, status=status)


@require_GET
@login_required
def series_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    series = selectors.series_get_for_user(request.user, uuid=uuid)
    return _series_page(request, series)


@require_POST
@login_required
def series_stop_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Stop the series once the editor has ticked that they mean it."""
    series = selectors.series_get_for_user(request.user, uuid=uuid, write=True)
    if request.POST.get("confirm") != "yes":
        error = _("Tick the box to confirm that the series should stop.")
        return _series_page(request, series, stop_error=error, status=422)
    try:
        series_stop(series=series, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("%(title)s has been stopped; its meetings already planned stay.")
            % {"title": series.title},
        )
    return redirect("meetings:series", series.uuid)
