"""Forms for the people pages. They only read and type the input; every rule is in the
services, whose ValidationErrors ``units.forms.add_service_errors`` puts on the right field."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sangathan.lib.phones import phone_display
from sangathan.people.models import (
    ConsentMethod,
    ConsentPurpose,
    Gender,
    Household,
    Person,
    RelationKind,
    Tag,
)
from sangathan.people.services import PersonFields


class _NoEchoInput(forms.TextInput):
    """Never send back more than four digits: someone who typed a whole Aadhaar number by
    mistake must not see it (or leave it in a browser cache) on the page that refuses it."""

    def format_value(self, value: Any) -> str | None:
        if value is not None and len(re.sub(r"\D", "", str(value))) > 4:
            return None
        return super().format_value(value)


class PersonForm(forms.Form):
    """Every field of ``PersonFields``, plus the household (one of the unit's)."""

    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    relation_kind = forms.ChoiceField(
        label=_("Relation"),
        choices=[("", "—"), *RelationKind.choices],
        required=False,
    )
    relation_name = forms.CharField(
        label=_("Father's or husband's name"), required=False, max_length=200
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    age = forms.IntegerField(
        label=_("Or age in years"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    phone2 = forms.CharField(
        label=_("Second phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    locality = forms.CharField(label=_("Locality"), required=False, max_length=200)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    voter_id = forms.CharField(label=_("Voter ID (EPIC)"), required=False, max_length=20)
    ration_card = forms.CharField(label=_("Ration card number"), required=False, max_length=30)
    aadhaar_last4 = forms.CharField(
        label=_("Last 4 digits of Aadhaar"),
        required=False,
        max_length=20,
        widget=_NoEchoInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Only the last 4 digits are kept; the full Aadhaar number is never stored."),
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=Tag.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    household = forms.ModelChoiceField(
        label=_("Household"),
        queryset=Household.objects.none(),
        to_field_name="uuid",
        required=False,
    )

    def __init__(self, *args: Any, households: QuerySet[Household], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["household"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = households
        field.empty_label = gettext("No household")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("birth_year") is not None and data.get("age") is not None:
            self.add_error("age", gettext("Give the year of birth or the age, not both."))
        return data

    def person_fields(self) -> PersonFields:
        data = self.cleaned_data
        return PersonFields(
            name=data["name"],
            gender=data["gender"],
            phone=data["phone"],
            phone2=data["phone2"],
            relation_kind=data["relation_kind"],
            relation_name=data["relation_name"],
            birth_year=data["birth_year"],
            age=data["age"],
            locality=data["locality"],
            address=data["address"],
            voter_id=data["voter_id"],
            ration_card=data["ration_card"],
            aadhaar_last4=data["aadhaar_last4"],
            tags=[t.code for t in data["tags"]],
        )

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        """The form filled with what is stored (honorifics put back before the name)."""
        return {
            "name": f"{person.honorifics} {person.name}" if person.honorifics else person.name,
            "gender": person.gender,
            "relation_kind": person.relation_kind,
            "relation_name": person.relation_name,
            "birth_year": person.birth_year,
            "phone": phone_display(person.phone),
            "phone2": phone_display(person.phone2),
            "locality": person.locality,
            "address": person.address,
            "voter_id": person.voter_id,
            "ration_card": person.ration_card,
            "aadhaar_last4": person.aadhaar_last4,
            "tags": list(person.tags.all()),
            "household": person.household,
        }


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    method = forms.ChoiceField(label=_("How it was given"), choices=ConsentMethod.choices)
    given_on = forms.DateField(
        label=_("Given on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "consent")
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate


class HouseholdForm(forms.Form):
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    locality = forms.CharField(label=_("Locality"), required=False, max_length=200)
    code = forms.CharField(
        label=_("Household number"),
        required=False,
        max_length=50,
        help_text=_("The number in your office's register, if it has one."),
    )
    size = forms.IntegerField(
        label=_("Number of members"),
        required=False,
        help_text=_("As the family says, even if not all are registered here."),
    )


def _person_label(person: Person) -> str:
    """A name and, to tell two of the same name apart, the year of birth."""
    if person.birth_year:
        return f"{person.display_name} ({person.birth_year})"
    return person.display_name


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


class _PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


class HouseholdMembersForm(forms.Form):
    members = _PeopleChoice(
        label=_("Members"),
        queryset=Person.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    head = _PersonChoice(
        label=_("Head of the household"),
        queryset=Person.objects.none(),
        to_field_name="uuid",
        required=False,
    )

    def __init__(self, *args: Any, candidates: QuerySet[Person], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "members")
        super().__init__(*args, **kwargs)
        for name in ("members", "head"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = candidates
        head = self.fields["head"]
        assert isinstance(head, forms.ModelChoiceField)
        head.empty_label = gettext("Nobody chosen")


class HouseholdEditForm(HouseholdForm):
    """The household's own details and its head, chosen among its members."""

    head = _PersonChoice(
        label=_("Head of the household"),
        queryset=Person.objects.none(),
        to_field_name="uuid",
        required=False,
    )

    def __init__(self, *args: Any, members: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        head = self.fields["head"]
        assert isinstance(head, forms.ModelChoiceField)
        head.queryset = members
        head.empty_label = gettext("Nobody chosen")

    @staticmethod
    def initial_for(household: Household) -> dict[str, Any]:
        return {
            "address": household.address,
            "locality": household.locality,
            "code": household.code,
            "size": household.size,
            "head": household.head,
        }


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this person's data being erased?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the name, phones and ids are removed and cannot be restored."),
    )
