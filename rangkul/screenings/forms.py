"""Forms: launching a campaign, an organisation's wording, its own questionnaires."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rangkul.screenings.engine import Instrument
from rangkul.screenings.models import CasePhase, Target


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # The browser's date picker reads and sends ISO dates whatever the language.
        super().__init__(attrs, format="%Y-%m-%d")


class CampaignForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Questionnaire"))
    title = forms.CharField(label=_("Title (optional)"), max_length=120, required=False)
    target = forms.ChoiceField(
        label=_("Who answers"), choices=Target.choices, widget=forms.RadioSelect, initial="cohort"
    )
    cohort = forms.ChoiceField(label=_("Class"), required=False)
    group = forms.ChoiceField(label=_("Group"), required=False)
    people = forms.MultipleChoiceField(
        label=_("Named people"), required=False, widget=forms.CheckboxSelectMultiple
    )
    case = forms.ChoiceField(label=_("Case"), required=False)
    case_phase = forms.ChoiceField(
        label=_("Point in the case"), choices=[("", "—"), *CasePhase.choices], required=False
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous (a prevalence survey: answers are stored without names)"),
        required=False,
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput)

    def __init__(
        self,
        *args: Any,
        instruments: list[tuple[str, str]],
        cohorts: list[tuple[str, str]],
        groups: list[tuple[str, str]],
        people: list[tuple[str, str]],
        cases: list[tuple[str, str]],
        today: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choices("instrument", instruments)
        self._choices("cohort", [("", "—"), *cohorts])
        self._choices("group", [("", "—"), *groups])
        self._choices("people", people)
        self._choices("case", [("", "—"), *cases])
        self.fields["opens_on"].initial = today
        self.fields["closes_on"].initial = today + timedelta(days=7)

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = data.get("target")
        needed = {"cohort": "cohort", "group": "group", "people": "people", "case": "case"}
        field = needed.get(target or "")
        if field and not data.get(field):
            self.add_error(field, _("Choose who answers."))
        return data


class WordingForm(forms.Form):
    """One field per text of a shipped instrument, filled with the wording in use."""

    source = forms.CharField(
        label=_("Source of the validated wording"),
        max_length=300,
        help_text=_("The publication or the licence holder's translation, e.g. a journal article."),
    )

    def __init__(self, *args: Any, instrument: Instrument, texts: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        if instrument.instructions is not None:
            self.fields["instructions"] = forms.CharField(
                label=_("Instructions"),
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=texts.get("instructions"),
            )
        for number, item in enumerate(instrument.items, start=1):
            entry = texts["items"][item.id]
            self.fields[f"item_{item.id}"] = forms.CharField(
                label=_("Question %(n)s (%(id)s)") % {"n": number, "id": item.id},
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=entry["text"],
                max_length=1000,
            )
            if item.note is not None:
                self.fields[f"note_{item.id}"] = forms.CharField(
                    label=_("Note to question %(n)s") % {"n": number},
                    initial=entry.get("note") or "",
                    max_length=1000,
                )
            for option in item.options:
                self.fields[f"option_{item.id}_{option.value}"] = forms.CharField(
                    label=_("Answer %(value)s") % {"value": option.value},
                    initial=entry["options"][str(option.value)],
                    max_length=200,
                )

    def item_rows(self) -> list[dict[str, Any]]:
        """Fields grouped per question, for the template."""
        rows = []
        for item in self.instrument.items:
            rows.append(
                {
                    "text": self[f"item_{item.id}"],
                    "note": self[f"note_{item.id}"] if f"note_{item.id}" in self.fields else None,
                    "options": [self[f"option_{item.id}_{o.value}"] for o in item.options],
                }
            )
        return rows

    def texts(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "instructions": data.get("instructions"),
            "items": {
                item.id: {
                    "text": data.get(f"item_{item.id}", ""),
                    "note": data.get(f"note_{item.id}"),
                    "options": {
                        str(o.value): data.get(f"option_{item.id}_{o.value}", "")
                        for o in item.options
                    },
                }
                for item in self.instrument.items
            },
        }


class QuestionnaireForm(forms.Form):
    definition = forms.CharField(
        label=_("Definition (YAML or JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code"}),
        max_length=100_000,
    )
