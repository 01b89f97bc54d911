"""Recurring meetings (नियमित बैठक): the list of the user's units' series, a series' page with
its meetings, changing it (with its meetings to come), planning more of it, and stopping it
(no more occurrences; the meetings already made stay)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangathan.core.access import has_role
from sangathan.core.models import Role
from sangathan.core.views_common import AuthedRequest, page_of, refused
from sangathan.meetings import selectors
from sangathan.meetings.forms import ExtendForm, SeriesForm
from sangathan.meetings.models import MeetingSeries
from sangathan.meetings.series import (
    meetings_to_come,
    rule_label,
    series_extend,
    series_last_occurrence,
    series_stop,
)
from sangathan.meetings.series_edit import series_update
from sangathan.meetings.views import LIST_PER_PAGE
from sangathan.meetings.views_people import pick_person
from sangathan.people.selectors import people_visible
from sangathan.units.forms import add_service_errors


def rule_text(series: MeetingSeries) -> str:
    """How the series repeats, as people say it: "every month on the 5th"."""
    return rule_label(series.recurrence, series.day)


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
    request: AuthedRequest,
    series: MeetingSeries,
    stop_error: str = "",
    extend_form: ExtendForm | None = None,
    status: int = 200,
) -> HttpResponse:
    editor = has_role(request.user, series.unit, Role.EDITOR)
    last = series_last_occurrence(series)
    context: dict[str, Any] = {
        "series": series,
        "rule": rule_text(series),
        "meetings": list(selectors.series_meetings(series)),
        "editor": editor,
        "may_change": editor and series.is_active,
        "may_stop": series.is_active and editor,
        "stop_error": stop_error,
        "last": last,
        "extend_form": extend_form or ExtendForm(initial={"after": last}),
    }
    return render(request, "meetings/series.html", context, status=status)


@require_GET
@login_required
def series_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    series = selectors.series_get_for_user(request.user, uuid=uuid)
    return _series_page(request, series)


# --- Change the series ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def series_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Change the series; its meetings to come follow, those already held keep their record."""
    user = request.user
    series = selectors.series_get_for_user(user, uuid=uuid, write=True)
    if request.method == "POST":
        form = SeriesForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            recurrence, day = form.recurrence_and_day()
            try:
                result = series_update(
                    series=series,
                    title=data["title"],
                    kind=data["kind"],
                    recurrence=recurrence,
                    day=day,
                    start_time=data["start_time"],
                    duration_minutes=data["duration_minutes"],
                    venue=data["venue"],
                    place=data["place"],
                    chair=pick_person(user, data["chair"], data["chair_query"]),
                    actor=user,
                )
            except ValidationError as exc:
                field_map = {"chair": "chair_query", "recurrence": "rule", "day": "rule"}
                add_service_errors(form, exc, field_map)
            else:
                if not result.changes:
                    messages.info(request, _("Nothing was changed."))
                elif result.meetings:
                    count = len(result.meetings)
                    messages.success(
                        request,
                        ngettext(
                            "The series has been saved, and %(count)s meeting to come with it.",
                            "The series has been saved, and %(count)s meetings to come with it.",
                            count,
                        )
                        % {"count": count},
                    )
                else:
                    messages.success(request, _("The series has been saved."))
                return redirect("meetings:series", series.uuid)
        return _form_page(request, form, series, status=422)
    if not series.is_active:
        # Shown rather than a form that could only be refused.
        messages.error(request, _("This series has been stopped; it can no longer be changed."))
        return redirect("meetings:series", series.uuid)
    form = SeriesForm(
        initial={
            "title": series.title,
            "kind": series.kind,
            "rule": f"{series.recurrence}:{series.day}",
            "start_time": series.start_time,
            "duration_minutes": series.duration_minutes,
            "venue": series.venue,
            "place": series.place,
            "chair": series.chair.uuid if series.chair else None,
        }
    )
    return _form_page(request, form, series)


def _form_page(
    request: AuthedRequest, form: SeriesForm, series: MeetingSeries, status: int = 200
) -> HttpResponse:
    raw = form["chair"].value()
    context = {
        "form": form,
        "series": series,
        "chair": people_visible(request.user).filter(uuid=raw).first() if raw else None,
        "to_come": meetings_to_come(series).count(),
    }
    return render(request, "meetings/series_form.html", context, status=status)


# --- Plan more, stop ------------------------------------------------------------------------


@require_POST
@login_required
def series_extend_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Plan the next N meetings after the last one the page showed."""
    series = selectors.series_get_for_user(request.user, uuid=uuid, write=True)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            planned = series_extend(
                series=series,
                count=form.cleaned_data["count"],
                after=form.cleaned_data["after"],
                actor=request.user,
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # the series itself refuses: no form to show
                refused(request, exc)
                return redirect("meetings:series", series.uuid)
            add_service_errors(form, exc)
        else:
            if planned:
                last = timezone.localtime(planned[-1].starts_at)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s more meeting has been planned, up to %(date)s.",
                        "%(count)s more meetings have been planned, up to %(date)s.",
                        len(planned),
                    )
                    % {"count": len(planned), "date": date_format(last, "j F Y")},
                )
            else:
                messages.info(
                    request, _("Nothing new was planned: those meetings had been planned already.")
                )
            return redirect(reverse("meetings:series", args=[series.uuid]) + "#meetings")
    return _series_page(request, series, extend_form=form, status=422)


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
