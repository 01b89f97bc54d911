"""Reads for accounts, the audit log, the inbox and the home page, already scoped to the user.

Every function that fetches one object authorises it in the same call: an account or an
audit entry outside the user's reach is a 404, exactly like a unit (see ``core.access``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sangathan.core.access import is_admin_anywhere, path_filter, reach_of, units_visible
from sangathan.core.models import AuditEntry, Grant, Notification, Role, User
from sangathan.lib.text import clean_text
from sangathan.people.models import Person
from sangathan.units.models import Unit

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser


# --- Home -----------------------------------------------------------------------------------


@dataclass
class GrantRow:
    """One of the user's grants as the home page shows it."""

    grant: Grant
    unit: Unit
    vacancies: int
    vacancy_url: str | None


def _url_or_none(name: str, *args: Any) -> str | None:
    # The vacancy page belongs to the units app; until it exists the home page shows the
    # count without a link instead of failing.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def home_grants(user: User) -> list[GrantRow]:
    """The user's grants, widest first, each with the number of empty posts under it."""
    from sangathan.units.selectors import vacancy_summary

    grants = user.grants.select_related("unit", "unit__level").order_by("unit__depth", "unit__path")
    rows: list[GrantRow] = []
    for grant in grants:
        empty = sum(row.units_empty for row in vacancy_summary(grant.unit))
        rows.append(
            GrantRow(
                grant=grant,
                unit=grant.unit,
                vacancies=empty,
                vacancy_url=_url_or_none("units:vacancies", grant.unit.uuid),
            )
        )
    return rows


def home_top_units(user: User) -> QuerySet[Unit]:
    """For a superuser, who has no grants: the top of the tree."""
    return units_visible(user).filter(depth=1).select_related("level").order_by("path")


# --- Inbox ----------------------------------------------------------------------------------


def inbox(user: User) -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first within each group."""
    return Notification.objects.filter(user=user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-id"
    )


def inbox_unread(user: User, limit: int = 5) -> list[Notification]:
    return list(
        Notification.objects.filter(user=user, read_at__isnull=True).order_by("-created_at", "-id")[
            :limit
        ]
    )


def notification_get_for_user(user: User, *, uuid: Any) -> Notification:
    """Someone else's notification is as missing as one that never existed."""
    try:
        return Notification.objects.get(user=user, uuid=uuid)
    except (Notification.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


# --- Audit log ------------------------------------------------------------------------------

# The first part of an action code (``units`` in ``units.moved``) names what was changed.
# Features add their own group when they start writing audit entries.
AUDIT_ACTION_GROUPS: dict[str, str | Promise] = {
    "accounts": _("Accounts and roles"),
    "units": _("Units and levels"),
    "posts": _("Posts"),
    "appointments": _("Appointments"),
    "people": _("People"),
}

# Readable names for action codes; an unknown code is shown as it is stored.
AUDIT_ACTION_LABELS: dict[str, str | Promise] = {
    "accounts.created": _("Account created"),
    "accounts.password_set": _("Password set"),
    "accounts.granted": _("Role given"),
    "accounts.revoked": _("Role taken back"),
    "accounts.token_created": _("Device token created"),
    "units.levels_set": _("Levels changed"),
    "units.created": _("Unit created"),
    "units.updated": _("Unit changed"),
    "units.moved": _("Unit moved"),
    "units.deleted": _("Unit deleted"),
    "posts.created": _("Post created"),
    "posts.updated": _("Post changed"),
    "appointments.created": _("Appointed"),
    "appointments.ended": _("Appointment ended"),
    "people.created": _("Person added"),
    "people.updated": _("Person changed"),
}


# Readable names for the keys services put in ``changes``; others are shown as stored.
AUDIT_FIELD_LABELS: dict[str, str | Promise] = {
    "role": _("role"),
    "unit": _("unit"),
    "new": _("new role"),
    "name": _("name"),
    "name_hi": _("Hindi name"),
    "name_en": _("English name"),
    "gender": _("gender"),
    "phone": _("phone"),
    "code": _("code"),
    "username": _("username"),
    "superuser": _("superuser"),
    "parent": _("parent unit"),
    "seats": _("seats"),
    "min_women": _("at least this many women"),
    "level": _("level"),
    "person": _("person"),
    "post": _("post"),
    "from": _("from"),
    "until": _("until"),
    "reason": _("reason"),
    "before": _("before"),
    "after": _("after"),
    "restamped": _("records updated"),
}
# Keys whose list value is a value of its own, not an [old, new] pair.
_AUDIT_WHOLE_VALUES = {"before", "after"}


def audit_action_group(prefix: str, label: str | Promise) -> None:
    """Let a feature name its group of action codes for the audit log's filter."""
    AUDIT_ACTION_GROUPS[prefix] = label


def audit_action_label(code: str, label: str | Promise) -> None:
    """Let a feature give one of its action codes a readable name."""
    AUDIT_ACTION_LABELS[code] = label


def audit_sees_unitless(user: AnyUser) -> bool:
    """Entries without a unit (levels, posts, account creations) concern the whole
    organisation: only superusers and admins of a top unit see them."""
    reach = reach_of(user)
    if reach.everything:
        return True
    return any(len(path) == Unit.steplen for path in reach.paths(Role.ADMIN))


def local_day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in the organisation's time zone (Asia/Kolkata)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def audit_entries_for_user(
    user: AnyUser,
    *,
    unit: Unit | None = None,
    actor_text: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """The audit entries an admin may read, filtered. Non-admins are refused with a 404: the
    log is not a page they have. ``unit`` must already be authorised by the caller
    (``unit_get_for_user(..., role=Role.ADMIN)``)."""
    if not is_admin_anywhere(user):
        raise Http404
    scope = path_filter(user, "unit_path", Role.ADMIN)
    if audit_sees_unitless(user) and not reach_of(user).everything:
        scope = scope | Q(unit_path="")
    entries = AuditEntry.objects.filter(scope).select_related("actor", "actor__person", "unit")
    if unit is not None:
        entries = entries.filter(unit_path__subtree=unit.path)
    text = clean_text(actor_text)
    if text:
        entries = entries.filter(
            Q(actor__username__icontains=text) | Q(actor__person__name__icontains=text)
        )
    if action:
        entries = entries.filter(action__startswith=action.rstrip(".") + ".")
    if date_from is not None:
        entries = entries.filter(created_at__gte=local_day_start(date_from))
    if date_to is not None:
        entries = entries.filter(created_at__lt=local_day_start(date_to + timedelta(days=1)))
    return entries.order_by("-created_at", "-id")


@dataclass
class ChangeLine:
    field: str
    old: str
    new: str
    is_change: bool  # False: a value recorded at creation, with no "before"


def _show(value: Any, field: str = "") -> str:
    if field == "role" and isinstance(value, str) and value in Role.values:
        return str(Role(value).label)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items())
    return str(value)


def audit_change_lines(entry: AuditEntry) -> list[ChangeLine]:
    """The entry's ``changes`` as lines a person can read: ``field: old → new``."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    lines: list[ChangeLine] = []
    for field, value in changes.items():
        label = str(AUDIT_FIELD_LABELS.get(field, field))
        if isinstance(value, list) and len(value) == 2 and field not in _AUDIT_WHOLE_VALUES:
            lines.append(ChangeLine(label, _show(value[0], field), _show(value[1], field), True))
        else:
            lines.append(ChangeLine(label, "", _show(value, field), False))
    return lines


def audit_action_display(code: str) -> str:
    label = AUDIT_ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def audit_filter_units(user: AnyUser, selected: Unit | None = None) -> list[Unit]:
    """Units to offer in the audit log's unit filter: the admin's own units and two levels
    under them (a state admin gets regions and districts, not 1.6 lakh booths)."""
    reach = reach_of(user)
    if reach.everything:
        top_depth = 1
    else:
        paths = reach.paths(Role.ADMIN)
        if not paths:
            return []
        top_depth = min(len(p) for p in paths) // Unit.steplen
    units = list(
        units_visible(user, Role.ADMIN)
        .filter(depth__lte=top_depth + 2)
        .select_related("level")
        .order_by("path")[:300]
    )
    if selected is not None and all(u.pk != selected.pk for u in units):
        units.append(selected)
    return units


# --- Accounts -------------------------------------------------------------------------------


def accounts_visible(user: AnyUser) -> QuerySet[User]:
    """Accounts an admin manages: those with a grant, or a person, inside the admin's reach.
    Superuser accounts are managed by superusers only."""
    if not is_admin_anywhere(user):
        return User.objects.none()
    reach = reach_of(user)
    if reach.everything:
        return User.objects.all()
    # Two path filters OR-ed: built separately because an empty Q() would swallow the other.
    by_grant = Grant.objects.filter(path_filter(user, "unit__path", Role.ADMIN)).values("user_id")
    by_person = Q(person__unit_path__gt="") & path_filter(user, "person__unit_path", Role.ADMIN)
    return User.objects.filter(Q(pk__in=by_grant) | by_person).exclude(is_superuser=True)


def account_list(user: AnyUser, query: str = "") -> QuerySet[User]:
    accounts = accounts_visible(user).select_related("person")
    text = clean_text(query)
    if text:
        accounts = accounts.filter(Q(username__icontains=text) | Q(person__name__icontains=text))
    return accounts.order_by("username")


def account_get_for_user(user: AnyUser, *, uuid: Any) -> User:
    """An account the admin manages, or 404 (also for non-admins)."""
    try:
        return accounts_visible(user).select_related("person").get(uuid=uuid)
    except (User.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def account_grants_visible(user: AnyUser, account: User) -> QuerySet[Grant]:
    """The account's grants inside the admin's reach; grants elsewhere stay out of sight."""
    return (
        account.grants.filter(path_filter(user, "unit__path", Role.ADMIN))
        .select_related("unit", "unit__level")
        .order_by("unit__path")
    )


def admin_unit_search(user: AnyUser, query: str, limit: int = 20) -> list[Unit]:
    """Units the user administers whose name contains ``query`` or whose code starts with it."""
    text = clean_text(query)
    if not text:
        return []
    return list(
        units_visible(user, Role.ADMIN)
        .filter(Q(name_hi__icontains=text) | Q(name_en__icontains=text) | Q(code__istartswith=text))
        .select_related("level")
        .order_by("depth", "name_hi")[:limit]
    )


def persons_without_account(unit: Unit, query: str = "", limit: int = 50) -> list[Person]:
    """People living in ``unit``'s subtree who have no account yet, to link a new one to."""
    people = Person.objects.filter(unit_path__subtree=unit.path, account__isnull=True)
    text = clean_text(query)
    if text:
        people = people.filter(name__icontains=text)
    return list(people.order_by("name")[:limit])


def person_get_in_unit(unit: Unit, *, uuid: Any) -> Person:
    try:
        return Person.objects.get(uuid=uuid, unit_path__subtree=unit.path)
    except (Person.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
