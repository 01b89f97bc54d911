"""A meeting's press note: write it from the record (only what is marked public), edit the
Hindi and English texts, make it final; download it as text for WhatsApp, DOCX or PDF, or open
WhatsApp with it."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangathan.core.views_common import AuthedRequest, refused
from sangathan.meetings import selectors
from sangathan.meetings.forms import PressNoteForm
from sangathan.meetings.models import Meeting, NoteStatus, PressNote
from sangathan.meetings.pressnotes import (
    DOCX_TYPE,
    PDF_TYPE,
    TEXT_TYPE,
    pressnote_docx,
    pressnote_edit,
    pressnote_filename,
    pressnote_finalise,
    pressnote_generate,
    pressnote_pdf,
    pressnote_reopen,
    pressnote_share_url,
    pressnote_text,
)


def _note_of(meeting: Meeting) -> PressNote | None:
    return PressNote.objects.filter(meeting=meeting).first()


def _back(meeting: Meeting) -> HttpResponse:
    return redirect("meetings:press_note", meeting.uuid)


@require_GET
@login_required
def press_note(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid)
    return _page(request, meeting)


def _page(
    request: AuthedRequest, meeting: Meeting, form: PressNoteForm | None = None, status: int = 200
) -> HttpResponse:
    note = _note_of(meeting)
    edit = selectors.may_edit(request.user, meeting)
    draft = note is not None and note.status == NoteStatus.DRAFT
    if form is None and note is not None:
        form = PressNoteForm(
            initial={
                "headline_hi": note.headline_hi,
                "text_hi": note.text_hi,
                "headline_en": note.headline_en,
                "text_en": note.text_en,
            }
        )
    context = {
        "meeting": meeting,
        "note": note,
        "edit": edit,
        "draft": draft,
        "form": form,
        "share_hi": pressnote_share_url(note, "hi") if note else "",
        "share_en": pressnote_share_url(note, "en") if note and note.text_en else "",
    }
    return render(request, "meetings/press_note.html", context, status=status)


@require_POST
@login_required
def generate(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Write the note afresh from the record (a draft's edits are replaced: the page asks)."""
    meeting = selectors.meeting_get_for_user(request.user, uuid=uuid, write=True)
    try:
        pressnote_generate(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request, _("The press note has been written from the meeting's public record.")
        )
    return _back(meeting)


@require_POST
@login_required
def edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    note = selectors.press_note_get_for_user(request.user, uuid=uuid, write=True)
    form = PressNoteForm(request.POST)
    if not form.is_valid():
        return _page(request, note.meeting, form, status=422)
    try:
        pressnote_edit(note=note, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _page(request, note.meeting, form, status=422)
    messages.success(request, _("The press note has been saved."))
    return _back(note.meeting)


@require_POST
@login_required
def finalise(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    note = selectors.press_note_get_for_user(request.user, uuid=uuid, write=True)
    pressnote_finalise(note=note, actor=request.user)
    messages.success(request, _("The press note is final and ready to send."))
    return _back(note.meeting)


@require_POST
@login_required
def reopen(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    note = selectors.press_note_get_for_user(request.user, uuid=uuid, write=True)
    pressnote_reopen(note=note, actor=request.user)
    messages.success(request, _("The press note can be changed again."))
    return _back(note.meeting)


def _download(note: PressNote, body: bytes, content_type: str, ext: str, lang: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    filename = pressnote_filename(note, ext, lang)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _language(request: AuthedRequest) -> str:
    return "en" if request.GET.get("lang") == "en" else "hi"


@require_GET
@login_required
def download_text(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    note = selectors.press_note_get_for_user(request.user, uuid=uuid)
    lang = _language(request)
    return _download(note, pressnote_text(note, lang).encode(), TEXT_TYPE, "txt", lang)


@require_GET
@login_required
def download_docx(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    note = selectors.press_note_get_for_user(request.user, uuid=uuid)
    lang = _language(request)
    return _download(note, pressnote_docx(note, lang), DOCX_TYPE, "docx", lang)


@require_GET
@login_required
def download_pdf(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    note = selectors.press_note_get_for_user(request.user, uuid=uuid)
    lang = _language(request)
    return _download(note, pressnote_pdf(note, lang), PDF_TYPE, "pdf", lang)
