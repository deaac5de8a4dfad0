"""Training programmes for peer supporters and counselors: modules and sessions,
enrolments with attendance, a knowledge quiz and a role-play assessment, certificates and
counselors' CPD records."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PEER_SUPPORTERS = "peer", _("Peer supporters")
    COUNSELORS = "counselor", _("Counselors")


class Programme(models.Model):
    """One training of an organisation for one audience, with its pass thresholds."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="training_programmes"
    )
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    # Pass thresholds; 0 means the part is not required.
    min_attendance = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=75, validators=[MaxValueValidator(100)]
    )
    min_quiz = models.PositiveSmallIntegerField(
        _("minimum quiz score (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    min_rubric = models.PositiveSmallIntegerField(
        _("minimum role-play score (of 16)"), default=12, validators=[MaxValueValidator(16)]
    )
    validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "audience"], name="training_org_idx")]

    def __str__(self) -> str:
        return self.title


class Module(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("module"), max_length=200)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One meeting of a module: when, where and who leads it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="sessions")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("session"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)

    class Meta:
        ordering = ["module__position", "position"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A multiple-choice question of the programme's knowledge quiz."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=500)
    choices = models.JSONField(_("choices"), default=list)
    correct = models.PositiveSmallIntegerField(_("correct choice"))

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Not passed")


class Enrolment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_enrolments"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The figures and reasons the decision was taken on (see `results.Result`).
    decision = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="one_enrolment")]

    def __str__(self) -> str:
        return f"{self.user} · {self.programme}"


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    presence = models.CharField(_("attendance"), max_length=8, choices=Presence.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="one_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.presence}"


class QuizAttempt(models.Model):
    """One try at the quiz: open until submitted; every try is kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # {question id: chosen index}
    answers = models.JSONField(default=dict, blank=True)
    correct = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(default=0)  # percent

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(submitted_at__isnull=True),
                name="one_open_attempt",
            )
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} · {self.score}%"


# The role-play rubric: each criterion scored 1 (not yet) to 4 (confident).
RUBRIC = ("listening", "empathy", "confidentiality", "risk_referral")
RUBRIC_MAX = 4 * len(RUBRIC)


class RolePlayAssessment(models.Model):
    """A counselor's scoring of one role-play; the latest one counts."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assessments")
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    listening = models.PositiveSmallIntegerField(
        _("Active listening"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    empathy = models.PositiveSmallIntegerField(
        _("Empathy and reflection"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("Confidentiality and its limits"),
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    risk_referral = models.PositiveSmallIntegerField(
        _("Recognising risk and referring"),
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} · {self.total}"

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in RUBRIC)


class Certificate(models.Model):
    """Issued when an enrolment passes; verified by its code at /verify/<code>/."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="certificate"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="training_certificates"
    )
    # The verification code without its dashes (see `codes.py`).
    code = models.CharField(max_length=16, unique=True)
    printed_name = models.CharField(_("printed name"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField(_("reason"), max_length=300, blank=True)

    def __str__(self) -> str:
        return self.code


class CpdRecord(models.Model):
    """A counselor's continuing professional development: their own entries and those a
    passed counselor programme adds."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="cpd_records"
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_records"
    )
    title = models.CharField(_("training"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("500"))],
    )
    on = models.DateField(_("date"))
    certificate_file = models.FileField(
        _("certificate (PDF, JPEG or PNG)"), upload_to="cpd/%Y/%m/", blank=True
    )
    enrolment = models.OneToOneField(
        Enrolment, null=True, blank=True, on_delete=models.SET_NULL, related_name="cpd_record"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on"]
        indexes = [models.Index(fields=["organisation", "on"], name="cpd_org_on_idx")]

    def __str__(self) -> str:
        return self.title
