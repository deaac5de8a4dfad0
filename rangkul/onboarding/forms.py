from django import forms
from django.utils.translation import gettext_lazy as _

from rangkul.onboarding.models import DataPolicy, EnrolmentStatus, ImportKind

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class DataPolicyForm(forms.ModelForm):
    class Meta:
        model = DataPolicy
        fields = [
            "legal_basis",
            "basis_explanation",
            "controller_contact",
            "notice_channel",
            "notice_sent_on",
        ]
        widgets = {
            "legal_basis": forms.RadioSelect,
            "basis_explanation": forms.Textarea(attrs={"rows": 3}),
            "notice_sent_on": forms.DateInput(attrs={"type": "date"}),
        }


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        help_text=_("At most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file may be at most 5 MB."))
        return upload


class EndEnrolmentForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (EnrolmentStatus.TRANSFERRED_OUT.value, EnrolmentStatus.TRANSFERRED_OUT.label),
            (EnrolmentStatus.LEFT.value, EnrolmentStatus.LEFT.label),
        ],
    )
    ended_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    moved_to = forms.CharField(label=_("New school (if known)"), max_length=200, required=False)


class RolloverForm(forms.Form):
    final_grade = forms.IntegerField(
        label=_("Final grade (its students graduate)"), min_value=1, max_value=13
    )
