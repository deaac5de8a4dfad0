"""Every delivered service is an Activity; a scheduled future one is an appointment."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rangkul.cases.models import Domain
from rangkul.lib.dates import SafeDateField, SafeDateTimeField


class Kind(models.TextChoices):
    PEER_MEETING = "peer_meeting", _("Peer support meeting")
    INDIVIDUAL_COUNSELING = "individual_counseling", _("Individual counseling")
    GROUP_COUNSELING = "group_counseling", _("Group counseling")
    GROUP_GUIDANCE = "group_guidance", _("Group guidance")
    CLASSROOM_GUIDANCE = "classroom_guidance", _("Classroom guidance")
    CONSULTATION = "consultation", _("Consultation with a parent or teacher")
    HOME_VISIT = "home_visit", _("Home visit")
    CASE_CONFERENCE = "case_conference", _("Case conference")
    PFA_CONTACT = "pfa_contact", _("Psychological first aid contact")
    PSYCHOSOCIAL_GROUP = "psychosocial_group", _("Psychosocial group activity")
    SUPERVISION = "supervision", _("Supervision")
    # Prevention of violence (Permendikbudristek 46/2023): socialisation for students,
    # staff or the community, training of the school's TPPK, parenting classes. Sessions
    # for a class use classroom guidance with the topic.
    VIOLENCE_PREVENTION = "violence_prevention", _("Violence prevention socialisation")
    TEAM_TRAINING = "team_training", _("TPPK team training")
    PARENTING_CLASS = "parenting_class", _("Parenting class")
    # Systemic work with the people around a child or a community: who took part (people of
    # the organisation and outsiders with their role) and what came of it.
    FAMILY_MEETING = "family_meeting", _("Family meeting")
    SCHOOL_COORDINATION = "school_coordination", _("School coordination")
    COMMUNITY_EVENT = "community_event", _("Community event")


# Services of school guidance and counseling (BK) that a community organisation does not run;
# psychosocial kinds come first there.
SCHOOL_ONLY_KINDS = frozenset({Kind.CLASSROOM_GUIDANCE, Kind.GROUP_GUIDANCE, Kind.GROUP_COUNSELING})
PSYCHOSOCIAL_KINDS = (Kind.PFA_CONTACT, Kind.PSYCHOSOCIAL_GROUP, Kind.HOME_VISIT)
SYSTEMIC_KINDS = frozenset({Kind.FAMILY_MEETING, Kind.SCHOOL_COORDINATION, Kind.COMMUNITY_EVENT})


class SessionFormat(models.TextChoices):
    """What a psychosocial group session was, for planning and the programme's counts."""

    CHILD_FRIENDLY_SPACE = "child_friendly_space", _("Child-friendly space session")
    PSYCHOEDUCATION = "psychoeducation", _("Psychoeducation")
    RECREATION = "recreation", _("Recreation")
    SUPPORT_GROUP = "support_group", _("Support group")


class Component(models.TextChoices):
    BASIC = "basic", _("Basic service")
    PLANNING = "planning", _("Individual planning")
    RESPONSIVE = "responsive", _("Responsive service")
    SYSTEM_SUPPORT = "system_support", _("System support")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    ONLINE = "online", _("Online")


class ActivityStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# The only legal status moves. services.transition() refuses anything else.
ACTIVITY_TRANSITIONS: dict[str, frozenset[str]] = {
    ActivityStatus.SCHEDULED: frozenset({ActivityStatus.DONE, ActivityStatus.CANCELLED}),
    ActivityStatus.DONE: frozenset(),
    ActivityStatus.CANCELLED: frozenset(),
}

# Sessions with a standing group: every member is a participant, with attendance.
GROUP_KINDS = frozenset({Kind.GROUP_COUNSELING, Kind.GROUP_GUIDANCE, Kind.PSYCHOSOCIAL_GROUP})
# Work for a whole class or group rather than one person: without a case, every worker of
# the organisation sees it (it is planned and reported together).
# Prevention of violence, planned and reported by the school as a whole.
PREVENTION_KINDS = frozenset({Kind.VIOLENCE_PREVENTION, Kind.TEAM_TRAINING, Kind.PARENTING_CLASS})
# School coordination and community events are planned and reported the same way; a family
# meeting is about one family and stays with its facilitator, its case and the coordinator.
ORG_WIDE_KINDS = frozenset(
    {
        Kind.CLASSROOM_GUIDANCE,
        *GROUP_KINDS,
        *PREVENTION_KINDS,
        Kind.SCHOOL_COORDINATION,
        Kind.COMMUNITY_EVENT,
    }
)
# Sessions a student takes part in and may see as their own appointment (time, mode,
# place, helper's name). Consultations, home visits and case conferences about a student
# are not shown to them.
STUDENT_VISIBLE_KINDS = frozenset({Kind.INDIVIDUAL_COUNSELING, Kind.PEER_MEETING, *GROUP_KINDS})
# Free text written in the field or by peer supporters goes through the safety check.
SAFETY_CHECKED_KINDS = frozenset({Kind.PFA_CONTACT, Kind.PEER_MEETING})
# One person is at the centre: with a case and no one chosen, the case's person takes part.
PERSON_KINDS = frozenset(
    {
        Kind.INDIVIDUAL_COUNSELING,
        Kind.PEER_MEETING,
        Kind.HOME_VISIT,
        Kind.PFA_CONTACT,
        Kind.CONSULTATION,
    }
)

# What each kind asks for besides time, duration and mode. Checked by the services.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.PEER_MEETING: ("case",),
    Kind.INDIVIDUAL_COUNSELING: ("people",),
    Kind.GROUP_COUNSELING: ("group",),
    Kind.GROUP_GUIDANCE: ("group", "topic"),
    Kind.CLASSROOM_GUIDANCE: ("cohort", "topic", "domain", "component"),
    Kind.CONSULTATION: ("consultee",),
    Kind.HOME_VISIT: ("people",),
    Kind.CASE_CONFERENCE: ("case", "attendees", "decisions"),
    Kind.PFA_CONTACT: ("people",),
    Kind.PSYCHOSOCIAL_GROUP: ("group",),
    Kind.SUPERVISION: ("attendees",),
    Kind.VIOLENCE_PREVENTION: ("attendees", "topic"),
    Kind.TEAM_TRAINING: ("attendees", "topic"),
    Kind.PARENTING_CLASS: ("attendees", "topic"),
    # Systemic work: its purpose and at least one participant, of the organisation or not.
    Kind.FAMILY_MEETING: ("topic", "participants"),
    Kind.SCHOOL_COORDINATION: ("topic", "participants"),
    Kind.COMMUNITY_EVENT: ("topic", "participants"),
}

MIN_DURATION, MAX_DURATION = 1, 600
duration_validators = [MinValueValidator(MIN_DURATION), MaxValueValidator(MAX_DURATION)]


class GroupKind(models.TextChoices):
    COUNSELING = "counseling", _("Counseling group")
    PEER_CIRCLE = "peer_circle", _("Peer circle")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial group")


# The kind of session a standing group usually meets for (offered first on its page).
SESSION_KIND_OF_GROUP = {
    GroupKind.COUNSELING: Kind.GROUP_COUNSELING,
    GroupKind.PEER_CIRCLE: Kind.GROUP_GUIDANCE,
    GroupKind.PSYCHOSOCIAL: Kind.PSYCHOSOCIAL_GROUP,
}


class Group(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=GroupKind.choices)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_groups",
    )
    members = models.ManyToManyField("people.Person", blank=True, related_name="activity_groups")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.DONE
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    cohort = models.ForeignKey(
        "people.Cohort",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    # The psychosocial programme the activity belongs to, if any (PFA contacts, sessions).
    programme = models.ForeignKey(
        "psychosocial.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_activities"
    )
    starts_at = SafeDateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=45, validators=duration_validators
    )
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default="in_person")
    place = models.CharField(_("place"), max_length=120, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    domain = models.CharField(_("topic area"), max_length=12, choices=Domain.choices, blank=True)
    component = models.CharField(
        _("BK component"), max_length=16, choices=Component.choices, blank=True
    )
    consultee = models.CharField(_("consulted with"), max_length=120, blank=True)
    # A consultation with a guardian names them; the name stays in `consultee` should the
    # guardian's entry be removed later.
    guardian = models.ForeignKey(
        "people.Guardian",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name=_("guardian contacted"),
    )
    session_format = models.CharField(
        _("format"), max_length=24, choices=SessionFormat.choices, blank=True
    )
    # Case conferences and supervision: who took part, as written (not all are in Rangkul).
    attendees = models.CharField(_("who took part"), max_length=300, blank=True)
    decisions = models.TextField(_("decisions"), blank=True, max_length=2000)
    # Outcomes of systemic work (family meetings, school coordination, community events).
    agreed_actions = models.TextField(_("agreed actions"), blank=True, max_length=2000)
    result = models.TextField(_("result"), blank=True, max_length=2000)
    follow_up = models.TextField(_("follow-up"), blank=True, max_length=1000)
    follow_up_due = SafeDateField(_("follow-up due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set once by the reminder task, so that a reminder goes out exactly once.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["organisation", "starts_at"], name="activity_org_time_idx"),
            models.Index(fields=["facilitator", "status", "starts_at"], name="activity_agenda_idx"),
            models.Index(fields=["status", "starts_at"], name="activity_status_time_idx"),
            # Covers the effectiveness reports' count of done activities by kind and the
            # programme realisation's grouping of a period's activities (kind, component,
            # domain, minutes) and their classes and ids: read from the index alone.
            models.Index(
                fields=[
                    "organisation",
                    "status",
                    "starts_at",
                    "kind",
                    "component",
                    "domain",
                    "cohort",
                    "duration_minutes",
                    "id",
                ],
                name="activity_report_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_scheduled(self) -> bool:
        return self.status == ActivityStatus.SCHEDULED


class Participant(models.Model):
    """A person taking part in an activity, with attendance."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="participations"
    )
    attended = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="one_participation")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.activity_id}"


class OutsideParticipant(models.Model):
    """Someone at a systemic activity who is not a person of the organisation, named as
    written with their role (a village head, a homeroom teacher, an aunt)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="outside_participants"
    )
    full_name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.role})"


class TimeSlot(models.Model):
    """A counselor's published free time; a student's booking turns it into an appointment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="time_slots"
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_slots"
    )
    starts_at = SafeDateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=45, validators=duration_validators
    )
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default="in_person")
    place = models.CharField(_("place"), max_length=120, blank=True)
    booked_activity = models.OneToOneField(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="slot"
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["counselor", "starts_at"], name="slot_counselor_idx")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_free(self) -> bool:
        return self.booked_activity_id is None


class Supervision(models.Model):
    """What a supervision session (an Activity of kind `supervision`) adds: the peer
    supporters present, the cases discussed (by reference: nothing of their content is
    kept here) and the actions agreed. The supervising counselor is the facilitator."""

    activity = models.OneToOneField(
        Activity, primary_key=True, on_delete=models.CASCADE, related_name="supervision"
    )
    peers = models.ManyToManyField("peers.PeerProfile", related_name="supervisions")
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="+")
    actions = models.TextField(_("actions agreed"), max_length=2000)

    def __str__(self) -> str:
        return f"supervision {self.activity_id}"


class FeltHeard(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class TalkAgain(models.TextChoices):
    YES = "yes", _("Yes")
    UNSURE = "unsure", _("Not sure")
    NO = "no", _("No")


class ContactPulse(models.Model):
    """Two questions to the student after a peer meeting: did you feel heard, would you
    talk to them again. Answered once; only the student sees their own answers, and the
    programme lead sees counts (suppressed), never the peer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="pulse")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    felt_heard = models.CharField(
        _("Did you feel listened to?"), max_length=8, choices=FeltHeard.choices, blank=True
    )
    talk_again = models.CharField(
        _("Would you talk to them again?"), max_length=8, choices=TalkAgain.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "answered_at"], name="pulse_org_answered_idx"),
            models.Index(fields=["person", "answered_at"], name="pulse_person_idx"),
        ]

    def __str__(self) -> str:
        return f"pulse {self.pk}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
