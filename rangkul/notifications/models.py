import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What happened. The in-app text comes from here; nothing else is stored."""

    ROLE_GRANTED = "role_granted", _("A role was granted in your organisation.")
    ROLE_REVOKED = "role_revoked", _("A role was removed in your organisation.")
    ALERT_RAISED = "alert_raised", _("A safety alert needs attention.")
    REQUEST_OFFERED = "request_offered", _("A request for help was offered to you.")
    REQUEST_IN_TRIAGE = "request_in_triage", _("A request for help is waiting in triage.")
    CASE_ASSIGNED = "case_assigned", _("A case was assigned to you.")
    CASE_HANDED_OVER = "case_handed_over", _("A peer supporter handed a case to counselors.")
    CASE_TAKEN_OVER = "case_taken_over", _("A case you supported was handed to a counselor.")
    HANDOVER_ADVISED = "handover_advised", _("A conversation you support may need a counselor.")
    PEER_CASE_FLAGGED = "peer_case_flagged", _("A peer case you supervise needs a look.")
    NEW_MESSAGE = "new_message", _("You have a new message.")
    APPOINTMENT_BOOKED = "appointment_booked", _("An appointment was booked.")
    APPOINTMENT_REMINDER = "appointment_reminder", _("You have an appointment soon.")
    REQUEST_UPDATE = "request_update", _("There is news about your request.")
    PEER_CERTIFICATE_EXPIRING = (
        "peer_certificate_expiring",
        _("A peer supporter certificate expires soon."),
    )
    CONSENT_REVIEW = "consent_review", _("A consent exception waits for your review.")
    REFERRAL_RECEIVED = "referral_received", _("A referral was sent to your organisation.")
    REFERRAL_UPDATE = "referral_update", _("A provider answered a referral.")
    REFERRAL_OVERDUE = "referral_overdue", _("A referral waits for its next step.")
    VIOLENCE_REPORT = "violence_report", _("A report of violence is waiting for the team.")
    VIOLENCE_STEP_DUE = "violence_step_due", _("A step of a violence matter is due soon.")
    VIOLENCE_STEP_OVERDUE = "violence_step_overdue", _("A step of a violence matter is overdue.")
    NOTE_OPENED = "note_opened", _("A restricted note you wrote was opened, with a reason.")
    PEER_CHECK_WAITING = "peer_check_waiting", _("A short check-in is waiting for you.")
    PEER_WELLBEING_FLAGGED = (
        "peer_wellbeing_flagged",
        _("A peer supporter you supervise may need support."),
    )


class Notification(models.Model):
    """An in-app notice. It carries a kind and a link, never names, topics or text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"], name="notif_inbox_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One attempt series to deliver a notification through an outside channel, or a text
    message to a phone number (an urgent alert that must reach a person at night): then
    `notification` is empty and `to` and `organisation` say where and for whom."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    to = models.CharField(max_length=30, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(max_length=16)
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.status}"
