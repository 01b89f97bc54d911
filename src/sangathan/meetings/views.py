"""Pages of meetings: the list, a new meeting (or a repeating one), its edit form, and the
meeting's page with its agenda, people, decisions and press note links.

Attendance, invitations and the paste are in ``views_attendance``; agenda, statements,
decisions and action items in ``views_record``; the press note in ``views_pressnote``; the
numbers in ``views_numbers``. Every view fetches through the meetings selectors (404 outside
the user's reach, 403 when the role is too low) and changes things only through the
services; a refusal is shown as the service's own sentences."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangathan.core.access import units_visible
from sangathan.core.models import Role
from sangathan.core.views_common import AuthedRequest, page_of, refused, unit_param
from sangathan.lib.phones import phone_mask
from sangathan.meetings import selectors
from sangathan.meetings.calendar import ICS_TYPE, ics_filename, meeting_ics
from sangathan.meetings.common import when_text
from sangathan.meetings.forms import (
    PRESENCE_BUTTONS,
    RSVP_CHOICES,
    ActionItemForm,
    AgendaItemForm,
    ByPostForm,
    CancelForm,
    DecisionForm,
    MeetingForm,
    NewMeetingForm,
    StatementForm,
)
from sangathan.meetings.models import (
    Meeting,
    MeetingStatus,
    Presence,
    PressNote,
    Recurrence,
    Rsvp,
)
from sangathan.meetings.series import series_create, series_schedule
from sangathan.meetings.services import (
    agenda_item_add,
    meeting_cancel,
    meeting_create,
    meeting_mark_held,
    meeting_reopen,
    meeting_update,
)
from sangathan.meetings.views_people import pick_person
from sangathan.people.models import Person
from sangathan.people.selectors import people_visible
from sangathan.units.forms import add_service_errors
from sangathan.units.models import PostType, Unit

LIST_PER_PAGE = 30
SEARCH_LIMIT = 10
SERIES_AHEAD = 3


def is_htmx(request: AuthedRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def back_to(meeting: Meeting, anchor: str = "") -> HttpResponse:
    url = reverse("meetings:meeting", args=[meeting.uuid])
    return redirect(f"{url}#{anchor}" if anchor else url)


def editor_units(user: Any) -> QuerySet[Unit]:
    """Units whose meetings the user may plan: every unit where they are an editor."""
    return units_visible(user, Role.EDITOR).select_related("level").order_by("depth", "name_hi")


# --- The list -------------------------------------------------------------------------------


@require_GET
@login_required
def meeting_list(request: AuthedRequest) -> HttpResponse:
    """Meetings of the user's units: those to come (soonest first) or held (latest first),
    for one unit's subtree when ``?unit=`` is given."""
    user = request.user
    unit = unit_param(request, "unit")
    when = request.GET.get("when", "upcoming")
    if when not in ("upcoming", "past"):
        when = "upcoming"
    qs = selectors.meetings_for_user(user, unit=unit, upcoming=when == "upcoming")
    page = page_of(qs, request.GET.get("page"), LIST_PER_PAGE)
    context = {
        "page": page,
        "meetings": page.rows,
        "when": when,
        "unit": unit,
        "units": list(
            units_visible(user).filter(depth__lte=_list_depth(user)).order_by("path")[:200]
        ),
        "can_plan": editor_units(user).exists(),
    }
    return render(request, "meetings/list.html", context)


def _list_depth(user: Any) -> int:
    """The unit filter offers the user's own units and two levels below (not every booth)."""
    from django.db.models import Min

    top = units_visible(user).aggregate(top=Min("depth"))["top"] or 1
    return int(top) + 2


# --- New and edit ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def meeting_new(request: AuthedRequest) -> HttpResponse:
    """Plan a meeting of one of the editor's units (or record one already held); with
    "repeats", a series and its next three meetings."""
    user = request.user
    units = editor_units(user)
    if not units.exists():
        raise Http404
    if request.method == "POST":
        form = NewMeetingForm(request.POST, units=units)
        if form.is_valid():
            try:
                meeting = _create(request, form)
            except ValidationError as exc:
                add_service_errors(form, exc, {"chair": "chair_query"})
            else:
                return redirect("meetings:meeting", meeting.uuid)
        return _form_page(request, form, None, status=422)
    initial: dict[str, Any] = {"kind": "other"}
    chosen = unit_param(request, "unit", Role.EDITOR)
    first = units.first()  # the editor's own unit comes first (shallowest)
    if chosen is not None:
        initial["unit"] = chosen.uuid
    elif first is not None:
        initial["unit"] = first.uuid
    form = NewMeetingForm(initial=initial, units=units)
    return _form_page(request, form, None)


def _create(request: AuthedRequest, form: NewMeetingForm) -> Meeting:
    data = form.cleaned_data
    user = request.user
    chair = pick_person(user, data["chair"], data["chair_query"])
    unit: Unit = data["unit"]
    starts = data["starts_at"]
    ends = data["ends_at"]
    if data["repeat"]:
        local = timezone.localtime(starts)
        day = local.day if data["repeat"] == Recurrence.MONTHLY else local.weekday()
        minutes = int((ends - starts).total_seconds() // 60) if ends and ends > starts else 60
        series = series_create(
            unit=unit,
            title=data["title"],
            recurrence=data["repeat"],
            day=day,
            start_time=local.time().replace(second=0, microsecond=0),
            duration_minutes=minutes,
            kind=data["kind"],
            venue=data["venue"],
            place=data["place"],
            chair=chair,
            actor=user,
        )
        planned = series_schedule(series=series, count=SERIES_AHEAD, after=local.date(), actor=user)
        if not planned:
            raise ValidationError(_("No meeting could be planned for this series."))
        meeting = planned[0]
        if data["occasion"]:
            meeting_update(meeting=meeting, occasion=data["occasion"], actor=user)
        messages.success(
            request,
            _("The repeating meeting is set up; its next %(count)s meetings are planned.")
            % {"count": len(planned)},
        )
    else:
        meeting = meeting_create(
            unit=unit,
            title=data["title"],
            starts_at=starts,
            kind=data["kind"],
            ends_at=ends,
            venue=data["venue"],
            place=data["place"],
            occasion=data["occasion"],
            chair=chair,
            actor=user,
        )
        messages.success(request, _("The meeting has been saved."))
    for title in form.agenda_titles():
        agenda_item_add(meeting=meeting, title=title, actor=user)
    return meeting


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    meeting = selectors.meeting_get_for_user(user, uuid=uuid, write=True)
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                chair = pick_person(user, data["chair"], data["chair_query"])
                meeting_update(
                    meeting=meeting,
                    title=data["title"],
                    kind=data["kind"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    venue=data["venue"],
                    place=data["place"],
                    occasion=data["occasion"],
                    chair=chair,
                    venue_public=data["venue_public"],
                    attendees_public=data["attendees_public"],
                    actor=user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {"chair": "chair_query"})
            else:
                messages.success(request, _("The meeting has been saved."))
                return back_to(meeting)
        return _form_page(request, form, meeting, status=422)
    form = MeetingForm(
        initial={
            "title": meeting.title,
            "kind": meeting.kind,
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
            "venue": meeting.venue,
            "place": meeting.place,
            "occasion": meeting.occasion,
            "chair": meeting.chair.uuid if meeting.chair else None,
            "venue_public": meeting.venue_public,
            "attendees_public": meeting.attendees_public,
        }
    )
    return _form_page(request, form, meeting)


def _form_page(
    request: AuthedRequest, form: MeetingForm, meeting: Meeting | None, status: int = 200
) -> HttpResponse:
    chair: Person | None = None
    raw = form["chair"].value()
    if raw:
        chair = people_visible(request.user).filter(uuid=raw).first()
    context = {"form": form, "meeting": meeting, "chair": chair}
    return render(request, "meetings/form.html", context, status=status)


# --- The meeting's page ---------------------------------------------------------------------


@require_GET
@login_required
def meeting_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    meeting = selectors.meeting_get_for_user(user, uuid=uuid)
    return render(request, "meetings/meeting.html", meeting_context(request, meeting))


def row_context(request: AuthedRequest, meeting: Meeting) -> dict[str, Any]:
    """What one attendance row needs: also all an htmx mark needs to redraw its row."""
    user = request.user
    editor = selectors.may_edit(user, meeting)
    live = meeting.status != MeetingStatus.CANCELLED
    return {
        "meeting": meeting,
        "editor": editor,
        "edit": editor and live,
        "mark": selectors.may_mark(user, meeting) and live,
        "presence_buttons": [(p, Presence(p).label) for p in PRESENCE_BUTTONS],
        "rsvp_choices": [(r, Rsvp(r).label) for r in RSVP_CHOICES],
        "upcoming": meeting.starts_at > timezone.now(),
    }


def meeting_context(request: AuthedRequest, meeting: Meeting) -> dict[str, Any]:
    """Everything the meeting's page shows."""
    context = row_context(request, meeting)
    decisions = list(
        meeting.decisions.prefetch_related("action_items__owners").select_related("agenda_item")
    )
    today = timezone.localdate()
    for decision in decisions:
        for item in decision.action_items.all():
            item.overdue = bool(  # type: ignore[attr-defined]
                item.status == "open" and item.due_date and item.due_date < today
            )
    context.update(
        notice=selectors.meeting_notice(meeting),
        agenda=list(meeting.agenda.all()),
        statements=list(meeting.statements.select_related("speaker")),
        people=attendance_rows(meeting),
        unmatched=list(meeting.unmatched.all()),
        counts=selectors.meeting_counts(meeting),
        decisions=decisions,
        left_open=list(selectors.left_open_by_previous(meeting)),
        previous=selectors.previous_meeting(meeting),
        press_note=PressNote.objects.filter(meeting=meeting).first(),
        share_url=share_url(request, meeting),
    )
    if context["edit"]:
        context.update(
            agenda_form=AgendaItemForm(),
            statement_form=StatementForm(),
            decision_form=DecisionForm(),
            action_form=ActionItemForm(),
            cancel_form=CancelForm(),
            bypost_form=bypost_form(meeting),
        )
    return context


def attendance_rows(meeting: Meeting) -> list[Any]:
    rows = selectors.attendance_list(meeting)
    for row in rows:
        row.phone = phone_mask(row.person.phone)  # type: ignore[attr-defined]
    return rows


def share_url(request: AuthedRequest, meeting: Meeting) -> str:
    """A wa.me link with the meeting's title, time, place and the page's address."""
    link = request.build_absolute_uri(reverse("meetings:meeting", args=[meeting.uuid]))
    lines = [meeting.title, when_text(meeting.starts_at)]
    if meeting.venue:
        lines.append(meeting.venue)
    lines.append(link)
    return "https://wa.me/?text=" + quote("\n".join(lines), safe="")


def bypost_form(meeting: Meeting, data: Any = None) -> ByPostForm:
    """Posts of the meeting's level or below; units: the meeting's and those just below."""
    posts = (
        PostType.objects.filter(is_active=True, level__depth__gte=meeting.unit.level.depth)
        .select_related("level")
        .order_by("level__depth", "sort_order", "id")
    )
    unit = meeting.unit
    units = Unit.objects.filter(Q(pk=unit.pk) | Q(path__subtree=unit.path, depth=unit.depth + 1))
    return ByPostForm(
        data,
        posts=posts,
        units=units.select_related("level").order_by("depth", "name_hi"),
        initial={"under": meeting.unit.uuid},
    )


# --- The meeting's state --------------------------------------------------------------------


@require_POST
@login_required
def meeting_held(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid, write=True)
    try:
        meeting_mark_held(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The meeting is recorded as held."))
    return back_to(meeting)


@require_POST
@login_required
def meeting_cancel_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid, write=True)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        meeting_cancel(meeting=meeting, reason=reason, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The meeting has been cancelled."))
    return back_to(meeting)


@require_POST
@login_required
def meeting_reopen_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid, write=True)
    meeting_reopen(meeting=meeting, actor=request.user)
    messages.success(request, _("The meeting is planned again."))
    return back_to(meeting)


@require_GET
@login_required
def meeting_calendar(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid)
    response = HttpResponse(meeting_ics(meeting), content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(meeting)}"'
    return response
