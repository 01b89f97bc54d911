"""Decisions (निर्णय) and the action items that carry them out.

An action item always has an owner: a task nobody owns is a task nobody does, so one without
is refused. Owners with an account are told, and see their open items on their home page; the
unit's page and the next meeting of the same unit list what is still open. An item may point at
the work it started (a requisition of names, a relief drive, a campaign, another meeting).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sangathan.core.access import has_role, path_filter
from sangathan.core.audit import audit, diff, save_changes
from sangathan.core.models import Role
from sangathan.core.notifications import notify_on_commit
from sangathan.lib.text import clean_text
from sangathan.meetings.common import (
    UNCHANGED,
    Unchanged,
    check,
    now,
    refuse_if_cancelled,
    users_of,
)
from sangathan.meetings.models import (
    ActionItem,
    ActionLink,
    ActionStatus,
    AgendaItem,
    Decision,
    LinkKind,
    Meeting,
)
from sangathan.people.models import Person

if TYPE_CHECKING:
    from sangathan.core.models import User


# --- Decisions ------------------------------------------------------------------------------


@transaction.atomic
def decision_add(
    *,
    meeting: Meeting,
    text: str,
    public: bool = True,
    agenda_item: AgendaItem | None = None,
    actor: User | None = None,
) -> Decision:
    """Record a decision. ``public``: it goes into the press note. Write it as a sentence
    ("कार्यकर्ता रविवार से घर-घर जाकर लोगों को टीकाकरण के लिए जागरूक करेंगे।")."""
    check(actor, meeting.unit, Role.EDITOR)
    refuse_if_cancelled(meeting)
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write the decision.")]})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": [_("That agenda item is from another meeting.")]})
    top = meeting.decisions.aggregate(top=Max("position"))["top"] or 0
    decision = Decision.objects.create(
        meeting=meeting, agenda_item=agenda_item, position=top + 1, text=text, public=public
    )
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.decision_added",
        target=decision,
        changes={"text": text[:200]},
    )
    return decision


@transaction.atomic
def decision_update(
    *,
    decision: Decision,
    actor: User | None = None,
    text: str | Unchanged = UNCHANGED,
    public: bool | Unchanged = UNCHANGED,
) -> Decision:
    meeting = decision.meeting
    check(actor, meeting.unit, Role.EDITOR)
    refuse_if_cancelled(meeting)
    fields: dict[str, Any] = {}
    if text is not UNCHANGED:
        fields["text"] = text.strip()
        if not fields["text"]:
            raise ValidationError({"text": [_("Write the decision.")]})
    if public is not UNCHANGED:
        fields["public"] = public
    save_changes(
        decision, fields, actor=actor, unit=meeting.unit, action="meetings.decision_updated"
    )
    return decision


@transaction.atomic
def decision_remove(*, decision: Decision, actor: User | None = None) -> None:
    """Remove a decision that has no action items (drop or remove those first)."""
    meeting = decision.meeting
    check(actor, meeting.unit, Role.EDITOR)
    if decision.action_items.exists():
        raise ValidationError(
            _("This decision has action items; remove them first, or mark them dropped.")
        )
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.decision_removed",
        target=decision,
        changes={"text": decision.text[:200]},
    )
    decision.delete()


# --- Action items ---------------------------------------------------------------------------


def _clean_owners(actor: User | None, owners: Sequence[Person]) -> list[Person]:
    unique = list({p.pk: p for p in owners}.values())
    if not unique:
        raise ValidationError(
            {"owners": [_("Name at least one person responsible for this action item.")]}
        )
    if actor is not None:
        visible = set(
            Person.objects.filter(
                path_filter(actor, "unit_path"), pk__in=[p.pk for p in unique]
            ).values_list("pk", flat=True)
        )
        outside = [p.name for p in unique if p.pk not in visible]
        if outside:
            raise ValidationError(
                {"owners": [_("%(name)s is not in your units.") % {"name": outside[0]}]}
            )
    return unique


def _tell_owners(item: ActionItem, person_ids: Sequence[int]) -> None:
    notify_on_commit(
        users_of(person_ids),
        "meetings/action_assigned",
        text=item.text[:200],
        meeting=item.meeting.title,
        due=item.due_date.strftime("%d-%m-%Y") if item.due_date else "",
        item=str(item.uuid),
    )


@transaction.atomic
def action_item_add(
    *,
    decision: Decision,
    text: str,
    owners: Sequence[Person],
    due_date: date | None = None,
    actor: User | None = None,
) -> ActionItem:
    """A follow-up of ``decision`` with at least one owner (refused without)."""
    meeting = decision.meeting
    check(actor, meeting.unit, Role.EDITOR)
    refuse_if_cancelled(meeting)
    text = text.strip()
    problems: dict[str, list[str]] = {}
    if not text:
        problems["text"] = [_("Write what is to be done.")]
    try:
        people = _clean_owners(actor, owners)
    except ValidationError as exc:
        problems.update(exc.message_dict)
        people = []
    if problems:
        raise ValidationError(problems)
    item = ActionItem.objects.create(
        decision=decision,
        meeting=meeting,
        unit=meeting.unit,
        unit_path=meeting.unit_path,
        text=text,
        due_date=due_date,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    item.owners.set(people)
    _tell_owners(item, [p.pk for p in people])
    audit(
        actor=actor,
        unit=meeting.unit,
        action="meetings.action_added",
        target=item,
        changes={"text": text[:200], "owners": [p.name for p in people], "due_date": due_date},
    )
    return item


@transaction.atomic
def action_item_update(
    *,
    item: ActionItem,
    actor: User | None = None,
    text: str | Unchanged = UNCHANGED,
    owners: Sequence[Person] | Unchanged = UNCHANGED,
    due_date: date | Unchanged | None = UNCHANGED,
) -> ActionItem:
    """Change the text, the owners (never none) or the due date (an editor of the unit)."""
    check(actor, item.unit, Role.EDITOR)
    fields: dict[str, Any] = {}
    if text is not UNCHANGED:
        fields["text"] = text.strip()
        if not fields["text"]:
            raise ValidationError({"text": [_("Write what is to be done.")]})
    if due_date is not UNCHANGED:
        fields["due_date"] = due_date
    changes: dict[str, Any] = diff(item, fields)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    if owners is not UNCHANGED:
        people = _clean_owners(actor, owners)
        before = set(item.owners.values_list("pk", flat=True))
        after = {p.pk for p in people}
        if before != after:
            item.owners.set(people)
            changes["owners"] = [p.name for p in people]
            _tell_owners(item, sorted(after - before))
    if changes:
        audit(
            actor=actor,
            unit=item.unit,
            action="meetings.action_updated",
            target=item,
            changes=changes,
        )
    return item


@transaction.atomic
def action_item_set_status(
    *, item: ActionItem, status: str, actor: User | None = None
) -> ActionItem:
    """Open, done or dropped: an editor of the unit, or one of the item's owners."""
    person_id = getattr(actor, "person_id", None)
    owner = person_id is not None and item.owners.filter(pk=person_id).exists()
    if actor is not None and not owner and not has_role(actor, item.unit, Role.EDITOR):
        raise PermissionDenied
    if status not in ActionStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    if item.status != status:
        old = item.status
        item.status = status
        item.closed_at = None if status == ActionStatus.OPEN else now()
        item.save(update_fields=["status", "closed_at"])
        audit(
            actor=actor,
            unit=item.unit,
            action="meetings.action_status",
            target=item,
            changes={"status": [old, status]},
        )
    return item


def _check_target(actor: User | None, kind: str, target: UUID) -> str:
    """A target this app can see (a meeting, a requisition) must exist in the actor's reach;
    returns its label. Relief drives and campaigns come with later apps: stored as given."""
    if kind == LinkKind.MEETING:
        meeting = Meeting.objects.filter(uuid=target)
        if actor is not None:
            meeting = meeting.filter(path_filter(actor, "unit_path"))
        found = meeting.first()
        if found is None:
            raise ValidationError({"target": [_("No meeting with this id is in your units.")]})
        return found.title
    if kind == LinkKind.REQUISITION:
        from sangathan.nominations.models import Requisition
        from sangathan.nominations.selectors import requisitions_for_user

        qs = requisitions_for_user(actor) if actor is not None else Requisition.objects.all()
        requisition = qs.filter(uuid=target).first()
        if requisition is None:
            raise ValidationError({"target": [_("No requisition with this id is in your units.")]})
        return requisition.title
    return ""


@transaction.atomic
def action_item_link(
    *, item: ActionItem, kind: str, target: UUID, label: str = "", actor: User | None = None
) -> ActionLink:
    """Point the item at the work it started. Linking the same work twice changes nothing."""
    check(actor, item.unit, Role.EDITOR)
    if kind not in LinkKind.values:
        raise ValidationError({"kind": [_("Choose a kind of work from the list.")]})
    found = _check_target(actor, kind, target)
    label = clean_text(label) or found
    try:
        with transaction.atomic():
            link = ActionLink.objects.create(
                action_item=item, kind=kind, target=target, label=label[:200]
            )
    except IntegrityError:
        return ActionLink.objects.get(action_item=item, kind=kind, target=target)
    audit(
        actor=actor,
        unit=item.unit,
        action="meetings.action_linked",
        target=item,
        changes={"kind": kind, "target": str(target)},
    )
    return link


@transaction.atomic
def action_item_unlink(*, link: ActionLink, actor: User | None = None) -> None:
    item = link.action_item
    check(actor, item.unit, Role.EDITOR)
    audit(
        actor=actor,
        unit=item.unit,
        action="meetings.action_unlinked",
        target=item,
        changes={"kind": link.kind, "target": str(link.target)},
    )
    link.delete()
