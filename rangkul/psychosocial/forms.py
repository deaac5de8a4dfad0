"""Forms of the psychosocial pages. They parse; the services check and write."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rangkul.activities.models import Mode
from rangkul.lib.idempotency import FIELD_NAME
from rangkul.people.models import Gender, Relationship
from rangkul.psychosocial.models import Need, ProgrammeStatus, TargetGroup, Vulnerability
from rangkul.regions.forms import RegionField
from rangkul.regions.models import Level

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    region = RegionField(label=_("Location"))
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeStatus.choices)
    team = forms.MultipleChoiceField(
        label=_("Field workers on the team"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, workers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), u.get_full_name() or u.username) for u in workers
        ]


class DraftForm(forms.Form):
    """A form the browser may keep as a draft and resend: it carries the idempotency key."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FIELD_NAME].widget.attrs["data-idempotency-key"] = ""


class BeneficiaryForm(DraftForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    gender = forms.ChoiceField(
        label=_("Sex"), choices=Gender.choices, widget=forms.RadioSelect, initial=Gender.FEMALE
    )
    age = forms.IntegerField(
        label=_("Age (years)"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    birth_date = forms.DateField(label=_("Date of birth (if known)"), required=False, widget=DATE)
    household = forms.CharField(
        label=_("Household (name or number)"), max_length=60, required=False
    )
    is_household_head = forms.BooleanField(label=_("Head of the household"), required=False)
    region = RegionField(label=_("Where the person lives"), min_level=Level.DISTRICT)
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities"),
        choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    vulnerability_other = forms.CharField(
        label=_("Other vulnerability"), max_length=200, required=False
    )
    consent_basis = forms.ChoiceField(
        label=_("Consent to take part given by"),
        choices=[
            ("person", _("The person themself")),
            ("guardian_verbal", _("A guardian, verbally, with a witness")),
        ],
        widget=forms.RadioSelect,
        initial="person",
    )
    guardian_name = forms.CharField(label=_("Guardian's name"), max_length=200, required=False)
    guardian_relationship = forms.ChoiceField(
        label=_("Relationship"),
        choices=[("", "—"), *Relationship.choices],
        required=False,
    )
    witness_name = forms.CharField(label=_("Witness"), max_length=200, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class PfaForm(DraftForm):
    beneficiary = forms.ChoiceField(label=_("Person"))
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=600, initial=30
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.IN_PERSON)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    needs = forms.MultipleChoiceField(
        label=_("Needs identified"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_other = forms.CharField(label=_("Other need"), max_length=200, required=False)
    information_given = forms.CharField(
        label=_("Information given"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    services = forms.MultipleChoiceField(
        label=_("Services linked (from the directory)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    follow_up = forms.CharField(label=_("Follow-up"), max_length=1000, required=False)
    follow_up_due = forms.DateField(label=_("Follow-up due"), required=False, widget=DATE)

    def __init__(
        self, *args: Any, beneficiaries: list[Any], providers: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(b.pk), b.person.full_name) for b in beneficiaries
        ]
        self.fields["services"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), p.name) for p in providers
        ]
