"""Support requests, cases across tiers, tier changes, messages and notes."""

import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from rangkul.lib.crypto import EncryptedTextField, digest
from rangkul.peers.models import Language


class Domain(models.TextChoices):
    PERSONAL = "personal", _("Personal")
    SOCIAL = "social", _("Social")
    LEARNING = "learning", _("Learning")
    CAREER = "career", _("Career")


class Urgency(models.TextChoices):
    LOW = "low", _("It can wait")
    MEDIUM = "medium", _("Soon, please")
    HIGH = "high", _("Urgent")
    VERY_HIGH = "very_high", _("Very urgent")


URGENCY_RANK = {Urgency.LOW: 0, Urgency.MEDIUM: 1, Urgency.HIGH: 2, Urgency.VERY_HIGH: 3}


class Topic(models.TextChoices):
    """Topics that always go to a counselor, never to a peer."""

    GENERAL = "general", _("None of these")
    VIOLENCE = "violence", _("Violence or bullying that hurts")
    ABUSE = "abuse", _("Abuse (physical, sexual or at home)")
    SELF_HARM = "self_harm", _("Hurting myself or thoughts of dying")


SENSITIVE_TOPICS = frozenset({Topic.VIOLENCE, Topic.ABUSE, Topic.SELF_HARM})


class HelperChoice(models.TextChoices):
    PEER = "peer", _("A peer supporter")
    COUNSELOR = "counselor", _("A counselor")
    EITHER = "either", _("Either is fine")


class GenderPreference(models.TextChoices):
    ANY = "any", _("No preference")
    FEMALE = "female", _("A woman")
    MALE = "male", _("A man")


class Source(models.TextChoices):
    STUDENT = "student", _("Asked by the student")
    TEACHER = "teacher", _("Referred by a teacher")
    SCREENING = "screening", _("From a screening")
    STAFF = "staff", _("Opened by staff")


class SafetyLevel(models.TextChoices):
    NONE = "none", _("None")
    CONCERN = "concern", _("Concern")
    URGENT = "urgent", _("Urgent")


class RequestStatus(models.TextChoices):
    TRIAGE = "triage", _("Waiting for a counselor")
    OFFERED = "offered", _("Offered to a helper")
    ACCEPTED = "accepted", _("Being handled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The only legal moves of a support request; `transition()` refuses anything else. An
# offer may pass from one helper to the next (offered -> offered) after a decline.
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.TRIAGE: frozenset({RequestStatus.OFFERED, RequestStatus.WITHDRAWN}),
    RequestStatus.OFFERED: frozenset(
        {
            RequestStatus.OFFERED,
            RequestStatus.TRIAGE,
            RequestStatus.ACCEPTED,
            RequestStatus.WITHDRAWN,
        }
    ),
    RequestStatus.ACCEPTED: frozenset(),
    RequestStatus.WITHDRAWN: frozenset(),
}


REQUEST_MOVE_REFUSED = gettext_noop("A request that is %(current)s cannot become %(target)s.")


class ReferralStatus(models.TextChoices):
    """What a referring teacher reads about their referral: never more than this."""

    RECEIVED = "received", _("Received")
    BEING_HANDLED = "being_handled", _("Received and being handled")
    CLOSED = "closed", _("Closed")


def transition(
    obj: models.Model,
    to: str,
    table: Mapping[str, frozenset[str]],
    labels: type[models.TextChoices],
    refused: str,
) -> str:
    """Move `obj.status` to `to` when `table` allows it (the caller saves); return the
    previous status. An illegal move is a ValidationError: `refused` (a translatable
    message with %(current)s and %(target)s) with both statuses filled in."""
    current = obj.status  # type: ignore[attr-defined]
    if to not in table.get(current, frozenset()):
        raise ValidationError(
            gettext(refused)
            % {
                "current": labels(current).label,
                "target": labels(to).label if to in labels.values else to,
            }
        )
    obj.status = to  # type: ignore[attr-defined]
    return str(current)


class SupportRequest(models.Model):
    """Someone asks for help ("Saya ingin curhat"), or a teacher refers a student."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="support_requests"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="support_requests"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    domain = models.CharField(_("topic area"), max_length=12, choices=Domain.choices)
    topic = models.CharField(
        _("sensitive topic"), max_length=12, choices=Topic.choices, default=Topic.GENERAL
    )
    text = EncryptedTextField(_("in your own words"), max_length=2000)
    # A keyed hash of the text: a second tap with the same words folds into the first.
    text_digest = models.CharField(max_length=64, blank=True, editable=False)
    urgency = models.CharField(_("how urgent"), max_length=12, choices=Urgency.choices)
    helper_choice = models.CharField(
        _("who you would like to talk to"),
        max_length=12,
        choices=HelperChoice.choices,
        default=HelperChoice.EITHER,
    )
    helper_gender = models.CharField(
        _("helper gender"), max_length=8, choices=GenderPreference.choices, default="any"
    )
    show_name_to_peer = models.BooleanField(_("a peer supporter may see my name"), default=False)
    language = models.CharField(
        _("language to talk in"), max_length=8, choices=Language.choices, default="id"
    )
    avoid_same_class = models.BooleanField(_("not a peer supporter from my class"), default=False)
    pseudonym = models.CharField(max_length=40)
    avoid_helpers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("please not")
    )
    safety_level = models.CharField(
        max_length=8, choices=SafetyLevel.choices, default=SafetyLevel.NONE
    )
    safety_categories = models.JSONField(default=list, blank=True)
    # The safety check's routing decision (rules found nothing and the model is confident
    # the text is ordinary). False for every request that was not checked as such, so an
    # old or unusual request fails safe: counselor triage.
    peer_eligible = models.BooleanField(default=False)
    # A counselor who read a request the detector could not call ordinary (and found nothing
    # in) judged it an everyday topic and handed it to a peer (decision 0044).
    peer_cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=RequestStatus.choices)
    offered_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offered_requests",
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    match_reason = models.JSONField(default=dict, blank=True)
    decline_count = models.PositiveSmallIntegerField(default=0)
    # The client's idempotency key: a second tap on a slow phone finds the first request.
    client_token = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "status", "created_at"], name="request_queue_idx"),
            models.Index(fields=["offered_to", "status"], name="request_offer_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "client_token"],
                condition=~models.Q(client_token=""),
                name="one_request_per_client_token",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pseudonym} ({self.get_status_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text_digest = digest(self.text or "")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "text_digest"}
        super().save(*args, **kwargs)

    @property
    def is_referral(self) -> bool:
        """Made by a teacher about a student: the student is its subject, not its owner."""
        return self.source == Source.TEACHER

    @property
    def goes_to_counselor_only(self) -> bool:
        """Never offered to a teenage peer: the text is not confidently ordinary (and no
        counselor has read it and cleared it), the student marked it urgent, chose a topic
        outside the peer programme, or a teacher referred."""
        return (
            (not self.peer_eligible and self.peer_cleared_by_id is None)
            or self.safety_level in (SafetyLevel.CONCERN, SafetyLevel.URGENT)
            or self.urgency not in (Urgency.LOW, Urgency.MEDIUM)
            or self.topic in SENSITIVE_TOPICS
            or self.source == Source.TEACHER
        )

    @property
    def counselor_may_clear_for_peer(self) -> bool:
        """Held back only because the detector was not confident the text is ordinary: no
        rule or model found risk in it and nothing else keeps it with counselors. A
        counselor who has read it may hand it to a peer (as they may any request the
        detector cleared); concern, urgent, sensitive topics and teacher referrals never
        go."""
        return (
            not self.peer_eligible
            and self.peer_cleared_by_id is None
            and self.safety_level == SafetyLevel.NONE
            and self.urgency in (Urgency.LOW, Urgency.MEDIUM)
            and self.topic not in SENSITIVE_TOPICS
            and self.source != Source.TEACHER
        )


class RequestDecline(models.Model):
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="declines")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"declined by {self.user_id}"


class Tier(models.TextChoices):
    PEER = "peer", _("Peer support")
    COUNSELING = "counseling", _("Counseling")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    SPECIALIST = "specialist", _("Specialist (referred out)")


TIER_ORDER = [Tier.PEER, Tier.COUNSELING, Tier.PSYCHOSOCIAL, Tier.SPECIALIST]


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


# The only legal status moves of a case; `transition()` refuses anything else.
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.ACTIVE, CaseStatus.ON_HOLD, CaseStatus.CLOSED}),
    CaseStatus.ACTIVE: frozenset({CaseStatus.ON_HOLD, CaseStatus.CLOSED}),
    CaseStatus.ON_HOLD: frozenset({CaseStatus.ACTIVE, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.REOPENED}),
    CaseStatus.REOPENED: frozenset({CaseStatus.ACTIVE, CaseStatus.ON_HOLD, CaseStatus.CLOSED}),
}
CASE_MOVE_REFUSED = gettext_noop("A case that is %(current)s cannot become %(target)s.")
OPEN_STATUSES = frozenset(
    {CaseStatus.OPEN, CaseStatus.ACTIVE, CaseStatus.ON_HOLD, CaseStatus.REOPENED}
)


class RiskLevel(models.TextChoices):
    UNKNOWN = "unknown", _("Not assessed")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Outcome(models.TextChoices):
    IMPROVED = "improved", _("Improved")
    UNCHANGED = "unchanged", _("Unchanged")
    REFERRED_ON = "referred_on", _("Referred on")
    WITHDREW = "withdrew", _("Withdrew")
    MOVED_AWAY = "moved_away", _("Moved away")
    OTHER = "other", _("Other")


class Case(models.Model):
    """One episode of care for one person, at a tier."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    request = models.OneToOneField(
        SupportRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="case"
    )
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    domain = models.CharField(_("topic area"), max_length=12, choices=Domain.choices)
    risk_level = models.CharField(
        _("risk level"), max_length=8, choices=RiskLevel.choices, default=RiskLevel.UNKNOWN
    )
    # None while the case waits in the counselor queue (e.g. after a peer's handover).
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_cases",
        verbose_name=_("lead worker"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="team_cases", verbose_name=_("team")
    )
    goals = models.TextField(_("goals"), blank=True, max_length=2000)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True, max_length=2000)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["organisation", "status", "tier"], name="case_org_status_idx"),
            models.Index(fields=["lead", "status"], name="case_lead_idx"),
            # The cases list: an organisation's, newest first.
            models.Index(fields=["organisation", "-opened_at"], name="case_org_opened_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} · {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TierChange(models.Model):
    class Kind(models.TextChoices):
        ESCALATE = "escalate", _("Escalated")
        STEP_DOWN = "step_down", _("Stepped down")
        HANDOVER = "handover", _("Handed to a counselor")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tier_changes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    from_tier = models.CharField(max_length=16, choices=Tier.choices)
    to_tier = models.CharField(max_length=16, choices=Tier.choices)
    reason = models.TextField(_("reason"), max_length=1000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.from_tier} → {self.to_tier}"


class Message(models.Model):
    """The private thread between a person and their helpers inside a case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What the sender was in this case when writing: decides who may read it later.
    sender_role = models.CharField(max_length=16)
    tier = models.CharField(max_length=16, choices=Tier.choices)
    text = EncryptedTextField(max_length=2000)
    safety_level = models.CharField(
        max_length=8, choices=SafetyLevel.choices, default=SafetyLevel.NONE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["case", "created_at"], name="message_thread_idx")]

    def __str__(self) -> str:
        # Never the text: objects end up in logs.
        return f"message {self.pk}"


class Confidentiality(models.TextChoices):
    STANDARD = "standard", _("Standard (case team)")
    RESTRICTED = "restricted", _("Restricted (the author; the coordinator only with a reason)")


class NoteKind(models.TextChoices):
    NOTE = "note", _("Case note")
    CONTACT_LOG = "contact_log", _("Contact log")


class Note(models.Model):
    """A case note (counselors) or a brief contact log (peer supporters)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    activity = models.ForeignKey(
        "activities.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=NoteKind.choices, default=NoteKind.NOTE)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.STANDARD,
    )
    text = EncryptedTextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"
