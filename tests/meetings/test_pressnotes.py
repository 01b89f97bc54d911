"""The press note of the seed's meeting, recorded through the services: generated from the
public record, edited, made final, and exported (text, wa.me link, PDF, DOCX)."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from docx import Document as open_docx
from pypdf import PdfReader

from sangathan.core.models import User
from sangathan.meetings.attendance import (
    PasteAction,
    PasteChoice,
    attendance_paste_apply,
    attendance_paste_preview,
)
from sangathan.meetings.decisions import decision_add
from sangathan.meetings.models import Meeting, NoteStatus, PressNote
from sangathan.meetings.pressnotes import (
    pressnote_docx,
    pressnote_edit,
    pressnote_finalise,
    pressnote_generate,
    pressnote_pdf,
    pressnote_reopen,
    pressnote_share_url,
    pressnote_text,
)
from sangathan.meetings.services import agenda_item_add, meeting_update, statement_add
from tests.conftest import World
from tests.meetings.conftest import SEED_LINE, SEED_NAMES, Seed


@pytest.fixture
def recorded(
    world: World, held: Meeting, district_editor: User, seed: Seed, settings: object
) -> Meeting:
    """The seed's meeting as an office would record it."""
    settings.SANGATHAN_ORGANISATION_NAME = "भारतीय जनता पार्टी"  # type: ignore[attr-defined]
    agenda_item_add(
        meeting=held,
        title="सोशल मीडिया व आईटी",
        minutes="सोशल मीडिया व आईटी सेक्टर को मजबूत करने के लिए जिले के तरफ से प्रदेश में सोशल "
        "मीडिया के 5 नामों का पैनल तथा आईटी के 2 नामों का पैनल भेजा गया।",
        actor=district_editor,
    )
    agenda_item_add(meeting=held, title="आंतरिक विषय", minutes="गोपनीय चर्चा।", public=False)
    statement_add(
        meeting=held,
        speaker=world.sunil,
        text="सोशल मीडिया व आईटी के माध्यम से जन जन तक योजनाओं को पहुंचाया जाएगा",
        actor=district_editor,
    )
    statement_add(
        meeting=held,
        speaker=world.sunil,
        text="लॉक डाउन के दौरान राशन व लंच पैकेट का वितरण जारी रखा जाएगा।",
        actor=district_editor,
    )
    decision_add(
        meeting=held,
        text="कार्यकर्ता रविवार से निकलेंगे और लोगों को वैक्सीनेशन हेतु जागरूक करेंगे।",
        actor=district_editor,
    )
    decision_add(meeting=held, text="यह निर्णय बाहर नहीं जाएगा।", public=False)
    rows = attendance_paste_preview(meeting=held, text=SEED_LINE, user=district_editor)
    choices = [PasteChoice(r.index, r.name, PasteAction.PERSON, r.person) for r in rows]
    choices.append(PasteChoice(14, "प्रेम सिंह पारस", PasteAction.KEEP))
    attendance_paste_apply(meeting=held, choices=choices, actor=district_editor)
    return held


def test_the_press_note_reads_like_the_seed(recorded: Meeting, district_editor: User) -> None:
    note = pressnote_generate(meeting=recorded, actor=district_editor)
    assert note.status == NoteStatus.DRAFT
    assert note.headline_hi == (
        "आगामी 2022 के विधानसभा चुनाव को देखते हुए भारतीय जनता पार्टी कानपुर महानगर उत्तर के "
        "जिला कार्यालय में बैठक"
    )
    body = note.text_hi
    assert body.startswith("कानपुर। आगामी 2022 के विधानसभा चुनाव को देखते हुए")
    assert "जिला अध्यक्ष सुनील बजाज ने बताया कि सोशल मीडिया व आईटी के माध्यम से" in body
    assert "जिला अध्यक्ष ने कहा कि लॉक डाउन के दौरान" in body
    assert "बैठक में सुनिश्चित हुआ कि कार्यकर्ता रविवार से निकलेंगे" in body
    # The chair is named above; the rest by post (उपाध्यक्ष, महामंत्री), then the others by
    # name, then the name kept as written.
    others = sorted(SEED_NAMES[2:])
    expected = ["संतोष शुक्ला", "वीरेश त्रिपाठी", *others, "प्रेम सिंह पारस"]
    assert body.splitlines()[-1] == "बैठक में " + ", ".join(expected) + " आदि रहे।"
    for private in ("गोपनीय", "बाहर नहीं जाएगा", "आंतरिक"):
        assert private not in body
    assert note.headline_en and "Sunil Bajaj" in note.text_en


def test_attendees_and_venue_stay_out_when_the_owner_says_so(
    recorded: Meeting, district_editor: User
) -> None:
    meeting_update(
        meeting=recorded, attendees_public=False, venue_public=False, actor=district_editor
    )
    note = pressnote_generate(meeting=recorded, actor=district_editor)
    assert "आदि रहे" not in note.text_hi
    assert "जिला कार्यालय" not in note.text_hi


def test_a_draft_is_edited_then_made_final_and_locked(
    recorded: Meeting, district_editor: User
) -> None:
    note = pressnote_generate(meeting=recorded, actor=district_editor)
    pressnote_edit(note=note, headline_hi="  जिला कार्यालय में   बैठक ", actor=district_editor)
    note.refresh_from_db()
    assert note.headline_hi == "जिला कार्यालय में बैठक"
    assert note.edited_by == district_editor
    with pytest.raises(ValidationError):
        pressnote_edit(note=note, text_hi=" ", actor=district_editor)
    pressnote_finalise(note=note, actor=district_editor)
    with pytest.raises(ValidationError):
        pressnote_edit(note=note, text_hi="नया", actor=district_editor)
    with pytest.raises(ValidationError):
        pressnote_generate(meeting=recorded, actor=district_editor)
    pressnote_reopen(note=note, actor=district_editor)
    again = pressnote_generate(meeting=recorded, actor=district_editor)
    assert again.pk == note.pk and PressNote.objects.count() == 1


def test_the_text_and_the_whatsapp_link_carry_the_whole_note(
    recorded: Meeting, district_editor: User
) -> None:
    note = pressnote_generate(meeting=recorded, actor=district_editor)
    text = pressnote_text(note)
    assert text.startswith(note.headline_hi + "\n\nकानपुर।")
    url = pressnote_share_url(note)
    assert url.startswith("https://wa.me/?text=")
    assert " " not in url and "\n" not in url
    assert unquote(url.removeprefix("https://wa.me/?text=")) == text
    assert pressnote_text(note, "en").startswith(note.headline_en)


def test_the_pdf_and_docx_hold_the_hindi_text(recorded: Meeting, district_editor: User) -> None:
    note = pressnote_generate(meeting=recorded, actor=district_editor)
    pdf = pressnote_pdf(note)
    assert pdf.startswith(b"%PDF")
    pages = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "सुनील" in pages
    word = open_docx(io.BytesIO(pressnote_docx(note)))
    texts = "\n".join(p.text for p in word.paragraphs)
    assert note.headline_hi in texts
    assert "बैठक में सुनिश्चित हुआ कि" in texts
    assert pressnote_pdf(note, "en").startswith(b"%PDF")


def test_a_speaker_is_named_with_the_post_given_or_held(
    world: World, held: Meeting, district_editor: User, seed: Seed
) -> None:
    statement_add(
        meeting=held,
        speaker=seed.people["अमित गुप्ता"],
        speaker_post="आईटी संयोजक",
        text="हर बूथ पर एक व्हाट्सएप समूह बनेगा",
        actor=district_editor,
    )
    statement_add(
        meeting=held,
        speaker=seed.people["वीरेश त्रिपाठी"],
        text="सूची रविवार तक प्रदेश को भेजी जाएगी",
        actor=district_editor,
    )
    body = pressnote_generate(meeting=held, actor=district_editor).text_hi
    assert "बैठक की अध्यक्षता जिला अध्यक्ष सुनील बजाज ने की।" in body
    assert "आईटी संयोजक अमित गुप्ता ने बताया कि हर बूथ पर एक व्हाट्सएप समूह बनेगा।" in body
    assert "जिला महामंत्री वीरेश त्रिपाठी ने कहा कि सूची रविवार तक" in body
