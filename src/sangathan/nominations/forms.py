"""Forms for the nominations pages. They only read and type the input; every rule (counts,
ages, who may be asked, deadlines) is in the services, whose ValidationErrors
``units.forms.add_service_errors`` puts back on the right field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from sangathan.nominations.models import Target
from sangathan.nominations.services import AskSpec
from sangathan.people.models import Gender
from sangathan.people.services import PersonFields
from sangathan.units.models import Level, PostType, Unit

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _deadline_field(label: Any) -> forms.DateTimeField:
    # A datetime-local input gives the time as the user's clock reads it; Django makes it
    # aware in the active time zone (Asia/Kolkata).
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )


def posts_askable(issuer: Unit) -> QuerySet[PostType]:
    """Posts of the issuer's level or a level below it, the ones a requisition may ask for."""
    return (
        PostType.objects.filter(is_active=True, level__depth__gte=issuer.level.depth)
        .select_related("level")
        .order_by("level__depth", "sort_order", "id")
    )


class RequisitionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    instructions_hi = forms.CharField(
        label=_("Instructions in Hindi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "hi"}),
    )
    instructions_en = forms.CharField(
        label=_("Instructions in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "en"}),
    )
    deadline = _deadline_field(_("Deadline"))
    target = forms.ChoiceField(
        label=_("Ask whom"),
        choices=Target.choices,
        initial=Target.CHILDREN,
        widget=forms.RadioSelect,
    )
    target_level = forms.ModelChoiceField(
        label=_("Level"), queryset=Level.objects.none(), required=False
    )
    chosen_units = forms.ModelMultipleChoiceField(
        label=_("Units to ask"),
        queryset=Unit.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, issuer: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issuer = issuer
        level_field = self.fields["target_level"]
        assert isinstance(level_field, forms.ModelChoiceField)
        level_field.queryset = Level.objects.filter(depth__gt=issuer.level.depth)
        chosen = self.fields["chosen_units"]
        assert isinstance(chosen, forms.ModelMultipleChoiceField)
        # Any unit of the subtree may be picked (the picker searches it); the service checks.
        chosen.queryset = Unit.objects.filter(path__subtree=issuer.path).exclude(pk=issuer.pk)

    def chosen_initial(self) -> list[Unit]:
        """The units shown as checkboxes: the issuer's children, plus any picked further down."""
        children = list(
            Unit.objects.filter(path__subtree=self.issuer.path, depth=self.issuer.depth + 1)
            .select_related("level")
            .order_by("path")[:200]
        )
        picked: list[Unit] = []
        wanted = [u for u in self.selected_uuids() if u not in {str(c.uuid) for c in children}]
        if wanted:
            try:
                picked = list(
                    Unit.objects.filter(path__subtree=self.issuer.path, uuid__in=wanted)
                    .exclude(pk=self.issuer.pk)
                    .select_related("level")
                )
            except ValidationError:  # a malformed uuid: the field reports it on validation
                picked = []
        return picked + children

    def selected_uuids(self) -> set[str]:
        if self.is_bound and hasattr(self.data, "getlist"):
            return set(self.data.getlist("chosen_units"))
        return set()


class AskForm(forms.Form):
    post_type = forms.ModelChoiceField(
        label=_("Post"), queryset=PostType.objects.none(), to_field_name="uuid"
    )
    min_count = forms.IntegerField(label=_("Number of names"), min_value=0, initial=1)
    max_count = forms.IntegerField(
        label=_("At most (leave empty for an exact number)"), min_value=1, required=False
    )
    ranked = forms.BooleanField(label=_("In order of preference"), required=False)
    min_women = forms.IntegerField(label=_("At least this many women"), min_value=0, initial=0)
    age_min = forms.IntegerField(label=_("Youngest age"), min_value=0, required=False)
    age_max = forms.IntegerField(label=_("Oldest age"), min_value=0, required=False)
    phone_required = forms.BooleanField(label=_("Phone number required"), required=False)
    conflicting_posts = forms.ModelMultipleChoiceField(
        label=_("People holding these posts may not be proposed"),
        queryset=PostType.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, issuer: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        post = self.fields["post_type"]
        assert isinstance(post, forms.ModelChoiceField)
        post.queryset = posts_askable(issuer)
        conflicting = self.fields["conflicting_posts"]
        assert isinstance(conflicting, forms.ModelMultipleChoiceField)
        conflicting.queryset = PostType.objects.filter(is_active=True).select_related("level")

    def spec(self) -> AskSpec:
        data = self.cleaned_data
        return AskSpec(
            post_type=data["post_type"],
            min_count=data["min_count"],
            max_count=data["max_count"],
            ranked=data["ranked"],
            min_women=data["min_women"] or 0,
            age_min=data["age_min"],
            age_max=data["age_max"],
            phone_required=data["phone_required"],
            conflicting_posts=list(data["conflicting_posts"]),
        )


AskFormSet = formset_factory(AskForm, extra=0, min_num=1, validate_min=True, can_delete=True)


class DeadlineForm(forms.Form):
    deadline = _deadline_field(_("New deadline"))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class NewPersonForm(forms.Form):
    """Register someone not yet in the registry and put them on the panel in one step."""

    name = forms.CharField(label=_("Name"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    home_unit = forms.ModelChoiceField(
        label=_("Unit the person belongs to"), queryset=Unit.objects.none(), to_field_name="uuid"
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    # How many units of the panel's subtree the home-unit list offers before it shows only the
    # panel's unit and the units right under it (a district has thousands of booths).
    MAX_CHOICES = 300

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["home_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        subtree = Unit.objects.filter(path__subtree=unit.path).select_related("level")
        field.queryset = subtree.order_by("path")
        choices = list(subtree.order_by("path")[: self.MAX_CHOICES + 1])
        if len(choices) > self.MAX_CHOICES:
            choices = list(
                subtree.filter(depth__lte=unit.depth + 1).order_by("path")[: self.MAX_CHOICES]
            )
        field.choices = [(str(u.uuid), f"{u.name} · {u.level.name}") for u in choices]
        field.initial = str(unit.uuid)

    def person_fields(self) -> PersonFields:
        data = self.cleaned_data
        return PersonFields(
            name=data["name"],
            gender=data["gender"],
            birth_year=data["birth_year"],
            phone=data["phone"],
        )


class CompiledFilterForm(forms.Form):
    """Filters of the compiled list. Invalid values are simply ignored (a GET form)."""

    post = forms.ModelChoiceField(
        label=_("Post"), queryset=PostType.objects.none(), to_field_name="uuid", required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), to_field_name="uuid", required=False
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Any")), *Gender.choices], required=False
    )
    age_min = forms.IntegerField(label=_("Youngest age"), min_value=0, required=False)
    age_max = forms.IntegerField(label=_("Oldest age"), min_value=0, required=False)

    def __init__(self, *args: Any, posts: QuerySet[PostType], units: QuerySet[Unit], **kw: Any):
        super().__init__(*args, **kw)
        post = self.fields["post"]
        assert isinstance(post, forms.ModelChoiceField)
        post.queryset = posts
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``compiled_nominations`` / ``compiled_export``."""
        if not self.is_bound:
            return {}
        self.is_valid()  # a bad value drops that filter only
        data = self.cleaned_data
        return {
            "post_type": data.get("post"),
            "unit": data.get("unit"),
            "gender": data.get("gender") or None,
            "age_min": data.get("age_min"),
            "age_max": data.get("age_max"),
        }
