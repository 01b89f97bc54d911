"""A meeting's press note, in Hindi and English, from a plain record. Pure Python, no Django.

The shape is the one district offices send to the local papers (see the seed report):

    <headline>

    कानपुर। <occasion> आज <organisation> <unit> के <venue> में एक बैठक की गई। <minutes> बैठक में
    जिला अध्यक्ष सुनील बजाज ने बताया कि ... जिलाध्यक्ष ने कहा कि ...
    बैठक में ही जिला अध्यक्ष ने बताया कि ...
    बैठक में सुनिश्चित हुआ कि ...
    बैठक में संतोष शुक्ला, वीरेश त्रिपाठी, ... आदि रहे।

Only what the record marks public is used. A speaker is named in full (post and name) the
first time and by the post alone after that; the connectives between statements and between
decisions vary the way a reporter varies them; verbs agree with the gender where it matters
("अध्यक्षता कर रहीं", "उपस्थित रहीं"); one item or many read differently. Texts typed by
people (minutes, statements, decisions) are used as written, with the danda added when missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

MONTHS_HI = (
    "जनवरी",
    "फरवरी",
    "मार्च",
    "अप्रैल",
    "मई",
    "जून",
    "जुलाई",
    "अगस्त",
    "सितंबर",
    "अक्टूबर",
    "नवंबर",
    "दिसंबर",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

FEMALE, MALE = "F", "M"

# kind -> (Hindi in the running text, Hindi in the headline, English)
KINDS: dict[str, tuple[str, str, str]] = {
    "committee": ("कार्यसमिति की बैठक", "कार्यसमिति की बैठक", "working committee meeting"),
    "mandal": ("मंडल बैठक", "मंडल बैठक", "mandal meeting"),
    "review": ("समीक्षा बैठक", "समीक्षा बैठक", "review meeting"),
    "other": ("एक बैठक", "बैठक", "meeting"),
}

# How statements open, in turn; a reporter does not start every sentence the same way.
_SAID_OPENERS_HI = ("बैठक में ", "", "बैठक में ही ", "इसके साथ ही ", "", "साथ ही ")
_SAID_VERBS_HI = ("ने बताया कि", "ने कहा कि", "ने बताया कि", "ने जानकारी दी कि", "ने कहा कि")
_SAID_VERBS_EN = ("said that", "said that", "told the meeting that", "added that", "said that")
_DECIDED_HI = (
    "बैठक में निर्णय लिया गया कि ",
    "बैठक में यह भी सुनिश्चित हुआ कि ",
    "साथ ही तय किया गया कि ",
    "इसके अतिरिक्त निर्णय हुआ कि ",
)
_DECIDED_ONE_HI = "बैठक में सुनिश्चित हुआ कि "
_DECIDED_EN = (
    "It was decided that ",
    "The meeting also resolved that ",
    "It was further agreed that ",
    "It was also decided that ",
)
_END = ("।", ".", "!", "?", "॥")


@dataclass(frozen=True)
class Person:
    """Someone named in the note. ``post`` as the note names it: "जिला अध्यक्ष"."""

    name: str
    name_en: str = ""
    post: str = ""
    post_en: str = ""
    gender: str = ""  # "F", "M", or "" when not known

    def full(self, english: bool) -> str:
        post = (self.post_en or self.post) if english else self.post
        name = (self.name_en or self.name) if english else self.name
        return f"{post} {name}" if post else name

    def short(self, english: bool) -> str:
        """After the first mention: the post alone ("जिला अध्यक्ष"), else the name."""
        post = (self.post_en or self.post) if english else self.post
        if post:
            return f"the {post}" if english else post
        return (self.name_en or self.name) if english else self.name


@dataclass(frozen=True)
class Point:
    """An agenda item (title and minutes) or a decision (text)."""

    text: str
    title: str = ""
    text_en: str = ""
    title_en: str = ""
    public: bool = True


@dataclass(frozen=True)
class Said:
    """What someone said at the meeting."""

    speaker: Person
    text: str
    text_en: str = ""
    public: bool = True


@dataclass(frozen=True)
class MeetingRecord:
    unit: str
    day: date
    place: str = ""  # the dateline town; the unit's name when empty
    unit_en: str = ""
    place_en: str = ""
    organisation: str = ""
    organisation_en: str = ""
    venue: str = ""
    venue_en: str = ""
    kind: str = "other"  # committee, mandal, review, other
    occasion: str = ""  # "आगामी विधानसभा चुनाव को देखते हुए"
    occasion_en: str = ""  # "Ahead of the coming assembly election"
    chair: Person | None = None
    agenda: Sequence[Point] = field(default_factory=tuple)
    statements: Sequence[Said] = field(default_factory=tuple)
    decisions: Sequence[Point] = field(default_factory=tuple)
    attendees: Sequence[Person] = field(default_factory=tuple)  # in order of post
    # The day the note is written: "आज" when it is the meeting's day, else the date.
    written_on: date | None = None


@dataclass(frozen=True)
class Note:
    headline: str
    body: str

    @property
    def text(self) -> str:
        """Headline, a blank line, the body: as pasted into WhatsApp."""
        return f"{self.headline}\n\n{self.body}"


# --- Small helpers ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str, *, english: bool = False) -> str:
    """Typed text as a sentence: single spaces, the danda (or full stop) at the end."""
    text = _clean(text)
    if not text:
        return ""
    if text.endswith(_END):
        return text
    # Hindi typed into the English note keeps its danda.
    return text + ("." if english and not _has_devanagari(text) else "।")


def _has_devanagari(text: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in text)


def _clause(text: str, *, english: bool = False) -> str:
    """Text that follows "ने बताया कि": without a "कि" / "that" of its own at the start."""
    text = _clean(text)
    lead = "that " if english else "कि "
    if text.lower().startswith(lead):
        text = text[len(lead) :]
    return _sentence(text, english=english)


def _join(items: Sequence[str], *, english: bool) -> str:
    """ "A", "A तथा B", "A, B तथा C" (and the English "A, B and C")."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    last = " and " if english else " तथा "
    return ", ".join(items[:-1]) + last + items[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _date_hi(day: date) -> str:
    return f"{day.day} {MONTHS_HI[day.month - 1]} {day.year}"


def _date_en(day: date) -> str:
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def _kind(record: MeetingRecord) -> tuple[str, str, str]:
    return KINDS.get(record.kind, KINDS["other"])


def _all_women(people: Sequence[Person]) -> bool:
    return bool(people) and all(p.gender == FEMALE for p in people)


def _public(record: MeetingRecord) -> tuple[list[Point], list[Said], list[Point]]:
    return (
        [p for p in record.agenda if p.public],
        [s for s in record.statements if s.public and _clean(s.text)],
        [d for d in record.decisions if d.public and _clean(d.text)],
    )


def _closing_people(record: MeetingRecord) -> list[Person]:
    """Attendees for the closing line: the chair is named above, so not again."""
    chair = record.chair
    return [a for a in record.attendees if chair is None or (a != chair and a.name != chair.name)]


# --- Hindi ------------------------------------------------------------------------------------


def _who_hi(record: MeetingRecord) -> str:
    return _clean(f"{record.organisation} {record.unit}")


def headline_hi(record: MeetingRecord) -> str:
    _text, heading, _en = _kind(record)
    who = _who_hi(record)
    where = f"{who} के {record.venue} में {heading}" if record.venue else f"{who} की {heading}"
    return _clean(f"{record.occasion.rstrip('।,. ')} {where}")


def _opening_hi(record: MeetingRecord) -> str:
    running, heading, _en = _kind(record)
    when = "आज" if record.written_on in (None, record.day) else f"{_date_hi(record.day)} को"
    who = _who_hi(record)
    if record.venue:
        held = f"{who} के {record.venue} में {running} की गई।"
    else:
        held = f"{who} की {heading} हुई।"
    place = _clean(record.place or record.unit)
    occasion = record.occasion.rstrip("।,. ")
    return _clean(f"{place}। {occasion} {when} {held}")


def _chair_alone_hi(chair: Person) -> str:
    return f"बैठक की अध्यक्षता {chair.full(False)} ने की।"


def _agenda_hi(agenda: Sequence[Point]) -> list[str]:
    """Minutes as they were written; items without minutes named in one sentence."""
    sentences = [_sentence(p.text) for p in agenda if _clean(p.text)]
    bare = [_clean(p.title) for p in agenda if not _clean(p.text) and _clean(p.title)]
    if bare:
        also = " भी" if sentences else ""
        verb = "चर्चा हुई" if len(bare) > 1 else "चर्चा की गई"
        sentences.append(f"बैठक में {_join(bare, english=False)} पर{also} {verb}।")
    return sentences


def _statements_hi(record: MeetingRecord, said: Sequence[Said]) -> list[str]:
    sentences: list[str] = []
    named: set[Person] = set()
    chair_named = False
    for i, s in enumerate(said):
        speaker = s.speaker
        verb = _SAID_VERBS_HI[i % len(_SAID_VERBS_HI)]
        clause = _clause(s.text)
        if record.chair is not None and speaker == record.chair and not chair_named:
            # The chair's first words also say who chaired: "अध्यक्षता कर रहे/रहीं ...".
            doing = "कर रहीं" if speaker.gender == FEMALE else "कर रहे"
            sentences.append(f"बैठक की अध्यक्षता {doing} {speaker.full(False)} {verb} {clause}")
            chair_named = True
            named.add(speaker)
            continue
        opener = _SAID_OPENERS_HI[i % len(_SAID_OPENERS_HI)]
        who = speaker.short(False) if speaker in named else speaker.full(False)
        named.add(speaker)
        sentences.append(f"{opener}{who} {verb} {clause}")
    return sentences


def _decisions_hi(decisions: Sequence[Point]) -> list[str]:
    if len(decisions) == 1:
        return [_DECIDED_ONE_HI + _clause(decisions[0].text)]
    return [_DECIDED_HI[i % len(_DECIDED_HI)] + _clause(d.text) for i, d in enumerate(decisions)]


def _closing_hi(people: Sequence[Person]) -> str:
    if not people:
        return ""
    names = [p.name for p in people]
    women = _all_women(people)
    if len(names) == 1:
        return f"बैठक में {names[0]} उपस्थित {'रहीं' if women else 'रहे'}।"
    if len(names) == 2:
        return f"बैठक में {names[0]} और {names[1]} उपस्थित {'रहीं' if women else 'रहे'}।"
    return f"बैठक में {', '.join(names)} आदि {'रहीं' if women else 'रहे'}।"


def press_note_hi(record: MeetingRecord) -> Note:
    """The Hindi press note: headline and body (paragraphs separated by one newline)."""
    agenda, said, decisions = _public(record)
    first = [_opening_hi(record)]
    chair_speaks = record.chair is not None and any(s.speaker == record.chair for s in said)
    if record.chair is not None and not chair_speaks:
        first.append(_chair_alone_hi(record.chair))
    first.extend(_agenda_hi(agenda))
    statements = _statements_hi(record, said)
    # The first two statements close the opening paragraph, as in the papers; the rest, and
    # each decision, stand as paragraphs of their own.
    first.extend(statements[:2])
    paragraphs = [" ".join(first), *statements[2:], *_decisions_hi(decisions)]
    if closing := _closing_hi(_closing_people(record)):
        paragraphs.append(closing)
    return Note(headline=headline_hi(record), body="\n".join(paragraphs))


# --- English ----------------------------------------------------------------------------------


def _who_en(record: MeetingRecord) -> str:
    return _clean(
        f"{record.organisation_en or record.organisation} {record.unit_en or record.unit}"
    )


def _where_en(record: MeetingRecord) -> str:
    """ " at the district office"; a venue known only in Hindi is given as it is written."""
    if record.venue_en:
        return f" at the {record.venue_en}"
    return f" at {record.venue}" if record.venue else ""


def headline_en(record: MeetingRecord) -> str:
    _text, _heading, kind = _kind(record)
    where = _where_en(record)
    article = "an " if kind[:1] in "aeiou" else "a "
    line = f"{_who_en(record)} holds {article}{kind}{where}"
    occasion = record.occasion_en.rstrip(".,; ")
    return f"{_capital(occasion)}: {line}" if occasion else line


def _opening_en(record: MeetingRecord) -> str:
    _text, _heading, kind = _kind(record)
    when = "today" if record.written_on in (None, record.day) else f"on {_date_en(record.day)}"
    where = _where_en(record)
    article = "An" if kind[:1] in "aeiou" else "A"
    held = f"{article} {kind} of {_who_en(record)} was held {when}{where}."
    occasion = record.occasion_en.rstrip(".,; ")
    if occasion:
        held = f"{_capital(occasion)}, {held[0].lower()}{held[1:]}"
    place = _clean(record.place_en or record.place or record.unit_en or record.unit)
    return f"{place}. {held}"


def _agenda_en(agenda: Sequence[Point]) -> list[str]:
    sentences = [_sentence(p.text_en or p.text, english=True) for p in agenda if _clean(p.text)]
    bare = [_clean(p.title_en or p.title) for p in agenda if not _clean(p.text) and p.title]
    if bare:
        also = " also" if sentences else ""
        sentences.append(f"The meeting{also} discussed {_join(bare, english=True)}.")
    return sentences


def _statements_en(record: MeetingRecord, said: Sequence[Said]) -> list[str]:
    sentences: list[str] = []
    named: set[Person] = set()
    for i, s in enumerate(said):
        speaker = s.speaker
        verb = _SAID_VERBS_EN[i % len(_SAID_VERBS_EN)]
        clause = _clause(s.text_en or s.text, english=True)
        if speaker in named:
            who = _capital(speaker.short(True))
        else:
            who = speaker.full(True)
            if record.chair is not None and speaker == record.chair:
                who = f"{who}, who chaired the meeting,"
        named.add(speaker)
        sentences.append(f"{who} {verb} {clause}")
    return sentences


def _closing_en(people: Sequence[Person]) -> str:
    names = [p.name_en or p.name for p in people]
    if not names:
        return ""
    if len(names) == 1:
        return f"{names[0]} was present at the meeting."
    if len(names) == 2:
        return f"{names[0]} and {names[1]} were present at the meeting."
    return f"Present at the meeting were {', '.join(names)} and others."


def press_note_en(record: MeetingRecord) -> Note:
    """The English press note. Texts typed only in Hindi are used as they are."""
    agenda, said, decisions = _public(record)
    first = [_opening_en(record)]
    chair_speaks = record.chair is not None and any(s.speaker == record.chair for s in said)
    if record.chair is not None and not chair_speaks:
        first.append(f"{record.chair.full(True)} chaired the meeting.")
    first.extend(_agenda_en(agenda))
    statements = _statements_en(record, said)
    first.extend(statements[:2])
    decided = [
        _DECIDED_EN[i % len(_DECIDED_EN)] + _clause(d.text_en or d.text, english=True)
        for i, d in enumerate(decisions)
    ]
    paragraphs = [" ".join(first), *statements[2:], *decided]
    if closing := _closing_en(_closing_people(record)):
        paragraphs.append(closing)
    return Note(headline=headline_en(record), body="\n".join(paragraphs))
