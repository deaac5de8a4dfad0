"""The service directory: providers that counselors and field workers refer people to."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderKind(models.TextChoices):
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    PUSKESMAS = "puskesmas", _("Puskesmas (community health centre)")
    HOSPITAL = "hospital", _("Hospital")
    UPTD_PPA = "uptd_ppa", _("UPTD PPA (women and child protection unit)")
    NGO = "ngo", _("Non-governmental organisation")
    HOTLINE = "hotline", _("Hotline")


class ServiceKind(models.TextChoices):
    COUNSELING = "counseling", _("Counseling")
    PSYCHOLOGICAL_ASSESSMENT = "assessment", _("Psychological assessment")
    PSYCHOTHERAPY = "psychotherapy", _("Psychotherapy")
    PSYCHIATRIC_CARE = "psychiatric_care", _("Psychiatric care and medication")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    VIOLENCE_SUPPORT = "violence_support", _("Support after violence")
    LEGAL_AID = "legal_aid", _("Legal aid")
    SHELTER = "shelter", _("Safe house")
    CASE_MANAGEMENT = "case_management", _("Social case management")
    CRISIS_LINE = "crisis_line", _("Crisis line")
    SUBSTANCE_USE = "substance_use", _("Substance use")


class AgeGroup(models.TextChoices):
    CHILDREN = "children", _("Children (under 13)")
    ADOLESCENTS = "adolescents", _("Adolescents (13–17)")
    ADULTS = "adults", _("Adults (18 and over)")


AGE_RANGES: dict[str, tuple[int, int]] = {
    AgeGroup.CHILDREN: (0, 12),
    AgeGroup.ADOLESCENTS: (13, 17),
    AgeGroup.ADULTS: (18, 120),
}


def age_group_of(age: int) -> str:
    for group, (low, high) in AGE_RANGES.items():
        if low <= age <= high:
            return group
    return AgeGroup.ADULTS


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    BPJS = "bpjs", _("Covered by BPJS Kesehatan")
    PAID = "paid", _("Paid")


class Channel(models.TextChoices):
    IN_RANGKUL = "in_rangkul", _("In Rangkul (the provider has accounts)")
    LETTER_OR_PHONE = "letter_or_phone", _("By letter or phone")


class Provider(models.Model):
    """One entry of the directory: a provider and the services it offers.

    List fields are stored as codes between commas (",a,b,") so that "offers service X"
    is one `icontains` on SQLite and PostgreSQL alike."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The organisation that keeps this entry.",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ProviderKind.choices)
    description = models.TextField(_("description"), blank=True)
    services = models.CharField(_("services"), max_length=300)
    age_groups = models.CharField(_("age groups"), max_length=60)
    regions = models.CharField(_("regions served (Kemendagri codes)"), max_length=500, blank=True)
    languages = models.CharField(_("languages"), max_length=100, default=",id,")
    costs = models.CharField(_("cost"), max_length=30)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity_per_month = models.PositiveIntegerField(
        _("new referrals taken per month"), null=True, blank=True
    )
    channel = models.CharField(
        _("takes referrals"),
        max_length=16,
        choices=Channel.choices,
        default=Channel.LETTER_OR_PHONE,
    )
    provider_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directory_entries",
        verbose_name=_("provider organisation in Rangkul"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(channel="in_rangkul", provider_organisation__isnull=True),
                name="provider_in_rangkul_has_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def codes(value: str) -> list[str]:
        return [c for c in (value or "").split(",") if c]

    @staticmethod
    def join(codes: list[str]) -> str:
        return "," + ",".join(codes) + "," if codes else ""

    def _labels(self, field: str, choices: type[models.TextChoices]) -> list[str]:
        labels = dict(choices.choices)
        return [str(labels.get(c, c)) for c in self.codes(getattr(self, field))]

    @property
    def service_labels(self) -> list[str]:
        return self._labels("services", ServiceKind)

    @property
    def age_group_labels(self) -> list[str]:
        return self._labels("age_groups", AgeGroup)

    @property
    def cost_labels(self) -> list[str]:
        return self._labels("costs", Cost)

    @property
    def region_list(self) -> list[str]:
        return self.codes(self.regions)

    @property
    def language_list(self) -> list[str]:
        return self.codes(self.languages)
