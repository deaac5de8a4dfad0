from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rangkul.training.models import RUBRIC, Audience, Presence, Question

RUBRIC_LABELS = {
    "listening": _("Active listening"),
    "empathy": _("Empathy and reflection"),
    "confidentiality": _("Confidentiality and its limits"),
    "risk_referral": _("Recognising risk and referring"),
}
SCORE_CHOICES = [("", "—"), *((str(n), str(n)) for n in range(1, 5))]


class NewProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)


class SettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    min_attendance = forms.IntegerField(
        label=_("Minimum attendance (%)"), min_value=0, max_value=100
    )
    min_quiz = forms.IntegerField(
        label=_("Minimum quiz score (%, 0 = no quiz)"), min_value=0, max_value=100
    )
    min_rubric = forms.IntegerField(
        label=_("Minimum role-play score (of 16, 0 = no role-play)"), min_value=0, max_value=16
    )
    validity_months = forms.IntegerField(
        label=_("Certificate valid for (months)"), min_value=1, max_value=60
    )


class TitleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Session"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=15, max_value=600)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    facilitator = forms.CharField(label=_("Facilitator"), max_length=200, required=False)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    choices = forms.CharField(
        label=_("Answers, one a line"), widget=forms.Textarea(attrs={"rows": 4})
    )
    correct = forms.IntegerField(label=_("Number of the correct answer"), min_value=1, max_value=6)

    def choice_list(self) -> list[str]:
        return [line for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class EnrolForm(forms.Form):
    user = forms.ChoiceField(label=_("Candidate"))

    def __init__(self, *args: Any, candidates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "—"), *candidates]  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    """One choice per enrolment, named by the enrolment's id."""

    def __init__(self, *args: Any, enrolments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for enrolment, current in enrolments:
            self.fields[str(enrolment.pk)] = forms.ChoiceField(
                label=enrolment.user.display_name(),
                choices=Presence.choices,
                initial=current or Presence.PRESENT,
                widget=forms.RadioSelect,
            )


class QuizForm(forms.Form):
    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[str(question.pk)] = forms.TypedChoiceField(
                label=question.text,
                choices=[(str(i), text) for i, text in enumerate(question.choices)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer this question.")},
            )


class RolePlayForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in RUBRIC:
            self.fields[name] = forms.TypedChoiceField(
                label=RUBRIC_LABELS[name], choices=SCORE_CHOICES, coerce=int
            )
        self.fields["comment"] = forms.CharField(
            label=_("Comment (optional)"), max_length=500, required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )  # fmt: skip

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in RUBRIC}


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CpdForm(forms.Form):
    title = forms.CharField(label=_("Training"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200)
    hours = forms.DecimalField(label=_("Hours"), min_value=0.5, max_value=500, decimal_places=1)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    certificate_file = forms.FileField(
        label=_("Certificate (PDF, JPEG or PNG, at most 5 MB)"), required=False
    )
