"""Psychosocial programmes of a community organisation, their beneficiaries and the
details of psychological first aid (PFA) contacts.

A beneficiary is a `people.Person` of the organisation; what the field records about them
for one programme (household, location, vulnerabilities, the consent it rests on) lives on
`Beneficiary`, one row per person and programme, so `Person` stays the same for schools."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    CHILDREN = "children", _("Children")
    ADOLESCENTS = "adolescents", _("Adolescents")
    ADULTS = "adults", _("Adults")
    OLDER_PEOPLE = "older_people", _("Older people")
    FAMILIES = "families", _("Families")
    PEOPLE_WITH_DISABILITIES = "people_with_disabilities", _("People with disabilities")
    WOMEN = "women", _("Women")


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Running")
    CLOSED = "closed", _("Closed")


# The only legal status moves; services.transition() refuses anything else.
PROGRAMME_TRANSITIONS: dict[str, frozenset[str]] = {
    ProgrammeStatus.PLANNED: frozenset({ProgrammeStatus.ACTIVE, ProgrammeStatus.CLOSED}),
    ProgrammeStatus.ACTIVE: frozenset({ProgrammeStatus.CLOSED}),
    ProgrammeStatus.CLOSED: frozenset({ProgrammeStatus.ACTIVE}),
}


class Vulnerability(models.TextChoices):
    DISPLACED = "displaced", _("Displaced")
    BEREAVED = "bereaved", _("Lost a family member")
    DISABILITY = "disability", _("Disability")
    UNACCOMPANIED_CHILD = "unaccompanied_child", _("Unaccompanied or separated child")
    PREGNANT_LACTATING = "pregnant_lactating", _("Pregnant or breastfeeding")
    OLDER_PERSON = "older_person", _("Older person")
    OTHER = "other", _("Other")


class Need(models.TextChoices):
    BASIC_NEEDS = "basic_needs", _("Basic needs (food, water, shelter)")
    SAFETY = "safety", _("Safety")
    HEALTH = "health", _("Health")
    DISTRESS = "distress", _("Psychological distress")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    INFORMATION = "information", _("Information")
    OTHER = "other", _("Other")


def codes(text: str) -> list[str]:
    """Codes stored as ',a,b,' (so one code is found with `contains=',a,'`)."""
    return [c for c in (text or "").split(",") if c]


def joined(values: list[str]) -> str:
    return f",{','.join(values)}," if values else ""


class Programme(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    target_groups = models.CharField(_("target groups"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("location")
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="psychosocial_programmes",
        verbose_name=_("field workers"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.PLANNED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("psychosocial programme")
        verbose_name_plural = _("psychosocial programmes")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_psychosocial_programme_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def target_group_list(self) -> list[str]:
        return codes(self.target_groups)

    @property
    def target_group_labels(self) -> list[str]:
        return [str(TargetGroup(c).label) for c in self.target_group_list if c in TargetGroup]


class Beneficiary(models.Model):
    """A person registered in one programme (penerima manfaat)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="beneficiaries")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="beneficiary_records"
    )
    household = models.CharField(_("household"), max_length=60, blank=True)
    is_household_head = models.BooleanField(_("head of the household"), default=False)
    # Age as told, when the birth date is not known; with the day it was told.
    stated_age = models.PositiveSmallIntegerField(_("age (years)"), null=True, blank=True)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("location")
    )
    vulnerabilities = models.CharField(_("vulnerabilities"), max_length=200, blank=True)
    vulnerability_other = models.CharField(_("other vulnerability"), max_length=200, blank=True)
    consent = models.ForeignKey(
        "people.Consent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    # The idempotency key the registering page generated (rangkul.lib.idempotency).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["-registered_at"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "person"], name="one_beneficiary_row"),
            models.UniqueConstraint(
                fields=["organisation", "client_key"], name="beneficiary_client_key_once"
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "registered_at"], name="beneficiary_programme_idx")
        ]

    def __str__(self) -> str:
        return str(self.person_id)

    @property
    def vulnerability_list(self) -> list[str]:
        return codes(self.vulnerabilities)

    @property
    def vulnerability_labels(self) -> list[str]:
        return [str(Vulnerability(c).label) for c in self.vulnerability_list if c in Vulnerability]

    def age_on(self, day: date) -> int | None:
        birth = self.person.birth_date
        if birth is not None:
            return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
        if self.stated_age is not None:
            return self.stated_age + max(0, day.year - self.registered_at.year)
        return None


class PfaContact(models.Model):
    """The PFA details (look, listen, link) of one Activity of kind `pfa_contact`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.CASCADE, related_name="pfa"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pfa_contacts")
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="pfa_contacts"
    )
    needs = models.CharField(_("needs identified"), max_length=200, blank=True)
    needs_other = models.CharField(_("other need"), max_length=200, blank=True)
    information_given = models.TextField(_("information given"), blank=True, max_length=2000)
    services_linked = models.ManyToManyField(
        "referrals.Provider", blank=True, related_name="+", verbose_name=_("services linked")
    )
    client_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("PFA contact")
        verbose_name_plural = _("PFA contacts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "client_key"], name="pfa_client_key_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.activity_id)

    @property
    def need_list(self) -> list[str]:
        return codes(self.needs)

    @property
    def need_labels(self) -> list[str]:
        return [str(Need(c).label) for c in self.need_list if c in Need]


class BeneficiaryImport(models.Model):
    """A checked CSV of beneficiaries: its rows, its problems, and whether it was applied."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(max_length=200, blank=True)
    rows = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
