"""Forms for the meetings pages. They only read and type the input; every rule (who may, times,
owners, what is public) is in the meetings services, whose ValidationErrors
``units.forms.add_service_errors`` puts back on the right field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sangathan.meetings.models import ActionStatus, MeetingKind, Presence, Recurrence, Rsvp
from sangathan.meetings.series import EXTEND_DEFAULT, EXTEND_MAX, rule_label
from sangathan.units.models import PostType, Unit

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_INPUTS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _when_field(label: Any, required: bool = True) -> forms.DateTimeField:
    # A datetime-local input gives the time as the user's clock reads it; Django makes it
    # aware in the active time zone (Asia/Kolkata).
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        input_formats=DATETIME_INPUTS,
    )


class MeetingForm(forms.Form):
    """A meeting's details. ``unit`` is offered only on a new meeting (the editor's units);
    the chair is a person picked from the htmx search (its uuid in ``chair``)."""

    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), to_field_name="uuid", required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    starts_at = _when_field(_("Date and time"))
    ends_at = _when_field(_("Ends at"), required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    place = forms.CharField(
        label=_("Town for the press note"),
        max_length=100,
        required=False,
        help_text=_("The press note starts with it, e.g. कानपुर। Empty: the unit's name."),
    )
    occasion = forms.CharField(
        label=_("Occasion"),
        max_length=300,
        required=False,
        help_text=_("Why the meeting was called, e.g. आगामी विधानसभा चुनाव को देखते हुए"),
    )
    chair = forms.UUIDField(required=False, widget=forms.HiddenInput)
    chair_query = forms.CharField(
        label=_("Chair (name in Hindi or English, or phone)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    venue_public = forms.BooleanField(label=_("Venue in the press note"), required=False)
    attendees_public = forms.BooleanField(label=_("Attendees in the press note"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        if units is None:
            del self.fields["unit"]
        else:
            field.queryset = units
            field.required = True
            del self.fields["venue_public"]
            del self.fields["attendees_public"]


class NewMeetingForm(MeetingForm):
    """A new meeting also takes its agenda (one item a line) and may repeat."""

    agenda = forms.CharField(
        label=_("Agenda (one item a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    repeat = forms.ChoiceField(
        label=_("Repeats"),
        choices=[("", _("Does not repeat")), *Recurrence.choices],
        required=False,
        help_text=_(
            "A repeating meeting is held on the same day of the month (1 to 28) or the same "
            "weekday; the next three are planned now."
        ),
    )

    def agenda_titles(self) -> list[str]:
        text = self.cleaned_data.get("agenda") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class SeriesForm(forms.Form):
    """A repeating meeting's details. The rule is one choice ("every month on day 5", "every
    week on Monday"), its value ``<recurrence>:<day>``; the chair as on ``MeetingForm``."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    rule = forms.ChoiceField(label=_("Repeats"), choices=[])
    start_time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
    )
    duration_minutes = forms.IntegerField(label=_("Length in minutes"))
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    place = forms.CharField(
        label=_("Town for the press note"),
        max_length=100,
        required=False,
        help_text=_("The press note starts with it, e.g. कानपुर। Empty: the unit's name."),
    )
    chair = forms.UUIDField(required=False, widget=forms.HiddenInput)
    chair_query = forms.CharField(
        label=_("Chair (name in Hindi or English, or phone)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rule"]
        assert isinstance(field, forms.ChoiceField)
        # Built per form so the labels are in the request's language.
        field.choices = [
            (
                Recurrence.MONTHLY.label,
                [
                    (f"{Recurrence.MONTHLY}:{d}", rule_label(Recurrence.MONTHLY, d))
                    for d in range(1, 29)
                ],
            ),
            (
                Recurrence.WEEKLY.label,
                [(f"{Recurrence.WEEKLY}:{d}", rule_label(Recurrence.WEEKLY, d)) for d in range(7)],
            ),
        ]

    def recurrence_and_day(self) -> tuple[str, int]:
        recurrence, _sep, day = self.cleaned_data["rule"].partition(":")
        return recurrence, int(day)


class ExtendForm(forms.Form):
    """Plan the next ``count`` meetings of a series after ``after``: the last date the page
    showed, so that the same form sent twice asks for the same dates."""

    count = forms.IntegerField(
        label=_("How many meetings"),
        initial=EXTEND_DEFAULT,
        widget=forms.NumberInput(attrs={"min": 1, "max": EXTEND_MAX}),
    )
    after = forms.DateField(required=False, widget=forms.HiddenInput, input_formats=["%Y-%m-%d"])


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    public = forms.BooleanField(label=_("In the press note"), required=False, initial=True)


class StatementForm(forms.Form):
    speaker = forms.UUIDField(widget=forms.HiddenInput)
    speaker_post = forms.CharField(label=_("Speaker's post"), max_length=100, required=False)
    text = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(label=_("In the press note"), required=False, initial=True)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(label=_("In the press note"), required=False, initial=True)


class ActionItemForm(forms.Form):
    """Owners are people picked from the htmx search (checkboxes named ``owners``, read by
    the view), or typed in ``owners_query`` when JavaScript is off."""

    text = forms.CharField(label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 2}))
    owners_query = forms.CharField(
        label=_("Owner (name in Hindi or English, or phone)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    due_date = forms.DateField(
        label=_("Due by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of work"), choices=[])
    target = forms.UUIDField(label=_("Id of the work"))
    label = forms.CharField(label=_("Label"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from sangathan.meetings.models import LinkKind

        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = LinkKind.choices


class ByPostForm(forms.Form):
    """Invite every holder of a post under a unit (all मंडल अध्यक्ष of the district)."""

    post_type = forms.ModelChoiceField(
        label=_("Post"), queryset=PostType.objects.none(), to_field_name="uuid"
    )
    under = forms.ModelChoiceField(
        label=_("In units under"), queryset=Unit.objects.none(), to_field_name="uuid"
    )

    def __init__(
        self, *args: Any, posts: QuerySet[PostType], units: QuerySet[Unit], **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "bypost")
        super().__init__(*args, **kwargs)
        post_field = self.fields["post_type"]
        assert isinstance(post_field, forms.ModelChoiceField)
        post_field.queryset = posts
        post_field.label_from_instance = _post_label  # type: ignore[method-assign,assignment]
        under_field = self.fields["under"]
        assert isinstance(under_field, forms.ModelChoiceField)
        under_field.queryset = units


def _post_label(post: PostType) -> str:
    return f"{post.name} ({post.level.name})"


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class PressNoteForm(forms.Form):
    headline_hi = forms.CharField(label=_("Headline in Hindi"), max_length=300)
    text_hi = forms.CharField(
        label=_("Text in Hindi"), widget=forms.Textarea(attrs={"rows": 14, "lang": "hi"})
    )
    headline_en = forms.CharField(label=_("Headline in English"), max_length=300, required=False)
    text_en = forms.CharField(
        label=_("Text in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "lang": "en"}),
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))


PRESENCE_BUTTONS = [
    Presence.PRESENT,
    Presence.LATE,
    Presence.ABSENT,
    Presence.ON_LEAVE,
]
RSVP_CHOICES = [Rsvp.YES, Rsvp.NO, Rsvp.MAYBE]
