"""Bounds on the dates and times people enter, and fields that read any stored value safely.

A date far outside a field's use (an appointment in year 9999, a birth in year 1) is a
typing slip or a probe; Python cannot even shift such a moment into a time zone. Every
service checks what it is given against a window that fits the field, before it saves.
Rows written before the checks (or by hand) are read through `SafeDateTimeField` /
`SafeDateField`, which bring a value to the nearest moment Python can still compute with,
so the pages that show it keep working.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Far enough from Python's limits that a time zone shift or a few days of arithmetic fit.
SAFE_MIN_DAY = date(2, 1, 1)
SAFE_MAX_DAY = date(9998, 12, 31)
SAFE_MIN = datetime(2, 1, 1, tzinfo=UTC)
SAFE_MAX = datetime(9998, 12, 31, tzinfo=UTC)

YEAR = timedelta(days=366)


def check_moment(
    value: datetime | None, *, field: str, years_back: float, years_ahead: float
) -> None:
    """Refuse a moment outside [now - years_back, now + years_ahead]."""
    if value is None:
        return
    now = timezone.now()
    try:
        inside = now - YEAR * years_back <= value <= now + YEAR * years_ahead
    except OverflowError:  # a naive or offset moment at the very edge of the calendar
        inside = False
    if not inside:
        raise ValidationError({field: _window_message(years_back, years_ahead)})


def check_day(value: date | None, *, field: str, years_back: float, years_ahead: float) -> None:
    """Refuse a day outside [today - years_back, today + years_ahead]."""
    if value is None:
        return
    today = timezone.localdate()
    if value < today - YEAR * years_back or value > today + YEAR * years_ahead:
        raise ValidationError({field: _window_message(years_back, years_ahead)})


def check_birth_date(value: date | None, *, field: str = "birth_date") -> None:
    """A date of birth lies within the last hundred years and not in the future."""
    if value is None:
        return
    today = timezone.localdate()
    if value > today or value < today - YEAR * 100:
        raise ValidationError({field: _("A date of birth lies within the last hundred years.")})


def _window_message(years_back: float, years_ahead: float) -> str:
    back, ahead = int(years_back), int(years_ahead)
    if ahead <= 0:
        return ngettext(
            "Choose a date within the last year, not in the future.",
            "Choose a date within the last %(back)d years, not in the future.",
            back,
        ) % {"back": back}
    if back <= 0:
        return ngettext(
            "Choose a date from today up to a year ahead.",
            "Choose a date from today up to %(ahead)d years ahead.",
            ahead,
        ) % {"ahead": ahead}
    return ngettext(
        "Choose a date from %(back)d years ago up to a year ahead.",
        "Choose a date from %(back)d years ago up to %(ahead)d years ahead.",
        ahead,
    ) % {"back": back, "ahead": ahead}


def safe_day(value: date) -> date:
    return min(max(value, SAFE_MIN_DAY), SAFE_MAX_DAY)


def safe_moment(value: datetime) -> datetime:
    if timezone.is_naive(value):
        return min(max(value, SAFE_MIN.replace(tzinfo=None)), SAFE_MAX.replace(tzinfo=None))
    return min(max(value, SAFE_MIN), SAFE_MAX)


class SafeDateTimeField(models.DateTimeField):
    """A DateTimeField that reads a stored moment at the edge of the calendar as the nearest
    moment that still survives a time zone shift. Stored as a plain DateTimeField."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return safe_moment(value) if isinstance(value, datetime) else value

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs


class SafeDateField(models.DateField):
    """A DateField read like SafeDateTimeField. Stored as a plain DateField."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return safe_day(value) if isinstance(value, date) else value

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs
