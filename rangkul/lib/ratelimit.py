"""Limits on repeated submissions, counted where every process sees the same count.

Each limit counts per person first, because a whole school often shares one address,
then per address with a much higher ceiling, which only stops a flood from one place
(several accounts, or attempts at many usernames). Counts are fixed windows: simple,
cheap, one key per person and window.

Where the counts live: with `REDIS_URL` set, in the Redis "limits" cache (one INCR a key);
otherwise in the database table `COUNTS_TABLE`, one `INSERT … ON CONFLICT DO UPDATE …
RETURNING` a key (SQLite ≥ 3.35 and PostgreSQL alike), where Django's database cache took
several statements for each count. The address is counted only when the person is under
their limit, so one person hammering a school's shared address cannot lock the school out.
`prune()` deletes the windows that have ended (a periodic job).

A student's own request for help is never limited (see `cases.services.submit_request`,
which folds duplicates together instead).
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.lib.client_ip import current_client_ip

# The table of counts (its model is `rangkul.system.models.RateCount`, which owns the
# migration; this module sits below every app and names the table only).
COUNTS_TABLE = "rangkul_rate_counts"
# A window's row outlives its end by a little, so a late attempt still finds its count.
_GRACE_SECONDS = 5
# Standard SQL, the same on SQLite (3.35 or later) and PostgreSQL: one statement counts.
# The table's name is the constant above; every value travels as a parameter.
_TABLE = f'"{COUNTS_TABLE}"'
_UPSERT = (
    f'INSERT INTO {_TABLE} ("key", "count", "expires_at") VALUES (%s, 1, %s) '  # noqa: S608
    f'ON CONFLICT ("key") DO UPDATE SET "count" = {_TABLE}."count" + 1 '
    'RETURNING "count"'
)
_PRUNE = f'DELETE FROM {_TABLE} WHERE "expires_at" < %s'  # noqa: S608
_RESET = f"DELETE FROM {_TABLE}"  # noqa: S608


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


def _count_in_cache(key: str, seconds: int) -> int:
    cache = caches["limits"]
    try:
        return cache.incr(key)
    except ValueError:  # the first attempt of the window, or the key just expired
        if cache.add(key, 1, timeout=seconds + _GRACE_SECONDS):
            return 1
    try:
        return cache.incr(key)  # another process created it in between
    except ValueError:
        cache.set(key, 1, timeout=seconds + _GRACE_SECONDS)
        return 1


def _count_in_table(key: str, expires_at: datetime) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key, connection.ops.adapt_datetimefield_value(expires_at)])
        return int(cursor.fetchone()[0])


def _count(key: str, window_end: int, seconds: int) -> int:
    if settings.REDIS_URL:
        return _count_in_cache(key, seconds)
    expires_at = datetime.fromtimestamp(window_end + _GRACE_SECONDS, tz=UTC)
    return _count_in_table(key, expires_at)


def prune() -> int:
    """Delete the counts of windows that have ended; return how many."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_PRUNE, [now])
        return max(cursor.rowcount, 0)


def reset() -> None:
    """Forget every count (tests and load benchmarks start from nothing)."""
    with connection.cursor() as cursor:
        cursor.execute(_RESET)
    if settings.REDIS_URL:
        caches["limits"].clear()


def hit(name: str, *, person: object, address: str | None = None) -> None:
    """Count one attempt at `name` by `person` (a user id, or a typed username) from the
    current client address; raise RateLimited when either count is over its limit."""
    if not settings.RATE_LIMITS_ENABLED:
        return
    limit = LIMITS[name]
    now = int(timezone.now().timestamp())
    window = now // limit.seconds
    window_end = (window + 1) * limit.seconds
    retry_after = window_end - now
    # A typed username may be anything (long, control characters): the key carries a digest.
    person_digest = hashlib.sha256(str(person).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    person_key = f"rl:{name}:p:{person_digest}:{window}"
    if _count(person_key, window_end, limit.seconds) > limit.per_person:
        raise RateLimited(retry_after)
    address = address if address is not None else current_client_ip.get()
    if address:
        address_key = f"rl:{name}:a:{address}:{window}"
        if _count(address_key, window_end, limit.seconds) > limit.per_address:
            raise RateLimited(retry_after)
