"""People pickers for the meetings pages (htmx): find a person by name in either script or by
phone, then pick them into a form (chair, owners, speaker) or act at once on a meeting (invite,
mark a walk-in present, resolve a name kept as written)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sangathan.core.views_common import AuthedRequest, uuid_or_none
from sangathan.lib.phones import phone_mask
from sangathan.meetings import selectors
from sangathan.meetings.models import Meeting
from sangathan.people.models import Person
from sangathan.people.search import person_search
from sangathan.people.selectors import people_visible

SEARCH_LIMIT = 10


def pick_person(user: Any, raw_uuid: Any, query: str) -> Person | None:
    """The person a picker chose (its uuid), or, without JavaScript, the only one the typed
    text finds; None when nothing was given. Refuses several or no matches as sentences."""
    if raw_uuid:
        person = people_visible(user).filter(uuid=raw_uuid).first()
        if person is None:
            raise ValidationError(_("Choose a person from the list."))
        return person
    if not query.strip():
        return None
    found = person_search(user, query, limit=2)
    if len(found) == 1:
        return found[0].person
    if not found:
        raise ValidationError(_("Nobody matches %(text)s.") % {"text": query})
    raise ValidationError(
        _("Several people match %(text)s; choose one from the list.") % {"text": query}
    )


# --- People pickers (htmx) ------------------------------------------------------------------

PICK_MODES = ("chair", "owners", "speaker", "invite", "walkin", "resolve")


@require_GET
@login_required
def people_search(request: AuthedRequest) -> HttpResponse:
    """htmx: people the user may see matching the typed text (either script, spelling
    variants). ``mode`` says what a hit offers: pick it into a form field (chair, owners,
    speaker) or act at once on ``meeting`` (invite, walk-in, resolve a kept name)."""
    user = request.user
    mode = request.GET.get("mode", "chair")
    if mode not in PICK_MODES:
        raise Http404
    meeting: Meeting | None = None
    if request.GET.get("meeting"):
        meeting = selectors.meeting_get_for_user(user, uuid=request.GET["meeting"])
    query = next((str(v) for k, v in request.GET.items() if k.endswith("query") or k == "q"), "")
    within = meeting.unit if meeting is not None and mode in ("invite", "walkin") else None
    hits = person_search(user, query, within=within, limit=SEARCH_LIMIT) if query else []
    if not hits and within is not None and query:
        hits = person_search(user, query, limit=SEARCH_LIMIT)  # invitees from above the unit
    context = {
        "hits": [(h.person, phone_mask(h.person.phone)) for h in hits],
        "query": query,
        "mode": mode,
        "meeting": meeting,
        "target": request.GET.get("target", ""),
        "entry": request.GET.get("entry", ""),
    }
    return render(request, "meetings/_people_hits.html", context)


@require_GET
@login_required
def people_pick(request: AuthedRequest) -> HttpResponse:
    """htmx: the chosen person as a checked input for the form (``name``: chair, owners,
    speaker); several owners may be chosen, one chair or speaker."""
    name = request.GET.get("name", "chair")
    if name not in ("chair", "owners", "speaker"):
        raise Http404
    person_uuid = uuid_or_none(request.GET.get("person"))
    person = people_visible(request.user).filter(uuid=person_uuid).first() if person_uuid else None
    if person is None:
        raise Http404
    return render(
        request,
        "meetings/_chip.html",
        {"person": person, "name": name, "multiple": name == "owners"},
    )
