import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Placeholder written over free text and names that erasure or retention removes.
REDACTED = "[dihapus]"


class LegalHold(models.Model):
    """An explicit hold on a person's data (a court order, a police request, an open
    child-protection process outside Rangkul): while open, nothing is exported or erased."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason for the hold"), max_length=1000)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at"]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.placed_at:%Y-%m-%d}"


class Correction(models.Model):
    """One correction of a person's record: which fields changed, from what to what."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    changes = models.JSONField(default=dict)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.at:%Y-%m-%d}"


class ExportFormat(models.TextChoices):
    JSON = "json", "JSON"
    PDF = "pdf", "PDF"


class DataExport(models.Model):
    """The record that an export was made: by whom, when, in which format, and how many
    items were included and left out. The file itself is not kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_format = models.CharField(max_length=4, choices=ExportFormat.choices)
    included = models.PositiveIntegerField(default=0)
    excluded = models.PositiveIntegerField(default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.file_format} · {self.at:%Y-%m-%d}"


class Erasure(models.Model):
    """The record that a person's data was erased: when, by whom, how many rows. The
    person row stays, anonymised, so that counts and the structure of cases hold."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="+")
    counts = models.JSONField(default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.at:%Y-%m-%d}"


def _days(default: int, minimum: int, label: Any) -> models.PositiveIntegerField:  # type: ignore[type-arg]
    return models.PositiveIntegerField(
        label,
        default=default,
        validators=[MinValueValidator(minimum), MaxValueValidator(3650)],
    )


# Defaults and lower bounds, in days; docs/privacy.md explains each.
RETENTION_DEFAULTS = {
    "closed_cases_days": 5 * 365,
    "messages_days": 2 * 365,
    "screening_responses_days": 3 * 365,
    "audit_events_days": 5 * 365,
    "exports_days": 365,
}
RETENTION_MINIMUMS = {
    "closed_cases_days": 365,
    "messages_days": 180,
    "screening_responses_days": 180,
    "audit_events_days": 2 * 365,
    "exports_days": 30,
}


class RetentionPolicy(models.Model):
    """How long the organisation keeps each kind of record before the retention job
    anonymises (or, for audit events and export records, removes) it."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    closed_cases_days = _days(
        RETENTION_DEFAULTS["closed_cases_days"],
        RETENTION_MINIMUMS["closed_cases_days"],
        _("closed cases: notes, goals and the request, days after closing"),
    )
    messages_days = _days(
        RETENTION_DEFAULTS["messages_days"],
        RETENTION_MINIMUMS["messages_days"],
        _("messages of a closed case, days after closing"),
    )
    screening_responses_days = _days(
        RETENTION_DEFAULTS["screening_responses_days"],
        RETENTION_MINIMUMS["screening_responses_days"],
        _("named screening answers, days after submission"),
    )
    audit_events_days = _days(
        RETENTION_DEFAULTS["audit_events_days"],
        RETENTION_MINIMUMS["audit_events_days"],
        _("audit events, days"),
    )
    exports_days = _days(
        RETENTION_DEFAULTS["exports_days"],
        RETENTION_MINIMUMS["exports_days"],
        _("records of data exports, days"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return str(self.organisation_id)


class RetentionRun(models.Model):
    """One run of the retention job for one organisation: what it anonymised or removed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class NoteAccess(models.Model):
    """Break-the-glass: a restricted note opened by someone who is not its author, with
    the reason they gave."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    note = models.ForeignKey("cases.Note", on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), max_length=1000)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.note_id} · {self.at:%Y-%m-%d %H:%M}"
