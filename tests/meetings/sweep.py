"""One object of each meetings kind inside कानपुर महानगर उत्तर, for the outsider sweep
(tests/test_outsider_sweep.py), by the name its routes give it."""

from __future__ import annotations

from datetime import time

from sangathan.meetings.attendance import (
    PasteAction,
    PasteChoice,
    attendance_mark_person,
    attendance_paste_apply,
)
from sangathan.meetings.decisions import action_item_add, decision_add
from sangathan.meetings.pressnotes import pressnote_generate
from sangathan.meetings.series import series_create
from sangathan.meetings.services import agenda_item_add, meeting_create, statement_add
from sangathan.people.models import Person
from tests.conftest import World
from tests.meetings.conftest import at


def meeting_objects(world: World, person: Person) -> dict[str, str]:
    meeting = meeting_create(
        unit=world.district, title="जिला बैठक", starts_at=at(-2), venue="जिला कार्यालय"
    )
    item = agenda_item_add(meeting=meeting, title="सोशल मीडिया")
    statement = statement_add(meeting=meeting, speaker=world.sunil, text="बूथ तक काम होगा")
    row = attendance_mark_person(meeting=meeting, person=person)
    attendance_paste_apply(
        meeting=meeting, choices=[PasteChoice(0, "इरशाद अहमद", PasteAction.KEEP)]
    )
    decision = decision_add(meeting=meeting, text="कार्यकर्ता रविवार से निकलेंगे।")
    action = action_item_add(decision=decision, text="सूची", owners=[person])
    note = pressnote_generate(meeting=meeting)
    series = series_create(
        unit=world.district, title="मासिक समीक्षा", recurrence="monthly", day=5, start_time=time(11)
    )
    return {
        "meeting": str(meeting.uuid),
        "agenda_item": str(item.uuid),
        "statement": str(statement.uuid),
        "attendance": str(row.uuid),
        "unmatched": str(meeting.unmatched.get().uuid),
        "decision": str(decision.uuid),
        "action_item": str(action.uuid),
        "press_note": str(note.uuid),
        "series": str(series.uuid),
    }
