"""Demo step: the seed's meeting at the district office, and three mandal meetings before it.

The district meeting is the seed report as a record: जिला अध्यक्ष सुनील बजाज in the chair,
his statements, the decisions (the social media and IT panels, linked to the requisitions of
the ``nominations`` step; relief during the weekend lockdown; vaccination awareness door to
door from Sunday) with their action items, the report's 14 attendees marked present, and the
press note generated from it as a draft, ending with the attendee line like the report.

Dates are relative to the day the demo is loaded, so that the requisitions' deadlines (which
the services want in the future) follow the meeting that decided them: the district met at 11
today, or yesterday when it is not yet past one o'clock; the mandals met in the weeks before.
A meeting is recognised by its unit and title, so a second run writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sangathan.demo.context import DemoContext
from sangathan.demo.nominations import MANDAL_TITLE, STATE_CODE, STATE_TITLE
from sangathan.demo.seed import SEED_DISTRICT, SEED_WORKERS
from sangathan.meetings.attendance import (
    attendance_mark,
    attendance_mark_person,
    invitees_add_by_post,
)
from sangathan.meetings.decisions import (
    action_item_add,
    action_item_link,
    action_item_set_status,
    decision_add,
)
from sangathan.meetings.models import (
    ActionStatus,
    AgendaItem,
    LinkKind,
    Meeting,
    MeetingKind,
    Presence,
)
from sangathan.meetings.pressnotes import pressnote_generate
from sangathan.meetings.services import agenda_item_add, meeting_create, statement_add
from sangathan.nominations.models import Requisition
from sangathan.people.models import Person
from sangathan.units.models import Appointment, PostType, Unit

DISTRICT_TITLE = "विधानसभा चुनाव की तैयारी पर जिला कार्यालय में बैठक"
# The report's attendees, in its order (the press note lists them by post).
SEED_ATTENDEES = [
    "संतोष शुक्ला",
    "वीरेश त्रिपाठी",
    "अवधेश सोनकर",
    "जितेंद्र शर्मा",
    "रंजीत भदौरिया",
    "धीरज बाल्मिक",
    "अमित गुप्ता",
    "दीपक चौहान",
    "परमानंद शुक्ला",
    "सत्यम शुक्ला",
    "दिनेश मौर्य",
    "रोहित साहू",
    "अर्पित गुप्ता",
    "सचिन शुक्ला",
]
CHAIR = "सुनील बजाज"

PANELS_MINUTES = (
    "सोशल मीडिया व आईटी सेक्टर को मजबूत करने के लिए जिले की तरफ से प्रदेश में सोशल मीडिया के 5 "
    "नामों का पैनल तथा आईटी के 2 नामों का पैनल भेजा जाएगा एवं सभी मंडलों से भी 7 नामों की सूची "
    "मांग कर प्रदेश में भेजी जाएगी। जिससे आगामी चुनाव में आधारभूत तरीकों के साथ-साथ सोशल मीडिया "
    "व आईटी सेल के माध्यम से भी पार्टी की सीधी पहुंच जनता तक हो सकेगी।"
)
CHAIR_SAID = [
    "सोशल मीडिया व आईटी के माध्यम से जन जन तक पार्टी की केंद्र व प्रदेश सरकार के द्वारा लाई जा "
    "रही जनहित की योजनाओं को पहुंचाया जाएगा और कार्यकर्ताओं द्वारा उन्हें लाभान्वित कराने में भी "
    "सहयोग किया जाएगा।",
    "पार्टी आगामी चुनाव में हर स्तर तक कोई भी कोर कसर या कमी नहीं छोड़ेगी, जिसके निमित्त आईटी व "
    "सोशल मीडिया भी पूरी तरह से दुरुस्त हो, इसके लिए पार्टी जिले से लेकर बूथ स्तर तक कार्य करेगी।",
    "शासन द्वारा कानपुर में शनिवार व रविवार के लॉक डाउन के दौरान पूर्व की तरह ही पार्टी के सेवा ही "
    "संगठन को सर्वोपरि मानते हुए मास्क, सैनिटाइजर, कोरोना से बचाव हेतु दवाइयां, राशन, लंच पैकेट "
    "व अन्य कई वस्तुओं का वितरण जरूरतमंदों के लिए जारी रखा जाएगा।",
]
VACCINATION = (
    "विपक्षी दलों द्वारा वैक्सीन को लेकर जो भ्रांतियां फैलाई जा रही हैं उसके लिए हमारे कार्यकर्ता "
    "रविवार से निकलेंगे और लोगों को वैक्सीनेशन हेतु जागरूक करेंगे, कार्यकर्ता लोगों को वैक्सीन से "
    "होने वाले फायदे बताते हुए उन्हें यह सुनिश्चित कराएंगे कि वैक्सीन से कोई भी समस्या नहीं है "
    "बल्कि हम वैक्सीनेशन करवा कर देश हित में अपना सहयोग ही करेंगे। जिसमें घरों/अपार्टमेंटों में "
    "चौका बर्तन करने वाली माताओं बहनों को भी वैक्सीनेशन हेतु प्रेरित किया जाएगा जिससे जल्द से जल्द "
    "संपूर्ण देश में वैक्सीनेशन की प्रक्रिया पूर्ण हो जाए और हमारा देश सदैव स्वस्थ, संपन्न और "
    "खुशहाल रहे।"
)


def build(context: DemoContext) -> None:
    district = context.district
    day = district_meeting_day(timezone.localtime())
    if not Meeting.objects.filter(unit=district, title=DISTRICT_TITLE).exists():
        _district_meeting(context, district, day)
    for spec in mandal_meetings(day):
        mandal = context.units[spec.unit_code]
        if not Meeting.objects.filter(unit=mandal, title=spec.title).exists():
            _mandal_meeting(context, mandal, spec)


def district_meeting_day(now: datetime) -> date:
    """11 to 1 at the district office: today once that is over, else yesterday."""
    today = now.date()
    return today if now.time() >= time(13, 0) else today - timedelta(days=1)


def next_sunday(day: date) -> date:
    """ "रविवार से": the first Sunday after ``day``."""
    return day + timedelta(days=(6 - day.weekday()) % 7 or 7)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _count(context: DemoContext, what: str, n: int = 1) -> None:
    context.created[what] += n


# --- The district office --------------------------------------------------------------------


def _district_people(district: Unit) -> dict[str, Person]:
    """The report's people by name: office-bearers of the district and the two booth workers
    (by their posts, not by name alone: the registry has namesakes)."""
    people = {
        a.person.name: a.person
        for a in Appointment.objects.active()
        .filter(unit=district, person__name__in=[name for _, name in SEED_DISTRICT])
        .select_related("person")
    }
    for a in (
        Appointment.objects.active()
        .filter(
            unit_path__subtree=district.path,
            post_type__code="booth-worker",
            person__name__in=SEED_WORKERS,
        )
        .select_related("person")
    ):
        people.setdefault(a.person.name, a.person)
    return people


def _requisition(issuer: Unit, title: str) -> Requisition | None:
    return Requisition.objects.filter(issuer=issuer, title=title).first()


def _district_meeting(context: DemoContext, district: Unit, day: date) -> None:
    people = _district_people(district)
    missing = [name for name in [CHAIR, *SEED_ATTENDEES] if name not in people]
    if missing:
        context.skipped.append(f"{DISTRICT_TITLE}: not found {', '.join(missing)}")
        return
    meeting = meeting_create(
        unit=district,
        title=DISTRICT_TITLE,
        starts_at=_at(day, 11),
        ends_at=_at(day, 13),
        kind=MeetingKind.OTHER,
        venue="जिला कार्यालय",
        place="कानपुर",
        occasion="आगामी विधानसभा चुनाव को देखते हुए",
        chair=people[CHAIR],
    )
    _count(context, "meetings")
    panels = agenda_item_add(
        meeting=meeting, title="सोशल मीडिया व आईटी सेक्टर को मजबूत करना", minutes=PANELS_MINUTES
    )
    # Discussed, but the chair's words and the decision say it in the note: kept internal.
    relief = agenda_item_add(meeting=meeting, title="लॉक डाउन में सेवा कार्य", public=False)
    vaccine = agenda_item_add(meeting=meeting, title="टीकाकरण जागरूकता अभियान", public=False)
    for text in CHAIR_SAID:
        statement_add(meeting=meeting, speaker=people[CHAIR], text=text)

    # The district's office-bearers were invited by post; the report's 14 came (the two booth
    # workers without an invitation), the other office-bearers are marked absent or on leave.
    for code in (
        "vice-president",
        "general-secretary",
        "secretary",
        "treasurer",
        "social-media",
        "it",
    ):
        post = PostType.objects.get(level=district.level, code=code)
        invitees_add_by_post(meeting=meeting, post_type=post, under=district)
    for name in SEED_ATTENDEES:
        attendance_mark_person(meeting=meeting, person=people[name])
    others = meeting.attendances.exclude(presence=Presence.PRESENT).order_by("person__name")
    for i, row in enumerate(others):
        attendance_mark(attendance=row, presence=Presence.ON_LEAVE if i == 0 else Presence.ABSENT)

    sunday = next_sunday(day)
    today = timezone.localdate()
    mandal_req = _requisition(district, MANDAL_TITLE)
    state_req = _requisition(context.units[STATE_CODE], STATE_TITLE)
    items = _Decisions(context, meeting)
    items.decide(
        "प्रदेश को सोशल मीडिया के 5 तथा आईटी के 2 नामों का पैनल भेजा जाएगा; इसके लिए सभी मंडलों "
        "से 7-7 नामों की सूची मांगी जाएगी।",
        agenda=panels,
        public=False,  # the minutes above already say it in the note
        actions=[
            _Action(
                "सभी मंडलों से सोशल मीडिया व आईटी के 7-7 नाम मंगाना और उनके पैनल जाँचना",
                [people["सत्यम शुक्ला"], people["अर्पित गुप्ता"]],
                today + timedelta(days=7),
                requisition=mandal_req,
            ),
            _Action(
                "प्रदेश को सोशल मीडिया (5) व आईटी (2) के नामों का पैनल भेजना",
                [people[CHAIR]],
                today + timedelta(days=21),
                requisition=state_req,
            ),
        ],
    )
    items.decide(
        "शनिवार व रविवार के लॉक डाउन के दौरान सेवा ही संगठन के भाव से मास्क, सैनिटाइजर, दवाइयां, "
        "राशन व लंच पैकेट का वितरण जरूरतमंदों के लिए जारी रहेगा।",
        agenda=relief,
        public=False,  # the chair said it in his own words
        actions=[
            _Action(
                "हर शनिवार-रविवार जरूरतमंदों को मास्क, सैनिटाइजर, दवाइयां, राशन व लंच पैकेट बाँटना",
                [people["अवधेश सोनकर"], people["अमित गुप्ता"]],
                day + timedelta(days=30),
            ),
        ],
    )
    items.decide(
        VACCINATION,
        agenda=vaccine,
        actions=[
            _Action(
                f"रविवार {sunday:%d-%m-%Y} से सभी मंडलों में घर-घर टीकाकरण जागरूकता अभियान शुरू करना",
                [people["वीरेश त्रिपाठी"], people["जितेंद्र शर्मा"]],
                sunday,
            ),
            _Action(
                "घरों/अपार्टमेंटों में चौका बर्तन करने वाली माताओं-बहनों की सूची बनाकर उन्हें "
                "टीकाकरण हेतु प्रेरित करना",
                [people["धीरज बाल्मिक"], people["दीपक चौहान"]],
                sunday + timedelta(days=14),
            ),
            _Action(
                "अपने बूथ के घर-घर संपर्क की रिपोर्ट जिला कार्यालय भेजना",
                [people["रोहित साहू"], people["सचिन शुक्ला"]],
                sunday + timedelta(days=7),
            ),
        ],
    )
    pressnote_generate(meeting=meeting)
    _count(context, "press notes")


@dataclass
class _Action:
    text: str
    owners: Sequence[Person]
    due: date
    done: bool = False
    requisition: Requisition | None = None


@dataclass
class _Decisions:
    context: DemoContext
    meeting: Meeting

    def decide(
        self,
        text: str,
        *,
        actions: Sequence[_Action],
        agenda: AgendaItem | None = None,
        public: bool = True,
    ) -> None:
        decision = decision_add(meeting=self.meeting, text=text, public=public, agenda_item=agenda)
        _count(self.context, "decisions")
        for action in actions:
            item = action_item_add(
                decision=decision, text=action.text, owners=action.owners, due_date=action.due
            )
            _count(self.context, "action items")
            if action.requisition is not None:
                action_item_link(
                    item=item, kind=LinkKind.REQUISITION, target=action.requisition.uuid
                )
            if action.done:
                action_item_set_status(item=item, status=ActionStatus.DONE)


# --- The mandals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MandalMeeting:
    unit_code: str
    title: str
    day: date
    hour: int
    venue: str
    decision: str
    action: str
    due: date
    done: bool


def mandal_meetings(district_day: date) -> list[MandalMeeting]:
    """Monthly mandal meetings in the weeks before the district's; गोविंद नगर's (the
    `mandal` persona's) left its action item open."""
    d = district_day
    return [
        MandalMeeting(
            "KNN-KN",
            "किदवई नगर मंडल की मासिक बैठक",
            d - timedelta(days=12),
            17,
            "मंडल कार्यालय, साकेत नगर",
            "लॉक डाउन के दिनों में राशन व लंच पैकेट बाँटने के लिए हर शक्ति केंद्र पर कार्यकर्ताओं "
            "की टोली बनाई जाएगी।",
            "शक्ति केंद्रवार वितरण टोलियों की सूची बनाना",
            d - timedelta(days=7),
            True,
        ),
        MandalMeeting(
            "KNN-AN",
            "आर्य नगर मंडल की मासिक बैठक",
            d - timedelta(days=9),
            18,
            "मंडल कार्यालय, तिलक नगर",
            "टीकाकरण शिविरों की तारीख व स्थान की जानकारी हर मोहल्ले तक पहुँचाई जाएगी।",
            "हर बूथ के व्हाट्सऐप समूह में टीकाकरण शिविरों की सूची भेजना",
            d - timedelta(days=4),
            True,
        ),
        MandalMeeting(
            "KNN-GN",
            "गोविंद नगर मंडल की मासिक बैठक",
            d - timedelta(days=5),
            18,
            "मंडल कार्यालय, दादा नगर",
            "मंडल के जिन बूथों पर सोशल मीडिया प्रभारी का पद खाली है, वहाँ दो सप्ताह में नियुक्ति की जाएगी।",
            "खाली बूथों पर सोशल मीडिया प्रभारी के नाम तय करके नियुक्ति कराना",
            d + timedelta(days=10),
            False,
        ),
    ]


def _mandal_meeting(context: DemoContext, mandal: Unit, spec: MandalMeeting) -> None:
    """The mandal's office-bearers and shakti kendra convenors invited by post; most came."""
    president = (
        Appointment.objects.active()
        .filter(unit=mandal, post_type__code="president")
        .select_related("person")
        .first()
    )
    if president is None:
        context.skipped.append(f"{spec.title}: {mandal.name_hi} has no president")
        return
    chair = president.person
    meeting = meeting_create(
        unit=mandal,
        title=spec.title,
        starts_at=_at(spec.day, spec.hour),
        ends_at=_at(spec.day, spec.hour + 2),
        kind=MeetingKind.MANDAL,
        venue=spec.venue,
        place="कानपुर",
        chair=chair,
    )
    _count(context, "meetings")
    posts = PostType.objects.filter(
        level__name_en__in=["Mandal", "Shakti Kendra"],
        code__in=["general-secretary", "secretary", "social-media", "it", "convenor"],
    ).select_related("level")
    for post in posts:
        invitees_add_by_post(meeting=meeting, post_type=post, under=mandal)
    rows = (
        meeting.attendances.exclude(person=chair).select_related("person").order_by("person__name")
    )
    for i, row in enumerate(rows):
        # Roughly one in five stays away, and one asked for leave.
        presence = (
            Presence.ON_LEAVE if i == 3 else Presence.ABSENT if i % 5 == 4 else Presence.PRESENT
        )
        attendance_mark(attendance=row, presence=presence)
    _Decisions(context, meeting).decide(
        spec.decision,
        actions=[_Action(spec.action, [chair], spec.due, done=spec.done)],
    )
