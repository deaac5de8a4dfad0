"""Every delivered service is an Activity; a scheduled future one is an appointment."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rangkul.cases.models import Domain


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


class GroupKind(models.TextChoices):
    COUNSELING = "counseling", _("Counseling group")
    PEER_CIRCLE = "peer_circle", _("Peer circle")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial group")


class Group(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=GroupKind.choices)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
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
        "people.Cohort", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="activities",
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_activities"
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default="in_person")
    place = models.CharField(_("place"), max_length=120, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    domain = models.CharField(_("topic area"), max_length=12, choices=Domain.choices, blank=True)
    component = models.CharField(
        _("BK component"), max_length=16, choices=Component.choices, blank=True
    )
    consultee = models.CharField(_("consulted with"), max_length=120, blank=True)
    decisions = models.TextField(_("decisions"), blank=True, max_length=2000)
    follow_up = models.TextField(_("follow-up"), blank=True, max_length=1000)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["organisation", "starts_at"], name="activity_org_time_idx"),
            models.Index(fields=["facilitator", "status", "starts_at"], name="activity_agenda_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


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


class TimeSlot(models.Model):
    """A counselor's published free time; a student's booking turns it into an appointment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="time_slots"
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_slots"
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default="in_person")
    place = models.CharField(_("place"), max_length=120, blank=True)
    booked_activity = models.OneToOneField(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="slot"
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["counselor", "starts_at"], name="slot_counselor_idx")]
