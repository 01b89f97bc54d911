"""The press note: built from the meeting's public record, edited, made final, exported.

``pressnote_record`` turns the meeting into the plain record ``sangathan.lib.pressnote``
writes from: only the agenda items, statements and decisions marked public, the venue and the
attendees only when the meeting's owner lets them in. Attendees come in order of post (the
chair is named above them), then the names kept as written from a pasted list.

The organisation's name that opens the note ("भारतीय जनता पार्टी") comes from the settings
``SANGATHAN_ORGANISATION_NAME`` / ``SANGATHAN_ORGANISATION_NAME_EN`` (empty by default).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.audit import audit, diff
from sangathan.core.models import Role
from sangathan.lib import names
from sangathan.lib import pressnote as writer
from sangathan.lib.documents import Document, render_docx, render_pdf
from sangathan.meetings.common import UNCHANGED, Unchanged, check, now
from sangathan.meetings.models import ATTENDED, Meeting, NoteStatus, PressNote
from sangathan.meetings.posts import PostLabel, post_labels, post_rank
from sangathan.people.models import Gender, Person

if TYPE_CHECKING:
    from sangathan.core.models import User

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_TYPE = "text/plain; charset=utf-8"
WHATSAPP = "https://wa.me/?text="


# --- The record -----------------------------------------------------------------------------


def _gender(person: Person) -> str:
    if person.gender == Gender.FEMALE:
        return writer.FEMALE
    return writer.MALE if person.gender == Gender.MALE else ""


def _person(person: Person, label: PostLabel | None, post: str = "") -> writer.Person:
    return writer.Person(
        name=person.name_deva or person.name,
        name_en=person.name_latin or names.to_latin(person.name),
        post=post or (label.hi if label else ""),
        post_en="" if post else (label.en if label else ""),
        gender=_gender(person),
    )


def pressnote_record(meeting: Meeting, *, written_on: Any = None) -> writer.MeetingRecord:
    """The public parts of ``meeting`` as the press-note writer's plain record."""
    day = timezone.localdate(meeting.starts_at)
    statements = list(meeting.statements.filter(public=True).select_related("speaker"))
    attended = list(
        meeting.attendances.filter(presence__in=ATTENDED).select_related("person")
        if meeting.attendees_public
        else []
    )
    ids = [a.person_id for a in attended] + [s.speaker_id for s in statements]
    if meeting.chair_id:
        ids.append(meeting.chair_id)
    labels = post_labels(ids, meeting.unit, day)
    chair = meeting.chair
    chair_record = _person(chair, labels.get(chair.pk)) if chair is not None else None

    def speaker(person: Person, post: str) -> writer.Person:
        # The chair is one person however the note names them, so sentences can tell.
        if chair_record is not None and chair is not None and person.pk == chair.pk and not post:
            return chair_record
        return _person(person, labels.get(person.pk), post)

    attended.sort(key=lambda a: (post_rank(labels, a.person_id), a.person.name, a.pk))
    people = [_person(a.person, labels.get(a.person_id)) for a in attended]
    if meeting.attendees_public:
        people += [
            writer.Person(name=u.name, name_en=names.to_latin(u.name))
            for u in meeting.unmatched.all()
        ]
    unit = meeting.unit
    place = meeting.place or unit.name_hi
    return writer.MeetingRecord(
        unit=unit.name_hi,
        unit_en=unit.name_en or names.to_latin(unit.name_hi),
        day=day,
        place=place,
        place_en=names.to_latin(place) if names.script_of(place) == "deva" else place,
        organisation=getattr(settings, "SANGATHAN_ORGANISATION_NAME", ""),
        organisation_en=getattr(settings, "SANGATHAN_ORGANISATION_NAME_EN", ""),
        venue=meeting.venue if meeting.venue_public else "",
        kind=meeting.kind,
        occasion=meeting.occasion,
        chair=chair_record,
        agenda=[
            writer.Point(text=item.minutes, title=item.title)
            for item in meeting.agenda.filter(public=True)
        ],
        statements=[writer.Said(speaker(s.speaker, s.speaker_post), s.text) for s in statements],
        decisions=[writer.Point(text=d.text) for d in meeting.decisions.filter(public=True)],
        attendees=people,
        written_on=written_on or timezone.localdate(),
    )


# --- Writes ---------------------------------------------------------------------------------


def _refuse_final(note: PressNote) -> None:
    if note.status == NoteStatus.FINAL:
        raise ValidationError(_("The press note is final; reopen it to change it."))


@transaction.atomic
def pressnote_generate(*, meeting: Meeting, actor: User | None = None) -> PressNote:
    """Write the note from the record as a draft. A draft is written afresh (edits lost:
    the page should ask first); a final note is refused."""
    check(actor, meeting.unit, Role.EDITOR)
    record = pressnote_record(meeting)
    hi, en = writer.press_note_hi(record), writer.press_note_en(record)
    note = PressNote.objects.select_for_update().filter(meeting=meeting).first()
    if note is not None:
        _refuse_final(note)
    else:
        note = PressNote(meeting=meeting)
    note.headline_hi, note.text_hi = hi.headline[:300], hi.body
    note.headline_en, note.text_en = en.headline[:300], en.body
    note.generated_at = now()
    note.edited_by, note.edited_at = None, None
    note.save()
    audit(actor=actor, unit=meeting.unit, action="meetings.pressnote_generated", target=meeting)
    return note


@transaction.atomic
def pressnote_edit(
    *,
    note: PressNote,
    actor: User | None = None,
    headline_hi: str | Unchanged = UNCHANGED,
    text_hi: str | Unchanged = UNCHANGED,
    headline_en: str | Unchanged = UNCHANGED,
    text_en: str | Unchanged = UNCHANGED,
) -> PressNote:
    """Change the draft's wording (an editor of the meeting's unit)."""
    meeting = note.meeting
    check(actor, meeting.unit, Role.EDITOR)
    _refuse_final(note)
    fields: dict[str, Any] = {}
    for name, value in (
        ("headline_hi", headline_hi),
        ("text_hi", text_hi),
        ("headline_en", headline_en),
        ("text_en", text_en),
    ):
        if value is not UNCHANGED:
            fields[name] = " ".join(value.split()) if name.startswith("headline") else value.strip()
    if (
        fields.get("headline_hi", note.headline_hi) == ""
        or fields.get("text_hi", note.text_hi) == ""
    ):
        raise ValidationError(_("The Hindi headline and text cannot be empty."))
    changes = diff(note, fields)
    for name, value in fields.items():
        setattr(note, name, value)
    if changes:
        note.edited_by = actor if actor is not None and actor.is_authenticated else None
        note.edited_at = now()
        note.save()
        audit(
            actor=actor,
            unit=meeting.unit,
            action="meetings.pressnote_edited",
            target=meeting,
            changes=dict.fromkeys(changes, True),
        )
    return note


@transaction.atomic
def pressnote_finalise(*, note: PressNote, actor: User | None = None) -> PressNote:
    """Make the note final: locked, ready to send."""
    meeting = note.meeting
    check(actor, meeting.unit, Role.EDITOR)
    if note.status != NoteStatus.FINAL:
        note.status = NoteStatus.FINAL
        note.finalised_by = actor if actor is not None and actor.is_authenticated else None
        note.finalised_at = now()
        note.save(update_fields=["status", "finalised_by", "finalised_at"])
        audit(actor=actor, unit=meeting.unit, action="meetings.pressnote_finalised", target=meeting)
    return note


@transaction.atomic
def pressnote_reopen(*, note: PressNote, actor: User | None = None) -> PressNote:
    """A final note back to draft, to correct it."""
    meeting = note.meeting
    check(actor, meeting.unit, Role.EDITOR)
    if note.status != NoteStatus.DRAFT:
        note.status = NoteStatus.DRAFT
        note.save(update_fields=["status"])
        audit(actor=actor, unit=meeting.unit, action="meetings.pressnote_reopened", target=meeting)
    return note


# --- Exports --------------------------------------------------------------------------------


def _parts(note: PressNote, language: str) -> tuple[str, str]:
    if language == "en" and (note.headline_en or note.text_en):
        return note.headline_en, note.text_en
    return note.headline_hi, note.text_hi


def pressnote_text(note: PressNote, language: str = "hi") -> str:
    """Headline, a blank line, the body: to paste into WhatsApp or an e-mail."""
    headline, body = _parts(note, language)
    return f"{headline}\n\n{body}".strip() + "\n"


def pressnote_share_url(note: PressNote, language: str = "hi") -> str:
    """A wa.me link that opens WhatsApp with the note's text filled in."""
    return WHATSAPP + quote(pressnote_text(note, language), safe="")


def _document(note: PressNote, language: str) -> Document:
    headline, body = _parts(note, language)
    meeting = note.meeting
    day = timezone.localdate(meeting.starts_at)
    doc = Document(
        title=headline,
        subtitle=f"{meeting.unit.name_hi if language != 'en' else meeting.unit.name}"
        f" · {day.strftime('%d-%m-%Y')}",
        footer=meeting.unit.name_hi if language != "en" else meeting.unit.name,
    )
    if language == "en":
        doc.page_label = "Page %(page)s of %(pages)s"
    for paragraph in body.split("\n"):
        if paragraph.strip():
            doc.paragraph(paragraph.strip())
    return doc


def pressnote_pdf(note: PressNote, language: str = "hi") -> bytes:
    """The note as an A4 PDF with shaped Devanagari (conjuncts joined)."""
    return render_pdf(_document(note, language))


def pressnote_docx(note: PressNote, language: str = "hi") -> bytes:
    """The note as a Word file, Hindi marked for a Devanagari font."""
    return render_docx(_document(note, language))


def pressnote_filename(note: PressNote, ext: str, language: str = "hi") -> str:
    day = timezone.localdate(note.meeting.starts_at)
    suffix = "-en" if language == "en" else ""
    return f"press-note-{day:%Y-%m-%d}{suffix}.{ext}"
