import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    CONCERN = "concern", _("Concern")
    URGENT = "urgent", _("Urgent")


class AlertSource(models.TextChoices):
    REQUEST = "request", _("Request for help")
    TEACHER_REFERRAL = "teacher_referral", _("Teacher referral")
    MESSAGE = "message", _("Message")
    CONTACT_LOG = "contact_log", _("Contact log")
    PEER_HANDOVER = "peer_handover", _("Peer supporter handover")
    SCREENING = "screening", _("Screening answer")
    STAFF = "staff", _("Raised by staff")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


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
    evidence = models.JSONField(default=dict, blank=True)
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

    class Meta:
        ordering = ["-raised_at"]
        indexes = [
            models.Index(fields=["organisation", "status", "raised_at"], name="alert_queue_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} · {self.get_status_display()}"
