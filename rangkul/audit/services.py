from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.utils import timezone

from rangkul.audit.context import client_ip
from rangkul.audit.models import PERSONAL_OBJECT_TYPES, AuditEvent, AuditSubject, subject_of
from rangkul.lib import statements

# Keys whose values could carry free text are refused, so that nobody stores note text
# in the audit trail by accident.
_FORBIDDEN_KEYS = {"text", "body", "note", "content", "message", "password", "answers"}

# Events recorded inside `batched()`, written together when it ends.
_batch: ContextVar[list[AuditEvent] | None] = ContextVar("audit_batch", default=None)


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
    object_id = ""
    if obj is not None:
        personal = obj._meta.label_lower in PERSONAL_OBJECT_TYPES
        object_id = str(subject_of(obj).pk) if personal else str(obj.pk)  # type: ignore[union-attr]
    event = AuditEvent(
        actor_subject=subject_of(actor) if getattr(actor, "is_authenticated", False) else None,
        organisation=organisation,
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=object_id,
        client_ip=client_ip.get(),
        data=details,
    )
    pending = _batch.get()
    if pending is not None:
        pending.append(event)
    else:
        statements.insert([event])
    return event


@contextmanager
def batched() -> Iterator[None]:
    """Write the events recorded inside the block in one INSERT when it ends, in the
    caller's transaction (a hot write records two or three events: one round trip instead
    of one each). Use it inside the transaction, never around it: an exception in the
    block writes nothing, and the transaction it is in rolls back. A batch inside a batch
    joins the outer one. Events of a batch have their primary key only after it ends."""
    if _batch.get() is not None:
        yield
        return
    events: list[AuditEvent] = []
    token = _batch.set(events)
    try:
        yield
    finally:
        _batch.reset(token)
    if events:
        statements.insert(events)


def _pk(obj: Any) -> Any:
    """The primary key of a record, or of a row read with `.values("pk", ...)`."""
    return obj["pk"] if isinstance(obj, dict) else obj.pk


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
        data={"count": len(objects), key: [str(_pk(obj)) for obj in objects]},
    )


def forget(*objs: Any) -> int:
    """Erasure: clear the identity-map entries of these users and person records. Their
    events stay, under a pseudonymous id that no longer leads to anyone. Returns how many
    entries were cleared."""
    cleared = 0
    for obj in objs:
        subject = subject_of(obj, create=False) if obj is not None else None
        if subject is None or subject.forgotten_at is not None:
            continue
        AuditSubject.objects.filter(pk=subject.pk).update(
            user=None, ref_type="", ref_id="", forgotten_at=timezone.now()
        )
        cleared += 1
    return cleared


def expire_events(*, organisation: Any, before: Any) -> int:
    """Retention: remove whole events of an organisation older than `before`. The one path
    by which audit events leave the trail (`AuditEventQuerySet.delete` refuses)."""
    stale = AuditEvent.objects.filter(organisation=organisation, at__lt=before)
    count, _ = models.QuerySet.delete(stale)
    return count
