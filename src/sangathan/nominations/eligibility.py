"""The live checks of a panel: shown on every change and run again when it is submitted.

Each problem is one whole translated sentence. ``panel_check`` returns them with a machine code
and the nomination they concern (for the API and for marking a row on the page);
``panel_problems`` returns just the sentences.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sangathan.nominations.models import Ask, Nomination, Submission
from sangathan.people.models import Gender, PersonStatus
from sangathan.units.models import Appointment

if TYPE_CHECKING:
    from sangathan.people.models import Person


@dataclass(frozen=True)
class Problem:
    """One reason a panel cannot be sent (or a person cannot be on it)."""

    code: str  # count_short, count_over, women_short, outside, age_low, age_high, age_unknown,
    # no_phone, conflict, twice, inactive
    message: str
    ask: str | None = None  # Ask.uuid
    nomination: str | None = None  # Nomination.uuid
    person: str | None = None  # Person.uuid


def person_problems(
    *,
    submission: Submission,
    ask: Ask,
    person: Person,
    conflicting_post_ids: set[int] | None = None,
    held_post_ids: set[int] | None = None,
) -> list[Problem]:
    """Why ``person`` may not be on ``submission``'s panel for ``ask`` (empty: eligible).
    The two id sets let a caller checking a whole panel read them once; alone, this reads
    them itself."""
    name = person.name
    unit = submission.unit
    problems: list[Problem] = []

    def add(code: str, message: str) -> None:
        problems.append(
            Problem(code=code, message=message, ask=str(ask.uuid), person=str(person.uuid))
        )

    if person.status not in (PersonStatus.ACTIVE, PersonStatus.HELD):
        add(
            "inactive",
            _("%(person)s is no longer an active record in the registry.") % {"person": name},
        )
    if not person.unit_path or not person.unit_path.startswith(unit.path):
        add(
            "outside",
            _("%(person)s is not in %(unit)s or a unit under it.")
            % {"person": name, "unit": unit.name},
        )
    post = ask.post_type.name
    if ask.age_min is not None or ask.age_max is not None:
        if person.birth_year is None:
            add(
                "age_unknown",
                _("The age of %(person)s is not known, and %(post)s has an age limit.")
                % {"person": name, "post": post},
            )
        else:
            age = timezone.localdate().year - person.birth_year
            if ask.age_min is not None and age < ask.age_min:
                add(
                    "age_low",
                    _("%(person)s is %(age)s; %(post)s needs people aged at least %(limit)s.")
                    % {"person": name, "age": age, "post": post, "limit": ask.age_min},
                )
            if ask.age_max is not None and age > ask.age_max:
                add(
                    "age_high",
                    _("%(person)s is %(age)s; %(post)s needs people aged at most %(limit)s.")
                    % {"person": name, "age": age, "post": post, "limit": ask.age_max},
                )
    if ask.phone_required and not person.phone:
        add(
            "no_phone",
            _("%(person)s has no phone number, and %(post)s needs one.")
            % {"person": name, "post": post},
        )
    conflicting = (
        conflicting_post_ids
        if conflicting_post_ids is not None
        else set(ask.conflicting_posts.values_list("pk", flat=True))
    )
    if conflicting:
        held = (
            held_post_ids
            if held_post_ids is not None
            else set(
                Appointment.objects.active()
                .filter(person=person, post_type_id__in=conflicting)
                .values_list("post_type_id", flat=True)
            )
        )
        for appointment in (
            Appointment.objects.active()
            .filter(person=person, post_type_id__in=conflicting & held)
            .select_related("post_type", "unit")[:3]
        ):
            add(
                "conflict",
                _("%(person)s already holds %(held)s in %(unit)s, which rules out %(post)s.")
                % {
                    "person": name,
                    "held": appointment.post_type.name,
                    "unit": appointment.unit.name,
                    "post": post,
                },
            )
    return problems


def _count_problem(ask: Ask, have: int) -> str | None:
    post = ask.post_type.name
    if ask.exact and have != ask.min_count:
        return ngettext(
            "%(wanted)s name is needed for %(post)s; there are %(have)s so far.",
            "%(wanted)s names are needed for %(post)s; there are %(have)s so far.",
            ask.min_count,
        ) % {"wanted": ask.min_count, "post": post, "have": have}
    if have < ask.min_count:
        return ngettext(
            "At least %(wanted)s name is needed for %(post)s; there are %(have)s so far.",
            "At least %(wanted)s names are needed for %(post)s; there are %(have)s so far.",
            ask.min_count,
        ) % {"wanted": ask.min_count, "post": post, "have": have}
    if have > ask.max_count:
        return ngettext(
            "At most %(wanted)s name may be sent for %(post)s; there are %(have)s.",
            "At most %(wanted)s names may be sent for %(post)s; there are %(have)s.",
            ask.max_count,
        ) % {"wanted": ask.max_count, "post": post, "have": have}
    return None


def panel_check(submission: Submission) -> list[Problem]:
    """Every problem of the panel as it stands, asks in order, then nominees in order.
    A fixed number of queries whatever the size of the panel."""
    asks = list(
        submission.requisition.asks.select_related("post_type").prefetch_related(
            "conflicting_posts"
        )
    )
    nominations = list(
        Nomination.objects.filter(submission=submission)
        .select_related("person", "ask__post_type")
        .order_by("ask__sort_order", "ask_id", "position", "id")
    )
    by_ask: dict[int, list[Nomination]] = defaultdict(list)
    for nomination in nominations:
        by_ask[nomination.ask_id].append(nomination)
    conflicting_ids = {ask.pk: {p.pk for p in ask.conflicting_posts.all()} for ask in asks}
    all_conflicting = set().union(*conflicting_ids.values()) if conflicting_ids else set()
    held: dict[int, set[int]] = defaultdict(set)
    if all_conflicting and nominations:
        for person_id, post_id in (
            Appointment.objects.active()
            .filter(
                person_id__in={n.person_id for n in nominations}, post_type_id__in=all_conflicting
            )
            .values_list("person_id", "post_type_id")
        ):
            held[person_id].add(post_id)

    problems: list[Problem] = []
    for ask in asks:
        mine = by_ask.get(ask.pk, [])
        message = _count_problem(ask, len(mine))
        if message:
            code = "count_over" if len(mine) > ask.max_count else "count_short"
            problems.append(Problem(code=code, message=message, ask=str(ask.uuid)))
        women = sum(1 for n in mine if n.person.gender == Gender.FEMALE)
        if ask.min_women and women < ask.min_women:
            problems.append(
                Problem(
                    code="women_short",
                    message=ngettext(
                        "At least %(wanted)s woman is needed for %(post)s; "
                        "there are %(have)s so far.",
                        "At least %(wanted)s women are needed for %(post)s; "
                        "there are %(have)s so far.",
                        ask.min_women,
                    )
                    % {"wanted": ask.min_women, "post": ask.post_type.name, "have": women},
                    ask=str(ask.uuid),
                )
            )
    seen: dict[int, Nomination] = {}
    for nomination in nominations:
        ask = nomination.ask
        for problem in person_problems(
            submission=submission,
            ask=ask,
            person=nomination.person,
            conflicting_post_ids=conflicting_ids.get(ask.pk, set()),
            held_post_ids=held.get(nomination.person_id, set()),
        ):
            problems.append(
                Problem(
                    code=problem.code,
                    message=problem.message,
                    ask=problem.ask,
                    nomination=str(nomination.uuid),
                    person=problem.person,
                )
            )
        if nomination.person_id in seen:
            problems.append(
                Problem(
                    code="twice",
                    message=_("%(person)s is on this panel twice.")
                    % {"person": nomination.person.name},
                    ask=str(ask.uuid),
                    nomination=str(nomination.uuid),
                    person=str(nomination.person.uuid),
                )
            )
        seen[nomination.person_id] = nomination
    return problems


def panel_problems(submission: Submission) -> list[str]:
    """The sentences of ``panel_check``: what the page shows under the panel."""
    return [p.message for p in panel_check(submission)]
