import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rangkul.peers.models import RUBRIC, Decision, Language, PeerStatus, Weekday
from rangkul.people.models import Gender

TOPIC_CHOICES = [
    ("personal", gettext_lazy("Personal")),
    ("social", gettext_lazy("Social")),
    ("learning", gettext_lazy("Learning")),
    ("career", gettext_lazy("Career")),
]

# Day names accepted in availability lines, in both interface languages.
_DAYS = {
    "senin": 0, "monday": 0, "mon": 0,
    "selasa": 1, "tuesday": 1, "tue": 1,
    "rabu": 2, "wednesday": 2, "wed": 2,
    "kamis": 3, "thursday": 3, "thu": 3,
    "jumat": 4, "jum'at": 4, "friday": 4, "fri": 4,
    "sabtu": 5, "saturday": 5, "sat": 5,
    "minggu": 6, "ahad": 6, "sunday": 6, "sun": 6,
}  # fmt: skip
_LINE = re.compile(r"^\s*(\S+)\s+(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})\s*$")


def windows_as_text(windows: list[dict[str, Any]]) -> str:
    return "\n".join(f"{Weekday(w['weekday']).label} {w['start']}-{w['end']}" for w in windows)


def parse_windows(text: str) -> list[dict[str, Any]]:
    windows = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        day = _DAYS.get(match.group(1).lower()) if match else None
        if match is None or day is None:
            raise forms.ValidationError(
                _("Write one window per line, for example “Senin 13:00-15:00”: %(line)s")
                % {"line": raw.strip()[:40]}
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups()[1:])
        windows.append({"weekday": day, "start": f"{h1:02d}:{m1:02d}", "end": f"{h2:02d}:{m2:02d}"})
    return windows


class ProfileForm(forms.Form):
    availability = forms.CharField(
        label=gettext_lazy("When you can take requests"),
        help_text=gettext_lazy(
            "One window per line, for example “Senin 13:00-15:00”. Empty means any time."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    max_open_cases = forms.IntegerField(
        label=gettext_lazy("Most open cases at once"), min_value=1, max_value=10
    )
    gender = forms.ChoiceField(label=gettext_lazy("Gender"), choices=Gender.choices)
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("Trained topics"),
        choices=TOPIC_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, lead: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not lead:
            del self.fields["gender"]
            del self.fields["topics"]

    def clean_availability(self) -> list[dict[str, Any]]:
        return parse_windows(self.cleaned_data["availability"])


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=gettext_lazy("New status"))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)
    certified_until = forms.DateField(
        label=gettext_lazy("Certified until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Only when certifying."),
    )

    def __init__(self, *args: Any, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(t, PeerStatus(t).label) for t in targets]  # type: ignore[attr-defined]


class NominationForm(forms.Form):
    nominee = forms.ChoiceField(label=gettext_lazy("Student"))
    why = forms.CharField(
        label=gettext_lazy("Why this student"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, students: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nominee"].choices = students  # type: ignore[attr-defined]


_SCORES = [(i, str(i)) for i in range(1, 6)]


class SelectionForm(forms.Form):
    empathy = forms.TypedChoiceField(label=gettext_lazy("Empathy"), choices=_SCORES, coerce=int)
    reliability = forms.TypedChoiceField(
        label=gettext_lazy("Reliability"), choices=_SCORES, coerce=int
    )
    discretion = forms.TypedChoiceField(
        label=gettext_lazy("Discretion"), choices=_SCORES, coerce=int
    )
    motivation = forms.TypedChoiceField(
        label=gettext_lazy("Motivation"), choices=_SCORES, coerce=int
    )
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=Decision.choices)

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in RUBRIC}


class PolicyForm(forms.Form):
    allow_adult_with_child = forms.BooleanField(
        label=gettext_lazy("Adult peers may support children (community organisations)"),
        required=False,
    )
    reminder_days = forms.IntegerField(
        label=gettext_lazy("Days before expiry to remind"), min_value=1, max_value=180
    )
    supervision_weeks = forms.IntegerField(
        label=gettext_lazy("Weeks a peer may go without supervision"), min_value=1, max_value=26
    )


class SupervisorForm(forms.Form):
    supervisor = forms.ChoiceField(label=gettext_lazy("Supervisor"), required=False)

    def __init__(self, *args: Any, counselors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supervisor"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", gettext_lazy("The coordinators")),
            *counselors,
        ]
