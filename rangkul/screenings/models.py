"""Screening settings per organisation, campaigns, assignments and responses.

Instruments themselves are data (`instruments/*.yaml`, read by `engine/`); what lives in
the database is what an organisation decides about them (enabled, band scheme, its own
validated wording, its own questionnaires) and what people answered.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rangkul.lib.crypto import EncryptedJSONField
from rangkul.lib.dates import SafeDateField


class InstrumentSetting(models.Model):
    """An organisation's choice about one shipped instrument: on or off, and which
    band scheme its campaigns use (K10 has two)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="instrument_settings"
    )
    instrument_code = models.CharField(max_length=40)
    enabled = models.BooleanField(default=False)
    band_scheme = models.CharField(max_length=40, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instrument_code"], name="one_setting_per_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_code}: {'on' if self.enabled else 'off'}"


class WordingOverride(models.Model):
    """An organisation's validated wording of a shipped instrument in one language.

    Rows are never edited: a new wording is a new row and the previous one stops being
    current, so every response can point at the exact wording it was given in.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="wording_overrides"
    )
    instrument_code = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=20)
    language = models.CharField(max_length=3)
    # {"instructions": str | None, "items": {item_id: {"text": str, "note": str | None,
    #  "options": {"<value>": label}}}}
    texts = models.JSONField()
    source = models.CharField(_("source of the validated wording"), max_length=300)
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instrument_code", "language"],
                condition=models.Q(is_current=True),
                name="one_current_wording",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_code} ({self.language}): {self.source}"


class CustomInstrument(models.Model):
    """An organisation's own questionnaire (AKPD, a feedback pulse), stored as the same
    structure as a shipped definition and validated by the same engine. Immutable: a
    change is a new version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="custom_instruments"
    )
    code = models.CharField(max_length=40)
    version = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    definition = models.JSONField()
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "version"], name="unique_custom_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Target(models.TextChoices):
    COHORT = "cohort", _("A class")
    GROUP = "group", _("A group")
    PEOPLE = "people", _("Named people")
    CASE = "case", _("A case")


class CasePhase(models.TextChoices):
    BEFORE = "before", _("Before")
    DURING = "during", _("During")
    AFTER = "after", _("After")


class ScreeningCampaign(models.Model):
    """One instrument given to a class, a group, named people or the person of a case,
    between two dates."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="screening_campaigns"
    )
    title = models.CharField(_("title"), max_length=120)
    instrument_code = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=20)
    custom_instrument = models.ForeignKey(
        CustomInstrument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    band_scheme = models.CharField(max_length=40, blank=True)
    # Follow-up list default: results in this band or a more severe one.
    follow_up_band = models.CharField(max_length=40, blank=True)
    target = models.CharField(max_length=8, choices=Target.choices)
    cohort = models.ForeignKey(
        "people.Cohort", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group = models.ForeignKey(
        "activities.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case_phase = models.CharField(max_length=8, choices=CasePhase.choices, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # The check recorded for anonymous campaigns with critical items: whoever presents
    # the questionnaire shows crisis resources on a critical answer (Rangkul's own pages
    # always do; an API client declares it).
    shows_crisis_resources = models.BooleanField(default=True)
    opens_on = SafeDateField(_("opens on"))
    closes_on = SafeDateField(_("closes on"))
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-created_at"]
        indexes = [
            models.Index(fields=["organisation", "closes_on"], name="campaign_org_closes_idx")
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day: object) -> bool:
        return self.closed_at is None and self.opens_on <= day <= self.closes_on  # type: ignore[operator]


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("Not yet done")
    COMPLETED = "completed", _("Done")


class Assignment(models.Model):
    """A person asked to answer a campaign. It also tracks completion: with the date
    only, and with no link to an anonymous campaign's answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        ScreeningCampaign, on_delete=models.PROTECT, related_name="assignments"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="screening_assignments"
    )
    status = models.CharField(
        max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING
    )
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="one_assignment_each")
        ]
        indexes = [models.Index(fields=["person", "status"], name="assignment_person_idx")]

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.get_status_display()}"


class ResponseStatus(models.TextChoices):
    # An anonymous campaign's unclaimed row (see services/anonymous.py).
    EMPTY = "empty", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class WordingSource(models.TextChoices):
    SHIPPED = "shipped", _("Shipped wording")
    ORG_OVERRIDE = "org_override", _("Organisation's validated wording")
    ORG_QUESTIONNAIRE = "org_questionnaire", _("Organisation's own questionnaire")


class ScreeningResponse(models.Model):
    """The answers of one person to one campaign, as a draft and then submitted.

    An anonymous campaign's response has no person, no assignment, no user and no
    time of day: only the date it was submitted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        ScreeningCampaign, on_delete=models.PROTECT, related_name="responses"
    )
    assignment = models.OneToOneField(
        Assignment, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="screening_responses",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=ResponseStatus.choices)
    # What the person was given: instrument, version and wording.
    instrument_code = models.CharField(max_length=40, blank=True)
    instrument_version = models.CharField(max_length=20, blank=True)
    custom_instrument = models.ForeignKey(
        CustomInstrument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(max_length=3, blank=True)
    wording_source = models.CharField(max_length=20, choices=WordingSource.choices, blank=True)
    wording_override = models.ForeignKey(
        WordingOverride, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    translation_status = models.CharField(max_length=12, blank=True)
    wording_hash = models.CharField(max_length=64, blank=True)
    answers = EncryptedJSONField(default=dict)
    result = models.JSONField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    band_code = models.CharField(max_length=40, blank=True)
    critical = models.BooleanField(default=False)
    # The alert raised for a critical answer: at most one per response.
    alert = models.ForeignKey(
        "safety.Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Anonymous drafts only: a keyed hash of the assignment, erased on submission.
    draft_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["campaign", "status", "band_code"], name="response_band_idx"),
            # The responses list (API): an organisation's, newest first.
            models.Index(
                fields=["organisation", "-submitted_at", "-started_at"],
                name="response_org_recent_idx",
            ),
            models.Index(
                fields=["person", "instrument_code", "submitted_at"], name="response_trend_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_code} · {self.get_status_display()}"

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None


class PeerCheckKind(models.TextChoices):
    WELLBEING = "wellbeing", _("Wellbeing check-in")
    COMPETENCY = "competency", _("Competency self-assessment")


class PeerCheckPhase(models.TextChoices):
    PERIODIC = "periodic", _("Periodic")
    BEFORE = "before", _("Before training")
    AFTER = "after", _("After training")
    RENEWAL = "renewal", _("At renewal")


class PeerCheck(models.Model):
    """A questionnaire asked of a peer supporter by the peer programme: the periodic
    wellbeing check-in, or the competency self-assessment at a step of their training.
    The answers are an ordinary response to the assignment; this row says why it was
    asked, so that results can go to the peer's supervisor and into cohort reports."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    profile = models.ForeignKey(
        "peers.PeerProfile", on_delete=models.CASCADE, related_name="checks"
    )
    kind = models.CharField(max_length=12, choices=PeerCheckKind.choices)
    phase = models.CharField(max_length=10, choices=PeerCheckPhase.choices)
    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="peer_check"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "kind", "created_at"], name="peer_check_org_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.phase}"
