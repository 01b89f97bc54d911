"""Forms for the unit pages. They only read and type the input; every rule is in the services,
whose ValidationErrors ``add_service_errors`` puts back on the right field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sangathan.lib.phones import phone_mask
from sangathan.people.models import Gender, Person
from sangathan.units.models import Level, PostType, Unit
from sangathan.units.selectors import post_types_for_unit


def add_service_errors(
    form: forms.Form, exc: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: a field's message beside that field (renamed by
    ``field_map`` when the form calls it differently), everything else at the top."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            name = field_map.get(field, field)
            messages = [m for e in errors for m in e.messages]
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class AppointForm(forms.Form):
    """Appoint someone to a post of one unit: a person picked from the list (htmx
    autocomplete), found by typing a name or phone (no JavaScript), or added here."""

    post_type = forms.ModelChoiceField(
        label=_("Post"), queryset=PostType.objects.none(), to_field_name="uuid"
    )
    person = forms.UUIDField(required=False, widget=forms.HiddenInput)
    person_query = forms.CharField(
        label=_("Person (name or phone)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    new_name = forms.CharField(label=_("Name"), required=False, max_length=200)
    new_gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN, required=False
    )
    new_phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    start_date = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    # ValidationError keys of people.services.person_create -> this form's fields.
    PERSON_FIELDS = {"name": "new_name", "gender": "new_gender", "phone": "new_phone"}

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "appoint")
        super().__init__(*args, **kwargs)
        self.unit = unit
        field = self.fields["post_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = post_types_for_unit(unit)
        self.fields["start_date"].initial = timezone.localdate
        self.fields["person_query"].widget.attrs.update(
            {
                "hx-get": reverse("units:person_picker", args=[unit.uuid]),
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#person-choices",
                "hx-sync": "this:replace",
            }
        )
        # People the fallback search found when the typed text matched more than one.
        self.candidates: list[Person] = []

    @property
    def candidate_rows(self) -> list[tuple[Person, str]]:
        """The candidates with their phones masked: enough to tell two people apart."""
        return [(p, phone_mask(p.phone)) for p in self.candidates]


class AppointmentEndForm(forms.Form):
    end_date = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate


class UnitForm(forms.Form):
    """Name and code of a unit, as the services take them."""

    name_hi = forms.CharField(label=_("Hindi name"), required=False, max_length=200)
    name_en = forms.CharField(label=_("English name"), required=False, max_length=200)
    code = forms.CharField(
        label=_("Official code"),
        required=False,
        max_length=50,
        help_text=_("ECI booth number, LGD code or your own code; unique when given."),
    )


class ChildUnitForm(UnitForm):
    level = forms.ModelChoiceField(label=_("Level"), queryset=Level.objects.none())

    field_order = ["level", "name_hi", "name_en", "code"]

    def __init__(self, *args: Any, parent: Unit, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "child")
        super().__init__(*args, **kwargs)
        below = Level.objects.filter(depth__gt=parent.level.depth)
        field = self.fields["level"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = below
        field.initial = below.first()


class LevelsForm(forms.Form):
    levels = forms.CharField(
        label=_("Levels, top first"),
        help_text=_('One level a line, as HINDI:ENGLISH, for example "मंडल:Mandal".'),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def level_lines(self) -> list[str]:
        return [line for line in self.cleaned_data["levels"].splitlines() if line.strip()]


class PostTypeForm(forms.Form):
    level = forms.ModelChoiceField(label=_("Level"), queryset=Level.objects.all())
    code = forms.SlugField(
        label=_("Code"),
        max_length=50,
        help_text=_("Letters, digits and hyphens, e.g. social-media; it cannot be changed later."),
    )
    name_hi = forms.CharField(label=_("Hindi name"), required=False, max_length=100)
    name_en = forms.CharField(label=_("English name"), required=False, max_length=100)
    seats = forms.IntegerField(label=_("Seats per unit"), min_value=0, initial=1)
    min_women = forms.IntegerField(label=_("At least this many women"), min_value=0, initial=0)
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args: Any, post_type: PostType | None = None, **kwargs: Any) -> None:
        if post_type is not None:
            kwargs.setdefault(
                "initial",
                {
                    "level": post_type.level,
                    "code": post_type.code,
                    "name_hi": post_type.name_hi,
                    "name_en": post_type.name_en,
                    "seats": post_type.seats,
                    "min_women": post_type.min_women,
                    "sort_order": post_type.sort_order,
                    "is_active": post_type.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        self.post_type = post_type
        if post_type is not None:
            # A post is known by its level and code; editing one never turns it into another.
            self.fields["level"].disabled = True
            self.fields["code"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level, code = data.get("level"), data.get("code")
        if (
            self.post_type is None
            and level is not None
            and code
            and PostType.objects.filter(level=level, code=code).exists()
        ):
            self.add_error(
                "code",
                gettext("The level %(level)s already has a post with the code %(code)s.")
                % {"level": level.name, "code": code},
            )
        return data
