"""Replacing a row's personal text through the ORM, field by field.

Every text field (and every JSON field) of the row is cleared, except fields with fixed
choices, unique keys and the code-like fields in `KEEP_FIELDS` that aggregates rely on.
The write is a queryset update, so custom field types (encrypted text, for instance)
prepare the new value as they would any other."""

from typing import Any

from django.db import models

from rangkul.lib.crypto import EncryptedJSONField
from rangkul.privacy.models import REDACTED

# Codes and versions, not personal text: aggregates and the structure of records need them.
KEEP_FIELDS = frozenset(
    {
        "instrument_code",
        "instrument_version",
        "band_code",
        "language",
        "wording_hash",
        "translation_status",
        "sender_role",
        "shared_fields",
        "returned_to_tier",
        "result",
        "link",
        "channel",
    }
)


def _is_text(field: models.Field[Any, Any]) -> bool:
    return isinstance(field, models.CharField | models.TextField) or field.get_internal_type() in (
        "CharField",
        "TextField",
    )


def scrubbed_values(obj: models.Model, *, only: tuple[str, ...] = ()) -> dict[str, Any]:
    """The new values of the row's personal fields that differ from the stored ones."""
    values: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key or f.is_relation or f.choices or f.unique or f.name in KEEP_FIELDS:
            continue
        if only and f.name not in only:
            continue
        current = getattr(obj, f.attname)
        if isinstance(f, models.FileField):
            if current:
                current.delete(save=False)
                values[f.attname] = ""
            continue
        if isinstance(f, models.JSONField | EncryptedJSONField):
            new: Any = f.get_default()
            if f.null and current is None:
                continue
        elif _is_text(f):
            new = "" if f.blank else REDACTED[: f.max_length or len(REDACTED)]
        else:
            continue
        if current != new:
            values[f.attname] = new
    return values


def scrub(obj: models.Model, *, only: tuple[str, ...] = (), **extra: Any) -> bool:
    """Clear the row's personal text (and set `extra` fields). True when anything changed."""
    values = scrubbed_values(obj, only=only)
    values.update({k: v for k, v in extra.items() if getattr(obj, k) != v})
    if not values:
        return False
    type(obj)._base_manager.filter(pk=obj.pk).update(**values)
    for name, value in values.items():
        setattr(obj, name, value)
    return True
