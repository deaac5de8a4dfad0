"""The service directory: providers that counselors and field workers refer people to."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class ProviderKind(models.TextChoices):
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    PUSKESMAS = "puskesmas", _("Puskesmas (community health centre)")
    HOSPITAL = "hospital", _("Hospital")
    UPTD_PPA = "uptd_ppa", _("UPTD PPA (women and child protection unit)")
    NGO = "ngo", _("Non-governmental organisation")
    HOTLINE = "hotline", _("Hotline")


class ServiceKind(models.TextChoices):
    COUNSELING = "counseling", _("Counseling")
    PSYCHOLOGICAL_ASSESSMENT = "assessment", _("Psychological assessment")
    PSYCHOTHERAPY = "psychotherapy", _("Psychotherapy")
    PSYCHIATRIC_CARE = "psychiatric_care", _("Psychiatric care and medication")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    VIOLENCE_SUPPORT = "violence_support", _("Support after violence")
    LEGAL_AID = "legal_aid", _("Legal aid")
    SHELTER = "shelter", _("Safe house")
    CASE_MANAGEMENT = "case_management", _("Social case management")
    CRISIS_LINE = "crisis_line", _("Crisis line")
    SUBSTANCE_USE = "substance_use", _("Substance use")


class AgeGroup(models.TextChoices):
    CHILDREN = "children", _("Children (under 13)")
    ADOLESCENTS = "adolescents", _("Adolescents (13–17)")
    ADULTS = "adults", _("Adults (18 and over)")


AGE_RANGES: dict[str, tuple[int, int]] = {
    AgeGroup.CHILDREN: (0, 12),
    AgeGroup.ADOLESCENTS: (13, 17),
    AgeGroup.ADULTS: (18, 120),
}


def age_group_of(age: int) -> str:
    for group, (low, high) in AGE_RANGES.items():
        if low <= age <= high:
            return group
    return AgeGroup.ADULTS


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    BPJS = "bpjs", _("Covered by BPJS Kesehatan")
    PAID = "paid", _("Paid")


class Channel(models.TextChoices):
    IN_RANGKUL = "in_rangkul", _("In Rangkul (the provider has accounts)")
    LETTER_OR_PHONE = "letter_or_phone", _("By letter or phone")


class Provider(models.Model):
    """One entry of the directory: a provider and the services it offers.

    List fields are stored as codes between commas (",a,b,") so that "offers service X"
    is one `icontains` on SQLite and PostgreSQL alike."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The organisation that keeps this entry.",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ProviderKind.choices)
    description = models.TextField(_("description"), blank=True)
    services = models.CharField(_("services"), max_length=300)
    age_groups = models.CharField(_("age groups"), max_length=60)
    regions = models.CharField(_("regions served (Kemendagri codes)"), max_length=500, blank=True)
    languages = models.CharField(_("languages"), max_length=100, default=",id,")
    costs = models.CharField(_("cost"), max_length=30)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity_per_month = models.PositiveIntegerField(
        _("new referrals taken per month"), null=True, blank=True
    )
    channel = models.CharField(
        _("takes referrals"),
        max_length=16,
        choices=Channel.choices,
        default=Channel.LETTER_OR_PHONE,
    )
    provider_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directory_entries",
        verbose_name=_("provider organisation in Rangkul"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(channel="in_rangkul", provider_organisation__isnull=True),
                name="provider_in_rangkul_has_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def codes(value: str) -> list[str]:
        return [c for c in (value or "").split(",") if c]

    @staticmethod
    def join(codes: list[str]) -> str:
        return "," + ",".join(codes) + "," if codes else ""

    def _labels(self, field: str, choices: type[models.TextChoices]) -> list[str]:
        labels = dict(choices.choices)
        return [str(labels.get(c, c)) for c in self.codes(getattr(self, field))]

    @property
    def service_labels(self) -> list[str]:
        return self._labels("services", ServiceKind)

    @property
    def age_group_labels(self) -> list[str]:
        return self._labels("age_groups", AgeGroup)

    @property
    def cost_labels(self) -> list[str]:
        return self._labels("costs", Cost)

    @property
    def region_list(self) -> list[str]:
        return self.codes(self.regions)

    @property
    def language_list(self) -> list[str]:
        return self.codes(self.languages)


# --- Referrals out -----------------------------------------------------------------------
# A counselor refers the person of a case to a provider. Not the teacher's referral of a
# student to BK (the "referral in", a SupportRequest): the two never share a model or a word.


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    APPOINTMENT_SET = "appointment_set", _("Appointment set")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Not completed")


RS = ReferralStatus
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    RS.DRAFT: frozenset({RS.SENT}),
    RS.SENT: frozenset({RS.ACCEPTED, RS.DECLINED}),
    RS.ACCEPTED: frozenset({RS.APPOINTMENT_SET, RS.COMPLETED, RS.NOT_COMPLETED}),
    RS.APPOINTMENT_SET: frozenset({RS.APPOINTMENT_SET, RS.COMPLETED, RS.NOT_COMPLETED}),
}
REFERRAL_MOVE_REFUSED = gettext_noop("A referral that is %(current)s cannot become %(target)s.")
CLOSED_REFERRAL_STATUSES = frozenset({RS.DECLINED, RS.COMPLETED, RS.NOT_COMPLETED})
# How long each waiting step may take before the counselor is reminded (days).
STEP_DAYS = {RS.SENT: 3, RS.ACCEPTED: 7, RS.APPOINTMENT_SET: 14}


class NotCompletedReason(models.TextChoices):
    CLIENT_REFUSED = "client_refused", _("The person refused")
    NO_CAPACITY = "no_capacity", _("No capacity")
    COULD_NOT_CONTACT = "could_not_contact", _("Could not contact the person")
    DID_NOT_ATTEND = "did_not_attend", _("Did not attend")
    MOVED_AWAY = "moved_away", _("Moved away")
    OTHER = "other", _("Other reason")


class ReferralUrgency(models.TextChoices):
    ROUTINE = "routine", _("Routine (within two weeks)")
    SOON = "soon", _("Soon (within a week)")
    URGENT = "urgent", _("Urgent (within 48 hours)")


class SharedField(models.TextChoices):
    """What a referral may carry to the provider, besides the reason written for it."""

    NAME = "name", _("Full name")
    AGE = "age", _("Age")
    GENDER = "gender", _("Gender")
    SCHOOL_CLASS = "class", _("Class")
    GUARDIAN_CONTACT = "guardian_contact", _("Contact of guardians who may be contacted")
    RISK_LEVEL = "risk_level", _("Risk level")


MINIMAL_SHARED = (SharedField.NAME, SharedField.AGE)


class ReferralOut(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals_out")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("provider")
    )
    consent = models.ForeignKey(
        "people.Consent", on_delete=models.PROTECT, related_name="+", verbose_name=_("consent")
    )
    reason = models.TextField(_("reason for the referral"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=ReferralUrgency.choices)
    shared_fields = models.CharField(_("shared details"), max_length=200)
    # Frozen when the referral is sent: what the provider sees, never the case itself.
    snapshot = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    not_completed_reason = models.CharField(
        _("reason"), max_length=20, choices=NotCompletedReason.choices, blank=True
    )
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    next_step_due_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    returned_to_tier = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = _("referral out")
        verbose_name_plural = _("referrals out")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["provider", "status"], name="referral_provider_status_idx"),
            models.Index(fields=["status", "next_step_due_at"], name="referral_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} · {self.get_status_display()}"

    @property
    def shared(self) -> list[str]:
        return Provider.codes(self.shared_fields)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_REFERRAL_STATUSES

    @property
    def in_rangkul(self) -> bool:
        return self.provider.channel == Channel.IN_RANGKUL

    @property
    def awaits_return_tier(self) -> bool:
        return (
            self.status in CLOSED_REFERRAL_STATUSES
            and not self.returned_to_tier
            and (self.status != RS.DECLINED)
        )


class ReferralUpdate(models.Model):
    """One step of a referral: who moved it, and the provider's feedback if any."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(ReferralOut, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_provider = models.BooleanField(default=False)
    from_status = models.CharField(max_length=16, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ReferralStatus.choices)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
