"""Reads of requisitions and panels, already scoped to what a user may see.

Who sees what: a requisition is seen by users whose reach covers its issuer (they see every
panel) and by users whose reach covers an addressed unit (they see only the panels of units in
their reach, never a sibling's). Anything else is a 404, the same answer as an unknown id.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from sangathan.core.access import has_role, path_filter, reach_of
from sangathan.core.models import Role
from sangathan.nominations.models import (
    ANSWERED,
    EDITABLE,
    OVERDUE,
    Ask,
    Nomination,
    Requisition,
    RequisitionStatus,
    Submission,
    SubmissionStatus,
)

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.people.models import Person
    from sangathan.units.models import PostType, Unit


def _in_reach(user: AnyUser, field: str) -> Q | None:
    """``path_filter``, or None when the user sees everything (``Q()`` would swallow an OR)."""
    if reach_of(user).everything:
        return None
    return path_filter(user, field)


# --- Access ---------------------------------------------------------------------------------


def requisitions_for_user(user: AnyUser) -> QuerySet[Requisition]:
    """Requisitions issued inside the user's reach, or addressed to a unit inside it."""
    qs = Requisition.objects.select_related("issuer__level", "target_level")
    issuer_q = _in_reach(user, "unit_path")
    if issuer_q is None:
        return qs
    panel_q = _in_reach(user, "unit_path")
    assert panel_q is not None
    addressed = Submission.objects.filter(panel_q, requisition=OuterRef("pk"))
    return qs.filter(issuer_q | Q(Exists(addressed)))


def requisition_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> Requisition:
    """A requisition the user may see, or 404. ``write``: the user must also be an editor of
    the issuer (403 otherwise) — for issuing, extending, withdrawing, closing, selecting."""
    requisition = requisitions_for_user(user).filter(uuid=uuid).first() if _is_uuid(uuid) else None
    if requisition is None:
        raise Http404
    if write and not has_role(user, requisition.issuer, Role.EDITOR):
        raise PermissionDenied  # the user sees it (addressed to them) but cannot decide
    return requisition


def sees_all_panels(user: AnyUser, requisition: Requisition) -> bool:
    """The issuer's side (reach covering the issuer): every panel, the board, the flags."""
    return has_role(user, requisition.issuer, Role.VIEWER)


def may_manage(user: AnyUser, requisition: Requisition) -> bool:
    """Editor of the issuer: issue, extend, allow late, return, accept, select, close."""
    return has_role(user, requisition.issuer, Role.EDITOR)


def submissions_for_user(
    user: AnyUser, requisition: Requisition | None = None
) -> QuerySet[Submission]:
    """Panels the user may see: those of units in their reach, and every panel of a
    requisition whose issuer is in their reach."""
    qs = Submission.objects.select_related("unit__level", "requisition__issuer")
    if requisition is not None:
        qs = qs.filter(requisition=requisition)
    own = _in_reach(user, "unit_path")
    if own is None:
        return qs
    issuer = _in_reach(user, "requisition__unit_path")
    assert issuer is not None
    return qs.filter(own | issuer)


def submission_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> Submission:
    """A panel the user may see, or 404. ``write``: the user must be an editor of the
    panel's unit (403 otherwise) — for adding, removing, ordering names and submitting.
    Returning and accepting are the issuer's: fetch with ``write=False``; the service checks."""
    submission = submissions_for_user(user).filter(uuid=uuid).first() if _is_uuid(uuid) else None
    if submission is None:
        raise Http404
    if write and not has_role(user, submission.unit, Role.EDITOR):
        raise PermissionDenied
    return submission


def may_edit_panel(user: AnyUser, submission: Submission) -> bool:
    """The panel's unit's editor, while the panel is open for changes."""
    return (
        submission.status in EDITABLE
        and submission.requisition.status == RequisitionStatus.OPEN
        and has_role(user, submission.unit, Role.EDITOR)
    )


def nomination_get_for_user(user: AnyUser, *, uuid: Any) -> Nomination:
    """A name on a panel the user may see, or 404."""
    visible = submissions_for_user(user).values("pk")
    nomination = (
        Nomination.objects.select_related(
            "person", "ask__post_type", "submission__unit", "submission__requisition__issuer"
        )
        .filter(submission__in=visible, uuid=uuid)
        .first()
        if _is_uuid(uuid)
        else None
    )
    if nomination is None:
        raise Http404
    return nomination


def ask_get(requisition: Requisition, *, uuid: Any) -> Ask:
    """One of the requisition's asks, or 404."""
    ask = (
        requisition.asks.select_related("post_type").filter(uuid=uuid).first()
        if _is_uuid(uuid)
        else None
    )
    if ask is None:
        raise Http404
    return ask


def _is_uuid(value: Any) -> bool:
    import uuid as uuid_module

    try:
        uuid_module.UUID(str(value))
    except ValueError:
        return False
    return True


def panels_to_answer(user: AnyUser) -> QuerySet[Submission]:
    """Open panels the user's units must answer (editor there), soonest deadline first: for
    the home page and the "my panels" list."""
    q = Q() if reach_of(user).everything else path_filter(user, "unit_path", Role.EDITOR)
    return (
        Submission.objects.filter(
            q, requisition__status=RequisitionStatus.OPEN, status__in=EDITABLE
        )
        .select_related("unit", "requisition__issuer")
        .annotate(due=Coalesce("deadline_override", "requisition__deadline"))
        .order_by("due", "unit_path")
    )


# --- One panel ------------------------------------------------------------------------------


@dataclass
class PanelAsk:
    ask: Ask
    nominations: list[Nomination]


def panel(submission: Submission) -> list[PanelAsk]:
    """The panel, post by post, names in order (with person and provenance source loaded)."""
    asks = list(submission.requisition.asks.select_related("post_type"))
    rows: dict[int, list[Nomination]] = defaultdict(list)
    for nomination in (
        Nomination.objects.filter(submission=submission)
        .select_related(
            "person__home_unit",
            "submission__unit",
            "source__submission__unit",
            "proposed_by",
            "appointment",
        )
        .order_by("position", "id")
    ):
        rows[nomination.ask_id].append(nomination)
    return [PanelAsk(ask=ask, nominations=rows.get(ask.pk, [])) for ask in asks]


def display_status(submission: Submission, now: datetime | None = None) -> str:
    """The stored status, or ``overdue`` when the deadline passed without an answer."""
    moment = now or timezone.now()
    if submission.status not in ANSWERED and submission.deadline < moment:
        return OVERDUE
    return submission.status


def helper_requisitions(submission: Submission) -> QuerySet[Requisition]:
    """The requisitions the panel's unit issued to gather names for it (the cascade)."""
    return Requisition.objects.filter(answers=submission).select_related("issuer")


def lower_nominations(submission: Submission) -> QuerySet[Nomination]:
    """Names from the lower units' sent panels that this panel may take up (the cascade),
    unit by unit, in order."""
    return (
        Nomination.objects.filter(
            submission__requisition__answers=submission,
            submission__status__in=ANSWERED,
        )
        .exclude(submission__requisition__status=RequisitionStatus.WITHDRAWN)
        .select_related("person", "ask__post_type", "submission__unit", "proposed_by")
        .order_by("submission__unit_path", "ask__sort_order", "position")
    )


# --- The issuer's views ---------------------------------------------------------------------


@dataclass
class BoardRow:
    submission: Submission
    unit: Unit
    status: str  # a SubmissionStatus value or ``overdue``
    deadline: datetime
    last_activity_at: datetime | None
    nominees: int


@dataclass
class Board:
    rows: list[BoardRow]
    # every SubmissionStatus value, "overdue" and "total" -> how many panels
    counts: dict[str, int] = field(default_factory=dict)


def status_board(
    requisition: Requisition,
    *,
    status: str | None = None,
    now: datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Board:
    """Every addressed unit's panel with its status (``overdue`` computed), deadline, last
    activity and number of names; and the counts per status. Two queries whatever the number
    of units. ``status`` filters the rows (a stored status or ``overdue``); counts stay whole.
    ``overdue`` panels are counted under ``overdue`` and also under their stored status."""
    moment = now or timezone.now()
    base = Submission.objects.filter(requisition=requisition).annotate(
        due=Coalesce("deadline_override", "requisition__deadline")
    )
    late = Q(due__lt=moment) & ~Q(status__in=ANSWERED)
    aggregates: dict[str, Any] = {
        value: Count("pk", filter=Q(status=value)) for value in SubmissionStatus.values
    }
    counts: dict[str, int] = base.aggregate(
        **aggregates, overdue=Count("pk", filter=late), total=Count("pk")
    )
    rows_qs = base
    if status == OVERDUE:
        rows_qs = rows_qs.filter(late)
    elif status:
        rows_qs = rows_qs.filter(status=status)
    rows_qs = (
        rows_qs.select_related("unit__level", "requisition")
        .annotate(nominees=Count("nominations"))
        .order_by("unit_path")
    )
    if limit is not None:
        rows_qs = rows_qs[offset : offset + limit]
    rows = [
        BoardRow(
            submission=s,
            unit=s.unit,
            status=display_status(s, moment),
            deadline=s.due,
            last_activity_at=s.last_activity_at,
            nominees=s.nominees,
        )
        for s in rows_qs
    ]
    return Board(rows=rows, counts=counts)


@dataclass
class Flag:
    """A person proposed on more than one panel of a requisition, or for two posts on one."""

    person: Person
    nominations: list[Nomination]

    @property
    def units(self) -> list[Unit]:
        return list({n.submission.unit_id: n.submission.unit for n in self.nominations}.values())


def requisition_flags(requisition: Requisition) -> list[Flag]:
    """People on more than one panel (proposed by two units) or on one panel twice."""
    repeated = (
        Nomination.objects.filter(submission__requisition=requisition)
        .values("person_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("person_id")
    )
    by_person: dict[int, list[Nomination]] = defaultdict(list)
    for nomination in (
        Nomination.objects.filter(submission__requisition=requisition, person_id__in=repeated)
        .select_related("person", "submission__unit", "ask__post_type")
        .order_by("person_id", "submission__unit_path")
    ):
        by_person[nomination.person_id].append(nomination)
    return [Flag(person=rows[0].person, nominations=rows) for rows in by_person.values()]


def compiled_nominations(
    requisition: Requisition,
    *,
    post_type: PostType | None = None,
    unit: Unit | None = None,
    gender: str | None = None,
    age_min: int | None = None,
    age_max: int | None = None,
    include_unsent: bool = False,
) -> QuerySet[Nomination]:
    """Every name on the requisition's sent panels (``include_unsent``: drafts too), unit by
    unit and in order, filtered by post, by unit (its subtree), by gender and by age (from
    the year of birth; a person whose age is unknown is left out of an age filter)."""
    qs = Nomination.objects.filter(submission__requisition=requisition)
    if not include_unsent:
        qs = qs.filter(submission__status__in=ANSWERED)
    if post_type is not None:
        qs = qs.filter(ask__post_type=post_type)
    if unit is not None:
        qs = qs.filter(submission__unit_path__subtree=unit.path)
    if gender:
        qs = qs.filter(person__gender=gender)
    year = timezone.localdate().year
    if age_min is not None:
        qs = qs.filter(person__birth_year__lte=year - age_min)
    if age_max is not None:
        qs = qs.filter(person__birth_year__gte=year - age_max)
    return qs.select_related(
        "person", "ask__post_type", "submission__unit", "proposed_by", "appointment"
    ).order_by("submission__unit_path", "ask__sort_order", "ask_id", "position", "id")


def provenance_map(nominations: Iterable[Nomination]) -> dict[int, list[Unit]]:
    """nomination id -> the units its name passed through, from its own panel's unit down to
    the unit that first proposed the person. One query per level of the cascade."""
    chains: dict[int, list[Unit]] = {}
    current: dict[int, int | None] = {}  # nomination id -> the source id still to read
    for n in nominations:
        chains[n.pk] = [n.submission.unit]
        current[n.pk] = n.source_id
    while any(current.values()):
        ids = {s for s in current.values() if s}
        sources = Nomination.objects.select_related("submission__unit").in_bulk(ids)
        for pk, source_id in list(current.items()):
            source = sources.get(source_id) if source_id else None
            if source is None:
                current[pk] = None
                continue
            chains[pk].append(source.submission.unit)
            current[pk] = source.source_id
    return chains


def provenance(nomination: Nomination) -> list[Unit]:
    """The units ``nomination``'s name passed through, top first, down to its proposer."""
    return provenance_map([nomination])[nomination.pk]


def gender_counts(nominations: Iterable[Nomination]) -> Counter[str]:
    return Counter(n.person.gender for n in nominations)
