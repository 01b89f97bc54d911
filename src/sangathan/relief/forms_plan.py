"""The forms of relief planning (``views_plan``, ``views_plan_stores``): what a planner types,
checked for shape; the services decide what is allowed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sangathan.core.access import units_visible
from sangathan.relief import selectors
from sangathan.relief.models import (
    DistributionPoint,
    Drive,
    DriveItem,
    Duty,
    Item,
    Shift,
    Store,
)
from sangathan.units.models import Unit

if TYPE_CHECKING:
    from sangathan.core.models import User

# Pickers offer the drive's unit and two levels below it, not every booth of a state.
PICKER_DEPTH = 2
PICKER_LIMIT = 300
# A drive longer than this is planned day by day with a date field instead of a list of days.
DAYS_IN_LIST = 62

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _number(minimum: int) -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": minimum, "inputmode": "numeric"})


def _offer(field: forms.Field, choices: list[tuple[str, str]]) -> None:
    """Show these choices while the field still accepts anything of its queryset: the
    services, not the list, say why a choice from elsewhere is refused."""
    field.widget.choices = choices


def store_label(store: Store) -> str:
    return f"{store.name} · {store.unit.name}"


def drive_stores(drive: Drive) -> list[Store]:
    return list(
        Store.objects.filter(unit_path__subtree=drive.unit.path, is_active=True)
        .select_related("unit")
        .order_by("unit_path", "name")[:PICKER_LIMIT]
    )


def drive_units(drive: Drive) -> list[Unit]:
    return list(
        Unit.objects.filter(
            path__subtree=drive.unit.path, depth__lte=drive.unit.depth + PICKER_DEPTH
        ).order_by("path")[:PICKER_LIMIT]
    )


def drive_days(drive: Drive) -> list[date]:
    count = (drive.ends_on - drive.starts_on).days + 1
    if count > DAYS_IN_LIST:
        return []
    return [drive.starts_on + timedelta(days=n) for n in range(count)]


# --- Forms ------------------------------------------------------------------------------------


class DriveForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=Unit.objects.none(),
        to_field_name="uuid",
        error_messages={"invalid_choice": gettext_lazy("Choose one of your units from the list.")},
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        help_text=gettext_lazy("For example: लॉकडाउन सेवा — शनिवार और रविवार"),
    )
    starts_on = forms.DateField(
        label=capfirst(Drive._meta.get_field("starts_on").verbose_name), widget=DATE_INPUT
    )
    ends_on = forms.DateField(
        label=capfirst(Drive._meta.get_field("ends_on").verbose_name), widget=DATE_INPUT
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], shortlist: list[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
        _offer(field, [(str(u.uuid), u.name) for u in shortlist])


class StoreForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=Unit.objects.none(),
        to_field_name="uuid",
        error_messages={"invalid_choice": gettext_lazy("Choose one of your units from the list.")},
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        help_text=gettext_lazy("For example: जिला कार्यालय, or a mandal's collection point"),
    )
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300, required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], shortlist: list[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
        _offer(field, [(str(u.uuid), u.name) for u in shortlist])


NO_LIMIT = gettext_lazy("Leave it empty for no limit.")


class DriveItemForm(forms.Form):
    """An item the drive offers and its rules per household; an empty rule is no limit."""

    item = forms.ModelChoiceField(
        label=gettext_lazy("Item"),
        queryset=Item.objects.none(),
        to_field_name="code",
        error_messages={
            "required": gettext_lazy("Choose an item."),
            "invalid_choice": gettext_lazy("Choose an item from the list."),
        },
    )
    per_drive = forms.IntegerField(
        label=capfirst(DriveItem._meta.get_field("per_drive").verbose_name),
        required=False,
        widget=_number(1),
        help_text=NO_LIMIT,
    )
    per_day = forms.IntegerField(
        label=capfirst(DriveItem._meta.get_field("per_day").verbose_name),
        required=False,
        widget=_number(1),
        help_text=NO_LIMIT,
    )
    min_interval_hours = forms.IntegerField(
        label=capfirst(DriveItem._meta.get_field("min_interval_hours").verbose_name),
        required=False,
        widget=_number(0),
        help_text=NO_LIMIT,
    )

    def __init__(self, *args: Any, offer: list[Item] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.items_active()
        if offer is not None:
            _offer(field, [("", _("Choose an item")), *((i.code, i.name) for i in offer)])


class PointForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the point"), max_length=200)
    store = forms.ModelChoiceField(
        label=gettext_lazy("Store it draws from"),
        queryset=Store.objects.none(),
        to_field_name="uuid",
        error_messages={
            "required": gettext_lazy("Choose the store the point draws from."),
            "invalid_choice": gettext_lazy("There is no such store."),
        },
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit of the point"),
        queryset=Unit.objects.none(),
        to_field_name="uuid",
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a unit from the list.")},
    )

    def __init__(self, *args: Any, user: User, drive: Drive, **kwargs: Any):
        super().__init__(*args, **kwargs)
        store = self.fields["store"]
        unit = self.fields["unit"]
        assert isinstance(store, forms.ModelChoiceField)
        assert isinstance(unit, forms.ModelChoiceField)
        store.queryset = selectors.stores_for_user(user)
        stores = [(str(s.uuid), store_label(s)) for s in drive_stores(drive)]
        _offer(store, [("", _("Choose a store")), *stores])
        unit.queryset = units_visible(user)
        units = [(str(u.uuid), u.name) for u in drive_units(drive)]
        _offer(unit, [("", _("The store's unit")), *units])


class DutyForm(forms.Form):
    point = forms.ModelChoiceField(
        label=gettext_lazy("Point"),
        queryset=DistributionPoint.objects.none(),
        to_field_name="uuid",
        error_messages={
            "required": gettext_lazy("Choose a point of this drive."),
            "invalid_choice": gettext_lazy("Choose a point of this drive."),
        },
    )
    day = forms.DateField(label=gettext_lazy("Day"), widget=DATE_INPUT)
    shift = forms.ChoiceField(
        label=capfirst(Duty._meta.get_field("shift").verbose_name), choices=Shift.choices
    )
    person = forms.UUIDField(required=False)
    person_query = forms.CharField(
        label=gettext_lazy("Volunteer (name in Hindi or English, or phone)"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args: Any, drive: Drive, **kwargs: Any):
        super().__init__(*args, **kwargs)
        point = self.fields["point"]
        assert isinstance(point, forms.ModelChoiceField)
        point.queryset = drive.points.all()
        _offer(point, [(str(p.uuid), p.name) for p in drive.points.order_by("name")])
        days = drive_days(drive)
        if days:
            self.fields["day"].widget = forms.Select(
                choices=[(d.isoformat(), date_format(d, "D, j M")) for d in days]
            )
