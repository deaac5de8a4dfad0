import uuid
from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rangkul.lib.crypto import EncryptedJSONField
from rangkul.lib.dates import SafeDateField, SafeDateTimeField

# --- alerts ---------------------------------------------------------------------------------


class Severity(models.TextChoices):
    CONCERN = "concern", _("Concern")
    URGENT = "urgent", _("Urgent")


class AlertSource(models.TextChoices):
    REQUEST = "request", _("Request for help")
    TEACHER_REFERRAL = "teacher_referral", _("Teacher referral")
    MESSAGE = "message", _("Message")
    CONTACT_LOG = "contact_log", _("Contact log")
    PEER_HANDOVER = "peer_handover", _("Peer supporter handover")
    PEER_BOUNDARY = "peer_boundary", _("Contact outside Rangkul in a peer case")
    SCREENING = "screening", _("Screening answer")
    STAFF = "staff", _("Raised by staff")
    VIOLENCE_REPORT = "violence_report", _("Report of violence")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


class Rung(models.TextChoices):
    """The escalation ladder, in order. The safeguarding lead is told beside the ladder."""

    ON_DUTY = "on_duty", _("Counselor on duty")
    COORDINATOR = "coordinator", _("Coordinator")
    OUT_OF_HOURS = "out_of_hours", _("Out-of-hours contact")
    SAFEGUARDING_LEAD = "safeguarding_lead", _("Safeguarding lead (TPPK)")


LADDER: tuple[str, ...] = (Rung.ON_DUTY, Rung.COORDINATOR, Rung.OUT_OF_HOURS)


class EscalationReason(models.TextChoices):
    RAISED = "raised", _("Alert raised")
    NOT_ACKNOWLEDGED = "not_acknowledged", _("Not acknowledged in time")
    REPEATED = "repeated", _("Still not acknowledged: told again")
    ABUSE = "abuse", _("Disclosure of abuse")


class PhraseCategory(models.TextChoices):
    SUICIDE = "suicide", _("Suicidal thoughts, plans or attempts")
    SELF_HARM = "self_harm", _("Self-harm")
    ABUSE = "abuse", _("Abuse or violence")
    FRIEND_AT_RISK = "friend_at_risk", _("A friend at risk")
    ANXIETY_PANIC = "anxiety_panic", _("Anxiety or panic")
    EATING = "eating", _("Disordered eating")
    GRIEF = "grief", _("Grief that stops daily life")
    ISOLATION = "isolation", _("Isolation and loneliness")
    FAMILY_CONFLICT = "family_conflict", _("Serious family conflict")
    DEPRESSED_MOOD = "depressed_mood", _("Persistent low mood")
    CONTROLLING_PARTNER = "controlling_partner", _("A controlling partner")
    BULLYING = "bullying", _("Ongoing bullying")


class Alert(models.Model):
    """A safety signal that a person may be at risk. Never deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="alerts"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    request = models.ForeignKey(
        "cases.SupportRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    source = models.CharField(_("source"), max_length=20, choices=AlertSource.choices)
    # Categories, matched phrase ids and spans; identifiers of the source object.
    evidence = EncryptedJSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True, max_length=2000)
    # Where the ladder stands: the last rung reached, and when it moves on unless someone
    # acknowledges first. Cleared on acknowledgement.
    rung = models.CharField(_("rung"), max_length=20, choices=Rung.choices, blank=True)
    next_escalation_at = models.DateTimeField(null=True, blank=True)
    # A report about a friend at risk: who the friend is, once a counselor knows. Either a
    # person of the organisation or a few words (a name, a class) until they are found.
    friend = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alerts_as_friend",
        verbose_name=_("friend at risk"),
    )
    friend_note = models.CharField(_("who the friend is"), max_length=200, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [
            models.Index(fields=["organisation", "status", "raised_at"], name="alert_queue_idx"),
            models.Index(fields=["status", "next_escalation_at"], name="alert_escalation_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} · {self.get_status_display()}"

    @property
    def categories(self) -> list[str]:
        return list((self.evidence or {}).get("categories", []))

    @property
    def category_labels(self) -> list[str]:
        labels = dict(PhraseCategory.choices)
        return [str(labels.get(code, code)) for code in self.categories]

    @property
    def is_abuse(self) -> bool:
        return "abuse" in self.categories

    @property
    def is_about_friend(self) -> bool:
        return PhraseCategory.FRIEND_AT_RISK in self.categories

    @property
    def is_closed(self) -> bool:
        return self.status == AlertStatus.RESOLVED

    @property
    def boundary_reasons(self) -> list[str]:
        """Why a message broke the programme's boundaries (a phone number, another app)."""
        return list((self.evidence or {}).get("boundary", []))


class AlertEscalation(models.Model):
    """One step of the ladder: who was told about an alert, when and why. Never changed.

    `recipient` is empty when a rung is a name and phone number without a login: the step
    is recorded so that whoever opens the alert sees that this person should be called.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="escalations")
    rung = models.CharField(_("rung"), max_length=20, choices=Rung.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alert_escalations",
    )
    contact = models.CharField(_("contact"), max_length=120, blank=True)
    at = models.DateTimeField()
    reason = models.CharField(_("reason"), max_length=20, choices=EscalationReason.choices)

    class Meta:
        ordering = ["at", "rung"]
        indexes = [models.Index(fields=["recipient", "alert"], name="escalation_recipient_idx")]

    def __str__(self) -> str:
        return f"{self.rung} · {self.reason}"


# --- organisation phrases -------------------------------------------------------------------


class PhraseLevel(models.TextChoices):
    CONCERN = "concern", _("Concern")
    URGENT = "urgent", _("Urgent")


class OrganisationPhrase(models.Model):
    """A phrase an organisation adds to the detector: local language or slang. Data, not
    code; deactivated rather than deleted, so stored alerts keep naming it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="safety_phrases"
    )
    pattern = models.CharField(_("phrase"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=PhraseCategory.choices)
    level = models.CharField(_("level"), max_length=8, choices=PhraseLevel.choices)
    lang = models.CharField(_("language code"), max_length=3, default="id")
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-active", "pattern"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "pattern"],
                condition=models.Q(active=True),
                name="unique_active_org_phrase",
            )
        ]

    def __str__(self) -> str:
        return self.pattern

    @property
    def phrase_id(self) -> str:
        """The id stored in alert evidence when this phrase matched."""
        return f"org.{self.pk}"


# --- duty roster and settings ---------------------------------------------------------------


class DutyShift(models.Model):
    """A counselor or coordinator is on duty from `starts_at` to `ends_at` (stored in UTC,
    entered and shown in the organisation's time zone)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="duty_shifts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="duty_shifts",
        verbose_name=_("person on duty"),
    )
    starts_at = SafeDateTimeField(_("starts"))
    ends_at = SafeDateTimeField(_("ends"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "ends_at"]
        indexes = [
            models.Index(fields=["organisation", "starts_at", "ends_at"], name="shift_span_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="shift_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class TextChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class TextWhen(models.TextChoices):
    OUT_OF_HOURS = "out_of_hours", _("Outside duty hours only")
    ALWAYS = "always", _("Always")


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class SafetySettings(models.Model):
    """An organisation's safety arrangements. Created with defaults on first use."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="safety_settings"
    )
    # When the roster is expected to have someone on duty. Outside these hours the
    # out-of-hours contact is the arrangement, and the student is told when duty resumes.
    around_the_clock = models.BooleanField(_("someone on duty around the clock"), default=False)
    duty_days = models.CharField(_("duty days"), max_length=7, default="01234")
    duty_start = models.TimeField(_("duty hours start"), default=time(7, 0))
    duty_end = models.TimeField(_("duty hours end"), default=time(15, 0))
    out_of_hours_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("out-of-hours contact"),
    )
    out_of_hours_name = models.CharField(_("out-of-hours contact name"), max_length=80, blank=True)
    out_of_hours_phone = models.CharField(_("out-of-hours phone"), max_length=30, blank=True)
    safeguarding_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("safeguarding lead (TPPK)"),
    )
    ack_minutes_urgent = models.PositiveSmallIntegerField(
        _("minutes to acknowledge an urgent alert"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    ack_minutes_concern = models.PositiveSmallIntegerField(
        _("minutes to acknowledge a concern"),
        default=240,
        validators=[MinValueValidator(1), MaxValueValidator(2880)],
    )
    # The crisis protocol shown on every alert, one step a line; empty means the defaults
    # (see safety/protocol.py). The guardian step is always part of it.
    protocol_steps = models.TextField(_("crisis protocol steps"), blank=True, max_length=2000)
    # Urgent alerts by text message to the phones of the people a rung reaches.
    text_channel = models.CharField(
        _("text messages for urgent alerts"),
        max_length=12,
        choices=TextChannel.choices,
        blank=True,
    )
    text_when = models.CharField(
        _("send text messages"),
        max_length=12,
        choices=TextWhen.choices,
        default=TextWhen.OUT_OF_HOURS,
    )
    # Where "quick exit" sends a student: an ordinary outside site (weather, news) that a
    # person looking over their shoulder would not wonder about. Blank: settings.QUICK_EXIT_URL.
    quick_exit_url = models.URLField(_("quick exit site"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("safety settings")
        verbose_name_plural = _("safety settings")

    def __str__(self) -> str:
        return str(self.organisation_id)

    @property
    def duty_weekdays(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.duty_days if d.isdigit())

    def ack_minutes(self, severity: str) -> int:
        return self.ack_minutes_urgent if severity == Severity.URGENT else self.ack_minutes_concern

    @property
    def quick_exit_target(self) -> str:
        return self.quick_exit_url or settings.QUICK_EXIT_URL

    @property
    def out_of_hours_contact(self) -> str:
        """A name and number to call, for a contact without a login."""
        return " · ".join(p for p in (self.out_of_hours_name, self.out_of_hours_phone) if p)


class CrisisResource(models.Model):
    """A local crisis service an organisation shows beside the national ones."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="crisis_resources"
    )
    name = models.CharField(_("name"), max_length=120)
    contact = models.CharField(_("number or address"), max_length=80)
    link = models.CharField(_("link"), max_length=200, blank=True)
    serves = models.CharField(_("what it helps with"), max_length=200)
    hours = models.CharField(_("hours"), max_length=120)
    always_open = models.BooleanField(_("open 24 hours"), default=False)
    last_verified = SafeDateField(_("last verified"))
    active = models.BooleanField(_("active"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-active", "name"]

    def __str__(self) -> str:
        return self.name


class ResponderPhone(models.Model):
    """A responder's phone for urgent alerts by SMS or WhatsApp, in one organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="responder_phones"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    phone = models.CharField(_("phone"), max_length=30)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_responder_phone")
        ]

    def __str__(self) -> str:
        return str(self.user_id)


# --- the crisis hand-off ----------------------------------------------------------------------


class GuardianAnswer(models.TextChoices):
    CONTACTED = "contacted", _("Guardian contacted")
    NOT_SAFE = "not_safe", _("Not contacted: the guardian may be the source of harm")
    NOT_REACHED = "not_reached", _("Tried, not reached yet")


class ProtocolTick(models.Model):
    """A step of the crisis protocol done for an alert, by whom and when. Never changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="protocol_ticks")
    step = models.CharField(max_length=40)
    # The step's wording when it was ticked: the organisation may reword its protocol later.
    label = models.CharField(max_length=300)
    answer = models.CharField(max_length=12, choices=GuardianAnswer.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["alert", "step"], name="one_tick_per_step")]

    def __str__(self) -> str:
        return self.step


class FeedbackKind(models.TextChoices):
    MISSED = "missed", _("Missed: the risk was higher than detected")
    TOO_HIGH = "too_high", _("Too high: there was less risk than detected")


class DetectionFeedback(models.Model):
    """A counselor's mark that the detector was wrong about one text. Counted for the
    safeguarding lead; never leaves the organisation and is never used for training
    without a person's review."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="detection_feedback"
    )
    alert = models.ForeignKey(
        Alert, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback"
    )
    request = models.ForeignKey(
        "cases.SupportRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="detection_feedback",
    )
    kind = models.CharField(_("what was wrong"), max_length=10, choices=FeedbackKind.choices)
    # What the detector said then (level and categories), to count marks per level.
    detected_level = models.CharField(max_length=8)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(alert__isnull=False) | models.Q(request__isnull=False),
                name="feedback_about_something",
            )
        ]

    def __str__(self) -> str:
        return self.kind
