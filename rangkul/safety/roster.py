"""Duty time: who is on duty when, gaps in the coming week, and what a student is told
about when a person will respond. Reads only; writes are in services.

Shifts are stored in UTC and meant in the organisation's time zone: a shift at a school in
Jayapura from 08:00 to 14:00 WIT is 23:00 to 05:00 UTC. Duty hours (the times the roster
is expected to cover) are wall-clock times in that zone, on the organisation's duty days.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from rangkul.accounts.models import Membership, Organisation, User
from rangkul.lib.dates import check_day
from rangkul.lib.prepared import Prepared
from rangkul.safety.models import DutyShift, SafetySettings
from rangkul.safety.permissions import DUTY_ROLES

# How far ahead a student's "when will someone respond" looks for the next shift.
PROMISE_HORIZON = timedelta(days=14)
ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def zone_label(organisation: Organisation) -> str:
    return ZONE_LABELS.get(organisation.time_zone, organisation.time_zone)


def _settings_of(org: uuid.UUID) -> QuerySet[SafetySettings]:
    return SafetySettings.objects.filter(organisation_id=org)


# Read on every alert raised (a critical screening answer, a risky request or message):
# compiled once per process (rangkul/lib/prepared.py).
_SETTINGS = Prepared(_settings_of, org=uuid.UUID)


def settings_for(organisation: Organisation) -> SafetySettings:
    """The organisation's settings, or unsaved defaults when it has none yet."""
    found = _SETTINGS.run(org=organisation.pk)
    return found[0] if found else SafetySettings(organisation=organisation)


def may_be_on_duty(user: Any, organisation_id: uuid.UUID) -> bool:
    return (
        user is not None
        and user.is_active
        and Membership.objects.filter(
            user_id=user.pk, organisation_id=organisation_id, role__in=DUTY_ROLES
        ).exists()
    )


def duty_candidates(organisation_id: uuid.UUID) -> QuerySet[User]:
    """Counselors and coordinators of the organisation: who may be put on the roster."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role__in=DUTY_ROLES,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def effective_shifts(organisation_id: uuid.UUID) -> QuerySet[DutyShift]:
    """Shifts that count: of active people who still hold a duty role there. A counselor
    who left keeps their old rows, but they cover nothing."""
    holds_role = Membership.objects.filter(
        user_id=OuterRef("user_id"),
        organisation_id=OuterRef("organisation_id"),
        role__in=DUTY_ROLES,
    )
    return DutyShift.objects.filter(
        Exists(holds_role), organisation_id=organisation_id, user__is_active=True
    )


def _shifts_at(org: uuid.UUID, at: datetime) -> QuerySet[DutyShift]:
    return (
        effective_shifts(org)
        .filter(starts_at__lte=at, ends_at__gt=at)
        .select_related("user")
        .order_by("starts_at", "user__username")
    )


# The first rung of every alert's ladder: compiled once per process.
_SHIFTS_AT = Prepared(_shifts_at, org=uuid.UUID, at=datetime)


def on_duty_users(organisation: Organisation, at: datetime | None = None) -> list[User]:
    shifts = _SHIFTS_AT.run(org=organisation.pk, at=at or timezone.now())
    return list({s.user_id: s.user for s in shifts}.values())


def next_shift_start(organisation: Organisation, at: datetime | None = None) -> datetime | None:
    at = at or timezone.now()
    return (
        effective_shifts(organisation.pk)
        .filter(starts_at__gt=at, starts_at__lte=at + PROMISE_HORIZON)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


# --- duty hours and gaps --------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    starts_at: datetime
    ends_at: datetime

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def week_start(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


# A roster is planned or looked back on within this window around today.
ROSTER_YEARS_BACK = 2
ROSTER_YEARS_AHEAD = 2


def roster_week(day: date, field: str = "week") -> date:
    """The Monday of `day`'s week; a ValidationError when it lies outside the roster's
    window (also keeps the week before and after computable at the ends of the calendar)."""
    check_day(day, field=field, years_back=ROSTER_YEARS_BACK, years_ahead=ROSTER_YEARS_AHEAD)
    return week_start(day)


def local_datetime(organisation: Organisation, day: date, clock: Any) -> datetime:
    return datetime.combine(day, clock, tzinfo=organisation.zone)


def duty_windows(
    organisation: Organisation, settings: SafetySettings, start: datetime, end: datetime
) -> list[Span]:
    """The times between `start` and `end` that the roster is expected to cover."""
    if settings.around_the_clock:
        return [Span(start, end)]
    zone = organisation.zone
    windows: list[Span] = []
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    while day <= last:
        if day.weekday() in settings.duty_weekdays:
            opens = datetime.combine(day, settings.duty_start, tzinfo=zone)
            closes = datetime.combine(day, settings.duty_end, tzinfo=zone)
            if closes <= opens:  # duty hours across midnight
                closes += timedelta(days=1)
            opens, closes = max(opens, start), min(closes, end)
            if opens < closes:
                windows.append(Span(opens, closes))
        day += timedelta(days=1)
    return windows


def _merge(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for starts, ends in sorted(spans):
        if merged and starts <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], ends))
        else:
            merged.append((starts, ends))
    return merged


def coverage_gaps(
    organisation: Organisation,
    start: datetime | None = None,
    days: int = 7,
    settings: SafetySettings | None = None,
) -> list[Span]:
    """Times within duty hours, from `start` for `days` days, when nobody is on duty.
    Gaps shorter than a minute are ignored."""
    start = start or timezone.now()
    end = start + timedelta(days=days)
    settings = settings or settings_for(organisation)
    covered = _merge(
        list(
            effective_shifts(organisation.pk)
            .filter(starts_at__lt=end, ends_at__gt=start)
            .values_list("starts_at", "ends_at")
        )
    )
    gaps: list[Span] = []
    for window in duty_windows(organisation, settings, start, end):
        cursor = window.starts_at
        for starts, ends in covered:
            if ends <= cursor or starts >= window.ends_at:
                continue
            if starts > cursor:
                gaps.append(Span(cursor, starts))
            cursor = max(cursor, ends)
        if cursor < window.ends_at:
            gaps.append(Span(cursor, window.ends_at))
    zone = organisation.zone
    return [
        Span(gap.starts_at.astimezone(zone), gap.ends_at.astimezone(zone))
        for gap in gaps
        if gap.minutes >= 1
    ]


def is_duty_time(
    organisation: Organisation, at: datetime, settings: SafetySettings | None = None
) -> bool:
    settings = settings or settings_for(organisation)
    return bool(duty_windows(organisation, settings, at, at + timedelta(seconds=1)))


# --- what a student is told ------------------------------------------------------------------


def response_promise(organisation: Organisation, at: datetime | None = None) -> dict[str, Any]:
    """When a person will respond, honestly: now if someone is on duty, otherwise from when
    the next shift starts (in the organisation's time zone), or None when no shift is
    planned in the next two weeks.

    Keys: on_duty_now, next_shift_starts (aware, in the organisation's zone, or None),
    next_shift_day ("today", "tomorrow", "later" or ""), time_zone, zone_label.
    """
    at = at or timezone.now()
    zone = organisation.zone
    on_duty = bool(on_duty_users(organisation, at))
    starts = None if on_duty else next_shift_start(organisation, at)
    day = ""
    if starts is not None:
        starts = starts.astimezone(zone)
        ahead = (starts.date() - at.astimezone(zone).date()).days
        day = {0: "today", 1: "tomorrow"}.get(ahead, "later")
    return {
        "on_duty_now": on_duty,
        "next_shift_starts": starts,
        "next_shift_day": day,
        "time_zone": organisation.time_zone,
        "zone_label": zone_label(organisation),
    }
