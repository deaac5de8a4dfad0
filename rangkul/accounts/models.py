import hashlib
import secrets
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rangkul.accounts.roles import Role
from rangkul.accounts.tokens import revoke_tokens_of


class User(AbstractUser):
    """A login. Roles come from memberships in organisations, never from Django groups."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="id"
    )
    # Raised by "sign out everywhere": every login session signed with an older value ends.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # Set when the password is a one-time password printed on a login card: until the
    # user chooses their own, every page and the API lead only to choosing one.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # Set for logins made from the school's records: the privacy notice is shown (after the
    # new password) until the student acknowledges it.
    privacy_notice_due = models.BooleanField(_("privacy notice due"), default=False)
    privacy_notice_acknowledged_at = models.DateTimeField(
        _("privacy notice acknowledged at"), null=True, blank=True
    )
    # When a second factor first became required of this person: the enrolment grace
    # period of their organisation runs from here.
    mfa_required_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django ends a session whose stored hash no longer matches (as after a password
        # change); mixing in the epoch lets Rangkul end every session without one.
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        return salted_hmac(
            "rangkul.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def save(self, *args: object, **kwargs: object) -> None:
        # A new password, however it was set (the password page, a reset, the admin site,
        # `manage.py changepassword`), ends the API tokens made under the old one; the
        # login sessions end by themselves, their hash being made from the old password.
        password_changed = self._password is not None and not self._state.adding  # type: ignore[attr-defined]
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        if password_changed:
            revoke_tokens_of(self, reason="password_changed")

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("School")
    COMMUNITY = "community", _("Community organisation")
    PROVIDER = "provider", _("Service provider")
    AUTHORITY = "authority", _("Authority")


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")


npsn_validator = RegexValidator(r"^[0-9A-Z]{8}$", _("An NPSN has exactly 8 digits or capitals."))
region_code_validator = RegexValidator(
    r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$",
    _("A Kemendagri region code looks like 32, 32.73, 32.73.01 or 32.73.01.1001."),
)


class Organisation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("overseeing authority"),
        limit_choices_to={"kind": OrganisationKind.AUTHORITY},
    )
    npsn = models.CharField(
        _("NPSN"), max_length=8, blank=True, validators=[npsn_validator], db_index=True
    )
    region_code = models.CharField(
        _("region code"), max_length=13, validators=[region_code_validator]
    )
    time_zone = models.CharField(
        _("time zone"), max_length=32, choices=TimeZone.choices, default=TimeZone.WIB
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Phones are shared: calendar entries carry only this title. Empty means "Janji temu".
    calendar_title = models.CharField(
        _("calendar title"),
        max_length=60,
        blank=True,
        help_text=_("The one title of every calendar entry; say nothing about counseling."),
    )
    # Sign-in policy: counselors, coordinators, provider staff and administrators need a
    # second factor (authenticator app or passkey); they may sign in without one for the
    # grace period while they enrol.
    mfa_required = models.BooleanField(_("second factor required for staff"), default=True)
    mfa_grace_days = models.PositiveSmallIntegerField(_("days to enrol a second factor"), default=7)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["npsn"], condition=~models.Q(npsn=""), name="unique_npsn_when_set"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # The organisation's clock: the one home of "which day is it there". Days a person sees
    # or that a rule counts (today's screenings, a session's date, an expiry) are days on
    # this clock, not the server's: a school in Jayapura is two hours ahead of Jakarta.
    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def today(self) -> date:
        return timezone.localdate(timezone=self.zone)

    def local_day(self, moment: datetime) -> date:
        """The day `moment` falls on by this organisation's clock."""
        return moment.astimezone(self.zone).date()

    def neutral_calendar_title(self) -> str:
        return self.calendar_title.strip() or str(pgettext_lazy("calendar title", "Appointment"))

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.kind == OrganisationKind.SCHOOL and not self.npsn:
            errors["npsn"] = _("A school needs its NPSN.")
        if self.parent_id and self.parent_id == self.id:
            errors["parent"] = _("An organisation cannot oversee itself.")
        if self.parent is not None and self.parent.kind != OrganisationKind.AUTHORITY:
            errors["parent"] = _("Only an authority can oversee other organisations.")
        if errors:
            raise ValidationError(errors)


class Membership(models.Model):
    """A user holds a role in an organisation. Granted and removed only via services."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]
        indexes = [models.Index(fields=["organisation", "role"], name="membership_org_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for integrations. Only its hash is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def new_raw_key() -> str:
        return secrets.token_urlsafe(32)

    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Passkey(models.Model):
    """A WebAuthn credential (passkey or security key) used as the second sign-in factor.
    Only its public key is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    credential_id = models.BinaryField(unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"passkey {self.pk}"
