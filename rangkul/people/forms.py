from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rangkul.people.models import (
    ConsentBasis,
    ConsentScope,
    InvitationPurpose,
    Relationship,
    ReviewDecision,
)


class GuardianForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    may_contact = forms.BooleanField(label=_("May be contacted"), required=False, initial=True)
    do_not_contact = forms.BooleanField(
        label=_("Do not contact: this guardian may be the source of harm"), required=False
    )
    do_not_contact_note = forms.CharField(
        label=_("Why not to contact (seen by staff only)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InvitationForm(forms.Form):
    """The meeting a guardian is invited to; the purpose is one of the neutral wordings."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=120)
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=InvitationPurpose.choices, widget=forms.RadioSelect
    )
    signer_title = forms.CharField(
        label=_("Your position, as signed"),
        max_length=80,
        help_text=_("For example: Guru BK, Koordinator BK, Pendamping psikososial."),
    )


class ConsentForm(forms.Form):
    basis = forms.ChoiceField(
        label=_("Consent rests on"), choices=ConsentBasis.choices, widget=forms.RadioSelect
    )
    scope = forms.ChoiceField(label=_("What it covers"), choices=ConsentScope.choices)
    scope_detail = forms.CharField(label=_("Details (optional)"), max_length=300, required=False)
    guardian = forms.ChoiceField(label=_("Guardian who consented"), required=False)
    form_file = forms.FileField(label=_("Scanned form (PDF, JPEG or PNG)"), required=False)
    witness_name = forms.CharField(
        label=_("Staff witness of verbal consent"), max_length=200, required=False
    )
    exception_reason = forms.CharField(
        label=_("Why the exception applies"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reviewer = forms.ChoiceField(
        label=_("Reviewer, if the coordinator is implicated or absent (safeguarding lead)"),
        required=False,
    )

    def __init__(self, *args: Any, guardians: Any = (), staff: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guardian_field: Any = self.fields["guardian"]
        guardian_field.choices = [("", "—")] + [
            (str(g.pk), f"{g.full_name} ({g.get_relationship_display()})") for g in guardians
        ]
        reviewer_field: Any = self.fields["reviewer"]
        reviewer_field.choices = [("", _("The coordinator"))] + [
            (str(u.public_id), u.display_name) for u in staff
        ]


class WithdrawForm(forms.Form):
    effect = forms.CharField(
        label=_("What the withdrawal changes"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Review"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    review_note = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
