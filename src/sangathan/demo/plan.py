"""The demo organisation planned from a fixed random seed, without looking at the database:
the same seed gives the same plan, which is what makes applying it twice write nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sangathan.core.models import Role
from sangathan.demo.seed import (
    BUILDINGS,
    DISTRICT_CODE,
    FEMALE_NAMES,
    MALE_NAMES,
    NORTH_MANDALS,
    PHONE_PREFIXES,
    POSTS,
    SEED,
    SEED_DISTRICT,
    SEED_WORKERS,
    SIBLING_CODE,
    SOUTH_MANDALS,
    SURNAMES,
    F,
    M,
)
from sangathan.lib.phones import InvalidPhone, phone_normalise


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
