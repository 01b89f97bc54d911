"""The press-note writer against the seed: a record of the seed's meeting must give a note
that reads like the seed's report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sangathan.lib.pressnote import (
    FEMALE,
    MALE,
    MeetingRecord,
    Person,
    Point,
    Said,
    press_note_en,
    press_note_hi,
)
from tests.lib.test_splitting import SEED_NAMES

SUNIL = Person("सुनील बजाज", "Sunil Bajaj", "जिला अध्यक्ष", "District President", MALE)
POSTS = {"संतोष शुक्ला": "जिला उपाध्यक्ष", "वीरेश त्रिपाठी": "जिला महामंत्री"}
DAY = date(2021, 7, 10)


def seed_record(**changes: object) -> MeetingRecord:
    """The seed's meeting: the district office, the chair's three statements, the panels
    sent (minutes), the vaccination decision, and the fourteen who attended in post order."""
    record = MeetingRecord(
        unit="कानपुर महानगर उत्तर",
        unit_en="Kanpur Mahanagar North",
        day=DAY,
        written_on=DAY,
        place="कानपुर",
        place_en="Kanpur",
        organisation="भारतीय जनता पार्टी",
        organisation_en="Bharatiya Janata Party",
        venue="जिला कार्यालय",
        venue_en="district office",
        occasion="आगामी 2022 के विधानसभा चुनाव को देखते हुए",
        occasion_en="ahead of the 2022 assembly election",
        chair=SUNIL,
        agenda=(
            Point(
                title="सोशल मीडिया व आईटी",
                text="सोशल मीडिया व आईटी सेक्टर को मजबूत करने के लिए जिले के तरफ से प्रदेश में सोशल "
                "मीडिया के 5 नामों का पैनल तथा आईटी के 2 नामों का पैनल भेजा गया एवं सभी मंडलों से "
                "भी 7 नामों की सूची मांग कर प्रदेश में भेजा गया है।",
            ),
            Point(title="बूथ समितियों का गठन", text="", public=False),
        ),
        statements=(
            Said(
                SUNIL,
                "सोशल मीडिया व आईटी के माध्यम से जन जन तक केंद्र व प्रदेश सरकार की जनहित की "
                "योजनाओं को पहुंचाया जाएगा",
            ),
            Said(SUNIL, "पार्टी जिले से लेकर बूथ स्तर तक कार्य करेगी।"),
            Said(
                SUNIL,
                "लॉक डाउन के दौरान मास्क, सैनिटाइजर, दवाइयां, राशन व लंच पैकेट का वितरण जारी रखा जाएगा।",
            ),
            Said(SUNIL, "यह बात केवल कार्यकर्ताओं के लिए है।", public=False),
        ),
        decisions=(Point("हमारे कार्यकर्ता रविवार से निकलेंगे और लोगों को वैक्सीनेशन हेतु जागरूक करेंगे।"),),
        attendees=tuple(Person(name, post=POSTS.get(name, "")) for name in SEED_NAMES),
    )
    return replace(record, **changes)  # type: ignore[arg-type]


def test_the_seed_record_gives_the_seed_headline() -> None:
    note = press_note_hi(seed_record())
    assert note.headline == (
        "आगामी 2022 के विधानसभा चुनाव को देखते हुए भारतीय जनता पार्टी कानपुर महानगर उत्तर के "
        "जिला कार्यालय में बैठक"
    )


def test_the_note_opens_with_the_dateline_and_the_seed_sentence() -> None:
    body = press_note_hi(seed_record()).body
    assert body.startswith(
        "कानपुर। आगामी 2022 के विधानसभा चुनाव को देखते हुए आज भारतीय जनता पार्टी कानपुर महानगर "
        "उत्तर के जिला कार्यालय में एक बैठक की गई। सोशल मीडिया व आईटी सेक्टर"
    )


def test_the_chairs_statements_are_attributed_then_referred_to_by_post() -> None:
    body = press_note_hi(seed_record()).body
    assert "जिला अध्यक्ष सुनील बजाज ने बताया कि सोशल मीडिया व आईटी के माध्यम से" in body
    assert "बैठक की अध्यक्षता कर रहे जिला अध्यक्ष सुनील बजाज" in body
    assert "जिला अध्यक्ष ने कहा कि पार्टी जिले से लेकर बूथ स्तर तक कार्य करेगी।" in body
    assert "बैठक में ही जिला अध्यक्ष ने बताया कि लॉक डाउन के दौरान" in body
    assert body.count("सुनील बजाज") == 1  # named once, then by the post


def test_the_decision_reads_as_the_seed_does() -> None:
    body = press_note_hi(seed_record()).body
    assert "बैठक में सुनिश्चित हुआ कि हमारे कार्यकर्ता रविवार से निकलेंगे" in body


def test_the_closing_line_lists_the_attendees_in_post_order() -> None:
    body = press_note_hi(seed_record()).body
    closing = body.splitlines()[-1]
    assert closing == "बैठक में " + ", ".join(SEED_NAMES) + " आदि रहे।"


def test_only_public_items_go_into_the_note() -> None:
    body = press_note_hi(seed_record()).body
    assert "केवल कार्यकर्ताओं" not in body
    assert "बूथ समितियों" not in body


def test_a_woman_chairing_is_agreed_with() -> None:
    chair = Person("नीलिमा कटियार", post="जिला अध्यक्ष", gender=FEMALE)
    body = press_note_hi(
        seed_record(chair=chair, statements=(Said(chair, "संगठन बूथ तक मजबूत होगा"),))
    ).body
    assert "बैठक की अध्यक्षता कर रहीं जिला अध्यक्ष नीलिमा कटियार ने बताया कि" in body


def test_a_chair_who_said_nothing_public_is_still_named() -> None:
    body = press_note_hi(seed_record(statements=())).body
    assert "बैठक की अध्यक्षता जिला अध्यक्ष सुनील बजाज ने की।" in body


def test_several_decisions_are_joined_with_varied_connectives() -> None:
    decisions = (Point("पहला काम होगा"), Point("दूसरा काम होगा"), Point("तीसरा काम होगा"))
    lines = press_note_hi(seed_record(decisions=decisions)).body.splitlines()
    openers = [line.split(" कि ")[0] for line in lines if line.endswith("काम होगा।")]
    assert len(openers) == 3
    assert len(set(openers)) == 3


def test_few_attendees_read_naturally() -> None:
    one = seed_record(attendees=(Person("संतोष शुक्ला"),))
    assert press_note_hi(one).body.endswith("बैठक में संतोष शुक्ला उपस्थित रहे।")
    women = seed_record(attendees=(Person("सीमा गुप्ता", gender=FEMALE),) * 2)
    assert press_note_hi(women).body.endswith("उपस्थित रहीं।")


def test_items_without_minutes_are_named_in_one_sentence() -> None:
    agenda = (Point(title="सदस्यता अभियान", text=""), Point(title="बूथ समिति", text=""))
    body = press_note_hi(seed_record(agenda=agenda)).body
    assert "बैठक में सदस्यता अभियान तथा बूथ समिति पर चर्चा हुई।" in body


def test_a_note_written_later_gives_the_date_instead_of_today() -> None:
    body = press_note_hi(seed_record(written_on=date(2021, 7, 12))).body
    assert "10 जुलाई 2021 को भारतीय जनता पार्टी" in body
    assert " आज " not in body.splitlines()[0]


def test_the_english_note_follows_the_same_record() -> None:
    note = press_note_en(seed_record())
    assert note.headline.startswith("Ahead of the 2022 assembly election: Bharatiya Janata Party")
    assert note.body.startswith("Kanpur. Ahead of the 2022 assembly election, a meeting of")
    assert "District President Sunil Bajaj, who chaired the meeting, said that" in note.body
    assert note.body.splitlines()[-1].startswith("Present at the meeting were संतोष शुक्ला")
    assert note.body.splitlines()[-1].endswith("and others.")
    assert "केवल कार्यकर्ताओं" not in note.body


def test_the_whatsapp_text_is_headline_then_body() -> None:
    note = press_note_hi(seed_record())
    assert note.text == f"{note.headline}\n\n{note.body}"
