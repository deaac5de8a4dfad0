"""Rate limits of the public form and the receipt look-up, kept in the database so that
every app process behind a load balancer counts the same attempts."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from rangkul.violence.models import SubmissionAttempt

# Per address and hour: enough for a family sharing one phone, too few to flood a school
# or to guess receipt codes.
LIMITS: dict[str, int] = {"report": 5, "receipt": 20}
WINDOW = timedelta(hours=1)


def _key(address: str) -> str:
    # Keyed, so the stored value cannot be turned back into an address by trying them all.
    return hmac.new(
        settings.SECRET_KEY.encode(), (address or "-").encode(), hashlib.sha256
    ).hexdigest()


def allow(address: str, action: str) -> bool:
    """Count one attempt; False when the address has used up its attempts this hour."""
    now = timezone.now()
    key = _key(address)
    recent = SubmissionAttempt.objects.filter(key=key, action=action, at__gte=now - WINDOW)
    if recent.count() >= LIMITS[action]:
        return False
    SubmissionAttempt.objects.create(key=key, action=action)
    return True


def prune() -> int:
    """Forget attempts older than the window (periodic)."""
    cutoff = timezone.now() - WINDOW
    deleted, _ = SubmissionAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted
