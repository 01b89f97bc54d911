"""Editing a draft requisition: the new-requisition form, filled with the draft.

Fetched through the selectors like every page (404 outside the user's reach, 403 for a role
too low); the service decides whether the requisition may still change and checks the input."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sangathan.core.views_common import AuthedRequest
from sangathan.nominations import selectors
from sangathan.nominations.forms import AskFormSet, RequisitionForm
from sangathan.nominations.models import Requisition
from sangathan.nominations.services import (
    requisition_ask_specs,
    requisition_edit_refusal,
    requisition_update,
)
from sangathan.units.forms import add_service_errors


def _initial(requisition: Requisition) -> dict[str, Any]:
    return {
        "title": requisition.title,
        "instructions_hi": requisition.instructions_hi,
        "instructions_en": requisition.instructions_en,
        "deadline": timezone.localtime(requisition.deadline).replace(second=0, microsecond=0),
        "target": requisition.target,
        "target_level": requisition.target_level,
    }


def _asks_initial(requisition: Requisition) -> list[dict[str, Any]]:
    return [
        {
            "post_type": spec.post_type.uuid,
            "min_count": spec.min_count,
            "max_count": None if spec.max_count == spec.min_count else spec.max_count,
            "ranked": spec.ranked,
            "min_women": spec.min_women,
            "age_min": spec.age_min,
            "age_max": spec.age_max,
            "phone_required": spec.phone_required,
            "conflicting_posts": [p.uuid for p in spec.conflicting_posts],
        }
        for spec in requisition_ask_specs(requisition)
    ]


@require_http_methods(["GET", "POST"])
@login_required
def requisition_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Change a draft before it is issued. Editor of the issuer."""
    requisition = selectors.requisition_get_for_user(request.user, uuid=uuid, write=True)
    refusal = requisition_edit_refusal(requisition)
    if refusal:
        messages.error(request, refusal)
        return redirect("nominations:requisition", requisition.uuid)
    issuer = requisition.issuer
    if request.method == "POST":
        posted = request.POST.copy()
        asks = AskFormSet(posted, form_kwargs={"issuer": issuer}, prefix="ask")
        if "add_ask" in posted:
            # "Add another post" without JavaScript: the same forms and one empty more.
            posted["ask-TOTAL_FORMS"] = str(asks.total_form_count() + 1)
            asks = AskFormSet(posted, form_kwargs={"issuer": issuer}, prefix="ask")
            form = RequisitionForm(posted, issuer=issuer)
            return _page(request, requisition, form, asks, quiet=True)
        form = RequisitionForm(posted, issuer=issuer)
        if form.is_valid() and asks.is_valid():
            data = form.cleaned_data
            specs = [
                f.spec() for f in asks.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                requisition_update(
                    requisition=requisition,
                    title=data["title"],
                    deadline=data["deadline"],
                    asks=specs,
                    target=data["target"],
                    target_level=data["target_level"],
                    chosen_units=list(data["chosen_units"]),
                    instructions_hi=data["instructions_hi"],
                    instructions_en=data["instructions_en"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The draft has been saved. Check it, then issue it."))
                return redirect("nominations:requisition", requisition.uuid)
        return _page(request, requisition, form, asks)
    form = RequisitionForm(initial=_initial(requisition), issuer=issuer)
    asks = AskFormSet(
        initial=_asks_initial(requisition), form_kwargs={"issuer": issuer}, prefix="ask"
    )
    return _page(request, requisition, form, asks)


def _page(
    request: AuthedRequest,
    requisition: Requisition,
    form: RequisitionForm,
    asks: Any,
    quiet: bool = False,
) -> HttpResponse:
    if form.is_bound:
        selected = form.selected_uuids()
        chosen = form.chosen_initial()
    else:
        picked = list(requisition.chosen_units.select_related("level").order_by("path"))
        selected = {str(u.uuid) for u in picked}
        shown = {u.pk for u in picked}
        chosen = picked + [u for u in form.chosen_initial() if u.pk not in shown]
    context = {
        "issuer": requisition.issuer,
        "editing": requisition,
        "answers": requisition.answers,
        "form": form,
        "asks": asks,
        "quiet": quiet,
        "chosen_units": chosen,
        "selected": selected,
    }
    return render(request, "nominations/new.html", context)
