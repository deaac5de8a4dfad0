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


class Relationship(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Older sibling")
    RELATIVE = "relative", _("Other relative")
    LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian (wali)")
    CAREGIVER = "caregiver", _("Caregiver (shelter, foster family)")


class Guardian(models.Model):
    """A parent or guardian of a student or beneficiary. Guardians usually have no login.

    `do_not_contact` marks a guardian who may be the source of harm: staff never contact
    them, whatever `may_contact` says, and the crisis protocol reads it through
    `people.queries.guardian_contact_advice`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="guardians")
    full_name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    may_contact = models.BooleanField(_("may be contacted"), default=True)
    do_not_contact = models.BooleanField(
        _("do not contact: may be the source of harm"), default=False
    )
    do_not_contact_note = models.TextField(_("why not to contact"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(do_not_contact=True, may_contact=True),
                name="guardian_harm_flag_forbids_contact",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def contactable(self) -> bool:
        return self.may_contact and not self.do_not_contact


class InvitationPurpose(models.TextChoices):
    """Why a guardian is invited to a meeting, in words that reveal nothing clinical: the
    letter travels through the child's hands and the family's home."""

    PROGRESS = "progress", _("To talk about your child's learning progress and wellbeing")
    COOPERATION = "cooperation", _("To agree together how school and home can support your child")
    FOLLOW_UP = "follow_up", _("A follow-up meeting on the guidance and counseling services")
    PROGRAMME = "programme", _("To explain a support programme your child takes part in")


class ConsentBasis(models.TextChoices):
    PERSON = "person", _("The person themself")
    GUARDIAN_FORM = "guardian_form", _("A guardian, on a signed paper form")
    GUARDIAN_VERBAL = "guardian_verbal", _("A guardian, verbally, with a witness")
    CHILD_PROTECTION = "child_protection", _("Exception: child protection")
    VITAL_INTEREST = "vital_interest", _("Exception: vital interest")


EXCEPTION_BASES = frozenset({ConsentBasis.CHILD_PROTECTION, ConsentBasis.VITAL_INTEREST})
GUARDIAN_BASES = frozenset({ConsentBasis.GUARDIAN_FORM, ConsentBasis.GUARDIAN_VERBAL})


class ConsentScope(models.TextChoices):
    REFERRAL = "referral", _("Referral to an outside service, sharing the chosen details")
    PROGRAMME = "programme", _("Taking part in a psychosocial programme")
    GUARDIAN_CONTACT = "guardian_contact", _("Contacting guardians about the support")


class ReviewDecision(models.TextChoices):
    UPHELD = "upheld", _("Upheld: the exception was justified")
    OVERTURNED = "overturned", _("Overturned: not justified, sharing stops")


class Consent(models.Model):
    """One consent record: its basis, its scope, and its withdrawal.

    An exception (child protection, vital interest) is chosen by a counselor and takes
    effect at once; the coordinator, or the named safeguarding lead where the coordinator
    is implicated or absent, reviews it within `EXCEPTION_REVIEW_HOURS`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    basis = models.CharField(_("basis"), max_length=20, choices=ConsentBasis.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=ConsentScope.choices)
    scope_detail = models.CharField(_("details of the scope"), max_length=300, blank=True)
    guardian = models.ForeignKey(
        Guardian,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("guardian"),
    )
    form_file = models.FileField(_("scanned form"), upload_to="consent-forms/%Y/%m/", blank=True)
    witness_name = models.CharField(_("witness"), max_length=200, blank=True)
    exception_reason = models.TextField(_("why the exception applies"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("safeguarding lead who reviews"),
    )
    review_due_at = models.DateTimeField(null=True, blank=True)
    review_reminded_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_decision = models.CharField(
        _("review"), max_length=12, choices=ReviewDecision.choices, blank=True
    )
    review_note = models.TextField(_("review note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_effect = models.TextField(_("effect of the withdrawal"), blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["person", "scope"], name="consent_person_scope_idx")]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} · {self.get_scope_display()}"

    @property
    def is_exception(self) -> bool:
        return self.basis in EXCEPTION_BASES

    @property
    def is_active(self) -> bool:
        """Consent a service may rest on: not withdrawn, and not an overturned exception."""
        return self.withdrawn_at is None and self.review_decision != ReviewDecision.OVERTURNED

    @property
    def awaits_review(self) -> bool:
        return self.is_exception and self.reviewed_at is None and self.withdrawn_at is None
