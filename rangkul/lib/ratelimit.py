"""Limits on repeated submissions, counted in Django's cache (shared by every process).

Each limit counts per person first, because a whole school often shares one address,
then per address with a much higher ceiling, which only stops a flood from one place
(several accounts, or attempts at many usernames). Counts are fixed windows: simple,
cheap, one cache key per person and window.

A student's own request for help is never limited (see `cases.services.submit_request`,
which folds duplicates together instead).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.lib.client_ip import current_client_ip


@dataclass(frozen=True)
class Limit:
    per_person: int
    per_address: int
    seconds: int


LIMITS: dict[str, Limit] = {
    # A teacher refers a few students a day; a class after an incident is still < 20.
    "referral": Limit(per_person=20, per_address=300, seconds=3600),
    # A lively conversation is a message every few seconds, not more.
    "message": Limit(per_person=60, per_address=2000, seconds=600),
    "token": Limit(per_person=10, per_address=200, seconds=3600),
    # Per username typed; failed attempts lock out sooner (django-axes).
    "login": Limit(per_person=20, per_address=2000, seconds=900),
    "safety_check": Limit(per_person=60, per_address=2000, seconds=600),
    # The public certificate check: nobody signed in, so the "person" is the address. A
    # reader checks a few certificates; guessing an 80-bit code is hopeless at this pace.
    "certificate_verify": Limit(per_person=30, per_address=30, seconds=600),
}


class RateLimited(Exception):
    """Too many attempts in the window; answered 429 (JSON on the API, a page otherwise)."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(self.message)

    @property
    def message(self) -> str:
        minutes = max(1, (self.retry_after + 59) // 60)
        return _(
            "Too many attempts in a short time. Please wait %(minutes)d minutes and try again."
        ) % {"minutes": minutes}


def _count(key: str, seconds: int) -> int:
    cache = caches["limits"]
    # Counting first and creating the key only when it is missing: on the database cache
    # each operation is several statements, and after the first attempt of a window the
    # key is always there.
    try:
        return cache.incr(key)
    except ValueError:  # the first attempt of the window, or the key just expired
        if cache.add(key, 1, timeout=seconds + 5):
            return 1
    try:
        return cache.incr(key)  # another process created it in between
    except ValueError:
        cache.set(key, 1, timeout=seconds + 5)
        return 1


def hit(name: str, *, person: object, address: str | None = None) -> None:
    """Count one attempt at `name` by `person` (a user id, or a typed username) from the
    current client address; raise RateLimited when either count is over its limit."""
    if not settings.RATE_LIMITS_ENABLED:
        return
    limit = LIMITS[name]
    now = int(timezone.now().timestamp())
    window = now // limit.seconds
    retry_after = (window + 1) * limit.seconds - now
    # A typed username may be anything (long, control characters): the key carries a digest.
    person_digest = hashlib.sha256(str(person).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    person_key = f"rl:{name}:p:{person_digest}:{window}"
    if _count(person_key, limit.seconds) > limit.per_person:
        raise RateLimited(retry_after)
    address = address if address is not None else current_client_ip.get()
    if address:
        address_key = f"rl:{name}:a:{address}:{window}"
        if _count(address_key, limit.seconds) > limit.per_address:
            raise RateLimited(retry_after)
