from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rangkul.cases.models import (
    Confidentiality,
    Domain,
    GenderPreference,
    HelperChoice,
    Outcome,
    RiskLevel,
    Tier,
    Topic,
    Urgency,
)
from rangkul.peers.models import Language


class HelpRequestForm(forms.Form):
    domain = forms.ChoiceField(
        label=_("What is it about?"), choices=Domain.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Tell us in a few words, in your own language"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a few words about what is happening.")},
    )
    topic = forms.ChoiceField(
        label=_("Is it about any of these?"),
        choices=Topic.choices,
        initial=Topic.GENERAL,
        widget=forms.RadioSelect,
    )
    urgency = forms.ChoiceField(
        label=_("How urgent does it feel?"), choices=Urgency.choices, widget=forms.RadioSelect
    )
    helper_choice = forms.ChoiceField(
        label=_("Who would you like to talk to?"),
        choices=HelperChoice.choices,
        initial=HelperChoice.EITHER,
        widget=forms.RadioSelect,
    )
    helper_gender = forms.ChoiceField(
        label=_("Would you prefer a helper who is"),
        choices=GenderPreference.choices,
        initial=GenderPreference.ANY,
    )
    show_name_to_peer = forms.BooleanField(
        label=_("A peer supporter may see my name (counselors always can)"), required=False
    )
    language = forms.ChoiceField(
        label=_("Language you would like to talk in"),
        choices=Language.choices,
        initial=Language.INDONESIAN,
        # A form loaded before this field existed still sends a valid request.
        required=False,
    )
    avoid_same_class = forms.BooleanField(
        label=_("Not a peer supporter from my class"), required=False
    )
    avoid = forms.MultipleChoiceField(
        label=_("Please not these peer supporters"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    client_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, peers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        avoid = self.fields["avoid"]
        assert isinstance(avoid, forms.MultipleChoiceField)
        avoid.choices = peers
        if not peers:
            del self.fields["avoid"]


class ReferralForm(forms.Form):
    person = forms.ChoiceField(label=_("Student"))
    reason = forms.CharField(
        label=_("Why are you referring this student?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    domain = forms.ChoiceField(label=_("Topic area"), choices=Domain.choices)
    urgency = forms.ChoiceField(label=_("How urgent"), choices=Urgency.choices, initial="medium")

    def __init__(self, *args: Any, students: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ChoiceField)
        person.choices = [("", "—"), *students]


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write a message first.")},
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"), choices=Confidentiality.choices, initial="standard"
    )


class ContactLogForm(forms.Form):
    text = forms.CharField(
        label=_("Brief contact log"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    closing_note = forms.CharField(
        label=_("Closing note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TierForm(forms.Form):
    to_tier = forms.ChoiceField(label=_("Move to tier"), choices=Tier.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class HandoverForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does a counselor need to take over?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    danger = forms.BooleanField(label=_("Someone may be in danger"), required=False)


class CaseUpdateForm(forms.Form):
    goals = forms.CharField(
        label=_("Goals"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)


class ChooseUserForm(forms.Form):
    user = forms.ChoiceField(label=_("Person"))

    def __init__(self, *args: Any, users: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = users


class TeamForm(forms.Form):
    members = forms.MultipleChoiceField(
        label=_("Team"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, users: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = users
