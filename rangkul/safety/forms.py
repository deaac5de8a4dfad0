"""Forms parse and type the input; the services check the rules and give the messages."""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rangkul.safety.models import WEEKDAYS, PhraseCategory, PhraseLevel, TextChannel, TextWhen

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PhraseForm(forms.Form):
    pattern = forms.CharField(
        label=_("Phrase"),
        max_length=200,
        help_text=_(
            "Words as students write them, e.g. 'pengen modar'. '|' separates alternatives, "
            "'?' after a word makes it optional, '*' ends a word stem."
        ),
    )
    category = forms.ChoiceField(label=_("Category"), choices=PhraseCategory.choices)
    level = forms.ChoiceField(label=_("Level"), choices=PhraseLevel.choices)
    lang = forms.CharField(
        label=_("Language code"),
        max_length=3,
        initial="id",
        help_text=_("For example id, jv (Javanese), su (Sundanese)."),
    )


class ShiftForm(forms.Form):
    user = forms.ChoiceField(label=_("Person on duty"))
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("From"), widget=TIME)
    ends = forms.TimeField(
        label=_("Until"), widget=TIME, help_text=_("An end before the start means the next day.")
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.fields["user"]
        assert isinstance(user, forms.ChoiceField)
        user.choices = people

    def span(self, zone: Any) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        starts = datetime.combine(data["day"], data["starts"], tzinfo=zone)
        ends = datetime.combine(data["day"], data["ends"], tzinfo=zone)
        if ends <= starts:
            ends += timedelta(days=1)
        return starts, ends


class CrisisResourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    contact = forms.CharField(label=_("Number or address"), max_length=80)
    link = forms.CharField(
        label=_("Link"),
        max_length=200,
        required=False,
        help_text=_("For example tel:0271123456 or https://…"),
    )
    serves = forms.CharField(label=_("What it helps with"), max_length=200)
    hours = forms.CharField(label=_("Hours"), max_length=120)
    always_open = forms.BooleanField(label=_("Open 24 hours"), required=False)
    last_verified = forms.DateField(label=_("Last verified"), widget=DATE)
    active = forms.BooleanField(label=_("Shown to students"), required=False, initial=True)


class SettingsForm(forms.Form):
    around_the_clock = forms.BooleanField(
        label=_("Someone is on duty around the clock"), required=False
    )
    duty_days = forms.TypedMultipleChoiceField(
        label=_("Duty days"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    duty_start = forms.TimeField(label=_("Duty hours start"), widget=TIME)
    duty_end = forms.TimeField(label=_("Duty hours end"), widget=TIME)
    out_of_hours_user = forms.ChoiceField(label=_("Out-of-hours contact"), required=False)
    out_of_hours_name = forms.CharField(
        label=_("Or a name to call out of hours"), max_length=80, required=False
    )
    out_of_hours_phone = forms.CharField(
        label=_("and their phone number"), max_length=30, required=False
    )
    safeguarding_lead = forms.ChoiceField(label=_("Safeguarding lead (TPPK)"), required=False)
    ack_minutes_urgent = forms.IntegerField(
        label=_("Minutes to acknowledge an urgent alert"), min_value=1, max_value=240
    )
    ack_minutes_concern = forms.IntegerField(
        label=_("Minutes to acknowledge a concern"), min_value=1, max_value=2880
    )
    quick_exit_url = forms.URLField(
        label=_("Quick exit site"),
        help_text=_(
            "An ordinary outside site (weather, news) that quick exit opens. Empty: the default."
        ),
        max_length=300,
        required=False,
        assume_scheme="https",
    )
    calendar_title = forms.CharField(
        label=_("Calendar title"),
        help_text=_(
            "The one title of every appointment in a calendar, as a shared phone shows it. "
            "Say nothing about counseling. Empty: “Janji temu”."
        ),
        max_length=60,
        required=False,
    )

    protocol_steps = forms.CharField(
        label=_("Crisis protocol steps"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One step a line, shown on every alert to be ticked. Leave empty for the defaults "
            "(ask directly about suicide, do not leave the student alone, remove means, "
            "contact a guardian unless they may be the source of harm, refer). The guardian "
            "step is always included."
        ),
    )
    text_channel = forms.ChoiceField(
        label=_("Text messages for urgent alerts"),
        required=False,
        choices=[("", _("None")), *TextChannel.choices],
        help_text=_(
            "Each rung of an urgent alert also texts the phones below: only 'an urgent alert "
            "at your organisation, open Rangkul'."
        ),
    )
    text_when = forms.ChoiceField(
        label=_("Send text messages"), choices=TextWhen.choices, required=False
    )

    def __init__(self, *args: Any, staff: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Nobody")), *staff]
        for name in ("out_of_hours_user", "safeguarding_lead"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices


class ResponderPhoneForm(forms.Form):
    user = forms.ChoiceField(label=_("Counselor or coordinator"))
    phone = forms.CharField(label=_("Phone for urgent alerts"), max_length=30)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.fields["user"]
        assert isinstance(user, forms.ChoiceField)
        user.choices = people
