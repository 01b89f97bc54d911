"""Accounts and grants."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import forget_reach, reach_of, require_role
from sangathan.core.audit import audit
from sangathan.core.models import ApiToken, Grant, Notification, Role, User
from sangathan.core.notifications import Message, notification_kind, notify_on_commit
from sangathan.people.models import Gender, Person
from sangathan.people.services import person_create
from sangathan.units.models import Unit


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    person: Person | None = None,
    is_superuser: bool = False,
    actor: User | None = None,
) -> User:
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Give a username.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("The username %(name)s is taken.") % {"name": username}}
        )
    user = User(username=username, person=person, is_superuser=is_superuser, is_staff=is_superuser)
    user.set_password(password)
    user.save()
    audit(
        actor=actor,
        unit=None,
        action="accounts.created",
        target=user,
        changes={"username": username, "superuser": is_superuser},
    )
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: User | None = None) -> User:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit(actor=actor, unit=None, action="accounts.password_set", target=user)
    return user


@transaction.atomic
def grant_set(*, user: User, unit: Unit, role: str, actor: User | None = None) -> Grant:
    """Give ``user`` ``role`` over ``unit``'s subtree (replacing an earlier role there).
    A granting admin can give at most their own role, inside their own reach."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if actor is not None:
        require_role(actor, unit, Role.ADMIN)
    grant, created = Grant.objects.update_or_create(user=user, unit=unit, defaults={"role": role})
    forget_reach(user)
    audit(
        actor=actor,
        unit=unit,
        action="accounts.granted",
        target=user,
        changes={"role": role, "unit": unit.name_hi, "new": created},
    )
    return grant


@transaction.atomic
def grant_revoke(*, grant: Grant, actor: User | None = None) -> None:
    if actor is not None:
        require_role(actor, grant.unit, Role.ADMIN)
    audit(
        actor=actor,
        unit=grant.unit,
        action="accounts.revoked",
        target=grant.user,
        changes={"role": grant.role, "unit": grant.unit.name_hi},
    )
    forget_reach(grant.user)
    grant.delete()


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    user.language = language
    user.save(update_fields=["language"])
    return user


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str = "", actor: User | None = None) -> tuple[ApiToken, str]:
    """A new bearer token for a device. The clear token is returned once and never stored."""
    raw = "sgt_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:12], key_hash=_hash(raw))
    audit(
        actor=actor,
        unit=None,
        action="accounts.token_created",
        target=user,
        changes={"prefix": token.prefix, "name": name},
    )
    return token, raw


def token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- Accounts managed by admins, and the inbox ----------------------------------------------


@notification_kind("accounts/granted")
def _render_granted(*, unit: Unit, role: str) -> Message:
    # Rendered under the recipient's language by notify(): names and role in that language.
    return Message(
        kind="accounts/granted",
        title=_("You have been given the role %(role)s over %(unit)s.")
        % {"role": Role(role).label, "unit": unit.name},
        body=_("You can now work on %(unit)s and every unit under it.") % {"unit": unit.name},
        url=reverse("units:detail", args=[unit.uuid]),
    )


def grant_set_and_notify(*, user: User, unit: Unit, role: str, actor: User) -> Grant:
    """``grant_set`` for an admin at work: the holder also hears about it in their inbox.

    Kept apart from ``grant_set`` so that setup code (demo data, fixtures, the command line)
    can give roles without filling inboxes."""
    grant = grant_set(user=user, unit=unit, role=role, actor=actor)
    if user.pk != actor.pk:
        notify_on_commit([user], "accounts/granted", unit=unit, role=role)
    return grant


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


@transaction.atomic
def account_create(
    *,
    username: str,
    password: str,
    unit: Unit,
    role: str,
    actor: User,
    person: Person | None = None,
    name: str = "",
    gender: str = "",
    phone: str = "",
) -> User:
    """An admin opens an account for a person (an existing one living in their reach, or a
    new one at ``unit``) and gives it ``role`` over ``unit``."""
    require_role(actor, unit, Role.ADMIN)
    username = username.strip()
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError as exc:
        raise ValidationError({"username": exc.messages}) from exc
    _check_password(password, User(username=username))
    if person is None:
        person = person_create(
            name=name,
            gender=gender or Gender.UNKNOWN,
            phone=phone,
            home_unit=unit,
            actor=actor,
        )
    else:
        held = reach_of(actor).role_at(person.unit_path) if person.unit_path else None
        if not reach_of(actor).everything and (
            held is None or Role.rank(held) < Role.rank(Role.ADMIN)
        ):
            raise ValidationError({"person": _("Choose a person from your own units.")})
        if User.objects.filter(person=person).exists():
            raise ValidationError(
                {"person": _("%(name)s already has an account.") % {"name": person.name}}
            )
    user = user_create(username=username, password=password, person=person, actor=actor)
    grant_set_and_notify(user=user, unit=unit, role=role, actor=actor)
    return user


def account_password_reset_allowed(*, user: User, actor: User) -> bool:
    """An admin may reset a password only for an account whose every grant lies inside the
    admin's reach: otherwise a district admin could take over a state admin's login."""
    if user.is_superuser and not actor.is_superuser:
        return False
    reach = reach_of(actor)
    if reach.everything:
        return True
    paths = list(user.grants.values_list("unit__path", flat=True))
    if not paths and user.person is not None and user.person.unit_path:
        paths = [user.person.unit_path]
    if not paths:
        return False
    return all(
        (held := reach.role_at(path)) is not None and Role.rank(held) >= Role.rank(Role.ADMIN)
        for path in paths
    )


@transaction.atomic
def account_password_reset(*, user: User, password: str, actor: User) -> User:
    """An admin sets a new password for someone who forgot theirs."""
    if not account_password_reset_allowed(user=user, actor=actor):
        raise PermissionDenied
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    # Recorded against the account's widest unit so that the admins of that unit see it.
    grant = user.grants.select_related("unit").order_by("unit__depth").first()
    audit(
        actor=actor,
        unit=grant.unit if grant is not None else None,
        action="accounts.password_set",
        target=user,
    )
    return user


def notification_mark_read(*, notification: Notification) -> Notification:
    """Reading one's own inbox changes nothing anyone else sees, so it is not audited."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: User | None = None) -> ApiToken:
    """Stop a device token from working. The row stays, so the audit log can name it."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit(
        actor=actor,
        unit=None,
        action="accounts.token_revoked",
        target=token.user,
        changes={"prefix": token.prefix, "name": token.name},
    )
    return token
