"""The peer supporter programme: profiles and their lifecycle, nominations and selection."""

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rangkul.people.models import Gender


class PeerStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    SELECTED = "selected", _("Selected")
    IN_TRAINING = "in_training", _("In training")
    CERTIFIED = "certified", _("Certified")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    SUSPENDED = "suspended", _("Suspended")
    ALUMNI = "alumni", _("Alumni")


S = PeerStatus

# The only legal moves of a peer supporter; `transition()` refuses anything else. Anyone may
# leave the programme (alumni); a former peer may be nominated again (candidate). A
# certified peer who needs renewal goes back through training.
PEER_TRANSITIONS: dict[str, frozenset[str]] = {
    S.CANDIDATE: frozenset({S.SELECTED, S.ALUMNI}),
    S.SELECTED: frozenset({S.IN_TRAINING, S.ALUMNI}),
    S.IN_TRAINING: frozenset({S.CERTIFIED, S.SELECTED, S.ALUMNI}),
    S.CERTIFIED: frozenset({S.ACTIVE, S.IN_TRAINING, S.ALUMNI}),
    S.ACTIVE: frozenset({S.PAUSED, S.SUSPENDED, S.IN_TRAINING, S.CERTIFIED, S.ALUMNI}),
    S.PAUSED: frozenset({S.ACTIVE, S.SUSPENDED, S.ALUMNI}),
    S.SUSPENDED: frozenset({S.ACTIVE, S.ALUMNI}),
    S.ALUMNI: frozenset({S.CANDIDATE}),
}

# Moving into these needs a certificate that has not expired.
NEEDS_CERTIFICATE = frozenset({S.CERTIFIED, S.ACTIVE})


class Language(models.TextChoices):
    """Languages a peer can listen in (the student's preferred language is one of the
    interface languages; regional languages are listed for the profile)."""

    INDONESIAN = "id", _("Indonesian")
    ENGLISH = "en", _("English")
    JAVANESE = "jv", _("Javanese")
    SUNDANESE = "su", _("Sundanese")
    MADURESE = "mad", _("Madurese")
    MINANGKABAU = "min", _("Minangkabau")
    BALINESE = "ban", _("Balinese")
    BUGINESE = "bug", _("Buginese")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class PeerProfile(models.Model):
    """A peer supporter in one organisation: where they are in the programme and what
    matching needs to know about them. Created when the peer supporter role is granted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="peer_profiles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_profiles"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PeerStatus.choices, default=PeerStatus.CANDIDATE
    )
    certified_until = models.DateField(_("certified until"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.UNSPECIFIED
    )
    max_open_cases = models.PositiveSmallIntegerField(
        _("most open cases at once"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    # Codes of `Language`, the first one is the language the peer is most at ease in.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # Codes of the request topic areas the peer is trained for (personal, social, ...).
    topics = models.JSONField(_("trained topics"), default=list, blank=True)
    # [{"weekday": 0-6, "start": "HH:MM", "end": "HH:MM"}] in the organisation's time zone;
    # an empty list means any time.
    availability = models.JSONField(_("availability windows"), default=list, blank=True)
    # The expiry date a reminder was last sent for (so each date is reminded once).
    expiry_reminded_for = models.DateField(null=True, blank=True, editable=False)
    # The counselor who supervises this peer (debriefs, wellbeing results). Empty: the
    # organisation's coordinators supervise (see `services.supervisors_of`).
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_peers",
        verbose_name=_("supervisor"),
    )
    # The day of the last supervision session this peer was at (kept by the supervision
    # service of the activities app, which sits above this one).
    last_supervised_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_peer_profile")
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="peer_status_idx")]

    def __str__(self) -> str:
        return str(self.user)

    def certificate_valid_on(self, day: date) -> bool:
        return self.certified_until is not None and self.certified_until >= day

    def is_matchable_on(self, day: date) -> bool:
        """Only certified, active, unexpired peers are matched to requests."""
        return self.status == PeerStatus.ACTIVE and self.certificate_valid_on(day)


def check_transition(profile: PeerProfile, target: str, *, today: date) -> None:
    """Refuse a move the table does not allow, or one that needs a valid certificate."""
    if target not in PeerStatus.values:
        raise ValidationError(gettext("Unknown status."))
    if target not in PEER_TRANSITIONS[profile.status]:
        raise ValidationError(
            gettext("A peer supporter cannot move from “%(from)s” to “%(to)s”.")
            % {"from": PeerStatus(profile.status).label, "to": PeerStatus(target).label}
        )
    if target in NEEDS_CERTIFICATE and not profile.certificate_valid_on(today):
        raise ValidationError(
            gettext("This needs a certificate that has not expired; record it first.")
        )


class PeerStatusChange(models.Model):
    """One step in a peer's lifecycle: who moved them, why and when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    profile = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=PeerStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=PeerStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


class ProgrammePolicy(models.Model):
    """An organisation's rules for its peer programme."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="peer_policy",
    )
    # In community organisations an adult peer is never matched with a child unless this
    # is allowed (schools match students with students).
    allow_adult_with_child = models.BooleanField(
        _("adult peers may support children"), default=False
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("days before expiry to remind"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    supervision_weeks = models.PositiveSmallIntegerField(
        _("weeks a peer may go without supervision"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"peer policy {self.organisation_id}"


class NominationStatus(models.TextChoices):
    OPEN = "open", _("Waiting for selection")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class Nomination(models.Model):
    """A teacher, counselor or peer proposes a student for the programme."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="peer_nominations"
    )
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_nominations"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    why = models.CharField(_("why this student"), max_length=500)
    status = models.CharField(
        max_length=12, choices=NominationStatus.choices, default=NominationStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"nomination {self.pk}"


class Decision(models.TextChoices):
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


RUBRIC = ("empathy", "reliability", "discretion", "motivation")


def _score_field(label: Any) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class SelectionRecord(models.Model):
    """The selection of one nominee: a 1-5 score per rubric criterion and the decision."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="selection"
    )
    empathy = _score_field(_("empathy"))
    reliability = _score_field(_("reliability"))
    discretion = _score_field(_("discretion"))
    motivation = _score_field(_("motivation"))
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"selection {self.pk}: {self.decision}"

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in RUBRIC)


def case_reference(case_id: uuid.UUID | str) -> str:
    """How a case is named where no clinical detail may show (supervision with peers):
    a short code of its id, never the person's name or any content."""
    return "K-" + str(case_id).replace("-", "")[:8].upper()


class DebriefPrompt(models.Model):
    """A case a peer supported was escalated to counselors: the peer's supervisor is asked
    to talk it through with them until a supervision session records it as discussed.

    The case is held by id and reference only: this app sits below `cases`, and the
    prompt carries no clinical detail."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="peer_debriefs"
    )
    profile = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="debriefs")
    case_id = models.UUIDField()
    reference = models.CharField(max_length=12)
    raised_at = models.DateTimeField(auto_now_add=True)
    discussed_at = models.DateTimeField(null=True, blank=True)
    # The supervision activity that discussed it (held by id, for the same reason).
    discussed_in = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "case_id"],
                condition=models.Q(discussed_at__isnull=True),
                name="one_open_debrief_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"debrief {self.reference}"
