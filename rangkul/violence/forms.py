"""Forms parse and type the input; the services check the rules and give the messages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rangkul.violence.models import (
    ChildVictim,
    Finding,
    MeasureKind,
    OfferParty,
    ProtectedParty,
    Standing,
    TeamRole,
    ViolenceKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of violence?"), choices=ViolenceKind.choices, widget=forms.RadioSelect
    )
    online = forms.BooleanField(
        label=_("It happened online (chat, social media, games)"), required=False
    )
    standing = forms.ChoiceField(
        label=_("How do you know about it?"), choices=Standing.choices, widget=forms.RadioSelect
    )
    what = forms.CharField(
        label=_("What happened?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences are enough. You can add more later with your receipt code."),
    )
    where = forms.CharField(label=_("Where?"), max_length=200, required=False)
    when = forms.CharField(
        label=_("When?"),
        max_length=100,
        required=False,
        help_text=_("For example: Monday at break time."),
    )
    who = forms.CharField(
        label=_("Who was involved, if you know?"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    child_victim = forms.ChoiceField(
        label=_("Is the person harmed under 18?"),
        choices=ChildVictim.choices,
        initial=ChildVictim.UNKNOWN,
        widget=forms.RadioSelect,
    )
    danger_now = forms.BooleanField(label=_("Someone is in danger right now"), required=False)
    anonymous = forms.BooleanField(
        label=_("Report anonymously (nobody will know it was you)"), required=False
    )
    confidential = forms.BooleanField(
        label=_("Keep my name from everyone except the team lead"), required=False
    )
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    reporter_contact = forms.CharField(
        label=_("Phone or e-mail, if the team may contact you (optional)"),
        max_length=120,
        required=False,
    )

    def __init__(self, *args: Any, public: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not public:
            # A member's name comes from their account.
            del self.fields["reporter_name"]
            del self.fields["reporter_contact"]


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=40)


class AdditionForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label=_("Add information"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TeamMemberForm(forms.Form):
    user = forms.ChoiceField(label=_("Staff member"))
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = people


class AssignForm(forms.Form):
    users = forms.MultipleChoiceField(
        label=_("Team members handling this matter"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["users"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = people


class StepForm(forms.Form):
    summary = forms.CharField(
        label=_("What was done in this step"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MeasureForm(forms.Form):
    party = forms.ChoiceField(label=_("For"), choices=ProtectedParty.choices)
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    detail = forms.CharField(label=_("Detail"), max_length=500, required=False)


class OutcomeForm(forms.Form):
    finding = forms.ChoiceField(label=_("Conclusion"), choices=Finding.choices)
    recommendations = forms.CharField(
        label=_("Recommendations"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    sanctions = forms.CharField(
        label=_("Sanctions decided by the school"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    recovery_plan = forms.CharField(
        label=_("Recovery plan"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decided_by = forms.CharField(label=_("Decided by (name and position)"), max_length=200)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)


class OfferForm(forms.Form):
    person = forms.ChoiceField(label=_("Student"))
    party = forms.ChoiceField(label=_("Offered to"), choices=OfferParty.choices)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        # Shown on the matter page beside the protection form, which has a "party" too.
        kwargs.setdefault("auto_id", "offer_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *people]
