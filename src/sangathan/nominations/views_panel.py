"""A unit's panel: the names it proposes, post by post, in order. Its editors search and add
people (or register someone new), order them, note them and send the panel; the issuer's
editors return it with a reason or accept it on the same page. A unit that must answer can
ask its own units first and take names from their panels (the cascade)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangathan.core.views_common import AuthedRequest, refused
from sangathan.lib.phones import phone_mask
from sangathan.nominations import selectors
from sangathan.nominations.eligibility import Problem, panel_check, person_problems
from sangathan.nominations.forms import NewPersonForm, NoteForm, ReasonForm
from sangathan.nominations.models import ANSWERED, Ask, Nomination, Submission, SubmissionStatus
from sangathan.nominations.panels import (
    nominee_add,
    nominee_add_from_source,
    nominee_add_new_person,
    nominee_move,
    nominee_note,
    nominee_remove,
    panel_accept,
    panel_return,
    panel_submit,
)
from sangathan.nominations.views import status_label
from sangathan.people.models import Person, PersonStatus
from sangathan.people.search import person_search
from sangathan.people.selectors import person_get_for_user
from sangathan.units.forms import add_service_errors

SEARCH_LIMIT = 10


@dataclass
class NameRow:
    nomination: Nomination
    phone: str
    age: int | None
    chain: list[Any]  # units the name came through, this panel's unit first
    problems: list[str]


@dataclass
class AskBlock:
    ask: Ask
    rows: list[NameRow]
    problems: list[str]  # the ask's own problems (count, women)
    new_form: NewPersonForm | None = None


def _new_person_form(submission: Submission, ask: Ask, data: Any = None) -> NewPersonForm:
    """The "register someone new" form of one post. Typing the name looks for people already
    registered under the unit, so a duplicate is seen before it is made."""
    form = NewPersonForm(data, unit=submission.unit, auto_id=f"new-{ask.uuid}-%s")
    form.fields["name"].widget.attrs.update(
        {
            "hx-get": reverse("nominations:panel_search", args=[submission.uuid]),
            "hx-trigger": "input changed delay:500ms",
            "hx-target": f"#hits-{ask.uuid}",
            "hx-vals": f'{{"ask": "{ask.uuid}"}}',
            "autocomplete": "off",
        }
    )
    return form


def _age(person: Person) -> int | None:
    if person.birth_year is None:
        return None
    return timezone.localdate().year - person.birth_year


def _ask_or_404(submission: Submission, raw: str | None) -> Ask:
    return selectors.ask_get(submission.requisition, uuid=raw)


def _blocks(submission: Submission, problems: list[Problem]) -> list[AskBlock]:
    by_nomination: dict[str, list[str]] = defaultdict(list)
    by_ask: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        if problem.nomination:
            by_nomination[problem.nomination].append(problem.message)
        elif problem.ask:
            by_ask[problem.ask].append(problem.message)
    parts = selectors.panel(submission)
    chains = selectors.provenance_map(n for part in parts for n in part.nominations)
    return [
        AskBlock(
            ask=part.ask,
            rows=[
                NameRow(
                    nomination=n,
                    phone=phone_mask(n.person.phone),
                    age=_age(n.person),
                    chain=chains.get(n.pk, []),
                    problems=by_nomination.get(str(n.uuid), []),
                )
                for n in part.nominations
            ],
            problems=by_ask.get(str(part.ask.uuid), []),
        )
        for part in parts
    ]


@dataclass
class LowerRow:
    nomination: Nomination
    taken: bool


def _lower(submission: Submission) -> list[LowerRow]:
    """Names from the lower units' sent panels, with whether this panel already has them."""
    on_panel = set(
        Nomination.objects.filter(submission=submission).values_list("person_id", flat=True)
    )
    return [
        LowerRow(nomination=n, taken=n.person_id in on_panel)
        for n in selectors.lower_nominations(submission)[:500]
    ]


def _panel_page(
    request: AuthedRequest,
    submission: Submission,
    *,
    new_form: NewPersonForm | None = None,
    new_ask: Ask | None = None,
    return_form: ReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    requisition = submission.requisition
    edit = selectors.may_edit_panel(user, submission)
    manage = selectors.may_manage(user, requisition)
    problems = panel_check(submission) if submission.status not in ANSWERED else []
    now = timezone.now()
    shown = selectors.display_status(submission, now)
    blocks = _blocks(submission, problems)
    if edit:
        for block in blocks:
            block.new_form = (
                new_form
                if new_form is not None and new_ask is not None and new_ask.pk == block.ask.pk
                else _new_person_form(submission, block.ask)
            )
    context: dict[str, Any] = {
        "submission": submission,
        "requisition": requisition,
        "unit": submission.unit,
        "blocks": blocks,
        "problems": [p.message for p in problems],
        "status": shown,
        "status_name": status_label(shown),
        "overdue": shown == "overdue",
        "edit": edit,
        "manage": manage,
        "issuer_side": selectors.sees_all_panels(user, requisition),
        "can_return": manage
        and submission.status == SubmissionStatus.SUBMITTED
        and requisition.status == "open",
        "returned": submission.status == SubmissionStatus.RETURNED,
        "decided": any(
            row.nomination.outcome != "pending" for block in blocks for row in block.rows
        ),
        "new_ask": new_ask,
        "return_form": return_form or ReasonForm(),
        "note_form": NoteForm(),
        "helpers": list(selectors.helper_requisitions(submission)),
        "lower": _lower(submission) if edit else [],
        "single_ask": len(blocks) == 1,
    }
    return render(request, "nominations/panel.html", context, status=status)


@require_GET
@login_required
def panel_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(request.user, uuid=uuid)
    return _panel_page(request, submission)


def _back(submission: Submission, anchor: str = "") -> HttpResponse:
    url = reverse("nominations:panel", args=[submission.uuid])
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- Finding and adding people --------------------------------------------------------------


@dataclass
class Hit:
    person: Person
    phone: str
    age: int | None
    problems: list[str]
    on_panel: bool


@require_GET
@login_required
def panel_search(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """htmx: people of the panel's unit's subtree matching the text (either script), each with
    the reasons they could not be proposed for the post, before adding."""
    submission = selectors.submission_get_for_user(request.user, uuid=uuid, write=True)
    ask = _ask_or_404(submission, request.GET.get("ask"))
    # The new-person form sends the typed name: the same search finds the likely duplicates.
    query = request.GET.get("q") or request.GET.get("name") or ""
    found = person_search(request.user, query, within=submission.unit, limit=SEARCH_LIMIT)
    on_panel = set(
        Nomination.objects.filter(
            submission=submission, person_id__in=[h.person.pk for h in found]
        ).values_list("person_id", flat=True)
    )
    hits = [
        Hit(
            person=h.person,
            phone=phone_mask(h.person.phone),
            age=_age(h.person),
            problems=[
                p.message for p in person_problems(submission=submission, ask=ask, person=h.person)
            ],
            on_panel=h.person.pk in on_panel,
        )
        for h in found
    ]
    context = {"submission": submission, "ask": ask, "hits": hits, "query": query}
    return render(request, "nominations/_search_results.html", context)


@require_POST
@login_required
def panel_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(request.user, uuid=uuid, write=True)
    ask = _ask_or_404(submission, request.POST.get("ask"))
    try:
        person = person_get_for_user(request.user, uuid=request.POST.get("person"))
    except Http404:
        messages.error(request, _("Choose the person from the search results."))
        return _back(submission, f"ask-{ask.uuid}")
    try:
        nominee_add(
            submission=submission,
            ask=ask,
            person=person,
            note=request.POST.get("note", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("%(person)s has been added for %(post)s.")
            % {"person": person.name, "post": ask.post_type.name},
        )
    return _back(submission, f"ask-{ask.uuid}")


@require_POST
@login_required
def panel_new_person(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Register someone new in a unit of the panel's subtree and propose them."""
    submission = selectors.submission_get_for_user(request.user, uuid=uuid, write=True)
    ask = _ask_or_404(submission, request.POST.get("ask"))
    form = _new_person_form(submission, ask, request.POST)
    if form.is_valid():
        try:
            nomination = nominee_add_new_person(
                submission=submission,
                ask=ask,
                details=form.person_fields(),
                home_unit=form.cleaned_data["home_unit"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            person = nomination.person
            if person.status == PersonStatus.HELD:
                messages.warning(
                    request,
                    _(
                        "%(person)s has been added, but looks like someone already registered; "
                        "the duplicate review will decide."
                    )
                    % {"person": person.name},
                )
            else:
                messages.success(
                    request,
                    _("%(person)s has been added for %(post)s.")
                    % {"person": person.name, "post": ask.post_type.name},
                )
            return _back(submission, f"ask-{ask.uuid}")
    return _panel_page(request, submission, new_form=form, new_ask=ask, status=422)


@require_POST
@login_required
def panel_take(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The cascade: take a name from a lower unit's sent panel onto this one."""
    submission = selectors.submission_get_for_user(request.user, uuid=uuid, write=True)
    source = selectors.nomination_get_for_user(request.user, uuid=request.POST.get("source"))
    try:
        nomination = nominee_add_from_source(
            submission=submission, source=source, actor=request.user
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("%(person)s has been taken from the panel of %(unit)s.")
            % {"person": nomination.person.name, "unit": source.submission.unit.name},
        )
    return _back(submission, "lower")


# --- One name -------------------------------------------------------------------------------


@require_POST
@login_required
def name_move(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    nomination = selectors.nomination_get_for_user(request.user, uuid=uuid)
    step = -1 if request.POST.get("direction") == "up" else 1
    try:
        nominee_move(nomination=nomination, position=nomination.position + step, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    return _back(nomination.submission, f"ask-{nomination.ask.uuid}")


@require_POST
@login_required
def name_note(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    nomination = selectors.nomination_get_for_user(request.user, uuid=uuid)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        nominee_note(nomination=nomination, note=note, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The note has been saved."))
    return _back(nomination.submission, f"ask-{nomination.ask.uuid}")


@require_POST
@login_required
def name_remove(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    nomination = selectors.nomination_get_for_user(request.user, uuid=uuid)
    try:
        nominee_remove(nomination=nomination, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("%(person)s has been taken off the panel.") % {"person": nomination.person.name},
        )
    return _back(nomination.submission, f"ask-{nomination.ask.uuid}")


# --- Sending, returning, accepting ----------------------------------------------------------


@require_POST
@login_required
def panel_submit_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(request.user, uuid=uuid, write=True)
    try:
        panel_submit(submission=submission, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _("The panel has not been sent:"))
        refused(request, exc)
    else:
        messages.success(
            request,
            _("The panel has been sent to %(issuer)s.")
            % {"issuer": submission.requisition.issuer.name},
        )
    return _back(submission)


@require_POST
@login_required
def panel_return_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(request.user, uuid=uuid)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        panel_return(submission=submission, reason=reason, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("The panel of %(unit)s has been returned for correction.")
            % {"unit": submission.unit.name},
        )
    return _back(submission)


@require_POST
@login_required
def panel_accept_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(request.user, uuid=uuid)
    try:
        panel_accept(submission=submission, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("The panel of %(unit)s has been accepted.") % {"unit": submission.unit.name},
        )
    return _back(submission)
