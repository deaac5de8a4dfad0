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


class CasePageForm(forms.Form):
    """A form on the case page, which shows several at once: each gets its own ids
    (id_<prefix>_<field>) so that a label never points into another form. Field names,
    and so what the views read, stay the same."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class HelpRequestForm(forms.Form):
    # Text first: it is the one thing a student must give. Everything else is optional and
    # has a default, so that a frightened student can send after one field.
    text = forms.CharField(
        label=_("Tell us in a few words, in your own language"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write a few words about what is happening.")},
    )
    domain = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Domain.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    topic = forms.ChoiceField(
        label=_("Is it about any of these?"),
        choices=Topic.choices,
        initial=Topic.GENERAL,
        widget=forms.RadioSelect,
    )
    urgency = forms.ChoiceField(
        label=_("How urgent does it feel?"),
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        required=False,
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


class MessageForm(CasePageForm):
    id_prefix = "message"

    text = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write a message first.")},
    )


class NoteForm(CasePageForm):
    id_prefix = "note"

    text = forms.CharField(
        label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"), choices=Confidentiality.choices, initial="standard"
    )


class ContactLogForm(CasePageForm):
    id_prefix = "log"

    text = forms.CharField(
        label=_("Brief contact log"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(CasePageForm):
    id_prefix = "close"

    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    closing_note = forms.CharField(
        label=_("Closing note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TierForm(CasePageForm):
    id_prefix = "tier"

    to_tier = forms.ChoiceField(label=_("Move to tier"), choices=Tier.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class HandoverForm(CasePageForm):
    id_prefix = "handover"

    reason = forms.CharField(
        label=_("Why does a counselor need to take over?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    danger = forms.BooleanField(label=_("Someone may be in danger"), required=False)


class CaseUpdateForm(CasePageForm):
    id_prefix = "update"

    goals = forms.CharField(
        label=_("Goals"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)


class ChooseUserForm(CasePageForm):
    id_prefix = "lead"

    user = forms.ChoiceField(label=_("Person"))

    def __init__(self, *args: Any, users: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = users


class TeamForm(CasePageForm):
    id_prefix = "team"

    members = forms.MultipleChoiceField(
        label=_("Team"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, users: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = users
