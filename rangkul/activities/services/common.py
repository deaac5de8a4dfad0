"""Small helpers shared by the activity services: ids, times and free text."""

import uuid
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.activities.models import MAX_DURATION, MIN_DURATION, Mode
from rangkul.lib.dates import check_moment
from rangkul.lib.text import check_text


class Errors:
    """Collects validation messages by field, so a form shows every problem at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def pk_of(value: Any) -> uuid.UUID | None:
    """A model instance, a UUID or its text: the UUID, or None when empty or malformed."""
    if value is None or value == "":
        return None
    if isinstance(value, models.Model):
        return value.pk
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def pks_of(values: Any) -> tuple[set[uuid.UUID], bool]:
    """The ids of several values, and whether every one of them was well formed."""
    ids = [pk_of(v) for v in values or ()]
    return {i for i in ids if i is not None}, all(i is not None for i in ids)


def aware(value: datetime, organisation: Any) -> datetime:
    """A naive time is a time on the organisation's clock."""
    if timezone.is_naive(value):
        return timezone.make_aware(value, organisation.zone)
    return value


def bounded(
    errors: Errors,
    field: str,
    value: datetime,
    organisation: Any,
    *,
    years_back: float,
    years_ahead: float,
) -> datetime | None:
    """The moment on the organisation's clock, or None (with an error) when it lies
    outside the field's window or cannot be placed in a time zone at all."""
    try:
        moment = aware(value, organisation)
        check_moment(moment, field=field, years_back=years_back, years_ahead=years_ahead)
    except ValidationError as exc:
        for message in exc.message_dict[field]:
            errors.add(field, message)
        return None
    except (OverflowError, ValueError):
        errors.add(field, _("Enter a valid date and time."))
        return None
    return moment


def clean_text(errors: Errors, field: str, value: str | None, *, limit: int) -> str:
    """An optional free text, checked by the one cleaner (`lib.text`)."""
    text, problem = check_text(value, limit=limit, required=False)
    if problem:
        errors.add(field, problem)
    return text


def check_duration(errors: Errors, minutes: Any) -> int:
    try:
        value = int(minutes)
    except (TypeError, ValueError):
        value = 0
    if not MIN_DURATION <= value <= MAX_DURATION:
        errors.add(
            "duration_minutes",
            _("The duration must be between %(min)d and %(max)d minutes.")
            % {"min": MIN_DURATION, "max": MAX_DURATION},
        )
    return value


def check_mode(errors: Errors, mode: str) -> str:
    if mode not in Mode.values:
        errors.add("mode", _("This value is not one of the allowed choices."))
    return mode
