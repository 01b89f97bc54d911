"""Who holds which post, as a meeting names people: "जिला अध्यक्ष सुनील बजाज", highest first.

Attendees are ordered by post in the press note and on the attendance page: the post of a
higher level first (जिला before मंडल), then the post's own order within its level (अध्यक्ष
before मंत्री), then people with no post, by name. Only posts in the meeting's unit, the units
above it and the units below it count: a post in a sibling district says nothing here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from sangathan.units.models import Appointment, PostType, Unit

NO_POST = (10_000, 0, 0)


@dataclass(frozen=True)
class PostLabel:
    hi: str  # "जिला अध्यक्ष"
    en: str  # "District President"
    rank: tuple[int, int, int]  # (level depth, post order, post id): smaller is higher


def level_word(name: str) -> str:
    """ "जिला/महानगर" -> "जिला": the first of a level's alternative names."""
    return name.split("/")[0].strip()


def label_of(post: PostType) -> PostLabel:
    """The post with its level, unless the post's name already says it ("जिला अध्यक्ष")."""
    level = post.level
    hi_word, en_word = level_word(level.name_hi), level_word(level.name_en)
    hi = post.name_hi if post.name_hi.startswith(hi_word) else f"{hi_word} {post.name_hi}"
    en = (
        post.name_en
        if post.name_en.lower().startswith(en_word.lower())
        else f"{en_word} {post.name_en}"
    )
    return PostLabel(hi=hi, en=en, rank=(level.depth, post.sort_order, post.pk))


def _lineage(unit: Unit) -> list[str]:
    steplen = Unit.steplen
    return [unit.path[:i] for i in range(steplen, len(unit.path) + 1, steplen)]


def post_labels(
    person_ids: Iterable[int], unit: Unit, on: date | None = None
) -> dict[int, PostLabel]:
    """person id -> their highest current post around ``unit`` (one query)."""
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return {}
    appointments = (
        Appointment.objects.active(on)
        .filter(person_id__in=ids)
        .filter(Q(unit_path__in=_lineage(unit)) | Q(unit_path__subtree=unit.path))
        .select_related("post_type__level")
    )
    best: dict[int, PostLabel] = {}
    for appointment in appointments:
        label = label_of(appointment.post_type)
        held = best.get(appointment.person_id)
        if held is None or label.rank < held.rank:
            best[appointment.person_id] = label
    return best


def post_rank(labels: dict[int, PostLabel], person_id: int) -> tuple[int, int, int]:
    label = labels.get(person_id)
    return label.rank if label is not None else NO_POST
