"""Forms for logging in, the audit log filter and account management.

Forms only parse and validate input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from sangathan.core.models import Role
from sangathan.core.selectors import AUDIT_ACTION_GROUPS
from sangathan.people.models import Gender
from sangathan.units.models import Unit


class LoginForm(AuthenticationForm):
    """Username or phone number: the backend (``core.auth``) accepts either."""

    username = forms.CharField(
        label=_("Username or phone number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "The username or phone number and the password do not match. Please try again."
        ),
        "inactive": _("This account has been switched off. Please ask your office."),
    }


class DateInput(forms.DateInput):
    input_type = "date"


def unit_choice_label(unit: Unit) -> str:
    # Indentation shows the tree in a plain <select>, which works on every phone.
    return "\u00a0\u00a0" * max(unit.depth - 1, 0) + f"{unit.name} ({unit.level.name})"


class AuditFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    actor = forms.CharField(label=_("Done by (name or username)"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("What was done"), required=False)
    date_from = forms.DateField(label=_("From date"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To date"), required=False, widget=DateInput)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        unit_field.choices = [("", _("All my units"))] + [
            (str(u.uuid), unit_choice_label(u)) for u in units
        ]
        action_field: Any = self.fields["action"]
        action_field.choices = [("", _("Everything"))] + [
            (prefix, label) for prefix, label in AUDIT_ACTION_GROUPS.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The from date must not be after the to date."))
        return data


ROLE_CHOICES = [(r.value, r.label) for r in (Role.VIEWER, Role.WORKER, Role.EDITOR, Role.ADMIN)]


class AccountCreateForm(forms.Form):
    """A new account at a unit, for a person who lives there or a new person."""

    # Chosen from a list the page shows (narrowed by a search); the view checks it is in reach.
    person = forms.UUIDField(label=_("Existing person"), required=False)
    name = forms.CharField(label=_("Or a new person: name"), required=False, max_length=200)
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", "—"), *Gender.choices]
    )
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=30)
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Tell it to the person; they log in with it and their username or phone."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Role.WORKER)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("name") or "").strip():
            raise forms.ValidationError(
                _("Choose an existing person or give the name of a new one.")
            )
        return data


class GrantForm(forms.Form):
    # Chosen from the search results the page shows; the view authorises it.
    unit = forms.UUIDField(label=_("Unit"), error_messages={"required": _("Choose a unit.")})
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Role.WORKER)


class PasswordResetForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
