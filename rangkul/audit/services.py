from typing import Any

from django.db import models

from rangkul.audit.context import client_ip
from rangkul.audit.models import AuditEvent

# Keys whose values could carry free text are refused, so that nobody stores note text
# in the audit trail by accident.
_FORBIDDEN_KEYS = {"text", "body", "note", "content", "message", "password", "answers"}


def record(
    actor: Any,
    verb: str,
    obj: models.Model | None = None,
    *,
    organisation: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. `verb` is namespaced, e.g. "person.viewed"."""
    if "." not in verb:
        raise ValueError(f"Audit verbs are namespaced (app.action), got {verb!r}")
    details = dict(data or {})
    bad = _FORBIDDEN_KEYS.intersection(details)
    if bad:
        raise ValueError(f"Audit details must not hold free text: {sorted(bad)}")
    if organisation is None and obj is not None:
        organisation = getattr(obj, "organisation", None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=organisation,
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        client_ip=client_ip.get(),
        data=details,
    )


def record_list(
    actor: Any, verb: str, objects: list[Any], *, organisation: Any, key: str = "ids"
) -> AuditEvent | None:
    """One event for one list shown: its organisation, how many records were shown and
    their ids. An empty page shows nobody and leaves nothing."""
    if not objects:
        return None
    return record(
        actor,
        verb,
        organisation=organisation,
        data={"count": len(objects), key: [str(obj.pk) for obj in objects]},
    )
