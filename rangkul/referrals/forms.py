from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rangkul.cases.models import Tier
from rangkul.referrals.models import (
    MINIMAL_SHARED,
    AgeGroup,
    Channel,
    Cost,
    NotCompletedReason,
    ProviderKind,
    ReferralStatus,
    ReferralUrgency,
    ServiceKind,
    SharedField,
)


class ProviderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProviderKind.choices)
    services = forms.MultipleChoiceField(
        label=_("Services"), choices=ServiceKind.choices, widget=forms.CheckboxSelectMultiple
    )
    age_groups = forms.MultipleChoiceField(
        label=_("Age groups"), choices=AgeGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    costs = forms.MultipleChoiceField(
        label=_("Cost"), choices=Cost.choices, widget=forms.CheckboxSelectMultiple
    )
    regions = forms.CharField(
        label=_("Regions served (Kemendagri codes, separated by commas; empty: all Indonesia)"),
        max_length=500,
        required=False,
    )
    languages = forms.CharField(
        label=_("Languages (codes such as id, jv, su)"), max_length=100, initial="id"
    )
    hours = forms.CharField(label=_("Opening hours"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    capacity_per_month = forms.IntegerField(
        label=_("New referrals taken per month"), required=False, min_value=0
    )
    channel = forms.ChoiceField(
        label=_("Takes referrals"), choices=Channel.choices, widget=forms.RadioSelect
    )
    provider_organisation = forms.ChoiceField(
        label=_("Provider organisation in Rangkul"), required=False
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, provider_organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["provider_organisation"]
        field.choices = [("", "—")] + [(str(o.pk), o.name) for o in provider_organisations]


class ImportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("json", _("Open Referral HSDS 3.0 (JSON)")), ("csv", _("CSV spreadsheet"))],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=_("File"))


class ReferralForm(forms.Form):
    provider = forms.ChoiceField(label=_("Provider"))
    reason = forms.CharField(
        label=_("Reason for the referral (the provider reads this)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=ReferralUrgency.choices, widget=forms.RadioSelect
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("What is shared with the provider"),
        choices=SharedField.choices,
        required=False,
        initial=[str(f) for f in MINIMAL_SHARED],
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.ChoiceField(label=_("Consent this referral rests on"), required=False)

    def __init__(self, *args: Any, providers: Any = (), consents: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider_field: Any = self.fields["provider"]
        provider_field.choices = [("", "—")] + [
            (str(p.pk), f"{p.name} ({p.get_kind_display()})") for p in providers
        ]
        consent_field: Any = self.fields["consent"]
        consent_field.choices = [("", "—")] + [
            (str(c.pk), f"{c.get_basis_display()} · {c.recorded_at:%d-%m-%Y}") for c in consents
        ]


class AnswerForm(forms.Form):
    to = forms.ChoiceField(label=_("Next step"), choices=ReferralStatus.choices)
    appointment_at = forms.DateTimeField(
        label=_("Appointment (date and time)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    decline_reason = forms.CharField(
        label=_("Reason for declining"), max_length=1000, required=False
    )
    not_completed_reason = forms.ChoiceField(
        label=_("Why not completed"),
        choices=[("", "—"), *NotCompletedReason.choices],
        required=False,
    )
    feedback = forms.CharField(
        label=_("Feedback for the counselor"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, allowed: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["to"]
        field.choices = [(s, ReferralStatus(s).label) for s in allowed]


class ReturnTierForm(forms.Form):
    tier = forms.ChoiceField(label=_("The case continues at"), choices=Tier.choices)
