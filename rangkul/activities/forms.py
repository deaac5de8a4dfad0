"""Forms: one class per family of activity kinds, plus time slots, appointments and groups.

Forms only parse and offer choices from scoped queries; every rule (what a kind requires,
whose case, which people) is checked again by the services, which the API calls too.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rangkul.activities import permissions, queries
from rangkul.activities.models import (
    MAX_DURATION,
    MIN_DURATION,
    Component,
    FeltHeard,
    GroupKind,
    Kind,
    Mode,
    SessionFormat,
    TalkAgain,
)
from rangkul.activities.services import ActivityData
from rangkul.activities.services.appointments import MAX_WEEKS
from rangkul.cases.models import Confidentiality, Domain, Tier
from rangkul.cases.queries import caseload
from rangkul.people.queries import contact_guardian_choices, visible_cohorts, visible_people

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _duration_field() -> forms.IntegerField:
    # Bounds are checked by the services (one message for the form and the API); the
    # attributes only help the phone's keyboard and the browser.
    return forms.IntegerField(
        label=_("Duration (minutes)"),
        initial=45,
        widget=forms.NumberInput(attrs={"min": MIN_DURATION, "max": MAX_DURATION}),
    )


def case_label(user: Any, case: Any) -> str:
    return permissions.pseudonym_for(user, case) or (
        f"{case.person.full_name} · {case.get_tier_display()}"
    )


def _case_choices(user: Any, org: Any, *, peer: bool) -> list[tuple[str, str]]:
    cases = caseload(user, org.id, status="open", mine=peer, tier=Tier.PEER if peer else "")
    return [("", "—")] + [
        (str(c.pk), case_label(user, c)) for c in cases.select_related("request")[:300]
    ]


def _person_choices(user: Any, org: Any) -> list[tuple[str, str]]:
    people = visible_people(user, org.id)[:2000]
    return [("", "—")] + [
        (str(p.pk), f"{p.full_name} ({p.cohort.name})" if p.cohort else p.full_name) for p in people
    ]


class ActivityForm(forms.Form):
    """What every kind asks: when, how long, how, where, and what follows."""

    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME_WIDGET)
    duration_minutes = _duration_field()
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.IN_PERSON)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    follow_up = forms.CharField(
        label=_("Follow-up"), required=False, max_length=1000, widget=forms.Textarea({"rows": 2})
    )
    follow_up_due = forms.DateField(label=_("Follow-up due"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, user: Any, org: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.org, self.kind = user, org, kind
        if "case" in self.fields:
            self._choices("case", _case_choices(user, org, peer=kind == Kind.PEER_MEETING))
        if "person" in self.fields:
            self._choices("person", _person_choices(user, org))

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def to_data(self) -> ActivityData:
        d = self.cleaned_data
        person = d.get("person")
        return ActivityData(
            kind=self.kind,
            starts_at=d["starts_at"],
            duration_minutes=d["duration_minutes"],
            mode=d["mode"],
            place=d.get("place", ""),
            case=d.get("case") or None,
            group=d.get("group") or None,
            cohort=d.get("cohort") or None,
            people=[person] if person else [],
            present=d.get("present"),
            topic=d.get("topic", ""),
            domain=d.get("domain", ""),
            component=d.get("component", ""),
            consultee=d.get("consultee", ""),
            guardian=d.get("guardian") or None,
            session_format=d.get("session_format", ""),
            outside_participants=d.get("outside_participants") or [],
            agreed_actions=d.get("agreed_actions", ""),
            result=d.get("result", ""),
            attendees=d.get("attendees", ""),
            decisions=d.get("decisions", ""),
            follow_up=d.get("follow_up", ""),
            follow_up_due=d.get("follow_up_due"),
            note=d.get("note", ""),
            confidentiality=d.get("confidentiality") or Confidentiality.STANDARD,
        )


def _case_field(required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Case"), required=required)


def _topic_field(required: bool = False) -> forms.CharField:
    return forms.CharField(label=_("Topic"), max_length=200, required=required)


def _domain_field(required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Topic area"), choices=[("", "—"), *Domain.choices], required=required
    )


def _note_fields() -> tuple[forms.CharField, forms.ChoiceField]:
    return (
        forms.CharField(
            label=_("Note"),
            required=False,
            max_length=5000,
            widget=forms.Textarea({"rows": 4}),
            help_text=_("Only for an activity of a case, after it took place."),
        ),
        forms.ChoiceField(
            label=_("Confidentiality"),
            choices=Confidentiality.choices,
            initial=Confidentiality.STANDARD,
        ),
    )


class SessionForm(ActivityForm):
    """Individual counseling, home visit, psychological first aid contact."""

    case = _case_field()
    person = forms.ChoiceField(
        label=_("With whom"), required=False, help_text=_("Not needed when a case is chosen.")
    )
    topic = _topic_field()
    domain = _domain_field()
    note, confidentiality = _note_fields()


class ConsultationForm(ActivityForm):
    guardian = forms.ChoiceField(
        label=_("Guardian consulted"),
        required=False,
        help_text=_("When the consultation was with a parent or guardian on record."),
    )
    consultee = forms.CharField(
        label=_("Consulted with"),
        max_length=120,
        required=False,
        help_text=_("For example: the mother, the homeroom teacher."),
    )
    case = _case_field()
    person = forms.ChoiceField(label=_("About which student"), required=False)
    topic = _topic_field()
    note, confidentiality = _note_fields()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The guardians of the person named in the link (from the guardian entry or the
        # case page), otherwise of every person the worker may act for.
        person = self.initial.get("person") or self.data.get("person") or None
        self._choices(
            "guardian", [("", "—"), *contact_guardian_choices(self.user, self.org, person)]
        )
        if self.initial.get("guardian"):
            self.fields["guardian"].initial = self.initial["guardian"]


def _parse_outside(text: str) -> list[tuple[str, str]]:
    """One outsider per line, "name, role" (a dash also separates them)."""
    rows: list[tuple[str, str]] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        for sep in (",", " – ", " - ", ";"):
            if sep in line:
                name, role = line.split(sep, 1)
                rows.append((name.strip(), role.strip()))
                break
        else:
            rows.append((line, ""))
    return rows


class SystemicForm(ActivityForm):
    """Family meeting, school coordination, community event: who took part and what came
    of it."""

    topic = _topic_field(required=True)
    case = _case_field()
    people = forms.MultipleChoiceField(
        label=_("Participants from the organisation"),
        required=False,
        help_text=_("Students or beneficiaries on record who took part."),
    )
    outside_participants = forms.CharField(
        label=_("Outside participants"),
        required=False,
        max_length=4000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("One per line: name, role. For example: Pak Darto, kepala desa."),
    )
    attendees = forms.CharField(
        label=_("Others present"),
        max_length=300,
        required=False,
        help_text=_("For example: 40 residents of RW 03."),
    )
    agreed_actions = forms.CharField(
        label=_("Agreed actions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Who does what by when. Can also be added after the activity."),
    )
    result = forms.CharField(
        label=_("Result"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = self.fields["people"]
        assert isinstance(people, forms.MultipleChoiceField)
        people.choices = _person_choices(self.user, self.org)[1:]

    def clean_outside_participants(self) -> list[tuple[str, str]]:
        return _parse_outside(self.cleaned_data.get("outside_participants", ""))

    def to_data(self) -> ActivityData:
        data = super().to_data()
        data.people = list(self.cleaned_data.get("people") or [])
        return data


class OutcomeForm(forms.Form):
    agreed_actions = forms.CharField(
        label=_("Agreed actions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
    )
    result = forms.CharField(
        label=_("Result"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )


class CaseConferenceForm(ActivityForm):
    case = _case_field(required=True)
    attendees = forms.CharField(label=_("Who took part"), max_length=300)
    decisions = forms.CharField(
        label=_("Decisions"), max_length=2000, widget=forms.Textarea({"rows": 4})
    )
    note, confidentiality = _note_fields()


class SupervisionForm(ActivityForm):
    attendees = forms.CharField(label=_("Who took part"), max_length=300)
    topic = _topic_field()


class PreventionForm(ActivityForm):
    """Prevention of violence: socialisation, TPPK training, parenting classes."""

    attendees = forms.CharField(
        label=_("Who took part"),
        max_length=300,
        help_text=_("For example: class X-1 and X-2, 64 students; 25 parents of grade 7."),
    )
    topic = _topic_field(required=True)


class ClassroomGuidanceForm(ActivityForm):
    cohort = forms.ChoiceField(label=_("Class"))
    topic = _topic_field(required=True)
    domain = _domain_field(required=True)
    component = forms.ChoiceField(label=_("BK component"), choices=[("", "—"), *Component.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohorts = visible_cohorts(self.user, self.org.id)
        self._choices("cohort", [("", "—")] + [(str(c.pk), c.name) for c in cohorts])


class GroupSessionForm(ActivityForm):
    """Group counseling, group guidance, psychosocial group activity: attendance per member
    of the group chosen first (`group` in the query string)."""

    group = forms.ChoiceField(label=_("Group"))
    present = forms.MultipleChoiceField(
        label=_("Who was there"), required=False, widget=forms.CheckboxSelectMultiple
    )
    session_format = forms.ChoiceField(
        label=_("Format"), choices=[("", "—"), *SessionFormat.choices], required=False
    )
    topic = _topic_field()
    domain = _domain_field()

    def __init__(self, *args: Any, group: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.kind != Kind.PSYCHOSOCIAL_GROUP:
            del self.fields["session_format"]
        self.group = group
        groups = queries.visible_groups(self.user, self.org.id).filter(is_active=True)
        self._choices("group", [(str(g.pk), g.name) for g in groups])
        members = queries.group_members(group) if group is not None else []
        self._choices("present", [(str(p.pk), p.full_name) for p in members])
        if group is not None:
            self.fields["group"].initial = str(group.pk)

    def to_data(self) -> ActivityData:
        data = super().to_data()
        # Attendance is taken only for a session that took place; boxes are otherwise blank.
        data.present = list(self.cleaned_data.get("present") or [])
        return data


class PeerMeetingForm(ActivityForm):
    """A peer supporter's meeting on their own peer case, with a brief contact log."""

    case = _case_field(required=True)
    note = forms.CharField(
        label=_("Contact log"),
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("A few lines: how the student is and what you agreed. No diagnoses."),
    )


FORMS: dict[str, type[ActivityForm]] = {
    Kind.PEER_MEETING: PeerMeetingForm,
    Kind.INDIVIDUAL_COUNSELING: SessionForm,
    Kind.HOME_VISIT: SessionForm,
    Kind.PFA_CONTACT: SessionForm,
    Kind.GROUP_COUNSELING: GroupSessionForm,
    Kind.GROUP_GUIDANCE: GroupSessionForm,
    Kind.PSYCHOSOCIAL_GROUP: GroupSessionForm,
    Kind.CLASSROOM_GUIDANCE: ClassroomGuidanceForm,
    Kind.CONSULTATION: ConsultationForm,
    Kind.CASE_CONFERENCE: CaseConferenceForm,
    Kind.SUPERVISION: SupervisionForm,
    Kind.VIOLENCE_PREVENTION: PreventionForm,
    Kind.TEAM_TRAINING: PreventionForm,
    Kind.PARENTING_CLASS: PreventionForm,
    Kind.FAMILY_MEETING: SystemicForm,
    Kind.SCHOOL_COORDINATION: SystemicForm,
    Kind.COMMUNITY_EVENT: SystemicForm,
}


# --- Appointments and time slots -----------------------------------------------------------


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME_WIDGET)
    duration_minutes = _duration_field()
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.IN_PERSON)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    weeks = forms.IntegerField(
        label=_("Repeat weekly for how many weeks"),
        initial=1,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_WEEKS}),
        help_text=_("1 publishes this time only."),
    )


class AppointmentForm(forms.Form):
    person = forms.ChoiceField(label=_("Student"))
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME_WIDGET)
    duration_minutes = _duration_field()
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.IN_PERSON)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    case = _case_field()

    def __init__(self, *args: Any, user: Any, org: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (
            ("person", _person_choices(user, org)),
            ("case", _case_choices(user, org, peer=False)),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices


# --- Groups --------------------------------------------------------------------------------


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=GroupKind.choices)
    facilitator = forms.ChoiceField(label=_("Facilitator"), required=False)
    members = forms.MultipleChoiceField(
        label=_("Members"), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, user: Any, org: Any, facilitators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = visible_people(user, org.id)[:2000]
        members = self.fields["members"]
        assert isinstance(members, forms.MultipleChoiceField)
        members.choices = [
            (str(p.pk), f"{p.full_name} ({p.cohort.name})" if p.cohort else p.full_name)
            for p in people
        ]
        facilitator = self.fields["facilitator"]
        assert isinstance(facilitator, forms.ChoiceField)
        facilitator.choices = [("", "—")] + [
            (str(u.public_id), u.display_name()) for u in facilitators
        ]


# --- Supervision of peer supporters and the student's pulse --------------------------------


class PeerSupervisionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME_WIDGET)
    duration_minutes = _duration_field()
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.IN_PERSON)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    peers = forms.MultipleChoiceField(
        label=_("Peer supporters present"), widget=forms.CheckboxSelectMultiple
    )
    debriefs = forms.MultipleChoiceField(
        label=_("Debriefs held (cases by reference)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actions = forms.CharField(
        label=_("Actions agreed"),
        max_length=2000,
        widget=forms.Textarea({"rows": 4}),
        help_text=_(
            "Every peer supporter present reads these on their supervision page: name no "
            "student and no case."
        ),
    )

    def __init__(self, *args: Any, peers: Any, debriefs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["peers"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(p.pk), p.user.display_name()) for p in peers]
        field = self.fields["debriefs"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (str(d.pk), f"{d.reference} · {d.profile.user.display_name()}") for d in debriefs
        ]


class PulseForm(forms.Form):
    felt_heard = forms.ChoiceField(
        label=_("Did you feel listened to?"),
        choices=FeltHeard.choices,
        widget=forms.RadioSelect,
    )
    talk_again = forms.ChoiceField(
        label=_("Would you talk to them again?"),
        choices=TalkAgain.choices,
        widget=forms.RadioSelect,
    )
