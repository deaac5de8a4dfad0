"""Helpers for scoped lookups: an object the user may not see is simply not found."""

import uuid
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def parse_uuid(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError) as exc:
        raise Http404 from exc


def get_in_scope(queryset: models.QuerySet[M], pk: object) -> M:
    """Fetch by UUID primary key from an already scoped queryset, or 404.

    A malformed id and an id outside the user's scope look the same to the caller: no hint
    that the object exists.
    """
    try:
        return queryset.get(pk=parse_uuid(pk))
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
