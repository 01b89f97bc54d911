"""Looking people up at a distribution point: by name (either script) or phone, the person
picked by id, who referred a newcomer, people like a newcomer being typed in.

Every look-up goes through one ``selectors.PointReach`` (``selectors.point_reach``), so an id
one look-up offers is always accepted by the next, and the hand-over takes it too. What is
shown of each person is what the counter needs to hand over and no more: name, household
head, booth and locality, the phone masked below an editor of the person's unit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import prefetch_related_objects
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from sangathan.core.access import reach_of
from sangathan.core.models import Role
from sangathan.lib.phones import phone_display, phone_mask
from sangathan.lib.text import clean_text
from sangathan.people.models import Person, PersonStatus
from sangathan.people.search import Hit, person_search

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.relief.selectors import PointReach

SEARCH_LIMIT = 8
# Likely duplicates are looked up once this much of a name is typed: fewer letters match half
# the registry.
DUPLICATE_MIN_LETTERS = 3
# A typed referrer is taken without asking only when they are the one match and found as
# written (or by their phone): a spelling variant is offered to confirm instead.
REFERRER_SURE = 100.0


def people_matching(
    reach: PointReach, query: str, *, limit: int = SEARCH_LIMIT, include_held: bool = False
) -> list[Hit]:
    return person_search(
        reach.user, query, within=reach.within, limit=limit, include_held=include_held
    )


def person_visible(reach: PointReach, raw: str | None) -> Person | None:
    """The person with this id if the reach covers them. Someone held for duplicate review
    counts: a newcomer just added at the counter may be held, and is standing there."""
    try:
        key = UUID(raw or "")
    except ValueError:
        return None
    people = Person.objects.filter(
        reach.people(), status__in=[PersonStatus.ACTIVE, PersonStatus.HELD]
    )
    found: Person | None = people.select_related("household", "home_unit").filter(uuid=key).first()
    return found


def person_chosen(reach: PointReach, raw: str | None) -> Person | None:
    """The chosen person, if the reach covers them (else 404: same as unknown)."""
    if not raw:
        return None
    found = person_visible(reach, raw)
    if found is None:
        raise Http404
    return found


@dataclass
class Referrer:
    """Who referred someone, as a form said it: picked (an id) or typed (a name or a phone).
    Unsettled while it has ``choices`` to pick from or an ``error``."""

    person: Person | None = None
    typed: str = ""
    choices: list[Person] = field(default_factory=list)
    error: str = ""

    @property
    def settled(self) -> bool:
        return not self.choices and not self.error


def referrer_read(form: QueryDict, reach: PointReach) -> Referrer:
    """Who referred them. Typed text is looked up the way the picker looks it up: one match
    found as written is taken, several (or a spelling variant) are offered as choices, and a
    choice picked among them is taken. With nothing typed, the id picked by the JavaScript
    picker is taken if the reach covers that person."""
    picked = [v.strip() for v in form.getlist("referred_by") if v.strip()]
    typed = clean_text(form.get("referred_by_text", ""))
    if not typed:
        if not picked:
            return Referrer()
        found = person_visible(reach, picked[0])
        if found is None:
            return Referrer(error=_("There is no such person in your units."))
        return Referrer(person=found)
    # Text typed after a pick means someone else: the pick counts only if the text finds it.
    hits = people_matching(reach, typed)
    chosen = next((h.person for h in hits if str(h.person.uuid) in picked), None)
    if chosen is not None:
        return Referrer(person=chosen, typed=typed)
    if len(hits) == 1 and hits[0].score >= REFERRER_SURE:
        return Referrer(person=hits[0].person, typed=typed)
    if hits:
        return Referrer(typed=typed, choices=[h.person for h in hits])
    return Referrer(
        typed=typed,
        error=_(
            "Nobody in this drive's units matches “%(typed)s”. Check the spelling, or give "
            "their phone number."
        )
        % {"typed": typed},
    )


def people_alike(reach: PointReach, *, name: str, phone: str) -> tuple[list[Person], bool]:
    """People the reach covers with the typed phone, or a name like the typed one (held ones
    too: a newcomer added a moment ago waits for review); and whether enough was typed to
    look. The same check as one types and when the form is posted."""
    name, phone = clean_text(name), clean_text(phone)
    found: dict[int, Person] = {}
    queries = []
    if len(name.replace(" ", "")) >= DUPLICATE_MIN_LETTERS:
        queries.append(name)
    if sum(c.isdigit() for c in phone) >= 10:
        queries.append(phone)
    for query in queries:
        for hit in people_matching(reach, query, include_held=True):
            found.setdefault(hit.person.pk, hit.person)
    return list(found.values()), bool(queries)


@dataclass(frozen=True)
class PersonCard:
    """A person as the counter sees them: enough to tell two people apart and hand over."""

    person: Person
    phone: str  # in full for an editor of the person's unit, masked (98xxxxxx10) otherwise
    head: Person | None  # the head of their household, when it is someone else
    place: str  # their locality, else their household's locality or address

    @property
    def booth(self) -> str:
        return self.person.home_unit.name if self.person.home_unit is not None else ""


def person_cards(viewer: AnyUser, people: Iterable[Person]) -> list[PersonCard]:
    """Cards for ``people`` as ``viewer`` may see them (households read in one query)."""
    people = list(people)
    # A household already read with its person is not read again; heads come in one query.
    prefetch_related_objects(people, "household__head")
    reach = reach_of(viewer)
    editor = Role.rank(Role.EDITOR)
    cards = []
    for person in people:
        role = reach.role_at(person.unit_path)
        full = role is not None and Role.rank(role) >= editor
        phone = (phone_display if full else phone_mask)(person.phone) if person.phone else ""
        home = person.household
        head = home.head if home is not None and home.head_id != person.pk else None
        place = person.locality or (home.locality or home.address if home is not None else "")
        cards.append(PersonCard(person=person, phone=phone, head=head, place=place))
    return cards
