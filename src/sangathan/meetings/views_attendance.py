"""A meeting's people: invitations (by name, or every holder of a post under a unit with a
count before sending), answers, attendance marked a row at a time on a phone (htmx: the row
alone is redrawn), and a pasted list matched to people before anything is saved.

The paste keeps the text: the preview carries it in a hidden field and shows it again, and a
refused apply shows the same rows with each problem beside its row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from sangathan.core.views_common import AuthedRequest, uuid_or_none
from sangathan.meetings import selectors
from sangathan.meetings.attendance import (
    PasteAction,
    PasteChoice,
    PasteInvalid,
    PasteRow,
    attendance_mark,
    attendance_mark_person,
    attendance_paste_apply,
    attendance_paste_preview,
    invitee_add,
    invitee_remove,
    invitees_add_by_post,
    rsvp_set,
    unmatched_remove,
    unmatched_resolve,
)
from sangathan.meetings.models import Meeting, Presence
from sangathan.meetings.views import (
    attendance_rows,
    back_to,
    bypost_form,
    is_htmx,
    refused,
    row_context,
)
from sangathan.people.selectors import people_visible

PASTE_MAX = 20_000  # characters: a long report's list, not a book


def _person_from_post(request: AuthedRequest, field: str = "person") -> Any:
    person_uuid = uuid_or_none(request.POST.get(field))
    person = people_visible(request.user).filter(uuid=person_uuid).first() if person_uuid else None
    if person is None:
        raise ValidationError(_("Choose a person from the list."))
    return person


# --- Invitations ----------------------------------------------------------------------------


@require_POST
@login_required
def invite(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid, write=True)
    try:
        person = _person_from_post(request)
        invitee_add(meeting=meeting, person=person, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("%(name)s has been invited.") % {"name": person.name})
    return back_to(meeting, "people")


def _holders_count(form: Any) -> int | None:
    """How many people hold the post under the unit now: the count shown before inviting
    them (the same holders ``invitees_add_by_post`` invites)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    return selectors.post_holder_ids(post_type=data["post_type"], under=data["under"]).count()


@require_GET
@login_required
def invite_by_post_count(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """htmx: "12 people hold this post under कानपुर महानगर उत्तर" before inviting them."""
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid, write=True)
    form = bypost_form(meeting, request.GET)
    context = {"count": _holders_count(form), "form": form}
    return render(request, "meetings/_bypost_count.html", context)


@require_POST
@login_required
def invite_by_post(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid, write=True)
    form = bypost_form(meeting, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a post and a unit."))
        return back_to(meeting, "people")
    try:
        result = invitees_add_by_post(
            meeting=meeting,
            post_type=form.cleaned_data["post_type"],
            under=form.cleaned_data["under"],
            actor=request.user,
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        text = ngettext(
            "%(count)s person has been invited (%(already)s were invited already).",
            "%(count)s people have been invited (%(already)s were invited already).",
            result.added,
        )
        messages.success(request, text % {"count": result.added, "already": result.already})
    return back_to(meeting, "people")


@require_POST
@login_required
def invitee_remove_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    row = selectors.attendance_get_for_user(request.user, uuid=uuid, write=True)
    try:
        invitee_remove(attendance=row, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request, _("%(name)s has been taken off the list.") % {"name": row.person.name}
        )
    return back_to(row.meeting, "people")


# --- Answers and marks ----------------------------------------------------------------------


def _row_response(
    request: AuthedRequest, meeting: Meeting, row_uuid: Any, error: str = ""
) -> HttpResponse:
    """The one row again (htmx), in the page's own markup."""
    context = row_context(request, meeting)
    row = next((r for r in attendance_rows(meeting) if r.uuid == row_uuid), None)
    if row is None:
        raise Http404
    context.update(row=row, row_error=error)
    return render(request, "meetings/_attendance_row.html", context)


@require_POST
@login_required
def mark(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Present, late, absent, on leave: one tap; htmx redraws the row alone."""
    row = selectors.attendance_get_for_user(request.user, uuid=uuid, write=True)
    presence = request.POST.get("presence", "")
    error = ""
    try:
        attendance_mark(attendance=row, presence=presence, actor=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        if not is_htmx(request):
            refused(request, exc)
    if is_htmx(request):
        return _row_response(request, row.meeting, row.uuid, error)
    return back_to(row.meeting, f"row-{row.uuid}")


@require_POST
@login_required
def rsvp(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    row = selectors.attendance_get_for_user(request.user, uuid=uuid, write=True)
    error = ""
    try:
        rsvp_set(attendance=row, rsvp=request.POST.get("rsvp", ""), actor=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        if not is_htmx(request):
            refused(request, exc)
    if is_htmx(request):
        return _row_response(request, row.meeting, row.uuid, error)
    return back_to(row.meeting, f"row-{row.uuid}")


@require_POST
@login_required
def walk_in(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Someone came who was not on the list: mark them present."""
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid)
    if not selectors.may_mark(request.user, meeting):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    try:
        person = _person_from_post(request)
        attendance_mark_person(
            meeting=meeting, person=person, presence=Presence.PRESENT, actor=request.user
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("%(name)s is marked present.") % {"name": person.name})
    return back_to(meeting, "people")


# --- The paste ------------------------------------------------------------------------------


@dataclass
class Option:
    value: str  # "p:<uuid>", "new", "keep", "skip"
    label: str
    person: Any = None
    checked: bool = False


@dataclass
class PreviewRow:
    row: PasteRow
    options: list[Option]
    problem: str


def _default_choice(row: PasteRow) -> str:
    if row.status == "matched" and row.person is not None:
        return f"p:{row.person.uuid}"
    if row.status == "duplicate":
        return "skip"  # the same person as an earlier row: marked once
    if row.status == "unknown":
        return "keep"  # nothing typed is lost
    return ""  # unsure: one tap on the right candidate


def _options(row: PasteRow, chosen: str, may_add: bool) -> list[Option]:
    """The row's one-tap choices: the match or the candidates, a new person (editors, for
    names not matched), the name kept as written, or left out."""
    people = []
    if row.person is not None:
        people.append(row.person)
    people += [c.person for c in row.candidates if all(c.person.pk != p.pk for p in people)]
    options = [Option(f"p:{p.uuid}", p.name, p) for p in people]
    if may_add and row.status in ("unsure", "unknown"):
        options.append(Option("new", _("Add as a new person")))
    options.append(Option("keep", _("Keep the name as written")))
    options.append(Option("skip", _("Leave out")))
    for option in options:
        option.checked = option.value == chosen
    return options


def _preview_page(
    request: AuthedRequest,
    meeting: Meeting,
    text: str,
    chosen: dict[int, str] | None = None,
    problems: dict[int, str] | None = None,
    presence: str = Presence.PRESENT,
    status: int = 200,
) -> HttpResponse:
    rows = attendance_paste_preview(meeting=meeting, text=text, user=request.user)
    chosen = chosen or {}
    problems = problems or {}
    may_add = selectors.may_edit(request.user, meeting)
    context = {
        "meeting": meeting,
        "paste_text": text,
        "paste_rows": [
            PreviewRow(
                row=r,
                options=_options(r, chosen.get(r.index, _default_choice(r)), may_add),
                problem=problems.get(r.index, ""),
            )
            for r in rows
        ],
        "paste_presence": presence,
        "paste_counts": _paste_counts(rows),
        "presence_choices": [(p, Presence(p).label) for p in (Presence.PRESENT, Presence.LATE)],
    }
    return render(request, "meetings/paste.html", context, status=status)


def _paste_counts(rows: list[PasteRow]) -> dict[str, int]:
    counts = {"matched": 0, "unsure": 0, "unknown": 0, "duplicate": 0}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    counts["total"] = len(rows)
    return counts


def _markable(request: AuthedRequest, uuid: UUID) -> Meeting:
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid)
    if not selectors.may_mark(request.user, meeting):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return meeting


@require_POST
@login_required
def paste_preview(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Split and match the pasted names; nothing is saved yet."""
    meeting = _markable(request, uuid)
    text = request.POST.get("text", "")[:PASTE_MAX]
    if not text.strip():
        messages.error(request, _("Paste the list of names first."))
        return back_to(meeting, "paste")
    return _preview_page(request, meeting, text)


@require_POST
@login_required
def paste_apply(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Apply a choice per row, all or none; a refusal shows the rows again with the text."""
    meeting = _markable(request, uuid)
    text = request.POST.get("text", "")[:PASTE_MAX]
    presence = request.POST.get("presence", Presence.PRESENT)
    chosen: dict[int, str] = {}
    choices: list[PasteChoice] = []
    visible = people_visible(request.user)
    for key, value in request.POST.items():
        if not (key.startswith("row-") and key.endswith("-name")):
            continue
        try:
            index = int(key[4:-5])
        except ValueError:
            continue
        choice = request.POST.get(f"row-{index}-choice", "")
        chosen[index] = choice
        person = None
        action: str
        if choice.startswith("p:"):
            action = PasteAction.PERSON
            person_uuid = uuid_or_none(choice[2:])
            person = visible.filter(uuid=person_uuid).first() if person_uuid else None
        elif choice in PasteAction.values and choice != PasteAction.PERSON:
            action = choice
        else:
            action = PasteAction.PERSON  # nothing chosen: the service names the row
        choices.append(
            PasteChoice(
                index=index, name=str(value), action=action, person=person, presence=presence
            )
        )
    if not choices:
        messages.error(request, _("Paste the list of names first."))
        return back_to(meeting, "paste")
    try:
        result = attendance_paste_apply(meeting=meeting, choices=choices, actor=request.user)
    except PasteInvalid as exc:
        problems = {p.index: p.message for p in exc.problems}
        messages.error(request, _("Nothing has been saved yet: check the rows marked below."))
        return _preview_page(request, meeting, text, chosen, problems, presence, status=422)
    except ValidationError as exc:
        refused(request, exc)
        return _preview_page(request, meeting, text, chosen, {}, presence, status=422)
    messages.success(
        request,
        _(
            "Attendance taken from the list: %(marked)s marked, %(created)s added to the "
            "registry, %(kept)s names kept as written, %(skipped)s left out."
        )
        % {
            "marked": result.marked,
            "created": result.created,
            "kept": result.kept,
            "skipped": result.skipped + result.duplicates,
        },
    )
    return back_to(meeting, "people")


@require_POST
@login_required
def unmatched_resolve_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    entry = selectors.unmatched_get_for_user(request.user, uuid=uuid, write=True)
    try:
        person = _person_from_post(request)
        unmatched_resolve(entry=entry, person=person, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s is now %(person)s, marked present.")
            % {"name": entry.name, "person": person.name},
        )
    return back_to(entry.meeting, "people")


@require_POST
@login_required
def unmatched_remove_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    entry = selectors.unmatched_get_for_user(request.user, uuid=uuid, write=True)
    unmatched_remove(entry=entry, actor=request.user)
    messages.success(request, _("%(name)s has been removed.") % {"name": entry.name})
    return back_to(entry.meeting, "people")
