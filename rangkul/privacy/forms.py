from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rangkul.people.models import Cohort, Gender
from rangkul.privacy.models import RETENTION_MINIMUMS, ExportFormat, RetentionPolicy


class CorrectionForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    cohort = forms.ModelChoiceField(
        label=_("Class"), queryset=Cohort.objects.none(), required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    reason = forms.CharField(label=_("Why it is corrected"), max_length=300, required=False)

    def __init__(self, *args: Any, organisation_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        )
        for name, field in self.fields.items():
            field.widget.attrs["id"] = f"correct-{name}"


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the hold"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "id": "hold-reason"}),
    )


class ExportForm(forms.Form):
    file_format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=500,
        required=False,
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this person's data will be erased and cannot be restored."),
        widget=forms.CheckboxInput(attrs={"id": "erase-confirm"}),
    )


class GlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you need to read this note"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "id": "glass-reason"}),
    )


class RetentionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RetentionPolicy
        fields = list(RETENTION_MINIMUMS)
