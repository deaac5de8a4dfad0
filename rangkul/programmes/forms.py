"""Forms: they parse and type the input; the services decide what is allowed."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from rangkul.activities.models import Component
from rangkul.cases.models import Domain
from rangkul.programmes.models import ArticleCategory, Period, Strategy


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NeedsSurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    cohorts = forms.MultipleChoiceField(
        label=_("Classes"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=date_widget())
    closes_on = forms.DateField(label=_("Closes on"), widget=date_widget())

    def __init__(self, *args: Any, cohorts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cohorts"]).choices = [
            (str(c.pk), c.name) for c in cohorts
        ]


class ProgrammeForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    academic_year = forms.CharField(label=_("Academic year"), max_length=9)
    starts_on = forms.DateField(label=_("Starts on"), widget=date_widget())
    ends_on = forms.DateField(label=_("Ends on"), widget=date_widget())
    title = forms.CharField(label=_("Title"), max_length=160, required=False)
    needs_survey = forms.ChoiceField(label=_("Draft from the needs survey"), required=False)

    def __init__(self, *args: Any, surveys: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["needs_survey"]).choices = [
            ("", _("No survey: an empty programme"))
        ] + [(str(s.pk), s.title) for s in surveys]


class ItemForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    component = forms.ChoiceField(label=_("Component"), choices=Component.choices)
    strategy = forms.ChoiceField(label=_("Strategy"), choices=Strategy.choices)
    cohorts = forms.MultipleChoiceField(
        label=_("Target classes"), widget=forms.CheckboxSelectMultiple, choices=(), required=False
    )
    week_from = forms.IntegerField(label=_("From week"), min_value=1, max_value=53)
    week_to = forms.IntegerField(label=_("To week"), min_value=1, max_value=53)
    hours_per_class = forms.DecimalField(
        label=_("Lesson hours per class"), min_value=0, max_value=200, decimal_places=1
    )
    success_measure = forms.CharField(label=_("Success measure"), max_length=300, required=False)
    articles = forms.MultipleChoiceField(
        label=_("Articles for the students"),
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        required=False,
    )

    def __init__(self, *args: Any, cohorts: Any = (), articles: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cohorts"]).choices = [
            (str(c.pk), c.name) for c in cohorts
        ]
        cast(forms.ChoiceField, self.fields["articles"]).choices = [
            (str(a.pk), a.title) for a in articles
        ]


class ServicePlanForm(forms.Form):
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}))
    method = forms.CharField(label=_("Method"), widget=forms.Textarea(attrs={"rows": 2}))
    materials = forms.CharField(
        label=_("Materials and media"), widget=forms.Textarea(attrs={"rows": 2})
    )
    steps = forms.CharField(
        label=_("Steps"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    evaluation = forms.CharField(label=_("Evaluation"), widget=forms.Textarea(attrs={"rows": 3}))


class DeliverForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=600, initial=90
    )
    cohort = forms.ChoiceField(label=_("Class"), choices=(), required=False)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)

    def __init__(self, *args: Any, cohorts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cohort"]).choices = [("", "—")] + [
            (str(c.pk), c.name) for c in cohorts
        ]


class NarrativeForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    evaluation = forms.CharField(
        label=_("Evaluation"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    follow_up = forms.CharField(
        label=_("Follow-up plans"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class SettingsForm(forms.Form):
    classroom_norm = forms.BooleanField(
        label=_("Classroom guidance two lesson hours per class per week"), required=False
    )
    lesson_minutes = forms.IntegerField(
        label=_("Minutes in a lesson hour"), min_value=30, max_value=60
    )
    threshold_percent = forms.IntegerField(
        label=_("Plan an item for a need marked by at least this share of a class (%)"),
        min_value=1,
        max_value=100,
    )


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    category = forms.ChoiceField(label=_("Category"), choices=ArticleCategory.choices)
    domain = forms.ChoiceField(
        label=_("Domain"), choices=[("", "—"), *Domain.choices], required=False
    )
    summary = forms.CharField(label=_("Summary"), max_length=300)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=20000,
        help_text=_("Markdown: # heading, **bold**, - list, [link](https://…)."),
    )
    sources = forms.CharField(
        label=_("Sources"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the author"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )
