"""Second factors for signing in: an authenticator app (TOTP) and recovery codes.

Devices are django-otp's (`TOTPDevice`, `StaticDevice`): they bring the RFC 6238 check
with one step of clock drift, refusal of a code already used, and throttling of wrong
codes. Recovery codes are kept only as keyed hashes. Every change is audited; a code is
never logged.
"""

import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rangkul.accounts import permissions
from rangkul.accounts.models import Organisation, Passkey, User
from rangkul.accounts.roles import Role
from rangkul.audit import services as audit

# Roles whose members need a second factor when their organisation's policy says so.
MFA_ROLES = frozenset({Role.COUNSELOR, Role.COORDINATOR, Role.PROVIDER, Role.ADMIN})
RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


# --- Policy ----------------------------------------------------------------------------------


def _requiring_orgs(user: Any) -> list[Organisation]:
    # The organisations were read with the memberships (once per request): no query here.
    orgs = permissions.member_organisations(user)
    return [
        orgs[org_id]
        for org_id, roles in permissions.roles_by_org(user).items()
        if roles & MFA_ROLES and orgs[org_id].mfa_required
    ]


def is_required(user: Any) -> bool:
    """Whether one of the person's organisations requires a second factor of them."""
    return bool(_requiring_orgs(user))


def enrolment_deadline(user: Any) -> Any:
    """When the grace period ends (None: nothing is required). Starts on first sight."""
    orgs = _requiring_orgs(user)
    if not orgs:
        return None
    if user.mfa_required_since is None:
        user.mfa_required_since = timezone.now()
        User.objects.filter(pk=user.pk).update(mfa_required_since=user.mfa_required_since)
    return user.mfa_required_since + timedelta(days=min(o.mfa_grace_days for o in orgs))


def must_enrol_now(user: Any, *, known_without_factor: bool = False) -> bool:
    """Required, without a factor, and past the grace period (`known_without_factor`: the
    caller has just checked that there is no factor)."""
    if not known_without_factor and has_factor(user):
        return False
    deadline = enrolment_deadline(user)
    return deadline is not None and timezone.now() >= deadline


# --- Factors ---------------------------------------------------------------------------------


def totp_devices(user: Any) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id"))


def recovery_device(user: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


def has_factor(user: Any) -> bool:
    """A person with an authenticator app or a passkey signs in with it (recovery codes
    alone are not a factor: they exist to get back in when the others are lost)."""
    # One query: a staff session that has not passed the second step asks it on every
    # request (accounts/middleware.py).
    app = TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)
    key = Passkey.objects.filter(user_id=OuterRef("pk"))
    return User.objects.filter(Q(Exists(app)) | Q(Exists(key)), pk=user.pk).exists()


def passkeys(user: Any) -> list[Passkey]:
    return list(Passkey.objects.filter(user=user).order_by("created_at"))


def new_totp_key() -> str:
    return secrets.token_hex(20)


def totp_uri(user: Any, key_hex: str) -> str:
    secret = b32(key_hex)
    issuer = settings.OTP_TOTP_ISSUER
    label = quote(f"{issuer}:{user.username}")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}&digits=6&period=30"


def b32(key_hex: str) -> str:
    import base64

    return base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG: drawn here, no outside service sees the secret."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, omitsize=True)


def _clean_code(code: str) -> str:
    return "".join(ch for ch in str(code).lower() if ch.isalnum())[:20]


def _hash_recovery(code: str) -> str:
    return salted_hmac("rangkul.accounts.mfa.recovery", _clean_code(code)).hexdigest()[:16]


def _totp_matches(key_hex: str, code: str) -> int | None:
    """The time step a code belongs to (one step of drift either way), or None."""
    code = _clean_code(code)
    if not code.isdigit() or len(code) != 6:
        return None
    totp = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6, drift=0)
    for drift in (0, -1, 1):
        totp.drift = drift
        if totp.token() == int(code):
            return totp.t()
    return None


@transaction.atomic
def confirm_totp(*, user: Any, key_hex: str, code: str) -> TOTPDevice | None:
    """Save an authenticator app once the person typed a code it made."""
    step = _totp_matches(key_hex, code)
    if step is None:
        audit.record(user, "auth.mfa_enrol_failed", user, data={"factor": "totp"})
        return None
    device = TOTPDevice.objects.create(
        user=user, name="authenticator", key=key_hex, confirmed=True, last_t=step
    )
    audit.record(user, "auth.mfa_enrolled", user, data={"factor": "totp", "device": device.pk})
    return device


@transaction.atomic
def issue_recovery_codes(*, user: Any) -> list[str]:
    """New recovery codes, shown once; any older ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = []
    for _n in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _c in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=_hash_recovery(c)) for c in codes]
    )
    audit.record(user, "auth.recovery_codes_issued", user, data={"count": len(codes)})
    return codes


def verify(user: Any, code: str, *, recovery: bool = False) -> bool:
    """Check a code from the authenticator app, or (`recovery`) a recovery code, which is
    used up. Wrong codes count towards the device's throttling."""
    if recovery:
        device = recovery_device(user)
        if device is None or not device.verify_is_allowed()[0]:
            return False
        ok = bool(device.verify_token(_hash_recovery(code)))
        if ok:
            left = device.token_set.count()
            audit.record(user, "auth.recovery_code_used", user, data={"left": left})
        return ok
    code = _clean_code(code)
    for device in totp_devices(user):
        if device.verify_is_allowed()[0] and device.verify_token(code):
            return True
    return False


def verify_any(user: Any, code: str) -> bool:
    """A six-digit code is the app's; anything longer is a recovery code."""
    cleaned = _clean_code(code)
    return verify(user, cleaned, recovery=not (cleaned.isdigit() and len(cleaned) == 6))


@transaction.atomic
def remove_factor(*, by: Any, device_id: int, kind: str) -> None:
    model: Any = {"totp": TOTPDevice, "recovery": StaticDevice, "passkey": Passkey}[kind]
    device = model.objects.select_for_update().get(pk=device_id, user=by)
    device.delete()
    audit.record(by, "auth.mfa_removed", by, data={"factor": kind, "device": device_id})
