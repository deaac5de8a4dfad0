"""Reports of violence, the school's TPPK and the district task force, and matters.

A report is what somebody tells; a matter is the TPPK's handling of it through the steps
of Permendikbudristek 46/2023 (see data/steps.yaml and docs/violence.md). Matters are a
space of their own: nothing here is reachable through cases, notes or alerts.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolenceKind(models.TextChoices):
    """The forms of violence Permendikbudristek 46/2023 names (Article 6)."""

    PHYSICAL = "physical", _("Physical violence")
    PSYCHOLOGICAL = "psychological", _("Psychological violence")
    BULLYING = "bullying", _("Bullying (also online)")
    SEXUAL = "sexual", _("Sexual violence")
    DISCRIMINATION = "discrimination", _("Discrimination and intolerance")
    POLICY = "policy", _("A rule or decision that contains violence")


class Standing(models.TextChoices):
    VICTIM = "victim", _("It happened to me")
    WITNESS = "witness", _("I saw it happen")
    THIRD_PARTY = "third_party", _("Someone told me about it")


class Channel(models.TextChoices):
    PUBLIC_FORM = "public_form", _("Public form (no login)")
    MEMBER = "member", _("Signed-in member")


class ChildVictim(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("I don't know")


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEMBER = "member", _("Member")


class Step(models.TextChoices):
    """The handling steps of Permendikbudristek 46/2023, in order."""

    INTAKE = "intake", _("Receiving the report and first protection")
    EXAMINATION = "examination", _("Examination")
    CONCLUSION = "conclusion", _("Conclusion and recommendations")
    FOLLOW_UP = "follow_up", _("Follow-up of the examination report")
    RECOVERY = "recovery", _("Recovery")


STEP_ORDER: tuple[str, ...] = tuple(Step.values)


class MatterStatus(models.TextChoices):
    OPEN = "open", _("Being handled")
    CLOSED = "closed", _("Closed")


# The only legal status moves. services.matters.transition() refuses anything else.
MATTER_TRANSITIONS: dict[str, frozenset[str]] = {
    MatterStatus.OPEN: frozenset({MatterStatus.CLOSED}),
    MatterStatus.CLOSED: frozenset(),
}


class ReceiptStatus(models.TextChoices):
    """What a reporter holding the receipt code is told: the step, never the content."""

    RECEIVED = "received", _("Received by the school's team")
    EXAMINING = "examining", _("Being examined")
    CONCLUDING = "concluding", _("The team is drawing its conclusion")
    FOLLOWING_UP = "following_up", _("The school is acting on the conclusion")
    RECOVERY = "recovery", _("Recovery support is under way")
    CLOSED = "closed", _("Handling is finished")


RECEIPT_STATUS_OF_STEP: dict[str, str] = {
    Step.INTAKE: ReceiptStatus.RECEIVED,
    Step.EXAMINATION: ReceiptStatus.EXAMINING,
    Step.CONCLUSION: ReceiptStatus.CONCLUDING,
    Step.FOLLOW_UP: ReceiptStatus.FOLLOWING_UP,
    Step.RECOVERY: ReceiptStatus.RECOVERY,
}


def hash_receipt(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


# No 0/O or 1/I/L: the code is read off a phone screen and typed again later.
_RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_receipt_code() -> str:
    """16 characters from a 31-letter alphabet (about 79 bits), in groups of four."""
    raw = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class TeamMember(models.Model):
    """A member of a school's TPPK, or of the district task force (Satgas) when the
    organisation is an authority. Chosen from the organisation's staff."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="violence_team"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="violence_teams"
    )
    role = models.CharField(_("role in the team"), max_length=8, choices=TeamRole.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("TPPK member")
        verbose_name_plural = _("TPPK members")
        ordering = ["role", "user__first_name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(removed_at__isnull=True),
                name="violence_team_one_active_seat",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class Report(models.Model):
    """What a reporter told. Only the minimum: what, where, when, who if known, and
    whether anyone is in danger now. The reporter may stay anonymous."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="violence_reports"
    )
    channel = models.CharField(max_length=12, choices=Channel.choices)
    kind = models.CharField(_("kind of violence"), max_length=16, choices=ViolenceKind.choices)
    online = models.BooleanField(_("it happened online"), default=False)
    standing = models.CharField(_("you are"), max_length=12, choices=Standing.choices)
    what = models.TextField(_("what happened"), max_length=4000)
    where = models.CharField(_("where"), max_length=200, blank=True)
    when = models.CharField(_("when"), max_length=100, blank=True)
    who = models.TextField(_("who was involved, if you know"), max_length=1000, blank=True)
    danger_now = models.BooleanField(_("someone is in danger now"), default=False)
    child_victim = models.CharField(
        _("the person harmed is under 18"),
        max_length=8,
        choices=ChildVictim.choices,
        default=ChildVictim.UNKNOWN,
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    confidential = models.BooleanField(_("keep my identity confidential"), default=False)
    # Who reported, when they are a member and not anonymous.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="violence_reports",
    )
    # A parent without an account who gives a name and a way to reach them.
    reporter_name = models.CharField(_("your name"), max_length=120, blank=True)
    reporter_contact = models.CharField(_("phone or e-mail"), max_length=120, blank=True)
    receipt_hash = models.CharField(max_length=64, unique=True)
    # TPPK members (and principals) whose names appear in the report: they never see it.
    excluded = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    alert = models.ForeignKey(
        "safety.Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("violence report")
        verbose_name_plural = _("violence reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "created_at"], name="vreport_org_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d}"


class Addition(models.Model):
    """More information the reporter added later with the receipt code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="additions")
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.report_id} · {self.created_at:%Y-%m-%d}"


class Matter(models.Model):
    """The TPPK's handling of one report."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="violence_matters"
    )
    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="matter")
    status = models.CharField(
        _("status"), max_length=8, choices=MatterStatus.choices, default=MatterStatus.OPEN
    )
    step = models.CharField(_("step"), max_length=12, choices=Step.choices, default=Step.INTAKE)
    # TPPK (or task force) members handling it; the lead assigns them.
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="violence_matters"
    )
    # The district task force was brought in (an overdue step, or no TPPK lead free).
    task_force_involved = models.BooleanField(default=False)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("violence matter")
        verbose_name_plural = _("violence matters")
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["organisation", "status"], name="vmatter_org_status_idx")]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_step_display()}"

    @property
    def receipt_status(self) -> str:
        if self.status == MatterStatus.CLOSED:
            return ReceiptStatus.CLOSED
        return RECEIPT_STATUS_OF_STEP[self.step]


class StepRecord(models.Model):
    """One step of a matter: its owner, due date, reminder and escalation, completion."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=12, choices=Step.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(_("what was done"), max_length=4000, blank=True)

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "step"], name="violence_one_record_per_step")
        ]
        indexes = [models.Index(fields=["completed_at", "due_at"], name="vstep_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_step_display()} · {self.matter_id}"


class ProtectedParty(models.TextChoices):
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    REPORTER = "reporter", _("Reporter")


class MeasureKind(models.TextChoices):
    """First protection the regulation names: safety, psychological accompaniment, and
    continued education (or work) of victims and witnesses."""

    SAFETY = "safety", _("Keeping them safe (separation, supervision)")
    ACCOMPANIMENT = "accompaniment", _("Psychological accompaniment")
    EDUCATION = "education", _("Continued schooling or work")
    HEALTH = "health", _("Health care")
    LEGAL = "legal", _("Legal aid")
    OTHER = "other", _("Other")


class ProtectionMeasure(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="measures")
    party = models.CharField(_("for"), max_length=10, choices=ProtectedParty.choices)
    kind = models.CharField(_("measure"), max_length=14, choices=MeasureKind.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.get_party_display()} · {self.get_kind_display()}"


class Finding(models.TextChoices):
    PROVEN = "proven", _("Violence was shown to have happened")
    NOT_PROVEN = "not_proven", _("Violence was not shown to have happened")


class Outcome(models.Model):
    """The conclusion and what the school decided, with who decided."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, related_name="outcome")
    finding = models.CharField(_("conclusion"), max_length=12, choices=Finding.choices)
    recommendations = models.TextField(_("recommendations"), max_length=4000)
    sanctions = models.TextField(_("sanctions decided by the school"), max_length=2000, blank=True)
    recovery_plan = models.TextField(_("recovery plan"), max_length=4000, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.get_finding_display()} · {self.matter_id}"


class SubmissionAttempt(models.Model):
    """A public form post or a receipt look-up, by a keyed hash of the address: for rate
    limiting only. Not linked to any report, so an anonymous report stays anonymous."""

    key = models.CharField(max_length=64, db_index=True)
    action = models.CharField(max_length=12)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.action} · {self.at:%Y-%m-%d %H:%M}"


class OfferParty(models.TextChoices):
    VICTIM = "victim", _("The person harmed")
    ACTOR = "actor", _("The person who acted violently")


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class SupportOffer(models.Model):
    """Support from the school's counselors (BK) offered to a student involved in a matter.
    Never opened automatically: only the student's own acceptance turns it into a request
    for help, which then follows the pathway like any other."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="offers")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    party = models.CharField(_("offered to"), max_length=8, choices=OfferParty.choices)
    status = models.CharField(
        max_length=8, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    offered_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    support_request = models.ForeignKey(
        "cases.SupportRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-offered_at"]

    def __str__(self) -> str:
        return f"{self.get_party_display()} · {self.get_status_display()}"
