"""A school's records as it joins Rangkul and from year to year: the legal basis it relies
on, imports of students and staff, each student's enrolment (NISN, active or archived) and
the academic-year rollovers."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rangkul.lib.dates import SafeDateField


class LegalBasis(models.TextChoices):
    # UU 27/2022, article 20(2): the lawful bases for processing personal data.
    PUBLIC_TASK = (
        "public_task",
        _("A task in the public interest or by law (education and counseling services)"),
    )
    LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation of the school")
    CONSENT = "consent", _("Explicit consent of each student's parent or guardian")
    VITAL_INTEREST = "vital_interest", _("The vital interests of the students")


class NoticeChannel(models.TextChoices):
    LETTER = "letter", _("A printed letter taken home")
    MEETING = "meeting", _("A parents' meeting, with the letter handed out")
    MESSAGE = "message", _("A message to parents (WhatsApp group or SMS) with the letter")


class DataPolicy(models.Model):
    """What the organisation relies on for its students' data, and when it told guardians.
    The first import cannot be applied before this exists."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="data_policy"
    )
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    basis_explanation = models.TextField(
        _("why this basis applies"),
        help_text=_("For example the regulation or the decision of the school it rests on."),
    )
    controller_contact = models.CharField(
        _("whom guardians and students ask about their data"),
        max_length=200,
        help_text=_("A name and a telephone number or e-mail address."),
    )
    notice_channel = models.CharField(
        _("how guardians were told"), max_length=12, choices=NoticeChannel.choices
    )
    notice_sent_on = SafeDateField(_("guardian notice sent on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("data policy")
        verbose_name_plural = _("data policies")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_legal_basis_display()}"


class ImportKind(models.TextChoices):
    STUDENTS = "students", _("Students, classes and guardians")
    STAFF = "staff", _("Staff")


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Previewed")
    APPLIED = "applied", _("Applied")


class Import(models.Model):
    """One uploaded file: checked into rows (the preview), then applied at once or not at
    all. The rows are kept only until the import is applied."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    file_name = models.CharField(_("file"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    # [{"line": 3, "values": {...}, "problems": ["..."]}, ...]; emptied when applied.
    rows = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    skipped_blank = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def can_apply(self) -> bool:
        return (
            self.status == ImportStatus.PREVIEW and self.problem_count == 0 and self.row_count > 0
        )


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Enrolled")
    GRADUATED = "graduated", _("Graduated")
    TRANSFERRED_OUT = "transferred_out", _("Transferred to another school")
    LEFT = "left", _("Left school")


ARCHIVED_STATUSES = frozenset(
    {EnrolmentStatus.GRADUATED, EnrolmentStatus.TRANSFERRED_OUT, EnrolmentStatus.LEFT}
)


class Enrolment(models.Model):
    """A student's place at the school: the NISN and whether they are still here. An
    archived student keeps their Person record and its history; their login is
    deactivated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="enrolment"
    )
    nisn = models.CharField(_("NISN"), max_length=10)
    status = models.CharField(
        _("status"), max_length=16, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    # The class the student was last in when archived (the cohort row itself stays).
    last_cohort_name = models.CharField(_("last class"), max_length=100, blank=True)
    ended_on = SafeDateField(_("ended on"), null=True, blank=True)
    moved_to = models.CharField(_("moved to"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "nisn"], name="unique_nisn_per_org")
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="enrolment_org_status_idx")]

    def __str__(self) -> str:
        return self.nisn


class Rollover(models.Model):
    """One academic year moved to the next: what changed, kept as counts."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    from_year = models.CharField(_("from"), max_length=9)
    to_year = models.CharField(_("to"), max_length=9)
    summary = models.JSONField(default=dict)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("academic-year rollover")
        verbose_name_plural = _("academic-year rollovers")
        ordering = ["-applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "from_year"], name="one_rollover_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_year} → {self.to_year}"
