"""Log in and out, the language switch, home, the inbox, the audit log and account management.

Views translate HTTP into calls of ``core.selectors`` (reads, already scoped) and
``core.services`` (writes, audited). Anything outside the user's reach is a 404."""

from __future__ import annotations

import uuid as uuid_lib
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangathan.core import selectors
from sangathan.core.access import is_admin_anywhere, unit_get_for_user
from sangathan.core.forms import (
    AccountCreateForm,
    AuditFilterForm,
    GrantForm,
    LoginForm,
    PasswordResetForm,
)
from sangathan.core.home import home_sections
from sangathan.core.models import Role, User
from sangathan.core.services import (
    account_create,
    account_password_reset,
    account_password_reset_allowed,
    grant_revoke,
    grant_set_and_notify,
    notification_mark_read,
    notifications_mark_all_read,
    user_set_language,
)
from sangathan.core.views_common import AuthedRequest
from sangathan.units.models import Unit


def _apply_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's translated ValidationError on the form fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _parse_uuid(value: str | None) -> UUID | None:
    if not value:
        return None
    try:
        return uuid_lib.UUID(value)
    except ValueError as exc:
        raise Http404 from exc


def _safe_next(request: HttpRequest, target: str | None, default: str = "/") -> str:
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


def _require_admin(request: AuthedRequest) -> None:
    # The audit log and account pages do not exist for someone who administers nothing.
    if not is_admin_anywhere(request.user):
        raise Http404


# --- Log in, language -----------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered on the account and in a cookie."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    response = HttpResponseRedirect(_safe_next(request, request.POST.get("next")))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
    return response


# --- Home -----------------------------------------------------------------------------------


@require_GET
@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """What needs this person: their units and what is empty under them, unread messages,
    and the pending work that features register in ``core.home``."""
    user = request.user
    return render(
        request,
        "core/home.html",
        {
            "grant_rows": selectors.home_grants(user),
            "top_units": selectors.home_top_units(user) if user.is_superuser else [],
            "unread": selectors.inbox_unread(user, limit=5),
            "sections": home_sections(request),
            "is_admin": is_admin_anywhere(user),
        },
    )


# --- Inbox ----------------------------------------------------------------------------------


@require_GET
@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.inbox(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page})


@require_POST
@login_required
def inbox_read(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Mark one message read; with ``open`` also follow its link."""
    notification = selectors.notification_get_for_user(request.user, uuid=uuid)
    notification_mark_read(notification=notification)
    inbox_url = reverse("core:inbox")
    if request.POST.get("open") and notification.url:
        return redirect(_safe_next(request, notification.url, inbox_url))
    return redirect(inbox_url)


@require_POST
@login_required
def inbox_read_all(request: AuthedRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All messages are marked as read."))
    return redirect("core:inbox")


# --- Audit log ------------------------------------------------------------------------------


@require_GET
@login_required
def audit_log(request: AuthedRequest) -> HttpResponse:
    """Who changed what, where and when, inside the admin's units."""
    _require_admin(request)
    user = request.user
    unit_uuid = _parse_uuid(request.GET.get("unit"))
    unit = unit_get_for_user(user, uuid=unit_uuid, role=Role.ADMIN) if unit_uuid else None
    form = AuditFilterForm(request.GET or None, units=selectors.audit_filter_units(user, unit))
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_text": data["actor"] or "",
            "action": data["action"] or "",
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    entries = selectors.audit_entries_for_user(user, unit=unit, **filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "entry": entry,
            "action": selectors.audit_action_display(entry.action),
            "changes": selectors.audit_change_lines(entry),
        }
        for entry in page.object_list
    ]
    return render(
        request, "core/audit.html", {"form": form, "page": page, "rows": rows, "unit": unit}
    )


# --- Accounts -------------------------------------------------------------------------------


@require_GET
@login_required
def accounts(request: AuthedRequest) -> HttpResponse:
    """The accounts an admin manages, and where to open a new one."""
    _require_admin(request)
    query = request.GET.get("q", "")
    unit_query = request.GET.get("unit_q", "")
    page = Paginator(selectors.account_list(request.user, query), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "core/accounts.html",
        {
            "page": page,
            "q": query,
            "unit_q": unit_query,
            "unit_results": selectors.admin_unit_search(request.user, unit_query),
        },
    )


@login_required
def account_new(request: AuthedRequest, unit: UUID) -> HttpResponse:
    """Open an account at ``unit`` for a person living there or a new person."""
    _require_admin(request)
    place = unit_get_for_user(request.user, uuid=unit, role=Role.ADMIN)
    person_query = request.GET.get("person_q", "")
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = (
            selectors.person_get_in_unit(place, uuid=data["person"]) if data["person"] else None
        )
        try:
            created = account_create(
                username=data["username"],
                password=data["password"],
                unit=place,
                role=data["role"],
                actor=request.user,
                person=person,
                name=data["name"],
                gender=data["gender"],
                phone=data["phone"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The account %(username)s is ready.") % {"username": created.username},
            )
            return redirect("core:account", created.uuid)
    return render(
        request,
        "core/account_new.html",
        {
            "unit": place,
            "form": form,
            "person_q": person_query,
            "people": selectors.persons_without_account(place, person_query),
        },
        status=400 if form.errors else 200,
    )


def _account_page(
    request: AuthedRequest,
    account: User,
    *,
    grant_form: GrantForm | None = None,
    password_form: PasswordResetForm | None = None,
) -> HttpResponse:
    unit_query = request.GET.get("unit_q", "")
    status = (
        400
        if (grant_form and grant_form.errors) or (password_form and password_form.errors)
        else 200
    )
    return render(
        request,
        "core/account.html",
        {
            "account": account,
            "grants": selectors.account_grants_visible(request.user, account),
            "grant_form": grant_form or GrantForm(),
            "password_form": password_form or PasswordResetForm(),
            "can_reset": account_password_reset_allowed(user=account, actor=request.user),
            "unit_q": unit_query,
            "unit_results": selectors.admin_unit_search(request.user, unit_query),
        },
        status=status,
    )


@require_GET
@login_required
def account_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _account_page(request, selectors.account_get_for_user(request.user, uuid=uuid))


@require_POST
@login_required
def account_grant(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Give the account a role over a unit the admin administers."""
    holder = selectors.account_get_for_user(request.user, uuid=uuid)
    form = GrantForm(request.POST)
    if not form.is_valid():
        return _account_page(request, holder, grant_form=form)
    unit = unit_get_for_user(request.user, uuid=form.cleaned_data["unit"], role=Role.ADMIN)
    try:
        grant_set_and_notify(
            user=holder, unit=unit, role=form.cleaned_data["role"], actor=request.user
        )
    except ValidationError as exc:
        _apply_errors(form, exc)
        return _account_page(request, holder, grant_form=form)
    messages.success(
        request,
        _("%(username)s now has the role %(role)s over %(unit)s.")
        % {
            "username": holder.username,
            "role": Role(form.cleaned_data["role"]).label,
            "unit": unit.name,
        },
    )
    return redirect("core:account", holder.uuid)


@require_POST
@login_required
def account_revoke(request: AuthedRequest, uuid: UUID, unit: UUID) -> HttpResponse:
    holder = selectors.account_get_for_user(request.user, uuid=uuid)
    place: Unit = unit_get_for_user(request.user, uuid=unit, role=Role.ADMIN)
    grant = get_object_or_404(holder.grants.select_related("unit"), unit=place)
    grant_revoke(grant=grant, actor=request.user)
    messages.success(
        request,
        _("%(username)s no longer has a role over %(unit)s.")
        % {"username": holder.username, "unit": place.name},
    )
    return redirect("core:account", holder.uuid)


@require_POST
@login_required
def account_password(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    holder = selectors.account_get_for_user(request.user, uuid=uuid)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            account_password_reset(
                user=holder, password=form.cleaned_data["password"], actor=request.user
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The password of %(username)s has been changed.") % {"username": holder.username},
            )
            return redirect("core:account", holder.uuid)
    return _account_page(request, holder, password_form=form)
