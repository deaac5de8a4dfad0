"""Indicators as data, and exports kept in Django's storage for a week."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

EXPORT_DAYS = 7


class Indicator(models.Model):
    """A figure a funder or ministry asks for, in its own words: a name and a definition,
    and `computation`, the key of the registry entry (rangkul/reports/indicators.py) that
    computes it. A programme renames or redefines an indicator without touching code."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), max_length=2000)
    computation = models.CharField(_("how it is computed"), max_length=60)
    source = models.CharField(_("framework or source"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook")
    CSV = "csv", _("CSV")


class ExportStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def export_path(instance: "Export", filename: str) -> str:
    # The organisation and a random name: nothing about the content in the path.
    return f"exports/{instance.organisation_id}/{instance.id}.{instance.file_format}"


class Export(models.Model):
    """One table written to a file by the worker, downloadable by the person who asked
    for it until it expires."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    table = models.CharField(max_length=40)
    file_format = models.CharField(max_length=4, choices=ExportFormat.choices)
    identifiable = models.BooleanField(default=False)
    # The filters of the page the table came from (period, tier), to build it again.
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=8, choices=ExportStatus.choices, default=ExportStatus.WAITING
    )
    # Rows written so far, of `total_rows` (0 while unknown).
    progress = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=export_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requested_by", "created_at"], name="export_owner_idx"),
            models.Index(fields=["expires_at"], name="export_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.table}.{self.file_format} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, self.progress * 100 // self.total_rows)


class ScoreSeries(models.Model):
    """Rollup: the first and the last score of one person on one instrument in one school
    semester (July-December, January-June), kept up to date by a periodic job from new
    responses (`rollups.refresh_score_series`). Semester reports read this table instead of
    every response."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    instrument_code = models.CharField(max_length=40)
    semester_start = models.DateField()
    first_score = models.FloatField()
    first_at = models.DateTimeField()
    last_score = models.FloatField()
    last_at = models.DateTimeField()
    responses = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "instrument_code", "semester_start"], name="one_series_each"
            )
        ]
        indexes = [
            models.Index(
                fields=["organisation", "semester_start", "responses"], name="series_org_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_code} {self.semester_start}"


class ScoreChange(models.Model):
    """Rollup of ScoreSeries: how many people of an organisation went from one first score
    to one last score on an instrument in a semester (series of at least two responses).
    Scores take few values, so a school has a few hundred rows a semester where ScoreSeries
    has one per student and instrument; the change figures of a whole semester are computed
    from these counts. Kept up to date by the same job as ScoreSeries."""

    # Indexed by the unique constraint, which begins with it.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    semester_start = models.DateField()
    instrument_code = models.CharField(max_length=40)
    first_score = models.FloatField()
    last_score = models.FloatField()
    people = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "organisation", "semester_start", "instrument_code", "first_score",
                    "last_score",
                ],
                name="one_score_change_each",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.instrument_code} {self.first_score}->{self.last_score}: {self.people}"


class RollupMark(models.Model):
    """How far a rollup has read its source: rows up to `through` are in it."""

    key = models.CharField(max_length=40, unique=True)
    through = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key} through {self.through}"


class ActivityDay(models.Model):
    """Rollup: how many activities of one kind an organisation did on one local day.
    Programme and district reports count the activities of a period from these rows
    instead of the activities themselves. Kept up to date by the periodic job
    (`rollups.refresh_activity_days`), which counts again each day that a new or newly
    completed activity falls on."""

    # Indexed by the unique constraint, which begins with it.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    kind = models.CharField(max_length=24)
    activities = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "day", "kind"], name="one_activity_day_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}: {self.activities}"
