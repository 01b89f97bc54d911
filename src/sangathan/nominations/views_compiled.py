"""The issuer's compiled names: every name on the sent panels of a requisition, filtered by
post, unit, gender and age, with where each came from; downloaded as XLSX or as a Hindi PDF
to send upward; and the selection (each selected name is appointed) and closing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangathan.core.views_common import AuthedRequest, refused
from sangathan.lib.phones import phone_mask
from sangathan.nominations import exports, selectors
from sangathan.nominations.exports import XLSX_TYPE, compiled_export
from sangathan.nominations.forms import CompiledFilterForm
from sangathan.nominations.models import Nomination, Outcome, Requisition, RequisitionStatus
from sangathan.nominations.selection import free_seats, nomination_select, requisition_close
from sangathan.units.models import PostType, Unit

PER_PAGE = 50
# The unit filter lists the addressed units when they are this few; a state asking every
# booth filters by unit from the board's links instead.
UNIT_CHOICES_MAX = 200


def _compiled_requisition(request: AuthedRequest, uuid: UUID) -> Requisition:
    """The requisition, for a user on the issuer's side: a responding unit sees only its
    own panel, never the others' names."""
    requisition = selectors.requisition_get_for_user(request.user, uuid=uuid)
    if not selectors.sees_all_panels(request.user, requisition):
        raise PermissionDenied
    return requisition


def _filter_form(request: AuthedRequest, requisition: Requisition) -> CompiledFilterForm:
    posts = PostType.objects.filter(pk__in=requisition.asks.values("post_type_id")).select_related(
        "level"
    )
    units = Unit.objects.filter(path__subtree=requisition.unit_path).select_related("level")
    return CompiledFilterForm(request.GET or None, posts=posts, units=units)


def _unit_choices(requisition: Requisition) -> list[Unit]:
    units = list(
        Unit.objects.filter(pk__in=requisition.submissions.values("unit_id"))
        .select_related("level")
        .order_by("path")[: UNIT_CHOICES_MAX + 1]
    )
    return units if len(units) <= UNIT_CHOICES_MAX else []


@dataclass
class CompiledRow:
    nomination: Nomination
    phone: str
    age: int | None
    chain: list[Unit]
    free: int | None  # seats still free for the post where it would be appointed


@require_GET
@login_required
def compiled(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    requisition = _compiled_requisition(request, uuid)
    manage = selectors.may_manage(request.user, requisition)
    form = _filter_form(request, requisition)
    filters = form.filters()
    names = selectors.compiled_nominations(requisition, **filters)
    page = Paginator(names, PER_PAGE).get_page(request.GET.get("page"))
    rows_on_page = list(page.object_list)
    chains = selectors.provenance_map(rows_on_page)
    is_open = requisition.status == RequisitionStatus.OPEN
    year = timezone.localdate().year
    seats: dict[tuple[int, str], int] = {}
    rows = []
    for n in rows_on_page:
        free: int | None = None
        if manage and is_open and n.outcome == Outcome.PENDING:
            # The seats depend on the post and where it is appointed: read once per pair.
            key = (n.ask.post_type_id, n.submission.unit_path)
            if key not in seats:
                try:
                    seats[key] = free_seats(n)
                except ValidationError:
                    seats[key] = 0
            free = seats[key]
        rows.append(
            CompiledRow(
                nomination=n,
                phone=phone_mask(n.person.phone),
                age=year - n.person.birth_year if n.person.birth_year else None,
                chain=chains.get(n.pk, []),
                free=free,
            )
        )
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {
        "requisition": requisition,
        "form": form,
        "rows": rows,
        "page": page,
        "manage": manage,
        "is_open": is_open,
        "unit_choices": _unit_choices(requisition),
        "filter_query": query.urlencode(),
    }
    return render(request, "nominations/compiled.html", context)


@require_GET
@login_required
def compiled_xlsx(request: AuthedRequest, uuid: UUID) -> FileResponse:
    requisition = _compiled_requisition(request, uuid)
    filters = _filter_form(request, requisition).filters()
    export = compiled_export(requisition=requisition, actor=request.user, **filters)
    return FileResponse(
        export.file, as_attachment=True, filename=export.filename, content_type=XLSX_TYPE
    )


@require_GET
@login_required
def compiled_pdf(request: AuthedRequest, uuid: UUID) -> FileResponse:
    """The compiled names as a document in Hindi, whatever the reader's language: it is sent
    upward as a letter would be."""
    requisition = _compiled_requisition(request, uuid)
    filters = _filter_form(request, requisition).filters()
    with translation.override("hi"):
        export = exports.compiled_pdf(requisition=requisition, actor=request.user, **filters)
    return FileResponse(
        export.file, as_attachment=True, filename=export.filename, content_type=exports.PDF_TYPE
    )


def _back_to_names(requisition: Requisition) -> HttpResponse:
    return redirect(reverse("nominations:compiled", args=[requisition.uuid]))


@require_POST
@login_required
def name_select(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Select one name: the person is appointed (the service checks the issuer's editor, the
    free seats and that the panel was sent)."""
    nomination = selectors.nomination_get_for_user(request.user, uuid=uuid)
    requisition = nomination.submission.requisition
    if not selectors.sees_all_panels(request.user, requisition):
        raise PermissionDenied
    try:
        nomination = nomination_select(nomination=nomination, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
        return _back_to_names(requisition)
    appointment = nomination.appointment
    assert appointment is not None
    messages.success(
        request,
        _("%(person)s has been selected and appointed %(post)s in %(unit)s.")
        % {
            "person": nomination.person.name,
            "post": appointment.post_type.name,
            "unit": appointment.unit.name,
        },
    )
    return _back_to_names(requisition)


@require_POST
@login_required
def requisition_close_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    requisition = selectors.requisition_get_for_user(request.user, uuid=uuid, write=True)
    try:
        requisition_close(requisition=requisition, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
        return _back_to_names(requisition)
    messages.success(
        request, _("The requisition has been closed; each unit has been told its outcome.")
    )
    return redirect(reverse("nominations:requisition", args=[requisition.uuid]))
