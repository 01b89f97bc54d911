"""Demo step two: residents and households: a few thousand people across the demo's booths, in
both scripts and with the spelling variants real registers have, plus a handful of records
entered twice (the duplicates the review queue shows).

Written in bulk (one insert per table) so that ``make run`` stays quick; the planted
duplicates go through the services, so they are flagged exactly as a typed entry would be.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.utils import timezone

from sangathan.core.audit import audit
from sangathan.demo.context import DemoContext
from sangathan.lib import names
from sangathan.lib.phones import phone_normalise
from sangathan.people.dedupe import person_check_duplicates
from sangathan.people.models import (
    Gender,
    Household,
    Person,
    PersonKey,
    RelationKind,
    Source,
)
from sangathan.people.services import PersonFields, person_create, tags_ensure_default
from sangathan.units.models import Unit


def _words(text: str) -> list[str]:
    return text.split()


MALE = _words(
    "राजेश सुरेश रमेश मनोज अनिल विनोद संजय अजय विजय राकेश प्रदीप आशीष अभिषेक गौरव "
    "विकास नितिन पंकज सौरभ अंकित राहुल विवेक शिवम अनुराग प्रमोद कमलेश दिलीप नीरज आलोक "
    "मुकेश योगेश उमेश श्याम मोहन राम सुनील दिनेश महेश गणेश संतोष अवधेश रामू "
    "कन्हैयालाल इरफ़ान सलीम "
)
FEMALE = _words(
    "सुनीता अनीता रेखा पूनम नीलम ममता सीमा किरन प्रीति अंजली रश्मि मीना ऊषा कविता "
    "सरिता वंदना आरती गीता शालिनी ज्योति नेहा पूजा रीता मधु संगीता अर्चना लक्ष्मी "
    "कमला शबनम रुबीना "
)
# Skewed like a real roll: the first few surnames are far more common than the rest.
SURNAMES = _words(
    "शुक्ला यादव गुप्ता सोनकर त्रिपाठी मिश्र वर्मा पाल कुशवाहा निषाद साहू मौर्य शर्मा "
    "सिंह चौहान भदौरिया कटियार सचान दिवाकर जायसवाल पांडेय तिवारी कश्यप बाल्मीकि "
)
STREETS = ["गली नं. 2", "गली नं. 5", "मेन रोड", "बाजार वाली गली", "मंदिर के पास", "नहर किनारे"]
PHONE_PREFIXES = ["9839", "9415", "9450", "9935", "7007", "8400", "6394", "9651"]
# Latin spellings people type for the same Hindi name: the registry must bring them together.
LATIN_VARIANTS = {"Shukla": "Sukla", "Awadhesh": "Avdhesh", "Lakshmi": "Laxmi", "Mishra": "Misra"}


@dataclass
class Member:
    name: str
    gender: str
    relation_kind: str
    relation_name: str
    birth_year: int
    head: bool = False


@dataclass
class ResidentsResult:
    people: int = 0
    households: int = 0
    duplicates_planted: int = 0
    skipped: bool = False
    notes: list[str] = field(default_factory=list)


def _latin(name: str) -> str:
    latin = names.to_latin(name)
    return " ".join(LATIN_VARIANTS.get(word, word) for word in latin.split())


def _phone(rng: random.Random) -> str:
    while True:
        raw = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**6):06d}"
        try:
            return phone_normalise(raw)
        except ValueError:
            continue


def build(context: DemoContext) -> None:
    """The residents of the district's booths; nothing when an earlier run added them."""
    residents = residents_build(context.district)
    if not residents.skipped:
        context.created["residents"] += residents.people
        context.created["households"] += residents.households
        context.created["planted duplicates"] = residents.duplicates_planted


def residents_build(district: Unit, *, seed: int = 2021) -> ResidentsResult:
    """Add the residents of every booth under ``district``; nothing when they are there."""
    result = ResidentsResult()
    if Person.objects.filter(source=Source.DEMO).exists():
        result.skipped = True
        return result
    rng = random.Random(seed)
    tags = {t.code: t for t in tags_ensure_default()}
    booths = list(Unit.objects.filter(path__subtree=district.path, level__depth=6).order_by("path"))
    this_year = timezone.localdate().year
    households: list[Household] = []
    plans: list[tuple[int, list[Member]]] = []
    for booth in booths:
        for h in range(rng.randint(3, 5)):
            households.append(
                Household(
                    unit=booth,
                    unit_path=booth.path,
                    code=f"{booth.code}-{h + 1:02d}",
                    address=f"{rng.randint(1, 240)}/{rng.randint(1, 40)}, {rng.choice(STREETS)}",
                    locality=booth.name_hi.split("–")[-1].strip()[:200],
                    size=rng.randint(2, 7),
                    source=Source.DEMO,
                )
            )
            plans.append((len(households) - 1, _family(rng, this_year)))
    Household.objects.bulk_create(households, batch_size=2000)

    people: list[Person] = []
    heads: dict[int, int] = {}
    for index, family in plans:
        household = households[index]
        for member in family:
            name = member.name
            typed_latin = rng.random() < 0.15
            typed = _latin(name) if typed_latin else name
            person = Person(
                name=typed,
                name_deva=name,
                name_latin=_latin(name) if not typed_latin else typed,
                gender=member.gender,
                relation_kind=member.relation_kind,
                relation_name=member.relation_name,
                birth_year=member.birth_year,
                phone=_phone(rng) if rng.random() < 0.6 else "",
                home_unit_id=household.unit_id,
                unit_path=household.unit_path,
                household=household,
                locality=household.locality,
                address=household.address,
                source=Source.DEMO,
                key_version=names.KEY_VERSION,
            )
            if member.head:
                heads[index] = len(people)
            people.append(person)
    Person.objects.bulk_create(people, batch_size=2000)
    PersonKey.objects.bulk_create(
        [
            PersonKey(person=p, key=key[:32], unit_path=p.unit_path)
            for p in people
            for key in {*names.match_keys(p.name), *names.match_keys(p.name_latin)}
        ],
        batch_size=5000,
    )
    for index, person_index in heads.items():
        households[index].head = people[person_index]
    Household.objects.bulk_update(households, ["head"], batch_size=2000)
    through = Person.tags.through
    links = []
    for person in people:
        age = this_year - (person.birth_year or this_year)
        if person.gender == Gender.FEMALE and 25 <= age <= 55 and rng.random() < 0.2:
            links.append(through(person_id=person.pk, tag_id=tags["domestic-worker"].pk))
        if age >= 70 and rng.random() < 0.3:
            links.append(through(person_id=person.pk, tag_id=tags["elderly-alone"].pk))
        if person.gender == Gender.MALE and 20 <= age <= 50 and rng.random() < 0.1:
            links.append(through(person_id=person.pk, tag_id=tags["daily-wage"].pk))
    through.objects.bulk_create(links, batch_size=5000)
    result.people, result.households = len(people), len(households)
    result.duplicates_planted = _plant_duplicates(rng, booths, this_year)
    audit(
        actor=None,
        unit=district,
        action="people.imported",
        changes={"source": "demo", "people": result.people, "households": result.households},
    )
    return result


def _family(rng: random.Random, this_year: int) -> list[Member]:
    """A head of household, often a wife, some children, sometimes an elderly parent."""
    surname = SURNAMES[min(int(rng.paretovariate(1.2)) - 1, len(SURNAMES) - 1)]
    father = f"{rng.choice(MALE)} {surname}"
    head_born = rng.randint(1955, 1995)
    head = f"{rng.choice(MALE)} {surname}"
    family = [Member(head, Gender.MALE, RelationKind.FATHER, father, head_born, head=True)]
    if rng.random() < 0.85:
        wife = f"{rng.choice(FEMALE)} {'देवी' if rng.random() < 0.3 else surname}"
        born = head_born + rng.randint(0, 6)
        family.append(Member(wife, Gender.FEMALE, RelationKind.HUSBAND, head, born))
    for _ in range(rng.randint(0, 3)):
        born = min(head_born + rng.randint(20, 32), this_year - 1)
        female = rng.random() < 0.5
        child = f"{rng.choice(FEMALE if female else MALE)} {surname}"
        gender = Gender.FEMALE if female else Gender.MALE
        family.append(Member(child, gender, RelationKind.FATHER, head, born))
    return family


# Records entered twice, as happens when two workers register the same family: the second
# time in the other script or another spelling. Govind Nagar's first booth gets the one the
# browser journey resolves.
PLANTED = [
    ("संतोष शुक्ला", "Santosh Sukla", "रमाकांत शुक्ला", 1974),
    ("अवधेश सोनकर", "Avdhesh Sonkar", "रामप्रसाद सोनकर", 1968),
    ("लक्ष्मी देवी", "Laxmi Devi", "मुन्नालाल यादव", 1981),
    ("कन्हैयालाल गुप्ता", "Kanhaiya Lal Gupta", "बाबूलाल गुप्ता", 1959),
    ("इरफ़ान अहमद", "Irfan Ahmad", "शकील अहमद", 1985),
    ("सुनीता देवी", "Sunita Devi", "राजेंद्र पाल", 1979),
]


def _plant_duplicates(rng: random.Random, booths: list[Unit], this_year: int) -> int:
    planted = 0
    for i, (hindi, latin, relation, born) in enumerate(PLANTED):
        booth = booths[i * 7 % len(booths)]
        gender = Gender.FEMALE if hindi.endswith("देवी") else Gender.MALE
        relation_kind = RelationKind.HUSBAND if gender == Gender.FEMALE else RelationKind.FATHER
        for typed, year in ((hindi, born), (latin, born + rng.choice([0, 1]))):
            person = person_create(
                details=PersonFields(
                    name=typed,
                    gender=gender,
                    relation_kind=relation_kind,
                    relation_name=relation,
                    birth_year=year,
                    locality=booth.name_hi.split("–")[-1].strip(),
                ),
                home_unit=booth,
                source=Source.DEMO,
            )
            person_check_duplicates(person)
        planted += 1
    return planted


def residents_count() -> int:
    return Person.objects.filter(source=Source.DEMO).count()
