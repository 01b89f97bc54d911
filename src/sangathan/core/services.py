"""Accounts and grants."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import forget_reach, require_role
from sangathan.core.audit import audit
from sangathan.core.models import ApiToken, Grant, Role, User
from sangathan.people.models import Person
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
