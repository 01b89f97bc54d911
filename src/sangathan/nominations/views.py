"""Pages of requisitions of names: the list, a new requisition, and a requisition's page (the
issuer's status board with its actions; the addressed unit's link to its panel).

The panel pages are in ``views_panel``, the compiled names, exports and selection in
``views_compiled``. Every view fetches through the nominations selectors (404 outside the
user's reach, 403 when the role is too low) and changes things only through the services; a
refusal is shown as the service's own sentences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangathan.core.access import path_filter, reach_of, unit_get_for_user
from sangathan.core.models import Role
from sangathan.core.views_common import AuthedRequest, page_of, refused, uuid_or_none
from sangathan.nominations import selectors
from sangathan.nominations.forms import (
    AskFormSet,
    DeadlineForm,
    RequisitionForm,
    WithdrawForm,
)
from sangathan.nominations.models import (
    OVERDUE,
    Requisition,
    RequisitionStatus,
    Submission,
    SubmissionStatus,
)
from sangathan.nominations.reminders import reminder_send
from sangathan.nominations.services import (
    requisition_addressee_count,
    requisition_create,
    requisition_extend_deadline,
    requisition_issue,
    requisition_withdraw,
    submission_allow_late,
    submission_extend_deadline,
)
from sangathan.units.forms import add_service_errors
from sangathan.units.models import Unit
from sangathan.units.selectors import unit_search

BOARD_PER_PAGE = 50
LIST_PER_PAGE = 30


# --- The list -------------------------------------------------------------------------------


@require_GET
@login_required
def requisition_list(request: AuthedRequest) -> HttpResponse:
    """Requisitions issued by the user's units or addressed to them, newest first; filters:
    open or closed, issued or received."""
    user = request.user
    qs = selectors.requisitions_for_user(user)
    state = request.GET.get("state", "")
    if state == "open":
        qs = qs.filter(status__in=[RequisitionStatus.DRAFT, RequisitionStatus.OPEN])
    elif state == "closed":
        qs = qs.filter(status__in=[RequisitionStatus.CLOSED, RequisitionStatus.WITHDRAWN])
    side = request.GET.get("side", "")
    everything = reach_of(user).everything
    # Issued by my units: the issuer inside my reach; received: addressed to me from above.
    issued_q = Q() if everything else path_filter(user, "unit_path")
    if side == "issued":
        qs = qs.filter(issued_q)
    elif side == "received":
        qs = qs.none() if everything else qs.exclude(issued_q)
    page = page_of(qs, request.GET.get("page"), LIST_PER_PAGE)
    context = {
        "page": page,
        "rows": [_list_row(user, r) for r in page.rows],
        "state": state,
        "side": side,
        "waiting": list(selectors.panels_to_answer(user)[:10]),
        "can_issue": _editor_units(user, limit=1) != [],
        "now": timezone.now(),
    }
    return render(request, "nominations/list.html", context)


@dataclass
class ListRow:
    requisition: Requisition
    issued_by_me: bool


def _list_row(user: Any, requisition: Requisition) -> ListRow:
    return ListRow(
        requisition=requisition, issued_by_me=selectors.sees_all_panels(user, requisition)
    )


def _editor_units(user: Any, limit: int = 50) -> list[Unit]:
    """Units from which the user may issue a requisition: those of their editor grants."""
    if reach_of(user).everything:
        return list(Unit.objects.filter(depth=1).select_related("level")[:limit])
    grants = user.grants.filter(role__in=[Role.EDITOR, Role.ADMIN]).select_related("unit__level")
    return [g.unit for g in grants[:limit]]


# --- A new requisition ----------------------------------------------------------------------


def _asks_initial(answers: Submission | None) -> list[dict[str, Any]]:
    """The cascade starts from the posts the higher requisition asks for."""
    if answers is None:
        return [{}]
    return [
        {
            "post_type": ask.post_type.uuid,
            "min_count": ask.min_count,
            "max_count": None if ask.exact else ask.max_count,
            "ranked": ask.ranked,
            "min_women": ask.min_women,
            "age_min": ask.age_min,
            "age_max": ask.age_max,
            "phone_required": ask.phone_required,
        }
        for ask in answers.requisition.asks.select_related("post_type")
    ]


@require_http_methods(["GET", "POST"])
@login_required
def requisition_new(request: AuthedRequest) -> HttpResponse:
    """Ask lower units for names. ``?unit=`` the issuing unit (editor); ``?answers=`` a panel
    the unit must answer: "ask my units to help" with it."""
    user = request.user
    answers: Submission | None = None
    raw_answers = request.GET.get("answers") or request.POST.get("answers")
    if raw_answers:
        answers = selectors.submission_get_for_user(user, uuid=raw_answers, write=True)
        issuer = answers.unit
    else:
        raw_unit = request.GET.get("unit") or request.POST.get("unit")
        if raw_unit:
            unit_uuid = uuid_or_none(raw_unit)
            if unit_uuid is None:
                raise Http404
            issuer = unit_get_for_user(user, uuid=unit_uuid, role=Role.EDITOR)
        else:
            units = _editor_units(user)
            if len(units) != 1:
                return render(request, "nominations/choose_issuer.html", {"units": units})
            issuer = units[0]
    if request.method == "POST":
        form = RequisitionForm(request.POST, issuer=issuer)
        asks = AskFormSet(request.POST, form_kwargs={"issuer": issuer}, prefix="ask")
        if "add_ask" in request.POST:
            # "Add another post" without JavaScript: the same forms and one empty more.
            posted = request.POST.copy()
            posted["ask-TOTAL_FORMS"] = str(asks.total_form_count() + 1)
            form = RequisitionForm(posted, issuer=issuer)
            asks = AskFormSet(posted, form_kwargs={"issuer": issuer}, prefix="ask")
            return _new_page(request, issuer, answers, form, asks, quiet=True)
        if form.is_valid() and asks.is_valid():
            data = form.cleaned_data
            specs = [
                f.spec() for f in asks.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                requisition = requisition_create(
                    issuer=issuer,
                    title=data["title"],
                    deadline=data["deadline"],
                    asks=specs,
                    target=data["target"],
                    target_level=data["target_level"],
                    chosen_units=list(data["chosen_units"]),
                    instructions_hi=data["instructions_hi"],
                    instructions_en=data["instructions_en"],
                    answers=answers,
                    actor=user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The requisition has been saved as a draft. Check it, then issue it."),
                )
                return redirect("nominations:requisition", requisition.uuid)
        return _new_page(request, issuer, answers, form, asks)
    initial: dict[str, Any] = {}
    if answers is not None:
        initial = {
            "title": answers.requisition.title,
            "deadline": timezone.localtime(answers.deadline).replace(second=0, microsecond=0)
            - timedelta(days=1),
        }
    form = RequisitionForm(initial=initial, issuer=issuer)
    asks = AskFormSet(initial=_asks_initial(answers), form_kwargs={"issuer": issuer}, prefix="ask")
    return _new_page(request, issuer, answers, form, asks)


def _new_page(
    request: AuthedRequest,
    issuer: Unit,
    answers: Submission | None,
    form: RequisitionForm,
    asks: Any,
    quiet: bool = False,
) -> HttpResponse:
    context = {
        "issuer": issuer,
        "answers": answers,
        "form": form,
        "asks": asks,
        "quiet": quiet,
        "chosen_units": form.chosen_initial(),
        "selected": form.selected_uuids(),
    }
    return render(request, "nominations/new.html", context)


@require_GET
@login_required
def unit_picker(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """htmx: units under the issuer matching the typed text, as checkboxes to add."""
    issuer = unit_get_for_user(request.user, uuid=uuid, role=Role.EDITOR)
    query = request.GET.get("q", "")
    units = [u for u in unit_search(request.user, query, within=issuer, limit=20) if u != issuer]
    return render(request, "nominations/_unit_picks.html", {"units": units, "query": query})


# --- A requisition --------------------------------------------------------------------------


@dataclass
class BoardPage:
    """A page of the status board, counted from the board's own per-status counts."""

    number: int
    total: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def paginator(self) -> BoardPage:
        return self

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


STATUS_CHIPS = [
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.DRAFT,
    SubmissionStatus.NOT_STARTED,
    OVERDUE,
    SubmissionStatus.RETURNED,
    SubmissionStatus.ACCEPTED,
]


def status_label(status: str) -> str:
    if status == OVERDUE:
        return _("Overdue")
    return str(SubmissionStatus(status).label)


def _addressee_count(requisition: Requisition) -> int:
    return requisition_addressee_count(requisition)


@require_GET
@login_required
def requisition_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    requisition = selectors.requisition_get_for_user(user, uuid=uuid)
    issuer_side = selectors.sees_all_panels(user, requisition)
    manage = selectors.may_manage(user, requisition)
    now = timezone.now()
    context: dict[str, Any] = {
        "requisition": requisition,
        "asks": list(
            requisition.asks.select_related("post_type").prefetch_related("conflicting_posts")
        ),
        "issuer_side": issuer_side,
        "manage": manage,
        "is_open": requisition.status == RequisitionStatus.OPEN,
        "is_draft": requisition.status == RequisitionStatus.DRAFT,
        "now": now,
        "deadline_form": DeadlineForm(),
        "withdraw_form": WithdrawForm(),
    }
    if requisition.answers_id is not None:
        higher = requisition.answers
        assert higher is not None
        if selectors.submissions_for_user(user).filter(pk=higher.pk).exists():
            context["answers"] = higher
    if issuer_side:
        status = request.GET.get("status") or None
        if status not in (*SubmissionStatus.values, OVERDUE):
            status = None
        try:
            number = max(1, int(request.GET.get("page") or 1))
        except ValueError:
            number = 1
        board = selectors.status_board(
            requisition,
            status=status,
            now=now,
            limit=BOARD_PER_PAGE,
            offset=(number - 1) * BOARD_PER_PAGE,
        )
        shown_total = board.counts.get(status or "total", 0)
        context.update(
            board=board,
            status=status,
            status_name=status_label(status) if status else "",
            chips=[(s, status_label(s), board.counts.get(s, 0)) for s in STATUS_CHIPS],
            total=board.counts.get("total", 0),
            page=BoardPage(number=number, total=shown_total, per_page=BOARD_PER_PAGE),
            flags=selectors.requisition_flags(requisition),
            board_rows=[(row, status_label(row.status)) for row in board.rows],
        )
        if requisition.status == RequisitionStatus.DRAFT and manage:
            context["addressee_count"] = _addressee_count(requisition)
    else:
        own = list(selectors.submissions_for_user(user, requisition))
        context["own_panels"] = [(s, status_label(selectors.display_status(s, now))) for s in own]
    return render(request, "nominations/requisition.html", context)


def _back(requisition: Requisition) -> HttpResponse:
    return redirect("nominations:requisition", requisition.uuid)


@require_POST
@login_required
def requisition_issue_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    requisition = selectors.requisition_get_for_user(request.user, uuid=uuid, write=True)
    try:
        requisition_issue(requisition=requisition, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("The requisition has been issued; the units asked have been told."),
        )
    return _back(requisition)


@require_POST
@login_required
def requisition_extend_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    requisition = selectors.requisition_get_for_user(request.user, uuid=uuid, write=True)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new deadline as a date and time."))
        return _back(requisition)
    try:
        requisition_extend_deadline(
            requisition=requisition, deadline=form.cleaned_data["deadline"], actor=request.user
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The deadline has been extended."))
    return _back(requisition)


@require_POST
@login_required
def requisition_withdraw_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    requisition = selectors.requisition_get_for_user(request.user, uuid=uuid, write=True)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        requisition_withdraw(requisition=requisition, reason=reason, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The requisition has been withdrawn."))
    return _back(requisition)


# --- The issuer's actions on one unit's panel (from the status board) -----------------------


def _board_back(request: AuthedRequest, submission: Submission) -> HttpResponse:
    """Back where the click came from: the board (its filter and page kept) or the panel."""
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect("nominations:requisition", submission.requisition.uuid)


@require_POST
@login_required
def panel_remind(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(request.user, uuid=uuid)
    try:
        reminder = reminder_send(submission=submission, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        if reminder is not None and reminder.recipients:
            messages.success(
                request,
                _("%(unit)s has been reminded.") % {"unit": submission.unit.name},
            )
        else:
            messages.warning(
                request,
                _("Nobody could be reminded: %(unit)s and the units above it have no editor.")
                % {"unit": submission.unit.name},
            )
    return _board_back(request, submission)


@require_POST
@login_required
def panel_extend(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(request.user, uuid=uuid)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new deadline as a date and time."))
        return _board_back(request, submission)
    try:
        submission_extend_deadline(
            submission=submission, deadline=form.cleaned_data["deadline"], actor=request.user
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("%(unit)s has been given until %(deadline)s.")
            % {"unit": submission.unit.name, "deadline": _when(form.cleaned_data["deadline"])},
        )
    return _board_back(request, submission)


@require_POST
@login_required
def panel_allow_late(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(request.user, uuid=uuid)
    allowed = request.POST.get("allowed", "1") != "0"
    try:
        submission_allow_late(submission=submission, allowed=allowed, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        if allowed:
            text = _("%(unit)s may send its panel after the deadline.")
        else:
            text = _("%(unit)s may no longer send its panel after the deadline.")
        messages.success(request, text % {"unit": submission.unit.name})
    return _board_back(request, submission)


def _when(moment: datetime) -> str:
    from sangathan.nominations.recipients import deadline_text

    return deadline_text(moment)
