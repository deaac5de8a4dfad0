"""Passkeys (WebAuthn) as a second factor, on py_webauthn: the browser proves it holds the
private key of a credential registered here; Rangkul keeps only the public key.

The relying party is the site's host name (`WEBAUTHN_RP_ID`, default: the request's host)
and the expected origin the request's own scheme and host. Browsers offer WebAuthn only on
HTTPS or `localhost`.
"""

import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from rangkul.accounts.models import Passkey
from rangkul.audit import services as audit

CHALLENGE_KEY = "rangkul_webauthn_challenge"


def _rp_id(request: HttpRequest) -> str:
    return settings.WEBAUTHN_RP_ID or request.get_host().rsplit(":", 1)[0]


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _descriptors(user: Any) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=bytes(p.credential_id))
        for p in Passkey.objects.filter(user=user)
    ]


def registration_options(request: HttpRequest, user: Any) -> str:
    options = generate_registration_options(
        rp_id=_rp_id(request),
        rp_name=settings.OTP_TOTP_ISSUER,
        user_name=user.username,
        user_id=user.public_id.bytes,
        user_display_name=user.display_name(),
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    request.session[CHALLENGE_KEY] = options.challenge.hex()
    return options_to_json(options)


def _challenge(request: HttpRequest) -> bytes | None:
    raw = request.session.pop(CHALLENGE_KEY, None)
    return bytes.fromhex(raw) if raw else None


@transaction.atomic
def register(request: HttpRequest, user: Any, credential: str) -> Passkey | None:
    challenge = _challenge(request)
    if challenge is None:
        return None
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=_rp_id(request),
            expected_origin=_origin(request),
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        audit.record(user, "auth.mfa_enrol_failed", user, data={"factor": "passkey"})
        return None
    passkey = Passkey.objects.create(
        user=user,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    audit.record(user, "auth.mfa_enrolled", user, data={"factor": "passkey", "device": passkey.pk})
    return passkey


def authentication_options(request: HttpRequest, user: Any) -> str:
    options = generate_authentication_options(
        rp_id=_rp_id(request), allow_credentials=_descriptors(user)
    )
    request.session[CHALLENGE_KEY] = options.challenge.hex()
    return options_to_json(options)


@transaction.atomic
def authenticate(request: HttpRequest, user: Any, credential: str) -> bool:
    """Check a signed assertion from one of the person's passkeys."""
    challenge = _challenge(request)
    try:
        raw_id = base64url_to_bytes(json.loads(credential)["rawId"])
    except (ValueError, KeyError, TypeError):
        return False
    passkey = Passkey.objects.select_for_update().filter(user=user, credential_id=raw_id).first()
    if challenge is None or passkey is None:
        return False
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=_rp_id(request),
            expected_origin=_origin(request),
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        return False
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = timezone.now()
    passkey.save(update_fields=["sign_count", "last_used_at"])
    return True
