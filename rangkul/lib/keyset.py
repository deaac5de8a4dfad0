"""The keyset walk of a long history (messages, responses, the audit trail), in one place
for the API and the pages: rows after a cursor on one ordering field, ties broken by the
primary key, so no row is shown twice or skipped however many are written meanwhile."""

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _


class InvalidCursor(ValueError):
    """A cursor that cannot be read, or a list that cannot be walked with one; its message
    is for the person who sent it (the API answers 400 with it, a page likewise)."""


NOT_WALKABLE = _("This list cannot be read with a cursor.")
NOT_VALID = _("This cursor is not valid.")


def order_of(qs: QuerySet[Any]) -> list[str]:
    return [str(f) for f in (qs.query.order_by or qs.model._meta.ordering or [])]


def _encode(value: Any, pk: Any) -> str:
    # A time keeps its microseconds (DjangoJSONEncoder would cut them to milliseconds, and
    # a walk would then skip or repeat rows written within the same millisecond).
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps([value, pk], cls=DjangoJSONEncoder).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[Any, Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise InvalidCursor(NOT_VALID) from exc
    return value, pk


def _attr(obj: Any, path: str) -> Any:
    if isinstance(obj, dict):  # a row of a `.values()` list
        return obj[path]
    for part in path.split("__"):
        obj = getattr(obj, part, None)
    return obj


def keyed_order(qs: QuerySet[Any]) -> tuple[str, bool] | None:
    """The field a cursor walks on and whether it descends; None when the queryset is not
    ordered by exactly one field other than the primary key (ties are broken by it)."""
    order = order_of(qs)
    if len(order) != 1 or order[0].lstrip("-") in ("pk", "id"):
        return None
    return order[0].lstrip("-"), order[0].startswith("-")


def encode_cursor(row: Any, qs: QuerySet[Any]) -> str:
    """The cursor that continues a walk of `qs` after `row`."""
    keyed = keyed_order(qs)
    if keyed is None:
        raise ValueError("This queryset cannot be walked with a cursor.")
    return _encode(_attr(row, keyed[0]), str(_attr(row, "pk")))


def keyset_page(qs: QuerySet[Any], *, limit: int, cursor: str) -> tuple[list[Any], str | None]:
    """The keyset walk, in one place: up to `limit` rows of an already scoped queryset
    ordered by one field, after `cursor` ("": from the start), and the cursor of the next
    rows (None at the end). Ties on the field are broken by the primary key, so no row is
    shown twice or skipped. No count is read. A cursor that cannot be read raises InvalidCursor."""
    keyed = keyed_order(qs)
    if keyed is None:
        raise InvalidCursor(NOT_WALKABLE)
    field, descending = keyed
    after = "lt" if descending else "gt"
    pk_order = "-pk" if descending else "pk"
    try:
        if cursor:
            value, pk = _decode(cursor)
            qs = qs.filter(
                Q(**{f"{field}__{after}": value})
                | (Q(**{field: value}) & Q(**{f"pk__{after}": pk}))
            )
        rows = list(qs.order_by(("-" if descending else "") + field, pk_order)[: limit + 1])
    except (ValueError, TypeError, ValidationError) as exc:
        raise InvalidCursor(NOT_VALID) from exc
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, _encode(_attr(last, field), str(_attr(last, "pk")))
