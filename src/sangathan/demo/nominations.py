"""Demo step: the seed's two requisitions of names.

उत्तर प्रदेश asks कानपुर महानगर उत्तर for a panel of 5 names for social media and 2 for IT;
the district, to answer it, asks each of its eight mandals for those 7 names (the cascade).
Some mandals have sent their panel (one accepted), one was returned for correction, one let
its deadline pass, the rest are drafts or not started; the district's own panel to the state
is a draft, built partly from the mandals' names.

The district's seats for these names are new posts of their own (a team of 5 and of 2): the
existing सोशल मीडिया प्रभारी and आईटी प्रभारी have one seat each, already held, so the state
could select nobody into them. Everything goes through the services; a requisition is
recognised by its title and issuer, so a second run writes nothing.

The services refuse a deadline in the past, so the overdue mandal is made the honest way: the
mandals' requisition is issued with a deadline a few seconds away, and every other mandal is
given a later deadline of its own, as an issuer does for units that ask for more time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from sangathan.demo.context import DemoContext
from sangathan.nominations.models import (
    Ask,
    Nomination,
    Requisition,
    RequisitionStatus,
    Submission,
    SubmissionStatus,
    Target,
)
from sangathan.nominations.panels import (
    nominee_add,
    nominee_add_from_source,
    panel_accept,
    panel_return,
    panel_submit,
)
from sangathan.nominations.services import (
    AskSpec,
    requisition_create,
    requisition_issue,
    submission_extend_deadline,
)
from sangathan.people.models import Gender, Person, PersonStatus, Source
from sangathan.units.models import Appointment, Level, PostType, Unit
from sangathan.units.services import post_type_save

STATE_CODE = "UP"
STATE_TITLE = "सोशल मीडिया व आईटी के लिए जिले से नामों का पैनल"
MANDAL_TITLE = "प्रदेश के पैनल के लिए मंडलों से सोशल मीडिया व आईटी के 7 नाम"

# (code, Hindi, English, seats): the district's teams the state fills from the panel.
TEAM_POSTS = [
    ("social-media-team", "सोशल मीडिया टीम सदस्य", "Social media team member", 5),
    ("it-team", "आईटी टीम सदस्य", "IT team member", 2),
]

STATE_INSTRUCTIONS_HI = (
    "आगामी विधानसभा चुनाव को देखते हुए सोशल मीडिया व आईटी सेक्टर को मजबूत करने के लिए जिला "
    "सोशल मीडिया के 5 तथा आईटी के 2 कार्यकर्ताओं के नामों का पैनल भेजे। सोशल मीडिया के पैनल "
    "में कम से कम एक महिला कार्यकर्ता का नाम हो; सभी के मोबाइल नंबर अवश्य हों।"
)
STATE_INSTRUCTIONS_EN = (
    "With the coming assembly election in view, and to strengthen social media and IT, send a "
    "panel of 5 workers for social media and 2 for IT. The social media panel must include at "
    "least one woman; every name needs a mobile number."
)
MANDAL_INSTRUCTIONS_HI = (
    "प्रदेश ने जिले से सोशल मीडिया व आईटी के पैनल मांगे हैं। प्रत्येक मंडल सोशल मीडिया के 5 "
    "(कम से कम 2 महिलाएँ) तथा आईटी के 2 नाम भेजे। नाम मंडल के बूथ सोशल मीडिया प्रभारियों व "
    "सक्रिय कार्यकर्ताओं में से हों, मोबाइल नंबर सहित।"
)
MANDAL_INSTRUCTIONS_EN = (
    "The state has asked the district for social media and IT panels. Each mandal sends 5 "
    "names for social media (at least 2 women) and 2 for IT, from its booth social media "
    "in-charges and active workers, with mobile numbers."
)

RETURN_REASON = (
    "सोशल मीडिया के नामों के साथ लिखें कि कौन व्हाट्सऐप समूह चलाते हैं, और आईटी के लिए कम से "
    "कम एक नाम ऐसा दें जिन्हें फोटो व वीडियो संपादन आता हो; फिर दोबारा भेजें।"
)
IT_NOTE = "कंप्यूटर व मोबाइल ऐप में दक्ष"


@dataclass(frozen=True)
class MandalPanel:
    """How far a mandal got with its panel: how many names it put on (social media, IT)
    and what happened next."""

    social: int
    it: int
    status: str  # a SubmissionStatus value, or "overdue" (not started, deadline passed)


# In the order of seed.NORTH_MANDALS. गोविंद नगर is the `mandal` persona's: a draft it can
# finish and send.
MANDAL_PANELS: dict[str, MandalPanel] = {
    "KNN-GN": MandalPanel(3, 0, SubmissionStatus.DRAFT),
    "KNN-KN": MandalPanel(5, 2, SubmissionStatus.ACCEPTED),
    "KNN-AN": MandalPanel(5, 2, SubmissionStatus.SUBMITTED),
    "KNN-SN": MandalPanel(5, 2, SubmissionStatus.SUBMITTED),
    "KNN-KP": MandalPanel(5, 2, SubmissionStatus.RETURNED),
    "KNN-RP": MandalPanel(4, 0, SubmissionStatus.DRAFT),
    "KNN-NG": MandalPanel(0, 0, SubmissionStatus.NOT_STARTED),
    "KNN-SM": MandalPanel(0, 0, "overdue"),
}
OVERDUE_MANDAL = "KNN-SM"
# The district's own draft: names taken from these mandals' sent panels (social media from
# each, IT from the first), and one name it adds itself from a mandal that has not answered.
DISTRICT_SOURCES = ["KNN-AN", "KNN-KN", "KNN-SN"]
DISTRICT_OWN_FROM = "KNN-NG"


def build(context: DemoContext) -> None:
    """The two requisitions; each is left alone when a requisition of its title is there."""
    district = context.district
    state = context.units[STATE_CODE]
    social, it = team_posts(context)
    state_req = Requisition.objects.filter(issuer=state, title=STATE_TITLE).first()
    if state_req is None:
        state_req = _state_requisition(state, district, social, it)
        context.created["requisitions"] += 1
    panel = Submission.objects.filter(requisition=state_req, unit=district).first()
    if Requisition.objects.filter(issuer=district, title=MANDAL_TITLE).exists():
        return
    if panel is None or state_req.status != RequisitionStatus.OPEN or not panel.is_editable:
        context.skipped.append(f"{district.name_hi}: {MANDAL_TITLE} (the state's panel is closed)")
        return
    mandal_req = _mandal_requisition(district, panel, social, it)
    context.created["requisitions"] += 1
    context.created["nominations"] += _fill_mandal_panels(context, mandal_req)
    context.created["nominations"] += _fill_district_panel(context, panel, mandal_req)


def team_posts(context: DemoContext) -> tuple[PostType, PostType]:
    """The district's social media and IT team posts, made the way ``organisation`` makes
    posts (recognised by level and code)."""
    level = Level.objects.get(name_en="District")
    found = {pt.code: pt for pt in PostType.objects.filter(level=level)}
    top = max((pt.sort_order for pt in found.values()), default=0)
    posts: list[PostType] = []
    for i, (code, name_hi, name_en, seats) in enumerate(TEAM_POSTS, start=1):
        post = found.get(code)
        if post is None:
            post = post_type_save(
                level=level,
                code=code,
                name_hi=name_hi,
                name_en=name_en,
                seats=seats,
                sort_order=top + i * 10,
            )
            context.created["posts"] += 1
        posts.append(post)
    return posts[0], posts[1]


def _at_six_pm(days: int) -> datetime:
    """Deadlines as offices set them: six in the evening, ``days`` from today (India's time)."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(18, 0)))


def _state_requisition(state: Unit, district: Unit, social: PostType, it: PostType) -> Requisition:
    requisition = requisition_create(
        issuer=state,
        title=STATE_TITLE,
        deadline=_at_six_pm(21),
        asks=[
            AskSpec(post_type=social, min_count=5, min_women=1, phone_required=True),
            AskSpec(post_type=it, min_count=2, phone_required=True),
        ],
        target=Target.CHOSEN,
        chosen_units=[district],
        instructions_hi=STATE_INSTRUCTIONS_HI,
        instructions_en=STATE_INSTRUCTIONS_EN,
    )
    return requisition_issue(requisition=requisition)


def _mandal_requisition(
    district: Unit, panel: Submission, social: PostType, it: PostType
) -> Requisition:
    requisition = requisition_create(
        issuer=district,
        title=MANDAL_TITLE,
        # A few seconds away: the mandal that gets no later deadline below is overdue at once.
        deadline=timezone.now() + timedelta(seconds=5),
        asks=[
            AskSpec(post_type=social, min_count=5, min_women=2, phone_required=True),
            AskSpec(post_type=it, min_count=2, phone_required=True),
        ],
        target=Target.CHILDREN,
        instructions_hi=MANDAL_INSTRUCTIONS_HI,
        instructions_en=MANDAL_INSTRUCTIONS_EN,
        answers=panel,
    )
    requisition_issue(requisition=requisition)
    later = _at_six_pm(7)
    for submission in requisition.submissions.select_related("unit", "requisition"):
        if submission.unit.code != OVERDUE_MANDAL:
            submission_extend_deadline(submission=submission, deadline=later)
    return requisition


def _asks(requisition: Requisition) -> tuple[Ask, Ask]:
    social, it = list(requisition.asks.order_by("sort_order"))
    return social, it


def booth_social_media(mandal: Unit) -> list[Appointment]:
    """The mandal's booth social media in-charges with a phone: the natural candidates.
    The person's checks are made here rather than in SQL: on tables just filled (no
    statistics yet) PostgreSQL would join every appointment to every active person."""
    post = PostType.objects.get(level__name_en="Booth", code="social-media")
    rows = (
        Appointment.objects.active()
        .filter(unit_path__subtree=mandal.path, post_type=post)
        .select_related("person", "unit", "post_type")
        .order_by("unit_path", "person__name")
    )
    return [a for a in rows if a.person.status == PersonStatus.ACTIVE and a.person.phone]


def young_residents(mandal: Unit, today: date) -> QuerySet[Person]:
    """Residents of the mandal aged 20 to 35 with a phone: the IT candidates."""
    return (
        Person.objects.filter(
            unit_path__subtree=mandal.path,
            source=Source.DEMO,
            status=PersonStatus.ACTIVE,
            household__isnull=False,
            birth_year__gte=today.year - 35,
            birth_year__lte=today.year - 20,
        )
        .exclude(phone="")
        .order_by("unit_path", "pk")
    )


def _booth_note(appointment: Appointment) -> str:
    part = appointment.unit.name_hi.split("–")[0].strip()
    return f"बूथ {part} के {appointment.post_type.name_hi}"


def _social_picks(mandal: Unit, count: int) -> list[Appointment]:
    """``count`` in-charges, the first two women (the ask wants at least two)."""
    holders = booth_social_media(mandal)
    women = [a for a in holders if a.person.gender == Gender.FEMALE]
    men = [a for a in holders if a.person.gender != Gender.FEMALE]
    picks = women[:2] + men
    return picks[:count]


def _fill_mandal_panels(context: DemoContext, requisition: Requisition) -> int:
    social, it = _asks(requisition)
    today = timezone.localdate()
    added = 0
    for submission in requisition.submissions.select_related("unit", "requisition"):
        plan = MANDAL_PANELS.get(submission.unit.code or "")
        if plan is None or (plan.social == 0 and plan.it == 0):
            continue
        for appointment in _social_picks(submission.unit, plan.social):
            nominee_add(
                submission=submission,
                ask=social,
                person=appointment.person,
                note=_booth_note(appointment),
            )
            added += 1
        for person in young_residents(submission.unit, today)[: plan.it]:
            nominee_add(submission=submission, ask=it, person=person, note=IT_NOTE)
            added += 1
        if plan.status in (
            SubmissionStatus.SUBMITTED,
            SubmissionStatus.ACCEPTED,
            SubmissionStatus.RETURNED,
        ):
            panel_submit(submission=submission)
            context.created["panels sent"] += 1
        if plan.status == SubmissionStatus.ACCEPTED:
            panel_accept(submission=submission)
        elif plan.status == SubmissionStatus.RETURNED:
            panel_return(submission=submission, reason=RETURN_REASON)
    return added


def _fill_district_panel(context: DemoContext, panel: Submission, mandal_req: Requisition) -> int:
    """Three social media names and one IT name from the mandals' sent panels (a woman
    first, for the state's rule), and one the district adds itself: 4 of 5 and 1 of 2."""
    added = 0
    sent = {
        s.unit.code: s
        for s in mandal_req.submissions.select_related("unit").filter(
            unit__code__in=DISTRICT_SOURCES
        )
    }
    for i, code in enumerate(DISTRICT_SOURCES):
        names = Nomination.objects.filter(submission=sent[code]).select_related("ask", "person")
        social = [n for n in names if n.ask.sort_order == 0]
        woman = next((n for n in social if n.person.gender == Gender.FEMALE), None)
        pick = woman if i == 0 and woman is not None else social[-1]
        nominee_add_from_source(submission=panel, source=pick)
        added += 1
        if i == 0:
            it_name = next(n for n in names if n.ask.sort_order == 1)
            nominee_add_from_source(submission=panel, source=it_name)
            added += 1
    candidates = booth_social_media(context.units[DISTRICT_OWN_FROM])
    if candidates:
        own = candidates[-1]
        social_ask = panel.requisition.asks.order_by("sort_order").first()
        assert social_ask is not None
        nominee_add(submission=panel, ask=social_ask, person=own.person, note=_booth_note(own))
        added += 1
    return added
