"""The duplicate review queue, the side-by-side comparison and its decisions (merge, not the
same person, undo), and an admin's personal-data actions: download as JSON, erase.

The rules (who may decide, what a merge moves, what erasure keeps) are in ``people.dedupe``,
``people.merging`` and ``people.privacy``; these views translate HTTP into their calls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangathan.core.models import Role
from sangathan.core.views_common import AuthedRequest, page_of, unit_param, uuid_or_none
from sangathan.lib.phones import phone_display
from sangathan.people import dedupe, privacy
from sangathan.people.forms import EraseForm
from sangathan.people.models import (
    DuplicatePair,
    DuplicateStatus,
    MergeRecord,
    Person,
    PersonStatus,
)
from sangathan.people.selectors import (
    merge_record_for_pair,
    person_appointments,
    person_get_for_user,
)
from sangathan.people.views import PersonRow, person_row, relation_text, view_full
from sangathan.units.forms import add_service_errors
from sangathan.units.selectors import breadcrumb_for_user


def _reasons(reasons: dict[str, Any]) -> list[str]:
    """Why two records look alike, as sentences: the pair's ``reasons`` made readable."""
    lines: list[str] = []
    if reasons.get("voter_id") is True:
        lines.append(_("The same voter ID"))
    elif reasons.get("voter_id") == "different":
        lines.append(_("Different voter IDs"))
    if "name" in reasons:
        lines.append(_("Names alike: %(score)s of 100") % {"score": round(reasons["name"])})
    if "relation" in reasons:
        lines.append(
            _("Father's or husband's names alike: %(score)s of 100")
            % {"score": round(reasons["relation"])}
        )
    if "birth_year" in reasons:
        apart = int(reasons["birth_year"])
        if apart == 0:
            lines.append(_("The same year of birth"))
        else:
            lines.append(
                ngettext(
                    "Years of birth %(n)s year apart",
                    "Years of birth %(n)s years apart",
                    apart,
                )
                % {"n": apart}
            )
    if reasons.get("gender") == "different":
        lines.append(_("Different genders"))
    if reasons.get("phone") is True:
        lines.append(_("A phone number in common"))
    if reasons.get("household") is True:
        lines.append(_("The same household"))
    if "locality" in reasons:
        lines.append(
            _("Localities alike: %(score)s of 100") % {"score": round(reasons["locality"])}
        )
    return lines


@dataclass
class PairRow:
    pair: DuplicatePair
    left: PersonRow
    right: PersonRow
    reasons: list[str]


@require_GET
@login_required
def duplicates(request: AuthedRequest) -> HttpResponse:
    """The review queue: open pairs the user may decide, probable duplicates first."""
    user = request.user
    within = unit_param(request, "within")
    page = page_of(dedupe.duplicates_for_user(user, within=within), request.GET.get("page"))
    page.rows = [
        PairRow(
            pair=pair,
            left=person_row(user, pair.person_a),
            right=person_row(user, pair.person_b),
            reasons=_reasons(pair.reasons),
        )
        for pair in page.rows
    ]
    context = {
        "within": within,
        "page": page,
        "crumbs": breadcrumb_for_user(user, within) if within is not None else [],
    }
    return render(request, "people/duplicates.html", context)


@dataclass
class CompareRow:
    label: str
    left: str
    right: str

    @property
    def differs(self) -> bool:
        return self.left != self.right


def _compare_values(person: Person) -> list[tuple[str, str]]:
    """Every field of a record, full (the reviewer edits both people), in a fixed order."""
    posts = "; ".join(
        f"{a.post_type.name}, {a.unit.name}" for a in person_appointments(person) if a.is_active
    )
    consents = ", ".join(
        str(c.get_purpose_display()) for c in person.consents.filter(withdrawn_on__isnull=True)
    )
    return [
        (_("Name"), person.name),
        (_("Name in Devanagari"), person.name_deva),
        (_("Name in Latin letters"), person.name_latin),
        (_("Relation"), relation_text(person)),
        (_("Gender"), str(person.get_gender_display())),
        (_("Year of birth"), str(person.birth_year or "")),
        (_("Phone"), phone_display(person.phone)),
        (_("Second phone"), phone_display(person.phone2)),
        (_("Locality"), person.locality),
        (_("Address"), person.address),
        (_("Unit"), person.home_unit.name if person.home_unit else ""),
        (_("Household"), str(person.household) if person.household else ""),
        (_("Voter ID (EPIC)"), person.voter_id),
        (_("Ration card number"), person.ration_card),
        (_("Last 4 digits of Aadhaar"), person.aadhaar_last4),
        (_("Tags"), ", ".join(str(t) for t in person.tags.all())),
        (_("Posts held"), posts),
        (_("Consent"), consents),
        (_("Source"), str(person.get_source_display())),
        (_("Added on"), date_format(timezone.localtime(person.created_at), "j M Y")),
        (_("Status"), str(person.get_status_display())),
    ]


@require_GET
@login_required
def duplicate_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Two records side by side, differences marked, with the decision buttons."""
    user = request.user
    pair = dedupe.duplicate_get_for_user(user, uuid)
    left, right = pair.person_a, pair.person_b
    for person in (left, right):
        if person.status != PersonStatus.ERASED:
            view_full(person, user)
    rows = [
        CompareRow(label=label, left=a, right=b)
        for (label, a), (_label, b) in zip(
            _compare_values(left), _compare_values(right), strict=True
        )
    ]
    context = {
        "pair": pair,
        "left": left,
        "right": right,
        "rows": rows,
        "reasons": _reasons(pair.reasons),
        "is_open": pair.status == DuplicateStatus.OPEN,
        "merge": merge_record_for_pair(pair) if pair.status == DuplicateStatus.MERGED else None,
    }
    return render(request, "people/duplicate.html", context)


@require_POST
@login_required
def duplicate_merge_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    pair = dedupe.duplicate_get_for_user(request.user, uuid)
    chosen = uuid_or_none(request.POST.get("survivor"))
    survivor = next((p for p in (pair.person_a, pair.person_b) if p.uuid == chosen), None)
    if survivor is None:
        messages.error(request, _("Choose which record to keep."))
        return redirect("people:duplicate", pair.uuid)
    merged = pair.person_b if survivor.pk == pair.person_a_id else pair.person_a
    try:
        dedupe.duplicate_merge(pair=pair, survivor=survivor, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(merged)s has been merged into %(survivor)s. If this was a mistake, undo it below.")
            % {"merged": merged.display_name, "survivor": survivor.display_name},
        )
    return redirect("people:duplicate", pair.uuid)


@require_POST
@login_required
def duplicate_not_same_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    pair = dedupe.duplicate_get_for_user(request.user, uuid)
    try:
        dedupe.duplicate_not_same(pair=pair, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("people:duplicate", pair.uuid)
    messages.success(
        request,
        _("%(a)s and %(b)s are noted as two different people; they will not be shown again.")
        % {"a": pair.person_a.display_name, "b": pair.person_b.display_name},
    )
    return redirect("people:duplicates")


@require_POST
@login_required
def merge_undo_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Undo a merge (from the pair's page or the audit log's entry)."""
    record = (
        MergeRecord.objects.select_related(
            "survivor", "survivor__home_unit", "merged", "merged__home_unit"
        )
        .filter(uuid=uuid)
        .first()
    )
    if record is None:
        raise Http404
    # Refuse outsiders before saying anything about the record (such as "already undone").
    dedupe.require_editor_of(request.user, record.survivor)
    dedupe.require_editor_of(request.user, record.merged)
    try:
        restored = dedupe.merge_undo(record=record, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        restored = record.merged
    else:
        messages.success(
            request,
            _("The merge has been undone: %(name)s is a record of its own again.")
            % {"name": restored.display_name},
        )
    a, b = sorted((record.survivor_id, record.merged_id))
    pair = DuplicatePair.objects.filter(person_a_id=a, person_b_id=b).first()
    if pair is not None:
        return redirect("people:duplicate", pair.uuid)
    return redirect("people:detail", restored.uuid)


# --- Personal data (admins) -----------------------------------------------------------------


@require_POST
@login_required
def person_export(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Everything held about the person, as a JSON file (the export is audited)."""
    person = person_get_for_user(request.user, uuid=uuid, role=Role.ADMIN)
    data = privacy.person_export_data(person=person, actor=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="person-{person.uuid}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def person_erase_view(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Erase a person's data, after a confirmation that gives the reason."""
    person = person_get_for_user(request.user, uuid=uuid, role=Role.ADMIN)
    if person.status == PersonStatus.ERASED:
        raise Http404
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.person_erase(
                person=person, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The person's data has been erased."))
            return redirect("people:detail", person.uuid)
    context = {
        "person": person,
        "form": form,
        "crumbs": breadcrumb_for_user(request.user, person.home_unit) if person.home_unit else [],
    }
    return render(request, "people/erase.html", context)
