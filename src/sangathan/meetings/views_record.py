"""The meeting's record: agenda items with their minutes, what was said, decisions (निर्णय)
and the action items that carry them out, each with its own page (the link in notifications
and on owners' home pages)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangathan.core.views_common import AuthedRequest, refused, uuid_or_none
from sangathan.meetings import selectors
from sangathan.meetings.decisions import (
    action_item_add,
    action_item_link,
    action_item_set_status,
    action_item_unlink,
    action_item_update,
    decision_add,
    decision_remove,
    decision_update,
)
from sangathan.meetings.forms import (
    ActionItemForm,
    AgendaItemForm,
    DecisionForm,
    LinkForm,
    StatementForm,
)
from sangathan.meetings.models import ActionItem, ActionStatus, Decision, Statement
from sangathan.meetings.services import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    statement_add,
    statement_remove,
    statement_update,
)
from sangathan.meetings.views import back_to
from sangathan.meetings.views_people import pick_person
from sangathan.people.models import Person
from sangathan.people.selectors import people_visible
from sangathan.units.forms import add_service_errors

# --- Agenda ---------------------------------------------------------------------------------


@require_POST
@login_required
def agenda_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid, write=True)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the agenda item a title."))
        return back_to(meeting, "agenda")
    try:
        agenda_item_add(
            meeting=meeting,
            title=form.cleaned_data["title"],
            minutes=form.cleaned_data["minutes"],
            public=form.cleaned_data["public"],
            actor=request.user,
        )
    except ValidationError as exc:
        refused(request, exc)
    return back_to(meeting, "agenda")


@require_POST
@login_required
def agenda_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The item's title, its minutes and whether they go into the press note."""
    item = selectors.agenda_item_get_for_user(request.user, uuid=uuid, write=True)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the agenda item a title."))
        return back_to(item.meeting, f"item-{item.uuid}")
    try:
        agenda_item_update(
            item=item,
            title=form.cleaned_data["title"],
            minutes=form.cleaned_data["minutes"],
            public=form.cleaned_data["public"],
            actor=request.user,
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The agenda item has been saved."))
    return back_to(item.meeting, f"item-{item.uuid}")


@require_POST
@login_required
def agenda_move(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    item = selectors.agenda_item_get_for_user(request.user, uuid=uuid, write=True)
    step = -1 if request.POST.get("direction") == "up" else 1
    try:
        agenda_item_move(item=item, position=max(1, item.position + step), actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    return back_to(item.meeting, "agenda")


@require_POST
@login_required
def agenda_remove(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    item = selectors.agenda_item_get_for_user(request.user, uuid=uuid, write=True)
    try:
        agenda_item_remove(item=item, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    return back_to(item.meeting, "agenda")


# --- Statements -----------------------------------------------------------------------------


@require_POST
@login_required
def statement_add_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid, write=True)
    form = StatementForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose who spoke and write what they said."))
        speaker = pick_person(request.user, form.cleaned_data["speaker"], "")
        if speaker is None:
            raise ValidationError(_("Choose who spoke and write what they said."))
        statement_add(
            meeting=meeting,
            speaker=speaker,
            text=form.cleaned_data["text"],
            speaker_post=form.cleaned_data["speaker_post"],
            public=form.cleaned_data["public"],
            actor=request.user,
        )
    except ValidationError as exc:
        refused(request, exc)
    return back_to(meeting, "statements")


@require_POST
@login_required
def statement_remove_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    statement = selectors.statement_get_for_user(request.user, uuid=uuid, write=True)
    statement_remove(statement=statement, actor=request.user)
    return back_to(statement.meeting, "statements")


def _statement_form(data: Any = None, statement: Statement | None = None) -> StatementForm:
    """The add form without the speaker: who spoke is not changed, only what they said, the
    post the note gives them and whether it goes into the press note."""
    initial = {}
    if statement is not None:
        initial = {
            "speaker_post": statement.speaker_post,
            "text": statement.text,
            "public": statement.public,
        }
    form = StatementForm(data, initial=initial)
    del form.fields["speaker"]
    form.fields["text"].error_messages["required"] = _("Write what was said.")
    return form


def _decision_form(data: Any = None, decision: Decision | None = None) -> DecisionForm:
    initial = {}
    if decision is not None:
        initial = {"text": decision.text, "public": decision.public}
    form = DecisionForm(data, initial=initial)
    form.fields["text"].error_messages["required"] = _("Write the decision.")
    return form


def _edit(
    request: AuthedRequest,
    *,
    kind: str,
    obj: Statement | Decision,
    make_form: Callable[..., Any],
    save: Callable[[dict[str, Any]], object],
    saved: str,
    anchor: str,
) -> HttpResponse:
    """The edit page of a statement or decision: GET shows the form filled in; POST saves
    through the service (its refusals beside the fields, status 422, nothing saved)."""
    if request.method != "POST":
        form = make_form(**{kind: obj})
    else:
        form = make_form(request.POST)
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, saved)
                return back_to(obj.meeting, anchor)
    context = {"kind": kind, "obj": obj, "meeting": obj.meeting, "form": form}
    status = 422 if request.method == "POST" else 200
    return render(request, "meetings/record_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def statement_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Correct what was said (a typo, the speaker's post, in the press note or not)."""
    statement = selectors.statement_get_for_user(request.user, uuid=uuid, write=True)
    return _edit(
        request,
        kind="statement",
        obj=statement,
        make_form=_statement_form,
        save=lambda data: statement_update(
            statement=statement,
            text=data["text"],
            speaker_post=data["speaker_post"],
            public=data["public"],
            actor=request.user,
        ),
        saved=_("What was said has been saved."),
        anchor="statements",
    )


# --- Decisions ------------------------------------------------------------------------------


@require_POST
@login_required
def decision_add_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid, write=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the decision."))
        return back_to(meeting, "decisions")
    agenda_item = None
    item_uuid = uuid_or_none(request.POST.get("agenda_item"))
    if item_uuid is not None:
        agenda_item = meeting.agenda.filter(uuid=item_uuid).first()
    try:
        decision = decision_add(
            meeting=meeting,
            text=form.cleaned_data["text"],
            public=form.cleaned_data["public"],
            agenda_item=agenda_item,
            actor=request.user,
        )
    except ValidationError as exc:
        refused(request, exc)
        return back_to(meeting, "decisions")
    messages.success(request, _("The decision has been recorded; now add who will carry it out."))
    return back_to(meeting, f"decision-{decision.uuid}")


@require_POST
@login_required
def decision_public(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """In the press note or not."""
    decision = selectors.decision_get_for_user(request.user, uuid=uuid, write=True)
    try:
        decision_update(
            decision=decision, public=request.POST.get("public") == "1", actor=request.user
        )
    except ValidationError as exc:
        refused(request, exc)
    return back_to(decision.meeting, f"decision-{decision.uuid}")


@require_http_methods(["GET", "POST"])
@login_required
def decision_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Correct a decision's text, or whether it goes into the press note."""
    decision = selectors.decision_get_for_user(request.user, uuid=uuid, write=True)
    return _edit(
        request,
        kind="decision",
        obj=decision,
        make_form=_decision_form,
        save=lambda data: decision_update(
            decision=decision, text=data["text"], public=data["public"], actor=request.user
        ),
        saved=_("The decision has been saved."),
        anchor=f"decision-{decision.uuid}",
    )


@require_POST
@login_required
def decision_remove_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    decision = selectors.decision_get_for_user(request.user, uuid=uuid, write=True)
    try:
        decision_remove(decision=decision, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    return back_to(decision.meeting, "decisions")


def _owners(request: AuthedRequest, form: ActionItemForm) -> list[Person]:
    """The owners ticked in the picker, or (without JavaScript) the one the text finds."""
    visible = people_visible(request.user)
    ids = [u for u in (uuid_or_none(v) for v in request.POST.getlist("owners")) if u]
    people = list(visible.filter(uuid__in=ids)) if ids else []
    if not people and form.cleaned_data.get("owners_query"):
        found = pick_person(request.user, None, form.cleaned_data["owners_query"])
        if found is not None:
            people = [found]
    return people


@require_POST
@login_required
def action_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    decision = selectors.decision_get_for_user(request.user, uuid=uuid, write=True)
    form = ActionItemForm(request.POST)
    anchor = f"decision-{decision.uuid}"
    if not form.is_valid():
        messages.error(request, _("Write what is to be done."))
        return back_to(decision.meeting, anchor)
    try:
        item = action_item_add(
            decision=decision,
            text=form.cleaned_data["text"],
            owners=_owners(request, form),
            due_date=form.cleaned_data["due_date"],
            actor=request.user,
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("The action item has been added; %(owners)s will see it on their home page.")
            % {"owners": ", ".join(p.name for p in item.owners.all())},
        )
    return back_to(decision.meeting, anchor)


# --- An action item -------------------------------------------------------------------------


@require_GET
@login_required
def action_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The item, its owners, status and linked work. Its owners see it even outside the
    unit's reach (the booth worker who must do it)."""
    user = request.user
    item = selectors.action_item_get_for_user(user, uuid=uuid)
    return _action_page(request, item)


def _action_page(
    request: AuthedRequest, item: ActionItem, form: ActionItemForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    edit = selectors.may_edit(user, item.meeting)
    owner = selectors.is_owner(user, item)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "item": item,
        "meeting": item.meeting,
        "owners": list(item.owners.all()),
        "links": list(item.links.all()),
        "edit": edit,
        "may_set_status": edit or owner,
        "sees_meeting": selectors.meetings_for_user(user).filter(pk=item.meeting_id).exists(),
        "overdue": item.status == ActionStatus.OPEN
        and item.due_date is not None
        and item.due_date < today,
        "statuses": ActionStatus.choices,
        "form": form or ActionItemForm(initial={"text": item.text, "due_date": item.due_date}),
        "link_form": LinkForm(),
    }
    return render(request, "meetings/action_item.html", context, status=status)


def _back_to_item(item: ActionItem) -> HttpResponse:
    return redirect("meetings:action_item", item.uuid)


@require_POST
@login_required
def action_status(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Done, dropped or open again: an editor of the unit or one of the owners."""
    item = selectors.action_item_get_for_user(request.user, uuid=uuid)
    try:
        action_item_set_status(item=item, status=request.POST.get("status", ""), actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("The action item is now: %(status)s.") % {"status": item.get_status_display()},
        )
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return _back_to_item(item)


@require_POST
@login_required
def action_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    item = selectors.action_item_get_for_user(request.user, uuid=uuid, write=True)
    form = ActionItemForm(request.POST)
    if form.is_valid():
        try:
            owners = _owners(request, form)
            action_item_update(
                item=item,
                text=form.cleaned_data["text"],
                owners=owners,
                due_date=form.cleaned_data["due_date"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {"owners": "owners_query"})
        else:
            messages.success(request, _("The action item has been saved."))
            return _back_to_item(item)
    return _action_page(request, item, form, status=422)


@require_POST
@login_required
def action_link(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Point the item at the work it started (a requisition, a relief drive, a campaign,
    another meeting), by that work's id."""
    item = selectors.action_item_get_for_user(request.user, uuid=uuid, write=True)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of work and give its id."))
        return _back_to_item(item)
    try:
        action_item_link(
            item=item,
            kind=form.cleaned_data["kind"],
            target=form.cleaned_data["target"],
            label=form.cleaned_data["label"],
            actor=request.user,
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The work has been linked."))
    return _back_to_item(item)


@require_POST
@login_required
def action_unlink(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    item = selectors.action_item_get_for_user(request.user, uuid=uuid, write=True)
    try:
        link_id = int(request.POST.get("link", ""))
    except ValueError:
        link_id = 0
    link = item.links.filter(pk=link_id).first()
    if link is not None:
        action_item_unlink(link=link, actor=request.user)
        messages.success(request, _("The link has been removed."))
    return _back_to_item(item)
