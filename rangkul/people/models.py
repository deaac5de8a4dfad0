import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rangkul.lib.dates import SafeDateField


class Cohort(models.Model):
    """A class or group of students (rombel), or a group of beneficiaries."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="cohorts"
    )
    name = models.CharField(_("name"), max_length=100)
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    academic_year = models.CharField(_("academic year"), max_length=9, blank=True)
    homeroom_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="homeroom_cohorts",
        verbose_name=_("homeroom teacher"),
    )
    counselors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="counseled_cohorts",
        verbose_name=_("counselors"),
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "academic_year", "name"], name="unique_cohort_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNSPECIFIED = "unspecified", _("Not stated")


class Person(models.Model):
    """A counselee or beneficiary (konseli / penerima manfaat). Not every person logs in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="people"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person_records",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.UNSPECIFIED
    )
    birth_date = SafeDateField(_("date of birth"), null=True, blank=True)
    cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("cohort"),
    )
    # How to reach the person in a crisis, if recorded (the school's own records).
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(user__isnull=False),
                name="one_person_per_user_per_org",
            )
        ]
        indexes = [models.Index(fields=["organisation", "full_name"], name="person_org_name_idx")]

    def __str__(self) -> str:
        return self.full_name
