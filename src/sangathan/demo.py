"""The demo organisation: कानपुर महानगर उत्तर as the seed report describes it, with its mandals,
shakti kendras and about 300 booths, office-bearers (the people named in the report among
them), realistic vacancies, and the five persona logins.

Everything is written through the services, as an operator would, so the demo also exercises
the rules (seats, reservation for women, audit). The organisation is first *planned* from a
fixed random seed, without looking at the database, and then *applied*: a unit is recognised by
its code, a person by name and unit, an appointment by person, post and unit, an account by
username. Applying the same plan a second time therefore finds everything in place and writes
nothing.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction

from sangathan.core.models import Grant, Role, User
from sangathan.core.services import grant_set, user_create, user_set_password
from sangathan.demo_people import residents_build
from sangathan.lib.phones import InvalidPhone, phone_normalise
from sangathan.people.models import Gender, Person
from sangathan.people.services import person_create
from sangathan.units.models import Appointment, Level, PostType, Unit
from sangathan.units.services import (
    appointment_create,
    appointment_end,
    levels_ensure_default,
    post_type_save,
    unit_create,
)

DEFAULT_PASSWORD = "sangathan-demo"
SEED = 2021  # the year of the meeting in the seed report
DISTRICT_CODE = "KNP-N"
SIBLING_CODE = "KNP-S"

F, M = Gender.FEMALE.value, Gender.MALE.value

# --- Posts per level: (code, Hindi, English, seats, at least this many women) ------------------

POSTS: dict[str, list[tuple[str, str, str, int, int]]] = {
    "District": [
        ("president", "अध्यक्ष", "President", 1, 0),
        ("vice-president", "उपाध्यक्ष", "Vice-president", 6, 0),
        ("general-secretary", "महामंत्री", "General secretary", 3, 0),
        ("secretary", "मंत्री", "Secretary", 6, 2),
        ("treasurer", "कोषाध्यक्ष", "Treasurer", 1, 0),
        ("social-media", "सोशल मीडिया प्रभारी", "Social media in-charge", 1, 0),
        ("it", "आईटी प्रभारी", "IT in-charge", 1, 0),
    ],
    "Mandal": [
        ("president", "अध्यक्ष", "President", 1, 0),
        ("general-secretary", "महामंत्री", "General secretary", 2, 0),
        ("secretary", "मंत्री", "Secretary", 3, 1),
        ("social-media", "सोशल मीडिया प्रभारी", "Social media in-charge", 1, 0),
        ("it", "आईटी प्रभारी", "IT in-charge", 1, 0),
    ],
    "Shakti Kendra": [
        ("convenor", "संयोजक", "Convenor", 1, 0),
        ("in-charge", "प्रभारी", "In-charge", 1, 0),
    ],
    "Booth": [
        ("booth-president", "बूथ अध्यक्ष", "Booth president", 1, 0),
        ("social-media", "सोशल मीडिया प्रभारी", "Social media in-charge", 1, 0),
        ("booth-worker", "बूथ स्तरीय कार्यकर्ता", "Booth-level worker", 10, 0),
    ],
}

# --- Places ------------------------------------------------------------------------------------

# (code, Hindi, English, assembly constituency number, localities (Hindi, English))
NORTH_MANDALS: list[tuple[str, str, str, int, list[tuple[str, str]]]] = [
    ("KNN-GN", "गोविंद नगर", "Govind Nagar", 212, [
        ("दादा नगर", "Dada Nagar"), ("रतन लाल नगर", "Ratan Lal Nagar"), ("दबौली", "Dabauli"),
        ("फजलगंज", "Fazalganj"), ("नेहरू नगर", "Nehru Nagar"), ("विजय नगर", "Vijay Nagar"),
        ("गुजैनी", "Gujaini"), ("हरि नगर", "Hari Nagar"),
    ]),
    ("KNN-KN", "किदवई नगर", "Kidwai Nagar", 215, [
        ("साकेत नगर", "Saket Nagar"), ("जूही", "Juhi"), ("बसंत विहार", "Basant Vihar"),
        ("गोपाल नगर", "Gopal Nagar"), ("जरौली", "Jarauli"), ("बाबूपुरवा", "Babupurwa"),
        ("हंसपुरम", "Hanspuram"), ("रामपुरम", "Rampuram"),
    ]),
    ("KNN-AN", "आर्य नगर", "Arya Nagar", 214, [
        ("तिलक नगर", "Tilak Nagar"), ("गुमटी नंबर 5", "Gumti No. 5"), ("पी रोड", "P Road"),
        ("लाजपत नगर", "Lajpat Nagar"), ("बेनाझाबर", "Benajhabar"), ("कौशलपुरी", "Kaushalpuri"),
        ("गांधी नगर", "Gandhi Nagar"), ("जवाहर नगर", "Jawahar Nagar"),
    ]),
    ("KNN-SN", "स्वरूप नगर", "Swaroop Nagar", 214, [
        ("आज़ाद नगर", "Azad Nagar"), ("मोतीझील", "Motijheel"), ("खलासी लाइन", "Khalasi Line"),
        ("ग्वालटोली", "Gwaltoli"), ("विष्णुपुरी", "Vishnupuri"), ("सिविल लाइंस", "Civil Lines"),
        ("पांडु नगर", "Pandu Nagar"), ("काकादेव", "Kakadeo"),
    ]),
    ("KNN-KP", "कल्याणपुर", "Kalyanpur", 211, [
        ("आवास विकास", "Awas Vikas"), ("पनकी", "Panki"), ("शारदा नगर", "Sharda Nagar"),
        ("इंदिरा नगर", "Indira Nagar"), ("गीता नगर", "Geeta Nagar"), ("बारासिरोही", "Barasirohi"),
        ("मसवानपुर", "Maswanpur"), ("सत्यम विहार", "Satyam Vihar"),
    ]),
    ("KNN-RP", "रावतपुर", "Rawatpur", 211, [
        ("रावतपुर गांव", "Rawatpur Gaon"), ("केशवपुरम", "Keshavpuram"), ("विकास नगर", "Vikas Nagar"),
        ("लखनपुर", "Lakhanpur"), ("मैनावती मार्ग", "Mainavati Marg"), ("गूबा गार्डन", "Guba Garden"),
        ("सरस्वती नगर", "Saraswati Nagar"), ("नारायणपुरी", "Narayanpuri"),
    ]),
    ("KNN-NG", "नवाबगंज", "Nawabganj", 213, [
        ("पुराना कानपुर", "Purana Kanpur"), ("ख्योरा", "Khyora"), ("गंगा बैराज", "Ganga Barrage"),
        ("कंपनी बाग", "Company Bagh"), ("आनंद नगर", "Anand Nagar"), ("शांति नगर", "Shanti Nagar"),
        ("सुभाष नगर", "Subhash Nagar"), ("राम नगर", "Ram Nagar"),
    ]),
    ("KNN-SM", "सीसामऊ", "Sisamau", 213, [
        ("सीसामऊ बाज़ार", "Sisamau Bazar"), ("चमनगंज", "Chamanganj"), ("बेकनगंज", "Beconganj"),
        ("प्रेम नगर", "Prem Nagar"), ("दलेलपुरवा", "Dalelpurwa"), ("कर्नलगंज", "Colonelganj"),
        ("हीरामन का पुरवा", "Hiraman ka Purwa"), ("नई सड़क", "Nai Sadak"),
    ]),
]  # fmt: skip

SOUTH_MANDALS: list[tuple[str, str, str, int, list[tuple[str, str]]]] = [
    ("KNS-BR", "बर्रा", "Barra", 217, [("बर्रा 2", "Barra 2"), ("बर्रा 8", "Barra 8")]),
    ("KNS-NB", "नौबस्ता", "Naubasta", 217, [
        ("यशोदा नगर", "Yashoda Nagar"), ("मछरिया", "Machhariya"),
    ]),
]  # fmt: skip

BUILDINGS = [
    ("प्राथमिक विद्यालय", "Primary School"),
    ("पूर्व माध्यमिक विद्यालय", "Upper Primary School"),
    ("नगर निगम बालिका विद्यालय", "Municipal Girls' School"),
    ("इंटर कॉलेज", "Inter College"),
    ("सामुदायिक भवन", "Community Hall"),
]


def _words(text: str) -> list[str]:
    return text.split()


# --- People ------------------------------------------------------------------------------------

MALE_NAMES = _words(
    "राजेश सुरेश रमेश मनोज अनिल विनोद संजय अजय विजय राकेश प्रदीप आशीष अभिषेक गौरव विकास "
    "नितिन पंकज सौरभ अंकित राहुल विवेक शिवम अनुराग प्रमोद कमलेश दिलीप ब्रजेश नीरज हिमांशु "
    "आलोक मुकेश योगेश शैलेंद्र राघवेंद्र उमेश हरिओम श्याम कृष्ण मोहित अरुण"
)
FEMALE_NAMES = _words(
    "सुनीता अनीता रेखा पूनम नीलम ममता सीमा किरन प्रीति अंजली रश्मि मीना ऊषा कविता सरिता "
    "वंदना आरती गीता शालिनी ज्योति नेहा पूजा रीता मधु संगीता अर्चना"
)
SURNAMES = _words(
    "शुक्ला त्रिपाठी मिश्र दीक्षित बाजपेई अवस्थी गुप्ता अग्रवाल यादव सोनकर कुशवाहा पाल "
    "निषाद कश्यप वर्मा श्रीवास्तव सिंह चौहान राठौर भदौरिया सेंगर कटियार सचान गौतम दिवाकर "
    "जायसवाल साहू मौर्य शर्मा पांडेय तिवारी द्विवेदी ओमर पोरवाल खत्री अरोड़ा"
)
# Mobile series common in Kanpur; each generated number is checked with lib/phones.
PHONE_PREFIXES = ["9839", "9415", "9450", "9935", "7007", "8400", "6394", "9651", "8299", "7355"]

# The district's office-bearers as the seed report names them (जिला अध्यक्ष and attendees).
SEED_DISTRICT: list[tuple[str, str]] = [
    ("president", "सुनील बजाज"),
    ("vice-president", "संतोष शुक्ला"),
    ("vice-president", "रंजीत भदौरिया"),
    ("vice-president", "परमानंद शुक्ला"),
    ("general-secretary", "वीरेश त्रिपाठी"),
    ("general-secretary", "अवधेश सोनकर"),
    ("general-secretary", "जितेंद्र शर्मा"),
    ("secretary", "धीरज बाल्मिक"),
    ("secretary", "दीपक चौहान"),
    ("secretary", "दिनेश मौर्य"),
    ("treasurer", "अमित गुप्ता"),
    ("social-media", "सत्यम शुक्ला"),
    ("it", "अर्पित गुप्ता"),
]
# Attendees who are workers rather than office-bearers: booth-level workers in Govind Nagar.
SEED_WORKERS = ["रोहित साहू", "सचिन शुक्ला"]


@dataclass
class PersonSpec:
    name: str
    gender: str
    phone: str = ""  # as typed; the service stores E.164


@dataclass
class SeatSpec:
    post: str
    person: PersonSpec
    start: date
    ended: tuple[date, str] | None = None  # (until, reason): history, and a vacancy


@dataclass
class UnitSpec:
    level: str  # English name of the default level
    code: str
    name_hi: str
    name_en: str
    seats: list[SeatSpec] = field(default_factory=list)
    residents: list[PersonSpec] = field(default_factory=list)  # people with no post
    children: list[UnitSpec] = field(default_factory=list)

    def walk(self) -> list[UnitSpec]:
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


@dataclass
class PersonaSpec:
    username: str
    role: str
    unit_code: str
    person_name: str


@dataclass
class Login:
    username: str
    role: str
    unit: Unit
    password: str  # what to type, or a note when the account's password was changed since


@dataclass
class DemoResult:
    created: Counter[str]
    skipped: list[str]
    logins: list[Login]
    district: Unit

    @property
    def changed(self) -> bool:
        return sum(self.created.values()) > 0


# --- Planning (no database) --------------------------------------------------------------------


class _People:
    """Plausible Hindi names and valid, distinct Indian mobile numbers from one RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.phones: set[str] = set()

    def phone(self) -> str:
        while True:
            prefix = self.rng.choice(PHONE_PREFIXES)
            number = prefix + "".join(self.rng.choice("0123456789") for _ in range(10 - 4))
            if number in self.phones:
                continue
            try:
                phone_normalise(number)
            except InvalidPhone:
                continue
            self.phones.add(number)
            return f"{number[:5]} {number[5:]}"

    def person(self, gender: str, taken: set[str], *, phone_share: float = 1.0) -> PersonSpec:
        first_names = FEMALE_NAMES if gender == F else MALE_NAMES
        while True:
            name = f"{self.rng.choice(first_names)} {self.rng.choice(SURNAMES)}"
            if name not in taken:
                taken.add(name)
                break
        phone = self.phone() if self.rng.random() < phone_share else ""
        return PersonSpec(name=name, gender=gender, phone=phone)

    def day(self, start: date, spread_days: int) -> date:
        return start + timedelta(days=self.rng.randrange(spread_days))


def _fill(
    unit: UnitSpec,
    people: _People,
    post: tuple[str, str, str, int, int],
    *,
    share: float,
    women: float,
    start: date,
    spread: int = 60,
    phone_share: float = 1.0,
    taken: set[str],
) -> None:
    """Fill each seat of ``post`` with probability ``share``. Genders are drawn for a full
    house that keeps the reservation rule, so any subset of it does too."""
    code, _hi, _en, seats, min_women = post
    genders = [F] * min_women + [F if people.rng.random() < women else M for _ in range(seats)]
    for gender in genders[:seats]:
        if people.rng.random() < share:
            person = people.person(gender, taken, phone_share=phone_share)
            unit.seats.append(SeatSpec(code, person, people.day(start, spread)))


def _post(level: str, code: str) -> tuple[str, str, str, int, int]:
    return next(p for p in POSTS[level] if p[0] == code)


def _mandal(
    people: _People,
    code: str,
    name_hi: str,
    name_en: str,
    ac: int,
    localities: list[tuple[str, str]],
    *,
    kendras: int,
    first_part: int,
    social_media_share: float,
) -> tuple[UnitSpec, int]:
    """A mandal with its office-bearers, ``kendras`` shakti kendras of 4–6 booths each.
    Booth codes are ECI-like: assembly constituency number and part number (212045)."""
    mandal = UnitSpec("Mandal", code, name_hi, name_en)
    taken: set[str] = set()
    mandal.seats.append(SeatSpec("president", people.person(M, taken), date(2021, 1, 10)))
    for post_code, share, women in [
        ("general-secretary", 0.85, 0.2),
        ("secretary", 0.75, 0.3),
        ("social-media", 0.85, 0.3),
        ("it", 0.7, 0.2),
    ]:
        _fill(mandal, people, _post("Mandal", post_code), share=share, women=women,
              start=date(2021, 1, 10), taken=taken)  # fmt: skip
    part = first_part
    for k, (loc_hi, loc_en) in enumerate(localities[:kendras], start=1):
        kendra = UnitSpec("Shakti Kendra", f"{code}-SK{k:02d}", loc_hi, loc_en)
        taken = set()
        _fill(kendra, people, _post("Shakti Kendra", "convenor"), share=0.9, women=0.15,
              start=date(2021, 2, 1), taken=taken)  # fmt: skip
        _fill(kendra, people, _post("Shakti Kendra", "in-charge"), share=0.75, women=0.2,
              start=date(2021, 2, 1), taken=taken)  # fmt: skip
        booths = people.rng.randint(4, 6)
        buildings = people.rng.sample(BUILDINGS, k=people.rng.choice([1, 2, 2, 3]))
        for b in range(booths):
            # Named as the electoral roll names a part: "45 – प्राथमिक विद्यालय दादा नगर, कक्ष 2".
            bld_hi, bld_en = buildings[b % len(buildings)]
            rooms = len(range(b % len(buildings), booths, len(buildings)))
            room = b // len(buildings) + 1
            name_hi = f"{part} – {bld_hi} {loc_hi}" + (f", कक्ष {room}" if rooms > 1 else "")
            name_en = f"{part} – {bld_en}, {loc_en}" + (f", room {room}" if rooms > 1 else "")
            booth = UnitSpec("Booth", f"{ac}{part:03d}", name_hi, name_en)
            _booth_people(booth, people, social_media_share)
            kendra.children.append(booth)
            part += 1
        mandal.children.append(kendra)
    return mandal, part


def _booth_people(booth: UnitSpec, people: _People, social_media_share: float) -> None:
    taken: set[str] = set()
    start = date(2021, 3, 1)
    _fill(booth, people, _post("Booth", "booth-president"), share=0.93, women=0.15,
          start=start, spread=90, taken=taken)  # fmt: skip
    if people.rng.random() < social_media_share:
        person = people.person(F if people.rng.random() < 0.3 else M, taken)
        seat = SeatSpec("social-media", person, people.day(date(2021, 6, 1), 60))
        if people.rng.random() < 0.05:
            # Held once, then left: the history shows who, the vacancy view shows the gap.
            seat.ended = (people.day(date(2022, 4, 1), 200), "दूसरे शहर चले गए")
        booth.seats.append(seat)
    for _ in range(people.rng.randint(0, 4)):
        gender = F if people.rng.random() < 0.25 else M
        person = people.person(gender, taken, phone_share=0.85)
        booth.seats.append(SeatSpec("booth-worker", person, people.day(start, 120)))


def _district_people(district: UnitSpec, people: _People) -> None:
    taken = {name for _, name in SEED_DISTRICT}
    start = date(2020, 11, 20)
    for post_code, name in SEED_DISTRICT:
        district.seats.append(SeatSpec(post_code, PersonSpec(name, M, people.phone()), start))
    # Filled up to 5 of 6 vice-presidents and 5 of 6 secretaries, two of them women.
    district.seats.append(SeatSpec("vice-president", people.person(F, taken), start))
    district.seats.append(SeatSpec("vice-president", people.person(M, taken), start))
    district.seats.append(SeatSpec("secretary", people.person(F, taken), start))
    district.seats.append(SeatSpec("secretary", people.person(F, taken), start))


def plan_organisation(seed: int = SEED) -> tuple[UnitSpec, list[PersonaSpec]]:
    """The whole demo organisation and its personas. Pure: the same seed, the same plan."""
    rng = random.Random(seed)
    people = _People(rng)
    state = UnitSpec("State", "UP", "उत्तर प्रदेश", "Uttar Pradesh")
    state_person = people.person(M, set())
    state.residents.append(state_person)
    region = UnitSpec("Region", "UP-AWADH", "अवध क्षेत्र", "Awadh Region")
    state.children.append(region)

    north = UnitSpec("District", DISTRICT_CODE, "कानपुर महानगर उत्तर", "Kanpur Mahanagar North")
    _district_people(north, people)
    next_part: dict[int, int] = {}
    for code, name_hi, name_en, ac, localities in NORTH_MANDALS:
        mandal, next_part[ac] = _mandal(
            people, code, name_hi, name_en, ac, localities,
            kendras=rng.choice([7, 8]),
            first_part=next_part.get(ac, 1),
            social_media_share=rng.uniform(0.70, 0.90),
        )  # fmt: skip
        north.children.append(mandal)
    region.children.append(north)

    south = UnitSpec("District", SIBLING_CODE, "कानपुर महानगर दक्षिण", "Kanpur Mahanagar South")
    taken: set[str] = set()
    south.seats.append(SeatSpec("president", people.person(M, taken), date(2020, 11, 20)))
    _fill(south, people, _post("District", "general-secretary"), share=0.7, women=0.3,
          start=date(2020, 11, 20), taken=taken)  # fmt: skip
    for code, name_hi, name_en, ac, localities in SOUTH_MANDALS:
        mandal, next_part[ac] = _mandal(
            people, code, name_hi, name_en, ac, localities,
            kendras=2, first_part=next_part.get(ac, 1), social_media_share=0.8,
        )  # fmt: skip
        south.children.append(mandal)
    region.children.append(south)

    # रोहित साहू and सचिन शुक्ला work in the first two booths of गोविंद नगर.
    govind_nagar = north.children[0]
    booths = [b for kendra in govind_nagar.children for b in kendra.children]
    for booth, name in zip(booths, SEED_WORKERS, strict=False):
        booth.seats.append(
            SeatSpec("booth-worker", PersonSpec(name, M, people.phone()), date(2021, 3, 1))
        )
    mandal_president = govind_nagar.seats[0].person.name
    south_president = south.seats[0].person.name
    personas = [
        PersonaSpec("state", Role.ADMIN, state.code, state_person.name),
        PersonaSpec("district", Role.EDITOR, north.code, "सुनील बजाज"),
        PersonaSpec("mandal", Role.EDITOR, govind_nagar.code, mandal_president),
        PersonaSpec("booth", Role.WORKER, booths[0].code, SEED_WORKERS[0]),
        PersonaSpec("outsider", Role.EDITOR, south.code, south_president),
    ]
    return state, personas


# --- Applying (through the services) -----------------------------------------------------------


class DemoError(Exception):
    """The database cannot take the demo (e.g. its levels are not the default ones)."""


class _Loader:
    def __init__(self, root: UnitSpec, password: str, password_given: bool) -> None:
        self.password = password
        self.password_given = password_given
        self.created: Counter[str] = Counter()
        self.skipped: list[str] = []
        self.levels = self._levels()
        specs = root.walk()
        codes = [spec.code for spec in specs]
        # Everything already there is read up front, in a few queries, so that a second run
        # does no per-booth lookups at all.
        self.units: dict[str, Unit] = {
            u.code: u for u in Unit.objects.filter(code__in=codes).select_related("level")
        }
        self.people: dict[tuple[str, int], Person] = {
            (p.name, p.home_unit_id): p
            for p in Person.objects.filter(home_unit__code__in=codes)
            if p.home_unit_id is not None
        }
        self.appointments: set[tuple[int, int, int]] = set(
            Appointment.objects.filter(unit__code__in=codes).values_list(
                "person_id", "post_type_id", "unit_id"
            )
        )
        self.posts = self._posts()

    def _levels(self) -> dict[str, Level]:
        levels = {level.name_en: level for level in levels_ensure_default()}
        missing = [name for name in POSTS if name not in levels] + [
            name for name in ("State", "Region") if name not in levels
        ]
        if missing:
            raise DemoError(
                "The demo needs the default levels; these are missing: " + ", ".join(missing)
            )
        return levels

    def _posts(self) -> dict[tuple[str, str], PostType]:
        existing = {
            (pt.level.name_en, pt.code): pt
            for pt in PostType.objects.filter(level__in=self.levels.values()).select_related(
                "level"
            )
        }
        for level_name, posts in POSTS.items():
            for order, (code, name_hi, name_en, seats, min_women) in enumerate(posts):
                if (level_name, code) in existing:
                    continue  # an operator may have changed it since; leave it be
                existing[(level_name, code)] = post_type_save(
                    level=self.levels[level_name],
                    code=code,
                    name_hi=name_hi,
                    name_en=name_en,
                    seats=seats,
                    min_women=min_women,
                    sort_order=order * 10,
                )
                self.created["posts"] += 1
        return existing

    def unit(self, spec: UnitSpec, parent: Unit | None) -> Unit:
        unit = self.units.get(spec.code)
        if unit is None:
            unit = unit_create(
                level=self.levels[spec.level],
                name_hi=spec.name_hi,
                name_en=spec.name_en,
                code=spec.code,
                parent=parent,
            )
            self.units[spec.code] = unit
            self.created["units"] += 1
        return unit

    def person(self, spec: PersonSpec, unit: Unit) -> Person:
        person = self.people.get((spec.name, unit.pk))
        if person is None:
            person = person_create(
                name=spec.name, gender=spec.gender, phone=spec.phone, home_unit=unit
            )
            self.people[(spec.name, unit.pk)] = person
            self.created["people"] += 1
        return person

    def seat(self, spec: SeatSpec, unit: Unit, level: str) -> None:
        person = self.person(spec.person, unit)
        post_type = self.posts[(level, spec.post)]
        key = (person.pk, post_type.pk, unit.pk)
        if key in self.appointments:
            return  # held now or once: either way the demo has been here
        try:
            appointment = appointment_create(
                person=person, post_type=post_type, unit=unit, start_date=spec.start
            )
        except ValidationError as exc:
            # An operator filled the seat meanwhile; their data wins over the demo's.
            self.skipped.append(f"{unit.name_hi}: {'; '.join(exc.messages)}")
            return
        self.appointments.add(key)
        self.created["appointments"] += 1
        if spec.ended is not None:
            until, reason = spec.ended
            appointment_end(appointment=appointment, end_date=until, reason=reason)

    def tree(
        self, spec: UnitSpec, parent: Unit | None, advance: Callable[[int], None] | None
    ) -> None:
        unit = self.unit(spec, parent)
        for resident in spec.residents:
            self.person(resident, unit)
        for seat in spec.seats:
            self.seat(seat, unit, spec.level)
        if advance is not None:
            advance(1)
        for child in spec.children:
            self.tree(child, unit, advance)

    def persona(self, spec: PersonaSpec) -> Login | None:
        unit = self.units[spec.unit_code]
        person = self.people[(spec.person_name, unit.pk)]
        user = User.objects.filter(username__iexact=spec.username).first()
        password = self.password
        if user is None:
            user = user_create(username=spec.username, password=self.password, person=person)
            self.created["accounts"] += 1
        elif user.person_id != person.pk:
            self.skipped.append(
                f"The account {spec.username} exists and is not the demo's; it was left alone."
            )
            return None
        elif not check_password(self.password, user.password):
            if self.password_given:
                user_set_password(user=user, password=self.password)
                self.created["passwords"] += 1
            else:
                password = "(changed since the demo was loaded)"
        if not Grant.objects.filter(user=user, unit=unit).exists():
            grant_set(user=user, unit=unit, role=spec.role)
            self.created["grants"] += 1
        role = Grant.objects.get(user=user, unit=unit).role
        return Login(username=spec.username, role=role, unit=unit, password=password)


def demo_size() -> int:
    """How many units the demo has: the length of a progress bar."""
    root, _ = plan_organisation()
    return len(root.walk())


def demo_build(
    *,
    password: str = DEFAULT_PASSWORD,
    password_given: bool = False,
    advance: Callable[[int], None] | None = None,
) -> DemoResult:
    """Build (or complete) the demo organisation. Idempotent: a second call writes nothing.

    Existing persona accounts keep their password unless ``password_given`` (the operator
    asked for one), so a demo re-run never undoes a password someone chose."""
    root, personas = plan_organisation()
    with transaction.atomic():
        loader = _Loader(root, password, password_given)
        loader.tree(root, None, advance)
        logins = [login for spec in personas if (login := loader.persona(spec)) is not None]
        residents = residents_build(loader.units[DISTRICT_CODE])
        if not residents.skipped:
            loader.created["residents"] = loader.created.get("residents", 0) + residents.people
            loader.created["households"] = (
                loader.created.get("households", 0) + residents.households
            )
            loader.created["planted duplicates"] = residents.duplicates_planted
    return DemoResult(
        created=loader.created,
        skipped=loader.skipped,
        logins=logins,
        district=loader.units[DISTRICT_CODE],
    )
