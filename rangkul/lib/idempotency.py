"""Idempotent creation for forms that are resent when the connection returns.

The page generates a key (a UUID in a hidden field) when it is opened; `static/js/drafts.js`
keeps an unsent submission in the browser and sends it again, with the same key, until the
server has answered. The object created stores the key in a column with a unique constraint
per organisation, so a repeated key finds the object made the first time instead of making a
second one — also when two copies of the same submission race each other."""

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, JsonResponse

M = TypeVar("M", bound=models.Model)

FIELD_NAME = "idempotency_key"


def parse_key(value: object) -> uuid.UUID | None:
    """The key of a submission, or None when it is missing or not a UUID."""
    try:
        return uuid.UUID(str(value)) if value else None
    except (TypeError, ValueError, AttributeError):
        return None


def key_from(data: Any) -> uuid.UUID | None:
    return parse_key(data.get(FIELD_NAME))


def create_once(
    model: type[M],
    key: uuid.UUID | None,
    create: Callable[[], M],
    *,
    key_field: str = "client_key",
    **scope: Any,
) -> tuple[M, bool]:
    """Return (object, created). With a key already used within `scope`, the earlier object
    and False; otherwise the result of `create()` (which must store the key) and True."""
    if key is None:
        return create(), True
    lookup = {key_field: key, **scope}
    existing = model._default_manager.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        # Another copy of the same submission won the race; it is the one to return.
        found = model._default_manager.filter(**lookup).first()
        if found is None:
            raise
        return found, False


# --- The pages' side: drafts resent by static/js/drafts.js ---------------------------------

DRAFT_HEADER = "X-Rangkul-Draft"


def is_draft_request(request: HttpRequest) -> bool:
    """A submission resent from the browser's draft store: it wants a JSON answer."""
    return request.headers.get(DRAFT_HEADER) == "1"


def draft_saved(obj: models.Model, created: bool, url: str) -> JsonResponse:
    """The answer to a resent draft: 201 when it made the object, 200 when the key had
    already made it (the browser forgets the draft in both cases)."""
    return JsonResponse(
        {"status": "created" if created else "existing", "id": str(obj.pk), "url": url},
        status=201 if created else 200,
    )


def draft_refused(errors: dict[str, list[str]]) -> JsonResponse:
    """The answer to a resent draft the server will not take as it is (the browser puts it
    back into the form with these messages)."""
    return JsonResponse({"status": "invalid", "errors": errors}, status=400)
